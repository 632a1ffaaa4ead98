//! The key-case report and the reception sessions as sheets.

use super::{int, period_text, sheet, text, words, Cell, Sheet};
use crate::domain::period::Period;
use crate::i18n::cases::case_words;
use crate::i18n::Lang;
use crate::service::cases::report::CaseReport;
use crate::service::report::Rate;

fn share(r: Rate) -> Cell {
    if r.den == 0 {
        Cell::Empty
    } else {
        Cell::Share(r.num as f64 / r.den as f64)
    }
}

/// One row per leader and per unit, the resolution rate of each, and the
/// whole office's rate in the notes.
pub fn cases_sheet(report: &CaseReport, period: &Period, lang: Lang) -> Sheet {
    let (w, c) = (words(lang), case_words(lang));
    let header = [
        c.by,
        c.who,
        c.open_now,
        c.opened_in,
        c.resolved_in,
        c.cleared_in,
        c.overdue_now,
        c.resolution,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = report
        .rows
        .iter()
        .map(|r| {
            let by = if r.by == "leader" {
                c.by_leader
            } else {
                c.by_unit
            };
            vec![
                text(by),
                text(&r.who),
                int(r.open),
                int(r.opened),
                int(r.resolved),
                int(r.cleared),
                int(r.overdue),
                share(r.resolution),
            ]
        })
        .collect();
    let title = format!("{} {}", c.report_title, period_text(period, w));
    let mut out = sheet(title, c.report_title, header, rows, w);
    let all = report.resolution;
    out.notes = Some((
        c.notes.to_string(),
        vec![
            format!("{}: {}/{}", c.resolution, all.num, all.den),
            c.resolution_note.to_string(),
        ],
    ));
    out
}

/// Sessions per leader per month: on the rota, and held.
pub fn sessions_sheet(report: &CaseReport, period: &Period, lang: Lang) -> Sheet {
    let (w, c) = (words(lang), case_words(lang));
    let header = [c.leader, c.month, c.planned, c.held]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows = report
        .sessions
        .iter()
        .map(|s| vec![text(&s.leader), text(&s.month), int(s.planned), int(s.held)])
        .collect();
    let title = format!("{} {}", c.sessions_title, period_text(period, w));
    sheet(title, c.sessions_title, header, rows, w)
}
