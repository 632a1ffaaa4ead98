//! `xfdesk doctor` on temporary installations: what it finds, the fix it
//! names, and its exit code.

mod common;

use common::bin::{text, xfdesk};
use common::server::ServerProc;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Output;
use std::time::{Duration, SystemTime};

/// A database at DIR/db with this year's and next year's holiday lists (the
/// desk's today may be a day ahead of UTC), and its reserve.
fn healthy(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    let out = xfdesk(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let year = time::OffsetDateTime::now_utc().year();
    let file = dir.join("holidays.toml");
    std::fs::write(
        &file,
        format!("holidays = [{year}-10-01, {}-10-01]\n", year + 1),
    )
    .unwrap();
    let out = xfdesk(&db, &["holidays", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

fn doctor(db: &Path, args: &[&str]) -> Output {
    xfdesk(db, &[&["--lang", "en", "doctor"], args].concat())
}

fn lines(out: &Output) -> Vec<String> {
    text(&out.stdout).lines().map(str::to_string).collect()
}

fn line_with<'a>(lines: &'a [String], what: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(what))
        .unwrap_or_else(|| panic!("no line with {what:?}: {lines:#?}"))
}

#[test]
fn a_healthy_database_is_reported_ok_line_by_line() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = healthy(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let out = xfdesk(&db, &["backup", backups.join("b.jsonl").to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = doctor(&db, &["--backups", backups.to_str().unwrap()]);
    let l = lines(&out);
    assert!(out.status.success(), "{l:#?}\n{}", text(&out.stderr));
    let dir_line = line_with(&l, "database directory");
    assert!(
        dir_line.starts_with("ok: ") && dir_line.ends_with("mode 0700"),
        "{dir_line}"
    );
    assert!(line_with(&l, "reserve file").starts_with("ok: "));
    assert!(line_with(&l, "holiday list is loaded").starts_with("ok: "));
    assert!(line_with(&l, "free on the database's disk").contains("GiB"));
    let b = line_with(&l, "newest backup");
    assert!(
        b.starts_with("ok: ") && b.contains("b.jsonl") && b.ends_with("0 hours old"),
        "{b}"
    );
    assert!(line_with(&l, "no server").starts_with("warning: "));
    assert!(!l.iter().any(|l| l.starts_with("error: ")), "{l:#?}");
    assert_eq!(
        l.last().unwrap(),
        &format!(
            "doctor: 0 errors, {} warnings",
            l.iter().filter(|l| l.starts_with("warning: ")).count()
        )
    );

    // Chinese by default.
    let zh = text(&xfdesk(&db, &["doctor"]).stdout);
    assert!(
        zh.contains("正常: 数据库目录") && zh.contains("检查完毕：0 个错误"),
        "{zh}"
    );
}

#[test]
fn a_database_directory_open_to_others_is_an_error_with_the_chmod_to_run() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = healthy(dir.path());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = doctor(&db, &[]);
    assert!(!out.status.success());
    let l = lines(&out);
    let bad = line_with(&l, "more open than 0750");
    assert!(bad.starts_with("error: "), "{bad}");
    assert!(
        bad.contains(&format!("chmod 700 {}", db.display())),
        "{bad}"
    );
    assert!(l.last().unwrap().starts_with("doctor: 1 errors"), "{l:#?}");
}

#[test]
fn a_missing_reserve_is_reported_before_the_database_is_opened() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = healthy(dir.path());
    std::fs::remove_file(db.join("reserve")).unwrap();
    let out = doctor(&db, &[]);
    let l = lines(&out);
    let r = line_with(&l, "reserve file");
    assert!(
        r.starts_with("warning: ") && r.contains("is missing"),
        "{r}"
    );
    assert!(r.contains(&db.join("reserve").display().to_string()), "{r}");
    // A warning, not an error.
    assert!(out.status.success(), "{l:#?}");
}

#[test]
fn an_old_or_absent_backup_is_an_error_naming_the_timer() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = healthy(dir.path());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();

    let out = doctor(&db, &["--backups", backups.to_str().unwrap()]);
    assert!(!out.status.success());
    let l = lines(&out);
    let none = line_with(&l, "no backup");
    assert!(
        none.starts_with("error: ") && none.contains("xfdesk-backup.timer"),
        "{none}"
    );

    let old = backups.join("xfdesk-old.jsonl");
    std::fs::write(&old, "{}\n").unwrap();
    let three_days = Duration::from_secs(3 * 24 * 3600 + 60);
    std::fs::File::options()
        .write(true)
        .open(&old)
        .unwrap()
        .set_modified(SystemTime::now() - three_days)
        .unwrap();
    std::fs::write(backups.join("notes.txt"), "not a backup").unwrap();
    let out = doctor(&db, &["--backups", backups.to_str().unwrap()]);
    assert!(!out.status.success());
    let l = lines(&out);
    let b = line_with(&l, "newest backup");
    assert!(
        b.starts_with("error: ") && b.contains("xfdesk-old.jsonl is 3 days old"),
        "{b}"
    );
}

#[test]
fn a_database_that_is_not_there_says_how_to_make_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("nowhere");
    let out = doctor(&db, &[]);
    assert!(!out.status.success());
    let l = lines(&out);
    let m = line_with(&l, "does not exist");
    assert!(m.starts_with("error: ") && m.contains("init"), "{m}");
    assert!(!db.exists(), "doctor made the database");
}

#[test]
fn a_running_server_is_found_answering_and_the_holiday_list_read_through_it() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = healthy(dir.path());
    let server = ServerProc::start(&db);
    let out = doctor(&db, &[]);
    let l = lines(&out);
    assert!(out.status.success(), "{l:#?}\n{}", text(&out.stderr));
    let s = line_with(&l, "a server answers on");
    assert!(s.starts_with("ok: ") && s.ends_with("mode 0660)"), "{s}");
    assert!(line_with(&l, "holiday list is loaded").starts_with("ok: "));
    let (status, _) = server.terminate();
    assert!(status.success());

    // Killed hard, it leaves its socket behind.
    let server = ServerProc::start(&db);
    server.kill_hard();
    let l = lines(&doctor(&db, &[]));
    let s = line_with(&l, "nobody answers on");
    assert!(
        s.starts_with("warning: ") && s.contains("systemctl start xfdesk"),
        "{s}"
    );
}
