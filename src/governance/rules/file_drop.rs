//! `file-drop-where-api-exists`: a step hands records to another application by dropping
//! files in a folder it picks up, when that application's connector takes the same object
//! through its API.

use super::{Lens, Rule};
use crate::governance::{Finding, Location, Severity};
use crate::model::Step;
use crate::workspace::OperationKind;
use crate::workspace::connector::Via;

pub struct FileDropWhereApiExists;

impl Rule for FileDropWhereApiExists {
    fn code(&self) -> &'static str {
        "file-drop-where-api-exists"
    }

    fn title(&self) -> &'static str {
        "File drop where an API exists"
    }

    fn explanation(&self) -> &'static str {
        "Files dropped on a share arrive late, fail silently, and leave copies of the data lying around. When the receiving system offers an API for the same records, use it."
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn check(&self, lens: &Lens, out: &mut Vec<Finding>) {
        for node in &lens.flow.nodes {
            let Step::Write { object, .. } = &node.step else {
                continue;
            };
            let Some(drop) = lens.system_of(node) else {
                continue;
            };
            let is_file_transfer = lens
                .workspace
                .connector_of(drop)
                .is_ok_and(|c| c.protocol.is_file_transfer());
            let Some(consumer) = drop
                .feeds
                .as_ref()
                .and_then(|id| lens.workspace.landscape.system(id))
            else {
                continue;
            };
            if !is_file_transfer {
                continue;
            }
            let api = lens.workspace.objects_of(consumer).find(|o| {
                &o.name == object
                    && o.operations.iter().any(|op| {
                        matches!(op.kind, OperationKind::Create | OperationKind::Upsert)
                            && matches!(op.via, Via::Http { .. })
                    })
            });
            let Some(api_object) = api else { continue };
            out.push(Finding::new(
                self.code(),
                self.default_severity(),
                Location::Node {
                    node: node.id.clone(),
                },
                format!(
                    "{} hands {} to {} as files on {}, but {} takes {} through its API",
                    crate::governance::structure::sentence(lens.describe(node)),
                    api_object.display_name().to_lowercase() + "s",
                    consumer.name,
                    drop.name,
                    consumer.name,
                    api_object.display_name().to_lowercase() + "s",
                ),
                format!(
                    "Write the {} to {} directly (a Write step on its {} object), then retire {}.",
                    api_object.display_name().to_lowercase() + "s",
                    consumer.name,
                    api_object.name,
                    drop.name
                ),
            ));
        }
    }
}
