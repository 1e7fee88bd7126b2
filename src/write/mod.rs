//! Write stage of batch mode: everything that leaves the process besides standard output.
//!
//! - [`atomic`]: output files written under a temporary name (owner-only permissions) and
//!   renamed when complete, removed on failure: a crash never leaves a half-redacted file
//!   under the final name.
//! - [`csv`] and [`jsonl`]: how redacted cells and fields are written back, and the fixed
//!   marker that replaces a record that could not be redacted.
//! - [`report`]: the JSON audit report (counts, errors, timings; never note text, names or
//!   codes).

pub mod atomic;
pub mod csv;
pub mod jsonl;
pub mod report;

pub use atomic::AtomicFile;

/// What replaces a cell, a field or a whole record that could not be redacted.
pub const FAILED: &str = "[REDACTION FAILED]";
