//! Leak check: already de-identified text -> what still looks like PHI.
//!
//! Stage: a second pass over the output of the pipeline, for the gate a pipeline puts
//! before publishing. Job: run every detector over the text, drop what is the tool's own
//! output (coded initials such as `K.R.` and tags such as `[CITY-2]` or `[DATE 2023]`, found
//! by the `clinical` detector's own-output rule; `90+`, written for ages over 89), and
//! report the rest as [`Finding`]s with their line, column, kind and detector.
//!
//! Inputs: text of any size ([`Checker::check_stream`]), CSV with a header row
//! ([`Checker::check_csv`]) and JSONL ([`Checker::check_jsonl`]), with the same column and
//! field selection as batch mode, read with batch mode's readers.
//!
//! A finding holds the matched text only when [`CheckOptions::show`] is set: by default a
//! report can be shown or logged without repeating the leak.
//!
//! ```
//! use phi_redact::check::{CheckOptions, Checker};
//! let checker = Checker::new(phi_redact::Config::default(), CheckOptions::default()).unwrap();
//! assert!(checker.check_str("Mr. K.R. was seen on [DATE 2023] in [CITY-1].\n").is_empty());
//! let found = checker.check_str("Seen by Dr. K.R.\nCall 555-867-5309.\n");
//! assert_eq!((found.len(), found[0].line, found[0].kind), (1, 2, phi_redact::Kind::Phone));
//! assert!(found[0].text.is_none());
//! ```
//!
//! **Known limits**: the check sees what the detectors see; a name no dictionary or context
//! rule recognises passes the check as it passed redaction. It is a gate against mistakes
//! (a file that was never redacted, a column left out, a tag edited by hand), not a proof.

use std::io::{self, BufRead};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::assign::Scope;
use crate::config::{Config, DateMode};
use crate::detect::Note;
use crate::error::{Error, RecordFault};
use crate::lexicon::LookupCache;
use crate::pipeline::{Redactor, Workspace};
use crate::read::csv::{CsvReader, RawRecord};
use crate::read::jsonl::{parse_path, select, validate, LineReader, RawLine};
use crate::read::text::ChunkReader;
use crate::segment::{tokenize, Token};
use crate::span::{Candidate, Kind};
use crate::spans::Cursor;

/// The cue under which the `clinical` detector protects the tool's own codes and tags.
const OWN_OUTPUT_CUE: &str = "phi-redact code or tag";

/// What a check reports.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Keep the matched text in each finding (PHI; off by default).
    pub show: bool,
    /// Kinds not to report (e.g. [`Kind::Date`] for text redacted with dates kept).
    pub ignore: Vec<Kind>,
}

/// Something in the text that still looks like PHI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line of its start in the input.
    pub line: u64,
    /// 1-based column of its start, in Unicode scalar values (CSV and JSONL: within the
    /// value's line).
    pub column: u64,
    /// Byte offset of its start from the start of the input (CSV and JSONL: of the value).
    pub start: u64,
    /// Byte offset of its end (exclusive).
    pub end: u64,
    /// What it looks like.
    pub kind: Kind,
    /// The detector that found it.
    pub detector: &'static str,
    /// The rule or cue.
    pub cue: &'static str,
    /// The matched text, only with [`CheckOptions::show`].
    pub text: Option<String>,
    /// CSV: the column's name; JSONL: the field path asked for (`None` when every string
    /// of the record is checked); text: `None`.
    pub field: Option<String>,
}

/// Reusable buffers of a check, one per thread.
#[derive(Default)]
pub struct CheckWorkspace {
    ws: Workspace,
    tokens: Vec<Token>,
    cache: LookupCache,
    own: Vec<Candidate>,
}

/// A compiled leak check.
pub struct Checker {
    redactor: Redactor,
    options: CheckOptions,
}

impl Checker {
    /// Compiles the detectors of `config`: the settings the text was redacted with. Its
    /// deny list adds phrases to look for, its allow list phrases to accept, and what it
    /// keeps on purpose is not reported (see [`kept_kinds`]).
    pub fn new(config: Config, mut options: CheckOptions) -> Result<Checker, Error> {
        options.ignore.extend(kept_kinds(&config));
        Ok(Checker { redactor: Redactor::new(config)?, options })
    }

    /// Checks one text; lines and offsets count from its start.
    pub fn check_str(&self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        self.check_text(text, &mut Cursor::new(), &mut CheckWorkspace::default(), &mut out);
        out
    }

    /// Checks `text`, the part of a document that starts at `cursor` (advanced to its end),
    /// appending findings to `out`.
    pub fn check_text(&self, text: &str, cursor: &mut Cursor, cw: &mut CheckWorkspace, out: &mut Vec<Finding>) {
        let found = self.redactor.spans(text, &Scope::new(), &mut cw.ws);
        self.own_output(text, cw);
        let bytes = text.as_bytes();
        let mut pos = 0;
        for c in &found {
            if c.kind == Kind::Protected
                || self.options.ignore.contains(&c.kind)
                || only_own(text, c, &cw.own)
                || is_own_age(text, c)
            {
                continue;
            }
            cursor.advance(&bytes[pos..c.start]);
            pos = c.start;
            let at = cursor.position();
            out.push(Finding {
                line: at.line,
                column: at.column,
                start: at.byte,
                end: at.byte + c.len() as u64,
                kind: c.kind,
                detector: c.detector,
                cue: c.cue,
                text: self.options.show.then(|| text[c.start..c.end].to_string()),
                field: None,
            });
        }
        cursor.advance(&bytes[pos..]);
    }

