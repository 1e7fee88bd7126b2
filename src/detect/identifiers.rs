//! Detector `identifiers`: contact details and identifying numbers.
//!
//! # What it detects
//!
//! | kind | examples | cue |
//! |---|---|---|
//! | `PHONE` | `(555) 123-4567`, `555.123.4567`, `+1 555 123 4567`, `1-800-555-0199 ext. 45`, `555-1234`, `+44 20 7946 0958`, `06-12345678`, `Phone: 72 128 827` | `phone pattern`, `labelled phone` |
//! | `FAX` | the same shapes after `Fax:` / `F:` or before `fax` | `fax pattern`, `labelled fax` |
//! | `EMAIL` | `k.r@example.org` | `e-mail pattern` |
//! | `URL` | `https://portal.example.org/x`, `www.example.org`, `portal.example.org` | `URL pattern`, `domain pattern` |
//! | `IP` | `192.0.2.14`, `2001:db8::7`, `::ffff:192.0.2.1` | `IPv4 pattern`, `IPv6 pattern` |
//! | `HANDLE` | `@kr_2009` | `handle pattern` |
//! | `SSN` | `123-45-6789`, `123 45 6789`, `SSN 123456789` | `SSN pattern`, `labelled SSN` |
//! | `MRN` | `MRN: 4471190`, `chart #K915953`, `medical record no. 88-1234` (the value only) | `labelled MRN` |
//! | `ID` | `member ID XB123456789`, `policy #rg17`, `DL: F1628235`, plate, VIN, S/N, NPI, DEA, Medicaid, account, case numbers; card numbers, IBANs, MAC addresses; unlabelled codes such as `K915953` and digit runs of 7 or more | `labelled identifier`, `alphanumeric code`, `long digit run`, `card number`, `IBAN pattern`, `VIN pattern` |
//!
//! Two passes over the text, each one compiled regex run once:
//! 1. *labels*: a label word ("MRN", "member ID", "policy #", "Fax:") is followed to its
//!    value, which is scanned by hand (digit groups for phones, alphanumeric groups for
//!    the rest). Only the value becomes a candidate, so "MRN: [MRN]" stays readable.
//!    Priority [`LABELLED_PRIORITY`].
//! 2. *shapes*: one alternation of every unlabelled shape (e-mail, URL, IP, IBAN, card,
//!    phone, SSN, domain, handle, code); the matching branch is read from the capture
//!    groups and checked (octets, Luhn, mod-97, dates, units, context). Priority
//!    [`PRIORITY`]. A rejected numeric match is searched again for a long digit run.
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
//! use phi_redact::segment::tokenize;
//!
//! let text = "MRN: 4471190. Call 555-123-4567; PHQ-9 of 14.";
//! let (lex, mut tokens, mut scratch) = (Lexicon::new(), Vec::new(), String::new());
//! tokenize(text, &lex, &mut tokens, &mut scratch);
//! let mut out = Vec::new();
//! Identifiers::new().detect(&Note { text, tokens: &tokens, lex: &lex }, &mut out);
//! let found: Vec<&str> = out.iter().map(|c| &text[c.start..c.end]).collect();
//! assert_eq!(found, ["4471190", "555-123-4567"]);
//! ```
//!
//! # Options
//! None. Both regexes are compiled once by [`Identifiers::new`]; the user's allow list
//! cannot remove an identifier (see the resolve stage), a deny list can add one.
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
//!   or "%" follows or both halves end in "00" ("900-1200").
//! - Four dotted numbers up to 255 ("1.2.3.4", a version) are taken for an IPv4 address.
//! - A bare domain with a listed top-level domain ("fit.com") is a URL even in prose.
//! - Counts of 7 digits or more with no unit ("platelets 1500000") are digit runs; gene or
//!   lot names with four digits or more ("BRCA1185") are codes.
//! - "@word" is a handle when it is not an English word, or when a social-media cue
//!   ("instagram", "handle", "posted") precedes it on the line; "@bedtime" is kept.
//! - Unlabelled phones without an area code or trunk prefix in loose national formats
//!   ("699 956 915") are found only after a label ("Phone:", "cell", "tel").

use std::net::Ipv6Addr;

