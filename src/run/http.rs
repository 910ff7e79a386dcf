//! The HTTP connector runtime for live runs: calls a system's API as its connector
//! manifest describes (operation paths, auth scheme, pagination, rate-limit answers),
//! only ever at the endpoints of the workspace's registry. Every fault becomes a sentence
//! that names the system and says what to do; credentials are looked up by reference
//! and never written anywhere (headers in traces are redacted).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};

use super::source::{Source, key_text, same};
use super::trace::Call;
use crate::model::{FieldType, Record, SystemId, Value, WriteAction};
use crate::workspace::connector::{
    AuthScheme, CredentialRef, HttpMethod, Object, OperationKind, Pagination, Protocol, Via,
};
use crate::workspace::{System, Workspace};

/// How patient a live run is with slow or busy systems.
#[derive(Clone, Debug)]
pub struct Patience {
    pub timeout: Duration,
    /// Tries per call when the system answers 429 or 503.
    pub tries: u32,
    /// The longest wait between tries, whatever Retry-After asks for.
    pub max_wait: Duration,
}

impl Default for Patience {
    fn default() -> Patience {
        Patience {
            timeout: Duration::from_secs(20),
            tries: 4,
            max_wait: Duration::from_secs(30),
        }
    }
}

/// Live mode: reads and writes go to the systems.
pub struct Live<'w> {
    workspace: &'w Workspace,
    client: Client,
    patience: Patience,
    /// Which endpoint of each system: `test` when it has one, else `production`.
    environment: Option<String>,
    tokens: HashMap<SystemId, String>,
    calls: Vec<Call>,
}

/// A system's place, manifest and object, resolved for one call.
struct Target<'w> {
    system: &'w System,
    base: String,
    object: &'w Object,
    auth: (&'w AuthScheme, CredentialRef),
    pagination: &'w Pagination,
}

