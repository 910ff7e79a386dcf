//! The bottom panel: Problems (the flow's findings, sorted security first, then by
//! severity and impact; a click selects and frames the node and focuses the field) and
//! Preview (the selected Map step's output on sample records, cell by cell).

use egui::{RichText, Ui};

use super::designer::{BottomTab, Designer};
use super::theme;
use super::{mapping, personal};
use crate::governance::{Location, Severity};
use crate::model::Step;

pub fn bottom_ui(designer: &mut Designer, ui: &mut Ui) {
    let (errors, warnings) = designer.tab().map_or((0, 0), |t| {
        (t.count(Severity::Error), t.count(Severity::Warning))
    });
    ui.horizontal(|ui| {
        let title = format!("Problems ({errors} errors, {warnings} warnings)");
        ui.selectable_value(&mut designer.bottom, BottomTab::Problems, title)
            .on_hover_text("What the governance checks found in this flow");
        ui.selectable_value(&mut designer.bottom, BottomTab::TestRun, "Test run")
            .on_hover_text("Run the flow on sample records and see each step's input and output");
        ui.selectable_value(&mut designer.bottom, BottomTab::Preview, "Preview")
            .on_hover_text("What the selected Map step makes of the sample records");
    });
    ui.separator();
    match designer.bottom {
        BottomTab::Problems => problems_ui(designer, ui),
        BottomTab::Preview => preview_ui(designer, ui),
        BottomTab::TestRun => super::test_run::test_run_ui(designer, ui),
    }
}

fn problems_ui(designer: &mut Designer, ui: &mut Ui) {
    let Some(tab) = designer.tab() else { return };
    if tab.findings.is_empty() {
        ui.label("No problems found: this flow follows every rule of the policy.");
        return;
    }
    let flow = tab.doc.flow();
    let mut clicked = None;
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (i, f) in tab.findings.iter().enumerate() {
                let icon = match f.severity {
                    Severity::Error => "⛔",
                    Severity::Warning => "⚠",
                    Severity::Info => "ℹ",
                };
                let colour = theme::severity(f.severity, ui.visuals());
                let place = match f.location.node().and_then(|n| flow.node(n)) {
                    Some(n) => n.label.clone(),
                    None => "Flow".into(),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(icon).color(colour));
                    let r = ui
                        .add(
                            egui::Button::new(RichText::new(format!("{place}: {}", f.message)))
                                .frame(false)
                                .wrap(),
                        )
                        .on_hover_ui(|ui| {
                            ui.set_max_width(420.0);
                            ui.label(RichText::new(&f.message).strong());
                            ui.label(format!("How to fix it: {}", f.fix));
                            if let Some(impact) = f.impact {
                                ui.label(format!("Affects: {}", impact.describe()));
                            }
                            ui.label(RichText::new(format!("Rule: {}", f.code)).small().weak());
                        });
                    if r.clicked() {
                        clicked = Some(i);
                    }
                });
            }
        });
    if let Some(i) = clicked {
        let location = designer.tab().map(|t| t.findings[i].location.clone());
        if let Some(location) = location {
            go_to(designer, &location);
        }
    }
}

/// Selects and frames what a finding is about, and puts the cursor in its field.
pub fn go_to(designer: &mut Designer, location: &Location) {
    let Some(node) = location.node().cloned() else {
        if let Some(tab) = designer.tab_mut() {
            tab.selection.clear();
        }
        return;
    };
    designer.select_and_frame(&node);
    if let Some(tab) = designer.tab_mut() {
        tab.focus_field = match location {
            Location::Field { field, .. } | Location::Formula { field, .. } => Some(field.clone()),
            _ => None,
        };
    }
}

fn preview_ui(designer: &mut Designer, ui: &mut Ui) {
    let Some(tab) = designer.tab() else { return };
    let Some(id) = tab.selected_node().cloned() else {
        ui.label("Select a Map step to preview what it makes of the sample records.");
        return;
    };
    if !matches!(
        tab.doc.flow().node(&id).map(|n| &n.step),
        Some(Step::Map { .. })
    ) {
        ui.label("The preview shows Map steps: select one.");
        return;
    }
    let preview = match mapping::cached_preview(designer, &id) {
        Ok(p) => p,
        Err(e) => {
            ui.label(e);
            return;
        }
    };
    let reveal = {
        let Some(tab) = designer.tab_mut() else {
            return;
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Input: {}", preview.source)).small());
            if preview.columns.iter().any(|c| c.personal) {
                personal::reveal_ui(ui, &mut tab.reveal);
            }
        });
        tab.reveal
    };
    if preview.rows.is_empty() {
        ui.label("There are no sample records to run the mapping on.");
        return;
    }
    egui::ScrollArea::both()
        .id_salt("preview")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("preview-table")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("#").strong());
                    for column in &preview.columns {
                        let r = ui.label(RichText::new(&column.name).strong());
                        if !column.notes.is_empty() {
                            r.on_hover_text(column.notes.join("\n"));
                        }
                    }
                    ui.end_row();
                    for (i, row) in preview.rows.iter().enumerate() {
                        ui.label(format!("{}", i + 1));
                        for ((text, error), column) in row.iter().zip(&preview.columns) {
                            // An error message may quote the value it failed on.
                            let masked = column.personal && !reveal;
                            match (*error, masked) {
                                (false, false) => ui.label(text),
                                (false, true) => ui.label(personal::MASK),
                                (true, false) => ui.colored_label(theme::ERROR, text),
                                (true, true) => ui.colored_label(
                                    theme::ERROR,
                                    format!("⚠ error ({})", personal::REVEAL.to_lowercase()),
                                ),
                            };
                        }
                        ui.end_row();
                    }
                });
        });
}
