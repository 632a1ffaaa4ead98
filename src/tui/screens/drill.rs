//! The contacts behind one count of a scorecard; Enter opens the first
//! petitioner's card.

use crate::i18n::words;
use crate::tui::action::Action;
use crate::tui::ctx::{Ctx, View};
use crate::tui::effect::{Effect, Go, Msg};
use crate::tui::report::Job;
use crate::tui::screen::{browse, keep, no_key, unchanged, Def};
use crate::tui::widgets::records::contact_table;
use crate::tui::widgets::table::move_cursor;
use ratatui::layout::Rect;
use ratatui::Frame;

#[derive(Default)]
pub struct State;

pub const DEF: Def<State> = Def {
    section: "drill",
    hints: &[Action::Help, Action::Open, Action::Back, Action::Quit],
    title: |_, m| words(m.lang).contacts.into(),
    takes_text: |_| false,
    opened_by: no_key,
    open,
    update,
    refresh: unchanged,
    hidden: keep,
    draw,
    offers: browse,
};

fn open(_: &mut State, m: &mut Ctx, go: Go) -> Effect<State> {
    let Go::Drill {
        town,
        name,
        criterion,
        label,
    } = go
    else {
        return Effect::None;
    };
    let r = &mut m.report;
    r.drill.clear();
    r.drill_title = format!("{name} · {label}");
    let period = r.picker.period();
    r.ask(Job::Drill {
        period,
        town,
        criterion,
    });
    Effect::Show
}

fn update(_: &mut State, m: &mut Ctx, msg: Msg) -> Effect<State> {
    let Msg::Action(a) = msg else {
        return Effect::None;
    };
    let r = &mut m.report;
    match a {
        Action::Open => {
            let first = r
                .drill
                .get(r.drill_selected)
                .and_then(|c| c.petitioners.first());
            first.map_or(Effect::None, |id| Effect::Go(Go::Card(*id)))
        }
        _ if move_cursor(&mut r.drill_selected, r.drill.len(), a) => Effect::None,
        _ => Effect::Pass,
    }
}

fn draw(f: &mut Frame, area: Rect, _: &State, v: &View) {
    let r = &v.ctx.report;
    contact_table(f, v.ctx, &r.drill, &r.drill_title, r.drill_selected, area, v.theme);
}
