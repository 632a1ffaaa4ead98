//! The matter workflow of SPEC §3: which action is allowed in which state, what
//! each action needs, and the due dates that follow.

use super::model::{Action, Event, Level, Matter, MatterKind, MatterState, Ts};
use std::collections::BTreeSet;
use std::fmt;
use time::{Date, Duration, UtcOffset};

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

/// Non-working days; a deadline that falls on one moves to the next working day.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Holidays(pub BTreeSet<Date>);

impl Holidays {
    pub fn next_working_day(&self, mut d: Date) -> Date {
        while self.0.contains(&d) {
            d = d.next_day().unwrap_or(d);
            if d == Date::MAX {
                break;
            }
        }
        d
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
        action: Action,
    },
    /// The action needs a field that was not given.
    Missing {
        action: Action,
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
        }
    }
}

impl std::error::Error for WorkflowError {}

/// The state an action leads to from `state`, or `None` if it is not allowed.
/// Actions that leave the state unchanged return the same state.
pub fn transition(state: MatterState, action: Action) -> Option<MatterState> {
    use Action as A;
    use MatterState as S;
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
        (s, A::Evaluate) => Some(s),
        (s, A::ReassignFirstReceiver) if s.is_open() => Some(s),
        _ => None,
    }
}

/// The actions a matter in `state` may take (for menus and help).
pub fn allowed_actions(state: MatterState) -> Vec<Action> {
    Action::ALL
        .iter()
        .copied()
        .filter(|a| transition(state, *a).is_some())
        .collect()
}

fn has_reply(events: &[Event]) -> bool {
    events
        .iter()
        .any(|e| matches!(e.action, Action::Reply | Action::ResolveOnSpot))
}

/// Checks `event` against the matter and, if it is allowed, records it.
/// On error the matter is unchanged.
pub fn apply(matter: &mut Matter, event: Event, limits: &Limits) -> Result<(), WorkflowError> {
    let last = matter.events.last().map_or(matter.registered_at, |e| e.at);
    if event.at < last {
        return Err(WorkflowError::OutOfOrder);
    }
    let action = event.action;
    let next = transition(matter.state, action).ok_or(WorkflowError::NotAllowed {
        state: matter.state,
        action,
    })?;
    let need = |present: bool, field: &'static str| {
        if present {
            Ok(())
        } else {
            Err(WorkflowError::Missing { action, field })
        }
    };
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    match action {
        Action::Accept | Action::Assign => need(filled(&event.unit), "unit")?,
        Action::Transfer => {
            need(filled(&event.unit), "unit")?;
            need(filled(&event.reason), "reason")?;
        }
        Action::Reject => need(filled(&event.reason), "reason")?,
        Action::Forward | Action::Redirect => need(filled(&event.to), "to")?,
        Action::ReviewRequest | Action::RereviewRequest
            if matter.kind_or_appeal() != MatterKind::Appeal =>
        {
            return Err(WorkflowError::NoReviewForKind {
                kind: matter.kind_or_appeal(),
            })
        }
        Action::Extend => {
            need(filled(&event.reason), "reason")?;
            let days = event.days.ok_or(WorkflowError::Missing {
                action,
                field: "days",
            })?;
            if days == 0 || days > limits.extend_max_days {
                return Err(WorkflowError::ExtendTooLong {
                    days,
                    max: limits.extend_max_days,
                });
            }
            if matter.events.iter().any(|e| e.action == Action::Extend) {
                return Err(WorkflowError::AlreadyExtended);
            }
        }
        Action::Evaluate => {
            need(event.satisfaction.is_some(), "satisfaction")?;
            if !has_reply(&matter.events) {
                return Err(WorkflowError::NoReplyYet);
            }
        }
        Action::ReassignFirstReceiver => {
            need(filled(&event.reason), "reason")?;
            need(filled(&event.to), "to")?;
        }
        _ => {}
    }
    if matches!(action, Action::Accept | Action::Assign | Action::Transfer) {
        matter.unit = event.unit.clone();
    }
    if event.handler.is_some() {
        matter.handler = event.handler.clone();
    }
    if action == Action::ReassignFirstReceiver {
        matter.first_receiver = event.to.clone().unwrap_or_default();
    }
    matter.state = next;
    matter.events.push(event);
    Ok(())
}

fn last_event(events: &[Event], pred: impl Fn(Action) -> bool) -> Option<&Event> {
    events.iter().rev().find(|e| pred(e.action))
}

fn plus_days(at: Ts, days: i64, tz: UtcOffset, cal: &Calendar) -> Date {
    let d = at.local_date(tz);
    cal.holidays
        .next_working_day(d.checked_add(Duration::days(days)).unwrap_or(d))
}

/// The date by which the matter's current step is due (SPEC §3); for replied and
/// review-decided matters, the date from which it is ready to close. `None` once
/// the matter has ended.
pub fn due_date(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Option<Date> {
    use MatterState as S;
    let l = &cal.limits;
    let from = |pred: fn(Action) -> bool, days: i64| {
        last_event(&matter.events, pred).map(|e| plus_days(e.at, days, tz, cal))
    };
    match matter.state {
        S::Registered => Some(plus_days(matter.registered_at, l.accept_days, tz, cal)),
        S::InProgress => {
            let extension: i64 = matter
                .events
                .iter()
                .filter(|e| e.action == Action::Extend)
                .map(|e| i64::from(e.days.unwrap_or(0)))
                .sum();
            from(|a| a == Action::Accept, l.handle_days + extension)
        }
        S::Replied => from(
            |a| matches!(a, Action::Reply | Action::ResolveOnSpot),
            l.review_request_days,
        ),
        S::UnderReview => from(|a| a == Action::ReviewRequest, l.review_decide_days),
        S::ReviewDecided => from(|a| a == Action::ReviewDecision, l.rereview_request_days),
        S::UnderRereview => from(|a| a == Action::RereviewRequest, l.rereview_decide_days),
        S::Final | S::Closed => None,
    }
}

/// Whether the first reply (or on-the-spot resolution) came on time (SPEC §5):
/// `None` while there is no reply.
pub fn replied_on_time(matter: &Matter, cal: &Calendar, tz: UtcOffset) -> Option<bool> {
    super::rates::FirstReply::of(matter, tz).map(|f| f.on_time(cal))
}

/// The level a visit may reach at `at` without being skip-level (SPEC §4): the
/// matter's jurisdiction before a reply, one higher after it, two higher after the
/// review decision.
pub fn allowed_level(matter: &Matter, at: Ts) -> Level {
    let before: Vec<&Event> = matter.events.iter().filter(|e| e.at <= at).collect();
    let replied = before
        .iter()
        .any(|e| matches!(e.action, Action::Reply | Action::ResolveOnSpot));
    let reviewed = before.iter().any(|e| e.action == Action::ReviewDecision);
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
