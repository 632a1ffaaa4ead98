//! Index entries derived from records. Writes and `check` both use these
//! functions, so an index can always be rebuilt and verified from its records.

use super::keys::{date_key, ledger_key, read_date, reversed, text_key, u64_key};
use super::T;
pub use crate::domain::derive::ContactBrief;
use crate::domain::rates::{
    acceptance, accepted, ended_on, handling, one_time, reply_evaluated, stage_evaluations,
    Deadline,
};
use crate::domain::search::{letter_key, name_suffixes, pinyin_keys};
use crate::domain::workflow::{due_date, Calendar};
use crate::domain::{
    Channel, LedgerNo, Level, Matter, MatterKind, MatterState, Petitioner, Satisfaction,
};
use time::{Date, UtcOffset};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub tree: T,
    pub key: Vec<u8>,
    pub value: Vec<u8>,
}

fn entry(tree: T, key: Vec<u8>, value: Vec<u8>) -> Entry {
    Entry { tree, key, value }
}

fn position<E: PartialEq + Copy>(all: &[E], v: E) -> u8 {
    all.iter().position(|x| *x == v).unwrap_or(0) as u8
}

/// The index trees a petitioner's entries go to, and no other record's: a
/// check compares them once the petitioners are read.
pub const PETITIONER_TREES: [T; 7] = [
    T::IdNumber,
    T::IdNumberRev,
    T::Phone,
    T::PhoneRev,
    T::Name,
    T::Pinyin,
    T::VillagePeople,
];

pub fn petitioner_entries(p: &Petitioner) -> Vec<Entry> {
    let id = u64_key(p.id);
    let mut out = Vec::new();
    if let Some(n) = &p.id_number {
        out.push(entry(T::IdNumber, text_key(n, &id), vec![]));
        out.push(entry(T::IdNumberRev, text_key(&reversed(n), &id), vec![]));
    }
    for ph in &p.phones {
        out.push(entry(T::Phone, text_key(ph, &id), vec![]));
        out.push(entry(T::PhoneRev, text_key(&reversed(ph), &id), vec![]));
    }
    for s in name_suffixes(&p.name) {
        out.push(entry(T::Name, text_key(&s, &id), vec![]));
    }
    for k in pinyin_keys(&p.name) {
        out.push(entry(T::Pinyin, text_key(&k, &id), vec![]));
    }
    if let Some(v) = &p.village {
        out.push(entry(T::VillagePeople, text_key(v, &id), vec![]));
    }
    out.sort();
    out.dedup();
    out
}

/// A matter's entries, including those of the contacts it holds.
pub fn matter_entries(m: &Matter, cal: &Calendar, tz: UtcOffset) -> Vec<Entry> {
    let ledger = ledger_key(m.ledger);
    let mut out = Vec::new();
    for c in &m.contacts {
        let key = town_date_key(&c.town, c.at.local_date(tz), m.ledger, c.id);
        out.push(entry(
            T::TownDate,
            key,
            ContactBrief::of(c).encode(visitors(c), &m.category),
        ));
    }
    out.extend(rate_facts(m, cal, tz).into_iter().map(|(date, seq, fact)| {
        entry(
            T::EventDate,
            event_date_key(date, m.ledger, seq),
            fact.encode_for(m.unit.as_deref()),
        )
    }));
    if let Some(due) = due_date(m, cal, tz) {
        let mut k = date_key(due).to_vec();
        k.extend_from_slice(&ledger);
        // The unit rides along so "overdue now" per unit needs no matter decoded.
        let mut v = vec![position(MatterState::ALL, m.state)];
        v.extend_from_slice(m.unit.as_deref().unwrap_or("").as_bytes());
        out.push(entry(T::Due, k, v));
    }
    // The state rides along so "my matters" counts open ones without decoding.
    out.push(entry(
        T::Receiver,
        text_key(&m.first_receiver, &ledger),
        vec![position(MatterState::ALL, m.state)],
    ));
    // The matter of a letter, by the letter's number written backwards:
    // numbers of one office share their beginning and differ at the end.
    for n in m.contacts.iter().filter_map(|c| c.letter_no.as_deref()) {
        let key = text_key(&reversed(&letter_key(n)), &ledger);
        out.push(entry(T::LetterNo, key, vec![]));
    }
    // "My unit's matters" for handlers, the same way.
    if let Some(unit) = &m.unit {
        out.push(entry(
            T::UnitMatters,
            text_key(unit, &ledger),
            vec![position(MatterState::ALL, m.state)],
        ));
    }
    out.sort();
    out.dedup();
    out
}

