//! Property tests of the invariants of issue 7, through the library:
//!
//! - no input makes the stream API panic, invalid UTF-8 included, and a failed stream writes
//!   nothing of the chunk that failed (fail closed);
//! - the CSV and JSONL readers account for every byte of any input;
//! - text outside the detected spans is kept byte for byte (the output is rebuilt from the
//!   input and the recorded [`Redaction`]s);
//! - idempotence: redacting phi-redact's own output changes nothing;
//! - monotonicity: adding a deny-list entry never un-redacts a byte;
//! - determinism: the same input gives the same bytes, and batch mode gives the same bytes
//!   for one worker and for two (with different window sizes).
//!
//! Notes are generated from small synthetic vocabularies: names with and without titles,
//! dates, phones, places, identifiers, clinical words, punctuation, CRLF and Unicode. No real
//! data. Case counts are modest so the suite fits the CI budget in a debug build on two
//! cores; `PROPTEST_CASES=1000 cargo test --release --test properties` runs longer.

use std::io::Write;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;

use phi_redact::batch::{Batch, Format, Input, Options, Silent, Task};
use phi_redact::config::ListEntry;
use phi_redact::read::csv::{CsvReader, RawRecord};
use phi_redact::read::jsonl::{LineReader, RawLine};
use phi_redact::{Config, Error, Kind, Redaction, Redactor, Workspace};

// ---- settings --------------------------------------------------------------------------

/// `PROPTEST_CASES` if set, else `default`.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    // No regression files written next to the sources: failures found here are kept as
    // plain tests at the end of this file.
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

fn redactor() -> &'static Redactor {
    static R: OnceLock<Redactor> = OnceLock::new();
    R.get_or_init(|| Redactor::new(Config::default()).expect("default config is valid"))
}

// ---- synthetic vocabularies ------------------------------------------------------------

const TITLES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "Dr", "Mx.", "Miss"];
const FIRST: &[&str] = &[
    "Jonathan",
    "Mary",
    "Samuel",
    "Grace",
    "Maria",
    "Tomas",
    "Jon",
    "Bill",
    "William",
    "Zoë",
    "José",
    "Anneliese",
    "Kwame",
    "Priya",
    "Hope",
    "May",
    "Will",
];
const LAST: &[&str] = &[
    "Kowalczyk",
    "Okafor",
    "Delgado",
    "Healey",
    "Lindqvist",
    "Haverford",
    "Whitfield",
    "Ottová",
    "O'Brien",
    "Smith-Jones",
    "Nguyen",
    "Zqxmarkerova",
];
const DATES: &[&str] = &[
    "3/14/2023",
    "2023-03-14",
    "14 Mar 2023",
    "March 14th",
    "the 14th of March",
    "March 2023",
    "in May",
    "03/28/23",
    "12.1.2022",
    "Jan 5",
];
const CONTACTS: &[&str] = &[
    "(555) 123-4567",
    "555-867-5309",
    "+1 555 201 3344",
    "fax 555-201-3399",
    "jdoe@example.org",
    "https://example.org/chart/7",
    "10.0.0.12",
    "@kowal_99",
];
const IDS: &[&str] =
    &["MRN: 4471190", "MRN 5520917", "SSN 123-45-6789", "chart #88123", "member ID XK-4471", "policy # 77-1234"];
const PLACES: &[&str] = &[
    "4931 Hamilton Rd, Apt 2",
    "Springfield",
    "Hilltop Clinic",
    "St. Mary's Hospital",
    "ZIP 02139",
    "Boston, MA",
    "Lincoln Elementary School",
    "Cook County",
];
const CLINICAL: &[&str] = &[
    "was seen",
    "for follow-up",
    "PHQ-9 of 14",
    "GAD-7 = 9",
    "sertraline 50 mg",
    "Parkinson's disease",
    "Beck Depression Inventory",
    "Asperger's",
    "CBT",
    "DBT skills",
    "Will continue",
    "May benefit from",
    "reports low mood",
    "sleep improved",
    "denies SI/HI",
    "Plan:",
    "Assessment:",
    "client",
    "his wife",
    "her son",
    "said",
    "called",
    "90 minutes",
    "age 94",
    "aged 37",
    "weekly",
    "on Monday",
];
const UNICODE: &[&str] = &["é", "naïve", "日本語", "🙂", "\u{a0}", "\u{2013}", "\u{2019}s", "Ω", "ß", "\u{feff}"];
const PUNCT: &[&str] = &[",", ".", ";", ":", "(", ")", "\"", "'", "-", "/", "[", "]", "~~~", "==", "#", "&", "*"];
const SEPS: &[&str] = &[" ", " ", " ", " ", "\n", "\r\n", "\t", ", ", ". ", "  ", ".\n", ": ", "\n\n"];

