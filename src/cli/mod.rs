//! Command-line front end. The only code that knows about flags, stdin/stdout and exit
//! codes. Messages name files, offsets and kinds of problems; never note text.
//!
//! Exit codes: 0 success; 2 an input could not be processed or a usage error (nothing
//! unredacted was written for it). A closed stdout (`phi-redact ... | head`) ends quietly
//! with 0.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use phi_redact::{Config, DateMode, Error, Redactor, Scope};

/// De-identify clinical notes: people become consistent coded initials, dates, places,
/// contacts and identifiers become tags. Reads standard input when no FILE is given and
/// writes to standard output.
#[derive(Parser, Debug)]
#[command(name = "phi-redact", version, about, long_about = None)]
struct Args {
    /// Notes to de-identify, written to standard output in order ("-" is standard input).
    files: Vec<PathBuf>,

    /// What happens to dates: keep the year only (Safe Harbor), replace them whole, or keep them.
    #[arg(long, value_enum, default_value_t = DatesArg::Year)]
    dates: DatesArg,

    /// Phrases always redacted, one per line (e.g. the practice's client roster).
    /// A line "KIND<TAB>phrase" redacts as that kind (LOCATION, FACILITY, ID, ...).
    #[arg(long, value_name = "FILE")]
    deny_list: Vec<PathBuf>,

    /// Phrases never redacted, one per line (e.g. local clinical jargon).
    #[arg(long, value_name = "FILE")]
    allow_list: Vec<PathBuf>,

    /// Replace invalid UTF-8 with U+FFFD and redact, instead of failing.
    #[arg(long)]
    lossy: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum DatesArg {
    Year,
    Tag,
    Keep,
}

fn config(args: &Args) -> Result<Config, Error> {
    let mut config = Config {
        dates: match args.dates {
            DatesArg::Year => DateMode::Year,
            DatesArg::Tag => DateMode::Tag,
            DatesArg::Keep => DateMode::Keep,
        },
        ..Config::default()
    };
    for p in &args.deny_list {
        config.deny_list.extend(Config::read_list(p)?);
    }
    for p in &args.allow_list {
        config.allow_list.extend(Config::read_list(p)?);
    }
    Ok(config)
}

/// Runs the binary.
pub fn main() -> ExitCode {
    // A panic message could quote note text (a failed slice prints the string). The library
    // turns a panic into `Error::Internal` and withholds the document; the default hook
    // must not print the message first.
    std::panic::set_hook(Box::new(|_| {}));
    let args = Args::parse();
    let redactor = match config(&args).and_then(Redactor::new) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("phi-redact: {e}");
            return ExitCode::from(2);
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
            redactor.redact_stream(io::stdin().lock(), &mut out, &mut scope, args.lossy)
        } else {
            match File::open(path) {
                Ok(f) => redactor.redact_stream(BufReader::with_capacity(1 << 16, f), &mut out, &mut scope, args.lossy),
                Err(e) => Err(Error::io("opening input", e)),
            }
        };
        if let Err(e) = result {
            if e.is_broken_pipe() {
                return ExitCode::SUCCESS;
            }
            eprintln!("phi-redact: {}: {e}", display_name(path));
            failed = true;
        }
    }
    if let Err(e) = out.flush() {
        if e.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("phi-redact: writing output: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn display_name(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}
