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

use std::hash::BuildHasher;
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::keys::SecretKey;

use crate::detect::names::{common_word_no_name, KnownNames};
use crate::lexicon::{given_names_compatible, normalize_into, Lexicon};
use crate::segment::{one_char, two_chars_or_more};
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
        let word = &before[word_start..];
        let is = |titles: &[&str]| titles.iter().any(|t| word.eq_ignore_ascii_case(t));
        if is(&["mr", "mister"]) {
            Some(Gender::Male)
        } else if is(&["mrs", "ms", "miss", "missus"]) {
            Some(Gender::Female)
        } else {
            None
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
    /// Surface forms seen (only when the scope keeps a codebook).
    forms: Vec<String>,
}

/// Memory of one scope (a document, a record, or a run).
#[derive(Debug, Default)]
pub struct Scope {
    people: Vec<Person>,
    /// [`Sketch`] of each person, by index: what [`Scope::find`] reads first, four bytes a
    /// person instead of a visit to the person itself.
    sketches: Vec<Sketch>,
    next_code: usize,
    /// People by surname and by the first three letters of the given name ([`key`], see
    /// [`Scope::index_person`]), so linking a mention looks at a few people, not all.
    index: FxHashMap<u64, Vec<usize>>,
    /// Place numbers by [`place_hash`] of the kind and normalised text: 16 bytes a place
    /// however long its text, so a stream's memory hardly grows with its addresses.
    places: FxHashMap<(u64, u64), u32>,
    place_counts: FxHashMap<Kind, u32>,
    /// Normalised name tokens seen as names in this scope (for re-finding bare mentions).
    known_names: KnownNames,
    /// Keyed mode: codes and date shifts come from HMAC(key, scope id, ...).
    keyed: Option<(Arc<SecretKey>, String)>,
    /// Record every surface form of every person, for the codebook.
    codebook: bool,
    /// Keyed codes given out in this scope (a hash set: a scope may hold many people).
    keyed_codes: FxHashSet<String>,
    buf: String,
    /// The index keys of the mention being linked ([`Scope::candidate_keys`]), reused.
    keys: Vec<u64>,
    /// Short forms of the facilities of this scope ("Hemlock Ridge" of "Hemlock Ridge
    /// Elementary School"), for re-finding them: see [`crate::detect::short_forms`].
    short_forms: ShortForms,
    /// Nicknames written inside a full name ('Travon "Tay" Whitlock', "Robert (Bobby)
    /// Hale"), normalised, with the person they name: a later "Tay" is that person.
    nicknames: FxHashMap<String, usize>,
}

/// The short forms of a scope's facilities, normalised ("hemlock ridge"), each with the
/// hash of the facility it stands for (as places are numbered).
#[derive(Debug, Default)]
pub struct ShortForms {
    forms: FxHashMap<String, (u64, u64)>,
    /// The first word of every form.
    firsts: FxHashSet<String>,
    /// A bit for each first word's length and first two letters ([`ShortForms::slot`]):
    /// most words are ruled out without being normalised. Empty until a form is learned.
    filter: Vec<u64>,
    /// A first word does not start with two ASCII letters: such words are not filtered.
    other_firsts: bool,
    /// Facility names (their text's hash) whose short form was asked for already.
    seen: FxHashSet<u64>,
}

impl ShortForms {
    /// Bits of [`ShortForms::filter`].
    const FILTER_BITS: usize = 1 << 15;

    /// True if no short form is known.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The filter's bit for a word by its length and its first two letters (ASCII, in either
    /// case), or `None` for a word that does not start with two ASCII letters.
    #[inline]
    fn slot(word: &[u8]) -> Option<usize> {
        match word {
            [a, b, ..] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                let h = (usize::from(a | 0x20) * 31 + usize::from(b | 0x20)) * 61 + word.len();
                Some(h.wrapping_mul(0x9E37_79B9) % Self::FILTER_BITS)
            }
            _ => None,
        }
    }

    /// False if no known short form can start with the word `word` (as written): a test of
    /// its length and first two letters, before it is normalised for [`Self::starts`].
    #[inline]
    pub fn may_start(&self, word: &[u8]) -> bool {
        match Self::slot(word) {
            // (empty while every first word is one the filter does not take)
            Some(k) => self.filter.get(k / 64).is_some_and(|bits| bits & (1 << (k % 64)) != 0),
            None => self.other_firsts,
        }
    }

    /// True if a known short form starts with the normalised word `first`.
    pub fn starts(&self, first: &str) -> bool {
        self.firsts.contains(first)
    }

    /// True if `key` (normalised words, one space apart) is a known short form.
    pub fn contains(&self, key: &str) -> bool {
        self.forms.contains_key(key)
    }
}

/// A parsed person mention.
#[derive(Debug, PartialEq, Eq)]
struct Mention {
    given: Option<String>,
    surname: Option<String>,
    gender: Option<Gender>,
}

