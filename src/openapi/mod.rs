//! Connectors made from an API description: Swagger 2.0, OpenAPI 3.0 and 3.1, in JSON or
//! YAML. [`import`] reads the description and gives the connector manifest, the system
//! entry for `systems.ron` and a note for everything it could not take over — checked,
//! classified for governance and written as a plain file a reviewer can read.
//!
//! Why no OpenAPI crate: the maintained ones each read one version (`openapiv3` 3.0,
//! `oas3` 3.1) and refuse a whole description over one defect, where real descriptions
//! have many (see `shared/openapi/`). The description is read into a generic tree
//! ([`document`]) and its references followed here ([`spec`]), so a defect costs only
//! the part it is in. YAML is yaml-rust2 (YAML 1.2, maintained; serde_yaml is archived).

mod auth;
mod classify;
pub mod document;
pub mod install;
mod naming;
mod note;
mod objects;
mod paging;
mod schema;
mod spec;

use std::collections::BTreeMap;

use url::Url;

use crate::model::SystemId;
use crate::workspace::connector::{Connector, Protocol, RateLimitHeaders};
use crate::workspace::{System, SystemKind};
use document::Node;
pub use note::{Note, NoteKind};
use spec::Spec;

/// What to import and as what.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The id of the system (and of its connector): `billing`.
    pub system: String,
    /// Where the system is reached, when the description does not say or says wrong.
    pub base_url: Option<String>,
    /// Only these objects (by name, any letter case).
    pub objects: Option<Vec<String>>,
}

/// The result of an import.
#[derive(Clone, Debug)]
pub struct Imported {
    pub connector: Connector,
    pub system: System,
    /// "OpenAPI 3.0.3", "Swagger 2.0".
    pub version: String,
    pub notes: Vec<Note>,
}

impl Imported {
    /// Whether something of the description was left out.
    pub fn left_out(&self) -> bool {
        self.notes.iter().any(|n| n.kind == NoteKind::LeftOut)
    }
}

/// Why nothing could be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("this is not an API description Switchboard can read: {0}")]
    Syntax(document::SyntaxError),
    #[error("{0}")]
    NotADescription(String),
    #[error(
        "`{0}` cannot be a system id: use lower-case letters, digits, `_` and `-` (e.g. `billing`)"
    )]
    BadId(String),
}

/// Imports the description in `text`.
pub fn import(text: &str, options: &Options) -> Result<Imported, ImportError> {
    let id = SystemId::new(options.system.clone())
        .map_err(|_| ImportError::BadId(options.system.clone()))?;
    let root = document::parse(text).map_err(ImportError::Syntax)?;
    let version = version(&root)?;
    if root.entries("paths").next().is_none() {
        return Err(ImportError::NotADescription(
            "the description lists no paths, so there is nothing to import".into(),
        ));
    }
    let spec = Spec::new(&root, text);
    let endpoints = endpoints(&spec, options.base_url.as_deref());
    let first = endpoints.values().next().and_then(|u| Url::parse(u).ok());
    let auth = auth::auth(&spec, id.as_str(), first.as_ref());
    let found = objects::objects(&spec, options.objects.as_deref());
    if found.objects.is_empty() {
        spec.left_out(
            "paths",
            "no kind of record was found: no path can be read as a list or by key",
        );
    }
    let title = spec
        .root
        .get("info")
        .and_then(|i| i.str("title"))
        .unwrap_or(id.as_str())
        .trim()
        .to_owned();
    let description = spec
        .root
        .get("info")
        .and_then(|i| i.str("description"))
        .map(|d| crate::words::clip(&d.split_whitespace().collect::<Vec<_>>().join(" "), 200))
        .unwrap_or_default();
    let connector = Connector {
        format: 1,
        id: id.as_str().to_owned(),
        name: title.clone(),
        description,
        protocol: Protocol::Http,
        auth,
        pagination: found.pagination,
        rate_limit: rate_limit(&found.rate_limit_headers, found.retry_after),
        max_response_mb: crate::workspace::connector::DEFAULT_MAX_RESPONSE_MB,
        idempotency_header: None,
        objects: found.objects,
    };
    let system = System {
        id: id.clone(),
        name: title.clone(),
        kind: kind_of(&title),
        owner: None,
        connector: id.as_str().to_owned(),
        endpoints,
        system_of_record: Vec::new(),
        approved_classes: Vec::new(),
        api_calls_per_day: None,
        tags: Vec::new(),
        credential: None,
        feeds: None,
        objects: Vec::new(),
    };
    Ok(Imported {
        connector,
        system,
        version,
        notes: spec.into_notes(),
    })
}

