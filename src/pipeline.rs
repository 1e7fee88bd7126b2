//! The pipeline: a [`Redactor`] owns every compiled stage and runs them in order:
//! segment -> detect -> resolve -> (re-find names seen elsewhere, and facilities' short forms)
//! -> assign -> render -> re-check
//! (analyse the output again; render again with what that adds, until nothing new).
//!
//! Build one `Redactor` per run (it compiles patterns and opens the dictionaries), then
//! call [`Redactor::redact_str`] for a string or [`Redactor::redact_stream`] for a reader
//! of any size. A [`Scope`] carries codes from one chunk or document to the next.

use std::io::{BufRead, Write};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::assign::Scope;
use crate::config::Config;
use crate::detect::{names, short_forms, Note, Registry};
use crate::error::Error;
use crate::lexicon::{Lexicon, LookupCache};
use crate::read::text::{ChunkReader, CHUNK_TARGET};
use crate::render::{register_people, render};
use crate::resolve::{resolve, resolve_noting};
use crate::segment::{retokenize, tokenize, Token};
use crate::span::{Candidate, Kind, NameShape, Redaction};

/// The stateless half of the pipeline's work on one text: its tokens and its detector
/// candidates, resolved. Computing it needs no scope, so batch mode computes many in
/// parallel and then finishes them in input order (see [`Redactor::analyze`]).
#[derive(Default, Debug, Clone)]
pub struct Analysis {
    tokens: Vec<Token>,
    cands: Vec<Candidate>,
    /// Name candidates a deny-list span of another kind covered (see [`names::refind`]).
    hidden: Vec<Range<usize>>,
    /// What a protection (clinical phrase, allow-list entry, the tool's own output) kept,
    /// sorted and disjoint: names seen elsewhere are not re-found there ("Ehlers-Danlos
    /// syndrome" after "Mr. Ehlers").
    protected: Vec<Range<usize>>,
}

impl Analysis {
    /// Empty, with room for the tokens of `text`: about four in ten bytes of note text, so
    /// one allocation instead of a dozen.
    fn for_text(text: &str) -> Analysis {
        Analysis { tokens: Vec::with_capacity(text.len() / 2), ..Analysis::default() }
    }

    /// The resolved candidates (before names seen elsewhere in the scope are re-found).
    pub fn candidates(&self) -> &[Candidate] {
        &self.cands
    }
}

/// Reusable buffers for one thread. Keeping one per worker avoids allocating per note.
#[derive(Default)]
pub struct Workspace {
    analysis: Analysis,
    recheck: Recheck,
    out: String,
}

/// Buffers of the check [`Redactor::finish`] runs on its own output (see there).
#[derive(Default)]
pub struct Recheck {
    /// The look-up memo, shared with the first analysis where one thread does both.
    cache: LookupCache,
    cands: Vec<Candidate>,
    /// Where each span's replacement landed in the output (offsets from the output's start,
    /// wherever the caller's buffer had it begin), in span order.
    placed: Vec<Range<usize>>,
    /// Spans of the output's kept text that the check found, in the input's offsets.
    found: Vec<Candidate>,
    /// Scratch tokens for [`retokenize`].
    side: Vec<Token>,
    /// The output's protected spans (see [`Analysis`]).
    protected: Vec<Range<usize>>,
}

impl Recheck {
    /// Empty buffers.
    pub fn new() -> Recheck {
        Recheck::default()
    }
}