use regex::{CaptureLocations, Regex, RegexBuilder};

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
const URLCH: &str = r#"[^\s<>"'`{}|\\^\[\]]"#;
/// One DNS label.
const LABEL: &str = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?";
/// Top-level domains accepted on a bare domain (without `http://` or `www.`). Two-letter
/// domains that are English words or clinical abbreviations ("in", "is", "me", "pt", "md")
/// are left out on purpose.
const TLD: &str = "(?i:com|org|net|edu|gov|mil|int|info|biz|io|co|health|care|clinic|app|online|site|\
                   uk|ca|au|nz|ie|de|fr|nl|se|dk|fi|pl|cz|ch|es|br|mx|jp|cn|ru|eu)";

/// The unlabelled shapes, in the order of the alternation (leftmost-first: at one start
/// position the earlier branch wins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Email,
    Scheme,
    Www,
    HexColon,
    Ipv4,
    Iban,
    Card,
    Intl,
    Ssn,
    Nanp,
    Phone7,
    Trunk,
    Domain,
    Handle,
    Code,
}

const SHAPES: [Shape; 15] = [
    Shape::Email,
    Shape::Scheme,
    Shape::Www,
    Shape::HexColon,
    Shape::Ipv4,
    Shape::Iban,
    Shape::Card,
    Shape::Intl,
    Shape::Ssn,
    Shape::Nanp,
    Shape::Phone7,
    Shape::Trunk,
    Shape::Domain,
    Shape::Handle,
    Shape::Code,
];

