//! Validation of parsed lines against each other and the database, and the
//! records they become. Nothing here writes.

use super::already::Already;
use super::context::{Ctx, MatterRef, PetRef};
use super::ledger;
use super::lines::{
    contact_lines, event_lines, matter_lines, notice_lines, petitioner_lines, reference_lines,
    NewContact, NewMatter, NewNotice,
};
use super::spill::{Groups, CASES};
use super::staging::{Staged, Staging};
use super::{ImportSummary, Pos, Problem};
use crate::domain::case::Case;
use crate::domain::derive::rederive_flags;
use crate::domain::supervision::{ReceptionDay, Supervision};
use crate::domain::workflow::apply;
use crate::domain::{
    Category, Event, LedgerNo, Matter, Petitioner, Staff, Town, Ts, Unit, Village,
};
use crate::store::{Counter, Result, Store};
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use time::Date;

/// A reference record to insert or replace.
pub enum RefWrite {
    Town(Town),
    Village(Village),
    Unit(Unit),
    Category(Category),
    Staff(Staff),
}

/// Everything an import writes besides its petitioners and matters, which
/// go to its `Records` as they are built.
pub struct Plan {
    pub reference: Vec<RefWrite>,
    pub new_petitioners: usize,
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

/// Where an import's petitioners and matters go, each once it is final:
/// (stored version, new version) of every one that is new or changed.
/// Matters come part by part, petitioners after them all. What was given
/// is only written if the plan comes back `Some`.
pub trait Records {
    fn petitioner(&mut self, old: Option<&Petitioner>, new: Petitioner) -> Result<()>;
    fn matter(&mut self, old: Option<&Matter>, new: Matter) -> Result<()>;
}

impl Records for crate::store::BulkWrite<'_> {
    fn petitioner(&mut self, old: Option<&Petitioner>, new: Petitioner) -> Result<()> {
        crate::store::BulkWrite::petitioner(self, old, &new)
    }

    fn matter(&mut self, old: Option<&Matter>, new: Matter) -> Result<()> {
        crate::store::BulkWrite::matter(self, old, &new)
    }
}

/// `importer` is the login importing: a line may not lock them out.
/// `already` notes the lines found in the database already. Validated
/// records are staged by part in `dir` (see `staging`), so that building
/// holds one part's matters at a time.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    store: &Store,
    lines: &dyn Groups,
    today: Date,
    importer: &str,
    problems: &mut Vec<Problem>,
    already: &mut Already,
    dir: &Path,
    out: &mut dyn Records,
) -> Result<Option<Plan>> {
    let mut cx = Ctx::new(store, today, importer, problems, already)?;
    let mut reference = Vec::new();
    // Towns, villages, units, categories and staff, in that order.
    reference_lines(&mut cx, (0..5).flat_map(|g| lines.lines(g)), &mut reference);
    let mut staged_petitioners = Staged::new(dir, 1);
    let n_petitioners = petitioner_lines(&mut cx, lines.lines(5), &mut staged_petitioners)?;
    let matter_group = lines.lines(6);
    let mut staging = Staging::new(dir, matter_group.len());
    let new_matters = matter_lines(&mut cx, matter_group, &mut staging)?;
    // Numbers: our own counters, never sled's generate_id (it jumps on reopen).
    // Ledger numbers first: the lines of a matter already there are noted
    // as they are read.
    let mut counters = Vec::new();
    let ledgers = ledger::number(&mut cx, &new_matters, &mut counters)?;
    let new_contacts = contact_lines(&mut cx, lines.lines(7), &mut staging, &new_matters)?;
    let events = event_lines(&mut cx, lines.lines(8), &mut staging, &new_matters)?;
    let notices = notice_lines(&mut cx, lines.lines(9))?;
    let case_lines = super::cases::case_lines(&mut cx, lines.lines(CASES).collect())?;

    let numbers = Numbers {
        pet_base: store.counter(Counter::Petitioner)?,
        ledgers,
    };
    let contact_base = store.counter(Counter::Contact)?;
    if new_contacts > 0 {
        counters.push((Counter::Contact, contact_base + new_contacts as u64));
    }
    if n_petitioners > 0 {
        let last = numbers.pet_base + n_petitioners as u64;
        counters.push((Counter::Petitioner, last));
    }
    let mut build = Build {
        numbers: &numbers,
        new_matters: &new_matters,
        contact_base,
        cutoff: cutoffs(events.failed),
        parties: Parties {
            base: numbers.pet_base,
            new: vec![Vec::new(); n_petitioners],
            stored: BTreeMap::new(),
        },
    };
    // Judged even when other lines have problems: one run names them all;
    // built only while there are none.
    for part in 0..staging.parts {
        build.part(&mut cx, &mut staging, part, out)?;
    }
    if !cx.problems.is_empty() {
        return Ok(None);
    }
    let Parties { new, stored, .. } = build.parties;
    for (old, p) in stored.into_values() {
        if old != p {
            out.petitioner(Some(&old), p)?;
        }
    }
    // The new ones one at a time from their staging, numbered in file order.
    let mut lists = new.into_iter();
    let mut i = 0;
    staged_petitioners.drain(
        0,
        |e| cx.staging_err(e),
        |mut p: Petitioner| {
            p.id = numbers.pet_id(PetRef::New(i));
            p.matters = lists.next().unwrap_or_default();
            i += 1;
            out.petitioner(None, p)
        },
    )?;
    let notices = number_notices(store, &numbers, notices, &mut counters)?;
    let n_case_lines = case_lines.lines;
    let letter_base = store.counter(Counter::Supervision)?;
    let (cases, letters, reception_days) =
        case_lines.numbered(|r| numbers.ledger_of(r), letter_base);
    if !letters.is_empty() {
        counters.push((Counter::Supervision, letter_base + letters.len() as u64));
    }
    Ok(Some(Plan {
        reference,
        new_petitioners: n_petitioners,
        counters,
        notices,
        new_matters: new_matters.len(),
        new_contacts,
        events: events.ok,
        warnings: std::mem::take(&mut cx.warnings),
        cases,
        letters,
        reception_days,
        case_lines: n_case_lines,
    }))
}

