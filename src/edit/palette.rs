//! What can be added to a flow, derived from the workspace: its systems' connector
//! operations become triggers, reads, lookups and writes, next to the logic steps every
//! flow has. The designer's palette draws this list; the same list is what the tests add
//! from, so the palette never offers a step the core cannot build.

use crate::model::{
    BranchCase, ObjectRef, PortId, ReadBy, RecordEvent, Schedule, Step, SystemId, Trigger,
    WriteAction,
};
use crate::workspace::{OperationKind, Workspace};

/// The palette's sections, in the order they are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    Triggers,
    /// The workspace's sub-flows, each a "Call sub-flow" step.
    Reusable,
    Systems,
    Logic,
    Notes,
}

impl Group {
    pub const ALL: [Group; 5] = [
        Group::Triggers,
        Group::Reusable,
        Group::Systems,
        Group::Logic,
        Group::Notes,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Group::Triggers => "Triggers",
            Group::Reusable => "Reusable steps",
            Group::Systems => "Systems",
            Group::Logic => "Logic",
            Group::Notes => "Notes",
        }
    }
}

/// One thing the palette offers.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub group: Group,
    /// The system's name for system items (a sub-heading in the palette).
    pub system: Option<String>,
    /// What the palette shows: "Create Sales Order".
    pub title: String,
    /// The hover text: what the step does, in a sentence.
    pub tooltip: String,
    /// The label a new node gets.
    pub label: String,
    /// The start of a new node's id (made unique when added).
    pub id_base: String,
    pub step: Step,
}

impl Item {
    /// Whether the item matches what was typed in the palette's search box.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        query.is_empty()
            || query.split_whitespace().all(|word| {
                self.title.to_lowercase().contains(word)
                    || self
                        .system
                        .as_ref()
                        .is_some_and(|s| s.to_lowercase().contains(word))
            })
    }
}

/// Everything that can be added, grouped and in palette order.
pub fn items(workspace: Option<&Workspace>) -> Vec<Item> {
    let mut items = generic_triggers();
    if let Some(ws) = workspace {
        items.extend(reusable_items(ws));
        items.extend(system_items(ws));
    }
    items.extend(logic_items());
    items.push(Item {
        group: Group::Notes,
        system: None,
        title: "Note".into(),
        tooltip: "A sticky note on the canvas for whoever reads the flow next; it does nothing."
            .into(),
        label: "Note".into(),
        id_base: "note".into(),
        step: Step::Note {
            text: String::new(),
        },
    });
    items.sort_by_key(|i| i.group);
    items
}

fn generic_triggers() -> Vec<Item> {
    let item = |title: &str, tooltip: &str, id: &str, trigger: Trigger| Item {
        group: Group::Triggers,
        system: None,
        title: title.into(),
        tooltip: tooltip.into(),
        label: title.into(),
        id_base: id.into(),
        step: Step::Trigger(trigger),
    };
    vec![
        item(
            "Schedule",
            "Starts the flow on a timetable, such as every night at 02:00.",
            "schedule",
            Trigger::Schedule(Schedule::Daily { at: "02:00".into() }),
        ),
        item(
            "Webhook",
            "Starts the flow when another system calls its web address.",
            "webhook",
            Trigger::Webhook {
                path: "/hooks/new-flow".into(),
                payload: Vec::new(),
            },
        ),
        item(
            "Manual start",
            "Starts the flow when someone presses Run.",
            "manual",
            Trigger::Manual { inputs: Vec::new() },
        ),
        item(
            "Sub-flow input",
            "Makes this flow a sub-flow other flows call as one step: it starts with the fields each call hands it.",
            "input",
            Trigger::SubflowInput { fields: Vec::new() },
        ),
    ]
}

/// A "Call sub-flow" step for each of the workspace's sub-flows, its inputs filled with
/// the fields of the same names (the formula checks say which the records lack).
fn reusable_items(ws: &Workspace) -> Vec<Item> {
    ws.subflows
        .values()
        .map(|sub| {
            let flow = &sub.flow;
            let inputs = flow
                .subflow_inputs()
                .unwrap_or_default()
                .iter()
                .map(|f| (f.name.clone(), crate::formula::automap::reference(&f.name)))
                .collect();
            let tooltip = if flow.description.trim().is_empty() {
                format!("Runs the sub-flow '{}' on each item.", flow.name)
            } else {
                flow.description.trim().to_owned()
            };
            Item {
                group: Group::Reusable,
                system: None,
                title: flow.name.clone(),
                tooltip,
                label: flow.name.clone(),
                id_base: slug(flow.id.as_str()),
                step: Step::CallSubflow {
                    subflow: flow.id.clone(),
                    inputs,
                    outputs: flow.subflow_outputs().map(|(p, _)| p.clone()).collect(),
                },
            }
        })
        .collect()
}

