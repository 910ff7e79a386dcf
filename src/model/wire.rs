//! Wires join an output port to an input port. In a file a wire is one line of text,
//! `"branch:parks -> map_parks"`, so adding or removing one is a one-line diff; the
//! default ports (`out` on the left, `in` on the right) are left out.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

use super::{IdError, NodeId, PortId};

/// One end of a wire.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRef {
    pub node: NodeId,
    pub port: PortId,
}

impl PortRef {
    pub fn new(node: NodeId, port: PortId) -> PortRef {
        PortRef { node, port }
    }
}

/// A connection from an output port to an input port. Wires are identified by their two
/// ends; a flow holds each at most once.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Wire {
    pub from: PortRef,
    pub to: PortRef,
}

impl Wire {
    /// A wire from `from`'s main output to `to`'s input.
    pub fn between(from: NodeId, to: NodeId) -> Wire {
        Wire {
            from: PortRef::new(from, PortId::output()),
            to: PortRef::new(to, PortId::input()),
        }
    }
}

/// Why a wire's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireParseError {
    #[error("a wire is written `\"from_node -> to_node\"` (ports as `node:port`), not `{0}`")]
    Shape(String),
    #[error("in wire `{wire}`: {source}")]
    Id { wire: String, source: IdError },
}

impl fmt::Display for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.from.node)?;
        if self.from.port != PortId::output() {
            write!(f, ":{}", self.from.port)?;
        }
        write!(f, " -> {}", self.to.node)?;
        if self.to.port != PortId::input() {
            write!(f, ":{}", self.to.port)?;
        }
        Ok(())
    }
}

impl FromStr for Wire {
    type Err = WireParseError;

    fn from_str(s: &str) -> Result<Wire, WireParseError> {
        let shape = || WireParseError::Shape(s.to_owned());
        let (left, right) = s.split_once("->").ok_or_else(shape)?;
        let end = |text: &str, default_port: PortId| -> Result<PortRef, WireParseError> {
            let text = text.trim();
            let id_err = |source| WireParseError::Id {
                wire: s.to_owned(),
                source,
            };
            match text.split_once(':') {
                Some((node, port)) => Ok(PortRef::new(
                    NodeId::new(node.trim()).map_err(id_err)?,
                    PortId::new(port.trim()).map_err(id_err)?,
                )),
                None => Ok(PortRef::new(
                    NodeId::new(text).map_err(id_err)?,
                    default_port,
                )),
            }
        };
        if right.contains("->") {
            return Err(shape());
        }
        Ok(Wire {
            from: end(left, PortId::output())?,
            to: end(right, PortId::input())?,
        })
    }
}

impl Serialize for Wire {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Wire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Wire, D::Error> {
        struct WireText;
        impl serde::de::Visitor<'_> for WireText {
            type Value = Wire;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a wire such as \"from_node -> to_node\"")
            }
            // Parses the borrowed text: a large flow has thousands of wires.
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Wire, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(WireText)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_are_left_out_of_the_text() {
        let w: Wire = "a -> b".parse().expect("parses");
        assert_eq!(w.from.port, PortId::output());
        assert_eq!(w.to.port, PortId::input());
        assert_eq!(w.to_string(), "a -> b");
        let w: Wire = "branch:parks -> map".parse().expect("parses");
        assert_eq!(w.from.port.as_str(), "parks");
        assert_eq!(w.to_string(), "branch:parks -> map");
    }

    #[test]
    fn malformed_wires_are_refused_with_the_shape() {
        assert!(matches!(
            "a b".parse::<Wire>(),
            Err(WireParseError::Shape(_))
        ));
        assert!(matches!(
            "a -> b -> c".parse::<Wire>(),
            Err(WireParseError::Shape(_))
        ));
        assert!(matches!(
            "a -> b c".parse::<Wire>(),
            Err(WireParseError::Id { .. })
        ));
    }
}
