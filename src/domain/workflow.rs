//! The matter workflow (docs/rules.md#the-matter-workflow): which action is allowed in which state, what
//! each action needs, and the due dates that follow.

use super::model::{Event, Level, Matter, MatterKind, MatterState, Step, Ts};
use std::collections::BTreeSet;
use std::fmt;
use time::{Date, Duration, UtcOffset, Weekday};

/// Statutory limits in calendar days (《信访工作条例》 2022), configurable per office.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub accept_days: i64,
    pub handle_days: i64,
    pub extend_max_days: u16,
    pub review_request_days: i64,
    pub review_decide_days: i64,
    pub rereview_request_days: i64,
    pub rereview_decide_days: i64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            accept_days: 15,
            handle_days: 60,
            extend_max_days: 30,
            review_request_days: 30,
            review_decide_days: 30,
            rereview_request_days: 30,
            rereview_decide_days: 30,
        }
    }
}

/// The working-day calendar: Saturdays and Sundays are non-working unless the
/// State Council's schedule makes one a working day (调休上班); the statutory
/// holidays are non-working whatever the weekday. A deadline that falls on a
/// non-working day moves to the next working day (docs/rules.md#working-days-and-holidays).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Holidays {
    /// Statutory holidays (放假).
    pub off: BTreeSet<Date>,
    /// Weekend days worked instead (调休上班).
    pub workdays: BTreeSet<Date>,
}

/// A plain list of dates: holidays, no weekend workdays.
impl From<BTreeSet<Date>> for Holidays {
    fn from(off: BTreeSet<Date>) -> Holidays {
        Holidays::new(off, BTreeSet::new())
    }
}

impl Holidays {
    pub fn new(off: BTreeSet<Date>, workdays: BTreeSet<Date>) -> Holidays {
        Holidays { off, workdays }
    }

    pub fn is_working_day(&self, d: Date) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        if self.off.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    pub fn next_working_day(&self, mut d: Date) -> Date {
        // A year of holidays is never longer than a few weeks; the bound only
        // keeps a damaged list from looping.
        for _ in 0..400 {
            if self.is_working_day(d) {
                break;
            }
            match d.next_day() {
                Some(n) => d = n,
                None => break,
            }
        }
        d
    }

    /// Whether the list has the schedule of `year` (any holiday or workday in
    /// it). Without one, deadlines that year shift for weekends only.
    pub fn has_year(&self, year: i32) -> bool {
        self.off
            .iter()
            .chain(&self.workdays)
            .any(|d| d.year() == year)
    }

    /// The years the list covers, in order.
    pub fn years(&self) -> BTreeSet<i32> {
        self.off
            .iter()
            .chain(&self.workdays)
            .map(|d| d.year())
            .collect()
    }
}

/// The calendar the desk computes deadlines with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendar {
    pub limits: Limits,
    pub holidays: Holidays,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WorkflowError {
    /// The action is not allowed in the matter's current state.
    NotAllowed {
        state: MatterState,
        action: Step,
    },
    /// The action needs a field that was not given.
    Missing {
        action: Step,
        #[serde(deserialize_with = "crate::domain::interned::static_str")]
        field: crate::domain::interned::StaticStr,
    },
    /// An extension longer than the law allows.
    ExtendTooLong {
        days: u16,
        max: u16,
    },
    AlreadyExtended,
    /// Evaluation before any reply exists.
    NoReplyYet,
    /// Events must be recorded in time order.
    OutOfOrder,
    /// Review and re-review are for 申诉求决类 matters only.
    NoReviewForKind {
        kind: MatterKind,
    },
    /// `hearing_start` while a hearing is open, or leaving the stage before
    /// the open hearing has ended.
    HearingOpen,
    /// `hearing_end` without an open hearing.
    NoHearing,
    /// A review or re-review request after its window closed on `closed`.
    WindowClosed {
        action: Step,
        closed: Date,
    },
}

