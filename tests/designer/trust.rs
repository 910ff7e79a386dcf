//! Trust: nothing a user made is lost, review means read-only, and a flow that was not
//! checked against a workspace never looks approved. Each test does what a user would
//! (shortcuts, dialogs, typing) and looks at the files on disk.

use egui::Modifiers;
use egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable, by};

use super::*;
use crate::support;
use switchboard::model::{Flow, FlowId};
use switchboard::ui::Prompt;

fn press(h: &mut Harness<Designer>, modifiers: Modifiers, key: egui::Key) {
    h.key_press_modifiers(modifiers, key);
    h.run_ok();
}

/// Replaces the text of the box labelled `label` with `text`, as a user would.
fn retype(h: &mut Harness<Designer>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run_ok();
    h.key_combination_modifiers(Modifiers::COMMAND, &[egui::Key::A]);
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    h.run_ok();
}

/// The menu item of `command`, whose accessible label is its label and its shortcut.
fn menu_item<'h>(h: &'h Harness<Designer>, command: UiCommand) -> egui_kittest::Node<'h> {
    let label = command.label();
    h.get(by().role(Role::Button).predicate(move |n| {
        n.label().is_some_and(|l| {
            l == label
                || l.strip_prefix(label)
                    .is_some_and(|rest| rest.starts_with(' ') && !rest.trim().contains(' '))
        })
    }))
}

/// Finds a step with Ctrl+F and goes to it, as a user does with a step off-screen.
fn find_step(h: &mut Harness<Designer>, label: &str) {
    press(h, Modifiers::COMMAND, egui::Key::F);
    h.get_by_role_and_label(Role::TextInput, find::STEP_NAME)
        .type_text(label);
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
}

fn dialog_name(h: &Harness<Designer>) -> String {
    match &h.state().prompt {
        Some(Prompt::SaveAs(d)) => d.name.clone(),
        other => panic!("the Save as dialog is not open: {other:?}"),
    }
}

fn recovery_copies(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[cfg(target_os = "linux")]
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("Umask");
    u32::from_str_radix(line.trim(), 8).expect("octal")
}

#[test]
fn a_first_save_asks_for_the_name_and_never_replaces_a_file() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    // What an earlier session saved as its first new flow.
    let earlier = ws.path().join("new-flow-1.flow.ron");
    let id = FlowId::new("new-flow-1").expect("id");
    switchboard::store::save_flow(&earlier, &Flow::new(id, "Earlier work")).expect("saves");
    let earlier_bytes = std::fs::read(&earlier).expect("read");

    let mut h = harness(designer_on(ws.path(), recovery.path()));
    press(&mut h, Modifiers::COMMAND, egui::Key::N);
    assert_eq!(
        h.state().tab().expect("tab").doc.flow().id.as_str(),
        "new-flow-2",
        "a new flow never takes the id of a flow in the workspace"
    );
    retype(&mut h, inspector::FLOW_NAME, "Won opportunities to ERP");
    press(&mut h, Modifiers::COMMAND, egui::Key::S);
    h.get_by_label(save_as::TITLE);
    assert_eq!(dialog_name(&h), "won-opportunities-to-erp.flow.ron");

    // The name of the earlier flow: asked, and refused until the user says Replace.
    retype(&mut h, save_as::FILE_NAME, "new-flow-1");
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    h.get_by_label(save_as::REPLACE_TITLE);
    assert_eq!(std::fs::read(&earlier).expect("read"), earlier_bytes);
    h.get_by_label(save_as::ANOTHER_NAME).click();
    h.run_ok();
    retype(&mut h, save_as::FILE_NAME, "won-opportunities-to-erp");
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    assert!(h.state().prompt.is_none(), "saved: the dialog is closed");
    let saved = ws.path().join("won-opportunities-to-erp.flow.ron");
    let flow = switchboard::store::load_flow(&saved).expect("saved");
    assert_eq!(flow.name, "Won opportunities to ERP");
    assert_eq!(
        std::fs::read(&earlier).expect("read"),
        earlier_bytes,
        "untouched"
    );
    let tab = h.state().tab().expect("tab");
    assert_eq!(tab.doc.path.as_deref(), Some(saved.as_path()));
    assert!(!tab.doc.is_dirty());
    assert_eq!(
        flow.id.as_str(),
        "won-opportunities-to-erp",
        "a new flow takes its file's name as its id"
    );
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved)
            .expect("meta")
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o666 & !umask(), "shared as the umask says, not 0600");
    }

    // Another new flow over the first one: replaced only after Replace.
    press(&mut h, Modifiers::COMMAND, egui::Key::N);
    assert_eq!(h.state().tab().expect("tab").doc.flow().name, "New flow 2");
    press(&mut h, Modifiers::COMMAND, egui::Key::S);
    retype(
        &mut h,
        save_as::FILE_NAME,
        "won-opportunities-to-erp.flow.ron",
    );
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    h.get_by_label(save_as::REPLACE).click();
    h.run_ok();
    let replaced = switchboard::store::load_flow(&saved).expect("saved");
    assert_eq!(replaced.name, "New flow 2");
    // The first flow's tab, which showed that file, now shows what it holds.
    assert!(
        h.state()
            .tabs
            .iter()
            .filter(|t| t.doc.path.as_deref() == Some(saved.as_path()))
            .all(|t| t.doc.flow().name == "New flow 2")
    );
}

