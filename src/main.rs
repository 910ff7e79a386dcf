//! `switchboard`: the designer when run without a subcommand, the CLI otherwise.

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;
use std::process::ExitCode;

use switchboard::cli::plain::Plain;
use switchboard::cli::{self, Cli, Command};

/// Checks, test runs and mappings allocate many small values; mimalloc hands them out and
/// takes them back in a fraction of glibc's time (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour = if std::io::stdout().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    // Messages quote labels and file names: what they hold is shown, never obeyed.
    let mut stdout = Plain(StandardStream::stdout(colour));
    let mut stderr = Plain(std::io::stderr().lock());
    let result = match &cli.command {
        Some(Command::Check(args)) => cli::check::run(args, &mut stdout),
        Some(Command::Fmt(args)) => cli::fmt::run(args, &mut stdout),
        Some(Command::Approve(args)) => cli::approve::run(args, &mut stdout),
        Some(Command::Diff(args)) => cli::diff::run(args, &mut stdout, &mut stderr),
        Some(Command::Connector(command)) => cli::connector::run(command, &mut stdout),
        Some(Command::Map(args)) => cli::map::run(args, &mut stderr),
        Some(Command::Catalog(args)) => cli::catalog::run(args, &mut stderr),
        Some(Command::Report(args)) => cli::report_md::run(args, &mut stderr),
        Some(Command::Plan(args)) => cli::plan::plan(args, &mut stdout),
        Some(Command::Apply(args)) => cli::plan::apply(args, &mut stdout),
        Some(Command::New(args)) => cli::new::run(args, &mut stdout),
        Some(Command::Export(command)) => cli::export::run(command, &mut stdout),
        Some(Command::Run(args)) => cli::run::run(args, &mut Plain(std::io::stdout().lock())),
        Some(Command::Open(args)) => Ok(open_designer(
            Some(args.path.clone()),
            args.workspace.clone(),
            cli.review,
        )),
        None => Ok(open_designer(None, None, cli.review)),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`switchboard check | head`): nothing to tell anyone.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::from(cli::exit::UNREADABLE)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(cli::exit::UNREADABLE)
        }
    }
}

/// Opens the designer window on `path` (or the last workspace, or the bundled example).
#[cfg(feature = "gui")]
fn open_designer(
    path: Option<std::path::PathBuf>,
    workspace: Option<std::path::PathBuf>,
    review: bool,
) -> u8 {
    match switchboard::ui::run(switchboard::ui::Start {
        path,
        workspace,
        review,
    }) {
        Ok(()) => cli::exit::OK,
        Err(e) => {
            eprintln!("error: {e}");
            cli::exit::UNREADABLE
        }
    }
}

/// Built without the `gui` feature: say so rather than fail silently.
#[cfg(not(feature = "gui"))]
fn open_designer(
    _path: Option<std::path::PathBuf>,
    _workspace: Option<std::path::PathBuf>,
    _review: bool,
) -> u8 {
    eprintln!(
        "This build of Switchboard has no designer (it was built without the `gui` feature).\n\
         Use `switchboard check flows/` to check flows and `switchboard fmt` to format them;\n\
         `switchboard --help` lists everything this build can do."
    );
    cli::exit::UNREADABLE
}
