//! Drawing the registration form: one row per field — label, value, and the
//! field's error or hint beside it — then the candidates being picked or the
//! warnings of what would be saved.

use super::form::{Field, RegisterForm, CANDIDATES};
use super::state::State;
use crate::tui::ctx::{Ctx as Model, View};
use crate::tui::theme::Theme;
use crate::tui::widgets::input::TextInput;
use crate::tui::widgets::popup::message_box;
use crate::tui::widgets::{block, fit_text, pad};
use crate::i18n::{register_words, Lang};
use crate::service::register::{Stage, Warning};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

const LABEL: usize = 14;
const VALUE: u16 = 34;

fn label(lang: Lang, f: Field) -> &'static str {
    let (t, w) = (lang.text(), register_words(lang));
    match f {
        Field::Phone2 => w.f_phone2,
        Field::Address => w.f_address,
        Field::Correct => w.f_correct,
        Field::MatterTown => w.f_matter_town,
        Field::Channel => t.f_channel,
        Field::At => t.f_at,
        Field::Level => t.f_level,
        Field::Headcount => t.f_headcount,
        Field::Person => t.f_person,
        Field::IdNumber => t.f_id_number,
        Field::Phone => t.f_phone,
        Field::Town => t.f_town,
        Field::Village => t.f_village,
        Field::Matter => t.f_matter,
        Field::Category => t.f_category,
        Field::Jurisdiction => t.f_jurisdiction,
        Field::Summary => t.f_summary,
        Field::LetterNo => t.f_letter_no,
        Field::Representatives => t.f_representatives,
        Field::Abnormal => t.f_abnormal,
    }
}

/// The end of `input` that fits `width` columns, and the caret's column in it.
fn visible(input: &TextInput, width: usize) -> (String, u16) {
    let text = input.text();
    let mut start = 0;
    let caret = input.caret_column() as usize;
    let mut skipped = 0;
    for (i, c) in text.char_indices() {
        if caret - skipped < width {
            start = i;
            break;
        }
        skipped += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        start = i + c.len_utf8();
    }
    (text[start..].to_string(), (caret - skipped) as u16)
}

/// The value of a choice field as shown.
fn choice(m: &Model, f: &RegisterForm, field: Field) -> String {
    let t = m.lang.text();
    match field {
        Field::Channel => m.lang.channel(f.channel).into(),
        Field::Level => m.lang.level(f.level).into(),
        Field::Jurisdiction => m.lang.level(f.jurisdiction).into(),
        Field::Town => f
            .town
            .and_then(|i| f.towns.get(i))
            .map_or(t.none.into(), |x| x.name.clone()),
        Field::MatterTown => f
            .matter_town
            .and_then(|i| f.towns.get(i))
            .map_or(register_words(m.lang).same_as_person.into(), |x| x.name.clone()),
        Field::Correct => if f.correct { t.yes } else { t.no }.into(),
        Field::Village => f
            .town_villages()
            .into_iter()
            .find(|v| Some(&v.code) == f.village.as_ref())
            .map_or(t.none.into(), |v| v.name.clone()),
        Field::Category => f
            .categories
            .get(f.category)
            .map_or(t.none.into(), |c| c.name.clone()),
        Field::Matter => match f.matter.and_then(|i| f.repeats.get(i)) {
            // An ended matter says so: a return to it gets no new clock.
            // The summary stands beside the field (`hint`), whole.
            Some(x) if !x.state.is_open() => format!(
                "{}{} [{}]",
                t.repeat_of,
                x.ledger,
                m.lang.state(x.state),
            ),
            Some(x) => format!("{}{}", t.repeat_of, x.ledger),
            None => t.new_matter.into(),
        },
        Field::Abnormal => if f.abnormal { t.yes } else { t.no }.into(),
        _ => String::new(),
    }
}

