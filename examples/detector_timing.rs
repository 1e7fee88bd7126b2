//! Times each detector alone on a text file: `cargo run --release --example detector_timing FILE`.
use phi_redact::detect::Note;
use phi_redact::lexicon::Lexicon;
use phi_redact::segment::tokenize;
use phi_redact::{Config, Redactor};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: detector_timing FILE");
    let text = std::fs::read_to_string(path).expect("readable UTF-8 file");
    let r = Redactor::new(Config::default()).unwrap();
    let lex = Lexicon::new();
    let (mut toks, mut scratch) = (Vec::new(), phi_redact::lexicon::LookupCache::new());
    let mb = text.len() as f64 / 1e6;
    let t = Instant::now();
    tokenize(&text, &lex, &mut toks, &mut scratch);
    let secs = t.elapsed().as_secs_f64();
    println!("{:<12} {:>8.1} MB/s  {} tokens", "tokenize", mb / secs, toks.len());
    let note = Note { text: &text, tokens: &toks, lex: &lex };
    for name in r.registry().names().collect::<Vec<_>>() {
        let d = r.registry().get(name).unwrap();
        let mut out = Vec::new();
        let t = Instant::now();
        d.detect(&note, &mut out);
        let secs = t.elapsed().as_secs_f64();
        println!("{name:<12} {:>8.1} MB/s  {} candidates", mb / secs, out.len());
    }
    let t = Instant::now();
    let out = r.redact_str(&text);
    let secs = t.elapsed().as_secs_f64();
    println!("{:<12} {:>8.1} MB/s  {} bytes out", "pipeline", mb / secs, out.len());
}
