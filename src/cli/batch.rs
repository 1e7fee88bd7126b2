//! Batch mode of the default command: `--out DIR` over files and directories, CSV and JSONL
//! (also as stdin -> stdout filters), `--report`, the progress bar. Flags -> validated
//! [`Options`] -> [`phi_redact::batch`] -> exit code. All the work is in the library.

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use phi_redact::batch::{self, Batch, Format, Observer, Options, Task};
use phi_redact::write::report::{FileReport, RunReport, Status};
use phi_redact::write::AtomicFile;
use phi_redact::{Error, Redactor};

use super::common::{report, CommonArgs};
use super::{EXIT_ERROR, EXIT_OK};

/// How inputs are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Free text (the default for unknown extensions, and for standard input without
    /// column or field options).
    Text,
    /// CSV with a header row (the default for .csv files).
    Csv,
    /// One JSON object per line (the default for .jsonl and .ndjson files).
    Jsonl,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Text => Format::Text,
            FormatArg::Csv => Format::Csv,
            FormatArg::Jsonl => Format::Jsonl,
        }
    }
}

/// Batch options: output directory, formats, columns and fields, parallelism, reporting.
#[derive(Args, Debug, Clone, Default)]
pub struct BatchArgs {
    /// Write each input to DIR (the tree under a directory input is mirrored), instead of
    /// standard output. Files are written under a temporary name and renamed when complete.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Input format (default: from the extension: .csv, .jsonl/.ndjson, else text; standard
    /// input: CSV with column options, JSONL with field options, else text).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// CSV: a free-text column to de-identify (repeatable). Without any, every column is.
    #[arg(long, value_name = "NAME")]
    pub column: Vec<String>,

    /// CSV: a column to leave out of the output (repeatable).
    #[arg(long, value_name = "NAME")]
    pub drop_column: Vec<String>,

    /// CSV: a column whose whole cell is one value of KIND (name, date, age, address, city,
    /// zip, facility, location, phone, fax, email, url, ip, handle, ssn, mrn, id), coded as in
    /// the notes of the same scope (repeatable).
    #[arg(long, value_name = "NAME=KIND")]
    pub pseudonymize_column: Vec<String>,

    /// CSV: rows with the same value in this column share one scope (same client, same code).
    #[arg(long, value_name = "NAME")]
    pub scope_column: Option<String>,

    /// JSONL: a field path to de-identify, keys joined by dots (repeatable). Without any,
    /// every string is.
    #[arg(long, value_name = "PATH")]
    pub field: Vec<String>,

    /// JSONL: records with the same value at this path share one scope.
    #[arg(long, value_name = "PATH")]
    pub scope_field: Option<String>,

    /// CSV field delimiter: one ASCII character, or "tab".
    #[arg(long, value_name = "CHAR", default_value = ",")]
    pub delimiter: String,

    /// Overwrite existing output files (and the report).
    #[arg(long)]
    pub force: bool,

    /// Worker threads (default: one per core in batch mode; the plain filter uses one
    /// unless this asks for more). The output is the same for any number.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,

    /// No progress bar and no warnings (errors are still printed).
    #[arg(long)]
    pub quiet: bool,

    /// Write a JSON audit report (counts, errors; never note text, names or codes).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Stop at the first error (the file in progress leaves no output).
    #[arg(long)]
    pub fail_fast: bool,
}

impl BatchArgs {
    /// True when the run needs batch mode (the plain text filter does not do these).
    pub fn is_active(&self, files: &[PathBuf]) -> bool {
        self.out.is_some()
            || matches!(self.format, Some(FormatArg::Csv | FormatArg::Jsonl))
            || self.report.is_some()
            || self.fail_fast
            || self.jobs.is_some_and(|j| j != 1)
            || !self.column.is_empty()
            || !self.drop_column.is_empty()
            || !self.pseudonymize_column.is_empty()
            || self.scope_column.is_some()
            || !self.field.is_empty()
            || self.scope_field.is_some()
            || files.iter().any(|f| f.is_dir())
    }

    fn options(&self, lossy: bool) -> Result<Options, Error> {
        let delimiter = match self.delimiter.as_str() {
            "tab" | "\\t" | "\t" => b'\t',
            d if d.len() == 1 && d.is_ascii() => d.as_bytes()[0],
            _ => return Err(Error::Usage("--delimiter takes one ASCII character or \"tab\"".into())),
        };
        let mut pseudonymize = Vec::new();
        for p in &self.pseudonymize_column {
            let Some((name, kind)) = p.rsplit_once('=') else {
                return Err(Error::Usage(format!("--pseudonymize-column {p:?}: expected NAME=KIND")));
            };
            let Some(kind) = batch::parse_kind(kind) else {
                return Err(Error::Usage(format!(
                    "--pseudonymize-column {p:?}: unknown kind (use name, date, age, address, city, zip, facility, \
                     location, phone, fax, email, url, ip, handle, ssn, mrn or id)"
                )));
            };
            pseudonymize.push((name.to_string(), kind));
        }
        let opts = Options {
            format: self.format.map(Format::from),
            columns: self.column.clone(),
            drop_columns: self.drop_column.clone(),
            pseudonymize,
            scope_column: self.scope_column.clone(),
            delimiter,
            fields: self.field.clone(),
            scope_field: self.scope_field.clone(),
            jobs: self.jobs.unwrap_or(0),
            lossy,
            force: self.force,
            fail_fast: self.fail_fast,
            ..Options::default()
        };
        opts.validate()?;
        Ok(opts)
    }
}

