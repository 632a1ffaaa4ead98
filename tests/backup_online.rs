//! Backups while the office works: through a running server a backup is
//! the backup of the store, it stays whole while another desk registers, and
//! a backup to a place that cannot hold it leaves nothing behind.

mod common;

use common::backup::{office_with_backup, ok, run};
use common::bin::text;
use common::server::ServerProc;
use common::walk_in;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use xfdesk::service::DeskCalls;

/// A backup's lines, and the parts two backups of one database share: all
/// but the header's time, the audit trail, its counter and the closing line.
fn parts(path: &Path) -> (serde_json::Value, Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut header: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    header.as_object_mut().unwrap().remove("taken_at");
    let mut shared = Vec::new();
    let mut audit = Vec::new();
    for l in text.lines().skip(1) {
        if l.starts_with(r#"{"type":"audit","#) {
            audit.push(l.to_string());
        } else if !l.starts_with(r#"{"type":"end","#)
            && !l.starts_with(r#"{"type":"counter","name":"audit","#)
        {
            shared.push(l.to_string());
        }
    }
    (header, shared, audit)
}

/// Lines of `path` of one type.
fn count(path: &Path, kind: &str) -> usize {
    let prefix = format!("{{\"type\":\"{kind}\",");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(&prefix))
        .count()
}

#[test]
fn a_backup_through_the_server_is_the_backup_of_the_store() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    let server = ServerProc::start(&db);
    let client = server.connect();
    for i in 0..5 {
        client
            .register(walk_in(&format!("来访{i}"), "", "jy", "经服务端登记"))
            .unwrap();
    }
    drop(client);
    // The server holds the database: this backup can only go through it.
    let served = dir.path().join("served.jsonl");
    ok(&run(&db, &["backup", served.to_str().unwrap()]), "backup");
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    let here = dir.path().join("here.jsonl");
    ok(&run(&db, &["backup", here.to_str().unwrap()]), "backup");

    let (h1, shared1, audit1) = parts(&served);
    let (h2, shared2, audit2) = parts(&here);
    assert_eq!(h1, h2, "the same database, taken by the same person");
    assert!(
        shared1 == shared2,
        "every record, setting and counter the same"
    );
    // The second trail is the first and the second backup's own entry.
    assert_eq!(audit2.len(), audit1.len() + 1);
    assert_eq!(audit2[..audit1.len()], audit1[..]);
    assert!(audit2.last().unwrap().contains("here.jsonl"));
    assert_eq!(count(&served, "contact"), 6);
}