impl Scope {
    /// An empty, unkeyed scope: codes come from a fixed sequence in order of first
    /// appearance.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// An empty keyed scope: a person's code is computed from HMAC-SHA256(key, scope id,
    /// the person's canonical name), so the same person in the same scope gets the same
    /// code in every run and on every machine.
    pub fn keyed(key: Arc<SecretKey>, scope_id: &str) -> Scope {
        Scope { keyed: Some((key, scope_id.to_string())), ..Scope::default() }
    }

    /// Makes the scope remember every surface form of every person (for `--codebook`).
    pub fn with_codebook(mut self) -> Scope {
        self.codebook = true;
        self
    }

    /// The codebook: each person's code and the surface forms seen for them, in order of
    /// first appearance. Empty unless [`Scope::with_codebook`] was called. PHI.
    pub fn codebook(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.people.iter().map(|p| (p.code.as_str(), p.forms.as_slice()))
    }

    /// The date shift of this scope in days, within `min..=max` in either direction and
    /// never 0; `None` for an unkeyed scope (shifting needs a key).
    pub fn date_offset(&self, min: u32, max: u32) -> Option<i64> {
        let (key, id) = self.keyed.as_ref()?;
        let mac = key.mac(&[b"date-shift", id.as_bytes()]);
        let v = u64::from_le_bytes(mac[..8].try_into().expect("8 bytes"));
        let (min, max) = (u64::from(min.max(1)), u64::from(max.max(min.max(1))));
        let days = (min + (v >> 1) % (max - min + 1)) as i64;
        Some(if v & 1 == 0 { days } else { -days })
    }

    /// Normalised name tokens this scope has seen in names.
    pub fn known_names(&self) -> &KnownNames {
        &self.known_names
    }

    /// Learns `key` (normalised) as a name word for re-finding, without a person.
    pub fn learn_name(&mut self, key: &str) {
        if !self.known_names.all.contains(key) {
            self.known_names.all.insert(key.to_string());
        }
    }

    /// Number of distinct people so far.
    pub fn people(&self) -> usize {
        self.people.len()
    }

    /// The code for the person named by `text` (a name span, without title or possessive);
    /// `title` is the gender a title before the name implies.
    pub fn person_code(&mut self, text: &str, shape: NameShape, title: Option<Gender>, lex: &Lexicon) -> &str {
        let mut m = parse_mention(text, shape, lex, &mut self.buf);
        let surface = text;
        m.gender = title.or_else(|| {
            let pct = lex.get(m.given.as_deref()?).pct_female()?;
            match pct {
                90.. => Some(Gender::Female),
                ..=10 => Some(Gender::Male),
                _ => None,
            }
        });
        for part in [&m.given, &m.surname].into_iter().flatten() {
            // (looked up once per new key: a medical word is no name to re-find)
            let new = two_chars_or_more(part) && !self.known_names.all.contains(part.as_str());
            if new && !crate::detect::names::medical_no_name(lex.get(part)) {
                self.learn_name(part);
            }
        }
        // (a nickname given inside a full name first: "Tay" is Travon "Tay" Whitlock, not
        // a Taylor of the scope)
        let nicknames = (!self.nicknames.is_empty()).then_some(&self.nicknames);
        let nickname = m.given.as_ref().and_then(|g| nicknames?.get(g)).copied().filter(|&i| {
            let p = &self.people[i];
            m.surname.is_none() || m.surname == p.surname
        });
        let found = nickname.or_else(|| {
            let mut keys = std::mem::take(&mut self.keys);
            let found = self.find(&m, &mut keys);
            self.keys = keys;
            found
        });
        let idx = match found {
            Some(i) => {
                let p = &mut self.people[i];
                if p.gender.is_none() {
                    p.gender = m.gender;
                }
                if p.surname.is_none() && m.surname.is_some() {
                    self.unindex_one_part(i);
                    self.people[i].surname.clone_from(&m.surname);
                    self.index_person(i, false);
                }
                let p = &mut self.people[i];
                if p.given.as_ref().is_none_or(|g| one_char(g))
                    && m.given.as_ref().is_some_and(|g| two_chars_or_more(g))
                {
                    self.unindex_one_part(i);
                    self.people[i].given.clone_from(&m.given);
                    self.index_person(i, false);
                }
                // (what the mention added to the person)
                self.sketches[i] = Sketch::of(&self.people[i]);
                i
            }
            None => {
                let code = self.new_code(&m);
                if self.keyed.is_some() {
                    self.keyed_codes.insert(code.clone());
                }
                let person = Person { given: m.given, surname: m.surname, gender: m.gender, code, forms: Vec::new() };
                self.sketches.push(Sketch::of(&person));
                self.people.push(person);
                self.index_person(self.people.len() - 1, true);
                self.people.len() - 1
            }
        };
        // (a quote or a bracket in the surface at all first: 0xE2 leads a curly quote)
        let marks = surface.bytes().any(|b| matches!(b, b'"' | b'(' | 0xE2));
        if let Some(nick) = marks.then(|| nickname_inside(surface)).flatten() {
            normalize_into(nick, &mut self.buf);
            if two_chars_or_more(&self.buf) && !self.nicknames.contains_key(&self.buf) {
                let key = self.buf.clone();
                self.learn_name(&key);
                if common_word_no_name(lex.get(&key)) {
                    self.known_names.common_nicknames.insert(key.clone());
                }
                self.nicknames.insert(key, idx);
            }
        }
        if self.codebook {
            let forms = &mut self.people[idx].forms;
            if forms.len() < 64 && !forms.iter().any(|f| f == surface) {
                forms.push(surface.to_string());
            }
        }
        &self.people[idx].code
    }