fn system_items(ws: &Workspace) -> Vec<Item> {
    let mut items = Vec::new();
    for system in &ws.landscape.systems {
        for object in ws.objects_of(system) {
            let obj = object.display_name();
            let id = |verb: &str| slug(&format!("{verb}_{}", object.name));
            let mut add = |group: Group, title: String, tooltip: String, id_base: String, step| {
                items.push(Item {
                    group,
                    system: Some(system.name.clone()),
                    label: title.clone(),
                    title,
                    tooltip,
                    id_base,
                    step,
                })
            };
            for op in &object.operations {
                let sys = system.id.clone();
                let name = object.name.clone();
                match op.kind {
                    OperationKind::Trigger(event) => add(
                        Group::Triggers,
                        format!("When {} is {}", with_article(obj), event.verb()),
                        format!(
                            "Starts the flow each time {} is {} in {}.",
                            with_article(obj),
                            event.verb(),
                            system.name
                        ),
                        id(&format!("on_{}", event.verb())),
                        record_event(sys, name, event),
                    ),
                    OperationKind::Get => {
                        add(
                            Group::Systems,
                            format!("Look up {obj}"),
                            format!(
                                "Finds the matching {obj} in {} for each item and attaches it.",
                                system.name
                            ),
                            id("lookup"),
                            Step::Lookup {
                                system: sys.clone(),
                                object: name.clone(),
                                match_field: object.key.clone(),
                                key: String::new(),
                                into: slug(&object.name),
                            },
                        );
                        add(
                            Group::Systems,
                            format!("Read one {obj}"),
                            format!("Reads the {obj} with a given key from {}.", system.name),
                            id("read"),
                            Step::Read {
                                system: sys,
                                object: name,
                                by: ReadBy::Key(String::new()),
                            },
                        );
                    }
                    OperationKind::Query => add(
                        Group::Systems,
                        format!("Search {obj} records"),
                        format!(
                            "Reads the {obj} records of {} matching a condition.",
                            system.name
                        ),
                        id("search"),
                        Step::Read {
                            system: sys,
                            object: name,
                            by: ReadBy::Query("TRUE".into()),
                        },
                    ),
                    OperationKind::Changes => add(
                        Group::Systems,
                        format!("Read changed {obj} records"),
                        format!(
                            "Reads the {obj} records changed in {} since the flow last ran.",
                            system.name
                        ),
                        id("changed"),
                        Step::Read {
                            system: sys,
                            object: name,
                            by: ReadBy::ChangedSinceLastRun,
                        },
                    ),
                    OperationKind::Create
                    | OperationKind::Update
                    | OperationKind::Upsert
                    | OperationKind::Delete => {
                        let action = match op.kind {
                            OperationKind::Create => WriteAction::Create,
                            OperationKind::Update => WriteAction::Update { key: String::new() },
                            OperationKind::Upsert => WriteAction::Upsert {
                                match_field: object.key.clone(),
                            },
                            _ => WriteAction::Delete { key: String::new() },
                        };
                        add(
                            Group::Systems,
                            format!("{} {obj}", action.verb()),
                            format!("{} {obj} records in {}.", action.verb(), system.name),
                            id(&action.verb().to_lowercase().replace(' ', "_")),
                            Step::Write {
                                system: sys,
                                object: name,
                                action,
                            },
                        )
                    }
                }
            }
        }
    }
    items
}

fn record_event(system: SystemId, object: String, event: RecordEvent) -> Step {
    Step::Trigger(Trigger::RecordEvent {
        system,
        object,
        event,
        fields: Vec::new(),
    })
}

fn logic_items() -> Vec<Item> {
    let item = |title: &str, tooltip: &str, id: &str, step: Step| Item {
        group: Group::Logic,
        system: None,
        title: title.into(),
        tooltip: tooltip.into(),
        label: title.into(),
        id_base: id.into(),
        step,
    };
    vec![
        item(
            "Map fields",
            "Builds a record for the next system, one formula per field.",
            "map",
            Step::Map {
                target: ObjectRef {
                    system: SystemId::unchosen(),
                    object: String::new(),
                },
                mappings: Default::default(),
            },
        ),
        item(
            "Filter",
            "Lets through only the items for which a condition is true.",
            "filter",
            Step::Filter {
                condition: "TRUE".into(),
            },
        ),
        item(
            "Branch",
            "Sends each item down the first path whose condition is true, or to “else”.",
            "branch",
            Step::Branch {
                cases: vec![BranchCase {
                    port: PortId::new("case_1").expect("a valid slug"),
                    condition: "TRUE".into(),
                }],
            },
        ),
        item(
            "Sub-flow output",
            "Ends a sub-flow: what reaches it goes on from the calling step, through an output of this name.",
            "output",
            Step::SubflowOutput {
                port: PortId::new("result").expect("a valid slug"),
                fields: Vec::new(),
            },
        ),
        item(
            "For each",
            "Turns each entry of a list (such as an order's lines) into an item of its own.",
            "for_each",
            Step::ForEach {
                list: String::new(),
            },
        ),
    ]
}

/// "an Account", "a Sales order".
fn with_article(noun: &str) -> String {
    let vowel = noun
        .chars()
        .next()
        .is_some_and(|c| "AEIOUaeiou".contains(c));
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// A name made into an id: `Sales Order` and `SalesOrder` → `sales_order`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    let mut prev_lower = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if (gap || (prev_lower && c.is_ascii_uppercase())) && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c.to_ascii_lowercase());
        } else {
            gap = true;
        }
    }
    if out.is_empty() { "step".into() } else { out }
}