/// Collects into `hidden` the name candidates that a deny-list candidate of another kind
/// overlaps: resolving gives the span the deny list's kind, but the name is still learned.
fn hidden_names(cands: &[Candidate], hidden: &mut Vec<Range<usize>>) {
    hidden.clear();
    let denied = |c: &&Candidate| c.cue == crate::detect::lists::DENY_CUE && c.kind != Kind::Name;
    if !cands.iter().any(|c| denied(&c)) {
        return;
    }
    // Deny spans by start, with the furthest end so far: a name overlaps one if a span that
    // starts before the name's end reaches past its start (linear after the sort, however
    // long the roster or the text).
    let mut spans: Vec<(usize, usize)> = cands.iter().filter(denied).map(|d| (d.start, d.end)).collect();
    spans.sort_unstable();
    let mut reach = 0;
    for s in spans.iter_mut() {
        reach = reach.max(s.1);
        s.1 = reach;
    }
    for n in cands.iter().filter(|c| c.kind == Kind::Name) {
        let before = spans.partition_point(|&(start, _)| start < n.end);
        if before > 0 && spans[before - 1].1 > n.start {
            hidden.push(n.start..n.end);
        }
    }
}

/// Lets `add` append to the resolved candidates `cands` of `text`, and resolves them again
/// if it did.
fn resolve_if_added(text: &str, cands: &mut Vec<Candidate>, add: impl FnOnce(&mut Vec<Candidate>)) {
    let before = cands.len();
    add(cands);
    if cands.len() != before {
        resolve(text, cands);
    }
}

/// Adds the spans a re-check found (disjoint from `spans`) to `spans`, keeping them sorted. A
/// name found right after or before a name span, one space apart ("DAWN" + "PRICE"), joins
/// it: one person, one code.
fn add_found(text: &str, spans: &mut Vec<Candidate>, found: &mut Vec<Candidate>) {
    for f in found.drain(..) {
        let at = spans.partition_point(|c| c.start < f.start);
        if f.kind == Kind::Name {
            let joins = |a: &Candidate, b: &Candidate| {
                a.kind == Kind::Name && b.kind == Kind::Name && &text[a.end..b.start] == " "
            };
            if at > 0 && joins(&spans[at - 1], &f) {
                let before = &mut spans[at - 1];
                before.end = f.end;
                before.shape = NameShape::Unknown;
                continue;
            }
            if at < spans.len() && joins(&f, &spans[at]) {
                let after = &mut spans[at];
                after.start = f.start;
                after.shape = NameShape::Unknown;
                continue;
            }
        }
        spans.insert(at, f);
    }
}

/// Most renderings of one text before its output stands (see [`Redactor::finish`]). Each
/// round only adds spans; nearly every text needs one, a few two.
const MAX_ROUNDS: usize = 4;

impl Workspace {
    /// Empty buffers.
    pub fn new() -> Workspace {
        Workspace::default()
    }
}

/// Counts of one stream, for the caller's report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Bytes read.
    pub bytes: u64,
    /// Spans replaced.
    pub spans: u64,
}

/// All compiled stages of a run.
pub struct Redactor {
    config: Config,
    lex: Lexicon,
    registry: Registry,
}

impl Redactor {
    /// Compiles every stage for `config`.
    pub fn new(config: Config) -> Result<Redactor, Error> {
        config.validate()?;
        let registry = Registry::new(&config)?;
        Ok(Redactor { config, lex: Lexicon::new(), registry })
    }

    /// The detector registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The dictionaries.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// A new scope for this run's settings (keyed when a key is set); see
    /// [`Config::new_scope`].
    pub fn new_scope(&self, scope_id: &str) -> Scope {
        self.config.new_scope(scope_id)
    }

    /// Detects and resolves the spans of `text`, using (not changing) what `scope` knows.
    /// Returns the final, sorted, disjoint spans.
    pub fn spans(&self, text: &str, scope: &Scope, ws: &mut Workspace) -> Vec<Candidate> {
        self.analyze_into(text, &mut ws.analysis, &mut ws.recheck.cache);
        self.refind(text, &mut ws.analysis, scope);
        self.refind_short_forms(text, &mut ws.analysis, scope);
        std::mem::take(&mut ws.analysis.cands)
    }

    /// Stage 1 (stateless, safe to run in parallel): tokens and resolved candidates.
    pub fn analyze(&self, text: &str, cache: &mut LookupCache) -> Analysis {
        let mut a = Analysis::for_text(text);
        self.analyze_into(text, &mut a, cache);
        a
    }