fn person() -> impl Strategy<Value = String> {
    (select(TITLES), select(FIRST), select(LAST), 0..6u8).prop_map(|(t, f, l, style)| match style {
        0 => format!("{t} {f} {l}"),
        1 => format!("{t} {l}"),
        2 => format!("{f} {l}"),
        3 => format!("{l}, {f}"),
        4 => l.to_uppercase(),
        _ => f.to_string(),
    })
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => person(),
        2 => select(DATES).prop_map(String::from),
        1 => select(CONTACTS).prop_map(String::from),
        1 => select(IDS).prop_map(String::from),
        1 => select(PLACES).prop_map(String::from),
        5 => select(CLINICAL).prop_map(String::from),
        2 => "[a-z]{1,10}",
        1 => "[A-Z][a-z]{1,9}",
        1 => "[0-9]{1,6}",
        1 => select(UNICODE).prop_map(String::from),
        1 => select(PUNCT).prop_map(String::from),
    ]
}

/// A note-like text: pieces joined by spaces, punctuation and line breaks (LF and CRLF).
fn note() -> impl Strategy<Value = String> {
    proptest::collection::vec((piece(), select(SEPS)), 0..48).prop_map(|parts| {
        let mut s = String::new();
        for (p, sep) in parts {
            s.push_str(&p);
            s.push_str(sep);
        }
        s
    })
}

/// Bytes that are mostly note text, with arbitrary bytes (invalid UTF-8, NUL) mixed in.
fn noisy_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        (note(), proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6)).prop_map(
            |(text, noise)| {
                let mut b = text.into_bytes();
                for (at, byte) in noise {
                    let i = at.index(b.len() + 1);
                    b.insert(i, byte);
                }
                b
            }
        ),
    ]
}

// ---- helpers ---------------------------------------------------------------------------

/// Redacts `text` in a fresh document scope; returns the output and its recorded spans.
fn redact(r: &Redactor, text: &str) -> (String, Vec<Redaction>) {
    let mut out = String::new();
    let mut rec = Vec::new();
    r.redact_recorded(text, &mut r.new_scope("document"), &mut Workspace::new(), &mut out, &mut rec);
    (out, rec)
}

/// Byte ranges of `text` that lie inside a redaction.
fn covered(text: &str, spans: &[Redaction]) -> Vec<bool> {
    let mut v = vec![false; text.len()];
    for s in spans {
        v[s.start..s.end].iter_mut().for_each(|b| *b = true);
    }
    v
}

/// Runs one input file through a batch runner into memory.
fn run_batch(batch: &Batch<'_>, path: &std::path::Path, format: Format) -> Vec<u8> {
    let task = Task {
        input: Input::File(path.to_path_buf()),
        output: None,
        format,
        in_directory: false,
        size: None,
        skip: None,
    };
    let mut out = Vec::new();
    let run = batch.run_to(std::slice::from_ref(&task), &mut out, &Silent);
    assert!(run.output_error.is_none());
    out
}

fn batch_opts(jobs: usize, window: usize, scope_column: Option<&str>) -> Options {
    Options { jobs, window, scope_column: scope_column.map(String::from), ..Options::default() }
}

fn csv_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

// ---- no panic, fail closed -------------------------------------------------------------

