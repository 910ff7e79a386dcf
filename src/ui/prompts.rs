//! The questions the designer asks in a dialog: unsaved changes on close, and which real
//! systems a live run will write to. Each draws itself and returns the answer once the
//! user gave one; the designer acts on it.

/// The answer to "Save changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unsaved {
    Save,
    Discard,
    Cancel,
}

pub const SAVE_CHANGES: &str = "Save changes?";
pub const SAVE: &str = "Save";
pub const DISCARD: &str = "Discard";
pub const CANCEL: &str = "Cancel";
pub const RUN_LIVE: &str = "Run live";
pub const LIVE_TITLE: &str = "Run live and write to real systems?";

/// "`name` has changes that are not saved": Save, Discard or Cancel.
pub fn unsaved_ui(ctx: &egui::Context, name: &str) -> Option<Unsaved> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::new("unsaved")).show(ctx, |ui| {
        ui.heading(SAVE_CHANGES);
        ui.label(format!("{name} has changes that are not saved."));
        ui.horizontal(|ui| {
            for (choice, label, tip) in [
                (Unsaved::Save, SAVE, "Save the flow, then close it"),
                (
                    Unsaved::Discard,
                    DISCARD,
                    "Close without saving the changes",
                ),
                (Unsaved::Cancel, CANCEL, "Keep the flow open"),
            ] {
                if ui.button(label).on_hover_text(tip).clicked() {
                    answer = Some(choice);
                }
            }
        });
    });
    // Escape keeps the flow open, as Cancel does.
    if answer.is_none() && modal.should_close() {
        answer = Some(Unsaved::Cancel);
    }
    answer
}

/// Lists the systems (name, URL) a live run writes to; true to run, false to cancel.
pub fn confirm_live_ui(ctx: &egui::Context, targets: &[(String, String)]) -> Option<bool> {
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::new("confirm-live")).show(ctx, |ui| {
        ui.heading(LIVE_TITLE);
        ui.label("This run calls the systems themselves and writes to:");
        for (name, url) in targets {
            ui.label(format!("• {name} — {url}"));
        }
        ui.horizontal(|ui| {
            if ui
                .button(RUN_LIVE)
                .on_hover_text("Make the calls, writes included")
                .clicked()
            {
                answer = Some(true);
            }
            if ui.button(CANCEL).on_hover_text("Run nothing").clicked() {
                answer = Some(false);
            }
        });
    });
    if answer.is_none() && modal.should_close() {
        answer = Some(false);
    }
    answer
}
