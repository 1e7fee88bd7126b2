//! Detector `clinical`: what must survive although it looks like a name or a place.
//!
//! **What**: `Protected` spans over
//! - clinical eponyms: the ICD-10-CM eponym phrases ("Parkinson's disease", "Bell's palsy",
//!   "Hodgkin lymphoma"), any capitalised word + possessive + a clinical head noun
//!   ("Wilson's disease", "Hashimoto's thyroiditis"), any capitalised word + a disease noun
//!   ("Tourette disorder", "Capgras delusion"), and the bare possessive of an eponym that is
//!   not a common surname ("Asperger's", "Tourette's"; a rarer one where it ends a clause:
//!   "hx of Parkinson's");
//! - the armed services, programs and holidays, listed as phrases the same way ("Army",
//!   "Coast Guard", "Head Start", "Al-Anon", "Easter Sunday": part of the story, and
//!   several are listed names);
//! - named instruments: a run of capitalised words ending in Inventory, Scale,
//!   Questionnaire, Checklist... ("Beck Depression Inventory", "Conners Rating Scale");
//! - the tool's own output: codes ("K.R.") and tags ("[CITY-2]", "[DATE 2023]"), so that
//!   de-identifying de-identified text changes nothing.
//!
//! **Why**: over-redaction makes the clinical story unreadable; the resolver drops every
//! name or place candidate a protection overlaps (never dates, contacts or identifiers).
//!
//! **Known gaps**: an eponym written without its head noun and shared with a common surname
//! ("Wilson's") is not protected: the person reading wins over the diagnosis.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};

use super::wordset::WordSet;
use super::{Detector, Note};
use crate::lexicon::{bits, Eponyms};
use crate::segment::{Case, Class};
use crate::span::{Candidate, Kind};

/// Priority of clinical protections: above dictionary and context names (< 200), below the
/// user's deny list (250).
const P_CLINICAL: u8 = 200;
/// Priority of the tool's own codes and tags: above everything.
const P_OWN: u8 = 255;

/// Clinical head nouns after an eponym ("X's disease").
const HEADS: &[&str] = &[
    "disease",
    "syndrome",
    "disorder",
    "palsy",
    "sign",
    "signs",
    "test",
    "phenomenon",
    "reflex",
    "maneuver",
    "manoeuvre",
    "fracture",
    "anomaly",
    "lymphoma",
    "sarcoma",
    "tumor",
    "tumour",
    "ulcer",
    "thyroiditis",
    "encephalopathy",
    "dementia",
    "chorea",
    "contracture",
    "criteria",
    "scale",
    "inventory",
    "triad",
    "law",
    "classification",
    "type",
    "stage",
    "procedure",
    "operation",
    "technique",
    "method",
    "therapy",
    "effect",
    "paralysis",
    "neuralgia",
    "angina",
    "anemia",
    "anaemia",
    "cyst",
    "pouch",
    "node",
    "nodes",
    "disease's",
];

/// Last words of named instruments ("Beck Depression Inventory").
const INSTRUMENTS: &[&str] = &[
    "inventory",
    "scale",
    "scales",
    "questionnaire",
    "checklist",
    "index",
    "battery",
    "screener",
    "screen",
    "interview",
    "test",
    "assessment",
    "rating",
    "survey",
    "schedule",
];

/// The clinical-protection detector.
pub struct Clinical {
    eponyms: Eponyms,
    own: Regex,
    /// [`HEADS`], [`DISEASE_HEADS`] and [`INSTRUMENTS`], asked about every capitalised word.
    heads: WordSet,
    disease_heads: WordSet,
    instruments: WordSet,
}

/// The labels of the tags the tool writes that the own-output pattern protects ("[DATE]",
/// "[CITY-2]", "[DATE 2023]"): the pattern and its byte-by-byte twin (`own_at`) share them.
const OWN_TAG_LABELS: [&str; 17] = [
    "DATE", "AGE", "ADDRESS", "CITY", "ZIP", "STATE", "FACILITY", "LOCATION", "PHONE", "FAX", "EMAIL", "URL", "IP",
    "HANDLE", "SSN", "MRN", "ID",
];

