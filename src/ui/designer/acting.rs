//! The designer acting on what panels, menus and shortcuts asked for: one place where
//! every [`Action`] and [`UiCommand`] turns into a change of the designer or its flows.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use egui::Ui;

use super::{Designer, Prompt, REVIEW_REFUSES, REVIEW_SESSION};
use crate::edit::{self, Command, Fragment};
use crate::governance::Location;
use crate::model::{NodeId, Pos};
use crate::run;
use crate::ui::bottom::BottomTab;
use crate::ui::commands::UiCommand;
use crate::ui::inspector::{AutoMapped, mapping};
use crate::ui::open_file::OpenFile;
use crate::ui::panel::{Action, View};
use crate::ui::save_as::AfterSave;
use crate::ui::theme;
use crate::words;

impl Designer {
    /// Does what a panel asked for.
    pub(super) fn act(&mut self, ui: &Ui, action: Action) {
        match action {
            Action::Edit {
                command,
                label,
                coalesce,
            } => self.apply(command, &label, coalesce),
            Action::Seal => {
                if let Some(tab) = self.tab_mut() {
                    tab.doc.seal();
                }
            }
            Action::Run(command) => match self.availability(command) {
                Ok(()) => self.run(ui, command),
                Err(why) => self.say(why),
            },
            Action::Select(selection) => {
                if let Some(tab) = self.tab_mut() {
                    tab.selection = selection;
                }
            }
            Action::GoTo(location) => self.go_to(&location),
            Action::AddItem { index, pos } => {
                if self.editable_tab().is_ok() {
                    self.add_item(index, pos);
                }
            }
            Action::AddItemAtCentre(index) => {
                if let Ok(tab) = self.editable_tab() {
                    let centre = tab.canvas.centre();
                    self.add_item(index, centre);
                }
            }
            Action::Inspect { node, field } => {
                if let Some(tab) = self.tab_mut() {
                    tab.selection = [node.clone()].into();
                }
                self.inspector.focus = field.map(|f| (node, f));
            }
            Action::CompareApproved => self.compare_approved(),
            Action::CompareStep(delta) => self.step_comparison(delta),
            Action::StopComparing => {
                if let Some(tab) = self.tab_mut() {
                    tab.comparing = None;
                }
            }
            Action::AskApprove => {
                self.prompt = Some(Prompt::Approve(crate::ui::approval_ui::ApproveForm::new()));
            }
            Action::PasteAt(at) => {
                if self.editable_tab().is_ok()
                    && let Some(fragment) = self.copied.clone()
                {
                    let origin = fragment.origin();
                    let offset = Pos(at.0 - origin.0, at.1 - origin.1);
                    self.paste(&fragment, offset, "Paste");
                }
            }
            Action::TestRunTo(node) => {
                if let Some(tab) = self.tab_mut() {
                    tab.selection = [node.clone()].into();
                }
                self.start_run_to(ui.ctx(), false, Some(&node));
            }
            Action::OpenFlow(path) => {
                if let Err(e) = self.open_flow(&path) {
                    self.say(e);
                }
            }
            Action::OpenPath(path) => {
                if let Err(e) = self.open_path(&path) {
                    self.say(e);
                }
            }
            Action::ShowBottom(tab) => self.bottom = tab,
            Action::TestRun => self.start_run(ui.ctx(), false),
            Action::LiveRun => self.ask_live(ui.ctx()),
            Action::CancelRun => {
                if let Some(running) = self.tab().and_then(|t| t.test_run.running.as_ref()) {
                    running.control.cancel.store(true, Ordering::Relaxed);
                }
            }
            Action::Reveal(reveal) => {
                if let Some(tab) = self.tab_mut() {
                    tab.reveal = reveal;
                }
            }
            Action::ExportTrace => self.export_trace(),
            Action::ActivateTab(i) => {
                if i < self.tabs.len() && i != self.active {
                    self.active = i;
                    // The last message was about the flow shown before.
                    self.notice = None;
                }
            }
            Action::CloseTab(i) => self.close_tab(i, false),
        }
    }