    /// Lists person `i` in the index: under its surname ('s'), and with one part only ('1'
    /// surname, 'g' first three letters of the given name) or with both ('b' first three
    /// letters of the given name, 'n' surname and first letter of the given name).
    /// A person who gains a part leaves its one-part list first ([`Scope::unindex_one_part`]).
    /// A `new` person is in no list yet: the lists (thousands long in a long stream) are not
    /// searched for it.
    fn index_person(&mut self, i: usize, new: bool) {
        let p = &self.people[i];
        let (keys, n) = match (&p.given, &p.surname) {
            (Some(g), Some(s)) => ([key(b's', s, ""), key(b'n', s, initial(g)), key(b'b', prefix3(g), "")], 3),
            (None, Some(s)) => ([key(b's', s, ""), key(b'1', s, ""), 0], 2),
            (Some(g), None) => ([key(b'g', prefix3(g), ""), 0, 0], 1),
            (None, None) => ([0; 3], 0),
        };
        for &k in &keys[..n] {
            let ids = self.index.entry(k).or_default();
            if ids.last() != Some(&i) && (new || !ids.contains(&i)) {
                ids.push(i);
            }
        }
    }

    /// Takes person `i` out of the lists of people with one part, before it gains the
    /// other ("Jon" seen alone, then as "Jon Smith"): the ambiguous lone names of a long
    /// stream would otherwise pile up there.
    fn unindex_one_part(&mut self, i: usize) {
        let p = &self.people[i];
        let k = match (&p.given, &p.surname) {
            (Some(g), None) => key(b'g', prefix3(g), ""),
            (None, Some(s)) => key(b'1', s, ""),
            _ => return,
        };
        if let Some(ids) = self.index.get_mut(&k) {
            ids.retain(|&j| j != i);
        }
    }

    /// Index keys under which the people compatible with `m` are listed, the lists of people
    /// with one part first. A full name looks only at the people of its surname whose given
    /// name starts with its initial (or a nickname's); a lone word also at everyone of that
    /// surname ('s') and at people with both parts by given name ('b': "Jon" for Jonathan
    /// Smith). Writes the keys into `keys` (a buffer the scope reuses) and returns how many
    /// of them come first.
    fn candidate_keys(m: &Mention, keys: &mut Vec<u64>) -> usize {
        fn given_forms(g: &str) -> impl Iterator<Item = &str> {
            let links = crate::lexicon::nickname_links().get(g).map(|v| v.as_slice()).unwrap_or_default();
            std::iter::once(g).chain(links.iter().map(String::as_str))
        }
        keys.clear();
        let lone = match (m.given.as_deref(), m.surname.as_deref()) {
            (Some(g), Some(s)) => {
                for part in [g, s] {
                    keys.push(key(b'1', part, ""));
                }
                for form in given_forms(g) {
                    keys.push(key(b'g', prefix3(form), ""));
                    keys.push(key(b'n', s, initial(form)));
                }
                keys.push(key(b'g', prefix3(s), ""));
                None
            }
            (Some(x), None) | (None, Some(x)) => {
                keys.push(key(b'1', x, ""));
                keys.extend(given_forms(x).map(|form| key(b'g', prefix3(form), "")));
                Some(x)
            }
            (None, None) => None,
        };
        sort_dedup_from(keys, 0);
        let n = keys.len();
        if let Some(x) = lone {
            keys.push(key(b's', x, ""));
            keys.extend(given_forms(x).map(|form| key(b'b', prefix3(form), "")));
            sort_dedup_from(keys, n);
        }
        n
    }

