//! Render stage: resolved spans + the scope's codes -> output text.
//!
//! Everything outside a span is copied byte for byte (whitespace, CRLF, punctuation,
//! Unicode). Inside a span:
//!
//! | kind | becomes |
//! |---|---|
//! | name | the person's code, e.g. `K.R.` (titles and possessives are outside the span and stay) |
//! | date | `[DATE 2023]` (a four-digit year stays, Safe Harbor), `[DATE]`, or the date itself, per [`DateMode`] |
//! | age over 89 | `90+` |
//! | address, city, state, facility, location | `[ADDRESS-1]`, `[CITY-2]`, `[STATE-1]`, `[FACILITY-1]`, `[LOCATION-3]`: numbered per scope |
//! | ZIP, contact, identifier | `[ZIP]`, `[PHONE]`, `[FAX]`, `[EMAIL]`, `[URL]`, `[IP]`, `[HANDLE]`, `[SSN]`, `[MRN]`, `[ID]` |

use std::fmt::Write as _;
use std::ops::Range;

use crate::assign::Scope;
use crate::config::{Config, DateMode};
use crate::initials::{self, Initials};
use crate::lexicon::Lexicon;
use crate::span::{Candidate, Kind};

/// Links the people of a text before any of them is written: full names ("Jonathan Smith",
/// "Smith, Jonathan") are registered first, so that a partial mention that comes earlier in
/// the text ("Client: SMITH", "Jon") links to the full name instead of starting a person of
/// its own. Codes are still given out deterministically.
pub fn register_people(text: &str, spans: &[Candidate], scope: &mut Scope, lex: &Lexicon) {
    for c in spans.iter().filter(|c| c.kind == Kind::Name) {
        let name = &text[c.start..c.end];
        let parts = name
            .split(|ch: char| !(ch.is_alphabetic() || ch == '\'' || ch == '-'))
            .filter(|w| crate::segment::two_chars_or_more(w));
        if parts.count() >= 2 {
            let title = crate::assign::Gender::from_title_before(text, c.start);
            scope.person_code(name, c.shape, title, lex);
        }
    }
}

/// Writes `text` with every span in `spans` (sorted, disjoint) replaced, appended to `out`.
/// `placed` receives, for each span in order, the range its replacement takes in what this
/// call appended (offsets from the length `out` had).
pub fn render(
    text: &str,
    spans: &[Candidate],
    scope: &mut Scope,
    config: &Config,
    lex: &Lexicon,
    out: &mut String,
    placed: &mut Vec<Range<usize>>,
) {
    let (mut pos, base) = (0, out.len());
    for c in spans {
        out.push_str(&text[pos..c.start]);
        let at = out.len() - base;
        // initials written for a full name near them are that person ("JT": Jordan Tate)
        let ini = (c.kind == Kind::Name).then(|| Initials::of_word(&text[c.start..c.end])).flatten();
        let who = match ini.and_then(|ini| initials::referent(text, spans, c.start..c.end, ini)) {
            Some(r) if r.unique => &spans[r.span],
            _ => c,
        };
        replacement(who, text, &text[who.start..who.end], scope, config, lex, out);
        placed.push(at..out.len() - base);
        pos = c.end;
    }
    out.push_str(&text[pos..]);
}

/// Appends the replacement of one span. `text_before` is the analysed text the span's
/// offsets point into (a title before a name tells its gender).
pub fn replacement(
    c: &Candidate,
    text_before: &str,
    original: &str,
    scope: &mut Scope,
    config: &Config,
    lex: &Lexicon,
    out: &mut String,
) {
    if !config.redacts(c.kind.category()) {
        out.push_str(original);
        return;
    }
    match c.kind {
        Kind::Name => {
            let title = crate::assign::Gender::from_title_before(text_before, c.start);
            let code = scope.person_code(original, c.shape, title, lex);
            match config.code_format.as_str() {
                "{code}" => out.push_str(code),
                f => out.push_str(&f.replace("{code}", code)),
            }
        }
        // a year of birth alone stays unless it reveals an age over 89 ("born in 1929")
        Kind::Date if c.cue == crate::detect::dates::YEAR_OF_BIRTH && config.dates == DateMode::Year => {
            let year = if reveals_age_over_89(original, config.reference_year) { "[DATE]" } else { original };
            out.push_str(year);
        }
        Kind::Date => date(original, scope, config, out),
        Kind::Age => out.push_str("90+"),
        Kind::Address | Kind::City | Kind::State | Kind::Facility | Kind::Location => {
            let n = scope.place_number(c.kind, original);
            let _ = write!(out, "[{}-{n}]", c.kind.label());
        }
        Kind::Protected => out.push_str(original),
        k => {
            out.push('[');
            out.push_str(k.label());
            out.push(']');
        }
    }
}

/// True if `label` is what the tool writes between the brackets of a tag: an upper-case
/// label, optionally with a number ("FACILITY-1") or a year ("DATE 2023").
pub fn is_tag_label(label: &[u8]) -> bool {
    let letters = label.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let digits = |r: &[u8]| !r.is_empty() && r.iter().all(u8::is_ascii_digit);
    letters >= 2
        && match &label[letters..] {
            [] => true,
            [b'-', rest @ ..] => digits(rest),
            [b' ', rest @ ..] => rest.len() == 4 && digits(rest),
            _ => false,
        }
}

/// True if `after` (the bytes after a "[") starts with a tag label and its "]".
pub fn tag_follows(after: &[u8]) -> bool {
    let after = &after[..after.len().min(24)];
    after.iter().position(|&b| b == b']').is_some_and(|k| is_tag_label(&after[..k]))
}

/// A date per the date mode. A year of birth that reveals an age over 89 goes too.
fn date(original: &str, scope: &Scope, config: &Config, out: &mut String) {
    match config.dates {
        DateMode::Keep => out.push_str(original),
        DateMode::Tag => out.push_str("[DATE]"),
        DateMode::Shift => {
            let (lo, hi) = config.shift_days;
            match scope.date_offset(lo, hi).and_then(|d| crate::dateshift::shift(original, d)) {
                Some(s) => out.push_str(&s),
                None => out.push_str("[DATE]"),
            }
        }
        DateMode::Year => match four_digit_year(original) {
            Some(y) if !reveals_age_over_89(y, config.reference_year) => {
                let _ = write!(out, "[DATE {y}]");
            }
            _ => out.push_str("[DATE]"),
        },
    }
}

fn reveals_age_over_89(year: &str, reference_year: Option<i32>) -> bool {
    match (year.parse::<i32>(), reference_year) {
        (Ok(y), Some(now)) => now - y > 89,
        _ => false,
    }
}

/// The first four-digit year (1800-2099) in a date, standing alone as a number.
pub fn four_digit_year(date: &str) -> Option<&str> {
    let b = date.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        let window = &b[i..i + 4];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit()) && (i + 4 == b.len() || !b[i + 4].is_ascii_digit());
        if alone && window.iter().all(u8::is_ascii_digit) && matches!(&window[..2], b"18" | b"19" | b"20") {
            return Some(&date[i..i + 4]);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_is_found_only_as_a_whole_number() {
        assert_eq!(four_digit_year("3/14/2023"), Some("2023"));
        assert_eq!(four_digit_year("March 14th, 1999"), Some("1999"));
        assert_eq!(four_digit_year("3/14/23"), None);
        assert_eq!(four_digit_year("120234"), None);
    }
}
