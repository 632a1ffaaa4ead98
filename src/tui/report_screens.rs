//! What the report screens share: opening with the role's permission
//! checked, and exporting the sheet on screen.

use super::action::Action;
use super::ctx::Ctx;
use super::effect::Effect;
use super::report::{Export, ReportState};
use crate::domain::permit::{may, Duty};
use crate::service::deed;

/// Opens a report screen, asking for its report, for those whose role may
/// see reports.
pub fn open_report<S>(m: &mut Ctx, ask: fn(&mut ReportState)) -> Effect<S> {
    if !may(m.role, Duty::Reports) {
        m.refuse(deed::VIEW_REPORTS);
        return Effect::None;
    }
    Effect::call(move |desk, _, m| {
        m.report.load_names(&m.towns, desk)?;
        ask(&mut m.report);
        Ok(Effect::Show)
    })
}

/// Exports the screen's report where the desk started, saying where.
pub fn export<S>(m: &Ctx, which: Export) -> Effect<S> {
    let lang = m.lang;
    Effect::call(move |_, _, m| {
        if let Some(said) = m.report.export(which, lang) {
            m.status = Some(said);
        }
        Ok(Effect::None)
    })
}

/// What every report screen offers: the shell's keys, the period keys and
/// export, and the screen's own `extra` keys.
pub fn offers_report(a: Action, extra: &[Action]) -> bool {
    use Action as A;
    super::screen::shell(a)
        || extra.contains(&a)
        || matches!(
            a,
            A::PrevPeriod
                | A::NextPeriod
                | A::PeriodMonth
                | A::PeriodQuarter
                | A::PeriodYear
                | A::Export
        )
}

/// Keys on the list behind a report's number, while it is open: Enter opens
/// the selected row's matter, Esc closes the list, the cursor keys move.
/// `None` when no list is open.
pub fn drill_keys<S, T>(
    list: &mut Option<Vec<T>>,
    selected: &mut usize,
    a: Action,
    ledger: impl Fn(&T) -> crate::domain::LedgerNo,
) -> Option<Effect<S>> {
    let rows = list.as_ref()?;
    Some(match a {
        Action::Back => {
            *list = None;
            Effect::None
        }
        Action::Open => rows.get(*selected).map_or(Effect::None, |r| {
            Effect::Go(super::effect::Go::Matter(ledger(r)))
        }),
        _ if super::widgets::table::move_cursor(selected, rows.len(), a) => Effect::None,
        _ => Effect::Pass,
    })
}
