//! Writing a validated import plan.

use super::resolve::{Plan, RefWrite};
use crate::service::audit::staff_record;
use crate::service::staff::staff_change;
use crate::service::{Desk, Result};
use crate::store::{BulkWrite, WriteSet, T};

/// Writes the plan with the petitioners and matters `bulk` was given as it
/// was made. The caller holds the store's write lock since it made the plan.
pub fn write(desk: &Desk, plan: Plan, files: &[String], mut bulk: BulkWrite) -> Result<()> {
    let store = desk.store();
    let ws = bulk.set();
    // Counters go first so that the numbers this import uses are never handed
    // out again, whatever happens later in the run.
    for (counter, value) in &plan.counters {
        ws.set_counter(*counter, *value);
    }
    let cases = match plan.case_lines {
        0 => String::new(),
        n => format!(", {n} key-case lines"),
    };
    let what = format!(
        "imported {} reference records, {} petitioners, {} matters, {} contacts, {} events{}{cases} from {}",
        plan.reference.len(),
        plan.new_petitioners,
        plan.new_matters,
        plan.new_contacts,
        plan.events,
        match plan.notices.len() {
            0 => String::new(),
            n => format!(", {n} notices"),
        },
        files.join(", ")
    );
    desk.audit(ws, "import".into(), what)?;
    for r in &plan.reference {
        match r {
            RefWrite::Town(t) => ws.put(T::Towns, t.code.as_bytes().to_vec(), t),
            RefWrite::Village(v) => ws.put(T::Villages, v.code.as_bytes().to_vec(), v),
            RefWrite::Unit(u) => ws.put(T::Units, u.code.as_bytes().to_vec(), u),
            RefWrite::Category(c) => ws.put(T::Categories, c.code.as_bytes().to_vec(), c),
            RefWrite::Staff(s) => {
                // Who may do what changes: each login's change is audited.
                let old = store.staff(&s.login)?;
                let what = format!("imported: {}", staff_change(old.as_ref(), s));
                desk.audit(ws, staff_record(&s.login), what)?;
                ws.put(T::Staff, s.login.as_bytes().to_vec(), s);
            }
        }
    }
    for n in &plan.notices {
        ws.notice(n);
    }
    write_cases(ws, &plan);
    Ok(bulk.commit()?)
}

/// Key cases, supervision letters and reception days (an import and a
/// restore write them alike).
pub(crate) fn write_cases(ws: &mut WriteSet, plan: &Plan) {
    for (old, c) in &plan.cases {
        ws.case(old.as_ref(), c);
    }
    for s in &plan.letters {
        ws.supervision(None, s);
    }
    for d in &plan.reception_days {
        ws.reception_day(d);
    }
}
