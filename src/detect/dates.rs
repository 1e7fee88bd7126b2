//! Detector `dates`: every element of a date finer than the year, and ages over 89.
//!
//! # What it detects
//!
//! [`Kind::Date`] candidates that cover the whole date expression, year included (the
//! renderer keeps a four-digit year under Safe Harbor, so the year must be inside the span):
//!
//! | shape | examples |
//! |---|---|
//! | numeric, month first | `3/14/2023`, `03/14/23`, `3-14-2023`, `03.14.2023`, `DOB: 4/1/1950` |
//! | numeric, day first (when the first part cannot be a month) | `14/03/2023`, `14.03.2023` |
//! | ISO | `2023-03-14`, `2023/03/14`, `2023-03-14T10:30:00Z`, `2023-03-14 10:30` |
//! | month name first | `March 14`, `March 14th`, `March 14, 2023`, `Mar. 14`, `Sept 3`, `March 14-16`, `Mar-14-2023` |
//! | day first | `14 Mar 2023`, `14-Mar-2023`, `14-MAR-23`, `the 14th of March`, `14th March` |
//! | month and year | `March 2023`, `Mar-2023`, `May of 2019`, `Mar '23`, `3/2023` |
//! | bare month/day | `3/14`, `03/14`, `on 3/4`, `on 03-14` (judged by context, see below) |
//! | month alone | `January` ... `December` always; `in May`, `since March`, `early June`, `last April`, `mid-July`, `end of Aug` only after a cue word |
//! | day alone | `on the 14th` (after on/by/since/until/before/after/from) |
//! | year of birth alone | `born in 1929`, `b. 1928`, `DOB: 1931` (the year only; kept unless it reveals an age over 89) |
//! | holiday and year | `Christmas Eve 2023`, `Thanksgiving, 2022`, `New Years Eve 2021` (dictionaries/cues/holidays.txt) |
//! | in words, as dictated | `March third`, `april the fifth`, `march twenty-second, two thousand twenty four` (full month names; lower-case `may` only with a year), `the twenty first of February` |
//!
//! [`Kind::Age`] candidates that cover only the number of an age over 89: `92` in
//! "92-year-old", "92 year old", "a 91 yr old", "93 yo", "93 y/o", "93yo", "93 y.o.",
//! "age 93", "aged 95", "Age: 91", "at the age of 97", "turned 90", "died at 90", "passed
//! away at 93"; `90s` in "in her 90s" / "his late 90s"; `ninety-two` in
//! "ninety-two-year-old", "turning ninety-two", "aged one hundred"; a number of 90 to 125
//! in brackets or between commas after a relative or a name ("her father (91)", "Agnes,
//! 101,"); the words "nonagenarian" and "centenarian"; the number after a person (a pronoun,
//! a relative, a role or a capitalised name) and "is" or "was" ("Grandma is 94", "pt is
//! ninety-three", "Jo is 91", "who is 96"; not "pt is 98.6", "is 95/60", "is 94 lbs", "Temp is
//! 98"); `96th` in "her 96th birthday". The renderer writes `90+`.
//!
//! Not detected: years alone ("in 2019", "since 2015"), weekdays alone, holidays without a
//! year ("over Christmas": the clinical detector keeps them), seasons, relative dates ("last
//! week"), times of day alone.
//!
//! # Why it is PHI
//!
//! HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(C)) removes all elements of dates (except
//! the year) directly related to the individual (birth, admission, discharge, sessions,
//! death) and ages over 89, which must be aggregated as "90 or older". A session date or a
//! birthday narrows a client down in a small practice as surely as a name.
//!
//! # How
//!
//! One combined regular expression, compiled once in [`Dates::new`], finds every shape in a
//! single left-to-right pass on the lazy DFA (no capture groups: the matched bytes tell
//! which shape it is). Shapes that are also
//! something else (a fraction, a score, a modal verb, a given name) are then judged from a
//! small byte window around the match (the words before and after), without allocating.
//! A rejected match resumes the search just after its first word, so a shorter date inside
//! it ("age 12/25/2023") is still found.
//!
//! Context for a bare month/day (`3/14`): it is a date when M <= 12 and D <= 31 and
//! - a date cue precedes it (on, since, from, until, by, dated, seen, admitted, discharged,
//!   DOB, DOS, session, appointment, last, next, week of, a weekday, another date and "to"),
//!   or it is written with a leading zero (`03/14`), unless a dose or count word follows
//!   ("on 1/2 tab", "on 2/3 days");
//! - otherwise, when no score or dose word is next to it ("PHQ-9 14/27", "pain 5/10",
//!   "scored 12/30", "1/2 tab", "3/4 of groups") and it does not read as a fraction or a
//!   rating (M <= D <= 10: "3/4", "5/10", "5/5").
//!
//! Ambiguous month words ("May", "March", "April", "June", "August" and every
//! abbreviation) count alone only after a cue word; "may" after "this"/"last"/"next"/
//! "early"/"late"/"mid" is a date only when no verb follows ("this may help" is kept).
//!
//! # Example
//!
//! ```
//! use phi_redact::detect::{dates::Dates, Detector, Note};
//! use phi_redact::lexicon::Lexicon;
//!
//! let lex = Lexicon::new();
//! let text = "Seen 3/14/2023 and since May; PHQ-9 of 14, 1/2 tab; her 92-year-old mother.";
//! // This detector reads the text itself; tokens only tell it whether a line has case.
//! let note = Note { text, tokens: &[], lex: &lex };
//! let mut found = Vec::new();
//! Dates::new().detect(&note, &mut found);
//! let spans: Vec<&str> = found.iter().map(|c| &text[c.start..c.end]).collect();
//! assert_eq!(spans, ["3/14/2023", "May", "92"]);
//! ```
//!
//! # Options
//!
//! None in the detector. What a date becomes (`[DATE 2023]`, `[DATE]` or unchanged) is the
//! renderer's [`DateMode`](crate::config::DateMode).
//!
//! # Known false positives and negatives
//!
//! - A bare M/D that is really a ratio with no telling context: "2/1" (read as Feb 1), "12/30"
//!   with no instrument name before it.
//! - "May", "June", "April" as a person after a cue word ("confided in June") are tagged as
//!   dates (still redacted).
//! - Numeric triples that are not dates: "1.2.10" (a version number) is read as a date.
//! - "in MAR" (the medication administration record) reads as the month after "in".
//! - Missed: fraction-looking bare dates without a cue ("3/4", "7/8" alone), ordinal days
//!   without a cue ("the 14th" after "was"), dates in words without a month ("the
//!   fourteenth"),
//!   ranges of ages ("90-95 years old" finds only 95), an age after a word that is neither
//!   a relative nor a name ("the widow next door, 93,", "Reason (95)"), an age with no cue
//!   at all ("she is 93 now"), and compact dates without separators ("20230314").
//! - An age over 89 beside a name or a relative is taken from the number alone: "Kessler
//!   (96)" or "her father, 94," would be too for a score or a count written that way.
//! - A four-digit year that itself reveals an age over 89 (a 1930 birth year) is kept by the
//!   renderer like any other year.

use regex_automata::meta::{Config, Regex};
use regex_automata::Input;

use super::{Detector, Note};
use crate::segment::CASELESS;
use crate::span::{Candidate, Kind};

/// The cue of a year of birth alone ("born in 1929"): the renderer keeps such a year unless
/// it reveals an age over 89.
pub const YEAR_OF_BIRTH: &str = "year of birth";

/// Priority of every candidate of this detector.
pub const PRIORITY: u8 = 150;

const NAME: &str = "dates";