    /// [`Redactor::analyze`] of several texts at once, stage by stage: every text is
    /// tokenized, then each detector runs over all of them in turn. The analyses are those
    /// of one text at a time; for many small notes this is slightly faster (2-3% on the
    /// fixture notes: each stage's code stays in the CPU's caches from one note to the next).
    pub fn analyze_many(&self, texts: &[&str], cache: &mut LookupCache) -> Vec<Analysis> {
        let mut all: Vec<Analysis> = texts
            .iter()
            .map(|text| {
                let mut a = Analysis::for_text(text);
                tokenize(text, &self.lex, &mut a.tokens, cache);
                a
            })
            .collect();
        let notes: Vec<Note<'_>> =
            texts.iter().zip(&all).map(|(text, a)| Note { text, tokens: &a.tokens, lex: &self.lex }).collect();
        let mut cands: Vec<Vec<Candidate>> = vec![Vec::new(); texts.len()];
        self.registry.detect_many(&notes, &mut cands);
        drop(notes);
        for ((a, c), text) in all.iter_mut().zip(cands).zip(texts) {
            a.cands = c;
            Self::settle(text, a);
        }
        all
    }

    fn analyze_into(&self, text: &str, a: &mut Analysis, cache: &mut LookupCache) {
        tokenize(text, &self.lex, &mut a.tokens, cache);
        self.detect_settle(text, a);
    }

    /// The detectors and [`Redactor::settle`] on the tokens of `text` in `a`.
    fn detect_settle(&self, text: &str, a: &mut Analysis) {
        let note = Note { text, tokens: &a.tokens, lex: &self.lex };
        a.cands.clear();
        self.registry.detect(&note, &mut a.cands);
        Self::settle(text, a);
    }

    /// The last step of an analysis, once every detector ran: note the names a deny-list
    /// span hides, then resolve the candidates.
    fn settle(text: &str, a: &mut Analysis) {
        hidden_names(&a.cands, &mut a.hidden);
        resolve_noting(text, &mut a.cands, Some(&mut a.protected));
    }

    /// Adds bare mentions of names the scope or the text already knows as names.
    fn refind(&self, text: &str, a: &mut Analysis, scope: &Scope) {
        let note = Note { text, tokens: &a.tokens, lex: &self.lex };
        resolve_if_added(text, &mut a.cands, |c| names::refind(&note, scope.known_names(), &a.hidden, &a.protected, c));
    }

    /// Adds the mentions of the short forms of the scope's facilities. Not asked again of
    /// the output: the scope learns short forms before this, the first reading, so the
    /// output's kept text holds none it would find.
    fn refind_short_forms(&self, text: &str, a: &mut Analysis, scope: &Scope) {
        let note = Note { text, tokens: &a.tokens, lex: &self.lex };
        resolve_if_added(text, &mut a.cands, |c| short_forms::refind(&note, scope.short_forms(), &a.protected, c));
    }

    /// Teaches `scope` the short forms of the facilities among `cands` ("Hemlock Ridge" of
    /// "Hemlock Ridge Elementary School"), before anything is re-found or rendered.
    fn learn_short_forms(&self, text: &str, cands: &[Candidate], scope: &mut Scope) {
        if !self.config.redacts(Kind::Facility.category()) {
            return;
        }
        for c in cands.iter().filter(|c| c.kind == Kind::Facility && c.cue != short_forms::CUE) {
            scope.learn_short_form(&text[c.start..c.end], |full| short_forms::short_form(full, &self.lex));
        }
    }

