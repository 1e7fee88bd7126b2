//! Real initials of a person the text names in full: "Client: Jordan Tate ... JT reports",
//! "J.T. slept better", "his mother Linda Tate (LT)". Initials are derived from the name,
//! so they leak it (45 CFR 164.514(c); i2b2 annotates them as PHI) and must become the
//! person's code like any other mention.
//!
//! Two stages ask about them: re-finding ([`crate::detect::names::refind`]) asks whether a
//! word written as initials stands for a full name near it, and makes it a name span;
//! rendering ([`crate::render::render`]) asks whom such a span names, and writes that
//! person's code. Only names within [`WINDOW`] bytes count: a stream of notes is one
//! text, and "JT" in one note says nothing about a Jordan Tate three notes earlier.
//!
//! Initials that two different people near them share ("Jordan Tate and Jamie Tate ... JT")
//! are someone's, but whose is not known: they get a code of their own. Initials that no
//! full name near them explains stay as the other rules leave them:
//! undotted ones in a person's context are a name of their own ("Per JT" -> "B.Q."), dotted
//! ones ("Client J.T.") are kept, because they look exactly like the tool's own codes,
//! which a second run must leave alone.

use std::ops::Range;

use crate::span::{Candidate, Kind, NameShape};

/// How far from a full name its initials may stand (bytes, either side): about a long note.
pub const WINDOW: usize = 8 * 1024;

/// Two or three capital letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Initials {
    letters: [u8; 3],
    len: usize,
}

impl Initials {
    /// The initials `w` is written as: two or three capitals, without dots ("JT", "JDT") or
    /// with a dot after each but perhaps the last ("J.T.", "J.T", "J.D.T.").
    pub fn of_word(w: &str) -> Option<Initials> {
        let b = w.as_bytes();
        let dotted = b.len() >= 3 && b[1] == b'.';
        let ok = if dotted {
            // capitals at even offsets, dots at odd ones
            b.iter().enumerate().all(|(i, &c)| if i % 2 == 0 { c.is_ascii_uppercase() } else { c == b'.' })
        } else {
            b.iter().all(u8::is_ascii_uppercase)
        };
        let step = if dotted { 2 } else { 1 };
        let len = b.len().div_ceil(step);
        if !ok || !(2..=3).contains(&len) {
            return None;
        }
        let mut letters = [0; 3];
        for (slot, &c) in letters.iter_mut().zip(b.iter().step_by(step)) {
            *slot = c;
        }
        Some(Initials { letters, len })
    }

    /// The capitals, without the dots ("JT" of "J.T.").
    pub fn letters(&self) -> &[u8] {
        &self.letters[..self.len]
    }

    /// True if these initials are the name's: its first given name's and its surname's
    /// first letters ("JT": Jordan Tate, Jordan D. Tate, "Tate, Jordan"), or with three,
    /// those of a name of three parts ("JDT": Jordan David Tate) or of a given name and the
    /// two halves of a double surname ("DWA": Dawn Whitfield-Amari).
    fn name(self, name: &Parts<'_>) -> bool {
        let letter = |w: &str| w.as_bytes()[0].to_ascii_uppercase();
        match self.len {
            2 => self.letters[..2] == [letter(name.given), letter(name.surname)],
            _ => {
                let double = name.surname.split_once('-').filter(|(a, b)| !a.is_empty() && !b.is_empty());
                name.middle.is_some_and(|m| self.letters == [letter(name.given), letter(m), letter(name.surname)])
                    || double.is_some_and(|(a, b)| self.letters == [letter(name.given), letter(a), letter(b)])
            }
        }
    }
}

/// A full name's given name, surname and (with exactly three parts) middle name.
struct Parts<'a> {
    given: &'a str,
    middle: Option<&'a str>,
    surname: &'a str,
}

impl<'a> Parts<'a> {
    /// The parts of name span `c` of `text`, if it has a given name and a surname that start
    /// with an ASCII letter ("Smith, Jonathan" has its surname first).
    fn of(text: &'a str, c: &Candidate) -> Option<Parts<'a>> {
        let name = &text[c.start..c.end];
        let mut words: [&str; 4] = [""; 4];
        let mut n = 0;
        for w in name.split(|ch: char| !(ch.is_alphabetic() || ch == '\'' || ch == '-')) {
            if w.is_empty() || ["jr", "sr", "ii", "iii", "iv"].iter().any(|s| w.eq_ignore_ascii_case(s)) {
                continue;
            }
            if n == words.len() {
                return None;
            }
            words[n] = w;
            n += 1;
        }
        if n < 2 || !words[..n].iter().all(|w| w.as_bytes()[0].is_ascii_alphabetic()) {
            return None;
        }
        let surname_first = c.shape == NameShape::SurnameFirst || name.contains(',');
        let (given, surname) = if surname_first { (words[1], words[0]) } else { (words[0], words[n - 1]) };
        let middle = (n == 3).then(|| if surname_first { words[2] } else { words[1] });
        // (initials themselves, "J.T.", are no full name; "J. Tate" is one)
        (surname.len() >= 2).then_some(Parts { given, middle, surname })
    }

    /// True if both name the same person as far as initials can tell: the same surname and
    /// the same given name or its initial ("J. Tate" and "Jordan Tate"), whatever the case.
    fn same(&self, other: &Parts<'_>) -> bool {
        let (a, b) =
            if self.given.len() <= other.given.len() { (self.given, other.given) } else { (other.given, self.given) };
        let given = a.eq_ignore_ascii_case(b) || a.len() == 1 && b.as_bytes()[0].eq_ignore_ascii_case(&a.as_bytes()[0]);
        given && self.surname.eq_ignore_ascii_case(other.surname)
    }
}

/// A full name that initials stand for ([`referent`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Referent {
    /// Index of the name span in the spans searched.
    pub span: usize,
    /// False when another person near the initials has them too: they are someone's
    /// initials, but whose is not known.
    pub unique: bool,
}

