//! The landscape: every system the organisation's flows may touch, as listed in the
//! workspace's `systems.ron` — who owns it, how it is reached, which business data it is
//! the system of record for, what data it may hold and how many API calls it allows.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::connector::{CredentialRef, Object};
use crate::model::{Classification, Owner, SystemId};

/// The contents of `systems.ron`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Landscape {
    pub format: u32,
    pub systems: Vec<System>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: SystemId,
    pub name: String,
    pub kind: SystemKind,
    /// Missing owners are allowed here and reported by governance.
    #[serde(default)]
    pub owner: Option<Owner>,
    /// The id of a connector manifest.
    pub connector: String,
    /// Base URL or location per environment (`"production"`, `"test"`), e.g.
    /// `https://crm.example.com/api`, `smb://files01/parks/incoming`, `sqlite:data/stock.db`.
    pub endpoints: BTreeMap<String, String>,
    /// Business data elements this system is the system of record for.
    #[serde(default)]
    pub system_of_record: Vec<String>,
    /// Data classes the system is approved to hold.
    #[serde(default)]
    pub approved_classes: Vec<Classification>,
    #[serde(default)]
    pub api_calls_per_day: Option<u64>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Overrides the connector's default credential reference.
    #[serde(default)]
    pub credential: Option<CredentialRef>,
    /// For file drops and staging databases: the application that consumes what is
    /// written here (so governance can tell when that application has an API instead).
    #[serde(default)]
    pub feeds: Option<SystemId>,
    /// Objects in addition to the connector's (how generic connectors get their schemas).
    #[serde(default)]
    pub objects: Vec<Object>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SystemKind {
    Crm,
    Erp,
    Itsm,
    Pos,
    MarketingAutomation,
    Database,
    FileShare,
    Other,
}

impl SystemKind {
    /// The kind as a user says it: "CRM", "marketing automation".
    pub fn words(self) -> &'static str {
        match self {
            Self::Crm => "CRM",
            Self::Erp => "ERP",
            Self::Itsm => "service-desk (ITSM)",
            Self::Pos => "point-of-sale",
            Self::MarketingAutomation => "marketing automation",
            Self::Database => "database",
            Self::FileShare => "file share",
            Self::Other => "other",
        }
    }

    /// The kind as a placeholder name: `crm`, `marketing_automation`.
    pub fn slug(self) -> &'static str {
        match self {
            Self::Crm => "crm",
            Self::Erp => "erp",
            Self::Itsm => "itsm",
            Self::Pos => "pos",
            Self::MarketingAutomation => "marketing_automation",
            Self::Database => "database",
            Self::FileShare => "file_share",
            Self::Other => "system",
        }
    }
}

/// How data travels to and from an endpoint, read from its address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Transport {
    Https,
    /// Plain HTTP: unencrypted.
    Http,
    Sftp,
    /// Plain FTP: unencrypted.
    Ftp,
    /// A Windows / SMB or NFS share: unencrypted on most networks.
    FileShare,
    /// A file on the machine running the flow.
    LocalFile,
    Unknown,
}

impl Transport {
    /// Reads the transport off an endpoint address.
    pub fn of_endpoint(url: &str) -> Transport {
        // Asked for every step on every check: compared in place, without a lowercase copy.
        let url = url.trim();
        let is =
            |scheme: &str, names: &[&str]| names.iter().any(|n| scheme.eq_ignore_ascii_case(n));
        match url.split_once("://").map(|(s, _)| s) {
            Some(s) if is(s, &["https", "wss"]) => Self::Https,
            Some(s) if is(s, &["http", "ws"]) => Self::Http,
            Some(s) if is(s, &["sftp", "ftps"]) => Self::Sftp,
            Some(s) if is(s, &["ftp"]) => Self::Ftp,
            Some(s) if is(s, &["smb", "cifs", "nfs"]) => Self::FileShare,
            Some(s) if is(s, &["file"]) => Self::LocalFile,
            _ if url.starts_with("\\\\") => Self::FileShare,
            _ if url
                .get(..7)
                .is_some_and(|p| p.eq_ignore_ascii_case("sqlite:")) =>
            {
                Self::LocalFile
            }
            _ => Self::Unknown,
        }
    }

    pub fn is_encrypted(self) -> bool {
        matches!(self, Self::Https | Self::Sftp | Self::LocalFile)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Https => "HTTPS",
            Self::Http => "plain HTTP",
            Self::Sftp => "SFTP",
            Self::Ftp => "plain FTP",
            Self::FileShare => "a network file share",
            Self::LocalFile => "a local file",
            Self::Unknown => "an unknown transport",
        }
    }
}

impl System {
    /// The transports of all the system's endpoints, least safe first.
    pub fn transports(&self) -> Vec<(String, Transport)> {
        let mut all: Vec<_> = self
            .endpoints
            .iter()
            .map(|(env, url)| (env.clone(), Transport::of_endpoint(url)))
            .collect();
        all.sort_by_key(|(_, t)| t.is_encrypted());
        all
    }

