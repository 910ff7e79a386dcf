//! Where a system's credential may go: under its registered endpoint. Every URL a live
//! run is about to call — built from the manifest, a next-page link or cursor, a
//! redirect — is parsed and compared with the endpoint part by part: scheme, host and
//! port exactly, no user name, and a path under the endpoint's path segment by segment.
//! A string prefix is no boundary (`:1808` is a prefix of `:18081`, `/api` of
//! `/api-admin`). Dot segments are refused however they are spelled (`..`, `%2e%2e`,
//! `..%2f`, backslashes): a server may undo an encoding the URL parser kept.

use percent_encoding::percent_decode_str;
use url::Url;

/// The registered endpoint of one system, parsed once.
#[derive(Clone, Debug)]
pub struct Scope {
    base: Url,
    /// The endpoint's path segments, decoded, without the empty one a trailing slash leaves.
    segments: Vec<String>,
}

/// Why a URL is outside an endpoint; each reads after "outside its endpoint … (".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Outside {
    #[error("it is not a web address")]
    NotAnAddress,
    #[error("it names a user before the host")]
    UserInfo,
    #[error("it uses {found} instead of {expected}")]
    Scheme { found: String, expected: String },
    #[error("it is another host")]
    Host,
    #[error("it is another port")]
    Port,
    #[error("it climbs out of a folder with ..")]
    DotSegment,
    #[error("its path is not under {0}")]
    Path(String),
}

/// Why a registered endpoint cannot be called; each reads after "is reached at …, which".
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Uncallable {
    #[error("is not a web address Switchboard can call ({0})")]
    NotAnAddress(String),
    #[error("is not an http:// or https:// address")]
    NotHttp,
    #[error(
        "names a user in the address: put the secret in the system's credential setting instead"
    )]
    UserInfo,
    #[error("climbs out of a folder with ..")]
    DotSegment,
}

impl Scope {
    /// The scope of a registry endpoint, or why a live run cannot call it.
    pub fn new(endpoint: &str) -> Result<Scope, Uncallable> {
        let base = Url::parse(endpoint).map_err(|e| Uncallable::NotAnAddress(e.to_string()))?;
        if !matches!(base.scheme(), "http" | "https") || base.host().is_none() {
            return Err(Uncallable::NotHttp);
        }
        if !base.username().is_empty() || base.password().is_some() {
            return Err(Uncallable::UserInfo);
        }
        if has_dot_segment(endpoint) {
            return Err(Uncallable::DotSegment);
        }
        let segments = decoded_segments(&base);
        Ok(Scope { base, segments })
    }

    /// `link` — absolute, or relative to `from` — as a URL under the endpoint, or why not.
    pub fn admit(&self, link: &str, from: Option<&Url>) -> Result<Url, Outside> {
        // Checked on the text as given: parsing would quietly resolve the dots away.
        if has_dot_segment(link) {
            return Err(Outside::DotSegment);
        }
        let url = match from {
            Some(from) => from.join(link),
            None => Url::parse(link),
        }
        .map_err(|_| Outside::NotAnAddress)?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Outside::UserInfo);
        }
        if url.scheme() != self.base.scheme() {
            return Err(Outside::Scheme {
                found: url.scheme().to_owned(),
                expected: self.base.scheme().to_owned(),
            });
        }
        if url.host() != self.base.host() {
            return Err(Outside::Host);
        }
        if url.port_or_known_default() != self.base.port_or_known_default() {
            return Err(Outside::Port);
        }
        if !decoded_segments(&url).starts_with(&self.segments) {
            return Err(Outside::Path(self.base.path().to_owned()));
        }
        Ok(url)
    }
}

/// The path segments of `url`, percent-decoded, the empty last one of `/a/` left out.
fn decoded_segments(url: &Url) -> Vec<String> {
    let mut segments: Vec<String> = url
        .path()
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    if segments.last().is_some_and(String::is_empty) {
        segments.pop();
    }
    segments
}

