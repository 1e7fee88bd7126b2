//! Compiles dictionaries/ into one finite-state transducer (`lexicon.fst` in OUT_DIR) that
//! maps every normalised word or phrase to a packed `u64` of list memberships and
//! frequencies (see src/lexicon/entry.rs). Loading it at run time costs nothing: the bytes
//! are embedded in the binary and searched in place.
//!
//! `PHI_REDACT_DICT_DIR` may point at another dictionaries/ directory (for experiments).

use std::collections::{BTreeMap, BTreeSet};
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

include!("src/lexicon/entry.rs");

struct Lists {
    dir: PathBuf,
    map: BTreeMap<String, u64>,
    key: String,
}

impl Lists {
    fn rows(&self, file: &str) -> Vec<Vec<String>> {
        let path = self.dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let text =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("dictionary {} is required: {e}", path.display()));
        text.lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| l.split('\t').map(|f| f.trim().to_string()).collect())
            .collect()
    }

    fn entry(&mut self, word: &str) -> &mut u64 {
        normalize_into(word, &mut self.key);
        self.map.entry(self.key.clone()).or_insert(0)
    }

    fn flag(&mut self, word: &str, flag: u64) {
        if !word.is_empty() {
            *self.entry(word) |= flag;
        }
    }

    fn score(&mut self, word: &str, shift: u32, count: u64) {
        if word.is_empty() {
            return;
        }
        let s = u64::from(freq_score(count));
        let e = self.entry(word);
        let old = (*e >> shift) & 0xff;
        if s > old {
            *e = (*e & !(0xff << shift)) | (s << shift);
        }
    }

    fn flag_column(&mut self, file: &str, col: usize, flag: u64) {
        for row in self.rows(file) {
            if let Some(w) = row.get(col) {
                self.flag(w, flag);
            }
        }
    }
}