    /// The one person `m` names, if it is unambiguous: the only compatible person; else the
    /// only one with exactly its parts and gender; else the only one with its parts; else, for a full name, the only full person it fits
    /// ("J. Smith" is Jonathan Smith, not the ambiguous bare "Smith" that stands for a Smith
    /// of the note). The scan stops as soon as the answer is known to be "none", so a scope
    /// with thousands of Jonathans costs no more per mention than one with two.
    fn find(&self, m: &Mention, keys: &mut Vec<u64>) -> Option<usize> {
        let full = m.given.is_some() && m.surname.is_some();
        // Up to two distinct people each: compatible, exact, full.
        let (mut c, mut e, mut f) = (Two::default(), Two::default(), Two::default());
        // Exact and of the same gender (or both unknown): a bare "Jimenez" after "Mr." and
        // "Ms. Jimenez" is the earlier bare "Jimenez", not a new person each time.
        let mut same = Two::default();
        let one_part = Self::candidate_keys(m, keys);
        let probe = Probe::of(m);
        'keys: for (k, key) in keys.iter().enumerate() {
            let Some(ids) = self.index.get(key) else { continue };
            // The exact matches of a lone word have one part and are in the first lists: once
            // two people are compatible, the rest cannot change the answer.
            let late = k >= one_part;
            for &i in ids {
                if late && c.full() {
                    break 'keys;
                }
                let sketch = self.sketches[i];
                // A full name is exactly, or fits as a full person, only a person with both
                // parts: once two people are compatible, the others cannot change the answer
                // (in a long stream, the lone "Emilia"s of every note are many).
                if full && c.full() && !sketch.is_full() {
                    continue;
                }
                if c.has(i) || probe.rules_out(sketch) {
                    continue;
                }
                let p = &self.people[i];
                if !compatible(p, m) {
                    continue;
                }
                c.add(i);
                if p.given == m.given && p.surname == m.surname {
                    e.add(i);
                    if p.gender == m.gender {
                        same.add(i);
                    }
                }
                if full && p.given.is_some() && p.surname.is_some() {
                    f.add(i);
                }
                if c.full() && same.full() && (!full || f.full()) {
                    break 'keys;
                }
            }
        }
        c.one().or_else(|| same.one()).or_else(|| e.one()).or_else(|| if full { f.one() } else { None })
    }

    fn new_code(&mut self, m: &Mention) -> String {
        if self.keyed.is_some() {
            return self.keyed_code(m);
        }
        let gi = m.given.as_deref().and_then(|g| g.chars().next());
        let si = m.surname.as_deref().and_then(|s| s.chars().next());
        // A lone token may be either part: keep its letter out of both positions.
        let (avoid1, avoid2) = match (gi, si) {
            (Some(g), Some(s)) => ([Some(g), None], [Some(s), None]),
            (Some(g), None) => ([Some(g), None], [Some(g), None]),
            (None, Some(s)) => ([Some(s), None], [Some(s), None]),
            (None, None) => ([None, None], [None, None]),
        };
        // code_at gives a different code for every index and next_code only grows, so a code
        // is never handed out twice: no need to look at the people already coded.
        loop {
            let n = self.next_code;
            self.next_code += 1;
            let (letters, _) = code_letters(n);
            let [c1, c2, ..] = letters.map(|b| Some(char::from(b.to_ascii_lowercase())));
            if !(avoid1.contains(&c1) || avoid2.contains(&c2)) {
                return code_at(n);
            }
        }
    }

    /// Keyed code: two letters and ten base-32 characters (about 59 bits) from
    /// HMAC(key, scope id, canonical surname, canonical given name). The letters avoid the
    /// person's real initials; a collision with another person of this scope moves on to the
    /// next attempt, so distinct people never share a code.
    fn keyed_code(&self, m: &Mention) -> String {
        const BASE32: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        let (key, id) = self.keyed.as_ref().expect("keyed scope");
        let given = m.given.as_deref().map(canonical_given).unwrap_or_default();
        let surname = m.surname.as_deref().unwrap_or("");
        let gi = m.given.as_deref().and_then(|g| g.chars().next()).map(|c| c.to_ascii_uppercase() as u8);
        let si = m.surname.as_deref().and_then(|s| s.chars().next()).map(|c| c.to_ascii_uppercase() as u8);
        for attempt in 0u32.. {
            let mac =
                key.mac(&[b"person", id.as_bytes(), surname.as_bytes(), given.as_bytes(), &attempt.to_le_bytes()]);
            let letter = |b: u8| b'A' + b % 26;
            let (mut a, mut b) = (letter(mac[0]), letter(mac[1]));
            let mut k = 2;
            while (Some(a) == gi || Some(a) == si || Some(b) == si || Some(b) == gi) && k + 1 < 8 {
                a = letter(mac[k]);
                b = letter(mac[k + 1]);
                k += 2;
            }
            let mut code = String::with_capacity(16);
            code.push(a as char);
            code.push('.');
            code.push(b as char);
            code.push_str(".-");
            let mut bits = u64::from_le_bytes(mac[8..16].try_into().expect("8 bytes"));
            for _ in 0..10 {
                code.push(BASE32[(bits & 31) as usize] as char);
                bits >>= 5;
            }
            if !self.keyed_codes.contains(&code) {
                return code;
            }
        }
        unreachable!("u32 attempts")
    }

    /// The short forms of this scope's facilities.
    pub fn short_forms(&self) -> &ShortForms {
        &self.short_forms
    }

    /// Learns the short form of the facility named `full`, once per facility: `short_form`
    /// gives it ([`crate::detect::short_forms::short_form`]). A form already standing for
    /// another facility keeps it.
    pub fn learn_short_form<'t>(&mut self, full: &'t str, short_form: impl FnOnce(&'t str) -> Option<&'t str>) {
        let forms = &mut self.short_forms;
        if !forms.seen.insert(rustc_hash::FxBuildHasher.hash_one(full)) {
            return;
        }
        let Some(short) = short_form(full) else { return };
        place_key(short, &mut self.buf);
        if forms.forms.contains_key(&self.buf) {
            return;
        }
        let first_word = short.split_whitespace().next().unwrap_or_default();
        match ShortForms::slot(first_word.as_bytes()) {
            Some(k) => {
                forms.filter.resize(ShortForms::FILTER_BITS / 64, 0);
                forms.filter[k / 64] |= 1 << (k % 64);
            }
            None => forms.other_firsts = true,
        }
        let first = self.buf.split(' ').next().unwrap_or_default().to_string();
        forms.firsts.insert(first);
        let key = std::mem::take(&mut self.buf);
        place_key(full, &mut self.buf);
        let hash = place_hash(Kind::Facility, &self.buf);
        self.short_forms.forms.insert(key, hash);
    }

    /// The number of a place of `kind` within this scope (1, 2, ... in order of first
    /// appearance; the same place text always gets the same number, and a facility's short
    /// form its facility's).
    pub fn place_number(&mut self, kind: Kind, text: &str) -> u32 {
        place_key(text, &mut self.buf);
        let mut k = place_hash(kind, &self.buf);
        if kind == Kind::Facility {
            if let Some(&full) = self.short_forms.forms.get(&self.buf) {
                k = full;
            }
        }
        if let Some(&n) = self.places.get(&k) {
            return n;
        }
        let counter = self.place_counts.entry(kind).or_insert(0);
        *counter += 1;
        let n = *counter;
        self.places.insert(k, n);
        n
    }
}

