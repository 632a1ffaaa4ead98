//! Drawing the top popup. Whole rows under it are cleared first: a wide
//! character straddling a popup's edge would otherwise leave half a glyph.

use super::act::{ActField, ActionForm};
use super::draw::{block, pad};
use super::model::Model;
use super::popup::Popup;
use super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

const WIDTH: u16 = 64;

/// A box of `height` rows centred in `area`, its rows cleared edge to edge.
fn frame_rows(f: &mut Frame, area: Rect, height: u16) -> Rect {
    let height = height.min(area.height);
    let y = area.y + (area.height - height) / 2;
    f.render_widget(Clear, Rect::new(area.x, y, area.width, height));
    let width = WIDTH.min(area.width);
    Rect::new(area.x + (area.width - width) / 2, y, width, height)
}

pub fn draw(f: &mut Frame, m: &Model, area: Rect, theme: &Theme) {
    let Some(popup) = &m.popup else { return };
    let t = m.lang.text();
    let (title, lines): (&str, Vec<Line>) = match popup {
        Popup::DiscardForm => ("", vec![Line::from(t.confirm_discard)]),
        Popup::CloseReady { count } => (
            t.ready_to_close,
            vec![
                Line::from(format!("{}{count}", t.confirm_close_ready)),
                Line::styled(t.confirm_enter_esc, theme.key()),
            ],
        ),
        Popup::DraftOffer { saved_at } => (
            t.screen_register,
            vec![
                Line::from(format!("{}{saved_at}", t.draft_offer)),
                Line::styled(t.draft_offer_keys, theme.key()),
            ],
        ),
        Popup::ActionMenu { actions, selected } => (
            t.actions_title,
            actions
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let name = format!("{} ({})", m.lang.step(*a), a.code());
                    if i == *selected {
                        Line::from(vec![Span::raw("> "), Span::styled(name, theme.selected())])
                    } else {
                        Line::from(format!("  {name}"))
                    }
                })
                .collect(),
        ),
        Popup::ActionForm(form) => {
            action_form(f, m, form, area, theme);
            return;
        }
        Popup::AuditFilter(form) => {
            super::draw_admin::filter_form(f, m, form, area, theme);
            return;
        }
        Popup::StaffForm(form) => {
            super::draw_admin::staff_form(f, m, form, area, theme);
            return;
        }
    };
    let height = lines.len() as u16 + 4;
    let rect = frame_rows(f, area, height);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block(title, theme)),
        rect,
    );
}

/// One line of a popup form: its label, what it holds, and for the focused
/// text field the caret's display column in the value.
pub(super) struct FormRow<'a> {
    pub label: &'a str,
    pub value: String,
    pub focused: bool,
    pub caret: Option<u16>,
}

/// A form in a box over the screen: a row per field, labels `label_width`
/// columns wide, then below a blank line `last` (the keys, the question
/// before acting, or what went wrong). The real cursor sits at the caret.
pub(super) fn form_box(
    f: &mut Frame,
    area: Rect,
    title: &str,
    (rows, label_width): (&[FormRow], usize),
    last: Line,
    theme: &Theme,
) {
    let height = rows.len() as u16 + 5;
    let rect = frame_rows(f, area, height);
    let outer = block(title, theme);
    let inner = outer.inner(rect);
    f.render_widget(outer, rect);
    for (i, row) in rows.iter().enumerate() {
        let y = inner.y + i as u16;
        let style = if row.focused {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        f.render_widget(
            Line::from(vec![
                Span::styled(pad(row.label, label_width), style),
                Span::raw(" "),
                Span::raw(row.value.as_str()),
            ]),
            Rect::new(inner.x, y, inner.width, 1),
        );
        if let Some(column) = row.caret {
            f.set_cursor_position((inner.x + label_width as u16 + 1 + column, y));
        }
    }
    let y = inner.y + rows.len() as u16 + 1;
    f.render_widget(
        Paragraph::new(last).wrap(Wrap { trim: false }),
        Rect::new(
            inner.x,
            y,
            inner.width,
            inner.height.saturating_sub(y - inner.y),
        ),
    );
}

/// The last line of a form: the question before acting, else what went
/// wrong, else the keys.
pub(super) fn form_last_line<'a>(
    confirming: Option<&'a str>,
    error: Option<&str>,
    keys: &'a str,
    theme: &Theme,
) -> Line<'a> {
    match (confirming, error) {
        (Some(question), _) => Line::styled(question, theme.key()),
        (None, Some(e)) => Line::styled(format!("✗ {e}"), theme.warn()),
        (None, None) => Line::styled(keys, theme.dim()),
    }
}

fn action_form(f: &mut Frame, m: &Model, form: &ActionForm, area: Rect, theme: &Theme) {
    let t = m.lang.text();
    let label = |x: ActField| match x {
        ActField::Unit => t.a_unit,
        ActField::Reason => t.a_reason,
        ActField::To => t.a_to,
        ActField::Days => t.a_days,
        ActField::Satisfaction => t.a_satisfaction,
        ActField::Kind => t.a_kind,
        ActField::Method => t.a_method,
        ActField::Notice => t.a_notice,
        ActField::Note => t.a_note,
    };
    let title = format!(
        "{} {}",
        m.lang.step(form.action),
        m.matter
            .as_ref()
            .map_or(String::new(), |x| x.ledger.to_string())
    );
    let rows: Vec<FormRow> = form
        .fields
        .iter()
        .enumerate()
        .map(|(i, field)| {
            let focused = i == form.focus;
            let value = match field {
                ActField::Unit => format!(
                    "‹ {} ›",
                    form.units
                        .get(form.unit)
                        .map_or(t.none.to_string(), |u| format!("{} {}", u.code, u.name))
                ),
                ActField::Satisfaction => {
                    format!("‹ {} ›", m.lang.satisfaction(form.satisfaction))
                }
                ActField::Kind => format!("‹ {} ›", m.lang.kind(form.kind)),
                ActField::Method => format!("‹ {} ›", m.lang.delivery(form.method)),
                other => form
                    .input(*other)
                    .map(|x| x.text().to_string())
                    .unwrap_or_default(),
            };
            let caret = form
                .input(*field)
                .filter(|_| focused && !form.confirming)
                .map(|x| x.caret_column());
            FormRow {
                label: label(*field),
                value,
                focused,
                caret,
            }
        })
        .collect();
    let last = form_last_line(
        form.confirming.then_some(t.confirm_action),
        form.error.as_deref(),
        t.form_keys,
        theme,
    );
    form_box(f, area, &title, (&rows, 10), last, theme);
}
