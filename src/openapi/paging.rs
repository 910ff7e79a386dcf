//! How a listing pages, read from its parameters and its answer: `Link` headers, a cursor
//! parameter with the next cursor in the body, page number and page size (the size also
//! as a header, as ForceManager takes it), offset and limit. What no rule recognises is
//! said, and the listing is read in one call.

use super::document::Node;
use crate::workspace::connector::Pagination;

/// A parameter of a listing: its name, where it goes (`query`, `header`), its largest
/// allowed value and its default.
pub(super) struct ListParam<'a> {
    pub name: &'a str,
    pub place: &'a str,
    pub maximum: Option<u32>,
    pub default: Option<u32>,
}

/// What a listing's description shows of its paging.
pub(super) struct ListShape<'a> {
    pub params: Vec<ListParam<'a>>,
    /// Names of the answer's headers.
    pub headers: Vec<&'a str>,
    /// Top-level property names of the answer's body.
    pub body: Vec<&'a str>,
}

const CURSOR_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "next",
    "page_token",
    "pagetoken",
    "starting_after",
    "continuation",
    "continuationtoken",
    "next_cursor",
    "nextpagetoken",
    "skiptoken",
    "$skiptoken",
];
const NEXT_FIELDS: &[&str] = &[
    "next",
    "next_cursor",
    "nextcursor",
    "nextpagetoken",
    "next_page_token",
    "cursor",
    "after",
    "continuation",
    "nextrecordsurl",
    "next_page",
];
const PAGE_PARAMS: &[&str] = &[
    "page",
    "page_number",
    "pagenumber",
    "pageno",
    "page_no",
    "pageindex",
];
const SIZE_PARAMS: &[&str] = &[
    "page_size",
    "pagesize",
    "per_page",
    "perpage",
    "limit",
    "size",
    "count",
    "pagelimit",
    "page_limit",
    "top",
    "$top",
    "max_results",
    "maxresults",
];
const OFFSET_PARAMS: &[&str] = &[
    "offset",
    "skip",
    "start",
    "$skip",
    "startindex",
    "start_index",
    "sysparm_offset",
];
const LIMIT_PARAMS: &[&str] = &[
    "limit",
    "count",
    "top",
    "$top",
    "size",
    "max",
    "max_results",
    "maxresults",
    "sysparm_limit",
];

/// Whether a parameter steers paging (never a filter a step could set).
pub(super) fn is_paging_param(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        CURSOR_PARAMS,
        PAGE_PARAMS,
        SIZE_PARAMS,
        OFFSET_PARAMS,
        LIMIT_PARAMS,
    ]
    .iter()
    .any(|names| names.contains(&lower.as_str()))
}

/// The page size asked for when the description gives neither a maximum nor a default.
pub const DEFAULT_PAGE_SIZE: u32 = 100;

