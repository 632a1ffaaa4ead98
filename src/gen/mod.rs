//! Deterministic synthetic data in JSON Lines v1: the reference data of the
//! fictional 清河县, then petitioners, then each matter with its contacts and
//! its events. It feeds the demo and the benchmarks; the same parameters
//! always give the same bytes.

mod rng;
mod words;

use crate::domain::idnum::check_char;
use crate::domain::workflow::{apply, Limits};
use crate::domain::{Channel, Event, Level, Matter, Role, Satisfaction, Step, Ts, DEFAULT_TZ};
use crate::interchange::{ContactLine, EventLine, Line, MatterLine, PetitionerLine};
use rng::Rng;
use std::collections::HashSet;
use std::fmt;
use std::io::{self, Write};
use time::macros::date;
use time::{Date, Time};
use words::{GIVEN, KEY_PERSON_REASONS, SUMMARIES, SURNAMES};

/// The reference data every generated file starts with.
pub const REFERENCE: &str = include_str!("../../fixtures/reference.jsonl");

const DAY: i64 = 86_400;
/// Years of history before `until`.
const YEARS: i64 = 4;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenParams {
    pub petitioners: u64,
    pub contacts: u64,
    pub seed: u64,
    /// Nothing happens after this day: a fixed anchor, so output never depends
    /// on the day it is generated.
    pub until: Date,
}

impl Default for GenParams {
    fn default() -> Self {
        GenParams {
            petitioners: 300,
            contacts: 900,
            seed: 1,
            until: date!(2026 - 10 - 31),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenSummary {
    pub lines: u64,
    pub petitioners: u64,
    pub matters: u64,
    pub contacts: u64,
    pub events: u64,
}

impl fmt::Display for GenSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} lines: {} petitioners, {} matters, {} contacts, {} events",
            self.lines, self.petitioners, self.matters, self.contacts, self.events
        )
    }
}

/// What the generator needs of the reference data.
struct Reference {
    /// (town code, its village codes)
    towns: Vec<(String, Vec<String>)>,
    /// Units that handle matters (all but the petition office itself).
    units: Vec<String>,
    categories: Vec<String>,
    staff: Vec<(String, Role)>,
}

impl Reference {
    fn parse() -> Reference {
        let mut r = Reference {
            towns: vec![],
            units: vec![],
            categories: vec![],
            staff: vec![],
        };
        for line in REFERENCE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            match serde_json::from_str::<Line>(line).expect("the reference fixture parses") {
                Line::Town(t) => r.towns.push((t.code, vec![])),
                Line::Village(v) => {
                    if let Some(t) = r.towns.iter_mut().find(|t| t.0 == v.town) {
                        t.1.push(v.code);
                    }
                }
                Line::Unit(u) if u.code != "xfj" => r.units.push(u.code),
                Line::Category(c) => r.categories.push(c.code),
                Line::Staff(s) => r
                    .staff
                    .push((s.login, Role::from_code(&s.role).expect("known role"))),
                _ => {}
            }
        }
        r
    }

    fn staff_with(&self, role: Role) -> Vec<String> {
        self.staff
            .iter()
            .filter(|(_, r)| *r == role)
            .map(|(l, _)| l.clone())
            .collect()
    }
}

struct Gen<'w, W: Write> {
    rng: Rng,
    out: &'w mut W,
    summary: GenSummary,
    tz: time::UtcOffset,
    until: Ts,
    receptionists: Vec<String>,
    handlers: Vec<String>,
    supervisors: Vec<String>,
}

impl<W: Write> Gen<'_, W> {
    fn emit(&mut self, line: Line) -> io::Result<()> {
        self.summary.lines += 1;
        writeln!(self.out, "{}", line.to_json())
    }

    fn time(&self, ts: Ts) -> String {
        ts.rfc3339(self.tz)
    }

    /// A moment in office hours on the day `days` after `from`.
    fn office_time(&mut self, from: Ts, days: i64) -> Ts {
        let day = from
            .local_date(self.tz)
            .checked_add(time::Duration::days(days))
            .unwrap_or(Date::MAX);
        let minutes = self.rng.range(8 * 60, 17 * 60 + 30);
        let t = Time::from_hms((minutes / 60) as u8, (minutes % 60) as u8, 0).expect("valid time");
        Ts::from_datetime(day.with_time(t).assume_offset(self.tz))
    }

    fn name(&mut self) -> String {
        let mut n = self.rng.weighted(SURNAMES).to_string();
        for _ in 0..if self.rng.chance(0.7) { 2 } else { 1 } {
            let given: &&str = self.rng.pick(GIVEN);
            n.push_str(given);
        }
        n
    }

    fn phone(&mut self) -> String {
        format!(
            "1{}{:09}",
            self.rng.range(3, 9),
            self.rng.below(1_000_000_000)
        )
    }
}

