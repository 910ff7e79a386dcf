//! The kinds of record an API offers, found from its paths: a collection path
//! (`/contacts`: list, create) and its item path (`/contacts/{id}`: read, update,
//! delete) make one object, named after the collection (`Contact`). Its fields come from
//! what reading one answers (else listing, else creating); its key from the item path's
//! parameter. Paths that are actions (`/invoices/{id}/send`), searches sent as a body,
//! webhooks, or that need another record's id (`/resources/{resourceId}/conditions`)
//! are left out, each with one note saying why.

use indexmap::IndexMap;

use super::document::Node;
use super::naming::object_names;
use super::paging::{ListParam, ListShape, number};
use super::schema::Schemas;
use super::spec::Spec;
use crate::model::{Field, FieldType};
use crate::workspace::connector::{
    HttpMethod, Object, Operation, OperationKind, Pagination, Param, Via,
};

const METHODS: [(&str, HttpMethod); 5] = [
    ("get", HttpMethod::Get),
    ("post", HttpMethod::Post),
    ("put", HttpMethod::Put),
    ("patch", HttpMethod::Patch),
    ("delete", HttpMethod::Delete),
];

/// One operation of the description: where, how, and its node.
struct Call<'a> {
    method: HttpMethod,
    path: &'a str,
    node: &'a Node,
    params: Vec<&'a Node>,
}

impl Call<'_> {
    fn describe(&self) -> String {
        let method = match self.method {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        };
        format!("{method} {}", self.path)
    }
}

/// The calls on one collection path and its item path.
#[derive(Default)]
struct Group<'a> {
    segment: &'a str,
    item_param: Option<&'a str>,
    list: Option<Call<'a>>,
    create: Option<Call<'a>>,
    get: Option<Call<'a>>,
    update: Option<Call<'a>>,
    delete: Option<Call<'a>>,
}

/// What the objects found say about paging and rate limits, besides the objects.
pub(super) struct Found {
    pub objects: Vec<Object>,
    pub pagination: Pagination,
    pub rate_limit_headers: Vec<String>,
    pub retry_after: bool,
}

pub(super) fn objects(spec: &Spec, wanted: Option<&[String]>) -> Found {
    let mut groups: IndexMap<String, Group> = IndexMap::new();
    let mut headers_seen = Vec::new();
    let mut retry_after = false;
    for (path, item) in spec.root.entries("paths") {
        let Some((item, _)) = spec.resolve(item, path) else {
            continue;
        };
        let shared = item.items("parameters");
        for (key, method) in METHODS {
            let Some(node) = item.get(key) else { continue };
            let call = Call {
                method,
                path,
                node,
                params: merged_params(spec, shared, node, path),
            };
            note_headers(spec, node, path, &mut headers_seen, &mut retry_after);
            place(spec, &mut groups, call);
        }
    }
    let mut pagings: Vec<(Pagination, String)> = Vec::new();
    let mut objects: Vec<Object> = Vec::new();
    let mut names: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (_, group) in groups {
        let Some(mut object) = object_of(spec, &group, &mut pagings) else {
            continue;
        };
        // Two collections with the same last word (`/v1/attachment`, `/v2/attachment`).
        let seen = names.entry(object.name.clone()).or_default();
        *seen += 1;
        if *seen > 1 {
            object.name = format!("{}{seen}", object.name);
            object.label = format!("{} {seen}", object.label);
        }
        if wanted.is_some_and(|w| !w.iter().any(|n| n.eq_ignore_ascii_case(&object.name))) {
            continue;
        }
        objects.push(object);
    }
    if let Some(names) = wanted {
        for name in names {
            if !objects.iter().any(|o| o.name.eq_ignore_ascii_case(name)) {
                spec.left_out(
                    "--objects",
                    format!("no object `{name}` was found in the description"),
                );
            }
        }
    }
    Found {
        objects,
        pagination: one_paging(spec, pagings),
        rate_limit_headers: headers_seen,
        retry_after,
    }
}

