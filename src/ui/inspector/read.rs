//! A Read step's form: which system and object, and which records — one by key, those
//! matching a condition, all of them, or those changed since the last run.

use egui::Ui;

use super::form::Form;
use super::picker::pick;
use crate::model::{ReadBy, SystemId};

pub fn form_ui(
    ui: &mut Ui,
    form: &mut Form,
    system: &mut SystemId,
    object: &mut String,
    by: &mut ReadBy,
) -> Option<&'static str> {
    let mut what = form.system_and_object(ui, system, object);
    let kinds = [
        "one record by key",
        "records matching a condition",
        "all records (full copy)",
        "records changed since the last run",
    ];
    let current = match by {
        ReadBy::Key(_) => 0,
        ReadBy::Query(_) => 1,
        ReadBy::All => 2,
        ReadBy::ChangedSinceLastRun => 3,
    };
    let options: Vec<(usize, String)> = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| (i, (*k).to_owned()))
        .collect();
    let mut chosen = current;
    if pick(
        ui,
        (form.key(), "by"),
        "Read",
        "Which records of the object to read",
        &options,
        &mut chosen,
        kinds[current].to_owned(),
    ) {
        *by = match chosen {
            0 => ReadBy::Key(String::new()),
            1 => ReadBy::Query("TRUE".into()),
            2 => ReadBy::All,
            _ => ReadBy::ChangedSinceLastRun,
        };
        what = Some("by");
    }
    if let ReadBy::Key(text) | ReadBy::Query(text) = by
        && form.formula(ui, "by", "Formula", "Which records to read", text)
    {
        what = Some("by");
    }
    what
}
