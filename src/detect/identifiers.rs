//! Detector `identifiers`: contact details and identifying numbers.
//!
//! # What it detects
//!
//! | kind | examples | cue |
//! |---|---|---|
//! | `PHONE` | `(555) 123-4567`, `(555)1234567`, `555.123.4567`, `+1 555 123 4567`, `1-800-555-0199 ext. 45`, `555-1234`, `+44 20 7946 0958`, `06-12345678`, `Phone: 72 128 827` | `phone pattern`, `labelled phone` |
//! | `FAX` | the same shapes after `Fax:` / `F:` or before `fax` | `fax pattern`, `labelled fax` |
//! | `EMAIL` | `k.r@example.org`; spelled out: `jdoe at gmail dot com`; `jdoe @ gmail.com` | `e-mail pattern`, `e-mail spelled out`, `e-mail with a spaced @` |
//! | `URL` | `https://portal.example.org/x`, `www.example.org`, `portal.example.org` | `URL pattern`, `domain pattern` |
//! | `IP` | `192.0.2.14`, `2001:db8::7`, `::ffff:192.0.2.1` | `IPv4 pattern`, `IPv6 pattern` |
//! | `HANDLE` | `@kr_2009`; without "@" after a social-media cue: `gamertag is ShadowWolf99`, `an account called "jbrooks_loser"`, right after one: `my snap is kenz.lovesyou`; a Reddit user: `u/throwaway_kz2` | `handle pattern`, `user name after a social-media cue` |
//! | `SSN` | `123-45-6789`, `123 45 6789`, `SSN 123456789` | `SSN pattern`, `labelled SSN` |
//! | `MRN` | `MRN: 4471190`, `chart #K915953`, `medical record no. 88-1234` (the value only) | `labelled MRN` |
//! | `ID` | `member ID XB123456789`, `policy #rg17`, `DL: F1628235`, plate, VIN, S/N, NPI, DEA, Medicaid, account, case numbers; card numbers, IBANs, MAC addresses; unlabelled codes such as `K915953` and digit runs of 7 or more | `labelled identifier`, `alphanumeric code`, `long digit run`, `card number`, `IBAN pattern`, `VIN pattern` |
//! | `PHONE`, `ID` in words, as dictated | `two two nine five five five one two one two` (7, 10 or 11 digits: a phone), `four four seven two nine one`, `alpha bravo seven seven three one zero` (four digit words or more) | `phone in words`, `number in words` |
//!
//! How: one linear scan. A branch-free loop skips to the next byte that can start a shape
//! (a digit, "@", "_", or a "." or ":" inside a word); the whitespace-delimited chunks around
//! it, and the hot chunks that follow ("555 123 4567"), form a *zone*. Prose without
//! digits is never looked at twice. For each zone:
//! 1. *labels*: the words just before and inside the zone are looked up in a table of
//!    label heads ("MRN", "member", "policy", "chart" + "#", "medical" + "record", "Fax",
//!    "C" + ":", "called ... at"); a label is followed to its value, which is scanned by
//!    hand (digit groups for phones, alphanumeric groups for the rest). Only the value
//!    becomes a candidate, so "MRN: \[MRN\]" stays readable. Every value holds a digit, so
//!    its label is always near a zone. A number followed by "office", "cell" or "fax"
//!    counts as labelled too. Priority [`LABELLED_PRIORITY`].
//! 2. *user names* without "@": the zone's first chunk, if it is not a labelled value, has
//!    the shape of one ("_" or "." between letters and digits, letters with digits) and a
//!    social-media cue stands before it in its sentence.
//! 3. *e-mails* are read by hand around each "@".
//! 4. *shapes*: one capture-free regex, an alternation of every other shape (URL, IP,
//!    IBAN, card, phone, SSN, domain, handle, code), finds the next match with its lazy
//!    DFA; small anchored regexes (one per shape, tried only when the match's bytes allow
//!    that shape) tell which shape it is, and a validator checks it (octets, Luhn, mod-97
//!    and IBAN length, dates, units, money, code systems such as "NDC", context).
//!    Priority [`PRIORITY`]. A rejected numeric match is searched again for a long digit
//!    run or code.
//!
//! Zones longer than 4 KiB (never prose) are searched in overlapping windows, so the cost
//! stays linear on any input; no per-match allocation is made beyond the candidates.
//!
//! # Why it is PHI
//! HIPAA Safe Harbor (45 CFR 164.514(b)(2)) lists telephone and fax numbers, e-mail
//! addresses, SSNs, medical record numbers, health plan beneficiary numbers, account
//! numbers, certificate and licence numbers, vehicle and device identifiers and serial
//! numbers, URLs, IP addresses and "any other unique identifying number or code". A social
//! handle identifies a client as surely as a name.
//!
//! # Example
//! ```
//! use phi_redact::detect::{identifiers::Identifiers, Detector, Note};
//! use phi_redact::lexicon::Lexicon;
//!
//! let text = "MRN: 4471190. Call 555-123-4567; PHQ-9 of 14.";
//! let lex = Lexicon::new();
//! // This detector does not read the tokens; it asks the lexicon whether "@word" is a word.
//! let note = Note { text, tokens: &[], lex: &lex };
//! let mut out = Vec::new();
//! Identifiers::new().detect(&note, &mut out);
//! let found: Vec<(&str, &str)> = out.iter().map(|c| (&text[c.start..c.end], c.kind.label())).collect();
//! assert_eq!(found, [("4471190", "MRN"), ("555-123-4567", "PHONE")]);
//! ```
//!
//! # Options
//! None. The regexes and the label table are built once by [`Identifiers::new`]; the
//! user's allow list cannot remove an identifier (see the resolve stage), a deny list can
//! add one.
//!
//! # Not identifiers (kept on purpose)
//! Instrument names and scores ("PHQ-9", "GAD-7 of 12"), lab and drug names ("B12", "T4",
//! "COVID-19"), ICD-10 codes ("F41.1", "Z63.0"), doses ("1500mg", "2000 IU"), blood
//! pressure ("120/80"), times ("10:30"), money ("$1,200"), percentages, years, decimals,
//! and dates in every shape: dates belong to the `dates` detector and are never emitted
//! here (8-digit runs that read as a date are skipped too).
//!
//! # Known false positives and gaps
//! - A 3-4 digit range written with a hyphen ("555-1234") is a 7-digit phone unless a unit
//!   or "%" follows, a code system precedes ("LOINC"), or both halves end in "00"
//!   ("900-1200").
//! - Four dotted numbers up to 255 ("1.2.3.4", a version) are taken for an IPv4 address.
//! - A bare domain with a listed top-level domain ("fit.com") is a URL even in prose.
//! - Counts of 7 digits or more with no unit ("platelets 1500000") are digit runs; gene or
//!   product names with a letter and four digits ("BRCA1185") are codes.
//! - "@word" is a handle when it is not an English word, or when a social-media cue
//!   ("instagram", "handle", "posted") precedes it in the sentence; "@bedtime" is kept.
//! - A user name without "@" is found only after a social-media cue and with a digit or a
//!   "_" in it: "her Instagram is sadgirlvibes" leaks; "posted about COVID19" is a handle.
//! - A label word with a number after it is trusted: "called on 03 14 2023" (a date
//!   written with spaces) becomes a phone, "group 12345" an ID.
//! - Gaps: phones in loose national formats without area code or trunk prefix
//!   ("699 956 915", "555 1234") are found only after a label ("Phone:", "cell", "call
//!   me at") or before one ("office"); an identifier split by a line break; short IDs
//!   without a label or a letter-digit mix ("12345"); values more than a few words after
//!   their label ("MRN, as per the old chart, 4471190" finds the digits as a digit run
//!   only because they are seven).

use std::net::Ipv6Addr;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use super::{Detector, Note};
use crate::lexicon::bits;
use crate::span::{Candidate, Kind};

/// Priority of an unlabelled pattern match.
pub const PRIORITY: u8 = 200;
/// Priority of a value found after a label ("MRN: ..."): above pattern matches.
pub const LABELLED_PRIORITY: u8 = 210;

const NAME: &str = "identifiers";

/// ASCII word boundary: the lazy DFA cannot run Unicode `\b` on non-ASCII text.
const B: &str = r"(?-u:\b)";
/// One separator inside a phone number: space, tab, dot, hyphens and dashes, NBSP.
const SEP: &str = r"[\t\x20.\-\x{a0}\x{2010}-\x{2013}]";
/// Characters of a URL after its host.
const URLCH: &str = r#"[^\x00-\x20<>"'`{}|\\^\[\]\x7F]"#;
/// One DNS label.
const LABEL: &str = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?";
/// Top-level domains accepted on a bare domain (without `http://` or `www.`). Two-letter
/// domains that are English words or clinical abbreviations ("in", "is", "me", "pt", "md")
/// are left out on purpose.
const TLD: &str = "(?i:com|org|net|edu|gov|mil|int|info|biz|io|co|us|ly|tv|health|care|clinic|app|online|site|\
                   uk|ca|au|nz|ie|de|fr|nl|se|dk|fi|pl|cz|ch|es|br|mx|jp|cn|ru|eu)";

/// The unlabelled shapes, in the order of the alternation (leftmost-first: at one start
/// position the earlier branch wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Scheme,
    Www,
    HexColon,
    Iban,
    Card,
    Intl,
    Ssn,
    Nanp,
    Phone7,
    Trunk,
    Ipv4,
    Domain,
    Handle,
    Code,
}

const SHAPES: [Shape; 14] = [
    Shape::Scheme,
    Shape::Www,
    Shape::HexColon,
    Shape::Iban,
    Shape::Card,
    Shape::Intl,
    Shape::Ssn,
    Shape::Nanp,
    Shape::Phone7,
    Shape::Trunk,
    Shape::Ipv4,
    Shape::Domain,
    Shape::Handle,
    Shape::Code,
];

fn shape_pattern(shape: Shape) -> String {
    let ext = format!(r"[\t\x20]*,?[\t\x20]*(?i:x|ext|extn|extension)\.?[\t\x20]*[0-9]{{1,6}}{B}");
    let end = format!("(?:{ext}|{B})");
    match shape {
        Shape::Scheme => format!(r"(?i:https?|ftps?|sftp)://{URLCH}+"),
        Shape::Www => format!(r"{B}(?i:www[0-9]{{0,3}})\.{LABEL}(?:\.{LABEL})+(?::[0-9]{{2,5}})?(?:[/?#]{URLCH}*)?"),
        Shape::HexColon => format!(
            r"(?:{B}[0-9A-Fa-f]{{1,4}}(?::[0-9A-Fa-f]{{0,4}}){{2,7}}|::[0-9A-Fa-f]{{1,4}}(?::[0-9A-Fa-f]{{1,4}}){{0,6}})(?:\.[0-9]{{1,3}}){{0,3}}"
        ),
        Shape::Ipv4 => format!(r"{B}[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{3}}{B}"),
        Shape::Iban => {
            format!(r"{B}[A-Za-z]{{2}}[0-9]{{2}}(?:\x20?[A-Za-z0-9]{{4}}){{2,7}}(?:\x20?[A-Za-z0-9]{{1,3}})?{B}")
        }
        Shape::Card => format!(
            r"{B}(?:[0-9]{{4}}(?:[\x20\-][0-9]{{4}}){{2}}(?:[\x20\-][0-9]{{4}}(?:[\x20\-][0-9]{{1,3}})?|[\x20\-][0-9]{{1,7}})|[0-9]{{4}}[\x20\-][0-9]{{6}}[\x20\-][0-9]{{4,5}}){B}"
        ),
        Shape::Intl => {
            format!(r"\+[0-9]{{1,3}}(?:{SEP}?\(0\))?{SEP}?\(?[0-9]{{1,5}}\)?(?:{SEP}?\(?[0-9]{{2,5}}\)?){{0,5}}{end}")
        }
        Shape::Ssn => format!(r"{B}[0-9]{{3}}(?:-[0-9]{{2}}-|\x20[0-9]{{2}}\x20)[0-9]{{4}}{B}"),
        // (and "(319)5550147": the seven digits after a bracketed area code run together)
        Shape::Nanp => format!(
            r"(?:{B}1{SEP}?)?(?:(?:{B}[0-9]{{3}}{SEP}|\([0-9]{{3}}\){SEP}?)[0-9]{{3}}{SEP}[0-9]{{4}}|\([0-9]{{3}}\){SEP}?[0-9]{{7}}){end}"
        ),
        Shape::Phone7 => format!(r"{B}[0-9]{{3}}[\-\x{{2013}}][0-9]{{4}}{end}"),
        Shape::Trunk => format!(r"(?:{B}0[0-9]{{1,4}}|\(0[0-9]{{1,4}}\))(?:{SEP}?[0-9]{{2,4}}){{2,4}}{end}"),
        Shape::Domain => format!(r"{B}(?:{LABEL}\.)+{TLD}{B}(?::[0-9]{{2,5}})?(?:/{URLCH}*)?"),
        Shape::Handle => r"@[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*".to_string(),
        // A letter and at least four digits in any order (one branch per number of digits
        // before the letter), or seven digits or more: years and doses never match.
        Shape::Code => {
            let (w, d, l) = (r"[A-Za-z0-9\-]*", "[0-9]", "[A-Za-z]");
            format!(
                "{B}(?:{w}{l}(?:{w}{d}){{4}}|{w}{d}{w}{l}(?:{w}{d}){{3}}|(?:{w}{d}){{2}}{w}{l}(?:{w}{d}){{2}}\
                 |(?:{w}{d}){{3}}{w}{l}{w}{d}|(?:{w}{d}){{4}}{w}{l}){w}{B}|{B}[0-9]{{7,}}{B}"
            )
        }
    }
}

