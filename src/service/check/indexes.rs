//! The index half of `check`: every entry a record calls for is sorted on
//! disk with the record that owns it, then merged with the stored index
//! trees key by key, so memory does not grow with the number of entries.

use super::CheckReport;
use crate::domain::LedgerNo;
use crate::service::{Result, ServiceError};
use crate::sorter::Sorter;
use crate::store::index::Entry;
use crate::store::{Store, StoreError, T};
use std::path::Path;

/// An index entry a record calls for, with the record that owns it;
/// sorted by tree and key.
#[derive(PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(super) struct Expect {
    tree: u8,
    key: Vec<u8>,
    value: Vec<u8>,
    owner: Owner,
}

/// Whose record calls for an index entry, named only in a problem: kept
/// small, as a million-contact office expects millions of entries.
#[derive(PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub(super) enum Owner {
    Petitioner(u64),
    Matter(LedgerNo),
    Other(Box<str>),
}

impl std::fmt::Display for Owner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Owner::Petitioner(id) => write!(f, "petitioner {id}"),
            Owner::Matter(l) => write!(f, "matter {l}"),
            Owner::Other(s) => f.write_str(s),
        }
    }
}

/// The index entries every record calls for, sorted on disk past a size
/// (a million contacts call for millions), and the first failure to.
pub(super) struct Expectations {
    sorted: Sorter<Expect>,
    error: Option<std::io::Error>,
}

impl Expectations {
    /// Runs of expected entries go to nameless files in `dir`.
    pub(super) fn new(dir: &Path) -> Expectations {
        Expectations {
            sorted: Sorter::new(dir),
            error: None,
        }
    }
}

impl Expectations {
    pub(super) fn expect(&mut self, entries: Vec<Entry>, owner: impl Fn() -> Owner) {
        for e in entries {
            if self.error.is_some() {
                return;
            }
            let bytes = e.key.len() + e.value.len();
            let expect = Expect {
                tree: e.tree as u8,
                key: e.key,
                value: e.value,
                owner: owner(),
            };
            if let Err(e) = self.sorted.push(expect, bytes) {
                self.error = Some(e);
            }
        }
    }
}

/// Every index entry must be explained by a record, and every record's
/// entries must be present with the right value: the expected entries,
/// sorted, merged with the stored ones tree by tree.
pub(super) fn check_indexes(
    store: &Store,
    expected: Expectations,
    report: &mut CheckReport,
) -> Result<()> {
    let dir = expected.sorted.dir().to_path_buf();
    let io_err = |source| ServiceError::Io {
        path: dir.clone(),
        source,
    };
    if let Some(e) = expected.error {
        return Err(io_err(e));
    }
    let mut trees: Vec<T> = T::ALL.iter().copied().filter(|t| t.is_index()).collect();
    trees.sort_by_key(|t| *t as u8);
    let mut stored = Stored {
        store,
        trees: trees.into_iter().peekable(),
        at: None,
        last: None,
    };
    expected.sorted.finish(io_err, |e| stored.meet(e, report))?;
    stored.meet_end(report)
}

type KeyValue = (Vec<u8>, Vec<u8>);

/// The stored entries of the index trees, read in step with the expected.
struct Stored<'a> {
    store: &'a Store,
    /// The trees not reached yet.
    trees: std::iter::Peekable<std::vec::IntoIter<T>>,
    /// The tree being read, and its next stored entry.
    at: Option<(T, crate::store::IndexIter<'a>, Option<KeyValue>)>,
    /// The last expected entry met: one expected twice is met once.
    last: Option<(u8, Vec<u8>)>,
}

impl Stored<'_> {
    /// The next stored entry of the tree being read; a damaged bucket is
    /// named and skipped.
    fn advance(&mut self, report: &mut CheckReport) -> Result<()> {
        let Some((_, iter, next)) = &mut self.at else {
            return Ok(());
        };
        *next = None;
        for r in iter.by_ref() {
            match r {
                Ok((k, v)) => {
                    report.index_entries += 1;
                    *next = Some((k.to_vec(), v.to_vec()));
                    break;
                }
                Err(StoreError::Corrupt { record, detail }) => report
                    .problems
                    .push(format!("{record} is damaged: {detail}")),
                Err(e) => return Err(e.into()),
            }
        }
        Ok(())
    }

    /// Reports what is left of the tree being read, and starts the next
    /// tree up to `tree` (all of them: `None`).
    fn reach(&mut self, tree: Option<u8>, report: &mut CheckReport) -> Result<()> {
        loop {
            if let Some((t, _, _)) = &self.at {
                if Some(*t as u8) == tree {
                    return Ok(());
                }
                while let Some((t, _, Some((k, _)))) = &self.at {
                    report.problems.push(format!(
                        "{} has an entry {} that no record explains",
                        t.name(),
                        show(k)
                    ));
                    self.advance(report)?;
                }
            }
            match self
                .trees
                .next_if(|t| tree.is_none_or(|want| *t as u8 <= want))
            {
                Some(t) => {
                    self.at = Some((t, self.store.index_range(t, ..), None));
                    self.advance(report)?;
                }
                _ => {
                    self.at = None;
                    return Ok(());
                }
            }
        }
    }

    fn meet(&mut self, e: Expect, report: &mut CheckReport) -> Result<()> {
        let place = (e.tree, e.key);
        if self.last.as_ref() == Some(&place) {
            return Ok(());
        }
        let (tree, key) = place;
        if self.at.as_ref().is_none_or(|(t, _, _)| *t as u8 != tree) {
            self.reach(Some(tree), report)?;
        }
        let name = T::ALL
            .get(usize::from(tree))
            .map_or("an index", |t| t.name());
        loop {
            let next = self.at.as_ref().and_then(|(_, _, n)| n.as_ref());
            match next {
                Some((k, _)) if *k < key => {
                    report.problems.push(format!(
                        "{name} has an entry {} that no record explains",
                        show(k)
                    ));
                    self.advance(report)?;
                }
                Some((k, v)) if *k == key => {
                    if *v != e.value {
                        report.problems.push(format!(
                            "{name} entry {} for {} has a stale value",
                            show(&key),
                            e.owner
                        ));
                    }
                    self.advance(report)?;
                    break;
                }
                _ => {
                    report.problems.push(format!(
                        "{name} is missing the entry {} for {}",
                        show(&key),
                        e.owner
                    ));
                    break;
                }
            }
        }
        self.last = Some((tree, key));
        Ok(())
    }

    /// Every stored entry left is one no record explains.
    fn meet_end(&mut self, report: &mut CheckReport) -> Result<()> {
        self.reach(None, report)
    }
}

/// An index key as text where it is text, else hex.
fn show(key: &[u8]) -> String {
    let text_end = key.iter().position(|b| *b == 0).unwrap_or(key.len());
    match std::str::from_utf8(&key[..text_end]) {
        Ok(t) if !t.is_empty() && text_end < key.len() => {
            format!(
                "{t:?}+{}",
                key[text_end + 1..]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
        }
        _ => key.iter().map(|b| format!("{b:02x}")).collect(),
    }
}
