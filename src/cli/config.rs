//! The user's settings file: a person's own defaults for language, keymap and
//! borders, so they need not type flags at every start. Flags still win.
//!
//! ```toml
//! lang = "en"          # zh | en
//! keymap = "vim"       # default | vim | a TOML file (relative to this file)
//! ascii = true         # ASCII borders
//! ```

use crate::i18n::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    pub lang: Option<Lang>,
    pub keymap: Option<String>,
    pub ascii: Option<bool>,
}

/// `$XFDESK_CONFIG`, else `config.toml` in the platform configuration directory.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("XFDESK_CONFIG") {
        return Some(PathBuf::from(p));
    }
    directories::ProjectDirs::from("", "", "xfdesk").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the settings at `path`; a missing file means no settings. A bad file
/// is refused as `FILE:LINE: message`, before any screen opens.
pub fn load(path: &Path) -> Result<UserConfig, String> {
    let text = match crate::small_file::read(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(UserConfig::default()),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let mut config: UserConfig = toml::from_str(&text).map_err(|e| {
        let line = e.span().map_or(1, |s| {
            text[..s.start.min(text.len())].matches('\n').count() + 1
        });
        format!("{}:{line}: {}", path.display(), e.message().trim())
    })?;
    // A keymap file named relative to the settings file, not to wherever
    // the desk happens to be started.
    if let Some(k) = &config.keymap {
        if k.ends_with(".toml") && Path::new(k).is_relative() {
            if let Some(dir) = path.parent() {
                config.keymap = Some(dir.join(k).display().to_string());
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<UserConfig, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        let dir = dir.path().display().to_string();
        load(&path)
            .map(|mut c| {
                c.keymap = c.keymap.map(|k| k.replace(&dir, "DIR"));
                c
            })
            .map_err(|e| e.replace(&dir, "DIR"))
    }

    #[test]
    fn settings_are_read_and_bad_ones_named_with_their_line() {
        let cases: &[(&str, Result<UserConfig, &str>)] = &[
            ("", Ok(UserConfig::default())),
            (
                "lang = \"en\"\nascii = true\n",
                Ok(UserConfig {
                    lang: Some(Lang::En),
                    keymap: None,
                    ascii: Some(true),
                }),
            ),
            (
                "keymap = \"vim\"\n",
                Ok(UserConfig {
                    keymap: Some("vim".into()),
                    ..Default::default()
                }),
            ),
            (
                "keymap = \"mine.toml\"\n",
                Ok(UserConfig {
                    keymap: Some("DIR/mine.toml".into()),
                    ..Default::default()
                }),
            ),
            (
                "ascii = true\ncolour = \"red\"\n",
                Err("DIR/config.toml:2: unknown field `colour`"),
            ),
            (
                "lang = \"fr\"\n",
                Err("DIR/config.toml:1: unknown variant `fr`"),
            ),
        ];
        for (text, want) in cases {
            let got = parse(text);
            match (want, &got) {
                (Ok(w), Ok(g)) => assert_eq!(w, g, "{text:?}"),
                (Err(w), Err(g)) => assert!(g.starts_with(w), "{text:?}: {g}"),
                _ => panic!("{text:?}: got {got:?}"),
            }
        }
    }

    #[test]
    fn a_missing_file_means_no_settings() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load(&dir.path().join("none.toml")),
            Ok(UserConfig::default())
        );
    }
}
