//! Acting on a matter (docs/rules.md, The matter workflow): the workflow decides what the state allows,
//! the role table what this person may do; each action is one audited,
//! flushed transaction.

use super::queues::Queue;
use super::{Desk, Result, ServiceError};
use crate::domain::permit::may_act;
use crate::domain::text::{clean_line, clean_multiline};
use crate::domain::workflow::{apply, check_new, check_window, notice_of_stage, transition};
use crate::domain::{
    Delivery, DeliveryMethod, Event, LedgerNo, Matter, MatterKind, Opinion, Satisfaction, Step, Ts,
};
use crate::store::WriteSet;
use time::Date;

/// What an action needs, as the action form gathers it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ActionInput {
    pub action: Step,
    pub reason: Option<String>,
    pub note: Option<String>,
    pub unit: Option<String>,
    pub handler: Option<String>,
    pub days: Option<u16>,
    pub satisfaction: Option<Satisfaction>,
    /// Whom a matter is forwarded to, the legal route it is redirected to,
    /// or the new first receiver's login.
    pub to: Option<String>,
    /// The kind an `accept` classifies the matter as; 申诉求决类 when not given.
    pub kind: Option<MatterKind>,
    /// How a notice was delivered (`deliver`).
    #[serde(default)]
    pub method: Option<DeliveryMethod>,
    /// Which notice was delivered: an action's code (`reply`,
    /// `review_decision`…) or free text; by default the notice of the
    /// matter's current stage (its reply, review or re-review decision).
    #[serde(default)]
    pub notice: Option<String>,
    /// A `reply`'s opinion type (支持、解释说明、不予支持).
    #[serde(default)]
    pub opinion: Option<Opinion>,
}

impl ActionInput {
    pub fn new(action: Step) -> ActionInput {
        ActionInput {
            action,
            reason: None,
            note: None,
            unit: None,
            handler: None,
            days: None,
            satisfaction: None,
            to: None,
            kind: None,
            method: None,
            notice: None,
            opinion: None,
        }
    }
}

fn cleaned(s: &Option<String>) -> Option<String> {
    s.as_deref().map(clean_line).filter(|s| !s.is_empty())
}

/// The unit, new first receiver and handler an action names.
struct Named {
    unit: Option<String>,
    to: Option<String>,
    handler: Option<String>,
}

impl Desk {
    /// The actions this person may take on `matter` now: allowed by its state
    /// and by their role. The matter screen offers exactly these.
    pub fn actions_for(&self, matter: &Matter) -> Vec<Step> {
        Step::ALL
            .iter()
            .copied()
            .filter(|a| transition(matter.state, *a).is_some())
            .filter(|a| may_act(self.user(), matter, *a))
            .filter(|a| *a != Step::Evaluate || has_reply(matter))
            .filter(|a| {
                *a != Step::Extend || !matter.events.iter().any(|e| e.action == Step::Extend)
            })
            .filter(|a| {
                !matches!(a, Step::ReviewRequest | Step::RereviewRequest)
                    || matter.kind_or_appeal() == MatterKind::Appeal
            })
            .filter(|a| match a {
                Step::HearingStart => !hearing_open(matter),
                Step::HearingEnd => hearing_open(matter),
                Step::Reply | Step::ReviewDecision => !hearing_open(matter),
                Step::Deliver => has_reply(matter),
                _ => true,
            })
            .collect()
    }

    /// Takes one action on a matter, now, as this person. Refused with a
    /// message naming the state and the action, or the role, or the field.
    pub fn act(&self, ledger: LedgerNo, input: &ActionInput) -> Result<Matter> {
        self.act_on_day(ledger, input, None)
    }

    /// `act`, recorded on `day` (a past local day; its start, or the last
    /// event's time when that is later) instead of now: a delivery the desk
    /// learns of afterwards (a postal receipt) counts from when it happened.
    pub(super) fn act_on_day(
        &self,
        ledger: LedgerNo,
        input: &ActionInput,
        day: Option<Date>,
    ) -> Result<Matter> {
        let store = self.store();
        let guard = store.lock_writes()?;
        let old = self.matter_to_act_on(ledger)?;
        // A delivery naming an issued notice by its number marks it delivered.
        let (input, notice) = self.delivering(ledger, input)?;
        let m = self.acted(ledger, &old, &input, day)?;
        let mut ws = WriteSet::new(store);
        ws.matter(Some(&old), &m);
        let mut what = describe(&m, input.action);
        if let Some(n) = notice {
            what.push_str(&format!(", notice {}", n.doc_no));
            ws.notice(&super::notice::delivered(n, &m));
        }
        self.audit(&mut ws, super::audit::matter_record(ledger), what)?;
        ws.commit()?;
        // Flushed outside the lock: desks saving at once share one flush
        // (sled's log is written in order, so each flush covers all before it).
        drop(guard);
        store.flush()?;
        Ok(m)
    }

    /// Whether `act` would take this action now: the same checks, nothing
    /// written. The desk asks this before it asks to confirm, so a refusal
    /// comes before 确认办理？, not after.
    pub fn check_act(&self, ledger: LedgerNo, input: &ActionInput) -> Result<()> {
        let old = self.matter_to_act_on(ledger)?;
        let (input, _) = self.delivering(ledger, input)?;
        self.acted(ledger, &old, &input, None).map(|_| ())
    }

    fn matter_to_act_on(&self, ledger: LedgerNo) -> Result<Matter> {
        self.store()
            .matter(ledger)?
            .ok_or_else(|| ServiceError::NotFound(format!("matter {ledger}")))
    }