/// The petitioners a visit names: the villages they live in have had a
/// visit (零访村). Other contacts never end a village's 零访, so they carry none.
fn visitors(c: &crate::domain::Contact) -> &[u64] {
    if c.channel == Channel::Visit {
        &c.petitioners
    } else {
        &[]
    }
}

/// Bytes of the town-date value before the visitors' numbers.
const BRIEF_LEN: usize = 8;

/// The town-date value: the brief's fixed 7 bytes, the number of visitors
/// and their petitioner numbers, then the matter's category code
/// (by_category of the statistics and 零访村 need no matter decoded).
impl ContactBrief {
    pub fn encode(&self, visitors: &[u64], category: &str) -> Vec<u8> {
        let flags =
            u8::from(self.abnormal) | u8::from(self.skip_level) << 1 | u8::from(self.repeat) << 2;
        let mut v = vec![
            position(Channel::ALL, self.channel),
            position(Level::ALL, self.level),
            flags,
        ];
        v.extend_from_slice(&self.headcount.to_be_bytes());
        // A contact names a handful of people; more than 255 would be a
        // collective visit's representatives, of which the first 255 stand.
        let visitors = &visitors[..visitors.len().min(255)];
        v.push(visitors.len() as u8);
        for id in visitors {
            v.extend_from_slice(&id.to_be_bytes());
        }
        v.extend_from_slice(category.as_bytes());
        v
    }

    pub fn decode(b: &[u8]) -> Option<ContactBrief> {
        if b.len() < BRIEF_LEN + 8 * usize::from(*b.get(7)?) {
            return None;
        }
        Some(ContactBrief {
            channel: *Channel::ALL.get(usize::from(b[0]))?,
            level: *Level::ALL.get(usize::from(b[1]))?,
            abnormal: b[2] & 1 != 0,
            skip_level: b[2] & 2 != 0,
            repeat: b[2] & 4 != 0,
            headcount: u32::from_be_bytes(b[3..7].try_into().ok()?),
        })
    }

    /// Where the visitors' numbers end and the category begins.
    pub fn category_start(b: &[u8]) -> Option<usize> {
        let end = BRIEF_LEN + 8 * usize::from(*b.get(7)?);
        (b.len() >= end).then_some(end)
    }

    /// The petitioner numbers of a visit, stored after the brief.
    pub fn visitors(b: &[u8]) -> Vec<u64> {
        let end = Self::category_start(b).unwrap_or(BRIEF_LEN);
        b.get(BRIEF_LEN..end)
            .unwrap_or_default()
            .chunks_exact(8)
            .filter_map(|c| c.try_into().ok().map(u64::from_be_bytes))
            .collect()
    }

    /// The matter category stored after the brief and the visitors.
    pub fn category(b: &[u8]) -> Option<&str> {
        std::str::from_utf8(b.get(Self::category_start(b)?..)?).ok()
    }
}

/// A dated fact the rates count (docs/rules.md, Rates), kept in the event-date index so a
/// period's rates never decode a matter. Each matter has at most one fact of
/// each rate (one per stage for evaluations), keyed by the date it counts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RateFact {
    /// 及时受理率: the acceptance decision and its due date.
    Timely(Deadline),
    /// 按期办结率: the first reply (or resolution on the spot) and its due date.
    Handled(Deadline),
    /// The matter became closed or final; whether it was resolved in one go.
    Ended { one_time: bool },
    /// The latest evaluation of one stage.
    Evaluated(Satisfaction),
    /// 参评率: the first reply, and whether it was evaluated.
    Replied { evaluated: bool },
    /// The matter was accepted as this kind.
    Accepted(MatterKind),
}

const FACT_TIMELY: u8 = 0;
const FACT_HANDLED: u8 = 1;
const FACT_ENDED: u8 = 2;
const FACT_EVALUATED: u8 = 3;
const FACT_REPLIED: u8 = 4;
const FACT_ACCEPTED: u8 = 5;

