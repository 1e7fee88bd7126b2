//! Batch stage: many files, CSV rows and JSONL records through one [`Redactor`], in
//! parallel, with output in input order and byte-identical whatever the number of threads.
//!
//! # How work is split
//! - **Across files**: with `--out DIR`, inputs are processed in parallel (rayon), each
//!   into its own output file; reports come back in input order. Consecutive small text
//!   files go in groups of a few dozen (`Batch::files`), everything else one by one. A
//!   written file goes to a committer thread that syncs files in groups and then renames
//!   them (see [`Batch::run`]): one sync per small file would cost more than redacting it.
//! - **Across records**: within one CSV or JSONL input, a reader thread splits records and
//!   hands them over a bounded channel, in batches of up to 64; the records of a *window* (at
//!   most [`Options::window`] records or [`WINDOW_BYTES`] bytes) are analysed in parallel
//!   with [`Redactor::analyze`] (stateless), then finished with [`Redactor::finish`] (the
//!   only stage that gives codes; it also re-checks its output, about a third of the work per
//!   record). CSV and JSONL records of different scopes are finished in parallel, the records
//!   of one scope in input order. The two stages overlap: window k+1 is analysed on the
//!   worker threads while window k is finished. Plain-text inputs are cut into chunks of
//!   whole lines (`src/read/text.rs`) and finished in order, with one scope per file, exactly
//!   as the plain `phi-redact FILE` does; while one window of chunks is finished, the next is
//!   read and analysed on the other workers.
//! - `--scope run` (one scope for everything) makes files go one after another, in input
//!   order; records are still analysed in parallel.
//!
//! Because every scope receives its records in input order, the output does not depend on
//! the number of threads or on where windows start: `--jobs 1` and `--jobs N` give the
//! same bytes.
//!
//! Memory is bounded: per input in progress, at most three windows of records (the one
//! being finished, the one being analysed, the channel's) and two batches of records on
//! either side of the channel, plus the scopes (below).
//!
//! # Scopes (who shares codes)
//! - Text file: one scope per file (as the plain command).
//! - CSV row / JSONL record: by default each record is its own scope: codes start afresh.
//!   All the cells of one record (every `--column`, every `--pseudonymize-column`) share it,
//!   so "client_name" and the note of one row give the client one code.
//! - With `--scope-column NAME` / `--scope-field PATH`, every record with the same value
//!   there shares one scope: the same client gets the same code on every row of the file.
//!   Scopes are kept in a map for the whole input file, so memory grows with the number of
//!   distinct keys: about 2 KiB per client with two people and a place (measured: 100,000
//!   clients, 195 MiB). A record whose key is empty or missing gets a scope of its own.
//!   Scope objects are per file; with a key (`--key-file`), codes are computed from the
//!   scope id and the name, so a client keeps one code across files and runs too.
//! - Scope ids (for keyed codes and the codebook): `document:NAME` for a text file (as the
//!   plain command), `document:NAME#N` for record N of a CSV or JSONL file, `record:KEY`
//!   for a scope key, `run` for `--scope run`.
//! - Within a record, `--pseudonymize-column` cells are coded first (in column order), then
//!   the free-text cells (in column order): the structured name anchors the person, and its
//!   parts are then re-found as bare mentions in the notes.
//!
//! # Faults
//! A record that cannot be redacted is never written as it was. It is reported (file,
//! record number, line, kind of problem; never content) and replaced, so row counts stay
//! equal and output row N is still input record N:
//! - a CSV row that cannot be split into the header's fields (wrong field count, text after
//!   a closing quote, a quote never closed): every cell of the row becomes
//!   [`FAILED`] (which bytes belong to which column is unknown);
//! - a CSV row whose cells to redact are not UTF-8, or on which a detector panicked: those
//!   cells (free-text and pseudonymized) become [`FAILED`]; pass-through cells are kept;
//! - a JSONL line that is not UTF-8 or not JSON: the line becomes
//!   [`crate::write::jsonl::FAILED_LINE`]; a panic: the selected strings become
//!   `"[REDACTION FAILED]"`.
//!
//! With [`Options::fail_fast`] the first fault stops the run instead, and the file in
//! progress leaves no output. A file that cannot be read, or text that is not UTF-8, leaves
//! no output file at all. Inputs found by walking a directory that hold a NUL byte in their
//! first 8 KiB are skipped as binary, with a warning.
//!
//! # Pass-through bytes
//! CSV: cells of pass-through columns, the header (less dropped columns), delimiters and
//! line terminators are copied byte for byte, quotes included; a rewritten cell keeps its
//! quotes if it had them and gains them only if it needs them. A leading BOM is kept.
//! JSONL: every byte outside the selected strings is copied; a string with something
//! replaced is re-encoded with JSON's minimal escaping. With `--lossy`, invalid UTF-8 is
//! replaced in the whole JSONL line, and only in the redacted cells of a CSV row.

use std::collections::{HashMap, VecDeque};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, SendError, Sender, SyncSender, TryRecvError};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::assign::Scope;
use crate::config::{Config, ScopeMode};
use crate::error::{Error, RecordFault};
use crate::lexicon::LookupCache;
use crate::pipeline::{Analysis, Recheck, Redactor, Workspace};
use crate::read::csv::{CsvReader, RawRecord};
use crate::read::jsonl::{self, LineReader, RawLine};
use crate::read::text::{ChunkReader, CHUNK_TARGET};
use crate::render::replacement;
use crate::span::{Candidate, Kind};
use crate::write::atomic::{commit_all, sync_dirs, Staged};
use crate::write::csv::write_field;
use crate::write::jsonl::{encode_str, splice, FAILED_LINE};
use crate::write::report::{Counts, FileReport, Status};
use crate::write::{AtomicFile, FAILED};

/// A window of records is also cut when its records reach this many bytes.
pub const WINDOW_BYTES: usize = 8 << 20;

/// Most output files committed with one sync (see [`Batch::commit_outputs`]).
const GROUP_FILES: usize = 64;
/// Longest an output file that is written waits for others to share its sync.
const GROUP_WAIT: Duration = Duration::from_millis(500);
/// How often the committer looks for written files.
const POLL: Duration = Duration::from_millis(10);
/// An input's scopes are freed on the pool ([`Scopes::free_later`]) from this many scopes
/// of scope keys (`--scope-column`, `--scope-field`), or this many people in its document
/// scope.
const FREE_LATER: (usize, usize) = (64, 1000);
/// A text file at most this large (by its size when listed) may be read ahead in a group.
const SMALL_FILE: u64 = 64 << 10;
/// Most files, and most bytes, in a group of small text files ([`Batch::files`]): enough
/// to keep the file reads and writes out from between the notes, few enough to bound the
/// memory a group holds.
const GROUP_SMALL: (usize, u64) = (32, 128 << 10);

/// Splits `tasks` into the ranges [`Batch::files`] processes as one: runs of consecutive
/// small text files to an output file, within [`GROUP_SMALL`], and every other task alone.
/// Groups are also kept small enough that each of the `workers` gets about four: a folder
/// of a few hundred notes still keeps every core busy.
fn groups(tasks: &[Task], workers: usize) -> Vec<Range<usize>> {
    let most = (tasks.len() / (4 * workers.max(1))).clamp(1, GROUP_SMALL.0);
    let small = |t: &Task| match t.size {
        Some(n) if n <= SMALL_FILE && t.format == Format::Text && t.skip.is_none() && t.output.is_some() => {
            matches!(t.input, Input::File(_)).then_some(n)
        }
        _ => None,
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut bytes = 0;
    for (i, t) in tasks.iter().enumerate() {
        let size = small(t);
        match (out.last_mut(), size) {
            (Some(g), Some(n)) if g.len() < most && bytes + n <= GROUP_SMALL.1 && small(&tasks[g.start]).is_some() => {
                g.end = i + 1;
                bytes += n;
            }
            _ => {
                out.push(i..i + 1);
                bytes = size.unwrap_or(0);
            }
        }
    }
    out
}

/// An output file written to the end, waiting to be committed, with its task's report.
struct Pending {
    task: usize,
    report: FileReport,
    file: Staged,
}

/// How an input is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Free text: the whole file is one document.
    Text,
    /// CSV with a header row.
    Csv,
    /// One JSON value per line.
    Jsonl,
}

impl Format {
    /// `text`, `csv` or `jsonl`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Csv => "csv",
            Format::Jsonl => "jsonl",
        }
    }

    /// The format an extension implies: `.csv`; `.jsonl` or `.ndjson`; anything else is text.
    pub fn from_path(path: &Path) -> Format {
        match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
            Some("csv") => Format::Csv,
            Some("jsonl" | "ndjson") => Format::Jsonl,
            _ => Format::Text,
        }
    }
}

/// Settings of a batch run (the redaction policy itself is the [`Redactor`]'s [`Config`]).
#[derive(Clone, Debug)]
pub struct Options {
    /// The format of every input; `None`: from each file's extension (text for stdin).
    pub format: Option<Format>,
    /// CSV: the free-text columns to de-identify. Empty: every column not dropped or
    /// pseudonymized (fail safe).
    pub columns: Vec<String>,
    /// CSV: columns left out of the output.
    pub drop_columns: Vec<String>,
    /// CSV: columns whose whole cell is one value of a kind (a client's name, a date of birth).
    pub pseudonymize: Vec<(String, Kind)>,
    /// CSV: rows with the same value in this column share one scope.
    pub scope_column: Option<String>,
    /// CSV field delimiter.
    pub delimiter: u8,
    /// JSONL: the field paths to de-identify (`visit.note`). Empty: every string.
    pub fields: Vec<String>,
    /// JSONL: records with the same value at this path share one scope.
    pub scope_field: Option<String>,
    /// Worker threads; 0 = one per core.
    pub jobs: usize,
    /// Replace invalid UTF-8 with U+FFFD instead of failing the record or file.
    pub lossy: bool,
    /// Overwrite existing output files.
    pub force: bool,
    /// Stop at the first error.
    pub fail_fast: bool,
    /// Records per parallel window.
    pub window: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: None,
            columns: Vec::new(),
            drop_columns: Vec::new(),
            pseudonymize: Vec::new(),
            scope_column: None,
            delimiter: b',',
            fields: Vec::new(),
            scope_field: None,
            jobs: 0,
            lossy: false,
            force: false,
            fail_fast: false,
            window: 256,
        }
    }
}

impl Options {
    /// Checks that the settings can work together.
    pub fn validate(&self) -> Result<(), Error> {
        let usage = |s: String| Err(Error::Usage(s));
        if matches!(self.delimiter, b'"' | b'\n' | b'\r') {
            return usage("the delimiter cannot be a quote or a line break".into());
        }
        let mut roles: HashMap<&str, &str> = HashMap::new();
        let named = self
            .columns
            .iter()
            .map(|c| (c.as_str(), "--column"))
            .chain(self.drop_columns.iter().map(|c| (c.as_str(), "--drop-column")))
            .chain(self.pseudonymize.iter().map(|(c, _)| (c.as_str(), "--pseudonymize-column")));
        for (name, flag) in named {
            if let Some(other) = roles.insert(name, flag) {
                if other != flag {
                    return usage(format!("column {name:?} is named by both {other} and {flag}"));
                }
            }
        }
        if let Some(s) = &self.scope_column {
            if self.drop_columns.contains(s) {
                return usage(format!("the scope column {s:?} cannot also be dropped"));
            }
        }
        for f in self.fields.iter().chain(&self.scope_field) {
            if f.is_empty() || f.split('.').any(str::is_empty) {
                return usage(format!("field path {f:?} has an empty key"));
            }
        }
        Ok(())
    }

    /// The format of standard input under these options (see [`Format::of_stdin`]).
    fn stdin_format(&self) -> Result<Format, Error> {
        let csv = !self.columns.is_empty()
            || !self.drop_columns.is_empty()
            || !self.pseudonymize.is_empty()
            || self.scope_column.is_some();
        let jsonl = !self.fields.is_empty() || self.scope_field.is_some();
        Format::of_stdin(self.format, csv, jsonl)
    }
}

