//! Review page: original notes + their detections -> one self-contained HTML page.
//!
//! Stage: after render, for people. Job: show, per note, the original with every
//! detection highlighted by kind (a colour legend; the replacement, detector and cue on
//! hover) next to the de-identified text, with counts per kind, so that the person who
//! wrote a note can see what the tool found and what it missed before sharing the output.
//!
//! The page is one HTML string: inline CSS, no scripts, no external assets (a
//! Content-Security-Policy of `default-src 'none'` forbids loading anything), every piece of
//! note text and every file name HTML-escaped. Control characters are shown as their
//! Unicode control pictures (U+2400 block).
//!
//! **It holds PHI by nature**: a banner at the top says so. Writing it to a file with
//! owner-only permissions is the caller's job (the `review` command does).
//!
//! ```
//! use phi_redact::review::{render_page, NoteReview};
//! let redactor = phi_redact::Redactor::new(phi_redact::Config::default()).unwrap();
//! let note = NoteReview::new(&redactor, "a.txt", "Mrs. Kowalczyk <b> called 555-867-5309.\n").unwrap();
//! let html = render_page(&[note], &[]);
//! assert!(html.contains("&lt;b&gt;") && html.contains("class=\"k-phone\""));
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::assign::Scope;
use crate::error::Error;
use crate::pipeline::{Redactor, Workspace};
use crate::span::{Kind, Redaction};

/// Every kind a page can show, in legend order.
pub const KINDS: [Kind; 18] = [
    Kind::Name,
    Kind::Date,
    Kind::Age,
    Kind::Address,
    Kind::City,
    Kind::Zip,
    Kind::State,
    Kind::Facility,
    Kind::Location,
    Kind::Phone,
    Kind::Fax,
    Kind::Email,
    Kind::Url,
    Kind::Ip,
    Kind::Handle,
    Kind::Ssn,
    Kind::Mrn,
    Kind::Id,
];

/// Highlight colour of a kind, as `(r, g, b)`. Light enough for black text; no two alike.
pub fn colour(kind: Kind) -> (u8, u8, u8) {
    match kind {
        Kind::Name => (0xff, 0xd5, 0x4f),
        Kind::Date => (0x90, 0xca, 0xf9),
        Kind::Age => (0xb3, 0x9d, 0xdb),
        Kind::Address => (0xa5, 0xd6, 0xa7),
        Kind::City => (0x80, 0xcb, 0xc4),
        Kind::Zip => (0xe6, 0xee, 0x9c),
        Kind::State => (0xc0, 0xca, 0x33),
        Kind::Facility => (0xff, 0xab, 0x91),
        Kind::Location => (0xbc, 0xaa, 0xa4),
        Kind::Phone => (0xf4, 0x8f, 0xb1),
        Kind::Fax => (0xf8, 0xbb, 0xd0),
        Kind::Email => (0xce, 0x93, 0xd8),
        Kind::Url => (0x9f, 0xa8, 0xda),
        Kind::Ip => (0xb0, 0xbe, 0xc5),
        Kind::Handle => (0xff, 0xcc, 0x80),
        Kind::Ssn => (0xef, 0x9a, 0x9a),
        Kind::Mrn => (0xe5, 0x73, 0x73),
        Kind::Id => (0x4d, 0xd0, 0xe1),
        Kind::Protected => (0xff, 0xff, 0xff),
    }
}

/// One note ready for the page: its text, what it became and what was replaced.
#[derive(Clone, Debug)]
pub struct NoteReview {
    /// Name shown as the note's heading (a file name).
    pub name: String,
    /// The original text (a leading byte-order mark removed).
    pub original: String,
    /// The de-identified text.
    pub redacted: String,
    /// The replaced spans, offsets into `original`.
    pub redactions: Vec<Redaction>,
}

impl NoteReview {
    /// De-identifies `text` as one document with a fresh document scope (as
    /// [`Redactor::redact_str`] does). A panic inside a stage becomes [`Error::Internal`].
    pub fn new(redactor: &Redactor, name: &str, text: &str) -> Result<NoteReview, Error> {
        NoteReview::in_scope(redactor, name, text, &mut redactor.new_scope("document"))
    }

    /// De-identifies `text` in `scope` (a scope the caller made with
    /// [`Redactor::new_scope`], so that keyed codes and shared scopes match the redaction
    /// the page previews). A panic inside a stage becomes [`Error::Internal`].
    pub fn in_scope(redactor: &Redactor, name: &str, text: &str, scope: &mut Scope) -> Result<NoteReview, Error> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut redacted = String::with_capacity(text.len() + 64);
        let mut redactions = Vec::new();
        catch_unwind(AssertUnwindSafe(|| {
            redactor.redact_recorded(text, scope, &mut Workspace::new(), &mut redacted, &mut redactions)
        }))
        .map_err(|_| Error::Internal)?;
        Ok(NoteReview { name: name.to_string(), original: text.to_string(), redacted, redactions })
    }

    /// Number of replaced spans per kind.
    pub fn counts(&self) -> BTreeMap<Kind, usize> {
        let mut m = BTreeMap::new();
        for r in &self.redactions {
            *m.entry(r.kind).or_insert(0) += 1;
        }
        m
    }
}

