//! The first rows of a list that may be long, and how long it was: what the
//! server answers for a list with no natural end, so one answer (and the
//! memory that builds it) stays bounded however large the office grows.

use serde::{Deserialize, Serialize};

/// At most the limit asked for, and how many rows there were in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: usize,
}

impl<T> Page<T> {
    /// Fewer rows than the list has.
    pub fn cut(&self) -> bool {
        self.rows.len() < self.total
    }
}

/// Collects the first `limit` rows by `key` from rows given in any order,
/// holding at most twice `limit` of them at any time.
pub struct FirstN<T, K: Ord, F: Fn(&T) -> K> {
    rows: Vec<T>,
    total: usize,
    limit: usize,
    key: F,
}

impl<T, K: Ord, F: Fn(&T) -> K> FirstN<T, K, F> {
    pub fn new(limit: usize, key: F) -> Self {
        FirstN {
            rows: Vec::new(),
            total: 0,
            limit,
            key,
        }
    }

    pub fn push(&mut self, row: T) {
        self.total += 1;
        self.rows.push(row);
        if self.rows.len() > self.limit.saturating_mul(2) {
            self.trim();
        }
    }

    fn trim(&mut self) {
        let key = &self.key;
        self.rows.sort_by_key(|r| key(r));
        self.rows.truncate(self.limit);
    }

    pub fn finish(mut self) -> Page<T> {
        self.trim();
        Page {
            rows: self.rows,
            total: self.total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_rows_by_key_whatever_the_order_given() {
        let mut first = FirstN::new(3, |n: &u32| *n);
        for n in [9, 4, 7, 1, 8, 2, 6, 3, 5, 0] {
            first.push(n);
        }
        let page = first.finish();
        assert_eq!(page.rows, [0, 1, 2]);
        assert_eq!(page.total, 10);
        assert!(page.cut());
    }
}