impl Format {
    /// The format of standard input, which has no extension to tell it: `named` (`--format`)
    /// if given, else the one the options imply (`--column note` on stdin means a CSV, not a
    /// text whose columns would be silently ignored), else text. Column options and field
    /// options together, with no format named, are a usage error.
    pub fn of_stdin(named: Option<Format>, column_options: bool, field_options: bool) -> Result<Format, Error> {
        match (named, column_options, field_options) {
            (Some(f), _, _) => Ok(f),
            (None, true, true) => Err(Error::Usage(
                "standard input: column options (CSV) and field options (JSONL) are both given; \
                 say which with --format"
                    .into(),
            )),
            (None, true, false) => Ok(Format::Csv),
            (None, false, true) => Ok(Format::Jsonl),
            (None, false, false) => Ok(Format::Text),
        }
    }
}

/// The kind a `--pseudonymize-column NAME=KIND` names: name, date, age, address, city, zip,
/// facility, location, phone, fax, email, url, ip, handle, ssn, mrn, id.
pub fn parse_kind(s: &str) -> Option<Kind> {
    use Kind::*;
    Some(match s.to_ascii_lowercase().as_str() {
        "name" | "person" => Name,
        "date" | "dob" => Date,
        "age" => Age,
        "address" => Address,
        "city" => City,
        "zip" => Zip,
        "facility" => Facility,
        "location" => Location,
        "phone" => Phone,
        "fax" => Fax,
        "email" => Email,
        "url" => Url,
        "ip" => Ip,
        "handle" => Handle,
        "ssn" => Ssn,
        "mrn" => Mrn,
        "id" => Id,
        _ => return None,
    })
}

/// A digest of everything that decides what the output is: the redaction settings and
/// lists, and the batch settings that change the output. Written into the audit report as
/// `sha256:<hex>`, so runs can be compared without the report holding the lists.
pub fn policy_digest(config: &Config, opts: &Options) -> String {
    let mut h = Sha256::new();
    let mut line = |s: String| {
        h.update(s.as_bytes());
        h.update(b"\n");
    };
    line(format!("dates {}", config.dates.name()));
    line(format!("shift-days {:?}", config.shift_days));
    line(format!("scope {}", config.scope.name()));
    // Whether codes are keyed, never the key itself.
    line(format!("keyed {}", config.key.is_some()));
    line(format!("code-format {}", config.code_format));
    line(format!("keep-states {}", config.keep_states));
    line(format!("categories {:?}", config.categories));
    line(format!("reference-year {:?}", config.reference_year));
    for e in &config.deny_list {
        line(format!("deny {:?} {}", e.kind, e.phrase));
    }
    for e in &config.allow_list {
        line(format!("allow {:?} {}", e.kind, e.phrase));
    }
    line(format!("format {:?}", opts.format));
    line(format!("columns {:?}", opts.columns));
    line(format!("drop {:?}", opts.drop_columns));
    line(format!("pseudonymize {:?}", opts.pseudonymize));
    line(format!("scope-column {:?}", opts.scope_column));
    line(format!("delimiter {}", opts.delimiter));
    line(format!("fields {:?}", opts.fields));
    line(format!("scope-field {:?}", opts.scope_field));
    line(format!("lossy {}", opts.lossy));
    format!("sha256:{:x}", h.finalize())
}

/// Where a task reads from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

/// One input of a run, with where its output goes.
#[derive(Clone, Debug)]
pub struct Task {
    /// What to read.
    pub input: Input,
    /// The output file (`None`: the caller's writer, e.g. standard output).
    pub output: Option<PathBuf>,
    /// How to read it.
    pub format: Format,
    /// Found by walking a directory: skipped if it looks binary.
    pub in_directory: bool,
    /// Size in bytes, when known (for progress).
    pub size: Option<u64>,
    /// Why it is left out (e.g. a symbolic link in a directory).
    pub skip: Option<&'static str>,
}

impl Task {
    /// The input as named in messages.
    pub fn name(&self) -> String {
        match &self.input {
            Input::Stdin => "<stdin>".into(),
            Input::File(p) => p.display().to_string(),
        }
    }

    /// The directory the output file goes into.
    fn output_dir(&self) -> Option<&Path> {
        self.output.as_deref().and_then(Path::parent)
    }
}

/// Turns the inputs of the command line into tasks: directories are walked (recursively, in
/// name order, symbolic links not followed, the output directory left out); with
/// `out_dir`, a file input `a/b.csv` writes `OUT/b.csv` and a file `D/x/y.txt` found in a
/// directory input `D` writes `OUT/x/y.txt`. `-` is standard input. Fails when two inputs
/// would write one output, when an output is an input, or when stdin or a directory cannot
/// go where asked. Directories are walked in parallel on the current rayon pool (the global
/// pool outside any: [`Batch::plan`] walks on the run's).
pub fn plan(paths: &[PathBuf], out_dir: Option<&Path>, opts: &Options) -> Result<Vec<Task>, Error> {
    let out_canon = out_dir.and_then(|d| fs::canonicalize(d).ok());
    let mut tasks = Vec::new();
    let format_of = |p: &Path| opts.format.unwrap_or_else(|| Format::from_path(p));
    for path in paths {
        if path.as_os_str() == "-" {
            if out_dir.is_some() {
                return Err(Error::Usage(
                    "standard input (-) cannot be written under --out; redirect standard output instead".into(),
                ));
            }
            tasks.push(Task {
                input: Input::Stdin,
                output: None,
                format: opts.stdin_format()?,
                in_directory: false,
                size: None,
                skip: None,
            });
            continue;
        }
        let meta = fs::metadata(path);
        if meta.as_ref().is_ok_and(|m| m.is_dir()) {
            let Some(out) = out_dir else {
                return Err(Error::Usage(format!("{} is a directory: give --out DIR", path.display())));
            };
            let real = out_canon.as_ref().and_then(|_| fs::canonicalize(path).ok());
            tasks.extend(walk(path, path, real.as_deref(), out, out_canon.as_deref(), &format_of));
        } else {
            let output = out_dir.map(|d| d.join(path.file_name().unwrap_or(path.as_os_str())));
            tasks.push(Task {
                input: Input::File(path.clone()),
                output,
                format: format_of(path),
                in_directory: false,
                size: meta.ok().map(|m| m.len()),
                skip: None,
            });
        }
    }
    let mut seen: HashMap<&Path, ()> = HashMap::new();
    let mut dirs = CanonicalDirs::default();
    for t in &tasks {
        let (Some(out), Input::File(input)) = (&t.output, &t.input) else { continue };
        if seen.insert(out.as_path(), ()).is_some() {
            return Err(Error::OutputConflict { path: out.clone(), reason: "would be written by two inputs" });
        }
        if out_canon.is_none() {
            continue; // no output directory yet: no output exists
        }
        // An output that does not exist yet is no input; one that does is compared by its
        // real path. A regular file's real path is its directory's plus its name, and the
        // files of a walk are regular files: their directories are resolved once each, not
        // once a file (a million notes, ten path components each).
        let out_real = match fs::symlink_metadata(out) {
            Err(_) => continue,
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(out).ok(),
            Ok(_) => dirs.file(out),
        };
        let in_canon = if t.in_directory && t.skip.is_none() { dirs.file(input) } else { fs::canonicalize(input).ok() };
        if let (Some(a), Some(b)) = (out_real, in_canon) {
            if a == b {
                return Err(Error::OutputConflict { path: out.clone(), reason: "is an input file" });
            }
        }
    }
    Ok(tasks)
}

/// Real paths of directories, each resolved once.
#[derive(Default)]
struct CanonicalDirs(HashMap<PathBuf, Option<PathBuf>>);

impl CanonicalDirs {
    /// The real path of `file`, a regular file (not a symbolic link): its directory's real
    /// path and its name.
    fn file(&mut self, file: &Path) -> Option<PathBuf> {
        let name = file.file_name()?;
        let dir = match file.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let real = self.0.entry(dir.to_path_buf()).or_insert_with(|| fs::canonicalize(dir).ok());
        real.as_ref().map(|d| d.join(name))
    }
}

/// Lists the files under `dir` (a directory of the input `root`; `real` its real path when
/// the output directory exists, so that the output directory is not walked into), in name
/// order. The entries of a directory, and the directories below, are looked at in parallel
/// on the current rayon pool (see [`Batch::plan`]): a walk of 17,149 notes in 4,923
/// directories took 68 ms on one thread, before any worker could start.
fn walk(
    root: &Path,
    dir: &Path,
    real: Option<&Path>,
    out: &Path,
    out_canon: Option<&Path>,
    format_of: &(dyn Fn(&Path) -> Format + Sync),
) -> Vec<Task> {
    let mut entries: Vec<fs::DirEntry> = match fs::read_dir(dir) {
        Ok(rd) => rd.filter_map(Result::ok).collect(),
        Err(_) => {
            // Let processing report it as unreadable.
            let rel = dir.strip_prefix(root).unwrap_or(dir);
            return vec![Task {
                input: Input::File(dir.to_path_buf()),
                output: Some(out.join(rel)),
                format: Format::Text,
                in_directory: true,
                size: None,
                skip: None,
            }];
        }
    };
    // (each name copied once, not twice per comparison)
    entries.sort_by_cached_key(fs::DirEntry::file_name);
    // (`collect` keeps the order of the entries)
    entries
        .par_iter()
        .flat_map_iter(|e| {
            let path = e.path();
            let Ok(ft) = e.file_type() else { return Vec::new() };
            if ft.is_dir() {
                // (a directory, not a link to one: its real path is its parent's and its name)
                let real = real.map(|r| r.join(e.file_name()));
                if real.is_some() && real.as_deref() == out_canon {
                    return Vec::new();
                }
                return walk(root, &path, real.as_deref(), out, out_canon, format_of);
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let skip = if ft.is_symlink() {
                Some("symbolic link (not followed)")
            } else if !ft.is_file() {
                Some("not a regular file")
            } else {
                None
            };
            vec![Task {
                format: format_of(&path),
                input: Input::File(path),
                output: Some(out.join(rel)),
                in_directory: true,
                size: e.metadata().ok().map(|m| m.len()),
                skip,
            }]
        })
        .collect()
}

/// Receives what happens during a run, from worker threads. The library never prints: the
/// binary turns these into a progress bar and messages on stderr.
pub trait Observer: Sync {
    /// `bytes` more input bytes and `records` more records were processed.
    fn advance(&self, _bytes: u64, _records: u64) {}
    /// An error (a file, or one record of it). Never holds note text.
    fn error(&self, _input: &str, _error: &Error) {}
    /// A file was skipped or not processed.
    fn warning(&self, _input: &str, _message: &str) {}
    /// A file is finished (whatever became of it).
    fn file_done(&self, _report: &FileReport) {}
}

/// An observer that ignores everything.
pub struct Silent;

impl Observer for Silent {}

/// The result of [`Batch::run_to`].
pub struct StreamRun {
    /// One report per task, in order.
    pub files: Vec<FileReport>,
    /// Writing the output failed (e.g. a closed pipe); the tasks after it were not run.
    pub output_error: Option<Error>,
}

/// Why a file stopped.
enum Fail {
    /// The input failed (not readable, not UTF-8, ...): reported at the end.
    Error(Error),
    /// The error was reported already (a record with `--fail-fast`).
    Reported,
    /// Writing the output failed.
    Output(Error),
    /// `--fail-fast` stopped the run after an error elsewhere.
    Stopped,
    /// Left out (binary).
    Skipped(&'static str),
}

/// A writer that counts bytes.
struct Counting<'w, W> {
    inner: &'w mut W,
    bytes: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

type Source = BufReader<Box<dyn Read + Send>>;

/// A scope with its id (for the codebook).
type Named = (String, Scope);

/// A batch run: a [`Redactor`], [`Options`] and a pool of worker threads.
pub struct Batch<'a> {
    redactor: &'a Redactor,
    opts: &'a Options,
    pool: rayon::ThreadPool,
    stop: AtomicBool,
    /// `--scope run`: the one scope of the whole run (files are then done one by one).
    run_scope: Option<Mutex<Scope>>,
    /// `--codebook`: every finished scope, by task index.
    codebook: Mutex<Vec<(usize, Vec<Named>)>>,
    /// Each worker's look-up cache and re-check buffers, kept warm from window to window.
    caches: PerThread<LookupCache>,
    rechecks: PerThread<Recheck>,
}

/// One `T` per worker thread of the pool, kept across windows and files.
struct PerThread<T>(Vec<Mutex<T>>);

impl<T: Default> PerThread<T> {
    fn new(threads: usize) -> PerThread<T> {
        PerThread((0..threads).map(|_| Mutex::new(T::default())).collect())
    }

    /// Runs `f` with this thread's `T` (a fresh one off the pool, or should it be in use).
    /// `f` must not call into rayon, so a thread never waits for its own `T`.
    fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let slot = rayon::current_thread_index().and_then(|i| self.0.get(i));
        match slot.map(Mutex::try_lock) {
            Some(Ok(mut t)) => f(&mut t),
            Some(Err(std::sync::TryLockError::Poisoned(p))) => {
                let mut t = p.into_inner();
                *t = T::default();
                f(&mut t)
            }
            _ => f(&mut T::default()),
        }
    }
}