#[test]
fn a_file_created_while_the_dialog_is_open_is_not_replaced() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    press(&mut h, Modifiers::COMMAND, egui::Key::N);
    press(&mut h, Modifiers::COMMAND, egui::Key::S);
    let name = dialog_name(&h);
    // Another program creates the very file while the user is reading the dialog.
    let path = ws.path().join(&name);
    std::fs::write(&path, "someone else's").expect("write");
    h.get_by_label(save_as::SAVE).click();
    h.run_ok();
    h.get_by_label(save_as::REPLACE_TITLE);
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "someone else's"
    );
    // The core refuses too, whatever the dialog knew.
    let index = h.state().active;
    assert_eq!(h.state_mut().save_tab_to(index, &path, false), Ok(false));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "someone else's"
    );
}

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    retype(&mut h, inspector::FLOW_NAME, "Mine");
    let theirs = std::fs::read_to_string(&path)
        .expect("read")
        .replace("Reserve stock when a deal is won", "Theirs");
    std::fs::write(&path, &theirs).expect("someone else saves");
    h.get_by_role_and_label(Role::Button, menu::FILE).click();
    h.run_ok();
    menu_item(&h, UiCommand::Save).click();
    h.run_ok();
    h.get_by_label(save_as::CHANGED_TITLE);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs);
    h.get_by_label(save_as::REPLACE).click();
    h.run_ok();
    let saved = switchboard::store::load_flow(&path).expect("loads");
    assert_eq!(saved.name, "Mine");
}

#[test]
fn the_recovery_copy_follows_undo_and_goes_when_the_flow_is_clean() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    {
        let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
        find_step(&mut h, "Build the reservation");
        let quantity = h.get(by().role(Role::TextInput).label_contains("Quantity"));
        quantity.click();
        h.run_ok();
        h.key_press(egui::Key::End);
        h.get(by().role(Role::TextInput).label_contains("Quantity"))
            .type_text(" * 2");
        h.run_ok();
        h.state_mut().flush_recovery();
        assert_eq!(
            recovery_copies(recovery.path()).len(),
            2,
            "a copy and its record"
        );
        // Undo back to the saved state, from the Edit menu.
        h.get_by_role_and_label(Role::Button, menu::EDIT).click();
        h.run_ok();
        h.get(by().role(Role::Button).label_contains("Undo"))
            .click();
        h.run_ok();
        assert!(!h.state().tab().expect("tab").doc.is_dirty());
        h.state_mut().flush_recovery();
        assert_eq!(recovery_copies(recovery.path()), Vec::<String>::new());
        // The designer is killed here.
    }
    let h = harness(designer_on(ws.path(), recovery.path()));
    assert!(
        h.query_by_label(recovery_prompt::TITLE).is_none(),
        "nothing undone comes back"
    );
}