/// What a label announces, which decides the kind of its value and how much evidence the
/// value needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    /// Medical record number.
    Mrn,
    /// Social Security number.
    Ssn,
    /// Fax number.
    Fax,
    /// Telephone number.
    Phone,
    /// Specific identifier label (member ID, policy, licence, VIN ...).
    Id,
    /// Generic label ("ID", "DL", "claim"): the value needs more digits.
    IdWeak,
    /// Card label ("card", "cc"): the value needs 12 digits or more.
    Card,
}

/// What must follow a label head for it to count as a label.
#[derive(Clone, Copy, Debug)]
enum Need {
    /// Nothing: "MRN 4471190", "fax 555 ...".
    Nothing,
    /// A colon: "C: 555 ...", "Home: 555 ..." (the head alone is too common).
    Colon,
    /// A number word or sign: "chart #", "case no.", "patient ID".
    Suffix,
    /// A number word or sign, or a colon: "contact: ...", "chart: K915953".
    SuffixOrColon,
    /// One of these words, then (if true) a number word or sign: "medical record",
    /// "social security", "med rec #".
    Next(&'static [&'static str], bool),
}

/// Label heads: the word, what it announces, and what must follow it.
const HEADS: &[(&str, Label, Need)] = {
    use Label::*;
    use Need::*;
    const NUMBER: Need = Suffix;
    &[
        ("mrn", Mrn, Nothing),
        // a health record number ("HRN 448-20913", Indian Health Service charts), and a
        // hospital's "Unit No: 882-17-40" (its record number; not "Unit #12", too short)
        ("hrn", Mrn, Nothing),
        ("unit", IdWeak, NUMBER),
        ("mr", Mrn, NUMBER),
        ("patient", Mrn, NUMBER),
        ("pt", Mrn, NUMBER),
        ("client", Mrn, NUMBER),
        ("hospital", Mrn, NUMBER),
        ("record", Mrn, NUMBER),
        ("emr", Mrn, NUMBER),
        ("ehr", Mrn, NUMBER),
        ("chart", Mrn, SuffixOrColon),
        ("medical", Mrn, Next(&["record", "records"], false)),
        ("med", Mrn, Next(&["rec", "record"], true)),
        ("ssn", Ssn, Nothing),
        ("ss", Ssn, NUMBER),
        ("social", Ssn, Next(&["security"], false)),
        ("soc", Ssn, Next(&["sec"], false)),
        ("fax", Fax, Nothing),
        ("facsimile", Fax, Nothing),
        ("f", Fax, Colon),
        ("fx", Fax, Colon),
        ("phone", Phone, Nothing),
        ("telephone", Phone, Nothing),
        ("tel", Phone, Nothing),
        ("tele", Phone, Nothing),
        ("ph", Phone, Nothing),
        ("cell", Phone, Nothing),
        ("cellphone", Phone, Nothing),
        ("mobile", Phone, Nothing),
        ("mob", Phone, Nothing),
        ("pager", Phone, Nothing),
        ("beeper", Phone, Nothing),
        ("pgr", Phone, Nothing),
        ("ext", Phone, Nothing),
        ("extension", Phone, Nothing),
        ("callback", Phone, Nothing),
        ("call", Phone, Nothing),
        ("called", Phone, Nothing),
        ("calls", Phone, Nothing),
        ("calling", Phone, Nothing),
        ("text", Phone, Nothing),
        ("texted", Phone, Nothing),
        ("texting", Phone, Nothing),
        ("reach", Phone, Nothing),
        ("reached", Phone, Nothing),
        ("reachable", Phone, Nothing),
        ("dial", Phone, Nothing),
        ("dialed", Phone, Nothing),
        ("phoned", Phone, Nothing),
        ("paged", Phone, Nothing),
        ("landline", Phone, Nothing),
        ("contact", Phone, SuffixOrColon),
        ("p", Phone, Colon),
        ("c", Phone, Colon),
        ("h", Phone, Colon),
        ("w", Phone, Colon),
        ("m", Phone, Colon),
        ("o", Phone, Colon),
        ("t", Phone, Colon),
        ("hm", Phone, Colon),
        ("wk", Phone, Colon),
        ("home", Phone, Colon),
        ("work", Phone, Colon),
        ("office", Phone, Colon),
        ("desk", Phone, Colon),
        ("direct", Phone, Colon),
        ("main", Phone, Colon),
        ("member", Id, Nothing),
        ("subscriber", Id, Nothing),
        ("policy", Id, Nothing),
        ("account", Id, Nothing),
        ("acct", Id, Nothing),
        ("licence", Id, Nothing),
        ("license", Id, Nothing),
        ("plate", Id, Nothing),
        ("vin", Id, Nothing),
        ("serial", Id, Nothing),
        ("imei", Id, Nothing),
        ("udi", Id, Nothing),
        ("npi", Id, Nothing),
        // a clinician's licence number after the credential or the profession: "LMFT
        // #108842", "LCSW No. 4471", "RN #123456", "Licensed Psychologist #2214"
        ("lmft", Id, NUMBER),
        ("lcsw", Id, NUMBER),
        ("licsw", Id, NUMBER),
        ("lisw", Id, NUMBER),
        ("lmsw", Id, NUMBER),
        ("lp", Id, NUMBER),
        ("lpc", Id, NUMBER),
        ("lpcc", Id, NUMBER),
        ("lcpc", Id, NUMBER),
        ("lmhc", Id, NUMBER),
        ("ladc", Id, NUMBER),
        ("cadc", Id, NUMBER),
        ("lcadc", Id, NUMBER),
        ("lcmhc", Id, NUMBER),
        ("bcba", Id, NUMBER),
        ("rn", Id, NUMBER),
        ("lpn", Id, NUMBER),
        ("pmhnp", Id, NUMBER),
        ("lvn", Id, NUMBER),
        ("md", Id, NUMBER),
        ("np", Id, NUMBER),
        ("arnp", Id, NUMBER),
        ("aprn", Id, NUMBER),
        ("psychologist", Id, NUMBER),
        ("psychiatrist", Id, NUMBER),
        ("physician", Id, NUMBER),
        ("therapist", Id, NUMBER),
        ("counselor", Id, NUMBER),
        ("nurse", Id, NUMBER),
        // people who wear or give a number: "Interpreter #4412", "Ofc. Haugen, badge 217"
        ("interpreter", Id, NUMBER),
        ("officer", Id, NUMBER),
        ("deputy", Id, NUMBER),
        ("trooper", Id, NUMBER),
        ("dea", Id, Nothing),
        // an EMS run: "run #24-118273"
        ("run", Id, NUMBER),
        ("medicaid", Id, Nothing),
        ("medicare", Id, Nothing),
        ("mbi", Id, Nothing),
        ("hicn", Id, Nothing),
        ("insurance", Id, Nothing),
        ("beneficiary", Id, Nothing),
        ("passport", Id, Nothing),
        ("iban", Id, Nothing),
        ("routing", Id, Nothing),
        ("ein", Id, Nothing),
        ("itin", Id, Nothing),
        ("upin", Id, Nothing),
        ("nhs", Id, Nothing),
        ("healthplan", Id, Nothing),
        ("health", Id, Next(&["plan"], false)),
        ("device", Id, NUMBER),
        ("ins", Id, NUMBER),
        ("employee", Id, NUMBER),
        ("staff", Id, NUMBER),
        ("student", Id, NUMBER),
        ("group", IdWeak, Nothing),
        ("grp", IdWeak, Nothing),
        ("enc", Id, NUMBER),
        ("identifier", Id, Nothing),
        ("case", IdWeak, Nothing),
        ("certificate", Id, NUMBER),
        ("cert", Id, NUMBER),
        ("tag", Id, NUMBER),
        ("file", Id, NUMBER),
        ("order", Id, NUMBER),
        // a reference or confirmation is always a number: "DHS ref 2611-88412"
        ("ref", IdWeak, Nothing),
        ("reference", IdWeak, Nothing),
        ("confirmation", IdWeak, Nothing),
        ("authorization", Id, NUMBER),
        ("authorisation", Id, NUMBER),
        ("auth", Id, NUMBER),
        ("rx", Id, NUMBER),
        ("prescription", Id, NUMBER),
        ("specimen", Id, NUMBER),
        ("encounter", Id, NUMBER),
        ("visit", Id, NUMBER),
        ("fin", Id, NUMBER),
        ("identification", Id, NUMBER),
        ("bank", Id, NUMBER),
        // reports and referrals to agencies: "DCFS #2024-118734", "police report # 24-3310"
        ("report", Id, NUMBER),
        ("incident", Id, NUMBER),
        ("referral", Id, NUMBER),
        ("complaint", Id, NUMBER),
        ("ticket", Id, NUMBER),
        // a dispatch (computer-aided dispatch) incident: "CAD# 26-118402"
        ("cad", IdWeak, Nothing),
        // a jail's numbers: "Inmate/Booking #: 2023-014477", "jail #"; a court's: "Cause
        // No. 2023-0412", "warrant #"; a dictation's: "JOB# 558813"
        ("booking", Id, NUMBER),
        ("inmate", Id, NUMBER),
        ("jail", Id, NUMBER),
        ("cause", Id, NUMBER),
        ("petition", Id, NUMBER),
        ("warrant", Id, NUMBER),
        ("citation", Id, NUMBER),
        ("job", Id, NUMBER),
        // a store or a branch locates whoever works or shops there: "store #1443"
        ("store", Id, NUMBER),
        ("branch", Id, NUMBER),
        ("dcfs", IdWeak, Nothing),
        ("cps", IdWeak, Nothing),
        ("aps", IdWeak, Nothing),
        ("dss", IdWeak, Nothing),
        ("id", IdWeak, Nothing),
        ("claim", IdWeak, Nothing),
        ("badge", Id, Nothing),
        ("docket", IdWeak, Nothing),
        ("accession", IdWeak, Nothing),
        ("csn", IdWeak, Nothing),
        ("dl", IdWeak, Nothing),
        ("lic", IdWeak, Nothing),
        ("sn", IdWeak, Nothing),
        ("card", Card, Nothing),
        ("cc", Card, Nothing),
        ("credit", Card, Next(&["card"], false)),
        ("debit", Card, Next(&["card"], false)),
    ]
};

/// Longest label head, in bytes.
const MAX_HEAD: usize = 14;

/// A word of ASCII letters folded to lower case and packed into an integer (zero-padded).
fn head_key(w: &[u8]) -> u128 {
    w.iter().rev().fold(0u128, |k, c| (k << 8) | u128::from(c | 0x20))
}

/// [`HEADS`], ready for look-ups.
struct HeadTable {
    /// For each length and first letter, the set of second letters (bit 26: none) that
    /// some head has: rejects almost every word before any other work.
    prefix: [[u32; 26]; MAX_HEAD + 1],
    sorted: Vec<(u128, Label, Need)>,
}

/// Index of a letter's lower case in the alphabet.
fn letter(c: u8) -> usize {
    usize::from((c | 0x20).wrapping_sub(b'a'))
}

impl HeadTable {
    fn new() -> HeadTable {
        let mut t = HeadTable { prefix: [[0; 26]; MAX_HEAD + 1], sorted: Vec::with_capacity(HEADS.len()) };
        for &(w, label, need) in HEADS {
            let w = w.as_bytes();
            let second = w.get(1).map_or(26, |&c| letter(c));
            t.prefix[w.len()][letter(w[0])] |= 1 << second;
            t.sorted.push((head_key(w), label, need));
        }
        t.sorted.sort_by_key(|e| e.0);
        t
    }

    /// The label a word of ASCII letters opens, if any; case is ignored.
    fn get(&self, w: &[u8]) -> Option<(Label, Need)> {
        let first = *w.first()?;
        let second = w.get(1).map_or(26, |&c| letter(c));
        let set = self.prefix.get(w.len())?.get(letter(first))?;
        if second > 26 || set & (1 << second) == 0 {
            return None;
        }
        let i = self.sorted.binary_search_by_key(&head_key(w), |e| e.0).ok()?;
        Some((self.sorted[i].1, self.sorted[i].2))
    }
}

/// True if a number sign follows the word ending at `e`, glued or after one space ("JOB#",
/// "Case #").
fn number_sign_after(b: &[u8], e: usize) -> bool {
    b.get(e) == Some(&b'#') || b.get(e) == Some(&b' ') && b.get(e + 1) == Some(&b'#')
}

/// True if the word `i..e` is the last of two labels joined by a slash, with a number sign
/// after it ("Inmate/Booking #: 2023-014477", "Incident/CAD #: 24-031877").
fn slash_label(b: &[u8], i: usize, e: usize) -> bool {
    i > 0 && b[i - 1] == b'/' && number_sign_after(b, e)
}

/// Characters before a label head that make it part of something else ("mg/dL", "e-mail").
fn glued_before(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || matches!(b[i - 1], b'/' | b'.' | b'@' | b'-' | b'_' | b'\''))
}

/// Longest zone handed to the shape regex at once; longer runs without spaces (never
/// prose) are cut into overlapping windows so that the search stays linear.
const MAX_ZONE: usize = 4096;
/// Overlap of consecutive windows of a long chunk.
const ZONE_OVERLAP: usize = 128;