impl<'a> Batch<'a> {
    /// Validates `opts` and starts the worker threads.
    pub fn new(redactor: &'a Redactor, opts: &'a Options) -> Result<Batch<'a>, Error> {
        opts.validate()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(opts.jobs)
            .thread_name(|i| format!("phi-redact-{i}"))
            .build()
            .map_err(|_| Error::Usage(format!("cannot start {} worker threads", opts.jobs)))?;
        let run_scope = (redactor.config().scope == ScopeMode::Run).then(|| Mutex::new(redactor.new_scope("run")));
        Ok(Batch {
            redactor,
            opts,
            pool,
            stop: AtomicBool::new(false),
            run_scope,
            codebook: Mutex::new(Vec::new()),
            caches: PerThread::new(opts.jobs),
            rechecks: PerThread::new(opts.jobs),
        })
    }

    /// [`plan`] on the pool of this run: directories are walked with its threads.
    pub fn plan(&self, paths: &[PathBuf], out_dir: Option<&Path>) -> Result<Vec<Task>, Error> {
        self.pool.install(|| plan(paths, out_dir, self.opts))
    }

    /// The scopes of the run, in input order, with their ids, for `--codebook` (empty
    /// unless the configuration asks for a codebook). PHI: they hold the names.
    pub fn into_codebook(self) -> Vec<(String, Scope)> {
        let mut per_task = self.codebook.into_inner().unwrap_or_else(|e| e.into_inner());
        per_task.sort_by_key(|(i, _)| *i);
        let mut all: Vec<(String, Scope)> = per_task.into_iter().flat_map(|(_, v)| v).collect();
        if let Some(run) = self.run_scope {
            if self.redactor.config().codebook {
                all.push(("run".into(), run.into_inner().unwrap_or_else(|e| e.into_inner())));
            }
        }
        all
    }

    /// Worker threads.
    pub fn jobs(&self) -> usize {
        self.pool.current_num_threads()
    }

    /// Runs tasks that each write their own output file, in parallel across files (one
    /// after another with `--scope run`, whose codes follow input order across files).
    /// Reports come back in task order.
    ///
    /// Output files are committed in groups (see `Batch::commit_outputs`), on a thread of
    /// their own: a worker never waits for a disk.
    pub fn run(&self, tasks: &[Task], observer: &dyn Observer) -> Vec<FileReport> {
        let (tx, rx) = channel::<Pending>();
        std::thread::scope(|s| {
            // Without the committer thread, each worker commits its own files.
            let committer = std::thread::Builder::new()
                .name("phi-redact-commit".into())
                .spawn_scoped(s, move || self.commit_outputs(tasks, rx, observer))
                .ok();
            let tx = committer.as_ref().map(|_| tx);
            let mut reports: Vec<Option<FileReport>> = self.pool.install(|| {
                if self.run_scope.is_some() {
                    tasks.iter().enumerate().map(|(i, t)| self.file(i, t, observer, tx.as_ref(), None)).collect()
                } else {
                    let groups: Vec<Vec<Option<FileReport>>> = groups(tasks, self.pool.current_num_threads())
                        .par_iter()
                        .map(|g| self.files(g.clone(), tasks, observer, tx.as_ref()))
                        .collect();
                    groups.into_iter().flatten().collect()
                }
            });
            drop(tx);
            if let Some(c) = committer {
                // (the committer notices the end at once, not at its next poll)
                c.thread().unpark();
                // (a panic there is a bug: the files it held are removed, not renamed)
                for (i, rep) in c.join().unwrap_or_default() {
                    reports[i] = Some(rep);
                }
            }
            reports
                .into_iter()
                .zip(tasks)
                .map(|(r, t)| {
                    r.unwrap_or_else(|| {
                        let mut rep = FileReport::new(t.name(), None, t.format.name());
                        rep.push_error(&Error::Internal);
                        rep.status = Status::Failed;
                        rep
                    })
                })
                .collect()
        })
    }

    /// Commits the output files the workers staged, in groups of up to [`GROUP_FILES`] or
    /// whatever [`GROUP_WAIT`] after the first of a group brought: one sync for the group,
    /// then a rename each ([`commit_all`]); at the end, the renames are synced too
    /// ([`sync_dirs`]). A sync per file of a few KiB took longer than redacting it (17,149
    /// notes on ext4, one job: 12-26 s with one sync per file, 5-8 s with one per group).
    /// Returns the finished report of every file it committed, by task index.
    fn commit_outputs(
        &self,
        tasks: &[Task],
        rx: Receiver<Pending>,
        observer: &dyn Observer,
    ) -> Vec<(usize, FileReport)> {
        let mut done = Vec::new();
        let mut group: Vec<Pending> = Vec::new();
        let mut since = Instant::now();
        // Directories that received a file: their renames are made durable at the end.
        // Each is listed once a run of files into it (sorted and deduplicated at the end),
        // not looked up in a set per file: comparing paths component by component took more
        // instructions than the rest of the commit.
        let mut dirs: Vec<&Path> = Vec::new();
        // This thread polls the channel instead of waiting on it: a send to a waiting
        // receiver wakes it, and a wake-up per file cost the workers 3.5% of their time.
        // Between polls it is parked, so the end of the run ([`Batch::run`] unparks it) does
        // not wait for the next poll.
        loop {
            let mut last = false;
            loop {
                match rx.try_recv() {
                    Ok(p) => {
                        if group.is_empty() {
                            since = Instant::now();
                        }
                        group.push(p);
                        if group.len() == GROUP_FILES {
                            self.commit_group(tasks, &mut group, observer, &mut done, &mut dirs);
                        }
                    }
                    Err(TryRecvError::Empty) => break,
                    Err(TryRecvError::Disconnected) => {
                        last = true;
                        break;
                    }
                }
            }
            if !group.is_empty() && (last || since.elapsed() >= GROUP_WAIT) {
                self.commit_group(tasks, &mut group, observer, &mut done, &mut dirs);
            }
            if last {
                break;
            }
            std::thread::park_timeout(POLL);
        }
        dirs.sort_unstable();
        dirs.dedup();
        // A directory that could not be synced: its files may not survive a crash.
        for (dir, e) in sync_dirs(dirs) {
            let in_dir = |i: usize| tasks[i].output_dir() == Some(dir);
            for (_, rep) in done.iter_mut().filter(|(i, rep)| rep.output.is_some() && in_dir(*i)) {
                observer.error(&rep.input, &e);
                rep.push_error(&e);
                rep.status = Status::Failed;
                rep.output = None;
            }
        }
        done
    }

    /// Commits `group` (emptied), concludes the report of each of its files into `done`, and
    /// adds the directories of the files it renamed to `dirs`.
    fn commit_group<'t>(
        &self,
        tasks: &'t [Task],
        group: &mut Vec<Pending>,
        observer: &dyn Observer,
        done: &mut Vec<(usize, FileReport)>,
        dirs: &mut Vec<&'t Path>,
    ) {
        let (reports, staged): (Vec<_>, Vec<_>) = group.drain(..).map(|p| ((p.task, p.report), p.file)).unzip();
        for ((i, mut rep), committed) in reports.into_iter().zip(commit_all(staged)) {
            self.conclude(&tasks[i], &mut rep, committed.map_err(Fail::Output), observer);
            match tasks[i].output_dir() {
                Some(dir) if rep.output.is_some() && dirs.last() != Some(&dir) => dirs.push(dir),
                _ => {}
            }
            done.push((i, rep));
        }
    }

    /// Runs tasks one after another into `out` (standard output), each in parallel across
    /// its records. Stops at the first error writing `out`.
    pub fn run_to<W: Write + Send>(&self, tasks: &[Task], out: &mut W, observer: &dyn Observer) -> StreamRun {
        self.pool.install(|| {
            let mut files = Vec::new();
            let mut output_error = None;
            for (i, t) in tasks.iter().enumerate() {
                if output_error.is_some() {
                    break;
                }
                let mut rep = FileReport::new(t.name(), None, t.format.name());
                let result = if self.stop.load(Ordering::Relaxed) {
                    Err(Fail::Stopped)
                } else {
                    let mut w = Counting { inner: &mut *out, bytes: 0 };
                    let r =
                        self.open(t).and_then(|src| self.process(i, t, Feed::Reader(src), &mut w, &mut rep, observer));
                    rep.bytes_out = w.bytes;
                    r
                };
                if let Err(Fail::Output(e)) = result {
                    rep.push_error(&e);
                    rep.status = Status::Failed;
                    observer.file_done(&rep);
                    files.push(rep);
                    output_error = Some(e);
                    break;
                }
                self.conclude(t, &mut rep, result, observer);
                files.push(rep);
            }
            StreamRun { files, output_error }
        })
    }

    /// Processes task `i` into its output file. A file written to the end is handed to the
    /// committer (`commit`, see [`Batch::run`]), which finishes its report: `None` then.
    /// `ready`: the file, already read and analysed ([`Batch::files`]).
    fn file(
        &self,
        i: usize,
        t: &Task,
        observer: &dyn Observer,
        commit: Option<&Sender<Pending>>,
        ready: Option<Window>,
    ) -> Option<FileReport> {
        let mut rep = FileReport::new(t.name(), t.output.as_ref().map(|p| p.display().to_string()), t.format.name());
        let result = if let Some(reason) = t.skip {
            Err(Fail::Skipped(reason))
        } else if self.stop.load(Ordering::Relaxed) {
            Err(Fail::Stopped)
        } else {
            match &t.output {
                None => Err(Fail::Error(Error::Usage("no output given".into()))),
                Some(dest) => {
                    ready.map_or_else(|| self.open(t).map(Feed::Reader), |w| Ok(Feed::Ready(w))).and_then(|feed| {
                        let mut file = AtomicFile::create(dest, self.opts.force).map_err(Fail::Error)?;
                        let mut w = Counting { inner: &mut file, bytes: 0 };
                        self.process(i, t, feed, &mut w, &mut rep, observer)?;
                        rep.bytes_out = w.bytes;
                        file.stage().map_err(Fail::Output)
                    })
                }
            }
        };
        let pending = match result {
            Ok(file) => Pending { task: i, report: rep, file },
            Err(f) => {
                self.conclude(t, &mut rep, Err(f), observer);
                return Some(rep);
            }
        };
        let Pending { mut report, file, .. } = match commit {
            Some(c) => match c.send(pending) {
                Ok(()) => return None,
                Err(SendError(p)) => p,
            },
            None => pending,
        };
        // No committer (or it is gone): commit here.
        self.conclude(t, &mut report, file.commit().map_err(Fail::Output), observer);
        Some(report)
    }

    /// Processes the tasks `range` (a group from [`groups`]): a group of small text files is
    /// read first, then analysed stage by stage ([`Redactor::analyze_many`]), then finished
    /// and written file by file. Reading a group's files before its analysis and writing them
    /// after, rather than between every two notes, made a folder of 17,149 notes about 10%
    /// faster (the stage-by-stage order alone gains 2-3% in-process). The output is the same
    /// either way.
    fn files(
        &self,
        range: Range<usize>,
        tasks: &[Task],
        observer: &dyn Observer,
        commit: Option<&Sender<Pending>>,
    ) -> Vec<Option<FileReport>> {
        if range.len() == 1 {
            return vec![self.file(range.start, &tasks[range.start], observer, commit, None)];
        }
        // Every file of the group is opened and its reading started before any is read: on a
        // disk the reads are then in flight together instead of one after another.
        let files: Vec<Option<Ahead>> = tasks[range.clone()].iter().map(|t| self.open_small(t)).collect();
        // The chunks of the files read: one a file, none for an empty one. `None`: a file
        // left to the usual path.
        let mut chunks: Vec<Chunk> = Vec::with_capacity(range.len());
        let counts: Vec<Option<usize>> = tasks[range.clone()]
            .iter()
            .zip(files)
            .map(|(t, file)| {
                let bytes = self.read_small(t, file?)?;
                let n = usize::from(!bytes.is_empty());
                if n == 1 {
                    chunks.push(self.decode(0, bytes, true));
                }
                Some(n)
            })
            .collect();
        self.analyze_chunks(&mut chunks);
        let mut chunks = chunks.into_iter();
        let ready =
            counts.into_iter().map(|n| Some(Window { chunks: chunks.by_ref().take(n?).collect(), end: Some(Ok(())) }));
        range.zip(ready).map(|(i, w)| self.file(i, &tasks[i], observer, commit, w)).collect()
    }

    /// A small file of a group, opened ahead ([`Ahead::open`]). `None` leaves the file to the
    /// usual path, which opens it again and reports what goes wrong.
    fn open_small(&self, t: &Task) -> Option<Ahead> {
        // (an output that exists fails the file at once, unread: a run again into the same
        // directory is not slowed by analysing files it then refuses to write)
        let taken = || !self.opts.force && t.output.as_deref().is_some_and(|o| fs::symlink_metadata(o).is_ok());
        if self.stop.load(Ordering::Relaxed) || taken() {
            return None;
        }
        let Input::File(path) = &t.input else { return None };
        Ahead::open(path, &AHEAD_OPEN, AHEAD_FILES)
    }

    /// The whole of a small file opened by [`Batch::open_small`], if it can be read and is
    /// still one chunk; `None` leaves it to the usual path, as there.
    ///
    /// The file is read straight into the vector, not through the [`BufReader`] of
    /// [`Batch::open`]: a new one per file zeroes its 64 KiB buffer before the first read
    /// (it reads through `Box<dyn Read>`), 64 times the size of a typical note.
    fn read_small(&self, t: &Task, file: Ahead) -> Option<Vec<u8>> {
        let mut bytes = Vec::with_capacity(t.size.map_or(0, |n| n as usize + 1));
        // (through `take`: a File's own read_to_end asks the system for the size and position
        // first, two calls a file that `t.size` makes useless; `Ahead` stays open until then)
        (&file.0).take(u64::MAX).read_to_end(&mut bytes).ok()?;
        (bytes.len() < CHUNK_TARGET && !(t.in_directory && looks_binary(&bytes))).then_some(bytes)
    }

    fn conclude(&self, t: &Task, rep: &mut FileReport, result: Result<(), Fail>, observer: &dyn Observer) {
        let structured = t.format != Format::Text;
        match result {
            Ok(()) => {
                rep.status = if rep.records_failed > 0 || rep.unmatched_field { Status::Partial } else { Status::Ok };
                if structured {
                    rep.records_match = Some(rep.records_in == rep.records_out);
                }
            }
            Err(Fail::Skipped(reason)) => {
                rep.status = Status::Skipped;
                rep.reason = Some(reason.into());
                rep.output = None;
                observer.warning(&rep.input, &format!("skipped: {reason}"));
            }
            Err(Fail::Stopped) => {
                rep.status = Status::NotProcessed;
                rep.reason = Some("stopped by --fail-fast after an error".into());
                rep.output = None;
            }
            Err(Fail::Reported) => {
                rep.status = Status::Failed;
                rep.output = None;
            }
            Err(Fail::Error(e) | Fail::Output(e)) => {
                observer.error(&rep.input, &e);
                rep.push_error(&e);
                rep.status = Status::Failed;
                rep.output = None;
                if self.opts.fail_fast {
                    self.stop.store(true, Ordering::Relaxed);
                }
            }
        }
        if t.output.is_none() {
            rep.output = None;
        }
        observer.file_done(rep);
    }

    /// The reader of task `t`'s input; a file found in a directory that looks binary is
    /// skipped.
    fn open(&self, t: &Task) -> Result<Source, Fail> {
        let inner: Box<dyn Read + Send> = match &t.input {
            Input::Stdin => Box::new(io::stdin()),
            Input::File(p) => Box::new(File::open(p).map_err(|e| Fail::Error(Error::io("opening input", e)))?),
        };
        let mut src = BufReader::with_capacity(1 << 16, inner);
        if t.in_directory {
            let head = src.fill_buf().map_err(|e| Fail::Error(Error::io("reading input", e)))?;
            if looks_binary(head) {
                return Err(Fail::Skipped("binary file (NUL bytes)"));
            }
        }
        Ok(src)
    }

    fn process<W: Write>(
        &self,
        index: usize,
        task: &Task,
        feed: Feed,
        out: &mut W,
        rep: &mut FileReport,
        obs: &dyn Observer,
    ) -> Result<(), Fail> {
        let name = rep.input.clone();
        let mut ctx = Ctx { rep, obs, name: &name, fail_fast: self.opts.fail_fast, stop: &self.stop };
        let run = self.run_scope.as_ref().map(|m| m.lock().unwrap_or_else(|e| e.into_inner()));
        let mut scopes = Scopes::new(self.redactor, document_id(&task.input), run);
        let result = match (task.format, feed) {
            (Format::Text, feed) => self.text(feed, out, &mut ctx, &mut scopes),
            (Format::Csv, Feed::Reader(src)) => self.csv(src, out, &mut ctx, &mut scopes),
            (Format::Jsonl, Feed::Reader(src)) => self.jsonl(src, out, &mut ctx, &mut scopes),
            // (only text files are read ahead, see `Batch::files`)
            (_, Feed::Ready(_)) => Err(Fail::Error(Error::Internal)),
        };
        if self.redactor.config().codebook {
            let book = scopes.into_codebook();
            self.codebook.lock().unwrap_or_else(|e| e.into_inner()).push((index, book));
        } else {
            scopes.free_later(&self.pool);
        }
        result?;
        out.flush().map_err(|e| Fail::Output(Error::io("writing output", e)))
    }

    // ---- plain text -------------------------------------------------------------------

    /// A text is read in chunks of about 1 MiB cut at line breaks, one scope for all of
    /// them. Finishing a chunk (codes, rendering, the re-check) must follow input order, but
    /// analysing one needs no scope: so while the chunks of one window are finished, in
    /// order, the next window is read and analysed on the other workers. One core: the same
    /// steps one after another; the output is the same byte for byte.
    fn text<W: Write>(&self, feed: Feed, out: &mut W, ctx: &mut Ctx, scopes: &mut Scopes) -> Result<(), Fail> {
        // Chunks analysed ahead while a window is finished: one per other worker.
        let ahead = rayon::current_num_threads().saturating_sub(1).max(1);
        let mut read = 0u64; // bytes read so far
        let (mut reader, mut window) = match feed {
            Feed::Reader(src) => {
                let mut reader = ChunkReader::new(src);
                let window = self.read_window(&mut reader, ahead, &mut read);
                (Some(reader), window)
            }
            Feed::Ready(window) => (None, window),
        };
        let mut outputs: Vec<String> = Vec::new();
        loop {
            if self.stop.load(Ordering::Relaxed) {
                return Err(Fail::Stopped);
            }
            let more = window.end.is_none();
            let scope = scopes.document();
            let counts = &mut ctx.rep.counts;
            let (finished, next) = rayon::join(
                || self.finish_window(&mut window.chunks, scope, counts, &mut outputs),
                || reader.as_mut().filter(|_| more).map(|r| self.read_window(r, ahead, &mut read)),
            );
            for (chunk, rendered) in window.chunks.iter().zip(&outputs).take(finished.done) {
                if chunk.bom {
                    out.write_all(BOM).map_err(|e| Fail::Output(Error::io("writing output", e)))?;
                }
                out.write_all(rendered.as_bytes()).map_err(|e| Fail::Output(Error::io("writing output", e)))?;
                ctx.rep.bytes_in += chunk.len;
                ctx.obs.advance(chunk.len, 0);
            }
            if let Some(fail) = finished.fail {
                return Err(fail);
            }
            match (window.end, next) {
                (Some(Ok(())), _) => return Ok(()),
                (Some(Err(e)), _) => return Err(Fail::Error(e)),
                (None, Some(next)) => window = next,
                (None, None) => unreachable!("a window that did not end has a next one"),
            }
        }
    }

    /// Reads up to `n` chunks and analyses them in parallel. `read`: the bytes read before
    /// (at 0, a byte-order mark is kept aside), advanced.
    fn read_window(&self, reader: &mut ChunkReader<Source>, n: usize, read: &mut u64) -> Window {
        let first = *read == 0;
        let mut raw: Vec<(u64, Vec<u8>)> = Vec::with_capacity(n);
        let mut end = None;
        while raw.len() < n {
            let mut buf = Vec::new();
            match reader.next_chunk(&mut buf) {
                Ok(true) => {
                    raw.push((*read, buf));
                    *read += raw[raw.len() - 1].1.len() as u64;
                }
                Ok(false) => {
                    end = Some(Ok(()));
                    break;
                }
                Err(e) => {
                    end = Some(Err(Error::io("reading input", e)));
                    break;
                }
            }
        }
        let chunks = raw
            .into_par_iter()
            .enumerate()
            .map(|(i, (offset, bytes))| {
                let mut chunk = self.decode(offset, bytes, first && i == 0);
                self.analyze_chunks(std::slice::from_mut(&mut chunk));
                chunk
            })
            .collect();
        Window { chunks, end }
    }

    /// Decodes one chunk read at `offset`; a byte-order mark is kept aside if the chunk is
    /// the input's `first`.
    fn decode(&self, offset: u64, mut bytes: Vec<u8>, first: bool) -> Chunk {
        let len = bytes.len() as u64;
        let bom = first && bytes.starts_with(BOM);
        if bom {
            bytes.drain(..BOM.len());
        }
        let prepared = match String::from_utf8(bytes) {
            Ok(t) => Prepared::Decoded(t),
            Err(e) if self.opts.lossy => Prepared::Decoded(String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => Prepared::BadUtf8(e.utf8_error().valid_up_to() + if bom { BOM.len() } else { 0 }),
        };
        Chunk { offset, len, bom, prepared }
    }

    /// Analyses the decoded chunks of `chunks`, stage by stage over all of them
    /// ([`Redactor::analyze_many`]). If that panics, each is analysed alone, so that a panic
    /// fails only the chunk that caused it.
    fn analyze_chunks(&self, chunks: &mut [Chunk]) {
        let redactor = self.redactor;
        let texts: Vec<&str> = chunks.iter().filter_map(Chunk::decoded).collect();
        let n = texts.len();
        // (a panic leaves the look-up cache in an unknown state: it starts afresh)
        let all = self.caches.with(|cache| {
            let all = catch_unwind(AssertUnwindSafe(|| redactor.analyze_many(&texts, cache)));
            all.map_err(|_| *cache = LookupCache::default()).ok()
        });
        let Some(all) = all else {
            for c in chunks.iter_mut().filter(|c| c.decoded().is_some()) {
                match n {
                    1 => c.prepared = Prepared::Panicked,
                    _ => self.analyze_chunks(std::slice::from_mut(c)),
                }
            }
            return;
        };
        let mut all = all.into_iter();
        for c in chunks.iter_mut() {
            if let Prepared::Decoded(text) = &mut c.prepared {
                let text = std::mem::take(text);
                c.prepared = Prepared::Ok(text, all.next().expect("one analysis per text"));
            }
        }
    }

    /// Finishes the chunks of a window in order into `outputs` (one string per chunk),
    /// stopping at the first that fails.
    fn finish_window(
        &self,
        chunks: &mut [Chunk],
        scope: &mut Scope,
        counts: &mut Counts,
        outputs: &mut Vec<String>,
    ) -> Finished {
        outputs.resize_with(outputs.len().max(chunks.len()), String::new);
        for (k, chunk) in chunks.iter_mut().enumerate() {
            let fail = |f| Finished { done: k, fail: Some(f) };
            let (text, a) = match &mut chunk.prepared {
                Prepared::Ok(t, a) => (t, a),
                Prepared::BadUtf8(at) => {
                    return fail(Fail::Error(Error::InvalidUtf8 { offset: chunk.offset + *at as u64 }));
                }
                // (`Decoded`: never analysed, a bug)
                Prepared::Panicked | Prepared::Decoded(_) => return fail(Fail::Error(Error::Internal)),
            };
            let rendered = &mut outputs[k];
            rendered.clear();
            // The worker's re-check buffers and look-up cache, warm from earlier files (a
            // panic poisons them, and the next use starts afresh).
            let done = catch_unwind(AssertUnwindSafe(|| {
                self.rechecks.with(|recheck| self.redactor.finish(text, a, scope, recheck, rendered, None))
            }));
            if done.is_err() {
                return fail(Fail::Error(Error::Internal));
            }
            count(counts, a);
        }
        Finished { done: chunks.len(), fail: None }
    }

    // ---- CSV ----------------------------------------------------------------------------

    fn csv<W: Write>(&self, src: Source, out: &mut W, ctx: &mut Ctx, scopes: &mut Scopes) -> Result<(), Fail> {
        let redactor = self.redactor;
        let lossy = self.opts.lossy;
        let mut reader = CsvReader::new(src, self.opts.delimiter);
        // The header is read here, before the pipeline starts: every record needs its layout.
        // Blank lines before it pass through.
        let mut head = Vec::new();
        let layout = loop {
            let mut rec = RawRecord::default();
            match reader.read_record(&mut rec) {
                Ok(true) => {}
                Ok(false) => return write_window(out, &head, true),
                Err(e) => return Err(Fail::Error(Error::io("reading input", e))),
            }
            ctx.advance(rec.input_len() as u64, 0);
            if rec.is_blank() && rec.fault.is_none() {
                if rec.bom {
                    head.extend_from_slice(BOM);
                }
                head.extend_from_slice(rec.terminator);
                continue;
            }
            let l = Layout::new(&rec, self.opts)?;
            l.write_header(&rec, &mut head);
            break l;
        };
        write_window(out, &head, false)?;
        let layout = &layout;
        let produce = move |out: &mut Outbox<CsvJob>| loop {
            let mut rec = RawRecord::default();
            match reader.read_record(&mut rec) {
                Ok(true) => {
                    if !out.send(Ok(CsvJob { rec, fault: None, cells: Vec::new() }), reader.has_buffered()) {
                        return;
                    }
                }
                Ok(false) => return,
                Err(e) => {
                    out.send(Err(Error::io("reading input", e)), false);
                    return;
                }
            }
        };
        let analyze = |jobs: &mut [CsvJob]| {
            jobs.par_iter_mut().with_max_len(1).for_each(|job| {
                self.caches.with(|cache| {
                    if job.rec.is_blank() && job.rec.fault.is_none() {
                        return;
                    }
                    if let Some(f) = &job.rec.fault {
                        job.fault = Some(f.clone());
                        return;
                    }
                    if job.rec.fields.len() != layout.roles.len() {
                        job.fault =
                            Some(RecordFault::FieldCount { expected: layout.roles.len(), found: job.rec.fields.len() });
                        return;
                    }
                    let mut value = Vec::new();
                    for (col, role) in layout.roles.iter().enumerate() {
                        if !matches!(role, Role::Text | Role::Pseudo(_)) {
                            continue;
                        }
                        value.clear();
                        job.rec.value_into(col, &mut value);
                        let text = match String::from_utf8(std::mem::take(&mut value)) {
                            Ok(t) => t,
                            Err(e) if lossy => String::from_utf8_lossy(e.as_bytes()).into_owned(),
                            Err(e) => {
                                job.fault = Some(RecordFault::InvalidUtf8 {
                                    field: col + 1,
                                    offset: e.utf8_error().valid_up_to(),
                                });
                                return;
                            }
                        };
                        let analysis = if matches!(role, Role::Text) {
                            match ValueAnalysis::new(redactor, &text, cache) {
                                Ok(a) => Some(a),
                                Err(_) => {
                                    *cache = Default::default();
                                    job.fault = Some(RecordFault::Internal);
                                    return;
                                }
                            }
                        } else {
                            None
                        };
                        job.cells.push(Cell { col, text, analysis });
                    }
                })
            });
        };
        let mut number = 0u64;
        let mut buf: Vec<u8> = Vec::new();
        let finish = |jobs: Vec<CsvJob>, flush: bool| -> Result<(), Fail> {
            buf.clear();
            let in_bytes: u64 = jobs.iter().map(|j| j.rec.input_len() as u64).sum();
            let first_number = number;
            // Number the records and lend each the scope it belongs to (in input order).
            let mut lent = Lent::default();
            let mut rows: Vec<CsvRow> = Vec::with_capacity(jobs.len());
            let mut slots = Vec::with_capacity(jobs.len());
            for job in jobs {
                let blank = job.rec.is_blank() && job.fault.is_none();
                let mut row = CsvRow { job, number: 0, outcome: Row::Ok, line: None };
                let mut slot = None;
                if !blank {
                    number += 1;
                    row.number = number;
                    row.outcome = match &row.job.fault {
                        Some(f) if f.is_structural() => Row::Structural,
                        Some(_) => Row::Content,
                        None => Row::Ok,
                    };
                    if row.job.fault.is_none() {
                        let key = layout.scope.map(|c| row.job.rec.value(c));
                        slot = Some(scopes.lend(number, key.as_deref(), &mut lent));
                    }
                }
                rows.push(row);
                slots.push(slot);
            }
            let (rows, counts) = self.finish_in_scopes(rows, &slots, &mut lent, |row, scope, recheck, counts| {
                let values = self.finish_csv_row(layout, row, scope, recheck, counts);
                // Written and freed here, on the pool, not on the thread that keeps the order.
                let mut line = Vec::new();
                layout.write_row(&row.job.rec, &values, row.outcome, &mut line);
                row.line = Some(line);
                row.job.cells = Vec::new();
            });
            ctx.rep.counts.merge(&counts);
            scopes.restore(lent);
            // Write the rows in input order.
            for mut row in rows {
                let rec = &row.job.rec;
                if row.number == 0 {
                    buf.extend_from_slice(rec.terminator);
                    continue;
                }
                ctx.rep.records_in += 1;
                if let Some(fault) = row.job.fault.take() {
                    ctx.record_error(row.number, rec.line, fault)?;
                }
                match &row.line {
                    Some(line) => buf.extend_from_slice(line),
                    None => layout.write_row(rec, &vec![None; layout.roles.len()], row.outcome, &mut buf),
                }
                ctx.rep.records_out += 1;
            }
            ctx.advance(in_bytes, number - first_number);
            write_window(out, &buf, flush)
        };
        self.drive(produce, |j: &CsvJob| j.rec.input_len(), analyze, finish)
    }

    /// The parallel part of a window's finish stage: runs `work` on every record that has a
    /// scope (`slots[i]`, lent by [`Scopes::lend`]) on the pool, the records of different
    /// scopes in parallel and those of one scope in input order, so the bytes do not depend
    /// on the number of threads. Returns the records in input order and what they counted.
    fn finish_in_scopes<R: Send>(
        &self,
        records: Vec<R>,
        slots: &[Option<usize>],
        lent: &mut Lent,
        work: impl Fn(&mut R, &mut Scope, &mut Recheck, &mut Counts) + Sync,
    ) -> (Vec<R>, Counts) {
        let n = records.len();
        let mut groups: Vec<Vec<(usize, R)>> = (0..lent.scopes.len()).map(|_| Vec::new()).collect();
        let mut done: Vec<Option<R>> = Vec::with_capacity(n);
        for (i, (r, slot)) in records.into_iter().zip(slots).enumerate() {
            match slot {
                Some(k) => {
                    groups[*k].push((i, r));
                    done.push(None);
                }
                None => done.push(Some(r)),
            }
        }
        // The largest groups first: the window ends when its last group does, and the small
        // ones fill the gaps at the end (longest first). One group a task.
        let mut order: Vec<(&mut Vec<(usize, R)>, &mut Scope)> =
            groups.iter_mut().zip(lent.scopes.iter_mut()).collect();
        order.sort_by_key(|(group, _)| std::cmp::Reverse(group.len()));
        let counts: Vec<Counts> = order
            .into_par_iter()
            .with_max_len(1)
            .map(|(group, scope)| {
                self.rechecks.with(|recheck| {
                    let mut counts = Counts::default();
                    for (_, r) in group.iter_mut() {
                        work(r, scope, recheck, &mut counts);
                    }
                    counts
                })
            })
            .collect();
        for (i, r) in groups.into_iter().flatten() {
            done[i] = Some(r);
        }
        let mut total = Counts::default();
        for c in &counts {
            total.merge(c);
        }
        (done.into_iter().flatten().collect(), total)
    }

    /// Finishes one CSV record in its scope: the structured cells first (they anchor the
    /// people of the record), then the text cells. Returns the rendered cells by column. A
    /// panic marks the record failed.
    fn finish_csv_row(
        &self,
        layout: &Layout,
        row: &mut CsvRow,
        scope: &mut Scope,
        recheck: &mut Recheck,
        counts: &mut Counts,
    ) -> Vec<Option<String>> {
        let cell_out = &mut String::new();
        let job = &mut row.job;
        let mut values = vec![None; layout.roles.len()];
        for cell in job.cells.iter().filter(|c| c.analysis.is_none()) {
            let Role::Pseudo(kind) = layout.roles[cell.col] else { continue };
            cell_out.clear();
            let done = catch_unwind(AssertUnwindSafe(|| {
                self.pseudonymize(kind, &cell.text, scope, &mut *cell_out, &mut *counts)
            }));
            if done.is_err() {
                row.outcome = Row::Content;
                job.fault = Some(RecordFault::Internal);
                return values;
            }
            values[cell.col] = Some(cell_out.clone());
        }
        for cell in job.cells.iter_mut() {
            let Some(a) = cell.analysis.as_mut() else { continue };
            cell_out.clear();
            if a.finish(self.redactor, &cell.text, scope, recheck, cell_out, counts).is_err() {
                row.outcome = Row::Content;
                job.fault = Some(RecordFault::Internal);
                return values;
            }
            values[cell.col] = Some(cell_out.clone());
        }
        values
    }

    /// Renders one `--pseudonymize-column` cell: the whole (trimmed) cell is one value of
    /// `kind`, replaced as the free text would replace it in the same scope.
    fn pseudonymize(&self, kind: Kind, value: &str, scope: &mut Scope, out: &mut String, counts: &mut Counts) {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            out.push_str(value);
            return;
        }
        let lead = value.len() - value.trim_start().len();
        out.push_str(&value[..lead]);
        match kind {
            Kind::Age if trimmed.parse::<u32>().is_ok_and(|a| a <= 89) => out.push_str(trimmed),
            _ => {
                let start = if kind == Kind::Name { title_len(trimmed) } else { 0 };
                out.push_str(&trimmed[..start]);
                let c = Candidate::new(start, trimmed.len(), kind, "column", "pseudonymize-column", 0);
                let lex = self.redactor.lexicon();
                replacement(&c, trimmed, &trimmed[start..], scope, self.redactor.config(), lex, out);
                counts.add(kind, "column");
            }
        }
        out.push_str(&value[lead + trimmed.len()..]);
    }

    // ---- JSONL --------------------------------------------------------------------------

    fn jsonl<W: Write>(&self, src: Source, out: &mut W, ctx: &mut Ctx, scopes: &mut Scopes) -> Result<(), Fail> {
        let redactor = self.redactor;
        let lossy = self.opts.lossy;
        let fields: Vec<Vec<String>> = self.opts.fields.iter().map(|f| jsonl::parse_path(f)).collect();
        let scope_path = self.opts.scope_field.as_deref().map(jsonl::parse_path);
        let mut number = 0u64;
        let mut buf: Vec<u8> = Vec::new();
        let mut seen = vec![false; fields.len()];
        let produce = move |out: &mut Outbox<JsonJob>| {
            let mut reader = LineReader::new(src);
            loop {
                let mut line = RawLine::default();
                match reader.read_line(&mut line) {
                    Ok(true) => {
                        let job = JsonJob {
                            line,
                            text: None,
                            fault: None,
                            ranges: Vec::new(),
                            leaves: Vec::new(),
                            key: None,
                            matched: Vec::new(),
                        };
                        if !out.send(Ok(job), reader.has_buffered()) {
                            return;
                        }
                    }
                    Ok(false) => return,
                    Err(e) => {
                        out.send(Err(Error::io("reading input", e)), false);
                        return;
                    }
                }
            }
        };
        let (fields, scope_path) = (&fields, &scope_path);
        let analyze = |jobs: &mut [JsonJob]| {
            jobs.par_iter_mut().with_max_len(1).for_each(|job| {
                self.caches.with(|cache| {
                    if job.line.fault.is_some() {
                        job.fault = job.line.fault.clone();
                        return;
                    }
                    if job.line.is_blank() {
                        return;
                    }
                    let text = match std::str::from_utf8(&job.line.bytes) {
                        Ok(t) => t.to_string(),
                        Err(_) if lossy => String::from_utf8_lossy(&job.line.bytes).into_owned(),
                        Err(e) => {
                            job.fault = Some(RecordFault::InvalidUtf8 { field: 0, offset: e.valid_up_to() });
                            return;
                        }
                    };
                    let raw = match jsonl::validate(&text) {
                        Ok(r) => r,
                        Err(f) => {
                            job.fault = Some(f);
                            return;
                        }
                    };
                    let mut ranges: Vec<Range<usize>> = Vec::new();
                    if fields.is_empty() {
                        jsonl::select(&text, raw, &[], &mut ranges);
                    } else {
                        for f in fields {
                            let before = ranges.len();
                            jsonl::select(&text, raw, f, &mut ranges);
                            job.matched.push(ranges.len() > before);
                        }
                    }
                    ranges.sort_by_key(|r| r.start);
                    ranges.dedup();
                    job.key = scope_path.as_ref().and_then(|p| jsonl::scope_key(raw, p));
                    job.ranges.clone_from(&ranges);
                    for r in ranges {
                        let Ok(s) = serde_json::from_str::<String>(&text[r.clone()]) else {
                            job.fault = Some(RecordFault::InvalidJson { column: r.start + 1 });
                            return;
                        };
                        match ValueAnalysis::new(redactor, &s, cache) {
                            Ok(a) => job.leaves.push(Leaf { range: r, text: s, analysis: a }),
                            Err(_) => {
                                *cache = Default::default();
                                job.fault = Some(RecordFault::Internal);
                                break;
                            }
                        }
                    }
                    job.text = Some(text);
                })
            });
        };
        let finish = |jobs: Vec<JsonJob>, flush: bool| -> Result<(), Fail> {
            buf.clear();
            let in_bytes: u64 = jobs.iter().map(|j| (j.line.bytes.len() + j.line.terminator.len()) as u64).sum();
            let first_number = number;
            // Number the records and lend each the scope it belongs to (in input order).
            let mut lent = Lent::default();
            let mut rows: Vec<JsonRow> = Vec::with_capacity(jobs.len());
            let mut slots = Vec::with_capacity(jobs.len());
            for job in jobs {
                let mut row = JsonRow { job, number: 0, edits: Vec::new(), failed_leaves: false };
                let mut slot = None;
                if row.job.fault.is_some() || !row.job.line.is_blank() {
                    number += 1;
                    row.number = number;
                    // A path counts as seen when it reached a string, or when its last key is
                    // in the record at all (a null note is not a misspelt --field).
                    for ((seen, &m), path) in seen.iter_mut().zip(&row.job.matched).zip(self.opts.fields.iter()) {
                        *seen |= m || key_present(&row.job.line.bytes, path);
                    }
                    row.failed_leaves = row.job.fault.as_ref().is_some_and(|f| !f.is_structural());
                    if row.job.fault.is_none() {
                        slot = Some(scopes.lend(number, row.job.key.as_deref(), &mut lent));
                    }
                }
                rows.push(row);
                slots.push(slot);
            }
            let (rows, counts) = self.finish_in_scopes(rows, &slots, &mut lent, |row, scope, recheck, counts| {
                let mut leaf_out = String::new();
                for leaf in row.job.leaves.iter_mut() {
                    leaf_out.clear();
                    if leaf.analysis.finish(redactor, &leaf.text, scope, recheck, &mut leaf_out, counts).is_err() {
                        row.job.fault = Some(RecordFault::Internal);
                        row.failed_leaves = true;
                        return;
                    }
                    if leaf_out != leaf.text {
                        let mut enc = Vec::with_capacity(leaf_out.len() + 2);
                        encode_str(&mut enc, &leaf_out);
                        row.edits.push((leaf.range.clone(), enc));
                    }
                }
                // Freed here, on the pool, not on the thread that keeps the order.
                row.job.leaves = Vec::new();
            });
            ctx.rep.counts.merge(&counts);
            scopes.restore(lent);
            // Write the lines in input order.
            for mut row in rows {
                let job = &mut row.job;
                if row.number == 0 {
                    buf.extend_from_slice(&job.line.bytes);
                    buf.extend_from_slice(job.line.terminator);
                    continue;
                }
                ctx.rep.records_in += 1;
                if row.failed_leaves {
                    // Every selected string, analysed or not, becomes the marker.
                    row.edits = job
                        .ranges
                        .iter()
                        .map(|r| {
                            let mut enc = Vec::new();
                            encode_str(&mut enc, FAILED);
                            (r.clone(), enc)
                        })
                        .collect();
                }
                match (&job.fault, &job.text) {
                    (Some(f), _) if f.is_structural() => buf.extend_from_slice(FAILED_LINE.as_bytes()),
                    (_, Some(text)) => splice(&mut buf, text.as_bytes(), &row.edits),
                    (_, None) => buf.extend_from_slice(FAILED_LINE.as_bytes()),
                }
                buf.extend_from_slice(job.line.terminator);
                ctx.rep.records_out += 1;
                if let Some(fault) = job.fault.take() {
                    ctx.record_error(row.number, job.line.line, fault)?;
                }
            }
            ctx.advance(in_bytes, number - first_number);
            write_window(out, &buf, flush)
        };
        self.drive(produce, |j: &JsonJob| j.line.bytes.len() + 1, analyze, finish)?;
        // A path that reached nothing in a whole file is most likely misspelt: its values,
        // if any, went out as they were. Fail closed: the file counts as an error (exit 2).
        if number > 0 {
            for (path, _) in self.opts.fields.iter().zip(&seen).filter(|(_, s)| !**s) {
                let e = Error::Usage(format!("--field {path:?} matched no string in any record (misspelt?)"));
                ctx.obs.error(ctx.name, &e);
                ctx.rep.push_error(&e);
                ctx.rep.unmatched_field = true;
            }
        }
        Ok(())
    }

    // ---- the record pipeline -------------------------------------------------------------

    /// The record pipeline. `produce` runs on a reader thread and sends records over a
    /// bounded channel, in batches ([`Outbox`]); they are taken in windows of at most
    /// [`Options::window`] records or [`WINDOW_BYTES`] bytes. `analyze` (stateless,
    /// parallel) prepares window k+1 on the worker threads while `finish` (sequential:
    /// codes, output) handles window k on this thread, in input order. When no more input
    /// is waiting, the pending window is finished at once and `finish` is told to flush: a
    /// driver that writes one record and waits for its answer gets it.
    fn drive<T, P, A, F>(&self, produce: P, weight: fn(&T) -> usize, analyze: A, mut finish: F) -> Result<(), Fail>
    where
        T: Send + 'static,
        P: FnOnce(&mut Outbox<T>) + Send + 'static,
        A: Fn(&mut [T]) + Sync,
        F: FnMut(Vec<T>, bool) -> Result<(), Fail>,
    {
        let window_len = self.opts.window.max(1);
        let (tx, rx) = sync_channel::<Vec<Result<T, Error>>>(window_len.div_ceil(OUTBOX_BATCH));
        let reader = std::thread::Builder::new()
            .name("phi-redact-reader".into())
            .spawn(move || {
                let mut out = Outbox { tx, batch: Vec::new() };
                produce(&mut out);
                out.flush();
            })
            .map_err(|e| Fail::Error(Error::io("starting the reader thread", e)))?;
        // Records received and not taken into a window yet.
        let mut inbox: VecDeque<Result<T, Error>> = VecDeque::new();
        let mut pending: Option<Vec<T>> = None;
        let mut read_error: Option<Error> = None;
        let mut ended = false;
        let result = loop {
            if self.stop.load(Ordering::Relaxed) {
                break Err(Fail::Stopped);
            }
            // Take what is there; block for the first record only when nothing is pending.
            let mut next = Vec::new();
            if read_error.is_none() {
                let mut bytes = 0usize;
                if pending.is_none() && inbox.is_empty() && !ended {
                    match rx.recv() {
                        Ok(batch) => inbox.extend(batch),
                        Err(_) => ended = true,
                    }
                }
                while read_error.is_none() && next.len() < window_len && bytes < WINDOW_BYTES {
                    let item = match inbox.pop_front() {
                        Some(item) => item,
                        None if ended => break,
                        None => match rx.try_recv() {
                            Ok(batch) => {
                                inbox.extend(batch);
                                continue;
                            }
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => {
                                ended = true;
                                break;
                            }
                        },
                    };
                    match item {
                        Ok(t) => {
                            bytes += weight(&t);
                            next.push(t);
                        }
                        Err(e) => read_error = Some(e),
                    }
                }
            }
            let step = match (pending.take(), next.is_empty()) {
                (Some(done), false) => {
                    // Analyse the next window on the pool while this thread finishes the last.
                    let analyze = &analyze;
                    let next_ref = &mut next;
                    let r = rayon::in_place_scope(|s| {
                        s.spawn(move |_| analyze(next_ref));
                        finish(done, false)
                    });
                    pending = Some(next);
                    r
                }
                (Some(done), true) => finish(done, true),
                (None, false) => {
                    analyze(&mut next);
                    pending = Some(next);
                    Ok(())
                }
                (None, true) => Ok(()),
            };
            if let Err(f) = step {
                break Err(f);
            }
            if pending.is_none() && (read_error.is_some() || ended && inbox.is_empty()) {
                break match read_error.take() {
                    Some(e) => Err(Fail::Error(e)),
                    None => Ok(()),
                };
            }
        };
        drop(rx);
        match result {
            // The reader ended: a panic in it must not pass for the end of the input.
            Ok(()) => reader.join().map_err(|_| Fail::Error(Error::Internal)),
            // On error the reader may be blocked reading standard input: leave it; it stops
            // at its next record, when it finds the channel closed.
            Err(f) => Err(f),
        }
    }
}

