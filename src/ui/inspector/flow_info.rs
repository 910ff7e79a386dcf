//! The flow's own details, shown when no step is selected: name, description, owner, and
//! what the integration catalog and the checks need (data element, volumes, frequency,
//! synchronisation).

use egui::Ui;

use crate::edit::{Command, FlowInfo};
use crate::model::{Frequency, Owner, SyncType};
use crate::ui::panel::{Actions, View};

/// The flow's own details (shown when no step is selected).
pub fn flow_info_ui(ui: &mut Ui, view: View, out: &mut Actions) {
    let enabled = view.editable();
    let before = FlowInfo::of(view.tab.doc.flow());
    let mut info = before.clone();
    let mut what = None;
    ui.heading("Flow");
    ui.label("Nothing selected: these are the flow's own details, used by the integration catalog and the checks.");
    ui.add_space(4.0);
    ui.add_enabled_ui(enabled, |ui| {
        egui::Grid::new("flow-info")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                let label = ui.label("Name");
                if ui
                    .text_edit_singleline(&mut info.name)
                    .labelled_by(label.id)
                    .on_hover_text("What the flow is called in lists and reports")
                    .changed()
                {
                    what = Some("name");
                }
                ui.end_row();
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
                let mut owner = info.owner.clone().unwrap_or(Owner {
                    team: String::new(),
                    contact: String::new(),
                });
                let label = ui.label("Owner team");
                let a = ui
                    .text_edit_singleline(&mut owner.team)
                    .labelled_by(label.id)
                    .on_hover_text("The team that answers for this flow")
                    .changed();
                ui.end_row();
                let label = ui.label("Contact");
                let b = ui
                    .text_edit_singleline(&mut owner.contact)
                    .labelled_by(label.id)
                    .on_hover_text("A person or mailbox to ask")
                    .changed();
                ui.end_row();
                if a || b {
                    info.owner =
                        (!owner.team.is_empty() || !owner.contact.is_empty()).then_some(owner);
                    what = Some("owner");
                }
                let catalog = &mut info.catalog;
                let mut element = catalog.data_element.clone().unwrap_or_default();
                ui.label("Data element");
                if ui
                    .text_edit_singleline(&mut element)
                    .on_hover_text("The business data it moves, such as Customer or Sales Order")
                    .changed()
                {
                    catalog.data_element = (!element.trim().is_empty()).then_some(element);
                    what = Some("data element");
                }
                ui.end_row();
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
                    ui.label(label);
                    let mut n = value.unwrap_or(0);
                    ui.horizontal(|ui| {
                        let mut known = value.is_some();
                        if ui
                            .checkbox(&mut known, "")
                            .on_hover_text("Whether the volume is known")
                            .changed()
                        {
                            *value = known.then_some(n);
                            what = Some("volumes");
                        }
                        if known
                            && ui
                                .add(egui::DragValue::new(&mut n).speed(10))
                                .on_hover_text(tip)
                                .changed()
                        {
                            *value = Some(n);
                            what = Some("volumes");
                        }
                    });
                    ui.end_row();
                }
                ui.label("Frequency");
                let frequencies = [
                    (None, "not set"),
                    (Some(Frequency::RealTime), "real time"),
                    (Some(Frequency::EveryMinutes(15)), "every 15 minutes"),
                    (Some(Frequency::Hourly), "hourly"),
                    (Some(Frequency::Daily), "daily"),
                    (Some(Frequency::Weekly), "weekly"),
                    (Some(Frequency::Monthly), "monthly"),
                    (Some(Frequency::OnDemand), "on demand"),
                ];
                let shown = match catalog.frequency {
                    Some(Frequency::EveryMinutes(n)) => format!("every {n} minutes"),
                    f => frequencies
                        .iter()
                        .find(|(v, _)| *v == f)
                        .map_or("not set", |(_, l)| l)
                        .to_owned(),
                };
                egui::ComboBox::from_id_salt("frequency")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (value, label) in frequencies {
                            if ui
                                .selectable_label(catalog.frequency == value, label)
                                .clicked()
                                && catalog.frequency != value
                            {
                                catalog.frequency = value;
                                what = Some("frequency");
                            }
                        }
                    });
                ui.end_row();
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