/// True if mention `m` may be person `p`. A full name must agree with a full person on the
/// surname and the given name (equal, nickname, prefix, or initial); a lone word (a person
/// or a mention with only one part, whichever part the parser guessed) agrees with either
/// part of the other side. Conflicting gender evidence always separates.
fn compatible(p: &Person, m: &Mention) -> bool {
    if let (Some(a), Some(b)) = (p.gender, m.gender) {
        if a != b {
            return false;
        }
    }
    fn given_ok(a: &str, b: &str) -> bool {
        if one_char(a) || one_char(b) {
            a.chars().next() == b.chars().next()
        } else {
            given_names_compatible(a, b)
        }
    }
    let lone = |x: &str, given: Option<&str>, surname: Option<&str>| {
        surname == Some(x) || given.is_some_and(|g| two_chars_or_more(x) && given_ok(g, x))
    };
    match (m.given.as_deref(), m.surname.as_deref(), p.given.as_deref(), p.surname.as_deref()) {
        (Some(g), Some(s), Some(pg), Some(ps)) => ps == s && given_ok(pg, g),
        (Some(g), Some(s), Some(x), None) | (Some(g), Some(s), None, Some(x)) => x == s || lone(x, Some(g), None),
        (Some(x), None, pg, ps) | (None, Some(x), pg, ps) => match (pg, ps) {
            (Some(pg), Some(ps)) => lone(x, Some(pg), Some(ps)),
            (Some(y), None) | (None, Some(y)) => x == y || lone(x, Some(y), None),
            (None, None) => false,
        },
        _ => false,
    }
}

/// Four bytes of a person that can show, without reading the person, that a mention is not
/// theirs ([`Probe::rules_out`]): the gender evidence (bits 30-31), whether the person has
/// both parts (bit 17) and, for such a person with a given name of three letters or more, a
/// 16-bit hash of its first three letters (bit 16 set, bits 0-15).
#[derive(Clone, Copy, Debug, Default)]
struct Sketch(u32);

impl Sketch {
    const PREFIX: u32 = 1 << 16;
    const FULL: u32 = 1 << 17;

    fn of(p: &Person) -> Sketch {
        let gender = gender_bits(p.gender) << 30;
        match (&p.given, &p.surname) {
            (Some(g), Some(_)) if g.chars().nth(2).is_some() => {
                Sketch(gender | Sketch::FULL | Sketch::PREFIX | prefix_hash(g))
            }
            (Some(_), Some(_)) => Sketch(gender | Sketch::FULL),
            _ => Sketch(gender),
        }
    }

    fn is_full(self) -> bool {
        self.0 & Sketch::FULL != 0
    }
}

/// What a mention needs from a [`Sketch`]: its gender evidence and, for a full name whose
/// given name has three letters or more, the prefix hashes of that name and its nicknames.
struct Probe {
    gender: u32,
    /// `None`: no prefix test (a lone word, an initial, a short name, or too many forms).
    prefixes: Option<([u32; 16], usize)>,
}

