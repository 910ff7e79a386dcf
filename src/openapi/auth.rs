//! How the imported system proves who calls it, from the description's security schemes
//! (Swagger 2.0 `securityDefinitions`, OpenAPI 3 `components.securitySchemes`). A scheme
//! a flow can use unattended wins over one that needs a person; the secret itself stays
//! outside every file, named by an environment variable the manifest points at.

use url::Url;

use super::document::Node;
use super::naming::env_name;
use super::spec::Spec;
use crate::workspace::connector::{Auth, AuthScheme, CredentialRef};

/// The scheme to use and what to tell the admin about it.
pub(super) fn auth(spec: &Spec, system: &str, endpoint: Option<&Url>) -> Auth {
    let schemes: Vec<(&String, &Node)> = if spec.is_swagger2() {
        spec.root.entries("securityDefinitions").collect()
    } else {
        spec.root
            .get("components")
            .map(|c| c.entries("securitySchemes").collect())
            .unwrap_or_default()
    };
    let mut candidates: Vec<(u8, Auth, Vec<String>)> = schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let (scheme, _) = spec.resolve(scheme, &format!("security scheme {name}"))?;
            candidate(spec, name, scheme, system, endpoint)
        })
        .collect();
    // Lowest rank first; the description's order breaks ties.
    candidates.sort_by_key(|(rank, ..)| *rank);
    let Some((_, auth, notes)) = candidates.into_iter().next() else {
        if schemes.is_empty() {
            spec.info(
                "auth",
                "the description declares no way to sign in: the system is called without credentials; if it needs some, set `auth` in the manifest (docs/connectors.md)",
            );
        }
        return Auth {
            scheme: AuthScheme::None,
            credential: CredentialRef::None,
        };
    };
    for note in notes {
        spec.left_out("auth", note);
    }
    auth
}

/// One scheme as a manifest auth, ranked (0 best) and with what the admin must fill in.
fn candidate(
    spec: &Spec,
    name: &str,
    scheme: &Node,
    system: &str,
    endpoint: Option<&Url>,
) -> Option<(u8, Auth, Vec<String>)> {
    let env = |what: &str| CredentialRef::Env(env_name(system, what));
    let kind = scheme.str("type").unwrap_or_default();
    let http_scheme = scheme
        .str("scheme")
        .unwrap_or_default()
        .to_ascii_lowercase();
    match (kind, http_scheme.as_str()) {
        ("apiKey", _) => {
            let param = scheme.str("name").unwrap_or("X-API-Key").to_owned();
            let scheme = match scheme.str("in") {
                Some("query") => AuthScheme::ApiKeyQuery { param },
                Some("header") | None => AuthScheme::ApiKey { header: param },
                Some(other) => {
                    spec.left_out(
                        format!("security scheme {name}"),
                        format!("an API key sent in a {other} is not something Switchboard can send; another scheme is used if there is one"),
                    );
                    return None;
                }
            };
            Some((
                1,
                Auth {
                    scheme,
                    credential: env("API_KEY"),
                },
                Vec::new(),
            ))
        }
        ("http", "bearer") => Some((
            2,
            Auth {
                scheme: AuthScheme::Bearer,
                credential: env("TOKEN"),
            },
            Vec::new(),
        )),
        ("basic", _) | ("http", "basic") => Some((
            3,
            Auth {
                scheme: AuthScheme::Basic {
                    username: String::new(),
                },
                credential: env("PASSWORD"),
            },
            vec![format!(
                "the user name for basic sign-in (scheme {name}) is not in the description: fill `username` in the manifest's auth"
            )],
        )),
        ("oauth2", _) => oauth2(spec, name, scheme, system, endpoint),
        _ => {
            spec.left_out(
                format!("security scheme {name}"),
                format!("the sign-in scheme `{kind}` is not one Switchboard can use (API key, basic, bearer, OAuth 2); another is used if there is one"),
            );
            None
        }
    }
}