    /// Runs a menu or shortcut command.
    pub fn run(&mut self, ui: &Ui, command: UiCommand) {
        match command {
            UiCommand::NewFlow => self.new_flow(),
            UiCommand::Open => {
                let folder = self
                    .workspace
                    .as_ref()
                    .map(|w| w.root.clone())
                    .or_else(|| self.settings.last_workspace.clone())
                    .or_else(|| std::env::current_dir().ok())
                    .unwrap_or_default();
                self.prompt = Some(Prompt::Open(OpenFile::new(folder)));
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
                    let mut fragment = Fragment::copy(tab.doc.flow(), &set);
                    // Beside the original, not on it, and told apart by name.
                    for node in &mut fragment.nodes {
                        node.label = format!("{} (copy)", node.label);
                    }
                    self.paste(&fragment, Pos(0.0, 150.0), "Duplicate");
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
            UiCommand::AutoMap => self.auto_map(),
            UiCommand::ToggleTheme => {
                let dark = !ui.visuals().dark_mode;
                self.settings.dark = Some(dark);
                theme::apply(ui.ctx(), Some(dark));
            }
            UiCommand::Shortcuts => self.show_shortcuts = true,
            UiCommand::Quit => self.request_quit(),
            UiCommand::TestRun => self.start_run(ui.ctx(), false),
            UiCommand::CompareWith => self.ask_compare_with(),
            UiCommand::ImportApi => self.ask_import_api(),
            UiCommand::NewFromTemplate => self.ask_template(),
            UiCommand::SaveAsTemplate => self.save_as_template(),
            UiCommand::MakeSubflow => self.ask_make_subflow(),
            UiCommand::CheckAgainstWorkspace => {
                let mut dialog = rfd::FileDialog::new();
                if let Some(dir) = &self.settings.last_workspace {
                    dialog = dialog.set_directory(dir);
                }
                match dialog.pick_folder() {
                    Some(dir) => {
                        if let Err(e) = self.check_against(&dir) {
                            self.say(e);
                        }
                    }
                    None => self.say(
                        "No folder was chosen (this system may have no folder dialog): start Switchboard with `switchboard open --workspace DIR FILE` instead.",
                    ),
                }
            }
        }
    }

    /// The system's file dialog for Open…, where there is one.
    pub(super) fn browse_to_open(&mut self) {
        match rfd::FileDialog::new()
            .add_filter("Switchboard flow", &["ron"])
            .pick_file()
        {
            Some(path) => {
                if let Err(e) = self.open_path(&path) {
                    self.say(e);
                }
            }
            None => self.say(
                "No file was chosen (this system may have no file dialog): File > Open… lists the flows in the app.",
            ),
        }
    }

    /// Fills the selected Map step's unmapped fields from same-named input fields.
    fn auto_map(&mut self) {
        let Some(tab) = self.tab() else { return };
        let view = View {
            tab,
            workspace: self.workspace.as_deref(),
        };
        match mapping::auto_map(view) {
            Ok((command, matches)) => {
                self.apply(command, "Auto-map", None);
                self.say(format!(
                    "Auto-map filled {}: see the list in the mapping; Undo takes it back.",
                    words::count(matches.len(), "field", "fields")
                ));
                if let Some(tab) = self.tab()
                    && let Some(node) = tab.selected_node()
                {
                    self.inspector.auto_mapped = Some(AutoMapped {
                        node: node.clone(),
                        revision: tab.doc.revision(),
                        matches,
                    });
                }
            }
            Err(why) => self.say(why),
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
    pub(super) fn handle_input(&mut self, ui: &Ui) {
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
                Err(why) if why == REVIEW_REFUSES || why == REVIEW_SESSION => self.say(why),
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
                        let fragment = Fragment::copy(tab.doc.flow(), &set);
                        ui.ctx().copy_text(fragment.to_text());
                        self.copied = Some(fragment);
                        if matches!(event, egui::Event::Cut) {
                            match self.availability(UiCommand::Delete) {
                                Ok(()) => self.run(ui, UiCommand::Delete),
                                Err(why) => self.say(why),
                            }
                        }
                    }
                }
                egui::Event::Paste(_) if self.editable_tab().is_err() => {
                    if let Err(why) = self.editable_tab() {
                        self.say(why);
                    }
                }
                egui::Event::Paste(text) => match Fragment::from_text(&text) {
                    Some(fragment) => self.paste(&fragment, Pos(40.0, 40.0), "Paste"),
                    None => self.say("The clipboard holds no copied steps."),
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
                self.say(e);
            }
        }
    }

