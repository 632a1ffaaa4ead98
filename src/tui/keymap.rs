//! Key bindings as data: TOML files parsed by one set of rules, the default
//! embedded in the binary, a user file merged over it key by key. A bad file is
//! refused before the screen opens, naming the file, the line and the key.

use super::action::Action;
use super::effect::{Edit, Msg};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

pub const DEFAULT_TOML: &str = include_str!("../../keymaps/default.toml");
pub const VIM_TOML: &str = include_str!("../../keymaps/vim.toml");

/// Where keys are looked up: a screen's own section first, then `global`.
/// The screens' table lists them.
pub use super::screens::SECTIONS;

/// A key with its modifiers, as written in keymap files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The key codes a keymap can name, in an orderable form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

const NAMED: &[(&str, KeyCodeOrd)] = &[
    ("Enter", KeyCodeOrd::Enter),
    ("Esc", KeyCodeOrd::Esc),
    ("Tab", KeyCodeOrd::Tab),
    ("Backspace", KeyCodeOrd::Backspace),
    ("Delete", KeyCodeOrd::Delete),
    ("Up", KeyCodeOrd::Up),
    ("Down", KeyCodeOrd::Down),
    ("Left", KeyCodeOrd::Left),
    ("Right", KeyCodeOrd::Right),
    ("PageUp", KeyCodeOrd::PageUp),
    ("PageDown", KeyCodeOrd::PageDown),
    ("Home", KeyCodeOrd::Home),
    ("End", KeyCodeOrd::End),
];

impl Key {
    /// Parses `Ctrl-q`, `Shift-Tab`, `F10`, `?`…; `None` if not a key.
    pub fn parse(s: &str) -> Option<Key> {
        let mut key = Key {
            code: KeyCodeOrd::Enter,
            ctrl: false,
            alt: false,
            shift: false,
        };
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                key.ctrl = true;
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                key.alt = true;
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                key.shift = true;
            } else {
                break;
            }
            rest = &rest[rest.find('-').map_or(0, |i| i + 1)..];
        }
        let mut chars = rest.chars();
        key.code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                // Ctrl and Alt letters are case-insensitive; a bare letter is not.
                KeyCodeOrd::Char(if key.ctrl || key.alt {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            _ => {
                if let Some((_, code)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
                    *code
                } else {
                    let n: u8 = rest.strip_prefix(['F', 'f'])?.parse().ok()?;
                    if !(1..=12).contains(&n) {
                        return None;
                    }
                    KeyCodeOrd::F(n)
                }
            }
        };
        Some(key)
    }

    /// The key a terminal event stands for, if a keymap can name it.
    pub fn from_event(e: KeyEvent) -> Option<Key> {
        let m = e.modifiers;
        let code = match e.code {
            KeyCode::Char(c) => {
                KeyCodeOrd::Char(if m.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
                    c.to_ascii_lowercase()
                } else {
                    c
                })
            }
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => {
                return Some(Key {
                    code: KeyCodeOrd::Tab,
                    ctrl: false,
                    alt: false,
                    shift: true,
                })
            }
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            _ => return None,
        };
        // Shift is part of a typed character already (`?`, `G`).
        let shift = m.contains(KeyModifiers::SHIFT) && !matches!(code, KeyCodeOrd::Char(_));
        Some(Key {
            code,
            ctrl: m.contains(KeyModifiers::CONTROL),
            alt: m.contains(KeyModifiers::ALT),
            shift,
        })
    }

    /// A printable character typed without Ctrl or Alt: text for an input.
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCodeOrd::Char(_)) && !self.ctrl && !self.alt
    }

    /// What this key does to a focused text field, the same on every screen
    /// that takes text: typing, Backspace, Delete, ←/→, Home/End and
    /// Ctrl-A/Ctrl-E (start, end), Ctrl-U (clear), Ctrl-W (delete a word).
    /// There these keys edit, whatever the keymap binds them to elsewhere.
    pub fn line_edit(&self) -> Option<Msg> {
        if self.alt {
            return None;
        }
        Some(match (self.code, self.ctrl) {
            (KeyCodeOrd::Char(c), false) => Msg::Text(c.to_string()),
            (KeyCodeOrd::Backspace, false) => Msg::Backspace,
            (KeyCodeOrd::Delete, false) => Msg::Delete,
            (KeyCodeOrd::Left, false) => Msg::Left,
            (KeyCodeOrd::Right, false) => Msg::Right,
            (KeyCodeOrd::Home, false) | (KeyCodeOrd::Char('a'), true) => Msg::Edit(Edit::Start),
            (KeyCodeOrd::End, false) | (KeyCodeOrd::Char('e'), true) => Msg::Edit(Edit::End),
            (KeyCodeOrd::Char('u'), true) => Msg::Edit(Edit::Clear),
            (KeyCodeOrd::Char('w'), true) => Msg::Edit(Edit::DeleteWord),
            _ => return None,
        })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            other => f.write_str(
                NAMED
                    .iter()
                    .find(|(_, c)| *c == other)
                    .map_or("?", |(n, _)| n),
            ),
        }
    }
}

