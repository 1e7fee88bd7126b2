//! Criterion benches: tokenization, each registered detector alone, and the whole pipeline,
//! on the synthetic fixture notes (`fixtures/notes/*.txt`, in name order) repeated to about
//! 1 MB. Throughput is reported in bytes of note text.
//!
//!     cargo bench --bench pipeline                  # all (about a minute)
//!     cargo bench --bench pipeline -- detector/names # one
//!     cargo bench --bench pipeline -- --test         # each once: checks the counts only
//!
//! Every bench first checks how many detections (tokens, candidates, replaced spans) it
//! produces against the constants in [`EXPECTED`], so a change that makes a stage fast by
//! making it find less shows as a failure, not as a speed-up. When a detector change is
//! meant to change a count, run `cargo bench --bench pipeline -- --test`: the failure
//! prints the whole table as it is now, ready to paste over [`EXPECTED`] (see
//! benches/README.md, "Updating the expected counts").

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use phi_redact::config::ListEntry;
use phi_redact::detect::Note;
use phi_redact::lexicon::LookupCache;
use phi_redact::segment::tokenize;
use phi_redact::{Config, Kind, Recheck, Redactor, Workspace};

/// Detections each bench must produce on the corpus below (29 copies of the 16 fixture
/// notes, 1,027,847 bytes), first recorded on 2026-11-23 at commit 6c11bb6; every commit
/// that changed a count since says which and why (`git log benches/pipeline.rs`). Update as
/// described above.
const EXPECTED: &[(&str, usize)] = &[
    ("tokenize", 395125),
    ("detector/identifiers", 1943),
    ("detector/dates", 3480),
    ("detector/locations", 3045),
    ("detector/names", 10266),
    ("detector/clinical", 1015),
    ("detector/states", 58),
    ("detector/lists", 1943),
    ("pipeline/one_document", 17110),
    ("pipeline/per_note", 17052),
    ("pipeline/per_note_grouped", 17052),
];

/// Size the fixture notes are repeated to.
const CORPUS_BYTES: usize = 1_000_000;

/// A synthetic practice roster and jargon list, so the `lists` detector is registered too
/// (it only is when a deny or allow list is given).
const ROSTER: &[&str] = &[
    "Kowalczyk",
    "Jonathan Smith",
    "Grace Smith",
    "Walter Smith",
    "Lindqvist",
    "Whitcomb",
    "Okafor",
    "Estrada",
    "Varghese",
    "Healey",
    "Kessler",
    "Bankole",
    "Nakashima",
    "Quintero",
    "Carvalho",
    "Castellanos",
    "Demir",
    "Okonjo",
    "Ferrante",
    "Tolliver",
    "Ibarra",
    "Brennan",
    "Hollis",
    "Greer",
    "Whitmore",
    "Ferraz",
];
const JARGON: &[&str] = &["Riverbend", "PHQ-9", "GAD-7", "warm handoff", "Thursday team", "TIPP"];

/// The fixture notes (name order), and the same concatenated and repeated to about 1 MB.
fn corpus() -> (Vec<String>, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/notes");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/notes")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let notes: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).expect("UTF-8 fixture")).collect();
    let mut per_note = Vec::new();
    let mut all = String::new();
    while all.len() < CORPUS_BYTES {
        for n in &notes {
            all.push_str(n);
            all.push('\n');
            per_note.push(n.clone());
        }
    }
    (per_note, all)
}

fn list_config() -> Config {
    let entry = |p: &&str| ListEntry { phrase: p.to_string(), kind: Kind::Name };
    Config {
        deny_list: ROSTER.iter().map(entry).collect(),
        allow_list: JARGON.iter().map(entry).collect(),
        ..Config::default()
    }
}

/// Runs every stage once and compares its count with [`EXPECTED`]; on any difference,
/// panics with the table as it is now.
fn check_counts(actual: &[(String, usize)]) {
    let expected: Vec<(String, usize)> = EXPECTED.iter().map(|&(n, c)| (n.to_string(), c)).collect();
    if actual != expected.as_slice() {
        let mut msg = String::from(
            "detection counts differ from EXPECTED in benches/pipeline.rs.\n\
             If (and only if) the change is intended, and the dev-set recall did not drop\n\
             (benches/run.sh prints it), replace EXPECTED with:\n\n\
             const EXPECTED: &[(&str, usize)] = &[\n",
        );
        for (name, count) in actual {
            let was = expected.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
            let note = match was {
                Some(c) if c == *count => String::new(),
                Some(c) => format!(" // was {c}"),
                None => " // new".to_string(),
            };
            msg.push_str(&format!("    (\"{name}\", {count}),{note}\n"));
        }
        msg.push_str("];\n");
        panic!("{msg}");
    }
}