/// Byte classes for the scanning loops.
const SPACE: u8 = 1;
const DIGIT: u8 = 2;
const ALPHA: u8 = 4;
/// "@": e-mails and handles.
const AT: u8 = 8;
/// "." and ":": hosts, URLs, IPv6, when something follows inside the chunk.
const INNER: u8 = 16;
/// What may follow an inner "." or ":" in a hot chunk.
const AFTER_INNER: u8 = 32;
/// "_": inside a user name ("jbrooks_loser"), which no other shape needs.
const UNDERSCORE: u8 = 64;
/// Bytes that may start a zone.
const TRIGGER: u8 = DIGIT | AT | INNER | UNDERSCORE;
/// How far before a zone a label may start ("medical record number:" + a line break).
const LABEL_REACH: usize = 64;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            SPACE
        } else if b.is_ascii_digit() {
            DIGIT | AFTER_INNER
        } else if b.is_ascii_alphabetic() {
            ALPHA | AFTER_INNER
        } else if b == b'@' {
            AT
        } else if b == b'.' {
            INNER
        } else if b == b':' {
            INNER | AFTER_INNER
        } else if b == b'/' {
            AFTER_INNER
        } else if b == b'_' {
            UNDERSCORE
        } else {
            0
        };
        c += 1;
    }
    t
};

fn is_space(c: u8) -> bool {
    CLASS[c as usize] & SPACE != 0
}

/// True if a whitespace-delimited chunk may hold (part of) a shape: a digit, an "@", or a
/// "." or ":" inside it ("portal.example.org", "https://", "::1").
fn hot(chunk: &[u8]) -> bool {
    let mut inner = false;
    for &c in chunk {
        let k = CLASS[c as usize];
        if k & (DIGIT | AT) != 0 || (inner && k & AFTER_INNER != 0) {
            return true;
        }
        inner = k & INNER != 0;
    }
    false
}

/// Position of the first byte at or after `i` that may start a zone (a digit, "@", ".",
/// ":" or "_"), or `b.len()`. Eight bytes at a time: prose is skipped without branching per byte.
/// The end of the digits at `b[i]` if they close one of the tool's own tags ("[CITY-2]",
/// "[DATE 2023]": [`crate::render::is_tag_label`] between the brackets).
#[inline]
fn own_tag_number(b: &[u8], i: usize) -> Option<usize> {
    // (a cheap test first: most digits follow no capital and "-" or " ")
    if i < 3 || !matches!(b[i - 1], b'-' | b' ') || !b[i - 2].is_ascii_uppercase() {
        return None;
    }
    let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if b.get(end) != Some(&b']') {
        return None;
    }
    let from = i.saturating_sub(24);
    let open = from + b[from..i].iter().rposition(|&c| c == b'[')?;
    crate::render::is_tag_label(&b[open + 1..end]).then_some(end)
}

fn next_trigger(b: &[u8], mut i: usize) -> usize {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    while i + 8 <= b.len() {
        let mut word = [0u8; 8];
        word.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(word);
        // Bytes in 0x2E..=0x3A (". / 0-9 :"), ASCII only (Hacker's Delight "hasbetween").
        let low7 = x & (LO * 0x7F);
        let between = (LO * (127 + 0x3B) - low7) & !x & (low7 + LO * (127 - 0x2D)) & HI;
        // Bytes equal to '@' or '_'.
        let y = x ^ (LO * 0x40);
        let at = y.wrapping_sub(LO) & !y & HI;
        let z = x ^ (LO * 0x5F);
        let underscore = z.wrapping_sub(LO) & !z & HI;
        if between | at | underscore != 0 {
            // A candidate in these eight bytes ("/" is one too, without being a trigger).
            if let Some(k) = word.iter().position(|&c| CLASS[c as usize] & TRIGGER != 0) {
                return i + k;
            }
        }
        i += 8;
    }
    while i < b.len() && CLASS[b[i] as usize] & TRIGGER == 0 {
        i += 1;
    }
    i
}

/// True if a zone can hold a shape at all: four digits (every numeric shape has more),
/// an "@", or an inner "." or ":" before a letter, ":" or "/" (hosts, URLs, IPv6).
fn worth_searching(zone: &[u8]) -> bool {
    let mut digits = 0;
    let mut inner = false;
    for &c in zone {
        let k = CLASS[c as usize];
        digits += usize::from(k & DIGIT != 0);
        if k & AT != 0 || digits >= 4 || (inner && k & (ALPHA | INNER) != 0) || (inner && c == b'/') {
            return true;
        }
        inner = k & INNER != 0;
    }
    false
}

/// The next chunk after `i` if only a few spaces or tabs separate it (same line).
fn next_chunk(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let mut s = i;
    while s < b.len() && s < i + 3 && (b[s] == b' ' || b[s] == b'\t') {
        s += 1;
    }
    if s == i || s >= b.len() || is_space(b[s]) {
        return None;
    }
    let mut e = s;
    while e < b.len() && !is_space(b[e]) {
        e += 1;
    }
    Some((s, e))
}

/// Compiles an identifier pattern (the finder, or one shape).
fn build(pattern: &str) -> Regex {
    RegexBuilder::new(pattern)
        .size_limit(64 << 20)
        .dfa_size_limit(16 << 20)
        .build()
        .expect("identifier patterns are valid")
}

/// The `identifiers` detector: a label scan and one shape regex, compiled once.
pub struct Identifiers {
    /// Every shape in one alternation, without captures: finds where a shape is (lazy DFA).
    finder: Regex,
    /// Each shape alone, anchored at both ends: tells which shape the finder found. Each is
    /// compiled when first asked (see [`Identifiers::shape`]).
    shapes: Vec<OnceLock<Regex>>,
    heads: HeadTable,
}

impl Default for Identifiers {
    fn default() -> Self {
        Self::new()
    }
}

impl Identifiers {
    /// Compiles the finder and the label table (each shape's own regex is compiled on first
    /// use).
    pub fn new() -> Identifiers {
        let finder = SHAPES.iter().map(|&s| format!("(?:{})", shape_pattern(s))).collect::<Vec<_>>().join("|");
        let shapes = SHAPES.iter().map(|_| OnceLock::new()).collect();
        Identifiers { finder: build(&finder), shapes, heads: HeadTable::new() }
    }

    /// Shape `k` of [`SHAPES`] alone, anchored at both ends. Compiled on first use, not at
    /// start-up: compiling all of them took a fifth of the start-up (6.3 M of 30.8 M
    /// instructions), and a short note needs one or two.
    fn shape(&self, k: usize) -> &Regex {
        self.shapes[k].get_or_init(|| build(&format!("^(?:{})$", shape_pattern(SHAPES[k]))))
    }

    /// Which shape the finder matched: the first, in alternation order, that matches the
    /// whole match on its own. Cheap byte tests skip the shapes that cannot apply.
    fn shape_of(&self, t: &[u8], text: &str) -> Option<Shape> {
        let first = *t.first()?;
        let has = |c: u8| t.contains(&c);
        let digit = first.is_ascii_digit();
        let (space, dash, dot, colon) = (has(b' ') || has(b'\t'), has(b'-'), has(b'.'), has(b':'));
        for (k, &shape) in SHAPES.iter().enumerate() {
            let possible = match shape {
                Shape::Scheme => colon && t.windows(3).any(|w| w == b"://"),
                Shape::Www => first | 0x20 == b'w',
                Shape::HexColon => colon,
                Shape::Iban => first.is_ascii_alphabetic(),
                Shape::Card | Shape::Ssn => digit && (space || dash),
                Shape::Intl => first == b'+',
                Shape::Nanp => (digit || first == b'(') && (space || dash || dot || has(b')') || !t.is_ascii()),
                Shape::Phone7 => digit && (dash || !t.is_ascii()),
                Shape::Trunk => first == b'0' || first == b'(',
                Shape::Ipv4 => digit && dot,
                Shape::Domain => dot,
                Shape::Handle => first == b'@',
                Shape::Code => first.is_ascii_alphanumeric(),
            };
            if possible && self.shape(k).is_match(text) {
                return Some(shape);
            }
        }
        None
    }

    /// Labels whose head starts in `b[from..to]` are followed to their values. Returns how
    /// far the text has been read (past `to` when a value runs on).
    fn labels_in(&self, note: &Note<'_>, from: usize, to: usize, out: &mut Vec<Candidate>) -> usize {
        let b = note.text.as_bytes();
        let n = b.len();
        let (mut i, mut reach) = (from, to);
        while i < to {
            if CLASS[b[i] as usize] & ALPHA == 0 {
                i += 1;
                continue;
            }
            let mut e = word_end(b, i);
            // "Last4: 4821", "Last4 4821", "Last 4: 4821": the last four digits of the SSN
            if e - i == 4 && b[i..e].eq_ignore_ascii_case(b"last") {
                if let Some(end) = last4(note, i, e, out) {
                    i = end;
                    reach = reach.max(end);
                    continue;
                }
            }
            // (the last of two labels joined by a slash may take a number sign:
            // "Inmate/Booking #: 2023-014477")
            let glued = glued_before(b, i) && !slash_label(b, i, e);
            if glued || (e < n && b[e].is_ascii_digit()) || e - i > MAX_HEAD {
                i = alnum_end(b, e);
                continue;
            }
            let mut found = None;
            // "S/N", "A/C".
            if e - i == 1 && e + 1 < n && b[e] == b'/' && !b.get(e + 2).is_some_and(u8::is_ascii_alphanumeric) {
                let pair = [b[i] | 0x20, b[e + 1] | 0x20];
                if pair == *b"sn" || pair == *b"ac" {
                    found = labelled(note, Label::Id, Need::Nothing, i, e + 2, out);
                }
            }
            // "A# 214-887-301": an alien registration number (USCIS)
            if e - i == 1 && b[i] == b'A' && b.get(e) == Some(&b'#') {
                found = labelled(note, Label::Id, Need::Nothing, i, e, out);
            }
            // "Walgreens #07312", "Officer Brandt #441", "(IA #4471)": a number after a name
            if e < n && b[e] == b' ' && b.get(e + 1) == Some(&b'#') && b[i].is_ascii_uppercase() {
                found = number_after_name(note, i, e, out);
            }
            if found.is_none() {
                if let Some((label, mut need)) = self.heads.get(&b[i..e]) {
                    if let Need::Next(words, then_suffix) = need {
                        let mut j = e;
                        while j < n && j < e + 3 && matches!(b[j], b' ' | b'\t' | b'.') {
                            j += 1;
                        }
                        let k = word_end(b, j);
                        if eq_any(&b[j..k], words) {
                            e = k;
                            need = if then_suffix { Need::Suffix } else { Need::Nothing };
                            found = labelled(note, label, need, i, e, out);
                        } else if label == Label::Ssn && b.get(e) == Some(&b':') {
                            // "last four of social: 4821"
                            found = labelled(note, label, Need::Colon, i, e, out);
                        }
                    } else {
                        // "LPC-S #71455", "PMHNP-BC 1234567": a credential's board suffix
                        if matches!(need, Need::Suffix) && label == Label::Id && b.get(e) == Some(&b'-') {
                            let k = word_end(b, e + 1);
                            if (1..=2).contains(&(k - e - 1)) && b[e + 1..k].iter().all(u8::is_ascii_uppercase) {
                                e = k;
                            }
                        }
                        found = labelled(note, label, need, i, e, out);
                    }
                }
            }
            match found {
                Some(end) => {
                    i = end;
                    reach = reach.max(end);
                }
                None => i = e,
            }
        }
        reach
    }

    /// Finds every zone of the text that may hold an identifier (a run of chunks with a
    /// digit, an "@", or an inner "." or ":"), reads the labels just before and inside it,
    /// then searches it with the shape regex.
    fn scan(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let text = note.text;
        let b = text.as_bytes();
        let n = b.len();
        let (mut i, mut done, mut labels_done) = (0usize, 0usize, 0usize);
        loop {
            i = next_trigger(b, i);
            if i >= n {
                break;
            }
            // (the number of one of the tool's own tags, "[CITY-2]", "[DATE 2023]", is no
            // identifier: the text the re-check reads has thousands)
            if let Some(end) = own_tag_number(b, i) {
                i = end;
                continue;
            }
            let after = b.get(i + 1).map_or(0, |&c| CLASS[c as usize]);
            if CLASS[b[i] as usize] & INNER != 0 && after & AFTER_INNER == 0 {
                i += 1;
                continue;
            }
            let mut cs = i;
            while cs > done && !is_space(b[cs - 1]) {
                cs -= 1;
            }
            let mut ze = i;
            while ze < n && !is_space(b[ze]) {
                ze += 1;
            }
            let chunk_end = ze;
            // Extend the zone over the following hot chunks ("555 123 4567"), and over one
            // short chunk between two hot ones ("ext. 45", "GB82 WEST 1234").
            while let Some((ns, ne)) = next_chunk(b, ze) {
                if hot(&b[ns..ne]) {
                    ze = ne;
                } else if let Some((_, ne2)) = next_chunk(b, ne).filter(|&(s2, e2)| ne - ns <= 5 && hot(&b[s2..e2])) {
                    ze = ne2;
                } else {
                    break;
                }
            }
            // Labels: every value holds a digit, so its label lies shortly before (or in)
            // a zone; each byte is read for labels once.
            let lab_from = out.len();
            let from = labels_done.max(cs.saturating_sub(LABEL_REACH));
            labels_done = self.labels_in(note, from, ze, out);
            // A number with its label after it: "416 60 039 office", "(37) 788-063-Office".
            if let Some((s, e)) = scan_phone(b, cs) {
                if let Some(contact) = contact_word_after(b, e) {
                    if !out[lab_from..].iter().any(|c| c.start <= s && e <= c.end) {
                        let (kind, cue) = match contact {
                            Contact::Fax => (Kind::Fax, "labelled fax"),
                            Contact::Phone => (Kind::Phone, "labelled phone"),
                        };
                        out.push(Candidate::new(s, e, kind, NAME, cue, LABELLED_PRIORITY));
                    }
                }
            }
            out[lab_from..].sort_unstable_by_key(|c| (c.start, c.end));
            let labelled = lab_from..out.len();
            // every chunk of the zone that starts with no digit may be a user name ("my snap
            // is kenz.lovesyou. IG: jay.bird.official")
            let (mut hs, mut he) = (cs, chunk_end);
            loop {
                if !out[labelled.clone()].iter().any(|c| c.start <= hs && he <= c.end + 1) {
                    bare_handle_in(note, hs, he, out);
                }
                let Some(s) = (he..ze).find(|&p| is_space(b[p - 1]) && !is_space(b[p]) && !b[p].is_ascii_digit())
                else {
                    break;
                };
                hs = s;
                he = (s..ze).find(|&p| is_space(b[p])).unwrap_or(ze);
            }
            done = ze;
            i = ze;
            if !worth_searching(&b[cs..ze]) {
                continue;
            }
            let mut ws = cs;
            loop {
                let mut we = ze.min(ws + MAX_ZONE);
                while !text.is_char_boundary(we) {
                    we += 1;
                }
                self.search(note, ws, we, labelled.clone(), out);
                if we >= ze {
                    break;
                }
                ws = we - ZONE_OVERLAP;
                while !text.is_char_boundary(ws) {
                    ws -= 1;
                }
            }
        }
    }