/// Most records the reader thread of [`Batch::drive`] sends at once.
const OUTBOX_BATCH: usize = 64;

/// The reader thread's end of [`Batch::drive`]'s channel. Records go in batches: sent one
/// at a time, every record taken from a full channel woke the reader thread, which then
/// took a core from a worker (thousands of wake-ups in a 20 MB CSV with `--jobs 2`).
pub(crate) struct Outbox<T> {
    tx: SyncSender<Vec<Result<T, Error>>>,
    batch: Vec<Result<T, Error>>,
}

impl<T> Outbox<T> {
    /// Queues `item`, and sends the batch when it is full or when `more` is false: no more
    /// input is buffered, so the next read may wait for the source, and what was read must
    /// not wait with it (a driver that writes one record and waits for its answer gets it;
    /// records read before one the source cut in two wait for its second half).
    /// False once the receiving end is gone.
    fn send(&mut self, item: Result<T, Error>, more: bool) -> bool {
        self.batch.push(item);
        if more && self.batch.len() < OUTBOX_BATCH {
            return true;
        }
        self.flush()
    }

    /// Sends what is queued. False once the receiving end is gone.
    fn flush(&mut self) -> bool {
        self.batch.is_empty() || self.tx.send(std::mem::take(&mut self.batch)).is_ok()
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The scope id of a whole input in document scope: its file name (`stdin` for standard
/// input), as the plain command names it, so keyed codes of a file are the same in both.
pub fn document_id(input: &Input) -> String {
    match input {
        Input::Stdin => "stdin".into(),
        Input::File(p) => {
            let name = p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned());
            format!("document:{name}")
        }
    }
}

/// The scopes of one input (see "Scopes" in the module documentation). Ids name scopes for
/// keyed codes: `document:NAME` for a text file, `document:NAME#N` for record N of a CSV or
/// JSONL input, `record:KEY` for the records sharing a scope key, `run` for the run.
struct Scopes<'r> {
    redactor: &'r Redactor,
    doc_id: String,
    run: Option<MutexGuard<'r, Scope>>,
    document: Option<Scope>,
    /// Scope key -> index into `kept`.
    keyed: HashMap<Vec<u8>, usize>,
    /// Scopes of scope keys, in order of first appearance (their memory is kept for the
    /// whole input).
    kept: Vec<(String, Scope)>,
    /// Finished record scopes, kept only for a codebook.
    book: Vec<(String, Scope)>,
    codebook: bool,
}

impl<'r> Scopes<'r> {
    fn new(redactor: &'r Redactor, doc_id: String, run: Option<MutexGuard<'r, Scope>>) -> Scopes<'r> {
        let codebook = redactor.config().codebook;
        Scopes {
            redactor,
            doc_id,
            run,
            document: None,
            keyed: HashMap::new(),
            kept: Vec::new(),
            book: Vec::new(),
            codebook,
        }
    }

