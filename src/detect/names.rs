//! Detector `names`: people of every role (client, relatives, group members, clinicians,
//! third parties).
//!
//! **Why PHI**: names of the individual and of relatives, employers and household members
//! are Safe Harbor identifier 1; in consultation notes every named person can identify the
//! client.
//!
//! **How**: one pass over the tokens. Each word gets a level of evidence from the
//! dictionaries (Census/SSA first names and surnames, weighed against how common the word is
//! in lower-case English, from SCOWL) and its case and position; context raises it:
//! - a title before it ("Dr", "Mrs", "Mx"): always a name, whatever the case;
//! - a kinship or role word before it ("wife", "son", "client", "pt", "named");
//! - a speech or action verb after it ("said", "reported"), or a possessive ("Grace's");
//! - a neighbouring name ("Jonathan Smith", "J. Smith", "Smith, Jonathan"); in capitals in
//!   mixed-case text a given name and a surname beside each other, though either is a
//!   common word ("Patient: SMITH, JOHN").
//!
//! Adjacent name words, initials, hyphenated parts and particles ("van der", "Ní") form one
//! span ("Pieter van der Linden", "Ludwig van Beethoven", "DOE, JANE A"); titles and the
//! possessive stay outside it, so they remain readable ("Mr. K.R.'s"). A role word does not
//! announce a credential after it ("PMHNP-BC", "Psy.D., ABPP", "RN, CNA").
//!
//! **Examples**: "Mr. Kowalczyk", "pt's wife mary", "DR HEALEY", "Smith-Jones",
//! "Nguyễn Văn An", "Grace reported", "Smith, Jonathan".
//!
//! **Common-word names** (Will, May, Hope, Grace, Mark, Bill, Rose, Frank; Brown, King,
//! Hill): a capitalised word in the middle of a sentence that is a listed name counts as one
//! unless it sits in a run of Title Case words ("Weekly Group Therapy"); at the start of a
//! sentence it needs context ("Will said" yes, "Will continue CBT" no). So do months and
//! countries that are first names ("June reports improved mood", "Jordan's mother"; not
//! "March was hard", "in May", "moved to Jordan"), and state codes written as first names
//! ("Al Poe").
//!
//! **Kinship and role words**: one that is a rare name ("Mom", "Coach") is the relative or
//! the role when it stands alone ("Mom's OB", "Coach said"); one that is a surname of
//! 1,000 people or more is the surname after a title or a first name ("Mrs. Pastor", "Mr.
//! Parent", "Maria Judge").
//!
//! **After "the"**: the plural of a surname is a family ("met the Smiths"); a capitalised
//! common word that is a rare name is an institution unless a family word, a capitalised
//! word or a possessive follows ("reported to the Board"; "the Hill family").
//!
//! **Compounds**: the lower-case second part of a hyphenated given name joins it
//! ("Ji-woo Park"); in capitals, a double surname is one when either part is ("JANE
//! DOE-RIVERA"). In a line without case, a word before a clinician's credential is a
//! surname, with a lone letter and its period as its initial ("j. kowalski lcsw").
//!
//! **Lists and signatures**: a first name that is no common word, as the next item of a
//! list after a name ("children (Mateo, 12; Ines, 8)"), and a popular first name that is
//! one as the item before a name ("Hope and Joy (twins, 12)"); a list of first names is no
//! "Surname, Given" pair before its last item ("Mateo, Ines and Bex"). A dictation
//! signature's initials ("TW/rlb") are people. Real initials of a full name nearby ("JT",
//! "J.T.") are re-found with the names seen elsewhere ([`refind`], [`crate::initials`]).
//!
//! **Lower case**: a popular first name alone in brackets ("my ride (tyler)"), one glued
//! to a dash at the end of a message ("-tony"), a hyphenated in-law before a name
//! ("brother-in-law mike"), a middle initial without its period between a first name and
//! a surname ("benjamin a seiler"), a popular first name after a self-introduction ("its
//! ashley from the shelter", "this is dana"), and in a line without case the plural of a
//! surname after "the" ("the pruitts").
//!
//! **Labels and values**: a common word that is a rare name before ": " is a field's label
//! ("State: IL", "Race: Black"), as is an unknown word before ": " and a number in a row of
//! fields ("Gr: 9"); a language after a field that asks for one ("Language: English") and
//! a direction after a number ("4 West") are no people. A nickname in quotes or brackets
//! inside a full name ('Travon "Tay" Whitlock') is that person's wherever it stands alone
//! (the scope links it); a list of first names is no "Surname, Given" pair ("Dev, Krystal").
//!
//! **Unknown words**: a capitalised word that no list knows (not a word, drug, medical term
//! or place) is taken for a name ("Szöllösy"): a leak is worse than an over-redaction.
//!
//! **Clinical terms**: two capitalised words that are rare names, the second a common word
//! of the clinical vocabulary, are a term, not a person ("Chief Complaint", "Low Mood",
//! "Working Memory", "Major Depressive Disorder").
//!
//! **Known false positives**: capitalised jargon missing from every list, or whose last
//! word is no clinical word ("Wise Mind", "Hope Box"); brand names.
//! Clinical eponyms are protected by the `clinical` detector ("Parkinson's disease").
//! Add local words with `--allow-list`.

use std::ops::Range;

use rustc_hash::FxHashSet;

use super::wordset::WordSet;
use super::{Detector, Note};
use crate::initials::{self, Initials};
use crate::lexicon::{bits, Entry};
use crate::segment::{Case, Class, Token, CASELESS, SENT_START};
use crate::span::{Candidate, Kind, NameShape};

/// Priority of a name introduced by a title.
const P_TITLE: u8 = 140;
/// Priority of a name introduced by a kinship or role word.
const P_CUE: u8 = 130;
/// Priority of a dictionary name.
const P_DICT: u8 = 100;
/// Priority of an unknown capitalised word.
const P_UNKNOWN: u8 = 70;
/// Priority of a name re-found because it was seen as a name elsewhere in the scope.
const P_REFIND: u8 = 90;

/// Words never part of a name on their own.
const BLOCK: u64 = bits::STOPWORD
    | bits::CLINICAL
    | bits::TITLE
    | bits::MONTH
    | bits::WEEKDAY
    | bits::US_STATE
    | bits::STATE_ABBR
    | bits::COUNTRY;

/// Words that name a place or end one ("Point", "Springs", "Ridge"): a person found there
/// by accident ("Kestrel Point") is still no clinical term.
const PLACE_WORD: u64 = bits::STREET_SUFFIX | bits::US_CITY | bits::WORLD_CITY | bits::US_COUNTY | bits::FACILITY_HEAD;

/// Lower-case particles inside surnames ("van der Berg", "de la Cruz", "Ní Bhriain").
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "del", "della", "la", "le", "da", "di", "du", "dos", "das", "bin", "ibn", "al",
    "el", "ter", "ten", "ní", "nic", "ó", "mac", "st",
];

/// [`PARTICLES`] as a set: asked about most short words of a note.
fn particles() -> &'static WordSet {
    static SET: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| WordSet::new(&[PARTICLES]));
    &SET
}

/// Modal verbs that are also names: at a sentence start before a lower-case verb they are
/// verbs ("Will continue", "May benefit").
const MODALS: &[&str] = &["will", "may", "can", "should", "must", "might"];

/// Words for a person that are also first names ("Guy"): in lower case after a role word
/// they are the person's noun ("landlord guy", "her boyfriend dude").
fn is_person_noun(w: &str) -> bool {
    matches!(w, "guy" | "dude" | "honey" | "babe" | "baby")
}

/// Last words of job titles that no list has as a name ("Peer Support Specialist", "Nurse
/// Practitioner", "Hospitalist"): see [`Note::in_job_title`].
#[rustfmt::skip]
const JOB_HEADS: &[&str] = &[
    "administrator", "advocate", "aide", "assistant", "clinician", "consultant", "coordinator", "counselor",
    "counsellor", "director", "hospitalist", "liaison", "manager", "navigator", "officer", "practitioner",
    "psychologist", "psychiatrist", "representative", "specialist", "steward", "supervisor", "technician",
    "therapist", "worker",
];

/// Clinicians' credentials written after a name ("kowalski lcsw", "Lee, PhD"), lower case.
#[rustfmt::skip]
pub(crate) const CREDENTIALS: &[&str] = &[
    "lcsw", "lp", "lpc", "lmft", "lmhc", "lpcc", "lcpc", "lcmhc", "licsw", "lisw", "lmsw", "cadc", "ladc", "lcadc",
    "bcba", "pmhnp", "phd", "psyd", "dsw", "dnp", "msw", "md", "aprn", "np", "rn",
];

/// True if `w` is one of [`JOB_HEADS`], in any case.
pub(crate) fn is_job_head(w: &str) -> bool {
    (4..=14).contains(&w.len()) && JOB_HEADS.iter().any(|h| w.eq_ignore_ascii_case(h))
}

/// Verbs of a task given to a person ("June to call the unit", "April to bring the forms"):
/// a month is given none.
const TASK_VERBS: &[&str] = &[
    "bring", "call", "check", "come", "contact", "drop", "email", "e-mail", "fax", "follow", "meet", "pick", "return",
    "schedule", "send", "sign", "text", "visit",
];

/// True if `w` is one of [`MODALS`], in any case.
fn is_modal(w: &str) -> bool {
    (3..=6).contains(&w.len()) && MODALS.iter().any(|m| w.eq_ignore_ascii_case(m))
}

/// Verbs of speech, thought and contact whose subject is a person, never a month or, in a
/// note, a country ("June reports", "April said", "Jordan attends", "June grew up", "June
/// e-mailed"; not "May was", "March saw", "June brought").
const SPEECH_VERBS: &str = "said says stated reported reports shared disclosed discloses explained explains \
    described describes denied denies endorsed endorses admitted admits agreed agrees asked asks told tells \
    mentioned mentions expressed expresses called phoned texted emailed invited cried laughed yelled screamed \
    threatened refused refuses declined declines acknowledged acknowledges feels felt thinks thought wants wanted \
    spoke speaks wrote writes worried worries wondered wonders believed believes attends attended grew mailed \
    mails recognised recognized noticed realised realized referred";

/// Words before a month or a country that make it a date or a place, not a person.
const PLACE_TIME_PREPS: &[&str] = &[
    "in",
    "on",
    "at",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "during",
    "early",
    "late",
    "mid",
    "last",
    "next",
    "this",
    "of",
    "from",
    "to",
    "through",
    "the",
    "each",
    "every",
    "per",
    "near",
    "visit",
    "visited",
    "into",
    "across",
    "throughout",
    "around",
    "between",
    "and",
    "or",
];

/// The names detector. Stateless; all its knowledge is in the lexicon.
pub struct Names {}

impl Default for Names {
    fn default() -> Self {
        Self::new()
    }
}

impl Names {
    /// Creates the detector.
    pub fn new() -> Names {
        Names {}
    }
}

/// Evidence that a token is part of a name.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Level {
    /// Not a name.
    No,
    /// A name only together with other evidence (another name word, a verb after it).
    Weak,
    /// A name.
    Yes,
}

/// How likely a listed name is meant as a name rather than a common word, in log-frequency
/// units (7 per doubling): positive when the name is at least about as frequent.
pub(crate) fn name_margin(e: Entry) -> i32 {
    i32::from(e.name()) - i32::from(e.word()) + 14
}

/// A capitalised common word of SCOWL's or brands.txt that is a rare name at most (fewer
/// than about 50,000 people): "Christmas", "English", "Baptist", "TikTok"; not "Smith".
fn capitalised_common_word(e: Entry) -> bool {
    e.has(bits::UPPER_WORD) && e.name() < crate::lexicon::freq_score(50_000)
}

/// A word among the commonest of English that few people bear as a name (fewer than about
/// 5,000): capitalised mid-sentence, it is the word ("at School today", "a Court date", "from
/// Work"), unless something else points to a person ("Mr. Court", "Court said").
fn rare_name_of_a_common_word(e: Entry) -> bool {
    e.word() >= 180 && e.name() < crate::lexicon::freq_score(5_000)
}

/// The text after an age of one or two digits at the start of `g`, ", 12" or " (12)" (its
/// bracket too): the age after a child's name in a list ("Mateo, 12; Ines (8)").
fn strip_age(g: &str) -> Option<&str> {
    let rest = g.strip_prefix(", ").or_else(|| g.strip_prefix(" ("))?;
    let rest = rest.trim_start_matches(|ch: char| ch.is_ascii_digit());
    let digits = g.len() - 2 - rest.len();
    let rest = if g.starts_with(" (") { rest.strip_prefix(')')? } else { rest };
    (1..=2).contains(&digits).then_some(rest)
}

/// True if `rest` starts with an age of one or two digits: " (12)", or ", 12" and " 12"
/// before a separator or the end.
fn age_after(rest: &str) -> bool {
    let ends = |r: &str| r.bytes().next().is_none_or(|c| matches!(c, b',' | b';' | b')' | b' ' | b'\n'));
    if let Some(after) = strip_age(rest) {
        return rest.starts_with(" (") || ends(after);
    }
    // (" 12,": without the comma)
    let Some(r) = rest.strip_prefix(' ').filter(|r| !r.starts_with('(')) else { return false };
    let after = r.trim_start_matches(|c: char| c.is_ascii_digit());
    (1..=2).contains(&(r.len() - after.len())) && ends(after)
}

/// True if `w` is a plural kinship word that labels a list of people ("Children:").
#[inline(always)]
fn is_people_label(w: &str) -> bool {
    // (first the length and the first letter: c, k, s, d, b, g)
    (4..=13).contains(&w.len())
        && matches!(w.as_bytes()[0] | 0x20, b'c' | b'k' | b's' | b'd' | b'b' | b'g')
        && is_people_label_word(w)
}

#[inline(never)]
fn is_people_label_word(w: &str) -> bool {
    const LABELS: [&str; 11] = [
        "children",
        "kids",
        "siblings",
        "sons",
        "daughters",
        "brothers",
        "sisters",
        "grandchildren",
        "grandkids",
        "stepchildren",
        "dependents",
    ];
    LABELS.iter().any(|l| w.eq_ignore_ascii_case(l))
}

fn is_name_listed(e: Entry) -> bool {
    e.name() > 0
}

/// True if the word is known to some list other than the name lists.
pub(crate) fn is_other_known(e: Entry) -> bool {
    e.has(
        bits::KNOWN_WORD
            | bits::UPPER_WORD
            | bits::MEDICAL
            | bits::DRUG
            | bits::US_CITY
            | bits::WORLD_CITY
            | bits::US_COUNTY
            | bits::STREET_SUFFIX
            | bits::UNIT
            | bits::FACILITY_HEAD
            | bits::PERSON_CUE
            | bits::PERSON_VERB,
    ) || e.word() > 0
}

/// True if `s` has at least `n` letters (reading no further than the `n`-th: most callers
/// ask about two, of every capitalised word).
#[inline]
fn has_letters(s: &str, n: usize) -> bool {
    // (nearly always: the first n bytes are ASCII letters; inlined, so that the test is a
    // few instructions for a constant n)
    s.as_bytes().get(..n).is_some_and(|head| head.iter().all(u8::is_ascii_alphabetic)) || counts_letters(s, n)
}

/// [`has_letters`] the long way: counts the letters of any script.
#[cold]
#[inline(never)]
fn counts_letters(s: &str, n: usize) -> bool {
    n == 0 || s.chars().filter(|c| c.is_alphabetic()).nth(n - 1).is_some()
}

impl<'a> Note<'a> {
    // (always: asked of every word that joins a name, and the compiler's own choice moved
    // with unrelated code in `detect`, 11 M instructions a MB out of line)
    #[inline(always)]
    fn is_particle(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.class == Class::Word
            && t.end - t.start <= 5
            && matches!(t.case, Case::Lower | Case::Title)
            && particles().contains(self.tok(i))
    }

    /// The word before `i`, skipping one space and an optional possessive, comma or colon
    /// ("pt's wife, Mary" -> "wife"). A word before a wider gap stands in another column
    /// ("Gwen Lafferty, PhD    Date: April 9"): after a colon or a comma a gap is a label's.
    fn cue_before(&self, i: usize) -> Option<usize> {
        let mut j = self.prev_nonspace(i)?;
        if self.tokens[j].class == Class::Punct && matches!(self.tok(j), "," | ":" | "(" | "-") {
            j = self.prev_nonspace(j)?;
        } else if self.tokens[j].class == Class::Punct && self.quoted(i) {
            // a nickname in quotes: 'dealer "Smoke"'
            j = self.prev_nonspace(j).filter(|&k| k + 3 == i)?;
        } else if j + 1 < i && self.tok(j + 1) != " " {
            return None;
        }
        (self.tokens[j].class == Class::Word).then_some(j)
    }

    /// True if word `i` stands alone in double quotes, glued to them ('"Smoke"').
    #[inline(always)]
    fn quoted(&self, i: usize) -> bool {
        // (first the byte before the word: '"', or the last byte of a curly quote)
        let start = self.tokens[i].start;
        start > 0 && matches!(self.text.as_bytes()[start - 1], b'"' | 0x9C | 0x9D) && self.in_quotes(i)
    }

    /// The rest of [`Note::quoted`]: the quotes are tokens of their own on both sides.
    #[inline(never)]
    fn in_quotes(&self, i: usize) -> bool {
        let quote = |k: usize| matches!(self.tok(k), "\"" | "\u{201c}" | "\u{201d}");
        i >= 1
            && i + 1 < self.tokens.len()
            && quote(i - 1)
            && quote(i + 1)
            && self.tokens[i - 1].end == self.tokens[i].start
            && self.tokens[i].end == self.tokens[i + 1].start
    }

