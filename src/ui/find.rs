//! Find step (Ctrl+F): a small window listing the steps whose name (or id) contains what
//! was typed; Enter or a click goes to the step.

use crate::model::{Flow, NodeId};

/// The search box's label (tests find it by this).
pub const STEP_NAME: &str = "Step name";
/// The window's title.
pub const TITLE: &str = "Find step";

/// What became of the Find window this frame.
pub enum Found {
    /// Still searching: keep the window open with this text.
    Open(String),
    /// Go to this step.
    Go(NodeId),
    /// Closed without choosing.
    Closed,
}

pub fn find_ui(ctx: &egui::Context, mut query: String, flow: Option<&Flow>) -> Found {
    let mut open = true;
    let mut go = None;
    egui::Window::new(TITLE)
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
        .show(ctx, |ui| {
            let label = ui.label(STEP_NAME);
            let r = ui
                .add(egui::TextEdit::singleline(&mut query).hint_text("part of its name"))
                .labelled_by(label.id);
            r.request_focus();
            let Some(flow) = flow else { return };
            let q = query.to_lowercase();
            let hits: Vec<_> = flow
                .nodes
                .iter()
                .filter(|n| n.label.to_lowercase().contains(&q) || n.id.as_str().contains(&q))
                .take(12)
                .collect();
            for n in &hits {
                if ui
                    .button(&n.label)
                    .on_hover_text("Select this step and show it")
                    .clicked()
                {
                    go = Some(n.id.clone());
                }
            }
            if r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                go = hits.first().map(|n| n.id.clone());
            }
            if hits.is_empty() {
                ui.label("No step has that name.");
            }
        });
    let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
    match go {
        Some(id) => Found::Go(id),
        None if open && !escape => Found::Open(query),
        None => Found::Closed,
    }
}
