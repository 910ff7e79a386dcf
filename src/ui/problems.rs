//! The Problems tab: the flow's findings, sorted security first, then by severity and
//! impact; hover for the fix, click to select and frame the step and put the cursor in
//! the field the finding is about.

use egui::{RichText, Ui};

use super::formula_box::fix_label;
use super::inspector::{fix_command, name_fix};
use super::panel::{Action, Actions, View};
use super::tab::Tab;
use super::theme;
use crate::governance::{Location, Severity};

/// What the Problems tab says when a flow has no finding at all.
pub const NO_PROBLEMS: &str = "No problems found: this flow follows every rule of the policy.";

pub fn problems_ui(ui: &mut Ui, view: View, out: &mut Actions) {
    let tab = view.tab;
    if tab.findings.is_empty() {
        ui.label(NO_PROBLEMS);
        return;
    }
    let flow = tab.doc.flow();
    egui::ScrollArea::vertical()
        .id_salt("problems")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for f in &tab.findings {
                let icon = match f.severity {
                    Severity::Error => "⛔",
                    Severity::Warning => "⚠",
                    Severity::Info => "ℹ",
                };
                let colour = theme::severity(f.severity, ui.visuals());
                // The step's name first, unless the message names it already.
                let text = match f.location.node().and_then(|n| flow.node(n)) {
                    Some(n) if !f.message.contains(&format!("'{}'", n.label.trim())) => {
                        format!("{}: {}", n.label, f.message)
                    }
                    _ => f.message.clone(),
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(icon).color(colour));
                    let r = ui
                        .add(egui::Button::new(RichText::new(text)).frame(false).wrap())
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
                        out.push(Action::GoTo(f.location.clone()));
                    }
                    if view.editable() {
                        quick_fix_ui(ui, tab, &f.location, out);
                    }
                });
            }
        });
}

/// "Use AccountNumber" beside a finding about a misspelt name in a formula.
fn quick_fix_ui(ui: &mut Ui, tab: &Tab, location: &Location, out: &mut Actions) {
    let Location::Formula { node, field, span } = location else {
        return;
    };
    let Some(fix) = name_fix(tab, node, field, span.clone()) else {
        return;
    };
    let Some(command) = fix_command(tab, node, field, &fix) else {
        return;
    };
    if ui
        .small_button(fix_label(&fix))
        .on_hover_text(format!("Change the formula to {}", fix.formula))
        .clicked()
    {
        out.edit(command, "Quick fix");
    }
}
