//! Validation of parsed lines against each other and the database, and the
//! records they become. Nothing here writes.

use super::already::Already;
use super::context::{Ctx, MatterRef, PetRef};
use super::ledger;
use super::lines::{
    contact_lines, event_lines, matter_lines, notice_lines, petitioner_lines, reference_lines,
    EventLines, NewContact, NewMatter, NewNotice,
};
use super::spill::{Groups, CASES};
use super::{ImportSummary, Pos, Problem};
use crate::domain::case::Case;
use crate::domain::derive::rederive_flags;
use crate::domain::supervision::{ReceptionDay, Supervision};
use crate::domain::workflow::apply;
use crate::domain::{Category, LedgerNo, Matter, Petitioner, Staff, Town, Ts, Unit, Village};
use crate::store::{Counter, Result, Store};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// A reference record to insert or replace.
pub enum RefWrite {
    Town(Town),
    Village(Village),
    Unit(Unit),
    Category(Category),
    Staff(Staff),
}

/// Everything an import will write.
pub struct Plan {
    pub reference: Vec<RefWrite>,
    /// (stored version, new version) of every new or changed petitioner.
    pub petitioners: Vec<(Option<Petitioner>, Petitioner)>,
    pub new_petitioners: usize,
    /// (stored version, new version) of every new or changed matter, contacts included.
    pub matters: Vec<(Option<Matter>, Matter)>,
    pub counters: Vec<(Counter, u64)>,
    /// Notices, their ledger numbers filled in.
    pub notices: Vec<crate::domain::notice::Notice>,
    pub new_matters: usize,
    pub new_contacts: usize,
    pub events: usize,
    pub warnings: Vec<Problem>,
    /// Key cases (stored version, new version), supervision letters,
    /// reception days, and how many lines they came from.
    pub cases: Vec<(Option<Case>, Case)>,
    pub letters: Vec<Supervision>,
    pub reception_days: Vec<ReceptionDay>,
    pub case_lines: usize,
}

impl Plan {
    pub fn summary(&mut self) -> ImportSummary {
        ImportSummary {
            reference: self.reference.len(),
            petitioners: self.new_petitioners,
            matters: self.new_matters,
            contacts: self.new_contacts,
            events: self.events,
            case_lines: self.case_lines,
            warnings: std::mem::take(&mut self.warnings),
        }
    }
}

/// `importer` is the login importing: a line may not lock them out.
/// `already` notes the lines found in the database already.
pub fn plan(
    store: &Store,
    lines: &dyn Groups,
    today: Date,
    importer: &str,
    problems: &mut Vec<Problem>,
    already: &mut Already,
) -> Result<Option<Plan>> {
    let mut cx = Ctx::new(store, today, importer, problems, already)?;
    let mut reference = Vec::new();
    // Towns, villages, units, categories and staff, in that order.
    reference_lines(&mut cx, (0..5).flat_map(|g| lines.lines(g)), &mut reference);
    let petitioners = petitioner_lines(&mut cx, lines.lines(5))?;
    let mut new_matters = matter_lines(&mut cx, lines.lines(6))?;
    let new_contacts = contact_lines(&mut cx, lines.lines(7))?;
    let events = event_lines(&mut cx, lines.lines(8))?;
    let notices = notice_lines(&mut cx, lines.lines(9))?;
    let case_lines = super::cases::case_lines(&mut cx, lines.lines(CASES).collect())?;

    let n_events = events.ok.len();
    // Numbers: our own counters, never sled's generate_id (it jumps on reopen).
    let mut counters = Vec::new();
    let ledgers = ledger::number(&mut cx, &new_matters, &mut counters)?;
    // Every matter this import touches: (stored version, working copy). The
    // new ones move here, leaving a stub with their time (one copy in memory).
    let mut touched: Touched = new_matters
        .iter_mut()
        .enumerate()
        .map(|(i, nm)| {
            let stub = Matter::registered("", nm.matter.registered_at);
            (
                MatterRef::New(i),
                (None, std::mem::replace(&mut nm.matter, stub)),
            )
        })
        .collect();
    note_belonging(&mut cx, &new_matters, &new_contacts, &events);
    // Judged even when other lines have problems: one run names them all.
    apply_events(&mut cx, &new_matters, events, &mut touched)?;
    if !cx.problems.is_empty() {
        return Ok(None);
    }

    let numbers = Numbers {
        pet_base: store.counter(Counter::Petitioner)?,
        ledgers,
    };
    let petitioners = numbers.petitioners(petitioners, &mut counters);
    for (i, nm) in new_matters.iter().enumerate() {
        let m = &mut touched.get_mut(&MatterRef::New(i)).expect("touched").1;
        m.ledger = numbers.ledgers[i];
        m.petitioners = nm.petitioners.iter().map(|r| numbers.pet_id(*r)).collect();
    }
    let notices = number_notices(store, &numbers, notices, &mut counters)?;
    let n_contacts = new_contacts.len();
    file_contacts(store, &numbers, new_contacts, &mut touched, &mut counters)?;
    let pets = list_matters(store, petitioners, &mut touched)?;
    let new_petitioners = pets.values().filter(|(old, _)| old.is_none()).count();
    let n_case_lines = case_lines.lines;
    let letter_base = store.counter(Counter::Supervision)?;
    let (cases, letters, reception_days) =
        case_lines.numbered(|r| numbers.ledger_of(r), letter_base);
    if !letters.is_empty() {
        counters.push((Counter::Supervision, letter_base + letters.len() as u64));
    }
    Ok(Some(Plan {
        reference,
        petitioners: changed(pets.into_values()),
        new_petitioners,
        matters: changed(touched.into_values()),
        counters,
        notices,
        new_matters: new_matters.len(),
        new_contacts: n_contacts,
        events: n_events,
        warnings: std::mem::take(&mut cx.warnings),
        cases,
        letters,
        reception_days,
        case_lines: n_case_lines,
    }))
}

