//! `phi-redact check [FILE...]`: the leak check a pipeline runs before publishing (see
//! [`phi_redact::check`]), over text, CSV or JSONL (with batch mode's `--column`,
//! `--field`, `--delimiter`). Prints one `file:line: KIND (detector)` line per finding on
//! standard output (`[column]` or `[field]` appended for CSV and JSONL), the matched text
//! only with `--show`.
//!
//! Exit codes: 0 nothing found, 1 something found, 2 an input could not be checked (or a
//! usage error): the other inputs are still checked and their findings printed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;

use phi_redact::batch::Format;
use phi_redact::check::{CheckOptions, Checker, Finding};
use phi_redact::Error;

use super::batch::FormatArg;
use super::common::{display_name, report, CommonArgs};
use super::{EXIT_ERROR, EXIT_OK};

/// Exit code of `check`: something that looks like PHI was found.
pub const EXIT_FOUND: u8 = 1;

/// Arguments of `phi-redact check`.
#[derive(Args, Debug)]
#[command(after_help = "Give check the options (or --policy) the text was redacted with: what they keep on purpose \
is not reported (--dates keep or shift: dates; --keep-states: states); --deny-list phrases are looked for and \
--allow-list phrases accepted.\n\nExit status: 0 nothing found, 1 something found, 2 an input could not be checked.")]
pub struct CheckArgs {
    /// De-identified text files to check ("-" or none: standard input).
    pub files: Vec<PathBuf>,

    /// Also print the matched text of each finding. It may be PHI: keep it out of logs.
    #[arg(long)]
    pub show: bool,

    /// Input format (default: from the extension: .csv, .jsonl/.ndjson, else text; standard
    /// input: CSV with --column, JSONL with --field, else text).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// CSV: a column to check (repeatable; default: every column), as given to --column
    /// when redacting.
    #[arg(long, value_name = "NAME")]
    pub column: Vec<String>,

    /// JSONL: a field path to check, keys joined by dots (repeatable; default: every
    /// string), as given to --field when redacting.
    #[arg(long, value_name = "PATH")]
    pub field: Vec<String>,

    /// CSV field delimiter: one ASCII character, or "tab".
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub delimiter: String,

    // The same options as redaction (see the after-help text).
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Runs `phi-redact check`; returns the exit code.
pub fn run(args: &CheckArgs) -> u8 {
    if let Some(code) = super::review::policy_flags(&args.common) {
        return code;
    }
    let checker =
        args.common.config().and_then(|config| Checker::new(config, CheckOptions { show: args.show, ignore: vec![] }));
    let checker = match checker {
        Ok(c) => c,
        Err(e) => {
            report(None, &e);
            return EXIT_ERROR;
        }
    };
    let delimiter = match args.delimiter.as_str() {
        "tab" | "\\t" | "\t" => b'\t',
        d if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
        _ => {
            report(None, &"--delimiter takes one ASCII character or \"tab\"");
            return EXIT_ERROR;
        }
    };
    let stdin_format =
        match Format::of_stdin(args.format.map(Format::from), !args.column.is_empty(), !args.field.is_empty()) {
            Ok(f) => f,
            Err(e) => {
                report(None, &e);
                return EXIT_ERROR;
            }
        };
    let stdout = io::stdout();
    let is_tty = stdout.is_terminal();
    let mut out = BufWriter::with_capacity(if is_tty { 1 } else { 1 << 16 }, stdout.lock());
    let inputs: Vec<PathBuf> = if args.files.is_empty() { vec![PathBuf::from("-")] } else { args.files.clone() };
    let (mut failed, mut total, mut leaky) = (false, 0u64, 0usize);
    for path in &inputs {
        let name = display_name(path);
        let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
            Box::new(io::stdin().lock())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(BufReader::with_capacity(1 << 16, f)),
                Err(e) => {
                    report(Some(path), &Error::io("opening input", e));
                    failed = true;
                    continue;
                }
            }
        };
        let mut here = 0u64;
        let print = |f: &Finding| -> io::Result<()> {
            here += 1;
            write!(out, "{name}:{}: {} ({})", f.line, f.kind.label(), f.detector)?;
            if let Some(field) = &f.field {
                write!(out, " [{field}]")?;
            }
            if let Some(text) = &f.text {
                write!(out, ": {text:?}")?;
            }
            writeln!(out)
        };
        let format = match args.format {
            Some(f) => f.into(),
            None if path.as_os_str() == "-" => stdin_format,
            None => Format::from_path(path),
        };
        let lossy = args.common.lossy;
        let result = match format {
            Format::Text => checker.check_stream(input, lossy, print),
            Format::Csv => checker.check_csv(input, delimiter, &args.column, lossy, print),
            Format::Jsonl => checker.check_jsonl(input, &args.field, lossy, print),
        };
        total += here;
        if here > 0 {
            leaky += 1;
        }
        if let Err(e) = result {
            if e.is_broken_pipe() {
                // The reader of the report went away; the verdict stands.
                return if failed { EXIT_ERROR } else { EXIT_FOUND };
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
    if total > 0 {
        eprintln!(
            "phi-redact: check: {total} finding{} in {leaky} of {} input{}",
            if total == 1 { "" } else { "s" },
            inputs.len(),
            if inputs.len() == 1 { "" } else { "s" },
        );
    }
    if failed {
        EXIT_ERROR
    } else if total > 0 {
        EXIT_FOUND
    } else {
        EXIT_OK
    }
}