    /// Finds the e-mails of `text[start..end]`, then runs the shape regex over it (context
    /// before `start` is seen by the word boundaries) and classifies every match not inside
    /// an e-mail or a labelled value (`out[labelled]`, sorted).
    fn search(
        &self,
        note: &Note<'_>,
        start: usize,
        end: usize,
        labelled: std::ops::Range<usize>,
        out: &mut Vec<Candidate>,
    ) {
        let text = note.text;
        let b = text.as_bytes();
        let emails_from = out.len();
        let mut p = start;
        while let Some(k) = b[p..end].iter().position(|&c| c == b'@') {
            p += k;
            if let Some((s, e)) = email_at(text, p) {
                out.push(Candidate::new(s, e, Kind::Email, NAME, "e-mail pattern", PRIORITY));
                p = e;
            } else {
                p += 1;
            }
        }
        let emails = emails_from..out.len();
        let mut lp = labelled.start + out[labelled.clone()].partition_point(|c| c.end <= start);
        let mut ep = emails.start;
        let hay = &text[..end];
        let mut at = start;
        while at < end {
            let Some(m) = self.finder.find_at(hay, at) else { break };
            let (s, e) = (m.start(), m.end());
            if e <= at {
                break;
            }
            at = e;
            if claimed(out, &mut lp, labelled.end, s, e) || claimed(out, &mut ep, emails.end, s, e) {
                continue;
            }
            let Some(shape) = self.shape_of(&b[s..e], m.as_str()) else { continue };
            // A phone whose extension ran on into another number ("(555) 123-4567 x. 555-867-5309"):
            // the number without it.
            let phone = matches!(shape, Shape::Nanp | Shape::Phone7 | Shape::Trunk | Shape::Intl);
            let verdict = classify(note, shape, s, e).or_else(|| {
                let main = main_part(&b[s..e]).trim_ascii_end().len();
                let v = (phone && main < e - s).then(|| classify(note, shape, s, s + main)).flatten();
                if v.is_some() {
                    // what followed the number is searched again
                    at = s + main;
                }
                v
            });
            match verdict {
                Some((s, e, kind, cue)) => out.push(Candidate::new(s, e, kind, NAME, cue, PRIORITY)),
                None => {
                    if let Some(c) =
                        matches!(shape, Shape::Intl | Shape::Trunk).then(|| self.shorter(note, shape, s, e)).flatten()
                    {
                        // what the shorter number left is searched again
                        at = c.end;
                        out.push(c);
                    } else if !matches!(shape, Shape::Scheme | Shape::Www | Shape::Domain | Shape::Handle) {
                        digit_runs(note, s, e, out);
                        // A rejected match may have swallowed the start of a real one
                        // ("2023-03-14 555-867-5309"): look again from its second group.
                        // Matches are short, so this stays linear.
                        at = next_group(b, s, e);
                    }
                }
            }
        }
    }

    /// An international or national number that ran on into the number after it ("+1 555
    /// 201 3344 2023-03-14" has too many digits for a phone): the longest prefix, cut at
    /// white space, that is a phone of the same shape on its own. Each step drops a
    /// group, so the work is linear in the match.
    fn shorter(&self, note: &Note<'_>, shape: Shape, s: usize, e: usize) -> Option<Candidate> {
        let b = note.text.as_bytes();
        let k = SHAPES.iter().position(|&x| x == shape)?;
        // Cut only at white space, so that no part of a token ("(555") is left in the span.
        let mut cut = e;
        loop {
            while cut > s && !b[cut - 1].is_ascii_whitespace() {
                cut -= 1;
            }
            while cut > s && b[cut - 1].is_ascii_whitespace() {
                cut -= 1;
            }
            if cut <= s + 1 {
                return None;
            }
            if self.shape(k).is_match(&note.text[s..cut]) {
                if let Some((a, z, kind, cue)) = classify(note, shape, s, cut) {
                    return Some(Candidate::new(a, z, kind, NAME, cue, PRIORITY));
                }
            }
        }
    }
}

/// True if `s..e` lies inside the candidate of `out[*p..end]` (sorted, disjoint) that
/// reaches past `s`; `*p` only moves forward, so a zone is checked in linear time.
fn claimed(out: &[Candidate], p: &mut usize, end: usize, s: usize, e: usize) -> bool {
    while *p < end && out[*p].end <= s {
        *p += 1;
    }
    *p < end && out[*p].start <= s && e <= out[*p].end
}

/// The e-mail address around the "@" at `p`: a local part of letters, digits and
/// `._%+-` (any script), and a domain of two labels or more ending in letters.
fn email_at(text: &str, p: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    let mut s = p;
    for (i, c) in text[..p].char_indices().rev() {
        let ok = c.is_ascii_alphanumeric()
            || matches!(c, '.' | '_' | '%' | '+' | '-')
            || (!c.is_ascii() && c.is_alphanumeric());
        if !ok || p - i > 64 {
            break;
        }
        s = i;
    }
    while s < p && matches!(b[s], b'.' | b'_' | b'%' | b'+' | b'-') {
        s += 1;
    }
    if s == p {
        return None;
    }
    let (mut j, mut labels, mut end) = (p + 1, 0, None);
    while j < b.len() && j - p < 256 {
        let ls = j;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == ls || b[j - 1] == b'-' || b[ls] == b'-' {
            break;
        }
        labels += 1;
        if labels >= 2 && (2..=24).contains(&(j - ls)) && b[ls..j].iter().all(u8::is_ascii_alphabetic) {
            end = Some(j);
        }
        if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_alphanumeric() {
            j += 1;
        } else {
            break;
        }
    }
    end.map(|e| (s, e))
}

impl Detector for Identifiers {
    fn name(&self) -> &'static str {
        NAME
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        self.scan(note, out);
        spelled_emails(note.text.as_bytes(), out);
        spaced_at_emails(note.text.as_bytes(), out);
        spelled_digits(note, out);
    }
}

/// Fewest digits in words that make a number of a dictated note.
const MIN_SPELLED_DIGITS: usize = 4;

