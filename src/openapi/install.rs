//! Putting an imported connector into a workspace: `connectors/<id>.ron` written whole,
//! and the system added to (or updated in) `systems.ron` by a text edit that keeps every
//! comment. Both files are written atomically; `systems.ron` last, and only once the
//! manifest is on disk, so a workspace never names a connector it does not have.

use std::path::{Path, PathBuf};

use super::Imported;
use crate::model::{Field, FieldType};
use crate::store;
use crate::workspace::Connector;
use crate::workspace::{CONNECTORS_DIR, SYSTEMS_FILE, systems_edit};

/// What [`install`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Installed {
    pub manifest: PathBuf,
    /// True when the system is new in `systems.ron`, false when it was updated.
    pub added: bool,
    /// Where the manifest the import replaced is kept (`connectors/<id>.ron.previous`),
    /// when there was one that differed.
    pub previous: Option<PathBuf>,
    /// The system's name in `systems.ron` (the description's title, with the id added
    /// when another system has that name).
    pub name: String,
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
        "// {} — imported from {source} ({}) by Switchboard's connector import.\n",
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
    let mut count = 0;
    for object in objects {
        crate::model::visit_fields(&object.fields, "", &mut |_, f| {
            count += usize::from(f.guessed)
        });
    }
    count
}

/// Carries what people set in the workspace's manifest of the same id, if there is one,
/// into `imported` (see [`carry_over`]). A manifest that does not read is left to
/// [`install`], which keeps it as `.ron.previous`.
pub fn carry_over_from(root: &Path, imported: &mut Imported) {
    let path = root
        .join(CONNECTORS_DIR)
        .join(format!("{}.ron", imported.connector.id));
    if !path.exists() {
        return;
    }
    if let Ok(old) =
        store::read_document(&path).and_then(|text| store::parse::<Connector>(&path, &text))
    {
        carry_over(&old, &mut imported.connector);
    }
}

/// Writes the connector and the system into the workspace at `root`. A manifest already
/// there is not lost: it is kept beside the new one as `<id>.ron.previous` (a name the
/// workspace does not load); call [`carry_over_from`] first to take over what people
/// filled into it.
pub fn install(root: &Path, imported: &Imported, source: &str) -> Result<Installed, String> {
    let systems_path = root.join(SYSTEMS_FILE);
    let systems = store::read_document(&systems_path).map_err(|e| e.to_string())?;
    let system = named_apart(&systems, &imported.system);
    let (edited, added) = systems_edit::upsert(&systems, &system)
        .map_err(|e| format!("{e}: {}", systems_path.display()))?;
    let dir = root.join(CONNECTORS_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create the folder: {e}: {}", dir.display()))?;
    let manifest = dir.join(format!("{}.ron", imported.connector.id));
    let mut imported = imported.clone();
    let old = manifest
        .exists()
        .then(|| store::read_document(&manifest))
        .transpose()
        .map_err(|e| {
            format!("the connector already there cannot be read, so it is left as it is: {e}")
        })?;
    if let Some(Ok(old)) = old
        .as_deref()
        .map(|t| store::parse::<Connector>(&manifest, t))
    {
        carry_over(&old, &mut imported.connector);
    }
    let text = manifest_text(&imported, source)?;
    let mut previous = None;
    if let Some(old) = old.filter(|old| *old != text) {
        let keep = dir.join(format!("{}.ron.previous", imported.connector.id));
        store::write_atomic(&keep, old.as_bytes()).map_err(|e| {
            format!(
                "could not keep the earlier connector: {e}: {}",
                keep.display()
            )
        })?;
        previous = Some(keep);
    }
    store::write_atomic(&manifest, text.as_bytes())
        .map_err(|e| format!("could not write the connector: {e}: {}", manifest.display()))?;
    store::write_atomic(&systems_path, edited.as_bytes())
        .map_err(|e| format!("could not write: {e}: {}", systems_path.display()))?;
    Ok(Installed {
        manifest,
        added,
        previous,
        name: system.name,
    })
}

/// `system`, named `Name (id)` when another system of the workspace already has its
/// name: the palette and findings name systems, and two of one name cannot be told apart.
fn named_apart(systems: &str, system: &crate::workspace::System) -> crate::workspace::System {
    let mut system = system.clone();
    let taken = store::parse::<crate::workspace::Landscape>(Path::new(SYSTEMS_FILE), systems)
        .is_ok_and(|l| {
            l.systems
                .iter()
                .any(|s| s.id != system.id && s.name == system.name)
        });
    if taken {
        system.name = format!("{} ({})", system.name, system.id);
    }
    system
}

/// What a person set in the earlier manifest and a description cannot say: the client id
/// or user name, the credential reference, and every class not marked `guessed`.
pub fn carry_over(old: &Connector, new: &mut Connector) {
    use crate::workspace::connector::AuthScheme as A;
    match (&old.auth.scheme, &mut new.auth.scheme) {
        (
            A::OAuth2ClientCredentials { client_id: was, .. },
            A::OAuth2ClientCredentials { client_id, .. },
        ) if client_id.is_empty() => client_id.clone_from(was),
        (A::Basic { username: was }, A::Basic { username }) if username.is_empty() => {
            username.clone_from(was);
        }
        _ => {}
    }
    if old.auth.scheme == new.auth.scheme {
        new.auth.credential = old.auth.credential.clone();
    }
    carry_classes(old, new);
}

/// The classes a person set or confirmed in `old` (not marked `guessed`), on the same
/// fields of `new`.
pub fn carry_classes(old: &Connector, new: &mut Connector) {
    for object in &mut new.objects {
        let Some(before) = old.object(&object.name) else {
            continue;
        };
        carry_field_classes(&before.fields, &mut object.fields);
    }
}

/// [`carry_classes`] for one list of fields and the records nested in them.
fn carry_field_classes(old: &[Field], new: &mut [Field]) {
    for field in new {
        let Some(was) = old.iter().find(|f| f.name == field.name) else {
            continue;
        };
        if !was.guessed {
            field.classification = was.classification;
            field.guessed = false;
        }
        if let (Some(old_inner), Some(new_inner)) = (
            record_fields(&was.field_type),
            record_fields_mut(&mut field.field_type),
        ) {
            carry_field_classes(old_inner, new_inner);
        }
    }
}

fn record_fields(ty: &FieldType) -> Option<&[Field]> {
    match ty {
        FieldType::Record(inner) => Some(inner),
        FieldType::List(item) => record_fields(item),
        _ => None,
    }
}

fn record_fields_mut(ty: &mut FieldType) -> Option<&mut Vec<Field>> {
    match ty {
        FieldType::Record(inner) => Some(inner),
        FieldType::List(item) => record_fields_mut(item),
        _ => None,
    }
}
