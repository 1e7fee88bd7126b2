//! `phi-redact check`: exit codes on leaky and clean inputs (0 clean, 1 found, 2 error),
//! findings that never quote the text unless `--show`, the tool's own codes and tags never
//! reported, and nothing found in phi-redact's own output of every fixture note.

use std::path::{Path, PathBuf};
use std::process::Output;

use phi_redact::check::{CheckOptions, Checker};
use phi_redact::{Config, Kind, Redactor};

mod common;
use common::run;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const LEAKY: &str = "Seen by Dr. K.R. on [DATE 2023].\n\
Client Kowalczyk called 555-867-5309 from [CITY-1].\n\
Nothing else.\n";

const CLEAN: &str = "Mr. K.R. moved to [CITY-2] on [DATE 2023]; his wife F.I. called from [PHONE].\n\
Seen at [FACILITY-1], [ADDRESS-1], [ZIP]. MRN: [MRN], e-mail [EMAIL]. Age 90+. PHQ-9 of 14.\n\
K.R.'s sertraline 50 mg continues. Parkinson's disease in Mr. K.R.'s father.\n";

fn fixture_notes() -> Vec<PathBuf> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/notes");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 10, "fixture notes are missing");
    paths
}

#[test]
fn clean_text_exits_0_silently() {
    let o = run(&["check"], CLEAN.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
}

#[test]
fn leaky_text_exits_1_with_file_line_kind_and_detector_but_no_text() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.txt");
    std::fs::write(&path, LEAKY).unwrap();
    let name = path.to_str().unwrap();
    let o = run(&["check", name], b"");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out, format!("{name}:2: NAME (names)\n{name}:2: PHONE (identifiers)\n"));
    assert!(!out.contains("Kowalczyk") && !stderr(&o).contains("Kowalczyk"));
    assert!(stderr(&o).contains("2 findings in 1 of 1 input"), "{}", stderr(&o));
    let o = run(&["check", "--show", name], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!("{name}:2: NAME (names): \"Kowalczyk\"\n{name}:2: PHONE (identifiers): \"555-867-5309\"\n")
    );
}

#[test]
fn stdin_is_checked_when_no_file_is_given() {
    let o = run(&["check"], LEAKY.as_bytes());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("<stdin>:2: "));
    let o = run(&["check", "-"], CLEAN.as_bytes());
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn errors_exit_2_and_the_other_inputs_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let leaky = dir.path().join("leaky.txt");
    std::fs::write(&leaky, LEAKY).unwrap();
    let missing = dir.path().join("missing.txt");
    let o = run(&["check", missing.to_str().unwrap(), leaky.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.txt"));
    assert_eq!(stdout(&o).lines().count(), 2, "findings of the readable input are printed");

    let o = run(&["check"], b"Client Zyxwvutsova \xff called.\n");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("byte offset 19") && !err.contains("Zyxwvutsova"), "{err}");
    let o = run(&["check", "--lossy"], b"Client Zyxwvutsova \xff called.\n");
    assert_eq!(o.status.code(), Some(1));

    let o = run(&["check", "--deny-list", missing.to_str().unwrap()], CLEAN.as_bytes());
    assert_eq!(o.status.code(), Some(2), "an unusable deny list is an error, not a clean bill");
}

#[test]
fn line_numbers_survive_bom_crlf_and_chunks() {
    // About 2 MB of clean lines, then a leak: line numbers run across chunk boundaries.
    let mut text = String::from("\u{FEFF}");
    let clean = "Mr. K.R. reports better sleep in [CITY-1]; café — 日本 — no change.\r\n";
    let n = 2 * (1 << 20) / clean.len();
    for _ in 0..n {
        text.push_str(clean);
    }
    text.push_str("Called 555-867-5309.\r\n");
    let o = run(&["check"], text.as_bytes());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("<stdin>:{}: PHONE (identifiers)\n", n + 1));
}

#[test]
fn policy_flags_match_redaction() {
    let note = "Seen on 3/14/2023 with her sister Hope.\n";
    let kept = stdout(&run(&["--dates", "keep"], note.as_bytes()));
    assert!(kept.contains("3/14/2023"));
    let o = run(&["check"], kept.as_bytes());
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(1), "<stdin>:1: DATE (dates)\n"));
    let o = run(&["check", "--dates", "keep"], kept.as_bytes());
    assert_eq!(o.status.code(), Some(0), "dates kept on purpose are not reported: {}", stdout(&o));

    let dir = tempfile::tempdir().unwrap();
    let deny = dir.path().join("roster.txt");
    std::fs::write(&deny, "Zorblax\n").unwrap();
    let o = run(&["check", "--deny-list", deny.to_str().unwrap()], b"The zorblax plan stays.\n");
    assert_eq!(o.status.code(), Some(1), "deny-list phrases are looked for");
    let allow = dir.path().join("allow.txt");
    std::fs::write(&allow, "Kowalczyk Protocol\n").unwrap();
    let o = run(&["check", "--allow-list", allow.to_str().unwrap()], b"We follow the Kowalczyk Protocol.\n");
    assert_eq!(o.status.code(), Some(0), "allow-list phrases are accepted: {}", stdout(&o));
}