impl Probe {
    fn of(m: &Mention) -> Probe {
        let gender = gender_bits(m.gender);
        let prefixes = match (m.given.as_deref(), m.surname.is_some()) {
            (Some(g), true) if g.chars().nth(2).is_some() => {
                let links = crate::lexicon::nickname_links().get(g).map(|v| v.as_slice()).unwrap_or_default();
                (links.len() < 16).then(|| {
                    let mut set = [0u32; 16];
                    set[0] = prefix_hash(g);
                    for (slot, form) in set[1..].iter_mut().zip(links) {
                        *slot = prefix_hash(form);
                    }
                    (set, links.len() + 1)
                })
            }
            _ => None,
        };
        Probe { gender, prefixes }
    }

    /// True only if [`compatible`] is false for the person sketched: conflicting gender
    /// evidence, or (full name against full name, both given names of three letters or
    /// more) a given name that shares its first three letters with neither the mention's
    /// given name nor any of its nicknames. Equal names, a prefix of three letters or
    /// more, and nicknames all share them, so nothing compatible is ruled out; a hash
    /// collision only lets a person through to the full test.
    fn rules_out(&self, sketch: Sketch) -> bool {
        let gender = sketch.0 >> 30;
        if gender != 0 && self.gender != 0 && gender != self.gender {
            return true;
        }
        match self.prefixes {
            Some((set, n)) if sketch.0 & Sketch::PREFIX != 0 => !set[..n].contains(&(sketch.0 & 0xFFFF)),
            _ => false,
        }
    }
}

fn gender_bits(g: Option<Gender>) -> u32 {
    match g {
        None => 0,
        Some(Gender::Female) => 1,
        Some(Gender::Male) => 2,
    }
}

/// A 16-bit hash of the first three letters of a given name.
fn prefix_hash(given: &str) -> u32 {
    (key(b'p', prefix3(given), "") & 0xFFFF) as u32
}

/// Up to two distinct person indices, in the order found.
#[derive(Default)]
struct Two {
    ids: [usize; 2],
    n: usize,
}

impl Two {
    fn has(&self, i: usize) -> bool {
        self.ids[..self.n].contains(&i)
    }
    fn add(&mut self, i: usize) {
        if self.n < 2 && !self.has(i) {
            self.ids[self.n] = i;
            self.n += 1;
        }
    }
    fn full(&self) -> bool {
        self.n == 2
    }
    /// The one index, if exactly one was found (the caller stops adding at two, so "two"
    /// means "two or more").
    fn one(&self) -> Option<usize> {
        (self.n == 1).then_some(self.ids[0])
    }
}

/// The `n`-th code of the fixed sequence: 676 two-letter codes in a scrambled order,
/// then three-letter codes. The order is a permutation by a multiplier coprime to the
/// number of codes, so it looks arbitrary but is the same on every run.
pub fn code_at(n: usize) -> String {
    let (letters, round) = code_letters(n);
    let mut code = String::with_capacity(8);
    for &c in letters.iter().take_while(|&&c| c != 0) {
        code.push(char::from(c));
        code.push('.');
    }
    if round > 0 {
        // Past 18,252 people in one scope: add a round number so codes stay unique.
        code.push_str(&round.to_string());
    }
    code
}

/// The letters of [`code_at`]`(n)` in order (two or three; a third 0 when two) and its round
/// number, without building the code.
fn code_letters(n: usize) -> ([u8; 3], usize) {
    let (len, size, index) = if n < 676 { (2, 676usize, n) } else { (3, 17_576usize, (n - 676) % 17_576) };
    let round = if n < 676 { 0 } else { (n - 676) / 17_576 };
    // 7919 is prime and does not divide 676 or 17576, so this is a permutation.
    let mut v = (index * 7919 + 331) % size;
    let mut letters = [0u8; 3];
    for k in (0..len).rev() {
        letters[k] = b'A' + (v % 26) as u8;
        v /= 26;
    }
    (letters, round)
}

/// The canonical form of a given name for keyed codes: the longest of the name and its
/// nickname links ("bill" and "will" -> "william"), ties broken alphabetically.
fn canonical_given(name: &str) -> String {
    let mut best = name;
    if let Some(links) = crate::lexicon::nickname_links().get(name) {
        for l in links {
            if (l.len(), std::cmp::Reverse(l.as_str())) > (best.len(), std::cmp::Reverse(best)) {
                best = l;
            }
        }
    }
    best.to_string()
}

/// Index key of a list of people: its kind ('s' surname, '1' surname of people with no
/// given name, 'n' surname and initial, 'g' and 'b' given-name prefix of people with one
/// or both parts) and its words, hashed. A collision only adds people to look at:
/// compatibility is always checked on the person.
fn key(kind: u8, a: &str, b: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = rustc_hash::FxHasher::default();
    (kind, a, b).hash(&mut h);
    h.finish()
}