#[test]
fn copies_are_written_without_further_input() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    retype(
        &mut h,
        inspector::FLOW_NAME,
        "Typed, then the hands left the keyboard",
    );
    // No frame runs from here on: the copy must reach the disk on its own.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while recovery_copies(recovery.path()).len() < 2 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_eq!(recovery_copies(recovery.path()).len(), 2);
}

#[test]
fn a_saved_new_flow_is_not_offered_as_never_saved() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    {
        let mut h = harness(designer_on(ws.path(), recovery.path()));
        press(&mut h, Modifiers::COMMAND, egui::Key::N);
        retype(&mut h, inspector::FLOW_NAME, "Leads to CRM");
        h.state_mut().flush_recovery();
        assert_eq!(recovery_copies(recovery.path()).len(), 2);
        press(&mut h, Modifiers::COMMAND, egui::Key::S);
        h.get_by_label(save_as::SAVE).click();
        h.run_ok();
        assert!(ws.path().join("leads-to-crm.flow.ron").is_file());
        h.state_mut().flush_recovery();
        assert_eq!(recovery_copies(recovery.path()), Vec::<String>::new());
    }
    let h = harness(designer_on(ws.path(), recovery.path()));
    assert!(h.query_by_label(recovery_prompt::TITLE).is_none());
}

#[test]
fn each_recovered_flow_is_recovered_or_discarded_on_its_own() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let reserve = ws.path().join("opportunity-to-reservation.flow.ron");
    let pos = ws.path().join("pos-sale-to-crm-contact.flow.ron");
    let pos_bytes = std::fs::read(&pos).expect("read");
    {
        let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
        retype(&mut h, inspector::FLOW_NAME, "Reserve stock (recovered)");
        h.state_mut().open_path(&pos).expect("opens");
        h.run_ok();
        retype(&mut h, inspector::FLOW_NAME, "POS (thrown away)");
        h.state_mut().flush_recovery();
    }
    // Someone saves the POS flow's file meanwhile.
    let mut edited = switchboard::store::load_flow(&pos).expect("loads");
    edited.description = "Edited elsewhere.".into();
    switchboard::store::save_flow(&pos, &edited).expect("saves");
    let theirs = std::fs::read_to_string(&pos).expect("read");
    assert_ne!(theirs.as_bytes(), pos_bytes.as_slice());

    let mut h = harness(designer_on(ws.path(), recovery.path()));
    h.get_by_label(recovery_prompt::TITLE);
    h.get_by_label_contains(
        "name changed from “Reserve stock when a deal is won” to “Reserve stock (recovered)”",
    );
    h.get_by_label(recovery_prompt::CHANGED_SINCE);
    // The prompt lists the two in the order of their files: the POS flow's comes second.
    let discard = h
        .get_all_by_label(recovery_prompt::DISCARD)
        .nth(1)
        .expect("two");
    discard.click();
    h.run_ok();
    h.get_by_label(recovery_prompt::RECOVER).click();
    h.run_ok();
    assert!(h.state().prompt.is_none());
    let tab = h.state().tab().expect("the recovered flow");
    assert_eq!(tab.doc.path.as_deref(), Some(reserve.as_path()));
    assert_eq!(tab.doc.flow().name, "Reserve stock (recovered)");
    assert!(tab.doc.is_dirty(), "recovered work is unsaved");
    assert_eq!(
        std::fs::read_to_string(&pos).expect("read"),
        theirs,
        "discarded"
    );
    assert_eq!(
        h.state()
            .tabs
            .iter()
            .filter(|t| t.doc.path.as_deref() == Some(reserve.as_path()))
            .count(),
        1,
        "one tab per file"
    );
    h.state_mut().flush_recovery();
    // The recovered tab has a copy of its own again; the old ones are gone.
    assert_eq!(recovery_copies(recovery.path()).len(), 2);
}

