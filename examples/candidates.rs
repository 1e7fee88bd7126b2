//! Prints every detector's raw candidates for a text given as the argument (synthetic text
//! only; for debugging detectors): `cargo run --release --example candidates -- "TEXT"`.
use phi_redact::detect::Note;
use phi_redact::lexicon::Lexicon;
use phi_redact::segment::tokenize;
use phi_redact::{Config, Redactor};

fn main() {
    let text = std::env::args().nth(1).expect("usage: candidates TEXT");
    let r = Redactor::new(Config::default()).unwrap();
    let lex = Lexicon::new();
    let (mut toks, mut scratch) = (Vec::new(), phi_redact::lexicon::LookupCache::new());
    tokenize(&text, &lex, &mut toks, &mut scratch);
    let note = Note { text: &text, tokens: &toks, lex: &lex };
    if std::env::var_os("TOKENS").is_some() {
        for t in toks.iter().filter(|t| t.class != phi_redact::segment::Class::Space) {
            println!(
                "token {:?} {:?} {:?} flags={} word={} name={}",
                t.text(&text),
                t.class,
                t.case,
                t.flags,
                t.entry.word(),
                t.entry.name()
            );
        }
    }
    for name in r.registry().names() {
        let mut out = Vec::new();
        r.registry().get(name).unwrap().detect(&note, &mut out);
        for c in out {
            println!("{name:<12} {:?} {:?} {} {}", c.kind, &text[c.start..c.end], c.cue, c.priority);
        }
    }
}
