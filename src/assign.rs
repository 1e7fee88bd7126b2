//! Assign stage: resolved spans -> consistent replacements within a scope.
//!
//! This is the one coordinating stage of the pipeline (detectors are stateless). A
//! [`Scope`] remembers the people and places seen so far, so that:
//! - every person gets a code that looks like initials ("K.R.") but is drawn from a fixed
//!   sequence, never computed from the name, and never equal in either letter to the
//!   person's real initials (45 CFR 164.514(c));
//! - the same person keeps the code through every surface form ("Jonathan Smith", "Jon",
//!   "Mr. Smith", "SMITH", "Smith, Jonathan", "J. Smith", "Jon's");
//! - two people never share a code;
//! - the same place keeps its number (`[CITY-1]` each time that city recurs).
//!
//! # Linking rule (deterministic, errs toward distinct codes)
//! A mention is parsed into a given name (or initial) and a surname, either of which may be
//! missing. It links to an existing person only when exactly one person in the scope is
//! compatible with it: same surname (if both have one) and compatible given names (equal,
//! nickname of one another, a prefix of at least three letters, or a matching initial).
//! A lone token links to the one person whose given name or surname it matches. When no
//! person or more than one person is compatible, the mention gets a new code: two Johns in
//! scope and a bare "John" make three codes rather than one silent merge.

use std::collections::{HashMap, HashSet};

use crate::lexicon::{given_names_compatible, normalize_into, Lexicon};
use crate::span::{Kind, NameShape};

/// Gender evidence for linking: a title ("Mrs") or a first name used by at least nine in
/// ten people of one sex. Two mentions with different evidence are two people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gender {
    /// Mr, or a first name that is at least 90% male.
    Male,
    /// Mrs, Ms, Miss, or a first name that is at least 90% female.
    Female,
}

