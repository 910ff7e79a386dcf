//! The HTTP connector runtime for live runs: calls a system's API as its connector
//! manifest describes (operation paths, auth scheme, pagination, rate-limit answers),
//! only ever under the system's registered endpoint — every URL, next page and redirect
//! is compared with it as a parsed URL (`scope.rs`) before a credential goes with it.
//! Every fault becomes a sentence that names the system and says what to do; answers
//! are read within a size limit (`body.rs`), calls end at the run's time limit, and
//! credentials are looked up by reference and redacted from everything the run prints
//! or writes (`redact.rs`).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use reqwest::blocking::{Client, Response};
use url::Url;

use super::body::read_capped;
use super::deadline::Deadline;
use super::redact::{REDACTED, Redactor};
use super::scope::Scope;
use super::source::{Source, key_text, same};
use super::trace::Call;
use crate::model::{Record, SystemId, Value, WriteAction};
use crate::workspace::connector::{
    AuthScheme, CredentialRef, HttpMethod, Object, OperationKind, Pagination, Via,
};
use crate::workspace::{System, Workspace};

/// How many redirects one call follows, each inside the endpoint.
const MAX_REDIRECTS: u32 = 5;

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
    pub(super) workspace: &'w Workspace,
    client: Client,
    patience: Patience,
    /// Which endpoint of each system: `test` when it has one, else `production`.
    pub(super) environment: Option<String>,
    tokens: HashMap<SystemId, String>,
    pub(super) calls: Vec<Call>,
    deadline: Deadline,
    /// Every secret looked up or issued so far, to keep out of what the run writes.
    redactor: Redactor,
}

/// A system's place, manifest and object, resolved for one call.
pub(super) struct Target<'w> {
    pub(super) system: &'w System,
    base: String,
    scope: Scope,
    pub(super) object: &'w Object,
    auth: (&'w AuthScheme, CredentialRef),
    pub(super) pagination: &'w Pagination,
    /// The largest answer read from one call, and the connector whose manifest sets it.
    max_response_mb: u64,
    connector: &'w str,
}

impl Target<'_> {
    /// `link` — absolute, or relative to `from` — as a URL under the system's endpoint,
    /// or the fault that refuses it.
    pub(super) fn admit(&self, link: &str, from: Option<&Url>) -> Result<Url, String> {
        self.scope.admit(link, from).map_err(|why| {
            format!(
                "{} pointed to {link}, outside its endpoint {} ({why}): not followed, and its credential was not sent there",
                self.system.name, self.base
            )
        })
    }
}

