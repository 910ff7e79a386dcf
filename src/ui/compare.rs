//! Compare with…: the active flow against another version of it — the last approved one,
//! a file, or a git revision — shown where the flow is: added steps outlined green,
//! changed ones amber, removed ones as red ghosts where they were; a bar over the canvas
//! steps through the changes; the inspector shows a changed step's settings before and
//! now. The difference itself is `review::changes`.

use std::collections::HashSet;

use egui::{Color32, RichText, Ui};

use crate::model::{Flow, NodeId, Pos};
use crate::review::{self, Change};
use crate::ui::action::{Action, Actions};

/// Labels (tests find them by these).
pub const NEXT: &str = "Next change";
pub const PREVIOUS: &str = "Previous change";
pub const STOP: &str = "Stop comparing";
pub const TITLE: &str = "Compare with…";
pub const WITH_APPROVED: &str = "The last approved version";
pub const WITH_FILE: &str = "A file";
pub const WITH_REVISION: &str = "A git revision";
pub const BEFORE: &str = "Before the change";

/// Added steps' outline.
pub const ADDED: Color32 = Color32::from_rgb(40, 170, 80);
/// Changed steps' outline.
pub const CHANGED: Color32 = Color32::from_rgb(225, 150, 20);
/// Removed steps' ghosts.
pub const REMOVED: Color32 = Color32::from_rgb(215, 60, 60);

/// A flow being compared with another version of itself.
#[derive(Clone, Debug)]
pub struct Comparing {
    /// What it is compared with, in words ("the version approved by Ana on …").
    pub against: String,
    pub old: Flow,
    pub changes: Vec<Change>,
    pub moved: usize,
    /// The change shown last (Next / Previous).
    pub at: Option<usize>,
    /// What the canvas marks, worked out when the changes are (not once a frame).
    marks: Marks,
}

/// What the canvas marks.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub added: HashSet<NodeId>,
    pub changed: HashSet<NodeId>,
    /// Removed steps: their label and where they were.
    pub removed: Vec<(String, Pos)>,
}

impl Comparing {
    pub fn new(against: String, old: Flow, new: &Flow) -> Comparing {
        let changes = review::changes(&old, new);
        let mut comparing = Comparing {
            against,
            old,
            moved: changes.moved,
            changes: changes.content,
            at: None,
            marks: Marks::default(),
        };
        comparing.marks = comparing.marked();
        comparing
    }

    /// Refreshed against the flow as it is now (it may have been edited meanwhile).
    pub fn refresh(&mut self, new: &Flow) {
        let changes = review::changes(&self.old, new);
        self.changes = changes.content;
        self.moved = changes.moved;
        if self.at.is_some_and(|i| i >= self.changes.len()) {
            self.at = None;
        }
        self.marks = self.marked();
    }

    /// Steps added, changed and removed, for the canvas.
    pub fn marks(&self) -> &Marks {
        &self.marks
    }

    fn marked(&self) -> Marks {
        let mut marks = Marks::default();
        for change in &self.changes {
            match change {
                Change::StepAdded { step, .. } => {
                    marks.added.insert(step.clone());
                }
                Change::StepRemoved { step, label, .. } => {
                    let pos = self.old.layout.0.get(step).copied().unwrap_or_default();
                    marks.removed.push((label.clone(), pos));
                }
                other => {
                    if let Some(step) = other.node() {
                        marks.changed.insert(step.clone());
                    }
                }
            }
        }
        marks.changed.retain(|id| !marks.added.contains(id));
        marks
    }
}

/// The bar over the canvas: what is compared, the change shown, Previous / Next, Stop.
pub fn bar_ui(ui: &mut Ui, comparing: &Comparing, out: &mut Actions) {
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                let n = comparing.changes.len();
                ui.label(
                    RichText::new(format!(
                        "Compared with {}: {}",
                        comparing.against,
                        crate::words::count_or_no(n, "change", "changes")
                    ))
                    .strong(),
                );
                if comparing.moved > 0 {
                    ui.label(format!(
                        "(and {} moved)",
                        crate::words::count(comparing.moved, "step", "steps")
                    ));
                }
                let enabled = n > 0;
                if ui
                    .add_enabled(enabled, egui::Button::new(PREVIOUS))
                    .clicked()
                {
                    out.push(Action::CompareStep(-1));
                }
                if ui.add_enabled(enabled, egui::Button::new(NEXT)).clicked() {
                    out.push(Action::CompareStep(1));
                }
                if ui.button(STOP).clicked() {
                    out.push(Action::StopComparing);
                }
            });
            if let Some(change) = comparing.at.and_then(|i| comparing.changes.get(i)) {
                ui.label(format!(
                    "{} of {}: {}",
                    comparing.at.map_or(0, |i| i + 1),
                    comparing.changes.len(),
                    change.text()
                ));
            }
        });
}

