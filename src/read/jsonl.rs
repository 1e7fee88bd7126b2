//! JSONL reader (read stage of batch mode): a byte stream -> lines, and a line -> the byte
//! ranges of the string values to de-identify.
//!
//! One JSON value per line. Lines keep their terminator (`\n` or `\r\n`, none on a last line
//! without one) so the output has one line per input line. A field path is a list of keys
//! (`--field visit.note` is `["visit", "note"]`); an array met on the way is walked element
//! by element (`--field notes.text` reaches `{"notes": [{"text": ...}, ...]}`); the value at
//! the end of the path is searched for strings (an object or array there: every string
//! inside it, at any depth; keys are not touched). Numbers, booleans and null are left
//! alone. A key that occurs twice in one object is followed in both places.
//!
//! Ranges point into the line: batch mode splices the redacted strings back and copies every
//! other byte (see `src/write/jsonl.rs`).

use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use crate::error::RecordFault;
use crate::read::csv::MAX_RECORD;

/// One line of input.
#[derive(Clone, Debug, Default)]
pub struct RawLine {
    /// The line's bytes, without its terminator.
    pub bytes: Vec<u8>,
    /// `\n`, `\r\n`, or empty at the end of the input.
    pub terminator: &'static [u8],
    /// 1-based line number.
    pub line: u64,
    /// Set when the line is longer than [`MAX_RECORD`] (the reader then stops).
    pub fault: Option<RecordFault>,
}

impl RawLine {
    /// True for a line of spaces and tabs only: not a record.
    pub fn is_blank(&self) -> bool {
        self.bytes.iter().all(|b| matches!(b, b' ' | b'\t'))
    }
}

/// Splits a byte stream into lines, each at most [`MAX_RECORD`] bytes.
pub struct LineReader<R> {
    inner: R,
    line: u64,
    stopped: bool,
}

impl<R: Read> LineReader<BufReader<R>> {
    /// True if input is buffered already: the next line can be read (at least begun)
    /// without waiting for the source.
    pub fn has_buffered(&self) -> bool {
        !self.inner.buffer().is_empty()
    }
}

impl<R: BufRead> LineReader<R> {
    /// A reader of `inner`.
    pub fn new(inner: R) -> LineReader<R> {
        LineReader { inner, line: 0, stopped: false }
    }

    /// Reads the next line into `out` (cleared first). Returns `Ok(false)` at the end.
    pub fn read_line(&mut self, out: &mut RawLine) -> io::Result<bool> {
        out.bytes.clear();
        out.terminator = b"";
        out.fault = None;
        if self.stopped {
            return Ok(false);
        }
        self.line += 1;
        out.line = self.line;
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                return Ok(any);
            }
            any = true;
            let (take, end) = match memchr::memchr(b'\n', buf) {
                Some(i) => (i + 1, true),
                None => (buf.len(), false),
            };
            out.bytes.extend_from_slice(&buf[..take]);
            self.inner.consume(take);
            if end {
                out.bytes.pop();
                if out.bytes.last() == Some(&b'\r') {
                    out.bytes.pop();
                    out.terminator = b"\r\n";
                } else {
                    out.terminator = b"\n";
                }
                return Ok(true);
            }
            if out.bytes.len() > MAX_RECORD {
                out.fault = Some(RecordFault::TooLarge { limit: MAX_RECORD });
                self.stopped = true;
                return Ok(true);
            }
        }
    }
}

/// A parsed field path: `visit.note` -> `["visit", "note"]`.
pub fn parse_path(path: &str) -> Vec<String> {
    path.split('.').map(str::to_string).collect()
}

/// The entries of one JSON object in input order, values kept raw (borrowed from the line).
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut m: M) -> Result<Entries<'a>, M::Error> {
                let mut v = Vec::new();
                while let Some((k, val)) = m.next_entry::<String, &'de RawValue>()? {
                    v.push((k, val));
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

/// Checks that `line` is one JSON value. The error names the column only.
pub fn validate(line: &str) -> Result<&RawValue, RecordFault> {
    serde_json::from_str::<&RawValue>(line).map_err(|e| RecordFault::InvalidJson { column: e.column() })
}

/// Byte range of `raw` within `line` (a raw value borrowed from `line`).
fn range_in(line: &str, raw: &RawValue) -> Range<usize> {
    let start = raw.get().as_ptr() as usize - line.as_ptr() as usize;
    start..start + raw.get().len()
}