/// Path-level parameters, overridden by the operation's own of the same name and place.
fn merged_params<'a>(
    spec: &Spec<'a>,
    shared: &'a [Node],
    node: &'a Node,
    path: &str,
) -> Vec<&'a Node> {
    let mut by_key: IndexMap<(String, String), &'a Node> = IndexMap::new();
    for param in shared.iter().chain(node.items("parameters")) {
        let Some((param, _)) = spec.resolve(param, path) else {
            continue;
        };
        let key = (
            param.str("name").unwrap_or_default().to_owned(),
            param.str("in").unwrap_or_default().to_owned(),
        );
        by_key.insert(key, param);
    }
    by_key.into_values().collect()
}

/// Files a call under its object, or notes why it is left out.
fn place<'a>(spec: &Spec<'a>, groups: &mut IndexMap<String, Group<'a>>, call: Call<'a>) {
    let segments: Vec<&str> = call.path.split('/').filter(|s| !s.is_empty()).collect();
    let is_param = |s: &&str| s.starts_with('{') && s.ends_with('}');
    let (collection, item_param) = match segments.split_last() {
        Some((last, rest)) if is_param(last) => (rest, Some(&last[1..last.len() - 1])),
        Some(_) => (&segments[..], None),
        None => {
            spec.left_out(call.describe(), "the API's root is not a kind of record");
            return;
        }
    };
    if let Some(at) = collection.iter().position(is_param) {
        let inner = collection[at];
        let why = if at + 2 == collection.len()
            && item_param.is_none()
            && call.method == HttpMethod::Post
        {
            format!(
                "an action on one record (`{}`), which Switchboard's steps do not call",
                collection[at + 1]
            )
        } else {
            format!(
                "it needs {inner} of another record in its path, which the import does not wire up (add it by hand: docs/connectors.md)"
            )
        };
        spec.left_out(call.describe(), why);
        return;
    }
    let Some(segment) = collection.last() else {
        spec.left_out(call.describe(), "the API's root is not a kind of record");
        return;
    };
    let key = format!("/{}", collection.join("/"));
    let group = groups.entry(key).or_default();
    group.segment = segment;
    let slot = match (item_param.is_some(), call.method) {
        (false, HttpMethod::Get) => &mut group.list,
        (false, HttpMethod::Post) => &mut group.create,
        (true, HttpMethod::Get) => &mut group.get,
        (true, HttpMethod::Patch) => &mut group.update,
        (true, HttpMethod::Put) if group.update.is_none() => &mut group.update,
        (true, HttpMethod::Delete) => &mut group.delete,
        _ => {
            spec.left_out(
                call.describe(),
                "it changes or removes a whole collection at once, which no step does",
            );
            return;
        }
    };
    if item_param.is_some() {
        group.item_param = item_param;
    }
    *slot = Some(call);
}

/// The object a group makes, if it can be read (a group that can only be posted to is an
/// action: `/search-invoices`, `/hooks/insert`, `/generate-next-invoice-number`).
fn object_of<'a>(
    spec: &Spec<'a>,
    group: &Group<'a>,
    pagings: &mut Vec<(Pagination, String)>,
) -> Option<Object> {
    if group.list.is_none() && group.get.is_none() {
        for call in [&group.create, &group.update, &group.delete]
            .into_iter()
            .flatten()
        {
            spec.left_out(call.describe(), "an action rather than a kind of record (nothing here can be read back), which Switchboard's steps do not call");
        }
        return None;
    }
    if let Some(list) = &group.list {
        let (paging, why) = super::paging::detect(&list_shape(spec, list));
        if let Some(why) = why {
            spec.info(list.describe(), why);
        }
        pagings.push((paging, list.describe()));
    }
    let schemas = Schemas { spec };
    let (name, label) = object_names(group.segment);
    let shapes = Shapes::of(spec, &schemas, group);
    let mut fields = match shapes.record {
        Some(schema) => schemas.fields(schema, &format!("{name} fields")),
        None => {
            spec.left_out(&name, "the description shows none of its fields: the object is imported without fields (add them by hand)");
            Vec::new()
        }
    };
    if let (Some(create), Some(read)) = (shapes.create, shapes.record)
        && !std::ptr::eq(create, read)
    {
        sent_on_create(
            &mut fields,
            schemas.fields(create, &format!("{name} fields")),
        );
    }
    let key = key_field(&mut fields, group.item_param);
    super::classify::guess(&name, &mut fields);
    let operations = operations(spec, group, &key, shapes);
    Some(Object {
        name,
        label,
        key,
        change_tracking: false,
        fields,
        operations,
    })
}

