//! The counters that hand out numbers. Each lives in the meta tree under
//! `counter/<name>`; backups carry the same name, so neither may change.

use crate::domain::NoticeKind;
use std::fmt;

/// A counter of numbers handed out, never twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Counter {
    Petitioner,
    Contact,
    Audit,
    /// Supervision letters (督查督办).
    Supervision,
    /// One ledger per year (`2026-000123`).
    Ledger(u16),
    /// Document numbers of one kind of notice in one year.
    Notice(NoticeKind, u16),
}

impl Counter {
    /// The name on disk and in backups: `petitioner`, `ledger/2026`…
    pub fn name(self) -> String {
        match self {
            Counter::Petitioner => "petitioner".into(),
            Counter::Contact => "contact".into(),
            Counter::Audit => "audit".into(),
            Counter::Supervision => "supervision".into(),
            Counter::Ledger(year) => format!("ledger/{year}"),
            Counter::Notice(kind, year) => format!("notice/{}/{year}", kind.code()),
        }
    }

    /// The counter of a name as `name` writes it; any other spelling is not one.
    pub fn parse(name: &str) -> Option<Counter> {
        Some(match name {
            "petitioner" => Counter::Petitioner,
            "contact" => Counter::Contact,
            "audit" => Counter::Audit,
            "supervision" => Counter::Supervision,
            _ => {
                let counter = match name.strip_prefix("notice/") {
                    Some(rest) => {
                        let (kind, year) = rest.split_once('/')?;
                        Counter::Notice(NoticeKind::from_code(kind)?, year.parse().ok()?)
                    }
                    None => Counter::Ledger(name.strip_prefix("ledger/")?.parse().ok()?),
                };
                return (counter.name() == name).then_some(counter);
            }
        })
    }

    /// Its key in the meta tree.
    pub(super) fn key(self) -> Vec<u8> {
        format!("{}{}", PREFIX, self.name()).into_bytes()
    }

    /// The counter a meta key holds, if it is one; the name as stored when
    /// it is not a counter this release knows.
    pub(super) fn of_key(key: &[u8]) -> Option<Result<Counter, String>> {
        let name = String::from_utf8_lossy(key.strip_prefix(PREFIX.as_bytes())?).into_owned();
        Some(Counter::parse(&name).ok_or(name))
    }
}

/// Counters live in the meta tree under this prefix.
pub(super) const PREFIX: &str = "counter/";

impl fmt::Display for Counter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_keep_their_spelling() {
        for c in [
            Counter::Petitioner,
            Counter::Contact,
            Counter::Audit,
            Counter::Ledger(2026),
            Counter::Notice(NoticeKind::Accept, 2026),
        ] {
            assert_eq!(Counter::parse(&c.name()), Some(c));
        }
        assert_eq!(Counter::Ledger(2026).key(), b"counter/ledger/2026");
        assert_eq!(Counter::Petitioner.key(), b"counter/petitioner");
        for odd in [
            "ledger/02026",
            "ledger/+2026",
            "notice/accept/02026",
            "notice/nothing/2026",
            "notice/accept",
            "ledger/",
            "ledger",
            "matter",
            "",
        ] {
            assert_eq!(Counter::parse(odd), None, "{odd}");
        }
    }
}