/// Whether the path of `link` holds a `.` or `..` segment, spelled plainly, with
/// backslashes, or percent-encoded (`%2e%2e`, `..%2f`, even twice over).
fn has_dot_segment(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or_default();
    path.split(['/', '\\']).any(|piece| {
        let mut text = piece.to_owned();
        // Three rounds of decoding cover `%252e` and the like; each round is a pass
        // over one short segment.
        for _ in 0..3 {
            if text.split(['/', '\\']).any(|p| p == "." || p == "..") {
                return true;
            }
            let decoded = percent_decode_str(&text).decode_utf8_lossy().into_owned();
            if decoded == text {
                break;
            }
            text = decoded;
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admit(endpoint: &str, link: &str) -> Result<String, Outside> {
        let scope = Scope::new(endpoint).expect("endpoint");
        let from = Url::parse(&format!("{endpoint}/things")).expect("url");
        scope.admit(link, Some(&from)).map(String::from)
    }

    #[test]
    fn a_port_or_path_that_only_starts_like_the_endpoint_is_outside() {
        let base = "http://127.0.0.1:1808";
        assert_eq!(
            admit(base, "http://127.0.0.1:18081/things"),
            Err(Outside::Port)
        );
        assert_eq!(
            admit(base, "http://127.0.0.1:1808@127.0.0.1:18081/things"),
            Err(Outside::UserInfo)
        );
        assert_eq!(
            admit("http://h.example/api", "http://h.example/api-admin/keys"),
            Err(Outside::Path("/api".into()))
        );
        assert_eq!(
            admit("http://h.example/api", "//other.example/api/x"),
            Err(Outside::Host)
        );
        assert_eq!(
            admit("http://h.example/api", "https://h.example/api/x"),
            Err(Outside::Scheme {
                found: "https".into(),
                expected: "http".into()
            })
        );
    }

    #[test]
    fn dot_segments_are_refused_however_they_are_spelled() {
        for link in [
            "/api/../admin/keys",
            "/api/./things",
            "/api/%2e%2e/admin/keys",
            "/api/.%2E/admin",
            "/api/%2E./admin",
            "/api/..%2fadmin/keys",
            "/api/..%5Cadmin",
            "/api/%252e%252e/admin",
            r"/api\..\admin\keys",
            "../admin",
            "http://h.example/api/x/../../admin",
        ] {
            assert_eq!(
                admit("http://h.example/api", link),
                Err(Outside::DotSegment),
                "{link}"
            );
        }
    }

    #[test]
    fn links_under_the_endpoint_are_admitted_whatever_their_form() {
        let base = "http://H.example:80/api";
        for (link, url) in [
            ("/api/things?page=2", "http://h.example/api/things?page=2"),
            ("?page=2", "http://h.example/api/things?page=2"),
            ("things2", "http://h.example/api/things2"),
            ("http://h.example/api", "http://h.example/api"),
            ("/api/a%2Fb?x=../y", "http://h.example/api/a%2Fb?x=../y"),
            ("/%61pi/things", "http://h.example/%61pi/things"),
        ] {
            assert_eq!(admit(base, link).as_deref(), Ok(url), "{link}");
        }
        let root = Scope::new("https://h.example").expect("endpoint");
        assert!(root.admit("https://h.example:443/x", None).is_ok());
        assert_eq!(
            root.admit("https://h.example:8443/x", None),
            Err(Outside::Port)
        );
    }

    #[test]
    fn endpoints_a_run_cannot_call_are_refused() {
        assert_eq!(
            Scope::new("smb://files/parks").err(),
            Some(Uncallable::NotHttp)
        );
        assert_eq!(
            Scope::new("https://user:pw@h.example/api").err(),
            Some(Uncallable::UserInfo)
        );
        assert!(Scope::new("not a url").is_err());
    }
}