#[test]
fn review_mode_greys_every_change_and_refuses_its_shortcuts() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let path = ws.path().join("opportunity-to-reservation.flow.ron");
    let before = std::fs::read(&path).expect("read");
    let mut designer = designer_on(ws.path(), recovery.path());
    designer.review = true;
    designer.open_path(&path).expect("opens");
    let mut h = harness(designer);

    h.get_by_role_and_label(Role::Button, menu::FILE).click();
    h.run_ok();
    for c in [UiCommand::NewFlow, UiCommand::Save, UiCommand::SaveAs] {
        let item = menu_item(&h, c);
        assert!(
            item.accesskit_node().is_disabled(),
            "{} is greyed",
            c.label()
        );
    }
    h.key_press(egui::Key::Escape);
    h.run_ok();
    for (modifiers, key) in [
        (Modifiers::COMMAND, egui::Key::N),
        (Modifiers::COMMAND, egui::Key::S),
        (Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::S),
    ] {
        press(&mut h, modifiers, key);
        assert_eq!(h.state().tabs.len(), 1, "no new flow");
        assert!(h.state().prompt.is_none(), "no dialog to save");
    }
    let notice = h.state().notice.clone().unwrap_or_default();
    assert!(notice.contains("review"), "{notice}");

    // Paste of copied steps.
    let flow = h.state().tab().expect("tab").doc.flow().clone();
    let set = [NodeId::new("find_account").expect("id")].into();
    let text = switchboard::edit::Fragment::copy(&flow, &set).to_text();
    h.event(egui::Event::Paste(text));
    h.run_ok();
    assert_eq!(
        h.state().tab().expect("tab").doc.flow(),
        &flow,
        "paste changes nothing"
    );

    // A drag on a node's header moves nothing, not even on screen.
    let node = NodeId::new("find_account").expect("id");
    let rect = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&node)
        .expect("drawn");
    let header = rect.left_top() + egui::vec2(12.0, 8.0);
    drag(&mut h, header, header + egui::vec2(160.0, 90.0));
    let after = h
        .state()
        .tab()
        .expect("tab")
        .canvas
        .node_rect(&node)
        .expect("drawn");
    assert!(
        (after.left_top() - rect.left_top()).length() < 1.0,
        "{rect:?} → {after:?}"
    );
    assert_eq!(h.state().tab().expect("tab").doc.flow(), &flow);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn no_shortcut_reaches_the_editor_behind_a_dialog() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "opportunity-to-reservation");
    let node = NodeId::new("find_account").expect("id");
    click_node(&mut h, &node);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, egui::Key::S);
    h.get_by_label(save_as::TITLE);
    // Focus off the file name box, as after a click on the dialog's text.
    h.state().tab().expect("tab");
    for (modifiers, key) in [
        (Modifiers::NONE, egui::Key::Delete),
        (Modifiers::COMMAND, egui::Key::N),
        (Modifiers::COMMAND, egui::Key::D),
    ] {
        press(&mut h, modifiers, key);
    }
    assert_eq!(h.state().tabs.len(), 1);
    assert!(nodes(&h).contains(&node), "Delete did not reach the canvas");
    assert!(!h.state().tab().expect("tab").doc.is_dirty());
}

