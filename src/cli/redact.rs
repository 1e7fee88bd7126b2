//! The default command: de-identify text files or standard input to standard output.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use phi_redact::{Error, Redactor, Scope};

use super::common::{report, CommonArgs};
use super::{EXIT_ERROR, EXIT_OK};

/// Arguments of the default command.
#[derive(Args, Debug)]
pub struct RedactArgs {
    /// Notes to de-identify, written to standard output in order ("-" is standard input).
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Runs the default command; returns the exit code.
pub fn run(args: &RedactArgs) -> u8 {
    let redactor = match args.common.config().and_then(Redactor::new) {
        Ok(r) => r,
        Err(e) => {
            report(None, &e);
            return EXIT_ERROR;
        }
    };
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = BufWriter::with_capacity(if is_tty { 1 } else { 1 << 16 }, stdout.lock());
    let inputs: Vec<PathBuf> = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let mut failed = false;
    for path in &inputs {
        let mut scope = Scope::new();
        let result = if path.as_os_str() == "-" {
            redactor.redact_stream(io::stdin().lock(), &mut out, &mut scope, args.common.lossy)
        } else {
            match File::open(path) {
                Ok(f) => redactor.redact_stream(
                    BufReader::with_capacity(1 << 16, f),
                    &mut out,
                    &mut scope,
                    args.common.lossy,
                ),
                Err(e) => Err(Error::io("opening input", e)),
            }
        };
        if let Err(e) = result {
            if e.is_broken_pipe() {
                return EXIT_OK;
            }
            report(Some(path), &e);
            failed = true;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            report(None, &Error::io("writing output", e));
            failed = true;
        }
    }
    if failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}
