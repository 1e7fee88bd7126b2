//! Detector cases as data: every `fixtures/cases/<detector>.toml` file is a table of
//! texts with what that detector must find and what it must leave alone;
//! `fixtures/cases/pipeline.toml` checks whole-pipeline output.
//!
//! Detector file format:
//! ```toml
//! [[case]]
//! text = "Seen 3/14/2023; PHQ-9 of 14."
//! find = ["3/14/2023"]    # each must lie inside one candidate of this detector
//! kind = "DATE"           # optional: kind of those candidates
//! exact = true            # optional: candidates must match the find strings exactly
//! keep = ["PHQ-9 of 14"]  # no candidate of this detector may overlap these
//! ```
//! Pipeline file format:
//! ```toml
//! [[case]]
//! input = "Mr. Smith called."
//! output = "Mr. A.B. called."   # optional: exact output
//! gone = ["Smith"]              # optional: must not survive as whole words
//! kept = ["called"]             # optional: must survive
//! ```

use std::path::Path;

use phi_redact::detect::Note;
use phi_redact::lexicon::Lexicon;
use phi_redact::segment::tokenize;
use phi_redact::{Candidate, Config, Redactor};
use serde::Deserialize;

#[derive(Deserialize)]
struct DetectorFile {
    case: Vec<DetectorCase>,
}

#[derive(Deserialize)]
struct DetectorCase {
    text: String,
    #[serde(default)]
    find: Vec<String>,
    #[serde(default)]
    keep: Vec<String>,
    kind: Option<String>,
    #[serde(default)]
    exact: bool,
}

#[derive(Deserialize)]
struct PipelineFile {
    case: Vec<PipelineCase>,
}

#[derive(Deserialize)]
struct PipelineCase {
    input: String,
    output: Option<String>,
    #[serde(default)]
    gone: Vec<String>,
    #[serde(default)]
    kept: Vec<String>,
}

fn cases_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/cases"))
}

fn kind_name(c: &Candidate) -> String {
    serde_json::to_value(c.kind).unwrap().as_str().unwrap().to_string()
}

fn run_detector_file(detector: &str) {
    let path = cases_dir().join(format!("{detector}.toml"));
    let Ok(src) = std::fs::read_to_string(&path) else { panic!("missing case file {}", path.display()) };
    let file: DetectorFile = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let redactor = Redactor::new(Config::default()).unwrap();
    let det = redactor.registry().get(detector).expect("detector is registered");
    let lex = Lexicon::new();
    let (mut tokens, mut scratch) = (Vec::new(), phi_redact::lexicon::LookupCache::new());
    let mut failures = Vec::new();
    for (n, case) in file.case.iter().enumerate() {
        tokenize(&case.text, &lex, &mut tokens, &mut scratch);
        let note = Note { text: &case.text, tokens: &tokens, lex: &lex };
        let mut cands = Vec::new();
        det.detect(&note, &mut cands);
        let show = |cands: &[Candidate]| {
            cands.iter().map(|c| format!("{:?}={}", &case.text[c.start..c.end], kind_name(c))).collect::<Vec<_>>()
        };
        for f in &case.find {
            let Some(at) = case.text.find(f.as_str()) else {
                failures.push(format!("case {n}: find {f:?} is not in the text"));
                continue;
            };
            let end = at + f.len();
            let hit = cands.iter().find(|c| {
                if case.exact {
                    c.start == at && c.end == end
                } else {
                    c.start <= at && end <= c.end
                }
            });
            match hit {
                None => failures.push(format!("case {n}: {:?}: missed {f:?}; found {:?}", case.text, show(&cands))),
                Some(c) => {
                    if let Some(k) = &case.kind {
                        if &kind_name(c) != k {
                            failures.push(format!("case {n}: {f:?} found as {} not {k}", kind_name(c)));
                        }
                    }
                }
            }
        }
        for k in &case.keep {
            if !case.text.contains(k.as_str()) {
                failures.push(format!("case {n}: {:?}: {k:?} to keep is not in the text", case.text));
            }
            for (at, _) in case.text.match_indices(k.as_str()) {
                let end = at + k.len();
                if let Some(c) = cands.iter().find(|c| c.start < end && at < c.end) {
                    failures.push(format!(
                        "case {n}: {:?}: {k:?} must be kept but {:?} was found",
                        case.text,
                        &case.text[c.start..c.end]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s) in {}:\n{}", failures.len(), path.display(), failures.join("\n"));
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect()
}

#[test]
fn pipeline_cases() {
    let path = cases_dir().join("pipeline.toml");
    let src = std::fs::read_to_string(&path).unwrap();
    let file: PipelineFile = toml::from_str(&src).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let redactor = Redactor::new(Config::default()).unwrap();
    let mut failures = Vec::new();
    for (n, case) in file.case.iter().enumerate() {
        let out = redactor.redact_str(&case.input);
        if let Some(expected) = &case.output {
            if &out != expected {
                failures.push(format!("case {n}: {:?}\n   got {out:?}\n  want {expected:?}", case.input));
            }
        }
        let out_words = words(&out);
        for g in &case.gone {
            if words(g).iter().all(|w| out_words.contains(w)) {
                failures.push(format!("case {n}: {g:?} survived in {out:?}"));
            }
        }
        for k in &case.kept {
            if !out.contains(k.as_str()) {
                failures.push(format!("case {n}: {k:?} was removed: {out:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn identifiers_cases() {
    run_detector_file("identifiers");
}

#[test]
fn dates_cases() {
    run_detector_file("dates");
}

#[test]
fn locations_cases() {
    run_detector_file("locations");
}

#[test]
fn names_cases() {
    run_detector_file("names");
}

#[test]
fn clinical_cases() {
    run_detector_file("clinical");
}

#[test]
fn states_cases() {
    run_detector_file("states");
}

/// Every detector on every cut of every case text, at each token's end: a shape that a
/// detector follows word by word may stop at the note's end ("BROWN, MARK" with nothing
/// after it), and no look-ahead may then read past the last token.
#[test]
fn every_detector_survives_a_note_cut_after_any_token() {
    let redactor = Redactor::new(Config::default()).unwrap();
    let lex = Lexicon::new();
    let (mut tokens, mut scratch) = (Vec::new(), phi_redact::lexicon::LookupCache::new());
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        let src = std::fs::read_to_string(&path).unwrap();
        if path.file_name().is_some_and(|n| n == "pipeline.toml") {
            let file: PipelineFile = toml::from_str(&src).unwrap();
            texts.extend(file.case.into_iter().map(|c| c.input));
        } else {
            let file: DetectorFile = toml::from_str(&src).unwrap();
            texts.extend(file.case.into_iter().map(|c| c.text));
        }
    }
    let mut cands = Vec::new();
    for text in &texts {
        tokenize(text, &lex, &mut tokens, &mut scratch);
        let ends: Vec<usize> = tokens.iter().map(|t| t.end).collect();
        let mut cut_tokens = Vec::new();
        for end in ends {
            let cut = &text[..end];
            tokenize(cut, &lex, &mut cut_tokens, &mut scratch);
            let note = Note { text: cut, tokens: &cut_tokens, lex: &lex };
            for name in redactor.registry().names() {
                cands.clear();
                redactor.registry().get(name).unwrap().detect(&note, &mut cands);
            }
        }
    }
}