/// Numbers dictated digit by digit ("medical record number four four seven two nine one",
/// "area code two two nine five five five one two one two", "member number alpha bravo
/// seven seven three one", "four four seven dash two one nine", "W B P dash four four one
/// nine two"): a run of four or more digit words, one space, a hyphen or the word "dash"
/// apart (or "extension"; or a comma after a group of three or more: "five oh eight, five
/// five five, zero one six two"), with the letters before it (phonetic words or capitals
/// alone). Ten or eleven digits, or seven, are a phone number; others an identifier.
/// ("nine eight eight", "PHQ-9 of fourteen" are no runs.)
fn spelled_digits(note: &Note<'_>, out: &mut Vec<Candidate>) {
    let toks = note.tokens;
    let digit = |k: usize| {
        let t = &toks[k];
        t.class == crate::segment::Class::Word && is_digit_word(&note.text.as_bytes()[t.start..t.end])
    };
    let word_in = |k: usize, list: &[&str]| {
        let t = &toks[k];
        t.class == crate::segment::Class::Word
            && (2..=9).contains(&(t.end - t.start))
            && list.iter().any(|w| w.eq_ignore_ascii_case(&note.text[t.start..t.end]))
    };
    // (one space or a hyphen between two words of a run)
    let next = |k: usize| {
        let gap = toks.get(k + 1)?;
        matches!(&note.text[gap.start..gap.end], " " | "-").then_some(k + 2).filter(|&n| n < toks.len())
    };
    // (a comma and one space between two groups of a run)
    let comma_next = |k: usize| {
        let (c, gap) = (toks.get(k + 1)?, toks.get(k + 2)?);
        (&note.text[c.start..c.end] == "," && &note.text[gap.start..gap.end] == " ")
            .then_some(k + 3)
            .filter(|&n| n < toks.len())
    };
    let b = note.text.as_bytes();
    // (a tight filter on the length and first letter: asked of every token of the note)
    let maybe_digit = |t: &crate::segment::Token| {
        let len = t.end - t.start;
        (2..=5).contains(&len) && matches!(b[t.start] | 0x20, b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n')
    };
    let mut i = 0;
    while i < toks.len() {
        match toks[i..].iter().position(maybe_digit) {
            Some(p) => i += p,
            None => break,
        }
        if !digit(i) {
            i += 1;
            continue;
        }
        let (first, mut last, mut digits) = (i, i, 1);
        // (digits since the last separator; digits before an extension)
        let (mut group, mut number_digits) = (1, usize::MAX);
        loop {
            match next(last) {
                Some(n) if digit(n) => (last, digits, group) = (n, digits + 1, group + 1),
                // a spoken separator: "four four seven dash two one nine", "... extension
                // four one"
                Some(n) if word_in(n, &["dash", "hyphen", "extension"]) => match next(n).filter(|&d| digit(d)) {
                    Some(d) => {
                        if word_in(n, &["extension"]) {
                            number_digits = number_digits.min(digits);
                        }
                        (last, digits, group) = (d, digits + 1, 1);
                    }
                    None => break,
                },
                // groups of three or more written with commas: "five oh eight, five five
                // five, zero one six two" (not a list: "two, three, four")
                _ if group >= 3 => match comma_next(last) {
                    Some(d) if digit(d) => (last, digits, group) = (d, digits + 1, 1),
                    Some(x) if word_in(x, &["extension"]) => match next(x).filter(|&d| digit(d)) {
                        Some(d) => {
                            number_digits = number_digits.min(digits);
                            (last, digits, group) = (d, digits + 1, 1);
                        }
                        None => break,
                    },
                    _ => break,
                },
                _ => break,
            }
        }
        i = last + 1;
        if digits < MIN_SPELLED_DIGITS {
            continue;
        }
        // the letters before it, as phonetic words or capitals alone, perhaps with a spoken
        // "dash" before the digits: "alpha bravo seven ...", "W B P dash four four ..."
        let letter = |k: usize| {
            word_in(k, super::PHONETIC_ALPHABET)
                || toks[k].end - toks[k].start == 1 && b[toks[k].start].is_ascii_uppercase()
        };
        let mut start = first;
        if start >= 4 && note.text[toks[start - 1].start..toks[start - 1].end] == *" " && word_in(start - 2, &["dash"])
        {
            start -= 2;
        }
        while start >= 2 && matches!(&note.text[toks[start - 1].start..toks[start - 1].end], " " | "-") {
            if !letter(start - 2) {
                break;
            }
            start -= 2;
        }
        // (a spoken "dash" with no letter before it stays outside)
        if start + 2 == first && word_in(start, &["dash"]) {
            start = first;
        }
        let (kind, cue) = if start == first && matches!(digits.min(number_digits), 7 | 10 | 11) {
            (Kind::Phone, "phone in words")
        } else {
            (Kind::Id, "number in words")
        };
        out.push(Candidate::new(toks[start].start, toks[last].end, kind, NAME, cue, PRIORITY));
    }
}

/// True if `w` is a digit in words ("zero" or "oh" to "nine"), in any case: the length and
/// the first letter rule out nearly every word before a comparison.
#[inline]
fn is_digit_word(w: &[u8]) -> bool {
    let word: &[u8] = match (w.len(), w.first().map(u8::to_ascii_lowercase)) {
        (2, Some(b'o')) => b"oh",
        (3, Some(b'o')) => b"one",
        (3, Some(b't')) => b"two",
        (3, Some(b's')) => b"six",
        (4, Some(b'z')) => b"zero",
        (4, Some(b'n')) => b"nine",
        (4, Some(b'f')) => return w.eq_ignore_ascii_case(b"four") || w.eq_ignore_ascii_case(b"five"),
        (5, Some(b't')) => b"three",
        (5, Some(b's')) => b"seven",
        (5, Some(b'e')) => b"eight",
        _ => return false,
    };
    w.eq_ignore_ascii_case(word)
}

/// E-mail addresses written with spaces around the "@" ("hoanguyen @ gmail.com",
/// "j.doe @ yahoo dot com"): a user name, " @ ", and a domain that ends in a top-level
/// domain after a "." or " dot ".
fn spaced_at_emails(b: &[u8], out: &mut Vec<Candidate>) {
    const AT: &[u8] = b" @ ";
    for p in memchr::memmem::find_iter(b, AT) {
        let us = p - b[..p].iter().rev().take_while(|&&c| email_name_byte(c)).count();
        if p - us < 2 || !b[p - 1].is_ascii_alphanumeric() {
            continue;
        }
        let ds = p + AT.len();
        let mut de = ds + b[ds..].iter().take_while(|&&c| email_name_byte(c)).count();
        while de > ds && b[de - 1] == b'.' {
            de -= 1;
        }
        let domain = &b[ds..de];
        let end = match domain.iter().rposition(|&c| c == b'.') {
            // (letters only after the last dot: "gmail.com", not "3.5")
            Some(k)
                if k > 0
                    && (2..=6).contains(&(de - ds - k - 1))
                    && domain[k + 1..].iter().all(u8::is_ascii_alphabetic) =>
            {
                de
            }
            _ if de > ds && b[de..].len() > 5 && b[de..de + 5].eq_ignore_ascii_case(b" dot ") => {
                let t = de + 5;
                let te = t + b[t..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                if !(2..=6).contains(&(te - t)) {
                    continue;
                }
                te
            }
            _ => continue,
        };
        out.push(Candidate::new(us, end, Kind::Email, NAME, "e-mail with a spaced @", PRIORITY));
    }
}

/// A byte of an e-mail address's user name or domain label.
fn email_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-')
}

/// E-mail addresses spelled out ("jdoe at gmail dot com", "k.asante at iowacounty dot
/// gov"): found from each " dot " (memchr's substring search, one pass; "DOT" in capitals
/// is not read) followed by a top-level domain, with a domain label, " at " and a user name
/// before it.
fn spelled_emails(b: &[u8], out: &mut Vec<Candidate>) {
    const TLDS: &[&str] = &["com", "org", "net", "edu", "gov", "us", "io", "co", "info", "me", "mil"];
    const DOT: &[u8] = b" dot ";
    for p in memchr::memmem::find_iter(b, DOT) {
        // the top-level domain after it
        let t = p + DOT.len();
        let te = t + b[t..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if !eq_any(&b[t..te], TLDS) {
            continue;
        }
        // the domain label, " at ", the user name before it
        let ds = p - b[..p].iter().rev().take_while(|&&c| email_name_byte(c)).count();
        let Some(at) = ds.checked_sub(4).filter(|&a| ds < p && b[a..ds].eq_ignore_ascii_case(b" at ")) else {
            continue;
        };
        let us = at - b[..at].iter().rev().take_while(|&&c| email_name_byte(c)).count();
        // (a user name that ends in a letter or digit; "at the dot com boom" is no address)
        let user_ok = at - us >= 2 && b[at - 1].is_ascii_alphanumeric();
        if user_ok && !eq_any(&b[ds..p], &["the", "a", "an", "my", "his", "her", "our", "your", "their"]) {
            out.push(Candidate::new(us, te, Kind::Email, NAME, "e-mail spelled out", PRIORITY));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Pass 1: labelled values
// ---------------------------------------------------------------------------------------

/// What lies between a label and its value.
struct Gap {
    /// Start of the value.
    pos: usize,
    /// A separator was seen (":", "#", "=", "no.", "number").
    sep: bool,
    /// A colon was seen.
    colon: bool,
    /// A number sign or word was seen ("#", "no", "number", "id").
    suffix: bool,
    /// Only the end of the value follows ("ending in", "last 4"): fewer digits suffice.
    partial: bool,
}

/// Words that may stand between a label and its value.
const GAP_WORDS: &[&str] =
    &["no", "nr", "num", "number", "is", "was", "id", "card", "ending", "in", "of", "last", "four", "digits"];
/// Words that may also stand between a phone label and the number ("call her at",
/// "reached on", "cell phone number").
const PHONE_GAP_WORDS: &[&str] =
    &["me", "him", "her", "them", "us", "you", "back", "at", "on", "from", "to", "via", "phone", "line", "direct"];

/// Skips what separates a label from its value. `phone` allows the words of
/// [`PHONE_GAP_WORDS`] and keeps an opening parenthesis before a digit ("Tel: (555) ...").
fn skip_gap(b: &[u8], mut i: usize, phone: bool) -> Gap {
    let n = b.len();
    let (mut sep, mut colon, mut suffix, mut newline, mut partial) = (false, false, false, false, false);
    for _ in 0..8 {
        while i < n && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= n {
            break;
        }
        match b[i] {
            // "MRN,4471190" (a CSV cell): a comma joins but proves nothing.
            b',' => i += 1,
            b':' | b'#' | b'=' | b'.' | b'-' | b')' | b'|' => {
                sep = true;
                colon |= b[i] == b':';
                suffix |= b[i] == b'#';
                i += 1;
            }
            b'(' => {
                // "(cell)", "(home)": a parenthesised word is skipped whole.
                let mut k = i + 1;
                while k < n && k <= i + 16 && (b[k].is_ascii_alphabetic() || b[k] == b' ') {
                    k += 1;
                }
                if k < n && b[k] == b')' && k > i + 1 {
                    i = k + 1;
                } else if phone && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
                    break;
                } else {
                    i += 1;
                }
            }
            b'\r' | b'\n' if sep && !newline => {
                newline = true;
                if b[i] == b'\r' && i + 1 < n && b[i + 1] == b'\n' {
                    i += 1;
                }
                i += 1;
            }
            c if c.is_ascii_alphabetic() => {
                let k = word_end(b, i);
                let w = &b[i..k];
                if !(eq_any(w, GAP_WORDS) || (phone && eq_any(w, PHONE_GAP_WORDS))) {
                    break;
                }
                let number = eq_any(w, &["no", "nr", "num", "number"]);
                sep |= number;
                suffix |= number || eq_any(w, &["id"]);
                i = k;
                if eq_any(w, &["ending", "last"]) {
                    partial = true;
                    // "last 4:", "last 4 digits"
                    if eq_any(w, &["last"])
                        && i + 2 < n
                        && b[i] == b' '
                        && b[i + 1] == b'4'
                        && !b[i + 2].is_ascii_digit()
                    {
                        i += 2;
                    }
                }
            }
            // A masked part ("***-**-6789", "XXXX XXXX XXXX 1234"): only the rest is kept.
            b'*' => {
                while i < n && matches!(b[i], b'*' | b'-' | b' ' | b'.') {
                    i += 1;
                }
                partial = true;
            }
            _ => break,
        }
    }
    Gap { pos: i, sep, colon, suffix, partial }
}

/// The number written "Name #1234" right after a name (`b[i..e]`, capitalised or in
/// capitals), pushed as a labelled ID; the end of the value:
/// - an officer's badge: "Officer K. Brandt #441", "Deputy Lang #88" (two digits or more);
/// - a licence after its state: "(IA #4471)" (three digits or more);
/// - a store or a branch, after a name no word list knows: "Walgreens #07312", "CVS #4471"
///   (four digits or more, so "Norco #120", a count of tablets, is kept).
#[cold]
fn number_after_name(note: &Note<'_>, i: usize, e: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let b = note.text.as_bytes();
    let digits = b[e + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
    let word = &b[i..e];
    let caps = word.iter().all(u8::is_ascii_uppercase);
    if digits < 2 || word.len() < 2 || !(caps || word[1..].iter().all(u8::is_ascii_lowercase)) {
        return None;
    }
    let entry = note.lex.get_ascii(word);
    let enough = if badge_holder_before(b, i) {
        true
    } else if word.len() == 2 {
        caps && digits >= 3 && entry.has(bits::STATE_ABBR)
    } else {
        digits >= 4 && entry.word() == 0 && !entry.has(bits::DRUG | bits::MEDICAL | bits::CLINICAL)
    };
    if !enough {
        return None;
    }
    labelled(note, Label::Id, Need::Suffix, i, e, out)
}

/// True if an officer's title stands before the name at `i`, over at most three
/// capitalised words or initials ("Officer K. Brandt", "Ofc. DeShawn Pruitt").
fn badge_holder_before(b: &[u8], i: usize) -> bool {
    #[rustfmt::skip]
    const HEADS: &[&str] = &[
        "officer", "ofc", "deputy", "dep", "trooper", "tpr", "sgt", "sergeant", "det", "detective", "cpl", "corporal",
    ];
    let mut p = i;
    for _ in 0..4 {
        while p > 0 && matches!(b[p - 1], b' ' | b'.') {
            p -= 1;
        }
        let s = p - b[..p].iter().rev().take_while(|c| c.is_ascii_alphabetic()).count();
        if s == p {
            return false;
        }
        if eq_any(&b[s..p], HEADS) {
            return true;
        }
        if !b[s].is_ascii_uppercase() {
            return false;
        }
        p = s;
    }
    false
}

/// The SSN's last four digits after "Last4", "Last4:" or "Last 4:" (the word "last" is
/// `b[i..e]`), pushed as a labelled SSN; the end of the value.
#[cold]
fn last4(note: &Note<'_>, i: usize, e: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let b = note.text.as_bytes();
    let (le, need) = match b.get(e..e + 2)? {
        b"4:" | b"4 " => (e + 1, Need::Nothing),
        b" 4" if b.get(e + 2) == Some(&b':') => (e + 2, Need::Colon),
        _ => return None,
    };
    if glued_before(b, i) {
        return None;
    }
    labelled(note, Label::Ssn, need, i, le, out)
}

fn word_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphabetic() {
        i += 1;
    }
    i
}

fn alnum_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_alphanumeric() {
        i += 1;
    }
    i
}

/// Follows a label (its head and needed words end at `le`) to its value; pushes the
/// candidate and returns the value's end.
fn labelled(
    note: &Note<'_>,
    label: Label,
    need: Need,
    ls: usize,
    le: usize,
    out: &mut Vec<Candidate>,
) -> Option<usize> {
    let b = note.text.as_bytes();
    if glued_before(b, ls) && !slash_label(b, ls, le) || in_own_tag(b, ls) {
        return None;
    }
    let gap = skip_gap(b, le, matches!(label, Label::Phone | Label::Fax));
    let ok = match need {
        Need::Nothing | Need::Next(..) => true,
        Need::Colon => gap.colon,
        Need::Suffix => gap.suffix,
        Need::SuffixOrColon => gap.suffix || gap.colon,
    };
    if !ok {
        return None;
    }
    let (kind, cue, s, e) = match label {
        Label::Fax | Label::Phone => {
            // a pager or an extension has a short number of its own: "pager 4471", "ext. 2214"
            let short = || {
                // (one hyphen may split it: "pager 4-3319", a hospital's internal line)
                let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
                let mut n = digits(gap.pos);
                if n == 1 && b.get(gap.pos + 1) == Some(&b'-') && (4..=5).contains(&digits(gap.pos + 2)) {
                    n += 1 + digits(gap.pos + 2);
                }
                // (not "2024/11", "12:30", "3.5"; a full stop may end the sentence)
                let alone = match b.get(gap.pos + n) {
                    Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'/' | b':') => false,
                    Some(b'.') => !b.get(gap.pos + n + 1).is_some_and(u8::is_ascii_digit),
                    _ => true,
                };
                // (an extension's word goes with it, as it does after a phone: "ext. 2214")
                let ext = eq_any(&b[ls..le], &["ext", "extension"]);
                ((3..=7).contains(&n) && alone && (ext || eq_any(&b[ls..le], &["pager", "beeper", "pgr"])))
                    .then_some((if ext { ls } else { gap.pos }, gap.pos + n))
            };
            let (s, e) = scan_phone(b, gap.pos).or_else(short)?;
            if label == Label::Fax || fax_after(b, e) {
                (Kind::Fax, "labelled fax", s, e)
            } else {
                (Kind::Phone, "labelled phone", s, e)
            }
        }
        _ => {
            let v = facility_prefixed(note, gap.pos, label).or_else(|| scan_value(note, gap.pos))?;
            let value = &b[v.start..v.end];
            let enough = match label {
                Label::Card => v.digits >= if gap.partial { 4 } else { 12 },
                Label::IdWeak => v.digits >= if gap.sep { 3 } else { 4 },
                _ => v.digits >= 2 || (gap.sep && v.digits >= 1 && v.alnum >= 3),
            };
            if !enough || v.alnum < 2 || value_is_date(value) || value_is_decimal(value) {
                return None;
            }
            // "12/2023", "10:30", "3:1": a date, time or ratio, not a value.
            if v.end + 1 < b.len() && matches!(b[v.end], b'/' | b':') && b[v.end + 1].is_ascii_digit() {
                return None;
            }
            // "ID 12 mg" is a dose, but after a specific label ("MRN", "member ID") or with
            // six digits or more a word like "in", "am" or "st" after the value is English
            // ("MRN: 4471190 in chart"), not a unit.
            let unit_after = followed_by_unit(b, v.end)
                && (matches!(label, Label::IdWeak) && v.digits < 6 || b.get(v.end) == Some(&b'%'));
            // (but no measure has six digits or more: "Medicaid ID: 904417732K")
            if (!gap.sep && is_year(value)) || unit_after || digits_then_unit(value) && v.digits < 6 {
                return None;
            }
            match label {
                Label::Mrn => (Kind::Mrn, "labelled MRN", v.start, v.end),
                Label::Ssn => (Kind::Ssn, "labelled SSN", v.start, v.end),
                Label::Card => (Kind::Id, "labelled card number", v.start, v.end),
                _ => (Kind::Id, "labelled identifier", v.start, v.end),
            }
        }
    };
    out.push(Candidate::new(s, e, kind, NAME, cue, LABELLED_PRIORITY));
    Some(e)
}

/// Scans a phone number in a loose format (digit groups separated by one space, dot or
/// hyphen; parentheses; a leading "+"; an extension). Needs 7 to 15 digits.
fn scan_phone(b: &[u8], start: usize) -> Option<(usize, usize)> {
    let n = b.len();
    // "312/555/0199": slashes only in the shape of a number of ten digits, never of a date
    let digits_at = |i: usize, len: usize| i + len <= n && b[i..i + len].iter().all(u8::is_ascii_digit);
    if digits_at(start, 3)
        && b.get(start + 3) == Some(&b'/')
        && digits_at(start + 4, 3)
        && b.get(start + 7) == Some(&b'/')
        && digits_at(start + 8, 4)
        && !b.get(start + 12).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'/')
    {
        return Some((start, extension(b, start + 12).unwrap_or(start + 12)));
    }
    let mut j = start;
    if j < n && b[j] == b'+' {
        j += 1;
    }
    let (mut digits, mut end, mut after_space) = (0usize, None, false);
    loop {
        if j < n && b[j] == b'(' {
            let mut k = j + 1;
            while k < n && k <= j + 6 && b[k].is_ascii_digit() {
                k += 1;
            }
            if k == j + 1 || k >= n || b[k] != b')' {
                break;
            }
            digits += k - j - 1;
            j = k + 1;
        } else if j < n && b[j].is_ascii_digit() {
            let k = j + b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            // "Tel 555 123 4567 3 times": a lone digit after a complete number ends it.
            if after_space && k - j == 1 && digits >= 7 {
                break;
            }
            digits += k - j;
            j = k;
        } else {
            break;
        }
        end = Some(j);
        if digits > 15 {
            return None;
        }
        if j < n && (b[j].is_ascii_digit() || b[j] == b'(') {
            after_space = false;
            continue;
        }
        if j + 1 < n && matches!(b[j], b' ' | b'.' | b'-' | b'\t') && (b[j + 1].is_ascii_digit() || b[j + 1] == b'(') {
            after_space = b[j] == b' ' || b[j] == b'\t';
            j += 1;
            continue;
        }
        break;
    }
    let end = end?;
    if !(7..=15).contains(&digits) || (end < n && b[end].is_ascii_alphabetic() && extension(b, end).is_none()) {
        return None;
    }
    Some((start, extension(b, end).unwrap_or(end)))
}

/// End of an extension ("x123", " ext. 45", ", extension 7") starting at `i`, if any.
fn extension(b: &[u8], mut i: usize) -> Option<usize> {
    let n = b.len();
    while i < n && matches!(b[i], b' ' | b'\t' | b',') {
        i += 1;
    }
    let k = word_end(b, i);
    if !eq_any(&b[i..k], &["x", "ext", "extn", "extension"]) {
        return None;
    }
    i = k;
    if i < n && b[i] == b'.' {
        i += 1;
    }
    while i < n && (b[i] == b' ' || b[i] == b'\t') {
        i += 1;
    }
    let d = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if d == i || d - i > 6 || (d < n && b[d].is_ascii_alphanumeric()) {
        return None;
    }
    Some(d)
}

/// A labelled value: alphanumeric groups joined by "-" or "." (or by single spaces when
/// the groups are short, as in "123 45 6789" or "4111 1111 1111 1111").
struct Value {
    start: usize,
    end: usize,
    digits: usize,
    alnum: usize,
}

/// A record number after its facility's acronym, in capitals and one space before it:
/// "MRN: MVMC 6620714", "MRN: RB 0039-5521" (the acronym names the hospital). Only after a
/// record number's label.
fn facility_prefixed(note: &Note<'_>, start: usize, label: Label) -> Option<Value> {
    let b = note.text.as_bytes();
    let end = alnum_end(b, start);
    let acronym = (2..=5).contains(&(end - start)) && b[start..end].iter().all(u8::is_ascii_uppercase);
    if label != Label::Mrn || !acronym || b.get(end) != Some(&b' ') {
        return None;
    }
    let v = scan_value(note, end + 1)?;
    (v.digits >= 4).then_some(Value { start, end: v.end, digits: v.digits, alnum: v.alnum + end - start })
}

fn scan_value(note: &Note<'_>, start: usize) -> Option<Value> {
    let b = note.text.as_bytes();
    let n = b.len();
    let first_end = alnum_end(b, start);
    if first_end == start {
        return None;
    }
    let first = &b[start..first_end];
    if first.iter().all(u8::is_ascii_alphabetic) && !plate_letters(note, start, first_end) {
        return None;
    }
    let mut v = Value { start, end: start, digits: 0, alnum: 0 };
    let (mut i, mut group_len, mut spaced) = (start, 0usize, 0usize);
    loop {
        let k = alnum_end(b, i);
        v.digits += b[i..k].iter().filter(|c| c.is_ascii_digit()).count();
        v.alnum += k - i;
        group_len += k - i;
        i = k;
        v.end = k;
        if v.alnum > 40 {
            return None;
        }
        if i + 1 < n && matches!(b[i], b'-' | b'.') && b[i + 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        if i + 1 < n && b[i] == b' ' && group_len <= 6 && spaced < 6 {
            let k = alnum_end(b, i + 1);
            let next = &b[i + 1..k];
            let ends_clean =
                k >= n || !matches!(b[k], b'-' | b'.' | b'/' | b':') || !b.get(k + 1).is_some_and(u8::is_ascii_digit);
            // (before any digit, a second group of capitals: a plate after its state, "IA KLM 442")
            let letters_then_digits = || {
                v.digits == 0
                    && next.len() <= 4
                    && next.iter().all(u8::is_ascii_uppercase)
                    && b.get(k) == Some(&b' ')
                    && b.get(k + 1).is_some_and(u8::is_ascii_digit)
            };
            if (2..=6).contains(&next.len())
                && (next.iter().any(u8::is_ascii_digit) || letters_then_digits())
                && ends_clean
                && !followed_by_unit(b, k)
            {
                i += 1;
                group_len = 0;
                spaced += 1;
                continue;
            }
        }
        break;
    }
    Some(v)
}

/// True if a letters-only first group ("ABC" of "plate ABC 1234") may open a value: up to
/// four letters, upper case or not an English word, and not a function word.
fn plate_letters(note: &Note<'_>, s: usize, e: usize) -> bool {
    let b = note.text.as_bytes();
    if e - s > 4 || !(e < b.len() && (b[e] == b' ' || b[e] == b'-')) {
        return false;
    }
    let entry = note.lex.get_ascii(&b[s..e]);
    let upper = b[s..e].iter().all(u8::is_ascii_uppercase);
    !entry.has(bits::STOPWORD) && (upper || entry.word() == 0)
}

// ---------------------------------------------------------------------------------------
// Pass 2: unlabelled shapes
// ---------------------------------------------------------------------------------------

type Hit = (usize, usize, Kind, &'static str);

fn classify(note: &Note<'_>, shape: Shape, s: usize, e: usize) -> Option<Hit> {
    let text = note.text;
    let b = text.as_bytes();
    let t = &b[s..e];
    if matches!(shape, Shape::Phone7 | Shape::Trunk | Shape::Ipv4) && code_system_before(b, s) {
        return None;
    }
    match shape {
        Shape::Scheme | Shape::Www => {
            let e = trim_url(b, s, e);
            let host = if shape == Shape::Scheme { t.iter().position(|&c| c == b':').map_or(0, |p| p + 3) } else { 4 };
            (e > s + host + 2).then_some((s, e, Kind::Url, "URL pattern"))
        }
        Shape::Domain => {
            if matches!(prev_char(text, s), Some('@' | '.' | '/' | '\\' | '-' | '_')) {
                return None;
            }
            let e = trim_url(b, s, e);
            let host_end = s + b[s..e].iter().position(|&c| c == b'/' || c == b':').unwrap_or(e - s);
            // The host needs a letter outside the top-level domain, and the name before the
            // top-level domain two characters or more ("a.co" is an abbreviation).
            let host = &b[s..host_end];
            let last_dot = host.iter().rposition(|&c| c == b'.')?;
            let name_start = host[..last_dot].iter().rposition(|&c| c == b'.').map_or(0, |p| p + 1);
            let ok = last_dot - name_start >= 2 && host[..last_dot].iter().any(u8::is_ascii_alphabetic);
            ok.then_some((s, e, Kind::Url, "domain pattern"))
        }
        Shape::HexColon => {
            if matches!(prev_char(text, s), Some(c) if c.is_alphanumeric() || c == ':' || c == '.') {
                return None;
            }
            let mut e = e;
            if b[e - 1] == b':' && b[e - 2] != b':' {
                e -= 1;
            }
            let t = &b[s..e];
            if t.len() == 17 && t.chunks(3).all(|g| g[0].is_ascii_hexdigit() && g[1].is_ascii_hexdigit()) {
                return Some((s, e, Kind::Id, "MAC address"));
            }
            let addr: Ipv6Addr = text[s..e].parse().ok()?;
            if addr.is_unspecified() || addr.is_loopback() {
                return None;
            }
            Some((s, e, Kind::Ip, "IPv6 pattern"))
        }
        Shape::Ipv4 => {
            if matches!(prev_char(text, s), Some('.' | '-' | '/')) || digit_follows(b, e, b".") {
                return None;
            }
            let ok = t.split(|&c| c == b'.').all(|o| number(o).is_some_and(|v| v <= 255));
            ok.then_some((s, e, Kind::Ip, "IPv4 pattern"))
        }
        Shape::Iban => {
            let mut e = e;
            loop {
                if iban_ok(&b[s..e]) {
                    return Some((s, e, Kind::Id, "IBAN pattern"));
                }
                // A greedy match may have taken a following group: drop it and retry.
                e = s + b[s..e].iter().rposition(|&c| c == b' ')?;
            }
        }
        Shape::Card => {
            if digit_follows(b, e, b"-.") || matches!(prev_char(text, s), Some('-' | '.' | '$')) {
                return None;
            }
            let n = t.iter().filter(|c| c.is_ascii_digit()).count();
            if !(13..=19).contains(&n) {
                return None;
            }
            // "2019 2020 2021 2022": years, not a card.
            if t.split(|c| !c.is_ascii_digit()).all(is_year) {
                return None;
            }
            if luhn(t) {
                Some((s, e, Kind::Id, "card number"))
            } else {
                // Groups of four (the last may be shorter): an account or card number all
                // the same.
                let mut groups = t.split(|c| !c.is_ascii_digit()).rev();
                let last_ok = groups.next().is_some_and(|g| g.len() <= 4);
                (last_ok && groups.all(|g| g.len() == 4)).then_some((s, e, Kind::Id, "grouped number"))
            }
        }
        Shape::Intl => {
            if matches!(prev_char(text, s), Some(c) if c.is_alphanumeric()) {
                return None;
            }
            let main = main_part(t);
            let n = main.iter().filter(|c| c.is_ascii_digit()).count();
            if !(8..=15).contains(&n) {
                return None;
            }
            Some((s, e, contact_kind(b, s, e), "international phone pattern"))
        }
        Shape::Ssn => {
            if matches!(prev_char(text, s), Some('-' | '.' | '/' | '$')) || digit_follows(b, e, b"-./") {
                return None;
            }
            Some((s, e, Kind::Ssn, "SSN pattern"))
        }
        Shape::Nanp => {
            if matches!(prev_char(text, s), Some('-' | '.' | '/' | '$' | '+')) || digit_follows(b, e, b"-./") {
                return None;
            }
            Some((s, e, contact_kind(b, s, e), "phone pattern"))
        }
        Shape::Phone7 => {
            if matches!(prev_char(text, s), Some('-' | '.' | '/' | '$' | '#' | '+' | ':'))
                || digit_follows(b, e, b"-./:")
                || !(b'2'..=b'9').contains(&t[0])
                || (t[1..3] == *b"00" && t[6..8] == *b"00")
                || followed_by_unit(b, e)
            {
                return None;
            }
            Some((s, e, contact_kind(b, s, e), "7-digit phone pattern"))
        }
        Shape::Trunk => {
            if matches!(prev_char(text, s), Some(c) if c.is_alphanumeric() || matches!(c, '-' | '.' | '/' | '$' | '+'))
                || digit_follows(b, e, b"-./:")
            {
                return None;
            }
            let main = main_part(t);
            let n = main.iter().filter(|c| c.is_ascii_digit()).count();
            // Nine digits only with a short area code ("030 123456"), not "03262 2437".
            let area = main.iter().skip_while(|c| !c.is_ascii_digit()).take_while(|c| c.is_ascii_digit()).count();
            if !(9..=13).contains(&n) || (n == 9 && area > 3) || groups_read_as_date(main) || followed_by_unit(b, e) {
                return None;
            }
            Some((s, e, contact_kind(b, s, e), "national phone pattern"))
        }
        Shape::Handle => handle(note, s, e),
        Shape::Code => code(note, s, e).map(|(k, cue)| (s, e, k, cue)),
    }
}

/// True if the word before `s` names a clinical code system ("NDC 0002-3227-30",
/// "CPT 90837", "LOINC 2345-7"): such codes are not identifiers of a person.
fn code_system_before(b: &[u8], s: usize) -> bool {
    let mut i = s;
    while i > 0 && s - i < 4 && matches!(b[i - 1], b' ' | b'\t' | b':' | b'#') {
        i -= 1;
    }
    let e = i;
    while i > 0 && e - i < 8 && b[i - 1].is_ascii_alphabetic() {
        i -= 1;
    }
    eq_any(&b[i..e], &["ndc", "cpt", "hcpcs", "icd", "loinc", "snomed", "rxnorm", "rxcui", "dsm", "lot"])
}

/// The part of a phone match before its extension.
fn main_part(t: &[u8]) -> &[u8] {
    let cut = t.iter().position(|&c| c.is_ascii_alphabetic() || c == b',').unwrap_or(t.len());
    &t[..cut]
}

/// A social handle: "@" not preceded by a word character; an English or clinical word
/// ("@bedtime", "@home") needs a social-media cue earlier on the line.
fn handle(note: &Note<'_>, s: usize, e: usize) -> Option<Hit> {
    let b = note.text.as_bytes();
    if matches!(prev_char(note.text, s), Some(c) if c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '/' | '+' | '-'))
    {
        return None;
    }
    let mut e = e;
    while e > s + 1 && b[e - 1] == b'.' {
        e -= 1;
    }
    let name = &b[s + 1..e];
    if !(2..=30).contains(&name.len()) || name.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let is_word = |w: &[u8]| {
        let entry = note.lex.get_ascii(w);
        entry.word() > 0 || entry.has(bits::MEDICAL | bits::CLINICAL | bits::DRUG | bits::STOPWORD)
    };
    // (hyphenated: a word before the first hyphen is an "@" for "at": "@home-based")
    let head = name.split(|&c| c == b'-').next().unwrap_or(name);
    let word = is_word(name) || head.len() < name.len() && is_word(head);
    if (word || name[0].is_ascii_digit()) && !social_cue_before(b, s) {
        return None;
    }
    Some((s, e, Kind::Handle, "handle pattern"))
}

const SOCIAL_CUES: &[&str] = &[
    "instagram",
    "insta",
    "ig",
    "twitter",
    "tweet",
    "tweeted",
    "tiktok",
    "snapchat",
    "snap",
    "facebook",
    "fb",
    "discord",
    "reddit",
    "youtube",
    "twitch",
    "telegram",
    "threads",
    "handle",
    "username",
    "usernames",
    "gamertag",
    "gamer",
    "xbox",
    "psn",
    "steam",
    "roblox",
    "minecraft",
    "fortnite",
    "whatsapp",
    "venmo",
    "paypal",
    "cashapp",
    "kik",
    "pinterest",
    "tumblr",
    "bereal",
    "user",
    "account",
    "posted",
    "posts",
    "dm",
    "dms",
    "messaged",
    "follows",
    "followed",
    "following",
    "tagged",
];

fn social_cue_before(b: &[u8], s: usize) -> bool {
    let lo = s.saturating_sub(80);
    let window = &b[lo..s];
    let window = match window.iter().rposition(|&c| matches!(c, b'\n' | b'.' | b'!' | b'?' | b';')) {
        Some(p) => &window[p + 1..],
        None => window,
    };
    window.split(|c| !c.is_ascii_alphabetic()).any(|w| eq_any(w, SOCIAL_CUES))
}

/// How sure a user name without an "@" is of itself (see [`bare_handle`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Bare {
    /// A Reddit user ("u/throwaway_kz2"): no cue needed.
    Evident,
    /// Joined, mixed or numbered ("jbrooks_loser", "ShadowWolf99"): a cue in its sentence.
    Likely,
    /// Letters joined by dots only ("kenz.lovesyou"): a cue right before it ("my snap is",
    /// "IG:"), since "e.g" and "notes.txt" are no one's.
    Dotted,
}

/// A user name without an "@" in the chunk `b[s..e]`: a word of ASCII letters and digits
/// joined by "_" or ".", or letters with two digits or more, or with one and a capital
/// after a lower-case letter ("jbrooks_loser", "jaylen.b2012", "ShadowWolf99",
/// "xXDarkKnightXx2"), quoted or not, after a social-media cue in its sentence ("an account
/// called", "his TikTok is", "gamertag:"); letters joined by dots only right after the cue
/// ("my snap is kenz.lovesyou"); a Reddit user ("u/throwaway_kz2") anywhere. Without the
/// cue such a word is a file name, a variable or a product code, and is left to the other
/// shapes.
fn bare_handle_in(note: &Note<'_>, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let b = note.text.as_bytes();
    // most chunks with a digit are numbers: a user name starts with a letter or a quote
    if b[s].is_ascii_digit() {
        return;
    }
    if let Some((hs, he, sure)) = bare_handle(&b[s..e]).map(|(hs, he, sure)| (s + hs, s + he, sure)) {
        let cued = match sure {
            Bare::Evident => true,
            Bare::Likely => social_cue_before(b, hs),
            Bare::Dotted => social_cue_right_before(b, hs),
        };
        if cued {
            out.push(Candidate::new(hs, he, Kind::Handle, NAME, "user name after a social-media cue", PRIORITY));
        }
    }
}

/// True if a social-media cue ends right before `s`, with at most "is", "was", ":" or "="
/// between: "my snap is kenz.lovesyou", "IG: kenz.lovesyou".
fn social_cue_right_before(b: &[u8], s: usize) -> bool {
    let before = &b[s.saturating_sub(40)..s];
    // only spaces, ":" or "=" between the last word and the name
    if before.iter().rev().take_while(|c| !c.is_ascii_alphabetic()).any(|c| !matches!(c, b' ' | b':' | b'=')) {
        return false;
    }
    let mut words = before.rsplit(|c| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty());
    match words.next() {
        Some(w) if eq_any(w, &["is", "was"]) => words.next().is_some_and(|w| eq_any(w, SOCIAL_CUES)),
        Some(w) => eq_any(w, SOCIAL_CUES),
        None => false,
    }
}

/// The user name in a chunk, without the quotes, brackets and punctuation around it, and
/// how sure it is of itself.
fn bare_handle(chunk: &[u8]) -> Option<(usize, usize, Bare)> {
    const OPEN: &[u8] = b"\"'(<[";
    const CLOSE: &[u8] = b"\"')>],.;:!?";
    let mut s = 0;
    let mut e = chunk.len();
    while s < e && OPEN.contains(&chunk[s]) {
        s += 1;
    }
    while e > s && CLOSE.contains(&chunk[e - 1]) {
        e -= 1;
    }
    // typographic quotes around it (“ ” ‘ ’: E2 80 9C/9D/98/99)
    if chunk[s..e].starts_with(&[0xE2, 0x80]) && matches!(chunk.get(s + 2), Some(0x9C | 0x98)) {
        s += 3;
    }
    if e >= s + 3 && chunk[e - 3..e].starts_with(&[0xE2, 0x80]) && matches!(chunk[e - 1], 0x9D | 0x99) {
        e -= 3;
    }
    let w = &chunk[s..e];
    // "u/throwaway_kz2", "/u/Kenz_04": a Reddit user with a digit or "_" in the name ("U/A",
    // "u/s" and "u/tox" are no one)
    if let Some(name) = w.strip_prefix(b"/u/").or_else(|| w.strip_prefix(b"u/")) {
        let ok = (3..=20).contains(&name.len())
            && name.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
            && name.iter().any(|&c| c.is_ascii_digit() || c == b'_');
        return ok.then_some((s, e, Bare::Evident));
    }
    if !(4..=30).contains(&w.len()) || !w[0].is_ascii_alphabetic() || !w[w.len() - 1].is_ascii_alphanumeric() {
        return None;
    }
    let (mut letters, mut digits, mut joins) = (0, 0, 0);
    for (k, &c) in w.iter().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => letters += 1,
            b'0'..=b'9' => digits += 1,
            // a joiner between two letters or digits
            b'_' | b'.' if w[k + 1].is_ascii_alphanumeric() && w[k - 1].is_ascii_alphanumeric() => joins += 1,
            _ => return None,
        }
    }
    // "xXDarkKnightXx2": a lower-case letter before a capital, with a digit
    let camel = w.windows(2).any(|p| p[0].is_ascii_lowercase() && p[1].is_ascii_uppercase());
    let mixed = digits >= 2 || digits == 1 && camel;
    if letters < 3 {
        return None;
    }
    if joins > 0 && (digits > 0 || w.contains(&b'_')) || mixed {
        Some((s, e, Bare::Likely))
    } else if joins > 0 && letters >= 6 {
        Some((s, e, Bare::Dotted))
    } else {
        None
    }
}

