//! Event lines: each step of a matter's history, checked against the
//! workflow as it is imported.

use super::*;
use crate::service::import::spill::Lines;
use crate::service::import::staging::Staging;

/// The events, each staged in its matter's part.
pub(in crate::service::import) fn event_lines(
    cx: &mut Ctx,
    lines: Lines<'_>,
    staging: &mut Staging,
    new_matters: &[NewMatter],
) -> Result<EventLines> {
    let mut out = EventLines::default();
    for (pos, line) in lines {
        let Line::Event(l) = line else { unreachable!() };
        if let Some((matter, e)) = event_line(cx, pos, l, &mut out)? {
            note_if_there(cx, new_matters, matter, pos);
            let part = staging.part(matter);
            staging
                .events
                .push(part, &(pos, matter, e))
                .map_err(|e| cx.staging_err(e))?;
            out.ok += 1;
        }
    }
    Ok(out)
}

/// One event line as an event of its matter, or to `out.failed` when it
/// has a problem (every one reported) but names a known matter.
fn event_line(
    cx: &mut Ctx,
    pos: Pos,
    l: EventLine,
    out: &mut EventLines,
) -> Result<Option<(MatterRef, Event)>> {
    let matter = cx.matter_ref(pos, &l.matter)?;
    let at = cx.time(pos, "at", &l.at);
    let action = cx.parse_enum(pos, "action", &l.action, Step::from_code, Step::codes);
    let by = cx.staff_login(pos, "by", &l.by);
    let mut ok = true;
    if let Some(u) = &l.unit {
        ok &= cx.known(pos, "unit", "unit", u, |c| &c.units);
    }
    if let Some(h) = &l.handler {
        ok &= cx.staff_login(pos, "handler", h).is_some();
    }
    let (details_ok, details) = event_details(cx, pos, &l, action);
    let (Some(matter), Some(at), Some(action), Some(by), Some(details), true) =
        (matter, at, action, by, details, ok && details_ok)
    else {
        if let Some(m) = matter {
            out.failed.push((m, pos, at));
        }
        return Ok(None);
    };
    let e = Event {
        at,
        action,
        by,
        reason: details.reason,
        note: details.note,
        unit: l.unit,
        handler: l.handler,
        days: l.days,
        satisfaction: details.satisfaction,
        to: details.to,
        delivery: details.method.map(|method| Delivery {
            method,
            notice: details.notice.unwrap_or_default(),
        }),
        opinion: details.opinion,
    };
    Ok(Some((matter, e)))
}

/// The fields of an event line that only some actions have.
struct EventDetails {
    satisfaction: Option<Satisfaction>,
    reason: Option<String>,
    note: Option<String>,
    to: Option<String>,
    method: Option<DeliveryMethod>,
    notice: Option<String>,
    opinion: Option<Opinion>,
}

/// `None` when one of them is not valid; false when the login a first
/// receiver is reassigned to is not staff. Each problem is reported.
fn event_details(
    cx: &mut Ctx,
    pos: Pos,
    l: &EventLine,
    action: Option<Step>,
) -> (bool, Option<EventDetails>) {
    let satisfaction = match &l.satisfaction {
        None => Some(None),
        Some(s) => cx
            .parse_enum(
                pos,
                "satisfaction",
                s,
                Satisfaction::from_code,
                Satisfaction::codes,
            )
            .map(Some),
    };
    let reason = cx.opt_text(pos, "reason", &l.reason, MAX_TEXT_CHARS);
    let note = cx.opt_text(pos, "note", &l.note, MAX_TEXT_CHARS);
    let to = cx.opt_text(pos, "to", &l.to, MAX_NAME_CHARS);
    let method = match &l.method {
        None => Some(None),
        Some(s) => cx
            .parse_enum(
                pos,
                "method",
                s,
                DeliveryMethod::from_code,
                DeliveryMethod::codes,
            )
            .map(Some),
    };
    let notice = cx.opt_text(pos, "notice", &l.notice, MAX_NAME_CHARS);
    let opinion = match &l.opinion {
        None => Some(None),
        Some(_) if action.is_some_and(|a| a != Step::Reply) => {
            cx.err(pos, "opinion", "only a reply has an opinion type");
            None
        }
        Some(s) => cx
            .parse_enum(pos, "opinion", s, Opinion::from_code, Opinion::codes)
            .map(Some),
    };
    let mut ok = true;
    if let (Some(Step::ReassignFirstReceiver), Some(Some(login))) = (action, &to) {
        ok &= cx.staff_login(pos, "to", login).is_some();
    }
    let details = match (satisfaction, reason, note, to, method, notice, opinion) {
        (
            Some(satisfaction),
            Some(reason),
            Some(note),
            Some(to),
            Some(method),
            Some(notice),
            Some(opinion),
        ) => Some(EventDetails {
            satisfaction,
            reason,
            note,
            to,
            method,
            notice,
            opinion,
        }),
        _ => None,
    };
    (ok, details)
}