/// An input that could not be put on the page, listed so that a reviewer does not take a
/// partial page for a complete one.
#[derive(Clone, Debug)]
pub struct Skipped {
    /// The input's name.
    pub name: String,
    /// Why (an error message: never note text).
    pub reason: String,
}

const STYLE: &str = "\
*{box-sizing:border-box}\
body{margin:0;padding:0 24px 24px;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1a1a1a;background:#fafafa}\
.phi{margin:0 -24px 16px;padding:14px 24px;background:#8e0000;color:#fff;font-size:16px}\
.phi strong{font-size:18px;display:block;margin-bottom:2px}\
h1{font-size:22px;margin:8px 0 4px}h2{font-size:18px;margin:0 0 6px;word-break:break-all}h3{font-size:14px;margin:0 0 6px;color:#444;text-transform:uppercase;letter-spacing:.04em}\
.legend{display:flex;flex-wrap:wrap;gap:6px 14px;margin:8px 0 16px;padding:10px 12px;background:#fff;border:1px solid #ddd;border-radius:6px}\
.legend span.item{display:inline-flex;align-items:center;gap:6px;font-size:14px}\
.sw{display:inline-block;width:18px;height:18px;border:1px solid #555;border-radius:3px}\
.skipped{background:#fff3e0;border:1px solid #e65100;padding:8px 12px;border-radius:6px;margin-bottom:16px}\
section.note{background:#fff;border:1px solid #ccc;border-radius:6px;padding:12px 14px;margin-bottom:20px}\
.counts{margin:0 0 10px;font-size:14px;color:#333}.counts b{font-weight:600}\
.cols{display:grid;grid-template-columns:1fr 1fr;gap:14px}\
pre{margin:0;padding:10px;background:#fdfdfd;border:1px solid #e0e0e0;border-radius:4px;white-space:pre-wrap;overflow-wrap:anywhere;font:13.5px/1.6 ui-monospace,'DejaVu Sans Mono',Menlo,Consolas,monospace}\
mark{color:#000;border-radius:3px;padding:1px 0}\
footer{color:#666;font-size:12px}";

/// Builds the review page for `notes` (in order), listing `skipped` inputs at the top.
pub fn render_page(notes: &[NoteReview], skipped: &[Skipped]) -> String {
    let mut totals: BTreeMap<Kind, usize> = BTreeMap::new();
    for n in notes {
        for (k, c) in n.counts() {
            *totals.entry(k).or_insert(0) += c;
        }
    }
    let size: usize = notes.iter().map(|n| 2 * (n.original.len() + n.redacted.len()) + 200 * n.redactions.len()).sum();
    let mut h = String::with_capacity(size + 8192);
    h.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    h.push_str("<meta name=\"referrer\" content=\"no-referrer\">\n<meta name=\"robots\" content=\"noindex\">\n");
    h.push_str("<title>phi-redact review (contains PHI)</title>\n<style>");
    h.push_str(STYLE);
    for k in KINDS {
        let (r, g, b) = colour(k);
        let _ = write!(h, ".k-{}{{background:#{r:02x}{g:02x}{b:02x}}}", class(k));
    }
    h.push_str("</style>\n</head>\n<body>\n");
    h.push_str(
        "<div class=\"phi\" role=\"alert\"><strong>This page contains protected health information (PHI).</strong>\
         It shows the original notes. Open it only on your own machine; do not share, upload, e-mail or print it; \
         delete it when the review is done. Share only the de-identified text, after reading it.</div>\n",
    );
    let total: usize = totals.values().sum();
    let _ = writeln!(
        h,
        "<h1>phi-redact review</h1>\n<p>{} note{}, {total} detection{}. Hover a highlight for its replacement and the \
         detector that found it. Anything identifying that is <em>not</em> highlighted was missed: add it to a \
         deny list (<code>--deny-list</code>) and run again.</p>",
        notes.len(),
        plural(notes.len()),
        plural(total),
    );
    h.push_str("<div class=\"legend\" aria-label=\"colour legend\">");
    for k in KINDS {
        if let Some(c) = totals.get(&k) {
            let _ =
                write!(h, "<span class=\"item\"><span class=\"sw k-{}\"></span>{} ({c})</span>", class(k), k.label());
        }
    }
    if totals.is_empty() {
        h.push_str("<span>No detections.</span>");
    }
    h.push_str("</div>\n");
    if !skipped.is_empty() {
        h.push_str("<div class=\"skipped\"><strong>Not on this page</strong> (could not be processed):<ul>");
        for s in skipped {
            h.push_str("<li>");
            escape_into(&mut h, &s.name);
            h.push_str(": ");
            escape_into(&mut h, &s.reason);
            h.push_str("</li>");
        }
        h.push_str("</ul></div>\n");
    }
    for (i, n) in notes.iter().enumerate() {
        note_section(&mut h, i + 1, n);
    }
    let _ = writeln!(h, "<footer>Generated by phi-redact {}.</footer>\n</body>\n</html>", env!("CARGO_PKG_VERSION"));
    h
}