#[test]
fn own_codes_and_tags_are_never_findings() {
    let checker = Checker::new(Config::default(), CheckOptions::default()).unwrap();
    assert_eq!(checker.check_str(CLEAN), vec![]);
    let f = checker.check_str(LEAKY);
    assert_eq!(f.iter().map(|f| (f.line, f.kind)).collect::<Vec<_>>(), vec![(2, Kind::Name), (2, Kind::Phone)]);
    assert!(f.iter().all(|f| f.text.is_none()));
    assert_eq!((f[0].column, f[0].start), (8, LEAKY.find("Kowalczyk").unwrap() as u64));
}

fn redact_with_binary(note: &Path, extra: &[&str], dir: &Path) -> PathBuf {
    let mut args: Vec<&str> = extra.to_vec();
    args.push(note.to_str().unwrap());
    let o = run(&args, b"");
    assert!(o.status.success(), "{}: {}", note.display(), stderr(&o));
    let out = dir.join(note.file_name().unwrap());
    std::fs::write(&out, &o.stdout).unwrap();
    out
}

#[test]
fn phi_redact_output_of_every_fixture_note_is_clean() {
    for settings in [&[][..], &["--dates", "tag"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let outputs: Vec<PathBuf> =
            fixture_notes().iter().map(|n| redact_with_binary(n, settings, dir.path())).collect();
        let mut args = vec!["check"];
        args.extend(settings);
        args.extend(outputs.iter().map(|p| p.to_str().unwrap()));
        let o = run(&args, b"");
        assert_eq!(o.status.code(), Some(0), "check cried wolf ({settings:?}):\n{}{}", stdout(&o), stderr(&o));
        // And it is not blind: the originals are flagged, every one of them.
        let mut args = vec!["check"];
        let originals = fixture_notes();
        args.extend(originals.iter().map(|p| p.to_str().unwrap()));
        let o = run(&args, b"");
        assert_eq!(o.status.code(), Some(1));
        let report = stdout(&o);
        for n in &originals {
            assert!(report.contains(&format!("{}:", n.display())), "{} not flagged", n.display());
        }
    }
}

#[test]
fn library_check_of_redacted_fixtures_names_what_it_finds() {
    // Same property through the library, with the text shown so a failure is diagnosable
    // (fixtures are synthetic).
    let redactor = Redactor::new(Config::default()).unwrap();
    let checker = Checker::new(Config::default(), CheckOptions { show: true, ignore: vec![] }).unwrap();
    let mut found = Vec::new();
    for p in fixture_notes() {
        let out = redactor.redact_str(&std::fs::read_to_string(&p).unwrap());
        for f in checker.check_str(&out) {
            let line = out.lines().nth(f.line as usize - 1).unwrap_or("");
            found.push(format!(
                "{}:{}: {:?} ({}: {}) {:?} in {line:?}",
                p.display(),
                f.line,
                f.kind,
                f.detector,
                f.cue,
                f.text
            ));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn csv_and_jsonl_outputs_of_batch_mode_are_clean_and_originals_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let batch = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/batch");
    let csv = Path::new(batch).join("visits.csv");
    let jsonl = Path::new(batch).join("messages.jsonl");
    let deid_csv = dir.path().join("visits.deid.csv");
    let deid_jsonl = dir.path().join("messages.deid.jsonl");
    for (input, output, format) in [(&csv, &deid_csv, "csv"), (&jsonl, &deid_jsonl, "jsonl")] {
        let o = run(&["--format", format, input.to_str().unwrap()], b"");
        assert!(o.status.success(), "{}", stderr(&o));
        std::fs::write(output, &o.stdout).unwrap();
    }
    let o = run(&["check", deid_csv.to_str().unwrap(), deid_jsonl.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));

    // The originals: findings name the column or field, and lines follow multi-line cells.
    let csv_name = csv.to_str().unwrap();
    let o = run(&["check", "--column", "note", csv_name], b"");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.lines().all(|l| l.ends_with(" [note]")), "{out}");
    assert!(out.contains(&format!("{csv_name}:3: NAME (names) [note]")), "Mary is on line 3: {out}");
    assert!(!out.contains("Kowalczyk"));
    let o = run(&["check", "--field", "note.text", jsonl.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with(&format!("{}:1: NAME (names) [note.text]\n", jsonl.display())));
    // As a filter on stdin, with the format named.
    let o = run(&["check", "--format", "jsonl"], &std::fs::read(&deid_jsonl).unwrap());
    assert_eq!(o.status.code(), Some(0));
    let o = run(&["check", "--format", "csv", "--column", "ssn"], &std::fs::read(&csv).unwrap());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("<stdin>:3: SSN (identifiers) [ssn]"), "{}", stdout(&o));
    // ... or implied by the column or field options, as when redacting.
    let o = run(&["check", "--column", "ssn"], &std::fs::read(&csv).unwrap());
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).starts_with("<stdin>:3: SSN (identifiers) [ssn]"), "{}", stdout(&o));
    let o = run(&["check", "--field", "note.text"], &std::fs::read(&jsonl).unwrap());
    assert!(stdout(&o).starts_with("<stdin>:1: NAME (names) [note.text]\n"), "{}", stdout(&o));
    let o = run(&["check", "--column", "ssn", "--field", "note.text"], b"");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn csv_and_jsonl_problems_exit_2() {
    let batch = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/batch");
    let csv = Path::new(batch).join("visits.csv");
    let o = run(&["check", "--column", "no_such_column", csv.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no_such_column"));
    let o = run(&["check", "--format", "jsonl"], b"{\"note\": \"[CITY-1]\"}\n{\"note\": \"Kowalczyk\n");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("line 2") && !err.contains("Kowalczyk"), "{err}");
}
