//! Running the backup and restore commands in the integration tests.

use super::bin::{command, text, xfdesk};
use super::{run_when_unlocked, write_file, OFFICE};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Runs `xfdesk --lang en --db DB ARGS` (messages in English).
pub fn run(db: &Path, args: &[&str]) -> Output {
    run_when_unlocked(|| {
        command(db)
            .arg("--lang")
            .arg("en")
            .args(args)
            .output()
            .unwrap()
    })
}

pub fn ok(out: &Output, what: &str) -> String {
    assert!(
        out.status.success(),
        "{what}: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}

/// A small office's database made by the binary, and a backup of it.
pub fn office_with_backup(dir: &Path) -> (PathBuf, PathBuf) {
    let db = dir.join("db");
    ok(&xfdesk(&db, &["init"]), "init");
    let f = write_file(dir, "office.jsonl", OFFICE);
    ok(&xfdesk(&db, &["import", f.to_str().unwrap()]), "import");
    let spec = write_file(dir, "spec.jsonl", super::INTERCHANGE_EXAMPLE);
    ok(&xfdesk(&db, &["import", spec.to_str().unwrap()]), "import");
    let backup = dir.join("b.jsonl");
    ok(&run(&db, &["backup", backup.to_str().unwrap()]), "backup");
    (db, backup)
}