fn note_section(h: &mut String, number: usize, n: &NoteReview) {
    let _ = write!(h, "<section class=\"note\" id=\"note-{number}\">\n<h2>");
    escape_into(h, &n.name);
    h.push_str("</h2>\n<p class=\"counts\">");
    let counts = n.counts();
    if counts.is_empty() {
        h.push_str("No detections.");
    }
    for (i, (k, c)) in counts.iter().enumerate() {
        if i > 0 {
            h.push_str(" &middot; ");
        }
        let _ = write!(h, "<b>{}</b> {c}", k.label());
    }
    h.push_str("</p>\n<div class=\"cols\">\n<div><h3>Original, detections highlighted</h3><pre>");
    let mut pos = 0;
    for r in &n.redactions {
        escape_into(h, &n.original[pos..r.start]);
        open_mark(h, r, &n.original[r.start..r.end]);
        escape_into(h, &n.original[r.start..r.end]);
        h.push_str("</mark>");
        pos = r.end;
    }
    escape_into(h, &n.original[pos..]);
    h.push_str("</pre></div>\n<div><h3>De-identified</h3><pre>");
    redacted_column(h, n);
    h.push_str("</pre></div>\n</div>\n</section>\n");
}

/// The de-identified text with each replacement highlighted. Positions are worked out from
/// the redactions and checked against the actual output; if they ever disagree, the output
/// is shown as it is, without highlights, rather than a reconstruction.
fn redacted_column(h: &mut String, n: &NoteReview) {
    let mut marks = Vec::with_capacity(n.redactions.len());
    let mut delta: isize = 0;
    for r in &n.redactions {
        let at = (r.start as isize + delta) as usize;
        let end = at + r.replacement.len();
        if n.redacted.get(at..end) != Some(r.replacement.as_str()) {
            escape_into(h, &n.redacted);
            return;
        }
        marks.push((at, end, r));
        delta += r.replacement.len() as isize - (r.end - r.start) as isize;
    }
    let mut pos = 0;
    for (at, end, r) in marks {
        escape_into(h, &n.redacted[pos..at]);
        open_mark(h, r, &n.original[r.start..r.end]);
        escape_into(h, &n.redacted[at..end]);
        h.push_str("</mark>");
        pos = end;
    }
    escape_into(h, &n.redacted[pos..]);
}

fn open_mark(h: &mut String, r: &Redaction, original: &str) {
    let _ = write!(h, "<mark class=\"k-{}\" title=\"{} \u{2192} ", class(r.kind), r.kind.label());
    if r.replacement == original {
        h.push_str("kept by the policy");
    } else {
        escape_into(h, &r.replacement);
    }
    h.push_str(" (");
    escape_into(h, r.detector);
    h.push_str(": ");
    escape_into(h, r.cue);
    h.push_str(")\">");
}

fn class(k: Kind) -> String {
    k.label().to_ascii_lowercase()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Appends `s` HTML-escaped (text and attribute values alike); control characters other
/// than tab, line feed and carriage return become their Unicode control pictures.
pub fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep: Option<char> = match c {
            '&' | '<' | '>' | '"' | '\'' => None,
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32),
            '\u{7f}' => Some('\u{2421}'),
            _ => continue,
        };
        out.push_str(&s[last..i]);
        match (c, rep) {
            (_, Some(p)) => out.push(p),
            ('&', _) => out.push_str("&amp;"),
            ('<', _) => out.push_str("&lt;"),
            ('>', _) => out.push_str("&gt;"),
            ('"', _) => out.push_str("&quot;"),
            _ => out.push_str("&#39;"),
        }
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        let mut s = String::new();
        escape_into(&mut s, "a<b>&\"c'\0\r\n\té");
        assert_eq!(s, "a&lt;b&gt;&amp;&quot;c&#39;\u{2400}\r\n\té");
    }

    #[test]
    fn colours_are_distinct() {
        for (i, a) in KINDS.iter().enumerate() {
            for b in &KINDS[i + 1..] {
                assert_ne!(colour(*a), colour(*b), "{a:?} {b:?}");
            }
        }
    }
}