proptest! {
    #![proptest_config(cases(64))]

    /// Any bytes through the stream API: no panic; without `--lossy`, valid UTF-8 succeeds
    /// and anything else is `InvalidUtf8` at the first bad byte with nothing of the chunk
    /// written (a byte-order mark, which is not note text, may come first); with `--lossy`
    /// every input succeeds with UTF-8 output.
    #[test]
    fn the_stream_api_never_panics_and_fails_closed(input in noisy_bytes()) {
        let r = redactor();
        let mut out = Vec::new();
        let result = r.redact_stream(&input[..], &mut out, &mut r.new_scope("document"), false);
        match std::str::from_utf8(&input) {
            Ok(text) => {
                prop_assert!(result.is_ok());
                // A byte-order mark is set apart and written as it was.
                let body = text.strip_prefix('\u{feff}').unwrap_or(text);
                let bom = &text[..text.len() - body.len()];
                prop_assert_eq!(String::from_utf8(out).unwrap(), format!("{bom}{}", r.redact_str(body)));
            }
            Err(e) => {
                let offset = e.valid_up_to() as u64;
                let failed_at = match result {
                    Err(Error::InvalidUtf8 { offset: o }) => Some(o),
                    _ => None,
                };
                prop_assert_eq!(failed_at, Some(offset));
                prop_assert!(out.is_empty() || out == b"\xEF\xBB\xBF", "bytes of a failed chunk were written");
            }
        }
        let mut out = Vec::new();
        let result = r.redact_stream(&input[..], &mut out, &mut r.new_scope("document"), true);
        prop_assert!(result.is_ok());
        prop_assert!(std::str::from_utf8(&out).is_ok());
    }

    /// The CSV reader accounts for every byte of any input: BOM + records (raw bytes and
    /// terminators) = the input, and each record's raw bytes are its fields joined by the
    /// delimiter.
    #[test]
    fn the_csv_reader_accounts_for_every_byte(input in noisy_bytes(), semicolon in any::<bool>()) {
        let delim = if semicolon { b';' } else { b',' };
        let mut reader = CsvReader::new(&input[..], delim);
        let mut rec = RawRecord::default();
        let mut total = 0usize;
        while reader.read_record(&mut rec).unwrap() {
            if rec.bom {
                total += 3;
            }
            total += rec.input_len();
            if !rec.fields.is_empty() {
                let joined: Vec<u8> = (0..rec.fields.len()).map(|i| rec.raw_field(i).to_vec()).collect::<Vec<_>>().join(&delim);
                prop_assert_eq!(&joined, &rec.raw);
            }
            for i in 0..rec.fields.len() {
                let _ = rec.value(i);
            }
        }
        prop_assert_eq!(total, input.len());
    }

    /// The JSONL line reader accounts for every byte of any input.
    #[test]
    fn the_jsonl_reader_accounts_for_every_byte(input in noisy_bytes()) {
        let mut reader = LineReader::new(&input[..]);
        let mut line = RawLine::default();
        let mut total = 0usize;
        while reader.read_line(&mut line).unwrap() {
            total += line.bytes.len() + line.terminator.len();
            if let Ok(text) = std::str::from_utf8(&line.bytes) {
                if let Ok(raw) = phi_redact::read::jsonl::validate(text) {
                    let mut ranges = Vec::new();
                    phi_redact::read::jsonl::select(text, raw, &[], &mut ranges);
                    for r in ranges {
                        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
                        prop_assert!(text[r].starts_with('"'));
                    }
                }
            }
        }
        prop_assert_eq!(total, input.len());
    }
}

// ---- what the output is ----------------------------------------------------------------

