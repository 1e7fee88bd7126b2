//! Read stage: input streams -> bounded chunks of text.

pub mod text;
