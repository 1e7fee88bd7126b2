//! Resolve stage: overlapping candidates -> one non-overlapping, ordered list.
//!
//! Rules, in order:
//! 1. A `Protected` span (clinical eponym, allow-list entry) takes its bytes out of every
//!    name or place candidate it overlaps whose priority is lower than its own: a candidate
//!    inside it is removed, and of a candidate that reaches past it the words outside it
//!    stay (a name run that swallowed "Parkinson" of "Parkinson's disease" keeps the name
//!    before it). Dates, contacts and identifiers are only removed by the tool's own codes
//!    and tags (priority 255), which remove every candidate they overlap, so de-identified
//!    text stays as it is when run again.
//! 2. The remaining candidates are grouped into clusters of (transitively) overlapping
//!    spans. Each cluster becomes one span covering the union of its members, so nothing any
//!    detector found survives in part, with the kind, detector and cue of its best member:
//!    the longest, then the highest priority, then the earliest, then the first registered.
//!
//! The result is sorted by start offset and deterministic for the same input.

use std::ops::Range;

use crate::span::{Candidate, Category, Kind, NameShape};

/// True if a protection's text `w` has the shape of the tool's code ("M.T.", "K.R.-X49N2DVYSA"):
/// dotted capitals, not a tag or a clinical phrase.
fn code_shaped(w: &str) -> bool {
    let initials = w.split('-').next().unwrap_or(w);
    crate::segment::is_code_word(initials.strip_suffix('.').unwrap_or(initials))
}

/// True if `w` is one ASCII letter, perhaps with its period ("C", "C.").
fn lone_letter(w: &str) -> bool {
    matches!(w.as_bytes(), [c] | [c, b'.'] if c.is_ascii_alphabetic())
}

/// Resolves the candidates of `text` in place: on return `cands` holds the final, sorted,
/// disjoint spans.
pub fn resolve(text: &str, cands: &mut Vec<Candidate>) {
    resolve_noting(text, cands, None);
}

/// [`resolve`], noting in `kept` (if given) what the protections among `cands` cover,
/// sorted and merged: they are gone from the result, and re-finding names must not enter
/// them ("Ehlers-Danlos syndrome" after "Mr. Ehlers").
pub fn resolve_noting(text: &str, cands: &mut Vec<Candidate>, kept: Option<&mut Vec<Range<usize>>>) {
    if cands.is_empty() {
        if let Some(kept) = kept {
            kept.clear();
        }
        return;
    }
    // Protections sorted by start; `reach[i]` is the furthest end among the first i+1, so the
    // protections overlapping a candidate are found by binary search, not a scan.
    let mut protected: Vec<(usize, usize, u8)> =
        cands.iter().filter(|c| c.kind == Kind::Protected).map(|c| (c.start, c.end, c.priority)).collect();
    // (a stable sort: the detectors emit their protections in text order, a few runs of
    // them, which it merges instead of partitioning; the order is the same, the tuples
    // being the keys)
    protected.sort();
    let mut reach = Vec::with_capacity(protected.len());
    let mut far = 0;
    for p in &protected {
        far = far.max(p.1);
        reach.push(far);
    }
    if let Some(kept) = kept {
        kept.clear();
        for p in &protected {
            match kept.last_mut() {
                Some(k) if p.0 < k.end => k.end = k.end.max(p.1),
                _ => kept.push(p.0..p.1),
            }
        }
    }
    let mut pieces: Vec<Candidate> = Vec::new();
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut codes: Vec<(usize, usize)> = Vec::new();
    cands.retain(|c| {
        if c.kind == Kind::Protected || c.is_empty() {
            return false;
        }
        // The tool's own codes and tags (priority 255) guard against every detector.
        let guarded = matches!(c.kind.category(), Category::Name | Category::Location);
        let blocks =
            |p: &(usize, usize, u8)| p.0 < c.end && c.start < p.1 && (p.2 == u8::MAX || guarded && p.2 > c.priority);
        // Protections starting before c.end; walk back while they can still reach c.start.
        // (a name that runs on past something shaped like the tool's code, "J.R. Smith",
        // is someone's initials and surname: what the tool writes has no name after a code,
        // the re-check sees to that)
        hits.clear();
        codes.clear();
        let mut i = protected.partition_point(|p| p.0 < c.end);
        while i > 0 && reach[i - 1] > c.start {
            i -= 1;
            let p = &protected[i];
            if blocks(p) {
                if p.2 == u8::MAX {
                    if c.kind.category() == Category::Name && code_shaped(&text[p.0..p.1]) {
                        codes.push((p.0, p.1));
                        continue;
                    }
                    return false;
                }
                hits.push((p.0, p.1));
            }
        }
        if !codes.is_empty() {
            let covered = |k: usize| codes.iter().chain(hits.iter()).any(|&(s, e)| s <= k && k < e);
            if !(c.start..c.end).any(|k| text.as_bytes()[k].is_ascii_alphabetic() && !covered(k)) {
                return false;
            }
        }
        if hits.is_empty() {
            return true;
        }
        // The words of the candidate outside every protection that blocks it stay.
        hits.sort_unstable();
        let mut at = c.start;
        for &(ps, pe) in hits.iter().chain(std::iter::once(&(c.end, c.end))) {
            if ps > at {
                let (a, b) = trim_to_words(text, at, ps.min(c.end));
                // (an article the candidate took for an initial is no name left over, nor
                // is a letter alone: "A Foley catheter", "Child-Pugh class C. West Haven
                // grade 2")
                if a < b && !matches!(&text[a..b], "A" | "An" | "The") && !lone_letter(&text[a..b]) {
                    let mut piece = c.clone();
                    (piece.start, piece.end, piece.shape) = (a, b, NameShape::Unknown);
                    pieces.push(piece);
                }
            }
            at = at.max(pe);
        }
        false
    });
    cands.append(&mut pieces);
    // Stable sort keeps registry order among equal keys, so ties are deterministic.
    cands.sort_by_key(|c| c.start);
    let mut out: Vec<Candidate> = Vec::with_capacity(cands.len());
    let mut cluster_end = 0usize;
    let mut best: Option<(Candidate, usize, usize)> = None; // (best member, union start, union end)
    for c in cands.drain(..) {
        match &mut best {
            Some((b, _, uend)) if c.start < cluster_end => {
                *uend = (*uend).max(c.end);
                cluster_end = *uend;
                if better(&c, b) {
                    *b = c;
                }
            }
            _ => {
                if let Some((b, s, e)) = best.take() {
                    out.push(widen(b, s, e));
                }
                cluster_end = c.end;
                best = Some((c.clone(), c.start, c.end));
            }
        }
    }
    if let Some((b, s, e)) = best.take() {
        out.push(widen(b, s, e));
    }
    *cands = out;
}

