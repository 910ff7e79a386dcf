//! The HTTP connector runtime for live runs: speaks HTTP to a system's API as its
//! connector manifest describes (operation paths, auth scheme, rate-limit answers),
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
use super::endpoint::endpoint;
use super::error::CallError;
use super::redact::{REDACTED, Redactor};
use super::scope::Scope;
use super::trace::Call;
use crate::model::{Record, SystemId};
use crate::workspace::connector::{
    AuthScheme, CredentialRef, HttpMethod, Object, OperationKind, Pagination, Param, Via,
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

/// A live run's HTTP client: the calls it made, the tokens it was issued and every secret
/// it has seen, within the run's patience and time limit.
pub(super) struct Http<'w> {
    workspace: &'w Workspace,
    client: Client,
    patience: Patience,
    /// Which endpoint of each system: `test` when it has one, else `production`.
    environment: Option<String>,
    tokens: HashMap<SystemId, String>,
    /// Every call of the run so far, in order (the local ones too, noted by `live.rs`).
    pub(super) calls: Vec<Call>,
    deadline: Deadline,
    /// Every secret looked up or issued so far, to keep out of what the run writes.
    redactor: Redactor,
}

/// An operation of the manifest carried out over HTTP.
pub(super) struct HttpOp<'o> {
    pub(super) method: &'o HttpMethod,
    pub(super) path: &'o str,
    /// The body field holding the records; empty: found by shape.
    pub(super) records_at: &'o str,
    pub(super) params: &'o [Param],
    /// Records go form-encoded rather than as JSON.
    pub(super) form: bool,
}

/// A record sent with a call, and how.
#[derive(Clone, Copy)]
pub(super) enum Payload<'r> {
    Json(&'r Record),
    Form(&'r Record),
}

impl Payload<'_> {
    /// The body's text and its content type.
    fn encode(self) -> Result<(String, &'static str), CallError> {
        match self {
            Payload::Json(record) => serde_json::to_string(record)
                .map(|text| (text, "application/json"))
                .map_err(|e| CallError::Setup(e.to_string())),
            Payload::Form(record) => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                for (name, value) in record.iter() {
                    form.append_pair(name, &super::source::form_text(value));
                }
                Ok((form.finish(), "application/x-www-form-urlencoded"))
            }
        }
    }
}

/// A system's place, manifest and object, resolved for one call.
pub(super) struct Target<'w> {
    pub(super) system: &'w System,
    pub(super) base: String,
    scope: Scope,
    pub(super) object: &'w Object,
    auth: (&'w AuthScheme, CredentialRef),
    pub(super) pagination: &'w Pagination,
    /// The largest answer read from one call, and the connector whose manifest sets it.
    max_response_mb: u64,
    connector: &'w str,
    /// The header the system takes an idempotency key in, if it takes one.
    pub(super) idempotency_header: Option<&'w str>,
}

impl Target<'_> {
    /// `link` — absolute, or relative to `from` — as a URL under the system's endpoint,
    /// or the fault that refuses it.
    pub(super) fn admit(&self, link: &str, from: Option<&Url>) -> Result<Url, CallError> {
        self.scope.admit(link, from).map_err(|why| {
            CallError::Answer(format!(
                "{} pointed to {link}, outside its endpoint {} ({why}): not followed, and its credential was not sent there",
                self.system.name, self.base
            ))
        })
    }
}

