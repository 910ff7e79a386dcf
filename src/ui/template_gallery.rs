//! File ▸ New flow from template…: a gallery of the templates (the shipped ones and the
//! workspace's own), each with its description and a picture of its canvas, and a short
//! form that fills each placeholder with a system of the workspace of the right kind.
//! The flow itself is the core's (`template::instantiate`), the same as
//! `switchboard new --template`; this is only the form around it.

use egui::{Color32, Pos2, Rect, RichText, Stroke, Ui, Vec2};

use crate::model::{Flow, SystemId};
use crate::template::{self, Named};
use crate::workspace::{System, Workspace};

/// The dialog's title and labels (tests find them by these).
pub const TITLE: &str = "New flow from template";
pub const CREATE: &str = "Create the flow";
/// The size of a template's picture.
const PICTURE: Vec2 = Vec2::new(420.0, 170.0);
/// The height of the gallery's list, fixed so the dialog keeps its size and place.
const LIST_HEIGHT: f32 = 460.0;
/// The widths of the list of templates and of the chosen one's details.
const LIST_WIDTH: f32 = 280.0;
const DETAILS_WIDTH: f32 = 500.0;

/// The dialog's state.
#[derive(Clone, Debug)]
pub struct TemplateGallery {
    pub templates: Vec<Named>,
    /// Which template is shown.
    pub selected: usize,
    /// Per placeholder of the selected template: the system picked.
    pub picks: Vec<Option<SystemId>>,
    /// Template files that could not be read, said under the list.
    pub problems: Vec<String>,
}

/// The user's answer.
pub enum Answer {
    /// Start a flow from this template with these systems (by placeholder).
    Create(Box<Named>, std::collections::BTreeMap<SystemId, SystemId>),
    Cancel,
}

impl TemplateGallery {
    pub fn new(workspace: &Workspace) -> TemplateGallery {
        let (templates, problems) = template::all(Some(&workspace.root));
        let mut gallery = TemplateGallery {
            templates,
            selected: 0,
            picks: Vec::new(),
            problems,
        };
        gallery.select(0, workspace);
        gallery
    }

    /// Shows template `i`, each placeholder taking the workspace's only system of its
    /// kind when there is one.
    pub fn select(&mut self, i: usize, workspace: &Workspace) {
        self.selected = i;
        self.picks = self.templates.get(i).map_or_else(Vec::new, |t| {
            t.template
                .placeholders
                .iter()
                .map(|p| match candidates(workspace, p.kind).as_slice() {
                    [only] => Some(only.id.clone()),
                    _ => None,
                })
                .collect()
        });
    }