#[test]
fn a_flow_from_outside_a_workspace_never_looks_approved() {
    let (_outside, path) = support::foreign_flow();
    let mut designer = Designer::new(Settings::default(), None);
    designer.open_path(&path).expect("opens");
    let mut h = harness(designer);
    h.get_by_label(designer::UNCHECKED_BANNER);
    h.get_by_label(menu::NOT_APPROVABLE);
    assert!(h.query_by_label(menu::READY).is_none());
    assert!(codes(&h).contains(&"not-checked-against-workspace".to_owned()));

    // The mappings can be looked at, as written.
    let map = h
        .state()
        .tab()
        .expect("tab")
        .doc
        .flow()
        .nodes
        .iter()
        .find(|n| matches!(n.step, switchboard::model::Step::Map { .. }))
        .expect("a map")
        .clone();
    click_node(&mut h, &map.id);
    let switchboard::model::Step::Map { mappings, .. } = &map.step else {
        unreachable!()
    };
    let (field, formula) = mappings.iter().next().expect("a mapping");
    h.get_by_label(field);
    h.get_by_label(formula);

    // Checked against the workspace it belongs to, its real problems show.
    h.state_mut()
        .check_against(&support::examples())
        .expect("a workspace");
    h.run_ok();
    let codes = codes(&h);
    assert!(
        codes.contains(&"personal-data-unencrypted".to_owned()),
        "{codes:?}"
    );
    assert!(!codes.contains(&"not-checked-against-workspace".to_owned()));
    assert!(
        h.state().tab().expect("tab").doc.read_only,
        "still someone else's file"
    );
    h.get_by_label(designer::REVIEW_BANNER);
}

#[test]
fn personal_data_is_masked_in_the_preview_until_revealed() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = open_flow_in(ws.path(), recovery.path(), "service-request-to-work-order");
    click_node(&mut h, &NodeId::new("build_parks_row").expect("id"));
    h.get_by_label(BottomTab::Preview.label()).click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("555 0187").is_none(),
        "the phone number is masked"
    );
    assert!(
        h.query_by_label_contains("Jordan Reyes").is_none(),
        "the name is masked"
    );
    assert!(h.query_all_by_label(personal::MASK).count() >= 2);
    h.get_by_label(personal::REVEAL).click();
    h.run_ok();
    h.get_by_label_contains("555 0187");
    // Reveal belongs to this flow: the next one opens masked.
    h.state_mut()
        .open_path(&ws.path().join("pos-sale-to-crm-contact.flow.ron"))
        .expect("opens");
    h.run_ok();
    assert!(!h.state().tab().expect("tab").reveal);
}

#[test]
fn open_with_a_workspace_checks_a_file_from_elsewhere_against_it() {
    let (outside, path) = support::foreign_flow();
    let mut designer = Designer::new(Settings::default(), None);
    // What `switchboard open --workspace flows/ shared.flow.ron` does.
    designer
        .open_against(&path, &support::examples())
        .expect("opens");
    let h = harness(designer);
    let codes = codes(&h);
    assert!(
        codes.contains(&"personal-data-unencrypted".to_owned()),
        "{codes:?}"
    );
    assert!(h.state().tab().expect("tab").doc.read_only);
    assert!(h.query_by_label(designer::UNCHECKED_BANNER).is_none());
    let bad = Designer::new(Settings::default(), None).open_against(&path, outside.path());
    assert!(
        bad.expect_err("not a workspace")
            .contains("not a workspace")
    );
}

#[test]
fn a_recovery_folder_that_cannot_be_written_is_said() {
    let ws = support::scratch_workspace();
    let blocker = tempfile::NamedTempFile::new().expect("temp file");
    // A file where the recovery folder should be: no copy can be written under it.
    let mut h = open_flow_in(
        ws.path(),
        &blocker.path().join("recovery"),
        "opportunity-to-reservation",
    );
    retype(&mut h, inspector::FLOW_NAME, "Work that cannot be copied");
    h.state_mut().flush_recovery();
    h.run_ok();
    h.get_by_label_contains(switchboard::ui::files::CANNOT_COPY);
}

#[test]
fn escape_cancels_the_save_dialog_and_saves_nothing() {
    let ws = support::scratch_workspace();
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut h = harness(designer_on(ws.path(), recovery.path()));
    press(&mut h, Modifiers::COMMAND, egui::Key::N);
    press(&mut h, Modifiers::COMMAND, egui::Key::S);
    let name = dialog_name(&h);
    press(&mut h, Modifiers::NONE, egui::Key::Escape);
    assert!(h.state().prompt.is_none(), "Escape closed the dialog");
    assert!(!ws.path().join(name).exists(), "and nothing was saved");
    assert_eq!(h.state().tabs.len(), 1, "the flow stays open");
}
