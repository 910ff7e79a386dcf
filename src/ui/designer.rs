//! The designer window: menu bar, flows list and palette on the left, the canvas in the
//! middle, the inspector on the right, Problems / Test run / Preview at the bottom, a
//! status bar. [`Designer::ui`] draws one frame into any `Ui`, so the eframe app and the
//! kittest tests drive exactly the same code.
//!
//! Panels read a [`View`] of the active tab and their own state and push [`Action`]s; the
//! designer drains them once a frame (`acting.rs`). What the designer does itself lives
//! beside this file: opening, saving and closing, recovery copies, its dialogs.

mod acting;
mod approving;
mod comparing;
mod importing;
mod opening;
mod prompts;
mod recovering;
mod saving;
mod subflows;
mod templating;

use std::path::PathBuf;
use std::sync::Arc;

use egui::Ui;

use super::approval_ui;
use super::bottom::{self, BottomTab};
use super::canvas::CanvasInput;
use super::commands::{self, UiCommand};
use super::files::{Recovered, Recovery, Settings};
use super::find::{self, Found};
use super::inspector::{self, InspectorState};
use super::menu::{self, MenuInput};
use super::palette_ui::{self, Left, PaletteState};
use super::panel::{Action, Actions, View};
use super::preview::PreviewState;
use super::samples::SamplesState;
use super::save_as::SaveAs;
use super::tab::Tab;
use super::theme;
use crate::edit::{self, Command, palette};
use crate::model::{Flow, NodeId, Pos};

/// What the designer says when review mode refuses a change.
pub const REVIEW_REFUSES: &str =
    "This flow is open for review: it cannot be changed or saved here.";

const NO_FLOW: &str = "Open a flow first";

/// The close button on each tab.
pub const CLOSE_TAB: &str = "×";

/// The banner over a flow open read-only.
pub const REVIEW_BANNER: &str = "Review mode: this flow is open read-only. You can look at every step, its findings and its mappings; nothing can be changed or saved.";

/// The banner over a flow checked without a workspace.
pub const UNCHECKED_BANNER: &str = "Not checked against a workspace: the systems this flow uses and the organisation's policy are unknown, so personal data, transport security, owners and API budgets were not checked and it cannot be approved.";

/// Why a reviewer's session starts no new flow.
pub const REVIEW_SESSION: &str = "Switchboard was started for review (--review): flows can be looked at, not created or changed.";

/// A question the designer is waiting for the user to answer.
#[derive(Clone, Debug)]
pub enum Prompt {
    /// Where to save a flow (its first save, Save as, or over a file changed on disk).
    SaveAs(SaveAs),
    /// Unsaved changes in tab `index`; then close it (or quit, when `quitting`).
    CloseUnsaved { index: usize, quitting: bool },
    /// Unsaved work found from a session that ended without saving.
    Recover(Vec<Recovered>),
    /// A live run would write to these systems (name, URL): run it?
    ConfirmLive(Vec<(String, String)>),
    /// Which flow file or workspace folder to open.
    Open(crate::ui::open_file::OpenFile),
    /// A reviewer approving the active flow: which key signs, their comment.
    Approve(approval_ui::ApproveForm),
    /// What changed since the active flow's last approved version.
    Compare(approval_ui::CompareView),
    /// Which version the active flow is compared with on the canvas.
    CompareWith(crate::ui::compare::CompareWith),
    /// Systems ▸ Add a system from an API description….
    ImportApi(Box<crate::ui::import_api::ImportApi>),
    /// File ▸ New flow from template….
    Template(Box<crate::ui::template_gallery::TemplateGallery>),
    /// Flow ▸ Make a sub-flow…: the name of the sub-flow the selection moves into.
    MakeSubflow(crate::ui::make_subflow::MakeSubflow),
}