/// Clinical nouns after a capitalised eponym without a possessive ("Hodgkin lymphoma",
/// "Tourette disorder", "Capgras delusion", "Epley maneuver").
const DISEASE_HEADS: &[&str] = &[
    "syndrome",
    "lymphoma",
    "disease",
    "disorder",
    "dementia",
    "palsy",
    "sarcoma",
    "delusion",
    "maneuver",
    "manoeuvre",
    "chorea",
    "reflex",
    "phenomenon",
    "aphasia",
    "encephalopathy",
    "psychosis",
    "ataxia",
    "neuralgia",
    // devices, procedures and findings of surgery and the wards ("Foley catheter",
    // "Whipple procedure", "Pfannenstiel incision", "Jackson-Pratt drain", "Reed-Sternberg
    // cells"): after a name, none of them reads as a sentence
    "catheter",
    "catheters",
    "procedure",
    "incision",
    "incisions",
    "drain",
    "drains",
    "fundoplication",
    "anastomosis",
    "osteotomy",
    "forceps",
    "needle",
    "retractor",
    "retractors",
    "cells",
    "criteria",
    "classification",
    "pouch",
    "clamp",
    "technique",
    "dynamometer",
    "scale",
    "stage",
];

impl Default for Clinical {
    fn default() -> Self {
        Self::new()
    }
}

impl Clinical {
    /// Opens the eponym phrases (built at compile time) and compiles the own-output pattern.
    pub fn new() -> Clinical {
        let own = Regex::new(&format!(
            r"(?-u:\b)90\+|(?-u:\b)[A-Z]\.[A-Z]\.(?:[A-Z]\.)?(?:-[0-9A-HJKMNP-TV-Z]{{10}}(?-u:\b)|\d+(?-u:\b))?|\[(?:{})(?:-\d+| \d{{4}})?\]",
            OWN_TAG_LABELS.join("|")
        ))
        .expect("own-output pattern compiles");
        Clinical {
            eponyms: Eponyms::new(),
            own,
            heads: WordSet::new(&[HEADS]),
            disease_heads: WordSet::new(&[DISEASE_HEADS]),
            instruments: WordSet::new(&[INSTRUMENTS]),
        }
    }

    /// The tool's own codes and tags in `text`: the matches `own.find_iter` would give,
    /// found by an anchored search only where one can start ("90+", "[", a capital before a
    /// dot), located with `memchr3`: most of a text has none, and an unanchored search
    /// would run the automaton over every byte.
    fn own_output(&self, text: &str, out: &mut Vec<Candidate>) {
        let b = text.as_bytes();
        let mut next = 0; // end of the last match: matches do not overlap
        for hit in memchr::memchr3_iter(b'9', b'[', b'.', b) {
            let start = match b[hit] {
                b'.' if hit > 0 && b[hit - 1].is_ascii_uppercase() => hit - 1,
                b'9' | b'[' => hit,
                _ => continue,
            };
            if start < next {
                continue;
            }
            if let Some(end) = self.own_at(text, start) {
                if is_po_box(text, start, end) {
                    continue;
                }
                out.push(Candidate::new(start, end, Kind::Protected, "clinical", "phi-redact code or tag", P_OWN));
                next = end;
            }
        }
    }

