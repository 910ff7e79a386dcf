//! A flow's approval in the designer: the line over the canvas that says who approved it
//! and when (or that it changed since), Compare with the approved version, and the
//! Approve dialog a reviewer signs with their SSH key. The signing, the checks and
//! approvals.ron are the core's (`review::approval`); this is only what a person sees.

use egui::{RichText, Ui};

use crate::model::Approval;
use crate::review::{ApprovalState, ApprovalStatus};

/// Labels (tests find them by these).
pub const APPROVE: &str = "Approve…";
pub const COMPARE: &str = "Compare with the approved version";
pub const DIALOG_TITLE: &str = "Approve this flow";
pub const KEY_FILE: &str = "Your SSH key file";
pub const COMMENT: &str = "Comment";
pub const SIGN: &str = "Sign and approve";
pub const CLOSE: &str = "Close";
pub const OPEN_APPROVED: &str = "Open the approved version";
pub const COMPARE_TITLE: &str = "Changes since the approval";

/// An approval's time as people read it: `2026-12-05 14:03 UTC`.
pub fn when(approval: &Approval) -> String {
    let t = approval.time.trim_end_matches('Z').replacen('T', " ", 1);
    // Seconds add nothing a reviewer needs.
    let t = match t.rsplit_once(':') {
        Some((minutes, seconds)) if seconds.len() == 2 && minutes.len() == 16 => minutes.to_owned(),
        _ => t,
    };
    format!("{t} UTC")
}

/// What the line over the canvas says, or nothing when the flow was never approved.
pub fn summary(state: &ApprovalState) -> Option<String> {
    Some(match &state.status {
        ApprovalStatus::Approved(a) => format!("Approved by {} on {}.", a.reviewer, when(a)),
        ApprovalStatus::Changed(a) if state.only_subflows_changed => format!(
            "A sub-flow it calls changed since {} approved it on {}: it needs a new approval.",
            a.reviewer,
            when(a)
        ),
        ApprovalStatus::Changed(a) => format!(
            "Changed since {} approved it on {}: it needs a new approval.",
            a.reviewer,
            when(a)
        ),
        ApprovalStatus::OtherSources {
            approval,
            systems,
            policy,
        } => {
            let what = crate::review::approval::changed_sources(*systems, *policy);
            format!(
                "Approved by {} on {}, but the workspace's {what} changed since: it needs a new approval.",
                approval.reviewer,
                when(approval)
            )
        }
        ApprovalStatus::NeverApproved => return None,
    })
}

/// The short word for the flows list: `approved`, `changed since approval`…
pub fn list_word(status: &ApprovalStatus) -> Option<&'static str> {
    match status {
        ApprovalStatus::Approved(_) => Some("approved"),
        ApprovalStatus::Changed(_) | ApprovalStatus::OtherSources { .. } => {
            Some("needs a new approval")
        }
        ApprovalStatus::NeverApproved => None,
    }
}

/// The Approve dialog: which key signs, and the reviewer's comment.
#[derive(Clone, Debug)]
pub struct ApproveForm {
    pub key: String,
    pub comment: String,
    /// Why the last attempt was refused, shown in the dialog.
    pub error: Option<String>,
}

/// The reviewer's answer.
pub enum ApproveAnswer {
    Sign,
    Cancel,
}