/// Writes synthetic data for `params` to `out`.
pub fn generate(params: &GenParams, out: &mut impl Write) -> io::Result<GenSummary> {
    let reference = Reference::parse();
    let until = Ts::from_datetime(
        params
            .until
            .with_hms(23, 59, 59)
            .expect("valid")
            .assume_offset(DEFAULT_TZ),
    );
    let mut g = Gen {
        rng: Rng::new(params.seed),
        out,
        summary: GenSummary::default(),
        tz: DEFAULT_TZ,
        until,
        receptionists: reference.staff_with(Role::Receptionist),
        handlers: reference.staff_with(Role::Handler),
        supervisors: reference.staff_with(Role::Supervisor),
    };
    for line in REFERENCE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        g.summary.lines += 1;
        writeln!(g.out, "{line}")?;
    }
    let towns = petitioners(&mut g, &reference, params.petitioners)?;
    matters(&mut g, &reference, params, &towns)?;
    Ok(g.summary)
}

/// Writes the petitioners; returns each one's town index.
fn petitioners<W: Write>(g: &mut Gen<W>, reference: &Reference, n: u64) -> io::Result<Vec<u16>> {
    let mut towns = Vec::with_capacity(n as usize);
    let mut used_ids = HashSet::new();
    for i in 1..=n {
        let town = g.rng.below(reference.towns.len() as u64) as usize;
        let (town_code, villages) = &reference.towns[town];
        let village = g.rng.pick(villages).clone();
        let name = g.name();
        let (id_number, other_doc) = if g.rng.chance(0.9) {
            loop {
                let birth = date!(1940 - 01 - 01) + time::Duration::days(g.rng.range(0, 60 * 365));
                let first17 = format!(
                    "371999{}{:02}{:02}{:03}",
                    birth.year(),
                    u8::from(birth.month()),
                    birth.day(),
                    g.rng.below(1000)
                );
                let id = format!("{first17}{}", check_char(&first17).expect("17 digits"));
                if used_ids.insert(id.clone()) {
                    break (Some(id), None);
                }
            }
        } else if g.rng.chance(0.3) {
            (None, Some(format!("护照:E{:08}", g.rng.below(100_000_000))))
        } else {
            (None, None)
        };
        let phones = match g.rng.below(10) {
            0 => vec![],
            1 | 2 => vec![g.phone(), g.phone()],
            _ => vec![g.phone()],
        };
        let key_person = g
            .rng
            .chance(0.005)
            .then(|| g.rng.pick(KEY_PERSON_REASONS).to_string());
        let address = g
            .rng
            .chance(0.5)
            .then(|| format!("{}号", g.rng.range(1, 200)));
        g.emit(Line::Petitioner(PetitionerLine {
            reference: format!("p{i}"),
            name,
            id_number,
            other_doc,
            phones,
            town: Some(town_code.clone()),
            village: Some(village),
            address,
            key_person,
            ..Default::default()
        }))?;
        towns.push(town as u16);
    }
    g.summary.petitioners = n;
    Ok(towns)
}

fn matters<W: Write>(
    g: &mut Gen<W>,
    reference: &Reference,
    params: &GenParams,
    towns: &[u16],
) -> io::Result<()> {
    let n_pets = params.petitioners.max(1);
    let span_start = g.until.0 - YEARS * 365 * DAY;
    let mut remaining = params.contacts;
    let mut next_unserved = 1u64;
    let mut m_no = 0u64;
    while remaining > 0 {
        m_no += 1;
        let unserved_left = |next: u64| {
            if params.petitioners >= next {
                params.petitioners - next + 1
            } else {
                0
            }
        };
        // Serve every petitioner once, then favour a small pool of frequent ones.
        let main = if next_unserved <= params.petitioners && remaining > 0 {
            next_unserved += 1;
            next_unserved - 1
        } else if g.rng.chance(0.3) {
            1 + (g.rng.below(n_pets.div_ceil(33)) * 33).min(n_pets - 1)
        } else {
            1 + g.rng.below(n_pets)
        };
        let collective = g.rng.chance(0.03);
        let mut parties = vec![main];
        if collective {
            for _ in 0..g.rng.range(1, 4) {
                let p = 1 + g.rng.below(n_pets);
                if !parties.contains(&p) {
                    parties.push(p);
                }
            }
        }
        let mut k = 1u64;
        while k < 15 && g.rng.chance(0.4) {
            k += 1;
        }
        if main % 33 == 1 {
            k += g.rng.range(2, 8) as u64;
        }
        let keep_for_others = unserved_left(next_unserved);
        k = k
            .min(remaining.saturating_sub(keep_for_others))
            .max(1)
            .min(remaining);
        remaining -= k;
        let town = reference.towns[usize::from(towns.get(main as usize - 1).copied().unwrap_or(0))]
            .0
            .clone();
        one_matter(
            g, reference, m_no, &parties, &town, k, span_start, collective,
        )?;
    }
    Ok(())
}

