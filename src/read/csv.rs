//! CSV reader (read stage of batch mode): a byte stream -> records that keep their raw bytes.
//!
//! RFC 4180: fields separated by a one-byte delimiter, records by `\n`, `\r\n` or a lone
//! `\r`; a field may be quoted with `"`, and then holds delimiters, line breaks and doubled
//! quotes (`""`). Unlike a parser that hands out unescaped values only, every
//! [`RawRecord`] keeps the exact bytes of each field (quotes included) and of its line
//! terminator, so batch mode can copy pass-through cells byte for byte and rewrite only the
//! cells it redacts.
//!
//! Tolerated as most exporters and readers do: a quote inside an unquoted field (`5" tall`)
//! is a literal quote. Reported as a [`RecordFault`] on the record, and parsing goes on with
//! the next record: text after a closing quote (`"a"b`), a quoted field still open at the end
//! of the input. A record longer than [`MAX_RECORD`] bytes stops the reader with an error:
//! memory stays bounded whatever the input.
//!
//! The reader does not judge encodings: fields are bytes; the caller decides which fields
//! must be UTF-8.

use std::io::{self, BufRead, BufReader, Read};

use crate::error::RecordFault;

/// The largest record the reader accepts, in bytes (a clinical note of 64 MiB in one cell
/// is not a note; an unclosed quote that swallows the rest of a file is more likely).
pub const MAX_RECORD: usize = 64 << 20;

/// One field of a [`RawRecord`]: a byte range of [`RawRecord::raw`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawField {
    /// Start of the field's raw bytes (its opening quote, if quoted).
    pub start: usize,
    /// End of the field's raw bytes (exclusive; after its closing quote, if quoted).
    pub end: usize,
    /// The field starts with a quote.
    pub quoted: bool,
}

/// One record: its raw bytes without the terminator, its fields and its terminator.
#[derive(Clone, Debug, Default)]
pub struct RawRecord {
    /// The record's bytes, without its line terminator.
    pub raw: Vec<u8>,
    /// The fields, in order (always at least one for a record that was read).
    pub fields: Vec<RawField>,
    /// The line terminator that ended the record: `\n`, `\r\n`, `\r`, or empty at the end
    /// of the input.
    pub terminator: &'static [u8],
    /// 1-based line of the input where the record starts.
    pub line: u64,
    /// A problem found while splitting the record; its fields cannot be trusted.
    pub fault: Option<RecordFault>,
    /// The input started with a UTF-8 byte-order mark just before this record (the first
    /// one). The mark is not part of [`RawRecord::raw`].
    pub bom: bool,
}

impl RawRecord {
    /// The raw bytes of field `i`, exactly as in the input (quotes and doubled quotes kept).
    pub fn raw_field(&self, i: usize) -> &[u8] {
        let f = self.fields[i];
        &self.raw[f.start..f.end]
    }

    /// Appends the value of field `i` to `out`: without the enclosing quotes, with doubled
    /// quotes undone.
    pub fn value_into(&self, i: usize, out: &mut Vec<u8>) {
        let f = self.fields[i];
        let raw = &self.raw[f.start..f.end];
        if !f.quoted {
            out.extend_from_slice(raw);
            return;
        }
        let inner = &raw[1..];
        let mut rest = inner.strip_suffix(b"\"").unwrap_or(inner);
        // (room for all of it at once: a note cell grown byte by byte was reallocated a
        // dozen times, each a lock of the allocator's arena that other threads free into)
        out.reserve(rest.len());
        while let Some(q) = memchr::memchr(b'"', rest) {
            // a quote is dropped and the byte after it kept, whatever it is: `""` is one quote
            out.extend_from_slice(&rest[..q]);
            let Some(&next) = rest.get(q + 1) else { return };
            out.push(next);
            rest = &rest[q + 2..];
        }
        out.extend_from_slice(rest);
    }

    /// The value of field `i` (see [`RawRecord::value_into`]).
    pub fn value(&self, i: usize) -> Vec<u8> {
        let mut v = Vec::new();
        self.value_into(i, &mut v);
        v
    }

    /// True for an empty line (no bytes before the terminator): not a record.
    pub fn is_blank(&self) -> bool {
        self.raw.is_empty()
    }

    /// Number of bytes the record took in the input (terminator included).
    pub fn input_len(&self) -> usize {
        self.raw.len() + self.terminator.len()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
    /// Text after a closing quote (a fault); read on to the delimiter.
    AfterQuote,
}

/// Splits a byte stream into [`RawRecord`]s.
pub struct CsvReader<R> {
    inner: R,
    delimiter: u8,
    line: u64,
    stopped: bool,
    started: bool,
}

impl<R: Read> CsvReader<BufReader<R>> {
    /// True if input is buffered already: the next record can be read (at least begun)
    /// without waiting for the source.
    pub fn has_buffered(&self) -> bool {
        !self.inner.buffer().is_empty()
    }
}

impl<R: BufRead> CsvReader<R> {
    /// A reader of `inner` with the given field delimiter (`b','`, `b';'`, `b'\t'`...).
    pub fn new(inner: R, delimiter: u8) -> CsvReader<R> {
        CsvReader { inner, delimiter, line: 1, stopped: false, started: false }
    }