impl fmt::Display for WorkflowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkflowError::NotAllowed { state, action } => {
                write!(f, "action {action} is not allowed in state {state}")
            }
            WorkflowError::Missing { action, field } => write!(f, "action {action} needs {field}"),
            WorkflowError::ExtendTooLong { days, max } => {
                write!(f, "an extension of {days} days exceeds the limit of {max}")
            }
            WorkflowError::AlreadyExtended => {
                f.write_str("the matter has already been extended once")
            }
            WorkflowError::NoReplyYet => f.write_str("satisfaction needs a reply first"),
            WorkflowError::OutOfOrder => {
                f.write_str("event is earlier than the matter's registration or previous event")
            }
            WorkflowError::NoReviewForKind { kind } => write!(
                f,
                "only 申诉求决类 (appeal) matters have review and re-review; this one is {} ({kind})",
                kind.zh()
            ),
            WorkflowError::HearingOpen => {
                f.write_str("a hearing is open; record hearing_end first")
            }
            WorkflowError::NoHearing => f.write_str("no hearing is open"),
            WorkflowError::WindowClosed { action, closed } => write!(
                f,
                "action {action} is too late: the window closed on {closed}"
            ),
        }
    }
}

impl std::error::Error for WorkflowError {}

/// The state an action leads to from `state`, or `None` if it is not allowed.
/// Actions that leave the state unchanged return the same state.
pub fn transition(state: MatterState, action: Step) -> Option<MatterState> {
    use MatterState as S;
    use Step as A;
    match (state, action) {
        (S::Registered, A::Accept) => Some(S::InProgress),
        (S::Registered, A::Reject | A::Forward | A::Redirect) => Some(S::Closed),
        (S::Registered, A::ResolveOnSpot) => Some(S::Replied),
        (S::InProgress, A::Assign | A::Transfer | A::Extend) => Some(S::InProgress),
        (S::InProgress, A::Reply) => Some(S::Replied),
        (S::Replied, A::ReviewRequest) => Some(S::UnderReview),
        (S::UnderReview, A::ReviewDecision) => Some(S::ReviewDecided),
        (S::ReviewDecided, A::RereviewRequest) => Some(S::UnderRereview),
        (S::UnderRereview, A::RereviewDecision) => Some(S::Final),
        (S::Replied | S::ReviewDecided, A::Close) => Some(S::Closed),
        (S::InProgress | S::UnderReview, A::HearingStart | A::HearingEnd) => Some(state),
        (s, A::Evaluate) => Some(s),
        (s, A::Deliver) => Some(s),
        (s, A::ReassignFirstReceiver) if s.is_open() => Some(s),
        _ => None,
    }
}

/// The actions a matter in `state` may take (for menus and help).
pub fn allowed_actions(state: MatterState) -> Vec<Step> {
    Step::ALL
        .iter()
        .copied()
        .filter(|a| transition(state, *a).is_some())
        .collect()
}

fn has_reply(events: &[Event]) -> bool {
    events
        .iter()
        .any(|e| matches!(e.action, Step::Reply | Step::ResolveOnSpot))
}

/// Checks `event` against the matter and, if it is allowed, records it.
/// On error the matter is unchanged.
pub fn apply(matter: &mut Matter, event: Event, limits: &Limits) -> Result<(), WorkflowError> {
    let next = check(matter, &event, limits)?;
    record(matter, event, next);
    Ok(())
}

/// The state `event` takes the matter to, or why it may not be taken: it
/// comes before the last event, the state table refuses it, or it lacks
/// what its action needs.
fn check(matter: &Matter, event: &Event, limits: &Limits) -> Result<MatterState, WorkflowError> {
    let last = matter.events.last().map_or(matter.registered_at, |e| e.at);
    if event.at < last {
        return Err(WorkflowError::OutOfOrder);
    }
    let next = transition(matter.state, event.action).ok_or(WorkflowError::NotAllowed {
        state: matter.state,
        action: event.action,
    })?;
    check_fields(matter, event, limits)?;
    Ok(next)
}