/// The schemas a group's calls show: of the record (as reading one answers, else
/// listing, else creating), of what creating sends, and where answers hold records.
struct Shapes<'a> {
    record: Option<&'a Node>,
    create: Option<&'a Node>,
    get_records_at: Option<String>,
    list_records_at: Option<String>,
}

impl<'a> Shapes<'a> {
    fn of(spec: &Spec<'a>, schemas: &Schemas<'_, 'a>, group: &Group<'a>) -> Shapes<'a> {
        let answer = |call: &Option<Call<'a>>| {
            let call = call.as_ref()?;
            schemas.record_schema(answer_schema(spec, call)?, &call.describe())
        };
        let (got, get_records_at) = answer(&group.get).unzip();
        let (listed, list_records_at) = answer(&group.list).unzip();
        let create = group
            .create
            .as_ref()
            .and_then(|c| request_schema(spec, c))
            .map(|(schema, _)| schema);
        Shapes {
            record: got.or(listed).or(create),
            create,
            get_records_at: get_records_at.flatten(),
            list_records_at: list_records_at.flatten(),
        }
    }
}

/// The manifest's operations for a group's calls, paths keyed by the object's `key`.
fn operations(spec: &Spec, group: &Group, key: &str, shapes: Shapes) -> Vec<Operation> {
    let item_path = |call: &Call| match group.item_param {
        Some(param) => call
            .path
            .replace(&format!("{{{param}}}"), &format!("{{{key}}}")),
        None => call.path.to_owned(),
    };
    let filters = group.list.as_ref().map(filters).unwrap_or_default();
    [
        (
            OperationKind::Get,
            &group.get,
            shapes.get_records_at,
            Vec::new(),
        ),
        (
            OperationKind::Query,
            &group.list,
            shapes.list_records_at,
            filters,
        ),
        (OperationKind::Create, &group.create, None, Vec::new()),
        (OperationKind::Update, &group.update, None, Vec::new()),
        (OperationKind::Delete, &group.delete, None, Vec::new()),
    ]
    .into_iter()
    .filter_map(|(kind, call, records_at, params)| {
        let call = call.as_ref()?;
        // Each call's own body decides how its record is sent.
        let form = request_schema(spec, call).is_some_and(|(_, form)| form);
        Some(Operation {
            kind,
            via: Via::Http {
                method: call.method,
                path: path_with_required(spec, call, item_path(call)),
                form,
            },
            records_at: records_at.unwrap_or_default(),
            params,
        })
    })
    .collect()
}

/// What creating a record takes decides which fields are required (what reading answers
/// may always hold more); a field reading shows but creating never takes is the
/// system's own (an id, a timestamp): read-only. Fields only creating takes are added.
fn sent_on_create(fields: &mut Vec<Field>, create: Vec<Field>) {
    for field in fields.iter_mut() {
        match create.iter().find(|c| c.name == field.name) {
            Some(c) => field.required = c.required,
            None => {
                field.required = false;
                field.read_only = true;
            }
        }
    }
    for c in create {
        if !fields.iter().any(|f| f.name == c.name) {
            fields.push(c);
        }
    }
}