    /// True if the title at `t` is followed by "." or nothing and then the word at `i`.
    fn title_before(&self, i: usize) -> bool {
        let Some(mut j) = self.prev_nonspace(i) else { return false };
        if self.tok(j) == "." {
            match j.checked_sub(1) {
                Some(k) => j = k,
                None => return false,
            }
        }
        let t = &self.tokens[j];
        // "my father retired", "her sister Mary": a kinship word after a possessive is the
        // relative, not the title of "Father Mike" (the kinship cue decides what follows)
        if t.entry.has(bits::PERSON_CUE) && self.possessive_before(j) {
            return false;
        }
        // "16 Fr Foley", "19 Fr Blake drains": after a number, "Fr" is the French gauge of a
        // catheter, not "Father"
        if self.tok(j).eq_ignore_ascii_case("fr")
            && self.prev_word(j).is_some_and(|n| self.tokens[n].class == Class::Number)
        {
            return false;
        }
        // "MS" in mixed-case text is multiple sclerosis or a degree, not "Ms."
        t.class == Class::Word
            && t.entry.has(bits::TITLE)
            && (matches!(t.case, Case::Title | Case::Initial)
                || t.has(CASELESS)
                || t.case == Case::Upper && self.tokens[i].case == Case::Upper
                || t.case == Case::Upper && self.initial_before_capitals(i)
                || matches!(self.tok(j), "dr" | "mr" | "mrs" | "ms" | "mx"))
    }

    /// True if word `i` is an initial whose period is followed by a word in capitals ("DR. K.
    /// OYELOWO").
    fn initial_before_capitals(&self, i: usize) -> bool {
        self.tokens[i].case == Case::Initial
            && self.tokens.get(i + 1).is_some_and(|p| self.text[p.start..p.end] == *".")
            && self.next_word(i + 1).is_some_and(|n| self.tokens[n].case == Case::Upper)
    }

    /// True if a kinship or role cue stands right before word `i` ("wife Mary", "named X",
    /// "my name is X").
    fn person_cue_before(&self, i: usize) -> bool {
        // (the word's own entry first, inline: most words are common words)
        let e = self.tokens[i].entry;
        if e.word() == 0 && e.first() > 0 && !e.has(BLOCK) && self.introduced(i) {
            return true;
        }
        let Some(j) = self.cue_before(i) else { return false };
        let e = self.tokens[j].entry;
        if e.has(bits::PERSON_CUE) {
            return !self.credential_after_credential(j, i);
        }
        let w = self.tok(j);
        // "brother-in-law mike", "son-in-law gary": the cue is the whole hyphenated word
        if w.eq_ignore_ascii_case("law")
            && j >= 2
            && self.tok(j - 1) == "-"
            && self.tok(j - 2).eq_ignore_ascii_case("in")
        {
            return true;
        }
        // "Kids: Hope 10, Will 7", "her children Divine (12) and Grace (9)": the label of a
        // list of people, before a colon or a name with its age (not "Blank Children's
        // Hospital", "Kids Count")
        if is_people_label(w) && (self.tok(j + 1) == ":" || age_after(&self.text[self.tokens[i].end..])) {
            return true;
        }
        // "name is X", "name: X", "name was X"
        if w.eq_ignore_ascii_case("is") || w.eq_ignore_ascii_case("was") {
            if let Some(k) = self.prev_word(j) {
                return self.tok(k).eq_ignore_ascii_case("name");
            }
        }
        w.eq_ignore_ascii_case("name")
    }

    /// True if word `i`, a popular first name that is no common word, follows a
    /// self-introduction one space apart: "this is ashley from the shelter", "it's Dana",
    /// "its jess", "I am Keisha" (not "this is ok", "its grace period", "i'm rob").
    #[inline(never)]
    fn introduced(&self, i: usize) -> bool {
        if self.tokens[i].entry.first() < crate::lexicon::freq_score(2_000) {
            return false;
        }
        let Some(j) = self.prev_nonspace(i).filter(|&j| self.tokens[j].end + 1 == self.tokens[i].start) else {
            return false;
        };
        // (its, it's, im, i'm, is, am, 's, 'm: short, and starting with one of four bytes)
        let cue = self.tok(j).as_bytes();
        if cue.len() > 6 || !matches!(cue[0] | 0x20, b'i' | b'a' | b'\'' | 0xE2) {
            return false;
        }
        let is = |k: usize, w: &str| self.tok(k).eq_ignore_ascii_case(w);
        let before = |k: usize, w: &str| self.prev_word(k).is_some_and(|p| is(p, w));
        let glued = |k: usize, w: &str| k > 0 && self.tokens[k - 1].end == self.tokens[k].start && is(k - 1, w);
        let any = |k: usize, ws: &[&str]| ws.iter().any(|w| is(k, w));
        any(j, &["its", "it's", "it\u{2019}s", "im", "i'm", "i\u{2019}m"])
            || is(j, "is") && before(j, "this")
            || is(j, "am") && before(j, "i")
            || any(j, &["'s", "\u{2019}s"]) && glued(j, "it")
            || any(j, &["'m", "\u{2019}m"]) && glued(j, "i")
    }

    /// True if the role word `j` before word `i` is a credential and `i` another one, not the
    /// name it would announce: "PMHNP-BC", "LCSW-C" (glued by a hyphen), or a list of them in
    /// mixed-case text ("RN, CNA", "BCBA, LPN": capitals no name list has). A listed name in
    /// capitals after a role word is still one ("seen by RN, MURPHY"), as is any in a line
    /// without case ("PT: SMITH").
    fn credential_after_credential(&self, j: usize, i: usize) -> bool {
        let between = &self.text[self.tokens[j].end..self.tokens[i].start];
        let (cue, word) = (&self.tokens[j], &self.tokens[i]);
        let acronym = word.case == Case::Upper && !word.has(CASELESS) && !is_name_listed(word.entry);
        // (a dotted degree is a credential too: "Psy.D., ABPP")
        let credential = cue.case == Case::Upper || self.tok(j).contains('.');
        // (typed in lower case, a board suffix of two letters: "kd, pmhnp-bc", "rn-bc")
        let suffix = between == "-" && word.end - word.start <= 2;
        credential && (between == "-" || between == ", " && acronym) || suffix
    }

    /// The word after word `i` where a verb would stand: the next word, or the one after it
    /// when the next is an adverb ("May privately worries", "Sam also said").
    fn verb_slot_after(&self, i: usize) -> Option<usize> {
        let j = self.next_word(i)?;
        let w = self.tok(j);
        // "e-mailed", "self-referred": the verb is the word after the hyphen
        if self.tokens.get(j + 1).is_some_and(|h| self.text[h.start..h.end] == *"-")
            && self.tokens.get(j + 2).is_some_and(|m| m.class == Class::Word)
            && (w.eq_ignore_ascii_case("e") || w.eq_ignore_ascii_case("self"))
        {
            return Some(j + 2);
        }
        let adverb = self.tokens[j].case == Case::Lower
            && (w.len() > 4 && w.ends_with("ly") || ["also", "still", "often", "never", "now"].contains(&w));
        if adverb {
            self.next_word(j)
        } else {
            Some(j)
        }
    }

    /// True if the word at `i` is followed by a possessive, or a verb of speech or action
    /// (perhaps after an adverb).
    fn verb_or_possessive_after(&self, i: usize) -> bool {
        match self.tokens.get(i + 1) {
            Some(t) if t.class == Class::Possessive => return true,
            _ => {}
        }
        match self.verb_slot_after(i) {
            Some(j) => {
                let t = &self.tokens[j];
                let w = self.tok(j);
                // a past tense ("May invited"): never after a modal verb ("Will need" is not one);
                // only for popular first names ("Sleep improved" is no one)
                let popular = self.tokens[i].entry.first() >= crate::lexicon::freq_score(10_000);
                let past = popular && t.case == Case::Lower && w.len() > 4 && w.ends_with("ed") && !w.ends_with("eed");
                // "e-mailed" (the slot is the word after the hyphen), "grew up"
                let lower = !t.is_capitalized() || t.has(CASELESS);
                let e_mailed = lower && j >= 2 && self.tok(j - 2).eq_ignore_ascii_case("e") && w.starts_with("mail");
                let grew_up = lower
                    && w.eq_ignore_ascii_case("grew")
                    && self.next_word(j).is_some_and(|u| self.tok(u).eq_ignore_ascii_case("up"));
                // a verb in the third person after a modal that is a first name ("Will holds
                // power of attorney"): a modal takes the bare verb ("Will discuss", "Will
                // focus")
                let third_person = popular
                    && t.case == Case::Lower
                    && w.len() > 3
                    && w.ends_with('s')
                    && !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is"))
                    && t.entry.word() > 0
                    && is_modal(self.tok(i));
                t.entry.has(bits::PERSON_VERB) && lower || past || e_mailed || grew_up || third_person
            }
            None => false,
        }
    }

    /// True if the common word at `i` that starts a sentence is the subject of "is" or
    /// "was" and a clause, a quote or a noun with an article, as a noun is: "Hope is that
    /// she returns", 'Hope is "kind of there"', "Hope is a recurring theme" (not "Hope is a
    /// 7 yo", "Hope is doing well").
    fn copula_of_a_noun(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if !t.has(SENT_START) || t.entry.word() < crate::lexicon::level_score(20) {
            return false;
        }
        let Some(v) = self.next_word(i).filter(|&v| matches!(self.tok(v), "is" | "was")) else { return false };
        match self.next_nonspace(v) {
            Some(k) if self.tokens[k].class == Class::Word => match self.tok(k) {
                "that" => true,
                "a" | "an" => self.next_word(k).is_some_and(|n| {
                    self.tokens[n].class == Class::Word && !self.tok(n).as_bytes()[0].is_ascii_digit()
                }),
                _ => false,
            },
            Some(k) => matches!(self.tok(k), "\"" | "\u{201C}"),
            None => false,
        }
    }

    /// True if "to" and a verb of [`TASK_VERBS`] follow word `i`: a task given to a person
    /// ("June to call the unit", "Grace to bring the forms").
    fn task_after(&self, i: usize) -> bool {
        self.verb_slot_after(i).is_some_and(|j| {
            self.tok(j) == "to" && self.next_word(j).is_some_and(|v| TASK_VERBS.contains(&self.tok(v)))
        })
    }

    /// True if a comma and a description of a person follow the word at `i`: an article or a
    /// possessive, then a kinship or role word within the next three words ("Mark, a close
    /// friend of M.'s", "Grace, her older sister, called"; not "Will, a plan was made").
    #[inline(never)]
    fn person_apposition_after(&self, i: usize) -> bool {
        if self.tokens.get(i + 1).is_none_or(|c| self.text[c.start..c.end] != *",") {
            return false;
        }
        let Some(d) = self.next_word(i + 1) else { return false };
        if !matches!(self.tok(d), "a" | "an" | "the" | "his" | "her" | "their" | "my" | "our") {
            return false;
        }
        let mut k = d;
        for _ in 0..3 {
            match self.next_word(k) {
                Some(n) if self.tokens[n].case == Case::Lower => {
                    if self.tokens[n].entry.has(bits::PERSON_CUE) && !self.tokens[n].entry.has(bits::STOPWORD) {
                        return true;
                    }
                    k = n;
                }
                _ => return false,
            }
        }
        false
    }

    /// True if a pet's word stands right before the capitalised word at `i`, mid-sentence:
    /// a common noun is not capitalised there, so the word is the pet's name ("her dog
    /// Biscuit", "the cat, Pickles").
    #[inline(never)]
    fn pet_before(&self, i: usize) -> bool {
        self.tokens[i].case == Case::Title
            && !self.tokens[i].has(SENT_START)
            && self
                .cue_before(i)
                .is_some_and(|c| ["dog", "cat", "puppy", "kitten"].iter().any(|p| self.tok(c).eq_ignore_ascii_case(p)))
    }

    /// True if the capitalised word at `i` starts a message after a speaker's label rather
    /// than naming the speaker: a common word that few people bear as a first name, after the
    /// label's colon, with a word in lower case after it ("Clinician: Glad you're with your
    /// aunt"; not "Client: Glad Okafor", nor "Client: Grace reports").
    #[inline(never)]
    fn message_after_speaker(&self, i: usize) -> bool {
        let e = self.tokens[i].entry;
        e.word() > 0
            && name_margin(e) <= 0
            && e.first() < crate::lexicon::freq_score(2_000)
            && self.prev_nonspace(i).is_some_and(|p| self.tok(p) == ":")
            && self.next_word(i).is_some_and(|n| {
                let t = &self.tokens[n];
                t.class == Class::Word && t.case == Case::Lower && !is_name_listed(t.entry)
            })
    }

    /// [`Note::name_then_verb`] of a word in lower case, or "is"/"was" and a verb's "-ing" or
    /// "gonna" after it ("deshawn is gonna", "tavi was saying").
    #[inline(never)]
    fn lower_name_then_verb(&self, i: usize) -> bool {
        if self.name_then_verb(i) {
            return true;
        }
        let Some(v) = self.next_word(i).filter(|&v| matches!(self.tok(v), "is" | "was" | "keeps" | "kept")) else {
            return false;
        };
        self.next_word(v).is_some_and(|n| {
            let w = self.tok(n);
            w == "gonna" || w.len() > 4 && w.ends_with("ing")
        })
    }

    /// [`Self::verb_or_possessive_after`] for a weak name word: not for the adverb that starts
    /// a sentence ([`Self::sentence_adverb`]), nor for a noun before "is"
    /// ([`Self::copula_of_a_noun`]).
    fn name_then_verb(&self, i: usize) -> bool {
        self.verb_or_possessive_after(i) && !self.sentence_adverb(i) && !self.copula_of_a_noun(i)
    }

    /// True if the word at `i` starts a sentence as one of the commonest English words, rare
    /// as a first name (under about 5,000 people) and as a surname (under about 20,000), and
    /// no possessive follows: the adverb or adjective of "Still reports poor sleep", "Overall
    /// reports improvement", "Last seen 2 wks ago", "First reported in 2019", not the
    /// person of "Art said", "Will said", "Brown reports" (a title or a possessive still
    /// makes such a word a name: "Mr. Still", "Still's").
    fn sentence_adverb(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let e = t.entry;
        t.has(SENT_START)
            && e.word() >= crate::lexicon::level_score(10)
            && e.first() < crate::lexicon::freq_score(5_000)
            && e.surname() < crate::lexicon::freq_score(20_000)
            && self.tokens.get(i + 1).is_none_or(|n| n.class != Class::Possessive)
    }

    /// True if the capitalised word at `i` is part of a job title: a job word no list has as a
    /// name ("Hospitalist", "Practitioner" of "Nurse Practitioner", "Residential Counselor
    /// II"), or up to three common words that few people bear as names before one ("School
    /// Social Worker", "Peer Support Specialist", "Staff Psychologist"; not "King Case
    /// Manager", a surname of 100,000 people).
    fn in_job_title(&self, i: usize) -> bool {
        let plain = |e: Entry| e.word() > 0 && name_margin(e) <= -40 && e.name() < crate::lexicon::freq_score(10_000);
        let e = self.tokens[i].entry;
        if e.name() == 0 && is_job_head(self.tok(i)) {
            return true;
        }
        // "Counselor II", "Case Manager III": a grade after the job word
        if self.tokens[i].case == Case::Upper
            && matches!(self.tok(i), "I" | "II" | "III" | "IV")
            && self.prev_word(i).is_some_and(|p| is_job_head(self.tok(p)))
        {
            return true;
        }
        if !plain(e) {
            return false;
        }
        let mut k = i;
        for _ in 0..3 {
            let Some(n) = self.next_word(k).filter(|&n| self.tokens[n].is_capitalized()) else { return false };
            if is_job_head(self.tok(n)) {
                return true;
            }
            if !plain(self.tokens[n].entry) {
                return false;
            }
            k = n;
        }
        false
    }

    /// True if the word at `i` is a common word that starts a sentence right before a name
    /// that begins with a popular first name ("Saw Oliver Ward today", "Meet Marcus
    /// individually", "Met Anna"): a verb, not the first of three names. Only a word that is
    /// rare as a name of either kind (fewer than about 10,000 people; not "Will", "Mark",
    /// "Grace", "Brown", nor "Call", a surname of 15,000), and only when the name after it
    /// is one on its own, so that leaving the word out loses nothing of the name. Taken in,
    /// the word was learned as a name of the scope: every later sentence starting "Saw" or
    /// "Meet" became that person's code, and the person had a second code.
    fn sentence_word_before_name(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let e = t.entry;
        if t.case != Case::Title
            || !t.has(SENT_START)
            || e.word() == 0
            || name_margin(e) >= 0
            || e.name() >= crate::lexicon::freq_score(10_000)
        {
            return false;
        }
        next_word_any(self, i).is_some_and(|k| {
            let n = &self.tokens[k];
            joined(self, i, k)
                && n.case == Case::Title
                && n.entry.first() >= crate::lexicon::freq_score(2_000)
                && self.level_in_context(k).0 == Level::Yes
        })
    }

    /// True if the two capitalised words `a` and `b`, each only weak evidence of a name, are
    /// a clinical term rather than a person: `b` is a common English word of the clinical
    /// vocabulary (ICD-10-CM's) that names no place and that no surname list knows, or a
    /// surname of fewer than about a thousand people after a word that is no popular first
    /// name. "Chief Complaint", "Low Mood", "Working Memory", "Major Depressive", "Case
    /// Management", "Care Coordination"; not "Hope Care" (a popular first name), "Labor Day"
    /// (Day is a common surname), "Kestrel Point" (a place). Coded, such a term was learned
    /// as a person of the scope and re-found in every heading.
    fn clinical_term(&self, a: usize, b: usize) -> bool {
        let (first, last) = (self.tokens[a].entry, self.tokens[b].entry);
        let term = last.has(bits::MEDICAL)
            && last.word() > 0
            && !last.has(PLACE_WORD)
            && (last.surname() == 0
                || last.surname() < crate::lexicon::freq_score(1_000)
                    && first.first() < crate::lexicon::freq_score(2_000));
        if !term || self.tokens[b].case != Case::Title || next_word_any(self, a) != Some(b) {
            return false;
        }
        // Inside a longer run of capitalised words that are not clinical, the pair is part of
        // a proper name ("Google Public Data Explorer", "Environmental Data Resources"); after
        // "at", the name of a place or an employer ("a year at Walk Score").
        let proper = |j: usize| {
            let t = &self.tokens[j];
            t.is_capitalized() && !t.entry.has(bits::MEDICAL | bits::CLINICAL | bits::STOPWORD)
        };
        let before = self.prev_word(a).is_some_and(|j| proper(j) || self.tok(j).eq_ignore_ascii_case("at"));
        !before && !self.next_word(b).is_some_and(proper)
    }