/// True if `t` is a day, a month's name and a year joined by hyphens, in either order of
/// day and month ("23-Nov-2009", "05-DEC-26", "Mar-14-2023", "14-March-2023").
fn month_name_date(t: &[u8]) -> bool {
    let mut parts = t.split(|&c| c == b'-');
    let (Some(a), Some(b), Some(y), None) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let number = |p: &[u8], lens: &[usize]| lens.contains(&p.len()) && p.iter().all(u8::is_ascii_digit);
    let month = |p: &[u8]| std::str::from_utf8(p).is_ok_and(crate::detect::dates::is_month_any_case);
    number(y, &[2, 4]) && (number(a, &[1, 2]) && month(b) || month(a) && number(b, &[1, 2]))
}

/// An unlabelled code or digit run: letters with at least four digits and six characters,
/// or seven digits or more that are not a date, a decimal, money or a quantity.
fn code(note: &Note<'_>, s: usize, e: usize) -> Option<(Kind, &'static str)> {
    let b = note.text.as_bytes();
    let t = &b[s..e];
    let digits = t.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = t.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if code_system_before(b, s) {
        return None;
    }
    if letters == 0 {
        if t.contains(&b'-') || digits < 7 || digits_read_as_date(t) {
            return None;
        }
        if matches!(prev_char(note.text, s), Some('$' | '£' | '€' | '¥' | '#'))
            || (s >= 2 && matches!(b[s - 1], b'.' | b',') && b[s - 2].is_ascii_digit())
            || digit_follows(b, e, b".,")
            || followed_by_unit(b, e)
        {
            return None;
        }
        if digits <= 15 && contact_label_before(b, s).is_some() {
            return Some((contact_kind(b, s, e), "digit run after a phone label"));
        }
        return Some((Kind::Id, "long digit run"));
    }
    if digits < 4 || digits + letters < 6 {
        return None;
    }
    // "2023-03-14T10", "20230314T1030": an ISO date-time, not a code.
    let date_first = t.len() > 10
        && t[4] == b'-'
        && t[7] == b'-'
        && digits_read_as_date(&[t[0], t[1], t[2], t[3], t[5], t[6], t[8], t[9]]);
    if date_first || (t.len() > 8 && digits_read_as_date(&t[..8]) && t[8].is_ascii_alphabetic()) {
        return None;
    }
    // "23-Nov-2009", "05-DEC-26", "Mar-14-2023": a date with its month's name.
    if month_name_date(t) {
        return None;
    }
    // "1500mg", "2000IU", "1990s-2000s", "1030am": quantities, not codes.
    if t.split(|&c| c == b'-').all(|p| p.iter().all(u8::is_ascii_digit) || digits_then_unit(p)) {
        return None;
    }
    if is_vin(t) {
        return Some((Kind::Id, "VIN pattern"));
    }
    Some((Kind::Id, "alphanumeric code"))
}