/// The field that identifies a record: the item path's parameter when a field has that
/// name (`sys_id`), else `id` (`{petId}`, `{invoice_id}` name the pet's `id`), else the
/// parameter itself as a field of its own.
fn key_field(fields: &mut Vec<Field>, param: Option<&str>) -> String {
    let has = |name: &str| {
        fields
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
            .map(|f| f.name.clone())
    };
    if let Some(param) = param {
        if let Some(exact) = has(param) {
            return exact;
        }
        let lower = param.to_ascii_lowercase();
        if (lower.ends_with("id") || lower.ends_with("key"))
            && let Some(id) = has("id")
        {
            return id;
        }
        let mut key = Field::new(param, FieldType::Text);
        key.read_only = true;
        key.description = "The record's key, as the API's paths name it".into();
        fields.insert(0, key);
        return param.to_owned();
    }
    if let Some(id) = has("id") {
        return id;
    }
    fields
        .iter()
        .find(|f| f.name.to_ascii_lowercase().ends_with("id"))
        .or(fields.first())
        .map_or_else(|| "id".to_owned(), |f| f.name.clone())
}

/// The schema of a call's successful answer.
fn answer_schema<'a>(spec: &Spec<'a>, call: &Call<'a>) -> Option<&'a Node> {
    let response = success(spec, call)?;
    if spec.is_swagger2() {
        return response.get("schema");
    }
    json_content(response.get("content")?).map(|(schema, _)| schema)
}

/// The response of a call for success: 200, 201, 2XX, any 2xx, or `default`.
fn success<'a>(spec: &Spec<'a>, call: &Call<'a>) -> Option<&'a Node> {
    let responses = call.node.get("responses")?.map()?;
    let code = ["200", "201", "2XX", "2xx"]
        .into_iter()
        .find(|c| responses.contains_key(*c))
        .map(str::to_owned)
        .or_else(|| responses.keys().find(|k| k.starts_with('2')).cloned())
        .or_else(|| {
            responses
                .contains_key("default")
                .then(|| "default".to_owned())
        })?;
    spec.resolve(responses.get(&code)?, &call.describe())
        .map(|(r, _)| r)
}

/// The schema in a content map, JSON preferred; whether it is form-encoded.
fn json_content(content: &Node) -> Option<(&Node, bool)> {
    let map = content.map()?;
    let pick = map
        .iter()
        .find(|(media, _)| media.starts_with("application/json"))
        .or_else(|| map.iter().find(|(media, _)| media.contains("json")))
        .or_else(|| {
            map.iter()
                .find(|(media, _)| media.starts_with("application/x-www-form-urlencoded"))
        })
        .or_else(|| map.iter().next())?;
    Some((
        pick.1.get("schema")?,
        pick.0.starts_with("application/x-www-form-urlencoded"),
    ))
}

/// The schema of the record a call sends, and whether it goes form-encoded.
fn request_schema<'a>(spec: &Spec<'a>, call: &Call<'a>) -> Option<(&'a Node, bool)> {
    if spec.is_swagger2() {
        if let Some(body) = call.params.iter().find(|p| p.str("in") == Some("body")) {
            return body.get("schema").map(|s| (s, false));
        }
        return None;
    }
    let (body, _) = spec.resolve(call.node.get("requestBody")?, &call.describe())?;
    json_content(body.get("content")?)
}

/// The query parameters of a listing that filter it (paging aside).
fn filters(list: &Call) -> Vec<Param> {
    list.params
        .iter()
        .filter(|p| p.str("in") == Some("query"))
        .filter_map(|p| {
            let name = p.str("name")?;
            let description = p.str("description").unwrap_or_default();
            (!super::paging::is_paging_param(name)).then(|| Param {
                name: name.to_owned(),
                required: p.flag("required"),
                description: crate::words::clip(
                    &description.split_whitespace().collect::<Vec<_>>().join(" "),
                    160,
                ),
            })
        })
        .collect()
}