impl<'w> Live<'w> {
    pub fn new(
        workspace: &'w Workspace,
        environment: Option<String>,
        patience: Patience,
    ) -> Result<Live<'w>, String> {
        let client = Client::builder()
            .timeout(patience.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("could not start the HTTP client: {e}"))?;
        Ok(Live {
            workspace,
            client,
            patience,
            environment,
            tokens: HashMap::new(),
            calls: Vec::new(),
        })
    }

    fn target(&self, system: &SystemId, object: &str) -> Result<Target<'w>, String> {
        let ws = self.workspace;
        let sys = ws.system(system).map_err(|e| e.to_string())?;
        let connector = ws.connector_of(sys).map_err(|e| e.to_string())?;
        let base = endpoint(sys, self.environment.as_deref())?;
        let object = ws.object(system, object).map_err(|e| e.to_string())?;
        let credential = sys
            .credential
            .clone()
            .unwrap_or_else(|| connector.auth.credential.clone());
        Ok(Target {
            system: sys,
            base,
            object,
            auth: (&connector.auth.scheme, credential),
            pagination: &connector.pagination,
        })
    }

    fn operation<'o>(
        &self,
        t: &'o Target,
        kind: OperationKind,
    ) -> Option<(&'o HttpMethod, &'o str)> {
        t.object
            .operations
            .iter()
            .find(|op| op.kind == kind)
            .and_then(|op| match &op.via {
                Via::Http { method, path } => Some((method, path.as_str())),
                _ => None,
            })
    }

    /// The headers that prove who we are, and their redacted copies for the trace.
    fn auth_headers(&mut self, t: &Target) -> Result<Vec<(String, String)>, String> {
        let secret = || secret_of(&t.auth.1, &t.system.name);
        Ok(match t.auth.0 {
            AuthScheme::None => Vec::new(),
            AuthScheme::ApiKey { header } => vec![(header.clone(), secret()?)],
            AuthScheme::Bearer => vec![("Authorization".into(), format!("Bearer {}", secret()?))],
            AuthScheme::Basic { username } => {
                use base64::Engine;
                let pair = format!("{username}:{}", secret()?);
                let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                vec![("Authorization".into(), format!("Basic {encoded}"))]
            }
            AuthScheme::OAuth2ClientCredentials {
                token_path,
                client_id,
            } => {
                let token = match self.tokens.get(&t.system.id) {
                    Some(token) => token.clone(),
                    None => {
                        let token = self.fetch_token(t, token_path, client_id, &secret()?)?;
                        self.tokens.insert(t.system.id.clone(), token.clone());
                        token
                    }
                };
                vec![("Authorization".into(), format!("Bearer {token}"))]
            }
        })
    }

    fn fetch_token(
        &mut self,
        t: &Target,
        token_path: &str,
        client_id: &str,
        secret: &str,
    ) -> Result<String, String> {
        let url = format!("{}{token_path}", t.base);
        let started = Instant::now();
        let answer = self
            .client
            .post(&url)
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ])
            .send();
        self.calls.push(Call {
            method: "POST".into(),
            url: url.clone(),
            status: answer.as_ref().ok().map(|r| r.status().as_u16()),
            duration: started.elapsed(),
            headers: vec![("client_secret".into(), "<redacted>".into())],
        });
        let response = answer.map_err(|e| transport_fault(&e, t))?;
        let status = response.status().as_u16();
        if status == 401 || status == 403 || status == 400 {
            return Err(credentials_refused(t, status));
        }
        if !response.status().is_success() {
            return Err(format!(
                "{} could not issue a token: HTTP {status} from {url}",
                t.system.name
            ));
        }
        let body: serde_json::Value = response
            .text()
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .ok_or_else(|| {
                format!(
                    "{} answered the token request with something that is not JSON",
                    t.system.name
                )
            })?;
        body.get("access_token")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                format!(
                    "{} answered the token request without an access_token",
                    t.system.name
                )
            })
    }

    /// One call, with retries on 429 and 503 honouring Retry-After.
    fn send(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        url: &str,
        body: Option<&Record>,
    ) -> Result<Response, String> {
        if !url.starts_with(&t.base) {
            return Err(format!(
                "{} pointed to {url}, outside its registered endpoint {}: not followed",
                t.system.name, t.base
            ));
        }
        let auth = self.auth_headers(t)?;
        let mut tries = 0;
        loop {
            tries += 1;
            let mut request = self.client.request(reqwest_method(method), url);
            for (name, value) in &auth {
                request = request.header(name, value);
            }
            if let Some(record) = body {
                let json = serde_json::to_string(record).map_err(|e| e.to_string())?;
                request = request
                    .header("Content-Type", "application/json")
                    .body(json);
            }
            let started = Instant::now();
            let answer = request.send();
            self.calls.push(Call {
                method: method_name(method).into(),
                url: url.to_owned(),
                status: answer.as_ref().ok().map(|r| r.status().as_u16()),
                duration: started.elapsed(),
                headers: auth
                    .iter()
                    .map(|(n, _)| (n.clone(), "<redacted>".to_owned()))
                    .collect(),
            });
            let response = answer.map_err(|e| transport_fault(&e, t))?;
            let status = response.status().as_u16();
            if (status == 429 || status == 503) && tries < self.patience.tries {
                let asked = response
                    .headers()
                    .get("Retry-After")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let backoff = Duration::from_millis(250 * 2u64.pow(tries - 1));
                std::thread::sleep(asked.unwrap_or(backoff).min(self.patience.max_wait));
                continue;
            }
            return match status {
                200..=299 => Ok(response),
                401 | 403 => Err(credentials_refused(t, status)),
                429 => Err(format!(
                    "{} is limiting how often it may be called: it still answered 429 Too Many Requests after {tries} tries",
                    t.system.name
                )),
                500..=599 => Err(format!(
                    "{} failed on its side (HTTP {status} from {} {url}); try again later or tell its owner",
                    t.system.name,
                    method_name(method)
                )),
                _ => Err(format!(
                    "{} answered HTTP {status} to {} {url}",
                    t.system.name,
                    method_name(method)
                )),
            };
        }
    }

    /// Every page of a listing, the way the connector pages (at most 1,000 pages).
    fn pages(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        first: &str,
    ) -> Result<Vec<Record>, String> {
        let mut all = Vec::new();
        let mut url = match t.pagination {
            Pagination::PageNumber {
                page_param,
                size_param,
                max_size,
            } => with_param(
                &with_param(first, size_param, &max_size.to_string()),
                page_param,
                "1",
            ),
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
        for page in 1..=1_000u32 {
            let response = self.send(t, method, &url, None)?;
            let link = response
                .headers()
                .get_all("Link")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(next_link);
            let (records, cursor) = self.records_of(t, response)?;
            let got = records.len();
            all.extend(records);
            let next = match t.pagination {
                Pagination::None => None,
                Pagination::Cursor { cursor_param, .. } => {
                    cursor.filter(|c| !c.is_empty()).map(|c| {
                        if c.starts_with('/') {
                            format!("{}{c}", origin(&t.base))
                        } else if c.starts_with("http") {
                            c
                        } else {
                            with_param(first, cursor_param, &c)
                        }
                    })
                }
                Pagination::PageNumber {
                    page_param,
                    size_param,
                    max_size,
                } => (got as u32 >= *max_size && got > 0).then(|| {
                    with_param(
                        &with_param(first, size_param, &max_size.to_string()),
                        page_param,
                        &(page + 1).to_string(),
                    )
                }),
                Pagination::Offset {
                    offset_param,
                    limit_param,
                    max_limit,
                } => (got as u32 >= *max_limit && got > 0).then(|| {
                    let offset = (u64::from(page) * u64::from(*max_limit)).to_string();
                    with_param(
                        &with_param(first, limit_param, &max_limit.to_string()),
                        offset_param,
                        &offset,
                    )
                }),
                Pagination::LinkHeader => link.map(|l| {
                    if l.starts_with('/') {
                        format!("{}{l}", origin(&t.base))
                    } else {
                        l
                    }
                }),
            };
            match next {
                Some(n) => url = n,
                None => break,
            }
        }
        Ok(all)
    }

    fn records_of(
        &self,
        t: &Target,
        response: Response,
    ) -> Result<(Vec<Record>, Option<String>), String> {
        let text = response
            .text()
            .map_err(|e| format!("{} broke off its answer: {e}", t.system.name))?;
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
            let start: String = text.chars().take(60).collect();
            format!(
                "{} answered with something that is not JSON: “{start}”",
                t.system.name
            )
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
            serde_json::Value::Object(map) => match ["records", "items", "data"]
                .iter()
                .find_map(|k| map.get(*k))
            {
                Some(serde_json::Value::Array(items)) => items.clone(),
                _ => vec![body.clone()],
            },
            _ => {
                return Err(format!(
                    "{} answered with a JSON value that holds no records",
                    t.system.name
                ));
            }
        };
        let records = list
            .into_iter()
            .map(|item| {
                let record: Record = serde_json::from_value(item).map_err(|e| {
                    format!(
                        "{} sent a record Switchboard cannot read: {e}",
                        t.system.name
                    )
                })?;
                conforms(t, &record)?;
                Ok(record)
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok((records, next))
    }
}

/// A file-drop folder or SQLite database a live run works in.
struct Local<'w> {
    system: &'w System,
    object: &'w Object,
    path: PathBuf,
}

