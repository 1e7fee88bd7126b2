//! The `phi-redact` binary: parse flags -> validated [`Config`] -> run -> exit code.
//! All de-identification logic lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