    /// Selects and frames what a finding is about, and puts the cursor in its field.
    fn go_to(&mut self, location: &Location) {
        let Some(node) = location.node().cloned() else {
            if let Some(tab) = self.tab_mut() {
                tab.selection.clear();
            }
            return;
        };
        self.select_and_frame(&node);
        self.inspector.focus = match location {
            Location::Field { field, .. } | Location::Formula { field, .. } => {
                Some((node, field.clone()))
            }
            _ => None,
        };
    }

    /// Starts a run of the active flow on a worker thread and shows the Test run tab.
    pub(super) fn start_run(&mut self, ctx: &egui::Context, live: bool) {
        self.start_run_to(ctx, live, None);
    }

    /// A run of the active flow, or of the steps up to `node` when given.
    fn start_run_to(&mut self, ctx: &egui::Context, live: bool, node: Option<&NodeId>) {
        let Some(ws) = self.workspace.clone() else {
            self.say("A test run needs the flow's workspace: its systems and sample records.");
            return;
        };
        let Some(tab) = self.tab_mut() else {
            return;
        };
        if let Some(why) = nothing_to_run(tab.doc.flow()) {
            self.bottom = BottomTab::TestRun;
            self.say(why);
            return;
        }
        let flow = match node {
            Some(node) => match run::up_to(tab.doc.flow(), node) {
                Some(part) => part,
                None => return,
            },
            None => tab.doc.flow().clone(),
        };
        let revision = tab.doc.revision();
        tab.test_run.start(flow, ws, revision, live, ctx);
        self.bottom = BottomTab::TestRun;
        // The run's results take the tab's place of the sample records panel.
        self.samples.open = false;
    }

    /// Asks which systems a live run will write to, or starts it when it writes nothing.
    /// Reviewers never run live.
    fn ask_live(&mut self, ctx: &egui::Context) {
        let (Some(ws), Some(tab)) = (self.workspace.clone(), self.tab()) else {
            return;
        };
        if tab.doc.read_only {
            self.say("A flow open for review can only be test-run on sample data.");
            return;
        }
        if let Some(why) = nothing_to_run(tab.doc.flow()) {
            self.bottom = BottomTab::TestRun;
            self.say(why);
            return;
        }
        let targets = run::live_writes(tab.doc.flow(), &ws, None);
        if targets.is_empty() {
            self.start_run(ctx, true);
        } else {
            self.prompt = Some(Prompt::ConfirmLive(targets));
        }
    }

    /// Saves the active tab's latest trace as JSON where the user chooses.
    fn export_trace(&mut self) {
        let Some(trace) = self.tab().and_then(|t| t.test_run.trace.as_ref()) else {
            return;
        };
        let json = match serde_json::to_string_pretty(trace) {
            Ok(json) => json,
            Err(e) => return self.say(format!("The trace could not be written as JSON: {e}")),
        };
        let Some(path) = rfd::FileDialog::new()
            .add_filter("JSON", &["json"])
            .set_file_name("trace.json")
            .save_file()
        else {
            return self.say(
                "No file was chosen (this system may have no file dialog): `switchboard run FLOW --trace FILE` writes the same trace.",
            );
        };
        match crate::store::write_atomic(&path, json.as_bytes()) {
            Ok(()) => self.say(format!("Trace saved to {}", path.display())),
            Err(e) => self.say(format!("Could not save the trace: {e}. {}", path.display())),
        }
    }
}

/// Why a run of `flow` would do nothing (no trigger, or a trigger without the records it
/// starts with), said in the status bar while the Test run tab shows what to do.
fn nothing_to_run(flow: &crate::model::Flow) -> Option<String> {
    if flow.triggers().next().is_none() {
        return Some(
            "Nothing ran: this flow has no trigger yet. Add one from the palette's Triggers."
                .into(),
        );
    }
    run::missing_samples(flow, None).map(|missing| {
        format!(
            "{missing}, so nothing ran. Pin some in the Test run tab: from the workspace's samples, with a form, or as JSON."
        )
    })
}