    /// The end of the match of the own-output pattern anchored at `start`, if any. The
    /// pattern is spelled out here byte by byte (an anchored search of the automaton costs
    /// some 900 instructions, and texts hold a code or tag every few dozen bytes); where a
    /// non-ASCII byte stands at a place a Unicode `\d` could match, the regex decides.
    fn own_at(&self, text: &str, start: usize) -> Option<usize> {
        let b = text.as_bytes();
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        let word = |i: usize| at(i).is_ascii_alphanumeric() || at(i) == b'_';
        let regex = || {
            let input = Input::new(text).range(start..).anchored(Anchored::Yes);
            self.own.find(input).map(|m| m.end())
        };
        // the ASCII digits from `i`, or `None` where a non-ASCII byte might be a digit
        let digits = |i: usize| {
            let n = b[i.min(b.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
            (at(i + n) < 0x80).then_some(n)
        };
        let boundary_before = start == 0 || !word(start - 1);
        match at(start) {
            b'9' => (boundary_before && at(start + 1) == b'0' && at(start + 2) == b'+').then_some(start + 3),
            b'A'..=b'Z' => {
                let letter_dot = |i: usize| at(i).is_ascii_uppercase() && at(i + 1) == b'.';
                if !boundary_before || !letter_dot(start) || !letter_dot(start + 2) {
                    return None;
                }
                let mut end = start + 4;
                if letter_dot(end) {
                    end += 2;
                }
                // a keyed code's suffix: ten characters of the key alphabet, then a boundary
                let key_char =
                    |c: u8| c.is_ascii_digit() || c.is_ascii_uppercase() && !matches!(c, b'I' | b'L' | b'O' | b'U');
                if at(end) == b'-' && (end + 1..end + 11).all(|i| key_char(at(i))) && !word(end + 11) {
                    return Some(end + 11);
                }
                // or a number, then a boundary
                match digits(end) {
                    None => regex(),
                    Some(n) if n > 0 && !word(end + n) => Some(end + n),
                    Some(_) => Some(end),
                }
            }
            b'[' => {
                let len = b[start + 1..].iter().take_while(|c| c.is_ascii_uppercase()).count();
                if !OWN_TAG_LABELS.iter().any(|l| l.as_bytes() == &b[start + 1..start + 1 + len]) {
                    return None;
                }
                let end = start + 1 + len;
                let close = |i: usize| (at(i) == b']').then_some(i + 1);
                match at(end) {
                    b'-' => match digits(end + 1) {
                        None => regex(),
                        Some(0) => None,
                        Some(n) => close(end + 1 + n),
                    },
                    b' ' => match digits(end + 1) {
                        None => regex(),
                        Some(4) => close(end + 5),
                        Some(_) => None,
                    },
                    _ => close(end),
                }
            }
            _ => None,
        }
    }
}

/// First token of the capitalised run ending in the instrument noun at `i` ("Patient Health
/// Questionnaire", "Yale-Brown Obsessive Compulsive Scale"). An eponym or a proper name
/// starts the instrument's name ("Beck Depression Inventory"): a word before it is not part
/// of it ("Mary Delgado Beck Depression Inventory" is a person and an instrument), and a
/// proper word after a first name is a surname ("Jonathan Kowalczyk Assessment").
fn instrument_start(note: &Note<'_>, i: usize) -> usize {
    let toks = note.tokens;
    let proper = |p: usize| {
        let e = toks[p].entry;
        e.has(bits::EPONYM) || e.word() == 0 || crate::detect::names::name_margin(e) > 0
    };
    let given_before = |p: usize| given_name_before(note, p);
    let mut first = i;
    while let Some(p) = note.prev_word(first) {
        // Capitalised words only: no numbers (a date before the noun is no part of it).
        if !toks[p].is_capitalized() || toks[p].class != Class::Word {
            break;
        }
        if proper(p) && given_before(p) {
            break;
        }
        // A popular first name that is also a common word is a person here ("Bill
        // Assessment"; a proper word such as "Beck" starts the instrument; "Memory", a first
        // name of 1,300 people, does not stop "Wechsler Memory Scale"), and the tool's own
        // code stands for one.
        let person = toks[p].entry.first() >= crate::lexicon::freq_score(5_000) && !proper(p);
        if person || crate::segment::is_own_marker(note.text, toks, p) {
            break;
        }
        first = p;
        if proper(p) {
            // "Yale-Brown": the hyphenated eponym's first part too.
            if p >= 2 && note.tok(p - 1) == "-" && toks[p - 2].class == Class::Word && toks[p - 2].is_capitalized() {
                first = p - 2;
            }
            break;
        }
    }
    first
}

/// True if a first name of 1,000 people or more, or a title, stands before word `p`: the
/// proper word is a surname there, a person.
fn given_name_before(note: &Note<'_>, p: usize) -> bool {
    note.prev_word(p).is_some_and(|g| {
        let t = &note.tokens[g];
        t.case == Case::Title && t.entry.first() >= crate::lexicon::freq_score(1_000) || t.entry.has(bits::TITLE)
    })
}

/// True if a first name of 1,000 people or more or a title stands right before word `i`, a
/// title with or without its period: "Mr. Navy", "Ann Parkinson's", "Dr Parkinson's".
fn person_before(note: &Note<'_>, i: usize) -> bool {
    let p = note.prev_nonspace(i).filter(|&d| note.tok(d) == ".").map_or(Some(i), Some);
    given_name_before(note, i)
        || p.and_then(|p| note.prev_word(p)).is_some_and(|t| note.tokens[t].entry.has(bits::TITLE))
}

/// True if the eponym at `i`, before a possessive, is the diagnosis without its head noun
/// ("Asperger's", "hx of Parkinson's", "Huntington's and depression"). A surname of fewer
/// than 5,000 people always is; one of fewer than 20,000 that is nobody's first name of note
/// is when no first name or title stands before it and the possessive ends a clause or comes
/// before a function or medical word that is no kinship or role word ("Parkinson's, HTN",
/// "Cushing's vs"; not "Ann Parkinson's son", "Parkinson's wife").
#[inline(never)]
fn bare_eponym(note: &Note<'_>, i: usize) -> bool {
    let e = note.tokens[i].entry;
    if e.surname() < crate::lexicon::freq_score(5_000) {
        return true;
    }
    if e.surname() >= crate::lexicon::freq_score(20_000) || e.first() >= crate::lexicon::freq_score(1_000) {
        return false;
    }
    // "Mr. Parkinson's", "Ann Parkinson's"
    if person_before(note, i) {
        return false;
    }
    match note.next_word(i + 1) {
        // punctuation or the end of the line after the possessive
        None => true,
        Some(h) => {
            let (n, e) = (&note.tokens[h], note.tokens[h].entry);
            n.case == Case::Lower && e.has(bits::STOPWORD | bits::MEDICAL | bits::CLINICAL) && !e.has(bits::PERSON_CUE)
        }
    }
}

impl Detector for Clinical {
    fn name(&self) -> &'static str {
        "clinical"
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let text = note.text;
        // (from the words the lexicon marks as an eponym's first word)
        for (i, t) in note
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.class == Class::Word && t.entry.has(bits::EPONYM | bits::PROPER))
        {
            if let Some(len) = self.eponyms.longest_at(&text.as_bytes()[t.start..]) {
                let e = t.start + len;
                // (a phrase of one word after a title or a first name is a person: "Mr.
                // Navy", "Ana Passover")
                let a_person = || e == t.end && person_before(note, i);
                if !text[e..].chars().next().is_some_and(char::is_alphanumeric) && !a_person() {
                    out.push(Candidate::new(
                        t.start,
                        e,
                        Kind::Protected,
                        "clinical",
                        "listed eponym or proper phrase",
                        P_CLINICAL,
                    ));
                }
            }
        }
        self.own_output(text, out);
        let toks = note.tokens;
        for i in 0..toks.len() {
            let t = &toks[i];
            if t.class != Class::Word || !(t.is_capitalized() || t.has(crate::segment::CASELESS)) {
                continue;
            }
            // X's + clinical head noun; bare eponym possessive.
            if toks.get(i + 1).is_some_and(|p| p.class == Class::Possessive) {
                let head = note.next_word(i + 1);
                if let Some(h) = head.filter(|&h| self.heads.contains(note.tok(h))) {
                    out.push(Candidate::new(
                        t.start,
                        toks[h].end,
                        Kind::Protected,
                        "clinical",
                        "eponym + clinical noun",
                        P_CLINICAL,
                    ));
                    continue;
                }
                if t.entry.has(bits::EPONYM) && bare_eponym(note, i) {
                    out.push(Candidate::new(
                        t.start,
                        toks[i + 1].end,
                        Kind::Protected,
                        "clinical",
                        "eponym",
                        P_CLINICAL,
                    ));
                    continue;
                }
            }
            // Capitalised non-possessive eponym + head: "Hodgkin lymphoma", "Down syndrome",
            // "Swan-Ganz catheter" (only a word the names detector could take: a listed
            // name or an unknown word).
            if t.case == Case::Title && (t.entry.name() > 0 || t.entry.word() == 0) {
                if let Some(h) = note.next_word(i) {
                    let hw = note.tok(h);
                    if self.disease_heads.contains(hw) {
                        out.push(Candidate::new(
                            toks[super::names::hyphenated_start(note, i)].start,
                            toks[h].end,
                            Kind::Protected,
                            "clinical",
                            "eponym + clinical noun",
                            P_CLINICAL,
                        ));
                        continue;
                    }
                }
            }
            // "16 Fr Foley", "19 Fr Blake drains": a catheter's French gauge, then the name
            // of the device
            if t.end - t.start == 2
                && note.tok(i) == "Fr"
                && note.prev_word(i).is_some_and(|p| toks[p].class == Class::Number)
            {
                if let Some(h) = note.next_word(i).filter(|&h| toks[h].is_capitalized()) {
                    out.push(Candidate::new(
                        t.start,
                        toks[h].end,
                        Kind::Protected,
                        "clinical",
                        "French gauge and device",
                        P_CLINICAL,
                    ));
                    continue;
                }
            }
            // Named instruments: a run of capitalised words ending in an instrument noun.
            if i > 0 && self.instruments.contains(note.tok(i)) {
                let first = instrument_start(note, i);
                if first < i {
                    out.push(Candidate::new(
                        toks[first].start,
                        t.end,
                        Kind::Protected,
                        "clinical",
                        "named instrument",
                        P_CLINICAL,
                    ));
                }
            }
        }
    }
}

