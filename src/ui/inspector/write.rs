//! A Write step's form: the system and object, the action (create, update, upsert,
//! delete), and which record an update or delete changes, or which field an upsert
//! matches on.

use egui::Ui;

use super::form::Form;
use super::picker::pick;
use crate::model::{SystemId, WriteAction};

pub fn form_ui(
    ui: &mut Ui,
    form: &mut Form,
    system: &mut SystemId,
    object: &mut String,
    action: &mut WriteAction,
) -> Option<&'static str> {
    let mut what = form.system_and_object(ui, system, object);
    // An upsert matches on the object's key unless told otherwise.
    let key = form
        .view
        .workspace
        .and_then(|w| w.object(system, object).ok())
        .map(|o| o.key.clone())
        .unwrap_or_default();
    let actions = [
        WriteAction::Create,
        WriteAction::Update { key: String::new() },
        WriteAction::Upsert { match_field: key },
        WriteAction::Delete { key: String::new() },
    ];
    let options: Vec<(usize, String)> = actions
        .iter()
        .enumerate()
        .map(|(i, a)| (i, a.verb().to_owned()))
        .collect();
    let current = actions
        .iter()
        .position(|a| a.verb() == action.verb())
        .unwrap_or(0);
    let mut chosen = current;
    if pick(
        ui,
        (form.key(), "action"),
        "Action",
        "What to do with the records",
        &options,
        &mut chosen,
        action.verb().to_owned(),
    ) && let Some(a) = actions.into_iter().nth(chosen)
    {
        *action = a;
        what = Some("action");
    }
    match action {
        WriteAction::Update { key } | WriteAction::Delete { key } => {
            if form.formula(
                ui,
                "key",
                "Record key",
                "Which record to change: a formula giving its key",
                key,
            ) {
                what = Some("key");
            }
        }
        WriteAction::Upsert { match_field } => {
            if form.field(
                ui,
                "Match on",
                "The field that tells whether the record exists already",
                (system, object),
                match_field,
            ) {
                what = Some("match field");
            }
        }
        WriteAction::Create => {}
    }
    what
}
