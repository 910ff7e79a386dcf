//! The designer's side of Systems ▸ Add a system from an API description…: opening the
//! dialog, and once the user imports, writing the connector and the system into the
//! workspace and reading the workspace again, so the new system is in the palette at once.

use egui::Ui;

use super::{Designer, Prompt};
use crate::openapi::install;
use crate::ui::import_api::{Answer, ImportApi};

impl Designer {
    pub(super) fn ask_import_api(&mut self) {
        let Some(ws) = &self.workspace else {
            return;
        };
        let ids = ws
            .landscape
            .systems
            .iter()
            .map(|s| s.id.as_str().to_owned())
            .collect();
        self.prompt = Some(Prompt::ImportApi(Box::new(ImportApi::new(&ws.root, ids))));
    }

    pub(super) fn import_api_ui(&mut self, ui: &Ui) {
        let Some(Prompt::ImportApi(dialog)) = &mut self.prompt else {
            return;
        };
        match dialog.ui(ui.ctx()) {
            Some(Answer::Import(imported, source)) => {
                let Some(root) = self.workspace.as_ref().map(|ws| ws.root.clone()) else {
                    self.prompt = None;
                    return;
                };
                match install::install(&root, &imported, &source) {
                    Ok(installed) => {
                        self.prompt = None;
                        if let Err(e) = self.open_workspace(&root) {
                            self.say(e);
                            return;
                        }
                        let kept = match &installed.previous {
                            Some(previous) => format!(
                                " The connector file it had is kept as {}.",
                                previous.file_name().unwrap_or_default().to_string_lossy()
                            ),
                            None => String::new(),
                        };
                        self.say(format!(
                            "Added {} to the palette ({}, connectors/{}.ron); record its owner in systems.ron.{kept}",
                            installed.name,
                            crate::words::count(imported.connector.objects.len(), "object", "objects"),
                            imported.connector.id
                        ));
                    }
                    Err(e) => {
                        if let Some(Prompt::ImportApi(dialog)) = &mut self.prompt {
                            // What comes back holds only the objects that were ticked.
                            dialog.chosen = vec![true; imported.connector.objects.len()];
                            dialog.read = Some(imported);
                            dialog.error = Some(e);
                        }
                    }
                }
            }
            Some(Answer::Cancel) => self.prompt = None,
            None => {}
        }
    }
}