/// True if the code-shaped `text[start..end]` is the "P.O." of a post-office box ("P.O. Box
/// 77"), which the locations detector takes whole. Were it a person's code before "Box", the
/// re-check would take the box as an address all the same.
fn is_po_box(text: &str, start: usize, end: usize) -> bool {
    let rest = text[end..].trim_start_matches([' ', '\t']);
    &text[start..end] == "P.O." && rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case("box"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind, StartKind};

    /// The eponym transducer built by build.rs answers what an anchored, ASCII-case-blind,
    /// leftmost-longest Aho-Corasick automaton over the listed phrases and their apostrophe
    /// forms answers (the matcher it replaced), at the start of every phrase in four cases
    /// and with what may follow, and at every character of the fixture notes.
    #[test]
    fn eponym_forms_match_as_an_anchored_automaton_would() {
        let mut forms: Vec<String> = Vec::new();
        for p in crate::lexicon::eponym_phrases() {
            forms.push(p.to_string());
            if p.contains('\'') {
                forms.push(p.replace('\'', "\u{2019}"));
                forms.push(p.replace("'s", "s").replace('\'', ""));
            }
        }
        let reference = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(StartKind::Anchored)
            .build(&forms)
            .unwrap();
        let eponyms = Eponyms::new();
        let expect = |text: &str| {
            reference.find(aho_corasick::Input::new(text).anchored(aho_corasick::Anchored::Yes)).map(|m| m.end())
        };
        let mut texts: Vec<String> = Vec::new();
        for f in &forms {
            let title = |w: &str| {
                let mut c = w.chars();
                c.next().map(|first| first.to_uppercase().collect::<String>() + c.as_str()).unwrap_or_default()
            };
            let title = f.split(' ').map(title).collect::<Vec<_>>().join(" ");
            for case in [f.clone(), f.to_uppercase(), f.to_ascii_uppercase(), title] {
                for tail in ["", " ", "s", "'s disease", ", seen", "\u{2019}s", " X"] {
                    texts.push(format!("{case}{tail}"));
                }
                texts.push(case.chars().take(case.chars().count() / 2).collect());
            }
        }
        let mut notes = String::new();
        for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/notes")).unwrap() {
            notes.push_str(&std::fs::read_to_string(e.unwrap().path()).unwrap());
        }
        texts.extend(notes.char_indices().map(|(i, _)| notes[i..].chars().take(60).collect::<String>()));
        let found = texts.iter().filter(|t| expect(t).is_some()).count();
        assert!(found > 3 * forms.len(), "the phrases are found ({found})");
        for t in &texts {
            assert_eq!(eponyms.longest_at(t.as_bytes()), expect(t), "{t:?}");
        }
    }

    /// The anchored search from the candidate starts finds exactly what an unanchored scan
    /// of the whole text finds.
    #[test]
    fn own_output_matches_a_full_scan() {
        let clinical = Clinical::new();
        let pieces = [
            "M",
            ".",
            "T",
            "K",
            "R",
            "9",
            "0",
            "+",
            "[",
            "]",
            "DATE",
            " 2023",
            "-1",
            "-",
            "CITY",
            "X49N2DVYSA",
            "1",
            " ",
            "a",
            "\u{e9}",
            "\n",
            "_",
            "AGE",
            "90+",
            "ID",
            "IP",
            "M.T.",
            "2023",
            "\u{663}",
            "\u{663}\u{664}\u{665}\u{666}",
            "-X49N2DVYSA",
            "-X49N2DVYSI",
            "DATEX",
        ];
        let mut rng = crate::testing::Xorshift(0x853C_49E6_748F_EA9B);
        for _ in 0..100_000 {
            let count = rng.0 % 14;
            let s = rng.text(&pieces, count);
            rng.0 = rng.0.wrapping_add(1);
            let mut got = Vec::new();
            clinical.own_output(&s, &mut got);
            let got: Vec<(usize, usize)> = got.iter().map(|c| (c.start, c.end)).collect();
            let want: Vec<(usize, usize)> = clinical.own.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }
}