/// The numbers the import hands out: new petitioners follow the stored
/// counter in file order, new matters have their ledger numbers.
struct Numbers {
    pet_base: u64,
    ledgers: Vec<LedgerNo>,
}

impl Numbers {
    fn pet_id(&self, r: PetRef) -> u64 {
        match r {
            PetRef::New(i) => self.pet_base + 1 + i as u64,
            PetRef::Existing(id) => id,
        }
    }

    fn ledger_of(&self, r: MatterRef) -> LedgerNo {
        match r {
            MatterRef::New(i) => self.ledgers[i],
            MatterRef::Existing(l) => l,
        }
    }

    /// Numbers the new petitioners; their counter goes to `counters`.
    fn petitioners(
        &self,
        petitioners: Vec<Petitioner>,
        counters: &mut Vec<(Counter, u64)>,
    ) -> Vec<Petitioner> {
        let petitioners: Vec<Petitioner> = petitioners
            .into_iter()
            .enumerate()
            .map(|(i, mut p)| {
                p.id = self.pet_id(PetRef::New(i));
                p
            })
            .collect();
        if !petitioners.is_empty() {
            let last = self.pet_base + petitioners.len() as u64;
            counters.push((Counter::Petitioner, last));
        }
        petitioners
    }
}

/// Notices get their matters' ledger numbers; each kind and year's counter
/// goes up to the highest number imported, so the next issued follows it.
fn number_notices(
    store: &Store,
    numbers: &Numbers,
    notices: Vec<NewNotice>,
    counters: &mut Vec<(Counter, u64)>,
) -> Result<Vec<crate::domain::notice::Notice>> {
    let mut highest: BTreeMap<Counter, u64> = BTreeMap::new();
    let mut out = Vec::with_capacity(notices.len());
    for nn in notices {
        let mut n = nn.notice;
        n.ledger = numbers.ledger_of(nn.matter);
        let h = highest.entry(Counter::Notice(n.kind, n.year)).or_default();
        *h = (*h).max(u64::from(n.seq));
        out.push(n);
    }
    for (counter, high) in highest {
        if high > store.counter(counter)? {
            counters.push((counter, high));
        }
    }
    Ok(out)
}

/// Contacts: numbered in file order after the stored counter (which goes to
/// `counters`), kept inside their matter with its petitioners.
fn file_contacts(
    store: &Store,
    numbers: &Numbers,
    new_contacts: Vec<NewContact>,
    touched: &mut Touched,
    counters: &mut Vec<(Counter, u64)>,
) -> Result<()> {
    let contact_base = store.counter(Counter::Contact)?;
    if !new_contacts.is_empty() {
        counters.push((Counter::Contact, contact_base + new_contacts.len() as u64));
    }
    for (i, nc) in new_contacts.into_iter().enumerate() {
        let mut c = nc.contact;
        c.id = contact_base + 1 + i as u64;
        c.matter = numbers.ledger_of(nc.matter);
        c.petitioners = nc.petitioners.iter().map(|r| numbers.pet_id(*r)).collect();
        touch(store, nc.matter, touched)?;
        let m = &mut touched.get_mut(&nc.matter).expect("touched").1;
        if c.town.is_empty() {
            c.town = m.town.clone();
        }
        for p in &c.petitioners {
            if !m.petitioners.contains(p) {
                m.petitioners.push(*p);
            }
        }
        m.contacts.push(c);
    }
    Ok(())
}