/// The paging a listing shows, or `None` (and why, when there is a hint of it).
pub(super) fn detect(shape: &ListShape) -> (Pagination, Option<String>) {
    let lower = |s: &str| s.to_ascii_lowercase();
    let find = |names: &[&str], place: Option<&str>| {
        shape.params.iter().find(|p| {
            names.contains(&lower(p.name).as_str()) && place.is_none_or(|want| p.place == want)
        })
    };
    let has_link = shape.headers.iter().any(|h| h.eq_ignore_ascii_case("link"));
    let cursor = find(CURSOR_PARAMS, Some("query"));
    // A `Link` header carries the whole next URL, cursor included.
    if has_link {
        return (Pagination::LinkHeader, None);
    }
    if let Some(cursor) = cursor {
        let next = shape
            .body
            .iter()
            .find(|b| NEXT_FIELDS.contains(&lower(b).as_str()));
        return match next {
            Some(next) => (
                Pagination::Cursor {
                    cursor_param: cursor.name.to_owned(),
                    next_field: (*next).to_owned(),
                },
                None,
            ),
            None => (
                Pagination::None,
                Some(format!(
                    "the listing takes a cursor (`{}`) but its answer shows no field with the next one: it is read in one call — set `pagination` by hand if it pages",
                    cursor.name
                )),
            ),
        };
    }
    if let (Some(page), Some(size)) = (find(PAGE_PARAMS, Some("query")), find(SIZE_PARAMS, None)) {
        return (
            Pagination::PageNumber {
                page_param: page.name.to_owned(),
                size_param: size.name.to_owned(),
                max_size: page_size(size),
                size_in_header: size.place == "header",
            },
            None,
        );
    }
    if let (Some(offset), Some(limit)) = (
        find(OFFSET_PARAMS, Some("query")),
        find(LIMIT_PARAMS, Some("query")),
    ) {
        return (
            Pagination::Offset {
                offset_param: offset.name.to_owned(),
                limit_param: limit.name.to_owned(),
                max_limit: page_size(limit),
            },
            None,
        );
    }
    let hint = shape
        .params
        .iter()
        .find(|p| SIZE_PARAMS.contains(&lower(p.name).as_str()) || LIMIT_PARAMS.contains(&lower(p.name).as_str()))
        .map(|p| format!("the listing takes a size (`{}`) but shows no way to ask for the next page: it is read in one call", p.name));
    (Pagination::None, hint)
}

/// The page size to ask for: the largest allowed, else the default, else 100.
fn page_size(param: &ListParam) -> u32 {
    param
        .maximum
        .or(param.default)
        .filter(|n| *n > 0)
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// A number in a schema (`maximum: 100`, `default: "20"` — a default of the wrong type is
/// read when it reads as a number, and ignored otherwise).
pub(super) fn number(node: Option<&Node>) -> Option<u32> {
    let text = node?.scalar_text()?;
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| *n >= 1.0 && *n <= f64::from(u32::MAX))
        .map(|n| n as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param<'a>(name: &'a str, place: &'a str) -> ListParam<'a> {
        ListParam {
            name,
            place,
            maximum: None,
            default: None,
        }
    }

    #[test]
    fn the_four_schemes_are_recognised() {
        let link = ListShape {
            params: vec![param("after", "query"), param("limit", "query")],
            headers: vec!["Link"],
            body: vec![],
        };
        assert_eq!(detect(&link).0, Pagination::LinkHeader);
        let cursor = ListShape {
            params: vec![param("cursor", "query")],
            headers: vec![],
            body: vec!["data", "next_cursor"],
        };
        assert_eq!(
            detect(&cursor).0,
            Pagination::Cursor {
                cursor_param: "cursor".into(),
                next_field: "next_cursor".into()
            }
        );
        let mut size = param("count", "header");
        size.maximum = Some(50);
        let pages = ListShape {
            params: vec![param("page", "query"), size],
            headers: vec![],
            body: vec![],
        };
        assert_eq!(
            detect(&pages).0,
            Pagination::PageNumber {
                page_param: "page".into(),
                size_param: "count".into(),
                max_size: 50,
                size_in_header: true
            }
        );
        let offset = ListShape {
            params: vec![param("offset", "query"), param("limit", "query")],
            headers: vec![],
            body: vec![],
        };
        assert!(matches!(
            detect(&offset).0,
            Pagination::Offset { max_limit: 100, .. }
        ));
        let only_limit = ListShape {
            params: vec![param("limit", "query")],
            headers: vec!["x-next"],
            body: vec![],
        };
        let (none, why) = detect(&only_limit);
        assert_eq!(none, Pagination::None);
        assert!(why.unwrap().contains("`limit`"));
    }

    #[test]
    fn defaults_of_the_wrong_type_are_read_or_ignored() {
        assert_eq!(number(Some(&Node::Text("20".into()))), Some(20));
        assert_eq!(number(Some(&Node::Text("many".into()))), None);
        assert_eq!(number(Some(&Node::Bool(true))), None);
    }
}
