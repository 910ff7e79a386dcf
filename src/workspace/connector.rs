//! Connector manifests: how to talk to a kind of system. One declarative file per
//! connector (`assets/connectors/*.ron`) feeds the palette, the inspector's forms, port
//! schemas, governance (transports, API operations, change tracking) and the run engine.
//!
//! A manifest never holds a secret: its auth section names the *kind* of credential and
//! where a system's credential is looked up (an environment variable or keyring entry).

use serde::{Deserialize, Serialize};

use crate::model::{Field, RecordEvent};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connector {
    pub format: u32,
    /// Referenced from `systems.ron` (`connector: "crm"`).
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub protocol: Protocol,
    pub auth: Auth,
    #[serde(default)]
    pub pagination: Pagination,
    #[serde(default)]
    pub rate_limit: RateLimitHeaders,
    /// The largest answer a live run reads from one call, in MB: past it the step fails
    /// instead of filling the memory. A manifest may raise it for APIs with big pages.
    #[serde(
        default = "default_max_response_mb",
        skip_serializing_if = "is_default_max_response_mb"
    )]
    pub max_response_mb: u64,
    /// The request header in which the API takes an idempotency key (`Idempotency-Key`,
    /// as Stripe and others name it): `switchboard apply` sends each planned write's key
    /// in it, the same on every attempt, so a retried write is made once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_header: Option<String>,
    /// Objects every system of this kind has. Generic connectors (REST, file drop, SQLite)
    /// ship none: each system declares its own in `systems.ron`.
    #[serde(default)]
    pub objects: Vec<Object>,
}

/// The largest answer a live run reads from one call unless a manifest says otherwise.
pub const DEFAULT_MAX_RESPONSE_MB: u64 = 64;

fn default_max_response_mb() -> u64 {
    DEFAULT_MAX_RESPONSE_MB
}

fn is_default_max_response_mb(mb: &u64) -> bool {
    *mb == DEFAULT_MAX_RESPONSE_MB
}

/// How the connector moves data; decides which runtime executes its operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Protocol {
    /// An HTTP API (REST / JSON).
    Http,
    /// Files dropped into or picked up from a folder (CSV or JSON).
    FileDrop,
    /// An embedded SQLite database file.
    Sqlite,
}

impl Protocol {
    /// True for batch file transfer, the method governance calls outdated where an API exists.
    pub fn is_file_transfer(self) -> bool {
        matches!(self, Self::FileDrop)
    }

    /// How an endpoint of a local connector starts (`file:drops/parks`,
    /// `sqlite:data/stock.db`); `None` for HTTP.
    pub fn local_scheme(self) -> Option<&'static str> {
        match self {
            Self::Http => None,
            Self::FileDrop => Some("file:"),
            Self::Sqlite => Some("sqlite:"),
        }
    }
}

/// How a system of this kind authenticates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    pub scheme: AuthScheme,
    /// Where the secret is found unless the system names its own.
    pub credential: CredentialRef,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthScheme {
    None,
    /// A static key sent in a header.
    ApiKey {
        header: String,
    },
    /// A static key sent as a query parameter of every call (redacted from every trace).
    ApiKeyQuery {
        param: String,
    },
    /// A bearer token in the `Authorization` header.
    Bearer,
    Basic {
        username: String,
    },
    /// OAuth 2 client credentials. `token_path` is relative to the system's endpoint, or
    /// a whole URL on the endpoint's host (an authorization server beside the API).
    OAuth2ClientCredentials {
        token_path: String,
        client_id: String,
    },
    /// OAuth 2 where a person logs in (authorization code). Kept so the manifest says
    /// what the system offers, but an unattended run cannot sign in this way: a step
    /// using it fails with a message saying what to ask the system's owner for.
    OAuth2AuthorizationCode {
        authorize_url: String,
        token_path: String,
    },
}

impl AuthScheme {
    /// Why a run cannot sign in this way, if it cannot.
    pub fn needs_a_person(&self) -> bool {
        matches!(self, Self::OAuth2AuthorizationCode { .. })
    }
}

/// A reference to a secret that lives outside every file Switchboard writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CredentialRef {
    /// No credential needed.
    None,
    /// The value of an environment variable.
    Env(String),
    /// An entry of the OS keyring (service name).
    Keyring(String),
}