/// What each action needs: its fields filled in, and the matter in a
/// condition for it (a reply before an evaluation, no hearing open before a
/// reply, review only for 申诉求决类, one extension at most).
fn check_fields(matter: &Matter, event: &Event, limits: &Limits) -> Result<(), WorkflowError> {
    let action = event.action;
    let need = |present: bool, field: &'static str| {
        if present {
            Ok(())
        } else {
            Err(WorkflowError::Missing { action, field })
        }
    };
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    match action {
        Step::Accept | Step::Assign => need(filled(&event.unit), "unit")?,
        Step::Transfer => {
            need(filled(&event.unit), "unit")?;
            need(filled(&event.reason), "reason")?;
        }
        Step::Reject => need(filled(&event.reason), "reason")?,
        Step::Forward | Step::Redirect => need(filled(&event.to), "to")?,
        Step::ReviewRequest | Step::RereviewRequest
            if matter.kind_or_appeal() != MatterKind::Appeal =>
        {
            return Err(WorkflowError::NoReviewForKind {
                kind: matter.kind_or_appeal(),
            })
        }
        Step::Extend => {
            need(filled(&event.reason), "reason")?;
            check_extension(matter, event, limits)?;
        }
        Step::Evaluate => {
            need(event.satisfaction.is_some(), "satisfaction")?;
            if !has_reply(&matter.events) {
                return Err(WorkflowError::NoReplyYet);
            }
        }
        Step::ReassignFirstReceiver => {
            need(filled(&event.reason), "reason")?;
            need(filled(&event.to), "to")?;
        }
        Step::HearingStart if hearing_open(&matter.events) => {
            return Err(WorkflowError::HearingOpen)
        }
        Step::HearingEnd if !hearing_open(&matter.events) => return Err(WorkflowError::NoHearing),
        Step::Reply | Step::ReviewDecision if hearing_open(&matter.events) => {
            return Err(WorkflowError::HearingOpen)
        }
        // A reply is its text: an empty one answers nothing.
        Step::Reply => need(filled(&event.note), "text")?,
        Step::Deliver => {
            need(event.delivery.is_some(), "method")?;
            need(
                event
                    .delivery
                    .as_ref()
                    .is_some_and(|d| !d.notice.trim().is_empty()),
                "notice",
            )?;
        }
        _ => {}
    }
    Ok(())
}

/// An extension names its days, at most the limit, and is granted once.
fn check_extension(matter: &Matter, event: &Event, limits: &Limits) -> Result<(), WorkflowError> {
    let days = event.days.ok_or(WorkflowError::Missing {
        action: event.action,
        field: "days",
    })?;
    if days == 0 || days > limits.extend_max_days {
        return Err(WorkflowError::ExtendTooLong {
            days,
            max: limits.extend_max_days,
        });
    }
    if matter.events.iter().any(|e| e.action == Step::Extend) {
        return Err(WorkflowError::AlreadyExtended);
    }
    Ok(())
}

/// Records a checked `event`: the unit it routes to, the handler it names,
/// the first receiver it reassigns to, and the state it leads to.
fn record(matter: &mut Matter, event: Event, next: MatterState) {
    let action = event.action;
    if matches!(action, Step::Accept | Step::Assign | Step::Transfer) {
        matter.unit = event.unit.clone();
    }
    if event.handler.is_some() {
        matter.handler = event.handler.clone();
    }
    if action == Step::ReassignFirstReceiver {
        matter.first_receiver = event.to.clone().unwrap_or_default();
    }
    matter.state = next;
    matter.events.push(event);
}

/// Days of extension granted (at most once, but counted whatever the
/// history), up to `until` when given.
pub fn extension_days(events: &[Event], until: Option<Ts>) -> i64 {
    events
        .iter()
        .filter(|e| e.action == Step::Extend && until.is_none_or(|u| e.at <= u))
        .map(|e| i64::from(e.days.unwrap_or(0)))
        .sum()
}