impl<'w> Live<'w> {
    /// The local place of a file-drop or SQLite system (`None` for HTTP systems).
    fn local(&self, system: &SystemId, object: &str) -> Result<Option<Local<'w>>, String> {
        let ws = self.workspace;
        let sys = ws.system(system).map_err(|e| e.to_string())?;
        let connector = ws.connector_of(sys).map_err(|e| e.to_string())?;
        let scheme = match connector.protocol {
            Protocol::Http => return Ok(None),
            Protocol::FileDrop => "file:",
            Protocol::Sqlite => "sqlite:",
        };
        let endpoint = endpoint(sys, self.environment.as_deref())?;
        let path = super::local::resolve(&ws.root, sys, &endpoint, scheme)?;
        let object = ws.object(system, object).map_err(|e| e.to_string())?;
        Ok(Some(Local {
            system: sys,
            object,
            path,
        }))
    }

    fn local_via(&self, local: &Local<'w>, kind: OperationKind) -> Result<&'w Via, String> {
        local
            .object
            .operations
            .iter()
            .find(|op| op.kind == kind)
            .map(|op| &op.via)
            .ok_or_else(|| {
                format!(
                    "{} cannot {} {} records",
                    local.system.name,
                    kind.describe(),
                    local.object.display_name()
                )
            })
    }

    fn note(&mut self, method: &str, place: &Path, started: Instant) {
        self.calls.push(Call {
            method: method.into(),
            url: place.display().to_string(),
            status: None,
            duration: started.elapsed(),
            headers: Vec::new(),
        });
    }

    fn local_list(&mut self, local: &Local<'w>, changed_only: bool) -> Result<Vec<Record>, String> {
        let kind = if changed_only && self.local_via(local, OperationKind::Changes).is_ok() {
            OperationKind::Changes
        } else {
            OperationKind::Query
        };
        let started = Instant::now();
        let records = match self.local_via(local, kind)? {
            Via::Sql { statement } => {
                super::local::sql(&local.path, statement, None, local.object)?
            }
            Via::File { pattern, format } => {
                let mut records = Vec::new();
                let mut names: Vec<PathBuf> = match std::fs::read_dir(&local.path) {
                    Ok(entries) => entries.flatten().map(|e| e.path()).collect(),
                    Err(_) => Vec::new(),
                };
                names.sort();
                for path in names {
                    let name = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    // Links are skipped: one could lead out of the drop folder.
                    if super::local::is_plain_file(&path)
                        && super::local::matches_pattern(pattern, &name)
                    {
                        records.extend(super::local::read(&path, local.object, *format)?);
                    }
                }
                records
            }
            _ => {
                return Err(format!(
                    "{} has no local way to list records",
                    local.system.name
                ));
            }
        };
        self.note("READ", &local.path, started);
        Ok(records)
    }

    fn local_write(
        &mut self,
        local: &Local<'w>,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<(), String> {
        let kind = OperationKind::of_write(action);
        let started = Instant::now();
        match self.local_via(local, kind)? {
            Via::Sql { statement } => {
                let mut bound = record.clone();
                if let Some(k) = key {
                    bound.insert(local.object.key.clone(), k.clone());
                }
                super::local::sql(&local.path, statement, Some(&bound), local.object)?;
                self.note("SQL", &local.path, started);
            }
            Via::File { pattern, format } => {
                let today = jiff::Zoned::now().date().to_string();
                let file = local
                    .path
                    .join(super::local::file_name(pattern, Some(record), &today));
                super::local::append(&file, local.object, *format, record)?;
                self.note("WRITE", &file, started);
            }
            _ => {
                return Err(format!(
                    "{} has no local way to write records",
                    local.system.name
                ));
            }
        }
        Ok(())
    }
}

