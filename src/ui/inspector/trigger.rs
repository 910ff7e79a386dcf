//! The trigger's form: which system event starts the flow, or its timetable, or the
//! address other systems call.

use egui::Ui;

use super::form::Form;
use crate::model::{RecordEvent, Schedule, Trigger, Weekday};
use crate::words;

pub fn form_ui(ui: &mut Ui, form: &mut Form, trigger: &mut Trigger) -> Option<&'static str> {
    match trigger {
        Trigger::RecordEvent {
            system,
            object,
            event,
            fields,
        } => record_event_ui(ui, form, system, object, event, fields),
        Trigger::Schedule(schedule) => schedule_ui(ui, form, schedule),
        Trigger::Webhook { path, .. } => {
            ui.label("Address path");
            ui.text_edit_singleline(path)
                .on_hover_text("The path other systems call to start this flow")
                .changed()
                .then_some("path")
        }
        Trigger::Manual { inputs } => {
            ui.label(format!(
                "Started by hand; asks for {}.",
                words::count(inputs.len(), "input", "inputs")
            ));
            None
        }
        // The inspector shows a sub-flow's input with the sub-flow forms.
        Trigger::SubflowInput { .. } => None,
    }
}

fn record_event_ui(
    ui: &mut Ui,
    form: &mut Form,
    system: &mut crate::model::SystemId,
    object: &mut String,
    event: &mut RecordEvent,
    fields: &mut Vec<String>,
) -> Option<&'static str> {
    let mut what = form.system_and_object(ui, system, object);
    ui.horizontal(|ui| {
        ui.label("When a record is");
        for e in [
            RecordEvent::Created,
            RecordEvent::Updated,
            RecordEvent::Deleted,
        ] {
            if ui
                .radio_value(event, e, e.verb())
                .on_hover_text("Which change starts the flow")
                .changed()
            {
                what = Some("event");
            }
        }
    });
    if *event == RecordEvent::Updated {
        let mut text = fields.join(", ");
        ui.label("Only when one of these fields changed (empty: any)");
        if ui
            .text_edit_singleline(&mut text)
            .on_hover_text("Field names separated by commas")
            .changed()
        {
            *fields = text
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
            what = Some("fields");
        }
    }
    what
}

fn schedule_ui(ui: &mut Ui, form: &mut Form, schedule: &mut Schedule) -> Option<&'static str> {
    let mut what = None;
    let kinds = ["every few minutes", "every few hours", "daily", "weekly"];
    let current = match schedule {
        Schedule::EveryMinutes(_) => 0,
        Schedule::EveryHours(_) => 1,
        Schedule::Daily { .. } => 2,
        Schedule::Weekly { .. } => 3,
    };
    let options: Vec<(usize, String)> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (i, (*k).to_owned()))
        .collect();
    let mut chosen = current;
    if super::picker::pick(
        ui,
        (form.key(), "schedule"),
        "Runs",
        "How often the flow starts",
        &options,
        &mut chosen,
        kinds[current].to_owned(),
    ) {
        *schedule = match chosen {
            0 => Schedule::EveryMinutes(15),
            1 => Schedule::EveryHours(1),
            2 => Schedule::Daily { at: "02:00".into() },
            _ => Schedule::Weekly {
                day: Weekday::Monday,
                at: "02:00".into(),
            },
        };
        what = Some("schedule");
    }
    match schedule {
        Schedule::EveryMinutes(n) | Schedule::EveryHours(n) => {
            if ui
                .add(egui::DragValue::new(n).range(1..=1440).prefix("every "))
                .on_hover_text("How many minutes or hours between runs")
                .changed()
            {
                what = Some("schedule");
            }
        }
        Schedule::Daily { at } | Schedule::Weekly { at, .. } => {
            ui.horizontal(|ui| {
                ui.label("at");
                if ui
                    .text_edit_singleline(at)
                    .on_hover_text("Local time, such as 02:00")
                    .changed()
                {
                    what = Some("schedule");
                }
            });
        }
    }
    what
}
