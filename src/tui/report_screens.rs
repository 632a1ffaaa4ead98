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