/// "OpenAPI 3.1.0" or "Swagger 2.0", or why this is not a description we read.
fn version(root: &Node) -> Result<String, ImportError> {
    if root.map().is_none() {
        return Err(ImportError::NotADescription(
            "this is not an API description: an OpenAPI or Swagger file is a map with `openapi` or `swagger` at the top".into(),
        ));
    }
    if let Some(v) = root.get("openapi").and_then(Node::scalar_text) {
        return if v.starts_with("3.") {
            Ok(format!("OpenAPI {v}"))
        } else {
            Err(ImportError::NotADescription(format!(
                "OpenAPI {v} is not a version the import reads (2.0, 3.0 and 3.1 are)"
            )))
        };
    }
    if let Some(v) = root.get("swagger").and_then(Node::scalar_text) {
        return if v.starts_with('2') {
            Ok(format!("Swagger {v}"))
        } else {
            Err(ImportError::NotADescription(format!(
                "Swagger {v} is not a version the import reads (2.0, 3.0 and 3.1 are)"
            )))
        };
    }
    Err(ImportError::NotADescription(
        "this is not an API description: it has neither `openapi` nor `swagger` at the top".into(),
    ))
}

/// Where the system is reached, per environment: `--base-url`, else the description's
/// servers (OpenAPI 3, variables filled with their defaults) or host and base path
/// (Swagger 2.0). A sandbox, test or staging server is the `test` environment.
fn endpoints(spec: &Spec, base_url: Option<&str>) -> BTreeMap<String, String> {
    let mut endpoints = BTreeMap::new();
    if let Some(base) = base_url {
        endpoints.insert(
            "production".to_owned(),
            base.trim_end_matches('/').to_owned(),
        );
        return endpoints;
    }
    let servers: Vec<(String, String)> = if spec.is_swagger2() {
        swagger2_server(spec).into_iter().collect()
    } else {
        spec.root
            .items("servers")
            .iter()
            .filter_map(|s| server_url(spec, s))
            .collect()
    };
    for (url, description) in servers {
        if Url::parse(&url).is_err() {
            spec.left_out("servers", format!("the server `{url}` is not a whole address: pass --base-url with the system's address"));
            continue;
        }
        let lower = format!("{url} {description}").to_ascii_lowercase();
        let env = if ["sandbox", "test", "staging", "stage", "uat", "dev", "qa"]
            .iter()
            .any(|w| lower.contains(w))
        {
            "test"
        } else {
            "production"
        };
        if endpoints.contains_key(env) {
            spec.info(
                "servers",
                format!("the server {url} is one more {env} address; the first one listed is used"),
            );
            continue;
        }
        endpoints.insert(env.to_owned(), url.trim_end_matches('/').to_owned());
    }
    if endpoints.is_empty() {
        spec.left_out("servers", "the description names no server: pass --base-url with the system's address, or add it to systems.ron");
    }
    endpoints
}

fn swagger2_server(spec: &Spec) -> Option<(String, String)> {
    let host = spec.root.str("host")?;
    let schemes: Vec<&str> = spec
        .root
        .items("schemes")
        .iter()
        .filter_map(Node::as_str)
        .collect();
    let scheme = if schemes.is_empty() || schemes.contains(&"https") {
        "https"
    } else {
        schemes[0]
    };
    let base = spec.root.str("basePath").unwrap_or("");
    Some((
        format!("{scheme}://{host}{}", base.trim_end_matches('/')),
        String::new(),
    ))
}

/// A server's URL with `{variables}` filled in by their defaults (said in a note).
fn server_url(spec: &Spec, server: &Node) -> Option<(String, String)> {
    let mut url = server.str("url")?.to_owned();
    for (name, variable) in server.entries("variables") {
        let placeholder = format!("{{{name}}}");
        if !url.contains(&placeholder) {
            continue;
        }
        let default = variable
            .get("default")
            .and_then(Node::scalar_text)
            .unwrap_or_default();
        spec.info(
            "servers",
            format!("the address has a part to fill in, {placeholder}; its example value `{default}` was used: correct the system's address in systems.ron"),
        );
        url = url.replace(&placeholder, &default);
    }
    Some((
        url,
        server.str("description").unwrap_or_default().to_owned(),
    ))
}

fn rate_limit(headers: &[String], retry_after: bool) -> RateLimitHeaders {
    let find = |word: &str| {
        headers
            .iter()
            .find(|h| h.to_ascii_lowercase().contains(word))
            .cloned()
    };
    RateLimitHeaders {
        limit: find("limit-limit")
            .or_else(|| find("ratelimit-limit"))
            .or_else(|| {
                headers
                    .iter()
                    .find(|h| h.to_ascii_lowercase().ends_with("limit"))
                    .cloned()
            }),
        remaining: find("remaining"),
        reset: find("reset"),
        retry_after,
    }
}

/// The kind of system, from words of its name.
fn kind_of(title: &str) -> SystemKind {
    let lower = title.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| lower.contains(w));
    if has(&["crm", "salesforce", "hubspot", "customer relationship"]) {
        SystemKind::Crm
    } else if has(&["erp", "invoic", "finance", "accounting", "ledger"]) {
        SystemKind::Erp
    } else if has(&[
        "servicenow",
        "itsm",
        "incident",
        "service desk",
        "ticket",
        "jira",
    ]) {
        SystemKind::Itsm
    } else if has(&["point of sale", "pos "]) {
        SystemKind::Pos
    } else if has(&["marketing", "campaign", "newsletter"]) {
        SystemKind::MarketingAutomation
    } else {
        SystemKind::Other
    }
}