fn encode_deadline(tag: u8, d: &Deadline) -> Vec<u8> {
    let mut v = vec![tag];
    v.extend_from_slice(&date_key(d.due));
    match d.done {
        Some(done) => v.extend_from_slice(&date_key(done)),
        // Pending, and held by an open hearing.
        None if d.paused => v.push(1),
        None => {}
    }
    v
}

fn decode_deadline(b: &[u8]) -> Option<Deadline> {
    let due = read_date(b.get(1..5)?)?;
    let (done, paused) = match b.len() {
        5 => (None, false),
        6 if b[5] == 1 => (None, true),
        9 => (Some(read_date(&b[5..9])?), false),
        _ => return None,
    };
    Some(Deadline { due, done, paused })
}

impl RateFact {
    /// The event-date value: the length of the matter's responsible unit's
    /// code, the code (empty when none), then the fact; per-unit rates read
    /// it without decoding the matter.
    pub fn encode_for(&self, unit: Option<&str>) -> Vec<u8> {
        let unit = unit.unwrap_or("").as_bytes();
        let unit = &unit[..unit.len().min(255)];
        let mut v = vec![unit.len() as u8];
        v.extend_from_slice(unit);
        v.extend_from_slice(&self.encode());
        v
    }

    /// A fact and its unit's code from an event-date value.
    pub fn decode_for(b: &[u8]) -> Option<(RateFact, &str)> {
        let n = usize::from(*b.first()?);
        let unit = std::str::from_utf8(b.get(1..1 + n)?).ok()?;
        Some((RateFact::decode(b.get(1 + n..)?)?, unit))
    }

    pub fn encode(&self) -> Vec<u8> {
        match self {
            RateFact::Timely(d) => encode_deadline(FACT_TIMELY, d),
            RateFact::Handled(d) => encode_deadline(FACT_HANDLED, d),
            RateFact::Ended { one_time } => vec![FACT_ENDED, u8::from(*one_time)],
            RateFact::Evaluated(s) => vec![FACT_EVALUATED, position(Satisfaction::ALL, *s)],
            RateFact::Replied { evaluated } => vec![FACT_REPLIED, u8::from(*evaluated)],
            RateFact::Accepted(k) => vec![FACT_ACCEPTED, position(MatterKind::ALL, *k)],
        }
    }

    pub fn decode(b: &[u8]) -> Option<RateFact> {
        Some(match *b.first()? {
            FACT_TIMELY => RateFact::Timely(decode_deadline(b)?),
            FACT_HANDLED => RateFact::Handled(decode_deadline(b)?),
            FACT_ENDED if b.len() == 2 => RateFact::Ended {
                one_time: b[1] != 0,
            },
            FACT_EVALUATED if b.len() == 2 => {
                RateFact::Evaluated(*Satisfaction::ALL.get(usize::from(b[1]))?)
            }
            FACT_REPLIED if b.len() == 2 => RateFact::Replied {
                evaluated: b[1] != 0,
            },
            FACT_ACCEPTED if b.len() == 2 => {
                RateFact::Accepted(*MatterKind::ALL.get(usize::from(b[1]))?)
            }
            _ => return None,
        })
    }
}

/// A matter's rate facts: (local date it counts on, sequence within the
/// matter, fact). Due dates are computed under `cal`, so a new holiday list
/// re-indexes the matters whose facts it moves (`Desk::set_holidays`).
pub fn rate_facts(m: &Matter, cal: &Calendar, tz: UtcOffset) -> Vec<(Date, u16, RateFact)> {
    let mut out = Vec::new();
    let timely = acceptance(m, cal, tz);
    out.push((timely.counts_on(), 0, RateFact::Timely(timely)));
    if let Some(h) = handling(m, cal, tz) {
        out.push((h.counts_on(), 1, RateFact::Handled(h)));
    }
    if let Some(d) = ended_on(m, tz) {
        out.push((
            d,
            2,
            RateFact::Ended {
                one_time: one_time(m),
            },
        ));
    }
    if let Some((d, evaluated)) = reply_evaluated(m, tz) {
        out.push((d, 3, RateFact::Replied { evaluated }));
    }
    if let Some((d, kind)) = accepted(m, tz) {
        out.push((d, 4, RateFact::Accepted(kind)));
    }
    for (stage, d, s) in stage_evaluations(m, tz) {
        out.push((d, 5 + stage as u16, RateFact::Evaluated(s)));
    }
    out
}

