//! Spans output: the machine interface behind `--emit spans`, `--explain` and the review page.
//!
//! Stage: after render. Job: turn the [`Redaction`]s of a stream into positions in the
//! *input* (byte and character offsets from the start of the document, line and column) and
//! write them as JSON lines.
//!
//! # Schema (one JSON object per line, one line per replaced span)
//!
//! Field names are stable; new fields may be added at the end, none are renamed or removed.
//! A detection the settings keep on purpose (`--dates keep`, `--keep-states`, a category
//! switched off) is not replaced and has no line.
//!
//! | field | type | meaning |
//! |---|---|---|
//! | `doc` | string | document id: the input path as given (`<stdin>` for standard input) |
//! | `start` | integer | byte offset of the first byte of the span, from the start of the document |
//! | `end` | integer | byte offset just past the span (exclusive) |
//! | `char_start` | integer | the same start counted in Unicode scalar values (Python `str` indices) |
//! | `char_end` | integer | the same end in Unicode scalar values (exclusive) |
//! | `line` | integer | 1-based line of `start` |
//! | `kind` | string | fine kind: `NAME`, `DATE`, `AGE`, `ADDRESS`, `CITY`, `ZIP`, `STATE`, `FACILITY`, `LOCATION`, `PHONE`, `FAX`, `EMAIL`, `URL`, `IP`, `HANDLE`, `SSN`, `MRN`, `ID` |
//! | `category` | string | one of the six categories: `NAME`, `DATE`, `AGE`, `LOCATION`, `CONTACT`, `ID` |
//! | `detector` | string | registry name of the detector that found it (`names`, `dates`, ...) |
//! | `cue` | string | the rule or context that fired |
//! | `replacement` | string | what the span became in the de-identified text (`K.R.`, `[CITY-2]`) |
//!
//! ```text
//! {"doc":"note.txt","start":4,"end":22,"char_start":4,"char_end":22,"line":1,"kind":"NAME","category":"NAME","detector":"names","cue":"title","replacement":"M.T."}
//! ```
//!
//! Offsets count every byte of the input as read: a UTF-8 byte-order mark (3 bytes, 1
//! character) and the `\r` of CRLF line ends included. In Python, `open(path,
//! encoding="utf-8", newline="").read()[char_start:char_end]` is the span's text. With
//! `--lossy`, offsets are into the text after each invalid byte sequence became U+FFFD.
//!
//! The lines hold no note text (only offsets, kinds and replacements), but offsets into a
//! note together with the note are PHI: treat the pair as such.
//!
//! ```
//! use phi_redact::{spans, Config, Redactor, Scope};
//! let redactor = Redactor::new(Config::default()).unwrap();
//! let note = "Seen by Dr. Ötztal Kowalczyk on 3/14/2023.\n";
//! let mut json = Vec::new();
//! spans::redact_stream_recorded(&redactor, note.as_bytes(), None::<&mut Vec<u8>>, &mut Scope::new(), false, |d| {
//!     spans::write_json_line(&mut json, &spans::SpanLine::new("note.txt", d))
//! })
//! .unwrap();
//! let first: serde_json::Value = serde_json::from_slice(json.split(|&b| b == b'\n').next().unwrap()).unwrap();
//! let (s, e) = (first["start"].as_u64().unwrap() as usize, first["end"].as_u64().unwrap() as usize);
//! assert!(note[s..e].contains("Kowalczyk"));
//! ```

use std::io::{self, BufRead, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Serialize;

use crate::assign::Scope;
use crate::error::Error;
use crate::pipeline::{Redactor, Stats, Workspace};
use crate::read::text::ChunkReader;
use crate::span::{Category, Kind, Redaction};

/// A place in a document: byte and character offsets from its start, line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Byte offset from the start of the document.
    pub byte: u64,
    /// Offset in Unicode scalar values.
    pub char: u64,
    /// 1-based line number.
    pub line: u64,
    /// 1-based column, in Unicode scalar values.
    pub column: u64,
}

/// Walks a document forward and turns byte offsets into [`Position`]s, in one pass over
/// the bytes however many positions are asked for.
#[derive(Clone, Debug)]
pub struct Cursor {
    byte: u64,
    char: u64,
    line: u64,
    line_start_char: u64,
}

impl Default for Cursor {
    fn default() -> Self {
        Cursor::new()
    }
}

impl Cursor {
    /// A cursor at the start of a document (line 1, column 1).
    pub fn new() -> Cursor {
        Cursor { byte: 0, char: 0, line: 1, line_start_char: 0 }
    }

    /// Moves over `bytes`, the next bytes of the document.
    pub fn advance(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if b & 0xC0 != 0x80 {
                self.char += 1;
            }
            if b == b'\n' {
                self.line += 1;
                self.line_start_char = self.char;
            }
        }
        self.byte += bytes.len() as u64;
    }

    /// Moves over a UTF-8 byte-order mark at the start of the document: it counts in the
    /// offsets (3 bytes, 1 character) but not in the column, as editors show it.
    pub fn skip_bom(&mut self) {
        self.advance(b"\xEF\xBB\xBF");
        self.line_start_char = self.char;
    }

    /// Where the cursor is.
    pub fn position(&self) -> Position {
        Position { byte: self.byte, char: self.char, line: self.line, column: self.char - self.line_start_char + 1 }
    }
}

/// One replaced span of a stream, with its positions in the document.
#[derive(Debug)]
pub struct Detection<'a> {
    /// Where the span starts.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
    /// The original text of the span. PHI: only `--explain` and the review page show it.
    pub original: &'a str,
    /// Kind, detector, cue and replacement.
    pub redaction: &'a Redaction,
}

