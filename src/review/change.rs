//! One difference between two versions of a flow, as data (for `--format json`) and as
//! a sentence a business user reads: "step “Build the order”: mapping of NetValue changed
//! from `Amount` to `Amount * 1.19`". Sentences are in words, never arrows, since the
//! designer's font has none.

use serde::Serialize;

use crate::model::NodeId;

/// One difference. Step changes carry the step's id and its (new) label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    FlowRenamed {
        old: String,
        new: String,
    },
    FlowIdChanged {
        old: String,
        new: String,
    },
    DescriptionChanged {
        old: String,
        new: String,
    },
    /// The team (and contact) that answers for the flow.
    OwnerChanged {
        old: Option<String>,
        new: Option<String>,
    },
    /// One of the catalog details: data element, volumes, frequency, synchronisation, notes.
    CatalogChanged {
        detail: String,
        old: Option<String>,
        new: Option<String>,
    },
    StepAdded {
        step: NodeId,
        label: String,
        step_kind: String,
    },
    StepRemoved {
        step: NodeId,
        label: String,
        step_kind: String,
    },
    StepRenamed {
        step: NodeId,
        old: String,
        new: String,
    },
    StepKindChanged {
        step: NodeId,
        label: String,
        old: String,
        new: String,
    },
    /// A setting of a step; `None` when the old or new version does not have it.
    SettingChanged {
        step: NodeId,
        label: String,
        setting: String,
        old: Option<String>,
        new: Option<String>,
        #[serde(skip)]
        formula: bool,
    },
    MappingAdded {
        step: NodeId,
        label: String,
        field: String,
        formula: String,
    },
    MappingRemoved {
        step: NodeId,
        label: String,
        field: String,
        formula: String,
    },
    MappingChanged {
        step: NodeId,
        label: String,
        field: String,
        old: String,
        new: String,
    },
    /// Wires as written in the file (`branch:parks -> map_parks`), with their ends' labels.
    WireAdded {
        wire: String,
        from: String,
        /// The branch case it leaves from, when it leaves a Branch.
        #[serde(skip_serializing_if = "Option::is_none")]
        from_port: Option<String>,
        to: String,
    },
    WireRemoved {
        wire: String,
        from: String,
        /// The branch case it leaves from, when it leaves a Branch.
        #[serde(skip_serializing_if = "Option::is_none")]
        from_port: Option<String>,
        to: String,
    },
    SamplesChanged {
        old: usize,
        new: usize,
    },
}

impl Change {
    /// The step this change is about (`None`: the flow's details or its connections).
    pub fn node(&self) -> Option<&NodeId> {
        match self {
            Self::StepAdded { step, .. }
            | Self::StepRemoved { step, .. }
            | Self::StepRenamed { step, .. }
            | Self::StepKindChanged { step, .. }
            | Self::SettingChanged { step, .. }
            | Self::MappingAdded { step, .. }
            | Self::MappingRemoved { step, .. }
            | Self::MappingChanged { step, .. } => Some(step),
            _ => None,
        }
    }

    /// The label of the step a change inside a step is about, for a "Step" column; `None`
    /// for additions, removals and renames, which name their step themselves.
    pub fn within_step(&self) -> Option<&str> {
        match self {
            Self::StepKindChanged { label, .. }
            | Self::SettingChanged { label, .. }
            | Self::MappingAdded { label, .. }
            | Self::MappingRemoved { label, .. }
            | Self::MappingChanged { label, .. } => Some(label),
            _ => None,
        }
    }

    /// The label of the step this change is about, for a "Step" column (the new label of
    /// a renamed step); `None` for the flow's details, wires and samples.
    pub fn step_label(&self) -> Option<&str> {
        match self {
            Self::StepRenamed { new, .. } => Some(new),
            Self::StepAdded { label, .. } | Self::StepRemoved { label, .. } => Some(label),
            _ => self.within_step(),
        }
    }

    /// The whole sentence: "step “Build the order”: mapping of NetValue changed …".
    pub fn text(&self) -> String {
        match self.within_step() {
            Some(label) => format!("step “{label}”: {}", self.detail()),
            None => self.detail(),
        }
    }