impl<'w> Live<'w> {
    pub fn new(
        workspace: &'w Workspace,
        environment: Option<String>,
        patience: Patience,
        deadline: Deadline,
    ) -> Result<Live<'w>, String> {
        let client = Client::builder()
            .timeout(patience.timeout)
            // Redirects are followed by `send`, and only inside the endpoint.
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
            deadline,
            redactor: known_secrets(workspace),
        })
    }

    /// The secrets of the run so far, for redacting what it leaves behind.
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    fn target(&self, system: &SystemId, object: &str) -> Result<Target<'w>, String> {
        let ws = self.workspace;
        let sys = ws.system(system).map_err(|e| e.to_string())?;
        let connector = ws.connector_of(sys).map_err(|e| e.to_string())?;
        let base = endpoint(sys, self.environment.as_deref())?;
        let scope = Scope::new(&base).map_err(|why| {
            format!(
                "{} is reached at {base}, which {why}: correct its endpoint in systems.ron",
                sys.name
            )
        })?;
        let object = ws.object(system, object).map_err(|e| e.to_string())?;
        let credential = sys
            .credential
            .clone()
            .unwrap_or_else(|| connector.auth.credential.clone());
        Ok(Target {
            system: sys,
            base,
            scope,
            object,
            auth: (&connector.auth.scheme, credential),
            pagination: &connector.pagination,
            max_response_mb: connector.max_response_mb,
            connector: &connector.id,
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

    /// The headers that prove who we are.
    fn auth_headers(&mut self, t: &Target) -> Result<Vec<(String, String)>, String> {
        Ok(match t.auth.0 {
            AuthScheme::None => Vec::new(),
            AuthScheme::ApiKey { header } => vec![(header.clone(), self.secret(t)?)],
            AuthScheme::Bearer => {
                vec![(
                    "Authorization".into(),
                    format!("Bearer {}", self.secret(t)?),
                )]
            }
            AuthScheme::Basic { username } => {
                use base64::Engine;
                let secret = self.secret(t)?;
                self.redactor.add_basic(username, &secret);
                let pair = format!("{username}:{secret}");
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
                        let secret = self.secret(t)?;
                        let token = self.fetch_token(t, token_path, client_id, &secret)?;
                        self.redactor.add(&token);
                        self.tokens.insert(t.system.id.clone(), token.clone());
                        token
                    }
                };
                vec![("Authorization".into(), format!("Bearer {token}"))]
            }
        })
    }

    /// The system's secret, remembered for redaction.
    fn secret(&mut self, t: &Target) -> Result<String, String> {
        let secret = secret_of(&t.auth.1, &t.system.name)?;
        self.redactor.add(&secret);
        Ok(secret)
    }

    fn fetch_token(
        &mut self,
        t: &Target,
        token_path: &str,
        client_id: &str,
        secret: &str,
    ) -> Result<String, String> {
        let url = t.admit(&format!("{}{token_path}", t.base), None)?;
        if self.deadline.passed() {
            return Err(self.deadline.fault());
        }
        let started = Instant::now();
        let answer = self
            .client
            .post(url.clone())
            .timeout(self.call_timeout())
            .form(&[
                ("grant_type", "client_credentials"),
                ("client_id", client_id),
                ("client_secret", secret),
            ])
            .send();
        self.calls.push(Call {
            method: "POST".into(),
            url: url.to_string(),
            status: answer.as_ref().ok().map(|r| r.status().as_u16()),
            duration: started.elapsed(),
            headers: vec![("client_secret".into(), REDACTED.into())],
        });
        let response = answer.map_err(|e| self.transport_fault(&e, t))?;
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
        let text = self.body_text(t, response)?;
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
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

    /// One call to `url` (admitted by the endpoint's scope), following redirects that
    /// stay inside the endpoint; returns where the answer came from, and the answer.
    pub(super) fn send(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        mut url: Url,
        body: Option<&Record>,
    ) -> Result<(Url, Response), String> {
        let auth = self.auth_headers(t)?;
        let body = body
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| e.to_string())?;
        for _ in 0..=MAX_REDIRECTS {
            let (response, tries) = self.attempt(t, method, &url, &auth, body.as_deref())?;
            if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
                return judge(t, method, &url, response, tries).map(|r| (url, r));
            }
            url = redirect(t, method, &url, &response)?;
        }
        Err(format!(
            "{} redirected more than {MAX_REDIRECTS} times: not followed further ({url})",
            t.system.name
        ))
    }

    /// One URL, tried again on 429 and 503 honouring Retry-After, within the run's time
    /// limit; returns the answer and how many tries it took.
    fn attempt(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        url: &Url,
        auth: &[(String, String)],
        body: Option<&str>,
    ) -> Result<(Response, u32), String> {
        let mut tries = 0;
        loop {
            tries += 1;
            if self.deadline.passed() {
                return Err(self.deadline.fault());
            }
            let mut request = self
                .client
                .request(reqwest_method(method), url.clone())
                .timeout(self.call_timeout());
            for (name, value) in auth {
                request = request.header(name, value);
            }
            if let Some(json) = body {
                request = request
                    .header("Content-Type", "application/json")
                    .body(json.to_owned());
            }
            let started = Instant::now();
            let answer = request.send();
            self.calls.push(Call {
                method: method_name(method).into(),
                url: url.to_string(),
                status: answer.as_ref().ok().map(|r| r.status().as_u16()),
                duration: started.elapsed(),
                headers: auth
                    .iter()
                    .map(|(n, _)| (n.clone(), REDACTED.to_owned()))
                    .collect(),
            });
            let response = answer.map_err(|e| self.transport_fault(&e, t))?;
            let status = response.status().as_u16();
            if (status == 429 || status == 503) && tries < self.patience.tries {
                let asked = response
                    .headers()
                    .get("Retry-After")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                let backoff = Duration::from_millis(250 * 2u64.pow(tries - 1));
                let wait = asked.unwrap_or(backoff).min(self.patience.max_wait);
                std::thread::sleep(wait.min(self.deadline.remaining()));
                continue;
            }
            return Ok((response, tries));
        }
    }

    /// How long one call may wait: the patience, or what is left of the run's time.
    fn call_timeout(&self) -> Duration {
        self.patience.timeout.min(self.deadline.remaining())
    }

    /// A call that failed on the way: the time limit when that is what cut it short.
    fn transport_fault(&self, e: &reqwest::Error, t: &Target) -> String {
        if self.deadline.passed() {
            self.deadline.fault()
        } else {
            connection_fault(e, t)
        }
    }

    /// The answer's body as text, read within the connector's size limit.
    pub(super) fn body_text(&self, t: &Target, response: Response) -> Result<String, String> {
        let limit = t.max_response_mb.saturating_mul(1 << 20);
        let declared = response.content_length();
        match read_capped(response, declared, limit) {
            Ok(Some(bytes)) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Ok(None) => Err(format!(
                "{} sent an answer larger than {} MB, the most Switchboard reads from one call: ask for fewer records a page, or raise max_response_mb in the manifest of the connector “{}”",
                t.system.name, t.max_response_mb, t.connector
            )),
            Err(_) if self.deadline.passed() => Err(self.deadline.fault()),
            Err(e) => Err(format!("{} broke off its answer: {e}", t.system.name)),
        }
    }
}