/// A changed step's settings as they were, beside what the form shows now.
pub fn before_ui(ui: &mut Ui, comparing: &Comparing, node: &NodeId, now: &Flow) {
    let (Some(old), Some(new)) = (comparing.old.node(node), now.node(node)) else {
        if comparing.old.node(node).is_none() && now.node(node).is_some() {
            ui.colored_label(ADDED, format!("Added since {}.", comparing.against));
        }
        return;
    };
    let before = review::settings(&old.step);
    let after = review::settings(&new.step);
    let mut differing: Vec<(String, String, String)> = before
        .iter()
        .map(|b| {
            let now = after
                .iter()
                .find(|a| a.name == b.name)
                .map_or_else(String::new, |a| a.value.clone());
            (b.name.clone(), b.value.clone(), now)
        })
        .chain(
            after
                .iter()
                .filter(|a| !before.iter().any(|b| b.name == a.name))
                .map(|a| (a.name.clone(), String::new(), a.value.clone())),
        )
        .filter(|(_, was, now)| was != now)
        .collect();
    differing.extend(mapping_differences(&old.step, &new.step));
    if differing.is_empty() && old.label == new.label {
        return;
    }
    egui::CollapsingHeader::new(RichText::new(BEFORE).color(CHANGED).strong())
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new("before-and-now")
                .striped(true)
                .show(ui, |ui| {
                    ui.label(RichText::new("Setting").strong());
                    ui.label(RichText::new("Before").strong());
                    ui.label(RichText::new("Now").strong());
                    ui.end_row();
                    if old.label != new.label {
                        ui.label("Name");
                        ui.label(&old.label);
                        ui.label(&new.label);
                        ui.end_row();
                    }
                    for (name, was, now) in differing {
                        ui.label(name);
                        ui.label(RichText::new(blank_as_none(&was)).monospace());
                        ui.label(RichText::new(blank_as_none(&now)).monospace());
                        ui.end_row();
                    }
                });
        });
}

/// A Map's field mappings that differ: (field, before, now).
fn mapping_differences(
    old: &crate::model::Step,
    new: &crate::model::Step,
) -> Vec<(String, String, String)> {
    use crate::model::Step;
    let (Step::Map { mappings: was, .. }, Step::Map { mappings: now, .. }) = (old, new) else {
        return Vec::new();
    };
    let fields: std::collections::BTreeSet<&String> = was.keys().chain(now.keys()).collect();
    fields
        .into_iter()
        .filter(|f| was.get(*f) != now.get(*f))
        .map(|f| {
            (
                format!("mapping of {f}"),
                was.get(f).cloned().unwrap_or_default(),
                now.get(f).cloned().unwrap_or_default(),
            )
        })
        .collect()
}

fn blank_as_none(value: &str) -> &str {
    if value.is_empty() { "(none)" } else { value }
}

/// Where Compare with… looks for the other version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Approved,
    File(String),
    Revision(String),
}

/// The Compare with… dialog.
#[derive(Clone, Debug)]
pub struct CompareWith {
    pub file: String,
    pub revision: String,
    pub error: Option<String>,
}

impl CompareWith {
    /// Prefilled with `file` (the flow's own, or a folder to start from).
    pub fn new(file: &std::path::Path) -> CompareWith {
        CompareWith {
            file: file.display().to_string(),
            revision: "HEAD".into(),
            error: None,
        }
    }

    /// Draws the dialog; the source chosen, or `Some(None)` when cancelled.
    pub fn ui(&mut self, ctx: &egui::Context, has_approval: bool) -> Option<Option<Source>> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("compare-with")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(TITLE);
            if ui
                .add_enabled(has_approval, egui::Button::new(WITH_APPROVED))
                .on_disabled_hover_text("This flow has no approved version kept in the workspace")
                .clicked()
            {
                answer = Some(Some(Source::Approved));
            }
            ui.separator();
            ui.horizontal(|ui| {
                let label = ui.label("File");
                ui.add(egui::TextEdit::singleline(&mut self.file).desired_width(340.0))
                    .labelled_by(label.id);
                if ui.button(WITH_FILE).clicked() {
                    answer = Some(Some(Source::File(self.file.trim().to_owned())));
                }
            });
            ui.horizontal(|ui| {
                let label = ui.label("Revision");
                ui.add(egui::TextEdit::singleline(&mut self.revision).desired_width(160.0))
                    .labelled_by(label.id)
                    .on_hover_text(
                        "HEAD, HEAD~1, a branch or a commit id of the flow's git repository",
                    );
                if ui.button(WITH_REVISION).clicked() {
                    answer = Some(Some(Source::Revision(self.revision.trim().to_owned())));
                }
            });
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(None);
            }
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(None);
        }
        answer
    }
}
