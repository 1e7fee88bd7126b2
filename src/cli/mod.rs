//! Command-line front end: the only code that knows about flags, stdin/stdout and exit
//! codes. One file per command (`redact.rs` is the default command); `common.rs` holds the
//! options every command shares and turns them into a validated [`phi_redact::Config`].
//! Messages name files, offsets and kinds of problems; never note text.

mod batch;
mod check;
mod codebook;
mod common;
mod explain;
mod redact;
mod review;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: everything processed.
pub const EXIT_OK: u8 = 0;
/// Exit code: an input could not be processed, or a usage error.
pub const EXIT_ERROR: u8 = 2;

/// De-identify clinical notes: people become consistent coded initials; dates, places,
/// contacts and identifiers become tags. With no FILE, reads standard input; writes to
/// standard output.
#[derive(Parser, Debug)]
#[command(name = "phi-redact", version, about, long_about = None, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    redact: redact::RedactArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write an HTML page showing each note with its detections highlighted next to the
    /// de-identified text, to read before sharing. The page CONTAINS PHI.
    Review(review::ReviewArgs),
    /// Report what still looks like PHI in de-identified text (exit 0 clean, 1 found, 2 error).
    Check(check::CheckArgs),
}

/// Runs the binary.
pub fn main() -> ExitCode {
    // A panic message could quote note text (a failed slice prints the string). The library
    // turns a panic into `Error::Internal` and withholds the document; the default hook
    // must not print the message first.
    std::panic::set_hook(Box::new(|_| {}));
    let cli = Cli::parse();
    let code = match cli.command {
        None => redact::run(&cli.redact),
        Some(Command::Review(args)) => review::run(&args),
        Some(Command::Check(args)) => check::run(&args),
    };
    ExitCode::from(code)
}
