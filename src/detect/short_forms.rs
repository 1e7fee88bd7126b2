//! Facilities named again by the first words of their name: "Hemlock Ridge Elementary
//! School" and later "the Hemlock Ridge gym", "Salish Sound College" and "Salish Sound
//! Student Health", "Heartland Supportive Housing" and "a Heartland unit".
//!
//! **Why PHI**: the short form names the same school, clinic or employer as the full name
//! the `locations` detector found; left in, it locates the client as well as the full name.
//!
//! **How**: not a detector of the registry (it needs what the scope saw), but a stage of
//! the pipeline's re-finding, next to [`super::names::refind`]. The *short form* of a
//! facility is the capitalised words before its first generic or head word ([`short_form`]:
//! "Hemlock Ridge" of "Hemlock Ridge Elementary School"; none for "First Baptist Church" or
//! "Community Mental Health Center"). The scope learns the short forms of the facilities it
//! replaces, with the facility each stands for ([`crate::assign::Scope::learn_short_form`]),
//! and [`refind`] marks their capitalised mentions outside every other span as that
//! facility: it gets the full name's number.
//!
//! A short form of one word that is a common English word ("Heartland", "Lighthouse") is
//! re-found only inside a sentence, never as its first word ("Heartland is ..." may be the
//! word). Words no list knows, names and places are re-found anywhere. Lines without case
//! are left alone.
//!
//! **Priority**: 80, under every detector's: a name or a place found there by its own
//! evidence keeps its kind ("Lincoln" of "Lincoln High School" after "Mr.").

use std::ops::Range;

use super::locations::{DENOMINATIONS, EXTRA_HEADS, GENERIC, STRONG_HEADS};
use super::Note;
use crate::assign::ShortForms;
use crate::lexicon::{bits, normalize_into, Lexicon};
use crate::segment::{Class, CASELESS, SENT_START};
use crate::span::{Candidate, Kind};

/// Name reported for the spans found here.
const NAME: &str = "locations";
/// Their reason.
pub const CUE: &str = "facility named elsewhere in the scope";
/// Their priority (see the module's documentation).
const PRIORITY: u8 = 80;
/// Most words of a short form.
pub const MAX_WORDS: usize = 4;

/// True if `w` (lower case) is a word that describes a facility rather than names it.
fn descriptive(w: &str, lex: &Lexicon) -> bool {
    lex.get(w).has(bits::FACILITY_HEAD | bits::STOPWORD | bits::TITLE)
        || [GENERIC, EXTRA_HEADS, STRONG_HEADS, DENOMINATIONS].iter().any(|list| list.contains(&w))
}

/// The short form of the facility named `text`: its first one to [`MAX_WORDS`] words, each
/// capitalised with no digit, before a generic or head word; none if no word comes before
/// one, if a word of it ends with a full stop ("St."), or if it is one word that is a title,
/// a month, a weekday, a kinship or role word, a state, or shorter than three letters.
pub fn short_form<'t>(text: &'t str, lex: &Lexicon) -> Option<&'t str> {
    let mut key = String::new();
    let mut end = 0;
    let mut words = 0;
    for (at, word) in text.split_inclusive(char::is_whitespace).scan(0, |pos, w| {
        let at = *pos;
        *pos += w.len();
        Some((at, w.trim_end()))
    }) {
        if word.is_empty() {
            continue;
        }
        normalize_into(word, &mut key);
        if descriptive(&key, lex) {
            break;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let plain = word.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}');
        if !capitalised || !plain || words == MAX_WORDS {
            return None;
        }
        words += 1;
        end = at + word.len();
    }
    if words == 0 || end >= text.trim_end().len() {
        return None;
    }
    let short = &text[..end];
    if words == 1 {
        normalize_into(short, &mut key);
        let e = lex.get(&key);
        let block = bits::TITLE | bits::MONTH | bits::WEEKDAY | bits::PERSON_CUE | bits::US_STATE | bits::STOPWORD;
        if key.chars().count() < 3 || e.has(block) {
            return None;
        }
    }
    Some(short)
}

/// Adds a candidate for every mention of a short form the scope knows (`known`) in
/// capitalised words outside `out`'s spans (sorted, resolved) and the `protected` ranges.
pub fn refind(note: &Note<'_>, known: &ShortForms, protected: &[Range<usize>], out: &mut Vec<Candidate>) {
    if known.is_empty() {
        return;
    }
    let toks = note.tokens;
    let existing = out.len();
    let (mut ci, mut pi) = (0, 0);
    let (mut key, mut next) = (String::new(), String::new());
    let bytes = note.text.as_bytes();
    // the capitalised word one space after word `k`, if any
    let next_capitalised = |k: usize| {
        let joined = toks.get(k + 1).is_some_and(|s| s.class == Class::Space && s.end - s.start == 1)
            && toks.get(k + 2).is_some_and(|n| n.class == Class::Word && n.is_capitalized());
        joined.then_some(k + 2)
    };
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        i += 1;
        if t.class != Class::Word || !t.is_capitalized() || t.has(CASELESS) || !known.may_start(&bytes[t.start..t.end])
        {
            continue;
        }
        normalize_into(t.text(note.text), &mut key);
        if !known.starts(&key) {
            continue;
        }
        // the longest known form from here, word by word over single spaces
        let first = i - 1;
        let (mut last, mut found) = (first, None);
        let mut words = 1;
        loop {
            if known.contains(&key) {
                found = Some(last);
            }
            let Some(w) = next_capitalised(last).filter(|_| words < MAX_WORDS) else { break };
            key.push(' ');
            normalize_into(toks[w].text(note.text), &mut next);
            key.push_str(&next);
            last = w;
            words += 1;
        }
        let Some(last) = found else { continue };
        let (start, end) = (t.start, toks[last].end);
        // one common word: not as a sentence's first word
        if first == last && t.has(SENT_START) && t.entry.word() > 0 && t.entry.name() == 0 {
            continue;
        }
        while ci < existing && out[ci].end <= start {
            ci += 1;
        }
        if ci < existing && out[ci].start < end {
            continue;
        }
        while pi < protected.len() && protected[pi].end <= start {
            pi += 1;
        }
        if pi < protected.len() && protected[pi].start < end {
            continue;
        }
        // (a form of one word is not the first word of a longer capitalised name: "Heartland
        // Bank")
        if first == last && next_capitalised(last).is_some() {
            continue;
        }
        out.push(Candidate::new(start, end, Kind::Facility, NAME, CUE, PRIORITY));
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_are_the_words_before_the_first_generic_or_head_word() {
        let lex = Lexicon::new();
        let cases = [
            ("Hemlock Ridge Elementary School", Some("Hemlock Ridge")),
            ("Salish Sound College", Some("Salish Sound")),
            ("Heartland Supportive Housing", Some("Heartland")),
            ("Bellcastle Plant", Some("Bellcastle")),
            ("First Baptist Church", None),
            ("Community Mental Health Center", None),
            ("St. Mary's Hospital", None),
            ("Walmart", None),
            ("Mr Clinic", None),
            ("Hollis Creek VA Clinic", Some("Hollis Creek")),
            ("Route 9 Diner", None),
        ];
        for (full, short) in cases {
            assert_eq!(short_form(full, &lex), short, "{full}");
        }
    }
}