/// ASCII word boundary: keeps the lazy DFA usable on non-ASCII text.
const B: &str = r"(?-u:\b)";
/// Month names and abbreviations.
const MON: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
/// Day of the month, 1-31, optional leading zero.
const DAY: &str = r"(?:3[01]|[12][0-9]|0?[1-9])";
/// Ordinal suffix.
const ORD: &str = r"(?:st|nd|rd|th)";
/// A whole number from 90 to 125: an age over 89, in digits.
const OVER89: &str = r"(?:9[0-9]|1[01][0-9]|12[0-5])";
/// An age over 89 in words: "ninety", "ninety-six", "one hundred", "a hundred".
const SPELLED: &str = r"(?:ninety(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|(?:one|a)[ -]hundred)";
/// Month names in full.
const MONTH_WORD: &str = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)";
/// The days of a month in words that also end "twenty" and "thirty" ("third", "twenty-third").
const SPELLED_DAY_UNITS: &[&str] =
    &["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"];
/// The other days of a month in words, after [`SPELLED_DAY_UNITS`].
const SPELLED_DAY_OTHERS: &[&str] = &[
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
];

/// A day of the month in words, as a pattern: "twenty first", "twenty-third", "fifth".
fn spelled_day() -> String {
    let units = SPELLED_DAY_UNITS.join("|");
    format!("(?:(?:twenty|thirty)[ -](?:{units})|{units}|{})", SPELLED_DAY_OTHERS.join("|"))
}
/// A year in words: "nineteen ninety one", "two thousand twenty four", "twenty twenty-three",
/// "nineteen oh five".
const SPELLED_YEAR: &str = r"(?:(?:nineteen|twenty)[ -](?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?|oh[ -](?:one|two|three|four|five|six|seven|eight|nine)|hundred)|two[ -]thousand(?:(?:[ -]and)?[ -](?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[ -](?:one|two|three|four|five|six|seven|eight|nine))?))?)";
/// Horizontal space (with no-break space).
const SP: &str = r"[ \t\x{A0}]+";
const SP0: &str = r"[ \t\x{A0}]*";

/// The holidays of dictionaries/cues/holidays.txt that start with a letter, as one
/// alternation: an apostrophe may be typographic or left out ("New Years Eve"), a period
/// too ("St Patrick's Day"), and a space is any run of horizontal space.
fn holidays() -> String {
    let mut alternation = Vec::new();
    for h in crate::lexicon::holidays().filter(|h| h.starts_with(|c: char| c.is_ascii_alphabetic())) {
        let mut p = String::new();
        for c in h.chars() {
            match c {
                '\'' => p.push_str(r"['\x{2019}]?"),
                '.' => p.push_str(r"\.?"),
                ' ' => p.push_str(SP),
                c if c.is_ascii_alphanumeric() || c == '-' => p.push(c),
                c => p.push_str(&regex::escape(&c.to_string())),
            }
        }
        alternation.push(p);
    }
    alternation.join("|")
}

/// The combined pattern. Every alternative but one starts with an ASCII digit or letter,
/// and that one with "(" or ",", so a match can be classified from its own bytes (see
/// [`Dates::judge`]) without capture groups, which keeps the search on the lazy DFA.
fn pattern() -> String {
    let year_tail = format!(r"(?:(?:,{SP0}|{SP}|-)(?:[0-9]{{4}}|['\x{{2019}}][0-9]{{2}})|-[0-9]{{2}}){B}");
    let range = format!(r"(?:{SP0}(?:-|\x{{2013}}|to|through|thru|and|&){SP0}{DAY}{ORD}?{B})?");
    let spelled_day = spelled_day();
    let alternatives = [
        // ISO date (the only shape that starts with four digits), with an optional time.
        format!(
            r"{B}(?:1[89]|20)[0-9]{{2}}(?:-(?:1[0-2]|0?[1-9])-{DAY}(?:[t ][0-2]?[0-9]:[0-5][0-9](?::[0-5][0-9](?:[.,][0-9]+)?)?(?:z|[+-][0-9]{{2}}:?[0-9]{{2}})?)?|/(?:1[0-2]|0?[1-9])/{DAY}|\.(?:1[0-2]|0[1-9])\.(?:3[01]|[12][0-9]|0[1-9])){B}"
        ),
        // Numeric month (or day), day (or month), year: three digit runs.
        format!(r"{B}[0-9]{{1,2}}(?:/[0-9]{{1,2}}/|-[0-9]{{1,2}}-|\.[0-9]{{1,2}}\.)(?:[0-9]{{4}}|[0-9]{{2}}){B}"),
        // Numeric month and four-digit year.
        format!(r"{B}(?:1[0-2]|0?[1-9])/(?:1[89]|20)[0-9]{{2}}{B}"),
        // Bare month/day, and month-day with a hyphen (judged by context).
        format!(r"{B}[0-9]{{1,2}}[/-][0-9]{{1,2}}{B}"),
        // Month name, day, optional range and year.
        format!(r"{B}{MON}{B}\.?(?:,?{SP}|\.|-){DAY}{ORD}?{B}{range}(?:{year_tail})?"),
        // In words, as dictated: "March third", "march twenty-second, two thousand twenty
        // four", "April the fifth, nineteen ninety one" (full month names only).
        format!(r"{B}{MONTH_WORD}{SP}(?:the{SP})?{spelled_day}{B}(?:,?{SP}{SPELLED_YEAR}{B})?"),
        // ... and with the day first: "the twenty first of February", "fifth of May, two
        // thousand twenty"
        format!(r"{B}(?:the{SP})?{spelled_day}{SP}of{SP}{MONTH_WORD}{B}(?:,?{SP}{SPELLED_YEAR}{B})?"),
        // Day, month name, optional year.
        format!(r"{B}{DAY}{ORD}?(?:{SP}of{SP}|{SP}|-){MON}{B}\.?(?:{year_tail})?"),
        // "the 14th", "the 14th of March, 2023" (the span starts at the day).
        format!(r"{B}the{SP}{DAY}{ORD}{B}(?:{SP}of{SP}{MON}{B}\.?(?:{year_tail})?)?"),
        // Month name and year.
        format!(r"{B}{MON}{B}\.?(?:,?{SP}(?:of{SP})?|-)(?:[0-9]{{4}}|['\x{{2019}}][0-9]{{2}}){B}"),
        // Month name alone (judged by context).
        format!(r"{B}{MON}{B}"),
        // Ages: "92-year-old", "93 yo", "93 y.o."; "age 93"; "in her 90s"; "turned 92";
        // "ninety-two-year-old".
        format!(
            r"{B}[0-9]{{2,3}}(?:[ \t\x{{A0}}-]*(?:years?|yrs?|y)\.?[ \t\x{{A0}}-]*(?:old|of{SP}age){B}|[ \t\x{{A0}}-]*(?:y/o|yo|y\.o){B}\.?)"
        ),
        format!(r"{B}(?:age[sd]?{SP0}[:=]?{SP0}(?:of{SP})?|turn(?:s|ed|ing)?{SP})(?:[0-9]{{2,3}}|{SPELLED}){B}"),
        format!(r"{B}(?:her|his|their){SP}(?:(?:early|mid|late)[ \t-]*)?(?:(?:90|100)['\x{{2019}}]?s|nineties){B}"),
        format!(r"{B}{SPELLED}[ \t-]*(?:years?|yrs?)[ \t-]*old{B}"),
        // A year of birth alone: "born in 1929", "b. 1928", "DOB: 1931", "year of birth
        // 1930" (the span is the year; the renderer keeps it unless it reveals an age over
        // 89).
        format!(
            r"{B}(?:born(?:{SP}in)?|b\.|dob:?|yob:?|year{SP}of{SP}birth:?|birth{SP}year:?){SP}(?:1[89]|20)[0-9]{{2}}{B}"
        ),
        // A holiday and a year: "Christmas Eve 2023", "New Years Eve, 2021" (those that
        // start with a letter; "4th of July 2023" is a day and a month).
        format!(r"{B}(?:{}){B},?{SP}(?:1[89]|20)[0-9]{{2}}{B}", holidays()),
        // "Grandma is 94", "pt is ninety-three", "she was 97": a person is a number over 89
        // (not "pt is 98.6", "is 95/60", "is 95%": judged); "her 96th birthday".
        format!(r"{B}[a-z]+{SP}(?:is|was){SP}(?:now{SP})?(?:{OVER89}|{SPELLED}){B}"),
        format!(r"{B}{OVER89}(?:st|nd|rd|th){SP}birthday{B}"),
        // "died at 90", "passed away at 93", "death at the age of 97".
        format!(r"{B}(?:died|passed{SP}away|death){SP}at{SP}(?:(?:the{SP})?age{SP}(?:of{SP})?)?{OVER89}{B}"),
        format!(r"{B}(?:nonagenarian|centenarian)s?{B}"),
        // A person's age beside a relative or a name: "father (91)", "Agnes, 101," (the
        // only shapes that start with punctuation; the word before is judged).
        format!(r"\( ?{OVER89} ?\)|, ?{OVER89} ?[,;)]"),
    ];
    format!("(?i){}", alternatives.join("|"))
}

