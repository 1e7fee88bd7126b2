//! Resolve stage: overlapping candidates -> one non-overlapping, ordered list.
//!
//! Rules, in order:
//! 1. A `Protected` span (clinical eponym, allow-list entry) removes every name or place
//!    candidate it overlaps whose priority is lower than its own. Dates, contacts and
//!    identifiers are only removed by the tool's own codes and tags (priority 255), so
//!    de-identified text stays as it is when run again.
//! 2. The remaining candidates are grouped into clusters of (transitively) overlapping
//!    spans. Each cluster becomes one span covering the union of its members, so nothing any
//!    detector found survives in part, with the kind, detector and cue of its best member:
//!    the longest, then the highest priority, then the earliest, then the first registered.
//!
//! The result is sorted by start offset and deterministic for the same input.

use crate::span::{Candidate, Category, Kind, NameShape};

/// Resolves `cands` in place: on return it holds the final, sorted, disjoint spans.
pub fn resolve(cands: &mut Vec<Candidate>) {
    if cands.is_empty() {
        return;
    }
    // Protections sorted by start; `reach[i]` is the furthest end among the first i+1, so the
    // protections overlapping a candidate are found by binary search, not a scan.
    let mut protected: Vec<(usize, usize, u8)> =
        cands.iter().filter(|c| c.kind == Kind::Protected).map(|c| (c.start, c.end, c.priority)).collect();
    protected.sort_unstable();
    let mut reach = Vec::with_capacity(protected.len());
    let mut far = 0;
    for p in &protected {
        far = far.max(p.1);
        reach.push(far);
    }
    cands.retain(|c| {
        if c.kind == Kind::Protected || c.is_empty() {
            return false;
        }
        // The tool's own codes and tags (priority 255) guard against every detector.
        let guarded = matches!(c.kind.category(), Category::Name | Category::Location);
        let blocks =
            |p: &(usize, usize, u8)| p.0 < c.end && c.start < p.1 && (p.2 == u8::MAX || guarded && p.2 > c.priority);
        // Protections starting before c.end; walk back while they can still reach c.start.
        let mut i = protected.partition_point(|p| p.0 < c.end);
        while i > 0 && reach[i - 1] > c.start {
            i -= 1;
            if blocks(&protected[i]) {
                return false;
            }
        }
        true
    });
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

    fn c(start: usize, end: usize, kind: Kind, priority: u8) -> Candidate {
        Candidate::new(start, end, kind, "t", "t", priority)
    }

    #[test]
    fn longest_wins_and_union_is_kept() {
        let mut v = vec![c(0, 4, Kind::Name, 10), c(0, 10, Kind::Facility, 5), c(8, 14, Kind::Name, 10)];
        resolve(&mut v);
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].start, v[0].end, v[0].kind), (0, 14, Kind::Facility));
    }

    #[test]
    fn protection_removes_only_lower_priority_names() {
        let mut v = vec![c(0, 9, Kind::Name, 10), c(0, 19, Kind::Protected, 200), c(30, 35, Kind::Date, 10)];
        resolve(&mut v);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].kind, Kind::Date);
        let mut v = vec![c(0, 9, Kind::Name, 250), c(0, 19, Kind::Protected, 200)];
        resolve(&mut v);
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn disjoint_candidates_stay_sorted() {
        let mut v = vec![c(20, 25, Kind::Phone, 1), c(0, 3, Kind::Name, 1)];
        resolve(&mut v);
        assert_eq!(v.iter().map(|c| c.start).collect::<Vec<_>>(), vec![0, 20]);
    }
}