    /// Reads the next record into `rec` (cleared first). Returns `Ok(false)` at the end of
    /// the input. A record over [`MAX_RECORD`] bytes is returned with
    /// [`RecordFault::TooLarge`], and the reader then reports the end of the input.
    pub fn read_record(&mut self, rec: &mut RawRecord) -> io::Result<bool> {
        rec.raw.clear();
        rec.fields.clear();
        rec.terminator = b"";
        rec.fault = None;
        rec.bom = false;
        rec.line = self.line;
        if self.stopped {
            return Ok(false);
        }
        if !self.started {
            self.started = true;
            let head = loop {
                match self.inner.fill_buf() {
                    Ok(b) => break b,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            if head.starts_with(b"\xEF\xBB\xBF") {
                self.inner.consume(3);
                rec.bom = true;
            }
        }
        let mut state = State::FieldStart;
        let mut field_start = 0usize;
        let mut quoted = false;
        let mut pending_cr = false;
        let mut any = false;
        loop {
            let buf = match self.inner.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if buf.is_empty() {
                // End of input.
                if pending_cr {
                    rec.terminator = b"\r";
                    return Ok(true);
                }
                if !any {
                    return Ok(false);
                }
                if matches!(state, State::Quoted) && rec.fault.is_none() {
                    rec.fault = Some(RecordFault::UnterminatedQuote { field: rec.fields.len() + 1 });
                }
                rec.fields.push(RawField { start: field_start, end: rec.raw.len(), quoted });
                return Ok(true);
            }
            any = true;
            if pending_cr {
                if buf[0] == b'\n' {
                    self.inner.consume(1);
                    rec.terminator = b"\r\n";
                } else {
                    rec.terminator = b"\r";
                }
                return Ok(true);
            }
            let mut i = 0;
            let mut done = false;
            while i < buf.len() {
                match state {
                    State::FieldStart | State::Unquoted => {
                        if state == State::FieldStart && buf[i] == b'"' {
                            state = State::Quoted;
                            quoted = true;
                            rec.raw.push(b'"');
                            i += 1;
                            continue;
                        }
                        state = State::Unquoted;
                        match memchr::memchr3(self.delimiter, b'\n', b'\r', &buf[i..]) {
                            None => {
                                rec.raw.extend_from_slice(&buf[i..]);
                                i = buf.len();
                            }
                            Some(k) => {
                                rec.raw.extend_from_slice(&buf[i..i + k]);
                                i += k;
                                let b = buf[i];
                                i += 1;
                                rec.fields.push(RawField { start: field_start, end: rec.raw.len(), quoted });
                                quoted = false;
                                if b == self.delimiter {
                                    rec.raw.push(b);
                                    field_start = rec.raw.len();
                                    state = State::FieldStart;
                                } else {
                                    self.line += 1;
                                    if b == b'\n' {
                                        rec.terminator = b"\n";
                                    } else {
                                        pending_cr = true;
                                    }
                                    done = true;
                                    break;
                                }
                            }
                        }
                    }
                    State::Quoted => match memchr::memchr(b'"', &buf[i..]) {
                        None => {
                            self.line += memchr::memchr_iter(b'\n', &buf[i..]).count() as u64;
                            rec.raw.extend_from_slice(&buf[i..]);
                            i = buf.len();
                        }
                        Some(k) => {
                            self.line += memchr::memchr_iter(b'\n', &buf[i..i + k]).count() as u64;
                            rec.raw.extend_from_slice(&buf[i..=i + k]);
                            i += k + 1;
                            state = State::QuoteInQuoted;
                        }
                    },
                    State::QuoteInQuoted | State::AfterQuote => {
                        let b = buf[i];
                        if b == b'"' && state == State::QuoteInQuoted {
                            // A doubled quote: still inside the field.
                            rec.raw.push(b);
                            i += 1;
                            state = State::Quoted;
                        } else if b == self.delimiter || b == b'\n' || b == b'\r' {
                            // Handled like the end of an unquoted field.
                            state = State::Unquoted;
                        } else {
                            if state == State::QuoteInQuoted && rec.fault.is_none() {
                                rec.fault = Some(RecordFault::TextAfterQuote { field: rec.fields.len() + 1 });
                            }
                            rec.raw.push(b);
                            i += 1;
                            state = State::AfterQuote;
                        }
                    }
                }
            }
            self.inner.consume(i);
            if rec.raw.len() > MAX_RECORD {
                rec.fault = Some(RecordFault::TooLarge { limit: MAX_RECORD });
                rec.fields.clear();
                // Stop here: the rest of the input cannot be split reliably.
                self.stopped = true;
                return Ok(true);
            }
            if done && !pending_cr {
                return Ok(true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(input: &[u8]) -> Vec<RawRecord> {
        let mut r = CsvReader::new(input, b',');
        let mut out = Vec::new();
        let mut rec = RawRecord::default();
        while r.read_record(&mut rec).unwrap() {
            out.push(rec.clone());
        }
        out
    }

    fn fields(rec: &RawRecord) -> Vec<String> {
        (0..rec.fields.len()).map(|i| String::from_utf8(rec.value(i)).unwrap()).collect()
    }

    #[test]
    fn splits_quoted_multiline_fields_and_keeps_raw_bytes() {
        let input = b"id,note\r\n1,\"Line one,\r\nline \"\"two\"\"\"\r\n\"2\",plain\n3,last";
        let recs = records(input);
        assert_eq!(recs.len(), 4);
        assert_eq!(fields(&recs[1]), ["1", "Line one,\r\nline \"two\""]);
        assert_eq!(recs[1].raw_field(1), b"\"Line one,\r\nline \"\"two\"\"\"");
        assert_eq!(recs[1].terminator, b"\r\n");
        assert_eq!(recs[1].line, 2);
        assert_eq!(recs[2].line, 4);
        assert_eq!(recs[2].raw_field(0), b"\"2\"");
        assert_eq!(recs[2].terminator, b"\n");
        assert_eq!(recs[3].terminator, b"");
        assert!(recs.iter().all(|r| r.fault.is_none()));
        // Every byte is accounted for.
        let total: usize = recs.iter().map(RawRecord::input_len).sum();
        assert_eq!(total, input.len());
    }

    #[test]
    fn lone_cr_empty_fields_and_blank_lines() {
        let recs = records(b"a,,b\r\rc\n\n,\n");
        assert_eq!(fields(&recs[0]), ["a", "", "b"]);
        assert_eq!(recs[0].terminator, b"\r");
        assert!(recs[1].raw == b"" && recs[1].is_blank());
        assert_eq!(fields(&recs[2]), ["c"]);
        assert!(recs[3].is_blank());
        assert_eq!(fields(&recs[4]), ["", ""]);
    }

    #[test]
    fn faults_are_reported_and_parsing_goes_on() {
        let recs = records(b"a,b\n\"x\"y,z\nok,1\n\"open,2\n");
        assert_eq!(recs[1].fault, Some(RecordFault::TextAfterQuote { field: 1 }));
        assert_eq!(fields(&recs[2]), ["ok", "1"]);
        assert!(recs[2].fault.is_none());
        assert_eq!(recs[3].fault, Some(RecordFault::UnterminatedQuote { field: 1 }));
    }

    #[test]
    fn a_bom_is_set_apart() {
        let recs = records(b"\xEF\xBB\xBF\"id\",x\n1,2\n");
        assert!(recs[0].bom && !recs[1].bom);
        assert_eq!(fields(&recs[0]), ["id", "x"]);
        assert_eq!(recs[0].raw_field(0), b"\"id\"");
    }

    #[test]
    fn a_bare_quote_inside_an_unquoted_field_is_literal() {
        let recs = records(b"5\" tall,x\n");
        assert_eq!(fields(&recs[0]), ["5\" tall", "x"]);
        assert!(recs[0].fault.is_none());
    }

    /// The value of a quoted field with quotes in every position (doubled, lone, at the
    /// ends, after a fault), as the byte-by-byte rule gives it: a quote is dropped and the
    /// byte after it kept.
    #[test]
    fn quoted_values_drop_a_quote_and_keep_the_byte_after_it() {
        fn by_bytes(inner: &[u8]) -> Vec<u8> {
            let (mut out, mut quote) = (Vec::new(), false);
            for &b in inner {
                if b == b'"' && !quote {
                    quote = true;
                    continue;
                }
                quote = false;
                out.push(b);
            }
            out
        }
        let pieces: [&[u8]; 5] = [b"\"", b"a", b"\"\"", b",", b"\n"];
        let mut cases = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> =
                cases.iter().flat_map(|c| pieces.iter().map(move |p| [c.as_slice(), p].concat())).collect();
            cases.extend(longer);
        }
        for inner in cases {
            let raw = [b"\"", inner.as_slice(), b"\""].concat();
            let rec = RawRecord {
                raw: raw.clone(),
                fields: vec![RawField { start: 0, end: raw.len(), quoted: true }],
                ..Default::default()
            };
            assert_eq!(rec.value(0), by_bytes(&inner), "{:?}", String::from_utf8_lossy(&raw));
        }
    }

    #[test]
    fn agrees_with_the_csv_crate_on_values() {
        let input = b"h1,h2,h3\n\"a,b\",\"c\"\"d\",e\n\"multi\nline\",,\"\"\r\nx,y,z\n";
        let ours: Vec<Vec<String>> = records(input).iter().map(fields).collect();
        let mut theirs = Vec::new();
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).from_reader(&input[..]);
        for r in rdr.records() {
            theirs.push(r.unwrap().iter().map(str::to_string).collect::<Vec<_>>());
        }
        assert_eq!(ours, theirs);
    }
}