    /// The tool's own codes and tags in `text`, into `cw.own` (sorted by start).
    fn own_output(&self, text: &str, cw: &mut CheckWorkspace) {
        cw.own.clear();
        let Some(clinical) = self.redactor.registry().get("clinical") else { return };
        tokenize(text, self.redactor.lexicon(), &mut cw.tokens, &mut cw.cache);
        let note = Note { text, tokens: &cw.tokens, lex: self.redactor.lexicon() };
        clinical.detect(&note, &mut cw.own);
        cw.own.retain(|c| c.kind == Kind::Protected && c.cue == OWN_OUTPUT_CUE);
        cw.own.sort_by_key(|c| c.start);
    }

    /// Checks a stream of any size, chunk by chunk (whole lines), calling `on_finding` for
    /// each finding in order. Returns the number of findings. Fails on invalid UTF-8 unless
    /// `lossy`, and when `on_finding` fails.
    pub fn check_stream<R: BufRead>(
        &self,
        input: R,
        lossy: bool,
        mut on_finding: impl FnMut(&Finding) -> io::Result<()>,
    ) -> Result<u64, Error> {
        let mut reader = ChunkReader::new(input);
        let mut buf = Vec::new();
        let mut cw = CheckWorkspace::default();
        let mut cursor = Cursor::new();
        let mut found = Vec::new();
        let mut count = 0u64;
        let mut offset = 0u64;
        while reader.next_chunk(&mut buf).map_err(|e| Error::io("reading input", e))? {
            let mut bytes: &[u8] = &buf;
            if offset == 0 {
                if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
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
            offset += buf.len() as u64;
            found.clear();
            let ok = catch_unwind(AssertUnwindSafe(|| self.check_text(text, &mut cursor, &mut cw, &mut found)));
            if ok.is_err() {
                return Err(Error::Internal);
            }
            for f in &found {
                on_finding(f).map_err(|e| Error::io("writing output", e))?;
            }
            count += found.len() as u64;
        }
        Ok(count)
    }
}

impl Checker {
    /// Checks a CSV input with a header row: the values of `columns` (by header name; every
    /// column when empty), as batch mode redacts them. A finding's line is the input line
    /// it is on (quoted cells may span lines); its offsets are within the cell's value, and
    /// [`Finding::field`] names the column. A malformed record, a cell that is not UTF-8
    /// (unless `lossy`) or an unknown column stops the check with an error.
    pub fn check_csv<R: BufRead>(
        &self,
        input: R,
        delimiter: u8,
        columns: &[String],
        lossy: bool,
        mut on_finding: impl FnMut(&Finding) -> io::Result<()>,
    ) -> Result<u64, Error> {
        let mut reader = CsvReader::new(input, delimiter);
        let mut rec = RawRecord::default();
        let read_err = |e| Error::io("reading input", e);
        let mut header: Option<Vec<String>> = None;
        let mut selected: Vec<usize> = Vec::new();
        let (mut cw, mut found, mut value) = (CheckWorkspace::default(), Vec::new(), Vec::new());
        let (mut count, mut record) = (0u64, 0u64);
        while reader.read_record(&mut rec).map_err(read_err)? {
            if rec.is_blank() {
                continue;
            }
            let fail = |record, fault| Error::Record { record, line: rec.line, fault };
            if let Some(fault) = rec.fault.clone() {
                return Err(fail(record + u64::from(header.is_some()), fault));
            }
            let Some(names) = &header else {
                let names: Vec<String> =
                    (0..rec.fields.len()).map(|i| String::from_utf8_lossy(&rec.value(i)).into_owned()).collect();
                selected = if columns.is_empty() {
                    (0..names.len()).collect()
                } else {
                    let mut idx = Vec::new();
                    for c in columns {
                        match names.iter().position(|n| n == c) {
                            Some(i) => idx.push(i),
                            None => return Err(Error::NoSuchColumn { name: c.clone() }),
                        }
                    }
                    idx
                };
                header = Some(names);
                continue;
            };
            record += 1;
            for &i in &selected {
                if i >= rec.fields.len() {
                    continue;
                }
                value.clear();
                rec.value_into(i, &mut value);
                let lossy_text;
                let text = match std::str::from_utf8(&value) {
                    Ok(t) => t,
                    Err(_) if lossy => {
                        lossy_text = String::from_utf8_lossy(&value);
                        &lossy_text
                    }
                    Err(e) => {
                        return Err(fail(record, RecordFault::InvalidUtf8 { field: i + 1, offset: e.valid_up_to() }))
                    }
                };
                let first_line = rec.line + memchr::memchr_iter(b'\n', &rec.raw[..rec.fields[i].start]).count() as u64;
                found.clear();
                self.check_guarded(text, &mut cw, &mut found).map_err(|fault| fail(record, fault))?;
                for f in &mut found {
                    f.line += first_line - 1;
                    f.field = Some(names[i].clone());
                    on_finding(f).map_err(|e| Error::io("writing output", e))?;
                }
                count += found.len() as u64;
            }
        }
        Ok(count)
    }