    /// The scope of a whole text input.
    fn document(&mut self) -> &mut Scope {
        if let Some(run) = self.run.as_deref_mut() {
            return run;
        }
        self.document.get_or_insert_with(|| self.redactor.new_scope(&self.doc_id))
    }

    /// Moves the scope of record `n` (scope key `key`) into `lent` for one window and
    /// returns its slot there; records of one scope key share a slot (`None` or an empty
    /// key: a scope of its own, `--scope run`: the run's). [`Scopes::restore`] puts the
    /// scopes back.
    fn lend(&mut self, n: u64, key: Option<&[u8]>, lent: &mut Lent) -> usize {
        let home = if self.run.is_some() {
            Home::Run
        } else {
            match key.filter(|k| !k.is_empty()) {
                Some(k) => Home::Kept(match self.keyed.get(k) {
                    Some(&i) => i,
                    None => {
                        let id = format!("record:{}", String::from_utf8_lossy(k));
                        self.kept.push((id.clone(), self.redactor.new_scope(&id)));
                        self.keyed.insert(k.to_vec(), self.kept.len() - 1);
                        self.kept.len() - 1
                    }
                }),
                None => Home::Local(format!("{}#{n}", self.doc_id)),
            }
        };
        let shared = !matches!(home, Home::Local(_));
        if let Some(k) = lent.homes.iter().position(|h| shared && *h == home) {
            return k;
        }
        let scope = match &home {
            Home::Run => std::mem::take(self.run.as_deref_mut().expect("run scope")),
            Home::Kept(i) => std::mem::take(&mut self.kept[*i].1),
            Home::Local(id) => self.redactor.new_scope(id),
        };
        lent.homes.push(home);
        lent.scopes.push(scope);
        lent.scopes.len() - 1
    }

