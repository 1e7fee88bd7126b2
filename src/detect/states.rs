//! Detector `states`: US state and territory names, and their two-letter abbreviations in
//! an address.
//!
//! **What**: "Texas", "New Mexico", "NORTH CAROLINA", and in a text without case "iowa" or
//! "moved to georgia"; "NM" in "Joshuaville, NM 87001" or
//! "[CITY-1], NM". **Why**: HIPAA Safe Harbor lets the state stay, but a state beside a small
//! town narrows a client down; the default is to remove it, and `--keep-states` (or
//! `keep_states = true` in a policy) keeps states, which Safe Harbor allows.
//! **Known false positives**: a state name used as a person's name after a place word
//! ("from Georgia") is a state here, which is still a redaction. Abbreviations are only taken
//! in an address shape, so "PA", "MD", "MS" and "OR" in prose are left alone.

use super::{Detector, Note};
use crate::lexicon::bits;
use crate::segment::{Case, Class, CASELESS};

use crate::span::{Candidate, Kind};

/// Priority: above dictionary names (100) and cities (120), below facilities and addresses.
const P_STATE: u8 = 125;

/// The states detector.
#[derive(Default)]
pub struct States {}

impl States {
    /// Creates the detector.
    pub fn new() -> States {
        States {}
    }
}

impl Detector for States {
    fn name(&self) -> &'static str {
        "states"
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let toks = note.tokens;
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            let capital = t.case == Case::Title || t.case == Case::Upper;
            if t.class != Class::Word || !capital && !t.has(CASELESS) {
                i += 1;
                continue;
            }
            // Two-word names first: "New Mexico", "North Carolina", "Rhode Island".
            let word = note.tok(i);
            const FIRSTS: [&str; 8] = ["new", "north", "south", "west", "rhode", "puerto", "american", "virgin"];
            let first_of_two = if capital {
                (3..=8).contains(&word.len()) && FIRSTS.iter().any(|w| word.eq_ignore_ascii_case(w))
            } else {
                // (a lower-case word in a text without case: most are neither)
                FIRSTS.contains(&word)
            };
            if !capital && !first_of_two && !t.entry.has(bits::US_STATE) {
                i += 1;
                continue;
            }
            if let Some(j) = note.next_word(i).filter(|_| first_of_two) {
                let u = &toks[j];
                if (u.is_capitalized() || u.has(CASELESS)) && note.text[t.end..u.start] == *" " {
                    key.clear();
                    crate::lexicon::normalize_into(&note.text[t.start..u.end], &mut key);
                    if note.lex.get(&key).has(bits::US_STATE) {
                        out.push(Candidate::new(t.start, u.end, Kind::State, "states", "state name", P_STATE));
                        i = j + 1;
                        continue;
                    }
                }
            }
            let name_case = t.case == Case::Title || t.has(CASELESS) && (capital || lower_state(note, i));
            if name_case && t.entry.has(bits::US_STATE) && t.end - t.start > 2 {
                out.push(Candidate::new(t.start, t.end, Kind::State, "states", "state name", P_STATE));
            } else if t.case == Case::Upper
                && t.end - t.start == 2
                && t.entry.has(bits::STATE_ABBR)
                && in_address(note, i)
            {
                out.push(Candidate::new(
                    t.start,
                    t.end,
                    Kind::State,
                    "states",
                    "state abbreviation in an address",
                    P_STATE,
                ));
            }
            i += 1;
        }
    }
}

/// True if the lower-case state name at `i` (in a text without case) is a state: one that
/// is seldom a first name ("iowa", "texas"), or any after a place word ("moved to georgia";
/// not "his daughter georgia").
fn lower_state(note: &Note<'_>, i: usize) -> bool {
    note.tokens[i].entry.name() < 100 || note.prev_word(i).is_some_and(|q| place_word(note.tok(q)))
}