/// Dates and ages over 89.
pub struct Dates {
    re: Regex,
}

impl Default for Dates {
    fn default() -> Self {
        Self::new()
    }
}

impl Dates {
    /// Compiles the patterns, without a prefilter: a match can start at any digit, month or
    /// "the", "her", "age", so a literal prefilter would stop at every few bytes, and
    /// looking for one took a third of the pattern's compile time (4 M instructions at
    /// every start; the search costs the same without it).
    pub fn new() -> Dates {
        let re = Regex::builder().configure(Config::new().auto_prefilter(false)).build(&pattern());
        Dates { re: re.expect("the dates pattern compiles") }
    }

    /// Judges one match `s..e`: the candidate's span, kind and cue, or `None` to reject it.
    /// `last` is the end of the previous date found in this note.
    fn judge(&self, note: &Note<'_>, s: usize, e: usize, last: Option<usize>) -> Verdict {
        let text = note.text;
        let t = text.as_bytes();
        // A non-ASCII letter glued to either end means this is part of a longer word (the
        // word before an age in brackets is the point: "Agnes, 101,").
        let punct_first = !t[s].is_ascii_alphanumeric();
        if text[e..].chars().next().is_some_and(char::is_alphabetic)
            || !punct_first && text[..s].chars().next_back().is_some_and(char::is_alphabetic)
        {
            return None;
        }
        if punct_first {
            judge_age_beside(note, s, e)
        } else if t[s].is_ascii_digit() {
            judge_number_first(note, s, e, last)
        } else {
            judge_word_first(note, s, e, last)
        }
    }
}

/// Span, kind and cue of an accepted match.
type Verdict = Option<(usize, usize, Kind, &'static str)>;

fn date(a: usize, b: usize, cue: &'static str) -> Verdict {
    Some((a, b, Kind::Date, cue))
}

fn age(a: usize, b: usize) -> Verdict {
    Some((a, b, Kind::Age, "age over 89"))
}

impl Detector for Dates {
    fn name(&self) -> &'static str {
        NAME
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let text = note.text;
        let mut pos = 0;
        // End of the last date found in this note, for ranges ("3/14 to 3/16", "May and June").
        let mut last: Option<usize> = None;
        while pos < text.len() {
            let Some(m) = self.re.find(Input::new(text).range(pos..)) else { break };
            let (s, e) = (m.start(), m.end());
            match self.judge(note, s, e, last) {
                Some((a, mut b, kind, cue)) => {
                    // A period after a month ("14th of March.") ends the sentence as well:
                    // it stays outside the span, so the sentence still ends there.
                    if b > a + 1 && text.as_bytes()[b - 1] == b'.' {
                        b -= 1;
                    }
                    out.push(Candidate::new(a, b, kind, NAME, cue, PRIORITY));
                    if kind == Kind::Date {
                        last = Some(b);
                    }
                    // A verdict shorter than the match ("May" of "May 3/14/2023") leaves the
                    // rest to be searched again.
                    pos = if s < b && b < e { b } else { e.max(s + 1) };
                }
                None => pos = resume_after(text, s, e),
            }
            while pos < text.len() && !text.is_char_boundary(pos) {
                pos += 1;
            }
        }
    }
}

