//! Putting an imported connector into a workspace: `connectors/<id>.ron` written whole,
//! and the system added to (or updated in) `systems.ron` by a text edit that keeps every
//! comment. Both files are written atomically; `systems.ron` last, and only once the
//! manifest is on disk, so a workspace never names a connector it does not have.

use std::path::{Path, PathBuf};

use super::Imported;
use crate::store;
use crate::workspace::{CONNECTORS_DIR, SYSTEMS_FILE, systems_edit};

/// What [`install`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub manifest: PathBuf,
    /// True when the system is new in `systems.ron`, false when it was updated.
    pub added: bool,
}

/// The manifest's text: a header saying where it came from and what to confirm, then
/// the connector in canonical RON.
pub fn manifest_text(imported: &Imported, source: &str) -> Result<String, String> {
    let body = store::to_canonical(&imported.connector).map_err(|e| e.to_string())?;
    // ron escapes the variant name `None` (it is Option's too); the plain word reads
    // back the same and is how hand-written manifests say it.
    let body = body.replace(": r#None,", ": None,");
    let guessed = count_guessed(&imported.connector.objects);
    let mut head = format!(
        "// {} — imported from {source} ({}) by `switchboard connector import`.\n",
        imported.connector.name, imported.version
    );
    if guessed > 0 {
        head.push_str(&format!(
            "// {} a data class guessed from the name (`guessed: true`): confirm each, then remove `guessed`.\n",
            if guessed == 1 { "1 field has".to_owned() } else { format!("{guessed} fields have") }
        ));
    }
    head.push_str("// The format is described in docs/connectors.md.\n");
    Ok(format!("{head}{body}"))
}

fn count_guessed(objects: &[crate::workspace::Object]) -> usize {
    fn count(fields: &[crate::model::Field]) -> usize {
        fields
            .iter()
            .map(|f| {
                usize::from(f.guessed)
                    + match &f.field_type {
                        crate::model::FieldType::Record(inner) => count(inner),
                        crate::model::FieldType::List(inner) => match inner.as_ref() {
                            crate::model::FieldType::Record(inner) => count(inner),
                            _ => 0,
                        },
                        _ => 0,
                    }
            })
            .sum()
    }
    objects.iter().map(|o| count(&o.fields)).sum()
}

/// Writes the connector and the system into the workspace at `root`.
pub fn install(root: &Path, imported: &Imported, source: &str) -> Result<Installed, String> {
    let systems_path = root.join(SYSTEMS_FILE);
    let systems = store::read_document(&systems_path).map_err(|e| e.to_string())?;
    let (edited, added) = systems_edit::upsert(&systems, &imported.system)
        .map_err(|e| format!("{e}: {}", systems_path.display()))?;
    let dir = root.join(CONNECTORS_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create the folder: {e}: {}", dir.display()))?;
    let manifest = dir.join(format!("{}.ron", imported.connector.id));
    let text = manifest_text(imported, source)?;
    store::write_atomic(&manifest, text.as_bytes())
        .map_err(|e| format!("could not write the connector: {e}: {}", manifest.display()))?;
    store::write_atomic(&systems_path, edited.as_bytes())
        .map_err(|e| format!("could not write: {e}: {}", systems_path.display()))?;
    Ok(Installed { manifest, added })
}
