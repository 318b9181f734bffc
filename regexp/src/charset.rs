//! Sets of code points (or code units) as sorted, disjoint, non-adjacent
//! inclusive ranges, with the set algebra needed by character classes.

/// Largest code point.
pub const MAX_CP: u32 = 0x10_FFFF;

/// A set of code points stored as sorted inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    /// The empty set.
    pub fn new() -> CharSet {
        CharSet { ranges: Vec::new() }
    }

    /// A set of one code point.
    pub fn single(c: u32) -> CharSet {
        CharSet {
            ranges: vec![(c, c)],
        }
    }

    /// Builds a set from arbitrary (possibly overlapping) ranges.
    pub fn from_ranges(mut r: Vec<(u32, u32)>) -> CharSet {
        r.retain(|&(a, b)| a <= b);
        r.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(r.len());
        for (a, b) in r {
            if let Some(last) = out.last_mut()
                && a <= last.1.saturating_add(1)
            {
                if b > last.1 {
                    last.1 = b;
                }
                continue;
            }
            out.push((a, b));
        }
        CharSet { ranges: out }
    }

    /// The ranges, sorted and disjoint.
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Number of code points in the set.
    pub fn count(&self) -> u64 {
        self.ranges.iter().map(|&(a, b)| (b - a) as u64 + 1).sum()
    }

    /// Adds one code point.
    pub fn add(&mut self, c: u32) {
        self.add_range(c, c);
    }

    /// Adds an inclusive range.
    pub fn add_range(&mut self, a: u32, b: u32) {
        if a > b {
            return;
        }
        // Fast path: appending after the last range.
        if let Some(last) = self.ranges.last_mut() {
            if a > last.1.saturating_add(1) {
                self.ranges.push((a, b));
                return;
            }
            if a >= last.0 {
                if b > last.1 {
                    last.1 = b;
                }
                return;
            }
        } else {
            self.ranges.push((a, b));
            return;
        }
        let mut r = std::mem::take(&mut self.ranges);
        r.push((a, b));
        *self = CharSet::from_ranges(r);
    }

    /// Adds every member of `other`.
    pub fn union_with(&mut self, other: &CharSet) {
        if other.ranges.is_empty() {
            return;
        }
        let mut r = std::mem::take(&mut self.ranges);
        r.extend_from_slice(&other.ranges);
        *self = CharSet::from_ranges(r);
    }

    /// Whether `c` is a member.
    pub fn contains(&self, c: u32) -> bool {
        self.ranges
            .binary_search_by(|&(a, b)| {
                if b < c {
                    std::cmp::Ordering::Less
                } else if a > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// The complement within `0..=MAX_CP`.
    pub fn complement(&self) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(a, b) in &self.ranges {
            if a > next {
                out.push((next, a - 1));
            }
            next = b.saturating_add(1);
        }
        if next <= MAX_CP {
            out.push((next, MAX_CP));
        }
        CharSet { ranges: out }
    }

    /// The intersection of two sets.
    pub fn intersect(&self, other: &CharSet) -> CharSet {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a1, b1) = self.ranges[i];
            let (a2, b2) = other.ranges[j];
            let lo = a1.max(a2);
            let hi = b1.min(b2);
            if lo <= hi {
                out.push((lo, hi));
            }
            if b1 < b2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        CharSet { ranges: out }
    }

    /// The members of `self` not in `other`.
    pub fn subtract(&self, other: &CharSet) -> CharSet {
        self.intersect(&other.complement())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algebra() {
        let mut s = CharSet::new();
        s.add_range(10, 20);
        s.add_range(5, 7);
        s.add(8);
        assert_eq!(s.ranges(), &[(5, 8), (10, 20)]);
        s.add(9);
        assert_eq!(s.ranges(), &[(5, 20)]);
        assert!(s.contains(5) && s.contains(20) && !s.contains(21) && !s.contains(4));
        let c = s.complement();
        assert_eq!(c.ranges(), &[(0, 4), (21, MAX_CP)]);
        let t = CharSet::from_ranges(vec![(0, 6), (15, 30)]);
        assert_eq!(s.intersect(&t).ranges(), &[(5, 6), (15, 20)]);
        assert_eq!(s.subtract(&t).ranges(), &[(7, 14)]);
        assert_eq!(CharSet::new().complement().count(), MAX_CP as u64 + 1);
    }
}