    /// True if `i` is a single capital letter used as an initial ("J." or "J" between names),
    /// or in a line without case a lone letter with its period ("j. kowalski").
    #[inline]
    fn is_initial(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        if t.case == Case::Initial {
            // (no digit: "4B" and "B4" have the case of an initial too)
            t.class == Class::Word
                && t.end - t.start <= 4
                && !self.text.as_bytes()[t.start..t.end].iter().any(u8::is_ascii_digit)
        } else {
            t.end - t.start == 1 && t.has(CASELESS) && self.caseless_initial(i)
        }
    }

    /// A lone lower-case letter and its period in a line without case ("j. kowalski"), or a
    /// middle initial without its period between a first name and a surname ("benjamin a
    /// seiler").
    #[cold]
    fn caseless_initial(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.class == Class::Word
            && t.end - t.start == 1
            && self.text.as_bytes()[t.start].is_ascii_lowercase()
            && (self.tokens.get(i + 1).is_some_and(|p| self.text[p.start..p.end] == *".") || self.middle_initial(i))
    }

    /// True if the lone letter at `i` stands, one space apart, between a first name of 1,000
    /// people or more and a surname of 1,000 or more that no word list has: "benjamin a
    /// seiler" (not "told jessica a story").
    fn middle_initial(&self, i: usize) -> bool {
        let space = |k: usize| self.tokens.get(k).is_some_and(|t| self.text[t.start..t.end] == *" ");
        let word = |k: usize| self.tokens.get(k).filter(|t| t.class == Class::Word && t.has(CASELESS));
        i >= 2
            && word(i).is_some_and(|l| l.end - l.start == 1 && self.text.as_bytes()[l.start].is_ascii_lowercase())
            && space(i - 1)
            && space(i + 1)
            && word(i - 2).is_some_and(|g| g.entry.first() >= crate::lexicon::freq_score(1_000) && !g.entry.has(BLOCK))
            && word(i + 2).is_some_and(|n| {
                let e = n.entry;
                e.surname() >= crate::lexicon::freq_score(1_000)
                    && e.word() == 0
                    && !e.has(BLOCK | bits::MEDICAL | bits::DRUG)
            })
    }

    /// True if a clinician's credential follows word `i`, after a space or a comma
    /// ("kowalski lcsw", "park, lpc").
    #[inline(never)]
    fn credential_after(&self, i: usize) -> bool {
        let mut k = i + 1;
        if self.tokens.get(k).is_some_and(|t| self.text[t.start..t.end] == *",") {
            k += 1;
        }
        self.tokens.get(k).is_some_and(|t| self.text[t.start..t.end] == *" ")
            && self.tokens.get(k + 1).is_some_and(|t| {
                // (every credential is a role word: the entry rules out the rest first)
                t.class == Class::Word
                    && t.entry.has(bits::PERSON_CUE)
                    && CREDENTIALS.iter().any(|c| c.eq_ignore_ascii_case(&self.text[t.start..t.end]))
            })
    }

    /// True if `i` is a code or initials of the tool's own shape ("K.R." is one word token
    /// "K.R" by UAX #29, or "K" "." "R" when spaced oddly).
    fn is_code_shape(&self, i: usize) -> bool {
        crate::segment::is_code_word(self.tok(i))
            || self.is_initial(i)
                && self.tokens.get(i + 1).is_some_and(|t| self.text[t.start..t.end] == *".")
                && self.tokens.get(i + 2).is_some_and(|t| t.class == Class::Word && t.case == Case::Initial)
    }

    /// True if the capitalised word at `i`, after "the", is the plural of a surname of 1,000
    /// people or more: a family ("met the Smiths", "The Garcias came", "the Joneses"). In a
    /// line without case (`caseless`), only of a surname that is no common word ("the
    /// pruitts"; not "the browns").
    #[inline(never)]
    fn plural_family(&self, i: usize, caseless: bool) -> bool {
        if !self.prev_word(i).is_some_and(|p| self.tok(p).eq_ignore_ascii_case("the")) {
            return false;
        }
        // (the key as the lexicon stores it: "Müllers" is looked up as "muller")
        let mut key = String::new();
        crate::lexicon::normalize_into(self.tok(i), &mut key);
        let surname = |stem: Option<&str>| {
            stem.filter(|s| s.len() >= 3)
                .map(|s| self.lex.get(s))
                .is_some_and(|e| e.surname() >= crate::lexicon::freq_score(1_000) && (!caseless || e.word() == 0))
        };
        surname(key.strip_suffix('s')) || surname(key.strip_suffix("es"))
    }

    /// True if the capitalised common word at `i` comes right after "the" and before neither
    /// a capitalised word, a possessive nor a word for a family: an institution, not a
    /// person ("reported to the Board", "before the Court", "the Park district"; not "the
    /// Hill family", "the Young kids", "the King's").
    #[inline(never)]
    fn common_noun_after_the(&self, i: usize) -> bool {
        const FAMILY: &[&str] =
            &["family", "families", "household", "home", "house", "kids", "children", "twins", "boys", "girls"];
        if self.prev_word(i).is_none_or(|p| self.tok(p) != "the") {
            return false;
        }
        if self.tokens.get(i + 1).is_some_and(|n| n.class == Class::Possessive) {
            return false;
        }
        !self.next_word(i).is_some_and(|n| self.tokens[n].is_capitalized() || FAMILY.contains(&self.tok(n)))
    }

    /// True if the capitalised word at `i` stands in a run of Title Case words that are not
    /// names (a heading or a proper phrase: "Weekly Group Therapy", "Date of Birth").
    fn in_title_run(&self, i: usize) -> bool {
        // A popular first name is no heading word ("Grace Bill Kowalczyk"); the tool's own
        // code may have replaced one (read conservatively: de-identified text stays as is).
        let common_cap = |j: usize| {
            let t = &self.tokens[j];
            let e = t.entry;
            let popular_first = e.first() >= crate::lexicon::freq_score(2_000) && !e.has(BLOCK);
            t.case == Case::Title && (e.word() > 0 && name_margin(e) < 0 && !popular_first || e.has(BLOCK))
                || crate::segment::is_own_marker(self.text, self.tokens, j)
        };
        // (a heading "X of Y" is one run: "Date of Birth", "Level of Care", "Review of Systems")
        let before = self
            .prev_word(i)
            .is_some_and(|j| common_cap(j) || self.tok(j) == "of" && self.prev_word(j).is_some_and(common_cap));
        // (and forward: "Office of the Public Defender", "Department of Corrections")
        let after = self.next_word(i).is_some_and(|j| {
            if self.tok(j) != "of" {
                return common_cap(j);
            }
            let k = self.next_word(j).and_then(|k| if self.tok(k) == "the" { self.next_word(k) } else { Some(k) });
            k.is_some_and(common_cap)
        });
        // The tool's own tags stand for such phrases ("Hilltop Clinic" -> "[FACILITY-1]").
        let tag_before = self.prev_nonspace(i).is_some_and(|j| {
            self.own_tag_ends_at(j)
                || self.tok(j) == "." && j > 0 && crate::segment::is_own_marker(self.text, self.tokens, j - 1)
        });
        let tag_after = self.next_nonspace(i).is_some_and(|j| self.own_tag_starts_at(j));
        before || after || tag_before || tag_after
    }

    /// True if the word at `i`, rare as a first name (under about 5,000 people), is a label:
    /// followed, after one space or a colon and a space, by a number or a code that starts
    /// with a digit ("Grade 4", "Level 3", "Bed 4B", "Age: 44"; not "Saw Grace 2 times"), or,
    /// if it is a common word, by a colon and a space ("State: IL", "Race: Black", "Court:
    /// Polk County") or by a capital letter that is no initial ("Bed B", "Plan B").
    fn label_before_value(&self, i: usize) -> bool {
        let e = self.tokens[i].entry;
        let colon = self.tokens.get(i + 1).is_some_and(|t| self.text[t.start..t.end] == *":");
        let k = i + 1 + usize::from(colon);
        // (or, a common word, the label of an identifier's label: "Tax ID 42-1739485")
        let id_label = |t: &Token| matches!(&self.text[t.start..t.end], "ID" | "#" | "No" | "Number");
        // (or, a common word, a letter that is no initial: "Bed B", "Pod C,", "Plan B")
        let letter = |t: &Token| {
            t.end == t.start + 1
                && self.text.as_bytes()[t.start].is_ascii_uppercase()
                && self.tokens.get(k + 2).is_none_or(|n| !matches!(&self.text[n.start..n.end], "." | "'s"))
        };
        e.first() < crate::lexicon::freq_score(5_000)
            && self.tokens.get(k).is_some_and(|t| self.text[t.start..t.end] == *" ")
            && (colon && e.word() > 0
                || self.tokens.get(k + 1).is_some_and(|t| {
                    self.text.as_bytes()[t.start].is_ascii_digit()
                        || !colon && e.word() > 0 && (id_label(t) || letter(t))
                }))
    }

    /// True if word `i` is glued by a hyphen to a common word in lower case: a prefix, not
    /// a name ("Pre-arranged", "Re-referred").
    #[inline(never)]
    fn prefix_of_a_word(&self, i: usize) -> bool {
        let toks = self.tokens;
        i + 2 < toks.len()
            && toks[i + 1].text(self.text) == "-"
            && toks[i + 1].start == toks[i].end
            && toks[i + 2].start == toks[i + 1].end
            && toks[i + 2].case == Case::Lower
            && toks[i + 2].entry.word() > 0
            && !is_name_listed(toks[i + 2].entry)
    }

    /// True if a possessive determiner stands right before word `j` ("my", "her", "pt's").
    #[inline(never)]
    fn possessive_before(&self, j: usize) -> bool {
        self.prev_word(j).is_some_and(|p| {
            let w = self.tok(p);
            ["my", "his", "her", "their", "our", "your"].iter().any(|d| w.eq_ignore_ascii_case(d))
        }) || j >= 2 && self.tokens[j - 2].class == Class::Possessive
    }

    /// True if word `i` follows "Rd.", "Ave." or "Blvd." and a space: the segmenter reads
    /// the period as an abbreviation's, but it also ends the sentence of an address ("3400
    /// Fenwick Rd. Case manager is ...").
    #[inline(never)]
    fn after_street_abbreviation(&self, i: usize) -> bool {
        i >= 3
            && self.tokens[i - 1].text(self.text) == " "
            && self.tokens[i - 2].text(self.text) == "."
            && crate::segment::STREET_ABBREVIATIONS
                .iter()
                .any(|a| self.tokens[i - 3].text(self.text).eq_ignore_ascii_case(a))
    }

    /// True if a colon, a space and a number follow word `i`: a field's label ("Gr: 9").
    fn colon_then_number(&self, i: usize) -> bool {
        let is = |k: usize, p: &str| self.tokens.get(k).is_some_and(|t| self.text[t.start..t.end] == *p);
        is(i + 1, ":") && is(i + 2, " ") && self.tokens.get(i + 3).is_some_and(|t| t.class == Class::Number)
    }

    /// True if word `i` starts a field of a row: two spaces or a tab before it, after more
    /// text on its line ("Student: Amani Osei   Gr: 9").
    fn after_field_gap(&self, i: usize) -> bool {
        i >= 2 && self.tokens[i - 1].class == Class::Space && {
            let gap = &self.text[self.tokens[i - 1].start..self.tokens[i - 1].end];
            (gap.len() >= 2 || gap == "\t") && self.tokens[i - 2].class != Class::Newline
        }
    }

    /// True if the listed name at `i` is, where it stands, a ward or a direction after a
    /// number ("4 West", "Hwy 20 North"), or a language, nationality or religion after a
    /// field that asks for one ("Preferred Language: English", "speaks English").
    #[inline(never)]
    fn direction_or_field_value(&self, i: usize) -> bool {
        const FIELDS: &[&str] = &[
            "language",
            "languages",
            "religion",
            "nationality",
            "ethnicity",
            "race",
            "citizenship",
            "denomination",
            "speaks",
            "speak",
            "spoken",
        ];
        let w = self.tok(i);
        if matches!(w, "North" | "South" | "East" | "West") {
            return i >= 2 && self.tok(i - 1) == " " && self.tokens[i - 2].class == Class::Number;
        }
        if !self.tokens[i].entry.has(bits::UPPER_WORD) {
            return false;
        }
        let before = self.prev_nonspace(i).filter(|&c| self.tok(c) == ":").map_or(Some(i), Some);
        before
            .and_then(|b| self.prev_word(b))
            .is_some_and(|f| FIELDS.iter().any(|x| self.tok(f).eq_ignore_ascii_case(x)))
    }

    /// True if the lower-case word at `i` is a first name of 2,000 people or more glued to a
    /// dash after a space, and ends its line or quote: a message's signature ("-tony",
    /// "-will\"").
    #[inline(never)]
    fn dash_signature(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let glued_dash = i >= 2
            && self.tokens[i - 1].end == t.start
            && self.text[self.tokens[i - 1].start..self.tokens[i - 1].end] == *"-"
            && matches!(self.tokens[i - 2].class, Class::Space | Class::Newline);
        let ends = match self.tokens.get(i + 1) {
            None => true,
            Some(n) => n.class == Class::Newline || matches!(&self.text[n.start..n.end], "\"" | "\u{201D}" | "'"),
        };
        glued_dash && ends && t.entry.first() >= crate::lexicon::freq_score(2_000) && !t.entry.has(BLOCK)
    }

    /// True if the lower-case word at `i` stands alone in round brackets (or before a comma
    /// and a number in them: an age) and is a first name of 2,000 people or more that is no
    /// common word, drug or medical term ("(tyler)", "(marcus, 9)").
    #[inline(never)]
    fn lower_name_in_brackets(&self, i: usize) -> bool {
        let e = self.tokens[i].entry;
        let is = |j: Option<&Token>, p: &str| j.is_some_and(|t| self.text[t.start..t.end] == *p);
        e.first() >= crate::lexicon::freq_score(2_000)
            && (e.word() == 0 || name_margin(e) > 0)
            && !e.has(bits::DRUG | bits::MEDICAL | BLOCK)
            && i > 0
            && is(self.tokens.get(i - 1), "(")
            && (is(self.tokens.get(i + 1), ")")
                // (or before a comma and an age: "oldest (marcus, 9)")
                || is(self.tokens.get(i + 1), ",")
                    && is(self.tokens.get(i + 2), " ")
                    && self.tokens.get(i + 3).is_some_and(|t| t.class == Class::Number))
    }

    /// True if the word at `i` is "No." (number) before a number, a code with a digit or the
    /// tool's tag for one, with or without a colon: "Case No. 2024-CR-0188", "Room No. 4",
    /// "Case No.: 24-CR-01187", "Case No. FECR118734", "Case No. \[ID\]" ("No" is also a
    /// surname).
    #[inline]
    fn number_sign(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        t.end - t.start == 2
            && self.tok(i).eq_ignore_ascii_case("no")
            && self.tokens.get(i + 1).is_some_and(|t| self.text[t.start..t.end] == *".")
            && self.next_nonspace(i + 1).is_some_and(|j| {
                let j = match self.tok(j) {
                    ":" => match self.next_nonspace(j) {
                        Some(k) => k,
                        None => return false,
                    },
                    _ => j,
                };
                let n = &self.tokens[j];
                let b = self.text.as_bytes()[n.start];
                // (or a code with a digit, "Case No. FECR118734", or a code in capitals and a
                // number: "Case No. FECR 091842")
                let capitals_then_number = || {
                    n.case == Case::Upper
                        && self
                            .next_word(j)
                            .is_some_and(|k| self.text.as_bytes()[self.tokens[k].start].is_ascii_digit())
                };
                b.is_ascii_digit()
                    || b == b'#'
                    || self.own_tag_starts_at(j)
                    || n.class == Class::Word && self.text[n.start..n.end].bytes().any(|c| c.is_ascii_digit())
                    || n.class == Class::Word && capitals_then_number()
            })
    }

    /// Evidence for the word at `i` from its own entry, case and position.
    fn level(&self, i: usize) -> Level {
        let t = &self.tokens[i];
        if t.class != Class::Word || t.case == Case::Other && !t.has(CASELESS) {
            return Level::No;
        }
        let e = t.entry;
        let word = self.tok(i);
        // Names have no digits ("A1c", "B12") and no '_' or '@'.
        if !has_letters(word, 2) || word.bytes().any(|b| b.is_ascii_digit() || b == b'_' || b == b'@') {
            return Level::No;
        }
        let listed = is_name_listed(e);
        if e.has(BLOCK) {
            return if self.ambiguous_place_or_month_name(i) { Level::Weak } else { Level::No };
        }
        if self.number_sign(i) {
            return Level::No;
        }
        let strong = listed && name_margin(e) > 0;
        let attested = strong
            && e.word() == 0
            && has_letters(word, 4)
            && !e.has(bits::UPPER_WORD | bits::MEDICAL | bits::DRUG)
            && e.name() >= crate::lexicon::freq_score(1_000);
        if t.has(CASELESS) {
            // "the pruitts": a family
            if word.ends_with('s') && !e.has(bits::KNOWN_WORD) && self.plural_family(i, true) {
                return Level::Yes;
            }
            // No case information: only listed names that are not common words; in
            // capitals, a well-attested one needs no more ("KOWALCZYK MEMBER ID").
            let medicalish = e.has(bits::MEDICAL | bits::DRUG) && e.word() > 0;
            return if attested && t.case == Case::Upper {
                Level::Yes
            } else if strong && !medicalish && (e.word() == 0 || among_top_first_names(e)) {
                Level::Weak
            } else {
                Level::No
            };
        }
        match t.case {
            Case::Title => {
                if word.ends_with('s') && self.plural_family(i, false) {
                    return Level::Yes;
                }
                let sentence_start = t.has(SENT_START) || self.after_street_abbreviation(i);
                // Christmas, English, Baptist: capitalised words that are rare names.
                if capitalised_common_word(e) {
                    return if listed { Level::Weak } else { Level::No };
                }
                if listed {
                    // (a capitalised common word, or maybe North, South, East or West)
                    let may_be_value =
                        e.has(bits::UPPER_WORD) || matches!(word.len(), 4 | 5) && word.ends_with(['h', 't']);
                    if may_be_value && self.direction_or_field_value(i) {
                        return Level::No;
                    }
                    if strong
                        || (!sentence_start
                            && !rare_name_of_a_common_word(e)
                            && !self.in_title_run(i)
                            && !self.label_before_value(i)
                            && !self.common_noun_after_the(i))
                    {
                        Level::Yes
                    } else {
                        Level::Weak
                    }
                } else if !is_other_known(e) && has_letters(word, 2) {
                    // "Gr: 9", "Passcode: 447201": a label, in a row of fields; and the words
                    // medicine builds that no list has ("Interventricular", "Benzodiazepine")
                    if self.colon_then_number(i) && self.after_field_gap(i)
                        || self.prefix_of_a_word(i)
                        || medical_word_shape(word)
                    {
                        Level::No
                    } else {
                        Level::Yes
                    }
                } else {
                    Level::No
                }
            }
            // SMITH in mixed-case text: a listed name that is not a common word.
            Case::Upper => {
                // NGUYEN, KOWALCZYK: a well-attested name of four letters or more that is no
                // word, acronym, drug or medical term is a name in capitals too.
                if attested || self.upper_name_pair(i) {
                    Level::Yes
                } else if strong && e.word() == 0 && has_letters(word, 3) {
                    Level::Weak
                } else {
                    Level::No
                }
            }
            _ => Level::No,
        }
    }