/// Where to search again after a rejected match at `s..e`: after its first word or number,
/// so that a date starting inside the rejected text is still found ("age 12/25/2023").
fn resume_after(text: &str, s: usize, e: usize) -> usize {
    let t = text.as_bytes();
    let mut i = s;
    while i < e && t[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i.max(s + 1)
}

// ---------------------------------------------------------------------------------------
// Classifying a match from its bytes

/// End of the run of ASCII digits (or letters) starting at `i`, not beyond `e`.
fn run_end(t: &[u8], mut i: usize, e: usize, digits: bool) -> usize {
    while i < e && (if digits { t[i].is_ascii_digit() } else { t[i].is_ascii_alphabetic() }) {
        i += 1;
    }
    i
}

/// First run of ASCII letters (or digits) in `from..e`.
fn next_run(t: &[u8], from: usize, e: usize, digits: bool) -> Option<(usize, usize)> {
    let is = |c: u8| if digits { c.is_ascii_digit() } else { c.is_ascii_alphabetic() };
    let a = (from..e).find(|&i| is(t[i]))?;
    Some((a, run_end(t, a, e, digits)))
}

/// A match that starts with a digit: ISO, numeric, day-month, or an age.
fn judge_number_first(note: &Note<'_>, s: usize, e: usize, last: Option<usize>) -> Verdict {
    let text = note.text;
    let t = text.as_bytes();
    let d0 = run_end(t, s, e, true);
    if d0 - s == 4 {
        return date(s, e, "date YYYY-MM-DD");
    }
    let sep = t.get(d0).copied().unwrap_or(0);
    if matches!(sep, b'/' | b'.' | b'-') && d0 + 1 < e && t[d0 + 1].is_ascii_digit() {
        let (nums, runs) = numbers(&text[s..e]);
        return match (runs, sep) {
            (3, _) => judge_mdy(text, s, e),
            (2, b'/') if nums[1].1 == 4 => {
                if unit_after(text, e) || chained(text, s, e) {
                    None
                } else {
                    date(s, e, "date M/YYYY")
                }
            }
            (2, b'/') => judge_md(text, s, e, last, false),
            (2, b'-') => judge_md(text, s, e, last, true),
            _ => None,
        };
    }
    // Letters follow: an age ("92-year-old", "93 yo") or day and month ("14 Mar", "14th of March").
    let (a0, a1) = next_run(t, d0, e, false)?;
    if t[a0] | 0x20 == b'y' {
        let n = parse_num(&text[s..d0]);
        return if (90..=125).contains(&n) { age(s, d0) } else { None };
    }
    let ordinal = a0 == d0;
    // "her 96th birthday"
    if ordinal && next_run(t, a1, e, false).is_some_and(|(b0, b1)| text[b0..b1].eq_ignore_ascii_case("birthday")) {
        return age(s, a1);
    }
    let mut month = (a0, a1);
    if ordinal {
        month = next_run(t, a1, e, false)?;
    }
    let has_of = text[month.0..month.1].eq_ignore_ascii_case("of");
    if has_of {
        month = next_run(t, month.1, e, false)?;
    }
    let has_year = next_run(t, month.1, e, true).is_some();
    if !has_year {
        let word = &text[month.0..month.1];
        if !ordinal && !has_of && is_may(word) && !may_after_number_ok(note, month.0, month.1) {
            return None;
        }
        if unit_after(text, e) {
            return None;
        }
    }
    date(s, e, "date month-name")
}

/// A match that starts with a letter: a month name, "the 14th", or an age cue.
fn judge_word_first(note: &Note<'_>, s: usize, e: usize, last: Option<usize>) -> Verdict {
    let text = note.text;
    let t = text.as_bytes();
    let a1 = run_end(t, s, e, false);
    let mut buf = [0u8; 16];
    let first = lower(&text[s..a1], &mut buf)?;
    // a day in words and "of" before a month ("the twenty first of February"; not "age of
    // ninety", an age)
    if (first == "the" || is_spelled_day_start(first)) && !t[s..e].iter().any(u8::is_ascii_digit) {
        let mut runs = std::iter::successors(Some((s, a1)), |&(_, y)| next_run(t, y, e, false));
        if runs.any(|(x, y)| text[x..y].eq_ignore_ascii_case("of")) {
            let day = if first == "the" { next_run(t, a1, e, false)?.0 } else { s };
            return date(day, e, "date in words");
        }
    }
    match first {
        "the" => {
            let (d, _) = next_run(t, a1, e, true)?;
            let with_month = next_run(t, d, e, false)
                .and_then(|(_, ord_end)| next_run(t, ord_end, e, false))
                .is_some_and(|(x, y)| text[x..y].eq_ignore_ascii_case("of"));
            if with_month {
                return date(d, e, "date month-name");
            }
            // "on the 14th": only after a cue, and not "on the 3rd floor".
            let (before, at) = word_before(text, s, b"");
            let after = word_after(text, e);
            let mut buf = [0; 16];
            let before = lower(before, &mut buf);
            // "his birthday is the 19th", "the hearing was the 3rd"
            let day_noun = || {
                matches!(
                    lower(word_before(text, at, b"").0, &mut [0; 16]),
                    Some("birthday" | "anniversary" | "date" | "deadline" | "hearing" | "appointment" | "due")
                )
            };
            let cue = matches!(before, Some("is" | "was" | "be")) && day_noun()
                || matches!(
                    before,
                    Some(
                        "on" | "by"
                            | "for"
                            | "since"
                            | "until"
                            | "till"
                            | "til"
                            | "before"
                            | "after"
                            | "from"
                            | "through"
                            | "thru"
                            | "starting"
                            | "beginning"
                            | "effective"
                            | "around"
                    )
                );
            let weekday = before.is_some_and(is_weekday);
            // (after a weekday, more words may follow: "tuesday the 14th after the fight";
            // not "Monday the 3rd floor")
            // (after a cue, a word of time or cause may follow too: "I will see him again on the
            // 28th after his CT angiogram")
            let next_ok = after.is_empty()
                || matches!(
                    lower(after, &mut [0; 16]),
                    Some("at" | "and" | "or" | "to" | "through" | "thru" | "when" | "until")
                )
                || matches!(
                    lower(after, &mut [0; 16]),
                    Some("after" | "before" | "for" | "with" | "while" | "because" | "but" | "so" | "then")
                )
                || weekday && matches!(lower(after, &mut [0; 16]), Some("in"));
            if (cue || weekday) && next_ok {
                date(d, e, "date day ordinal")
            } else {
                None
            }
        }
        "age" | "ages" | "aged" | "turn" | "turns" | "turned" | "turning" => {
            if first.starts_with("turn") && (unit_after(text, e) || word_after(text, e).eq_ignore_ascii_case("degrees"))
            {
                return None;
            }
            let Some((d, d1)) = next_run(t, a1, e, true) else {
                // In words ("turning ninety-six", "age of ninety"): from the number on.
                let mut w = next_run(t, a1, e, false)?;
                if text[w.0..w.1].eq_ignore_ascii_case("of") {
                    w = next_run(t, w.1, e, false)?;
                }
                return age(w.0, e);
            };
            let n = parse_num(&text[d..d1]);
            if !(90..=125).contains(&n) {
                return None;
            }
            age(d, d1)
        }
        "died" | "passed" | "death" => {
            let (d, d1) = next_run(t, a1, e, true)?;
            if unit_after(text, e) {
                return None;
            }
            age(d, d1)
        }
        "nonagenarian" | "nonagenarians" | "centenarian" | "centenarians" => age(s, e),
        _ if next_run(t, a1, e, false)
            .is_some_and(|(x, y)| matches!(lower(&text[x..y], &mut [0; 16]), Some("is" | "was"))) =>
        {
            // a person: a pronoun, a relative or a role ("she", "grandma", "pt"), or a name
            // ("Jo is 91"); not "Temp is 98", "HR was 92"
            let person = matches!(
                first,
                "she"
                    | "he"
                    | "pt"
                    | "patient"
                    | "client"
                    | "mom"
                    | "mother"
                    | "dad"
                    | "father"
                    | "grandma"
                    | "grandmother"
                    | "grandpa"
                    | "grandfather"
                    | "husband"
                    | "wife"
                    | "aunt"
                    | "uncle"
                    // "her grandmother Opal who is 96"
                    | "who"
            ) || names_a_person(note, s, a1);
            // a measure, not an age: "pt is 98.6", "BP was 95/60", "is 95%", "is 94 lbs"; nor
            // the tool's own "90+"
            let rest = &t[e..];
            let measure = rest.first().is_some_and(|&c| {
                matches!(c, b'.' | b'/' | b',') && rest.get(1).is_some_and(u8::is_ascii_digit)
                    || matches!(c, b'%' | b'+')
            });
            if !person || measure || unit_after(text, e) {
                return None;
            }
            match next_run(t, a1, e, true) {
                Some((d, d1)) => age(d, d1),
                // in words: from the number on ("is ninety-three")
                None => {
                    let mut w = next_run(t, a1, e, false)?;
                    while ["is", "was", "now"].iter().any(|x| text[w.0..w.1].eq_ignore_ascii_case(x)) {
                        w = next_run(t, w.1, e, false)?;
                    }
                    age(w.0, e)
                }
            }
        }
        "her" | "his" | "their" => match next_run(t, a1, e, true) {
            Some((d, _)) => age(d, e),
            None => age(e - "nineties".len(), e),
        },
        "ninety" | "one" | "a" => {
            // Up to the "year" word, without the space or hyphen before it.
            let mut i = a1;
            let mut end = e;
            while let Some((x, y)) = next_run(t, i, e, false) {
                if t[x] | 0x20 == b'y' {
                    end = x;
                    break;
                }
                i = y;
            }
            while end > s && matches!(t[end - 1], b' ' | b'\t' | b'-') {
                end -= 1;
            }
            age(s, end)
        }
        // (not the year of a whole date: "DOB 1991-07-02" is searched again from its year)
        "born" | "b" | "dob" | "yob" | "year" | "birth" => {
            let rest = &t[e..];
            let date_goes_on = rest.len() >= 2 && matches!(rest[0], b'-' | b'/' | b'.') && rest[1].is_ascii_digit();
            if date_goes_on {
                None
            } else {
                date(e - 4, e, YEAR_OF_BIRTH)
            }
        }
        // a holiday and a year (the only other match that starts with a word)
        _ if !is_month(first) => date(s, e, "holiday and year"),
        _ => {
            // A month name: alone, with a day, or with a year.
            let Some((d, d1)) = next_run(t, a1, e, true) else {
                // a date in words: only that alternative has a word after the month
                if let Some(day) = next_run(t, a1, e, false) {
                    // (not "we may first try": "may" in lower case needs its year, or a cue
                    // before it: "return to clinic on may third")
                    let words_after = std::iter::successors(Some(day), |&(_, y)| next_run(t, y, e, false));
                    let the = text[day.0..day.1].eq_ignore_ascii_case("the");
                    let cue = || {
                        let mut buf = [0; 16];
                        matches!(lower(word_before(text, s, b"").0, &mut buf), Some("on" | "by" | "until" | "since"))
                    };
                    if t[s] == b'm' && first == "may" && words_after.count() <= 1 + usize::from(the) && !cue() {
                        return None;
                    }
                    return date(s, e, "date in words");
                }
                return judge_month_alone(note, s, e, last);
            };
            // A period after a month's full name ends the sentence: "due mid-January. 3 wks
            // postpartum" (after an abbreviation it is the abbreviation's: "Jan. 3").
            if t[a1] == b'.' && (a1 - s > 4 || matches!(first, "may" | "june" | "july")) {
                return judge_month_alone(note, s, a1, last);
            }
            let apostrophe = text[a1..d].contains(['\'', '\u{2019}']);
            if d1 - d == 4 || apostrophe {
                return date(s, e, "date month-name");
            }
            let has_year = text[d1..e].contains(['\'', '\u{2019}'])
                || std::iter::successors(next_run(t, d1, e, true), |&(_, y)| next_run(t, y, e, true))
                    .any(|(x, y)| y - x == 4);
            if !has_year && !month_day_ok(text, e) {
                // A range whose second day runs on into another date ("Jan 5 - 03/28/23"):
                // the month and first day are a date all the same.
                let day_end = run_end(t, d1, e, false);
                if next_run(t, day_end, e, true).is_some() && month_day_ok(text, day_end) {
                    return date(s, day_end, "date month-name");
                }
                // Not a month and day ("May 3/14/2023", "March 5 mg"): the month alone may
                // still be a date, as it would be without the number after it ("in May").
                return judge_month_alone(note, s, a1, last);
            }
            date(s, e, "date month-name")
        }
    }
}

/// True if `w`, in any case, is a month's name or abbreviation ("Nov", "DECEMBER").
pub(crate) fn is_month_any_case(w: &str) -> bool {
    let mut buf = [0u8; 16];
    lower(w, &mut buf).is_some_and(is_month)
}

/// True if `w` (lower case) is a month's name or abbreviation, as [`MON`] matches them.
fn is_month(w: &str) -> bool {
    matches!(
        w,
        "jan"
            | "january"
            | "feb"
            | "february"
            | "mar"
            | "march"
            | "apr"
            | "april"
            | "may"
            | "jun"
            | "june"
            | "jul"
            | "july"
            | "aug"
            | "august"
            | "sep"
            | "sept"
            | "september"
            | "oct"
            | "october"
            | "nov"
            | "november"
            | "dec"
            | "december"
    )
}

/// A number of 90 to 125 in brackets or between commas (`s..e`) right after a word
/// ("father (91)", "Agnes, 101,"): an age when the word is a relative or another person
/// ([`is_kin`]), or a capitalised name: a word more often a name than a common word, or
/// one no word list has. After any other word it is a score, a room or a count
/// ("Processing Speed (101)", "rooms 101, 102").
fn judge_age_beside(note: &Note<'_>, s: usize, e: usize) -> Verdict {
    let text = note.text;
    let t = text.as_bytes();
    let mut w1 = s;
    while w1 > 0 && matches!(t[w1 - 1], b' ' | b'\t') {
        w1 -= 1;
    }
    let mut w0 = w1;
    while w0 > 0 && t[w0 - 1].is_ascii_alphabetic() {
        w0 -= 1;
    }
    let word = &text[w0..w1];
    if word.is_empty() || (w0 > 0 && (t[w0 - 1].is_ascii_digit() || t[w0 - 1] >= 0x80)) {
        return None;
    }
    let person = lower(word, &mut [0; 16]).is_some_and(is_kin)
        || names_a_person(note, w0, w1)
        || full_name_ends(note, w0, w1)
        || lower_first_name(note, w0, w1);
    let (d, d1) = next_run(t, s, e, true)?;
    if person {
        age(d, d1)
    } else {
        None
    }
}

/// True if the word `w0..w1` of the note is a capitalised name: a word more often a name
/// than a common word, or one no word list has ("Agnes", "Jo"; not "Temp", "Processing"),
/// and not in capitals unless a common name ("IQ", "WAIS", "HR" are acronyms; "KESSLER" is
/// a name).
fn names_a_person(note: &Note<'_>, w0: usize, w1: usize) -> bool {
    let t = note.text.as_bytes();
    let word = &note.text[w0..w1];
    let title_case = t[w0].is_ascii_uppercase() && t[w0 + 1..w1].iter().all(u8::is_ascii_lowercase);
    t[w0].is_ascii_uppercase() && {
        let e = note.lex.lookup(word, &mut String::new());
        let popular = title_case || e.name() >= crate::lexicon::freq_score(2_000);
        let place = e.has(crate::lexicon::bits::COUNTRY | crate::lexicon::bits::US_STATE);
        (e.name() > 0 && popular && crate::detect::names::name_margin(e) > 0)
            || title_case && w1 - w0 >= 2 && !crate::detect::names::is_other_known(e) && !place
    }
}

/// True if `w` (lower case) is the first word of a day of the month in words ("twenty" of
/// "twenty first", "fifth").
fn is_spelled_day_start(w: &str) -> bool {
    matches!(w, "twenty" | "thirty") || SPELLED_DAY_UNITS.contains(&w) || SPELLED_DAY_OTHERS.contains(&w)
}

/// True if the capitalised word `w0..w1` ends a full name: a surname that is also a common
/// word after a popular first name, one space apart ("Opal Brown, 91,", "Walt Stone (94)").
fn full_name_ends(note: &Note<'_>, w0: usize, w1: usize) -> bool {
    let t = note.text.as_bytes();
    if w0 < 3 || t[w0 - 1] != b' ' || !t[w0].is_ascii_uppercase() {
        return false;
    }
    let (word, w1p) = word_before(note.text, w0, b"");
    let first = w1p + word.len() == w0 - 1 && word.len() >= 2 && word.as_bytes()[0].is_ascii_uppercase();
    let mut key = String::new();
    first
        && note.lex.lookup(word, &mut key).first() >= crate::lexicon::freq_score(2_000)
        && note.lex.lookup(&note.text[w0..w1], &mut key).surname() >= crate::lexicon::freq_score(1_000)
}

/// True if the word `w0..w1` is a popular first name typed in lower case that no English
/// word list has ("grandma bernadette, 92, lives with them").
fn lower_first_name(note: &Note<'_>, w0: usize, w1: usize) -> bool {
    let t = note.text.as_bytes();
    w1 - w0 >= 3 && t[w0..w1].iter().all(u8::is_ascii_lowercase) && {
        let e = note.lex.lookup(&note.text[w0..w1], &mut String::new());
        e.word() == 0 && e.first() >= crate::lexicon::freq_score(2_000)
    }
}

/// True if `w` (lower case) is a relative or another person whose age a number in brackets
/// or between commas gives ("her father (91)", "their mother, 94,"), or a word that says
/// the number after it is an age ("Age, 95,"). Narrower than the names detector's kinship
/// and role words (`PERSON_CUE`), which also hold "per", "called", "md" and "member": a
/// number after those is no age.
fn is_kin(w: &str) -> bool {
    // ("Age, 95,": the field's name; "great" of "Great-Grandmother")
    if matches!(w, "age" | "aged" | "great") {
        return true;
    }
    let mut w = w;
    for prefix in ["great", "step", "grand"] {
        w = w.strip_prefix(prefix).unwrap_or(w);
    }
    matches!(
        w,
        "father"
            | "mother"
            | "son"
            | "daughter"
            | "parent"
            | "dad"
            | "mom"
            | "mum"
            | "ma"
            | "pa"
            | "husband"
            | "wife"
            | "spouse"
            | "partner"
            | "sister"
            | "brother"
            | "sibling"
            | "aunt"
            | "uncle"
            | "cousin"
            | "niece"
            | "nephew"
            | "neighbor"
            | "neighbour"
            | "friend"
            | "widow"
            | "widower"
            | "patient"
            | "client"
            | "pt"
            | "resident"
    )
}

// ---------------------------------------------------------------------------------------
// Numeric shapes

/// The ASCII digit runs of `s` as numbers with their lengths (the first three), and how
/// many runs there are.
fn numbers(s: &str) -> ([(u32, usize); 3], usize) {
    let mut out = [(0u32, 0usize); 3];
    let mut k = 0;
    let mut len = 0;
    let mut val = 0u32;
    for &c in s.as_bytes() {
        if c.is_ascii_digit() {
            val = val.saturating_mul(10).saturating_add(u32::from(c - b'0'));
            len += 1;
        } else if len > 0 {
            if k < 3 {
                out[k] = (val, len);
            }
            k += 1;
            val = 0;
            len = 0;
        }
    }
    if len > 0 {
        if k < 3 {
            out[k] = (val, len);
        }
        k += 1;
    }
    (out, k)
}

fn parse_num(s: &str) -> u32 {
    numbers(s).0[0].0
}

/// True if the match is one link of a longer chain of numbers ("10.1.12.45", "1/2/3/4").
fn chained(text: &str, a: usize, b: usize) -> bool {
    let t = text.as_bytes();
    let digit_at = |i: usize| t.get(i).is_some_and(u8::is_ascii_digit);
    let after = t.get(b).is_some_and(|c| matches!(c, b'/' | b'.' | b':' | b'%')) && digit_at(b + 1);
    let before = a >= 2 && matches!(t[a - 1], b'/' | b'.' | b':') && digit_at(a - 2);
    after || before
}

fn judge_mdy(text: &str, a: usize, b: usize) -> Verdict {
    let ([(m, _), (d, _), (_, ylen)], _) = numbers(&text[a..b]);
    if chained(text, a, b) {
        return None;
    }
    let cue = if (1..=12).contains(&m) && (1..=31).contains(&d) {
        "date M/D/YYYY"
    } else if (13..=31).contains(&m) && (1..=12).contains(&d) {
        "date D/M/YYYY"
    } else {
        return None;
    };
    if ylen == 2 && unit_after(text, b) {
        return None;
    }
    date(a, b, cue)
}

/// Bare month/day (`hyphen` for "3-14"): a date only when the context says so.
fn judge_md(text: &str, a: usize, b: usize, last: Option<usize>, hyphen: bool) -> Verdict {
    let t = text.as_bytes();
    if chained(text, a, b) {
        return None;
    }
    let ([(m, mlen), (d, dlen), _], _) = numbers(&text[a..b]);
    let lead0 = (mlen == 2 && t[a] == b'0') || (dlen == 2 && t[b - 2] == b'0');
    let month_day = (1..=12).contains(&m) && (1..=31).contains(&d);
    let day_month = (13..=31).contains(&m) && (1..=12).contains(&d) && dlen == 2 && t[b - 2] == b'0';
    if !month_day && !day_month {
        return None;
    }
    if unit_after(text, b) {
        return None;
    }
    let next = word_after(text, b);
    let strong = date_cue_before(text, a, last) || clock_after(text.as_bytes(), b);
    let mut buf = [0u8; 16];
    let next_l = lower(next, &mut buf);
    if matches!(next_l, Some("of" | "out")) && !(d > 12 || lead0) {
        return None;
    }
    if is_count(next) && !(lead0 || (strong && d > 12)) {
        return None;
    }
    if hyphen {
        // "3-4", "10-11" are far more often ranges than dates.
        return if strong && (d > 12 || lead0) { date(a, b, "date M/D") } else { None };
    }
    if strong && !lead0 && m <= d && d <= 10 && change_from_before(text, a) {
        // a rating that changed: "down from 8/10", "up from 3/10"
        return None;
    }
    if strong || lead0 {
        return date(a, b, "date M/D");
    }
    let (prev, _) = word_before(text, a, CUE_PUNCT);
    if prev.bytes().any(|c| c.is_ascii_digit()) || is_score_word(prev) {
        return None;
    }
    if m <= d && d <= 10 {
        // Reads as a fraction or a rating: "3/4", "5/10", "5/5".
        return None;
    }
    date(a, b, "date M/D")
}

/// True if a time of day follows offset `b` after one space: "3/8 9:00a", "3/8 10:32 AM",
/// "2/13 14:20" (a fraction or a rating has no time after it).
fn clock_after(t: &[u8], b: usize) -> bool {
    if t.get(b) != Some(&b' ') {
        return false;
    }
    let h = t[b + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    let m = b + 1 + h;
    (1..=2).contains(&h)
        && t.get(m) == Some(&b':')
        && t.get(m + 1..m + 3).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
        && !t.get(m + 3).is_some_and(u8::is_ascii_digit)
}

/// True if "from" after a word of change stands before offset `a` ("down from", "improved
/// from"): what follows is where a score was.
#[inline(never)]
fn change_from_before(text: &str, a: usize) -> bool {
    let (prev, pstart) = word_before(text, a, b"");
    let mut buf = [0u8; 16];
    if lower(prev, &mut buf) != Some("from") {
        return false;
    }
    #[rustfmt::skip]
    const CHANGE: &[&str] = &[
        "down", "up", "improved", "improving", "decreased", "increased", "dropped", "rose", "went", "fell", "declined",
        "lower", "higher", "better", "worse",
    ];
    let (change, _) = word_before(text, pstart, b"");
    lower(change, &mut buf).is_some_and(|w| CHANGE.contains(&w))
}

/// Punctuation skipped between a cue word and a number ("DOB: 3/14", "appt. 3/4").
const CUE_PUNCT: &[u8] = b":(=#.,";

/// True if a date cue precedes offset `a` ("on", "DOB:", "week of", "wk of", a weekday, or the
/// connector of a range after another date).
fn date_cue_before(text: &str, a: usize, last: Option<usize>) -> bool {
    if follows_date(text, a, last) {
        return true;
    }
    let (prev, pstart) = word_before(text, a, CUE_PUNCT);
    let mut buf = [0u8; 16];
    match lower(prev, &mut buf) {
        Some(w) if is_strong_cue(w) || is_weekday(w) => true,
        Some("of") => {
            let (pp, _) = word_before(text, pstart, b"");
            matches!(lower(pp, &mut [0; 16]), Some("week" | "wk" | "as" | "month" | "weekend"))
        }
        _ => false,
    }
}

fn is_strong_cue(w: &str) -> bool {
    matches!(
        w,
        "on" | "since"
            | "from"
            | "until"
            | "till"
            | "til"
            | "by"
            | "dated"
            | "date"
            | "dates"
            | "seen"
            | "admitted"
            | "admit"
            | "admission"
            | "adm"
            | "discharged"
            | "discharge"
            | "dc"
            | "dob"
            | "dos"
            | "doa"
            | "dod"
            | "doi"
            | "born"
            | "died"
            | "session"
            | "appointment"
            | "appointments"
            | "appt"
            | "appts"
            | "visit"
            | "visits"
            | "last"
            | "next"
            | "week"
            | "weekend"
            | "started"
            | "start"
            | "starting"
            | "began"
            | "begin"
            | "beginning"
            | "ended"
            | "ending"
            | "returned"
            | "called"
            | "scheduled"
            | "rescheduled"
            | "cancelled"
            | "canceled"
            | "missed"
            | "effective"
            | "due"
            | "before"
            | "after"
            | "around"
            | "through"
            | "thru"
            | "between"
            | "expires"
            | "expired"
            | "signed"
            | "reviewed"
            | "updated"
            | "occurred"
            | "happened"
            | "met"
            | "saw"
            | "spoke"
            | "received"
            | "sent"
            | "faxed"
            | "mailed"
            | "emailed"
    )
}

fn is_weekday(w: &str) -> bool {
    matches!(
        w,
        "monday"
            | "tuesday"
            | "wednesday"
            | "thursday"
            | "friday"
            | "saturday"
            | "sunday"
            | "mon"
            | "tue"
            | "tues"
            | "wed"
            | "thu"
            | "thur"
            | "thurs"
            | "fri"
            | "sat"
            | "sun"
    )
}

/// Words before a number that make it a score, a dose or a ratio.
fn is_score_word(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "of" | "out"
                | "score"
                | "scores"
                | "scored"
                | "scoring"
                | "rated"
                | "rates"
                | "rate"
                | "rating"
                | "ratings"
                | "pain"
                | "bp"
                | "hr"
                | "rr"
                | "sats"
                | "spo2"
                | "mmse"
                | "moca"
                | "slums"
                | "phq"
                | "gad"
                | "bdi"
                | "bai"
                | "pcl"
                | "audit"
                | "cage"
                | "cssrs"
                | "ybocs"
                | "asrs"
                | "epds"
                | "qids"
                | "hamd"
                | "hama"
                | "madrs"
                | "ymrs"
                | "dast"
                | "bims"
                | "isi"
                | "ess"
                | "pss"
                | "cdr"
                | "gds"
                | "mdq"
                | "crafft"
                | "ciwa"
                | "cows"
                | "vision"
                | "acuity"
                | "strength"
                | "reflexes"
                | "grip"
                | "take"
                | "takes"
                | "taking"
                | "took"
                | "give"
                | "given"
                | "gave"
                | "giving"
                | "increase"
                | "increased"
                | "decrease"
                | "decreased"
                | "reduce"
                | "reduced"
                | "titrate"
                | "titrated"
                | "split"
                | "cut"
                | "half"
                | "about"
                | "approximately"
                | "approx"
                | "nearly"
                | "almost"
                | "only"
                | "over"
                | "under"
                | "endorsed"
                | "endorses"
                | "endorsing"
                | "recalled"
                | "recall"
                | "recalls"
                | "answered"
                | "anxiety"
                | "depression"
                | "mood"
                | "sleep"
                | "energy"
                | "stress"
                | "motivation"
                | "level"
                | "levels"
                | "ratio"
                | "dose"
                | "dosage"
        )
    )
}