    /// Checks a JSONL input: in each line, the strings reached by the field paths `fields`
    /// (keys joined by dots; every string when empty), as batch mode redacts them. A
    /// finding's line is its record's line; its offsets are within the string's value. A
    /// line that is not JSON, or not UTF-8 (unless `lossy`), stops the check with an error.
    pub fn check_jsonl<R: BufRead>(
        &self,
        input: R,
        fields: &[String],
        lossy: bool,
        mut on_finding: impl FnMut(&Finding) -> io::Result<()>,
    ) -> Result<u64, Error> {
        let mut reader = LineReader::new(input);
        let mut raw = RawLine::default();
        let paths: Vec<Vec<String>> =
            if fields.is_empty() { vec![Vec::new()] } else { fields.iter().map(|f| parse_path(f)).collect() };
        let (mut cw, mut found, mut ranges) = (CheckWorkspace::default(), Vec::new(), Vec::new());
        let mut count = 0u64;
        while reader.read_line(&mut raw).map_err(|e| Error::io("reading input", e))? {
            let fail = |fault| Error::Record { record: raw.line, line: raw.line, fault };
            if let Some(fault) = raw.fault.clone() {
                return Err(fail(fault));
            }
            if raw.is_blank() {
                continue;
            }
            let lossy_text;
            let line = match std::str::from_utf8(&raw.bytes) {
                Ok(t) => t,
                Err(_) if lossy => {
                    lossy_text = String::from_utf8_lossy(&raw.bytes);
                    &lossy_text
                }
                Err(e) => return Err(fail(RecordFault::InvalidUtf8 { field: 0, offset: e.valid_up_to() })),
            };
            let line = if raw.line == 1 { line.strip_prefix('\u{FEFF}').unwrap_or(line) } else { line };
            let value = validate(line).map_err(fail)?;
            for (p, path) in paths.iter().enumerate() {
                ranges.clear();
                select(line, value, path, &mut ranges);
                for r in &ranges {
                    let Ok(text) = serde_json::from_str::<String>(&line[r.clone()]) else { continue };
                    found.clear();
                    self.check_guarded(&text, &mut cw, &mut found).map_err(fail)?;
                    for f in &mut found {
                        f.line = raw.line;
                        f.field = fields.get(p).cloned();
                        on_finding(f).map_err(|e| Error::io("writing output", e))?;
                    }
                    count += found.len() as u64;
                }
            }
        }
        Ok(count)
    }

    /// [`Checker::check_text`] of one value, lines counted from 1, a panic turned into a fault.
    fn check_guarded(&self, text: &str, cw: &mut CheckWorkspace, out: &mut Vec<Finding>) -> Result<(), RecordFault> {
        catch_unwind(AssertUnwindSafe(|| self.check_text(text, &mut Cursor::new(), cw, out))).map_err(|_| {
            *cw = CheckWorkspace::default();
            RecordFault::Internal
        })
    }
}

/// Kinds that redaction with `config` leaves in the text on purpose, so a check of its
/// output does not report them: dates with `--dates keep` (and shifted dates, which look
/// like dates), states with `--keep-states`, and every kind of a category switched off.
pub fn kept_kinds(config: &Config) -> Vec<Kind> {
    crate::review::KINDS
        .into_iter()
        .filter(|&k| {
            !config.redacts(k.category())
                || (k == Kind::Date && matches!(config.dates, DateMode::Keep | DateMode::Shift))
                || (k == Kind::State && config.keep_states)
        })
        .collect()
}

/// True for the `90+` the tool writes for an age over 89, seen again as an age (the
/// `clinical` detector's own-output rule does not cover it).
fn is_own_age(text: &str, c: &Candidate) -> bool {
    c.kind == Kind::Age && text[c.start..].starts_with("90+") && c.end - c.start <= 3
}

/// True if every letter and digit of `c` lies inside one of the tool's own codes or tags
/// (`own`, sorted): such a detection is the tool's output seen again, not a leak.
fn only_own(text: &str, c: &Candidate, own: &[Candidate]) -> bool {
    let first = own.partition_point(|o| o.end <= c.start);
    let near = &own[first..];
    if near.first().is_none_or(|o| o.start >= c.end) {
        return false;
    }
    text[c.start..c.end].char_indices().filter(|(_, ch)| ch.is_alphanumeric()).all(|(i, _)| {
        let at = c.start + i;
        near.iter().take_while(|o| o.start <= at).any(|o| at < o.end)
    })
}