fn count(row: &[String], col: usize) -> u64 {
    row.get(col).and_then(|c| c.parse().ok()).unwrap_or(1)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/lexicon/entry.rs");
    println!("cargo:rerun-if-env-changed=PHI_REDACT_DICT_DIR");
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let dir = env::var_os("PHI_REDACT_DICT_DIR").map(PathBuf::from).unwrap_or_else(|| manifest.join("dictionaries"));
    let mut l = Lists { dir: dir.clone(), map: BTreeMap::new(), key: String::new() };

    use bits::*;
    for row in l.rows("first_names.tsv") {
        l.score(&row[0], FIRST_SHIFT, count(&row, 1));
        if let Some(pct) = row.get(2).and_then(|p| p.parse::<u64>().ok()) {
            *l.entry(&row[0]) |= (pct.min(100) + 1) << FEMALE_SHIFT;
        }
    }
    for row in l.rows("surnames.tsv") {
        l.score(&row[0], SURNAME_SHIFT, count(&row, 1));
    }
    // Google Books counts fold every case together, so "john" and "mary" look like common
    // words there. Commonness as a lower-case word comes from SCOWL's size levels instead
    // (its proper names are in separate lists); the Google list only says "is a word".
    l.flag_column("common_words.tsv", 0, KNOWN_WORD);
    for row in l.rows("scowl_words.tsv") {
        let level = count(&row, 1);
        l.flag(&row[0], KNOWN_WORD);
        let e = l.entry(&row[0]);
        let s = u64::from(level_score(level));
        if s > (*e >> WORD_SHIFT) & 0xff {
            *e = (*e & !(0xff << WORD_SHIFT)) | (s << WORD_SHIFT);
        }
    }
    for row in l.rows("us_cities.tsv") {
        l.flag(&row[0], US_CITY);
        l.score(&row[0], PLACE_POP_SHIFT, count(&row, 2));
    }
    for row in l.rows("world_cities.tsv") {
        l.flag(&row[0], WORLD_CITY);
        l.score(&row[0], PLACE_POP_SHIFT, count(&row, 2));
    }
    for row in l.rows("us_states.tsv") {
        l.flag(&row[0], US_STATE);
        if let Some(abbr) = row.get(1) {
            l.flag(abbr, STATE_ABBR);
        }
    }
    l.flag_column("us_counties.tsv", 0, US_COUNTY);
    l.flag_column("countries.tsv", 0, COUNTRY);
    for row in l.rows("street_suffixes.tsv") {
        for w in &row {
            l.flag(w, STREET_SUFFIX);
        }
    }
    for row in l.rows("unit_designators.tsv") {
        for w in &row {
            l.flag(w, UNIT);
        }
    }
    l.flag_column("scowl_upper.tsv", 0, UPPER_WORD);
    l.flag_column("medical_terms.tsv", 0, MEDICAL);
    l.flag_column("drug_names.tsv", 0, DRUG);
    for row in l.rows("nicknames.tsv") {
        for w in &row {
            l.flag(w, NICKNAME);
        }
    }
    // (the first word as a token: "Ehlers-Danlos syndrome" is read from "Ehlers")
    let eponyms: Vec<Vec<String>> =
        l.rows("medical_eponyms.tsv").into_iter().chain(l.rows("cues/eponyms.txt")).collect();
    // Every holiday's first word is PROPER (the dates detector reads them before a year),
    // but those marked "year" are nothing alone: not among the kept phrases.
    let mut proper: Vec<Vec<String>> = l.rows("cues/services.txt");
    proper.extend(l.rows("cues/programs.txt"));
    let holidays = l.rows("cues/holidays.txt");
    for (rows, flag) in [(&eponyms, EPONYM), (&proper, PROPER), (&holidays, PROPER)] {
        for row in rows {
            if let Some(first) = row[0].split([' ', '-', '\'', '\u{2019}']).next() {
                l.flag(first, flag);
            }
        }
    }
    proper.extend(holidays.into_iter().filter(|r| r.get(1).is_none_or(|t| t != "year")));
    for (file, flag) in [
        ("cues/titles.txt", TITLE),
        ("cues/person_cues.txt", PERSON_CUE),
        ("cues/person_verbs.txt", PERSON_VERB),
        ("cues/facility_heads.txt", FACILITY_HEAD),
        ("cues/clinical.txt", CLINICAL),
        ("cues/brands.txt", UPPER_WORD),
        ("cues/stopwords.txt", STOPWORD),
        ("cues/place_prefixes.txt", PLACE_PREFIX),
        ("cues/street_names.txt", STREET_SUFFIX),
        ("cues/months.txt", MONTH),
        ("cues/weekdays.txt", WEEKDAY),
    ] {
        l.flag_column(file, 0, flag);
    }

    let out = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut builder = fst::MapBuilder::memory();
    for (k, v) in &l.map {
        builder.insert(k, *v).expect("keys are sorted and unique");
    }
    fs::write(out.join("lexicon.fst"), builder.into_inner().unwrap()).unwrap();
    for file in ["nicknames.tsv", "medical_eponyms.tsv"] {
        copy(&dir.join(file), &out.join(file));
    }
    copy(&dir.join("cues/eponyms.txt"), &out.join("cue_eponyms.txt"));
    copy(&dir.join("cues/services.txt"), &out.join("cue_services.txt"));
    copy(&dir.join("cues/holidays.txt"), &out.join("cue_holidays.txt"));
    copy(&dir.join("cues/programs.txt"), &out.join("cue_programs.txt"));
    let phrases: Vec<Vec<String>> = eponyms.into_iter().chain(proper).collect();
    fs::write(out.join("eponyms.fst"), eponym_forms(&phrases)).unwrap();
}

/// The clinical detector's eponym phrases as a set transducer (`eponyms.fst`): every form
/// a phrase is written in ("parkinson's disease", "parkinson\u{2019}s disease", "parkinsons
/// disease"), ASCII letters in lower case, as the detector folds the text it matches
/// (src/lexicon/mod.rs, `Eponyms`). Built here rather than at start-up: as an Aho-Corasick
/// automaton, it took 4-5 ms of each run's 12 ms start-up.
fn eponym_forms(rows: &[Vec<String>]) -> Vec<u8> {
    let mut forms = BTreeSet::new();
    for p in rows.iter().map(|r| r[0].as_str()) {
        forms.insert(p.to_string());
        if p.contains('\'') {
            forms.insert(p.replace('\'', "\u{2019}"));
            forms.insert(p.replace("'s", "s").replace('\'', ""));
        }
    }
    let mut set = fst::SetBuilder::memory();
    let folded: BTreeSet<Vec<u8>> =
        forms.iter().map(|f| f.as_bytes().to_ascii_lowercase()).filter(|f| !f.is_empty()).collect();
    for f in &folded {
        set.insert(f).expect("forms are sorted and unique");
    }
    set.into_inner().unwrap()
}

fn copy(from: &Path, to: &Path) {
    println!("cargo:rerun-if-changed={}", from.display());
    fs::copy(from, to).unwrap_or_else(|e| panic!("dictionary {} is required: {e}", from.display()));
}
