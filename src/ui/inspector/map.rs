//! A Map step's form: the system and object it makes records of. The mapping editor below
//! it (`mapping.rs`) maps each target field.

use egui::Ui;

use super::form::Form;
use crate::model::ObjectRef;

pub fn form_ui(ui: &mut Ui, form: &mut Form, target: &mut ObjectRef) -> Option<&'static str> {
    let mut what = None;
    if form.system(ui, &mut target.system) {
        what = Some("target system");
    }
    let system = target.system.clone();
    if form.object(ui, &system, &mut target.object) {
        what = Some("target object");
    }
    what
}