    /// The matter `old` becomes by the action, or why it may not be taken:
    /// the role, the names on file, the request window, what the desk asks
    /// of a new event, and the workflow.
    fn acted(
        &self,
        ledger: LedgerNo,
        old: &Matter,
        input: &ActionInput,
        day: Option<Date>,
    ) -> Result<Matter> {
        let store = self.store();
        if !may_act(self.user(), old, input.action) {
            return Err(ServiceError::Forbidden {
                login: self.user().login.clone(),
                role: self.user().role,
                what: input.action.code(),
            });
        }
        let names = self.named_in(input)?;
        let event = self.event_of(old, input, names, day);
        let refused = |error| ServiceError::Workflow { ledger, error };
        // A request after its window is refused at the desk (docs/rules.md, Late requests).
        check_window(old, &event, &store.calendar(), store.tz()).map_err(refused)?;
        let mut m = old.clone();
        apply(&mut m, event.clone(), &store.calendar().limits).map_err(refused)?;
        // After the workflow, so a state that refuses the step says so first.
        check_new(&event).map_err(refused)?;
        if input.action == Step::Accept {
            m.kind = Some(input.kind.unwrap_or(MatterKind::Appeal));
        }
        // Flags of later contacts depend on the stage (skip-level).
        crate::domain::derive::rederive_flags(&mut m, store.office().skip_level_allowance);
        Ok(m)
    }

    /// The unit, first receiver and handler an action names, cleaned; each
    /// must be on file (a new first receiver, active staff).
    fn named_in(&self, input: &ActionInput) -> Result<Named> {
        let store = self.store();
        let unit = cleaned(&input.unit);
        if let Some(u) = &unit {
            if store.unit(u)?.is_none() {
                return Err(ServiceError::Invalid(format!("unit {u:?} is not on file")));
            }
        }
        let to = cleaned(&input.to);
        if input.action == Step::ReassignFirstReceiver {
            if let Some(login) = &to {
                match store.staff(login)? {
                    Some(s) if !s.disabled => {}
                    _ => {
                        return Err(ServiceError::Invalid(format!(
                            "{login:?} is not active staff"
                        )))
                    }
                }
            }
        }
        let handler = cleaned(&input.handler);
        if let Some(h) = &handler {
            if store.staff(h)?.is_none() {
                return Err(ServiceError::Invalid(format!("handler {h:?} is not staff")));
            }
        }
        Ok(Named { unit, to, handler })
    }

    /// The event an action on `old` records, now, as this person.
    fn event_of(
        &self,
        old: &Matter,
        input: &ActionInput,
        names: Named,
        day: Option<Date>,
    ) -> Event {
        // Two desks acting within the same second still keep time order.
        let last = old.events.last().map_or(old.registered_at, |e| e.at);
        let tz = self.store().tz();
        let when = match day {
            Some(d) if d < self.now().local_date(tz) => {
                Ts::from_datetime(d.midnight().assume_offset(tz))
            }
            _ => self.now(),
        };
        let at = when.max(last);
        let delivery = match (input.action, input.method) {
            (Step::Deliver, Some(method)) => {
                let notice = cleaned(&input.notice)
                    .or_else(|| notice_of_stage(old.state).map(|a| a.code().to_string()))
                    .unwrap_or_else(|| Step::Reply.code().to_string());
                Some(Delivery { method, notice })
            }
            _ => None,
        };
        Event {
            reason: cleaned(&input.reason),
            note: input
                .note
                .as_deref()
                .map(clean_multiline)
                .filter(|s| !s.is_empty()),
            unit: names.unit,
            handler: names.handler,
            days: input.days,
            satisfaction: input.satisfaction,
            to: names.to,
            delivery,
            opinion: input.opinion.filter(|_| input.action == Step::Reply),
            ..Event::new(at, input.action, &self.user().login)
        }
    }

    /// Closes every matter that is ready to close on `today` and that this
    /// person may close; returns the ledger numbers closed.
    pub fn close_ready(&self, today: Date) -> Result<Vec<LedgerNo>> {
        let mut closed = Vec::new();
        for ledger in self.queue_ledgers(Queue::ReadyToClose, today)? {
            let Some(m) = self.store().matter(ledger)? else {
                continue;
            };
            if may_act(self.user(), &m, Step::Close) {
                self.act(ledger, &ActionInput::new(Step::Close))?;
                closed.push(ledger);
            }
        }
        Ok(closed)
    }
}

fn hearing_open(m: &Matter) -> bool {
    m.events
        .iter()
        .rev()
        .find(|e| matches!(e.action, Step::HearingStart | Step::HearingEnd))
        .is_some_and(|e| e.action == Step::HearingStart)
}

fn has_reply(m: &Matter) -> bool {
    m.events
        .iter()
        .any(|e| matches!(e.action, Step::Reply | Step::ResolveOnSpot))
}

/// The audit line of an action: what it was and what it carried.
fn describe(m: &Matter, action: Step) -> String {
    let e = m.events.last().expect("the action was recorded");
    let mut s = format!("{} → {}", action.code(), m.state.code());
    if action == Step::Accept {
        if let Some(kind) = m.kind {
            s.push_str(&format!(", kind {}", kind.code()));
        }
    }
    for (k, v) in [
        ("unit", &e.unit),
        ("handler", &e.handler),
        ("to", &e.to),
        ("reason", &e.reason),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(", {k} {v}"));
        }
    }
    if let Some(d) = e.days {
        s.push_str(&format!(", {d} days"));
    }
    if let Some(sat) = e.satisfaction {
        s.push_str(&format!(", {}", sat.code()));
    }
    if let Some(d) = &e.delivery {
        s.push_str(&format!(", {} by {}", d.notice, d.method.code()));
    }
    if let Some(o) = e.opinion {
        s.push_str(&format!(", {}", o.code()));
    }
    s
}
