//! Helpers shared by the integration tests that run the real binary.
#![allow(dead_code)] // each test crate uses its own part of this module

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// The `phi-redact` binary of this build.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_phi-redact"))
}

/// Runs the binary with `args`, writing `stdin` from another thread (so a large input cannot
/// dead-lock against a full output pipe), and collects its output.
pub fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}