pub struct Designer {
    pub workspace: Option<Arc<crate::workspace::Workspace>>,
    /// Every flow of the workspace as on disk, for the flows list and workspace-wide checks.
    pub workspace_flows: Vec<(PathBuf, Result<Flow, String>)>,
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub palette_items: Vec<palette::Item>,
    pub palette: PaletteState,
    pub inspector: InspectorState,
    pub preview: PreviewState,
    /// The Test run tab's sample records panel: its form, pasted text, choices.
    pub samples: SamplesState,
    pub bottom: BottomTab,
    /// The latest message for the status bar.
    pub notice: Option<String>,
    /// The tab the notice is about (its recovery key); another flow shown hides it.
    notice_tab: Option<String>,
    pub prompt: Option<Prompt>,
    /// The Find box's text while it is open.
    pub find: Option<String>,
    pub settings: Settings,
    pub recovery: Option<Recovery>,
    pub show_shortcuts: bool,
    /// Set when every tab is closed after a quit request; the app then closes the window.
    pub quit: bool,
    /// Set by `--review`: everything opens read-only.
    pub review: bool,
    /// Each workspace flow's word for the flows list ("approved"…), worked out once per
    /// version of the workspace's flows and approvals; cleared when either changes.
    approval_words: Option<Vec<Option<&'static str>>>,
    /// The steps copied last (Ctrl+C), for the canvas menu's "Paste here".
    pub copied: Option<crate::edit::Fragment>,
    /// Whether the designer's readable colours are in egui's themes yet.
    themed: bool,
    /// What the panels asked for this frame (kept to reuse its allocation).
    actions: Actions,
}

impl Designer {
    pub fn new(settings: Settings, recovery: Option<Recovery>) -> Designer {
        let mut designer = Designer {
            workspace: None,
            workspace_flows: Vec::new(),
            tabs: Vec::new(),
            active: 0,
            palette_items: palette::items(None),
            palette: PaletteState::default(),
            inspector: InspectorState::default(),
            preview: PreviewState::default(),
            samples: SamplesState::default(),
            bottom: BottomTab::Problems,
            notice: None,
            notice_tab: None,
            prompt: None,
            find: None,
            settings,
            recovery,
            show_shortcuts: false,
            quit: false,
            review: false,
            copied: None,
            approval_words: None,
            themed: false,
            actions: Actions::default(),
        };
        if let Some(recovery) = &designer.recovery {
            let found = recovery.found();
            if !found.is_empty() {
                designer.prompt = Some(Prompt::Recover(found));
            }
        }
        designer
    }

    pub fn tab(&self) -> Option<&Tab> {
        self.tabs.get(self.active)
    }

    pub fn tab_mut(&mut self) -> Option<&mut Tab> {
        self.tabs.get_mut(self.active)
    }

    /// Puts a message in the status bar.
    pub fn say(&mut self, message: impl Into<String>) {
        self.notice = Some(message.into());
        self.notice_tab = self.tab().map(|t| t.recovery_key.clone());
    }

    /// The latest message, unless it was about a flow other than the one shown.
    fn current_notice(&self) -> Option<&str> {
        let shown = self.tab().map(|t| &t.recovery_key);
        match &self.notice_tab {
            Some(about) if shown != Some(about) => None,
            _ => self.notice.as_deref(),
        }
    }