/// A keymap problem: file, line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

impl std::error::Error for KeymapError {}

/// Bindings per section.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    pub sections: BTreeMap<String, BTreeMap<Key, Action>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Sections keep where they stand, so an unknown one is reported at its
/// header however it is spelled (`[ x ]`, `["x"]`).
type Raw = BTreeMap<toml::Spanned<String>, BTreeMap<String, toml::Spanned<String>>>;

impl Keymap {
    /// Parses one keymap file; `file` names it in errors. Every problem is
    /// reported, one per line.
    pub fn parse(text: &str, file: &str) -> Result<Keymap, Vec<KeymapError>> {
        let err = |line: usize, message: String| KeymapError {
            file: file.to_string(),
            line,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            vec![err(line, e.message().trim().to_string())]
        })?;
        let mut errors = Vec::new();
        let mut map = Keymap::default();
        for (section, bindings) in raw {
            let line = line_of(text, section.span().start);
            let section = section.into_inner();
            if !SECTIONS.contains(&section.as_str()) {
                // Quoted and escaped unless plain, so that nothing in the file
                // reaches the terminal raw.
                let shown = if !section.is_empty()
                    && crate::domain::text::clean_line(&section) == section
                {
                    format!("[{section}]")
                } else {
                    format!("[{section:?}]")
                };
                errors.push(err(
                    line,
                    format!(
                        "unknown section {shown} (expected one of {})",
                        SECTIONS.join(", ")
                    ),
                ));
                continue;
            }
            let target = map.sections.entry(section).or_default();
            for (key_text, action) in bindings {
                let line = line_of(text, action.span().start);
                let Some(key) = Key::parse(&key_text) else {
                    errors.push(err(line, format!("key {key_text:?} is not a key (examples: F1, Ctrl-q, Shift-Tab, PageDown, ?)")));
                    continue;
                };
                let Some(a) = Action::from_name(action.get_ref()) else {
                    let names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
                    errors.push(err(
                        line,
                        format!(
                            "key {key_text:?}: unknown action {:?} (actions: {})",
                            action.get_ref(),
                            names.join(", ")
                        ),
                    ));
                    continue;
                };
                if target.insert(key, a).is_some() {
                    errors.push(err(
                        line,
                        format!("key {key_text:?} is bound twice in this section"),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(map)
        } else {
            Err(errors)
        }
    }

    /// The built-in default keymap.
    pub fn default_map() -> Keymap {
        Keymap::parse(DEFAULT_TOML, "keymaps/default.toml").expect("the default keymap is valid")
    }

    /// The default with `name` (a shipped keymap or a file) merged over it.
    pub fn load(name: Option<&str>) -> Result<Keymap, Vec<KeymapError>> {
        let mut map = Keymap::default_map();
        let user = match name {
            None | Some("default") => return Ok(map),
            Some("vim") => Keymap::parse(VIM_TOML, "keymaps/vim.toml")?,
            Some(path) => {
                let text = crate::small_file::read(Path::new(path)).map_err(|e| {
                    vec![KeymapError {
                        file: path.to_string(),
                        line: 0,
                        message: e.to_string(),
                    }]
                })?;
                Keymap::parse(&text, path)?
            }
        };
        map.merge(user);
        Ok(map)
    }

    /// Bindings of `other` replace ours key by key.
    pub fn merge(&mut self, other: Keymap) {
        for (section, bindings) in other.sections {
            self.sections.entry(section).or_default().extend(bindings);
        }
    }

    /// What `key` does on `screen`: the screen's own binding first, then global.
    pub fn resolve(&self, screen: &str, key: Key) -> Option<Action> {
        self.sections
            .get(screen)
            .and_then(|s| s.get(&key))
            .or_else(|| self.sections.get("global").and_then(|s| s.get(&key)))
            .copied()
    }

    /// The keys bound to `action` on `screen`, shortest first (for hints).
    pub fn keys_for(&self, screen: &str, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = ["global", screen]
            .iter()
            .filter_map(|s| self.sections.get(*s))
            .flat_map(|s| s.iter().filter(|(_, a)| **a == action).map(|(k, _)| *k))
            .filter(|k| self.resolve(screen, *k) == Some(action))
            .collect();
        keys.sort_by_key(|k| (k.to_string().len(), *k));
        keys.dedup();
        keys
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
