//! Any bytes as a text note through the stream API, strict and `--lossy`: no panic, no
//! hang; strict mode fails exactly on invalid UTF-8, at the first bad byte, having written
//! nothing of the chunk; valid text is kept byte for byte outside the detected spans; a
//! second pass over the output never touches the codes and tags of the first.

#![no_main]

use libfuzzer_sys::fuzz_target;
use phi_redact::Error;

#[path = "common.rs"]
mod common;

const BOM: &[u8] = b"\xEF\xBB\xBF";

fuzz_target!(|data: &[u8]| {
    let r = common::redactor();
    let mut out = Vec::new();
    let result = r.redact_stream(data, &mut out, &mut r.new_scope("document"), false);
    match std::str::from_utf8(data) {
        Ok(text) => {
            assert!(result.is_ok(), "valid UTF-8 failed: {result:?}");
            let body = text.strip_prefix('\u{feff}').unwrap_or(text);
            let (once, spans) = common::redact_recorded(body);
            let bom = if body.len() < text.len() { BOM } else { b"" };
            // Inputs under the chunk size are one chunk: the stream is the string API.
            if data.len() < phi_redact::read::text::CHUNK_TARGET {
                assert_eq!(out, [bom, once.as_bytes()].concat());
            }
            common::second_pass_keeps_codes(&once, &spans);
        }
        Err(e) => {
            match result {
                Err(Error::InvalidUtf8 { offset }) => assert_eq!(offset, e.valid_up_to() as u64),
                other => panic!("invalid UTF-8 gave {other:?}"),
            }
            if data.len() < phi_redact::read::text::CHUNK_TARGET {
                assert!(out.is_empty() || out == BOM, "bytes of the failed chunk were written");
            }
        }
    }
    let mut out = Vec::new();
    r.redact_stream(data, &mut out, &mut r.new_scope("document"), true).expect("--lossy never fails");
    assert!(std::str::from_utf8(&out).is_ok());
});