impl Source for Live<'_> {
    fn find(
        &mut self,
        system: &SystemId,
        object: &str,
        field: &str,
        key: &Value,
    ) -> Result<Option<Record>, String> {
        if let Some(local) = self.local(system, object)? {
            let all = self.local_list(&local, false)?;
            return Ok(all
                .into_iter()
                .find(|r| r.get(field).is_some_and(|v| same(v, key))));
        }
        let t = self.target(system, object)?;
        if field == t.object.key
            && let Some((method, path)) = self.operation(&t, OperationKind::Get)
        {
            let url = format!("{}{}", t.base, fill(path, &|_| Some(key_text(key))));
            return match self.send(&t, method, &url, None) {
                Ok(response) => Ok(self.records_of(&t, response)?.0.into_iter().next()),
                Err(e) if e.contains("HTTP 404") => Ok(None),
                Err(e) => Err(e),
            };
        }
        let (method, path) = self.operation(&t, OperationKind::Query).ok_or_else(|| {
            format!(
                "{} cannot search {} records",
                t.system.name,
                t.object.display_name()
            )
        })?;
        let url = with_param(&format!("{}{}", t.base, path), field, &key_text(key));
        let records = self.pages(&t, method, &url)?;
        Ok(records
            .into_iter()
            .find(|r| r.get(field).is_some_and(|v| same(v, key))))
    }

    fn list(
        &mut self,
        system: &SystemId,
        object: &str,
        changed_only: bool,
    ) -> Result<Vec<Record>, String> {
        if let Some(local) = self.local(system, object)? {
            return self.local_list(&local, changed_only);
        }
        let t = self.target(system, object)?;
        let kind = if changed_only && self.operation(&t, OperationKind::Changes).is_some() {
            OperationKind::Changes
        } else {
            OperationKind::Query
        };
        let (method, path) = self.operation(&t, kind).ok_or_else(|| {
            format!(
                "{} cannot list {} records",
                t.system.name,
                t.object.display_name()
            )
        })?;
        let url = format!("{}{}", t.base, path);
        self.pages(&t, method, &url)
    }

    fn write(
        &mut self,
        system: &SystemId,
        object: &str,
        action: &WriteAction,
        record: &Record,
        key: Option<&Value>,
    ) -> Result<Option<super::trace::CapturedWrite>, String> {
        if let Some(local) = self.local(system, object)? {
            self.local_write(&local, action, record, key)?;
            return Ok(None);
        }
        let t = self.target(system, object)?;
        let kind = OperationKind::of_write(action);
        let (method, path) = self.operation(&t, kind).ok_or_else(|| {
            format!(
                "{} cannot {} {} records",
                t.system.name,
                action.verb().to_lowercase(),
                t.object.display_name()
            )
        })?;
        let key_field = t.object.key.clone();
        let value_of = |name: &str| -> Option<String> {
            if name == key_field
                && let Some(k) = key
            {
                return Some(key_text(k));
            }
            record.get(name).map(key_text)
        };
        let url = format!("{}{}", t.base, fill(path, &value_of));
        let body = (!matches!(action, WriteAction::Delete { .. })).then_some(record);
        self.send(&t, method, &url, body)?;
        Ok(None)
    }

    fn take_calls(&mut self) -> Vec<Call> {
        std::mem::take(&mut self.calls)
    }
}

