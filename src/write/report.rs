//! The JSON audit report of a batch run (`--report FILE.json`).
//!
//! What it holds: the tool and its version, a digest of the policy (settings and lists),
//! start and end times, the inputs and outputs, per-file and total counts of replaced spans
//! per kind and per detector, records in and out, and the errors (file, record, line, kind
//! of problem). What it never holds: note text, names, codes, or which code stands for whom.
//! Paths are written as given: name input files without PHI.

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::error::Error;
use crate::span::Kind;

/// The most errors listed per file; past that they are only counted.
pub const MAX_ERRORS_LISTED: usize = 1000;

/// Counts of replaced spans.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All replaced spans.
    pub spans: u64,
    /// Per kind (`NAME`, `DATE`, `CITY`...).
    pub by_kind: BTreeMap<&'static str, u64>,
    /// Per detector (its registry name; `column` for `--pseudonymize-column` cells).
    pub by_detector: BTreeMap<&'static str, u64>,
}

impl Counts {
    /// Counts one replaced span.
    pub fn add(&mut self, kind: Kind, detector: &'static str) {
        self.add_n(kind, detector, 1);
    }

    /// Counts `n` replaced spans of one kind, found by one detector.
    pub fn add_n(&mut self, kind: Kind, detector: &'static str, n: u64) {
        self.spans += n;
        *self.by_kind.entry(kind.label()).or_default() += n;
        *self.by_detector.entry(detector).or_default() += n;
    }

    /// Adds `other` to these counts.
    pub fn merge(&mut self, other: &Counts) {
        self.spans += other.spans;
        for (k, v) in &other.by_kind {
            *self.by_kind.entry(k).or_default() += v;
        }
        for (k, v) in &other.by_detector {
            *self.by_detector.entry(k).or_default() += v;
        }
    }
}

/// What became of one input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Processed; every record was redacted.
    Ok,
    /// Processed to the end, but some records failed and were replaced by the marker.
    Partial,
    /// Not processed or stopped half-way: no output file was left.
    Failed,
    /// Left out on purpose (a binary file found in a directory).
    Skipped,
    /// Not started: `--fail-fast` stopped the run after an error elsewhere.
    NotProcessed,
}

/// One error, located. The message names the kind of problem, never content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// 1-based record number (CSV data row or JSONL line), if the error is about a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    /// 1-based input line where the record starts, if known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// What is wrong.
    pub message: String,
}

impl ErrorEntry {
    /// The entry for an error.
    pub fn from_error(e: &Error) -> ErrorEntry {
        match e {
            Error::Record { record, line, fault } => {
                ErrorEntry { record: Some(*record), line: Some(*line), message: fault.to_string() }
            }
            e => ErrorEntry { record: None, line: None, message: e.to_string() },
        }
    }
}

/// The report of one input.
#[derive(Clone, Debug, Serialize)]
pub struct FileReport {
    /// The input as named in messages (`<stdin>` for standard input).
    pub input: String,
    /// The output file (absent when writing to standard output, or when none was left).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// `text`, `csv` or `jsonl`.
    pub format: &'static str,
    /// What became of it.
    pub status: Status,
    /// Why it was skipped or not processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// CSV data rows or JSONL records read (blank lines are not records); 0 for text.
    pub records_in: u64,
    /// CSV data rows or JSONL records written (each failed record as its marker).
    pub records_out: u64,
    /// Records written as the failure marker.
    pub records_failed: u64,
    /// A `--field` path matched nothing in the whole file (most likely misspelt).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unmatched_field: bool,
    /// For CSV and JSONL inputs that were processed to the end: records in == records out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_match: Option<bool>,
    /// Replaced spans.
    pub counts: Counts,
    /// Errors, in input order (at most [`MAX_ERRORS_LISTED`]).
    pub errors: Vec<ErrorEntry>,
    /// Errors not listed because of the limit.
    #[serde(skip_serializing_if = "is_zero")]
    pub errors_not_listed: u64,
    /// Warnings (e.g. a `--field` path that matched nothing).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl FileReport {
    /// An empty report for `input`.
    pub fn new(input: String, output: Option<String>, format: &'static str) -> FileReport {
        FileReport {
            input,
            output,
            format,
            status: Status::Ok,
            reason: None,
            bytes_in: 0,
            bytes_out: 0,
            records_in: 0,
            records_out: 0,
            records_failed: 0,
            unmatched_field: false,
            records_match: None,
            counts: Counts::default(),
            errors: Vec::new(),
            errors_not_listed: 0,
            warnings: Vec::new(),
        }
    }