impl Gender {
    /// The gender a title before a name implies ("Mrs." -> Female), from the text just
    /// before byte `start`.
    pub fn from_title_before(text: &str, start: usize) -> Option<Gender> {
        let before = text[..start].trim_end();
        let before = before.strip_suffix('.').unwrap_or(before);
        let word_start =
            before.char_indices().rev().find(|&(_, c)| !c.is_ascii_alphabetic()).map_or(0, |(i, c)| i + c.len_utf8());
        match before[word_start..].to_ascii_lowercase().as_str() {
            "mr" | "mister" => Some(Gender::Male),
            "mrs" | "ms" | "miss" | "missus" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// One person known to a scope.
#[derive(Clone, Debug, Default)]
struct Person {
    given: Option<String>,
    surname: Option<String>,
    gender: Option<Gender>,
    code: String,
}

/// Memory of one scope (a document, a record, or a run).
#[derive(Debug, Default)]
pub struct Scope {
    people: Vec<Person>,
    next_code: usize,
    /// Index of people by "s:" + surname and "g:" + first three letters of the given name,
    /// so linking a mention looks at a few people, not all of them.
    index: HashMap<String, Vec<usize>>,
    places: HashMap<(Kind, String), u32>,
    place_counts: HashMap<Kind, u32>,
    /// Normalised name tokens seen as names in this scope (for re-finding bare mentions).
    known_names: HashSet<String>,
    key: String,
}

/// A parsed person mention.
#[derive(Debug, PartialEq, Eq)]
struct Mention {
    given: Option<String>,
    surname: Option<String>,
    gender: Option<Gender>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// Normalised name tokens this scope has seen in names.
    pub fn known_names(&self) -> &HashSet<String> {
        &self.known_names
    }

    /// Number of distinct people so far.
    pub fn people(&self) -> usize {
        self.people.len()
    }

    /// The code for the person named by `text` (a name span, without title or possessive);
    /// `title` is the gender a title before the name implies.
    pub fn person_code(&mut self, text: &str, shape: NameShape, title: Option<Gender>, lex: &Lexicon) -> &str {
        let mut m = parse_mention(text, shape, lex, &mut self.key);
        m.gender = title.or_else(|| {
            let pct = lex.get(m.given.as_deref()?).pct_female()?;
            match pct {
                90.. => Some(Gender::Female),
                ..=10 => Some(Gender::Male),
                _ => None,
            }
        });
        for part in [&m.given, &m.surname].into_iter().flatten() {
            if part.chars().count() >= 2 {
                self.known_names.insert(part.clone());
            }
        }
        let idx = match self.find(&m) {
            Some(i) => {
                let p = &mut self.people[i];
                if p.gender.is_none() {
                    p.gender = m.gender;
                }
                if p.surname.is_none() && m.surname.is_some() {
                    p.surname.clone_from(&m.surname);
                    self.index_person(i);
                }
                let p = &mut self.people[i];
                if p.given.as_ref().is_none_or(|g| g.chars().count() == 1)
                    && m.given.as_ref().is_some_and(|g| g.chars().count() > 1)
                {
                    p.given.clone_from(&m.given);
                    self.index_person(i);
                }
                i
            }
            None => {
                let code = self.new_code(&m);
                self.people.push(Person { given: m.given, surname: m.surname, gender: m.gender, code });
                self.index_person(self.people.len() - 1);
                self.people.len() - 1
            }
        };
        &self.people[idx].code
    }

    fn index_person(&mut self, i: usize) {
        let p = &self.people[i];
        let mut keys = Vec::with_capacity(2);
        if let Some(s) = &p.surname {
            keys.push(format!("s:{s}"));
        }
        if let Some(g) = &p.given {
            keys.push(format!("g:{}", prefix3(g)));
        }
        for k in keys {
            let ids = self.index.entry(k).or_default();
            if !ids.contains(&i) {
                ids.push(i);
            }
        }
    }

    /// People that may be compatible with `m`: those sharing its surname, or whose given
    /// name shares the first three letters of (or is a nickname of) one of its parts.
    fn candidates(&self, m: &Mention) -> Vec<usize> {
        let mut keys: Vec<String> = Vec::new();
        for part in [&m.given, &m.surname].into_iter().flatten() {
            keys.push(format!("s:{part}"));
            keys.push(format!("g:{}", prefix3(part)));
            if let Some(links) = crate::lexicon::nickname_links().get(part.as_str()) {
                keys.extend(links.iter().map(|l| format!("g:{}", prefix3(l))));
            }
        }
        let mut ids: Vec<usize> = keys.iter().filter_map(|k| self.index.get(k)).flatten().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    fn find(&self, m: &Mention) -> Option<usize> {
        let compatible: Vec<usize> =
            self.candidates(m).into_iter().filter(|&i| compatible(&self.people[i], m)).collect();
        match compatible.as_slice() {
            [one] => Some(*one),
            [] => None,
            many => {
                // Prefer the one exact match on both parts, if there is exactly one.
                let exact: Vec<usize> = many
                    .iter()
                    .copied()
                    .filter(|&i| self.people[i].given == m.given && self.people[i].surname == m.surname)
                    .collect();
                if exact.len() == 1 {
                    Some(exact[0])
                } else {
                    None
                }
            }
        }
    }

    fn new_code(&mut self, m: &Mention) -> String {
        let gi = m.given.as_deref().and_then(|g| g.chars().next());
        let si = m.surname.as_deref().and_then(|s| s.chars().next());
        // A lone token may be either part: keep its letter out of both positions.
        let (avoid1, avoid2) = match (gi, si) {
            (Some(g), Some(s)) => ([Some(g), None], [Some(s), None]),
            (Some(g), None) => ([Some(g), None], [Some(g), None]),
            (None, Some(s)) => ([Some(s), None], [Some(s), None]),
            (None, None) => ([None, None], [None, None]),
        };
        let taken: HashSet<&str> = self.people.iter().map(|p| p.code.as_str()).collect();
        loop {
            let code = code_at(self.next_code);
            self.next_code += 1;
            let mut letters = code.chars().filter(|c| c.is_ascii_alphabetic());
            let (c1, c2) = (letters.next(), letters.next());
            let bad = c1.is_some_and(|c| avoid1.contains(&Some(c.to_ascii_lowercase())))
                || c2.is_some_and(|c| avoid2.contains(&Some(c.to_ascii_lowercase())));
            if !bad && !taken.contains(code.as_str()) {
                return code;
            }
        }
    }

    /// The number of a place of `kind` within this scope (1, 2, ... in order of first
    /// appearance; the same place text always gets the same number).
    pub fn place_number(&mut self, kind: Kind, text: &str) -> u32 {
        place_key(text, &mut self.key);
        if let Some(&n) = self.places.get(&(kind, self.key.clone())) {
            return n;
        }
        let counter = self.place_counts.entry(kind).or_insert(0);
        *counter += 1;
        let n = *counter;
        self.places.insert((kind, self.key.clone()), n);
        n
    }
}

fn compatible(p: &Person, m: &Mention) -> bool {
    if let (Some(a), Some(b)) = (p.gender, m.gender) {
        if a != b {
            return false;
        }
    }
    let given_ok = |a: &Option<String>, b: &Option<String>| match (a, b) {
        (Some(a), Some(b)) => {
            if a.chars().count() == 1 || b.chars().count() == 1 {
                a.chars().next() == b.chars().next()
            } else {
                given_names_compatible(a, b)
            }
        }
        _ => true,
    };
    match (&m.given, &m.surname) {
        (Some(_), Some(s)) => match &p.surname {
            Some(ps) => ps == s && given_ok(&p.given, &m.given),
            None => p.given.is_some() && given_ok(&p.given, &m.given),
        },
        (None, Some(s)) => {
            p.surname.as_deref() == Some(s.as_str()) || (p.surname.is_none() && p.given.as_deref() == Some(s.as_str()))
        }
        (Some(g), None) => {
            given_ok(&p.given, &m.given) && p.given.is_some()
                || (p.given.is_none() && p.surname.as_deref() == Some(g.as_str()))
        }
        (None, None) => false,
    }
}

/// The `n`-th code of the fixed sequence: 676 two-letter codes in a scrambled order,
/// then three-letter codes. The order is a permutation by a multiplier coprime to the
/// number of codes, so it looks arbitrary but is the same on every run.
pub fn code_at(n: usize) -> String {
    let (len, size, index) = if n < 676 { (2, 676usize, n) } else { (3, 17_576usize, (n - 676) % 17_576) };
    let round = if n < 676 { 0 } else { (n - 676) / 17_576 };
    // 7919 is prime and does not divide 676 or 17576, so this is a permutation.
    let mut v = (index * 7919 + 331) % size;
    let mut letters = Vec::with_capacity(len);
    for _ in 0..len {
        letters.push((b'A' + (v % 26) as u8) as char);
        v /= 26;
    }
    let mut code = String::with_capacity(len * 2 + 2);
    for c in letters.iter().rev() {
        code.push(*c);
        code.push('.');
    }
    if round > 0 {
        // Past 18,252 people in one scope: add a round number so codes stay unique.
        code.push_str(&round.to_string());
    }
    code
}

fn prefix3(name: &str) -> &str {
    match name.char_indices().nth(3) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

fn place_key(text: &str, out: &mut String) {
    let mut tmp = String::new();
    normalize_into(text, &mut tmp);
    out.clear();
    for w in tmp.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
}

/// Splits a name span into parts: words of letters (with inner hyphens and apostrophes),
/// single letters as initials.
fn parse_mention(text: &str, shape: NameShape, lex: &Lexicon, scratch: &mut String) -> Mention {
    let comma = text.contains(',');
    let mut parts: Vec<String> = Vec::new();
    for w in text.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}')) {
        let w = w.trim_matches(|c: char| !c.is_alphabetic());
        if w.is_empty() {
            continue;
        }
        normalize_into(w, scratch);
        parts.push(scratch.clone());
    }
    match parts.len() {
        0 => Mention { given: None, surname: None, gender: None },
        1 => {
            let p = parts.pop();
            let as_given = match shape {
                NameShape::Given => true,
                NameShape::Surname => false,
                _ => {
                    let e = lex.get(p.as_deref().unwrap_or(""));
                    e.first() >= e.surname() && e.first() > 0
                }
            };
            if as_given {
                Mention { given: p, surname: None, gender: None }
            } else {
                Mention { given: None, surname: p, gender: None }
            }
        }
        _ => {
            if comma || shape == NameShape::SurnameFirst {
                let surname = parts.remove(0);
                Mention { given: Some(parts.remove(0)), surname: Some(surname), gender: None }
            } else {
                let surname = parts.pop();
                Mention { given: Some(parts.remove(0)), surname, gender: None }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_look_like_initials() {
        let codes: HashSet<String> = (0..676).map(code_at).collect();
        assert_eq!(codes.len(), 676);
        assert!(codes.iter().all(|c| c.len() == 4 && c.as_bytes()[1] == b'.'));
        let more: HashSet<String> = (0..20_000).map(code_at).collect();
        assert_eq!(more.len(), 20_000);
    }

    #[test]
    fn variants_link_and_people_stay_apart() {
        let lex = Lexicon::new();
        let mut s = Scope::new();
        let a = s.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex).to_string();
        assert_eq!(s.person_code("Smith", NameShape::Surname, None, &lex), a);
        assert_eq!(s.person_code("SMITH", NameShape::Surname, None, &lex), a);
        assert_eq!(s.person_code("Smith, Jonathan", NameShape::SurnameFirst, None, &lex), a);
        assert_eq!(s.person_code("J. Smith", NameShape::GivenFirst, None, &lex), a);
        assert_eq!(s.person_code("Jon", NameShape::Given, None, &lex), a);
        let b = s.person_code("Mary Brown", NameShape::GivenFirst, None, &lex).to_string();
        assert_ne!(a, b);
        assert!(!a.starts_with('J') && !a.ends_with("S."));
    }

    #[test]
    fn mrs_smith_is_not_mr_smith() {
        let lex = Lexicon::new();
        let mut s = Scope::new();
        let a = s.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex).to_string();
        let b = s.person_code("Smith", NameShape::Surname, Some(Gender::Female), &lex).to_string();
        assert_ne!(a, b);
        assert_eq!(s.person_code("Smith", NameShape::Surname, Some(Gender::Male), &lex), a);
        assert_eq!(Gender::from_title_before("saw Mrs. ", 9), Some(Gender::Female));
        assert_eq!(Gender::from_title_before("saw Dr ", 7), None);
    }

    #[test]
    fn ambiguous_bare_mention_gets_its_own_code() {
        let lex = Lexicon::new();
        let mut s = Scope::new();
        let a = s.person_code("John Smith", NameShape::GivenFirst, None, &lex).to_string();
        let b = s.person_code("John Brown", NameShape::GivenFirst, None, &lex).to_string();
        let c = s.person_code("John", NameShape::Given, None, &lex).to_string();
        assert!(a != b && b != c && a != c);
    }

    #[test]
    fn places_are_numbered_by_first_appearance() {
        let mut s = Scope::new();
        assert_eq!(s.place_number(Kind::City, "Boston"), 1);
        assert_eq!(s.place_number(Kind::City, "Springfield"), 2);
        assert_eq!(s.place_number(Kind::City, "BOSTON"), 1);
        assert_eq!(s.place_number(Kind::Facility, "Mercy Clinic"), 1);
    }
}