    /// Puts back the scopes of a window (see [`Scopes::lend`]).
    fn restore(&mut self, lent: Lent) {
        for (home, scope) in lent.homes.into_iter().zip(lent.scopes) {
            match home {
                Home::Run => *self.run.as_deref_mut().expect("run scope") = scope,
                Home::Kept(i) => self.kept[i].1 = scope,
                Home::Local(id) => {
                    if self.codebook {
                        self.book.push((id, scope));
                    }
                }
            }
        }
    }

    /// Hands the memory of the input's scopes to the pool to free, unless there is little of
    /// it. An input with a scope per client holds every client's scope to its end: freeing
    /// the 4,609 of the bench CSV took about 90 ms on one thread while the other core had
    /// nothing to do (3% of the run with two jobs). On the pool it overlaps the next input;
    /// after the last one, the process exits without waiting for it.
    /// (A small input's scopes are freed here, on the thread that allocated them.)
    fn free_later(self, pool: &rayon::ThreadPool) {
        let Scopes { document, keyed, kept, .. } = self;
        let (scopes, people) = FREE_LATER;
        if kept.len() >= scopes || document.as_ref().is_some_and(|d| d.people() >= people) {
            pool.spawn(move || drop((document, keyed, kept)));
        }
    }

    /// Every scope of the input with its id, for the codebook.
    fn into_codebook(mut self) -> Vec<(String, Scope)> {
        let mut all = Vec::new();
        if let Some(d) = self.document.take() {
            all.push((self.doc_id.clone(), d));
        }
        all.append(&mut self.book);
        all.append(&mut self.kept);
        all
    }
}

