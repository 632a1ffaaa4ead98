//! Files holding personal data (docs/rules.md#file-modes): exports, backups and reports are
//! 0600, never written through a link or over a file left in the way; the
//! database directory is 0700 and its files owner-only.

mod common;

use common::backup::{office_with_backup, ok, run};
use common::bin::text;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_link_planted_at_the_partial_name_is_refused_and_its_target_untouched() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "not yours").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    for (cmd, name) in [("backup", "nightly.jsonl"), ("export", "out.jsonl")] {
        let dest = dir.path().join(name);
        let partial = dir.path().join(format!("{name}.partial"));
        std::os::unix::fs::symlink(&victim, &partial).unwrap();
        let args: Vec<&str> = match cmd {
            "backup" => vec!["backup", dest.to_str().unwrap()],
            _ => vec!["export", "--out", dest.to_str().unwrap()],
        };
        let out = run(&db, &args);
        assert!(!out.status.success(), "{cmd} wrote through a link");
        let err = text(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(&format!("{name}.partial")), "{err}");
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not yours");
        assert_eq!(mode(&victim), 0o644);
        assert!(!dest.exists(), "{cmd}");
        let link = std::fs::symlink_metadata(&partial).unwrap();
        assert!(link.file_type().is_symlink(), "{cmd} removed the link");
    }
}

#[test]
fn a_file_left_at_the_partial_name_is_refused_and_kept() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, backup) = office_with_backup(dir.path());
    let before = std::fs::read(&backup).unwrap();
    let partial = dir.path().join("b.jsonl.partial");
    std::fs::write(&partial, "someone else's").unwrap();
    let out = run(&db, &["backup", backup.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(err.contains("b.jsonl.partial"), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&partial).unwrap(), "someone else's");
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        before,
        "the old backup stays"
    );
    // Once it is gone, the backup runs.
    std::fs::remove_file(&partial).unwrap();
    ok(&run(&db, &["backup", backup.to_str().unwrap()]), "backup");
}

#[test]
fn an_export_file_is_owner_only() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    let out = dir.path().join("out.jsonl");
    ok(
        &run(&db, &["export", "--out", out.to_str().unwrap()]),
        "export",
    );
    assert_eq!(mode(&out), 0o600);
    assert!(!dir.path().join("out.jsonl.partial").exists());
    assert!(std::fs::read_to_string(&out).unwrap().contains("于营"));
}

/// Every file under `dir` with its mode.
fn modes_under(dir: &Path) -> Vec<(std::path::PathBuf, u32)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(modes_under(&p));
        }
        out.push((p.clone(), mode(&p)));
    }
    out
}

#[test]
fn a_new_database_is_its_owners_only() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, backup) = office_with_backup(dir.path());
    let restored = dir.path().join("restored");
    ok(
        &run(&restored, &["restore", backup.to_str().unwrap()]),
        "restore",
    );
    for db in [db, restored] {
        assert_eq!(mode(&db), 0o700, "{}", db.display());
        let files = modes_under(&db);
        assert!(!files.is_empty());
        for (p, m) in files {
            assert_eq!(m & 0o077, 0, "{} is {m:o}", p.display());
        }
        let out = run(&db, &["check"]);
        let said = ok(&out, "check");
        assert!(said.contains("check passed"), "{said}");
        assert_eq!(
            without_holiday_notice(&text(&out.stderr)),
            "",
            "no warning on a new database"
        );
    }
}

#[test]
fn check_warns_of_a_database_open_to_others_and_names_the_chmod() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o755)).unwrap();
    let conf = db.join("conf");
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&db, &["check"]);
    let said = ok(&out, "check: a warning is not damage");
    assert!(said.contains("check passed"), "{said}");
    let err = without_holiday_notice(&text(&out.stderr));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].contains(&format!("{} is 0755", db.display())),
        "{err}"
    );
    assert!(
        lines[0].contains(&format!("chmod 700 {}", db.display())),
        "{err}"
    );
    assert!(
        lines[1].contains(&format!("{} is 0644", conf.display())),
        "{err}"
    );
    assert!(
        lines[1].contains(&format!("chmod 600 {}", conf.display())),
        "{err}"
    );

    // 0750 with the office group, for the server, is as it should be.
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o750)).unwrap();
    std::fs::set_permissions(&conf, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        without_holiday_notice(&text(&run(&db, &["check"]).stderr)),
        ""
    );
}

/// `check`'s stderr without its notice that this year has no holiday list
/// (the year is the real one here; tests/holidays.rs tests the notice).
fn without_holiday_notice(err: &str) -> String {
    err.lines()
        .filter(|l| !l.contains("holiday list"))
        .map(|l| format!("{l}\n"))
        .collect()
}
