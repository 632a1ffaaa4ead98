//! Rendering the desk screens into a test terminal and reading them back as
//! a person would see them.

use ratatui::backend::TestBackend;
use ratatui::Terminal;
use xfdesk::tui::draw::draw;
use xfdesk::tui::keymap::Keymap;
use xfdesk::tui::model::Model;
use xfdesk::tui::theme::Theme;

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