fn shape_pattern(shape: Shape) -> String {
    let ext = format!(r"[\t\x20]*,?[\t\x20]*(?i:x|ext|extn|extension)\.?[\t\x20]*[0-9]{{1,6}}{B}");
    let end = format!("(?:{ext}|{B})");
    match shape {
        Shape::Email => format!(r"[\p{{L}}\p{{N}}._%+\-]+@{LABEL}(?:\.{LABEL})*\.[A-Za-z]{{2,24}}{B}"),
        Shape::Scheme => format!(r"(?i:https?|ftps?|sftp)://{URLCH}+"),
        Shape::Www => format!(r"{B}(?i:www[0-9]{{0,3}})\.{LABEL}(?:\.{LABEL})+(?::[0-9]{{2,5}})?(?:[/?#]{URLCH}*)?"),
        Shape::HexColon => format!(
            r"(?:{B}[0-9A-Fa-f]{{1,4}}(?::[0-9A-Fa-f]{{0,4}}){{2,7}}|::[0-9A-Fa-f]{{1,4}}(?::[0-9A-Fa-f]{{1,4}}){{0,6}})(?:\.[0-9]{{1,3}}){{0,3}}"
        ),
        Shape::Ipv4 => format!(r"{B}[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{3}}{B}"),
        Shape::Iban => format!(r"{B}[A-Za-z]{{2}}[0-9]{{2}}(?:\x20?[A-Za-z0-9]{{4}}){{2,7}}(?:\x20?[A-Za-z0-9]{{1,3}})?{B}"),
        Shape::Card => format!(
            r"{B}(?:[0-9]{{4}}(?:[\x20\-][0-9]{{4}}){{2}}[\x20\-][0-9]{{1,7}}|[0-9]{{4}}[\x20\-][0-9]{{6}}[\x20\-][0-9]{{4,5}}){B}"
        ),
        Shape::Intl => format!(
            r"\+[0-9]{{1,3}}(?:{SEP}?\(0\))?{SEP}?\(?[0-9]{{1,5}}\)?(?:{SEP}?\(?[0-9]{{2,5}}\)?){{0,5}}{end}"
        ),
        Shape::Ssn => format!(r"{B}[0-9]{{3}}(?:-[0-9]{{2}}-|\x20[0-9]{{2}}\x20)[0-9]{{4}}{B}"),
        Shape::Nanp => format!(
            r"(?:{B}1{SEP}?)?(?:{B}[0-9]{{3}}{SEP}|\([0-9]{{3}}\){SEP}?)[0-9]{{3}}{SEP}[0-9]{{4}}{end}"
        ),
        Shape::Phone7 => format!(r"{B}[0-9]{{3}}[\-\x{{2013}}][0-9]{{4}}{end}"),
        Shape::Trunk => format!(r"(?:{B}0[0-9]{{1,4}}|\(0[0-9]{{1,4}}\))(?:{SEP}?[0-9]{{2,4}}){{2,4}}{end}"),
        Shape::Domain => format!(r"{B}(?:{LABEL}\.)+{TLD}{B}(?::[0-9]{{2,5}})?(?:/{URLCH}*)?"),
        Shape::Handle => r"@[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*".to_string(),
        Shape::Code => format!(r"{B}[A-Za-z]*[0-9](?:[A-Za-z\-]*[0-9]){{3}}[A-Za-z0-9\-]*{B}"),
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
    /// Fax number, label valid only before a colon ("F:").
    FaxColon,
    /// Telephone number.
    Phone,
    /// Telephone number, label valid only before a colon ("C:", "Home:").
    PhoneColon,
    /// Specific identifier label (member ID, policy, licence, VIN ...).
    Id,
    /// Generic label ("ID", "DL", "claim"): the value needs more digits.
    IdWeak,
    /// Card label ("card", "cc"): the value needs 12 digits or more.
    Card,
}

const LABELS: [Label; 9] = [
    Label::Mrn,
    Label::Ssn,
    Label::Fax,
    Label::FaxColon,
    Label::Phone,
    Label::PhoneColon,
    Label::Id,
    Label::IdWeak,
    Label::Card,
];

/// A required "number" suffix after a label head ("chart #", "case no.").
const SUF: &str = r"(?: (?:\#|(?:no|nr|num|number|id)\b))";

/// Label fragments per [`Label`], in the same order. Written in `(?i-u)` mode, so `\b` is
/// the ASCII word boundary; a space means "optional spaces or tabs". A fragment that ends
/// in a letter gets `\b` appended.
fn label_fragments(label: Label) -> Vec<String> {
    let suf = |head: &str| format!("{head}{SUF}");
    match label {
        Label::Mrn => vec![
            "mrn".into(),
            suf("mr"),
            "mr#".into(),
            format!(r"medical records?\b{SUF}?"),
            format!(r"med\.? ?rec(?:ord)?\.?{SUF}"),
            suf("chart"),
            suf(r"(?:patient|pt|client|hospital|record|emr|ehr)\.?"),
        ],
        Label::Ssn => vec![
            "ssn".into(),
            suf("ss"),
            "ss#".into(),
            r"social security(?: (?:card|number|num|no)\b)?".into(),
            r"soc\.? ?sec\b\.?".into(),
        ],
        Label::Fax => vec!["fax".into(), "facsimile".into()],
        Label::FaxColon => vec!["f".into(), "fx".into()],
        Label::Phone => vec![
            "phone".into(),
            "telephone".into(),
            "tel".into(),
            "tele".into(),
            "ph".into(),
            "cell".into(),
            "cellphone".into(),
            "mobile".into(),
            "mob".into(),
            "pager".into(),
            "beeper".into(),
            "call ?back".into(),
            suf("contact"),
        ],
        Label::PhoneColon => vec![
            "[pchwmot]".into(),
            "hm".into(),
            "wk".into(),
            "home".into(),
            "work".into(),
            "office".into(),
            "desk".into(),
            "direct".into(),
            "main".into(),
            "contact".into(),
        ],
        Label::Id => vec![
            "member".into(),
            "subscriber".into(),
            "policy".into(),
            "account".into(),
            "acct".into(),
            "a/c".into(),
            "licen[cs]e".into(),
            "plate".into(),
            "vin".into(),
            "serial".into(),
            "s/n".into(),
            "imei".into(),
            "udi".into(),
            suf("device"),
            "npi".into(),
            "dea".into(),
            "medicaid".into(),
            "medicare".into(),
            "mbi".into(),
            "hicn".into(),
            "insurance".into(),
            suf("ins"),
            "health ?plan".into(),
            "beneficiary".into(),
            "passport".into(),
            "iban".into(),
            "routing".into(),
            "ein".into(),
            "itin".into(),
            "upin".into(),
            "nhs".into(),
            suf("(?:employee|student|group|case|certificate|cert|tag|file|order|ref|reference|confirmation)"),
            suf("(?:authori[sz]ation|auth|rx|prescription|specimen|encounter|visit|fin|identification|bank)"),
        ],
        Label::IdWeak => vec![
            "id".into(),
            "claim".into(),
            "badge".into(),
            "docket".into(),
            "accession".into(),
            "csn".into(),
            "dl".into(),
            "lic".into(),
            "sn".into(),
        ],
        Label::Card => {
            vec!["(?:credit|debit) ?card".into(), "card".into(), "cc".into()]
        }
    }
}

fn label_pattern() -> String {
    let groups: Vec<String> = LABELS
        .iter()
        .map(|&l| {
            let alts: Vec<String> = label_fragments(l)
                .into_iter()
                .map(|f| {
                    let mut f = f.replace(' ', r"[\t\x20]*");
                    if f.as_bytes().last().is_some_and(u8::is_ascii_alphabetic) {
                        f.push_str(r"\b");
                    }
                    f
                })
                .collect();
            format!("({})", alts.join("|"))
        })
        .collect();
    format!(r"(?i-u)\b(?:{})", groups.join("|"))
}

/// The `identifiers` detector: both passes, compiled once.
pub struct Identifiers {
    shapes: Regex,
    labels: Regex,
}

impl Default for Identifiers {
    fn default() -> Self {
        Self::new()
    }
}

impl Identifiers {
    /// Compiles the two regexes (shapes and labels).
    pub fn new() -> Identifiers {
        let shapes = SHAPES.iter().map(|&s| format!("({})", shape_pattern(s))).collect::<Vec<_>>().join("|");
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .size_limit(64 << 20)
                .dfa_size_limit(16 << 20)
                .build()
                .expect("identifier patterns are valid")
        };
        Identifiers { shapes: build(&shapes), labels: build(&label_pattern()) }
    }
}