/// How results are paged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pagination {
    #[default]
    None,
    /// `?page=N&page_size=M` (the page size in a header named `size_param` when
    /// `size_in_header` is true).
    PageNumber {
        page_param: String,
        size_param: String,
        max_size: u32,
        #[serde(default, skip_serializing_if = "is_false")]
        size_in_header: bool,
    },
    /// `?offset=N&limit=M`.
    Offset {
        offset_param: String,
        limit_param: String,
        max_limit: u32,
    },
    /// A cursor returned in the body and sent back as a parameter.
    Cursor {
        cursor_param: String,
        next_field: String,
    },
    /// RFC 8288 `Link: <…>; rel="next"` headers.
    LinkHeader,
}

/// Response headers that tell how much API budget is left.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitHeaders {
    #[serde(default)]
    pub limit: Option<String>,
    #[serde(default)]
    pub remaining: Option<String>,
    #[serde(default)]
    pub reset: Option<String>,
    /// Whether 429 / 503 answers carry `Retry-After`.
    #[serde(default)]
    pub retry_after: bool,
}

/// One kind of record a system holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Object {
    pub name: String,
    #[serde(default)]
    pub label: String,
    /// The field that identifies a record.
    pub key: String,
    /// Whether the system can say which records changed since a point in time, so a
    /// delta sync is possible.
    #[serde(default)]
    pub change_tracking: bool,
    pub fields: Vec<Field>,
    pub operations: Vec<Operation>,
}

/// Something a connector can do with an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub kind: OperationKind,
    pub via: Via,
    /// The body field that holds the records of an answer (`result` in
    /// `{"result": [...]}`). Empty: a bare list, or `records`/`items`/`data`/`result`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub records_at: String,
    /// The query parameters the call takes (a Query's filters). Empty: not described;
    /// a search then sends the field it looks for as a parameter of the same name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<Param>,
}

/// A parameter of an HTTP operation, as its API description lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Param {
    pub name: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OperationKind {
    /// Notifies when a record is created, updated or deleted.
    Trigger(RecordEvent),
    /// Fetch one record by key.
    Get,
    /// Fetch records matching a filter, or all of them.
    Query,
    /// Fetch the records changed since a point in time.
    Changes,
    Create,
    Update,
    Upsert,
    Delete,
}

impl OperationKind {
    /// The operation a Write step's action needs.
    pub fn of_write(action: &crate::model::WriteAction) -> OperationKind {
        use crate::model::WriteAction as W;
        match action {
            W::Create => Self::Create,
            W::Update { .. } => Self::Update,
            W::Upsert { .. } => Self::Upsert,
            W::Delete { .. } => Self::Delete,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Self::Trigger(event) => format!("notify when a record is {}", event.verb()),
            Self::Get => "read a record by key".into(),
            Self::Query => "search records".into(),
            Self::Changes => "list changed records".into(),
            Self::Create => "create records".into(),
            Self::Update => "update records".into(),
            Self::Upsert => "create or update records".into(),
            Self::Delete => "delete records".into(),
        }
    }
}

/// How an operation is carried out by the connector's protocol.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Via {
    /// An HTTP call; `{Field}` in the path is filled from the record. A record sent with
    /// it goes as JSON, or form-encoded (`a=1&b=x`) when `form` is true.
    Http {
        method: HttpMethod,
        path: String,
        #[serde(default, skip_serializing_if = "is_false")]
        form: bool,
    },
    /// A webhook subscription the system calls back on.
    Webhook { subscribe_path: String },
    /// Read or write files matching a pattern inside the system's folder.
    File { pattern: String, format: FileFormat },
    /// A SQL statement with `:Field` parameters.
    Sql { statement: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileFormat {
    Csv,
    Json,
}

impl Object {
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn supports(&self, kind: OperationKind) -> bool {
        self.operations.iter().any(|op| op.kind == kind)
    }

    pub fn display_name(&self) -> &str {
        if self.label.is_empty() {
            &self.name
        } else {
            &self.label
        }
    }
}

impl Connector {
    pub fn object(&self, name: &str) -> Option<&Object> {
        self.objects.iter().find(|o| o.name == name)
    }
}
