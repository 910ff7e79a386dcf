//! What a node shows: its kind's icon, a summary of its settings, a badge with its
//! findings, and after a test run a badge with its items in and out.

use egui::{RichText, Ui, Vec2};

use crate::model::{NodeId, Step, Trigger};
use crate::run::{Status, Trace};
use crate::ui::theme;
use crate::words;
use crate::workspace::Workspace;

/// The width of a node's title row, in canvas units: titles longer than this are cut
/// with an ellipsis (the whole name shows in the inspector), so every node of a kind is
/// as wide as the next, whatever its name or badges.
pub const HEADER_WIDTH: f32 = 190.0;
/// The width of a node's settings and badges, between its pins.
pub const BODY_WIDTH: f32 = 150.0;
/// A typical node's size, for steps not drawn this frame (fitting, the minimap).
pub const NODE_SIZE: Vec2 = Vec2::new(230.0, 120.0);
/// Below this zoom a node shows its title only: the rest would be too small to read.
pub const DETAIL_MIN_SCALE: f32 = 0.6;

/// The size of a node's title in canvas units: grown when zoomed out, so the title stays
/// at least 11 points on screen down to 40 %, where the steps are too small to matter.
pub fn title_size(scale: f32) -> f32 {
    (11.0 / scale.max(0.01)).clamp(14.0, 27.5)
}

/// The size of a node's settings text in canvas units: at least 9 points on screen
/// down to the zoom where the body is hidden.
pub fn body_size(scale: f32) -> f32 {
    (9.0 / scale.max(0.01)).clamp(11.5, 15.0)
}

/// A small coloured count of a node's findings.
pub fn badge_ui(ui: &mut Ui, errors: usize, others: usize) {
    if errors > 0 {
        ui.label(
            egui::RichText::new(format!("⛔ {errors}"))
                .color(theme::error_text(ui.visuals()))
                .small(),
        )
        .on_hover_text(format!(
            "{}: see the Problems panel",
            words::count(errors, "error", "errors")
        ));
    }
    if others > 0 {
        ui.label(
            egui::RichText::new(format!("⚠ {others}"))
                .color(theme::warning_text(ui.visuals()))
                .small(),
        )
        .on_hover_text(format!(
            "{}: see the Problems panel",
            words::count(others, "warning", "warnings")
        ));
    }
}

pub fn kind_icon(step: &Step) -> &'static str {
    match step {
        Step::Trigger(_) => "⚡",
        Step::Read { .. } => "📥",
        Step::Lookup { .. } => "🔍",
        Step::Map { .. } => "🔀",
        Step::Filter { .. } => "⏷",
        Step::Branch { .. } => "🚦",
        Step::ForEach { .. } => "🔁",
        Step::Write { .. } => "📤",
        Step::Note { .. } => "📝",
        Step::SubflowOutput { .. } => "⏏",
        Step::CallSubflow { .. } => "📦",
    }
}

/// What a node does, at a glance: system, object, operation.
pub fn summary(step: &Step, workspace: Option<&Workspace>) -> Vec<String> {
    let system_name = |id: &crate::model::SystemId| {
        if id.is_unchosen() {
            return "No system chosen yet".to_owned();
        }
        workspace
            .and_then(|w| w.landscape.system(id))
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    };
    let short = |text: &str| {
        let text = text.trim();
        if text.chars().count() > 32 {
            format!("{}…", text.chars().take(31).collect::<String>())
        } else {
            text.to_owned()
        }
    };
    match step {
        Step::Trigger(Trigger::RecordEvent {
            system,
            object,
            event,
            ..
        }) => vec![system_name(system), format!("{object} {}", event.verb())],
        Step::Trigger(Trigger::Schedule(s)) => vec![format!("Schedule: {s:?}")],
        Step::Trigger(Trigger::Webhook { path, .. }) => vec![format!("Webhook {path}")],
        Step::Trigger(Trigger::Manual { .. }) => vec!["Started by hand".into()],
        Step::Trigger(Trigger::SubflowInput { fields }) => vec![
            "Called by other flows".into(),
            format!("takes {}", words::count(fields.len(), "field", "fields")),
        ],
        Step::SubflowOutput { port, fields } => vec![
            format!("Output '{port}'"),
            format!("gives {}", words::count(fields.len(), "field", "fields")),
        ],
        Step::CallSubflow {
            subflow, inputs, ..
        } => vec![
            workspace.and_then(|w| w.subflow(subflow)).map_or_else(
                || format!("Sub-flow {subflow}"),
                |f| format!("Sub-flow '{}'", f.name),
            ),
            format!("hands it {}", words::count(inputs.len(), "field", "fields")),
        ],
        Step::Read { system, object, by } => vec![
            system_name(system),
            format!(
                "Read {object} {}",
                match by {
                    crate::model::ReadBy::Key(_) => "by key",
                    crate::model::ReadBy::Query(_) => "by search",
                    crate::model::ReadBy::All => "— all records",
                    crate::model::ReadBy::ChangedSinceLastRun => "— changed since last run",
                }
            ),
        ],
        Step::Lookup {
            system,
            object,
            match_field,
            ..
        } => vec![
            system_name(system),
            format!("Look up {object} by {match_field}"),
        ],
        Step::Map { target, mappings } => vec![
            system_name(&target.system),
            format!("Build {}", target.object),
            format!("{} mapped", words::count(mappings.len(), "field", "fields")),
        ],
        Step::Filter { condition } => vec![format!("Only if {}", short(condition))],
        Step::Branch { cases } => vec![format!("{} paths and else", cases.len())],
        Step::ForEach { list } => vec![format!("Each of {}", short(list))],
        Step::Write {
            system,
            object,
            action,
        } => vec![system_name(system), format!("{} {object}", action.verb())],
        Step::Note { text } => vec![short(text)],
    }
}

/// The badge a step gets after a run: items in → out, coloured by how it went.
pub fn run_badge_ui(ui: &mut Ui, trace: &Trace, node: &NodeId) {
    let Some(t) = trace.node(node) else { return };
    let (colour, tip) = match t.status() {
        Status::Ok => (theme::success_text(ui.visuals()), "Ran without errors"),
        Status::Failed => (
            theme::error_text(ui.visuals()),
            "Failed on some items: see the Test run tab",
        ),
        Status::Skipped => (ui.visuals().weak_text_color(), "No item reached this step"),
    };
    ui.label(
        RichText::new(format!("{} in · {} out", t.input.len(), t.output.len()))
            .size(12.0)
            .strong()
            .color(colour),
    )
    .on_hover_text(format!(
        "{tip}: {} in, {} out",
        words::count(t.input.len(), "item", "items"),
        t.output.len()
    ));
}
