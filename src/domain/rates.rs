//! What the rates of docs/rules.md#rates need to know of one matter, each fact with the
//! local date it counts on. The store indexes these facts by date, so a
//! period's rates never decode a matter.

use super::model::{Matter, MatterKind, Satisfaction, Step};
use super::workflow::{extension_days, hearing_days, hearing_open, Calendar};
use time::{Date, Duration, UtcOffset};

/// The first `reply` or `resolve_on_spot` of a matter: the on-time rate counts
/// it on its local date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FirstReply {
    pub on: Date,
    /// The local date of `accept` and the days added to the handling limit
    /// before the reply (extension granted, hearing days); `None` for a
    /// resolution on the spot, which is always on time.
    pub basis: Option<(Date, i64)>,
}

impl FirstReply {
    /// The matter's first reply, or `None` while there is none (or, against the
    /// workflow, a reply without an acceptance).
    pub fn of(matter: &Matter, tz: UtcOffset) -> Option<FirstReply> {
        let first = matter
            .events
            .iter()
            .find(|e| matches!(e.action, Step::Reply | Step::ResolveOnSpot))?;
        let on = first.at.local_date(tz);
        if first.action == Step::ResolveOnSpot {
            return Some(FirstReply { on, basis: None });
        }
        let accept = matter.events.iter().find(|e| e.action == Step::Accept)?;
        let extension = extension_days(&matter.events, Some(first.at));
        let hearings = super::workflow::hearing_days(&matter.events, accept.at, Some(first.at), tz);
        Some(FirstReply {
            on,
            basis: Some((accept.at.local_date(tz), extension + hearings)),
        })
    }

    /// The due date: acceptance + the handling limit + the extension and
    /// hearing days, moved off a non-working day. Computed when asked, under the calendar of the day, so
    /// a new holiday list needs no re-indexing of replied matters.
    pub fn due(&self, cal: &Calendar) -> Option<Date> {
        let (accept, extension) = self.basis?;
        let d = accept
            .checked_add(Duration::days(cal.limits.handle_days + extension))
            .unwrap_or(accept);
        Some(cal.holidays.next_working_day(d))
    }

    pub fn on_time(&self, cal: &Calendar) -> bool {
        self.due(cal).is_none_or(|due| self.on <= due)
    }
}

/// A step with a deadline, as the timely-acceptance and on-time rates count
/// it (docs/rules.md#rates): the matter counts once, on the date the step was taken or
/// fell due, whichever came first, so a late or missing step never leaves
/// the denominator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline {
    /// The due date, moved off non-working days.
    pub due: Date,
    /// The local date the step was taken, if it was.
    pub done: Option<Date>,
    /// A hearing is open: the clock is stopped, so a step not taken is not
    /// late yet (its due date moves when the hearing ends).
    pub paused: bool,
}

impl Deadline {
    /// The date the matter counts on: min(done, due).
    pub fn counts_on(&self) -> Date {
        self.done.map_or(self.due, |d| d.min(self.due))
    }

    /// On time (`Some(true)`), late (`Some(false)`), or not counted yet: a
    /// step not taken is late once its due date is before `today`, and not
    /// counted while it may still be taken in time or a hearing holds the
    /// clock.
    pub fn verdict(&self, today: Date) -> Option<bool> {
        match self.done {
            Some(d) => Some(d <= self.due),
            None => (!self.paused && self.due < today).then_some(false),
        }
    }
}

fn due_after(from: Date, days: i64, cal: &Calendar) -> Date {
    cal.holidays
        .next_working_day(from.checked_add(Duration::days(days)).unwrap_or(from))
}