/// True if a dose or measurement word follows `pos` ("1/2 tab", "3-4 x/day"), but not
/// "x-ray".
fn unit_after(text: &str, pos: usize) -> bool {
    let (w, at) = word_after_at(text, pos);
    // A unit is written in lower case or capitals ("mg", "MG"); "Kg" in Title Case after a
    // date is more likely a name.
    let title =
        w.len() > 1 && w.as_bytes()[0].is_ascii_uppercase() && w.as_bytes()[1..].iter().any(u8::is_ascii_lowercase);
    is_unit(w) && !title && !(w.eq_ignore_ascii_case("x") && text.as_bytes().get(at + 1) == Some(&b'-'))
}

/// Dose and measurement words after a number: never a date (nor a name: "53 min").
pub(crate) fn is_unit(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "mg" | "mcg"
                | "ug"
                | "g"
                | "gm"
                | "gram"
                | "grams"
                | "kg"
                | "lb"
                | "lbs"
                | "ml"
                | "cc"
                | "l"
                | "tab"
                | "tabs"
                | "tablet"
                | "tablets"
                | "pill"
                | "pills"
                | "cap"
                | "caps"
                | "capsule"
                | "capsules"
                | "dose"
                | "doses"
                | "puff"
                | "puffs"
                | "unit"
                | "units"
                | "drop"
                | "drops"
                | "iu"
                | "reps"
                | "sets"
                | "mmhg"
                | "bpm"
                | "x"
                | "times"
                | "servings"
                | "drinks"
                | "beers"
                | "cigarettes"
                | "cigs"
                | "packs"
                | "ppd"
                | "cups"
                | "glasses"
                | "hrs"
                | "hr"
                | "hours"
                | "hour"
                | "min"
                | "mins"
                | "minutes"
                | "sec"
                | "secs"
                | "seconds"
                | "miles"
                | "km"
                | "oz"
                | "strength"
                | "ratio"
                | "dilution"
                | "scale"
                | "score"
                | "am"
                | "pm"
        )
    )
}

