//! `switchboard connector import SPEC --workspace WS --system ID [--base-url URL]
//! [--objects A,B]`: a connector from an OpenAPI or Swagger description, written to
//! `WS/connectors/ID.ron`, and system `ID` added to (or updated in) `WS/systems.ron`.
//!
//! Exits 0 when everything the description offers was imported, 1 when it was imported
//! but something was left out (each said), 2 when nothing could be imported.

use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

use super::exit;
use crate::openapi::{self, NoteKind};
use crate::store;

#[derive(Debug, Subcommand)]
pub enum ConnectorCommand {
    /// Make a connector from an API description (Swagger 2.0, OpenAPI 3.0 or 3.1; JSON
    /// or YAML).
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The API description file.
    pub spec: PathBuf,
    /// The workspace to add the system to (the folder holding systems.ron).
    #[arg(long, value_name = "DIR")]
    pub workspace: PathBuf,
    /// The id of the new system and its connector, e.g. `billing`.
    #[arg(long, value_name = "ID")]
    pub system: String,
    /// Where the system is reached, when the description does not say (or says an
    /// example address).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Import only these objects, by name (e.g. `Invoice,Template`).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub objects: Option<Vec<String>>,
}

pub fn run(command: &ConnectorCommand, out: &mut dyn Write) -> std::io::Result<u8> {
    match command {
        ConnectorCommand::Import(args) => import(args, out),
    }
}

fn import(args: &ImportArgs, out: &mut dyn Write) -> std::io::Result<u8> {
    let text = match store::read_document(&args.spec) {
        Ok(text) => text,
        Err(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    if let Some(base) = &args.base_url
        && url::Url::parse(base).is_err()
    {
        writeln!(
            out,
            "error: --base-url `{base}` is not a whole address such as https://api.example.com/v2"
        )?;
        return Ok(exit::UNREADABLE);
    }
    let options = openapi::Options {
        system: args.system.clone(),
        base_url: args.base_url.clone(),
        objects: args.objects.clone(),
    };
    let mut imported = match openapi::import(&text, &options) {
        Ok(imported) => imported,
        Err(e) => {
            writeln!(out, "error: {e}: {}", args.spec.display())?;
            return Ok(exit::UNREADABLE);
        }
    };
    let source = args.spec.file_name().map_or_else(
        || args.spec.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    openapi::install::carry_over_from(&args.workspace, &mut imported);
    let installed = match openapi::install::install(&args.workspace, &imported, &source) {
        Ok(installed) => installed,
        Err(e) => {
            writeln!(out, "error: {e}")?;
            return Ok(exit::UNREADABLE);
        }
    };
    summary(&imported, &installed, out)?;
    Ok(if imported.left_out() {
        exit::FINDINGS
    } else {
        exit::OK
    })
}

fn summary(
    imported: &openapi::Imported,
    installed: &openapi::install::Installed,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let c = &imported.connector;
    writeln!(
        out,
        "Imported {} ({}): {}.",
        c.name,
        imported.version,
        crate::words::count(c.objects.len(), "object", "objects")
    )?;
    for object in &c.objects {
        let ops: Vec<String> = object
            .operations
            .iter()
            .map(|o| o.kind.describe())
            .collect();
        writeln!(
            out,
            "  {} (key {}): {}; {}",
            object.name,
            object.key,
            crate::words::count(object.fields.len(), "field", "fields"),
            ops.join(", ")
        )?;
    }
    writeln!(
        out,
        "  Signs in with {}; {}.",
        sign_in(&c.auth),
        paging(&c.pagination)
    )?;
    for kind in [NoteKind::Info, NoteKind::LeftOut] {
        let notes: Vec<_> = imported.notes.iter().filter(|n| n.kind == kind).collect();
        if notes.is_empty() {
            continue;
        }
        let heading = match kind {
            NoteKind::LeftOut => "Left out",
            NoteKind::Info => "Good to know",
        };
        writeln!(out, "{heading}:")?;
        for note in notes {
            writeln!(out, "  - {note}")?;
        }
    }
    writeln!(out, "Wrote {}.", installed.manifest.display())?;
    if let Some(previous) = &installed.previous {
        writeln!(
            out,
            "The connector it replaced is kept as {} (the client id, user name and confirmed data classes were carried over).",
            previous.display()
        )?;
    }
    let verb = if installed.added { "Added" } else { "Updated" };
    writeln!(
        out,
        "{verb} system `{}` in systems.ron{}",
        imported.system.id,
        if imported.system.owner.is_none() {
            " (no owner yet: `switchboard check` will ask for one)."
        } else {
            "."
        }
    )
}

fn sign_in(auth: &crate::workspace::connector::Auth) -> String {
    use crate::workspace::connector::{AuthScheme as A, CredentialRef as C};
    let scheme = match &auth.scheme {
        A::None => return "no credentials".into(),
        A::ApiKey { header } => format!("an API key in the header {header}"),
        A::ApiKeyQuery { param } => format!("an API key in the parameter {param}"),
        A::Bearer => "a bearer token".into(),
        A::Basic { .. } => "a user name and password".into(),
        A::OAuth2ClientCredentials { .. } => "OAuth 2 client credentials".into(),
        A::OAuth2AuthorizationCode { .. } => "OAuth 2 as a person (not usable unattended)".into(),
    };
    match &auth.credential {
        C::Env(var) => format!("{scheme}, read from the environment variable {var}"),
        C::Keyring(entry) => format!("{scheme}, read from the keyring entry {entry}"),
        C::None => scheme,
    }
}

fn paging(pagination: &crate::workspace::connector::Pagination) -> String {
    use crate::workspace::connector::Pagination as P;
    match pagination {
        P::None => "lists are read in one call".into(),
        P::PageNumber {
            page_param,
            size_param,
            max_size,
            size_in_header,
        } => format!(
            "lists page by `{page_param}`, {max_size} records a page (`{size_param}`{})",
            if *size_in_header { " as a header" } else { "" }
        ),
        P::Offset {
            offset_param,
            limit_param,
            max_limit,
        } => {
            format!("lists page by `{offset_param}`, {max_limit} records a page (`{limit_param}`)")
        }
        P::Cursor {
            cursor_param,
            next_field,
        } => {
            format!("lists page by a cursor (`{cursor_param}`, the next one in `{next_field}`)")
        }
        P::LinkHeader => "lists page by Link headers".into(),
    }
}