    /// True if word `i`, in capitals in mixed-case text, and a word beside it are a given
    /// name and a surname of 1,000 people or more each, though either may be a common word:
    /// "seen JOHN SMITH today", "Patient: SMITH, JOHN", "MARIA GARCIA". The given name is a
    /// name more than a word; the surname no more than a little less ([`name_margin`] above
    /// -80, as for "Smith, Jonathan"), in either order ("Pt: SMITH JOHN").
    fn upper_name_pair(&self, i: usize) -> bool {
        let upper = |j: usize| {
            let n = &self.tokens[j];
            n.case == Case::Upper
                && has_letters(self.tok(j), 3)
                && !n.entry.has(BLOCK | bits::CLINICAL | bits::TITLE | bits::PERSON_CUE | bits::MEDICAL | bits::DRUG)
        };
        let given = |j: usize| {
            let e = self.tokens[j].entry;
            upper(j) && e.first() >= crate::lexicon::freq_score(1_000) && is_name_listed(e) && name_margin(e) > 0
        };
        let one_surname = |j: usize| {
            let e = self.tokens[j].entry;
            upper(j)
                && e.surname() >= crate::lexicon::freq_score(1_000)
                && name_margin(e) > -80
                && !capitalised_common_word(e)
        };
        // A double surname is one when either part is ("JANE DOE-RIVERA"): the part glued
        // by a hyphen after or before word `j`, if any.
        let glued = |j: usize, after: bool| {
            let (h, w) = if after { (j + 1, j + 2) } else { (j.checked_sub(1)?, j.checked_sub(2)?) };
            let (ht, wt) = (self.tokens.get(h)?, self.tokens.get(w)?);
            let (first, second) = if after { (j, w) } else { (w, j) };
            (self.text[ht.start..ht.end] == *"-"
                && wt.class == Class::Word
                && self.tokens[first].end == ht.start
                && ht.end == self.tokens[second].start)
                .then_some(w)
        };
        let surname = |j: usize| {
            one_surname(j)
                || upper(j) && (glued(j, true).is_some_and(one_surname) || glued(j, false).is_some_and(one_surname))
        };
        let (is_given, is_surname) = (given(i), surname(i));
        if !is_given && !is_surname {
            return false;
        }
        // the neighbours of the whole compound
        let (mut first, mut last) = (i, i);
        while let Some(w) = glued(first, false) {
            first = w;
        }
        while let Some(w) = glued(last, true) {
            last = w;
        }
        let gap = |a: usize, b: usize| &self.text[self.tokens[a].end..self.tokens[b].start];
        let next = self.next_word(last).filter(|&j| gap(last, j) == " ");
        let prev = self.prev_word(first).filter(|&j| gap(j, first) == " ");
        // "SMITH, JOHN": the words around the comma
        let comma = |c: Option<usize>| c.filter(|&c| self.tok(c) == ",");
        let before_comma =
            comma(self.prev_nonspace(first)).and_then(|c| self.prev_word(c)).filter(|&j| gap(j, first) == ", ");
        let after_comma = comma(Some(last + 1).filter(|&c| c < self.tokens.len()))
            .and_then(|c| self.next_word(c))
            .filter(|&j| gap(last, j) == ", ");
        is_given && (next.is_some_and(surname) || prev.is_some_and(surname) || before_comma.is_some_and(surname))
            || is_surname && (prev.is_some_and(given) || next.is_some_and(given) || after_comma.is_some_and(given))
    }

    /// A month, weekday, state (or its abbreviation) or country that is also a first name
    /// ("Jan Novák", "June Carter", "Jordan Pike", "with May present", "Al Poe"),
    /// capitalised, used as a name: before a capitalised word (or particles and a surname:
    /// "Jan de Vries"); a month or a country before a possessive or a verb of speech
    /// ("June's sister", "April said", "Jordan attends"), even at a sentence start; or in
    /// mid-sentence neither after a preposition of time or place ("in May", "from Jordan")
    /// nor before a number ("May 5").
    fn ambiguous_place_or_month_name(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        let e = t.entry;
        let ambiguous = bits::MONTH | bits::WEEKDAY | bits::COUNTRY | bits::US_STATE | bits::STATE_ABBR;
        if e.has(BLOCK & !ambiguous) || e.first() == 0 || t.case != Case::Title {
            return false;
        }
        // a state's abbreviation written as a name ("Al Poe", "Mo Farah", "Ed"): only a
        // first name of some 2,000 people or more ("Wi-Fi" is no one)
        if e.has(bits::STATE_ABBR)
            && !e.has(ambiguous & !bits::STATE_ABBR)
            && e.first() < crate::lexicon::freq_score(2_000)
        {
            return false;
        }
        // "Monday's meeting", "Friday's group": a weekday's possessive is the day's
        if e.has(bits::WEEKDAY) && self.tokens.get(i + 1).is_some_and(|n| n.class == Class::Possessive) {
            return false;
        }
        // "Monday-Friday", "June-August": a range of days or months
        let calendar = bits::WEEKDAY | bits::MONTH;
        if e.has(calendar)
            && self.tokens.get(i + 1).is_some_and(|h| h.text(self.text) == "-")
            && self.tokens.get(i + 2).is_some_and(|n| n.entry.has(calendar) && n.start == self.tokens[i + 1].end)
        {
            return false;
        }
        let after_prep = self.place_time_prep_before(i);
        // "on Monday Jonathan Kowalczyk": after a preposition a weekday is the day, whatever
        // follows (a month may still be a first name: "referred by April Jones").
        if after_prep && e.has(bits::WEEKDAY) {
            return false;
        }
        // (or particles, then a surname: "Jan de Vries")
        let before_cap = self.next_word(i).is_some_and(|j| {
            let n = &self.tokens[j];
            n.case == Case::Title && !n.entry.has(ambiguous | bits::STOPWORD)
                || n.case == Case::Lower && self.is_particle(j) && particles_before_surname(self, j, true).is_some()
        });
        if before_cap {
            return true;
        }
        // A month or a country that speaks or owns is a person: "June reports improved mood",
        // "April said", "Jordan attends", "Jordan's mother".
        let speech = |j: usize| {
            let w = self.tok(j);
            self.tokens[j].case == Case::Lower && SPEECH_VERBS.split_ascii_whitespace().any(|v| v == w)
        };
        // (or "has" or "had" and one: "May has agreed", "June had said"; or a task given to
        // the person: "June to call unit tomorrow", "April to bring the forms")
        let person_after = || {
            self.tokens.get(i + 1).is_some_and(|n| n.class == Class::Possessive)
                || self.verb_slot_after(i).is_some_and(|j| {
                    speech(j) || matches!(self.tok(j), "has" | "had") && self.next_word(j).is_some_and(speech)
                })
                || self.task_after(i)
        };
        if e.has(bits::MONTH | bits::COUNTRY) && !after_prep && person_after() {
            return true;
        }
        // A state that speaks, or whose relative or teacher is meant: "Georgia's dad
        // called", "Virginia said" (not "Georgia's Medicaid").
        if e.has(bits::US_STATE) && !after_prep && self.state_as_person(i) {
            return true;
        }
        // A month or a place has no kin: "given to May and her daughter", "Jordan and his
        // niece".
        let and_kin = self.next_word(i).filter(|&a| self.tok(a) == "and").and_then(|a| self.next_word(a));
        if and_kin.is_some_and(|p| matches!(self.tok(p), "his" | "her" | "their")) {
            return true;
        }
        let before_number = self.next_nonspace(i).is_some_and(|j| self.tokens[j].class == Class::Number);
        !t.has(SENT_START) && !before_number && !after_prep && !self.in_title_run(i)
    }

    /// True if the state name at `i` is followed by a possessive and a kinship or role word
    /// ("Georgia's dad") or by a verb of speech ("Virginia said").
    #[inline(never)]
    fn state_as_person(&self, i: usize) -> bool {
        if self.tokens.get(i + 1).is_some_and(|n| n.class == Class::Possessive) {
            return self.next_word(i + 1).is_some_and(|k| self.tokens[k].entry.has(bits::PERSON_CUE));
        }
        self.verb_slot_after(i).is_some_and(|j| {
            self.tokens[j].case == Case::Lower && SPEECH_VERBS.split_ascii_whitespace().any(|v| v == self.tok(j))
        })
    }

    /// True if a preposition of time or place stands before word `i` ("in May", "from
    /// Jordan").
    fn place_time_prep_before(&self, i: usize) -> bool {
        self.prev_word(i).is_some_and(|j| {
            let w = self.tok(j);
            PLACE_TIME_PREPS.iter().any(|p| w.eq_ignore_ascii_case(p))
        })
    }

    /// Evidence for word `i` once its context is taken into account: none for a word of a
    /// job title (asked only of the few words that would otherwise be names).
    fn level_in_context(&self, i: usize) -> (Level, &'static str, u8) {
        let level = self.level_in_context_of_word(i);
        if level.0 != Level::No && (self.tokens[i].is_capitalized() && self.in_job_title(i) || self.clinical_use(i)) {
            return (Level::No, "", 0);
        }
        level
    }

    /// True if the word at `i`, though a name, is used as a clinical word here: a drug with
    /// its generic name in brackets or a dose or "OTC" one or two words on ("Ella
    /// (ulipristal)", "ella is OTC", "Iris 5 mg"), a lab level ("Li level 0.8"), an
    /// instrument's acronym and version ("DES-II 28"), two eponyms joined by a slash
    /// ("Wernicke/Korsakoff signs"), or a name glued to a word that makes it a method's
    /// ("Gottman-informed", "Linehan-style").
    #[inline(never)]
    fn clinical_use(&self, i: usize) -> bool {
        // (not "needs a prescription" or "took her pills": a person called Ella does too)
        const PRESCRIBING: &[&str] = &["mg", "mcg", "otc", "tablet", "tablets"];
        const METHOD_SUFFIX: &[&str] = &["informed", "based", "style", "like", "type", "esque", "inspired"];
        let t = &self.tokens[i];
        let glued = |k: usize| self.tokens.get(k).is_some_and(|n| n.start == self.tokens[k - 1].end);
        // "Gottman-informed"; "DES-II", "EDE-Q"
        if glued(i + 1) && self.tok(i + 1) == "-" && glued(i + 2) {
            let after = &self.tokens[i + 2];
            let w = self.tok(i + 2);
            if after.case == Case::Lower && METHOD_SUFFIX.contains(&w) {
                return true;
            }
            if t.case == Case::Upper
                && (2..=5).contains(&(t.end - t.start))
                && matches!(w, "I" | "II" | "III" | "IV" | "V" | "VI" | "Q" | "R")
            {
                return true;
            }
        }
        let next = self.next_word(i);
        if next.is_some_and(|n| matches!(self.tok(n), "level" | "levels")) {
            return true;
        }
        // "Wernicke/Korsakoff": two eponyms joined by a slash
        let eponym = |k: usize| self.tokens[k].entry.has(bits::EPONYM);
        if eponym(i) {
            let slash_after = glued(i + 1) && self.tok(i + 1) == "/" && glued(i + 2) && eponym(i + 2);
            let slash_before = i >= 2 && glued(i) && self.tok(i - 1) == "/" && glued(i - 1) && eponym(i - 2);
            if slash_after || slash_before {
                return true;
            }
        }
        if !t.entry.has(bits::DRUG) {
            return false;
        }
        // "Ella (ulipristal)"
        if let Some(b) = self.next_nonspace(i).filter(|&b| self.tok(b) == "(") {
            if self
                .tokens
                .get(b + 1)
                .is_some_and(|w| w.class == Class::Word && w.case == Case::Lower && w.entry.has(bits::DRUG))
            {
                return true;
            }
        }
        let mut k = i;
        for _ in 0..2 {
            match self.next_word(k) {
                Some(n) => {
                    if PRESCRIBING.iter().any(|p| self.tok(n).eq_ignore_ascii_case(p)) {
                        return true;
                    }
                    k = n;
                }
                None => return false,
            }
        }
        false
    }

    /// [`Self::level_in_context`] before job titles are ruled out.
    fn level_in_context_of_word(&self, i: usize) -> (Level, &'static str, u8) {
        let t = &self.tokens[i];
        if t.class != Class::Word {
            return (Level::No, "", 0);
        }
        let e = t.entry;
        // Fast path for the bulk of a note: a lower-case common word in mixed-case text can
        // only be a name after a cue, and only if it is a popular first name ("wife mary").
        if t.case == Case::Lower
            && !t.has(CASELESS)
            && e.word() > 0
            && e.first() < crate::lexicon::freq_score(2_000)
            && !(is_name_listed(e) && name_margin(e) > 0)
        {
            return (Level::No, "", 0);
        }
        if matches!(t.case, Case::Upper | Case::Initial) && self.is_code_shape(i) {
            return (Level::No, "", 0);
        }
        let blocked = e.has(bits::STOPWORD | bits::CLINICAL | bits::TITLE | bits::PERSON_CUE);
        let capital = t.is_capitalized() || t.has(CASELESS);
        let role = || e.has(bits::PERSON_CUE | bits::TITLE) && role_surname(self, i);
        // (in lower case in a text with case, a word that is no English word or is more a
        // name than one: a message quoted as typed, "can u tell dr. wendt?")
        let lower_name = t.case == Case::Lower && (e.word() == 0 || is_name_listed(e) && name_margin(e) > 0);
        if (capital || lower_name) && (!blocked || role()) && has_letters(self.tok(i), 2) && self.title_before(i) {
            return (Level::Yes, "title before", P_TITLE);
        }
        // In a message typed in lower case, a popular first name that is no English word,
        // before a verb of speech or action or a possessive: "kenji said", "marcus's party",
        // "deshawn is gonna kill me" (not "will said": "will" is a word)
        if t.case == Case::Lower
            && !blocked
            && (e.word() == 0 || name_margin(e) > 0)
            && !e.has(bits::MEDICAL | bits::DRUG | PLACE_WORD | bits::UPPER_WORD)
            && e.first() >= crate::lexicon::freq_score(2_000)
            && has_letters(self.tok(i), 3)
            && self.lower_name_then_verb(i)
        {
            return (Level::Yes, "first name in lower case + verb", P_DICT);
        }
        // After a kinship/role cue: a listed or unknown word that is not a common word
        // ("wife mary"; not "son will", "client reports").
        if !blocked && has_letters(self.tok(i), 2) && self.person_cue_before(i) {
            // (nor, in lower case, a word for a person: "landlord (guy named rick)")
            let verb_or_noun = is_modal(self.tok(i)) || t.case == Case::Lower && is_person_noun(self.tok(i));
            let ok = if t.has(CASELESS) || t.case == Case::Lower {
                // "wife mary", "NEIGHBOR BILL": any listed first name but a modal verb
                let popular_first = e.first() >= crate::lexicon::freq_score(2_000);
                // (in lower case, not one of the commonest words, "pt ran away"; but a
                // particle is kept for the surname after it, "ex, van der Berg")
                // (nor one of the commonest words that fewer than ~50,000 people bear: "RN
                // case manager King")
                let word_like = t.case == Case::Lower
                    && (name_margin(e) <= -80 || e.word() >= 200 && e.first() < crate::lexicon::freq_score(50_000))
                    && !self.is_particle(i);
                (popular_first && !verb_or_noun && !word_like)
                    || (is_name_listed(e) && name_margin(e) > 0)
                    || !is_other_known(e)
            } else {
                // (not a field's label: "Patient State: IL", "Client Age: 44"; nor a state's
                // code: "Licensed Psychologist (IA #00931)"; nor a capitalised word that is
                // no name: "Interpreter: Swahili")
                t.is_capitalized()
                    && (e.word() == 0
                        || is_name_listed(e)
                        || !e.has(bits::KNOWN_WORD)
                        || self.quoted(i)
                        || self.pet_before(i))
                    && !(e.has(bits::UPPER_WORD) && e.name() == 0)
                    && !self.label_before_value(i)
                    && !self.message_after_speaker(i)
                    && !(t.case == Case::Upper && t.end - t.start == 2 && e.has(bits::STATE_ABBR))
            };
            if ok && !e.has(bits::PERSON_VERB) {
                return (Level::Yes, "kinship or role word before", P_CUE);
            }
        }
        // In lower case, after a glued "(" or "-": a popular first name that is no common
        // word alone in brackets ("my ride (tyler) bailed"; not "(mother)", "(prn)"), and a
        // first name signed at the end of a message ("call her back. -tony").
        if t.case == Case::Lower && !blocked && i > 0 && self.tokens[i - 1].end == t.start {
            match self.text.as_bytes()[self.tokens[i - 1].start] {
                b'(' if self.lower_name_in_brackets(i) => return (Level::Yes, "first name alone in brackets", P_CUE),
                b'-' if self.dash_signature(i) => return (Level::Yes, "signature after a dash", P_CUE),
                _ => {}
            }
        }
        // In a line without case, a first name before a middle initial and a surname, though
        // it is also a town's name ("benjamin a seiler")
        if t.has(CASELESS) && t.case == Case::Lower && self.middle_initial(i + 2) {
            return (Level::Yes, "first name, initial and surname", P_DICT);
        }
        // In a line without case, a word before a clinician's credential is a surname
        // ("(j. kowalski lcsw)", "seen by park, lpc").
        if t.has(CASELESS) && !blocked && has_letters(self.tok(i), 3) && self.credential_after(i) {
            return (Level::Yes, "name before a credential", P_CUE);
        }
        let base = self.level(i);
        // A kinship or role word that is no first name of note is the relative or the role
        // when it stands alone: "Mom's OB", "Dad a bear", "Coach said" ("Mr. Coach" has its
        // title; after a capitalised word it may be a surname: "Joan Child").
        if base != Level::No
            && e.has(bits::PERSON_CUE)
            && e.first() < crate::lexicon::freq_score(2_000)
            && !self.prev_word(i).is_some_and(|p| self.tokens[p].is_capitalized())
        {
            return (Level::No, "", 0);
        }
        // A kinship or role word that is a rare name, with a word after it, is the role: it
        // announces the name after it ("Social Worker Dana Reyes") or is the subject itself
        // ("Partner said"). As a later part of a name it never joins one either.
        if base == Level::Weak && e.has(bits::PERSON_CUE) && self.next_word(i).is_some() {
            return (Level::No, "", 0);
        }
        // Such a word alone between punctuation is the role too, mid-sentence as well: the
        // raters of a form "(Parent, Teacher)", "Informant: Parent".
        if base == Level::Yes
            && e.has(bits::PERSON_CUE)
            && name_margin(e) <= 0
            && self.prev_word(i).is_none()
            && self.next_word(i).is_none()
        {
            return (Level::No, "", 0);
        }
        // "Georgia's dad called", "Virginia said": a person, over the states detector's state
        if base == Level::Weak && e.has(bits::US_STATE) && self.state_as_person(i) {
            return (Level::Yes, "state name as a person's", P_CUE);
        }
        // "Will said", "Grace's mother": a modal verb is never followed by these.
        if base == Level::Weak && self.name_then_verb(i) {
            return (Level::Yes, "name + verb or possessive", P_DICT);
        }
        // "June to call the unit tomorrow", "Grace to bring the forms"
        if base == Level::Weak && self.task_after(i) {
            return (Level::Yes, "name + task", P_DICT);
        }
        // "Mark, a close friend of his", "Grace, her older sister,": a person described
        if base == Level::Weak && self.person_apposition_after(i) {
            return (Level::Yes, "name + who the person is", P_DICT);
        }
        // A speaker label at the start of a line: "Heather: I'm ..." (not a header: "Date:")
        if base == Level::Weak
            && e.first() >= crate::lexicon::freq_score(2_000)
            && t.has(crate::segment::LINE_START | SENT_START)
            && self.tokens.get(i + 1).is_some_and(|n| self.text[n.start..n.end] == *":")
            && self.next_nonspace(i + 1).is_some_and(|k| {
                let n = &self.tokens[k];
                // not the tool's own tag or code: it may stand for a lower-case word
                let own = crate::segment::is_own_marker(self.text, self.tokens, k) || self.own_tag_starts_at(k);
                !own && (n.is_capitalized() || matches!(n.class, Class::Number | Class::Punct))
            })
        {
            return (Level::Yes, "speaker label", P_DICT);
        }
        match base {
            Level::Yes if is_name_listed(e) => (Level::Yes, "name dictionary", P_DICT),
            Level::Yes => (Level::Yes, "unknown capitalised word", P_UNKNOWN),
            Level::Weak => (Level::Weak, "name dictionary", P_DICT),
            Level::No => (Level::No, "", 0),
        }
    }
}