/// A call's path with the required query parameters that have a default written into it
/// (`/branches?getFullList=true`): a step sets no such parameter, so without them every
/// call would be refused. Required ones without a default are noted.
fn path_with_required(spec: &Spec, call: &Call, path: String) -> String {
    let mut query = Vec::new();
    for p in &call.params {
        if p.str("in") != Some("query") || !p.flag("required") {
            continue;
        }
        let Some(name) = p.str("name") else { continue };
        if super::paging::is_paging_param(name) {
            continue;
        }
        let default = p
            .get("schema")
            .unwrap_or(p)
            .get("default")
            .and_then(Node::scalar_text);
        match default {
            Some(value) => query.push(format!(
                "{}={}",
                percent_encoding::utf8_percent_encode(name, QUERY),
                percent_encoding::utf8_percent_encode(&value, QUERY)
            )),
            None => spec.left_out(
                call.describe(),
                format!("it needs the parameter `{name}`, which the description gives no value for: add `?{name}=…` to its path in the manifest"),
            ),
        }
    }
    if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// What a query parameter's name and value escape.
const QUERY: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// What a listing's description shows of paging.
fn list_shape<'a>(spec: &Spec<'a>, list: &Call<'a>) -> ListShape<'a> {
    let params = list
        .params
        .iter()
        .filter_map(|p| {
            let schema = p.get("schema").unwrap_or(p);
            Some(ListParam {
                name: p.str("name")?,
                place: p.str("in")?,
                maximum: number(schema.get("maximum")),
                default: number(schema.get("default")),
            })
        })
        .collect();
    let response = success(spec, list);
    let headers = response
        .map(|r| r.entries("headers").map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    let body = answer_schema(spec, list)
        .and_then(|s| spec.resolve(s, &list.describe()))
        .map(|(s, _)| {
            let mut names: Vec<&str> = s.entries("properties").map(|(k, _)| k.as_str()).collect();
            for part in s.items("allOf") {
                if let Some((part, _)) = spec.resolve(part, &list.describe()) {
                    names.extend(part.entries("properties").map(|(k, _)| k.as_str()));
                }
            }
            names
        })
        .unwrap_or_default();
    ListShape {
        params,
        headers,
        body,
    }
}

/// Response headers that tell the API budget, and whether a 429 answer says when to
/// come back.
fn note_headers(
    spec: &Spec,
    node: &Node,
    path: &str,
    seen: &mut Vec<String>,
    retry_after: &mut bool,
) {
    for (code, response) in node.entries("responses") {
        let Some((response, _)) = spec.resolve(response, path) else {
            continue;
        };
        for (header, _) in response.entries("headers") {
            let lower = header.to_ascii_lowercase();
            if lower == "retry-after" && (code == "429" || code == "503") {
                *retry_after = true;
            }
            if (lower.contains("ratelimit") || lower.contains("rate-limit"))
                && !seen.contains(header)
            {
                seen.push(header.clone());
            }
        }
    }
}

/// The manifest pages every listing one way: the way most listings show.
fn one_paging(spec: &Spec, pagings: Vec<(Pagination, String)>) -> Pagination {
    let mut counts: Vec<(Pagination, usize)> = Vec::new();
    for (paging, _) in &pagings {
        if *paging == Pagination::None {
            continue;
        }
        match counts.iter_mut().find(|(p, _)| p == paging) {
            Some((_, n)) => *n += 1,
            None => counts.push((paging.clone(), 1)),
        }
    }
    let Some(chosen) = counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p.clone())
    else {
        return Pagination::None;
    };
    for (paging, at) in &pagings {
        if *paging != chosen && *paging != Pagination::None {
            spec.info(at.clone(), "this listing pages differently from the others; the manifest pages all of them the way most do");
        }
    }
    chosen
}