/// The system's endpoint for the run: the one named, else `test`, else `production`.
pub fn endpoint(system: &System, environment: Option<&str>) -> Result<String, String> {
    let pick = match environment {
        Some(env) => system.endpoints.get(env),
        None => system
            .endpoints
            .get("test")
            .or_else(|| system.endpoints.get("production")),
    };
    pick.map(|u| u.trim_end_matches('/').to_owned())
        .ok_or_else(|| {
            format!(
                "{} has no {} endpoint in systems.ron",
                system.name,
                environment.unwrap_or("test or production")
            )
        })
}

/// The user name under which Switchboard's keyring entries are stored.
pub const KEYRING_USER: &str = "switchboard";

fn secret_of(reference: &CredentialRef, system: &str) -> Result<String, String> {
    match reference {
        CredentialRef::None => Ok(String::new()),
        CredentialRef::Env(var) => std::env::var(var).map_err(|_| {
            format!(
                "the credential for {system} is not set: put it in the environment variable {var}"
            )
        }),
        CredentialRef::Keyring(entry) => keyring::Entry::new(entry, KEYRING_USER)
            .and_then(|e| e.get_password())
            .map_err(|e| {
                format!(
                    "the credential for {system} should be in the OS keyring entry “{entry}” (user “{KEYRING_USER}”), but it could not be read ({e}): store it there, or name an environment variable in systems.ron instead"
                )
            }),
    }
}