/// Building the matters part by part, and the petitioners they list.
struct Build<'a> {
    numbers: &'a Numbers,
    new_matters: &'a [NewMatter],
    contact_base: u64,
    /// Where judging each matter's events stops (see `apply_events`).
    cutoff: HashMap<MatterRef, Cutoff>,
    parties: Parties,
}

/// The matters each party of the import is in: the new petitioners' lists
/// (the petitioners themselves stay staged), and every stored party
/// touched, by number: (stored version, new version).
struct Parties {
    base: u64,
    new: Vec<Vec<LedgerNo>>,
    stored: BTreeMap<u64, (Petitioner, Petitioner)>,
}

impl Parties {
    /// Lists `ledger` among the matters of petitioner `id`.
    fn list(&mut self, store: &Store, id: u64, ledger: LedgerNo) -> Result<()> {
        let list = match id.checked_sub(self.base + 1) {
            Some(i) if (i as usize) < self.new.len() => &mut self.new[i as usize],
            _ => {
                if let Entry::Vacant(slot) = self.stored.entry(id) {
                    let p = store.petitioner(id)?.expect("resolved petitioners exist");
                    slot.insert((p.clone(), p));
                }
                &mut self.stored.get_mut(&id).expect("loaded").1.matters
            }
        };
        if let Err(at) = list.binary_search(&ledger) {
            list.insert(at, ledger);
        }
        Ok(())
    }
}

impl Build<'_> {
    /// Judges the events of one part's matters; while there are no
    /// problems, builds them and gives those that changed to `out`.
    fn part(
        &mut self,
        cx: &mut Ctx,
        staging: &mut Staging,
        part: usize,
        out: &mut dyn Records,
    ) -> Result<()> {
        let staged = |e| cx.staging_err(e);
        let matters: Vec<(u64, Matter)> = staging.matters.take(part).map_err(staged)?;
        // Every matter this part touches: (stored version, working copy).
        let mut touched: Touched = matters
            .into_iter()
            .map(|(i, m)| (MatterRef::New(i as usize), (None, m)))
            .collect();
        let events = staging.events.take(part).map_err(|e| cx.staging_err(e))?;
        apply_events(cx, self.new_matters, events, &self.cutoff, &mut touched)?;
        let contacts: Vec<(u64, NewContact)> =
            staging.contacts.take(part).map_err(|e| cx.staging_err(e))?;
        if !cx.problems.is_empty() {
            return Ok(());
        }
        for (r, (_, m)) in touched.iter_mut() {
            if let MatterRef::New(i) = *r {
                m.ledger = self.numbers.ledgers[i];
                m.petitioners = self.new_matters[i]
                    .petitioners
                    .iter()
                    .map(|r| self.numbers.pet_id(*r))
                    .collect();
            }
        }
        let store = cx.store;
        file_contacts(
            store,
            self.numbers,
            self.contact_base,
            contacts,
            &mut touched,
        )?;
        list_matters(store, &mut self.parties, &mut touched)?;
        for (old, new) in touched.into_values() {
            if old.as_ref() != Some(&new) {
                out.matter(old.as_ref(), new)?;
            }
        }
        Ok(())
    }
}

/// Where judging each matter's events stops: at its first failed event.
fn cutoffs(failed: Vec<(MatterRef, Pos, Option<Ts>)>) -> HashMap<MatterRef, Cutoff> {
    // None (a failed line whose time is unknown) sorts first: judge nothing.
    let mut cutoff: HashMap<MatterRef, Cutoff> = HashMap::new();
    for (r, pos, at) in failed {
        let key = at.map(|t| (t, pos));
        let c = cutoff.entry(r).or_insert(key);
        *c = (*c).min(key);
    }
    cutoff
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

/// Contacts: numbered in file order after the stored counter, kept inside
/// their matter with its petitioners.
fn file_contacts(
    store: &Store,
    numbers: &Numbers,
    contact_base: u64,
    contacts: Vec<(u64, NewContact)>,
    touched: &mut Touched,
) -> Result<()> {
    for (i, nc) in contacts {
        let mut c = nc.contact;
        c.id = contact_base + 1 + i;
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
/// one read.
fn list_matters(store: &Store, parties: &mut Parties, touched: &mut Touched) -> Result<()> {
    let allowance = store.office().skip_level_allowance;
    for (_, m) in touched.values_mut() {
        rederive_flags(m, allowance);
        for pid in &m.petitioners {
            parties.list(store, *pid, m.ledger)?;
        }
    }
    Ok(())
}

type Touched = BTreeMap<MatterRef, (Option<Matter>, Matter)>;

/// The time and place of a matter's first failed event (`None`: unknown).
type Cutoff = Option<(Ts, Pos)>;

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
    mut ok: Vec<(Pos, MatterRef, Event)>,
    cutoff: &HashMap<MatterRef, Cutoff>,
    touched: &mut Touched,
) -> Result<()> {
    // Sorted in place by matter, then time (file order breaks ties): the
    // events are not held twice.
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