/// True if the label at `ls` is the label of one of the tool's own tags ("[PHONE]"), which
/// labels nothing after it.
fn in_own_tag(b: &[u8], ls: usize) -> bool {
    ls > 0 && b[ls - 1] == b'[' && crate::render::tag_follows(&b[ls..])
}

/// Start of the first token after white space in `b[s..e]`, or `e` (never inside a
/// token: "2023-03-14T10" is not searched again from "03").
fn next_group(b: &[u8], s: usize, e: usize) -> usize {
    let Some(gap) = b[s..e].iter().position(u8::is_ascii_whitespace) else { return e };
    let gap = s + gap;
    gap + b[gap..e].iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(e - gap)
}

/// After a rejected numeric match: keeps any long digit run or code inside it.
fn digit_runs(note: &Note<'_>, s: usize, e: usize, out: &mut Vec<Candidate>) {
    let b = note.text.as_bytes();
    let mut i = s;
    while i < e {
        if !b[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let k = alnum_end(b, i).min(e);
        let alone = (i == 0 || !b[i - 1].is_ascii_alphanumeric()) && (k >= b.len() || !b[k].is_ascii_alphanumeric());
        if alone && k - i >= 6 {
            if let Some((kind, cue)) = code(note, i, k) {
                out.push(Candidate::new(i, k, kind, NAME, cue, PRIORITY));
            }
        }
        i = k;
    }
}

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

fn prev_char(text: &str, i: usize) -> Option<char> {
    text.get(..i).and_then(|t| t.chars().next_back())
}

/// True if `b[e]` is one of `seps` and a digit follows it.
fn digit_follows(b: &[u8], e: usize, seps: &[u8]) -> bool {
    e + 1 < b.len() && seps.contains(&b[e]) && b[e + 1].is_ascii_digit()
}

fn eq_any(word: &[u8], list: &[&str]) -> bool {
    list.iter().any(|w| w.len() == word.len() && w.as_bytes().eq_ignore_ascii_case(word))
}

fn number(d: &[u8]) -> Option<u32> {
    if d.is_empty() || d.len() > 9 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(d.iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0')))
}

const UNITS: &[&str] = &[
    "mg",
    "mcg",
    "ug",
    "g",
    "gm",
    "gr",
    "kg",
    "lb",
    "lbs",
    "oz",
    "ml",
    "l",
    "dl",
    "cl",
    "cc",
    "iu",
    "u",
    "unit",
    "units",
    "meq",
    "mmol",
    "mol",
    "nmol",
    "pmol",
    "umol",
    "mm",
    "cm",
    "m",
    "km",
    "in",
    "ft",
    "mi",
    "hz",
    "kcal",
    "cal",
    "calories",
    "kj",
    "j",
    "w",
    "kw",
    "v",
    "mv",
    "ma",
    "mah",
    "s",
    "sec",
    "secs",
    "min",
    "mins",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "d",
    "day",
    "days",
    "wk",
    "wks",
    "week",
    "weeks",
    "mo",
    "mos",
    "month",
    "months",
    "y",
    "yr",
    "yrs",
    "yo",
    "year",
    "years",
    "am",
    "pm",
    "st",
    "nd",
    "rd",
    "th",
    "x",
    "k",
    "kb",
    "mb",
    "gb",
    "tb",
    "bpm",
    "mmhg",
    "pg",
    "ng",
    "fl",
    "cells",
    "copies",
    "steps",
    "visits",
    "sessions",
    "times",
    "pills",
    "tabs",
    "tablets",
    "caps",
    "capsules",
    "doses",
    "puffs",
    "drinks",
    "cigarettes",
    "packs",
    "points",
    "pts",
    "percent",
    "people",
    "patients",
    "dollars",
    "usd",
    "miles",
    "words",
    "mgs",
];

/// True if a unit word or "%" follows position `i` (after at most two spaces).
fn followed_by_unit(b: &[u8], i: usize) -> bool {
    let n = b.len();
    let mut j = i;
    while j < n && j < i + 2 && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    if j < n && b[j] == b'%' {
        return true;
    }
    let k = word_end(b, j);
    if k == j || k - j > 12 || (k < n && b[k].is_ascii_digit()) {
        return false;
    }
    // An ordinal suffix is written against the number ("21st"); "555-1234 St. Mary's" is none.
    if j > i && eq_any(&b[j..k], &["st", "nd", "rd", "th"]) {
        return false;
    }
    eq_any(&b[j..k], UNITS)
}

/// "1500mg", "1990s", "0930hrs": digits followed by a unit or ordinal suffix.
fn digits_then_unit(p: &[u8]) -> bool {
    let d = p.iter().take_while(|c| c.is_ascii_digit()).count();
    d > 0 && d < p.len() && eq_any(&p[d..], UNITS)
}

fn is_year(v: &[u8]) -> bool {
    v.len() == 4 && number(v).is_some_and(|y| (1900..=2099).contains(&y))
}

fn valid_md(m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d)
}

/// An 8-digit run that reads as YYYYMMDD, MMDDYYYY or DDMMYYYY, or a 12/14-digit
/// timestamp YYYYMMDDHHMM[SS].
fn digits_read_as_date(t: &[u8]) -> bool {
    let num = |r: std::ops::Range<usize>| number(&t[r]).unwrap_or(99_999);
    let year = |v: u32| (1900..=2099).contains(&v);
    match t.len() {
        8 => {
            (year(num(0..4)) && valid_md(num(4..6), num(6..8)))
                || (year(num(4..8)) && (valid_md(num(0..2), num(2..4)) || valid_md(num(2..4), num(0..2))))
        }
        12 | 14 => {
            year(num(0..4))
                && valid_md(num(4..6), num(6..8))
                && num(8..10) <= 23
                && num(10..12) <= 59
                && (t.len() == 12 || num(12..14) <= 59)
        }
        _ => false,
    }
}

/// True if the first three digit groups of a phone-like match read as a date:
/// D/M/Y or M/D/Y (1-2, 1-2, 2 or 4 digits) or Y/M/D, with one separator, and nothing
/// after them but a different separator (a time).
fn groups_read_as_date(t: &[u8]) -> bool {
    let mut groups = [(0usize, 0usize); 4];
    let mut seps = [0u8; 3];
    let (mut count, mut i) = (0, 0);
    while i < t.len() && count < 4 {
        let k = i + t[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if k == i {
            return false;
        }
        groups[count] = (i, k);
        if count < 3 && k < t.len() {
            seps[count] = t[k];
        }
        count += 1;
        i = k + 1;
    }
    if count < 3 || seps[0] != seps[1] || (count == 4 && seps[2] == seps[0]) {
        return false;
    }
    let g = |j: usize| &t[groups[j].0..groups[j].1];
    let v = |j: usize| number(g(j)).unwrap_or(99_999);
    let small = |j: usize| (1..=2).contains(&g(j).len());
    (small(0) && small(1) && matches!(g(2).len(), 2 | 4) && (valid_md(v(0), v(1)) || valid_md(v(1), v(0))))
        || (is_year(g(0)) && small(1) && small(2) && valid_md(v(1), v(2)))
}

/// A labelled value that is a date ("3-14-2023", "2023.03.14").
fn value_is_date(v: &[u8]) -> bool {
    v.iter().all(|c| c.is_ascii_digit() || matches!(c, b'-' | b'.'))
        && v.iter().filter(|c| !c.is_ascii_digit()).count() == 2
        && groups_read_as_date(v)
}

/// A labelled value that is a plain decimal ("12.5").
fn value_is_decimal(v: &[u8]) -> bool {
    v.iter().filter(|&&c| c == b'.').count() == 1 && v.iter().all(|c| c.is_ascii_digit() || *c == b'.')
}

fn luhn(t: &[u8]) -> bool {
    let mut sum = 0u32;
    for (i, c) in t.iter().rev().filter(|c| c.is_ascii_digit()).enumerate() {
        let mut d = u32::from(c - b'0');
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    sum % 10 == 0
}

/// IBAN lengths of the countries that use one (ISO 13616 registry, common entries).
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AT", 20),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BR", 29),
    (b"CH", 21),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"EE", 20),
    (b"ES", 24),
    (b"FI", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NL", 18),
    (b"NO", 15),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"SA", 24),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
];