    /// Stage 2 (sequential within a scope, in input order): learn the short forms of the
    /// text's facilities, re-find known names and short forms, give codes, render into
    /// `out`; appends one [`Redaction`] per span to `record` if given.
    /// Returns the number of spans replaced.
    ///
    /// The output is then analysed again, in the same scope, as a second run of the tool
    /// would analyse it. Whatever that finds in the text the first rendering kept (a verdict
    /// that changed once a neighbour became a code or a tag) is added to the spans and the
    /// text rendered again, until nothing new is found: de-identifying the output again
    /// changes nothing (idempotence), and a context the first reading missed cannot leave a
    /// name behind.
    pub fn finish(
        &self,
        text: &str,
        analysis: &mut Analysis,
        scope: &mut Scope,
        recheck: &mut Recheck,
        out: &mut String,
        record: Option<&mut Vec<Redaction>>,
    ) -> usize {
        self.learn_short_forms(text, &analysis.cands, scope);
        self.refind(text, analysis, scope);
        self.refind_short_forms(text, analysis, scope);
        if !analysis.hidden.is_empty() {
            let note = Note { text, tokens: &analysis.tokens, lex: &self.lex };
            let mut key = String::new();
            for range in &analysis.hidden {
                names::name_keys(&note, range.clone(), &mut key, |k| scope.learn_name(k));
            }
        }
        let mark = out.len();
        for round in 1..=MAX_ROUNDS {
            out.truncate(mark);
            recheck.placed.clear();
            register_people(text, &analysis.cands, scope, &self.lex);
            render(text, &analysis.cands, scope, &self.config, &self.lex, out, &mut recheck.placed);
            let output = &out[mark..];
            // (an output equal to the input reads the same: nothing to re-check)
            if round == MAX_ROUNDS
                || output == text
                || !self.recheck(
                    (round == 1).then_some(text),
                    &analysis.cands,
                    &mut analysis.tokens,
                    output,
                    scope,
                    recheck,
                )
            {
                break;
            }
            add_found(text, &mut analysis.cands, &mut recheck.found);
        }
        if let Some(r) = record {
            r.extend(analysis.cands.iter().zip(&recheck.placed).map(|(c, at)| Redaction {
                start: c.start,
                end: c.end,
                kind: c.kind,
                detector: c.detector,
                cue: c.cue,
                replacement: out[mark + at.start..mark + at.end].to_string(),
            }));
        }
        analysis.cands.len()
    }

    /// Analyses `output` (the rendering of `spans`) again and collects into `rc.found` what
    /// it finds in the text that rendering kept, clipped to that text and moved to the
    /// input's offsets. True if anything was found. `tokens` (no longer needed) lends its
    /// buffer to the output's tokens; if they are those of the input, `input` is its text,
    /// and the output's are made from them ([`retokenize`]: only the text around each span
    /// is cut again).
    fn recheck(
        &self,
        input: Option<&str>,
        spans: &[Candidate],
        tokens: &mut Vec<Token>,
        output: &str,
        scope: &Scope,
        rc: &mut Recheck,
    ) -> bool {
        let mut a = Analysis {
            tokens: std::mem::take(tokens),
            cands: std::mem::take(&mut rc.cands),
            hidden: Vec::new(),
            protected: std::mem::take(&mut rc.protected),
        };
        match input {
            Some(text) => {
                let edits = spans.iter().zip(&rc.placed).map(|(c, at)| (c.start..c.end, at.clone()));
                retokenize(text, output, edits, &self.lex, &mut a.tokens, &mut rc.cache, &mut rc.side);
            }
            None => tokenize(output, &self.lex, &mut a.tokens, &mut rc.cache),
        }
        self.detect_settle(output, &mut a);
        self.refind(output, &mut a, scope);
        rc.found.clear();
        // `placed[k]` is where span k landed; the kept text between two spans sits at the
        // same distance from the end of the first in the input and in the output.
        let placed = &rc.placed;
        let mut k = 0;
        for c in &a.cands {
            if c.kind == Kind::Protected || !self.config.redacts(c.kind.category()) {
                continue;
            }
            while k < placed.len() && placed[k].end <= c.start {
                k += 1;
            }
            // the kept stretches c overlaps: before placed[j] (and after placed[j - 1])
            let mut j = k;
            loop {
                let (kept_out, kept_in) = match j {
                    0 => (0, 0),
                    _ => (placed[j - 1].end, spans[j - 1].end),
                };
                let kept_end = placed.get(j).map_or(output.len(), |p| p.start);
                let (lo, hi) = (c.start.max(kept_out), c.end.min(kept_end));
                if lo < hi {
                    let mut n = c.clone();
                    n.start = lo - kept_out + kept_in;
                    n.end = hi - kept_out + kept_in;
                    rc.found.push(n);
                }
                if j >= placed.len() || placed[j].start >= c.end {
                    break;
                }
                j += 1;
            }
        }
        (*tokens, rc.cands, rc.protected) = (a.tokens, a.cands, a.protected);
        !rc.found.is_empty()
    }

