//! Date shifting (`--dates shift`): every date of a scope moves by the same number of days,
//! and the output keeps the input's shape.
//!
//! A detected date is cut into components (numbers, words, separators); the month, day and
//! year are identified from the shape, the date is moved with calendar arithmetic (`chrono`),
//! and each component is written back in its original style: zero padding, two- or
//! four-digit year, month name full or abbreviated and in the same case, ordinal suffix
//! recomputed ("March 14th" stays "Month Dth"; "3/14/23" stays "M/D/YY").
//!
//! Partial dates shift sensibly: "March 2023" moves the middle of the month and shows the
//! month it lands in; "in May" likewise without a year; "March 14" without a year is
//! shifted within a leap reference year. Intervals between dates of one scope are kept
//! exactly, because every date moves by the same offset. Anything this module cannot read
//! unambiguously (a range "March 14-16", an odd shape) becomes `[DATE]`: a date is never
//! left in place.

use chrono::{Datelike, Duration, NaiveDate};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reference year for dates written without one: a leap year, so "Feb 29" is valid.
const REFERENCE_YEAR: i32 = 2000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    Num,
    Word,
    Sep,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Month,
    MonthName,
    Day,
    Year,
    Suffix,
    Keep,
}

fn month_of(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS.iter().position(|m| *m == w || (w.len() == 3 && m.starts_with(&w))).map(|i| i as u32 + 1)
}

fn kind(c: char) -> Part {
    if c.is_ascii_digit() {
        Part::Num
    } else if c.is_alphabetic() {
        Part::Word
    } else {
        Part::Sep
    }
}

fn split(text: &str) -> Vec<(Part, &str)> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut cur: Option<Part> = None;
    for (i, c) in text.char_indices() {
        let k = kind(c);
        if cur != Some(k) {
            if let Some(p) = cur {
                parts.push((p, &text[start..i]));
            }
            start = i;
            cur = Some(k);
        }
    }
    if let Some(p) = cur {
        parts.push((p, &text[start..]));
    }
    parts
}

/// Shifts the date written as `text` by `days` and returns it in the same shape, or `None`
/// when the shape is not one this module reads unambiguously.
pub fn shift(text: &str, days: i64) -> Option<String> {
    let parts = split(text);
    let mut roles = vec![Role::Keep; parts.len()];
    let (month, mut day, mut year): (Option<u32>, Option<u32>, Option<i32>);
    (day, year) = (None, None);
    let mut year_digits = 4;
    let nums: Vec<usize> = (0..parts.len()).filter(|&i| parts[i].0 == Part::Num).collect();
    let month_word = (0..parts.len()).find(|&i| parts[i].0 == Part::Word && month_of(parts[i].1).is_some());

    if let Some(mi) = month_word {
        month = month_of(parts[mi].1);
        roles[mi] = Role::MonthName;
        for &i in &nums {
            let v: u32 = parts[i].1.parse().ok()?;
            let len = parts[i].1.len();
            if len == 4 && year.is_none() {
                year = Some(v as i32);
                roles[i] = Role::Year;
            } else if len <= 2 && day.is_none() && (1..=31).contains(&v) && !after_apostrophe(&parts, i) {
                day = Some(v);
                roles[i] = Role::Day;
                if let Some((Part::Word, w)) = parts.get(i + 1) {
                    if matches!(w.to_ascii_lowercase().as_str(), "st" | "nd" | "rd" | "th") {
                        roles[i + 1] = Role::Suffix;
                    }
                }
            } else if len == 2 && year.is_none() && after_apostrophe(&parts, i) {
                year = Some(2000 + v as i32);
                year_digits = 2;
                roles[i] = Role::Year;
            } else if parts.len() > 1 && i > 0 && parts[i - 1].1.contains(':') {
                // a time after the date
            } else {
                return None; // a second day: a range ("March 14-16") or an odd shape
            }
        }
    } else {
        // Numeric shapes: the first three numbers are the date; what follows (a time) stays.
        let date_nums: Vec<usize> = nums.iter().copied().take(3).collect();
        let vals: Vec<u32> = date_nums.iter().map(|&i| parts[i].1.parse().ok()).collect::<Option<_>>()?;
        let lens: Vec<usize> = date_nums.iter().map(|&i| parts[i].1.len()).collect();
        let (m, d, y) = match (vals.as_slice(), lens.as_slice()) {
            ([y, m, d], [4, _, _]) => (Some(*m), Some(*d), Some((*y, 4))),
            ([a, b, y], [_, _, yl]) if *yl == 4 || *yl == 2 => {
                if *a > 12 {
                    (Some(*b), Some(*a), Some((*y, *yl)))
                } else {
                    (Some(*a), Some(*b), Some((*y, *yl)))
                }
            }
            ([m, y], [_, 4]) => (Some(*m), None, Some((*y, 4))),
            ([m, d], [_, _]) => (Some(*m), Some(*d), None),
            _ => return None,
        };
        month = m;
        day = d;
        if let Some((y, yl)) = y {
            year_digits = yl;
            year = Some(if yl == 2 { 2000 + y as i32 - if y > 50 { 100 } else { 0 } } else { y as i32 });
        }
        let order: Vec<Role> = match (vals.len(), lens.first()) {
            (3, Some(4)) => vec![Role::Year, Role::Month, Role::Day],
            (3, _) if vals[0] > 12 => vec![Role::Day, Role::Month, Role::Year],
            (3, _) => vec![Role::Month, Role::Day, Role::Year],
            (2, _) if lens[1] == 4 => vec![Role::Month, Role::Year],
            _ => vec![Role::Month, Role::Day],
        };
        for (k, &i) in date_nums.iter().enumerate() {
            roles[i] = order[k];
        }
    }

    let month = month?;
    let date = NaiveDate::from_ymd_opt(year.unwrap_or(REFERENCE_YEAR), month, day.unwrap_or(15))?;
    let moved = date.checked_add_signed(Duration::days(days))?;

    // Zero padding: kept when the original shows it ("03/14/23" -> "04/03/23").
    let padded = (0..parts.len())
        .any(|i| matches!(roles[i], Role::Month | Role::Day) && parts[i].1.len() == 2 && parts[i].1.starts_with('0'));
    let width = if padded { 2 } else { 1 };
    let mut out = String::with_capacity(text.len() + 4);
    for (i, (_, s)) in parts.iter().enumerate() {
        match roles[i] {
            Role::Keep => out.push_str(s),
            Role::MonthName => out.push_str(&month_name_like(s, moved.month())),
            Role::Month => push_padded(&mut out, moved.month(), width),
            Role::Day => push_padded(&mut out, moved.day(), width),
            Role::Year => {
                if year_digits == 2 {
                    push_padded(&mut out, (moved.year().rem_euclid(100)) as u32, 2)
                } else {
                    out.push_str(&moved.year().to_string())
                }
            }
            Role::Suffix => out.push_str(&suffix_like(s, moved.day())),
        }
    }
    Some(out)
}

