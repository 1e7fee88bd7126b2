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
    /// A detector panicked; the document was withheld.
    #[error("internal error while redacting (document withheld, nothing written for it)")]
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
