//! A Branch step's form: its paths, each a name and a condition, in order; items take the
//! first path whose condition holds, or `else`.

use egui::Ui;

use super::form::Form;
use crate::model::{BranchCase, PortId};

pub fn form_ui(ui: &mut Ui, form: &mut Form, cases: &mut Vec<BranchCase>) -> Option<&'static str> {
    let mut what = None;
    let mut remove = None;
    for (i, case) in cases.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            ui.label("Path");
            let mut name = case.port.to_string();
            if ui
                .text_edit_singleline(&mut name)
                .on_hover_text("The name of this path (letters, digits, _ and -)")
                .changed()
                && let Ok(port) = PortId::new(crate::edit::palette::slug(&name))
            {
                case.port = port;
                what = Some("path name");
            }
            if ui
                .small_button("🗑")
                .on_hover_text("Remove this path")
                .clicked()
            {
                remove = Some(i);
            }
        });
        let field = case.port.to_string();
        if form.formula(
            ui,
            &field,
            "when",
            "Items for which this holds take this path",
            &mut case.condition,
        ) {
            what = Some("path condition");
        }
    }
    if let Some(i) = remove {
        cases.remove(i);
        what = Some("paths");
    }
    if ui
        .button("Add path")
        .on_hover_text("Add another path with its own condition")
        .clicked()
        && let Some(port) = free_port(cases)
    {
        cases.push(BranchCase {
            port,
            condition: "TRUE".into(),
        });
        what = Some("paths");
    }
    what
}

/// `case_N` with the first N no path has.
fn free_port(cases: &[BranchCase]) -> Option<PortId> {
    let mut n = cases.len() + 1;
    while cases.iter().any(|c| c.port.as_str() == format!("case_{n}")) {
        n += 1;
    }
    PortId::new(format!("case_{n}")).ok()
}
