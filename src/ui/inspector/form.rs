//! What every step's form shares: the step being edited, the workspace to offer choices
//! from, the formula rows (coloured, completed, underlined where a finding points), and
//! the system / object / field pickers built on one picker widget.

use egui::Ui;

use super::context::{input_fields, marks_for};
use super::picker::pick;
use crate::model::{NodeId, SystemId};
use crate::ui::formula_box::formula_box;
use crate::ui::panel::{Action, Actions, View};

/// The form of one step while it is drawn.
pub struct Form<'a> {
    pub view: View<'a>,
    pub node: &'a NodeId,
    pub out: &'a mut Actions,
}

impl Form<'_> {
    /// A salt for the widgets of this step's form.
    pub fn key(&self) -> &str {
        self.node.as_str()
    }

    /// A labelled formula box for setting `field`; true when it changed.
    pub fn formula(
        &mut self,
        ui: &mut Ui,
        field: &str,
        caption: &str,
        tooltip: &str,
        text: &mut String,
    ) -> bool {
        let marks = marks_for(self.view.tab, self.node, field);
        let fields = input_fields(self.view.tab, self.node);
        let enabled = ui.is_enabled();
        let label = ui.label(caption).on_hover_text(tooltip);
        let id = egui::Id::new(("formula", self.node.as_str(), field));
        let r = formula_box(ui, id, text, &marks, &fields, enabled, label.id);
        if r.response.lost_focus() {
            self.out.push(Action::Seal);
        }
        r.changed
    }

    /// The system this step talks to; true when the user chose another.
    pub fn system(&self, ui: &mut Ui, system: &mut SystemId) -> bool {
        let Some(ws) = self.view.workspace else {
            ui.label(format!("System: {system}"));
            return false;
        };
        let options: Vec<(SystemId, String)> = ws
            .landscape
            .systems
            .iter()
            .map(|s| (s.id.clone(), s.name.clone()))
            .collect();
        let shown = ws.landscape.system(system).map_or_else(
            || {
                if system.is_unchosen() {
                    "Choose a system".to_owned()
                } else {
                    format!("{system} (unknown)")
                }
            },
            |s| s.name.clone(),
        );
        pick(
            ui,
            (self.key(), "system"),
            "System",
            "Which system of the workspace this step talks to",
            &options,
            system,
            shown,
        )
    }

    /// The system and the kind of record, as every step that talks to a system asks them;
    /// which of the two changed, if one did.
    pub fn system_and_object(
        &self,
        ui: &mut Ui,
        system: &mut SystemId,
        object: &mut String,
    ) -> Option<&'static str> {
        let mut what = None;
        if self.system(ui, system) {
            what = Some("system");
        }
        if self.object(ui, system, object) {
            what = Some("object");
        }
        what
    }

    /// The kind of record, from the system's connector; true when the user chose another.
    pub fn object(&self, ui: &mut Ui, system: &SystemId, object: &mut String) -> bool {
        let options: Vec<(String, String)> = self
            .view
            .workspace
            .and_then(|w| w.landscape.system(system).map(|s| (w, s)))
            .map(|(w, s)| {
                w.objects_of(s)
                    .map(|o| (o.name.clone(), o.display_name().to_owned()))
                    .collect()
            })
            .unwrap_or_default();
        let shown = match options.iter().find(|(n, _)| n == object) {
            Some((_, label)) => label.clone(),
            None if object.is_empty() => "choose…".into(),
            None => object.clone(),
        };
        pick(
            ui,
            (self.key(), "object"),
            "Object",
            "Which kind of record, from the system's connector",
            &options,
            object,
            shown,
        )
    }

    /// A field of `object`, under `caption`; true when the user chose another.
    pub fn field(
        &self,
        ui: &mut Ui,
        caption: &str,
        tooltip: &str,
        (system, object): (&SystemId, &str),
        field: &mut String,
    ) -> bool {
        let options: Vec<(String, String)> = self
            .view
            .workspace
            .and_then(|w| w.object(system, object).ok())
            .map(|o| {
                o.fields
                    .iter()
                    .map(|f| (f.name.clone(), f.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let shown = field.clone();
        pick(
            ui,
            (self.key(), caption),
            caption,
            tooltip,
            &options,
            field,
            shown,
        )
    }
}
