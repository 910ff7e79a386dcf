//! Sample records of a new flow: the Test run tab says its trigger has none before
//! anything runs, F5 runs nothing and says why, and the three ways to pin records —
//! the workspace's samples, the form, pasted JSON — pin them undoably; then F5 runs on
//! them and the saved file carries them.

use egui::{Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use switchboard::edit::sample_values::{example_of, records_from_json};
use switchboard::model::{Field, FieldType, Flow, NodeId, Record, SystemId, Value};
use switchboard::run;
use switchboard::ui::{sample_editor, samples};
use switchboard::workspace::Workspace;

use super::*;
use crate::support;

/// The designer on a scratch copy of the example workspace, with a new flow holding one
/// trigger, "When an Opportunity is updated", and the Test run tab showing.
struct NewFlow {
    ws: tempfile::TempDir,
    _recovery: tempfile::TempDir,
    h: Harness<'static, Designer>,
    trigger: NodeId,
}

fn new_flow() -> NewFlow {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::N);
    h.run_ok();
    let canvas = h.state().tab().expect("a new flow").canvas.rect;
    let trigger = add_from_palette(
        &mut h,
        "opportunity updated sales crm",
        "When an Opportunity is updated",
        canvas.left_center() + Vec2::new(40.0, -100.0),
    );
    h.get_by_label(BottomTab::TestRun.label()).click();
    h.run_ok();
    NewFlow {
        ws,
        _recovery: recovery,
        h,
        trigger,
    }
}

fn flow(h: &Harness<Designer>) -> Flow {
    h.state().tab().expect("tab").doc.flow().clone()
}

fn opportunity_fields(ws: &Workspace) -> Vec<Field> {
    let crm = SystemId::new("sales_crm").expect("id");
    ws.object(&crm, "Opportunity")
        .expect("object")
        .fields
        .clone()
}

/// Before anything runs the tab says the trigger has no records, and F5 runs nothing:
/// the status bar says why.
fn nothing_runs_without_samples(h: &mut Harness<Designer>) {
    h.get_by_label_contains(samples::NO_SAMPLES_YET);
    h.key_press(egui::Key::F5);
    h.run_ok();
    let tab = h.state().tab().expect("tab");
    assert!(
        tab.test_run.running.is_none() && tab.test_run.trace.is_none(),
        "nothing ran"
    );
    let missing = run::missing_samples(tab.doc.flow(), None).expect("no samples");
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.contains(&missing.to_string()), "{notice}");
}

/// Presses F5 and waits for the trace; the number of records the trigger emitted.
fn run_emits(h: &mut Harness<Designer>, trigger: &NodeId) -> usize {
    h.key_press(egui::Key::F5);
    wait_for_run(h);
    h.run_ok();
    let tab = h.state().tab().expect("tab");
    let trace = tab.test_run.trace.as_ref().expect("the run finished");
    let t = trace.node(trigger).expect("the trigger ran");
    assert!(t.errors.is_empty(), "{:?}", t.errors);
    t.output.len()
}

/// Saves the new flow (Ctrl+S, then Save in the file-name prompt) and reads it back.
fn save(h: &mut Harness<Designer>, ws: &std::path::Path) -> (String, Flow) {
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    let path = ws.join("new-flow-1.flow.ron");
    let text = std::fs::read_to_string(&path).expect("saved");
    let flow = switchboard::store::load_flow(&path).expect("loads");
    (text, flow)
}

/// Brings the button labelled `label` into view and clicks it.
fn press(h: &mut Harness<Designer>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run_ok();
    h.get_by_label(label).click();
    h.run_ok();
}

/// Clicks a text box labelled `label` and types `text` over what it holds.
fn type_into(h: &mut Harness<Designer>, label: &str, text: &str) {
    type_in(h, egui::accesskit::Role::TextInput, label, text);
}

fn type_in(h: &mut Harness<Designer>, role: egui::accesskit::Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(role, label).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.get_by_role_and_label(role, label).type_text(text);
    h.run_ok();
}

