//! Colours and borders. Only the 16 named colours (old terminals and tmux);
//! with NO_COLOR, no colour at all: selection and titles still show through
//! reverse video and bold.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    /// Plain ASCII borders for terminals that draw box characters wide.
    pub ascii: bool,
}

impl Theme {
    /// Colour unless NO_COLOR is set (to anything non-empty).
    pub fn from_env(ascii: bool) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme {
            color: !no_color,
            ascii,
        }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn warn(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            border::Set {
                top_left: "+",
                top_right: "+",
                bottom_left: "+",
                bottom_right: "+",
                vertical_left: "|",
                vertical_right: "|",
                horizontal_top: "-",
                horizontal_bottom: "-",
            }
        } else {
            border::PLAIN
        }
    }
}

/// The ASCII stand-in for a symbol some terminals draw two columns wide
/// (East Asian "ambiguous" width: box lines, arrows, ‹ › — · … ×), for
/// `--ascii`; `None` for a character that stays. Letters and digits stay,
/// whatever their script: they are data.
pub fn ascii_for(c: char) -> Option<char> {
    if c.is_ascii() || c.is_alphanumeric() {
        return None;
    }
    Some(match c {
        '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '↕' => '|',
        '─' | '━' | '═' | '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '↔' => '-',
        '\u{2500}'..='\u{257f}' => '+',
        '\u{2580}'..='\u{259f}' | '■' | '□' | '▪' | '▫' => '#',
        '←' | '‹' | '«' | '◀' | '◄' | '◂' => '<',
        '→' | '›' | '»' | '▶' | '►' | '▸' => '>',
        '↑' => '^',
        '↓' => 'v',
        '\u{2190}'..='\u{21ff}' => '>',
        '—' | '–' | '‐' | '‑' | '‒' | '―' | '−' | '·' | '∙' => '-',
        '…' | '‥' => '.',
        '×' | '✗' | '✘' => 'x',
        '✓' | '✔' => 'v',
        '•' | '●' | '★' | '☆' | '※' => '*',
        '○' | '◯' | '°' => 'o',
        '“' | '”' => '"',
        '‘' | '’' => '\'',
        _ => return None,
    })
}