/// ISO 13616 check: a known country with its length, check digits, mod 97 == 1. Spaces
/// are ignored.
fn iban_ok(t: &[u8]) -> bool {
    let mut buf = [0u8; 34];
    let mut n = 0;
    for &c in t.iter().filter(|&&c| c != b' ') {
        if n == buf.len() || !c.is_ascii_alphanumeric() {
            return false;
        }
        buf[n] = c.to_ascii_uppercase();
        n += 1;
    }
    if n < 15
        || !buf[2..4].iter().all(u8::is_ascii_digit)
        || !IBAN_LENGTHS.iter().any(|&(c, len)| *c == [buf[0], buf[1]] && len == n)
    {
        return false;
    }
    let mut r = 0u32;
    for &c in buf[4..n].iter().chain(&buf[..4]) {
        r = if c.is_ascii_digit() {
            (r * 10 + u32::from(c - b'0')) % 97
        } else {
            (r * 100 + u32::from(c - b'A' + 10)) % 97
        };
    }
    r == 1
}

/// 17 characters of the VIN alphabet (no I, O, Q) with letters and digits.
fn is_vin(t: &[u8]) -> bool {
    t.len() == 17
        && t.iter().all(|c| c.is_ascii_alphanumeric() && !matches!(c.to_ascii_uppercase(), b'I' | b'O' | b'Q'))
        && t.iter().any(u8::is_ascii_alphabetic)
}

/// Trims trailing punctuation from a URL, and a closing bracket it did not open.
fn trim_url(b: &[u8], s: usize, mut e: usize) -> usize {
    let mut depth = b[s..e].iter().fold(0isize, |d, &c| match c {
        b'(' => d + 1,
        b')' => d - 1,
        _ => d,
    });
    while e > s {
        let c = b[e - 1];
        if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'*') {
            e -= 1;
        } else if c == b')' && depth < 0 {
            depth += 1;
            e -= 1;
        } else {
            break;
        }
    }
    e
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Contact {
    Phone,
    Fax,
}

const FAX_WORDS: &[&str] = &["fax", "facsimile", "fx", "f"];
const PHONE_WORDS: &[&str] = &[
    "phone",
    "telephone",
    "tel",
    "tele",
    "ph",
    "cell",
    "cellphone",
    "mobile",
    "mob",
    "pager",
    "beeper",
    "pgr",
    "home",
    "work",
    "office",
    "desk",
    "direct",
    "main",
    "contact",
    "callback",
    "call",
    "called",
    "reach",
    "reached",
    "text",
    "texted",
    "p",
    "c",
    "h",
    "w",
    "m",
    "o",
    "t",
];
const FILLER_WORDS: &[&str] =
    &["number", "no", "num", "nr", "at", "on", "is", "me", "him", "her", "them", "back", "line"];

/// The phone or fax label just before `s` on the same line, looking through up to three
/// words ("fax number:", "call me at").
fn contact_label_before(b: &[u8], s: usize) -> Option<Contact> {
    let lo = s.saturating_sub(40);
    let mut i = s;
    for _ in 0..3 {
        while i > lo && matches!(b[i - 1], b' ' | b'\t' | b':' | b'#' | b'.' | b'=' | b'-' | b'(' | b')' | b'/') {
            i -= 1;
        }
        let e = i;
        while i > lo && b[i - 1].is_ascii_alphabetic() {
            i -= 1;
        }
        let w = &b[i..e];
        if w.is_empty() || (i > 0 && b[i - 1].is_ascii_alphanumeric()) {
            return None;
        }
        if eq_any(w, FAX_WORDS) {
            return Some(Contact::Fax);
        }
        if eq_any(w, PHONE_WORDS) {
            return Some(Contact::Phone);
        }
        if !eq_any(w, FILLER_WORDS) {
            return None;
        }
    }
    None
}

/// The contact label right after a number ("(555) 123-4568 fax", "...-Office", "(cell)").
fn contact_word_after(b: &[u8], e: usize) -> Option<Contact> {
    let mut j = e;
    while j < b.len() && j < e + 3 && matches!(b[j], b' ' | b'\t' | b'-' | b'(' | b',' | b'/') {
        j += 1;
    }
    let k = word_end(b, j);
    let w = &b[j..k];
    if k < b.len() && b[k].is_ascii_digit() {
        None
    } else if eq_any(w, &["fax", "facsimile"]) {
        Some(Contact::Fax)
    } else if eq_any(w, &["office", "mobile", "cell", "home", "work", "desk", "phone", "tel", "landline", "pager"]) {
        Some(Contact::Phone)
    } else {
        None
    }
}

/// True if "fax" follows the number.
fn fax_after(b: &[u8], e: usize) -> bool {
    contact_word_after(b, e) == Some(Contact::Fax)
}

fn contact_kind(b: &[u8], s: usize, e: usize) -> Kind {
    if fax_after(b, e) || contact_label_before(b, s) == Some(Contact::Fax) {
        Kind::Fax
    } else {
        Kind::Phone
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compile() {
        // (each shape is compiled on first use: all of them, here)
        let ids = Identifiers::new();
        for k in 0..SHAPES.len() {
            let _ = ids.shape(k);
        }
    }

    #[test]
    fn checksums() {
        assert!(luhn(b"4111 1111 1111 1111"));
        assert!(!luhn(b"4111 1111 1111 1112"));
        assert!(iban_ok(b"GB82 WEST 1234 5698 7654 32"));
        assert!(iban_ok(b"gb82west12345698765432"));
        assert!(!iban_ok(b"GB82 WEST 1234 5698 7654 33"));
    }

    #[test]
    fn trigger_scan_matches_the_byte_loop() {
        let mut rng = crate::testing::Xorshift(0x2545_f491_4f6c_dd1d);
        for _ in 0..2000 {
            let len = (rng.0 % 40) as usize;
            let v: Vec<u8> = (0..len).map(|_| b" aZ.:/@09-\x80\xff+("[rng.below(14)]).collect();
            let naive = v.iter().position(|&c| CLASS[c as usize] & TRIGGER != 0).unwrap_or(v.len());
            assert_eq!(next_trigger(&v, 0), naive, "{v:?}");
        }
    }

    #[test]
    fn email_by_hand() {
        let text = "mail: josé.k@mail.example.org, x@y, .a@b.co.";
        let found: Vec<&str> = (0..text.len())
            .filter(|&p| text.as_bytes()[p] == b'@')
            .filter_map(|p| email_at(text, p))
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["josé.k@mail.example.org", "a@b.co"]);
    }

    /// Random text from a hostile alphabet: no panic, candidates on char boundaries.
    #[test]
    fn random_input_never_panics() {
        let det = Identifiers::new();
        let lex = crate::lexicon::Lexicon::new();
        let pieces = [
            "5", "0", "1", "-", ".", ":", "@", "+", "(", ")", " ", "\n", "\r\n", "\0", "é", "€", "ü@", "x", "ext",
            "MRN", "fax", "phone:", "#", "/", "www.", "http://", "GB82", "::", "ffff", "a", "Z", "\u{2013}", "\u{a0}",
        ];
        let mut rng = crate::testing::Xorshift(0x9e37_79b9_7f4a_7c15);
        for _ in 0..300 {
            let count = rng.0 % 300;
            let text = rng.text(&pieces, count);
            let mut out = Vec::new();
            det.detect(&Note { text: &text, tokens: &[], lex: &lex }, &mut out);
            for c in &out {
                assert!(c.start < c.end && c.end <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end), "{text:?}");
            }
        }
    }

    #[test]
    fn dates_are_recognised() {
        assert!(digits_read_as_date(b"20230314"));
        assert!(digits_read_as_date(b"03142023"));
        assert!(!digits_read_as_date(b"44711901"));
        assert!(groups_read_as_date(b"03.14.2023"));
        assert!(groups_read_as_date(b"03-14-2023 1030"));
        assert!(!groups_read_as_date(b"03.93.92.16.85"));
        assert!(!groups_read_as_date(b"06-12-34-56-78"));
    }
}