/// 及时受理率: the acceptance decision (`accept`, `reject`, `forward`,
/// `redirect` or `resolve_on_spot`) is due `accept_days` after registration.
/// Every matter has one.
pub fn acceptance(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Deadline {
    let due = due_after(
        matter.registered_at.local_date(tz),
        cal.limits.accept_days,
        cal,
    );
    let done = matter
        .events
        .iter()
        .find(|e| {
            matches!(
                e.action,
                Step::Accept | Step::Reject | Step::Forward | Step::Redirect | Step::ResolveOnSpot
            )
        })
        .map(|e| e.at.local_date(tz));
    Deadline {
        due,
        done,
        paused: false,
    }
}

/// 按期办结率: the first reply of an accepted matter, due `handle_days` after
/// acceptance plus the extensions and hearing days; a resolution on the spot
/// counts on its date, on time. `None` for a matter neither accepted nor
/// resolved on the spot (it is not handled here).
pub fn handling(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Option<Deadline> {
    if let Some(f) = FirstReply::of(matter, tz) {
        return Some(Deadline {
            due: f.due(cal).unwrap_or(f.on),
            done: Some(f.on),
            paused: false,
        });
    }
    // Not replied yet: due as the overdue queue has it, with every extension
    // and every hearing ended so far; a hearing still open holds the clock.
    let accept = matter.events.iter().find(|e| e.action == Step::Accept)?;
    let extension = extension_days(&matter.events, None);
    let hearings = hearing_days(&matter.events, accept.at, None, tz);
    Some(Deadline {
        due: due_after(
            accept.at.local_date(tz),
            cal.limits.handle_days + extension + hearings,
            cal,
        ),
        done: None,
        paused: hearing_open(&matter.events),
    })
}

/// The local date a matter was accepted and the kind it was given (one not
/// classified is 申诉求决类), for the counts by kind.
pub fn accepted(matter: &Matter, tz: UtcOffset) -> Option<(Date, MatterKind)> {
    matter
        .events
        .iter()
        .find(|e| e.action == Step::Accept)
        .map(|e| (e.at.local_date(tz), matter.kind_or_appeal()))
}

/// The stage an evaluation judges: the reply (or resolution on the spot),
/// the review decision or the re-review decision before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Reply,
    Review,
    Rereview,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Reply, Stage::Review, Stage::Rereview];
}

/// The evaluations the satisfaction rate counts: per stage the latest one
/// recorded, with its local date, in stage order. An evaluation judges the
/// last reply or decision before it.
pub fn stage_evaluations(matter: &Matter, tz: UtcOffset) -> Vec<(Stage, Date, Satisfaction)> {
    let mut stage = Stage::Reply;
    let mut latest: [Option<(Date, Satisfaction)>; 3] = [None; 3];
    for e in &matter.events {
        match (e.action, e.satisfaction) {
            (Step::Reply | Step::ResolveOnSpot, _) => stage = Stage::Reply,
            (Step::ReviewDecision, _) => stage = Stage::Review,
            (Step::RereviewDecision, _) => stage = Stage::Rereview,
            (Step::Evaluate, Some(s)) => latest[stage as usize] = Some((e.at.local_date(tz), s)),
            _ => {}
        }
    }
    Stage::ALL
        .iter()
        .zip(latest)
        .filter_map(|(st, l)| l.map(|(d, s)| (*st, d, s)))
        .collect()
}

/// 参评率: the first reply's local date and whether the reply was evaluated.
pub fn reply_evaluated(matter: &Matter, tz: UtcOffset) -> Option<(Date, bool)> {
    let f = FirstReply::of(matter, tz)?;
    let evaluated = stage_evaluations(matter, tz)
        .iter()
        .any(|(s, _, _)| *s == Stage::Reply);
    Some((f.on, evaluated))
}

/// The local date a matter was resolved: closed after a reply (`close`) or
/// made final (`rereview_decision`), if it was. A matter ended by `reject`,
/// `forward` or `redirect` was not resolved here, so the one-time rate
/// leaves it out (docs/rules.md#rates).
pub fn ended_on(matter: &Matter, tz: UtcOffset) -> Option<Date> {
    matter
        .events
        .iter()
        .find(|e| matches!(e.action, Step::Close | Step::RereviewDecision))
        .map(|e| e.at.local_date(tz))
}

/// Resolved in one go (一次性办结): exactly one contact and no request for
/// review. Judged on the matter as it stands, so a petitioner who comes back
/// after the close takes the matter out of the count.
pub fn one_time(matter: &Matter) -> bool {
    matter.contacts.len() == 1
        && !matter
            .events
            .iter()
            .any(|e| e.action == Step::ReviewRequest)
}

/// Every evaluation of a matter with its local date.
pub fn evaluations(
    matter: &Matter,
    tz: UtcOffset,
) -> impl Iterator<Item = (Date, Satisfaction)> + '_ {
    matter
        .events
        .iter()
        .filter_map(move |e| match (e.action, e.satisfaction) {
            (Step::Evaluate, Some(s)) => Some((e.at.local_date(tz), s)),
            _ => None,
        })
}

/// The satisfaction rate counts 满意 and 基本满意.
pub fn is_satisfied(s: Satisfaction) -> bool {
    matches!(s, Satisfaction::Satisfied | Satisfaction::Basic)
}

/// Whether the first reply (or on-the-spot resolution) came on time
/// (docs/rules.md#rates, 按期办结率): `None` while there is no reply.
pub fn replied_on_time(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Option<bool> {
    FirstReply::of(matter, tz).map(|f| f.on_time(cal))
}

#[cfg(test)]
#[path = "rates_tests.rs"]
mod tests;