    /// The sentence without the step it is in (see [`Change::within_step`]).
    pub fn detail(&self) -> String {
        match self {
            Self::FlowRenamed { old, new } => format!("name changed from “{old}” to “{new}”"),
            Self::FlowIdChanged { old, new } => format!("flow id changed from {old} to {new}"),
            Self::DescriptionChanged { .. } => "description changed".into(),
            Self::OwnerChanged { old, new } => format!(
                "owner changed from {} to {}",
                old.as_deref().unwrap_or("nobody"),
                new.as_deref().unwrap_or("nobody")
            ),
            Self::CatalogChanged { detail, old, new } => {
                format!("catalog: {}", from_to(detail, old, new, false))
            }
            Self::StepAdded {
                label, step_kind, ..
            } => format!("added step “{label}” ({step_kind})"),
            Self::StepRemoved {
                label, step_kind, ..
            } => format!("removed step “{label}” ({step_kind})"),
            Self::StepRenamed { old, new, .. } => format!("renamed step “{old}” to “{new}”"),
            Self::StepKindChanged { old, new, .. } => {
                format!("changed from a {old} step to a {new} step")
            }
            Self::SettingChanged {
                setting,
                old,
                new,
                formula,
                ..
            } => from_to(setting, old, new, *formula),
            Self::MappingAdded { field, formula, .. } => {
                format!("new mapping of {field}: {}", code(formula))
            }
            Self::MappingRemoved { field, formula, .. } => {
                format!("mapping of {field} removed (was {})", code(formula))
            }
            Self::MappingChanged {
                field, old, new, ..
            } => format!(
                "mapping of {field} changed from {} to {}",
                code(old),
                code(new)
            ),
            Self::WireAdded {
                from,
                from_port,
                to,
                ..
            } => format!("connected “{from}”{} to “{to}”", case(from_port)),
            Self::WireRemoved {
                from,
                from_port,
                to,
                ..
            } => format!("disconnected “{from}”{} from “{to}”", case(from_port)),
            Self::SamplesChanged { old, new } => {
                format!("sample records changed ({old} before, {new} now)")
            }
        }
    }
}

/// "frequency changed from Daily to Hourly", "key set to `Id`", "key no longer set (was `Id`)".
fn from_to(name: &str, old: &Option<String>, new: &Option<String>, formula: bool) -> String {
    let show = |v: &str| if formula { code(v) } else { quoted(v) };
    match (old, new) {
        (Some(old), Some(new)) => format!("{name} changed from {} to {}", show(old), show(new)),
        (None, Some(new)) => format!("{name} set to {}", show(new)),
        (Some(old), None) => format!("{name} no longer set (was {})", show(old)),
        (None, None) => format!("{name} changed"),
    }
}

/// " (case parks)" for a wire from a branch's case.
fn case(port: &Option<String>) -> String {
    port.as_ref()
        .map(|p| format!(" (case {p})"))
        .unwrap_or_default()
}

/// A plain value, said as it is ("(empty)" when it is).
fn quoted(value: &str) -> String {
    if value.is_empty() {
        "(empty)".into()
    } else {
        value.to_owned()
    }
}

/// A formula as code: `Amount * 1.19`, with a longer fence when it holds a backtick, so
/// Markdown shows it whole.
pub fn code(formula: &str) -> String {
    if formula.is_empty() {
        "(empty)".into()
    } else if formula.contains('`') {
        format!("`` {formula} ``")
    } else {
        format!("`{formula}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_mapping_reads_as_a_sentence() {
        let c = Change::MappingChanged {
            step: NodeId::new("build_order").expect("id"),
            label: "Build the order".into(),
            field: "NetValue".into(),
            old: "Amount".into(),
            new: "Amount * 1.19".into(),
        };
        assert_eq!(
            c.text(),
            "step “Build the order”: mapping of NetValue changed from `Amount` to `Amount * 1.19`"
        );
        let json = serde_json::to_value(&c).expect("json");
        assert_eq!(json["change"], "mapping-changed");
        assert_eq!(json["step"], "build_order");
        assert_eq!(json["new"], "Amount * 1.19");
    }

    #[test]
    fn a_setting_that_appears_or_goes_says_so() {
        let none = None;
        assert_eq!(
            from_to("key", &none, &Some("Id".into()), true),
            "key set to `Id`"
        );
        assert_eq!(
            from_to("frequency", &Some("Daily".into()), &none, false),
            "frequency no longer set (was Daily)"
        );
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
