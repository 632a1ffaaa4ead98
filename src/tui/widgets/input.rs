//! A one-line text input that is correct with CJK: the caret moves by
//! character and sits at its display column (a Chinese character is two
//! columns), so the terminal cursor — and the IME window — land right.

use crate::tui::effect::{Edit, Msg};
use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextInput {
    text: String,
    /// Caret position in characters.
    caret: usize,
    /// The whole text is selected: typing replaces it, a deletion clears
    /// it, a caret key ends the selection (F3 reopening the last query).
    selected: bool,
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

    /// Whether the whole text is selected (drawn highlighted).
    pub fn is_selected(&self) -> bool {
        self.selected && !self.text.is_empty()
    }

    /// Selects the whole text, so that what is typed next replaces it.
    pub fn select_all(&mut self) {
        self.selected = true;
        self.caret = self.len();
    }

    /// Ends a selection; true if there was one, which is then replaced.
    fn take_selection(&mut self) -> bool {
        std::mem::take(&mut self.selected)
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
        if self.take_selection() {
            self.clear();
        }
        let room = MAX_CHARS.saturating_sub(self.len());
        let clean: String = s.chars().filter(|c| !c.is_control()).take(room).collect();
        let at = self.byte_at(self.caret);
        self.text.insert_str(at, &clean);
        self.caret += clean.chars().count();
    }

    pub fn backspace(&mut self) {
        if self.take_selection() {
            self.clear();
        } else if self.caret > 0 {
            self.caret -= 1;
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    pub fn delete(&mut self) {
        if self.take_selection() {
            self.clear();
        } else if self.caret < self.len() {
            let at = self.byte_at(self.caret);
            self.text.remove(at);
        }
    }

    /// ← moves one character back; on a selection, to its start.
    pub fn left(&mut self) {
        if self.take_selection() {
            self.caret = 0;
        } else {
            self.caret = self.caret.saturating_sub(1);
        }
    }

    /// → moves one character on; on a selection, to its end.
    pub fn right(&mut self) {
        if !self.take_selection() {
            self.caret = (self.caret + 1).min(self.len());
        }
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.caret = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.caret = self.len();
    }

    /// Deletes the word before the caret and the spaces after it (Ctrl-W);
    /// a word ends at a space or a comma, so a run of Chinese is one word.
    pub fn delete_word(&mut self) {
        if self.take_selection() {
            self.clear();
            return;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let gap = |c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；');
        let mut from = self.caret;
        while from > 0 && gap(chars[from - 1]) {
            from -= 1;
        }
        while from > 0 && !gap(chars[from - 1]) {
            from -= 1;
        }
        let (a, b) = (self.byte_at(from), self.byte_at(self.caret));
        self.text.replace_range(a..b, "");
        self.caret = from;
    }

    /// One of the line-editing keys; true if the text changed (not only
    /// the caret).
    pub fn apply(&mut self, e: Edit) -> bool {
        let had = self.text.clone();
        match e {
            Edit::Start => self.home(),
            Edit::End => self.end(),
            Edit::Clear => self.clear(),
            Edit::DeleteWord => self.delete_word(),
        }
        self.text != had
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
        self.selected = false;
    }

    /// Display columns before the caret: where the terminal cursor goes.
    pub fn caret_column(&self) -> u16 {
        self.text[..self.byte_at(self.caret)].width() as u16
    }
}

/// Typing in a form's focused text field; false when the field is a choice
/// (no input) or the message is not an edit.
pub fn edit(input: Option<&mut TextInput>, msg: &Msg) -> bool {
    let Some(input) = input else { return false };
    match msg {
        Msg::Text(s) => input.insert(s),
        Msg::Backspace => input.backspace(),
        Msg::Delete => input.delete(),
        Msg::Left => input.left(),
        Msg::Right => input.right(),
        Msg::Edit(e) => {
            input.apply(*e);
        }
        _ => return false,
    }
    true
}

/// ← steps a choice back, → on; other keys leave it.
pub fn arrow(msg: &Msg) -> isize {
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
    fn home_end_move_in_the_field_ctrl_u_clears_and_ctrl_w_deletes_a_word() {
        let mut t = TextInput::with("张三 13800138000");
        assert!(!t.apply(Edit::Start), "a caret key changes no text");
        assert_eq!(t.caret(), 0);
        t.insert("老");
        assert_eq!(t.text(), "老张三 13800138000");
        t.apply(Edit::End);
        assert_eq!(t.caret(), t.text().chars().count());
        assert!(t.apply(Edit::DeleteWord));
        assert_eq!((t.text(), t.caret()), ("老张三 ", 4));
        t.apply(Edit::DeleteWord);
        assert_eq!((t.text(), t.caret()), ("", 0), "the spaces, then the word");
        let mut t = TextInput::with("a，b c");
        t.left();
        t.left();
        t.apply(Edit::DeleteWord);
        assert_eq!((t.text(), t.caret()), ("a， c", 2), "only before the caret");
        assert!(t.apply(Edit::Clear));
        assert_eq!((t.text(), t.caret()), ("", 0));
        assert!(!t.apply(Edit::Clear));
    }

    #[test]
    fn a_selected_text_is_replaced_by_typing_and_kept_by_a_caret_key() {
        let mut t = TextInput::with("于营");
        assert!(!t.is_selected());
        t.select_all();
        assert!(t.is_selected());
        t.insert("王");
        assert_eq!((t.text(), t.caret(), t.is_selected()), ("王", 1, false));
        t.insert("五");
        assert_eq!(t.text(), "王五", "only the first key replaces");
        t.select_all();
        t.right();
        assert_eq!((t.text(), t.caret(), t.is_selected()), ("王五", 2, false));
        t.insert("x");
        assert_eq!(t.text(), "王五x");
        t.select_all();
        t.left();
        assert_eq!((t.text(), t.caret(), t.is_selected()), ("王五x", 0, false));
        t.select_all();
        t.backspace();
        assert_eq!(t.text(), "");
        let mut t = TextInput::with("于营");
        t.select_all();
        t.apply(Edit::Start);
        assert_eq!((t.text(), t.caret(), t.is_selected()), ("于营", 0, false));
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
