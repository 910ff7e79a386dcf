//! The inspector: the selected step's settings as a form generated from the connector
//! manifests (systems, objects, operations, fields to pick from), or, with nothing
//! selected, the flow's own details that the catalog and governance need. Every change
//! becomes a `Command`; typing in one box is one undo step.

use egui::Ui;

use super::designer::Designer;
use super::formula_box::{Mark, formula_box};
use super::mapping;
use crate::edit::{Command, FlowInfo};
use crate::governance::{Location, Severity};
use crate::model::{
    Frequency, Node, NodeId, Owner, PortId, ReadBy, RecordEvent, Schedule, Step, SyncType,
    SystemId, Trigger, WriteAction,
};
use crate::workspace::Workspace;

pub fn inspector_ui(designer: &mut Designer, ui: &mut Ui) {
    let Some(tab) = designer.tab() else {
        ui.label("Nothing to inspect: no flow is open.");
        return;
    };
    let selected = tab.selected_node().cloned();
    let count = tab.selection.len();
    egui::ScrollArea::vertical()
        .id_salt("inspector")
        .show(ui, |ui| match selected {
            Some(id) => node_ui(designer, ui, &id),
            None if count > 1 => {
                ui.heading(format!("{count} steps selected"));
                ui.label("Delete, duplicate or copy them together, or drag them as one.");
            }
            None => flow_info_ui(designer, ui),
        });
}

/// Applies a settings change to the active flow; keystrokes in one box merge.
pub fn set_step(designer: &mut Designer, node: &NodeId, step: Step, what: &str) {
    designer.apply(
        Command::SetStep {
            node: node.clone(),
            step,
        },
        &format!("Edit {what}"),
        Some(format!("{node}/{what}")),
    );
}

fn node_ui(designer: &mut Designer, ui: &mut Ui, id: &NodeId) {
    let Some(tab) = designer.tab() else { return };
    let Some(node) = tab.doc.flow().node(id).cloned() else {
        return;
    };
    let enabled = !tab.doc.read_only;
    let ws = designer.workspace.clone();
    ui.heading(format!(
        "{} {}",
        super::canvas::kind_icon(&node.step),
        node.step.kind_name()
    ));
    ui.label(
        egui::RichText::new(format!("id: {}", node.id))
            .small()
            .weak(),
    )
    .on_hover_text(
        "The step's permanent id: formulas and wires refer to it, so renaming never breaks them",
    );
    ui.add_space(4.0);

    let mut label = node.label.clone();
    ui.horizontal(|ui| {
        ui.label("Name");
        let r = ui
            .add_enabled(enabled, egui::TextEdit::singleline(&mut label))
            .on_hover_text("What this step is called on the canvas");
        if r.changed() {
            designer.apply(
                Command::Rename {
                    node: id.clone(),
                    label: label.clone(),
                },
                "Rename step",
                Some(format!("{id}/label")),
            );
        }
        if r.lost_focus() {
            seal(designer);
        }
    });
    findings_of_node_ui(designer, ui, id);
    ui.separator();

    let mut step = node.step.clone();
    let mut what = None;
    ui.add_enabled_ui(enabled, |ui| {
        what = step_form_ui(designer, ui, &node, &mut step, ws.as_deref());
    });
    if let Some(what) = what
        && step != node.step
    {
        set_step(designer, id, step, what);
    }
    if matches!(node.step, Step::Map { .. }) {
        ui.separator();
        mapping::mapping_editor_ui(designer, ui, id);
    }
}

fn seal(designer: &mut Designer) {
    if let Some(tab) = designer.tab_mut() {
        tab.doc.seal();
    }
}

fn findings_of_node_ui(designer: &Designer, ui: &mut Ui, id: &NodeId) {
    let Some(tab) = designer.tab() else { return };
    for f in tab
        .findings
        .iter()
        .filter(|f| f.location.node() == Some(id))
    {
        let colour = super::theme::severity(f.severity, ui.visuals());
        ui.colored_label(colour, format!("{}: {}", f.severity, f.message))
            .on_hover_text(format!("Fix: {}\nRule: {}", f.fix, f.code));
    }
}