/// Runs batch mode; returns the exit code.
pub fn run(redactor: &Redactor, files: &[PathBuf], args: &BatchArgs, common: &CommonArgs) -> u8 {
    let lossy = common.lossy;
    let started = SystemTime::now();
    let opts = match args.options(lossy) {
        Ok(o) => o,
        Err(e) => return usage(&e),
    };
    let inputs: Vec<PathBuf> = if files.is_empty() { vec![PathBuf::from("-")] } else { files.to_vec() };
    let runner = match Batch::new(redactor, &opts) {
        Ok(b) => b,
        Err(e) => return usage(&e),
    };
    let tasks = match runner.plan(&inputs, args.out.as_deref()) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    if args.out.is_none() && tasks.iter().filter(|t| t.format == Format::Csv).count() > 1 {
        return usage(&Error::Usage(
            "several CSV inputs need --out DIR (their headers would be mixed on standard output)".into(),
        ));
    }
    if args.out.is_none() && tasks.iter().filter(|t| t.input == batch::Input::Stdin).count() > 1 {
        return usage(&Error::Usage("standard input (-) can be read only once".into()));
    }
    if let Some(path) = &args.report {
        if !args.force && path.exists() {
            return usage(&Error::OutputExists { path: path.clone() });
        }
    }
    let progress = Progress::new(&tasks, args.quiet);
    let (reports, output_error) = match &args.out {
        Some(_) => (runner.run(&tasks, &progress), None),
        None => {
            let stdout = io::stdout();
            let tty = stdout.is_terminal();
            let mut out = BufWriter::with_capacity(if tty { 1 } else { 1 << 16 }, stdout);
            let run = runner.run_to(&tasks, &mut out, &progress);
            let flushed = out.flush().err().map(|e| Error::io("writing output", e));
            (run.files, run.output_error.or(flushed))
        }
    };
    progress.finish(&reports, started);
    // A closed pipe (`| head`) ends the run quietly: the file being written then is not an error.
    let broken_pipe = output_error.as_ref().is_some_and(Error::is_broken_pipe);
    let judged = if broken_pipe { &reports[..reports.len().saturating_sub(1)] } else { &reports[..] };
    let mut failed = judged.iter().any(|r| r.status != Status::Ok && r.status != Status::Skipped);
    if let Some(e) = &output_error {
        if !e.is_broken_pipe() {
            report(None, e);
            failed = true;
        }
    }
    if let Some(path) = &args.report {
        let digest = batch::policy_digest(redactor.config(), &opts);
        let names = inputs.iter().map(|p| super::common::display_name(p)).collect();
        let out_dir = args.out.as_ref().map(|p| p.display().to_string());
        let rep = RunReport::new(digest, started, SystemTime::now(), runner.jobs(), names, out_dir, reports);
        if let Err(e) = write_report(path, &rep, args.force) {
            report(Some(path), &e);
            failed = true;
        }
    }
    if let Some(path) = &common.codebook {
        let book = runner.into_codebook();
        let refs: Vec<(String, &phi_redact::Scope)> = book.iter().map(|(id, s)| (id.clone(), s)).collect();
        if let Err(e) = super::codebook::write(path, &refs) {
            report(Some(path), &e);
            failed = true;
        }
    }
    if failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

fn usage(e: &Error) -> u8 {
    report(None, e);
    EXIT_ERROR
}

fn write_report(path: &Path, rep: &RunReport, force: bool) -> Result<(), Error> {
    let mut f = AtomicFile::create(path, force)?;
    f.write_all(rep.to_json().as_bytes()).map_err(|e| Error::io("writing the report", e))?;
    f.commit()
}

/// Progress bar (only on a terminal, without `--quiet`) and messages on stderr.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    files: u64,
    files_done: AtomicU64,
    records: AtomicU64,
}

impl Progress {
    fn new(tasks: &[Task], quiet: bool) -> Progress {
        let bar = (!quiet && io::stderr().is_terminal()).then(|| {
            let total: Option<u64> = tasks.iter().map(|t| t.size).sum();
            let bar = match total {
                Some(n) => ProgressBar::new(n).with_style(
                    ProgressStyle::with_template(
                        "{elapsed_precise} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
                    )
                    .expect("a valid template")
                    .progress_chars("=> "),
                ),
                None => ProgressBar::new_spinner().with_style(
                    ProgressStyle::with_template("{spinner} {elapsed_precise} {bytes} {binary_bytes_per_sec} {msg}")
                        .expect("a valid template"),
                ),
            };
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, quiet, files: tasks.len() as u64, files_done: AtomicU64::new(0), records: AtomicU64::new(0) }
    }

    fn message(&self) -> String {
        format!(
            "files {}/{} records {}",
            self.files_done.load(Ordering::Relaxed),
            self.files,
            self.records.load(Ordering::Relaxed)
        )
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(b) => b.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self, reports: &[FileReport], started: SystemTime) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
            let errors: u64 = reports.iter().map(FileReport::error_count).sum();
            let records: u64 = reports.iter().map(|r| r.records_in).sum();
            let secs = started.elapsed().map(|d| d.as_secs_f64()).unwrap_or(0.0);
            eprintln!("phi-redact: {} files, {records} records, {errors} errors in {secs:.1} s", reports.len());
        }
    }
}

impl Observer for Progress {
    fn advance(&self, bytes: u64, records: u64) {
        self.records.fetch_add(records, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.inc(bytes);
            b.set_message(self.message());
        }
    }

    fn error(&self, input: &str, error: &Error) {
        self.print(&format!("phi-redact: {input}: {error}"));
    }

    fn warning(&self, input: &str, message: &str) {
        if !self.quiet {
            self.print(&format!("phi-redact: warning: {input}: {message}"));
        }
    }

    fn file_done(&self, _report: &FileReport) {
        self.files_done.fetch_add(1, Ordering::Relaxed);
        if let Some(b) = &self.bar {
            b.set_message(self.message());
        }
    }
}