    /// Applies an edit to the active flow.
    pub fn apply(&mut self, command: Command, label: &str, coalesce: Option<String>) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        if let Err(e) = tab.doc.apply(command, label, coalesce) {
            let message = e.to_string();
            self.say(message);
        }
    }

    /// Adds palette item `index` at `pos` on the active canvas and selects it.
    pub fn add_item(&mut self, index: usize, pos: Pos) {
        let Some(item) = self.palette_items.get(index).cloned() else {
            return;
        };
        let Some(tab) = self.tab() else {
            return;
        };
        if let (crate::model::Step::CallSubflow { subflow, .. }, Some(ws)) =
            (&item.step, &self.workspace)
            && let Some(why) = calls_itself(tab.doc.flow(), subflow, ws)
        {
            self.say(why);
            return;
        }
        let (command, id) = edit::add_item(tab.doc.flow(), &item, pos);
        self.apply(command, &format!("Add {}", item.title), None);
        if let Some(tab) = self.tab_mut()
            && tab.doc.flow().node(&id).is_some()
        {
            tab.selection = [id].into();
        }
    }

    /// Selects a node and brings it into view.
    pub fn select_and_frame(&mut self, id: &NodeId) {
        if let Some(tab) = self.tab_mut() {
            tab.selection = [id.clone()].into();
            let flow = tab.doc.flow().clone();
            tab.canvas.frame_node(&flow, id);
        }
    }

    /// The active tab when it can be changed, or why not.
    pub fn editable_tab(&self) -> Result<&Tab, &'static str> {
        let tab = self.tab().ok_or(NO_FLOW)?;
        if tab.doc.read_only {
            Err(REVIEW_REFUSES)
        } else {
            Ok(tab)
        }
    }

    /// Whether `command` can run now, or why not (shown on the greyed menu item, and
    /// said when its shortcut is pressed).
    pub fn availability(&self, command: UiCommand) -> Result<(), &'static str> {
        use UiCommand as C;
        let open = || self.tab().ok_or(NO_FLOW);
        let editable = || self.editable_tab();
        match command {
            C::Open | C::ToggleTheme | C::Shortcuts | C::Quit => Ok(()),
            C::NewFlow if self.review => Err(REVIEW_SESSION),
            C::NewFlow => Ok(()),
            C::NewFromTemplate if self.review => Err(REVIEW_SESSION),
            C::NewFromTemplate => self
                .workspace
                .as_ref()
                .map(drop)
                .ok_or("Open a workspace first: a template takes its systems"),
            C::SaveAsTemplate if self.review => Err(REVIEW_SESSION),
            C::SaveAsTemplate => {
                open()?;
                self.workspace
                    .as_ref()
                    .map(drop)
                    .ok_or("Open a workspace first: its templates/ folder keeps the template")
            }
            C::CloseTab | C::SelectAll | C::ZoomToFit | C::Find => open().map(drop),
            // A reviewer may test-run: a sample run sends nothing.
            C::TestRun => open().map(drop),
            C::CheckAgainstWorkspace | C::CompareWith => open().map(drop),
            C::ImportApi if self.review => Err(REVIEW_SESSION),
            C::ImportApi => self
                .workspace
                .as_ref()
                .map(drop)
                .ok_or("Open a workspace first: the new system is added to its systems.ron"),
            C::Save | C::SaveAs | C::Tidy | C::AutoMap => editable().map(drop),
            C::Undo => match editable()?.doc.history().undo_label() {
                Some(_) => Ok(()),
                None => Err("There is nothing to undo"),
            },
            C::Redo => match editable()?.doc.history().redo_label() {
                Some(_) => Ok(()),
                None => Err("There is nothing to redo"),
            },
            C::MakeSubflow if self.review => Err(REVIEW_SESSION),
            C::MakeSubflow => {
                if self.workspace.is_none() {
                    return Err("Open a workspace first: the sub-flow is saved in it");
                }
                if editable()?.selection.is_empty() {
                    Err("Select the steps to move into a sub-flow first")
                } else {
                    Ok(())
                }
            }
            C::Delete | C::Duplicate => {
                if editable()?.selection.is_empty() {
                    Err("Select one or more steps first")
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Draws one frame of the whole designer.
    pub fn ui(&mut self, ui: &mut Ui) {
        if !self.themed {
            self.themed = true;
            theme::install(ui.ctx());
        }
        self.handle_input(ui);
        self.recheck_and_poll(ui.ctx());
        self.keep_recovery_copies();
        let mut out = std::mem::take(&mut self.actions);
        self.panels_ui(ui, &mut out);
        self.centre_ui(ui, &mut out);
        self.prompt_ui(ui);
        if let Some(query) = self.find.take() {
            match find::find_ui(ui.ctx(), query, self.tab().map(|t| t.doc.flow())) {
                Found::Open(query) => self.find = Some(query),
                Found::Go(id) => self.select_and_frame(&id),
                Found::Closed => {}
            }
        }
        commands::shortcuts_ui(ui.ctx(), &mut self.show_shortcuts);
        for action in out.drain() {
            self.act(ui, action);
        }
        self.actions = out;
    }

    /// Re-checks flows that changed and picks up finished test runs.
    fn recheck_and_poll(&mut self, ctx: &egui::Context) {
        let workspace = self.workspace.clone();
        let others: Vec<&Flow> = self
            .workspace_flows
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok())
            .collect();
        for tab in &mut self.tabs {
            tab.recheck(workspace.as_deref(), &others);
            if tab.test_run.poll() {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
    }

    /// The menu, status bar, left, right and bottom panels: each reads what it shows and
    /// pushes what the user asked for onto `out`.
    fn panels_ui(&mut self, ui: &mut Ui, out: &mut Actions) {
        let availability = |c| self.availability(c);
        let history = self.tab().map(|t| t.doc.history());
        let menu_input = MenuInput {
            availability: &availability,
            undo: history
                .and_then(|h| h.undo_label())
                .map(|l| format!("Undo {l}")),
            redo: history
                .and_then(|h| h.redo_label())
                .map(|l| format!("Redo {l}")),
            recent: &self.settings.recent,
        };
        egui::Panel::top("menu").show(ui, |ui| menu::menu_ui(ui, &menu_input, out));
        let view = self.tabs.get(self.active).map(|tab| View {
            tab,
            workspace: self.workspace.as_deref(),
        });
        let trouble = self.recovery.as_ref().and_then(Recovery::trouble);
        egui::Panel::bottom("status").show(ui, |ui| {
            menu::status_ui(ui, view, trouble, self.current_notice())
        });
        let words = self.approval_words.get_or_insert_with(|| {
            let ws = self.workspace.as_deref();
            self.workspace_flows
                .iter()
                .map(|(_, flow)| {
                    let (Some(ws), Ok(flow)) = (ws, flow) else {
                        return None;
                    };
                    approval_ui::list_word(&crate::review::approval_state(flow, ws).status)
                })
                .collect()
        });
        let left = Left {
            workspace: self.workspace.as_deref(),
            flows: &self.workspace_flows,
            approvals: words,
            active: view.and_then(|v| v.tab.doc.path.as_deref()),
            items: &self.palette_items,
            editable: view.is_some_and(|v| v.editable()),
        };
        egui::Panel::left("left")
            .resizable(true)
            .default_size(230.0)
            .size_range(180.0..=420.0)
            .show(ui, |ui| {
                palette_ui::left_panel_ui(ui, &left, &mut self.palette, out)
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(340.0)
            .size_range(280.0..=620.0)
            .show(ui, |ui| {
                inspector::inspector_ui(ui, view, &mut self.inspector, out)
            });
        egui::Panel::bottom("bottom")
            .resizable(true)
            .default_size(240.0)
            .show(ui, |ui| {
                // egui keeps a panel as large as its contents were last frame: a tab
                // with less to show would shrink it. Filled, it keeps the user's height.
                ui.set_min_height(ui.available_height());
                bottom::bottom_ui(
                    ui,
                    view,
                    self.bottom,
                    &mut self.preview,
                    &mut self.samples,
                    out,
                )
            });
    }

    /// The tabs, the banner of a flow under review or not checked, and the canvas.
    fn centre_ui(&mut self, ui: &mut Ui, out: &mut Actions) {
        egui::CentralPanel::default().show(ui, |ui| {
            if self.tabs.is_empty() {
                ui.centered_and_justified(|ui| {
                    ui.label(
                        "Open a flow from the list on the left, or start a new one (File > New flow).",
                    );
                });
                return;
            }
            self.tab_strip_ui(ui, out);
            banner_ui(ui, self.tab(), out);
            let can_approve = self.tab().is_some_and(|t| t.doc.read_only && t.fully_checked())
                && self
                    .workspace
                    .as_ref()
                    .is_some_and(|w| !w.policy.reviewers.is_empty());
            approval_ui::banner_ui(
                ui,
                self.tab().and_then(|t| t.approval.as_ref()),
                can_approve,
                out,
            );
            if let Some(comparing) = self.tab().and_then(|t| t.comparing.as_ref()) {
                crate::ui::compare::bar_ui(ui, comparing, out);
            }
            let workspace = self.workspace.clone();
            let Some(tab) = self.tabs.get_mut(self.active) else {
                return;
            };
            let marks = tab.comparing.as_ref().map(crate::ui::compare::Comparing::marks);
            let selection = tab.selection.clone();
            let input = CanvasInput {
                flow: tab.doc.flow(),
                revision: tab.doc.revision(),
                workspace: workspace.as_deref(),
                schemas: tab.schemas.as_ref(),
                findings: &tab.findings,
                trace: tab.test_run.trace.as_ref(),
                read_only: tab.doc.read_only,
                items: &self.palette_items,
                can_paste: self.copied.is_some(),
                compare: marks,
                selection: &selection,
            };
            let canvas = tab.canvas.ui(ui, &input, &selection);
            if let Some(selection) = canvas.selection {
                out.push(Action::Select(selection));
            }
            for (command, label) in canvas.commands {
                out.edit(command, label);
            }
            if let Some((index, pos)) = canvas.dropped {
                out.push(Action::AddItem { index, pos });
            }
            for action in canvas.actions {
                out.push(action);
            }
        });
    }

    /// One button per open flow, with its unsaved marker and a close button.
    fn tab_strip_ui(&self, ui: &mut Ui, out: &mut Actions) {
        // Many tabs scroll sideways: wrapped or not, they would widen the canvas under
        // the inspector.
        // A solid bar under the tabs: egui's floating one grows over the tab labels on
        // hover and takes the clicks meant for them.
        ui.scope(|ui| {
            ui.spacing_mut().scroll = egui::style::ScrollStyle::solid();
            egui::ScrollArea::horizontal()
                .id_salt("tab-strip")
                .show(ui, |ui| self.tabs_ui(ui, out));
        });
    }

    fn tabs_ui(&self, ui: &mut Ui, out: &mut Actions) {
        ui.horizontal(|ui| {
            for (i, tab) in self.tabs.iter().enumerate() {
                let place = tab
                    .doc
                    .path
                    .as_ref()
                    .map_or("Not saved yet".into(), |p| p.display().to_string());
                // A tab and its close button wrap as one.
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = 2.0;
                    if ui
                        .selectable_label(i == self.active, tab.caption())
                        .on_hover_text(place)
                        .clicked()
                    {
                        out.push(Action::ActivateTab(i));
                    }
                    if ui
                        .small_button(CLOSE_TAB)
                        .on_hover_text(UiCommand::CloseTab.tooltip())
                        .clicked()
                    {
                        out.push(Action::CloseTab(i));
                    }
                });
                ui.separator();
            }
        });
    }
}

/// The banner over a flow open read-only, or one not checked against a workspace.
fn banner_ui(ui: &mut Ui, tab: Option<&Tab>, out: &mut Actions) {
    let read_only = tab.is_some_and(|t| t.doc.read_only);
    let unchecked = tab.is_some_and(|t| !t.fully_checked());
    if !read_only && !unchecked {
        return;
    }
    egui::Frame::new()
        .fill(theme::banner_fill(ui.visuals()))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if read_only {
                ui.label(egui::RichText::new(REVIEW_BANNER).strong());
            }
            if unchecked {
                ui.horizontal_wrapped(|ui| {
                    ui.label(egui::RichText::new(UNCHECKED_BANNER).strong());
                    let check = UiCommand::CheckAgainstWorkspace;
                    if ui
                        .button(check.label())
                        .on_hover_text(check.tooltip())
                        .clicked()
                    {
                        out.push(Action::Run(check));
                    }
                });
            }
        });
}

/// Why `flow` may not call the sub-flow `callee`: it is that sub-flow, or the call would
/// come back round to it (the circle named); `None` when it may.
fn calls_itself(
    flow: &Flow,
    callee: &crate::model::FlowId,
    ws: &crate::workspace::Workspace,
) -> Option<String> {
    if &flow.id == callee {
        return Some(format!(
            "The sub-flow '{}' cannot call itself: it would run without end",
            flow.name
        ));
    }
    let chain = crate::subflow::call_cycle(flow, callee, ws)?;
    let named: Vec<String> = chain.iter().map(|n| format!("'{n}'")).collect();
    Some(format!(
        "Not added: {} would call each other without end",
        crate::governance::structure::list_names(
            &named.iter().map(String::as_str).collect::<Vec<_>>()[..named.len() - 1]
        )
    ))
}
