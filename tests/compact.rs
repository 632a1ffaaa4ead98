//! `xfdesk compact`: the space sled keeps of what was overwritten is given
//! back, every record stays, and a compaction cut short says where things are.

mod common;

use common::backup::{ok, run};
use common::bin::text;
use common::server::ServerProc;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A database after one large import: its file holds space the import's
/// journal used.
fn imported_office(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    ok(&run(&db, &["init"]), "init");
    let data = dir.join("gen.jsonl");
    let gen = [
        "gen",
        "--petitioners",
        "2000",
        "--contacts",
        "20000",
        "--out",
    ];
    ok(
        &run(&db, &[&gen[..], &[data.to_str().unwrap()]].concat()),
        "gen",
    );
    ok(&run(&db, &["import", data.to_str().unwrap()]), "import");
    db
}

/// `database compacted: 47.6 MiB → 28.6 MiB (25338 keys)` as (before, after).
fn sizes(said: &str) -> (f64, f64) {
    let mib: Vec<f64> = said
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| s.contains('.'))
        .map(|s| s.parse().unwrap())
        .collect();
    (mib[0], mib[1])
}

#[test]
fn compacting_gives_back_the_space_and_keeps_every_record() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = imported_office(dir.path());
    let before = ok(&run(&db, &["export"]), "export");
    // Whether `check` advises compacting right after an import depends on
    // how much of the journal's space sled has reused by then (see
    // `worth_compacting` in src/service/check for the rule and its test).

    let said = ok(&run(&db, &["compact"]), "compact");
    assert!(said.starts_with("database compacted: "), "{said}");
    let (was, now) = sizes(&said);
    assert!(now < was * 0.7, "{said}");
    assert_eq!(ok(&run(&db, &["export"]), "export"), before);
    let checked = run(&db, &["check"]);
    assert!(checked.status.success(), "{}", text(&checked.stderr));
    assert!(!text(&checked.stderr).contains("xfdesk compact"));
    let trail = ok(&run(&db, &["audit"]), "audit");
    assert!(trail.contains("compacted the database: "), "{trail}");
    // Owner only, as before; nothing left beside it.
    let mode = std::fs::metadata(&db).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    for e in std::fs::read_dir(&db).unwrap().flatten() {
        if e.file_type().unwrap().is_file() {
            assert_eq!(e.metadata().unwrap().permissions().mode() & 0o077, 0);
        }
    }
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("compact")), "{names:?}");
}

#[test]
fn compaction_is_for_admins_with_no_server_and_one_cut_short_says_where_things_are() {
    use xfdesk::service::{Desk, ServiceError};
    use xfdesk::store::OpenOptions;
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = common::backup::office_with_backup(dir.path());
    let opts = OpenOptions::default();
    let refused = Desk::compact(&db, &opts, "zhangli").unwrap_err();
    assert!(
        matches!(refused, ServiceError::Forbidden { .. }),
        "{refused}"
    );

    let server = ServerProc::start(&db);
    let out = run(&db, &["compact"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("held by xfdesk serve"),
        "{}",
        text(&out.stderr)
    );
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");

    // Left by a compaction stopped between its two renames.
    let old = dir.path().join("db.before-compact");
    std::fs::rename(&db, &old).unwrap();
    let out = run(&db, &["lookup", "于营"]);
    let said = text(&out.stderr);
    assert!(said.contains("a compaction was cut short"), "{said}");
    assert!(said.contains("db.before-compact"), "{said}");
    std::fs::rename(&old, &db).unwrap();
    // A copy left in the way is not overwritten.
    std::fs::create_dir(dir.path().join("db.compacting")).unwrap();
    let out = run(&db, &["compact"]);
    assert!(
        text(&out.stderr).contains("db.compacting is in the way"),
        "{}",
        text(&out.stderr)
    );
    ok(&run(&db, &["check"]), "check");
}
