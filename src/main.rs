//! `switchboard`: the designer when run without a subcommand, the CLI otherwise.

use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;
use std::process::ExitCode;

use switchboard::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let colour = if std::io::stdout().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stdout = StandardStream::stdout(colour);
    let result = match &cli.command {
        Some(Command::Check(args)) => cli::check::run(args, &mut stdout),
        Some(Command::Fmt(args)) => cli::fmt::run(args, &mut stdout),
        Some(Command::Map(args)) => cli::map::run(args, &mut std::io::stderr().lock()),
        Some(Command::Catalog(args)) => cli::catalog::run(args, &mut std::io::stderr().lock()),
        Some(Command::Report(args)) => cli::report_md::run(args, &mut std::io::stderr().lock()),
        None => Ok(open_designer()),
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

/// The designer is not built yet; say so rather than open an empty window.
fn open_designer() -> u8 {
    eprintln!(
        "The Switchboard designer is not available in this build yet.\n\
         Use `switchboard check flows/` to check flows and `switchboard fmt` to format them;\n\
         `switchboard --help` lists everything this build can do."
    );
    cli::exit::OK
}