    pub fn is_system_of_record_for(&self, data_element: &str) -> bool {
        self.system_of_record
            .iter()
            .any(|d| d.eq_ignore_ascii_case(data_element))
    }
}

impl Landscape {
    pub fn system(&self, id: &SystemId) -> Option<&System> {
        self.systems.iter().find(|s| &s.id == id)
    }
}

/// The path a local endpoint (`file:drops/parks`, `sqlite:data/stock.db`) names relative to
/// the workspace folder, or why it is refused: absolute paths and `..` could reach any
/// file on the machine, and file and database connectors work only inside the workspace.
pub fn local_path<'a>(endpoint: &'a str, scheme: &str) -> Option<Result<&'a Path, String>> {
    let relative = endpoint.strip_prefix(scheme)?.trim_start_matches("//");
    let path = Path::new(relative);
    let escapes = path.is_absolute()
        || relative.starts_with(['/', '\\'])
        || path
            .components()
            .any(|c| matches!(c, Component::ParentDir | Component::Prefix(_)));
    Some(if escapes {
        Err(format!(
            "{relative}, which is outside the workspace folder: file and database connectors only work inside it, so name a folder in it such as drops/parks"
        ))
    } else {
        Ok(path)
    })
}

/// A symbolic link on the way to a local endpoint that a run must not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkOut {
    /// The path leads, through a link, to `to`, outside the workspace folder.
    Outside { to: PathBuf },
    /// A link on the path points to `to`, which does not exist: writing would create
    /// it wherever that is.
    Dangling { to: PathBuf },
}

impl LinkOut {
    /// "data/x.db, which is a link to …": what is wrong with `path`, to follow "points to".
    pub fn describe(&self, path: &Path) -> String {
        match self {
            LinkOut::Outside { to } => format!(
                "{}, which is a link to {}, outside the workspace folder: file and database connectors only work inside it",
                path.display(),
                to.display()
            ),
            LinkOut::Dangling { to } => format!(
                "{}, which is a link to {}, a file that does not exist: Switchboard never creates a file through a link, so remove the link or point the endpoint at a path inside the workspace folder",
                path.display(),
                to.display()
            ),
        }
    }
}

/// Walks `relative` from `root` part by part, as far as it exists, and finds a link
/// on the way that leads out of `root` or to nothing. Reads only file metadata.
pub fn link_out(root: &Path, relative: &Path) -> Option<LinkOut> {
    let real_root = root.canonicalize().ok()?;
    let mut at = root.to_path_buf();
    for part in relative.components() {
        at.push(part);
        let meta = std::fs::symlink_metadata(&at).ok()?;
        if !meta.file_type().is_symlink() {
            continue;
        }
        match at.canonicalize() {
            Ok(real) if real.starts_with(&real_root) => {}
            Ok(real) => return Some(LinkOut::Outside { to: real }),
            Err(_) => {
                let target = std::fs::read_link(&at).unwrap_or_default();
                let to = at.parent().map_or(target.clone(), |p| p.join(&target));
                return Some(LinkOut::Dangling { to });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transports_are_read_off_the_address() {
        assert_eq!(
            Transport::of_endpoint("https://crm.example.com"),
            Transport::Https
        );
        assert_eq!(
            Transport::of_endpoint("HTTP://pos.local:8080/api"),
            Transport::Http
        );
        assert_eq!(
            Transport::of_endpoint("smb://files01/parks"),
            Transport::FileShare
        );
        assert_eq!(
            Transport::of_endpoint(r"\\files01\parks"),
            Transport::FileShare
        );
        assert_eq!(
            Transport::of_endpoint("sqlite:data/stock.db"),
            Transport::LocalFile
        );
        assert!(!Transport::of_endpoint("ftp://x").is_encrypted());
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_root_or_to_nothing_are_found_on_the_way() {
        let root = tempfile::tempdir().expect("temp dir");
        let outside = tempfile::tempdir().expect("temp dir");
        let link = |to: &Path, at: &str| {
            std::os::unix::fs::symlink(to, root.path().join(at)).expect("link")
        };
        std::fs::create_dir_all(root.path().join("data/inner")).expect("mkdir");
        link(outside.path(), "out");
        link(&outside.path().join("gone.db"), "data/gone.db");
        link(Path::new("inner"), "data/near");
        let real_outside = outside.path().canonicalize().expect("real");
        assert_eq!(
            link_out(root.path(), Path::new("out/x.db")),
            Some(LinkOut::Outside { to: real_outside })
        );
        assert_eq!(
            link_out(root.path(), Path::new("data/gone.db")),
            Some(LinkOut::Dangling {
                to: outside.path().join("gone.db")
            })
        );
        assert_eq!(link_out(root.path(), Path::new("data/near/x.db")), None);
        assert_eq!(link_out(root.path(), Path::new("data/new/x.db")), None);
    }
}
