//! The flow's own details, shown when no step is selected: name, description, owner, and
//! what the integration catalog and the checks need (data element, volumes, frequency,
//! synchronisation).

use egui::Ui;

use super::context::{self, InspectorState};
use crate::edit::{Command, FlowInfo};
use crate::model::{Catalog, Frequency, Owner, SyncType};
use crate::ui::panel::{Actions, View};

/// The flow's own details (shown when no step is selected).
/// The label of the flow's name box.
pub const NAME: &str = "Name";

pub fn flow_info_ui(ui: &mut Ui, view: View, state: &mut InspectorState, out: &mut Actions) {
    let before = FlowInfo::of(view.tab.doc.flow());
    let mut info = before.clone();
    let mut what = None;
    let subflow =
        crate::model::FlowKind::of(view.tab.doc.flow()) == crate::model::FlowKind::Subflow;
    ui.heading(if subflow { "Sub-flow" } else { "Flow" });
    if subflow {
        ui.label("Nothing selected: these are the sub-flow's own details. How many records it moves and how often follow from the flows that call it.");
    } else {
        ui.label("Nothing selected: these are the flow's own details, used by the integration catalog and the checks.");
    }
    ui.add_space(4.0);
    ui.add_enabled_ui(view.editable(), |ui| {
        egui::Grid::new("flow-info")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let about = about_rows(ui, &mut info, std::mem::take(&mut state.name_new_flow));
                let owner = owner_rows(ui, &mut info.owner);
                let catalog = if subflow {
                    None
                } else {
                    catalog_rows(ui, &mut info.catalog)
                };
                for changed in [about, owner, catalog] {
                    what = changed.or(what);
                }
            });
    });
    if let Some(what) = what
        && info != before
    {
        out.typing(
            Command::SetInfo(info),
            format!("Edit flow {what}"),
            format!("info/{what}"),
        );
    }
}

/// A labelled one-line text box in the grid; true when it changed.
fn text_row(ui: &mut Ui, caption: &str, tooltip: &str, text: &mut String) -> bool {
    text_row_focused(ui, caption, tooltip, text, false)
}

/// [`text_row`], with the cursor put in the box and its text selected when `focus`.
fn text_row_focused(
    ui: &mut Ui,
    caption: &str,
    tooltip: &str,
    text: &mut String,
    focus: bool,
) -> bool {
    let label = ui.label(caption);
    let r = ui
        .add(egui::TextEdit::singleline(text).desired_width(ui.available_width()))
        .labelled_by(label.id)
        .on_hover_text(tooltip);
    if focus {
        r.request_focus();
        context::select_all(ui, r.id, text);
    }
    ui.end_row();
    r.changed()
}

/// Name and description.
fn about_rows(ui: &mut Ui, info: &mut FlowInfo, name_it: bool) -> Option<&'static str> {
    let mut what = None;
    if text_row_focused(
        ui,
        NAME,
        "What the flow is called in lists and reports",
        &mut info.name,
        name_it,
    ) {
        what = Some("name");
    }
    let label = ui.label("Description");
    if ui
        .text_edit_multiline(&mut info.description)
        .labelled_by(label.id)
        .on_hover_text("What the flow does and why, in a sentence or two")
        .changed()
    {
        what = Some("description");
    }
    ui.end_row();
    what
}

/// The team that answers for the flow, and whom to ask.
fn owner_rows(ui: &mut Ui, owner: &mut Option<Owner>) -> Option<&'static str> {
    let mut edited = owner.clone().unwrap_or(Owner {
        team: String::new(),
        contact: String::new(),
    });
    let team = text_row(
        ui,
        "Owner team",
        "The team that answers for this flow",
        &mut edited.team,
    );
    let contact = text_row(
        ui,
        "Contact",
        "A person or mailbox to ask",
        &mut edited.contact,
    );
    if !(team || contact) {
        return None;
    }
    *owner = (!edited.team.is_empty() || !edited.contact.is_empty()).then_some(edited);
    Some("owner")
}

/// What the integration catalog needs: data element, volumes, frequency, synchronisation.
fn catalog_rows(ui: &mut Ui, catalog: &mut Catalog) -> Option<&'static str> {
    let mut what = None;
    let mut element = catalog.data_element.clone().unwrap_or_default();
    if text_row(
        ui,
        "Data element",
        "The business data it moves, such as Customer or Sales Order",
        &mut element,
    ) {
        catalog.data_element = (!element.trim().is_empty()).then_some(element);
        what = Some("data element");
    }
    for (label, value, tip) in [
        (
            "New records / month",
            &mut catalog.new_records_per_month,
            "About how many new records it moves a month",
        ),
        (
            "Changed records / month",
            &mut catalog.changed_records_per_month,
            "About how many changed records it moves a month",
        ),
    ] {
        if volume_row(ui, label, tip, value) {
            what = Some("volumes");
        }
    }
    if frequency_row(ui, &mut catalog.frequency) {
        what = Some("frequency");
    }
    ui.label("Synchronisation");
    ui.horizontal(|ui| {
        for (value, label) in [
            (None, "not set"),
            (Some(SyncType::Delta), "changes only"),
            (Some(SyncType::Full), "full copy"),
        ] {
            if ui.radio_value(&mut catalog.sync, value, label).changed() {
                what = Some("synchronisation");
            }
        }
    });
    ui.end_row();
    what
}

/// A volume a month, or not known; true when it changed.
fn volume_row(ui: &mut Ui, caption: &str, tooltip: &str, value: &mut Option<u64>) -> bool {
    ui.label(caption);
    let mut n = value.unwrap_or(0);
    let mut changed = false;
    ui.horizontal(|ui| {
        let mut known = value.is_some();
        if ui
            .checkbox(&mut known, "")
            .on_hover_text("Whether the volume is known")
            .changed()
        {
            *value = known.then_some(n);
            changed = true;
        }
        if known
            && ui
                .add(egui::DragValue::new(&mut n).speed(10))
                .on_hover_text(tooltip)
                .changed()
        {
            *value = Some(n);
            changed = true;
        }
    });
    ui.end_row();
    changed
}

/// How often the data moves; true when it changed.
fn frequency_row(ui: &mut Ui, frequency: &mut Option<Frequency>) -> bool {
    ui.label("Frequency");
    let choices = [
        (None, "not set"),
        (Some(Frequency::RealTime), "real time"),
        (Some(Frequency::EveryMinutes(15)), "every 15 minutes"),
        (Some(Frequency::Hourly), "hourly"),
        (Some(Frequency::Daily), "daily"),
        (Some(Frequency::Weekly), "weekly"),
        (Some(Frequency::Monthly), "monthly"),
        (Some(Frequency::OnDemand), "on demand"),
    ];
    let shown = match *frequency {
        Some(Frequency::EveryMinutes(n)) => format!("every {n} minutes"),
        f => choices
            .iter()
            .find(|(v, _)| *v == f)
            .map_or("not set", |(_, l)| l)
            .to_owned(),
    };
    let mut changed = false;
    egui::ComboBox::from_id_salt("frequency")
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (value, label) in choices {
                if ui.selectable_label(*frequency == value, label).clicked() && *frequency != value
                {
                    *frequency = value;
                    changed = true;
                }
            }
        });
    ui.end_row();
    changed
}