/// A hint beside a field with no error.
fn hint(m: &Model, f: &RegisterForm, field: Field, room: usize) -> String {
    let t = m.lang.text();
    match field {
        Field::Person => match &f.chosen {
            Some(p) => {
                let id = p.id_number.as_deref().unwrap_or("");
                let town = p.town.as_deref().map_or("", |c| m.town_name(c));
                let whole = format!("{} {id} {town}", t.on_file);
                // The number and town matter more than the word "on file".
                if whole.width() <= room {
                    whole
                } else {
                    format!("{id} {town}")
                }
            }
            None if !f.person.text().is_empty() && f.candidates.is_empty() => t.new_person.into(),
            None => String::new(),
        },
        // A person on file's numbers are masked: an empty slot keeps its own.
        Field::Phone | Field::Phone2 if f.chosen.is_some() => {
            let slot = usize::from(field == Field::Phone2);
            match f.on_file.as_ref().and_then(|d| d.phones.get(slot)) {
                Some(n) => format!("{} {n}", register_words(m.lang).keeps),
                None => String::new(),
            }
        }
        Field::Matter => f
            .matter
            .and_then(|i| f.repeats.get(i))
            .map_or(String::new(), |x| x.summary.clone()),
        Field::Representatives if !f.marked.is_empty() => register_words(m.lang)
            .picked
            .replace("{n}", &f.marked.len().to_string()),
        _ => String::new(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, s: &State, v: &View) {
    draw_form(frame, area, s, v);
    if s.confirm_discard {
        let t = v.ctx.lang.text();
        message_box(frame, area, "", vec![Line::from(t.confirm_discard)], v.theme);
    }
}

fn draw_form(frame: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(f) = &s.form else { return };
    let outer = block(t.screen_register, theme);
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let fields = f.fields();
    let lines = if f.picking() {
        candidate_lines(m, f, theme)
    } else {
        warning_lines(m, f, theme)
    };
    // The fields take what the lines below leave, at least half; when they
    // do not all fit, those around the focus are shown.
    let below_wanted = (lines.len() as u16).min(inner.height);
    let height = (fields.len() as u16)
        .min(inner.height.saturating_sub(below_wanted).max(inner.height / 2));
    let at = fields.iter().position(|x| *x == f.focus).unwrap_or(0);
    let first = (at + 1).saturating_sub(usize::from(height));
    let [rows, below] =
        Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(inner);
    for (i, field) in fields.iter().enumerate().skip(first).take(usize::from(height)) {
        let row = Rect::new(rows.x, rows.y + (i - first) as u16, rows.width, 1);
        field_row(frame, row, (f, *field), s, v);
    }
    // Fields out of view are said to be there, at the edge of those shown.
    let (up, down) = if theme.ascii { ("^", "v") } else { ("↑", "↓") };
    let right = rows.x + rows.width.saturating_sub(1);
    if first > 0 {
        frame.render_widget(Span::styled(up, theme.key()), Rect::new(right, rows.y, 1, 1));
    }
    if first + usize::from(height) < fields.len() && height > 0 {
        let last = rows.y + height - 1;
        frame.render_widget(Span::styled(down, theme.key()), Rect::new(right, last, 1, 1));
    }
    frame.render_widget(Paragraph::new(lines), below);
}

fn candidate_lines<'a>(m: &'a Model, f: &'a RegisterForm, theme: &Theme) -> Vec<Line<'a>> {
    let t = m.lang.text();
    let reps = f.focus == Field::Representatives;
    let (title, list, cursor) = if reps {
        let title = register_words(m.lang).representatives_title;
        (title, f.rep_list(), f.rep_candidate)
    } else {
        let list = f.candidates.iter().take(CANDIDATES).collect();
        (t.candidates, list, f.candidate)
    };
    let mut lines = vec![Line::styled(title, theme.title())];
    for (i, c) in list.into_iter().enumerate() {
        let pointer = if i == cursor { ">" } else { " " };
        let mark = match (reps, f.marked.iter().any(|x| x.id == c.id)) {
            (false, _) => " ",
            (true, true) => " [x] ",
            (true, false) => " [ ] ",
        };
        let marker = format!("{pointer}{mark}");
        let text = format!(
            "{} {} {} {}",
            pad(&c.name, 8),
            pad(c.id_number.as_deref().unwrap_or(""), 18),
            pad(c.phones.first().map_or("", String::as_str), 11),
            c.town.as_deref().map_or("", |x| m.town_name(x))
        );
        let style = if i == cursor {
            theme.selected()
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(vec![
            Span::raw(marker),
            Span::styled(text, style),
        ]));
    }
    lines
}

fn warning_lines<'a>(m: &'a Model, f: &'a RegisterForm, theme: &Theme) -> Vec<Line<'a>> {
    let t = m.lang.text();
    if f.preview.warnings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::styled(t.warnings, theme.title())];
    for w in &f.preview.warnings {
        lines.push(Line::styled(
            format!("! {}", warning(m.lang, w)),
            theme.warn(),
        ));
    }
    lines
}

/// One warning as a sentence staff read while registering.
pub fn warning(lang: Lang, w: &Warning) -> String {
    let t = lang.text();
    match w {
        Warning::LongStanding { contacts, years } => t
            .w_long_standing
            .replace("{contacts}", &contacts.to_string())
            .replace("{years}", &years.to_string()),
        Warning::KeyPerson { reason } => t.w_key_person.replace("{reason}", reason),
        Warning::SkipLevel {
            level,
            allowed,
            stage,
        } => t
            .w_skip_level
            .replace(
                "{stage}",
                match stage {
                    Stage::BeforeReply => t.stage_before,
                    Stage::AfterReply => t.stage_after_reply,
                    Stage::AfterReview => t.stage_after_review,
                },
            )
            .replace("{allowed}", lang.level(*allowed))
            .replace("{level}", lang.level(*level)),
        Warning::CollectiveWithoutRepresentatives { headcount } => {
            t.w_collective.replace("{n}", &headcount.to_string())
        }
        Warning::PossibleDuplicate { ledger, summary } => t
            .w_duplicate
            .replace("{ledger}", &ledger.to_string())
            .replace("{summary}", summary),
        Warning::OddPhone(p) => t.w_phone.replace("{phone}", p),
        Warning::FinalMatter { ledger } => t.w_final.replace("{ledger}", &ledger.to_string()),
    }
}

/// One field's row: its label, its value (the caret in a text field, ‹ › round
/// a choice), and its problem or hint.
fn field_row(
    frame: &mut Frame,
    row: Rect,
    (f, field): (&RegisterForm, Field),
    s: &State,
    view: &View,
) {
    let (m, theme) = (view.ctx, view.theme);
    let focused = field == f.focus;
    let [l, v, msg] = Layout::horizontal([
        Constraint::Length(LABEL as u16),
        Constraint::Length(VALUE),
        Constraint::Min(1),
    ])
    .areas(row);
    let label_style = if focused {
        theme.selected()
    } else {
        ratatui::style::Style::new()
    };
    frame.render_widget(
        Span::styled(pad(label(m.lang, field), LABEL - 1), label_style),
        l,
    );
    match f.input(field) {
        Some(input) => {
            let width = usize::from(VALUE) - 1;
            let (text, caret) = visible(input, width);
            frame.render_widget(Span::raw(text), v);
            if focused && !s.confirm_discard {
                // The real cursor at the caret, so an IME follows it.
                frame.set_cursor_position((v.x + caret, v.y));
            }
        }
        None => {
            let room = usize::from(VALUE) - 5;
            let text = format!("‹ {} ›", fit_text(&choice(m, f, field), room));
            let style = if focused {
                theme.key()
            } else {
                ratatui::style::Style::new()
            };
            frame.render_widget(Span::styled(text, style), v);
        }
    }
    let errors = f.errors_of(field);
    if let Some(e) = errors.first() {
        frame.render_widget(
            Span::styled(format!("✗ {}", m.lang.field_error(e)), theme.warn()),
            msg,
        );
    } else {
        let room = usize::from(msg.width);
        let hint = fit_text(&hint(m, f, field, room), room);
        frame.render_widget(Span::styled(hint, theme.dim()), msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn a_long_input_shows_its_end_with_the_caret_inside() {
        let input = TextInput::with(&"信访".repeat(20));
        let (text, caret) = visible(&input, 10);
        assert!(text.width() <= 10 && text.ends_with('访'), "{text}");
        assert!(caret <= 10);
        let short = TextInput::with("张三");
        assert_eq!(visible(&short, 10), ("张三".to_string(), 4));
    }
}