/// Where a scope lent to a window comes from.
#[derive(PartialEq, Eq)]
enum Home {
    Run,
    Kept(usize),
    Local(String),
}

/// The scopes lent to one window of records, by slot.
#[derive(Default)]
struct Lent {
    homes: Vec<Home>,
    scopes: Vec<Scope>,
}

/// A chunk of a text, analysed.
enum Prepared {
    /// Decoded, not analysed yet.
    Decoded(String),
    Ok(String, Analysis),
    /// Not UTF-8 from this offset in the chunk (counting a byte-order mark).
    BadUtf8(usize),
    Panicked,
}

/// True if the start of a file (`head`, at least its first 8 KiB when it has them) has a
/// NUL byte: a file found in a directory that does is skipped as binary.
fn looks_binary(head: &[u8]) -> bool {
    memchr::memchr(0, &head[..head.len().min(8192)]).is_some()
}

/// One chunk of a text in a window.
struct Chunk {
    /// Offset of the chunk in the input.
    offset: u64,
    /// Bytes read (with a byte-order mark).
    len: u64,
    /// The chunk started with a byte-order mark, kept aside from the analysis.
    bom: bool,
    prepared: Prepared,
}

impl Chunk {
    /// The text of a chunk decoded but not analysed yet.
    fn decoded(&self) -> Option<&str> {
        match &self.prepared {
            Prepared::Decoded(t) => Some(t),
            _ => None,
        }
    }
}

/// Most files opened ahead of their reading ([`Batch::open_small`]) at once, by all workers
/// together: each holds a file descriptor, and a machine with many cores must not run out.
const AHEAD_FILES: usize = 256;
/// Files opened ahead now.
static AHEAD_OPEN: AtomicUsize = AtomicUsize::new(0);

/// An input file opened ahead of its reading, counted (in [`AHEAD_OPEN`]) until closed.
struct Ahead(File, &'static AtomicUsize);

impl Ahead {
    /// Opens `path` and asks the system to start reading it (`posix_fadvise(WILLNEED)` on
    /// Linux), unless `limit` files counted by `open` are open already or it cannot be
    /// opened.
    fn open(path: &Path, open: &'static AtomicUsize, limit: usize) -> Option<Ahead> {
        if open.fetch_add(1, Ordering::Relaxed) >= limit {
            open.fetch_sub(1, Ordering::Relaxed);
            return None;
        }
        let Ok(file) = File::open(path) else {
            open.fetch_sub(1, Ordering::Relaxed);
            return None;
        };
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            // SAFETY: posix_fadvise only reads the descriptor, which `file` keeps open; it is
            // advice, and its result does not matter.
            unsafe {
                libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_WILLNEED);
            }
        }
        Some(Ahead(file, open))
    }
}

impl Drop for Ahead {
    fn drop(&mut self) {
        self.1.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Where the chunks of a text input come from.
enum Feed {
    /// A reader: chunks are read and analysed window by window.
    Reader(Source),
    /// The whole input, read and analysed ahead (a small file of a group, see [`Batch::files`]).
    Ready(Window),
}

/// Chunks read and analysed together, and whether the input ended after them.
struct Window {
    chunks: Vec<Chunk>,
    /// `Some` once the input ended after these chunks: at its end, or at a read error.
    end: Option<Result<(), Error>>,
}

/// How many chunks of a window were finished, and why the rest were not.
struct Finished {
    done: usize,
    fail: Option<Fail>,
}

/// Per-file state shared by the record loops.
struct Ctx<'r> {
    rep: &'r mut FileReport,
    obs: &'r dyn Observer,
    name: &'r str,
    fail_fast: bool,
    stop: &'r AtomicBool,
}

impl Ctx<'_> {
    fn advance(&mut self, bytes: u64, records: u64) {
        self.rep.bytes_in += bytes;
        self.obs.advance(bytes, records);
    }

    /// Reports a failed record; with `--fail-fast`, stops the run.
    fn record_error(&mut self, record: u64, line: u64, fault: RecordFault) -> Result<(), Fail> {
        let e = Error::Record { record, line, fault };
        self.obs.error(self.name, &e);
        self.rep.push_error(&e);
        self.rep.records_failed += 1;
        if self.fail_fast {
            self.stop.store(true, Ordering::Relaxed);
            return Err(Fail::Reported);
        }
        Ok(())
    }
}

fn write_window<W: Write>(out: &mut W, buf: &[u8], idle: bool) -> Result<(), Fail> {
    out.write_all(buf).map_err(|e| Fail::Output(Error::io("writing output", e)))?;
    if idle {
        out.flush().map_err(|e| Fail::Output(Error::io("writing output", e)))?;
    }
    Ok(())
}

fn count(counts: &mut Counts, a: &Analysis) {
    // Tallied by kind and detector first (a text has a handful of pairs, found by a short
    // scan), then added to the maps once a pair: two map look-ups a span, comparing
    // strings, cost about 400 instructions.
    let mut tally: Vec<(Kind, &'static str, u64)> = Vec::new();
    for c in a.candidates().iter().filter(|c| c.kind != Kind::Protected) {
        match tally.iter_mut().find(|(k, d, _)| *k == c.kind && *d == c.detector) {
            Some((_, _, n)) => *n += 1,
            None => tally.push((c.kind, c.detector, 1)),
        }
    }
    for (kind, detector, n) in tally {
        counts.add_n(kind, detector, n);
    }
}

/// Length of a leading title ("Mr. ", "Dr ") in a name cell, if a name follows it.
fn title_len(s: &str) -> usize {
    let word_end = s.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(s.len());
    let word = s[..word_end].to_ascii_lowercase();
    if !matches!(word.as_str(), "mr" | "mrs" | "ms" | "miss" | "mx" | "dr" | "mister" | "missus" | "prof") {
        return 0;
    }
    let rest = &s[word_end..];
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let after = rest.trim_start();
    if after.len() == rest.len() || after.is_empty() {
        return 0;
    }
    s.len() - after.len()
}

impl RecordFault {
    /// True when the record could not be split into its fields (CSV) or read as JSON at
    /// all: nothing of it can be trusted to be in its place.
    pub fn is_structural(&self) -> bool {
        !matches!(self, RecordFault::Internal | RecordFault::InvalidUtf8 { field: 1.., .. })
    }
}

// ---- CSV layout ----------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Pass,
    Text,
    Drop,
    Pseudo(Kind),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    Ok,
    /// Cells to redact become the marker; pass-through cells stay.
    Content,
    /// Every cell becomes the marker.
    Structural,
}

