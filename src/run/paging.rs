//! Listings over HTTP: every page of a read, the way the connector pages (cursor, page
//! number, offset, `Link` header), and the records of each answer checked against the
//! object's schema. Each next page is admitted by the endpoint's scope like any other
//! URL; a page asked for twice (a link to itself, a cursor that repeats) and a listing
//! past 1,000 pages are faults on the step, never a silent loop or a silent cut.

use std::collections::HashSet;

use super::error::CallError;
use super::http::{Http, HttpOp, Target, with_param};
use crate::model::{FieldType, Record, Value};
use crate::workspace::connector::Pagination;

/// The most pages one read follows.
const MAX_PAGES: u32 = 1_000;

impl Http<'_> {
    /// Every page of a listing that starts at `first`.
    pub(super) fn pages(
        &mut self,
        t: &Target,
        op: &HttpOp,
        first: &str,
    ) -> Result<Vec<Record>, CallError> {
        let mut headers = Vec::new();
        let first = match t.pagination {
            Pagination::PageNumber {
                page_param,
                size_param,
                max_size,
                size_in_header,
            } => {
                let first = if *size_in_header {
                    headers.push((size_param.clone(), max_size.to_string()));
                    first.to_owned()
                } else {
                    with_param(first, size_param, &max_size.to_string())
                };
                with_param(&first, page_param, "1")
            }
            Pagination::Offset {
                offset_param,
                limit_param,
                max_limit,
            } => with_param(
                &with_param(first, limit_param, &max_limit.to_string()),
                offset_param,
                "0",
            ),
            _ => first.to_owned(),
        };
        let mut url = t.admit(&first, None)?;
        let mut seen = HashSet::from([url.to_string()]);
        let mut all = Vec::new();
        for page in 1..=MAX_PAGES {
            let (at, response) = self.send_with(t, op.method, url, None, headers.clone())?;
            let link = response
                .headers()
                .get_all("Link")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(next_link);
            let (records, cursor) = self.records_of(t, response, op.records_at)?;
            let got = records.len() as u64;
            all.extend(records);
            let Some(next) = next_page(t.pagination, &first, page, got, cursor, link) else {
                return Ok(all);
            };
            url = t.admit(&next, Some(&at))?;
            if !seen.insert(url.to_string()) {
                return Err(CallError::Answer(format!(
                    "{} sent the same next page twice, so its pages would never end: Switchboard stopped reading there; tell the system's owner ({url})",
                    t.system.name
                )));
            }
        }
        Err(CallError::Answer(format!(
            "{} has more than {MAX_PAGES} pages of {} records, more than a test run reads: narrow the read (a condition, or only the records changed since the last run)",
            t.system.name,
            t.object.display_name()
        )))
    }

    /// The records of one answer, and the cursor of the next page when the body holds one.
    pub(super) fn records_of(
        &self,
        t: &Target,
        response: reqwest::blocking::Response,
        records_at: &str,
    ) -> Result<(Vec<Record>, Option<String>), CallError> {
        let text = self.body_text(t, response)?;
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
            let start: String = text.chars().take(60).collect();
            CallError::Answer(format!(
                "{} answered with something that is not JSON: “{start}”",
                t.system.name
            ))
        })?;
        let next = match t.pagination {
            Pagination::Cursor { next_field, .. } => body
                .get(next_field)
                .and_then(|v| v.as_str())
                .map(str::to_owned),
            _ => None,
        };
        let list = match &body {
            serde_json::Value::Array(items) => items.clone(),
            serde_json::Value::Object(map) if !records_at.is_empty() => match map.get(records_at) {
                Some(serde_json::Value::Array(items)) => items.clone(),
                Some(one @ serde_json::Value::Object(_)) => vec![one.clone()],
                Some(serde_json::Value::Null) | None => Vec::new(),
                Some(_) => {
                    return Err(CallError::Answer(format!(
                        "{} answered with `{records_at}` holding neither records nor a record, where its connector expects them",
                        t.system.name
                    )));
                }
            },
            serde_json::Value::Object(map) => match ["records", "items", "data", "result"]
                .iter()
                .find_map(|k| map.get(*k))
            {
                Some(serde_json::Value::Array(items)) => items.clone(),
                _ => vec![body.clone()],
            },
            _ => {
                return Err(CallError::Answer(format!(
                    "{} answered with a JSON value that holds no records",
                    t.system.name
                )));
            }
        };
        let records = list
            .into_iter()
            .map(|item| {
                let record: Record = serde_json::from_value(item).map_err(|e| {
                    CallError::Answer(format!(
                        "{} sent a record Switchboard cannot read: {e}",
                        t.system.name
                    ))
                })?;
                conforms(t, &record)?;
                Ok(record)
            })
            .collect::<Result<Vec<_>, CallError>>()?;
        Ok((records, next))
    }
}

/// Where the page after page number `page` is, as the answer or the paging scheme says
/// (a link or cursor may be relative to the page it came with).
fn next_page(
    pagination: &Pagination,
    first: &str,
    page: u32,
    got: u64,
    cursor: Option<String>,
    link: Option<String>,
) -> Option<String> {
    match pagination {
        Pagination::None => None,
        Pagination::Cursor { cursor_param, .. } => cursor.filter(|c| !c.is_empty()).map(|c| {
            if c.starts_with('/') || c.starts_with("http") {
                c
            } else {
                with_param(first, cursor_param, &c)
            }
        }),
        Pagination::PageNumber {
            page_param,
            max_size,
            ..
        } => (got >= u64::from(*max_size) && got > 0)
            .then(|| with_param(first, page_param, &(page + 1).to_string())),
        Pagination::Offset {
            offset_param,
            max_limit,
            ..
        } => (got >= u64::from(*max_limit) && got > 0).then(|| {
            let offset = u64::from(page) * u64::from(*max_limit);
            with_param(first, offset_param, &offset.to_string())
        }),
        Pagination::LinkHeader => link,
    }
}

/// Checks a record a system sent against the object's schema.
fn conforms(t: &Target, record: &Record) -> Result<(), CallError> {
    for field in &t.object.fields {
        match record.get(&field.name) {
            None | Some(Value::Blank) if field.required => {
                return Err(CallError::Answer(format!(
                    "{} sent a {} without the required field {}: the answer does not match its connector's description",
                    t.system.name,
                    t.object.display_name(),
                    field.name
                )));
            }
            Some(value) if !fits(value, &field.field_type) => {
                return Err(CallError::Answer(format!(
                    "{} sent {} = {} in a {}, where the connector expects {}",
                    t.system.name,
                    field.name,
                    super::source::key_text(value),
                    t.object.display_name(),
                    field.field_type.describe()
                )));
            }
            _ => {}
        }
    }
    Ok(())
}

fn fits(value: &Value, ty: &FieldType) -> bool {
    use FieldType as T;
    matches!(
        (value, ty),
        (Value::Blank, _)
            | (Value::Integer(_), T::Integer | T::Number | T::Currency)
            | (Value::Number(_), T::Number | T::Currency)
            | (Value::Bool(_), T::Boolean)
            | (
                Value::Text(_),
                T::Text | T::Email | T::Phone | T::Date | T::DateTime | T::Picklist(_)
            )
            | (Value::List(_), T::List(_))
            | (Value::Record(_), T::Record(_))
    )
}

/// The `rel="next"` target of an RFC 8288 `Link` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"")
            .then(|| {
                target
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_owned()
            })
    })
}