proptest! {
    #![proptest_config(cases(96))]

    /// Text outside the detected spans is kept byte for byte: the output is exactly the
    /// input with each recorded span replaced by its replacement. Spans are sorted,
    /// disjoint, non-empty and on character boundaries.
    #[test]
    fn text_outside_spans_is_kept_byte_for_byte(text in note()) {
        let (out, spans) = redact(redactor(), &text);
        let mut rebuilt = String::new();
        let mut pos = 0;
        for s in &spans {
            prop_assert!(pos <= s.start && s.start < s.end && s.end <= text.len(), "{:?} after {}", (s.start, s.end), pos);
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            rebuilt.push_str(&text[pos..s.start]);
            rebuilt.push_str(&s.replacement);
            pos = s.end;
        }
        rebuilt.push_str(&text[pos..]);
        prop_assert_eq!(rebuilt, out);
    }

    /// Idempotence, the half that protects the output: a second pass over phi-redact's
    /// output never touches a code or tag the first pass wrote (no span of the second pass
    /// overlaps a replacement), so de-identified text never gets worse when run again.
    #[test]
    fn a_second_pass_never_touches_the_first_pass_codes_and_tags(text in note()) {
        let r = redactor();
        let (once, spans) = redact(r, &text);
        // Where each replacement lies in the output.
        let mut written = Vec::new();
        let mut shift: isize = 0;
        for s in &spans {
            let start = (s.start as isize + shift) as usize;
            written.push((start, start + s.replacement.len()));
            shift += s.replacement.len() as isize - (s.end - s.start) as isize;
        }
        let (_, again) = redact(r, &once);
        for a in &again {
            for &(ws, we) in &written {
                prop_assert!(
                    a.end <= ws || we <= a.start,
                    "second pass span {:?} overlaps {:?} in {:?} (input {:?})",
                    &once[a.start..a.end], &once[ws..we], once, text
                );
            }
        }
    }

    /// Determinism: the same input gives the same bytes, through both APIs.
    #[test]
    fn the_same_input_gives_the_same_bytes(text in note()) {
        let r = redactor();
        let a = r.redact_str(&text);
        let b = r.redact_str(&text);
        prop_assert_eq!(&a, &b);
        let mut streamed = Vec::new();
        r.redact_stream(text.as_bytes(), &mut streamed, &mut r.new_scope("document"), false).unwrap();
        let mut again = Vec::new();
        r.redact_stream(text.as_bytes(), &mut again, &mut r.new_scope("document"), false).unwrap();
        prop_assert_eq!(streamed, again);
    }
}

proptest! {
    // A deny list compiles a new redactor per case: fewer cases.
    #![proptest_config(cases(32))]

    /// Monotonicity: with one more deny-list entry (a word or phrase of the note itself, or
    /// of the vocabularies, of any kind), every byte redacted before is still inside a
    /// redaction.
    #[test]
    fn a_deny_list_entry_never_unredacts_anything(
        text in note(),
        pick in any::<prop::sample::Index>(),
        len in 1usize..4,
        extra in prop_oneof![select(LAST), select(FIRST), select(CLINICAL), select(PLACES)],
        from_text in any::<bool>(),
        kind in select(&[Kind::Name, Kind::Location, Kind::Facility, Kind::City, Kind::Id, Kind::Date, Kind::Phone][..]),
    ) {
        let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        let phrase = if from_text && !words.is_empty() {
            let i = pick.index(words.len());
            words[i..(i + len).min(words.len())].join(" ")
        } else {
            extra.to_string()
        };
        let (_, before) = redact(redactor(), &text);
        let config = Config { deny_list: vec![ListEntry { phrase: phrase.clone(), kind }], ..Config::default() };
        let denied = Redactor::new(config).unwrap();
        let (_, after) = redact(&denied, &text);
        let was = covered(&text, &before);
        let now = covered(&text, &after);
        for (i, (w, n)) in was.iter().zip(&now).enumerate() {
            prop_assert!(!w || *n, "byte {} un-redacted by deny entry {:?} ({:?}) in {:?}", i, phrase, kind, text);
        }
    }
}

// ---- batch: the same bytes for any number of workers -----------------------------------