fn last_event(events: &[Event], pred: impl Fn(Step) -> bool) -> Option<&Event> {
    events.iter().rev().find(|e| pred(e.action))
}

fn plus_days(at: Ts, days: i64, tz: UtcOffset, cal: &Calendar) -> Date {
    date_plus(at.local_date(tz), days, cal)
}

fn date_plus(d: Date, days: i64, cal: &Calendar) -> Date {
    cal.holidays
        .next_working_day(d.checked_add(Duration::days(days)).unwrap_or(d))
}

/// Whether the last `hearing_start` has no `hearing_end` after it.
pub fn hearing_open(events: &[Event]) -> bool {
    last_event(events, |a| {
        matches!(a, Step::HearingStart | Step::HearingEnd)
    })
    .is_some_and(|e| e.action == Step::HearingStart)
}

/// The days of hearings (听证) held in `[from, until]`: for each ended hearing
/// started at or after `from`, the local days from its start to its end. They
/// do not count toward the handling or review deadline. A hearing still open
/// adds nothing until it ends.
pub fn hearing_days(events: &[Event], from: Ts, until: Option<Ts>, tz: UtcOffset) -> i64 {
    let mut total = 0;
    let mut start: Option<Date> = None;
    for e in events
        .iter()
        .filter(|e| e.at >= from && until.is_none_or(|u| e.at <= u))
    {
        match e.action {
            Step::HearingStart => start = Some(e.at.local_date(tz)),
            Step::HearingEnd => {
                if let Some(s) = start.take() {
                    total += (e.at.local_date(tz) - s).whole_days().max(0);
                }
            }
            _ => {}
        }
    }
    total
}

/// The notice a `deliver` event carries for the stage entered by `action`.
fn delivers(e: &Event, action: Step) -> bool {
    e.action == Step::Deliver
        && e.delivery.as_ref().is_some_and(|d| {
            d.notice == action.code()
                || (action == Step::Reply && d.notice == Step::ResolveOnSpot.code())
        })
}

/// The notice a matter in `state` is waiting to deliver: its reply, or its
/// review or re-review decision.
pub fn notice_of_stage(state: MatterState) -> Option<Step> {
    match state {
        MatterState::Replied => Some(Step::Reply),
        MatterState::ReviewDecided => Some(Step::ReviewDecision),
        MatterState::Final => Some(Step::RereviewDecision),
        _ => None,
    }
}

/// The last day on which the petitioner may ask for review (after the reply)
/// or re-review (after the review decision): 30 days from the delivery of
/// the reply or decision, or from the reply or decision itself when no
/// delivery is recorded, moved off a non-working day (docs/rules.md#delivery). `None` when
/// the matter has no such reply or decision.
pub fn request_window_closes(
    matter: &Matter,
    request: Step,
    cal: &Calendar,
    tz: UtcOffset,
) -> Option<Date> {
    let l = &cal.limits;
    let (decision, days): (fn(Step) -> bool, i64) = match request {
        Step::ReviewRequest => (
            |a| matches!(a, Step::Reply | Step::ResolveOnSpot),
            l.review_request_days,
        ),
        Step::RereviewRequest => (|a| a == Step::ReviewDecision, l.rereview_request_days),
        _ => return None,
    };
    let decided = last_event(&matter.events, decision)?;
    let notice = if request == Step::ReviewRequest {
        Step::Reply
    } else {
        Step::ReviewDecision
    };
    let delivered = matter
        .events
        .iter()
        .rev()
        .take_while(|e| e.at >= decided.at)
        .find(|e| delivers(e, notice))
        .map_or(decided.at, |e| e.at);
    Some(plus_days(delivered, days, tz, cal))
}

