// Lexicon entry encoding, shared by `build.rs` (which writes the transducer) and the
// library (which reads it). One `u64` per normalised key carries every list the key is in.
//
// `build.rs` includes this file with `include!`, so it may only use crates that are both
// dependencies and build-dependencies (`unicode-normalization`).

/// Frequencies are stored as `round(log2(count + 1) * 7)`, saturating at 255.
pub fn freq_score(count: u64) -> u8 {
    let s = ((count as f64 + 1.0).log2() * 7.0).round();
    if s > 255.0 {
        255
    } else {
        s as u8
    }
}

/// Commonness score of a lower-case English word from its SCOWL size level
/// (10 = the most common words; 60 = the largest list used), on the same scale as
/// [`freq_score`]: roughly the score of a count of 2^(score/7).
pub fn level_score(level: u64) -> u8 {
    match level {
        0..=10 => 200,
        11..=20 => 180,
        21..=35 => 150,
        36..=40 => 140,
        41..=50 => 120,
        51..=55 => 105,
        _ => 95,
    }
}

/// Bit layout of a packed entry.
pub mod bits {
    /// First-name frequency score (Census 2020 + SSA), bits 0..8.
    pub const FIRST_SHIFT: u32 = 0;
    /// Surname frequency score (Census 2010), bits 8..16.
    pub const SURNAME_SHIFT: u32 = 8;
    /// Commonness as a lower-case English word (see [`super::level_score`]), bits 16..24.
    pub const WORD_SHIFT: u32 = 16;
    /// Population score of the largest place with this name, bits 24..32.
    pub const PLACE_POP_SHIFT: u32 = 24;
    /// Share of women among people with this first name, plus one (0 = unknown), bits 54..62.
    pub const FEMALE_SHIFT: u32 = 54;
    /// Flags, bits 32..54.
    pub const MEDICAL: u64 = 1 << 32;
    /// FDA drug name (official or brand).
    pub const DRUG: u64 = 1 << 33;
    /// US city or town (GeoNames cities500).
    pub const US_CITY: u64 = 1 << 34;
    /// US county name ("Cook County" and "cook").
    pub const US_COUNTY: u64 = 1 << 35;
    /// US state or territory name.
    pub const US_STATE: u64 = 1 << 36;
    /// Two-letter USPS state abbreviation.
    pub const STATE_ABBR: u64 = 1 << 37;
    /// Country name.
    pub const COUNTRY: u64 = 1 << 38;
    /// Non-US city of 15,000 people or more.
    pub const WORLD_CITY: u64 = 1 << 39;
    /// USPS street suffix (street, st, avenue, ave ...).
    pub const STREET_SUFFIX: u64 = 1 << 40;
    /// USPS unit designator (apt, suite, unit ...).
    pub const UNIT: u64 = 1 << 41;
    /// Has nickname links (as canonical name or as nickname).
    pub const NICKNAME: u64 = 1 << 42;
    /// Month name or abbreviation.
    pub const MONTH: u64 = 1 << 43;
    /// Weekday name or abbreviation.
    pub const WEEKDAY: u64 = 1 << 44;
    /// Personal title (dr, mr, mrs, ms, mx, miss, prof ...).
    pub const TITLE: u64 = 1 << 45;
    /// Kinship or role word that is followed by a name (wife, son, client, pt ...).
    pub const PERSON_CUE: u64 = 1 << 46;
    /// Head noun of a named facility (hospital, clinic, school, church ...).
    pub const FACILITY_HEAD: u64 = 1 << 47;
    /// Clinical vocabulary of the notes themselves (abbreviations, instruments, headers)
    /// that is never a name when capitalised.
    pub const CLINICAL: u64 = 1 << 48;
    /// Word that is part of a multi-word place name's first token (san, new, fort ...).
    pub const PLACE_PREFIX: u64 = 1 << 49;
    /// Speech or action verb that follows a person's name (said, reported, stated ...).
    pub const PERSON_VERB: u64 = 1 << 50;
    /// Function word (the, and, of ...): never part of a name.
    pub const STOPWORD: u64 = 1 << 51;
    /// Eponym that is protected only as part of a clinical phrase ("parkinson").
    pub const EPONYM: u64 = 1 << 52;
    /// In an English word list at all (Google Books / SCOWL), whatever its case.
    pub const KNOWN_WORD: u64 = 1 << 53;
    /// Capitalised common word that is not a person: holidays, languages, nationalities,
    /// religions, brands (SCOWL english-upper: Christmas, English, Medicaid).
    pub const UPPER_WORD: u64 = 1 << 62;
    /// First word of a listed proper phrase that is no eponym: an armed service, a program
    /// or a holiday (dictionaries/cues/services.txt, programs.txt, holidays.txt: "army",
    /// "coast", "head", "christmas"), kept as
    /// part of its phrase like [`EPONYM`]'s, but never a bare possessive diagnosis
    /// ("Halvorsen Marine's").
    pub const PROPER: u64 = 1 << 63;
}

/// Normalises a word or phrase for dictionary look-up into `out` (cleared first):
/// lower case, diacritics folded (NFKD without combining marks, plus the letters that do
/// not decompose), typographic apostrophes made ASCII. ASCII input takes a fast path.
pub fn normalize_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in unicode_normalization::UnicodeNormalization::nfkd(word) {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => out.push('\''),
            '\u{00DF}' => out.push_str("ss"),
            '\u{0111}' | '\u{0110}' => out.push('d'),
            '\u{00F8}' | '\u{00D8}' => out.push('o'),
            '\u{0142}' | '\u{0141}' => out.push('l'),
            '\u{00E6}' | '\u{00C6}' => out.push_str("ae"),
            '\u{0153}' | '\u{0152}' => out.push_str("oe"),
            '\u{0131}' => out.push('i'),
            '\u{00FE}' | '\u{00DE}' => out.push_str("th"),
            '\u{00F0}' | '\u{00D0}' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
}