/// Where a redirect leads, when the run may follow it: inside the endpoint, and for a
/// write only when the system asks to repeat the same request there (307, 308).
fn redirect(
    t: &Target,
    method: &HttpMethod,
    from: &Url,
    response: &Response,
) -> Result<Url, String> {
    let status = response.status().as_u16();
    let verb = method_name(method);
    let location = response
        .headers()
        .get("Location")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            format!(
                "{} answered {verb} {from} with a redirect (HTTP {status}) that does not say where to",
                t.system.name
            )
        })?;
    let to = t.scope.admit(location, Some(from)).map_err(|why| {
        format!(
            "{} redirected {verb} {from} to {location}, outside its endpoint {} ({why}): not followed, and its credential was not sent there",
            t.system.name, t.base
        )
    })?;
    if !matches!(status, 307 | 308) && !matches!(method, HttpMethod::Get) {
        return Err(format!(
            "{} answered {verb} {from} with a redirect to {to}: Switchboard does not send a write again to another address; point the system's endpoint in systems.ron where the system says",
            t.system.name
        ));
    }
    Ok(to)
}

/// The answer to a call, or the fault its status says.
fn judge(
    t: &Target,
    method: &HttpMethod,
    url: &Url,
    response: Response,
    tries: u32,
) -> Result<Response, String> {
    let status = response.status().as_u16();
    match status {
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
    }
}

/// The secrets at hand before any call: each system's credential that lives in an
/// environment variable, so a value that shows up anywhere is redacted even before its
/// system was called. Keyring entries are added when used (reading one may prompt).
fn known_secrets(workspace: &Workspace) -> Redactor {
    let mut redactor = Redactor::default();
    for system in &workspace.landscape.systems {
        let Ok(connector) = workspace.connector_of(system) else {
            continue;
        };
        let reference = system
            .credential
            .as_ref()
            .unwrap_or(&connector.auth.credential);
        let CredentialRef::Env(var) = reference else {
            continue;
        };
        let Ok(secret) = std::env::var(var) else {
            continue;
        };
        match &connector.auth.scheme {
            AuthScheme::Basic { username } => redactor.add_basic(username, &secret),
            _ => redactor.add(&secret),
        }
    }
    redactor
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
            let url = t.admit(
                &format!("{}{}", t.base, fill(path, &|_| Some(key_text(key)))),
                None,
            )?;
            return match self.send(&t, method, url, None) {
                Ok((_, response)) => Ok(self.records_of(&t, response)?.0.into_iter().next()),
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
        // A secret a system echoed into a record goes no further: not into a drop file,
        // a database row or another system.
        let mut record = record.clone();
        self.redactor.record(&mut record);
        let mut key = key.cloned();
        if let Some(k) = &mut key {
            self.redactor.value(k);
        }
        let (record, key) = (&record, key.as_ref());
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
        let url = t.admit(&format!("{}{}", t.base, fill(path, &value_of)), None)?;
        let body = (!matches!(action, WriteAction::Delete { .. })).then_some(record);
        self.send(&t, method, url, body)?;
        Ok(None)
    }

    fn take_calls(&mut self) -> Vec<Call> {
        std::mem::take(&mut self.calls)
    }
}

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

fn connection_fault(e: &reqwest::Error, t: &Target) -> String {
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

/// `url` with `name=value` added to (or replacing it in) its query.
pub(super) fn with_param(url: &str, name: &str, value: &str) -> String {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some(name))
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{}={}", encode(name), encode(value)));
    format!("{path}?{}", pairs.join("&"))
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
