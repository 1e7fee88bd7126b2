//! The review page: produced by the real binary, owner-only, never overwritten without
//! `--force`, self-contained and escaped, and rendered by headless Chromium with its
//! highlights and legend visible.
//!
//! The Chromium test runs when `chromium` is on PATH and is skipped otherwise, unless
//! `PHI_REDACT_REQUIRE_CHROMIUM=1` is set (as `.ci/run` does), in which case a missing
//! browser is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use phi_redact::review::{colour, NoteReview};
use phi_redact::{Config, Kind, Redactor};

const NOTE: &str = "Consultation note, Riverbend Counseling Associates.\n\
Mr. Jonathan Kowalczyk (MRN: 4471190) was seen on 3/14/2023 at 4931 Hamilton Rd, Apt 2.\n\
Call his wife Mary at (555) 123-4567 or e-mail mary.k@example.com. Kowalczyk said PHQ-9 of 14.\n\
Zoë Ångström <script>alert(1)</script> & \"friends\" moved to Springfield on March 3rd, 2021.\n";

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phi-redact"))
}

fn run(args: &[&std::ffi::OsStr]) -> Output {
    bin().args(args).stdin(Stdio::null()).output().expect("binary runs")
}

fn review(notes: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec!["review".as_ref()];
    args.extend(notes.iter().map(|p| p.as_os_str()));
    args.extend(["-o".as_ref(), out.as_os_str()]);
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    run(&args)
}

fn note_file(dir: &Path) -> PathBuf {
    let p = dir.join("note.txt");
    std::fs::write(&p, NOTE).unwrap();
    p
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn page_is_written_owner_only_with_banner_legend_and_both_texts() {
    let dir = tempfile::tempdir().unwrap();
    let note = note_file(dir.path());
    let out = dir.path().join("review.html");
    let o = review(&[&note], &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty(), "the page never goes to stdout");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("CONTAINS PHI") && !err.contains("Kowalczyk"), "{err}");
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600);
    let html = std::fs::read_to_string(&out).unwrap();
    let banner = html.find("protected health information").expect("PHI banner");
    assert!(banner < html.find("<h1>").unwrap(), "the banner comes first");
    for kind in ["NAME", "DATE", "ADDRESS", "PHONE", "EMAIL", "MRN"] {
        assert!(html.contains(&format!("class=\"sw k-{}\"", kind.to_lowercase())), "legend lacks {kind}");
    }
    assert!(html.contains("<mark class=\"k-name\" title=\"NAME \u{2192} "), "code on hover");
    assert!(html.contains(">Kowalczyk</mark>") && html.contains(">[MRN]</mark>"), "both columns highlighted");
    assert!(html.contains("PHQ-9 of 14"));
}

#[test]
fn page_is_self_contained_and_escaped() {
    let redactor = Redactor::new(Config::default()).unwrap();
    let note = NoteReview::new(&redactor, "<b>x</b>.txt", NOTE).unwrap();
    let html = phi_redact::review::render_page(&[note], &[]);
    assert!(!html.contains("<script") && !html.contains("<b>x"), "markup from notes and names is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;"));
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;.txt"));
    for external in ["src=", "href=", "url(", "@import", "http://", "https://"] {
        assert!(!html.contains(external), "external reference {external}");
    }
    assert!(html.contains("default-src 'none'"), "a CSP forbids loading anything");
    // Counts per kind and the replaced text in the right column.
    assert!(html.contains("<b>NAME</b> "));
    assert!(html.contains("[PHONE]</mark>"));
}

#[test]
fn existing_page_is_kept_without_force_and_replaced_owner_only_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let note = note_file(dir.path());
    let out = dir.path().join("review.html");
    std::fs::write(&out, "keep me").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let o = review(&[&note], &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = review(&[&note], &out, &["--force"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("<!DOCTYPE html>"));
    #[cfg(unix)]
    assert_eq!(mode(&out), 0o600, "a replaced page does not inherit the old permissions");
}

#[test]
fn a_note_is_never_overwritten_by_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let note = note_file(dir.path());
    let o = review(&[&note], &note, &["--force"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&note).unwrap(), NOTE);
}