impl Detection<'_> {
    /// False when the settings kept the span as it was (`--dates keep`, `--keep-states`, a
    /// category switched off): then the "replacement" is the note's own text.
    pub fn replaced(&self) -> bool {
        self.redaction.replacement != self.original
    }
}

/// Calls `visit` for each redaction of `chunk` (sorted, disjoint offsets into `chunk`),
/// advancing `cursor` from the start of `chunk` to its end.
pub fn visit_chunk<E>(
    chunk: &str,
    redactions: &[Redaction],
    cursor: &mut Cursor,
    mut visit: impl FnMut(&Detection<'_>) -> Result<(), E>,
) -> Result<(), E> {
    let bytes = chunk.as_bytes();
    let mut pos = 0;
    for r in redactions {
        cursor.advance(&bytes[pos..r.start]);
        let start = cursor.position();
        cursor.advance(&bytes[r.start..r.end]);
        pos = r.end;
        visit(&Detection { start, end: cursor.position(), original: &chunk[r.start..r.end], redaction: r })?;
    }
    cursor.advance(&bytes[pos..]);
    Ok(())
}

/// Redacts a stream like [`Redactor::redact_stream`] (same chunking, BOM handling,
/// UTF-8 checks and fail-closed behaviour), calling `on_detection` for every replaced span
/// with its positions in the input. The de-identified text goes to `text_out` if given
/// (a chunk is written only after `on_detection` accepted all of its spans).
pub fn redact_stream_recorded<R: BufRead, W: Write>(
    redactor: &Redactor,
    input: R,
    mut text_out: Option<&mut W>,
    scope: &mut Scope,
    lossy: bool,
    mut on_detection: impl FnMut(&Detection<'_>) -> io::Result<()>,
) -> Result<Stats, Error> {
    let mut reader = ChunkReader::new(input);
    let mut buf = Vec::new();
    let mut ws = Workspace::new();
    let mut out = String::new();
    let mut record = Vec::new();
    let mut cursor = Cursor::new();
    let mut stats = Stats::default();
    let mut first = true;
    while reader.next_chunk(&mut buf).map_err(|e| Error::io("reading input", e))? {
        let offset = stats.bytes;
        stats.bytes += buf.len() as u64;
        let mut bytes: &[u8] = &buf;
        if first {
            first = false;
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                if let Some(w) = text_out.as_deref_mut() {
                    w.write_all(b"\xEF\xBB\xBF").map_err(|e| Error::io("writing output", e))?;
                }
                cursor.skip_bom();
                bytes = rest;
            }
        }
        let lossy_text;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) if lossy => {
                lossy_text = String::from_utf8_lossy(bytes);
                &lossy_text
            }
            Err(e) => {
                let bom = buf.len() - bytes.len();
                return Err(Error::InvalidUtf8 { offset: offset + (bom + e.valid_up_to()) as u64 });
            }
        };
        out.clear();
        record.clear();
        let done =
            catch_unwind(AssertUnwindSafe(|| redactor.redact_recorded(text, scope, &mut ws, &mut out, &mut record)));
        if done.is_err() {
            return Err(Error::Internal);
        }
        stats.spans += record.len() as u64;
        visit_chunk(text, &record, &mut cursor, &mut on_detection).map_err(|e| Error::io("writing output", e))?;
        if let Some(w) = text_out.as_deref_mut() {
            w.write_all(out.as_bytes()).map_err(|e| Error::io("writing output", e))?;
        }
    }
    if let Some(w) = text_out {
        w.flush().map_err(|e| Error::io("writing output", e))?;
    }
    Ok(stats)
}

/// One line of the spans output (see the module documentation for the schema).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpanLine<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Start byte offset.
    pub start: u64,
    /// End byte offset (exclusive).
    pub end: u64,
    /// Start offset in Unicode scalar values.
    pub char_start: u64,
    /// End offset in Unicode scalar values (exclusive).
    pub char_end: u64,
    /// 1-based line of the start.
    pub line: u64,
    /// Fine kind.
    pub kind: Kind,
    /// Category.
    pub category: Category,
    /// Detector.
    pub detector: &'a str,
    /// Rule or cue.
    pub cue: &'a str,
    /// The replacement written in its place.
    pub replacement: &'a str,
}

impl<'a> SpanLine<'a> {
    /// The line for one detection of document `doc`.
    pub fn new(doc: &'a str, d: &Detection<'a>) -> SpanLine<'a> {
        let r = d.redaction;
        SpanLine {
            doc,
            start: d.start.byte,
            end: d.end.byte,
            char_start: d.start.char,
            char_end: d.end.char,
            line: d.start.line,
            kind: r.kind,
            category: r.kind.category(),
            detector: r.detector,
            cue: r.cue,
            replacement: &r.replacement,
        }
    }
}

/// Writes `line` as one line of JSON.
pub fn write_json_line<W: Write>(out: &mut W, line: &SpanLine<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_counts_chars_lines_and_columns() {
        let text = "é\r\nab€c";
        let mut c = Cursor::new();
        c.advance(&text.as_bytes()[..4]);
        assert_eq!(c.position(), Position { byte: 4, char: 3, line: 2, column: 1 });
        c.advance(&text.as_bytes()[4..9]);
        assert_eq!(c.position(), Position { byte: 9, char: 6, line: 2, column: 4 });
    }
}
