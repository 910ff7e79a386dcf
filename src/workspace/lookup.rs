//! Resolving a flow's references (system id, object name) against the workspace.

use std::fmt;

use super::{Connector, Object, System, Workspace};
use crate::model::SystemId;

/// Why a system object could not be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    UnknownSystem {
        system: SystemId,
        known: Vec<String>,
    },
    UnknownConnector {
        system: SystemId,
        connector: String,
    },
    /// The system's connector is the workspace's own, and its manifest has an error.
    BrokenConnector {
        system: SystemId,
        connector: String,
        manifest: std::path::PathBuf,
    },
    UnknownObject {
        system: String,
        object: String,
        known: Vec<String>,
    },
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownSystem { system, .. } => {
                write!(
                    f,
                    "the system `{system}` is not in the workspace's systems.ron"
                )
            }
            Self::UnknownConnector { system, connector } => {
                write!(
                    f,
                    "system `{system}` uses connector `{connector}`, which is not installed"
                )
            }
            Self::BrokenConnector {
                system,
                connector,
                manifest,
            } => write!(
                f,
                "system `{system}` uses the connector `{connector}`, whose manifest has an error (see the problems of the workspace): {}",
                manifest.display()
            ),
            Self::UnknownObject { system, object, .. } => {
                write!(f, "{system} has no object called `{object}`")
            }
        }
    }
}

impl Workspace {
    pub fn system(&self, id: &SystemId) -> Result<&System, Unresolved> {
        self.landscape
            .system(id)
            .ok_or_else(|| Unresolved::UnknownSystem {
                system: id.clone(),
                known: self
                    .landscape
                    .systems
                    .iter()
                    .map(|s| s.id.to_string())
                    .collect(),
            })
    }

    pub fn connector_of(&self, system: &System) -> Result<&Connector, Unresolved> {
        self.connectors.get(&system.connector).ok_or_else(|| {
            match self.broken_connectors.get(&system.connector) {
                Some(manifest) => Unresolved::BrokenConnector {
                    system: system.id.clone(),
                    connector: system.connector.clone(),
                    manifest: manifest.clone(),
                },
                None => Unresolved::UnknownConnector {
                    system: system.id.clone(),
                    connector: system.connector.clone(),
                },
            }
        })
    }

    /// The objects a system offers: its own declarations first, then its connector's.
    pub fn objects_of<'a>(&'a self, system: &'a System) -> impl Iterator<Item = &'a Object> + 'a {
        let connector_objects = self
            .connectors
            .get(&system.connector)
            .map(|c| c.objects.as_slice())
            .unwrap_or_default();
        system.objects.iter().chain(connector_objects)
    }

    /// The schema and operations of `object` in `system`.
    pub fn object(&self, system: &SystemId, object: &str) -> Result<&Object, Unresolved> {
        let sys = self.system(system)?;
        self.connector_of(sys)?;
        self.objects_of(sys)
            .find(|o| o.name == object)
            .ok_or_else(|| Unresolved::UnknownObject {
                system: sys.name.clone(),
                object: object.to_owned(),
                known: self.objects_of(sys).map(|o| o.name.clone()).collect(),
            })
    }
}
