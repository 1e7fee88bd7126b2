//! Typed errors of the library. Messages name a path, a byte offset, a line number or a
//! kind of problem; they never quote note text.

use std::io;
use std::path::PathBuf;

/// Every way the library can fail.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is not valid UTF-8. Nothing of the chunk holding the bad byte was written.
    #[error("input is not valid UTF-8 at byte offset {offset} (use --lossy to replace invalid bytes)")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte, counted from the start of the stream.
        offset: u64,
    },
    /// Reading input or writing output failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done ("reading input", "writing output").
        context: &'static str,
        /// The underlying error (its message never holds note text).
        #[source]
        source: io::Error,
    },
    /// A user list (deny/allow) could not be used.
    #[error("{}: line {line}: {reason}", path.display())]
    List {
        /// The list file.
        path: PathBuf,
        /// 1-based line number (0 when the file itself could not be read).
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The key file cannot be used. The message never contains the key.
    #[error("key file: {reason}")]
    Key {
        /// What is wrong.
        reason: &'static str,
    },
    /// A policy file or a combination of settings is invalid.
    #[error("policy: {0}")]
    Policy(String),
    /// A detector panicked; the document was withheld.
    #[error("internal error while redacting (document withheld, nothing written for it)")]
    Internal,
    /// One record of a CSV or JSONL input could not be processed (batch mode). Nothing
    /// unredacted was written for it: see [`RecordFault`] and `src/batch.rs`.
    #[error("record {record} (line {line}): {fault}")]
    Record {
        /// 1-based number of the record (CSV: data rows after the header; JSONL: lines).
        record: u64,
        /// 1-based line of the input where the record starts.
        line: u64,
        /// What is wrong.
        fault: RecordFault,
    },
    /// A batch output file exists already and `--force` was not given.
    #[error("output {} exists (use --force to overwrite)", path.display())]
    OutputExists {
        /// The output file.
        path: PathBuf,
    },
    /// A batch output would replace one of the inputs (or two inputs would write one output).
    #[error("output {} {reason}", path.display())]
    OutputConflict {
        /// The output file.
        path: PathBuf,
        /// "is an input file", "is written by two inputs".
        reason: &'static str,
    },
    /// A CSV header lacks a column named on the command line.
    #[error("no column named {name:?} in the header")]
    NoSuchColumn {
        /// The column name as given on the command line.
        name: String,
    },
    /// Batch settings that cannot work together (named on the command line, never note text).
    #[error("{0}")]
    Usage(String),
}

/// What is wrong with one record of a CSV or JSONL input. Never quotes the record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecordFault {
    /// A CSV row with a different number of fields than the header.
    #[error("expected {expected} fields, found {found}")]
    FieldCount {
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A quoted CSV field followed by more text before the delimiter (`"a"b,`).
    #[error("text after the closing quote of field {field}")]
    TextAfterQuote {
        /// 1-based field number.
        field: usize,
    },
    /// A quoted CSV field that is still open at the end of the input.
    #[error("quoted field {field} is not closed before the end of the input")]
    UnterminatedQuote {
        /// 1-based field number.
        field: usize,
    },
    /// A field to redact is not valid UTF-8 (and `--lossy` was not given).
    #[error("field {field} is not valid UTF-8 at byte {offset} of the field (use --lossy to replace invalid bytes)")]
    InvalidUtf8 {
        /// 1-based field number (CSV) or 0 for the whole line (JSONL).
        field: usize,
        /// Byte offset of the first invalid byte within the field or line.
        offset: usize,
    },
    /// A JSONL line that is not valid JSON.
    #[error("not valid JSON (syntax error at column {column})")]
    InvalidJson {
        /// 1-based column (byte) of the error within the line.
        column: usize,
    },
    /// A record larger than the batch reader's limit; the rest of the input is not read.
    #[error("record larger than {limit} bytes (the rest of the input was not read)")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A detector panicked on a field of this record.
    #[error("internal error while redacting")]
    Internal,
}

impl Error {
    /// Wraps an I/O error with what was being done.
    pub fn io(context: &'static str, source: io::Error) -> Error {
        Error::Io { context, source }
    }

    /// True if this is a closed output pipe (the reader went away).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}
