//! Everything the designer can be told to do from a menu, a shortcut or a test, with its
//! label, hover text and key (rerun's `UICommand` idea): the menu item, the shortcut list
//! under Help and the kittest queries all read them here, so they cannot drift apart.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    NewFlow,
    NewFromTemplate,
    SaveAsTemplate,
    Open,
    Save,
    SaveAs,
    CloseTab,
    Undo,
    Redo,
    Delete,
    Duplicate,
    SelectAll,
    ZoomToFit,
    Find,
    Tidy,
    AutoMap,
    MakeSubflow,
    ToggleTheme,
    Shortcuts,
    TestRun,
    CheckAgainstWorkspace,
    CompareWith,
    ImportApi,
    Quit,
}

impl UiCommand {
    pub const ALL: [UiCommand; 24] = [
        Self::NewFlow,
        Self::NewFromTemplate,
        Self::SaveAsTemplate,
        Self::Open,
        Self::Save,
        Self::SaveAs,
        Self::CloseTab,
        Self::Undo,
        Self::Redo,
        Self::Delete,
        Self::Duplicate,
        Self::SelectAll,
        Self::ZoomToFit,
        Self::Find,
        Self::Tidy,
        Self::AutoMap,
        Self::MakeSubflow,
        Self::ToggleTheme,
        Self::Shortcuts,
        Self::TestRun,
        Self::CheckAgainstWorkspace,
        Self::CompareWith,
        Self::ImportApi,
        Self::Quit,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::NewFlow => "New flow",
            Self::NewFromTemplate => "New flow from template…",
            Self::SaveAsTemplate => "Save as template",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::CloseTab => "Close flow",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Delete => "Delete",
            Self::Duplicate => "Duplicate",
            Self::SelectAll => "Select all",
            Self::ZoomToFit => "Zoom to fit",
            Self::Find => "Find step…",
            Self::Tidy => "Tidy layout",
            Self::AutoMap => "Auto-map",
            Self::MakeSubflow => "Make a sub-flow…",
            Self::ToggleTheme => "Switch light/dark",
            Self::Shortcuts => "Keyboard shortcuts",
            Self::TestRun => "Test run",
            Self::CheckAgainstWorkspace => "Check against a workspace…",
            Self::CompareWith => "Compare with…",
            Self::ImportApi => "Add a system from an API description…",
            Self::Quit => "Quit",
        }
    }

    pub fn tooltip(self) -> &'static str {
        match self {
            Self::NewFlow => "Start an empty flow in a new tab",
            Self::NewFromTemplate => {
                "Start from a flow that already works, with your workspace's systems in it"
            }
            Self::SaveAsTemplate => {
                "Offer this flow as a template in the workspace (templates/): its systems become choices"
            }
            Self::Open => "Open a flow file or a workspace folder",
            Self::Save => "Save this flow (it can always be saved, even with problems)",
            Self::SaveAs => "Save this flow under a new file name",
            Self::CloseTab => "Close this flow's tab (asks first if there are unsaved changes)",
            Self::Undo => "Take back the last change",
            Self::Redo => "Make the change you took back again",
            Self::Delete => "Remove the selected steps and their connections",
            Self::Duplicate => "Copy the selected steps next to themselves",
            Self::SelectAll => "Select every step on the canvas",
            Self::ZoomToFit => "Show the whole flow",
            Self::Find => "Find a step by its name and go to it",
            Self::Tidy => "Arrange the steps left to right in the order items travel",
            Self::AutoMap => {
                "Map every target field to the input field with the same name and a fitting type"
            }
            Self::MakeSubflow => {
                "Move the selected steps into a sub-flow other flows can call too; one step calling it takes their place"
            }
            Self::ToggleTheme => "Switch between the light and the dark theme",
            Self::Shortcuts => "List every keyboard shortcut",
            Self::TestRun => {
                "Run the flow on its sample records and show what every step does; nothing is sent"
            }
            Self::CompareWith => {
                "Show what differs from the last approved version, a file or a git revision, on the canvas"
            }
            Self::CheckAgainstWorkspace => {
                "Check this flow against the systems and policy of a workspace folder you choose; the file stays where it is"
            }
            Self::ImportApi => {
                "Make a connector from an OpenAPI or Swagger file and add its system to the workspace"
            }
            Self::Quit => "Close Switchboard (asks about each flow with unsaved changes)",
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let cmd_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            Self::NewFlow => cmd(Key::N),
            Self::NewFromTemplate => cmd_shift(Key::N),
            Self::SaveAsTemplate => None,
            Self::Open => cmd(Key::O),
            Self::Save => cmd(Key::S),
            Self::SaveAs => cmd_shift(Key::S),
            Self::CloseTab => cmd(Key::W),
            Self::Undo => cmd(Key::Z),
            Self::Redo => cmd_shift(Key::Z),
            Self::Delete => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Delete)),
            Self::Duplicate => cmd(Key::D),
            Self::SelectAll => cmd(Key::A),
            Self::ZoomToFit => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F)),
            Self::Find => cmd(Key::F),
            Self::Tidy => cmd_shift(Key::L),
            Self::AutoMap => None,
            Self::MakeSubflow => None,
            Self::ToggleTheme => None,
            Self::Shortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            Self::TestRun => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F5)),
            Self::CheckAgainstWorkspace => None,
            Self::CompareWith => cmd_shift(Key::D),
            Self::ImportApi => None,
            Self::Quit => cmd(Key::Q),
        }
    }

    /// Other keys doing the same (Ctrl+Y for redo, Backspace for delete).
    pub fn alternative(self) -> Option<KeyboardShortcut> {
        match self {
            Self::Redo => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::Y)),
            Self::Delete => Some(KeyboardShortcut::new(Modifiers::NONE, Key::Backspace)),
            _ => None,
        }
    }

    /// Commands that act on the canvas and must not steal keys from a text box.
    pub fn needs_canvas_focus(self) -> bool {
        matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::Delete
                | Self::Duplicate
                | Self::SelectAll
                | Self::ZoomToFit
        )
    }

    /// The shortcut as shown in menus ("Ctrl+S").
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|s| ctx.format_shortcut(&s))
            .unwrap_or_default()
    }

    /// A menu button for the command (with `text` instead of its label, e.g. "Undo
    /// Delete step"); greyed, with the reason on hover, when it is unavailable. True when
    /// clicked.
    pub fn menu_item(
        self,
        ui: &mut egui::Ui,
        text: Option<String>,
        availability: Result<(), &str>,
    ) -> bool {
        let shortcut = self.shortcut_text(ui.ctx());
        let text = text.unwrap_or_else(|| self.label().to_owned());
        let button = egui::Button::new(text).shortcut_text(shortcut);
        let why = match availability {
            Ok(()) => String::new(),
            Err(why) => format!("Unavailable: {why}"),
        };
        ui.add_enabled(availability.is_ok(), button)
            .on_hover_text(self.tooltip())
            .on_disabled_hover_text(why)
            .clicked()
    }
}

/// The Keyboard shortcuts window (Help ▸ Keyboard shortcuts, F1): every command's keys,
/// then the gestures that have no command.
pub fn shortcuts_ui(ctx: &egui::Context, open: &mut bool) {
    if *open && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        *open = false;
    }
    egui::Window::new("Keyboard shortcuts")
        .default_pos([320.0, 80.0])
        .open(open)
        .collapsible(false)
        .show(ctx, |ui| {
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
                    (
                        "Menu of a step, a connection or the canvas",
                        "Right-click it",
                    ),
                    ("Remove every connection of a pin", "Right-click the pin"),
                    (
                        "Accept a completion in a formula",
                        "Enter or Tab (Up/Down to choose)",
                    ),
                ] {
                    ui.label(what);
                    ui.label(keys);
                    ui.end_row();
                }
            });
        });
}
