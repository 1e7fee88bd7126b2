//! Read stage: input streams -> bounded chunks of text ([`text`]), CSV records that keep
//! their raw bytes ([`csv`]), JSONL lines and the strings to redact in them ([`jsonl`]).

pub mod csv;
pub mod jsonl;
pub mod text;