/// Appends to `out` the ranges (within `line`) of the string values reached by `path` from
/// `raw` (a value borrowed from `line`), in input order.
pub fn select(line: &str, raw: &RawValue, path: &[String], out: &mut Vec<Range<usize>>) {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') if path.is_empty() => out.push(range_in(line, raw)),
        Some(b'{') => {
            if let Ok(Entries(entries)) = serde_json::from_str::<Entries>(text) {
                for (k, v) in entries {
                    match path.split_first() {
                        None => select(line, v, path, out),
                        Some((first, rest)) if *first == k => select(line, v, rest, out),
                        _ => {}
                    }
                }
            }
        }
        Some(b'[') => {
            if let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(text) {
                for v in items {
                    select(line, v, path, out);
                }
            }
        }
        _ => {}
    }
}

/// The key of the value at `path` (for `--scope-field`): a string's value, or the raw JSON
/// text of any other value; `None` if the path reaches nothing or an empty string.
pub fn scope_key(raw: &RawValue, path: &[String]) -> Option<Vec<u8>> {
    let text = raw.get();
    let Some((first, rest)) = path.split_first() else {
        return match text.as_bytes().first() {
            Some(b'"') => serde_json::from_str::<String>(text).ok().filter(|s| !s.is_empty()).map(String::into_bytes),
            Some(b'n') => None,
            _ => Some(text.as_bytes().to_vec()),
        };
    };
    let Entries(entries) = serde_json::from_str::<Entries>(text).ok()?;
    entries.into_iter().filter(|(k, _)| k == first).find_map(|(_, v)| scope_key(v, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings<'a>(line: &'a str, path: &str) -> Vec<&'a str> {
        let raw = validate(line).unwrap();
        let mut out = Vec::new();
        let p = if path.is_empty() { Vec::new() } else { parse_path(path) };
        select(line, raw, &p, &mut out);
        out.into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn selects_nested_paths_through_arrays() {
        let line = r#"{"id": 7, "visit": {"note": "Seen \"today\"", "n": 1.50}, "notes": [{"text": "a"}, {"text": ["b", 2]}]}"#;
        assert_eq!(strings(line, "visit.note"), [r#""Seen \"today\"""#]);
        assert_eq!(strings(line, "notes.text"), [r#""a""#, r#""b""#]);
        assert_eq!(strings(line, "visit"), [r#""Seen \"today\"""#]);
        assert_eq!(strings(line, "missing.path"), Vec::<&str>::new());
        assert_eq!(strings(line, ""), [r#""Seen \"today\"""#, r#""a""#, r#""b""#]);
    }

    #[test]
    fn duplicate_keys_are_both_followed() {
        assert_eq!(strings(r#"{"a": "x", "a": "y"}"#, "a"), [r#""x""#, r#""y""#]);
    }

    #[test]
    fn scope_keys() {
        let line = r#"{"client": {"id": "C-1", "n": 12, "e": ""}}"#;
        let raw = validate(line).unwrap();
        assert_eq!(scope_key(raw, &parse_path("client.id")), Some(b"C-1".to_vec()));
        assert_eq!(scope_key(raw, &parse_path("client.n")), Some(b"12".to_vec()));
        assert_eq!(scope_key(raw, &parse_path("client.e")), None);
        assert_eq!(scope_key(raw, &parse_path("client.x")), None);
    }

    #[test]
    fn invalid_json_names_the_column_only() {
        let e = validate(r#"{"note": "Mr. Smith" "x"}"#).unwrap_err();
        assert_eq!(e, RecordFault::InvalidJson { column: 22 });
        assert!(!e.to_string().contains("Smith"));
    }

    #[test]
    fn lines_keep_their_terminators() {
        let mut r = LineReader::new(&b"a\r\nb\n\nc"[..]);
        let mut l = RawLine::default();
        let mut got = Vec::new();
        while r.read_line(&mut l).unwrap() {
            got.push((l.bytes.clone(), l.terminator, l.line));
        }
        assert_eq!(
            got,
            [
                (b"a".to_vec(), &b"\r\n"[..], 1),
                (b"b".to_vec(), &b"\n"[..], 2),
                (b"".to_vec(), &b"\n"[..], 3),
                (b"c".to_vec(), &b""[..], 4)
            ]
        );
    }
}