#[test]
fn unreadable_notes_are_listed_and_turn_the_exit_code_to_2() {
    let dir = tempfile::tempdir().unwrap();
    let note = note_file(dir.path());
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"Client Zyxwvutsova \xff called.\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let out = dir.path().join("review.html");
    let o = review(&[&bad, &note, &missing], &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bad.txt") && err.contains("byte offset 19") && err.contains("missing.txt"), "{err}");
    assert!(!err.contains("Zyxwvutsova"), "{err}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("Not on this page") && html.contains("bad.txt") && html.contains("missing.txt"));
    assert!(!html.contains("Zyxwvutsova"));
    assert!(html.contains("Kowalczyk</mark>"));
    // --lossy takes the bad note in.
    let o = review(&[&bad], &out, &["--force", "--lossy"]);
    assert!(o.status.success());
}

/// Runs `cmd`, killing it after `limit`.
fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Option<std::process::ExitStatus> {
    let mut child = cmd.stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("chromium starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(program).is_file()))
}

/// RGB pixels of a PNG file.
fn decode_png(path: &Path) -> (u32, u32, Vec<[u8; 3]>) {
    let mut decoder = png::Decoder::new(std::fs::File::open(path).unwrap());
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let px: Vec<[u8; 3]> = match info.color_type {
        png::ColorType::Rgba => bytes.chunks_exact(4).map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::Rgb => bytes.chunks_exact(3).map(|p| [p[0], p[1], p[2]]).collect(),
        png::ColorType::GrayscaleAlpha => bytes.chunks_exact(2).map(|p| [p[0], p[0], p[0]]).collect(),
        png::ColorType::Grayscale => bytes.iter().map(|&g| [g, g, g]).collect(),
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    (info.width, info.height, px)
}

fn count_near(px: &[[u8; 3]], (r, g, b): (u8, u8, u8)) -> usize {
    let near = |a: u8, b: u8| a.abs_diff(b) <= 6;
    px.iter().filter(|p| near(p[0], r) && near(p[1], g) && near(p[2], b)).count()
}

#[test]
fn renders_in_headless_chromium_with_highlights_and_legend() {
    let required = std::env::var_os("PHI_REDACT_REQUIRE_CHROMIUM").is_some_and(|v| v == "1");
    if !on_path("chromium") {
        assert!(!required, "PHI_REDACT_REQUIRE_CHROMIUM=1 but chromium is not on PATH");
        eprintln!("skipped: chromium is not on PATH (apt-get install chromium)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let note = note_file(dir.path());
    let page = dir.path().join("review.html");
    let o = review(&[&note], &page, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let shot = dir.path().join("review.png");
    let profile = dir.path().join("chromium-profile");
    let status = run_with_timeout(
        Command::new("chromium").args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            &format!("--user-data-dir={}", profile.display()),
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            &format!("file://{}", page.display()),
        ]),
        Duration::from_secs(120),
    );
    assert!(status.is_some(), "chromium did not finish within two minutes");
    assert!(shot.is_file(), "no screenshot written (chromium exit {status:?})");
    let (w, h, px) = decode_png(&shot);
    assert_eq!((w, h), (1280, 2000));
    // The PHI banner is on screen.
    assert!(count_near(&px, (0x8e, 0x00, 0x00)) > 20_000, "the PHI banner is not visible");
    // Every kind on the page shows its colour: the legend swatch (16x16 inside its border)
    // and the highlights in both columns, so far more pixels than a swatch alone.
    let redactor = Redactor::new(Config::default()).unwrap();
    let kinds: Vec<Kind> = NoteReview::new(&redactor, "note.txt", NOTE).unwrap().counts().into_keys().collect();
    assert!(kinds.len() >= 5, "{kinds:?}");
    for kind in kinds {
        let n = count_near(&px, colour(kind));
        assert!(n > 600, "{kind:?}: only {n} pixels of its highlight colour");
    }
    // Colours of kinds not on the page are absent (the counts above are not accidental).
    assert!(count_near(&px, colour(Kind::Ssn)) < 50);
    if let Some(keep) = std::env::var_os("PHI_REDACT_KEEP_SCREENSHOT") {
        std::fs::copy(&shot, keep).unwrap();
    }
}