impl ApproveForm {
    /// Prefilled with the usual place of an ed25519 key.
    pub fn new() -> ApproveForm {
        let key = std::env::var_os("HOME")
            .map(|home| {
                std::path::Path::new(&home)
                    .join(".ssh")
                    .join("id_ed25519")
                    .display()
                    .to_string()
            })
            .unwrap_or_default();
        ApproveForm {
            key,
            comment: String::new(),
            error: None,
        }
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        flow_name: &str,
        warnings: usize,
    ) -> Option<ApproveAnswer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("approve")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(DIALOG_TITLE);
            ui.label(format!(
                "You approve “{flow_name}” as it is now: the approval is signed with your SSH key and bound to its content, so any later change needs a new one."
            ));
            let label = ui.label(KEY_FILE);
            ui.add(egui::TextEdit::singleline(&mut self.key).desired_width(500.0))
                .labelled_by(label.id)
                .on_hover_text("An ed25519 private key named in the policy's reviewers; a passphrase comes from SWITCHBOARD_KEY_PASSPHRASE");
            let label = ui.label(if warnings > 0 {
                format!("{COMMENT} (needed: the flow has {})", crate::words::count(warnings, "warning", "warnings"))
            } else {
                format!("{COMMENT} (optional)")
            });
            ui.add(egui::TextEdit::multiline(&mut self.comment).desired_rows(2).desired_width(500.0))
                .labelled_by(label.id);
            if let Some(error) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            ui.horizontal(|ui| {
                if ui.button(SIGN).clicked() {
                    answer = Some(ApproveAnswer::Sign);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(ApproveAnswer::Cancel);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(ApproveAnswer::Cancel);
        }
        answer
    }
}

impl Default for ApproveForm {
    fn default() -> ApproveForm {
        ApproveForm::new()
    }
}

/// What Compare shows: the changes since the approved version, in words.
#[derive(Clone, Debug)]
pub struct CompareView {
    pub heading: String,
    pub lines: Vec<String>,
    pub approved: std::path::PathBuf,
}

/// The user's answer to the Compare window.
pub enum CompareAnswer {
    OpenApproved,
    Close,
}

impl CompareView {
    pub fn ui(&self, ctx: &egui::Context) -> Option<CompareAnswer> {
        let mut answer = None;
        let modal = egui::Modal::new(egui::Id::new("compare")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(COMPARE_TITLE);
            ui.label(&self.heading);
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    if self.lines.is_empty() {
                        ui.label("Nothing that changes what the flow does.");
                    }
                    for line in &self.lines {
                        ui.label(RichText::new(format!("• {line}")));
                    }
                });
            ui.horizontal(|ui| {
                if ui
                    .button(OPEN_APPROVED)
                    .on_hover_text("Open the approved version read-only in a tab, beside this one")
                    .clicked()
                {
                    answer = Some(CompareAnswer::OpenApproved);
                }
                if ui.button(CLOSE).clicked() {
                    answer = Some(CompareAnswer::Close);
                }
            });
        });
        if answer.is_none() && modal.should_close() {
            answer = Some(CompareAnswer::Close);
        }
        answer
    }
}

/// The approval line over the canvas with its buttons; nothing when there is nothing to say.
pub fn banner_ui(
    ui: &mut Ui,
    state: Option<&ApprovalState>,
    can_approve: bool,
    out: &mut crate::ui::action::Actions,
) {
    let line = state.and_then(summary);
    if line.is_none() && !can_approve {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        if let Some(line) = &line {
            ui.label(RichText::new(line).strong());
        } else {
            ui.label("Not approved yet.");
        }
        let changed = state.is_some_and(|s| {
            matches!(
                s.status,
                ApprovalStatus::Changed(_) | ApprovalStatus::OtherSources { .. }
            )
        });
        if changed
            && ui
                .button(COMPARE)
                .on_hover_text("What changed since the last approved version")
                .clicked()
        {
            out.push(crate::ui::action::Action::CompareApproved);
        }
        if can_approve
            && !state.is_some_and(ApprovalState::is_approved)
            && ui
                .button(APPROVE)
                .on_hover_text("Sign an approval of this flow as it is now, with your SSH key")
                .clicked()
        {
            out.push(crate::ui::action::Action::AskApprove);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_people_write_them() {
        let approval = Approval {
            flow: crate::model::FlowId::new("f").expect("id"),
            content: String::new(),
            systems: String::new(),
            policy: String::new(),
            reviewer: "Ana".into(),
            email: String::new(),
            time: "2026-12-05T14:03:00Z".into(),
            comment: String::new(),
            signature: String::new(),
        };
        assert_eq!(when(&approval), "2026-12-05 14:03 UTC");
    }
}
