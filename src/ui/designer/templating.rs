//! The designer's side of File ▸ New flow from template…: opening the gallery, and once
//! the user creates, the flow in a new tab, unsaved, ready to test-run.

use egui::Ui;

use super::{Designer, Prompt};
use crate::template;
use crate::ui::tab::Tab;
use crate::ui::template_gallery::{Answer, TemplateGallery};

impl Designer {
    pub(super) fn ask_template(&mut self) {
        let Some(ws) = &self.workspace else {
            return;
        };
        self.prompt = Some(Prompt::Template(Box::new(TemplateGallery::new(ws))));
    }

    pub(super) fn template_ui(&mut self, ui: &Ui) {
        let (Some(Prompt::Template(gallery)), Some(ws)) =
            (&mut self.prompt, self.workspace.clone())
        else {
            self.prompt = None;
            return;
        };
        match gallery.ui(ui.ctx(), &ws) {
            Some(Answer::Create(chosen, systems)) => {
                self.prompt = None;
                let Some((id, _)) = self.unused_flow_id(&chosen.name) else {
                    return;
                };
                let flow = template::instantiate(&chosen.template, &systems, id);
                let title = flow.name.clone();
                let mut tab = Tab::new(crate::edit::Document::new(flow, None));
                // Framed where the flow starts, as an opened flow is.
                tab.canvas.show_start(tab.doc.flow());
                self.tabs.push(tab);
                self.active = self.tabs.len() - 1;
                self.say(format!(
                    "“{title}” made from a template: test-run it with F5, and save it with Ctrl+S"
                ));
            }
            Some(Answer::Cancel) => self.prompt = None,
            None => {}
        }
    }

    /// File ▸ Save as template: the active flow into the workspace's `templates/`, its
    /// systems made placeholders; New flow from template… in the File menu offers it at once.
    pub(super) fn save_as_template(&mut self) {
        let (Some(ws), Some(tab)) = (self.workspace.clone(), self.tab()) else {
            return;
        };
        let flow = tab.doc.flow().clone();
        let made = template::from_flow(&flow, &ws);
        let folder = ws.root.join(template::TEMPLATES_DIR);
        let path = folder.join(format!("{}{}", flow.id, template::TEMPLATE_SUFFIX));
        let written = crate::store::to_canonical(&made)
            .map_err(std::io::Error::other)
            .and_then(|text| {
                std::fs::create_dir_all(&folder)?;
                crate::store::create_atomic(&path, text.as_bytes())
            });
        let shown = format!(
            "{}/{}{}",
            template::TEMPLATES_DIR,
            flow.id,
            template::TEMPLATE_SUFFIX
        );
        match written {
            Ok(()) => self.say(format!(
                "Saved as the template “{}” ({shown}): New flow from template… in the File menu offers it",
                made.title
            )),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => self.say(format!(
                "{shown} exists already and is not replaced: remove that file, or rename it, to save this flow as a template again"
            )),
            Err(e) => self.say(format!("Could not save the template {shown}: {e}")),
        }
    }
}
