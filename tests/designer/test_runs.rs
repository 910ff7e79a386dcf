//! Test runs in the designer: F5 runs the flow on a worker thread; steps get badges;
//! the Test run tab shows a step's records with personal data masked until revealed; the
//! mapping preview uses the records that really reached the step.

use egui_kittest::kittest::Queryable;

use super::*;
use crate::support;

fn open(name: &str) -> Harness<'static, Designer> {
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut designer = designer_on(&support::examples(), recovery.path());
    designer
        .open_path(&support::examples().join(format!("{name}.flow.ron")))
        .expect("opens");
    harness(designer)
}

/// Presses F5 and lets frames pass until the worker's trace arrives.
fn test_run(h: &mut Harness<Designer>) {
    h.key_press(egui::Key::F5);
    wait_for_run(h);
    h.run_ok();
    assert!(
        h.state().tab().expect("tab").test_run.trace.is_some(),
        "the run finished"
    );
}

#[test]
fn f5_runs_the_flow_and_every_step_shows_its_items() {
    let mut h = open("pos-sale-to-crm-contact");
    test_run(&mut h);
    h.get_by_label("2 in · 1 out"); // the filter: two sales in, one with an e-mail out
    h.get_by_label_contains("would create or update 1 Contact record in Sales CRM");

    click_node(&mut h, &NodeId::new("has_email").expect("id"));
    let masked = h.query_all_by_label(personal::MASK).count();
    assert!(masked > 0, "personal data is masked");
    h.get_by_label(personal::REVEAL).click();
    h.run_ok();
    assert_eq!(h.query_all_by_label(personal::MASK).count(), 0);
    assert!(
        h.query_all_by_label(" Dana.Okafor@Example.org").count() >= 1,
        "revealed"
    );
}

#[test]
fn after_a_run_the_preview_shows_the_records_that_reached_a_map() {
    let mut h = open("opportunity-to-reservation");
    let map = NodeId::new("build_reservation").expect("id");
    h.state_mut().select_and_frame(&map);
    h.run_ok();
    h.get_by_label(BottomTab::Preview.label()).click();
    h.run_ok();
    h.get_by_label_contains("press Test run (F5)");
    test_run(&mut h);
    h.get_by_label(BottomTab::Preview.label()).click();
    h.run_ok();
    h.get_by_label_contains("the 3 records that reached this step in the last test run");
}

#[test]
fn a_live_run_names_the_systems_it_writes_to_and_waits_for_consent() {
    let mut h = open("opportunity-to-reservation");
    h.get_by_label(BottomTab::TestRun.label()).click();
    h.run_ok();
    h.get_by_label(test_run::LIVE).click();
    h.run_ok();
    h.get_by_label(prompts::LIVE_TITLE);
    h.get_by_label_contains("• Finance ERP — https://erp-qa.riverton.example/api/v2");
    h.get_by_label(prompts::CANCEL).click();
    h.run_ok();
    assert!(h.state().prompt.is_none());
    let run = &h.state().tab().expect("tab").test_run;
    assert!(run.running.is_none() && run.trace.is_none(), "nothing ran");
}

#[test]
fn a_reviewer_may_run_samples_but_never_live() {
    let recovery = tempfile::tempdir().expect("temp dir");
    let mut designer = designer_on(&support::examples(), recovery.path());
    designer.review = true;
    designer
        .open_path(&support::examples().join("pos-sale-to-crm-contact.flow.ron"))
        .expect("opens");
    let mut h = harness(designer);
    test_run(&mut h);
    // The Test run tab is showing, with its Live run button disabled.
    h.get_by_label(test_run::LIVE).click();
    h.run_ok();
    assert!(
        h.state().prompt.is_none(),
        "the live button is disabled in review mode"
    );
}