/// Every touched matter's contacts get their repeat and skip-level flags
/// again, and each of its parties lists it, so a petitioner's history is
/// one read. The new petitioners and every party touched, by number:
/// (stored version, new version).
fn list_matters(
    store: &Store,
    petitioners: Vec<Petitioner>,
    touched: &mut Touched,
) -> Result<BTreeMap<u64, (Option<Petitioner>, Petitioner)>> {
    let mut pets: BTreeMap<u64, (Option<Petitioner>, Petitioner)> =
        petitioners.into_iter().map(|p| (p.id, (None, p))).collect();
    let allowance = store.office().skip_level_allowance;
    for (_, m) in touched.values_mut() {
        rederive_flags(m, allowance);
        for pid in &m.petitioners {
            if let Entry::Vacant(slot) = pets.entry(*pid) {
                let p = store.petitioner(*pid)?.expect("resolved petitioners exist");
                slot.insert((Some(p.clone()), p));
            }
            let p = &mut pets.get_mut(pid).expect("loaded").1;
            if let Err(at) = p.matters.binary_search(&m.ledger) {
                p.matters.insert(at, m.ledger);
            }
        }
    }
    Ok(pets)
}

/// The (stored version, new version) pairs that change something.
/// Sized once: growing by doubling would hold up to twice every matter.
fn changed<R: PartialEq>(
    all: impl ExactSizeIterator<Item = (Option<R>, R)>,
) -> Vec<(Option<R>, R)> {
    let mut out = Vec::with_capacity(all.len());
    out.extend(all.filter(|(old, new)| old.as_ref() != Some(new)));
    out
}

type Touched = BTreeMap<MatterRef, (Option<Matter>, Matter)>;

/// The time and place of a matter's first failed event (`None`: unknown).
type Cutoff = Option<(Ts, Pos)>;

/// The contacts and events of a matter line whose ledger number is taken are
/// already in the database with it.
fn note_belonging(
    cx: &mut Ctx,
    new_matters: &[NewMatter],
    contacts: &[NewContact],
    events: &EventLines,
) {
    if cx.taken.is_empty() {
        return;
    }
    let taken =
        |r: &MatterRef| matches!(r, MatterRef::New(i) if cx.taken.contains(&new_matters[*i].pos));
    let mut there: Vec<Pos> = contacts
        .iter()
        .filter(|c| taken(&c.matter))
        .map(|c| c.pos)
        .collect();
    there.extend(
        events
            .ok
            .iter()
            .filter(|(_, r, _)| taken(r))
            .map(|(p, _, _)| *p),
    );
    for pos in there {
        cx.already.line(pos);
    }
}

/// Adds a stored matter to `touched` unless it is there already.
fn touch(store: &Store, r: MatterRef, touched: &mut Touched) -> Result<()> {
    if let (MatterRef::Existing(l), Entry::Vacant(slot)) = (r, touched.entry(r)) {
        let m = store.matter(l)?.expect("resolved ledger numbers exist");
        slot.insert((Some(m.clone()), m));
    }
    Ok(())
}

/// Runs each matter's events through the state table in time order (file order
/// breaks ties). A refused event is reported and skipped, so later events are
/// judged against the state before it. A matter's events from its first line
/// that failed validation on are not judged: the state they meet is unknown.
fn apply_events(
    cx: &mut Ctx,
    new_matters: &[NewMatter],
    events: EventLines,
    touched: &mut Touched,
) -> Result<()> {
    // None (a failed line whose time is unknown) sorts first: judge nothing.
    let mut cutoff: HashMap<MatterRef, Option<(Ts, Pos)>> = HashMap::new();
    for (r, pos, at) in events.failed {
        let key = at.map(|t| (t, pos));
        let c = cutoff.entry(r).or_insert(key);
        *c = (*c).min(key);
    }
    // Sorted in place by matter, then time (file order breaks ties): the
    // events are not held twice.
    let mut ok = events.ok;
    // Unstable: no buffer of half of them, and no two share a position.
    ok.sort_unstable_by_key(|(pos, r, e)| (*r, e.at, *pos));
    let store = cx.store;
    let limits = &store.calendar().limits;
    // The matter being judged: its name, and where judging stops.
    let mut current: Option<(MatterRef, String, Option<Cutoff>)> = None;
    for (pos, r, e) in ok {
        if current.as_ref().is_none_or(|c| c.0 != r) {
            touch(store, r, touched)?;
            let name = match r {
                MatterRef::New(i) => new_matters[i].reference.clone(),
                MatterRef::Existing(l) => l.to_string(),
            };
            current = Some((r, name, cutoff.get(&r).copied()));
        }
        let (_, name, limit) = current.as_ref().expect("set above");
        if limit.is_some_and(|l| l.is_none_or(|l| (e.at, pos) >= l)) {
            // Later events of this matter are later still: none is judged.
            continue;
        }
        let m = &mut touched.get_mut(&r).expect("touched").1;
        let action = e.action;
        if let Err(err) = apply(m, e, limits) {
            cx.problems.push(Problem::at(
                pos,
                "action",
                format!("{action}: {err} (matter {name})"),
            ));
        }
    }
    Ok(())
}
