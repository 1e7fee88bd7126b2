//! Integration tests that run the real `phi-redact` binary: stdin and files, CRLF, BOM,
//! bad input, exit codes, and that errors never quote the note.

use std::process::Output;

mod common;
use common::run;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("output is UTF-8")
}

const NOTE: &str = "Mr. Jonathan Kowalczyk (MRN: 4471190) was seen on 3/14/2023 at 4931 Hamilton Rd, Apt 2.\n\
Call his wife Mary at (555) 123-4567. Kowalczyk said PHQ-9 of 14; sertraline 50 mg.\n";

#[test]
fn stdin_to_stdout_redacts_and_keeps_the_story() {
    let o = run(&[], NOTE.as_bytes());
    assert!(o.status.success(), "{o:?}");
    let out = stdout(&o);
    for gone in ["Jonathan", "Kowalczyk", "4471190", "3/14", "Hamilton", "Mary", "123-4567"] {
        assert!(!out.contains(gone), "{gone} survived: {out}");
    }
    for kept in ["Mr. ", "was seen on", "PHQ-9 of 14", "sertraline 50 mg", "said"] {
        assert!(out.contains(kept), "{kept} was removed: {out}");
    }
    assert!(o.stderr.is_empty());
}

#[test]
fn same_person_same_code_and_output_is_deterministic() {
    let a = stdout(&run(&[], NOTE.as_bytes()));
    let b = stdout(&run(&[], NOTE.as_bytes()));
    assert_eq!(a, b);
    // "Mr. Jonathan Kowalczyk" and the later bare "Kowalczyk" share one code.
    let code = a.split("Mr. ").nth(1).unwrap().split(' ').next().unwrap().to_string();
    assert!(a.contains(&format!("{code} said")), "{a}");
}

#[test]
fn files_are_written_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let p1 = dir.path().join("a.txt");
    let p2 = dir.path().join("b.txt");
    std::fs::write(&p1, "First note about Mrs. Ottová.\n").unwrap();
    std::fs::write(&p2, "Second note, seen 2023-03-14.\n").unwrap();
    let o = run(&[p1.to_str().unwrap(), p2.to_str().unwrap()], b"");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with("First note about Mrs. "), "{out}");
    assert!(out.contains("Second note, seen [DATE 2023]."), "{out}");
    assert!(!out.contains("Ottov"));
}

#[test]
fn crlf_bom_and_punctuation_lines_pass_through() {
    let input = "\u{FEFF}Seen by Dr. Healey.\r\n~~~~~=====~~~~~\r\nPlan: continue weekly.\r\n";
    let o = run(&[], input.as_bytes());
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.starts_with('\u{FEFF}'));
    assert!(out.contains("\r\n~~~~~=====~~~~~\r\n"));
    assert!(out.ends_with("Plan: continue weekly.\r\n"));
    assert!(!out.contains("Healey"));
    assert_eq!(out.matches("\r\n").count(), 3);
}

#[test]
fn empty_input_gives_empty_output() {
    let o = run(&[], b"");
    assert!(o.status.success());
    assert!(o.stdout.is_empty() && o.stderr.is_empty());
}

#[test]
fn invalid_utf8_fails_closed_without_quoting_the_note() {
    let mut input = b"Client Zyxwvutsova called from 555-867-5309 \xff\xfe about her visit.\n".to_vec();
    input.extend_from_slice(b"More text.\n");
    let o = run(&[], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty(), "nothing of the bad chunk may reach stdout");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("byte offset 44"), "{err}");
    assert!(!err.contains("Zyxwvutsova") && !err.contains("5309"), "{err}");
}

#[test]
fn lossy_replaces_invalid_bytes_then_redacts() {
    let o = run(&["--lossy"], b"Client Zyxwvutsova called \xff today.\n");
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains('\u{FFFD}') && !out.contains("Zyxwvutsova"), "{out}");
}

#[test]
fn nul_bytes_and_a_long_line_do_not_crash() {
    let mut input = b"Dr. Healey\x00 saw the client.\n".to_vec();
    let line = "Mrs. Kowalczyk visited on 3/14/2023 and said little. ".repeat(60_000); // ~3 MB, one line
    input.extend_from_slice(line.as_bytes());
    let o = run(&[], &input);
    assert!(o.status.success(), "{:?}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains('\0'));
    assert!(!out.contains("Healey") && !out.contains("Kowalczyk") && !out.contains("3/14"));
    assert_eq!(out.matches("visited on").count(), 60_000);
}

#[test]
fn missing_file_is_reported_and_the_rest_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Seen by Dr. Healey.\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let o = run(&[missing.to_str().unwrap(), good.to_str().unwrap()], b"");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing.txt"), "{err}");
    assert!(stdout(&o).starts_with("Seen by Dr. "));
}

#[test]
fn deny_and_allow_lists_apply() {
    let dir = tempfile::tempdir().unwrap();
    let deny = dir.path().join("deny.txt");
    let allow = dir.path().join("allow.txt");
    std::fs::write(&deny, "# roster\nHope\nLOCATION\tSunnyvale Commons\n").unwrap();
    std::fs::write(&allow, "Zorblax Protocol\n").unwrap();
    let o = run(
        &["--deny-list", deny.to_str().unwrap(), "--allow-list", allow.to_str().unwrap()],
        b"hope is doing well at Sunnyvale Commons. Zorblax Protocol started.\n",
    );
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(!out.contains("hope") && !out.contains("Sunnyvale"), "{out}");
    assert!(out.contains("[LOCATION-1]") && out.contains("Zorblax Protocol"), "{out}");
}

#[test]
fn the_bundled_sample_note_runs() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/sample_note.txt");
    let o = run(&[sample], b"");
    assert!(o.status.success());
    assert!(!o.stdout.is_empty());
}

#[test]
fn redacting_twice_changes_nothing() {
    let once = stdout(&run(&[], NOTE.as_bytes()));
    let twice = stdout(&run(&[], once.as_bytes()));
    assert_eq!(once, twice);
}

/// A year of birth alone goes when it reveals an age over 89 (this year minus 1900 is more
/// than 89 from 1990 on) and stays otherwise; so does the year of a whole date of birth.
#[test]
fn a_year_of_birth_that_reveals_an_age_over_89_goes() {
    let out = stdout(&run(&[], b"Born in 1900. Her mother, b. 1901, lives with her. DOB: 3/4/1902. Born in 2001.\n"));
    assert_eq!(out, "Born in [DATE]. Her mother, b. [DATE], lives with her. DOB: [DATE]. Born in 2001.\n", "{out}");
}