/// Counted things after a number ("2/3 sessions").
fn is_count(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "days"
                | "day"
                | "weeks"
                | "week"
                | "months"
                | "month"
                | "years"
                | "nights"
                | "night"
                | "sessions"
                | "session"
                | "groups"
                | "group"
                | "visits"
                | "occasions"
                | "items"
                | "questions"
                | "words"
                | "trials"
                | "points"
                | "pts"
                | "symptoms"
                | "criteria"
                | "correct"
                | "attempts"
                | "meetings"
                | "classes"
                | "appointments"
                | "answers"
                | "responses"
                | "weekends"
                | "meals"
                | "shifts"
        )
    )
}

// ---------------------------------------------------------------------------------------
// Month names

/// Month name followed by a day but no year: not when a dose or count follows
/// ("dec 2 mg", "May 3 times") or the day continues as a number ("May 5/10").
fn month_day_ok(text: &str, b: usize) -> bool {
    let t = text.as_bytes();
    if t.get(b).is_some_and(|c| matches!(c, b'/' | b'.' | b':' | b'%')) && t.get(b + 1).is_some_and(u8::is_ascii_digit)
    {
        return false;
    }
    !unit_after(text, b) && !is_count(word_after(text, b))
}

fn is_may(w: &str) -> bool {
    w.eq_ignore_ascii_case("may")
}