/// What a matter's contacts repeat of the matter.
struct Drafted {
    mref: String,
    prefs: Vec<String>,
    summary: String,
    receiver: String,
    collective: bool,
}

/// One matter: its line, its contacts, then its events.
#[allow(clippy::too_many_arguments)]
fn one_matter<W: Write>(
    g: &mut Gen<W>,
    reference: &Reference,
    m_no: u64,
    parties: &[u64],
    town: &str,
    contacts: u64,
    span_start: i64,
    collective: bool,
) -> io::Result<()> {
    let day = g.rng.range(0, (g.until.0 - span_start) / DAY);
    let registered = g.office_time(Ts(span_start), day);
    let matter = matter_line(g, reference, m_no, parties, town, registered, collective)?;
    for (i, at) in contact_times(g, registered, contacts)
        .into_iter()
        .enumerate()
    {
        contact_line(g, &matter, i, at)?;
    }
    events(g, reference, &matter.mref, registered, &matter.receiver)
}

/// Writes the matter's line: a category, a summary of it and a receiver.
fn matter_line<W: Write>(
    g: &mut Gen<W>,
    reference: &Reference,
    m_no: u64,
    parties: &[u64],
    town: &str,
    registered: Ts,
    collective: bool,
) -> io::Result<Drafted> {
    let category = g.rng.pick(&reference.categories).clone();
    let summaries = SUMMARIES
        .iter()
        .find(|(c, _)| *c == category)
        .map_or(&["反映问题"][..], |(_, s)| s);
    let summary = g.rng.pick(summaries).to_string();
    let receiver = g.rng.pick(&g.receptionists).clone();
    let mref = format!("m{m_no}");
    let prefs: Vec<String> = parties.iter().map(|p| format!("p{p}")).collect();
    g.emit(Line::Matter(MatterLine {
        reference: mref.clone(),
        ledger: None,
        petitioners: prefs.clone(),
        category,
        town: town.to_string(),
        summary: summary.clone(),
        first_receiver: receiver.clone(),
        registered_at: g.time(registered),
        jurisdiction: None,
        leader: None,
        kind: None,
    }))?;
    g.summary.matters += 1;
    Ok(Drafted {
        mref,
        prefs,
        summary,
        receiver,
        collective,
    })
}

/// When the contacts came, in order: the first at registration, later ones
/// spread over the years after.
fn contact_times<W: Write>(g: &mut Gen<W>, registered: Ts, contacts: u64) -> Vec<Ts> {
    let days_left = ((g.until.0 - registered.0) / DAY).max(0);
    let mut times = vec![registered];
    for _ in 1..contacts {
        let d = g.rng.range(0, days_left.min(900));
        let t = g.office_time(registered, d);
        times.push(if t.0 > g.until.0 || t < registered {
            registered
        } else {
            t
        });
    }
    times.sort();
    times
}

/// Writes the matter's `i`-th contact, at `at`.
fn contact_line<W: Write>(g: &mut Gen<W>, m: &Drafted, i: usize, at: Ts) -> io::Result<()> {
    let channel = *g.rng.weighted(&[
        (Channel::Visit, 45),
        (Channel::Letter, 20),
        (Channel::Call, 15),
        (Channel::Online, 20),
    ]);
    let level = if channel == Channel::Visit {
        *g.rng.weighted(&[
            (Level::Town, 8),
            (Level::County, 80),
            (Level::City, 8),
            (Level::Province, 3),
            (Level::National, 1),
        ])
    } else {
        Level::County
    };
    let group = m.collective && channel == Channel::Visit && (i == 0 || g.rng.chance(0.5));
    let headcount = if group { g.rng.range(5, 40) as u32 } else { 1 };
    let petitioners = if group {
        m.prefs.iter().take(5).cloned().collect()
    } else {
        vec![m.prefs[0].clone()]
    };
    let abnormal =
        channel == Channel::Visit && g.rng.chance(if level >= Level::City { 0.2 } else { 0.003 });
    g.summary.contacts += 1;
    let letter_no = (channel == Channel::Letter).then(|| {
        format!(
            "清信{}-{:06}",
            at.local_date(g.tz).year(),
            g.summary.contacts
        )
    });
    let contact_receiver = g.rng.pick(&g.receptionists).clone();
    g.emit(Line::Contact(ContactLine {
        matter: m.mref.clone(),
        petitioners,
        at: g.time(at),
        channel: channel.code().into(),
        level: level.code().into(),
        headcount,
        abnormal,
        receiver: if i == 0 {
            m.receiver.clone()
        } else {
            contact_receiver
        },
        summary: format!(
            "{}反映{}",
            channel.zh(),
            m.summary.trim_start_matches("反映")
        ),
        letter_no,
        town: None,
    }))
}

