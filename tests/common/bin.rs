//! Running the real binary on a test database, with no settings file and no
//! database or socket from the developer's environment.

use std::path::Path;
use std::process::{Command, Output};

/// `xfdesk --db DB` with a clean environment, ready for arguments.
pub fn command(db: &Path) -> Command {
    command_with(db, &db.with_file_name("no-settings.toml"))
}

/// Like [`command`], with `settings` as the user's settings file.
pub fn command_with(db: &Path, settings: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xfdesk"));
    c.arg("--db")
        .arg(db)
        .env_remove("XFDESK_DB")
        .env_remove("XFDESK_SOCKET")
        .env("XFDESK_CONFIG", settings);
    c
}

/// Runs `xfdesk --db DB ARGS` to completion.
pub fn xfdesk(db: &Path, args: &[&str]) -> Output {
    command(db).args(args).output().unwrap()
}

/// Output bytes as text, for messages and assertions.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}