/// Refuses a review or re-review request made after its window closed, with
/// the date it closed. Desk actions are checked; imported history is not (an
/// old file's late request stays importable).
pub fn check_window(
    matter: &Matter,
    event: &Event,
    cal: &Calendar,
    tz: UtcOffset,
) -> Result<(), WorkflowError> {
    if !matches!(event.action, Step::ReviewRequest | Step::RereviewRequest)
        || transition(matter.state, event.action).is_none()
    {
        return Ok(());
    }
    match request_window_closes(matter, event.action, cal, tz) {
        Some(closed) if event.at.local_date(tz) > closed => Err(WorkflowError::WindowClosed {
            action: event.action,
            closed,
        }),
        _ => Ok(()),
    }
}

/// What the desk asks of a new event beyond what history needs: a reply
/// names its opinion type (支持、解释说明、不予支持). Desk actions are
/// checked; imported history is not (files written before the opinion type
/// existed keep importing).
pub fn check_new(event: &Event) -> Result<(), WorkflowError> {
    if event.action == Step::Reply && event.opinion.is_none() {
        return Err(WorkflowError::Missing {
            action: event.action,
            field: "opinion",
        });
    }
    Ok(())
}

/// How many days a matter in `state` due on `due` is overdue on `today`:
/// `None` unless its state can be overdue and the day is past (the overdue
/// list's rule, docs/rules.md#deadlines).
pub fn days_overdue(state: MatterState, due: Option<Date>, today: Date) -> Option<i64> {
    let due = due.filter(|d| state.can_be_overdue() && *d < today)?;
    Some((today - due).whole_days())
}

/// The date by which the matter's current step is due (docs/rules.md#deadlines); for replied and
/// review-decided matters, the date from which it is ready to close. `None` once
/// the matter has ended.
pub fn due_date(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Option<Date> {
    use MatterState as S;
    let l = &cal.limits;
    let paused = |since: &Event| hearing_days(&matter.events, since.at, None, tz);
    match matter.state {
        S::Registered => Some(plus_days(matter.registered_at, l.accept_days, tz, cal)),
        S::InProgress => {
            let extension = extension_days(&matter.events, None);
            let accept = last_event(&matter.events, |a| a == Step::Accept)?;
            Some(plus_days(
                accept.at,
                l.handle_days + extension + paused(accept),
                tz,
                cal,
            ))
        }
        S::Replied => request_window_closes(matter, Step::ReviewRequest, cal, tz),
        S::UnderReview => {
            let request = last_event(&matter.events, |a| a == Step::ReviewRequest)?;
            Some(plus_days(
                request.at,
                l.review_decide_days + paused(request),
                tz,
                cal,
            ))
        }
        S::ReviewDecided => request_window_closes(matter, Step::RereviewRequest, cal, tz),
        S::UnderRereview => last_event(&matter.events, |a| a == Step::RereviewRequest)
            .map(|e| plus_days(e.at, l.rereview_decide_days, tz, cal)),
        S::Final | S::Closed => None,
    }
}

/// The body with authority over the matter at `at` (docs/rules.md#skip-level): the matter's
/// jurisdiction before a reply, one level higher after it, two after the
/// review decision. A visit may go to it or, by the office's allowance, the
/// levels above it (`derive::highest_allowed_level`).
pub fn allowed_level(matter: &Matter, at: Ts) -> Level {
    let before: Vec<&Event> = matter.events.iter().filter(|e| e.at <= at).collect();
    let replied = before
        .iter()
        .any(|e| matches!(e.action, Step::Reply | Step::ResolveOnSpot));
    let reviewed = before.iter().any(|e| e.action == Step::ReviewDecision);
    let steps = if reviewed { 2 } else { usize::from(replied) };
    let all = Level::ALL;
    let idx = all
        .iter()
        .position(|l| *l == matter.jurisdiction)
        .unwrap_or(0);
    all[(idx + steps).min(all.len() - 1)]
}

#[cfg(test)]
#[path = "workflow_tests.rs"]
mod tests;
