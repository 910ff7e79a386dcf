//! The designer window: menu bar, flows list and palette on the left, the canvas in the
//! middle, the inspector on the right, Problems and Preview at the bottom, a status bar.
//! [`Designer::ui`] draws one frame into any `Ui`, so the eframe app and the kittest
//! tests drive exactly the same code.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::Ui;

use super::canvas::CanvasInput;
use super::commands::UiCommand;
use super::files::{Recovered, Recovery, Settings};
use super::recovery_prompt::{self, Decision};
use super::save_as::{self, AfterSave, SaveAs};
use super::tab::Tab;
use super::{inspector, palette_ui, problems, theme};
use crate::edit::{self, Command, Document, Fragment, palette};
use crate::governance::Severity;
use crate::model::{Flow, FlowId, NodeId, Pos};
use crate::store;
use crate::workspace::{self, Workspace};

/// The bottom panel's tabs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BottomTab {
    Problems,
    Preview,
    TestRun,
}

/// What the designer says when review mode refuses a change.
pub const REVIEW_REFUSES: &str =
    "This flow is open for review: it cannot be changed or saved here.";

const NO_FLOW: &str = "Open a flow first";

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
}

pub struct Designer {
    pub workspace: Option<Arc<Workspace>>,
    /// Every flow of the workspace as on disk, for the flows list and workspace-wide checks.
    pub workspace_flows: Vec<(PathBuf, Result<Flow, String>)>,
    pub tabs: Vec<Tab>,
    pub active: usize,
    pub palette_query: String,
    pub palette_items: Vec<palette::Item>,
    pub bottom: BottomTab,
    /// A message for the status bar, with when it was set.
    pub notice: Option<(String, f64)>,
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
}