    /// Draws the dialog; the answer once the user gives one.
    pub fn ui(&mut self, ctx: &egui::Context, workspace: &Workspace) -> Option<Answer> {
        let mut answer = None;
        let mut select = None;
        let modal = egui::Modal::new(egui::Id::new("template-gallery")).show(ctx, |ui| {
            ui.set_width(LIST_WIDTH + DETAILS_WIDTH + 20.0);
            ui.heading(TITLE);
            ui.label("Start from a flow that already works: pick a template, say which of your systems it connects, and test-run it.");
            ui.separator();
            ui.horizontal_top(|ui| {
                let column = |width: f32| (Vec2::new(width, LIST_HEIGHT), egui::Layout::top_down(egui::Align::Min));
                let (size, layout) = column(LIST_WIDTH);
                ui.allocate_ui_with_layout(size, layout, |ui| {
                    ui.set_width(LIST_WIDTH);
                    ui.set_height(LIST_HEIGHT);
                    egui::ScrollArea::vertical()
                        .id_salt("templates")
                        .max_height(LIST_HEIGHT)
                        .auto_shrink([false, false])
                        .show(ui, |ui| {
                        for (i, t) in self.templates.iter().enumerate() {
                            let title = RichText::new(&t.template.title).strong();
                            if ui.selectable_label(i == self.selected, title).clicked() {
                                select = Some(i);
                            }
                            let origin = if t.path.is_some() { "this workspace's" } else { "ships with Switchboard" };
                            ui.weak(format!("{} · {origin}", t.name));
                            ui.add_space(6.0);
                        }
                        for p in &self.problems {
                            ui.colored_label(ui.visuals().warn_fg_color, p);
                        }
                    });
                });
                // A line of the list's height: a separator would take all the height there
                // is, and the dialog would grow with every frame.
                let (line, _) = ui.allocate_exact_size(Vec2::new(9.0, LIST_HEIGHT), egui::Sense::hover());
                ui.painter().vline(line.center().x, line.y_range(), ui.visuals().widgets.noninteractive.bg_stroke);
                let (size, layout) = column(DETAILS_WIDTH);
                ui.allocate_ui_with_layout(size, layout, |ui| {
                    ui.set_width(DETAILS_WIDTH);
                    ui.set_height(LIST_HEIGHT);
                    egui::ScrollArea::vertical()
                        .id_salt("template-details")
                        .max_height(LIST_HEIGHT)
                        .auto_shrink([false, false])
                        .show(ui, |ui| match self.templates.get(self.selected) {
                            Some(t) => details_ui(ui, t, &mut self.picks, workspace),
                            None => {
                                ui.weak("There are no templates: add one with `switchboard new --from-flow`.");
                            }
                        });
                });
            });
            ui.separator();
            ui.horizontal(|ui| {
                let ready = self.templates.get(self.selected).is_some() && self.picks.iter().all(Option::is_some);
                if ui
                    .add_enabled(ready, egui::Button::new(CREATE))
                    .on_disabled_hover_text("Pick a system for each of the template's systems")
                    .clicked()
                    && let Some(t) = self.templates.get(self.selected)
                {
                    let systems = t
                        .template
                        .placeholders
                        .iter()
                        .zip(&self.picks)
                        .filter_map(|(p, s)| Some((p.name.clone(), s.clone()?)))
                        .collect();
                    answer = Some(Answer::Create(Box::new(t.clone()), systems));
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        if let Some(i) = select {
            self.select(i, workspace);
        }
        if answer.is_none() && modal.should_close() {
            answer = Some(Answer::Cancel);
        }
        answer
    }
}

/// The systems of `workspace` of `kind`.
fn candidates(workspace: &Workspace, kind: crate::workspace::SystemKind) -> Vec<&System> {
    workspace
        .landscape
        .systems
        .iter()
        .filter(|s| s.kind == kind)
        .collect()
}

/// The selected template: its description, its picture and the systems to pick.
fn details_ui(ui: &mut Ui, t: &Named, picks: &mut [Option<SystemId>], workspace: &Workspace) {
    ui.label(RichText::new(&t.template.title).heading());
    ui.label(&t.template.description);
    ui.add_space(4.0);
    picture_ui(ui, &t.template.flow);
    ui.add_space(6.0);
    ui.label(RichText::new("Your systems").strong());
    for (p, pick) in t.template.placeholders.iter().zip(picks.iter_mut()) {
        let systems = candidates(workspace, p.kind);
        if systems.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{}: there is no {} system in systems.ron",
                    p.label,
                    p.kind.words()
                ),
            );
            continue;
        }
        let shown = pick
            .as_ref()
            .and_then(|id| systems.iter().find(|s| &s.id == id))
            .map_or_else(|| format!("Pick a {}…", p.kind.words()), |s| s.name.clone());
        // Labelled by what it asks, which is also how tests and screen readers find it;
        // a long question is cut at the dialog's edge rather than widening the dialog.
        ui.scope(|ui| {
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            egui::ComboBox::new(("pick", &t.name, p.name.as_str()), &p.label)
                .selected_text(shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for s in systems {
                        ui.selectable_value(pick, Some(s.id.clone()), &s.name);
                    }
                });
        });
    }
}

/// The template's canvas in small: its steps where the layout puts them, and the wires.
fn picture_ui(ui: &mut Ui, flow: &Flow) {
    let (rect, _) = ui.allocate_exact_size(PICTURE, egui::Sense::hover());
    let painter = ui.painter_at(rect);
    let visuals = ui.visuals();
    painter.rect_filled(rect, 6.0, visuals.extreme_bg_color);
    let positions: Vec<(usize, Pos2)> = flow
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| flow.layout.0.get(&n.id).map(|p| (i, Pos2::new(p.0, p.1))))
        .collect();
    if positions.is_empty() {
        return;
    }
    let bounds = positions.iter().fold(Rect::NOTHING, |r, (_, p)| {
        r.union(Rect::from_min_size(*p, NODE))
    });
    let scale = ((rect.width() - 24.0) / bounds.width())
        .min((rect.height() - 24.0) / bounds.height())
        .min(1.0);
    let place = |p: Pos2| rect.center() + (p - bounds.center()) * scale;
    let size = NODE * scale;
    let box_of = |i: usize| {
        positions
            .iter()
            .find(|(j, _)| *j == i)
            .map(|(_, p)| Rect::from_min_size(place(*p), size))
    };
    let stroke = Stroke::new(1.5, visuals.weak_text_color());
    for wire in &flow.wires {
        let from = flow
            .nodes
            .iter()
            .position(|n| n.id == wire.from.node)
            .and_then(box_of);
        let to = flow
            .nodes
            .iter()
            .position(|n| n.id == wire.to.node)
            .and_then(box_of);
        if let (Some(a), Some(b)) = (from, to) {
            painter.line_segment([a.right_center(), b.left_center()], stroke);
        }
    }
    for (i, node) in flow.nodes.iter().enumerate() {
        let Some(r) = box_of(i) else { continue };
        let fill = if node.step.is_trigger() {
            Color32::from_rgb(64, 120, 200)
        } else {
            visuals.widgets.inactive.bg_fill
        };
        painter.rect_filled(r, 4.0, fill);
        painter.rect_stroke(
            r,
            4.0,
            Stroke::new(1.0, visuals.widgets.inactive.fg_stroke.color),
            egui::StrokeKind::Inside,
        );
        let font = egui::FontId::proportional((11.0 * scale).clamp(7.0, 11.0));
        let text = painter.layout(
            node.label.clone(),
            font,
            visuals.text_color(),
            r.width() - 6.0,
        );
        // Kept inside its box: a long name is cut, not spilled over the next step.
        painter.with_clip_rect(r.shrink(2.0)).galley(
            r.center() - text.size() / 2.0,
            text,
            visuals.text_color(),
        );
    }
}

/// The size of a step in the picture, in canvas units.
const NODE: Vec2 = Vec2::new(180.0, 60.0);