/// Key of the event-date index: local date, matter, sequence.
pub fn event_date_key(date: Date, ledger: LedgerNo, seq: u16) -> Vec<u8> {
    let mut k = date_key(date).to_vec();
    k.extend_from_slice(&ledger_key(ledger));
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// Key of the town-date index: town, local date, matter, contact.
pub fn town_date_key(town: &str, date: Date, ledger: LedgerNo, contact: u64) -> Vec<u8> {
    let mut suffix = date_key(date).to_vec();
    suffix.extend_from_slice(&ledger_key(ledger));
    suffix.extend_from_slice(&u64_key(contact));
    text_key(town, &suffix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Contact, Ts};

    #[test]
    fn contact_brief_round_trips() {
        for (channel, level, flags) in [
            (Channel::Visit, Level::National, (true, false, true)),
            (Channel::Online, Level::Town, (false, true, false)),
        ] {
            let b = ContactBrief {
                channel,
                level,
                headcount: 41,
                abnormal: flags.0,
                skip_level: flags.1,
                repeat: flags.2,
            };
            for visitors in [&[][..], &[7, u64::MAX][..]] {
                let bytes = b.encode(visitors, "cxjs");
                assert_eq!(ContactBrief::decode(&bytes), Some(b));
                assert_eq!(ContactBrief::visitors(&bytes), visitors);
                assert_eq!(ContactBrief::category(&bytes), Some("cxjs"));
            }
        }
        assert_eq!(ContactBrief::decode(&[9, 0, 0, 0, 0, 0, 1, 0]), None);
        assert_eq!(ContactBrief::decode(&[0, 0, 0, 0, 0, 1]), None);
        // Two visitors announced, one stored: damaged.
        assert_eq!(
            ContactBrief::decode(&[0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 7]),
            None
        );
    }

    #[test]
    fn rate_facts_round_trip() {
        use time::macros::date;
        let due = date!(2026 - 05 - 02);
        for f in [
            RateFact::Timely(Deadline {
                due,
                done: None,
                paused: false,
            }),
            RateFact::Handled(Deadline {
                due,
                done: None,
                paused: true,
            }),
            RateFact::Handled(Deadline {
                due,
                done: Some(date!(2026 - 05 - 04)),
                paused: false,
            }),
            RateFact::Ended { one_time: true },
            RateFact::Ended { one_time: false },
            RateFact::Evaluated(Satisfaction::Unsatisfied),
            RateFact::Replied { evaluated: true },
            RateFact::Accepted(MatterKind::Report),
        ] {
            assert_eq!(RateFact::decode(&f.encode()), Some(f));
        }
        assert_eq!(RateFact::decode(&[FACT_HANDLED, 1]), None);
        assert_eq!(RateFact::decode(&[9]), None);
    }

    #[test]
    fn a_contact_is_indexed_on_its_local_date() {
        // 2026-03-01 16:30 UTC is 2026-03-02 00:30 in UTC+8.
        let ledger = LedgerNo { year: 2026, seq: 1 };
        let c = Contact {
            id: 5,
            at: Ts(1_772_382_600),
            channel: Channel::Visit,
            level: Level::County,
            headcount: 1,
            petitioners: vec![1, 2],
            matter: ledger,
            town: "370211001".into(),
            receiver: "zhangli".into(),
            summary: String::new(),
            abnormal: false,
            letter_no: None,
            repeat: false,
            skip_level: false,
        };
        let m = Matter {
            ledger,
            summary: String::new(),
            category: "jy".into(),
            petitioners: vec![1, 2],
            town: "370211001".into(),
            jurisdiction: Level::County,
            first_receiver: "zhangli".into(),
            registered_by: "zhangli".into(),
            unit: None,
            handler: None,
            leader: None,
            registered_at: c.at,
            state: MatterState::Closed,
            events: vec![],
            contacts: vec![c],
            kind: None,
        };
        let es = matter_entries(&m, &Calendar::default(), crate::domain::DEFAULT_TZ);
        let town = es.iter().find(|e| e.tree == T::TownDate).unwrap();
        assert_eq!(
            town.key,
            town_date_key("370211001", time::macros::date!(2026 - 03 - 02), ledger, 5)
        );
        assert!(
            es.iter().all(|e| e.tree != T::Due),
            "a closed matter is due nothing"
        );
    }
}
