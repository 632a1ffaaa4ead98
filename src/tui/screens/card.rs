//! A petitioner's card: who they are, their matters and every contact.
//! Each view of it is audited by the service; whole numbers are shown on
//! request (audited too) and forgotten when the card is left.

use crate::domain::PetitionerId;
use crate::service::views::{Card, Revealed};
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg, Returning};
use crate::tui::screen::{browse, no_key, unchanged, Def};
use crate::tui::widgets::block;
use crate::tui::widgets::records::{contact_marks, date, matter_table};
use crate::tui::widgets::table::move_cursor;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

#[derive(Default)]
pub struct State {
    pub card: Option<Card>,
    pub selected: usize,
    /// The person's numbers in full, shown until the card is left and kept
    /// nowhere else.
    pub revealed: Option<(PetitionerId, Revealed)>,
}

pub const DEF: Def<State> = Def {
    section: "card",
    hints: &[
        Action::Help,
        Action::Open,
        Action::Reveal,
        Action::Back,
        Action::Quit,
    ],
    title: |_, m| m.lang.text().screen_card.into(),
    takes_text: |_| false,
    opened_by: no_key,
    open,
    update,
    // Not read again on another desk's change: each read is an audited view.
    refresh: unchanged,
    hidden: |s| s.revealed = None,
    draw,
    offers: |s, m, a| browse(s, m, a) || a == Action::Reveal,
};

fn open(_: &mut State, _: &mut Ctx, go: Go) -> Effect<State> {
    let Go::Card(id) = go else {
        return Effect::None;
    };
    Effect::call(move |desk, s: &mut State, _| {
        s.card = desk.petitioner_card(id)?;
        s.selected = 0;
        Ok(Effect::Show)
    })
}

fn update(s: &mut State, _: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let Some(card) = &s.card else {
        return Effect::Pass;
    };
    match a {
        Action::Open => match card.matters.get(s.selected) {
            Some((m, _)) => Effect::Go(Go::Matter(m.ledger)),
            None => Effect::None,
        },
        Action::Register => Effect::Go(Go::RegisterFor(Returning::Person(card.petitioner.id))),
        Action::Reveal => {
            let id = card.petitioner.id;
            // The service refuses roles that may not, and audits the look.
            Effect::call(move |desk, s: &mut State, m| {
                match desk.reveal(id) {
                    Ok(r) => s.revealed = Some((id, r)),
                    Err(e) => m.say_error(&e),
                }
                Ok(Effect::None)
            })
        }
        _ if move_cursor(&mut s.selected, card.matters.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

fn draw(f: &mut Frame, area: Rect, s: &State, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let Some(c) = &s.card else { return };
    let [who, matters, contacts] = Layout::vertical([
        Constraint::Length(5),
        Constraint::Percentage(45),
        Constraint::Min(3),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(person_lines(c, s, v)).block(block(t.screen_card, theme)),
        who,
    );
    matter_table(f, m, &c.matters, t.matters, s.selected, matters, theme);
    draw_timeline(f, contacts, c, v);
}

/// Who the person is: name, numbers (masked, or whole when revealed),
/// phones, town and marks.
fn person_lines<'a>(c: &'a Card, s: &State, v: &View) -> Vec<Line<'a>> {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let p = &c.petitioner;
    let mut marks = Vec::new();
    if c.long_standing {
        marks.push(Span::styled(format!(" {} ", t.long_standing), theme.warn()));
    }
    if let Some(reason) = &p.key_person {
        marks.push(Span::styled(
            format!(" {}{}{reason} ", t.key_person, t.colon),
            theme.warn(),
        ));
    }
    // Masked numbers, or the whole ones this person asked to see.
    let revealed = s.revealed.as_ref().filter(|(id, _)| *id == p.id);
    let numbers = match revealed {
        Some((_, r)) => {
            let w = crate::i18n::admin_words(m.lang);
            marks.push(Span::styled(format!(" {} ", w.revealed), theme.warn()));
            let mut id = r.id_number.clone().unwrap_or_else(|| "—".into());
            if let Some(doc) = &r.other_doc {
                id.push_str(&format!("  {}{}{doc}", w.other_doc, t.colon));
            }
            (id, r.phones.join(", "))
        }
        None => (
            p.id_number
                .as_deref()
                .or(p.other_doc.as_deref())
                .unwrap_or("—")
                .to_string(),
            p.phones.join(", "),
        ),
    };
    vec![
        Line::from(vec![
            Span::styled(p.name.as_str(), theme.title()),
            Span::raw(format!("  {}{}{}", t.id_number, t.colon, numbers.0)),
        ]),
        Line::from(format!(
            "{}{}{}  {}{}{}",
            t.phones,
            t.colon,
            numbers.1,
            t.town,
            t.colon,
            p.town.as_deref().map_or("—", |c| m.town_name(c))
        )),
        Line::from(marks),
    ]
}

/// Every contact, newest first.
fn draw_timeline(f: &mut Frame, area: Rect, c: &Card, v: &View) {
    let (m, theme) = (v.ctx, v.theme);
    let t = m.lang.text();
    let lines: Vec<Line> = c
        .contacts
        .iter()
        .map(|x| {
            let mut s = format!(
                "{} {} {} {}",
                date(x.at),
                m.lang.channel(x.channel),
                m.lang.level(x.level),
                x.matter
            );
            let marks = contact_marks(m, x);
            if !marks.is_empty() {
                s.push(' ');
                s.push_str(&marks);
            }
            Line::from(format!("{s}  {}", x.summary))
        })
        .collect();
    f.render_widget(
        Paragraph::new(lines).block(block(t.timeline, theme)),
        area,
    );
}