/// Endings of the words medicine builds from Greek and Latin parts, and of the generic
/// names of drug classes: no name of seven letters or more ends so.
const MEDICAL_ENDINGS: &[&str] = &[
    "itis",
    "osis",
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "scopy",
    "emia",
    "aemia",
    "algia",
    "ular",
    "megaly",
    "trophy",
    "plasia",
    "pathy",
    "penia",
    "cytosis",
    "uria",
    "oma",
    "azepine",
    "azole",
    "mycin",
    "cillin",
    "statin",
    "olol",
    "pril",
    "sartan",
    "tidine",
    "prazole",
    "oxetine",
    "triptyline",
    "apine",
    "idone",
    "ogenic",
    "otic",
    "ectasis",
    "plegia",
    "phagia",
    "lepsy",
    "iasis",
];

/// True if `w`, of seven letters or more, ends as a word of medicine does
/// ([`MEDICAL_ENDINGS`]): "Interventricular", "Benzodiazepine", "Hepatosplenomegaly".
fn medical_word_shape(w: &str) -> bool {
    let mut buf = [0u8; 32];
    let b = w.as_bytes();
    if !(7..=32).contains(&b.len()) || !b.is_ascii() {
        return false;
    }
    let lower = &mut buf[..b.len()];
    lower.copy_from_slice(b);
    lower.make_ascii_lowercase();
    MEDICAL_ENDINGS.iter().any(|end| lower.ends_with(end.as_bytes()))
}

/// What joins two name words into one span.
fn joined(note: &Note<'_>, a: usize, b: usize) -> bool {
    // a and b are word tokens with a < b; allow one space, a hyphen, or ". " after an initial.
    let between = &note.text[note.tokens[a].end..note.tokens[b].start];
    match between {
        " " | "-" | "\u{2010}" => true,
        ". " | "." => note.is_initial(a),
        _ => false,
    }
}

fn shape_for(parts: usize, surname_first: bool, cue: &str) -> NameShape {
    if surname_first {
        NameShape::SurnameFirst
    } else if parts >= 2 {
        NameShape::GivenFirst
    } else if cue == "title before" {
        NameShape::Surname
    } else {
        NameShape::Unknown
    }
}

impl Detector for Names {
    fn name(&self) -> &'static str {
        "names"
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let toks = note.tokens;
        let mut i = 0;
        let bytes = note.text.as_bytes();
        while i < toks.len() {
            // (nor the label of one of the tool's own tags, "[CITY-2]")
            if toks[i].class != Class::Word || crate::segment::is_own_tag_label(note.text, toks, i) {
                i += 1;
                continue;
            }
            // "TW/rlb", "RPM/TLB/jkw": the initials of who dictated and who typed a note
            // (or the typist's first: "rmb/OPL")
            let first_of_pair = match toks[i].case {
                Case::Upper => toks.get(i + 1).is_some_and(|s| s.start == toks[i].end),
                Case::Lower => bytes.get(toks[i].end) == Some(&b'/'),
                _ => false,
            };
            if first_of_pair {
                if let Some(last) = dictation_initials(note, i) {
                    for k in (i..=last).step_by(2) {
                        out.push(Candidate::new(toks[k].start, toks[k].end, Kind::Name, "names", DICTATION_CUE, P_CUE));
                    }
                    i = last + 1;
                    continue;
                }
            }
            // "Transcribed by: rmb", "TYPED BY LRW": the typist's initials after the label
            if bytes[toks[i].start] | 0x20 == b't' && matches!(toks[i].end - toks[i].start, 5 | 11 | 16) {
                if let Some(k) = typist_initials(note, i) {
                    out.push(Candidate::new(toks[k].start, toks[k].end, Kind::Name, "names", DICTATION_CUE, P_CUE));
                    i = k + 1;
                    continue;
                }
            }
            // "Emergency Contact: BROWN, MARK A. (stepfather)": a field's surname in capitals,
            // though a common word, before a first name and an initial
            if toks[i].case == Case::Upper {
                if let Some(last) = surname_comma_given_initial(note, i) {
                    out.push(Candidate::new(toks[i].start, toks[last].end, Kind::Name, "names", FIELD_NAME_CUE, P_CUE));
                    i = last + 1;
                    continue;
                }
            }
            // "that's K-O-W-A-L-S-K-I": a name spelled out letter by letter, as dictated
            if toks[i].case == Case::Initial && toks.get(i + 1).is_some_and(|s| s.start == toks[i].end) {
                if let Some(last) = spelled_out_name(note, i) {
                    out.push(Candidate::new(toks[i].start, toks[last].end, Kind::Name, "names", SPELLED_CUE, P_CUE));
                    i = last + 1;
                    continue;
                }
            }
            // 'WENDELL J. ("Tank")': a nickname in quotes and brackets right after a name
            if toks[i].is_capitalized() && note.quoted(i) && nickname_after_name(note, i, out) {
                out.push(Candidate::new(toks[i].start, toks[i].end, Kind::Name, "names", NICKNAME_CUE, P_CUE));
                i += 1;
                continue;
            }
            let (lvl, cue, prio) = note.level_in_context(i);
            if lvl == Level::Weak && note.sentence_word_before_name(i) {
                i += 1;
                continue;
            }
            // (a letter glued by a hyphen to the word before it is a version or a type, not
            // an initial: "WISC-V. Wechsler", "DSM-V", "Type-A")
            let version = || i >= 2 && note.tok(i - 1) == "-" && toks[i - 1].start == toks[i - 2].end;
            let initial_start = note.is_initial(i) && !note.is_code_shape(i) && !version();
            let particle_start = lvl == Level::No && note.is_particle(i) && note.title_before(i);
            if lvl == Level::No && !initial_start && !particle_start {
                i += 1;
                continue;
            }
            // Grow a group of name words, initials and particles joined by single spaces
            // or hyphens.
            let start = i;
            let mut end = i; // last name-word index
            let mut best = (lvl, cue, prio);
            let mut words = usize::from(lvl != Level::No);
            let mut initials = usize::from(initial_start);
            // an initial after a title or a role word announces the surname after it, in
            // capitals or in a line without case whatever the word ("DR. K. OYELOWO", "RN: K.
            // SMITH", "dr. k. oyelowo")
            let cued_initial = initial_start && lvl == Level::No && (note.title_before(i) || note.person_cue_before(i));
            // particles after a name word announce its surname ("Jan de Vries")
            let mut surname_due = false;
            let mut j = i;
            while let Some(mut k) = next_word_any(note, j) {
                if !joined(note, j, k) {
                    // 'Theodore "Teddy" Vasquez', "Robert (Bobby) Hale": the nickname and the
                    // surname join the first name, so the person has one code
                    match nickname_then_surname(note, j, k) {
                        Some(m) => k = m,
                        None => break,
                    }
                }
                if note.is_particle(k) && !toks[k].is_capitalized() {
                    // particles ("van der", "de la") must be followed by a name word, or by
                    // a capitalised word after a name ("Ludwig van Beethoven", "Jan de Vries")
                    let Some(last) = particles_before_surname(note, k, words > 0) else { break };
                    j = last;
                    surname_due = words > 0;
                    continue;
                }
                if words > 0 && j == end && given_name_syllable(note, j, k) {
                    // "Ji-woo Park", "Seo-yeon", "Jean-pierre": the rest of the given name
                    end = k;
                    j = k;
                    continue;
                }
                if note.is_initial(k) && !note.is_code_shape(k) {
                    initials += 1;
                    j = k;
                    continue;
                }
                // (a capitalised sentence start that is no first name, then a word in lower
                // case: the writer capitalises, and no surname follows: "Drinks wine")
                if j == start && sentence_case_then_lower(note, j, k) {
                    break;
                }
                let (l2, c2, p2) = note.level_in_context(k);
                // (or a line of capitals too short to be read as one: "RN: KATE OYELOWO")
                let caps = toks[k].has(CASELESS) || toks[k].case == Case::Upper && toks[j].case != Case::Title;
                // (in a message typed in lower case, after a first name that a title announced:
                // "pcp dr. walt stone", "teacher ms. priya small called"; not a role word, which
                // a verb may follow: "her dog max ran off")
                let typed_lower = toks[k].case == Case::Lower
                    && toks[j].case == Case::Lower
                    && words > 0
                    && best.2 >= P_TITLE
                    && !is_modal(note.tok(k));
                // (there a surname of 10,000 people or more though a medical word: "stone", or
                // a word no list has: "dr. helen achebe"; not an adverb or a past tense: "w/ ms
                // lopez daily", "dr. lee explained")
                let typed_surname = || {
                    let e = toks[k].entry;
                    let w = note.tok(k);
                    (e.surname() >= crate::lexicon::freq_score(10_000)
                        || e.word() == 0 && has_letters(w, 4) && !e.has(bits::MEDICAL | bits::DRUG | bits::UPPER_WORD))
                        && !e.has(BLOCK | bits::PERSON_VERB | bits::PERSON_CUE)
                        && !w.ends_with("ly")
                        && !w.ends_with("ed")
                };
                let caseless_ok = l2 == Level::No
                    && ((caps || typed_lower)
                        && (words > 0 && (caseless_surname(note, k) || medical_surname(note, start, k))
                            || cued_initial && words == 0 && cued_surname(note, k))
                        || typed_lower && typed_surname());
                let after_first =
                    note.is_initial(j) || toks[j].entry.first() > 0 && toks[j].case == Case::Title || surname_due;
                // (a weekday or a month is a first name too, but no common word after one is
                // a surname: "Tuesday Women's Group"; "June Wexford" is a name)
                let calendar_then_word = || {
                    toks[j].entry.has(bits::WEEKDAY | bits::MONTH)
                        && toks[k].entry.word() > 0
                        && !is_name_listed(toks[k].entry)
                };
                // (after a name, an initial and its period, a common word that no list has as
                // a name, or a function word, starts the next sentence: "Members: Mateo V.
                // Absent: Chloe B.", "I met Kim A. She said")
                let e = toks[k].entry;
                let sentence_after = words > 0
                    && note.is_initial(j)
                    && note.tok(j + 1) == "."
                    && (e.word() > 0 && !is_name_listed(e) || e.has(bits::STOPWORD));
                let titled_ok = !sentence_after
                    && toks[k].case == Case::Title
                    && words > 0
                    && (best.0 == Level::Yes || after_first)
                    && joinable_cap(note, k, after_first)
                    && !calendar_then_word();
                // (a first part of a double surname that a list has as a place or a word:
                // "Rafael Montenegro-Ruiz", when the part after the hyphen is a name no
                // English word is)
                let double_surname = || {
                    words > 0
                        && toks[k].case == Case::Title
                        && hyphen_joins(note, k)
                        && is_name_listed(toks[k + 2].entry)
                        && toks[k + 2].entry.word() == 0
                };
                if l2 == Level::No && !caseless_ok && !titled_ok && !double_surname() {
                    break;
                }
                words += 1;
                surname_due = false;
                if (l2, p2) > (best.0, best.2) {
                    best = (l2, c2, p2);
                }
                if cued_initial && best.0 == Level::No {
                    best = (Level::Yes, "title or role word before", P_TITLE);
                }
                end = k;
                j = k;
            }
            // Decide.
            let accept = match best.0 {
                Level::Yes => true,
                Level::Weak => {
                    // (not a label and its letter: "Bed B", "Plan B")
                    let label = words == 1 && initials == 1 && note.label_before_value(start);
                    (words + initials >= 2
                        && !label
                        && !note.clinical_term(start, end)
                        && !holiday_in(note, start, end))
                        || note.name_then_verb(end)
                        || caseless_first_name(note, start)
                        || words == 1 && listed_after_a_name(note, start, out)
                }
                Level::No => false,
            };
            // (a word numbered more than once nearby is a heading or a label: "Case 1:", "Case
            // 2:" in supervision notes; a person of that name needs a title or a role word)
            let cued = best.2 >= P_CUE;
            let accept = accept && !(words == 1 && initials == 0 && !cued && enumerated_label(note, start));
            if accept && words > 0 {
                // A surname's initial after the name is part of it, with its period: "Ava R."
                // (the rest of a name is left to the next turn of the loop)
                // ... or without its period at the end of a line or field ("DOE, JANE A")
                let last = if j > end && note.is_initial(j) {
                    if note.tokens.get(j + 1).is_some_and(|t| note.text[t.start..t.end] == *".") {
                        j + 1
                    } else if field_ends_after(note, j) {
                        j
                    } else {
                        end
                    }
                } else {
                    end
                };
                // "Pt: KABONGO, GRACE M": the given name after a surname (one word, or a double
                // one: "HALVORSEN-OKAFOR, ROSE M.") and its comma
                let one_surname = start == end || toks[start..=end].windows(2).all(|w| w[0].end == w[1].start);
                let given = (one_surname && last == end).then(|| given_after_comma(note, start, end)).flatten();
                let last = given.unwrap_or(last);
                let span_end = toks[last].end;
                if has_letters(&note.text[toks[start].start..span_end], 2) {
                    // (with the first part of a double surname: "OYELARAN-PRICE, WENDELL J.")
                    let surname_start = if given.is_some() { None } else { take_surname_before(note, start, end, out) }
                        .map(|s| toks[hyphenated_start(note, note.token_at(s))].start);
                    let surname_first = surname_start.is_some() || given.is_some();
                    let words = if given.is_some() { 2 } else { words };
                    let span_start = surname_start.unwrap_or_else(|| {
                        let first = hyphenated_start(note, start);
                        let first = given_before_in_one_case(note, first, words).unwrap_or(first);
                        let first = kinship_word_as_name(note, first).unwrap_or(first);
                        let first = dotted_initials_before(note, first).unwrap_or(first);
                        toks[first].start
                    });
                    let cue = if words >= 2 && best.1 == "name dictionary" { "first name + surname" } else { best.1 };
                    if !surname_first {
                        if let Some(k) = listed_before_a_name(note, start, out) {
                            out.push(Candidate::new(toks[k].start, toks[k].end, Kind::Name, "names", LIST_CUE, P_DICT));
                        }
                    }
                    out.push(
                        Candidate::new(span_start, span_end, Kind::Name, "names", cue, best.2).with_shape(shape_for(
                            words,
                            surname_first,
                            best.1,
                        )),
                    );
                }
                i = last + 1;
            } else {
                i += 1;
            }
        }
    }
}