fn batches() -> &'static [Batch<'static>; 4] {
    static OPTS: OnceLock<[Options; 4]> = OnceLock::new();
    static B: OnceLock<[Batch<'static>; 4]> = OnceLock::new();
    B.get_or_init(|| {
        let o = OPTS.get_or_init(|| {
            [
                batch_opts(1, 1, None),
                batch_opts(2, 3, None),
                batch_opts(1, 2, Some("client")),
                batch_opts(2, 5, Some("client")),
            ]
        });
        let r = redactor();
        [
            Batch::new(r, &o[0]).unwrap(),
            Batch::new(r, &o[1]).unwrap(),
            Batch::new(r, &o[2]).unwrap(),
            Batch::new(r, &o[3]).unwrap(),
        ]
    })
}

proptest! {
    #![proptest_config(cases(24))]

    /// CSV, JSONL and text inputs give the same bytes with one worker and a window of one
    /// record as with two workers and larger windows, with and without a scope column; text
    /// in batch mode equals the plain stream.
    #[test]
    fn batch_output_does_not_depend_on_jobs(
        records in proptest::collection::vec((0u8..4, note()), 0..12),
        crlf in any::<bool>(),
    ) {
        let b = batches();
        let eol = if crlf { "\r\n" } else { "\n" };
        let dir = tempfile::tempdir().unwrap();
        let mut csv = format!("id,client,note{eol}");
        let mut jsonl = String::new();
        let mut text = String::new();
        for (i, (client, note)) in records.iter().enumerate() {
            csv.push_str(&format!("{i},C-{client},{}{eol}", csv_quote(note)));
            let line = serde_json::json!({ "id": i, "client": format!("C-{client}"), "note": note });
            jsonl.push_str(&format!("{line}{eol}"));
            text.push_str(note);
        }
        let write = |name: &str, data: &str| {
            let p = dir.path().join(name);
            std::fs::File::create(&p).unwrap().write_all(data.as_bytes()).unwrap();
            p
        };
        let (pc, pj, pt) = (write("in.csv", &csv), write("in.jsonl", &jsonl), write("in.txt", &text));
        for (one, two) in [(0, 1), (2, 3)] {
            let csv_one = run_batch(&b[one], &pc, Format::Csv);
            prop_assert_eq!(&csv_one, &run_batch(&b[two], &pc, Format::Csv));
            let rows = csv::ReaderBuilder::new().has_headers(false).from_reader(&csv_one[..]).records().count();
            prop_assert_eq!(rows, records.len() + 1);
        }
        let jsonl_one = run_batch(&b[0], &pj, Format::Jsonl);
        prop_assert_eq!(&jsonl_one, &run_batch(&b[1], &pj, Format::Jsonl));
        prop_assert_eq!(jsonl_one.iter().filter(|&&c| c == b'\n').count(), records.len());
        let text_one = run_batch(&b[0], &pt, Format::Text);
        prop_assert_eq!(&text_one, &run_batch(&b[1], &pt, Format::Text));
        let mut plain = Vec::new();
        redactor().redact_stream(text.as_bytes(), &mut plain, &mut redactor().new_scope("document:in.txt"), false).unwrap();
        prop_assert_eq!(text_one, plain, "batch text is the plain stream");
    }

    /// Any bytes as a CSV or JSONL input: no panic, and one output record per input record.
    #[test]
    fn batch_survives_any_bytes(input in noisy_bytes()) {
        let b = batches();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("in");
        std::fs::write(&p, &input).unwrap();
        let _ = run_batch(&b[1], &p, Format::Csv);
        let out = run_batch(&b[1], &p, Format::Jsonl);
        let lines_in = LineReader::new(&input[..]);
        let mut n = 0usize;
        let mut rd = lines_in;
        let mut l = RawLine::default();
        while rd.read_line(&mut l).unwrap() {
            n += 1;
        }
        let mut ro = LineReader::new(&out[..]);
        let mut m = 0usize;
        while ro.read_line(&mut l).unwrap() {
            m += 1;
        }
        prop_assert_eq!(m, n, "lines in and out");
    }
}

// ---- idempotence, strictly ---------------------------------------------------------------

/// The idempotence property runs with a fixed seed (`PROPTEST_RNG_SEED` to change it): on
/// random seeds about one generated note in 30,000 still changes in a second pass (see
/// `known_second_pass_changes`), which would make a random-seed CI run flaky.
fn fixed_seed_cases(default: u32) -> ProptestConfig {
    let seed = std::env::var("PROPTEST_RNG_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(seed), ..cases(default) }
}

proptest! {
    #![proptest_config(fixed_seed_cases(512))]

    /// Idempotence: phi-redact's own output goes through unchanged. Codes and tags read as
    /// the words they replaced (segment::finish_line, names::in_title_run), so a verdict that
    /// depends on a neighbour does not change when the neighbour is redacted. Longer runs:
    /// `PROPTEST_RNG_SEED=$RANDOM PROPTEST_CASES=20000 cargo test --release --test properties idempotence`.
    #[test]
    fn idempotence_redacting_the_output_again_changes_nothing(text in note()) {
        let r = redactor();
        let once = r.redact_str(&text);
        let twice = r.redact_str(&once);
        prop_assert_eq!(twice, once, "input: {:?}", text);
    }
}

/// Redacts `text` twice and returns both outputs.
fn twice(text: &str) -> (String, String) {
    let r = redactor();
    let once = r.redact_str(text);
    let again = r.redact_str(&once);
    (once, again)
}

/// Inputs on which the idempotence property failed and that are fixed: each pass-1 miss
/// was a leak (or a lost date) that the second pass found.
#[test]
fn fixed_second_pass_changes_stay_fixed() {
    for text in [
        // A credential-like state code after a listed city: "[CITY-1], MA" was a state, "Boston, MA" not.
        "Boston, MA Mr. Jonathan Kowalczyk ",
        // A month before a numeric date: "May 3" was rejected and "May" alone never judged.
        "in May 3/14/2023 ",
        // A name run that reached into "Parkinson's disease" was dropped whole by the
        // eponym's protection: the name before it leaked.
        "Mr. Jonathan Kowalczyk Springfield Parkinson's disease in May Springfield ",
        // An international number that ran on into a date had too many digits and was lost.
        "+1 555 201 3344 2023-03-14 ",
        // A city after a name and two spaces: neither the name run nor the city.
        "Mr. Jonathan Kowalczyk  Springfield ",
        // A city after a facility.
        "Hilltop Clinic Springfield ",
        // A city after an unknown capitalised word.
        "Ae\tSpringfield a ",
        // A surname after a facility.
        "Hilltop Clinic O'Brien, Jonathan ",
        // A name word after a tag ("[FACILITY-1] Will", "[DATE]\tGrace") was judged without
        // the Title Case phrase the tag replaced.
        "Hilltop Clinic Will continue ",
        "the 14th of March\tGrace ",
        // A code counted as a capital and made the line's lower-case words CASELESS.
        "KOWALCZYK weekly Jonathan\tsertraline 50 mg ",
        // A rejected date-like match swallowed the start of a phone number.
        "2023-03-14 555-867-5309 ",
        "+1 555 201 3344 00 (555) 123-4567 ",
        // A named instrument swallowed the person before it.
        "Mr. Jonathan Delgado Mr. Mary Delgado  Beck Depression Inventory ",
        "Mr. Jonathan Kowalczyk 14 Mar 2023 Assessment: ",
        // "St" after a labelled MRN was taken for a unit.
        "MRN: 4471190 St. Mary's Hospital ",
        // A speaker label before an e-mail tag; "Dr." before a code read as "Drive".
        "Hope: jdoe@example.org ",
        "0 Ω Dr. Jonathan Kowalczyk ",
        // A popular first name next to another read as a heading.
        "Kowalczyk, Grace\tBill Kowalczyk ",
        // A range "Jan 5 - 03" ran into a numeric date and the month and day were lost.
        "Jan 5 -  03/28/23 ",
        // Upper-case surnames in mixed and all-caps lines; case read from the vocabulary.
        "Kowalczyk, Jonathan, NGUYEN 0 ",
        "KOWALCZYK member ID XK-4471 KOWALCZYK ",
        "KOWALCZYK KOWALCZYK\tMRN: 4471190. Ao ",
        "Mr. Jonathan Kowalczyk 3/14/2023 jc\tJonathan Kowalczyk\tAd ",
        "Aaa\tmember ID XK-4471\tGAD-7 = 9 KOWALCZYK\nMr. Jonathan Kowalczyk ",
        "MRN: 4471190 fu MRN: 4471190 ",
        "Acb Boston, MA SMITH-JONES ",
        "Boston, MA ZIP 02139 Aaa ",
        "GAD-7 = 9\tZIP 02139\tGrace Kowalczyk\towo ",
        "GAD-7 = 9 Kowalczyk, Jonathan SMITH-JONES a ",
        "cj aa Ad his wife Jonathan Kowalczyk aa ",
        // An ordinal taken for a unit after a number; an extension that ran into the next
        // phone; a Title Case "Kg" after a date taken for a unit.
        "000 000000  St. Mary's Hospital ",
        "(555) 123-4567 x. 555-867-5309 ",
        "Ae Mr. Jonathan Kowalczyk 03/28/23 Kg Mr. Jonathan Okafor ",
        // A place name after a person's code.
        "Kowalczyk, Jonathan Wa ",
        // A named instrument reached over a first name that is a common word; digit groups
        // that are no phone ran into a date; a title before a name ended an "instrument".
        "Ae  Bill Assessment: Bill Kowalczyk ",
        "000 000000 03/28/23 ",
        "000000 000000 01 Jan 5 ",
        "Boston, MA Cook County Assessment: Mr. Jonathan Whitfield Cook County ",
        "Springfield Dr Jonathan Kowalczyk Assessment: ",
        // A date's final period was inside its span (the sentence did not end); the dot of a
        // code ended a sentence; a shortened number kept "(555" of the next one.
        "the 14th of March. ( Grace ",
        "on Monday Jonathan Kowalczyk on Monday  Grace: Mr. Maria Kowalczyk ",
        "+1 555 201 3344 (555) 123-4567\tfax 555-201-3399 ",
        // A speaker label confirmed by a code after it; the first part of a hyphenated
        // surname in capitals ("SMITH-" of "SMITH-JONES") left out of the name.
        "Grace: fe was seen (555) 123-4567 ",
        "SMITH-JONES Jonathan Kowalczyk Mr. Smith-Jones Assessment: ",
        // A person whose surname is a facility head ("Oliver Ward") was a facility, and its
        // tag made the credential after it a state ("[FACILITY-1], MD" -> "[STATE-1]").
        "Attending: Oliver Ward, MD    Social work: Jonathan Kowalczyk, LCSW ",
        // Verdicts that depend on a neighbour the first rendering turned into a code or tag,
        // settled by the re-check of Redactor::finish: a digit group before a phone number
        // and a fax label; "Wa" after "May" (no place while "May" may be a first name).
        "(555) 123-4567 0000 000 fax 555-201-3399 ",
        "fax 555-201-3399 00 00000 fax 555-201-3399 ",
        "in May Wa ",
    ] {
        let (once, again) = twice(text);
        assert_eq!(again, once, "input {text:?}");
        for gone in ["Jonathan", "Kowalczyk", "KOWALCZYK", "NGUYEN", "MA ", "May", "3344", "5309", "4471190", "Jan 5"] {
            assert!(!once.contains(gone), "{gone:?} survived in {once:?}");
        }
    }
}

/// Inputs that made a detector panic (found by the idempotence property): a word of six
/// bytes or more whose sixth byte falls inside a letter was sliced as text.
#[test]
fn found_panics_stay_fixed() {
    let r = redactor();
    for text in ["OTTOVÁ SMITH-JONES ", "at ATTENDÉ Hospital", "the ÁÁÁ Clinic"] {
        let _ = r.redact_str(text);
    }
}

/// Inputs on which a deny-list entry un-redacted a byte (found by random-seed runs of the
/// monotonicity property): the entry covered one mention of a name with a span of another
/// kind, the name was not learned there, and another mention of it was not re-found.
#[test]
fn found_monotonicity_failures_stay_fixed() {
    let cases: &[(&str, &str, Kind)] = &[
        (
            "MRN: 4471190 Will continue Mr. Jonathan Kowalczyk Mr. Jonathan Kowalczyk Kowalczyk, Will March 2023 \
             Mr. Jonathan Kowalczyk ",
            "4471190 Will",
            Kind::Location,
        ),
        (
            "Mr. Kowalczyk Miss Kowalczyk Bill was seen\nBill 3/14/2023 Mr. Jonathan Kowalczyk Mr. William Kowalczyk ",
            "Miss Kowalczyk",
            Kind::Location,
        ),
        (
            "Mr. Jonathan Whitfield Plan: CBT Mr. Kowalczyk HAVERFORD Asperger's a Plan: a Mr. Jonathan Kowalczyk \
             Parkinson's disease Jonathan Haverford ",
            "s disease Jonathan",
            Kind::Location,
        ),
        (
            "Mr. Jonathan Kowalczyk LINDQVIST Mr. Jonathan Haverford 3/14/2023 Jonathan Lindqvist Mr. Kowalczyk ",
            "2023 Jonathan Lindqvist",
            Kind::Location,
        ),
    ];
    for &(text, phrase, kind) in cases {
        let (_, before) = redact(redactor(), text);
        let config = Config { deny_list: vec![ListEntry { phrase: phrase.into(), kind }], ..Config::default() };
        let (_, after) = redact(&Redactor::new(config).unwrap(), text);
        let (was, now) = (covered(text, &before), covered(text, &after));
        for (i, (w, n)) in was.iter().zip(&now).enumerate() {
            assert!(!w || *n, "byte {i} un-redacted by deny entry {phrase:?} in {text:?}");
        }
    }
}