/// Underlines for the formula in `field` of `node`.
pub fn marks_for(designer: &Designer, node: &NodeId, field: &str) -> Vec<Mark> {
    let Some(tab) = designer.tab() else {
        return Vec::new();
    };
    tab.findings
        .iter()
        .filter_map(|f| match &f.location {
            Location::Formula {
                node: n,
                field: fld,
                span,
            } if n == node && fld == field => Some(Mark {
                span: span.clone(),
                message: format!("{} {}", f.message, f.fix),
                error: f.severity == Severity::Error,
            }),
            _ => None,
        })
        .collect()
}

/// The names a formula on `node` can use: the fields of its input.
pub fn input_fields(designer: &Designer, node: &NodeId) -> Vec<String> {
    let Some(tab) = designer.tab() else {
        return Vec::new();
    };
    tab.schemas
        .as_ref()
        .and_then(|s| s.input(node))
        .map(|schema| schema.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default()
}

/// A labelled formula box for one setting; true when it changed.
fn formula_row(
    designer: &mut Designer,
    ui: &mut Ui,
    node: &NodeId,
    field: &str,
    caption: &str,
    tooltip: &str,
    text: &mut String,
) -> bool {
    let marks = marks_for(designer, node, field);
    let fields = input_fields(designer, node);
    let enabled = ui.is_enabled();
    let label = ui.label(caption).on_hover_text(tooltip);
    let id = egui::Id::new(("formula", node.as_str(), field));
    let r = formula_box(ui, id, text, &marks, &fields, enabled, label.id);
    if r.response.lost_focus() {
        seal(designer);
    }
    r.changed
}

fn system_picker(ui: &mut Ui, ws: Option<&Workspace>, id: &str, system: &mut SystemId) -> bool {
    let Some(ws) = ws else {
        ui.label(format!("System: {system}"));
        return false;
    };
    let current = ws
        .landscape
        .system(system)
        .map_or_else(|| format!("{system} (unknown)"), |s| s.name.clone());
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label("System");
        egui::ComboBox::from_id_salt((id, "system"))
            .selected_text(current)
            .show_ui(ui, |ui| {
                for s in &ws.landscape.systems {
                    if ui.selectable_label(&s.id == system, &s.name).clicked() && &s.id != system {
                        *system = s.id.clone();
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Which system of the workspace this step talks to");
    });
    changed
}

fn object_picker(
    ui: &mut Ui,
    ws: Option<&Workspace>,
    id: &str,
    system: &SystemId,
    object: &mut String,
) -> bool {
    let mut changed = false;
    let objects: Vec<(String, String)> = ws
        .and_then(|w| w.landscape.system(system).map(|s| (w, s)))
        .map(|(w, s)| {
            w.objects_of(s)
                .map(|o| (o.name.clone(), o.display_name().to_owned()))
                .collect()
        })
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let label = ui.label("Object");
        let shown = objects.iter().find(|(n, _)| n == object).map_or_else(
            || {
                if object.is_empty() {
                    "choose…".into()
                } else {
                    object.clone()
                }
            },
            |(_, l)| l.clone(),
        );
        egui::ComboBox::from_id_salt((id, "object"))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (name, label) in &objects {
                    if ui.selectable_label(name == object, label).clicked() && name != object {
                        *object = name.clone();
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("Which kind of record, from the system's connector");
    });
    changed
}

fn field_picker(
    ui: &mut Ui,
    ws: Option<&Workspace>,
    id: &str,
    caption: &str,
    system: &SystemId,
    object: &str,
    field: &mut String,
) -> bool {
    let names: Vec<String> = ws
        .and_then(|w| w.object(system, object).ok())
        .map(|o| o.fields.iter().map(|f| f.name.clone()).collect())
        .unwrap_or_default();
    let mut changed = false;
    ui.horizontal(|ui| {
        let label = ui.label(caption);
        egui::ComboBox::from_id_salt((id, caption))
            .selected_text(field.as_str())
            .show_ui(ui, |ui| {
                for name in &names {
                    if ui.selectable_label(name == field, name).clicked() && name != field {
                        *field = name.clone();
                        changed = true;
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    changed
}

/// The form for a step's settings; returns which setting changed.
fn step_form_ui(
    designer: &mut Designer,
    ui: &mut Ui,
    node: &Node,
    step: &mut Step,
    ws: Option<&Workspace>,
) -> Option<&'static str> {
    let id = node.id.as_str();
    let nid = &node.id;
    let mut what = None;
    match step {
        Step::Trigger(Trigger::RecordEvent {
            system,
            object,
            event,
            fields,
        }) => {
            if system_picker(ui, ws, id, system) {
                what = Some("system");
            }
            if object_picker(ui, ws, id, system, object) {
                what = Some("object");
            }
            ui.horizontal(|ui| {
                ui.label("When a record is");
                for e in [
                    RecordEvent::Created,
                    RecordEvent::Updated,
                    RecordEvent::Deleted,
                ] {
                    if ui
                        .radio_value(event, e, e.verb())
                        .on_hover_text("Which change starts the flow")
                        .changed()
                    {
                        what = Some("event");
                    }
                }
            });
            if *event == RecordEvent::Updated {
                let mut text = fields.join(", ");
                ui.label("Only when one of these fields changed (empty: any)");
                if ui
                    .text_edit_singleline(&mut text)
                    .on_hover_text("Field names separated by commas")
                    .changed()
                {
                    *fields = text
                        .split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty())
                        .collect();
                    what = Some("fields");
                }
            }
        }
        Step::Trigger(Trigger::Schedule(schedule)) => {
            ui.horizontal(|ui| {
                ui.label("Runs");
                let kinds = ["every few minutes", "every few hours", "daily", "weekly"];
                let current = match schedule {
                    Schedule::EveryMinutes(_) => 0,
                    Schedule::EveryHours(_) => 1,
                    Schedule::Daily { .. } => 2,
                    Schedule::Weekly { .. } => 3,
                };
                egui::ComboBox::from_id_salt((id, "schedule"))
                    .selected_text(kinds[current])
                    .show_ui(ui, |ui| {
                        for (i, k) in kinds.iter().enumerate() {
                            if ui.selectable_label(i == current, *k).clicked() && i != current {
                                *schedule = match i {
                                    0 => Schedule::EveryMinutes(15),
                                    1 => Schedule::EveryHours(1),
                                    2 => Schedule::Daily { at: "02:00".into() },
                                    _ => Schedule::Weekly {
                                        day: crate::model::Weekday::Monday,
                                        at: "02:00".into(),
                                    },
                                };
                                what = Some("schedule");
                            }
                        }
                    });
            });
            match schedule {
                Schedule::EveryMinutes(n) | Schedule::EveryHours(n) => {
                    if ui
                        .add(egui::DragValue::new(n).range(1..=1440).prefix("every "))
                        .on_hover_text("How many minutes or hours between runs")
                        .changed()
                    {
                        what = Some("schedule");
                    }
                }
                Schedule::Daily { at } | Schedule::Weekly { at, .. } => {
                    ui.horizontal(|ui| {
                        ui.label("at");
                        if ui
                            .text_edit_singleline(at)
                            .on_hover_text("Local time, such as 02:00")
                            .changed()
                        {
                            what = Some("schedule");
                        }
                    });
                }
            }
        }
        Step::Trigger(Trigger::Webhook { path, .. }) => {
            ui.label("Address path");
            if ui
                .text_edit_singleline(path)
                .on_hover_text("The path other systems call to start this flow")
                .changed()
            {
                what = Some("path");
            }
        }
        Step::Trigger(Trigger::Manual { inputs }) => {
            ui.label(format!(
                "Started by hand; asks for {} input(s).",
                inputs.len()
            ));
        }
        Step::Read { system, object, by } => {
            if system_picker(ui, ws, id, system) {
                what = Some("system");
            }
            if object_picker(ui, ws, id, system, object) {
                what = Some("object");
            }
            let kinds = [
                "one record by key",
                "records matching a condition",
                "all records (full copy)",
                "records changed since the last run",
            ];
            let current = match by {
                ReadBy::Key(_) => 0,
                ReadBy::Query(_) => 1,
                ReadBy::All => 2,
                ReadBy::ChangedSinceLastRun => 3,
            };
            ui.horizontal(|ui| {
                ui.label("Read");
                egui::ComboBox::from_id_salt((id, "by"))
                    .selected_text(kinds[current])
                    .show_ui(ui, |ui| {
                        for (i, k) in kinds.iter().enumerate() {
                            if ui.selectable_label(i == current, *k).clicked() && i != current {
                                *by = match i {
                                    0 => ReadBy::Key(String::new()),
                                    1 => ReadBy::Query("TRUE".into()),
                                    2 => ReadBy::All,
                                    _ => ReadBy::ChangedSinceLastRun,
                                };
                                what = Some("by");
                            }
                        }
                    });
            });
            if let ReadBy::Key(text) | ReadBy::Query(text) = by
                && formula_row(
                    designer,
                    ui,
                    nid,
                    "by",
                    "Formula",
                    "Which record(s) to read",
                    text,
                )
            {
                what = Some("by");
            }
        }
        Step::Lookup {
            system,
            object,
            match_field,
            key,
            into,
        } => {
            if system_picker(ui, ws, id, system) {
                what = Some("system");
            }
            if object_picker(ui, ws, id, system, object) {
                what = Some("object");
            }
            if field_picker(ui, ws, id, "Match on", system, object, match_field) {
                what = Some("match field");
            }
            if formula_row(
                designer,
                ui,
                nid,
                "key",
                "Value to match",
                "A formula over the incoming item, such as AccountId",
                key,
            ) {
                what = Some("key");
            }
            ui.horizontal(|ui| {
                ui.label("Attach as");
                if ui
                    .text_edit_singleline(into)
                    .on_hover_text(
                        "Later formulas reach the found record by this name, e.g. Account.Name",
                    )
                    .changed()
                {
                    what = Some("attach name");
                }
            });
        }
        Step::Map { target, .. } => {
            if system_picker(ui, ws, id, &mut target.system) {
                what = Some("target system");
            }
            let system = target.system.clone();
            if object_picker(ui, ws, id, &system, &mut target.object) {
                what = Some("target object");
            }
        }
        Step::Filter { condition } => {
            if formula_row(
                designer,
                ui,
                nid,
                "condition",
                "Let through only when",
                "A condition, such as StageName = \"Closed Won\"",
                condition,
            ) {
                what = Some("condition");
            }
        }
        Step::Branch { cases } => {
            let mut remove = None;
            for (i, case) in cases.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    ui.label("Path");
                    let mut name = case.port.to_string();
                    if ui
                        .text_edit_singleline(&mut name)
                        .on_hover_text("The name of this path (letters, digits, _ and -)")
                        .changed()
                        && let Ok(port) = PortId::new(crate::edit::palette::slug(&name))
                    {
                        case.port = port;
                        what = Some("path name");
                    }
                    if ui
                        .small_button("🗑")
                        .on_hover_text("Remove this path")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
                let field = case.port.to_string();
                if formula_row(
                    designer,
                    ui,
                    nid,
                    &field,
                    "when",
                    "Items for which this holds take this path",
                    &mut case.condition,
                ) {
                    what = Some("path condition");
                }
            }
            if let Some(i) = remove {
                cases.remove(i);
                what = Some("paths");
            }
            if ui
                .button("Add path")
                .on_hover_text("Add another path with its own condition")
                .clicked()
            {
                let mut n = cases.len() + 1;
                while cases.iter().any(|c| c.port.as_str() == format!("case_{n}")) {
                    n += 1;
                }
                cases.push(crate::model::BranchCase {
                    port: PortId::new(format!("case_{n}")).expect("a valid slug"),
                    condition: "TRUE".into(),
                });
                what = Some("paths");
            }
        }
        Step::ForEach { list } => {
            if formula_row(
                designer,
                ui,
                nid,
                "list",
                "For each entry of",
                "A list field of the incoming item, such as LineItems",
                list,
            ) {
                what = Some("list");
            }
        }
        Step::Write {
            system,
            object,
            action,
        } => {
            if system_picker(ui, ws, id, system) {
                what = Some("system");
            }
            if object_picker(ui, ws, id, system, object) {
                what = Some("object");
            }
            let current = action.verb();
            ui.horizontal(|ui| {
                ui.label("Action");
                egui::ComboBox::from_id_salt((id, "action"))
                    .selected_text(current)
                    .show_ui(ui, |ui| {
                        let key = ws
                            .and_then(|w| w.object(system, object).ok())
                            .map(|o| o.key.clone())
                            .unwrap_or_default();
                        for a in [
                            WriteAction::Create,
                            WriteAction::Update { key: String::new() },
                            WriteAction::Upsert {
                                match_field: key.clone(),
                            },
                            WriteAction::Delete { key: String::new() },
                        ] {
                            if ui.selectable_label(a.verb() == current, a.verb()).clicked()
                                && a.verb() != current
                            {
                                *action = a;
                                what = Some("action");
                            }
                        }
                    });
            });
            let (system, object) = (system.clone(), object.clone());
            match action {
                WriteAction::Update { key } | WriteAction::Delete { key } => {
                    if formula_row(
                        designer,
                        ui,
                        nid,
                        "key",
                        "Record key",
                        "Which record to change: a formula giving its key",
                        key,
                    ) {
                        what = Some("key");
                    }
                }
                WriteAction::Upsert { match_field } => {
                    if field_picker(ui, ws, id, "Match on", &system, &object, match_field) {
                        what = Some("match field");
                    }
                }
                WriteAction::Create => {}
            }
        }
        Step::Note { text } => {
            if ui
                .add(egui::TextEdit::multiline(text).desired_width(f32::INFINITY))
                .on_hover_text("A note for whoever reads this flow next")
                .changed()
            {
                what = Some("note");
            }
        }
    }
    what
}

fn flow_info_ui(designer: &mut Designer, ui: &mut Ui) {
    let Some(tab) = designer.tab() else { return };
    let enabled = !tab.doc.read_only;
    let before = FlowInfo::of(tab.doc.flow());
    let mut info = before.clone();
    let mut what = None;
    ui.heading("Flow");
    ui.label("Nothing selected: these are the flow's own details, used by the integration catalog and the checks.");
    ui.add_space(4.0);
    ui.add_enabled_ui(enabled, |ui| {
        egui::Grid::new("flow-info")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Name");
                if ui
                    .text_edit_singleline(&mut info.name)
                    .labelled_by(label.id)
                    .on_hover_text("What the flow is called in lists and reports")
                    .changed()
                {
                    what = Some("name");
                }
                ui.end_row();
                let label = ui.label("Description");
                if ui
                    .text_edit_multiline(&mut info.description)
                    .labelled_by(label.id)
                    .on_hover_text("What the flow does and why, in a sentence or two")
                    .changed()
                {
                    what = Some("description");
                }
                ui.end_row();
                let mut owner = info.owner.clone().unwrap_or(Owner {
                    team: String::new(),
                    contact: String::new(),
                });
                let label = ui.label("Owner team");
                let a = ui
                    .text_edit_singleline(&mut owner.team)
                    .labelled_by(label.id)
                    .on_hover_text("The team that answers for this flow")
                    .changed();
                ui.end_row();
                let label = ui.label("Contact");
                let b = ui
                    .text_edit_singleline(&mut owner.contact)
                    .labelled_by(label.id)
                    .on_hover_text("A person or mailbox to ask")
                    .changed();
                ui.end_row();
                if a || b {
                    info.owner =
                        (!owner.team.is_empty() || !owner.contact.is_empty()).then_some(owner);
                    what = Some("owner");
                }
                let catalog = &mut info.catalog;
                let mut element = catalog.data_element.clone().unwrap_or_default();
                ui.label("Data element");
                if ui
                    .text_edit_singleline(&mut element)
                    .on_hover_text("The business data it moves, such as Customer or Sales Order")
                    .changed()
                {
                    catalog.data_element = (!element.trim().is_empty()).then_some(element);
                    what = Some("data element");
                }
                ui.end_row();
                for (label, value, tip) in [
                    (
                        "New records / month",
                        &mut catalog.new_records_per_month,
                        "About how many new records it moves a month",
                    ),
                    (
                        "Changed records / month",
                        &mut catalog.changed_records_per_month,
                        "About how many changed records it moves a month",
                    ),
                ] {
                    ui.label(label);
                    let mut n = value.unwrap_or(0);
                    ui.horizontal(|ui| {
                        let mut known = value.is_some();
                        if ui
                            .checkbox(&mut known, "")
                            .on_hover_text("Whether the volume is known")
                            .changed()
                        {
                            *value = known.then_some(n);
                            what = Some("volumes");
                        }
                        if known
                            && ui
                                .add(egui::DragValue::new(&mut n).speed(10))
                                .on_hover_text(tip)
                                .changed()
                        {
                            *value = Some(n);
                            what = Some("volumes");
                        }
                    });
                    ui.end_row();
                }
                ui.label("Frequency");
                let frequencies = [
                    (None, "not set"),
                    (Some(Frequency::RealTime), "real time"),
                    (Some(Frequency::EveryMinutes(15)), "every 15 minutes"),
                    (Some(Frequency::Hourly), "hourly"),
                    (Some(Frequency::Daily), "daily"),
                    (Some(Frequency::Weekly), "weekly"),
                    (Some(Frequency::Monthly), "monthly"),
                    (Some(Frequency::OnDemand), "on demand"),
                ];
                let shown = match catalog.frequency {
                    Some(Frequency::EveryMinutes(n)) => format!("every {n} minutes"),
                    f => frequencies
                        .iter()
                        .find(|(v, _)| *v == f)
                        .map_or("not set", |(_, l)| l)
                        .to_owned(),
                };
                egui::ComboBox::from_id_salt("frequency")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (value, label) in frequencies {
                            if ui
                                .selectable_label(catalog.frequency == value, label)
                                .clicked()
                                && catalog.frequency != value
                            {
                                catalog.frequency = value;
                                what = Some("frequency");
                            }
                        }
                    });
                ui.end_row();
                ui.label("Synchronisation");
                ui.horizontal(|ui| {
                    for (value, label) in [
                        (None, "not set"),
                        (Some(SyncType::Delta), "changes only"),
                        (Some(SyncType::Full), "full copy"),
                    ] {
                        if ui.radio_value(&mut catalog.sync, value, label).changed() {
                            what = Some("synchronisation");
                        }
                    }
                });
                ui.end_row();
            });
    });
    if let Some(what) = what
        && info != before
    {
        designer.apply(
            Command::SetInfo(info),
            &format!("Edit flow {what}"),
            Some(format!("info/{what}")),
        );
    }
}

/// Fills unmapped target fields of the selected Map step from same-named input fields.
pub fn auto_map(designer: &mut Designer) {
    mapping::auto_map(designer);
}