/// Sorts `keys[from..]` and drops its repeats, leaving `keys[..from]` as it is.
fn sort_dedup_from(keys: &mut Vec<u64>, from: usize) {
    keys[from..].sort_unstable();
    let mut w = from;
    for r in from..keys.len() {
        if w == from || keys[r] != keys[w - 1] {
            keys[w] = keys[r];
            w += 1;
        }
    }
    keys.truncate(w);
}

/// First character of a name, as a string ("" for an empty name).
fn initial(name: &str) -> &str {
    name.char_indices().nth(1).map_or(name, |(i, _)| &name[..i])
}

fn prefix3(name: &str) -> &str {
    match name.char_indices().nth(3) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

/// A 128-bit hash of a place (two independent 64-bit hashes): two different places of one
/// scope sharing a number would need a collision of both.
fn place_hash(kind: Kind, key: &str) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let mut a = rustc_hash::FxHasher::default();
    (kind, key).hash(&mut a);
    let mut b = std::collections::hash_map::DefaultHasher::new();
    (key, kind).hash(&mut b);
    (a.finish(), b.finish())
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

/// The nickname a full name carries inside quotes or brackets between its words:
/// 'Travon "Tay" Whitlock', "Robert (Bobby) Hale", "Margaret \u{201C}Peggy\u{201D} Ruiz".
fn nickname_inside(text: &str) -> Option<&str> {
    let open = text.find(['"', '(', '\u{201C}'])?;
    let rest = &text[open..];
    let rest = &rest[rest.chars().next()?.len_utf8()..];
    let close = rest.find(['"', ')', '\u{201D}'])?;
    let nick = rest[..close].trim();
    // one word, and more of the name after it
    let after = rest[close..].trim_start_matches(['"', ')', '\u{201D}']).trim();
    (!nick.is_empty() && !nick.contains(' ') && !after.is_empty()).then_some(nick)
}

/// Splits a name span into parts: words of letters (with inner hyphens and apostrophes),
/// single letters as initials.
fn parse_mention(text: &str, shape: NameShape, lex: &Lexicon, scratch: &mut String) -> Mention {
    let comma = text.contains(',');
    // The words of the mention; only the first, the second and the last are needed.
    let words = text
        .split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '\u{2019}'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty());
    let (mut first, mut second, mut last, mut n) = ("", "", "", 0usize);
    for w in words {
        match n {
            0 => first = w,
            1 => second = w,
            _ => {}
        }
        last = w;
        n += 1;
    }
    let mut norm = |w: &str| {
        normalize_into(w, scratch);
        Some(scratch.clone())
    };
    match n {
        0 => Mention { given: None, surname: None, gender: None },
        1 => {
            let p = norm(first);
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
        _ if comma || shape == NameShape::SurnameFirst => {
            Mention { surname: norm(first), given: norm(second), gender: None }
        }
        _ => Mention { given: norm(first), surname: norm(last), gender: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_look_like_initials() {
        let codes: std::collections::HashSet<String> = (0..676).map(code_at).collect();
        assert_eq!(codes.len(), 676);
        assert!(codes.iter().all(|c| c.len() == 4 && c.as_bytes()[1] == b'.'));
        let more: std::collections::HashSet<String> = (0..20_000).map(code_at).collect();
        assert_eq!(more.len(), 20_000);
    }

    /// The sketch test may only rule out people the full test rules out too: every pair
    /// of a person and a mention drawn from names with nicknames, prefixes, initials, short
    /// and non-ASCII given names, and all gender evidence.
    #[test]
    fn a_sketch_never_rules_out_a_compatible_person() {
        let givens = [
            None,
            Some("j"),
            Some("jo"),
            Some("jon"),
            Some("jonathan"),
            Some("bill"),
            Some("william"),
            Some("will"),
            Some("robert"),
            Some("bob"),
            Some("žo"),
            Some("žofia"),
            Some("ann"),
            Some("anne"),
            Some("annabel"),
        ];
        let surnames = [None, Some("smith"), Some("jon"), Some("will")];
        let genders = [None, Some(Gender::Female), Some(Gender::Male)];
        let mut parts = Vec::new();
        for g in givens {
            for s in surnames {
                for gender in genders {
                    parts.push((g.map(str::to_string), s.map(str::to_string), gender));
                }
            }
        }
        let (mut pairs, mut ruled_out) = (0, 0);
        for (given, surname, gender) in parts.iter().cloned() {
            let p = Person { given, surname, gender, code: String::new(), forms: Vec::new() };
            for (given, surname, gender) in parts.iter().cloned() {
                let m = Mention { given, surname, gender };
                pairs += 1;
                if Probe::of(&m).rules_out(Sketch::of(&p)) {
                    ruled_out += 1;
                    assert!(!compatible(&p, &m), "{p:?} / {m:?}");
                }
            }
        }
        // and the test does rule out: a good share of the pairs never reach the person
        assert!(ruled_out * 3 > pairs, "{ruled_out} of {pairs}");
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
        // The next bare "John" is that same ambiguous John, and so is every later one, even
        // once gendered people with exactly that part exist (no new person per mention).
        assert_eq!(s.person_code("John", NameShape::Given, None, &lex), c);
        let m = s.person_code("Kowalczyk", NameShape::Surname, Some(Gender::Male), &lex).to_string();
        let f = s.person_code("Kowalczyk", NameShape::Surname, Some(Gender::Female), &lex).to_string();
        let bare = s.person_code("Kowalczyk", NameShape::Surname, None, &lex).to_string();
        assert_ne!(m, f);
        let people = s.people();
        for _ in 0..50 {
            assert_eq!(s.person_code("Kowalczyk", NameShape::Surname, None, &lex), bare);
        }
        assert_eq!(s.people(), people);
        // Full names still find their people among the lone, ambiguous ones: "John Smith"
        // (and "J. Smith") is a, not the bare John c nor a new person.
        assert_eq!(s.person_code("John Smith", NameShape::GivenFirst, None, &lex), a);
        assert_eq!(s.person_code("J. Smith", NameShape::GivenFirst, None, &lex), a);
        assert_eq!(s.person_code("John Brown", NameShape::GivenFirst, None, &lex), b);
        assert_eq!(s.people(), people);
        // A full name links to the one earlier lone mention it fits ("Szabo", then "Anna Szabo").
        let lone = s.person_code("Szabo", NameShape::Surname, None, &lex).to_string();
        assert_eq!(s.person_code("Anna Szabo", NameShape::GivenFirst, None, &lex), lone);
    }

    #[test]
    fn keyed_codes_are_stable_distinct_and_not_the_initials() {
        let lex = Lexicon::new();
        let key = Arc::new(SecretKey::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap());
        let mut a = Scope::keyed(key.clone(), "client-7");
        let mut b = Scope::keyed(key.clone(), "client-7");
        let x = a.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex).to_string();
        b.person_code("Mary Brown", NameShape::GivenFirst, None, &lex);
        assert_eq!(b.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex), x);
        assert_eq!(a.person_code("Jon", NameShape::Given, None, &lex), x);
        assert_eq!(x.len(), 15);
        assert!(!x.starts_with('J') && !x.starts_with('S') && &x[2..3] != "S" && &x[2..3] != "J");
        let mut other = Scope::keyed(key, "client-8");
        assert_ne!(other.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex), x);
        let mut unkeyed = Scope::new();
        assert_ne!(unkeyed.person_code("Jonathan Smith", NameShape::GivenFirst, None, &lex), x);
    }

    #[test]
    fn date_offsets_are_keyed_nonzero_and_in_range() {
        let key = Arc::new(SecretKey::from_bytes(b"0123456789abcdef0123456789abcdef").unwrap());
        assert_eq!(Scope::new().date_offset(1, 365), None);
        for id in ["a", "b", "c", "d", "e"] {
            let d = Scope::keyed(key.clone(), id).date_offset(1, 30).unwrap();
            assert!(d != 0 && d.abs() <= 30);
            assert_eq!(Scope::keyed(key.clone(), id).date_offset(1, 30), Some(d));
        }
    }

    #[test]
    fn places_are_numbered_by_first_appearance() {
        let mut s = Scope::new();
        assert_eq!(s.place_number(Kind::City, "Boston"), 1);
        assert_eq!(s.place_number(Kind::City, "Springfield"), 2);
        assert_eq!(s.place_number(Kind::City, "BOSTON"), 1);
        assert_eq!(s.place_number(Kind::Facility, "Mercy Clinic"), 1);
    }

    #[test]
    fn a_short_form_is_numbered_as_its_facility_and_filters_the_words_it_may_start() {
        let mut s = Scope::new();
        s.learn_short_form("Ørsted Clinic", |_| Some("Ørsted"));
        assert!(s.short_forms().may_start("Ørsted".as_bytes()));
        assert!(!s.short_forms().may_start(b"Hemlock"), "no ASCII first word learned yet");
        s.learn_short_form("Hemlock Ridge Elementary School", |_| Some("Hemlock Ridge"));
        s.learn_short_form("Hemlock Ridge High School", |_| Some("Hemlock Ridge"));
        assert!(s.short_forms().may_start(b"HEMLOCK") && s.short_forms().starts("hemlock"));
        assert!(s.short_forms().contains("hemlock ridge"));
        assert_eq!(s.place_number(Kind::Facility, "Hemlock Ridge"), 1);
        assert_eq!(s.place_number(Kind::Facility, "Hemlock Ridge Elementary School"), 1);
        assert_eq!(s.place_number(Kind::Facility, "Hemlock Ridge High School"), 2);
        assert_eq!(s.place_number(Kind::City, "Hemlock Ridge"), 1, "a town of that name is another place");
    }
}
