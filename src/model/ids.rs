//! Stable identifiers. Ids are short slugs chosen once (`lookup_account`, `sales_crm`) and
//! never derived from a label or a position, so files diff cleanly and references survive
//! renames. The slug alphabet is restricted because ids appear inside wire strings
//! (`a:out -> b`) and in file names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string cannot be used as an id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("`{0}` is not a valid id: use letters, digits, `_` and `-` only")]
    BadCharacter(String),
}

/// Checks the slug alphabet shared by every id type.
pub fn validate_slug(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(IdError::BadCharacter(s.to_owned()));
    }
    Ok(())
}

/// A slug made from a name a person gave (`Won opportunities → ERP` gives
/// `won-opportunities-erp`): ASCII letters and digits lowercased, every other run of
/// characters one `-`, accents dropped with the letter kept where it is a plain one.
/// Empty when the name has no letter or digit at all.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    let mut gap = false;
    for c in name.chars() {
        let plain = match c {
            'à'..='å' | 'À'..='Å' => 'a',
            'è'..='ë' | 'È'..='Ë' => 'e',
            'ì'..='ï' | 'Ì'..='Ï' => 'i',
            'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' => 'o',
            'ù'..='ü' | 'Ù'..='Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            c => c,
        };
        if plain.is_ascii_alphanumeric() {
            if gap && !slug.is_empty() {
                slug.push('-');
            }
            gap = false;
            slug.push(plain.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    slug
}

macro_rules! slug_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Makes an id, refusing strings outside the slug alphabet.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                validate_slug(&s)?;
                Ok(Self(s))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }
    };
}

slug_id!(
    /// A node's id within its flow.
    NodeId
);
slug_id!(
    /// A system's id in the workspace's `systems.ron`.
    SystemId
);
slug_id!(
    /// A flow's id, unique within a workspace.
    FlowId
);
slug_id!(
    /// A port name on a node: `in`, `out`, or a branch case's name.
    PortId
);

impl NodeId {
    /// A fresh id starting with `stem` that `taken` does not know yet: `map`, `map-2`, `map-3`…
    pub fn fresh(stem: &str, taken: impl Fn(&str) -> bool) -> NodeId {
        let stem: String = stem
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        let stem = if stem.is_empty() {
            "node".to_owned()
        } else {
            stem
        };
        if !taken(&stem) {
            return NodeId(stem);
        }
        let mut n = 2u64;
        loop {
            let candidate = format!("{stem}-{n}");
            if !taken(&candidate) {
                return NodeId(candidate);
            }
            n += 1;
        }
    }
}

impl SystemId {
    /// What a step new from the palette names until the user picks its system.
    pub fn unchosen() -> SystemId {
        SystemId("choose_system".to_owned())
    }

    /// Whether this is the placeholder of a step whose system is not chosen yet.
    pub fn is_unchosen(&self) -> bool {
        self.0 == "choose_system"
    }
}

impl PortId {
    /// The single input port of every node that takes input.
    pub fn input() -> PortId {
        PortId("in".to_owned())
    }
    /// The main output port.
    pub fn output() -> PortId {
        PortId("out".to_owned())
    }
    /// The branch port taken when no case matches.
    pub fn otherwise() -> PortId {
        PortId("else".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_refuse_spaces_and_separators() {
        assert!(NodeId::new("lookup_account").is_ok());
        assert_eq!(NodeId::new(""), Err(IdError::Empty));
        assert!(NodeId::new("a b").is_err());
        assert!(NodeId::new("a:b").is_err());
        assert!(NodeId::new("a->b").is_err());
    }

    #[test]
    fn fresh_ids_skip_taken_ones() {
        let taken = ["map", "map-2"];
        let id = NodeId::fresh("Map", |s| taken.contains(&s));
        assert_eq!(id.as_str(), "map-3");
        assert_eq!(
            NodeId::fresh("Write to ERP!", |_| false).as_str(),
            "write_to_erp_"
        );
    }

    #[test]
    fn names_become_slugs() {
        assert_eq!(slugify("Won opportunities → ERP"), "won-opportunities-erp");
        assert_eq!(slugify("  Café orders (EU) "), "cafe-orders-eu");
        assert_eq!(slugify("→ ←"), "");
        assert!(validate_slug(&slugify("Ünïcode ✓ 42")).is_ok());
    }
}