/// "14 May" without year or ordinal: "2 may help" is the verb. In text with case
/// information a lower-case "may" is the verb; otherwise the next word decides.
fn may_after_number_ok(note: &Note<'_>, ma: usize, mb: usize) -> bool {
    let word = &note.text[ma..mb];
    if word == "may" && !caseless_at(note, ma) {
        return false;
    }
    !is_modal_next(word_after(note.text, mb))
}

/// True if the token at byte `at` is on a line (or in a text) without case information.
/// Without tokens, assume so.
fn caseless_at(note: &Note<'_>, at: usize) -> bool {
    let i = note.token_at(at);
    match note.tokens.get(i) {
        Some(t) => t.start != at || t.has(CASELESS),
        None => true,
    }
}

/// Words that follow the modal verb "may".
fn is_modal_next(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "be" | "have"
                | "not"
                | "also"
                | "still"
                | "need"
                | "help"
                | "want"
                | "require"
                | "benefit"
                | "feel"
                | "get"
                | "go"
                | "take"
                | "wish"
                | "continue"
                | "lead"
                | "cause"
                | "reflect"
                | "indicate"
                | "suggest"
                | "result"
                | "contribute"
                | "include"
                | "experience"
                | "try"
                | "become"
                | "develop"
                | "return"
                | "consider"
                | "use"
                | "find"
                | "make"
                | "seem"
                | "appear"
                | "well"
                | "just"
                | "even"
                | "never"
                | "only"
                | "see"
                | "ask"
                | "call"
                | "come"
                | "do"
                | "say"
                | "tell"
                | "show"
                | "work"
                | "improve"
                | "increase"
                | "decrease"
                | "worsen"
                | "affect"
                | "explain"
                | "account"
                | "serve"
                | "allow"
                | "prove"
                | "vary"
                | "occur"
                | "present"
                | "represent"
                | "mean"
                | "struggle"
                | "resist"
                | "decline"
                | "refuse"
                | "request"
                | "prefer"
                | "choose"
                | "attend"
                | "pose"
                | "potentially"
                | "possibly"
                | "actually"
                | "really"
                | "already"
                | "eventually"
                | "benefits"
                | "warrant"
                | "reduce"
                | "lower"
                | "raise"
                | "trigger"
                | "exacerbate"
                | "impact"
                | "interfere"
                | "depend"
        )
    )
}

