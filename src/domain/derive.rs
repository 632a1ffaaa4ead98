//! Facts derived from records: repeat, skip-level, collective, long-standing
//! (docs/rules.md: Repeat contacts and long-standing petitioners, Skip-level,
//! Collective visits).

use super::model::{Channel, Contact, Level, Matter, Ts};
use super::workflow::allowed_level;
use std::collections::BTreeSet;
use time::Date;

pub const DEFAULT_COLLECTIVE_MIN: u32 = 5;

/// At most this many representatives are recorded for a collective visit.
pub const MAX_REPRESENTATIVES: usize = 5;

pub fn is_collective(headcount: u32, min: u32) -> bool {
    headcount >= min
}

/// 上访老户: contacts in at least 3 distinct years, or at least 10 contacts.
pub fn is_long_standing(contact_dates: impl IntoIterator<Item = Date>) -> bool {
    let mut years = BTreeSet::new();
    let mut n = 0;
    for d in contact_dates {
        years.insert(d.year());
        n += 1;
    }
    years.len() >= 3 || n >= 10
}

/// Sorts a matter's contacts by time and derives their flags: every contact
/// after the earliest is a repeat; a visit is skip-level (越级) when it goes
/// more than `allowance` levels above the body with authority at its time
/// (letters, calls and online petitions never are).
pub fn derive_contact_flags(matter: &Matter, contacts: &mut [Contact], allowance: u8) {
    contacts.sort_by_key(|c| (c.at, c.id));
    for (i, c) in contacts.iter_mut().enumerate() {
        c.repeat = i > 0;
        c.skip_level =
            c.channel == Channel::Visit && c.level > highest_allowed_level(matter, c.at, allowance);
    }
}

/// Derives the flags of a matter's own contacts again (after an event that
/// changes its stage, or a new allowance); whether any changed.
pub fn rederive_flags(matter: &mut Matter, allowance: u8) -> bool {
    let before: Vec<(bool, bool)> = matter
        .contacts
        .iter()
        .map(|c| (c.repeat, c.skip_level))
        .collect();
    let mut contacts = std::mem::take(&mut matter.contacts);
    derive_contact_flags(matter, &mut contacts, allowance);
    matter.contacts = contacts;
    let after: Vec<(bool, bool)> = matter
        .contacts
        .iter()
        .map(|c| (c.repeat, c.skip_level))
        .collect();
    before != after
}

/// The highest level a visit at `at` may reach and not be skip-level:
/// `allowance` levels above the body with authority at that stage.
pub fn highest_allowed_level(matter: &Matter, at: Ts, allowance: u8) -> Level {
    let authority = allowed_level(matter, at);
    let all = Level::ALL;
    let rank = all.iter().position(|l| *l == authority).unwrap_or(0);
    all[(rank + usize::from(allowance)).min(all.len() - 1)]
}

/// What scorecards and statistics need of one contact. The store keeps it in
/// the town-date index (with the matter's category beside it), so a period's
/// report never decodes contact records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ContactBrief {
    pub channel: Channel,
    pub level: Level,
    pub headcount: u32,
    pub abnormal: bool,
    pub skip_level: bool,
    pub repeat: bool,
}

impl ContactBrief {
    pub fn of(c: &Contact) -> ContactBrief {
        ContactBrief {
            channel: c.channel,
            level: c.level,
            headcount: c.headcount,
            abnormal: c.abnormal,
            skip_level: c.skip_level,
            repeat: c.repeat,
        }
    }
}

#[cfg(test)]
#[path = "derive_tests.rs"]
mod tests;