/// The dotted initials right before the name that starts at word `first`, with their
/// period and one space: "J.R. Jones", "Dr. A.B. Kowalczyk". They have the shape of the
/// tool's codes, which the clinical detector protects; a name that runs on past them is
/// someone's initials and name (the tool's output has no name after a code), and resolve
/// lets it through whole.
fn dotted_initials_before(note: &Note<'_>, first: usize) -> Option<usize> {
    let toks = note.tokens;
    let k = first.checked_sub(3)?;
    let (w, dot, gap) = (&toks[k], &toks[k + 1], &toks[k + 2]);
    (w.class == Class::Word
        && crate::segment::is_code_word(w.text(note.text))
        && dot.start == w.end
        && dot.text(note.text) == "."
        && gap.text(note.text) == " ")
        .then_some(k)
}

/// The end of a given name (and its initial) after the surname at `s`, its comma and one
/// space, that ends the line or its field: "Pt: KABONGO, GRACE M", "Client: Kabongo,
/// Grace". The given name is a first name of 1,000 people or more, in the surname's case,
/// though it may be a common word ("GRACE", "ROSE"), or, after a label, a word no list
/// has ("Pt: Ferreira, Abelard"); ending the field, it is no item of a list ("Smith, Grace
/// and Lee"). `start` is the surname's first word.
#[inline(never)]
fn given_after_comma(note: &Note<'_>, start: usize, s: usize) -> Option<usize> {
    let toks = note.tokens;
    let g = s + 3;
    if g >= toks.len() || note.tok(s + 1) != "," || note.tok(s + 2) != " " {
        return None;
    }
    let (t, e) = (&toks[g], toks[g].entry);
    let ok = t.class == Class::Word
        && t.case == toks[s].case
        && matches!(t.case, Case::Upper | Case::Title)
        && has_letters(note.tok(g), 2)
        && (e.first() >= crate::lexicon::freq_score(1_000)
            || e.word() == 0 && !e.has(PLACE_WORD | bits::COUNTRY | bits::US_STATE) && value_of_label(note, start))
        && !e.has(BLOCK | bits::CLINICAL | bits::TITLE | bits::PERSON_CUE | bits::MEDICAL | bits::DRUG);
    if !ok {
        return None;
    }
    if field_ends_after(note, g) {
        return Some(g);
    }
    // and a middle initial, with or without its period
    let m = g + 2;
    let initial = note.tok(g + 1) == " " && m < toks.len() && note.is_initial(m);
    if !initial {
        return None;
    }
    let end = if note.tokens.get(m + 1).is_some_and(|p| note.text[p.start..p.end] == *".") { m + 1 } else { m };
    field_ends_after(note, end).then_some(end)
}

/// True if word `i` starts the value of a label: a colon and spaces before it ("Pt:
/// Ferreira, Abelard").
fn value_of_label(note: &Note<'_>, i: usize) -> bool {
    let k = match note.tokens.get(i.wrapping_sub(1)) {
        Some(t) if t.class == Class::Space => i - 1,
        _ => return false,
    };
    k > 0 && note.tok(k - 1) == ":"
}

/// True if the line, or a field of it, ends after token `j`: at the end of the text, a line
/// break, a gap of two spaces or a tab, or a bar between fields ("SMITH, ROSE M. | Sex: F").
fn field_ends_after(note: &Note<'_>, j: usize) -> bool {
    match note.tokens.get(j + 1) {
        None => true,
        Some(t) => match t.class {
            Class::Newline => true,
            Class::Space => {
                let gap = &note.text[t.start..t.end];
                gap.contains('\t')
                    || gap.len() >= 2
                    || note.tokens.get(j + 2).is_none_or(|n| n.class == Class::Newline || note.tok(j + 2) == "|")
            }
            _ => note.tok(j + 1) == "|",
        },
    }
}

/// True if word `k` is the lower-case second part of a hyphenated given name whose first
/// part is the name word `j` ("Ji-woo", "Seo-yeon", "Min-jun", "Jean-pierre"): glued by the
/// hyphen, letters only, in mixed-case text, and no suffix of English ("Smith-like",
/// "Park-based").
fn given_name_syllable(note: &Note<'_>, j: usize, k: usize) -> bool {
    const SUFFIXES: &[&str] =
        &["like", "related", "type", "based", "style", "ish", "esque", "free", "induced", "led", "owned", "run"];
    let t = &note.tokens[k];
    t.case == Case::Lower
        && !t.has(CASELESS)
        && t.end - t.start <= 6
        && matches!(&note.text[note.tokens[j].end..t.start], "-" | "\u{2010}")
        && note.tok(k).bytes().all(|b| b.is_ascii_alphabetic())
        && !SUFFIXES.contains(&note.tok(k))
}

/// The last of the lower-case particles that start at `k` ("van der Linden", "de la Cruz"),
/// each joined to the next, if the word after them is a name word, or (`after_name`: a
/// name word stands before the particles) any capitalised word that no list blocks
/// ("Ludwig van Beethoven", "Jan de Vries").
fn particles_before_surname(note: &Note<'_>, k: usize, after_name: bool) -> Option<usize> {
    let toks = note.tokens;
    let mut last = k;
    loop {
        let m = next_word_any(note, last).filter(|&m| joined(note, last, m))?;
        if note.is_particle(m) && !toks[m].is_capitalized() {
            last = m;
            continue;
        }
        let capital = toks[m].case == Case::Title && has_letters(note.tok(m), 2) && !toks[m].entry.has(BLOCK);
        return (note.level_in_context(m).0 != Level::No || after_name && capital).then_some(last);
    }
}

/// The surname after a first name `j` and a quoted or bracketed nickname `k` ('Theodore
/// "Teddy" Vasquez', "Robert (Bobby) Hale"): the word after the nickname, if `j` is a
/// capitalised first name, `k` a capitalised name word alone between the quotes or brackets,
/// and the word after it capitalised.
fn nickname_then_surname(note: &Note<'_>, j: usize, k: usize) -> Option<usize> {
    let toks = note.tokens;
    let (first, nick) = (&toks[j], &toks[k]);
    if first.case != Case::Title || first.entry.first() == 0 || nick.case != Case::Title {
        return None;
    }
    let open = &note.text[first.end..nick.start];
    let close = match open {
        " \"" | " \u{201C}" => ["\" ", "\u{201D} "],
        " (" => [") ", ") "],
        _ => return None,
    };
    let m = next_word_any(note, k)?;
    let (after, last) = (&note.text[nick.end..toks[m].start], &toks[m]);
    // (in quotes between a first name and a listed surname, any word is the nickname: 'SPC
    // Daniel "Mouse" Ferreira')
    let quoted = open != " (" && is_name_listed(last.entry);
    let nickname = nick.entry.first() > 0 || nick.entry.has(bits::NICKNAME) || !is_other_known(nick.entry) || quoted;
    (close.contains(&after) && last.case == Case::Title && nickname).then_some(m)
}

/// True if word `k`, a capitalised common word, is followed by a space and a number of up to
/// three digits, and the same word with another such number stands within 4 KiB of it ("Case
/// 1" ... "Case 2"): a heading or a label. "Hope 10" alone, a child and her age, is not.
#[inline(never)]
fn enumerated_label(note: &Note<'_>, k: usize) -> bool {
    let toks = note.tokens;
    let (t, b) = (&toks[k], note.text.as_bytes());
    let number = |at: usize| {
        let n = b[at..].iter().take(4).take_while(|c| c.is_ascii_digit()).count();
        (1..=3).contains(&n).then(|| &b[at..at + n])
    };
    if t.case != Case::Title || t.entry.word() == 0 || b.get(t.end) != Some(&b' ') {
        return false;
    }
    let Some(own) = number(t.end + 1) else { return false };
    let word = &b[t.start..t.end];
    let (lo, hi) = (t.start.saturating_sub(4096), (t.end + 4096).min(b.len()));
    memchr::memmem::find_iter(&b[lo..hi], word).map(|p| lo + p).any(|p| {
        let after = p + word.len();
        p != t.start
            && (p == 0 || !b[p - 1].is_ascii_alphanumeric())
            && b.get(after) == Some(&b' ')
            && number(after + 1).is_some_and(|n| n != own)
    })
}

/// True if word `j`, capitalised at a sentence start in a line with case, is no first name
/// and word `k` after it is in lower case.
#[inline(never)]
fn sentence_case_then_lower(note: &Note<'_>, j: usize, k: usize) -> bool {
    let (a, b) = (&note.tokens[j], &note.tokens[k]);
    a.case == Case::Title && a.has(SENT_START) && !a.has(CASELESS) && a.entry.first() == 0 && b.case == Case::Lower
}

/// True if word `k` is joined by a hyphen, with no space, to a capitalised word after it
/// ("Delgado" in "Delgado-Ruiz").
fn hyphen_joins(note: &Note<'_>, k: usize) -> bool {
    let toks = note.tokens;
    k + 2 < toks.len()
        && note.tok(k + 1) == "-"
        && toks[k + 1].start == toks[k].end
        && toks[k + 1].end == toks[k + 2].start
        && toks[k + 2].class == Class::Word
        && toks[k + 2].is_capitalized()
}

/// The first part of a hyphenated name whose second part starts a name ("SMITH-JONES",
/// where only JONES is evidence of a name): the whole compound is the surname.
pub(crate) fn hyphenated_start(note: &Note<'_>, start: usize) -> usize {
    let toks = note.tokens;
    let mut s = start;
    while s >= 2
        && note.tok(s - 1) == "-"
        && toks[s - 1].start == toks[s - 2].end
        && toks[s - 1].end == toks[s].start
        && toks[s - 2].class == Class::Word
        && toks[s - 2].is_capitalized()
        && has_letters(note.tok(s - 2), 2)
        && !toks[s - 2].entry.has(BLOCK)
        && !crate::segment::is_own_marker(note.text, toks, s - 2)
    {
        s -= 2;
    }
    s
}

/// The word before a surname found in one case, one space apart and in the same case, if it
/// is a popular first name that is also a common word. In capitals, before a surname found
/// alone: "STRUCK STAFF (MHT MARK HOLLOWAY)", "SEEN BY GRANT KOWALCZYK" (in mixed case,
/// "Mark Holloway" is found whole). In a message typed in lower case, before any name:
/// "friend will nowak came over", "follow up for destiny reyes castillo", "dictated by mark
/// okafor"; there a modal verb ("will", "may") only before a word that is no English word,
/// as no verb follows one then.
#[inline(never)]
fn given_before_in_one_case(note: &Note<'_>, start: usize, words: usize) -> Option<usize> {
    let toks = note.tokens;
    let case = toks[start].case;
    let lower = match case {
        Case::Upper if words == 1 => false,
        Case::Lower => true,
        _ => return None,
    };
    let p = note.prev_word(start).filter(|&p| toks[p].end + 1 == toks[start].start)?;
    let (t, e, s) = (&toks[p], toks[p].entry, toks[start].entry);
    let block = BLOCK | bits::PERSON_CUE | bits::TITLE | bits::CLINICAL | bits::MONTH | bits::WEEKDAY;
    let ok = t.case == case
        && e.first() >= crate::lexicon::freq_score(10_000)
        && s.surname() > s.first()
        && !e.has(if lower { block | bits::PERSON_VERB } else { block })
        && (!is_modal(note.tok(p)) || lower && s.word() == 0);
    ok.then_some(p)
}

/// The word before a name found after it, one space apart, if that word is itself a
/// kinship word that is also a first name, in Title Case, after another kinship or role
/// word: the first part of the name, not the cue ("Mother Pa Nhia Vang"; not "Client Mom
/// Jane": no first name is "Mom").
#[inline(never)]
fn kinship_word_as_name(note: &Note<'_>, first: usize) -> Option<usize> {
    let toks = note.tokens;
    let p = note.prev_word(first).filter(|&p| toks[p].end + 1 == toks[first].start)?;
    let e = toks[p].entry;
    if toks[p].case != Case::Title || !e.has(bits::PERSON_CUE) || e.first() == 0 {
        return None;
    }
    let q = note.prev_word(p).filter(|&q| toks[q].end + 1 == toks[p].start)?;
    toks[q].entry.has(bits::PERSON_CUE).then_some(p)
}

/// "Smith, Jonathan": if the candidate pushed last is a listed surname that ends right
/// before ", " and the given-name group `start..` follows, the two are one person. Removes
/// the surname candidate and returns its start; a list ("Smith, Jones, and Brown") is not
/// a name pair.
fn take_surname_before(note: &Note<'_>, start: usize, end: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let comma = note.prev_nonspace(start)?;
    if note.tok(comma) != "," {
        return None;
    }
    let found = out.last().filter(|c| c.kind == Kind::Name && c.end == note.tokens[comma].start);
    let Some(last) = found else {
        return unfound_surname_before(note, start, end, comma);
    };
    let surname = note.token_at(last.start);
    // One surname word (or hyphenated compound: "Delgado-Ruiz") before the comma and one
    // given name (and initials) after it: a list of full names ("Ana Ruiz, Jordan Pike") is
    // not one person.
    let mut part = surname;
    while note.tokens[part].end != last.end && hyphen_joins(note, part) {
        part += 2;
    }
    if note.tokens[part].end != last.end {
        return None;
    }
    if (start + 1..=end).any(|k| note.tokens[k].class == Class::Word && !note.is_initial(k)) {
        return None;
    }
    let se = (surname..=part).step_by(2).map(|k| note.tokens[k].entry).max_by_key(|e| e.surname()).unwrap_or_default();
    let ge = note.tokens[start].entry;
    if se.surname() == 0 || ge.first() == 0 || note.tokens[start].has(SENT_START) {
        return None;
    }
    if note.next_nonspace(start).is_some_and(|k| note.tok(k) == ",") || comma_before(note, surname) {
        return None;
    }
    // (nor is a first name before the last item of a list: "Mateo, Ines and Sol")
    let and_after = || note.next_word(start).is_some_and(|k| matches!(note.tok(k), "and" | "or"));
    if se.first() >= se.surname() && and_after() {
        return None;
    }
    out.pop().map(|c| c.start)
}

/// True if a word of `start..=end` is a holiday that is a capitalised common word ("Over
/// Christmas", "During Easter"): two uncertain words are no person there.
fn holiday_in(note: &Note<'_>, start: usize, end: usize) -> bool {
    (start..=end).any(|k| {
        let e = note.tokens[k].entry;
        e.has(bits::PROPER)
            && e.has(bits::UPPER_WORD)
            && crate::lexicon::holidays().any(|h| h.eq_ignore_ascii_case(note.tok(k)))
    })
}

/// True if a comma stands before word `s`: it is an item of a list ("Xiomara, Dev,
/// Krystal"; "Brody, Dev, Krystal"), not the surname of "Smith, John".
fn comma_before(note: &Note<'_>, s: usize) -> bool {
    note.prev_nonspace(s).is_some_and(|k| note.tok(k) == ",")
}

/// The start of a surname that no rule took for a name, right before the comma before a
/// given name `start..=end` ("Referral: Smith, Jonathan"; at a sentence start "Smith" alone
/// is only weak evidence): a capitalised surname of 1,000 people or more whose
/// [`name_margin`] is above -80 (Smith -17, Brown -43; not Still -91: "Still, Daniel said"),
/// and one given name.
fn unfound_surname_before(note: &Note<'_>, start: usize, end: usize, comma: usize) -> Option<usize> {
    let s = note.prev_word(comma).filter(|&s| s + 1 == comma)?;
    let (t, g) = (&note.tokens[s], &note.tokens[start]);
    let e = t.entry;
    let ok = matches!(t.case, Case::Title | Case::Upper)
        && e.surname() >= crate::lexicon::freq_score(1_000)
        && name_margin(e) > -80
        && !e.has(BLOCK | bits::PERSON_CUE | bits::PLACE_PREFIX)
        // (a capitalised common word such as "English" only if it is a common name: "Smith")
        && !capitalised_common_word(e)
        && start == end
        && g.entry.first() >= crate::lexicon::freq_score(1_000)
        && !g.has(SENT_START)
        && note.next_nonspace(start).is_none_or(|k| note.tok(k) != ",")
        && !comma_before(note, s);
    ok.then_some(t.start)
}

/// In a CASELESS line, a word after a name word that is a listed surname and not a common
/// word ("MARY KOWALCZYK", "jon smith"), or a word of four letters or more that no list
/// knows ("KATE OYELOWO").
fn caseless_surname(note: &Note<'_>, k: usize) -> bool {
    let e = note.tokens[k].entry;
    let w = note.tok(k);
    let modal = is_modal(w);
    let unknown =
        !is_name_listed(e) && !is_other_known(e) && has_letters(w, 4) && !w.bytes().any(|b| b.is_ascii_digit());
    // (in capitals, a listed surname far commoner as a word is the sentence going on: "MRS.
    // KOWALCZYK BEGAN SKIPPING")
    let upper = note.tokens[k].case == Case::Upper;
    (e.surname() > 0 && (!upper || name_margin(e) > -80) || unknown)
        && !modal
        && !e.has(BLOCK | bits::PERSON_VERB | bits::PERSON_CUE | bits::MEDICAL)
}

/// Cue of a name written "SURNAME, GIVEN I." alone in a field.
const FIELD_NAME_CUE: &str = "surname, given name and initial in a field";

