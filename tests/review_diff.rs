//! The semantic diff over every example flow: each kind of change made to a copy of each
//! flow is reported as that kind, with its step, setting and old and new values; a move
//! on the canvas is no change of content; and the governance and exposure deltas follow
//! an edit that sends personal data where it should not go.

use switchboard::model::{
    Flow, Node, NodeId, Owner, Pos, ReadBy, RecordEvent, Schedule, Step, SystemId, Trigger, Wire,
    WriteAction,
};
use switchboard::review::{self, Change};

use crate::support;

fn examples() -> Vec<(String, Flow)> {
    support::example_flow_paths()
        .into_iter()
        .map(|p| {
            let flow = switchboard::store::load_flow(&p).expect("loads");
            (p.display().to_string(), flow)
        })
        .collect()
}

/// Changes one setting of `step` in place; returns the setting's name, its old and new
/// value as the diff should report them.
fn change_a_setting(step: &mut Step) -> (String, Option<String>, Option<String>) {
    let some = |a: &str, b: &str| (Some(a.to_owned()), Some(b.to_owned()));
    let (name, (old, new)) = match step {
        Step::Trigger(Trigger::RecordEvent { event, .. }) => {
            let was = event.verb();
            *event = if *event == RecordEvent::Created {
                RecordEvent::Updated
            } else {
                RecordEvent::Created
            };
            ("event", some(was, event.verb()))
        }
        Step::Trigger(Trigger::Schedule(s)) => {
            let Schedule::Daily { at } = s.clone() else {
                panic!("the examples' schedules run daily: {s:?}")
            };
            *s = Schedule::EveryHours(7);
            ("schedule", some(&format!("daily at {at}"), "every 7 hours"))
        }
        Step::Trigger(Trigger::Webhook { path, .. }) => {
            let was = path.clone();
            path.push_str("/v2");
            ("webhook path", some(&was, path))
        }
        Step::Branch { cases } => {
            let case = &mut cases[0];
            let was = case.condition.clone();
            case.condition = format!("NOT({was})");
            let name = format!("condition of case {}", case.port);
            let now = case.condition.clone();
            return (name, Some(was), Some(now));
        }
        Step::Trigger(Trigger::Manual { .. }) | Step::Map { .. } => {
            unreachable!("not chosen")
        }
        Step::Read { by, .. } => {
            let was = matches!(by, ReadBy::All);
            *by = if was {
                ReadBy::ChangedSinceLastRun
            } else {
                ReadBy::All
            };
            return ("records read".into(), None, None);
        }
        Step::Lookup { key, .. } => {
            let was = key.clone();
            key.push_str(" & \"\"");
            ("key", some(&was, key))
        }
        Step::Filter { condition } => {
            let was = condition.clone();
            *condition = format!("NOT({was})");
            ("condition", some(&was, condition))
        }
        Step::ForEach { list } => {
            let was = list.clone();
            *list = "Items".into();
            ("list", some(&was, "Items"))
        }
        Step::Write { action, .. } => {
            let was = action.verb();
            *action = if matches!(action, WriteAction::Create) {
                WriteAction::Delete { key: "Id".into() }
            } else {
                WriteAction::Create
            };
            ("action", some(was, action.verb()))
        }
        Step::Note { text } => {
            let was = text.clone();
            *text = "Changed note".into();
            ("note text", some(&was, "Changed note"))
        }
        Step::Trigger(Trigger::SubflowInput { fields }) => {
            let was = fields.clone();
            fields.truncate(1);
            let text = |fields: &[switchboard::model::Field]| {
                fields
                    .iter()
                    .map(|f| {
                        format!(
                            "{} ({}, {})",
                            f.name,
                            f.field_type.describe(),
                            f.classification.label()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let now = text(fields);
            ("sub-flow input fields", some(&text(&was), &now))
        }
        Step::SubflowOutput { port, .. } => {
            let was = port.to_string();
            *port = switchboard::model::PortId::new("renamed").expect("id");
            ("output", some(&was, "renamed"))
        }
        Step::CallSubflow { subflow, .. } => {
            let was = subflow.to_string();
            *subflow = switchboard::model::FlowId::new("another").expect("id");
            ("sub-flow", some(&was, "another"))
        }
    };
    (name.to_owned(), old, new)
}

#[test]
fn every_kind_of_step_setting_change_says_its_setting_old_and_new() {
    let mut kinds_seen = std::collections::BTreeSet::new();
    for (name, old) in examples() {
        for i in 0..old.nodes.len() {
            if matches!(
                old.nodes[i].step,
                Step::Map { .. } | Step::Trigger(Trigger::Manual { .. })
            ) {
                continue;
            }
            let mut new = old.clone();
            let node = &mut new.nodes[i];
            kinds_seen.insert(node.step.kind_name());
            let (setting, was, now) = change_a_setting(&mut node.step);
            let c = review::changes(&old, &new);
            let found = c.content.iter().find(|c| {
                matches!(c, Change::SettingChanged { setting: s, step, .. }
                    if *s == setting && *step == old.nodes[i].id)
            });
            let Some(Change::SettingChanged { old: o, new: n, .. }) = found else {
                panic!("{name}: no change of {setting} in {:?}", c.content);
            };
            if was.is_some() || now.is_some() {
                assert_eq!((o, n), (&was, &now), "{name}");
            }
            assert!(
                c.content.iter().all(|c| c.node() == Some(&old.nodes[i].id)),
                "{name}: only that step changed: {:?}",
                c.content
            );
            let line = found.expect("found").text();
            assert!(
                line.starts_with(&format!("step “{}”: {setting} ", old.nodes[i].label)),
                "{line}"
            );
        }
    }
    for kind in [
        "Trigger", "Read", "Lookup", "Filter", "Branch", "For each", "Write", "Note",
    ] {
        assert!(kinds_seen.contains(kind), "the examples have a {kind} step");
    }
}

#[test]
fn every_map_reports_each_mapping_added_removed_and_changed_with_its_formulas() {
    let mut maps = 0;
    for (name, old) in examples() {
        for i in 0..old.nodes.len() {
            let Step::Map { mappings, .. } = &old.nodes[i].step else {
                continue;
            };
            maps += 1;
            let mut fields = mappings.keys();
            let (first, second) = (fields.next().expect("a mapping").clone(), fields.next());
            let mut new = old.clone();
            let Step::Map { mappings, .. } = &mut new.nodes[i].step else {
                unreachable!()
            };
            let was = mappings[&first].clone();
            mappings.insert(first.clone(), format!("{was} & \"!\""));
            mappings.insert("BrandNewField".into(), "\"x\"".into());
            let removed = second.map(|f| (f.clone(), mappings.remove(f).expect("there")));
            let c = review::changes(&old, &new).content;
            let (step, label) = (old.nodes[i].id.clone(), old.nodes[i].label.clone());
            assert!(
                c.contains(&Change::MappingChanged {
                    step: step.clone(),
                    label: label.clone(),
                    field: first.clone(),
                    old: was.clone(),
                    new: format!("{was} & \"!\""),
                }),
                "{name}: {c:?}"
            );
            assert!(c.contains(&Change::MappingAdded {
                step: step.clone(),
                label: label.clone(),
                field: "BrandNewField".into(),
                formula: "\"x\"".into(),
            }));
            if let Some((field, formula)) = removed {
                let gone = Change::MappingRemoved {
                    step,
                    label: label.clone(),
                    field: field.clone(),
                    formula: formula.clone(),
                };
                assert!(c.contains(&gone), "{name}: {c:?}");
                assert_eq!(
                    gone.text(),
                    format!(
                        "step “{label}”: mapping of {field} removed (was {})",
                        review::code(&formula)
                    )
                );
            }
        }
    }
    assert!(maps >= 5, "the examples have Map steps");
}

#[test]
fn steps_added_removed_renamed_and_wires_are_matched_by_id_in_every_example() {
    for (name, old) in examples() {
        let mut new = old.clone();
        let trigger = new.nodes[0].id.clone();
        new.nodes[0].label.push_str(" (renamed)");
        let gone = new.nodes.pop().expect("a step");
        let wires_gone: Vec<Wire> = new
            .wires
            .iter()
            .filter(|w| w.from.node == gone.id || w.to.node == gone.id)
            .cloned()
            .collect();
        new.wires
            .retain(|w| w.from.node != gone.id && w.to.node != gone.id);
        let note = NodeId::new("review_note").expect("id");
        new.nodes.push(Node {
            id: note.clone(),
            label: "Ask finance".into(),
            step: Step::Note {
                text: "Check the totals".into(),
            },
        });
        let c = review::changes(&old, &new).content;
        assert!(
            c.contains(&Change::StepRenamed {
                step: trigger,
                old: old.nodes[0].label.clone(),
                new: new.nodes[0].label.clone(),
            }),
            "{name}: {c:?}"
        );
        assert!(c.contains(&Change::StepRemoved {
            step: gone.id.clone(),
            label: gone.label.clone(),
            step_kind: gone.step.kind_name().into(),
        }));
        assert!(c.contains(&Change::StepAdded {
            step: note,
            label: "Ask finance".into(),
            step_kind: "Note".into(),
        }));
        for w in wires_gone {
            assert!(
                c.iter().any(
                    |c| matches!(c, Change::WireRemoved { wire, .. } if *wire == w.to_string())
                ),
                "{name}: {c:?}"
            );
        }
        // Reconnecting a removed wire the other way round shows as connected.
        let mut rewired = old.clone();
        let w = rewired.wires.pop().expect("a wire");
        let back = Wire::between(w.to.node.clone(), w.from.node.clone());
        rewired.wires.push(back.clone());
        let c = review::changes(&old, &rewired).content;
        assert!(
            c.iter()
                .any(|c| matches!(c, Change::WireAdded { wire, .. } if *wire == back.to_string())),
            "{name}: {c:?}"
        );
    }
}

#[test]
fn catalog_details_and_owner_changes_say_old_and_new() {
    for (name, old) in examples() {
        let mut new = old.clone();
        new.catalog.data_element = Some("Something else".into());
        new.catalog.new_records_per_month = Some(1_234_567);
        new.owner = Some(Owner {
            team: "Data Office".into(),
            contact: String::new(),
        });
        let c = review::changes(&old, &new).content;
        assert!(
            c.contains(&Change::CatalogChanged {
                detail: "data element".into(),
                old: old.catalog.data_element.clone(),
                new: Some("Something else".into()),
            }),
            "{name}: {c:?}"
        );
        assert!(
            c.iter()
                .any(|c| c.text().starts_with("catalog: new records per month")
                    && c.text().ends_with("1,234,567")),
            "{name}: {c:?}"
        );
        assert!(
            c.iter().any(
                |c| matches!(c, Change::OwnerChanged { new: Some(t), .. } if t == "Data Office")
            ),
            "{name}: {c:?}"
        );
    }
}

#[test]
fn moving_every_step_of_every_example_changes_no_content() {
    for (name, old) in examples() {
        let mut new = old.clone();
        for pos in new.layout.0.values_mut() {
            *pos = Pos(pos.0 + 25.0, pos.1 - 5.0);
        }
        let c = review::changes(&old, &new);
        assert!(c.same_content(), "{name}: {c:?}");
        assert_eq!(c.moved, old.layout.0.len(), "{name}");
        assert_eq!(
            c.lines(),
            [format!("moved {} steps", old.layout.0.len())],
            "{name}"
        );
    }
}

/// The POS contact flow with its Write sent to the POS itself, a system reached over
/// plain HTTP: personal data now crosses an unencrypted network.
fn pos_flow_writing_over_http() -> (Flow, Flow) {
    let old = support::example_flow("pos-sale-to-crm-contact");
    let mut new = old.clone();
    let write = new
        .nodes
        .iter_mut()
        .find(|n| matches!(n.step, Step::Write { .. }))
        .expect("a write");
    let Step::Write { system, .. } = &mut write.step else {
        unreachable!()
    };
    *system = SystemId::new("sidewalk_pos").expect("id");
    (old, new)
}

#[test]
fn sending_personal_data_over_plain_http_is_a_new_finding_and_undoing_it_resolves_it() {
    let ws = support::example_workspace();
    let (good, bad) = pos_flow_writing_over_http();
    let is_http_send = |f: &switchboard::governance::Finding| {
        f.code == "personal-data-unencrypted"
            && f.message.contains("sends PII data")
            && f.message.contains("over plain HTTP")
    };
    let worse = review::findings_delta(&good, &bad, Some(&ws), &[]);
    assert_eq!(
        worse.new.iter().filter(|f| is_http_send(f)).count(),
        1,
        "{worse:#?}"
    );
    assert!(!worse.resolved.iter().any(is_http_send));
    // The POS trigger's own unencrypted read was there before and is still there.
    assert!(
        worse
            .still_open
            .iter()
            .any(|f| f.code == "personal-data-unencrypted" && f.message.contains("brings in")),
        "{worse:#?}"
    );
    let better = review::findings_delta(&bad, &good, Some(&ws), &[]);
    assert_eq!(
        better.resolved.iter().filter(|f| is_http_send(f)).count(),
        1
    );
    assert!(!better.new.iter().any(is_http_send), "{better:#?}");
}

#[test]
fn exposure_says_which_personal_data_now_reaches_which_system_and_which_no_longer() {
    let ws = support::example_workspace();
    let (good, bad) = pos_flow_writing_over_http();
    let d = review::exposure_delta(&good, &bad, &ws);
    let reach: Vec<String> = d
        .now_reaches
        .iter()
        .map(|e| e.describe("now reaches"))
        .collect();
    assert!(
        reach
            .iter()
            .any(|l| l.starts_with("PII now reaches Sidewalk POS (") && l.contains("Email")),
        "{d:#?}"
    );
    assert!(
        d.no_longer_reaches
            .iter()
            .any(|e| e.system.as_str() == "sales_crm" && e.class.label() == "PII"),
        "{d:#?}"
    );
    assert!(review::exposure_delta(&good, &good, &ws).is_empty());
    // Taking the personal fields out of the parks file stops PII reaching that share.
    let old = support::example_flow("service-request-to-work-order");
    let mut new = old.clone();
    for node in &mut new.nodes {
        if let Step::Map { target, mappings } = &mut node.step
            && target.system.as_str() == "parks_dropbox"
        {
            mappings.retain(|field, _| field != "RequestedBy" && field != "RequesterPhone");
        }
    }
    let d = review::exposure_delta(&old, &new, &ws);
    assert!(
        d.no_longer_reaches
            .iter()
            .any(|e| e.system.as_str() == "parks_dropbox"
                && e.fields == ["RequestedBy", "RequesterPhone"]),
        "{d:#?}"
    );
    let fixed = review::findings_delta(&old, &new, Some(&ws), &[]);
    assert!(
        fixed
            .resolved
            .iter()
            .any(|f| f.code == "personal-data-unencrypted" && f.message.contains("smb://")),
        "{fixed:#?}"
    );
}