/// A realistic, valid history for one matter, cut off at `until`.
fn events<W: Write>(
    g: &mut Gen<W>,
    reference: &Reference,
    mref: &str,
    registered: Ts,
    receiver: &str,
) -> io::Result<()> {
    let mut m = Matter::registered(receiver, registered);
    let mut t = registered;
    for (days, action) in steps(g) {
        t = if days == 0 {
            Ts(t.0 + 3600)
        } else {
            g.office_time(t, days)
        };
        if t.0 > g.until.0 {
            break;
        }
        let e = event(g, reference, t, action);
        apply(&mut m, e.clone(), &Limits::default())
            .unwrap_or_else(|err| panic!("generator made an invalid step for {mref}: {err}"));
        g.summary.events += 1;
        let line = EventLine::from_event(mref, e, g.tz);
        g.emit(Line::Event(line))?;
    }
    Ok(())
}

/// The course a matter takes: each action with the days after the one before
/// it (0: an hour later).
fn steps<W: Write>(g: &mut Gen<W>) -> Vec<(i64, Step)> {
    let r = g.rng.below(100);
    let mut steps: Vec<(i64, Step)> = Vec::new();
    if r < 4 {
        steps.push((g.rng.range(1, 10), Step::Reject));
    } else if r < 7 {
        steps.push((g.rng.range(1, 10), Step::Forward));
    } else if r < 20 {
        steps.push((0, Step::ResolveOnSpot));
        if g.rng.chance(0.6) {
            steps.push((g.rng.range(1, 10), Step::Evaluate));
        }
        steps.push((g.rng.range(31, 45), Step::Close));
    } else {
        steps.push((g.rng.range(1, 14), Step::Accept));
        if g.rng.chance(0.1) {
            steps.push((g.rng.range(3, 20), Step::Transfer));
        }
        if g.rng.chance(0.06) {
            steps.push((g.rng.range(20, 50), Step::Extend));
        }
        steps.push((g.rng.range(10, 70), Step::Reply));
        if g.rng.chance(0.7) {
            steps.push((g.rng.range(1, 10), Step::Evaluate));
        }
        if g.rng.chance(0.12) {
            steps.push((g.rng.range(5, 29), Step::ReviewRequest));
            steps.push((g.rng.range(10, 35), Step::ReviewDecision));
            if g.rng.chance(0.35) {
                steps.push((g.rng.range(5, 29), Step::RereviewRequest));
                steps.push((g.rng.range(10, 35), Step::RereviewDecision));
            }
        }
        if !steps.iter().any(|(_, a)| *a == Step::RereviewDecision) {
            steps.push((g.rng.range(31, 45), Step::Close));
        }
    }
    steps
}

/// `action` at `t`, by a member of staff whose role takes it, with the
/// fields it needs.
fn event<W: Write>(g: &mut Gen<W>, reference: &Reference, t: Ts, action: Step) -> Event {
    let by = match action {
        Step::Extend | Step::ReviewDecision | Step::RereviewDecision => {
            g.rng.pick(&g.supervisors).clone()
        }
        Step::Reply => g.rng.pick(&g.handlers).clone(),
        _ => g.rng.pick(&g.receptionists).clone(),
    };
    let mut e = Event::new(t, action, &by);
    match action {
        Step::Accept | Step::Transfer => e.unit = Some(g.rng.pick(&reference.units).clone()),
        _ => {}
    }
    match action {
        Step::Reject => e.reason = Some("不属于信访受理范围".into()),
        Step::Forward => e.to = Some("县人民法院".into()),
        Step::Transfer => e.reason = Some("职责调整".into()),
        Step::Extend => {
            e.reason = Some("情况复杂，需进一步调查".into());
            e.days = Some(g.rng.range(10, 30) as u16);
        }
        Step::Reply | Step::ResolveOnSpot => e.note = Some("已书面答复".into()),
        Step::Evaluate => {
            e.satisfaction = Some(*g.rng.weighted(&[
                (Satisfaction::Satisfied, 70),
                (Satisfaction::Basic, 20),
                (Satisfaction::Unsatisfied, 10),
            ]))
        }
        _ => {}
    }
    e
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
