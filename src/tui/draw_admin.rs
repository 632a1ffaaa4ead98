//! Drawing the audit trail (F7) and its filter form.

use super::audit::{FilterField, FilterForm};
use super::draw::selectable;
use super::draw_popup::{form_box, form_last_line, FormRow};
use super::model::Model;
use super::theme::Theme;
use crate::i18n::admin_words;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::Frame;

/// The filter in force, then the entries newest first.
pub fn audit(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let s = &m.audit;
    let [head, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    let flt = &s.filter;
    let mut parts = Vec::new();
    if let Some(l) = &flt.login {
        parts.push(format!("{} {l}", t.login));
    }
    if let Some(p) = &flt.petitioner {
        parts.push(format!("{} {p}", w.f_petitioner));
    }
    if let Some(d) = flt.from {
        parts.push(format!("{} {d}", w.f_from));
    }
    if let Some(d) = flt.to {
        parts.push(format!("{} {d}", w.f_to));
    }
    let shown = if parts.is_empty() {
        w.no_filter.to_string()
    } else {
        parts.join("  ")
    };
    f.render_widget(
        Line::from(vec![
            Span::styled(format!("{}{}", t.filter, t.colon), theme.dim()),
            Span::raw(shown),
        ]),
        head,
    );
    let title = if s.total > s.entries.len() {
        let newest = w
            .newest_of
            .replace("{shown}", &s.entries.len().to_string())
            .replace("{total}", &s.total.to_string());
        format!("{} ({newest})", w.screen_audit)
    } else {
        format!("{} ({})", w.screen_audit, s.total)
    };
    let rows: Vec<Vec<String>> = s
        .entries
        .iter()
        .map(|e| {
            vec![
                super::form::show_time(e.at, s.tz),
                e.by.clone(),
                e.record.clone(),
                e.what.clone(),
            ]
        })
        .collect();
    let columns = [
        (t.time, Constraint::Length(16)),
        (t.by, Constraint::Length(10)),
        (t.record, Constraint::Length(18)),
        (t.what, Constraint::Min(10)),
    ];
    selectable(f, rows, &columns, &title, (s.selected, table), theme);
}

pub fn filter_form(f: &mut Frame, m: &Model, form: &FilterForm, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let w = admin_words(m.lang);
    let rows: Vec<FormRow> = FilterForm::FIELDS
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let input = form.input(*field);
            let focused = i == form.focus;
            FormRow {
                label: match field {
                    FilterField::Login => t.login,
                    FilterField::Petitioner => w.f_petitioner,
                    FilterField::From => w.f_from,
                    FilterField::To => w.f_to,
                },
                value: input.text().to_string(),
                focused,
                caret: focused.then(|| input.caret_column()),
            }
        })
        .collect();
    let last = form_last_line(None, form.error.as_deref(), w.filter_keys, theme);
    form_box(f, area, w.filter_title, (&rows, 14), last, theme);
}