/// The full name that initials `ini` at bytes `at` of `text` stand for: of the name spans in
/// `spans` (candidates sorted by start) within [`WINDOW`] whose initials they are, the
/// nearest before `at`, or the first after it when none is before.
pub fn referent(text: &str, spans: &[Candidate], at: Range<usize>, ini: Initials) -> Option<Referent> {
    let from = spans.partition_point(|c| c.end + WINDOW < at.start);
    let (mut chosen, mut person) = (None::<Referent>, None::<Parts<'_>>);
    let mut unique = true;
    for (k, c) in spans.iter().enumerate().skip(from) {
        if c.start > at.end + WINDOW {
            break;
        }
        // (a name starts with one of the initials: the given name's, or the surname's in
        // "Tate, Jordan")
        let first = text.as_bytes()[c.start].to_ascii_uppercase();
        if c.kind != Kind::Name || !ini.letters().contains(&first) || c.start < at.end && at.start < c.end {
            continue;
        }
        let Some(parts) = Parts::of(text, c) else { continue };
        if !ini.name(&parts) {
            continue;
        }
        match &person {
            Some(p) => unique &= p.same(&parts),
            None => person = Some(parts),
        }
        if c.end <= at.start || chosen.is_none() {
            chosen = Some(Referent { span: k, unique: true });
        }
    }
    chosen.map(|r| Referent { unique, ..r })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str, word: &str) -> Candidate {
        let start = text.find(word).unwrap();
        Candidate::new(start, start + word.len(), Kind::Name, "names", "test", 0)
    }

    /// The referent of the first `written` in `text`, read as the initials `read`.
    fn referent_of(text: &str, spans: &[Candidate], written: &str, read: &str) -> Option<Referent> {
        let at = text.find(written).unwrap();
        referent(text, spans, at..at + written.len(), Initials::of_word(read).unwrap())
    }

    #[test]
    fn initials_are_two_or_three_capitals_dotted_or_not() {
        for w in ["JT", "J.T", "J.T.", "JDT", "J.D.T", "J.D.T."] {
            assert!(Initials::of_word(w).is_some(), "{w}");
        }
        for w in ["J", "J.", "Jt", "JTAB", "J.D.T.A", "J..T", "J.t", "12", "É.T"] {
            assert!(Initials::of_word(w).is_none(), "{w}");
        }
        assert_eq!(Initials::of_word("J.T."), Initials::of_word("JT"));
    }

    #[test]
    fn initials_name_the_one_full_name_near_them() {
        let text = "Client: Jordan Tate. Mother: Tate, Linda. Dr. Jane Todd Ames. JT, LT, JTA, JA and LA.";
        let spans = [name(text, "Jordan Tate"), name(text, "Tate, Linda"), name(text, "Jane Todd Ames")];
        let at = |w: &str| {
            let s = text.rfind(w).unwrap();
            s..s + w.len()
        };
        let who = |w: &str| referent(text, &spans, at(w), Initials::of_word(w).unwrap()).map(|r| (r.span, r.unique));
        assert_eq!(who("JT"), Some((0, true)));
        assert_eq!(who("LT"), Some((1, true)));
        assert_eq!(who("JTA"), Some((2, true)));
        assert_eq!(who("JA"), Some((2, true)));
        assert_eq!(who("LA"), None);
    }

    #[test]
    fn initials_of_two_people_name_neither() {
        let text = "Jordan Tate and his sister Jamie Tate came. JT said.";
        let spans = [name(text, "Jordan Tate"), name(text, "Jamie Tate")];
        assert_eq!(referent_of(text, &spans, "JT", "JT"), Some(Referent { span: 1, unique: false }));
        // the same person twice is one person
        let text = "Jordan Tate came. Tate, J. signed. JT said.";
        let spans = [name(text, "Jordan Tate"), name(text, "Tate, J.")];
        assert_eq!(referent_of(text, &spans, "JT", "JT"), Some(Referent { span: 1, unique: true }));
    }

    #[test]
    fn three_initials_name_a_surname_written_first() {
        let text = "Tate, Jordan David came. JDT said.";
        let spans = [name(text, "Tate, Jordan David")];
        assert_eq!(referent_of(text, &spans, "JDT", "JDT"), Some(Referent { span: 0, unique: true }));
    }

    #[test]
    fn three_initials_name_a_double_surname() {
        let text = "Dawn Whitfield-Amari, LPN (DWA) signed.";
        let spans = [name(text, "Dawn Whitfield-Amari")];
        assert_eq!(referent_of(text, &spans, "DWA", "DWA"), Some(Referent { span: 0, unique: true }));
        assert_eq!(referent_of(text, &spans, "DWA", "DAW"), None);
    }

    #[test]
    fn a_name_far_away_is_not_the_referent() {
        let text = format!("Jordan Tate came.{}JT said.", " ".repeat(WINDOW + 10));
        let spans = [name(&text, "Jordan Tate")];
        assert_eq!(referent_of(&text, &spans, "JT", "JT"), None);
    }
}
