//! Rendering the desk screens into a test terminal and reading them back as
//! a person would see them.

use super::TestDb;
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::draw::draw;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::{update, Model, Msg};
use xfdesk::tui::theme::Theme;

/// The desk on 2026-07-01 for a user shown as 测试员 (the login varies).
pub fn model(db: &TestDb, lang: Lang) -> Model {
    let mut m = Model::new(&db.desk, lang, time::macros::date!(2026 - 07 - 01)).unwrap();
    m.ctx.user = "测试员".into();
    m
}

/// Feeds messages to `update`, as the event loop does.
pub fn send(m: &mut Model, db: &TestDb, msgs: &[Msg]) {
    for msg in msgs {
        update(m, msg.clone(), &db.desk).unwrap();
    }
}

pub fn act(a: Action) -> Msg {
    Msg::Action(a)
}

pub const COLOUR: Theme = Theme {
    color: true,
    ascii: false,
};

/// Draws `m` at 80×24 with the default keymap.
pub fn render(m: &Model, theme: Theme) -> Terminal<TestBackend> {
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| draw(f, m, &Keymap::default_map(), &theme))
        .unwrap();
    term
}

/// One row as text: a wide character once (its second cell is skipped).
pub fn row_text(buf: &ratatui::buffer::Buffer, y: u16) -> String {
    let mut line = String::new();
    let mut x = 0;
    while x < buf.area.width {
        let sym = buf[(x, y)].symbol();
        line.push_str(sym);
        x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
    }
    line.trim_end().to_string()
}

/// The screen as text, row by row.
pub fn screen(term: &Terminal<TestBackend>) -> String {
    let buf = term.backend().buffer();
    (0..buf.area.height)
        .map(|y| row_text(buf, y) + "\n")
        .collect()
}