struct Layout {
    roles: Vec<Role>,
    scope: Option<usize>,
    delimiter: u8,
    bom: bool,
}

struct CsvJob {
    rec: RawRecord,
    fault: Option<RecordFault>,
    cells: Vec<Cell>,
}

/// A CSV record in the finish stage: its number (0 for a blank line), its outcome and, once
/// finished in its scope, its output line.
struct CsvRow {
    job: CsvJob,
    number: u64,
    outcome: Row,
    line: Option<Vec<u8>>,
}

struct Cell {
    col: usize,
    text: String,
    /// `None` for a pseudonymized cell.
    analysis: Option<ValueAnalysis>,
}

/// A value analysed in the parallel stage, or one too large for that: a value over
/// [`CHUNK_TARGET`] is analysed piece by piece in the finish stage, so that its memory is
/// bounded (a 10 MB CSV cell costs its text, not 20 times its text).
enum ValueAnalysis {
    Done(Analysis),
    Large,
}

impl ValueAnalysis {
    /// Analyses `text` (the parallel stage). Err if a detector panicked.
    fn new(redactor: &Redactor, text: &str, cache: &mut LookupCache) -> std::thread::Result<ValueAnalysis> {
        if text.len() > CHUNK_TARGET {
            return Ok(ValueAnalysis::Large);
        }
        catch_unwind(AssertUnwindSafe(|| redactor.analyze(text, cache))).map(ValueAnalysis::Done)
    }

    /// Renders `text` into `out` within `scope` and counts what was found (the sequential
    /// stage). Err if a stage panicked; `out` then holds part of the output and must be
    /// discarded.
    fn finish(
        &mut self,
        redactor: &Redactor,
        text: &str,
        scope: &mut Scope,
        recheck: &mut Recheck,
        out: &mut String,
        counts: &mut Counts,
    ) -> std::thread::Result<()> {
        catch_unwind(AssertUnwindSafe(|| match self {
            ValueAnalysis::Done(a) => {
                redactor.finish(text, a, scope, recheck, out, None);
                count(counts, a);
            }
            ValueAnalysis::Large => {
                redactor.redact_pieces(text, scope, &mut Workspace::new(), out, |a| count(counts, a));
            }
        }))
    }
}

struct JsonJob {
    line: RawLine,
    text: Option<String>,
    fault: Option<RecordFault>,
    /// Every selected string of the line (all of them become the marker on a failure).
    ranges: Vec<Range<usize>>,
    leaves: Vec<Leaf>,
    key: Option<Vec<u8>>,
    /// Per `--field` path: it reached at least one string in this record.
    matched: Vec<bool>,
}

/// A JSONL record in the finish stage: its number (0 for a blank line), the edits of its
/// rendered strings, and whether its strings become the marker.
struct JsonRow {
    job: JsonJob,
    number: u64,
    edits: Vec<(Range<usize>, Vec<u8>)>,
    failed_leaves: bool,
}

struct Leaf {
    range: Range<usize>,
    text: String,
    analysis: ValueAnalysis,
}

impl Layout {
    fn new(header: &RawRecord, opts: &Options) -> Result<Layout, Fail> {
        if let Some(fault) = header.fault.clone() {
            return Err(Fail::Error(Error::Record { record: 0, line: header.line, fault }));
        }
        let names: Vec<Vec<u8>> = (0..header.fields.len()).map(|i| header.value(i)).collect();
        let find = |name: &str| -> Result<Vec<usize>, Fail> {
            let cols: Vec<usize> =
                names.iter().enumerate().filter(|(_, n)| n == &name.as_bytes()).map(|(i, _)| i).collect();
            if cols.is_empty() {
                return Err(Fail::Error(Error::NoSuchColumn { name: name.to_string() }));
            }
            Ok(cols)
        };
        let default = if opts.columns.is_empty() { Role::Text } else { Role::Pass };
        let mut roles = vec![default; names.len()];
        for c in &opts.columns {
            for i in find(c)? {
                roles[i] = Role::Text;
            }
        }
        for (c, kind) in &opts.pseudonymize {
            for i in find(c)? {
                roles[i] = Role::Pseudo(*kind);
            }
        }
        for c in &opts.drop_columns {
            for i in find(c)? {
                roles[i] = Role::Drop;
            }
        }
        let scope = match &opts.scope_column {
            Some(c) => Some(find(c)?[0]),
            None => None,
        };
        Ok(Layout { roles, scope, delimiter: opts.delimiter, bom: header.bom })
    }

    fn write_header(&self, header: &RawRecord, buf: &mut Vec<u8>) {
        if self.bom {
            buf.extend_from_slice(BOM);
        }
        let mut first = true;
        for (col, role) in self.roles.iter().enumerate() {
            let raw = header.raw_field(col);
            if *role == Role::Drop {
                continue;
            }
            if !first {
                buf.push(self.delimiter);
            }
            first = false;
            buf.extend_from_slice(raw);
        }
        buf.extend_from_slice(header.terminator);
    }

    fn write_row(&self, rec: &RawRecord, values: &[Option<String>], outcome: Row, buf: &mut Vec<u8>) {
        let mut first = true;
        for (col, role) in self.roles.iter().enumerate() {
            if *role == Role::Drop {
                continue;
            }
            if !first {
                buf.push(self.delimiter);
            }
            first = false;
            let quoted = rec.fields.get(col).is_some_and(|f| f.quoted);
            match (outcome, role) {
                (Row::Structural, _) => write_field(buf, FAILED.as_bytes(), false, self.delimiter),
                (_, Role::Pass) => buf.extend_from_slice(rec.raw_field(col)),
                (Row::Content, _) => write_field(buf, FAILED.as_bytes(), quoted, self.delimiter),
                (Row::Ok, _) => {
                    let v = values[col].as_deref().unwrap_or(FAILED);
                    write_field(buf, v.as_bytes(), quoted, self.delimiter);
                }
            }
        }
        buf.extend_from_slice(rec.terminator);
    }
}

/// True if the last key of a `--field` path (`note` of `visit.note`) appears as a JSON key
/// (`"note"`) in the raw line: the field exists even if its value is null.
fn key_present(line: &[u8], path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    let needle = format!("\"{last}\"");
    memchr::memmem::find(line, needle.as_bytes()).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_text_files_are_grouped_within_the_caps_and_everything_else_goes_alone() {
        let task = |name: &str, format: Format, size: u64| Task {
            input: Input::File(PathBuf::from(name)),
            output: Some(PathBuf::from("out").join(name)),
            format,
            in_directory: true,
            size: Some(size),
            skip: None,
        };
        let mut tasks: Vec<Task> = (0..50).map(|i| task(&format!("{i}.txt"), Format::Text, 1_000)).collect();
        tasks[5] = task("big.txt", Format::Text, SMALL_FILE + 1);
        tasks[6] = task("a.csv", Format::Csv, 10);
        tasks[7].skip = Some("symbolic link (not followed)");
        tasks[8].size = None;
        tasks.push(Task { input: Input::Stdin, ..task("-", Format::Text, 10) });
        // the bytes cap: two files of 60 KiB fit in a group, a third does not
        tasks.extend((0..3).map(|i| task(&format!("m{i}.txt"), Format::Text, 60 << 10)));
        // 54 tasks, one worker: groups of at most 54 / 4 = 13 files
        let g = groups(&tasks, 1);
        let expected = [0..5, 5..6, 6..7, 7..8, 8..9, 9..22, 22..35, 35..48, 48..50, 50..51, 51..53, 53..54];
        assert_eq!(g, expected);
        // many tasks: at most GROUP_SMALL.0 files a group
        let many: Vec<Task> = (0..200).map(|i| task(&format!("{i}.txt"), Format::Text, 100)).collect();
        assert!(groups(&many, 1).iter().all(|r| r.len() == GROUP_SMALL.0 || r.end == 200));
        assert_eq!(groups(&many, 1)[0], 0..GROUP_SMALL.0);
        // 54 tasks and 2 workers: groups of at most 54 / 8 = 6 files, so both stay busy
        let two = groups(&tasks, 2);
        assert!(two.iter().all(|r| r.len() <= 6), "{two:?}");
        assert_eq!(two[..3], [0..5, 5..6, 6..7]);
        assert_eq!(groups(&tasks[..3], 8), [0..1, 1..2, 2..3], "fewer tasks than workers: one a group");
        assert_eq!(g.iter().map(|r| r.len()).sum::<usize>(), tasks.len(), "every task once, in order");
        assert!(g.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn a_walk_on_several_threads_lists_files_in_name_order_depth_first() {
        // Files and directories interleave by name, at every depth; the output directory
        // inside the input is left out, a symbolic link is listed as skipped.
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        let mut expected = Vec::new();
        for a in ["a", "b", "c"] {
            fs::create_dir_all(root.join(a)).unwrap();
            for (i, b) in ["0.txt", "m", "z.txt"].iter().enumerate() {
                let p = root.join(a).join(b);
                if i == 1 {
                    fs::create_dir(&p).unwrap();
                    for f in 0..40 {
                        fs::write(p.join(format!("{f:02}.txt")), "x").unwrap();
                        expected.push(format!("{a}/{b}/{f:02}.txt"));
                    }
                } else {
                    fs::write(&p, "x").unwrap();
                    expected.push(format!("{a}/{b}"));
                }
            }
            fs::write(root.join(format!("{a}.txt")), "x").unwrap();
            expected.push(format!("{a}.txt"));
        }
        std::os::unix::fs::symlink(root.join("a.txt"), root.join("d.link")).unwrap();
        expected.push("d.link".into());
        let out = root.join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("old.txt"), "x").unwrap();
        let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        let tasks = pool.install(|| plan(std::slice::from_ref(&root), Some(&out), &Options::default())).unwrap();
        let listed: Vec<String> = tasks
            .iter()
            .map(|t| match &t.input {
                Input::File(p) => p.strip_prefix(&root).unwrap().display().to_string(),
                Input::Stdin => unreachable!(),
            })
            .collect();
        assert_eq!(listed, expected);
        assert_eq!(tasks.iter().filter(|t| t.skip.is_some()).count(), 1);
        assert!(tasks.iter().all(|t| t.output.as_deref().is_some_and(|o| o.starts_with(&out))));
    }

    #[test]
    fn files_opened_ahead_are_counted_and_capped() {
        static OPEN: AtomicUsize = AtomicUsize::new(0);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("note.txt");
        fs::write(&path, "note").unwrap();
        let a = Ahead::open(&path, &OPEN, 2).expect("first");
        let b = Ahead::open(&path, &OPEN, 2).expect("second");
        assert!(Ahead::open(&path, &OPEN, 2).is_none(), "over the cap: left to the usual path");
        assert!(Ahead::open(&dir.path().join("missing"), &OPEN, 3).is_none());
        assert_eq!(OPEN.load(Ordering::Relaxed), 2, "a refused or failed open is not counted");
        drop(a);
        let c = Ahead::open(&path, &OPEN, 2).expect("a closed one frees its place");
        let mut text = String::new();
        (&c.0).read_to_string(&mut text).unwrap();
        assert_eq!(text, "note");
        drop((b, c));
        assert_eq!(OPEN.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn titles_are_recognised_only_before_a_name() {
        assert_eq!(title_len("Mr. John Smith"), 4);
        assert_eq!(title_len("Dr Jones"), 3);
        assert_eq!(title_len("Mr."), 0);
        assert_eq!(title_len("Mrsomething Else"), 0);
        assert_eq!(title_len("Maria Lopez"), 0);
    }

    #[test]
    fn kinds_parse() {
        assert_eq!(parse_kind("NAME"), Some(Kind::Name));
        assert_eq!(parse_kind("dob"), Some(Kind::Date));
        assert_eq!(parse_kind("protected"), None);
    }

    #[test]
    fn options_reject_a_column_in_two_roles() {
        let opts = Options { columns: vec!["note".into()], drop_columns: vec!["note".into()], ..Options::default() };
        assert!(matches!(opts.validate(), Err(Error::Usage(_))));
        assert!(Options::default().validate().is_ok());
    }
}