impl<'w> Http<'w> {
    pub(super) fn new(
        workspace: &'w Workspace,
        environment: Option<String>,
        patience: Patience,
        deadline: Deadline,
    ) -> Result<Http<'w>, CallError> {
        let client = Client::builder()
            .timeout(patience.timeout)
            // Redirects are followed by `send`, and only inside the endpoint.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| CallError::Setup(format!("could not start the HTTP client: {e}")))?;
        Ok(Http {
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
    pub(super) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The system's HTTP place, manifest and `object`, for the calls of one operation.
    pub(super) fn target(&self, system: &SystemId, object: &str) -> Result<Target<'w>, CallError> {
        let ws = self.workspace;
        let sys = ws.system(system).map_err(CallError::Unresolved)?;
        let connector = ws.connector_of(sys).map_err(CallError::Unresolved)?;
        let base = endpoint(sys, self.environment.as_deref())?;
        let scope = Scope::new(&base).map_err(|why| {
            CallError::Setup(format!(
                "{} is reached at {base}, which {why}: correct its endpoint in systems.ron",
                sys.name
            ))
        })?;
        let object = ws.object(system, object).map_err(CallError::Unresolved)?;
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
            idempotency_header: connector.idempotency_header.as_deref(),
        })
    }

    /// The object's `kind` operation over HTTP, if it has one.
    pub(super) fn operation<'o>(&self, t: &'o Target, kind: OperationKind) -> Option<HttpOp<'o>> {
        t.object
            .operations
            .iter()
            .find(|op| op.kind == kind)
            .and_then(|op| match &op.via {
                Via::Http { method, path, form } => Some(HttpOp {
                    method,
                    path,
                    form: *form,
                    records_at: &op.records_at,
                    params: &op.params,
                }),
                _ => None,
            })
    }

    /// The headers that prove who we are.
    fn auth_headers(&mut self, t: &Target) -> Result<Vec<(String, String)>, CallError> {
        Ok(match t.auth.0 {
            AuthScheme::None => Vec::new(),
            AuthScheme::ApiKey { header } => vec![(header.clone(), self.secret(t)?)],
            // Added to the URL by `send`; the secret is looked up there.
            AuthScheme::ApiKeyQuery { .. } => Vec::new(),
            AuthScheme::OAuth2AuthorizationCode { .. } => {
                return Err(CallError::Setup(format!(
                    "{} signs in only as a person (OAuth 2 authorization code), which a flow running on its own cannot do: ask the system's owner for a client-credentials app or an API key, and change `auth` in the connector `{}`",
                    t.system.name, t.connector
                )));
            }
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
    fn secret(&mut self, t: &Target) -> Result<String, CallError> {
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
    ) -> Result<String, CallError> {
        let url = token_url(t, token_path)?;
        if self.deadline.passed() {
            return Err(CallError::OutOfTime(self.deadline.fault()));
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
            return Err(CallError::Answer(format!(
                "{} could not issue a token: HTTP {status} from {url}",
                t.system.name
            )));
        }
        let text = self.body_text(t, response)?;
        let body: serde_json::Value = serde_json::from_str(&text).map_err(|_| {
            CallError::Answer(format!(
                "{} answered the token request with something that is not JSON",
                t.system.name
            ))
        })?;
        body.get("access_token")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .ok_or_else(|| {
                CallError::Answer(format!(
                    "{} answered the token request without an access_token",
                    t.system.name
                ))
            })
    }

    /// One call to `url` (admitted by the endpoint's scope), following redirects that
    /// stay inside the endpoint; returns where the answer came from, and the answer.
    pub(super) fn send(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        url: Url,
        body: Option<&Record>,
    ) -> Result<(Url, Response), CallError> {
        self.send_with(t, method, url, body.map(Payload::Json), Vec::new())
    }

    /// [`Http::send`] with `headers` added to the credentials' (a page size some APIs
    /// take as a header).
    pub(super) fn send_with(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        mut url: Url,
        body: Option<Payload>,
        headers: Vec<(String, String)>,
    ) -> Result<(Url, Response), CallError> {
        let mut auth = self.auth_headers(t)?;
        let query_key = match t.auth.0 {
            AuthScheme::ApiKeyQuery { param } => Some((param, self.secret(t)?)),
            _ => None,
        };
        let secret_headers = auth.len();
        auth.extend(headers);
        let body = body.map(Payload::encode).transpose()?;
        for _ in 0..=MAX_REDIRECTS {
            // On every URL, a redirect's too (it was admitted inside the endpoint).
            if let Some((param, key)) = &query_key {
                set_query_param(&mut url, param, key);
            }
            let (response, tries) =
                self.attempt(t, method, &url, (&auth, secret_headers), body.as_ref())?;
            if !matches!(response.status().as_u16(), 301 | 302 | 303 | 307 | 308) {
                return judge(t, method, &url, response, tries).map(|r| (url, r));
            }
            url = redirect(t, method, &url, &response)?;
        }
        Err(CallError::Answer(format!(
            "{} redirected more than {MAX_REDIRECTS} times: not followed further ({url})",
            t.system.name
        )))
    }

    /// One URL, tried again on 429 and 503 honouring Retry-After, within the run's time
    /// limit; returns the answer and how many tries it took.
    fn attempt(
        &mut self,
        t: &Target,
        method: &HttpMethod,
        url: &Url,
        (headers, secret): (&[(String, String)], usize),
        body: Option<&(String, &'static str)>,
    ) -> Result<(Response, u32), CallError> {
        let mut tries = 0;
        loop {
            tries += 1;
            if self.deadline.passed() {
                return Err(CallError::OutOfTime(self.deadline.fault()));
            }
            let mut request = self
                .client
                .request(reqwest_method(method), url.clone())
                .timeout(self.call_timeout());
            for (name, value) in headers {
                request = request.header(name, value);
            }
            if let Some((text, content_type)) = body {
                request = request
                    .header("Content-Type", *content_type)
                    .body(text.clone());
            }
            let started = Instant::now();
            let answer = request.send();
            self.calls.push(Call {
                method: method_name(method).into(),
                url: url.to_string(),
                status: answer.as_ref().ok().map(|r| r.status().as_u16()),
                duration: started.elapsed(),
                // The first `secret` headers carry credentials.
                headers: headers
                    .iter()
                    .enumerate()
                    .map(|(i, (n, v))| {
                        let shown = if i < secret { REDACTED } else { v.as_str() };
                        (n.clone(), shown.to_owned())
                    })
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
    fn transport_fault(&self, e: &reqwest::Error, t: &Target) -> CallError {
        if e.is_builder() {
            // Nothing was sent: a header value that HTTP does not allow, nearly always a
            // credential read with a line break at its end. No retry will mend it.
            return CallError::Setup(format!(
                "the call to {} could not be made: a header holds a character HTTP does not allow, such as a line break at the end of the credential in {}",
                t.system.name,
                credential_source(t)
            ));
        }
        if self.deadline.passed() {
            CallError::OutOfTime(self.deadline.fault())
        } else {
            CallError::Transport(connection_fault(e, t))
        }
    }

    /// The answer's body as text, read within the connector's size limit.
    pub(super) fn body_text(&self, t: &Target, response: Response) -> Result<String, CallError> {
        let limit = t.max_response_mb.saturating_mul(1 << 20);
        let declared = response.content_length();
        match read_capped(response, declared, limit) {
            Ok(Some(bytes)) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Ok(None) => Err(CallError::Answer(format!(
                "{} sent an answer larger than {} MB, the most Switchboard reads from one call: ask for fewer records a page, or raise max_response_mb in the manifest of the connector “{}”",
                t.system.name, t.max_response_mb, t.connector
            ))),
            Err(_) if self.deadline.passed() => Err(CallError::OutOfTime(self.deadline.fault())),
            Err(e) => Err(CallError::Transport(format!(
                "{} broke off its answer: {e}",
                t.system.name
            ))),
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
) -> Result<Url, CallError> {
    let status = response.status().as_u16();
    let verb = method_name(method);
    let location = response
        .headers()
        .get("Location")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            CallError::Answer(format!(
                "{} answered {verb} {from} with a redirect (HTTP {status}) that does not say where to",
                t.system.name
            ))
        })?;
    let to = t.scope.admit(location, Some(from)).map_err(|why| {
        CallError::Answer(format!(
            "{} redirected {verb} {from} to {location}, outside its endpoint {} ({why}): not followed, and its credential was not sent there",
            t.system.name, t.base
        ))
    })?;
    if !matches!(status, 307 | 308) && !matches!(method, HttpMethod::Get) {
        return Err(CallError::Answer(format!(
            "{} answered {verb} {from} with a redirect to {to}: Switchboard does not send a write again to another address; point the system's endpoint in systems.ron where the system says",
            t.system.name
        )));
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
) -> Result<Response, CallError> {
    let status = response.status().as_u16();
    let (system, method, url) = (t.system.name.clone(), method_name(method), url.to_string());
    match status {
        200..=299 => Ok(response),
        401 | 403 => Err(credentials_refused(t, status)),
        404 => Err(CallError::NotFound {
            system,
            method,
            url,
        }),
        429 => Err(CallError::RateLimited { system, tries }),
        500..=599 => Err(CallError::Failed {
            system,
            status,
            method,
            url,
        }),
        _ => Err(CallError::Status {
            system,
            status,
            method,
            url,
        }),
    }
}

/// The secrets at hand before any call: each system's credential that lives in an
/// environment variable, so a value that shows up anywhere is redacted even before its
/// system was called. Keyring entries are added when used (reading one may prompt).
pub(super) fn known_secrets(workspace: &Workspace) -> Redactor {
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

/// The user name under which Switchboard's keyring entries are stored.
pub const KEYRING_USER: &str = "switchboard";

fn secret_of(reference: &CredentialRef, system: &str) -> Result<String, CallError> {
    match reference {
        CredentialRef::None => Ok(String::new()),
        CredentialRef::Env(var) => std::env::var(var).map_err(|_| {
            CallError::Setup(format!(
                "the credential for {system} is not set: put it in the environment variable {var}"
            ))
        }),
        CredentialRef::Keyring(entry) => keyring::Entry::new(entry, KEYRING_USER)
            .and_then(|e| e.get_password())
            .map_err(|e| {
                CallError::Setup(format!(
                    "the credential for {system} should be in the OS keyring entry “{entry}” (user “{KEYRING_USER}”), but it could not be read ({e}): store it there, or name an environment variable in systems.ron instead"
                ))
            }),
    }
}

/// Where a target's credential comes from, in words.
fn credential_source(t: &Target) -> String {
    match &t.auth.1 {
        CredentialRef::Env(var) => format!("the environment variable {var}"),
        CredentialRef::Keyring(entry) => format!("the keyring entry “{entry}”"),
        CredentialRef::None => "no credential (the system wants one)".into(),
    }
}

fn credentials_refused(t: &Target, status: u16) -> CallError {
    CallError::Refused {
        system: t.system.name.clone(),
        status,
        reference: credential_source(t),
    }
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
    let encoded = encode(name);
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|p| {
            let written = p.split('=').next().unwrap_or_default();
            !p.is_empty() && written != name && written != encoded
        })
        .map(str::to_owned)
        .collect();
    pairs.push(format!("{encoded}={}", encode(value)));
    format!("{path}?{}", pairs.join("&"))
}

/// Sets query parameter `name` of `url` to `value`, replacing any it had (a next-page
/// link that echoes an API key must not send it twice).
fn set_query_param(url: &mut Url, name: &str, value: &str) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(n, _)| n != name)
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(name, value);
}

/// Where a token is asked for: `token_path` under the endpoint, or a whole URL on the
/// endpoint's own host (scheme, host and port compared as parsed, never as text).
fn token_url(t: &Target, token_path: &str) -> Result<Url, CallError> {
    let Ok(absolute) = Url::parse(token_path) else {
        return t.admit(&format!("{}{token_path}", t.base), None);
    };
    let base = Url::parse(&t.base).map_err(|e| CallError::Setup(e.to_string()))?;
    if absolute.origin() != base.origin() {
        return Err(CallError::Setup(format!(
            "{} would ask for its token at {absolute}, on another host than its endpoint {}: Switchboard sends a client secret only to the endpoint's own host — correct `token_path` in the connector `{}`",
            t.system.name, t.base, t.connector
        )));
    }
    Ok(absolute)
}

/// `"/Account/{Id}"` with `{Id}` replaced by the record's (URL-encoded) value.
pub(super) fn fill(path: &str, value_of: &dyn Fn(&str) -> Option<String>) -> String {
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

pub(super) fn method_name(m: &HttpMethod) -> &'static str {
    match m {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Delete => "DELETE",
    }
}
