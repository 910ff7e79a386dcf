//! The bottom panel: its tabs (Problems, Test run, Preview) and whichever is chosen.

use egui::Ui;

pub use super::panel::BottomTab;
use super::panel::{Action, Actions, View};
use super::preview::{self, PreviewState};
use super::samples::SamplesState;
use super::{problems, test_run};
use crate::governance::Severity;
use crate::words;

/// The bottom panel; `shown` is its own state (which tab is open).
pub fn bottom_ui(
    ui: &mut Ui,
    view: Option<View>,
    shown: BottomTab,
    preview_state: &mut PreviewState,
    samples_state: &mut SamplesState,
    out: &mut Actions,
) {
    let (errors, warnings) = view.map_or((0, 0), |v| {
        (v.tab.count(Severity::Error), v.tab.count(Severity::Warning))
    });
    ui.horizontal(|ui| {
        for tab in [BottomTab::Problems, BottomTab::TestRun, BottomTab::Preview] {
            let caption = match tab {
                BottomTab::Problems => format!(
                    "Problems ({}, {})",
                    words::count(errors, "error", "errors"),
                    words::count(warnings, "warning", "warnings")
                ),
                other => other.label().to_owned(),
            };
            if ui
                .selectable_label(shown == tab, caption)
                .on_hover_text(tab.tooltip())
                .clicked()
            {
                out.push(Action::ShowBottom(tab));
            }
        }
    });
    ui.separator();
    let Some(view) = view else {
        ui.label("Open a flow to see its problems, test-run it and preview its mappings.");
        return;
    };
    match shown {
        BottomTab::Problems => problems::problems_ui(ui, view, out),
        BottomTab::Preview => preview::preview_ui(ui, view, preview_state, out),
        BottomTab::TestRun => test_run::test_run_ui(ui, view, samples_state, out),
    }
}