fn after_apostrophe(parts: &[(Part, &str)], i: usize) -> bool {
    i > 0 && parts[i - 1].1.ends_with(['\'', '\u{2019}'])
}

fn push_padded(out: &mut String, v: u32, width: usize) {
    if width >= 2 && v < 10 {
        out.push('0');
    }
    out.push_str(&v.to_string());
}

/// The name of `month` written like `original`: same length class (full, "Sept", three
/// letters) and the same case (lower, Title, UPPER).
fn month_name_like(original: &str, month: u32) -> String {
    let full = MONTHS[month as usize - 1];
    let was_full = MONTHS.iter().any(|m| m.eq_ignore_ascii_case(original));
    let name = if was_full || original.len() > 4 || (original.len() == 4 && !original.eq_ignore_ascii_case("sept")) {
        full.to_string()
    } else if original.len() == 4 && month == 9 {
        "sept".to_string()
    } else {
        full[..3].to_string()
    };
    restyle(&name, original)
}

fn suffix_like(original: &str, day: u32) -> String {
    let s = match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    restyle(s, original)
}

fn restyle(word: &str, like: &str) -> String {
    let letters: Vec<char> = like.chars().filter(|c| c.is_alphabetic()).collect();
    let all_upper = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
    let first_upper = letters.first().is_some_and(|c| c.is_uppercase());
    if all_upper {
        word.to_uppercase()
    } else if first_upper {
        let mut c = word.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn shapes_are_kept() {
        assert_eq!(shift("3/14/2023", 10).as_deref(), Some("3/24/2023"));
        assert_eq!(shift("03/14/23", 20).as_deref(), Some("04/03/23"));
        assert_eq!(shift("2023-03-14", -14).as_deref(), Some("2023-02-28"));
        assert_eq!(shift("March 14th", 8).as_deref(), Some("March 22nd"));
        assert_eq!(shift("March 14, 2023", 300).as_deref(), Some("January 8, 2024"));
        assert_eq!(shift("14 Mar 2023", 1).as_deref(), Some("15 Mar 2023"));
        assert_eq!(shift("MAR. 14", 31).as_deref(), Some("APR. 14"));
        assert_eq!(shift("the 14th of March", 9).as_deref(), Some("the 23rd of March"));
        assert_eq!(shift("March 2023", 20).as_deref(), Some("April 2023"));
        assert_eq!(shift("May", -40).as_deref(), Some("April"));
        assert_eq!(shift("3-14-2023", 1).as_deref(), Some("3-15-2023"));
        assert_eq!(shift("14/03/2023", 1).as_deref(), Some("15/03/2023"));
        assert_eq!(shift("2023-03-14T10:30:00Z", 1).as_deref(), Some("2023-03-15T10:30:00Z"));
        assert_eq!(shift("Sept 3", 30).as_deref(), Some("Oct 3"));
    }

    #[test]
    fn intervals_are_kept() {
        let a = shift("2023-01-30", 45).unwrap();
        let b = shift("2023-02-06", 45).unwrap();
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!((d(&b) - d(&a)).num_days(), 7);
    }

    #[test]
    fn unreadable_shapes_are_refused() {
        assert_eq!(shift("March 14-16", 3), None);
        assert_eq!(shift("yesterday", 3), None);
    }
}