fn credentials_refused(t: &Target, status: u16) -> String {
    let reference = match &t.auth.1 {
        CredentialRef::Env(var) => format!("the environment variable {var}"),
        CredentialRef::Keyring(entry) => format!("the keyring entry “{entry}”"),
        CredentialRef::None => "no credential (the system wants one)".into(),
    };
    format!(
        "{} refused the credentials (HTTP {status}): check the secret in {reference} and that it may use this API",
        t.system.name
    )
}

fn transport_fault(e: &reqwest::Error, t: &Target) -> String {
    let chain = {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(": ");
            text.push_str(&s.to_string());
            source = s.source();
        }
        text.to_lowercase()
    };
    if e.is_timeout() {
        format!(
            "{} did not answer in time (no answer from {})",
            t.system.name, t.base
        )
    } else if chain.contains("refused") || chain.contains("dns") || chain.contains("resolve") {
        format!(
            "could not connect to {} at {}: nothing answered there (is it running, is the address right?)",
            t.system.name, t.base
        )
    } else if t.base.starts_with("https://")
        && (e.is_connect()
            || chain.contains("certificate")
            || chain.contains("tls")
            || chain.contains("handshake"))
    {
        format!(
            "the secure connection to {} at {} failed: its certificate or TLS setup was not accepted ({})",
            t.system.name,
            t.base,
            chain.rsplit(": ").next().unwrap_or_default()
        )
    } else if e.is_connect() {
        format!(
            "could not connect to {} at {}: nothing answered there (is it running, is the address right?)",
            t.system.name, t.base
        )
    } else {
        format!("the call to {} at {} failed: {e}", t.system.name, t.base)
    }
}

/// Checks a record a system sent against the object's schema.
fn conforms(t: &Target, record: &Record) -> Result<(), String> {
    for field in &t.object.fields {
        match record.get(&field.name) {
            None | Some(Value::Blank) if field.required => {
                return Err(format!(
                    "{} sent a {} without the required field {}: the answer does not match its connector's description",
                    t.system.name,
                    t.object.display_name(),
                    field.name
                ));
            }
            Some(value) if !fits(value, &field.field_type) => {
                return Err(format!(
                    "{} sent {} = {} in a {}, where the connector expects {}",
                    t.system.name,
                    field.name,
                    super::source::key_text(value),
                    t.object.display_name(),
                    field.field_type.describe()
                ));
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

/// `url` with `name=value` added to (or replacing it in) its query.
fn with_param(url: &str, name: &str, value: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{}={}", encode(name), encode(value)));
    format!("{path}?{}", pairs.join("&"))
}

/// `https://host:port` of a URL: where a server-relative link (`/next?page=2`) points.
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
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

/// `"/Account/{Id}"` with `{Id}` replaced by the record's (URL-encoded) value.
fn fill(path: &str, value_of: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &rest[open + 1..open + close];
        out.push_str(&encode(&value_of(name).unwrap_or_default()));
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// Percent-encodes everything but unreserved characters.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn reqwest_method(m: &HttpMethod) -> reqwest::Method {
    match m {
        HttpMethod::Get => reqwest::Method::GET,
        HttpMethod::Post => reqwest::Method::POST,
        HttpMethod::Put => reqwest::Method::PUT,
        HttpMethod::Patch => reqwest::Method::PATCH,
        HttpMethod::Delete => reqwest::Method::DELETE,
    }
}

fn method_name(m: &HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    }
}