/// The end of "BROWN, MARK A." starting at the capitals at `i`, alone in a field: after a
/// label's colon (or at a line's start) and before the field's end or a bracket. The
/// surname is a listed one, the given name a first name of 1,000 people or more, both in
/// capitals, with a one-letter initial after them: the shape a record system prints, which
/// no common word pair has.
#[inline(never)]
fn surname_comma_given_initial(note: &Note<'_>, i: usize) -> Option<usize> {
    let toks = note.tokens;
    // (every index below is checked: the shape may stop at the note's end)
    let tok = |k: usize| toks.get(k).map_or("", |t| t.text(note.text));
    let word = |k: usize| toks.get(k).filter(|t| t.class == Class::Word && t.case == Case::Upper);
    let s = word(i)?;
    if s.end - s.start < 2 || tok(i + 1) != "," || tok(i + 2) != " " {
        return None;
    }
    let g = word(i + 3)?;
    if s.entry.surname() == 0
        || g.entry.first() < crate::lexicon::freq_score(1_000)
        || s.entry.has(BLOCK | bits::CLINICAL | bits::TITLE)
        || g.entry.has(BLOCK | bits::CLINICAL | bits::TITLE)
        || tok(i + 4) != " "
        || i + 5 >= toks.len()
        || !note.is_initial(i + 5)
    {
        return None;
    }
    let last = if tok(i + 6) == "." { i + 6 } else { i + 5 };
    let field_start = match note.prev_nonspace(i) {
        None => true,
        Some(p) => toks[p].class == Class::Newline || note.tok(p) == ":" || note.tok(p) == "|",
    };
    let field_end = field_ends_after(note, last) || note.next_nonspace(last).is_some_and(|n| note.tok(n) == "(");
    (field_start && field_end).then_some(last)
}

/// Cue of a name spelled out letter by letter.
const SPELLED_CUE: &str = "name spelled out";

/// The last letter of a name spelled out from the capital letter at `i`: three letters or
/// more joined by hyphens, after "that's", "spelled" or "spelling" ("patient name is
/// Bartholomew, that's B-A-R-T-H-O-L-O-M-E-W"); not a mnemonic or a grade ("A-B-C").
#[inline(never)]
fn spelled_out_name(note: &Note<'_>, i: usize) -> Option<usize> {
    const CUES: &[&str] = &["that's", "that\u{2019}s", "thats", "spelled", "spelling", "spells", "spelt"];
    let toks = note.tokens;
    let before = note.text[..toks[i].start].trim_end_matches([' ', ',', ':']);
    let cue_len =
        before.len() - before.trim_end_matches(|c: char| c.is_alphabetic() || c == '\'' || c == '\u{2019}').len();
    let cue = &before[before.len() - cue_len..];
    if !CUES.iter().any(|c| c.eq_ignore_ascii_case(cue)) {
        return None;
    }
    let letter = |k: usize| toks.get(k).is_some_and(|t| t.case == Case::Initial && t.end - t.start == 1);
    let mut last = i;
    let mut letters = 1;
    while note.tokens.get(last + 1).is_some_and(|h| h.start == toks[last].end && note.tok(last + 1) == "-")
        && letter(last + 2)
        && toks[last + 2].start == toks[last + 1].end
    {
        last += 2;
        letters += 1;
    }
    (letters >= 3).then_some(last)
}

/// Cue of the initials of a note's dictation signature.
const DICTATION_CUE: &str = "dictation initials";

/// The last of the initials that start at word `i` if they form a dictation signature:
/// two or three capitals, a slash, and two or three lower-case letters ("TW/rlb", "JS/mk"), or
/// the other way round ("rmb/OPL"), neither a word or abbreviation of some list ("BP/hr",
/// "PT/ot") nor the lower one a unit
/// ("mg", "wk"); or two to four groups of two or three letters alone on their line or
/// before a field, the last in lower case or none a clinical word ("RPM/TLB/jkw", "GAL/mh
/// D: 03/15/67", "PE/MZ/dj", "AJW/CO"; not "MDD/GAD"). The groups are every other token
/// from `i` to the one returned.
#[inline(never)]
fn dictation_initials(note: &Note<'_>, i: usize) -> Option<usize> {
    let toks = note.tokens;
    let letters = |t: &Token| {
        t.class == Class::Word
            && matches!(t.case, Case::Upper | Case::Lower)
            && (2..=3).contains(&(t.end - t.start))
            && t.text(note.text).is_ascii()
    };
    let bytes = note.text.as_bytes();
    let glued =
        |k: Option<&u8>| k.is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, b'/' | b'-' | b'.' | b'_'));
    let unlisted = |t: &Token| t.entry.0 & !INITIALS_MAY_HAVE == 0;
    // the groups: two to four, each glued to a slash
    let mut last = i;
    while last - i < 6
        && toks.get(last + 1).is_some_and(|s| s.start == toks[last].end && note.text[s.start..s.end] == *"/")
        && toks.get(last + 2).is_some_and(|b| b.start == toks[last + 1].end && letters(b))
    {
        last += 2;
    }
    let (a, b) = (&toks[i], &toks[last]);
    if last == i || !letters(a) || glued(a.start.checked_sub(1).map(|k| &bytes[k])) || glued(bytes.get(b.end)) {
        return None;
    }
    let groups = || (i..=last).step_by(2).map(|k| &toks[k]);
    // the author's capitals and the typist's lower case, no word of any list: "TW/rlb"
    // (or the other way round: "rmb/OPL")
    let lower = if a.case == Case::Upper { b } else { a };
    let pair = last == i + 2
        && a.case != b.case
        && unlisted(a)
        && unlisted(b)
        && !super::dates::is_unit(lower.text(note.text));
    // or any such groups alone on their line, or before a field ("GAL/mh  D: 03/15/67",
    // "RPM/TLB/jkw", "AJW/CO"), none a clinical word ("MDD/GAD")
    let line_start = note.prev_nonspace(i).is_none_or(|p| toks[p].class == Class::Newline)
        && toks[..i].iter().rev().take_while(|t| t.class == Class::Space).all(|t| t.end - t.start <= 4);
    // (a typist's group in lower case last makes it one whatever the others are: "PE/MZ/dj")
    let alone = line_start
        && field_ends_after(note, last)
        && (b.case == Case::Lower
            || groups().all(|t| !t.entry.has(bits::CLINICAL | bits::MEDICAL | bits::DRUG | bits::STOPWORD)));
    (pair || alone).then_some(last)
}

/// The typist's initials after "Transcribed by", "Typed by" or "Transcriptionist" at `i`
/// (a colon may follow): two to four letters of one case that no list has, ending their
/// field ("Transcribed by: rmb   Job No. 3318", "TRANSCRIBED BY LRW").
#[inline(never)]
fn typist_initials(note: &Note<'_>, i: usize) -> Option<usize> {
    let w = note.tok(i);
    let mut j = if w.eq_ignore_ascii_case("transcribed") || w.eq_ignore_ascii_case("typed") {
        note.next_word(i).filter(|&b| note.tok(b).eq_ignore_ascii_case("by"))?
    } else if w.eq_ignore_ascii_case("transcriptionist") {
        i
    } else {
        return None;
    };
    if note.tokens.get(j + 1).is_some_and(|c| c.text(note.text) == ":") {
        j += 1;
    }
    let k = note.next_nonspace(j)?;
    let t = &note.tokens[k];
    let ok = t.class == Class::Word
        && matches!(t.case, Case::Upper | Case::Lower)
        && (2..=4).contains(&(t.end - t.start))
        && t.text(note.text).bytes().all(|b| b.is_ascii_alphabetic())
        && t.entry.0 & !INITIALS_MAY_HAVE == 0
        && field_ends_after(note, k);
    ok.then_some(k)
}

/// Cue of a nickname in quotes and brackets after a name.
const NICKNAME_CUE: &str = "nickname after a name";

/// True if word `i`, alone in quotes, stands in brackets right after the name found last
/// ('OYELARAN-PRICE, WENDELL J. ("Tank")', 'Kaitlyn Marsh ("Kit")').
#[inline(never)]
fn nickname_after_name(note: &Note<'_>, i: usize, out: &[Candidate]) -> bool {
    let toks = note.tokens;
    if i < 2 || note.tok(i - 2) != "(" || toks[i - 2].end != toks[i - 1].start {
        return false;
    }
    let open = toks[i - 2].start;
    out.last().is_some_and(|c| {
        c.kind == Kind::Name && c.end <= open && open - c.end <= 3 && note.text[c.end..open].bytes().all(|b| b == b' ')
    })
}

/// Cue of a first name found as an item of a list of people.
const LIST_CUE: &str = "first name in a list of names";

/// The word before the name that starts at word `start`, if it is the item before it in a
/// list of people, "X and " or "X, ": a popular first name in Title Case that no rule
/// took, though it is a common word ("Hope and Joy (twins, 12)", "Faith, Autumn and
/// River"); or a surname glued to it by a slash ("the Smith/Jones family").
#[inline(never)]
fn listed_before_a_name(note: &Note<'_>, start: usize, out: &[Candidate]) -> Option<usize> {
    let toks = note.tokens;
    let sep = note.prev_nonspace(start)?;
    let slash = note.tok(sep) == "/";
    let k = match note.tok(sep) {
        "and" | "or" if toks[sep].end + 1 == toks[start].start => note.prev_word(sep)?,
        // "the Smith/Jones family": a surname glued by a slash to a name
        "/" if toks[sep].end == toks[start].start && sep >= 1 && toks[sep - 1].end == toks[sep].start => sep - 1,
        "," if toks[sep].end + 1 == toks[start].start => {
            let k = note.prev_nonspace(sep).filter(|&k| k + 1 == sep)?;
            age_before(note, k).unwrap_or(k)
        }
        _ => return None,
    };
    let (t, e) = (&toks[k], toks[k].entry);
    let taken = out.last().is_some_and(|c| c.end > t.start);
    // (a modal verb is followed by no "and": "Will and June presented")
    let and = matches!(note.tok(sep), "and" | "or");
    let ok = t.class == Class::Word
        && t.case == Case::Title
        && (e.first() >= crate::lexicon::freq_score(2_000)
            || slash && e.surname() >= crate::lexicon::freq_score(1_000) && !e.has(bits::EPONYM | bits::CLINICAL))
        && !e.has(BLOCK | bits::PERSON_CUE)
        && (!is_modal(note.tok(k)) || and)
        && !taken;
    ok.then_some(k)
}

/// The word before an age that ends at token `k`, one space apart: "Hope 10", "Hope (10)"
/// (an item of a list of children, "Kids: Hope 10, Will 7").
fn age_before(note: &Note<'_>, k: usize) -> Option<usize> {
    let toks = note.tokens;
    let digits = |k: usize| toks[k].class == Class::Number && toks[k].end - toks[k].start <= 2;
    let n = match note.tok(k) {
        ")" if k >= 2 && digits(k - 1) && note.tok(k - 2) == "(" => k - 2,
        _ if digits(k) => k,
        _ => return None,
    };
    note.prev_nonspace(n).filter(|&w| toks[w].class == Class::Word && toks[w].end + 1 == toks[n].start)
}

/// True if word `i`, a first name of some list that is no common word, follows a name the
/// detector has just found as the next item of a list of people: "children (Mateo, 12;
/// Ines, 8)", "Mateo and Ines", "Siblings: Mateo (12), Ines (8)" (after the name only
/// separators, "and", "or", and an age).
#[inline(never)]
fn listed_after_a_name(note: &Note<'_>, i: usize, out: &[Candidate]) -> bool {
    let t = &note.tokens[i];
    let e = t.entry;
    let Some(last) = out.last().filter(|c| c.detector == "names" && c.end <= t.start) else { return false };
    // (an acronym in mixed-case text is none: "Al-Anon; NAMI")
    let case = t.case == Case::Title || t.has(CASELESS);
    if !case || e.first() == 0 || e.word() > 0 || e.has(BLOCK) || is_modal(note.tok(i)) || t.start - last.end > 12 {
        return false;
    }
    let gap = &note.text[last.end..t.start];
    // (an age after the name first: ", 12", " (12)")
    let gap = strip_age(gap).unwrap_or(gap);
    matches!(gap, ", " | "; " | " and " | ", and " | " & " | " or ")
}

/// True if word `k`, in capitals, is a common surname (some 20,000 people or more) that is
/// also in the medical word list, in a name that starts at word `first` with a first name
/// more common as one than as a word: the surname of "MARY STONE", "JAMES YOUNG", "ROBERT
/// LEE HALL", "JOHN PRICE" (not "PAIN" or "FEVER": rare surnames; not after "GRACE" or
/// "HOPE", more common as words, unless a title or a role word stands before them: "SON
/// FRANK STONE").
#[inline(never)]
fn medical_surname(note: &Note<'_>, first: usize, k: usize) -> bool {
    let (f, e) = (note.tokens[first].entry, note.tokens[k].entry);
    let common = crate::lexicon::freq_score(20_000);
    e.has(bits::MEDICAL)
        && e.surname() >= common
        && !e.has(BLOCK | bits::PERSON_VERB | bits::PERSON_CUE)
        && !is_modal(note.tok(k))
        && f.first() >= common
        && (f.first() > f.word() || note.person_cue_before(first) || note.title_before(first))
}

/// A Title Case word after a strong name word ("Dr. Anna Wexford", "Krisztián Szöllösy"):
/// anything that is not a stop word, cue, facility word or common word.
/// Short Title Case words that are stop words or weekday abbreviations elsewhere are also
/// name parts after a name ("Nguyễn Văn An", "Đặng Thu").
/// After a first name or an initial, any such word is taken for the surname ("Rebecca
/// Hides", "Jildau S Bouts").
fn joinable_cap(note: &Note<'_>, k: usize, after_first: bool) -> bool {
    if note.number_sign(k) {
        return false;
    }
    let t = &note.tokens[k];
    let e = t.entry;
    if after_first && role_surname(note, k) {
        return true;
    }
    let short_block = !has_letters(note.tok(k), 4)
        && e.has(bits::STOPWORD | bits::WEEKDAY)
        && !e.has(bits::CLINICAL | bits::TITLE | bits::STATE_ABBR)
        && !t.has(SENT_START);
    (short_block || !e.has(BLOCK))
        && !e.has(bits::FACILITY_HEAD | bits::PERSON_VERB | bits::PERSON_CUE | bits::STREET_SUFFIX)
        && (e.word() == 0 || name_margin(e) > 0 || short_block || after_first)
}

/// True if word `k`, a kinship, role or title word, is also a surname of 1,000 people or
/// more and no capitalised word follows it: after a title or a first name it is the surname
/// ("Mrs. Pastor", "Mr. Parent", "Joan Child", "Maria Judge"; not "Jane Doe Nurse
/// Practitioner").
#[inline(never)]
fn role_surname(note: &Note<'_>, k: usize) -> bool {
    let e = note.tokens[k].entry;
    e.has(bits::PERSON_CUE | bits::TITLE)
        && !e.has(bits::STOPWORD | bits::CLINICAL)
        && e.surname() >= crate::lexicon::freq_score(1_000)
        && !note.next_word(k).is_some_and(|n| note.tokens[n].is_capitalized())
}

/// The word in capitals or in a line without case after an initial that a title or a role
/// word announces: any word of two letters or more that is no function, role, clinical or
/// place word ("DR. K. OYELOWO", "RN: K. SMITH").
fn cued_surname(note: &Note<'_>, k: usize) -> bool {
    let e = note.tokens[k].entry;
    let w = note.tok(k);
    has_letters(w, 2)
        && !w.bytes().any(|b| b.is_ascii_digit())
        && !e.has(BLOCK | bits::PERSON_VERB | bits::PERSON_CUE | bits::MEDICAL)
}

/// In a line without case information, a lone word that is a first name of at least a
/// thousand people and no common word ("f/u with patricia"), or one of the most popular
/// first names, more a name than a word ("saw maria today", "john called"); a drug's name
/// only before an age in brackets ("camila (14)").
fn caseless_first_name(note: &Note<'_>, i: usize) -> bool {
    let t = &note.tokens[i];
    let e = t.entry;
    t.has(CASELESS)
        && e.first() >= crate::lexicon::freq_score(1_000)
        && (e.word() == 0 || among_top_first_names(e))
        && !e.has(bits::US_CITY | bits::WORLD_CITY | BLOCK)
        && (!e.has(bits::DRUG | bits::MEDICAL) || age_in_brackets_after(note, i))
        && !unit_after_number(note, i)
}

/// True if word `i` is a unit (the dates detector's list) or "mo" (months) right after a
/// number: "53 min", "3 mo" (Min and Mo are first names too).
fn unit_after_number(note: &Note<'_>, i: usize) -> bool {
    i >= 2
        && note.tok(i - 1) == " "
        && note.tokens[i - 2].class == Class::Number
        && (note.tok(i) == "mo" || crate::detect::dates::is_unit(note.tok(i)))
}