impl Designer {
    pub fn new(settings: Settings, recovery: Option<Recovery>) -> Designer {
        let mut designer = Designer {
            workspace: None,
            workspace_flows: Vec::new(),
            tabs: Vec::new(),
            active: 0,
            palette_query: String::new(),
            palette_items: palette::items(None),
            bottom: BottomTab::Problems,
            notice: None,
            prompt: None,
            find: None,
            settings,
            recovery,
            show_shortcuts: false,
            quit: false,
            review: false,
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

    fn say(&mut self, ui: &Ui, message: impl Into<String>) {
        self.notice = Some((message.into(), ui.input(|i| i.time)));
    }

    /// Opens a workspace folder or a flow file; a message explains what went wrong.
    pub fn open_path(&mut self, path: &Path) -> Result<(), String> {
        if path.is_dir() {
            self.open_workspace(path)?;
            if let Some(first) = self
                .workspace
                .as_ref()
                .and_then(|w| w.flow_paths.first().cloned())
            {
                self.open_flow(&first)?;
            }
            return Ok(());
        }
        let root = workspace::find_root(path);
        let inside = root
            .as_deref()
            .is_some_and(|r| self.workspace.as_ref().is_some_and(|w| w.root == r));
        if !inside {
            match &root {
                Some(root) => self.open_workspace(root)?,
                None => {
                    self.workspace = None;
                    self.workspace_flows.clear();
                    self.palette_items = palette::items(None);
                }
            }
        }
        self.open_flow(path)?;
        // A file from outside any workspace is someone else's: open it for review.
        if root.is_none()
            && let Some(tab) = self.tabs.last_mut()
        {
            tab.doc.read_only = true;
        }
        Ok(())
    }

    pub fn open_workspace(&mut self, root: &Path) -> Result<(), String> {
        let ws = Workspace::load(root).map_err(|e| e.to_string())?;
        self.workspace_flows = ws
            .flow_paths
            .iter()
            .map(|p| (p.clone(), store::load_flow(p).map_err(|e| e.to_string())))
            .collect();
        self.palette_items = palette::items(Some(&ws));
        self.settings.last_workspace = Some(root.to_owned());
        self.workspace = Some(Arc::new(ws));
        for tab in &mut self.tabs {
            tab.invalidate_check();
        }
        Ok(())
    }

    /// Opens `path` checked against the workspace in `root`; a flow file from outside that
    /// workspace opens read-only, as any file from elsewhere does.
    pub fn open_against(&mut self, path: &Path, root: &Path) -> Result<(), String> {
        self.check_against(root)?;
        if path.is_dir() {
            return self.open_path(path);
        }
        self.open_flow(path)?;
        let inside = workspace::find_root(path)
            .and_then(|r| r.canonicalize().ok())
            .zip(root.canonicalize().ok())
            .is_some_and(|(a, b)| a == b);
        if !inside && let Some(tab) = self.tabs.last_mut() {
            tab.doc.read_only = true;
        }
        Ok(())
    }

    /// Checks the open flows against the workspace in `root` (its systems and policy)
    /// without moving any file: for a flow someone sent from outside any workspace.
    pub fn check_against(&mut self, root: &Path) -> Result<(), String> {
        if !root.join(workspace::SYSTEMS_FILE).is_file() {
            return Err(format!(
                "This folder is not a workspace: it has no {}. {}",
                workspace::SYSTEMS_FILE,
                root.display()
            ));
        }
        self.open_workspace(root)?;
        self.notice = Some((
            format!("Checked against the workspace {}", root.display()),
            0.0,
        ));
        Ok(())
    }

    /// Opens a flow in a tab, or switches to its tab when it is open already.
    pub fn open_flow(&mut self, path: &Path) -> Result<(), String> {
        if let Some(i) = self
            .tabs
            .iter()
            .position(|t| t.doc.path.as_deref() == Some(path))
        {
            self.active = i;
            return Ok(());
        }
        let mut doc = Document::open(path).map_err(|e| e.to_string())?;
        doc.read_only = self.review;
        self.settings.remember(path);
        let mut tab = Tab::new(doc);
        tab.canvas.show_start(tab.doc.flow());
        self.tabs.push(tab);
        self.active = self.tabs.len() - 1;
        Ok(())
    }

    /// A new, empty flow in a new tab.
    pub fn new_flow(&mut self) {
        // An id no open flow and no flow of the workspace has (by id or by file name), so
        // two new flows of two sessions never pass for one flow.
        let mut taken: std::collections::BTreeSet<String> = self
            .tabs
            .iter()
            .map(|t| t.doc.flow().id.to_string())
            .collect();
        for (path, flow) in &self.workspace_flows {
            if let Ok(flow) = flow {
                taken.insert(flow.id.to_string());
            }
            if let Some(name) = path.file_name() {
                let name = name.to_string_lossy();
                taken.insert(name.trim_end_matches(workspace::FLOW_SUFFIX).to_owned());
            }
        }
        let mut n = 1;
        while taken.contains(&format!("new-flow-{n}")) {
            n += 1;
        }
        let Ok(id) = FlowId::new(format!("new-flow-{n}")) else {
            return;
        };
        let flow = Flow::new(id, format!("New flow {n}"));
        self.tabs.push(Tab::new(Document::new(flow, None)));
        self.active = self.tabs.len() - 1;
    }

    /// Applies an edit to the active flow.
    pub fn apply(&mut self, command: Command, label: &str, coalesce: Option<String>) {
        let Some(tab) = self.tab_mut() else {
            return;
        };
        if let Err(e) = tab.doc.apply(command, label, coalesce) {
            let message = e.to_string();
            self.notice = Some((message, 0.0));
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
        let (command, id) = edit::add_item(tab.doc.flow(), &item, pos);
        self.apply(command, &format!("Add {}", item.title), None);
        if let Some(tab) = self.tab_mut()
            && tab.doc.flow().node(&id).is_some()
        {
            tab.selection = [id].into();
        }
    }

    /// Saves tab `index` to its file, then does `then`. A flow never saved, or one whose
    /// file changed on disk since it was opened, gets the Save as dialog instead: a file is
    /// never created under a name the user did not see, nor replaced without asking.
    pub fn save_tab(&mut self, index: usize, then: AfterSave) {
        let folder = self.folder_for(index);
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.read_only {
            self.notice = Some((REVIEW_REFUSES.into(), 0.0));
            return;
        }
        let mut dialog = SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
        dialog.then = then;
        if let Some(path) = tab.doc.path.clone() {
            let on_disk = store::FileStamp::of_file(&path);
            let changed = on_disk.is_some() && on_disk.as_ref() != tab.doc.base();
            if !changed {
                self.finish_save(index, &path, true, then);
                return;
            }
            dialog.replace = Some(path);
            dialog.changed_on_disk = true;
        }
        self.prompt = Some(Prompt::SaveAs(dialog));
    }

    /// Opens the Save as dialog for the active tab.
    pub fn save_active_as(&mut self) {
        let index = self.active;
        let folder = self.folder_for(index);
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.read_only {
            self.notice = Some((REVIEW_REFUSES.into(), 0.0));
            return;
        }
        let dialog = SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
        self.prompt = Some(Prompt::SaveAs(dialog));
    }

    /// Where Save as starts: beside the flow's file, else in the workspace, else here.
    fn folder_for(&self, index: usize) -> PathBuf {
        self.tabs
            .get(index)
            .and_then(|t| t.doc.path.as_deref())
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .or_else(|| self.workspace.as_ref().map(|w| w.root.clone()))
            .unwrap_or_else(|| std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")))
    }

    /// Writes tab `index` to `path`: over what is there when `replace`, else only as a
    /// new file. Ok(false) when a file is in the way (the caller asks about replacing).
    pub fn save_tab_to(
        &mut self,
        index: usize,
        path: &Path,
        replace: bool,
    ) -> Result<bool, String> {
        let tab = self.tabs.get_mut(index).ok_or("there is no flow open")?;
        if tab.doc.read_only {
            return Err(REVIEW_REFUSES.into());
        }
        let result = if replace {
            tab.doc.save_to(path)
        } else {
            tab.doc.create_at(path)
        };
        match result {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(false),
            Err(e) => return Err(format!("Could not save: {e}. {}", path.display())),
        }
        let saved = tab.doc.flow().clone();
        let errors = tab.count(Severity::Error);
        if let Some(r) = &self.recovery
            && std::mem::take(&mut tab.has_copy)
        {
            r.forget(&tab.recovery_key);
        }
        self.settings.remember(path);
        match self.workspace_flows.iter_mut().find(|(p, _)| p == path) {
            Some(entry) => entry.1 = Ok(saved),
            None if path.parent() == self.workspace.as_ref().map(|w| w.root.as_path()) => {
                self.workspace_flows.push((path.to_owned(), Ok(saved)));
                self.workspace_flows.sort_by(|a, b| a.0.cmp(&b.0));
            }
            None => {}
        }
        let tail = match errors {
            0 => String::new(),
            1 => " — 1 error remains before it can be approved".into(),
            n => format!(" — {n} errors remain before it can be approved"),
        };
        self.notice = Some((format!("Saved {}{tail}", path.display()), 0.0));
        Ok(true)
    }

    /// Saves and then does `then`; a file in the way brings up the Replace question.
    fn finish_save(&mut self, index: usize, path: &Path, replace: bool, then: AfterSave) {
        match self.save_tab_to(index, path, replace) {
            Ok(true) => {
                self.prompt = None;
                if let AfterSave::Close { quitting } = then {
                    self.discard_tab(index);
                    if quitting {
                        self.request_quit();
                    }
                }
            }
            Ok(false) => {
                let folder = self.folder_for(index);
                if let Some(tab) = self.tabs.get(index) {
                    let mut dialog =
                        SaveAs::new(index, tab.doc.flow(), tab.doc.path.as_deref(), folder);
                    if let Some(name) = path.file_name() {
                        dialog.name = name.to_string_lossy().into_owned();
                    }
                    if let Some(folder) = path.parent() {
                        dialog.folder = folder.to_owned();
                    }
                    dialog.replace = Some(path.to_owned());
                    dialog.then = then;
                    self.prompt = Some(Prompt::SaveAs(dialog));
                }
            }
            Err(e) => match self.prompt.as_mut() {
                Some(Prompt::SaveAs(dialog)) => {
                    dialog.replace = None;
                    dialog.error = Some(e);
                }
                _ => self.notice = Some((e, 0.0)),
            },
        }
    }

    /// Closes tab `index`, asking first when it has unsaved changes.
    pub fn close_tab(&mut self, index: usize, quitting: bool) {
        let Some(tab) = self.tabs.get(index) else {
            return;
        };
        if tab.doc.is_dirty() && !tab.doc.read_only {
            self.active = index;
            self.prompt = Some(Prompt::CloseUnsaved { index, quitting });
            return;
        }
        self.discard_tab(index);
        if quitting {
            self.request_quit();
        }
    }

    fn discard_tab(&mut self, index: usize) {
        if index < self.tabs.len() {
            let tab = self.tabs.remove(index);
            if let Some(r) = &self.recovery
                && tab.has_copy
            {
                r.forget(&tab.recovery_key);
            }
            self.active = self.active.min(self.tabs.len().saturating_sub(1));
        }
    }

    /// Closes every tab, asking about unsaved ones; `quit` turns true when all are closed.
    pub fn request_quit(&mut self) {
        match self
            .tabs
            .iter()
            .position(|t| t.doc.is_dirty() && !t.doc.read_only)
        {
            Some(i) => self.close_tab(i, true),
            None => self.quit = true,
        }
    }

    /// Runs a menu or shortcut command.
    pub fn run(&mut self, ui: &Ui, command: UiCommand) {
        match command {
            UiCommand::NewFlow => self.new_flow(),
            UiCommand::Open => {
                if let Some(path) = rfd::FileDialog::new()
                    .add_filter("Switchboard flow", &["ron"])
                    .pick_file()
                    && let Err(e) = self.open_path(&path)
                {
                    self.say(ui, e);
                }
            }
            UiCommand::Save => self.save_tab(self.active, AfterSave::Stay),
            UiCommand::SaveAs => self.save_active_as(),
            UiCommand::CloseTab => self.close_tab(self.active, false),
            UiCommand::Undo => {
                if let Some(tab) = self.tab_mut() {
                    tab.doc.undo();
                }
            }
            UiCommand::Redo => {
                if let Some(tab) = self.tab_mut() {
                    tab.doc.redo();
                }
            }
            UiCommand::Delete => {
                if let Some(tab) = self.tab()
                    && !tab.selection.is_empty()
                {
                    let ids: Vec<NodeId> = tab.selection.iter().cloned().collect();
                    let label = match ids.len() {
                        1 => "Delete step".to_owned(),
                        n => format!("Delete {n} steps"),
                    };
                    self.apply(Command::RemoveNodes(ids), &label, None);
                }
            }
            UiCommand::Duplicate => {
                if let Some(tab) = self.tab() {
                    let set = tab.selection.iter().cloned().collect();
                    let fragment = Fragment::copy(tab.doc.flow(), &set);
                    self.paste(&fragment, Pos(40.0, 40.0), "Duplicate");
                }
            }
            UiCommand::SelectAll => {
                if let Some(tab) = self.tab_mut() {
                    tab.selection = tab.doc.flow().nodes.iter().map(|n| n.id.clone()).collect();
                }
            }
            UiCommand::ZoomToFit => {
                if let Some(tab) = self.tab_mut() {
                    let flow = tab.doc.flow().clone();
                    tab.canvas.zoom_to_fit(&flow);
                }
            }
            UiCommand::Find => self.find = Some(String::new()),
            UiCommand::Tidy => {
                if let Some(tab) = self.tab() {
                    let command = edit::tidy(tab.doc.flow());
                    self.apply(command, "Tidy layout", None);
                    if let Some(tab) = self.tab_mut() {
                        let flow = tab.doc.flow().clone();
                        tab.canvas.zoom_to_fit(&flow);
                    }
                }
            }
            UiCommand::AutoMap => inspector::auto_map(self),
            UiCommand::ToggleTheme => {
                let dark = !ui.visuals().dark_mode;
                self.settings.dark = Some(dark);
                theme::apply(ui.ctx(), Some(dark));
            }
            UiCommand::Shortcuts => self.show_shortcuts = true,
            UiCommand::TestRun => super::test_run::start(self, ui.ctx()),
            UiCommand::CheckAgainstWorkspace => {
                let mut dialog = rfd::FileDialog::new();
                if let Some(dir) = &self.settings.last_workspace {
                    dialog = dialog.set_directory(dir);
                }
                if let Some(dir) = dialog.pick_folder()
                    && let Err(e) = self.check_against(&dir)
                {
                    self.say(ui, e);
                }
            }
        }
    }

    /// Pastes copied steps into the active flow and selects them.
    fn paste(&mut self, fragment: &Fragment, offset: Pos, label: &str) {
        let Some(tab) = self.tab() else {
            return;
        };
        let (command, ids) = fragment.paste_into(tab.doc.flow(), offset);
        self.apply(command, label, None);
        if let Some(tab) = self.tab_mut() {
            tab.selection = ids
                .into_iter()
                .filter(|id| tab.doc.flow().node(id).is_some())
                .collect();
        }
    }

    /// Keyboard shortcuts, copy and paste, dropped files.
    fn handle_input(&mut self, ui: &Ui) {
        // Behind a dialog nothing reaches the editor: no shortcut, paste or dropped file.
        if self.prompt.is_some() {
            return;
        }
        let typing = ui.ctx().egui_wants_keyboard_input();
        // egui matches Ctrl+Z inside Ctrl+Shift+Z: try the longer chords first.
        let mut commands = UiCommand::ALL;
        commands.sort_by_key(|c| {
            std::cmp::Reverse(
                c.shortcut()
                    .map_or(0, |s| s.modifiers.shift as u8 + s.modifiers.command as u8),
            )
        });
        for command in commands {
            if typing && command.needs_canvas_focus() {
                continue;
            }
            let pressed = [command.shortcut(), command.alternative()]
                .into_iter()
                .flatten()
                .any(|s| ui.input_mut(|i| i.consume_shortcut(&s)));
            if !pressed {
                continue;
            }
            match self.availability(command) {
                Ok(()) => self.run(ui, command),
                // Said for review refusals; "nothing to undo" needs no message.
                Err(why) if why == REVIEW_REFUSES || why == REVIEW_SESSION => self.say(ui, why),
                Err(_) => {}
            }
        }
        if typing {
            return;
        }
        let events = ui.input(|i| i.events.clone());
        for event in events {
            match event {
                egui::Event::Copy | egui::Event::Cut => {
                    if let Some(tab) = self.tab()
                        && !tab.selection.is_empty()
                    {
                        let set = tab.selection.iter().cloned().collect();
                        let text = Fragment::copy(tab.doc.flow(), &set).to_text();
                        ui.ctx().copy_text(text);
                        if matches!(event, egui::Event::Cut) {
                            match self.availability(UiCommand::Delete) {
                                Ok(()) => self.run(ui, UiCommand::Delete),
                                Err(why) => self.say(ui, why),
                            }
                        }
                    }
                }
                egui::Event::Paste(_) if self.editable_tab().is_err() => {
                    if let Err(why) = self.editable_tab() {
                        self.say(ui, why);
                    }
                }
                egui::Event::Paste(text) => match Fragment::from_text(&text) {
                    Some(fragment) => self.paste(&fragment, Pos(40.0, 40.0), "Paste"),
                    None => self.say(ui, "The clipboard holds no copied steps."),
                },
                _ => {}
            }
        }
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            if let Err(e) = self.open_path(&path) {
                self.say(ui, e);
            }
        }
    }

    /// Draws one frame of the whole designer.
    pub fn ui(&mut self, ui: &mut Ui) {
        self.handle_input(ui);
        let workspace = self.workspace.clone();
        let others: Vec<&Flow> = self
            .workspace_flows
            .iter()
            .filter_map(|(_, f)| f.as_ref().ok())
            .collect();
        for tab in &mut self.tabs {
            tab.recheck(workspace.as_deref(), &others);
            if tab.test_run.poll() {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
        self.keep_recovery_copies();

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("left")
            .resizable(true)
            .default_size(230.0)
            .size_range(180.0..=420.0)
            .show(ui, |ui| palette_ui::left_panel_ui(self, ui));
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(340.0)
            .size_range(280.0..=620.0)
            .show(ui, |ui| inspector::inspector_ui(self, ui));
        egui::Panel::bottom("bottom")
            .resizable(true)
            .default_size(240.0)
            .show(ui, |ui| problems::bottom_ui(self, ui));
        egui::CentralPanel::default().show(ui, |ui| self.centre_ui(ui));

        self.prompt_ui(ui);
        self.find_ui(ui);
        self.shortcuts_ui(ui);
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
            C::Open | C::ToggleTheme | C::Shortcuts => Ok(()),
            C::NewFlow if self.review => Err(REVIEW_SESSION),
            C::NewFlow => Ok(()),
            C::CloseTab | C::SelectAll | C::ZoomToFit | C::Find => open().map(drop),
            // A reviewer may test-run: a sample run sends nothing.
            C::TestRun => open().map(drop),
            C::CheckAgainstWorkspace => open().map(drop),
            C::Save | C::SaveAs | C::Tidy | C::AutoMap => editable().map(drop),
            C::Undo => match editable()?.doc.history().undo_label() {
                Some(_) => Ok(()),
                None => Err("There is nothing to undo"),
            },
            C::Redo => match editable()?.doc.history().redo_label() {
                Some(_) => Ok(()),
                None => Err("There is nothing to redo"),
            },
            C::Delete | C::Duplicate => {
                if editable()?.selection.is_empty() {
                    Err("Select one or more steps first")
                } else {
                    Ok(())
                }
            }
        }
    }

    fn menu_ui(&mut self, ui: &mut Ui) {
        let mut chosen = None;
        let mut item = |ui: &mut Ui, c: UiCommand, text: Option<String>| {
            if c.menu_item(ui, text, self.availability(c)) {
                chosen = Some(c);
            }
        };
        let (undo, redo) = self.tab().map_or((None, None), |t| {
            (
                t.doc.history().undo_label().map(|l| format!("Undo {l}")),
                t.doc.history().redo_label().map(|l| format!("Redo {l}")),
            )
        });
        let mut open_recent = None;
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                item(ui, UiCommand::NewFlow, None);
                item(ui, UiCommand::Open, None);
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("Nothing opened yet");
                    }
                    for path in &self.settings.recent {
                        if ui.button(path.display().to_string()).clicked() {
                            open_recent = Some(path.clone());
                        }
                    }
                });
                ui.separator();
                item(ui, UiCommand::Save, None);
                item(ui, UiCommand::SaveAs, None);
                ui.separator();
                item(ui, UiCommand::CloseTab, None);
            });
            ui.menu_button("Edit", |ui| {
                item(ui, UiCommand::Undo, undo);
                item(ui, UiCommand::Redo, redo);
                ui.separator();
                for c in [
                    UiCommand::Delete,
                    UiCommand::Duplicate,
                    UiCommand::SelectAll,
                ] {
                    item(ui, c, None);
                }
            });
            ui.menu_button("View", |ui| {
                for c in [
                    UiCommand::ZoomToFit,
                    UiCommand::Find,
                    UiCommand::ToggleTheme,
                ] {
                    item(ui, c, None);
                }
            });
            ui.menu_button("Flow", |ui| {
                for c in [
                    UiCommand::Tidy,
                    UiCommand::AutoMap,
                    UiCommand::TestRun,
                    UiCommand::CheckAgainstWorkspace,
                ] {
                    item(ui, c, None);
                }
            });
            ui.menu_button("Help", |ui| item(ui, UiCommand::Shortcuts, None));
        });
        if let Some(path) = open_recent
            && let Err(e) = self.open_path(&path)
        {
            self.say(ui, e);
        }
        if let Some(c) = chosen {
            self.run(ui, c);
        }
    }

    fn status_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match self.tab() {
                Some(tab) => {
                    let errors = tab.count(Severity::Error);
                    let warnings = tab.count(Severity::Warning);
                    let text = match (errors, warnings) {
                        _ if !tab.fully_checked() => {
                            "Not checked against a workspace: cannot be approved".to_owned()
                        }
                        (0, 0) => "No problems: ready for approval".to_owned(),
                        (0, w) => format!("{w} warning(s), no errors"),
                        (e, w) => format!("{e} error(s) remain, {w} warning(s)"),
                    };
                    ui.label(text)
                        .on_hover_text("Errors block approval, never saving");
                    ui.separator();
                    ui.label(format!("{} steps", tab.doc.flow().nodes.len()));
                    if tab.doc.read_only {
                        ui.separator();
                        ui.label("Review mode");
                    }
                }
                None => {
                    ui.label("No flow open");
                }
            }
            if let Some(trouble) = self.recovery.as_ref().and_then(Recovery::trouble) {
                ui.separator();
                ui.colored_label(ui.visuals().warn_fg_color, trouble);
            }
            if let Some((message, _)) = &self.notice {
                ui.separator();
                ui.label(message.as_str());
            }
        });
    }

    fn centre_ui(&mut self, ui: &mut Ui) {
        if self.tabs.is_empty() {
            ui.centered_and_justified(|ui| {
                ui.label(
                    "Open a flow from the list on the left, or start a new one (File ▸ New flow).",
                );
            });
            return;
        }
        let mut close = None;
        ui.horizontal_wrapped(|ui| {
            for (i, tab) in self.tabs.iter().enumerate() {
                let title = tab.caption();
                let r = ui.selectable_label(i == self.active, title).on_hover_text(
                    tab.doc
                        .path
                        .as_ref()
                        .map_or("Not saved yet".into(), |p| p.display().to_string()),
                );
                if r.clicked() {
                    self.active = i;
                }
                if ui
                    .small_button("×")
                    .on_hover_text(UiCommand::CloseTab.tooltip())
                    .clicked()
                {
                    close = Some(i);
                }
                ui.separator();
            }
        });
        if let Some(i) = close {
            self.close_tab(i, false);
            return;
        }
        let read_only = self.tab().is_some_and(|t| t.doc.read_only);
        let unchecked = self.tab().is_some_and(|t| !t.fully_checked());
        if read_only || unchecked {
            let mut check = false;
            egui::Frame::new()
                .fill(ui.visuals().warn_fg_color.gamma_multiply(0.25))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if read_only {
                        ui.label(egui::RichText::new(REVIEW_BANNER).strong());
                    }
                    if unchecked {
                        ui.horizontal_wrapped(|ui| {
                            ui.label(egui::RichText::new(UNCHECKED_BANNER).strong());
                            check = ui
                                .button(UiCommand::CheckAgainstWorkspace.label())
                                .on_hover_text(UiCommand::CheckAgainstWorkspace.tooltip())
                                .clicked();
                        });
                    }
                });
            if check {
                self.run(ui, UiCommand::CheckAgainstWorkspace);
            }
        }
        let workspace = self.workspace.clone();
        let Some(tab) = self.tabs.get_mut(self.active) else {
            return;
        };
        let input = CanvasInput {
            flow: tab.doc.flow(),
            revision: tab.doc.revision(),
            workspace: workspace.as_deref(),
            schemas: tab.schemas.as_ref(),
            findings: &tab.findings,
            trace: tab.test_run.trace.as_ref(),
            read_only,
        };
        let selection = tab.selection.clone();
        let out = tab.canvas.ui(ui, &input, &selection);
        if let Some(selection) = out.selection {
            tab.selection = selection;
        }
        for (command, label) in out.commands {
            self.apply(command, &label, None);
        }
        if let Some((index, pos)) = out.dropped
            && !read_only
        {
            self.add_item(index, pos);
        }
    }

    /// Keeps every tab's recovery copy equal to its latest unsaved state: a new revision
    /// is handed to the recovery writer, and a tab that is clean again (saved, or undone
    /// back to its file) has its copy removed. Runs every frame; costs nothing when no
    /// tab changed.
    pub fn keep_recovery_copies(&mut self) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        for tab in &mut self.tabs {
            // Comparing a large flow with its saved state is not free: once a revision.
            let revision = tab.doc.revision();
            if tab.recovery_seen == Some(revision) {
                continue;
            }
            tab.recovery_seen = Some(revision);
            if tab.doc.has_changes() && !tab.doc.read_only {
                recovery.keep(&tab.recovery_key, &tab.doc);
                tab.has_copy = true;
            } else if std::mem::take(&mut tab.has_copy) {
                recovery.forget(&tab.recovery_key);
            }
        }
    }

    /// Hands every unsaved change to the recovery writer and waits until it is on disk
    /// (when quitting, and in tests).
    pub fn flush_recovery(&mut self) {
        self.keep_recovery_copies();
        if let Some(recovery) = &self.recovery {
            recovery.flush();
        }
    }

    fn prompt_ui(&mut self, ui: &mut Ui) {
        if let Some(Prompt::SaveAs(dialog)) = &mut self.prompt {
            let (index, then) = (dialog.tab, dialog.then);
            match dialog.ui(ui.ctx()) {
                Some(save_as::Answer::Save { path, replace }) => {
                    self.finish_save(index, &path, replace, then)
                }
                Some(save_as::Answer::Cancel) => self.prompt = None,
                None => {}
            }
            return;
        }
        let Some(prompt) = self.prompt.clone() else {
            return;
        };
        match prompt {
            Prompt::SaveAs(_) => {}
            Prompt::CloseUnsaved { index, quitting } => {
                let name = self
                    .tabs
                    .get(index)
                    .map(|t| t.doc.title())
                    .unwrap_or_default();
                let mut answer = None;
                egui::Modal::new(egui::Id::new("unsaved")).show(ui.ctx(), |ui| {
                    ui.heading("Save changes?");
                    ui.label(format!("{name} has changes that are not saved."));
                    ui.horizontal(|ui| {
                        if ui
                            .button("Save")
                            .on_hover_text("Save the flow, then close it")
                            .clicked()
                        {
                            answer = Some("save");
                        }
                        if ui
                            .button("Discard")
                            .on_hover_text("Close without saving the changes")
                            .clicked()
                        {
                            answer = Some("discard");
                        }
                        if ui
                            .button("Cancel")
                            .on_hover_text("Keep the flow open")
                            .clicked()
                        {
                            answer = Some("cancel");
                        }
                    });
                });
                match answer {
                    Some("save") => {
                        self.active = index;
                        self.prompt = None;
                        self.save_tab(index, AfterSave::Close { quitting });
                    }
                    Some("discard") => {
                        self.prompt = None;
                        self.discard_tab(index);
                        if quitting {
                            self.request_quit();
                        }
                    }
                    Some(_) => self.prompt = None,
                    None => {}
                }
            }
            Prompt::ConfirmLive(targets) => {
                let mut answer = None;
                egui::Modal::new(egui::Id::new("confirm-live")).show(ui.ctx(), |ui| {
                    ui.heading("Run live and write to real systems?");
                    ui.label("This run calls the systems themselves and writes to:");
                    for (name, url) in &targets {
                        ui.label(format!("• {name} — {url}"));
                    }
                    ui.horizontal(|ui| {
                        if ui
                            .button("Run live")
                            .on_hover_text("Make the calls, writes included")
                            .clicked()
                        {
                            answer = Some(true);
                        }
                        if ui.button("Cancel").on_hover_text("Run nothing").clicked() {
                            answer = Some(false);
                        }
                    });
                });
                if let Some(go) = answer {
                    self.prompt = None;
                    if go {
                        super::test_run::start_run(self, ui.ctx(), true);
                    }
                }
            }
            Prompt::Recover(mut found) => {
                let Some(decision) = recovery_prompt::recovery_ui(ui.ctx(), &found) else {
                    return;
                };
                let (i, recover) = match decision {
                    Decision::Later => {
                        self.prompt = None;
                        return;
                    }
                    Decision::Recover(i) => (i, true),
                    Decision::Discard(i) => (i, false),
                };
                if i < found.len() {
                    let r = found.remove(i);
                    if recover {
                        self.restore(&r);
                    }
                    if let Some(recovery) = &self.recovery {
                        recovery.remove(&r);
                    }
                }
                self.prompt = (!found.is_empty()).then_some(Prompt::Recover(found));
            }
        }
    }

    /// Opens recovered work as an unsaved edit of its file (or a new flow).
    pub fn restore(&mut self, recovered: &Recovered) {
        // Into the tab of its file when that is open already (one tab per file).
        let open = recovered.original.as_deref().and_then(|path| {
            self.tabs
                .iter()
                .position(|t| t.doc.path.as_deref() == Some(path) && !t.doc.read_only)
        });
        if let Some(i) = open {
            let whole = restoring(self.tabs[i].doc.flow(), &recovered.flow);
            let _ = self.tabs[i].doc.apply(whole, "Recover unsaved work", None);
            self.active = i;
            return;
        }
        // A file that is gone, or a flow never saved: the work goes over an empty flow,
        // so it counts as unsaved until the user saves it.
        let mut doc = match recovered.original.as_deref().map(Document::open) {
            Some(Ok(doc)) => doc,
            _ => Document::new(
                Flow::new(recovered.flow.id.clone(), recovered.flow.name.clone()),
                recovered.original.clone(),
            ),
        };
        // Recovered as one undoable step over the saved file, so Undo shows what changed.
        let whole = restoring(doc.flow(), &recovered.flow);
        let _ = doc.apply(whole, "Recover unsaved work", None);
        self.tabs.push(Tab::new(doc));
        self.active = self.tabs.len() - 1;
    }

    fn find_ui(&mut self, ui: &mut Ui) {
        let Some(mut query) = self.find.take() else {
            return;
        };
        let mut open = true;
        let mut go = None;
        egui::Window::new("Find step")
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 60.0])
            .show(ui.ctx(), |ui| {
                let label = ui.label("Step name");
                let r = ui
                    .add(egui::TextEdit::singleline(&mut query).hint_text("part of its name"))
                    .labelled_by(label.id);
                r.request_focus();
                let q = query.to_lowercase();
                if let Some(tab) = self.tab() {
                    let hits: Vec<_> = tab
                        .doc
                        .flow()
                        .nodes
                        .iter()
                        .filter(|n| {
                            n.label.to_lowercase().contains(&q) || n.id.as_str().contains(&q)
                        })
                        .take(12)
                        .collect();
                    for n in &hits {
                        if ui
                            .button(&n.label)
                            .on_hover_text("Select this step and show it")
                            .clicked()
                        {
                            go = Some(n.id.clone());
                        }
                    }
                    if r.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        go = hits.first().map(|n| n.id.clone());
                    }
                    if hits.is_empty() {
                        ui.label("No step has that name.");
                    }
                }
            });
        let escape = ui.input(|i| i.key_pressed(egui::Key::Escape));
        if let Some(id) = go {
            self.select_and_frame(&id);
        } else if open && !escape {
            self.find = Some(query);
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

    fn shortcuts_ui(&mut self, ui: &mut Ui) {
        let mut open = self.show_shortcuts;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .show(ui.ctx(), |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for c in UiCommand::ALL {
                        let keys: Vec<String> = [c.shortcut(), c.alternative()]
                            .into_iter()
                            .flatten()
                            .map(|s| ui.ctx().format_shortcut(&s))
                            .collect();
                        if keys.is_empty() {
                            continue;
                        }
                        ui.label(c.label());
                        ui.label(keys.join(" or "));
                        ui.end_row();
                    }
                    for (what, keys) in [
                        ("Copy / paste steps", "Ctrl+C / Ctrl+V"),
                        ("Select several steps", "Shift+click, or Shift+drag a box"),
                        ("Pan / zoom", "Drag the background / Ctrl+scroll"),
                        ("Remove a connection", "Right-click a pin"),
                    ] {
                        ui.label(what);
                        ui.label(keys);
                        ui.end_row();
                    }
                });
            });
        self.show_shortcuts = open;
    }
}

/// The edit that turns `current` into `recovered`: every step replaced, the details set.
fn restoring(current: &Flow, recovered: &Flow) -> Command {
    Command::Batch(vec![
        Command::RemoveNodes(current.nodes.iter().map(|n| n.id.clone()).collect()),
        Command::SetInfo(edit::FlowInfo::of(recovered)),
        Command::InsertNodes {
            nodes: recovered
                .nodes
                .iter()
                .map(|n| edit::PlacedNode {
                    node: n.clone(),
                    index: None,
                    pos: recovered.layout.0.get(&n.id).copied(),
                })
                .collect(),
            wires: recovered.wires.clone(),
        },
    ])
}
