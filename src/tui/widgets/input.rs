//! A one-line text input that is correct with CJK: the caret moves by
//! character and sits at its display column (a Chinese character is two
//! columns), so the terminal cursor — and the IME window — land right.

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Caret position in characters.
    caret: usize,
}

/// Longest text an input takes; far above any name, number or query.
const MAX_CHARS: usize = 200;

impl TextInput {
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn caret(&self) -> usize {
        self.caret
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Inserts typed or pasted text at the caret; control characters and line
    /// breaks of a paste are dropped.
    pub fn insert(&mut self, s: &str) {
        let room = MAX_CHARS.saturating_sub(self.len());
        let clean: String = s.chars().filter(|c| !c.is_control()).take(room).collect();
        let at = self.byte_at(self.caret);
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.caret > 0 {
            self.caret -= 1;
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.caret < self.len() {
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.caret = self.caret.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.caret = (self.caret + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.caret = self.len();
    }

    /// An input holding `text`, caret at the end.
    pub fn with(text: &str) -> TextInput {
        let mut t = TextInput::default();
        t.insert(text);
        t
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.caret = 0;
    }

    /// Display columns before the caret: where the terminal cursor goes.
    pub fn caret_column(&self) -> u16 {
        self.text[..self.byte_at(self.caret)].width() as u16
    }
}

/// Typing in a form's focused text field; false when the field is a choice
/// (no input) or the message is not an edit.
pub fn edit(input: Option<&mut TextInput>, msg: &crate::tui::effect::Msg) -> bool {
    use crate::tui::effect::Msg;
    let Some(input) = input else { return false };
    match msg {
        Msg::Text(s) => input.insert(s),
        Msg::Backspace => input.backspace(),
        Msg::Delete => input.delete(),
        Msg::Left => input.left(),
        Msg::Right => input.right(),
        _ => return false,
    }
    true
}

/// ← steps a choice back, → on; other keys leave it.
pub fn arrow(msg: &crate::tui::effect::Msg) -> isize {
    use crate::tui::effect::Msg;
    match msg {
        Msg::Left => -1,
        Msg::Right => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_moves_by_character_and_sits_at_its_display_column() {
        let mut t = TextInput::default();
        t.insert("张三");
        assert_eq!((t.caret(), t.caret_column()), (2, 4));
        t.left();
        assert_eq!((t.caret(), t.caret_column()), (1, 2));
        t.insert("a");
        assert_eq!(t.text(), "张a三");
        assert_eq!(t.caret_column(), 3);
        t.backspace();
        t.backspace();
        assert_eq!((t.text(), t.caret()), ("三", 0));
        t.backspace();
        assert_eq!(t.text(), "三", "nothing before the caret");
        t.end();
        t.right();
        assert_eq!(t.caret(), 1);
        t.home();
        t.delete();
        assert_eq!(t.text(), "");
    }

    #[test]
    fn pasted_text_loses_control_characters_and_is_bounded() {
        let mut t = TextInput::default();
        t.insert("于\u{1b}[31m营\n");
        assert_eq!(t.text(), "于[31m营");
        t.insert(&"长".repeat(500));
        assert_eq!(t.text().chars().count(), MAX_CHARS);
    }
}