/// Words after a month used as a date ("last May she moved", "this May, ...").
fn is_post_date(w: &str) -> bool {
    let mut buf = [0u8; 16];
    matches!(
        lower(w, &mut buf),
        Some(
            "and"
                | "or"
                | "to"
                | "through"
                | "thru"
                | "until"
                | "when"
                | "while"
                | "she"
                | "he"
                | "they"
                | "we"
                | "i"
                | "you"
                | "it"
                | "pt"
                | "patient"
                | "client"
                | "her"
                | "his"
                | "their"
                | "the"
                | "after"
                | "before"
                | "at"
                | "for"
                | "with"
                | "of"
                | "was"
                | "is"
                | "had"
                | "has"
                | "because"
                | "due"
                | "in"
                | "on"
                | "but"
                | "then"
                | "so"
        )
    )
}

/// A month word with no day or year.
fn judge_month_alone(note: &Note<'_>, a: usize, b: usize, last: Option<usize>) -> Verdict {
    let text = note.text;
    let mut mbuf = [0u8; 16];
    let month = lower(&text[a..b], &mut mbuf)?;
    if matches!(month, "january" | "february" | "july" | "september" | "october" | "november" | "december") {
        return date(a, b, "date month-name");
    }
    // May, March, April, June, August and the abbreviations need a cue before them.
    #[derive(PartialEq)]
    enum Cue {
        None,
        Preposition,
        Determiner,
    }
    let mut cue = if follows_date(text, a, last) { Cue::Preposition } else { Cue::None };
    if cue == Cue::None {
        let t = text.as_bytes();
        // "mid-July", "early-June".
        let (prev, pstart) =
            if a >= 1 && t[a - 1] == b'-' { word_before(text, a - 1, b"") } else { word_before(text, a, b"") };
        let mut pbuf = [0u8; 16];
        cue = match lower(prev, &mut pbuf) {
            Some(
                "in" | "since" | "by" | "until" | "till" | "til" | "from" | "during" | "through" | "thru"
                | "throughout" | "before" | "after" | "around" | "between" | "starting" | "beginning" | "ending"
                | "circa" | "into",
            ) => Cue::Preposition,
            Some("this" | "last" | "next" | "early" | "late" | "mid" | "every" | "each" | "past") => Cue::Determiner,
            Some("of") => {
                let (pp, _) = word_before(text, pstart, b"");
                match lower(pp, &mut [0; 16]) {
                    Some(
                        "end" | "beginning" | "start" | "middle" | "month" | "rest" | "most" | "part" | "half" | "late"
                        | "early" | "mid" | "as" | "first" | "last",
                    ) => Cue::Preposition,
                    _ => Cue::None,
                }
            }
            _ => Cue::None,
        };
        // "in late May", "by early June": the preposition before the adjective decides.
        if cue == Cue::Determiner {
            let (pp, _) = word_before(text, pstart, b"");
            if matches!(
                lower(pp, &mut [0; 16]),
                Some(
                    "in" | "by"
                        | "since"
                        | "until"
                        | "from"
                        | "during"
                        | "through"
                        | "before"
                        | "after"
                        | "around"
                        | "of"
                )
            ) {
                cue = Cue::Preposition;
            }
        }
    }
    match cue {
        Cue::None => None,
        // "seen 3/14 and may need ...": the verb.
        _ if month == "may" && is_modal_next(word_after(text, b)) => None,
        Cue::Determiner if month == "may" => {
            let next = word_after(text, b);
            if next.is_empty() || is_post_date(next) {
                date(a, b, "date month-name")
            } else {
                None
            }
        }
        _ => date(a, b, "date month-name"),
    }
}

/// True if `a` follows the last date found, joined by a range or list connector
/// ("3/14 to 3/16", "May and June", "March-April").
fn follows_date(text: &str, a: usize, last: Option<usize>) -> bool {
    let Some(end) = last else { return false };
    if end > a || a - end > 12 {
        return false;
    }
    let gap = text[end..a].trim_matches(|c: char| c == ' ' || c == '\t' || c == '\u{a0}');
    let mut buf = [0u8; 16];
    matches!(gap, "-" | "\u{2013}" | "&" | ",")
        || matches!(lower(gap, &mut buf), Some("and" | "or" | "to" | "through" | "thru" | "until"))
}

// ---------------------------------------------------------------------------------------
// Byte windows

/// The ASCII word (letters and digits) that ends just before `pos`, skipping spaces, tabs,
/// no-break spaces and the bytes in `punct`; with its start. Empty if there is none on
/// this line, or if the word is glued to non-ASCII text.
fn word_before<'t>(text: &'t str, pos: usize, punct: &[u8]) -> (&'t str, usize) {
    let t = text.as_bytes();
    let mut i = pos.min(t.len());
    loop {
        if i >= 1 && (t[i - 1] == b' ' || t[i - 1] == b'\t' || punct.contains(&t[i - 1])) {
            i -= 1;
        } else if i >= 2 && t[i - 2] == 0xC2 && t[i - 1] == 0xA0 {
            i -= 2;
        } else {
            break;
        }
    }
    let end = i;
    while i >= 1 && t[i - 1].is_ascii_alphanumeric() {
        i -= 1;
    }
    if i >= 1 && t[i - 1] >= 0x80 {
        return ("", end);
    }
    (&text[i..end], i)
}

/// The ASCII word that starts after `pos`, skipping spaces only.
fn word_after(text: &str, pos: usize) -> &str {
    word_after_at(text, pos).0
}

fn word_after_at(text: &str, pos: usize) -> (&str, usize) {
    let t = text.as_bytes();
    let mut i = pos.min(t.len());
    loop {
        if i < t.len() && (t[i] == b' ' || t[i] == b'\t') {
            i += 1;
        } else if i + 1 < t.len() && t[i] == 0xC2 && t[i + 1] == 0xA0 {
            i += 2;
        } else {
            break;
        }
    }
    let start = i;
    while i < t.len() && t[i].is_ascii_alphanumeric() {
        i += 1;
    }
    if i < t.len() && t[i] >= 0x80 {
        return ("", start);
    }
    (&text[start..i], start)
}

/// `w` in ASCII lower case, in `buf`; `None` if it is longer than the buffer.
fn lower<'b>(w: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    let n = w.len();
    if n > buf.len() || !w.is_ascii() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(w.bytes()) {
        *d = s.to_ascii_lowercase();
    }
    std::str::from_utf8(&buf[..n]).ok()
}