/// Words a place follows: "in", "from", "moved", "lives".
fn place_word(w: &str) -> bool {
    ["in", "from", "to", "near", "of", "at", "moved", "lives", "born"].iter().any(|p| w.eq_ignore_ascii_case(p))
}

/// State codes that are also credentials, words, labels or the Veterans Affairs ("MD", "PA",
/// "OR", "ID", "VA"): they need a town before them to be a state, here and in the locations
/// detector's "Town ST 12345".
pub(crate) const LABEL_STATE_CODES: &[&str] =
    &["MD", "PA", "MS", "OR", "IN", "ME", "OK", "HI", "CO", "LA", "DE", "OH", "ID", "MA", "VA"];

/// "Town, NM", "[CITY-1], NM" or "NM 87001" ("Boise ID 83702", not "Member ID 12345").
fn in_address(note: &Note<'_>, i: usize) -> bool {
    let toks = note.tokens;
    let zip_after = note.next_word(i).is_some_and(|j| {
        let w = note.tok(j);
        toks[j].class == Class::Number && w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit())
    });
    // "Smith, MD", "Lee, PA", "SSI, VA": credentials, words and the Veterans Affairs that
    // are also state codes need a town (a listed city or a [CITY-n] tag) before the comma.
    let credential = LABEL_STATE_CODES.contains(&note.tok(i));
    let comma_before = note.prev_nonspace(i).is_some_and(|c| {
        note.tok(c) == ","
            && note.prev_nonspace(c).is_some_and(|p| {
                // A tag stands for what it replaced: any place before a state code, but only
                // a town ("[CITY-1], MD") before a code that is also a credential, so
                // "Oliver Ward, MD" as "[FACILITY-1], MD" keeps its "MD" as the first pass did.
                let tag = note
                    .own_tag_label_ending_at(p)
                    .is_some_and(|label| !credential || label.starts_with(b"CITY") || label.starts_with(b"LOCATION"));
                let after_place_word = note.prev_word(p).is_some_and(|q| place_word(note.tok(q)));
                tag || toks[p].is_capitalized() && (!credential || after_place_word || listed_town(note, p))
            })
    });
    // "Member ID 12345", "Patient ID 44871": before a number, a code that is also a label or
    // a credential needs a town before it too ("Boise ID 83702", "[CITY-1] ID 83702")
    // ("Netherby, OH 32559": a comma before it will do)
    let town_before = || {
        note.prev_nonspace(i).is_some_and(|p| {
            note.tok(p) == ","
                || note.own_tag_label_ending_at(p).is_some_and(|l| l.starts_with(b"CITY") || l.starts_with(b"LOCATION"))
                || toks[p].class == Class::Word && listed_town(note, p)
        })
    };
    zip_after && (!credential || town_before()) || comma_before
}

/// The capitalised words that end at token `p` (one to three) are a listed town or county
/// that is not more often a name ("Boston", "New Bedford"; not "Lee"): the same test the
/// locations detector uses to tag them `[CITY-n]`, so "Boston, MA" loses its state in the
/// first pass as "[CITY-1], MA" would in the second (idempotence).
fn listed_town(note: &Note<'_>, p: usize) -> bool {
    let toks = note.tokens;
    let mut key = String::new();
    let mut first = p;
    for _ in 0..3 {
        if toks[first].class != Class::Word || !toks[first].is_capitalized() {
            return false;
        }
        key.clear();
        crate::lexicon::normalize_into(&note.text[toks[first].start..toks[p].end], &mut key);
        let e = note.lex.get(&key);
        let city = e.has(bits::US_CITY | bits::WORLD_CITY)
            && !e.has(bits::COUNTRY)
            && i32::from(e.name()) + 10 < i32::from(e.place_pop());
        if city || e.has(bits::US_COUNTY) {
            return true;
        }
        match note.prev_word(first) {
            Some(q) if note.text[toks[q].end..toks[first].start] == *" " => first = q,
            _ => return false,
        }
    }
    false
}