/// Index of the first capture group that took part in the match (1-based).
fn group_of(locs: &CaptureLocations) -> Option<usize> {
    (1..locs.len()).find(|&g| locs.get(g).is_some())
}

impl Detector for Identifiers {
    fn name(&self) -> &'static str {
        NAME
    }

    fn detect(&self, note: &Note<'_>, out: &mut Vec<Candidate>) {
        let text = note.text;
        let base = out.len();

        // Pass 1: labels and their values.
        let mut locs = self.labels.capture_locations();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.labels.captures_read_at(&mut locs, text, at) else { break };
            if m.end() <= at {
                break;
            }
            at = m.end();
            if let Some(label) = group_of(&locs).and_then(|g| LABELS.get(g - 1)) {
                if let Some(end) = labelled(note, *label, m.start(), m.end(), out) {
                    at = at.max(end);
                }
            }
        }
        let labelled_end = out.len();

        // Pass 2: unlabelled shapes.
        let mut locs = self.shapes.capture_locations();
        let mut li = base;
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.shapes.captures_read_at(&mut locs, text, at) else { break };
            let (s, e) = (m.start(), m.end());
            if e <= at {
                break;
            }
            at = e;
            while li < labelled_end && out[li].end <= s {
                li += 1;
            }
            if li < labelled_end && out[li].start <= s && e <= out[li].end {
                continue;
            }
            let Some(shape) = group_of(&locs).and_then(|g| SHAPES.get(g - 1)) else { continue };
            match classify(note, *shape, s, e) {
                Some((s, e, kind, cue)) => out.push(Candidate::new(s, e, kind, NAME, cue, PRIORITY)),
                None => {
                    if !matches!(shape, Shape::Email | Shape::Scheme | Shape::Www | Shape::Domain | Shape::Handle) {
                        digit_runs(note, s, e, out);
                    }
                }
            }
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
}

/// Words that may stand between a label and its value.
const GAP_WORDS: &[&str] = &["no", "nr", "num", "number", "is", "was", "id", "card", "ending", "in", "of"];