    /// Records an error.
    pub fn push_error(&mut self, e: &Error) {
        if self.errors.len() < MAX_ERRORS_LISTED {
            self.errors.push(ErrorEntry::from_error(e));
        } else {
            self.errors_not_listed += 1;
        }
    }

    /// Number of errors (listed or not).
    pub fn error_count(&self) -> u64 {
        self.errors.len() as u64 + self.errors_not_listed
    }
}

/// Totals over every input.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Totals {
    /// Inputs.
    pub files: u64,
    /// Inputs with status ok.
    pub files_ok: u64,
    /// Inputs with status partial.
    pub files_partial: u64,
    /// Inputs with status failed.
    pub files_failed: u64,
    /// Inputs skipped.
    pub files_skipped: u64,
    /// Inputs not started.
    pub files_not_processed: u64,
    /// Bytes read.
    pub bytes_in: u64,
    /// Bytes written.
    pub bytes_out: u64,
    /// Records read.
    pub records_in: u64,
    /// Records written.
    pub records_out: u64,
    /// Records written as the failure marker.
    pub records_failed: u64,
    /// A `--field` path matched nothing in the whole file (most likely misspelt).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub unmatched_field: bool,
    /// Errors.
    pub errors: u64,
    /// Replaced spans.
    pub counts: Counts,
}

/// The whole report.
#[derive(Clone, Debug, Serialize)]
pub struct RunReport {
    /// `phi-redact`.
    pub tool: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// SHA-256 of the settings that decide the output (see `batch::policy_digest`).
    pub policy_digest: String,
    /// Start time, UTC, RFC 3339.
    pub started: String,
    /// End time, UTC, RFC 3339.
    pub finished: String,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Worker threads.
    pub jobs: usize,
    /// The inputs as given on the command line.
    pub inputs: Vec<String>,
    /// The output directory (absent for standard output).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_dir: Option<String>,
    /// Totals.
    pub totals: Totals,
    /// One entry per input file, in input order.
    pub files: Vec<FileReport>,
}

impl RunReport {
    /// Builds the report; totals are summed from `files`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        policy_digest: String,
        started: SystemTime,
        finished: SystemTime,
        jobs: usize,
        inputs: Vec<String>,
        output_dir: Option<String>,
        files: Vec<FileReport>,
    ) -> RunReport {
        let mut t = Totals::default();
        for f in &files {
            t.files += 1;
            match f.status {
                Status::Ok => t.files_ok += 1,
                Status::Partial => t.files_partial += 1,
                Status::Failed => t.files_failed += 1,
                Status::Skipped => t.files_skipped += 1,
                Status::NotProcessed => t.files_not_processed += 1,
            }
            t.bytes_in += f.bytes_in;
            t.bytes_out += f.bytes_out;
            t.records_in += f.records_in;
            t.records_out += f.records_out;
            t.records_failed += f.records_failed;
            t.errors += f.error_count();
            t.counts.merge(&f.counts);
        }
        RunReport {
            tool: "phi-redact",
            version: env!("CARGO_PKG_VERSION"),
            policy_digest,
            started: rfc3339(started),
            finished: rfc3339(finished),
            seconds: finished.duration_since(started).map(|d| d.as_secs_f64()).unwrap_or(0.0),
            jobs,
            inputs,
            output_dir,
            totals: t,
            files,
        }
    }

    /// The report as pretty-printed JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("the report serialises");
        s.push('\n');
        s
    }
}

/// `t` as an RFC 3339 UTC timestamp with seconds (`2024-03-14T09:26:53Z`).
pub fn rfc3339(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps() {
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(1_710_408_413)), "2024-03-14T09:26:53Z");
        assert_eq!(rfc3339(UNIX_EPOCH + Duration::from_secs(951_782_400)), "2000-02-29T00:00:00Z");
    }
}