/// `a..b` of `text` without the characters that are not letters or digits at either end
/// (the space before a protected word); empty if nothing is left.
fn trim_to_words(text: &str, a: usize, b: usize) -> (usize, usize) {
    let Some(part) = text.get(a..b) else { return (a, a) };
    let inner = part.trim_matches(|ch: char| !ch.is_alphanumeric());
    if inner.is_empty() {
        return (a, a);
    }
    let start = a + (part.len() - part.trim_start_matches(|ch: char| !ch.is_alphanumeric()).len());
    (start, start + inner.len())
}

fn better(a: &Candidate, b: &Candidate) -> bool {
    (a.len(), a.priority) > (b.len(), b.priority)
}

fn widen(mut best: Candidate, start: usize, end: usize) -> Candidate {
    if (best.start, best.end) != (start, end) {
        best.start = start;
        best.end = end;
        best.shape = NameShape::Unknown;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz";

    fn c(start: usize, end: usize, kind: Kind, priority: u8) -> Candidate {
        Candidate::new(start, end, kind, "t", "t", priority)
    }

    #[test]
    fn longest_wins_and_union_is_kept() {
        let mut v = vec![c(0, 4, Kind::Name, 10), c(0, 10, Kind::Facility, 5), c(8, 14, Kind::Name, 10)];
        resolve(TEXT, &mut v);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].start, v[0].end, v[0].kind), (0, 14, Kind::Facility));
    }

    #[test]
    fn protection_removes_only_lower_priority_names() {
        let mut v = vec![c(0, 9, Kind::Name, 10), c(0, 19, Kind::Protected, 200), c(30, 35, Kind::Date, 10)];
        resolve(TEXT, &mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].kind, Kind::Date);
        let mut v = vec![c(0, 9, Kind::Name, 250), c(0, 19, Kind::Protected, 200)];
        resolve(TEXT, &mut v);
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn a_protection_takes_only_its_own_words_out_of_a_longer_name() {
        // "Jonathan Kowalczyk Parkinson" (a name run) and "Parkinson's disease" (protected).
        let text = "Mr. Jonathan Kowalczyk Parkinson's disease.";
        let name = c(4, 32, Kind::Name, 140);
        let protection = c(23, 42, Kind::Protected, 200);
        let mut v = vec![name, protection.clone()];
        resolve(text, &mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(&text[v[0].start..v[0].end], "Jonathan Kowalczyk");
        // A name inside the protection is removed; the tool's own output removes everything.
        let mut v = vec![c(23, 32, Kind::Name, 140), protection];
        resolve(text, &mut v);
        assert!(v.is_empty());
        let mut v = vec![c(4, 32, Kind::Name, 140), c(23, 42, Kind::Protected, u8::MAX)];
        resolve(text, &mut v);
        assert!(v.is_empty());
    }

    #[test]
    fn a_name_that_runs_on_past_a_code_shape_stays_whole() {
        // "J.R. Jones": dotted initials (protected as the tool's code shape) and a surname
        let text = "Seen by J.R. Jones today; M.T. said.";
        let mut v = vec![c(8, 18, Kind::Name, 100), c(8, 12, Kind::Protected, u8::MAX)];
        resolve(text, &mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(&text[v[0].start..v[0].end], "J.R. Jones");
        // a name that is nothing but the code stays removed
        let mut v = vec![c(25, 29, Kind::Name, 100), c(25, 29, Kind::Protected, u8::MAX)];
        resolve(text, &mut v);
        assert!(v.is_empty());
    }

    #[test]
    fn disjoint_candidates_stay_sorted() {
        let mut v = vec![c(20, 25, Kind::Phone, 1), c(0, 3, Kind::Name, 1)];
        resolve(TEXT, &mut v);
        assert_eq!(v.iter().map(|c| c.start).collect::<Vec<_>>(), vec![0, 20]);
    }
}