    /// Redacts `text` into `out` (appended), updating `scope`. Returns the number of spans
    /// replaced.
    pub fn redact_into(&self, text: &str, scope: &mut Scope, ws: &mut Workspace, out: &mut String) -> usize {
        self.analyze_into(text, &mut ws.analysis, &mut ws.recheck.cache);
        self.finish(text, &mut ws.analysis, scope, &mut ws.recheck, out, None)
    }

    /// Like [`Redactor::redact_into`], and also appends one [`Redaction`] per replaced span
    /// to `record` (offsets into `text`).
    pub fn redact_recorded(
        &self,
        text: &str,
        scope: &mut Scope,
        ws: &mut Workspace,
        out: &mut String,
        record: &mut Vec<Redaction>,
    ) {
        self.analyze_into(text, &mut ws.analysis, &mut ws.recheck.cache);
        self.finish(text, &mut ws.analysis, scope, &mut ws.recheck, out, Some(record));
    }

    /// Redacts `text` as one document that cannot fail half-way: on a panic inside a stage
    /// nothing is appended to `out` and [`Error::Internal`] is returned.
    pub fn redact_guarded(
        &self,
        text: &str,
        scope: &mut Scope,
        ws: &mut Workspace,
        out: &mut String,
    ) -> Result<usize, Error> {
        let mark = out.len();
        match catch_unwind(AssertUnwindSafe(|| self.redact_into(text, scope, ws, out))) {
            Ok(n) => Ok(n),
            Err(_) => {
                out.truncate(mark);
                *ws = Workspace::new();
                Err(Error::Internal)
            }
        }
    }

    /// Redacts `text` into `out` (appended) in pieces of about 1 MiB cut at line breaks, as a
    /// stream of it would be, so that a value of any size (a 10 MB CSV cell) needs memory for
    /// one piece's analysis only. Calls `each` with the analysis of every piece. Returns the
    /// number of spans replaced.
    pub fn redact_pieces(
        &self,
        text: &str,
        scope: &mut Scope,
        ws: &mut Workspace,
        out: &mut String,
        mut each: impl FnMut(&Analysis),
    ) -> usize {
        let mut n = 0;
        for piece in crate::read::text::pieces(text, CHUNK_TARGET) {
            n += self.redact_into(piece, scope, ws, out);
            each(&ws.analysis);
        }
        n
    }

