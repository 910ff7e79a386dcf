//! The question asked at start-up when a session ended without saving: each flow with
//! unsaved work, where it belongs, what it changes compared with its file now, and whether
//! that file changed on disk since; the user recovers or discards each one, or decides
//! later (the copies stay for the next start).

use egui::{RichText, Ui};

use super::files::{FileNow, Recovered};

/// The prompt's heading (tests find it by this).
pub const TITLE: &str = "Recover unsaved work?";
pub const RECOVER: &str = "Recover";
pub const DISCARD: &str = "Discard";
pub const LATER: &str = "Decide later";
/// Said of work whose file changed on disk after the work began.
pub const CHANGED_SINCE: &str = "The file changed on disk after this work began (another program or person saved it). Recovering puts this version over the file's current one; Undo then shows the file's.";

/// What the user said about the recovered work.
pub enum Decision {
    Recover(usize),
    Discard(usize),
    /// Close the prompt and keep every copy for the next start.
    Later,
}

/// At most this many changes are listed for one flow; the rest are counted.
const SHOWN_CHANGES: usize = 8;

/// Draws the prompt over `found`; `Some` once the user pressed a button.
pub fn recovery_ui(ctx: &egui::Context, found: &[Recovered]) -> Option<Decision> {
    let mut decision = None;
    egui::Modal::new(egui::Id::new("recover")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.heading(TITLE);
        ui.label("Switchboard closed without saving these flows. For each, recover the work (it opens unsaved) or discard it.");
        egui::ScrollArea::vertical()
            .max_height(480.0)
            .show(ui, |ui| {
                for (i, r) in found.iter().enumerate() {
                    ui.separator();
                    if let Some(d) = one_flow_ui(ui, i, r) {
                        decision = Some(d);
                    }
                }
            });
        ui.separator();
        if ui
            .button(LATER)
            .on_hover_text("Keep the unsaved work aside and ask again at the next start")
            .clicked()
        {
            decision = Some(Decision::Later);
        }
    });
    decision
}

fn one_flow_ui(ui: &mut Ui, i: usize, r: &Recovered) -> Option<Decision> {
    let mut decision = None;
    ui.label(RichText::new(format!("• {} ({})", r.flow.name, r.place())).strong());
    let warn = ui.visuals().warn_fg_color;
    match r.file_now {
        FileNow::ChangedSince => {
            ui.colored_label(warn, CHANGED_SINCE);
        }
        FileNow::Gone => {
            ui.colored_label(
                warn,
                "The file is gone or can no longer be read; saving the recovered work writes it there again.",
            );
        }
        FileNow::NeverSaved | FileNow::Unchanged => {}
    }
    let lines = r.changes.lines();
    let intro = match r.file_now {
        FileNow::NeverSaved | FileNow::Gone => "A new flow",
        FileNow::Unchanged | FileNow::ChangedSince => "Compared with the file",
    };
    if lines.is_empty() {
        ui.label(format!("{intro}: no changes."));
    } else {
        ui.label(format!("{intro}:"));
        for line in lines.iter().take(SHOWN_CHANGES) {
            ui.label(format!("    {line}"));
        }
        if lines.len() > SHOWN_CHANGES {
            ui.label(format!("    and {} more", lines.len() - SHOWN_CHANGES));
        }
    }
    ui.horizontal(|ui| {
        if ui
            .button(RECOVER)
            .on_hover_text("Open this work in a tab, unsaved; nothing is written until you save")
            .clicked()
        {
            decision = Some(Decision::Recover(i));
        }
        if ui
            .button(DISCARD)
            .on_hover_text("Throw this unsaved work away; the file stays as it is")
            .clicked()
        {
            decision = Some(Decision::Discard(i));
        }
    });
    decision
}