#[test]
fn a_backup_while_another_desk_registers_is_whole_and_restores() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    let server = ServerProc::start(&db);
    let desk = server.connect();
    let stop = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicUsize::new(0));
    let registering = {
        let (stop, done) = (Arc::clone(&stop), Arc::clone(&done));
        std::thread::spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let n = done.load(Ordering::SeqCst);
                let r = walk_in(&format!("来访{n}"), "", "jy", "备份时登记");
                desk.register(r).expect("a registration waits, never fails");
                done.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    let wait_for = |n: usize| {
        let end = Instant::now() + Duration::from_secs(60);
        while done.load(Ordering::SeqCst) < n {
            assert!(Instant::now() < end, "registrations stalled");
            std::thread::sleep(Duration::from_millis(2));
        }
    };
    wait_for(20);
    let backup = dir.path().join("busy.jsonl");
    ok(&run(&db, &["backup", backup.to_str().unwrap()]), "backup");
    let at_backup = done.load(Ordering::SeqCst);
    wait_for(at_backup + 20);
    stop.store(true, Ordering::SeqCst);
    registering.join().unwrap();
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");

    // Every registration is wholly in the backup or wholly out of it: its
    // contact, its new person and matter, its audit entry, its numbers.
    let contacts = count(&backup, "contact");
    assert!(contacts > 20 && contacts < done.load(Ordering::SeqCst) + 1);
    let text = std::fs::read_to_string(&backup).unwrap();
    let counter_of = |name: &str| -> u64 {
        let prefix = format!("{{\"type\":\"counter\",\"name\":\"{name}\",\"value\":");
        text.lines()
            .find_map(|l| l.strip_prefix(&prefix))
            .map_or(0, |v| v.trim_end_matches('}').parse().unwrap())
    };
    assert_eq!(counter_of("contact"), contacts as u64);
    assert_eq!(
        counter_of("petitioner"),
        count(&backup, "petitioner") as u64
    );
    let ledgers: u64 = text
        .lines()
        .filter(|l| l.starts_with(r#"{"type":"counter","name":"ledger/"#))
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["value"].as_u64().unwrap()
        })
        .sum();
    assert_eq!(ledgers, count(&backup, "matter") as u64);
    let registered = text
        .lines()
        .filter(|l| l.starts_with(r#"{"type":"audit","#) && l.contains("registered contact"))
        .count();
    assert_eq!(
        registered + 1,
        contacts,
        "one entry per registration (the interchange example was imported)"
    );

    let restored = dir.path().join("restored");
    ok(
        &run(&restored, &["restore", backup.to_str().unwrap()]),
        "restore",
    );
    ok(&run(&restored, &["check"]), "check");
    ok(&run(&db, &["check"]), "check of the office's database");
}

#[test]
fn a_backup_into_a_directory_that_does_not_exist_leaves_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _) = office_with_backup(dir.path());
    let dest = dir.path().join("missing").join("b.jsonl");
    let out = run(&db, &["backup", dest.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(err.contains("missing/b.jsonl.partial"), "{err}");
    let err = text(&run(&db, &["backup", dir.path().to_str().unwrap()]).stderr);
    assert!(err.contains("is a directory"), "{err}");
}

/// An office large enough that its backup outgrows what a connection queues
/// for a client (8 MiB) and the socket's buffers together.
fn office_with_a_large_backup(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("db");
    ok(&common::bin::xfdesk(&db, &["init"]), "init");
    let data = dir.join("gen.jsonl");
    let gen = [
        "gen",
        "--petitioners",
        "4000",
        "--contacts",
        "40000",
        "--out",
        data.to_str().unwrap(),
    ];
    ok(&run(&db, &gen), "gen");
    ok(&run(&db, &["import", data.to_str().unwrap()]), "import");
    db
}

#[test]
fn a_backup_client_that_stops_reading_holds_up_no_registration() {
    use nix::sys::signal::{kill, Signal};
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_with_a_large_backup(dir.path());
    let server = ServerProc::start(&db);
    let desk = server.connect();

    // `xfdesk backup` stopped (Ctrl-Z) once its first bytes have arrived.
    let dest = dir.path().join("stalled.jsonl");
    let mut backup = common::bin::command(&db)
        .args(["--lang", "en", "backup", dest.to_str().unwrap()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let partial = dir.path().join("stalled.jsonl.partial");
    let end = Instant::now() + Duration::from_secs(120);
    while std::fs::metadata(&partial).map_or(0, |m| m.len()) == 0 {
        assert!(Instant::now() < end, "the backup never began to arrive");
        assert!(
            backup.try_wait().unwrap().is_none(),
            "the backup ended early"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    let pid = nix::unistd::Pid::from_raw(backup.id() as i32);
    kill(pid, Signal::SIGSTOP).unwrap();

    // Another desk registers while the backup client reads nothing.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut r = walk_in("备份停顿时来访", "", "nync", "备份停顿时登记");
        common::new_person(&mut r).town = Some("371999001".into());
        let _ = tx.send(desk.register(r).map(|saved| saved.ledger));
    });
    let registered = rx.recv_timeout(Duration::from_secs(10));
    kill(pid, Signal::SIGCONT).unwrap();
    let ledger = registered
        .expect("a registration waited for a client that stopped reading its backup")
        .expect("the registration is saved");

    let out = backup.wait_with_output().unwrap();
    ok(&out, "the backup, once its client reads again");
    // The backup is the moment it began: the later registration is not in it.
    let taken = std::fs::read_to_string(&dest).unwrap();
    assert!(!taken.contains("备份停顿时登记"));
    assert!(!taken.contains(&format!("\"{ledger}\"")));
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
}