    /// Redacts one string with a fresh document scope.
    pub fn redact_str(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 64);
        self.redact_into(text, &mut self.new_scope("document"), &mut Workspace::new(), &mut out);
        out
    }

    /// Redacts a stream of any size chunk by chunk into `output`, with one scope for the
    /// whole stream. Fails closed: a chunk that is not valid UTF-8 (unless `lossy`) or whose
    /// processing panics is not written, and the error is returned; chunks before it were
    /// already written redacted.
    pub fn redact_stream<R: BufRead, W: Write>(
        &self,
        input: R,
        output: &mut W,
        scope: &mut Scope,
        lossy: bool,
    ) -> Result<Stats, Error> {
        let mut reader = ChunkReader::new(input);
        let mut buf = Vec::new();
        let mut ws = Workspace::new();
        let mut stats = Stats::default();
        let mut first = true;
        while reader.next_chunk(&mut buf).map_err(|e| Error::io("reading input", e))? {
            let offset = stats.bytes;
            stats.bytes += buf.len() as u64;
            let mut bytes: &[u8] = &buf;
            if first {
                first = false;
                if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                    output.write_all(b"\xEF\xBB\xBF").map_err(|e| Error::io("writing output", e))?;
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
            let mut out = std::mem::take(&mut ws.out);
            out.clear();
            let n = self.redact_guarded(text, scope, &mut ws, &mut out)?;
            stats.spans += n as u64;
            output.write_all(out.as_bytes()).map_err(|e| Error::io("writing output", e))?;
            ws.out = out;
        }
        output.flush().map_err(|e| Error::io("writing output", e))?;
        Ok(stats)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(start: usize, end: usize, kind: Kind) -> Candidate {
        Candidate::new(start, end, kind, "test", "test", 100)
    }

    #[test]
    fn analysing_notes_together_gives_each_its_own_analysis() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/notes");
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        let notes: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
        let mut texts: Vec<&str> = notes.iter().map(String::as_str).collect();
        texts.push("");
        let r = Redactor::new(Config::default()).unwrap();
        let together = r.analyze_many(&texts, &mut LookupCache::default());
        assert_eq!(together.len(), texts.len());
        for (text, a) in texts.iter().zip(&together) {
            let alone = r.analyze(text, &mut LookupCache::default());
            assert_eq!(a.cands, alone.cands);
            assert_eq!(a.hidden, alone.hidden);
            let spans = |a: &Analysis| a.tokens.iter().map(|t| (t.start, t.end)).collect::<Vec<_>>();
            assert_eq!(spans(a), spans(&alone));
        }
        assert!(together.iter().map(|a| a.cands.len()).sum::<usize>() > 100, "the notes have PHI to find");
    }

    /// Redacting into a buffer that already holds text appends what redacting into an empty
    /// one gives, also when the re-check adds a span ("Wa" is a place only once "May" is a
    /// date): the re-check reads the rendering where it starts, not where the buffer does.
    #[test]
    fn redacting_after_earlier_output_appends_the_same_text() {
        let r = Redactor::new(Config::default()).unwrap();
        for text in ["Seen in May Wa today.\n", "fax 555-201-3399 00 00000 fax 555-201-3399 \n"] {
            let mut ws = Workspace::new();
            let first = r.spans(text, &r.new_scope(""), &mut ws).len();
            let mut alone = String::new();
            let spans = r.redact_into(text, &mut r.new_scope(""), &mut ws, &mut alone);
            assert!(spans > first, "the re-check adds a span to {text:?}");
            let mut after = String::from("Earlier output, already written.\n");
            let before = after.len();
            r.redact_into(text, &mut r.new_scope(""), &mut ws, &mut after);
            assert_eq!(&after[before..], alone, "{text:?}");
        }
    }

    #[test]
    fn a_found_name_joins_a_name_next_to_it_and_nothing_else() {
        let text = "DAWN PRICE 3/14/2023 Smith";
        let mut spans = vec![cand(0, 4, Kind::Name), cand(11, 20, Kind::Date)];
        let mut found = vec![cand(5, 10, Kind::Name), cand(21, 26, Kind::Name)];
        add_found(text, &mut spans, &mut found);
        let got: Vec<(usize, usize, Kind)> = spans.iter().map(|c| (c.start, c.end, c.kind)).collect();
        assert_eq!(got, vec![(0, 10, Kind::Name), (11, 20, Kind::Date), (21, 26, Kind::Name)]);
        assert!(found.is_empty());
    }

    #[test]
    fn a_found_name_before_a_date_stays_apart() {
        let text = "Smith 3/14/2023";
        let mut spans = vec![cand(6, 15, Kind::Date)];
        let mut found = vec![cand(0, 5, Kind::Name)];
        add_found(text, &mut spans, &mut found);
        let got: Vec<(usize, usize, Kind)> = spans.iter().map(|c| (c.start, c.end, c.kind)).collect();
        assert_eq!(got, vec![(0, 5, Kind::Name), (6, 15, Kind::Date)]);
    }
}