/// True if an age in brackets follows word `i` ("camila (14)"): a person, though the word
/// is also a drug.
fn age_in_brackets_after(note: &Note<'_>, i: usize) -> bool {
    let rest = &note.text.as_bytes()[note.tokens[i].end..];
    let digits = rest.get(2..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
    rest.starts_with(b" (") && (1..=3).contains(&digits) && rest.get(2 + digits) == Some(&b')')
}

/// A first name of a million people or more that is a name more than a word, though the
/// word lists have it too: "maria" (the moon's seas), "john" (not "mark", "will", "grace").
fn among_top_first_names(e: Entry) -> bool {
    e.first() >= crate::lexicon::freq_score(1_000_000) && name_margin(e) > 0
}

fn next_word_any(note: &Note<'_>, i: usize) -> Option<usize> {
    let mut j = i + 1;
    while j < note.tokens.len() {
        match note.tokens[j].class {
            Class::Word => return Some(j),
            Class::Number | Class::Newline | Class::Possessive => return None,
            _ => j += 1,
        }
        if j > i + 3 {
            return None;
        }
    }
    None
}

/// Finds bare mentions of names already seen as names in this scope or this note
/// ("Kowalczyk" after "Mr. Kowalczyk"), for words no candidate covers yet. `out` holds the
/// resolved candidates (sorted, disjoint); new candidates are appended.
///
/// `hidden` lists name candidates that a deny-list span of another kind covered: their
/// words are still learned, so a deny-list entry never un-redacts another mention.
/// `protected` (sorted, disjoint) is what protections kept: a learned name is not re-found
/// in a clinical phrase ("Ehlers-Danlos syndrome" after "Mr. Ehlers") or an allowed one.
pub fn refind(
    note: &Note<'_>,
    known: &KnownNames,
    hidden: &[Range<usize>],
    protected: &[Range<usize>],
    out: &mut Vec<Candidate>,
) {
    let known_nicknames = &known.common_nicknames;
    let known = &known.all;
    let mut local: FxHashSet<String> = FxHashSet::default();
    // (the nicknames of this text that are common words: a name in quotes, '("Peanut")')
    let mut nicknames: FxHashSet<String> = FxHashSet::default();
    let mut key = String::new();
    let b = note.text.as_bytes();
    for c in out.iter().filter(|c| c.kind == Kind::Name) {
        let quoted = c.start > 0 && b[c.start - 1] == b'"' && b.get(c.end) == Some(&b'"');
        if quoted && c.end - c.start >= 3 && common_word_no_name(note.tokens[note.token_at(c.start)].entry) {
            crate::lexicon::normalize_into(&note.text[c.start..c.end], &mut key);
            if !known_nicknames.contains(&key) {
                nicknames.insert(key.clone());
            }
        }
    }
    let names = out.iter().filter(|c| c.kind == Kind::Name).map(|c| c.start..c.end);
    for range in names.chain(hidden.iter().cloned()) {
        name_keys(note, range, &mut key, |k| {
            if !local.contains(k) && !known.contains(k) {
                local.insert(k.to_string());
            }
        });
    }
    if local.is_empty() && known.is_empty() {
        return;
    }
    let existing = out.len();
    let mut ci = 0; // first resolved candidate that may still cover a later token
    let mut pi = 0; // first protected span that may still cover a later token
    for (i, t) in note.tokens.iter().enumerate() {
        if t.class != Class::Word {
            continue;
        }
        while ci < existing && out[ci].end <= t.start {
            ci += 1;
        }
        if ci < existing && out[ci].start < t.end {
            continue;
        }
        // (two or three capitals, perhaps with dots, "JT", "J.T", in a text that names
        // someone: the output the re-check reads has codes, which look the same, and hardly
        // a name; undotted ones in no list, or in brackets)
        let maybe_initials = || {
            let b = note.text.as_bytes();
            t.entry.0 & !(INITIALS_MAY_HAVE | bits::TITLE) == 0
                || b[t.start + 1] == b'.'
                || t.start > 0 && b[t.start - 1] == b'('
                || b.get(t.end..t.end + 2) == Some(b" (")
        };
        if t.case == Case::Upper && t.end - t.start <= 5 && !local.is_empty() && maybe_initials() {
            if let Some(end) = initials_of_a_name(note, i, &out[..existing], protected) {
                out.push(Candidate::new(t.start, end, Kind::Name, "names", INITIALS_CUE, P_REFIND));
                continue;
            }
        }
        // (in lower case in a text with case, only a name of 1,000 people or more that is no
        // English word: "later nguyen called back", "hoa nguyen @ gmail dot com")
        // (or, in a message typed in lower case, a popular first name that is a common word
        // before a verb or a possessive: "dawn grew up in rockport", "dawn's attorney")
        let lower_name = || {
            t.case == Case::Lower
                && t.end - t.start >= 3
                && (t.entry.word() == 0 && t.entry.name() >= crate::lexicon::freq_score(1_000)
                    || t.entry.first() >= crate::lexicon::freq_score(10_000)
                        && note.lower_name_then_verb(i)
                        && (t.entry.word() == 0 || sentence_typed_lower(note, i)))
        };
        if !(t.is_capitalized() || t.has(CASELESS) || lower_name()) || !has_letters(t.text(note.text), 2) {
            continue;
        }
        // (a unit of a ratio is no one: "mcg/kg/min", "L/min/m2")
        if t.case == Case::Lower && unit_in_ratio(note, i) {
            continue;
        }
        // A common word that no list has as a name is a learned name only as a nickname
        // (in quotes in this text, '("Peanut")', or inside a full name in the scope):
        // asked of those only (a common word taken into a name by mistake, "Tri-County
        // Orchestra", is not re-found).
        if common_word_no_name(t.entry) && !t.entry.has(bits::UPPER_WORD) {
            if nicknames.is_empty() && known_nicknames.is_empty() {
                continue;
            }
            crate::lexicon::normalize_into(t.text(note.text), &mut key);
            if !nicknames.contains(&key) && !known_nicknames.contains(&key) {
                continue;
            }
            // (the word starting a sentence is the word unless a verb follows: "Peanut butter
            // is fine", "Peanut said")
            if t.has(SENT_START) && !note.verb_or_possessive_after(i) {
                continue;
            }
        }
        let ambiguous_only = !t.entry.has(BLOCK & !(bits::MONTH | bits::WEEKDAY | bits::COUNTRY | bits::US_STATE));
        // (a country or a state learned as a person's name is the person wherever no
        // preposition or number makes it the place: "Jordan (he/him) and Sky", "Jordan and
        // Sky came"; not a month: "March was hard")
        let person_place = || {
            ambiguous_only
                && t.case == Case::Title
                && !t.entry.has(bits::MONTH | bits::WEEKDAY)
                && !note.place_time_prep_before(i)
                && !note.next_nonspace(i).is_some_and(|j| note.tokens[j].class == Class::Number)
        };
        let person_use = || {
            person_place()
                || note.ambiguous_place_or_month_name(i)
                || ambiguous_only && t.case == Case::Title && note.verb_or_possessive_after(i)
                // (a learned name as the label of a line about the person: "June: monitor")
                || t.case == Case::Title
                    && t.has(SENT_START)
                    && note.tokens.get(i + 1).is_some_and(|n| n.text(note.text) == ":")
        };
        if t.entry.has(BLOCK) && !person_use() {
            continue;
        }
        // (asked only here: most words are ruled out above, and the output of the tool,
        // which the re-check reads, is protected all over)
        while pi < protected.len() && protected[pi].end <= t.start {
            pi += 1;
        }
        if pi < protected.len() && protected[pi].start < t.end {
            continue;
        }
        crate::lexicon::normalize_into(t.text(note.text), &mut key);
        if !(local.contains(&key) || known.contains(&key)) {
            continue;
        }
        if !plausible_repeat(note, i, t) {
            continue;
        }
        // (with a first name typed before it that no candidate covers: "client is dawn
        // o'malley", where "o'malley" is known from "sean o'malley")
        let start = given_before_in_one_case(note, i, 1)
            .map(|p| note.tokens[p].start)
            .filter(|&s| ci == 0 || out[ci - 1].end <= s)
            .unwrap_or(t.start);
        out.push(Candidate::new(start, t.end, Kind::Name, "names", "name seen elsewhere in the scope", P_REFIND));
    }
}

/// True unless the sentence of word `i` starts with a capital: a common word in lower case
/// is a name only in a message typed in lower case ("dawn grew up in rockport"), not in a
/// writer's sentence ("She says grace before every meal", "Her faith is strong"). (Looks
/// back 40 tokens at most; no start found reads as lower case.)
fn sentence_typed_lower(note: &Note<'_>, i: usize) -> bool {
    let toks = note.tokens;
    (i.saturating_sub(40)..=i)
        .rev()
        .find(|&k| toks[k].class == Class::Word && toks[k].has(SENT_START))
        .is_none_or(|k| toks[k].case == Case::Lower)
}

/// True if word `i` is a unit glued to a slash ("min" of "mcg/kg/min", "L/min/m2").
fn unit_in_ratio(note: &Note<'_>, i: usize) -> bool {
    let (b, t) = (note.text.as_bytes(), &note.tokens[i]);
    (t.start > 0 && b[t.start - 1] == b'/' || b.get(t.end) == Some(&b'/')) && super::dates::is_unit(note.tok(i))
}

/// Cue of initials that stand for a full name near them ("Jordan Tate ... JT said").
pub const INITIALS_CUE: &str = "initials of a name nearby";

/// Bits of a dictionary entry that initials may have: first-name and surname scores (many
/// initials are given names too: "JT", "JD") and what goes with them. Any other (a word, an
/// abbreviation, a state code, a title: "PT", "MD", "MO", "Lt") makes the word no initials.
const INITIALS_MAY_HAVE: u64 = 0xffff | (0xff << bits::FEMALE_SHIFT) | bits::NICKNAME;

/// The end of word token `i` (two or three capitals: "JT", "J.T" and its last dot) if it is
/// written as the initials of a full name among `spans` near it ([`initials::referent`]),
/// stands alone (not in an identifier: "JT-2", "AB12") and no protection but the tool's own
/// code pattern covers it (dotted initials look like a code). Undotted ones need more:
/// brackets, or a person's context (a role word or "by" before, a verb or possessive after,
/// a speaker's colon).
#[inline(never)]
fn initials_of_a_name(note: &Note<'_>, i: usize, spans: &[Candidate], protected: &[Range<usize>]) -> Option<usize> {
    let t = &note.tokens[i];
    let ini = Initials::of_word(t.text(note.text))?;
    let bytes = note.text.as_bytes();
    let dotted = bytes[t.start + 1] == b'.';
    let end = t.end + usize::from(dotted && bytes.get(t.end) == Some(&b'.'));
    let glued = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'@' | b'#' | b'.');
    let before = t.start.checked_sub(1).map(|k| bytes[k]);
    let after = bytes.get(end).copied();
    // (a dot after undotted initials ends the sentence: "met with JT.")
    let after_glued =
        after.is_some_and(|b| glued(b) && (b != b'.' || bytes.get(end + 1).is_some_and(u8::is_ascii_alphanumeric)));
    // (a dash before them at the end of a line signs an entry: "Left VM for client. -KJ")
    let signature = before == Some(b'-')
        && (t.start < 2 || matches!(bytes[t.start - 2], b' ' | b'\t' | b'\n'))
        && after.is_none_or(|b| matches!(b, b'\n' | b'\r'));
    if before.is_some_and(glued) && !signature || after_glued {
        return None;
    }
    let p = protected.partition_point(|r| r.end <= t.start);
    if protected.get(p).is_some_and(|r| r.start < end && !(dotted && r.start >= t.start && r.end <= end)) {
        return None;
    }
    // (what is asked first is what rules out most at least cost: for undotted capitals
    // their dictionary entry; for dotted ones, nearly all the tool's own codes in the text
    // the re-check reads, the names near them, which that text hardly has)
    let listed = |e: Entry| {
        // a title no name follows is none ("LT agreed", not "Lt. Harris")
        let title_alone = || {
            e.0 & !INITIALS_MAY_HAVE == bits::TITLE
                && !note
                    .next_nonspace(i)
                    .and_then(|j| if note.tok(j) == "." { note.next_nonspace(j) } else { Some(j) })
                    .is_some_and(|j| note.tokens[j].is_capitalized())
        };
        e.0 & !INITIALS_MAY_HAVE != 0 && !title_alone()
    };
    // Without dots, two capitals are an abbreviation as often as initials ("Fuse TV", "SV
    // 77233"): only where a person stands, or alone in brackets ("(PL)").
    let bracketed = before == Some(b'(') && after == Some(b')');
    let speaker = || after == Some(b':') && t.has(SENT_START);
    let by = || note.prev_word(i).is_some_and(|p| note.tok(p) == "by");
    let person =
        || bracketed || signature || speaker() || by() || note.person_cue_before(i) || note.verb_or_possessive_after(i);
    // (or right before the name they stand for, in brackets: "JP (jordyn pratt) texted")
    let defines = after == Some(b' ') && bytes.get(end + 1) == Some(&b'(');
    if !dotted && !bracketed && !defines && (listed(t.entry) || !person()) {
        return None;
    }
    let r = initials::referent(note.text, spans, t.start..end, ini)?;
    // In brackets just after the name they stand for, initials are defined ("Maria Okafor,
    // LCSW (MO)"), whatever else the word may be; so are they before it.
    if bracketed && (t.start.saturating_sub(48)..t.start).contains(&spans[r.span].end)
        || defines && spans[r.span].start == end + 2
    {
        return Some(end);
    }
    // Elsewhere a word of some list is that ("M.D.", "PT", "MO").
    let entry = if dotted { note.lex.get_ascii(ini.letters()) } else { t.entry };
    (!listed(entry) && (dotted || person())).then_some(end)
}

/// Calls `f` with the normalised form of every word of the name at `range` that later
/// mentions are re-found by (two letters or more; not a common-word block; not a medical
/// word or a drug that is no name: "Bariatric" of "UnityPoint Bariatric").
pub fn name_keys(note: &Note<'_>, range: Range<usize>, key: &mut String, mut f: impl FnMut(&str)) {
    let first = note.token_at(range.start);
    for t in note.tokens[first..].iter().take_while(|t| t.start < range.end) {
        let blocked = t.entry.has(BLOCK & !(bits::MONTH | bits::WEEKDAY | bits::COUNTRY | bits::US_STATE))
            || medical_no_name(t.entry);
        if t.class == Class::Word && has_letters(t.text(note.text), 2) && !blocked {
            crate::lexicon::normalize_into(t.text(note.text), key);
            f(key);
        }
    }
}

/// The names a scope learned ([`crate::assign::Scope::known_names`]), normalised.
#[derive(Debug, Default)]
pub struct KnownNames {
    /// All of them.
    pub all: FxHashSet<String>,
    /// The nicknames among them that are common words no list has as names ("Peanut",
    /// "Tank"): re-finding asks of such words only these.
    pub common_nicknames: FxHashSet<String>,
}

/// True if the entry is a common English word that no list has as a name ("peanut").
pub fn common_word_no_name(e: Entry) -> bool {
    e.word() > 0 && e.name() == 0
}

/// True if the entry is a medical word or a drug that no list has as a name: part of a name
/// group by accident ("UnityPoint Bariatric"), never re-found alone as a person.
pub fn medical_no_name(e: crate::lexicon::Entry) -> bool {
    e.has(bits::MEDICAL | bits::DRUG) && e.name() == 0
}

/// A repeat of a known name is a name unless it is a common word used as a word: lower case
/// in mixed-case text (excluded by the caller), or a modal verb starting a sentence ("Will
/// continue"), or a common word at a sentence start in a caseless line.
fn plausible_repeat(note: &Note<'_>, i: usize, t: &Token) -> bool {
    let e = t.entry;
    let common = e.word() > 0 && name_margin(e) <= 0;
    if !common {
        return true;
    }
    if t.has(CASELESS) {
        // In lower case in a sentence that starts with a capital, a common word is the word
        // ("She says grace before every meal", "Her faith is strong"), unless a title
        // announces the person ("dr. rose")
        if t.case == Case::Lower && !sentence_typed_lower(note, i) {
            return note.title_before(i);
        }
        // In capitals, only the most common words ("WILL", "HOPE", "BILL") need context.
        let very_common = e.word() >= crate::lexicon::level_score(10) || is_modal(note.tok(i));
        return !very_common || note.verb_or_possessive_after(i) || note.title_before(i);
    }
    if t.has(SENT_START) && is_modal(note.tok(i)) {
        return modal_starts_as_name(note, i);
    }
    true
}

/// True if a known name that is also a modal verb and starts a sentence ("Will", "May") is
/// the person: what follows it cannot follow the verb. A possessive ("Will's"), a bracket
/// ("Will (son) called"), a comma (not after a month: "May, June and July"), a capitalised
/// word, or a verb in the past or the third person, perhaps after an adverb ("May invited",
/// "Will says", "May privately worries"). "Will need", "May help" and "May also call" stay;
/// so do a month's "May visits" and "May was", which are as likely the month.
fn modal_starts_as_name(note: &Note<'_>, i: usize) -> bool {
    let toks = note.tokens;
    let month = toks[i].entry.has(bits::MONTH);
    if toks.get(i + 1).is_some_and(|t| t.class == Class::Possessive) {
        return true;
    }
    if let Some(j) = note.next_nonspace(i).filter(|&j| toks[j].class == Class::Punct) {
        return note.tok(j) == "(" || note.tok(j) == "," && !month;
    }
    if note.next_word(i).is_some_and(|j| toks[j].is_capitalized()) {
        return true;
    }
    // a verb no modal comes before ("Will will qualify", "Will is 6"); for a month, the
    // passive of care ("May was discharged", "June was admitted")
    if let Some(j) = note.next_word(i).filter(|&j| toks[j].case == Case::Lower) {
        let aux = note.tok(j);
        if !month && AUXILIARIES.contains(&aux) {
            return true;
        }
        if month
            && matches!(aux, "was" | "is")
            && note.next_word(j).is_some_and(|k| CARE_PASSIVES.contains(&note.tok(k)))
        {
            return true;
        }
    }
    let Some(j) = note.verb_slot_after(i) else { return false };
    let verb = note.tok(j);
    let past_or_third = verb.ends_with("ed") || verb.ends_with('s') && !verb.ends_with("ss");
    toks[j].case == Case::Lower
        && toks[j].entry.has(bits::PERSON_VERB)
        && past_or_third
        && !(month && MONTH_THEN.contains(&verb))
}

/// Verbs a modal never comes before: after "Will" or "Can" at a sentence's start, they make
/// it a name.
const AUXILIARIES: &[&str] = &["is", "was", "has", "had", "will", "would", "can", "could", "should", "does", "did"];

/// Participles of care after "was" or "is": a month is not discharged, a person is.
const CARE_PASSIVES: &[&str] = &[
    "admitted",
    "discharged",
    "seen",
    "referred",
    "transferred",
    "hospitalized",
    "hospitalised",
    "readmitted",
    "evaluated",
    "diagnosed",
    "placed",
    "released",
    "sent",
];

/// Words after "May" that read as well with the month: a plural noun ("May visits") or a
/// verb of state ("May was hard"). Not "reports": a month does not report ([`SPEECH_VERBS`]).
const MONTH_THEN: &[&str] = &[
    "is", "was", "has", "notes", "states", "visits", "calls", "shares", "presents", "returns", "starts", "stops",
    "works", "misses", "hits", "lives", "comes", "goes", "appears",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// `has_letters` counts what `char::is_alphabetic` counts, ASCII or not, for any `n`.
    #[test]
    fn has_letters_counts_letters_of_any_script() {
        for s in ["", "Smith", "A1", "1A", "O'Brien", "Ñu", "Đặng", "é", "a-b", "12", "J.", "ab", "_x_"] {
            let count = s.chars().filter(|c| c.is_alphabetic()).count();
            for n in 0..6 {
                assert_eq!(has_letters(s, n), count >= n, "{s:?} {n}");
            }
        }
    }
}