fn skip_gap(b: &[u8], mut i: usize) -> Gap {
    let n = b.len();
    let (mut sep, mut colon, mut newline) = (false, false, false);
    for _ in 0..8 {
        while i < n && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i >= n {
            break;
        }
        match b[i] {
            b':' | b'#' | b'=' | b'.' | b'-' | b')' | b'|' => {
                sep = true;
                colon |= b[i] == b':';
                i += 1;
            }
            b'(' => {
                // "(cell)", "(home)": a parenthesised word is skipped whole.
                let mut k = i + 1;
                while k < n && k <= i + 16 && (b[k].is_ascii_alphabetic() || b[k] == b' ') {
                    k += 1;
                }
                i = if k < n && b[k] == b')' && k > i + 1 { k + 1 } else { i + 1 };
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
                if !eq_any(w, GAP_WORDS) {
                    break;
                }
                sep |= eq_any(w, &["no", "nr", "num", "number"]);
                i = k;
            }
            _ => break,
        }
    }
    Gap { pos: i, sep, colon }
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

/// Follows a label to its value; pushes the candidate and returns the value's end.
fn labelled(note: &Note<'_>, label: Label, ls: usize, le: usize, out: &mut Vec<Candidate>) -> Option<usize> {
    let b = note.text.as_bytes();
    // "mg/dL", "e-mail", "x.id": not a label.
    if ls > 0 && matches!(b[ls - 1], b'/' | b'.' | b'@' | b'-' | b'_' | b'\'') {
        return None;
    }
    let gap = skip_gap(b, le);
    if matches!(label, Label::FaxColon | Label::PhoneColon) && !gap.colon {
        return None;
    }
    let (kind, cue, s, e) = match label {
        Label::Fax | Label::FaxColon | Label::Phone | Label::PhoneColon => {
            let (s, e) = scan_phone(b, gap.pos)?;
            if matches!(label, Label::Fax | Label::FaxColon) || fax_after(b, e) {
                (Kind::Fax, "labelled fax", s, e)
            } else {
                (Kind::Phone, "labelled phone", s, e)
            }
        }
        _ => {
            let v = scan_value(note, gap.pos)?;
            let value = &b[v.start..v.end];
            let enough = match label {
                Label::Card => v.digits >= 12,
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
            if !gap.sep && (is_year(value) || followed_by_unit(b, v.end)) {
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
            let ends_clean = k >= n || !matches!(b[k], b'-' | b'.' | b'/' | b':') || !b.get(k + 1).is_some_and(u8::is_ascii_digit);
            if (2..=6).contains(&next.len()) && next.iter().any(u8::is_ascii_digit) && ends_clean && !followed_by_unit(b, k) {
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
    let i = note.token_at(s);
    let entry = note.tokens.get(i).filter(|t| t.start == s && t.end == e).map(|t| t.entry);
    let entry = entry.unwrap_or_default();
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
    match shape {
        Shape::Email => {
            let s = s + t.iter().take_while(|c| !c.is_ascii_alphanumeric() && c.is_ascii()).count();
            (b[s] != b'@').then_some((s, e, Kind::Email, "e-mail pattern"))
        }
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
            // The host needs a letter outside the top-level domain, and no label may be a
            // lone letter before a lone letter ("e.g" never reaches here: no such TLD).
            let host = &b[s..host_end];
            let last_dot = host.iter().rposition(|&c| c == b'.')?;
            host[..last_dot].iter().any(u8::is_ascii_alphabetic).then_some((s, e, Kind::Url, "domain pattern"))
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
            if luhn(t) {
                Some((s, e, Kind::Id, "card number"))
            } else {
                let fours = t.split(|c| !c.is_ascii_digit()).all(|g| g.len() == 4);
                fours.then_some((s, e, Kind::Id, "grouped number"))
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
            if !(9..=13).contains(&n) || groups_read_as_date(main) || followed_by_unit(b, e) {
                return None;
            }
            Some((s, e, contact_kind(b, s, e), "national phone pattern"))
        }
        Shape::Handle => handle(note, s, e),
        Shape::Code => code(note, s, e).map(|(k, cue)| (s, e, k, cue)),
    }
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
    if matches!(prev_char(note.text, s), Some(c) if c.is_alphanumeric() || matches!(c, '.' | '_' | '@' | '/' | '+' | '-')) {
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
    let i = note.token_at(s + 1);
    let word = note.tokens.get(i).filter(|t| t.start == s + 1 && t.end == e).is_some_and(|t| {
        t.entry.word() > 0 || t.entry.has(bits::MEDICAL | bits::CLINICAL | bits::DRUG | bits::STOPWORD)
    });
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
    let window = match window.iter().rposition(|&c| c == b'\n') {
        Some(p) => &window[p + 1..],
        None => window,
    };
    window.split(|c| !c.is_ascii_alphabetic()).any(|w| eq_any(w, SOCIAL_CUES))
}

/// An unlabelled code or digit run: letters with at least four digits and six characters,
/// or seven digits or more that are not a date, a decimal, money or a quantity.
fn code(note: &Note<'_>, s: usize, e: usize) -> Option<(Kind, &'static str)> {
    let b = note.text.as_bytes();
    let t = &b[s..e];
    let digits = t.iter().filter(|c| c.is_ascii_digit()).count();
    let letters = t.iter().filter(|c| c.is_ascii_alphabetic()).count();
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
    // "1500mg", "2000IU", "1990s-2000s", "1030am": quantities, not codes.
    if t.split(|&c| c == b'-').all(|p| p.iter().all(u8::is_ascii_digit) || digits_then_unit(p)) {
        return None;
    }
    if is_vin(t) {
        return Some((Kind::Id, "VIN pattern"));
    }
    Some((Kind::Id, "alphanumeric code"))
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
    "mg", "mcg", "ug", "g", "gm", "gr", "kg", "lb", "lbs", "oz", "ml", "l", "dl", "cl", "cc", "iu", "u", "unit", "units",
    "meq", "mmol", "mol", "nmol", "pmol", "umol", "mm", "cm", "m", "km", "in", "ft", "mi", "hz", "kcal", "cal",
    "calories", "kj", "j", "w", "kw", "v", "mv", "ma", "mah", "s", "sec", "secs", "min", "mins", "h", "hr", "hrs",
    "hour", "hours", "d", "day", "days", "wk", "wks", "week", "weeks", "mo", "mos", "month", "months", "y", "yr",
    "yrs", "yo", "year", "years", "am", "pm", "st", "nd", "rd", "th", "x", "k", "kb", "mb", "gb", "tb", "bpm",
    "mmhg", "pg", "ng", "fl", "cells", "copies", "steps", "visits", "sessions", "times", "pills", "tabs", "tablets",
    "caps", "capsules", "doses", "puffs", "drinks", "cigarettes", "packs", "points", "pts", "percent", "people",
    "patients", "dollars", "usd", "miles", "words", "mgs",
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

/// ISO 13616 check: country letters, check digits, mod 97 == 1. Spaces are ignored.
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
    if n < 15 || !buf[..2].iter().all(u8::is_ascii_alphabetic) || !buf[2..4].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let mut r = 0u32;
    for &c in buf[4..n].iter().chain(&buf[..4]) {
        r = if c.is_ascii_digit() { (r * 10 + u32::from(c - b'0')) % 97 } else { (r * 100 + u32::from(c - b'A' + 10)) % 97 };
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
    while e > s {
        let c = b[e - 1];
        let open = |o: u8| b[s..e].iter().filter(|&&x| x == o).count();
        let unbalanced = match c {
            b')' => open(b'(') < open(b')'),
            _ => false,
        };
        if matches!(c, b'.' | b',' | b';' | b':' | b'!' | b'?' | b'\'' | b'"' | b'*') || unbalanced {
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
    "home",
    "work",
    "office",
    "desk",
    "direct",
    "main",
    "contact",
    "callback",
    "call",
    "text",
    "p",
    "c",
    "h",
    "w",
    "m",
    "o",
    "t",
];
const FILLER_WORDS: &[&str] = &["number", "no", "num", "nr", "at", "on", "is", "me", "him", "her", "them", "back", "line"];

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

/// True if "fax" follows the number ("(555) 123-4568 fax", "...-Fax", "(fax)").
fn fax_after(b: &[u8], e: usize) -> bool {
    let mut j = e;
    while j < b.len() && j < e + 3 && matches!(b[j], b' ' | b'\t' | b'-' | b'(' | b',') {
        j += 1;
    }
    let k = word_end(b, j);
    eq_any(&b[j..k], &["fax", "facsimile"])
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
        let _ = Identifiers::new();
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
