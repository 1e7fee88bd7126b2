//! Identity across notes and runs (keyed codes, scopes, codebook, date shifting, policy
//! files), through the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const KEY: &str = "9f1c2a7e4b8d0c3f6a5e2d1b7c9a8f0e3d6b2c1a\n";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phi-redact"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes()); // the tool may exit before reading
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    assert!(o.status.success(), "exit {:?}: {}", o.status, String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn key_file(dir: &Path) -> PathBuf {
    let p = dir.join("phi.key");
    std::fs::write(&p, KEY).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    p
}

/// The code written after "Mr. " in a redacted note.
fn code_after(text: &str, marker: &str) -> String {
    let rest = text.split(marker).nth(1).unwrap_or_else(|| panic!("{marker:?} not in {text:?}"));
    rest.split([' ', ',', '\'']).next().unwrap().to_string()
}

const NOTE_A: &str = "Mr. Jonathan Kowalczyk was admitted on 3/14/2023. His wife, Mary Kowalczyk, visited.\n";
const NOTE_B: &str = "Follow-up with Mr. Jonathan Kowalczyk on March 21st, 2023; Jon's sleep improved.\n";

#[test]
fn keyed_codes_are_identical_across_runs_and_processes() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let k = key.to_str().unwrap();
    let both = format!("{NOTE_A}{NOTE_B}");
    let one = out(&run(&["--key-file", k, "--scope", "run"], &both));
    let again = out(&run(&["--key-file", k, "--scope", "run"], &both));
    assert_eq!(one, again);
    // Two processes, each with half of the scope's notes, give the same person the same code.
    let a = out(&run(&["--key-file", k, "--scope", "run"], NOTE_A));
    let b = out(&run(&["--key-file", k, "--scope", "run"], NOTE_B));
    let code = code_after(&a, "Mr. ");
    assert_eq!(code_after(&b, "Mr. "), code);
    assert!(b.contains(&format!("{code}'s sleep")), "{b}");
    // Keyed codes are long enough for a million people per scope and still start like initials.
    assert_eq!(code.len(), 15, "{code}");
    assert!(!code.starts_with('J') && &code[2..3] != "K", "{code}");
    // Different people stay distinct.
    assert_ne!(code_after(&a, "wife, "), code);
    // Without the key the codes differ from the keyed ones.
    let plain = out(&run(&[], NOTE_A));
    assert_ne!(code_after(&plain, "Mr. "), code);
    // The key is never echoed.
    assert!(!one.contains("9f1c2a7e"));
}

#[test]
fn shifted_dates_keep_formats_and_intervals() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    let note = "Seen 3/14/2023 and again 3/21/2023; intake 2023-03-07.\n";
    let o = out(&run(&["--key-file", key.to_str().unwrap(), "--dates", "shift", "--shift-days", "5,40"], note));
    let dates: Vec<chrono_free::Date> = chrono_free::find(&o);
    assert_eq!(dates.len(), 3, "{o}");
    assert_eq!(dates[1].ordinal - dates[0].ordinal, 7, "{o}");
    assert_eq!(dates[0].ordinal - dates[2].ordinal, 7, "{o}");
    let shift = dates[2].ordinal - chrono_free::ordinal(2023, 3, 7);
    assert!(shift != 0 && shift.abs() >= 5 && shift.abs() <= 40, "{o}");
    // Same shapes: M/D/YYYY twice, then YYYY-MM-DD.
    assert!(o.starts_with("Seen ") && o.contains(" and again ") && o.contains("; intake "), "{o}");
    // Without a key, shifting is refused.
    let o = run(&["--dates", "shift"], note);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
}

#[test]
fn codebook_is_written_only_when_asked_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("codebook.jsonl");
    let o = out(&run(&["--codebook", book.to_str().unwrap()], NOTE_A));
    let text = std::fs::read_to_string(&book).unwrap();
    let code = code_after(&o, "Mr. ");
    assert!(text.contains(&code) && text.contains("Jonathan Kowalczyk"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&book).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // It never overwrites an existing file.
    let again = run(&["--codebook", book.to_str().unwrap()], NOTE_A);
    assert_eq!(again.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&again.stderr).contains("Kowalczyk"));
    // And nothing else in the folder appears without the flag.
    let before = std::fs::read_dir(dir.path()).unwrap().count();
    out(&run(&[], NOTE_A));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), before);
}

#[test]
fn policy_file_applies_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.toml");
    std::fs::write(&policy, "dates = \"tag\"\ncode_format = \"Client {code}\"\n").unwrap();
    let p = policy.to_str().unwrap();
    let o = out(&run(&["--policy", p], NOTE_A));
    assert!(o.contains("Mr. Client ") && o.contains("on [DATE]."), "{o}");
    let o = out(&run(&["--policy", p, "--dates", "year"], NOTE_A));
    assert!(o.contains("on [DATE 2023]."), "{o}");
    let printed = out(&run(&["--policy", p, "--print-policy"], ""));
    assert!(printed.contains("dates = \"tag\"") && printed.contains("[categories]"), "{printed}");
    // Unknown keys are an error naming the key.
    std::fs::write(&policy, "datez = \"tag\"\n").unwrap();
    let o = run(&["--policy", p], NOTE_A);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("datez"));
}

#[test]
fn a_key_file_readable_by_others_gets_a_warning_without_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = key_file(dir.path());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let o = run(&["--key-file", key.to_str().unwrap()], NOTE_A);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("warning") && !err.contains("9f1c2a7e"), "{err}");
    }
    let help = out(&run(&["--help"], ""));
    assert!(!help.contains("9f1c2a7e"));
}

/// Just enough date reading for the tests, independent of the library's shifter.
mod chrono_free {
    pub struct Date {
        pub ordinal: i64,
    }

    pub fn ordinal(y: i64, m: i64, d: i64) -> i64 {
        // days from civil (Howard Hinnant)
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe
    }

    pub fn find(text: &str) -> Vec<Date> {
        let mut out = Vec::new();
        for word in text.split([' ', ';', ',']) {
            let w = word.trim_end_matches(['.', '\n']);
            let nums: Vec<i64> = w.split(['/', '-']).filter_map(|p| p.parse().ok()).collect();
            if nums.len() == 3 {
                let (y, m, d) = if w.contains('-') { (nums[0], nums[1], nums[2]) } else { (nums[2], nums[0], nums[1]) };
                out.push(Date { ordinal: ordinal(y, m, d) });
            }
        }
        out
    }
}