fn benches(c: &mut Criterion) {
    let (notes, text) = corpus();
    let bytes = text.len() as u64;
    let redactor = Redactor::new(Config::default()).expect("default config");
    let list_redactor = Redactor::new(list_config()).expect("list config");
    let lex = redactor.lexicon();

    // Set-up, outside every timing loop: tokens once, and every count once.
    let mut tokens = Vec::new();
    let mut cache = LookupCache::new();
    tokenize(&text, lex, &mut tokens, &mut cache);
    let note = Note { text: &text, tokens: &tokens, lex };
    let detectors: Vec<&'static str> = redactor.registry().names().collect();
    let mut actual = vec![("tokenize".to_string(), tokens.len())];
    let mut out = Vec::new();
    for &name in &detectors {
        out.clear();
        redactor.registry().get(name).expect("registered").detect(&note, &mut out);
        actual.push((format!("detector/{name}"), out.len()));
    }
    let lists = list_redactor.registry().get("lists").expect("lists detector registered with a roster");
    out.clear();
    lists.detect(&note, &mut out);
    actual.push(("detector/lists".to_string(), out.len()));
    let mut ws = Workspace::new();
    let mut rendered = String::with_capacity(text.len() * 2);
    let one_document = |ws: &mut Workspace, rendered: &mut String| {
        rendered.clear();
        redactor.redact_into(&text, &mut redactor.new_scope("document"), ws, rendered)
    };
    let per_note = |ws: &mut Workspace, rendered: &mut String| {
        let mut spans = 0;
        for n in &notes {
            rendered.clear();
            spans += redactor.redact_into(n, &mut redactor.new_scope("document"), ws, rendered);
        }
        spans
    };
    // As batch mode treats a folder of small notes: 32 at a time analysed stage by stage
    // (`analyze_many`), then each finished in its own scope.
    let mut recheck = Recheck::new();
    let per_note_grouped = |cache: &mut LookupCache, recheck: &mut Recheck, rendered: &mut String| {
        let mut spans = 0;
        for group in notes.chunks(32) {
            let texts: Vec<&str> = group.iter().map(String::as_str).collect();
            for (n, mut a) in texts.iter().zip(redactor.analyze_many(&texts, cache)) {
                rendered.clear();
                let scope = &mut redactor.new_scope("document");
                spans += redactor.finish(n, &mut a, scope, recheck, rendered, None);
            }
        }
        spans
    };
    actual.push(("pipeline/one_document".to_string(), one_document(&mut ws, &mut rendered)));
    actual.push(("pipeline/per_note".to_string(), per_note(&mut ws, &mut rendered)));
    let grouped = per_note_grouped(&mut cache, &mut recheck, &mut rendered);
    actual.push(("pipeline/per_note_grouped".to_string(), grouped));
    check_counts(&actual);

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes)).sampling_mode(SamplingMode::Flat);
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            tokenize(black_box(&text), lex, &mut tokens, &mut cache);
            tokens.len()
        })
    });
    // The detectors read the tokens made above; `tokens` is not touched again.
    let note = Note { text: &text, tokens: &tokens, lex };
    for &name in &detectors {
        let d = redactor.registry().get(name).expect("registered");
        g.bench_function(format!("detector/{name}"), |b| {
            b.iter(|| {
                out.clear();
                d.detect(black_box(&note), &mut out);
                out.len()
            })
        });
    }
    g.bench_function("detector/lists", |b| {
        b.iter(|| {
            out.clear();
            lists.detect(black_box(&note), &mut out);
            out.len()
        })
    });
    // Whole pipeline (tokenize, detect, resolve, re-find, assign, render) with a reused
    // Workspace and output buffer: the 1 MB as one document (as a stdin chunk is), and
    // each note as its own document (as batch mode does).
    g.bench_function("pipeline/one_document", |b| b.iter(|| one_document(&mut ws, &mut rendered)));
    g.bench_function("pipeline/per_note", |b| b.iter(|| per_note(&mut ws, &mut rendered)));
    g.bench_function("pipeline/per_note_grouped", |b| {
        b.iter(|| per_note_grouped(&mut cache, &mut recheck, &mut rendered))
    });
    g.finish();
}

fn config() -> Criterion {
    // Short runs: a full `cargo bench` stays around a minute. Each input is 1 MB, so one
    // iteration already takes milliseconds; ten samples are plenty to see a regression.
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args()
}

criterion_group! { name = pipeline; config = config(); targets = benches }
criterion_main!(pipeline);