#[test]
fn records_from_the_workspace_samples_are_chosen_pinned_undone_and_run() {
    let NewFlow {
        ws, mut h, trigger, ..
    } = new_flow();
    nothing_runs_without_samples(&mut h);
    let workspace = Workspace::load(ws.path()).expect("workspace");
    let crm = SystemId::new("sales_crm").expect("id");
    let available = workspace.samples_of(&crm, "Opportunity").to_vec();
    assert_eq!(available.len(), 3);

    press(&mut h, samples::FROM_WORKSPACE);
    press(&mut h, samples::CHOOSE_ALL);
    press(&mut h, samples::PIN_CHOSEN);
    assert_eq!(flow(&h).samples, available);
    h.get_by_label(&samples::samples_button(3));

    // Remove is one undo step.
    h.get_all_by_label(samples::REMOVE)
        .next()
        .expect("a Remove button per record")
        .click();
    h.run_ok();
    assert_eq!(flow(&h).samples, available[1..]);
    h.key_press_modifiers(Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(flow(&h).samples, available, "undo brings the record back");

    assert_eq!(run_emits(&mut h, &trigger), 3);
    let (text, saved) = save(&mut h, ws.path());
    assert_eq!(saved.samples, available);
    assert!(
        text.contains("\"Name\": \"Harbor Hotel - terrace planters\""),
        "{text}"
    );
}

#[test]
fn a_record_filled_in_the_form_is_checked_pinned_edited_and_run() {
    let NewFlow {
        ws, mut h, trigger, ..
    } = new_flow();
    nothing_runs_without_samples(&mut h);
    press(&mut h, samples::FROM_FORM);
    let label = sample_editor::field_label;
    type_into(&mut h, &label("Name", true), "Harbor Hotel - benches");
    type_into(&mut h, &label("AccountId", true), "0015g00000AbC7eAAF");
    type_into(&mut h, &label("Amount", false), "1250.50");
    type_into(&mut h, &label("CloseDate", true), "2026-13-40");
    let role = egui::accesskit::Role::ComboBox;
    h.get_by_role_and_label(role, &label("StageName", true))
        .scroll_to_me();
    h.run_ok();
    choose(&mut h, &label("StageName", true), "Closed Won");

    // A date that is not one is caught before anything is pinned.
    press(&mut h, sample_editor::PIN_RECORD);
    assert!(flow(&h).samples.is_empty(), "nothing pinned");
    h.get_by_label_contains(&example_of(&FieldType::Date));
    type_into(&mut h, &label("CloseDate", true), "2026-12-01");
    press(&mut h, sample_editor::PIN_RECORD);
    let pinned = flow(&h).samples;
    assert_eq!(pinned.len(), 1, "one record pinned");
    let text = |s: &str| Value::Text(s.into());
    assert_eq!(pinned[0].get("StageName"), Some(&text("Closed Won")));
    assert_eq!(pinned[0].get("CloseDate"), Some(&text("2026-12-01")));
    assert_eq!(
        pinned[0].get("Amount"),
        Some(&Value::Number("1250.5".parse().expect("decimal")))
    );
    assert_eq!(
        pinned[0].len(),
        5,
        "blank boxes add no fields: {:?}",
        pinned[0]
    );

    // Edited again in the form: the same record changes.
    press(&mut h, samples::EDIT);
    type_into(&mut h, &label("Amount", false), "1300");
    press(&mut h, sample_editor::SAVE_CHANGES);
    let edited = flow(&h).samples;
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0].get("Amount"), Some(&Value::Integer(1300)));
    assert_eq!(edited[0].get("CloseDate"), Some(&text("2026-12-01")));

    assert_eq!(run_emits(&mut h, &trigger), 1);
    let (file, saved) = save(&mut h, ws.path());
    assert_eq!(saved.samples, edited);
    assert!(file.contains("\"CloseDate\": \"2026-12-01\""), "{file}");
}

#[test]
fn pasted_json_is_refused_with_where_and_why_then_pinned_and_run() {
    let NewFlow {
        ws, mut h, trigger, ..
    } = new_flow();
    nothing_runs_without_samples(&mut h);
    let fields = opportunity_fields(&Workspace::load(ws.path()).expect("workspace"));
    press(&mut h, samples::FROM_JSON);

    let broken = "{\"Name\": \"Harbor deal\",}";
    type_in(
        &mut h,
        egui::accesskit::Role::MultilineTextInput,
        samples::JSON_BOX,
        broken,
    );
    press(&mut h, samples::PIN_JSON);
    let problem = records_from_json(broken, &fields).expect_err("not JSON");
    assert_eq!(problem.at, Some((1, 24)));
    h.get_by_label(&problem.message);
    assert!(flow(&h).samples.is_empty());

    let unknown = r#"{"Name": "Harbor deal", "AccountId": "A1", "StageName": "Closed Won", "CloseDate": "2026-12-01", "Stagename": "Won"}"#;
    type_in(
        &mut h,
        egui::accesskit::Role::MultilineTextInput,
        samples::JSON_BOX,
        unknown,
    );
    press(&mut h, samples::PIN_JSON);
    let problem = records_from_json(unknown, &fields).expect_err("unknown field");
    assert!(problem.message.contains("Stagename"), "{}", problem.message);
    h.get_by_label(&problem.message);
    assert!(flow(&h).samples.is_empty());

    let good = r#"[{"Name": "Harbor deal", "AccountId": "A1", "StageName": "Closed Won", "CloseDate": "2026-12-01"}, {"Name": "Lakeside deal", "AccountId": "A2", "StageName": "Prospecting", "CloseDate": "2027-01-15", "Amount": 99.5}]"#;
    type_in(
        &mut h,
        egui::accesskit::Role::MultilineTextInput,
        samples::JSON_BOX,
        good,
    );
    press(&mut h, samples::PIN_JSON);
    let expected: Vec<Record> = records_from_json(good, &fields).expect("reads");
    assert_eq!(flow(&h).samples, expected);

    assert_eq!(run_emits(&mut h, &trigger), 2);
    let (file, saved) = save(&mut h, ws.path());
    assert_eq!(saved.samples, expected);
    assert!(file.contains("\"Name\": \"Lakeside deal\""), "{file}");
}