fn oauth2(
    spec: &Spec,
    name: &str,
    scheme: &Node,
    system: &str,
    endpoint: Option<&Url>,
) -> Option<(u8, Auth, Vec<String>)> {
    // Swagger 2.0: one `flow` (application = client credentials, accessCode = code);
    // OpenAPI 3: `flows` with one entry per grant.
    let (client_credentials, code) = if let Some(flow) = scheme.str("flow") {
        let this = Some(scheme);
        match flow {
            "application" => (this, None),
            "accessCode" => (None, this),
            _ => (None, None),
        }
    } else {
        let flows = scheme.get("flows");
        (
            flows.and_then(|f| f.get("clientCredentials")),
            flows.and_then(|f| f.get("authorizationCode")),
        )
    };
    let token_url = |flow: &Node| token_path(flow.str("tokenUrl").unwrap_or_default(), endpoint);
    if let Some(flow) = client_credentials {
        let auth = Auth {
            scheme: AuthScheme::OAuth2ClientCredentials {
                token_path: token_url(flow),
                client_id: String::new(),
            },
            credential: CredentialRef::Env(env_name(system, "CLIENT_SECRET")),
        };
        let note = format!(
            "the OAuth 2 client id (scheme {name}) is not in the description: fill `client_id` in the manifest's auth with the id of the app the system's owner registers for Switchboard"
        );
        return Some((0, auth, vec![note]));
    }
    if let Some(flow) = code {
        let auth = Auth {
            scheme: AuthScheme::OAuth2AuthorizationCode {
                authorize_url: flow.str("authorizationUrl").unwrap_or_default().to_owned(),
                token_path: token_url(flow),
            },
            credential: CredentialRef::Env(env_name(system, "CLIENT_SECRET")),
        };
        let note = format!(
            "the only OAuth 2 sign-in (scheme {name}) needs a person to log in (authorization code): unattended runs cannot use it — ask the system's owner for a client-credentials app or an API key, and change the manifest's auth"
        );
        return Some((5, auth, vec![note]));
    }
    spec.left_out(
        format!("security scheme {name}"),
        "this OAuth 2 scheme offers neither client credentials nor an authorization code (implicit and password grants are not used for unattended flows)",
    );
    None
}

/// The token URL as the manifest keeps it: relative to the system's endpoint when it lies
/// under it, a whole URL otherwise. A relative URL in the description is relative to the
/// server (OpenAPI 3's rule), so it is resolved against the server before comparing.
fn token_path(written: &str, endpoint: Option<&Url>) -> String {
    let Some(endpoint) = endpoint else {
        return written.to_owned();
    };
    let Ok(absolute) = endpoint.join(written) else {
        return written.to_owned();
    };
    let base = endpoint.path().trim_end_matches('/');
    let same_origin = absolute.origin() == endpoint.origin();
    let under = absolute.path() == base || absolute.path().starts_with(&format!("{base}/"));
    if same_origin && under {
        let mut rest = absolute.path()[base.len()..].to_owned();
        if let Some(q) = absolute.query() {
            rest = format!("{rest}?{q}");
        }
        rest
    } else {
        absolute.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_urls_resolve_against_the_server_and_stay_relative_under_it() {
        let api = Url::parse("https://api-m.paypal.com").unwrap();
        assert_eq!(
            token_path("/v1/oauth2/token", Some(&api)),
            "/v1/oauth2/token"
        );
        let nested = Url::parse("https://x.example/api/v2").unwrap();
        assert_eq!(
            token_path("/oauth/token", Some(&nested)),
            "https://x.example/oauth/token"
        );
        assert_eq!(token_path("/api/v2/token", Some(&nested)), "/token");
        // A prefix of a path segment is not "under" it.
        assert_eq!(
            token_path("/api/v2x/token", Some(&nested)),
            "https://x.example/api/v2x/token"
        );
        assert_eq!(
            token_path("https://login.example/token", Some(&nested)),
            "https://login.example/token"
        );
    }
}
