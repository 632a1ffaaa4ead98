//! A disk that is really full (a small tmpfs of the test's own, so root
//! only): the office still reads its records, nothing half-written is kept,
//! and once space is freed writes go on, with no restart of the server.

mod common;

use common::backup::run as xfdesk;
use common::bin::text;
use common::server::ServerProc;
use common::{walk_in, write_file, INTERCHANGE_EXAMPLE, OFFICE};
use std::path::{Path, PathBuf};
use xfdesk::service::DeskCalls;

/// A file system of `mb` MiB mounted for one test, unmounted after it.
struct SmallDisk {
    mount: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    /// `None` where the test may not mount (not root): said, and skipped.
    fn new(mb: u32) -> Option<SmallDisk> {
        if !nix::unistd::geteuid().is_root() {
            eprintln!("skipped: mounting a small tmpfs needs root");
            return None;
        }
        let dir = tempfile::TempDir::new().unwrap();
        let mount = dir.path().join("disk");
        std::fs::create_dir(&mount).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mb}m"), "tmpfs"])
            .arg(&mount)
            .status()
            .unwrap();
        if !status.success() {
            eprintln!("skipped: this machine refuses to mount a tmpfs");
            return None;
        }
        Some(SmallDisk { mount, _dir: dir })
    }

    /// Writes zeros until the disk has no room left; returns the filler.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.mount.join("filler");
        let mut f = std::fs::File::create(&filler).unwrap();
        let block = vec![0u8; 64 << 10];
        loop {
            match f.write(&block) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) => {
                    assert_eq!(e.raw_os_error(), Some(nix::libc::ENOSPC), "{e}");
                    break;
                }
            }
        }
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.mount)
            .status();
    }
}

fn ok(out: &std::process::Output) -> String {
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

/// An office's database on the small disk.
fn office_on(disk: &SmallDisk) -> PathBuf {
    let db = disk.mount.join("db");
    ok(&xfdesk(&db, &["init"]));
    for (name, lines) in [
        ("office.jsonl", OFFICE),
        ("spec.jsonl", INTERCHANGE_EXAMPLE),
    ] {
        let f = write_file(&disk.mount, name, lines);
        ok(&xfdesk(&db, &["import", f.to_str().unwrap()]));
        std::fs::remove_file(f).unwrap();
    }
    db
}

/// An import of `n` people nobody has yet, kept outside the small disk.
fn newcomers(dir: &Path, n: usize) -> PathBuf {
    let mut lines = String::new();
    for k in 0..n {
        lines.push_str(&format!(
            "{{\"type\":\"petitioner\",\"ref\":\"new{k}\",\"name\":\"新来{k}\",\"phones\":[\"139{:08}\"]}}\n",
            k
        ));
    }
    write_file(dir, "newcomers.jsonl", &lines)
}

#[test]
fn a_full_disks_database_is_read_and_written_again_once_space_is_freed() {
    let Some(disk) = SmallDisk::new(64) else {
        return;
    };
    let db = office_on(&disk);
    let before = ok(&xfdesk(&db, &["export"]));
    let outside = tempfile::TempDir::new().unwrap();
    let many = newcomers(outside.path(), 20_000);
    let filler = disk.fill();

    // Reading commands open it (sled writes to open; the reserve makes room).
    let found = ok(&xfdesk(&db, &["lookup", "于营"]));
    assert!(found.contains("于营"), "{found}");
    assert_eq!(ok(&xfdesk(&db, &["export"])), before);
    ok(&xfdesk(&db, &["report", "stats", "--year", "2026"]));

    // A change is refused in one line and leaves the records as they were.
    let out = xfdesk(&db, &["import", many.to_str().unwrap()]);
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("the disk is full"), "{said}");
    assert!(said.contains("free space, then try again"), "{said}");
    assert_eq!(ok(&xfdesk(&db, &["export"])), before);

    // Space freed: the same import goes through, and the reserve is back.
    std::fs::remove_file(filler).unwrap();
    ok(&xfdesk(&db, &["import", many.to_str().unwrap()]));
    let after = ok(&xfdesk(&db, &["export"]));
    assert_eq!(after.lines().count(), before.lines().count() + 20_000);
    assert!(db.join(xfdesk::store::space::RESERVE).exists());
    ok(&xfdesk(&db, &["check"]));
}

#[test]
fn after_a_full_disk_the_server_takes_registrations_again_without_a_restart() {
    let Some(disk) = SmallDisk::new(64) else {
        return;
    };
    let db = office_on(&disk);
    let server = ServerProc::start(&db);
    let desk = server.connect();
    let first = desk
        .register(walk_in("满前登记", "", "jy", "满盘之前"))
        .unwrap();
    let filler = disk.fill();

    // Registrations fail once sled finds no room, each said plainly.
    let mut refused = None;
    for k in 0..10_000 {
        let r = walk_in(&format!("满时{k}"), "", "jy", "满盘时登记");
        if let Err(e) = desk.register(r) {
            refused = Some(e.to_string());
            break;
        }
    }
    let refused = refused.expect("a full disk refuses a registration");
    assert!(refused.contains("the disk is full"), "{refused}");
    let again = desk
        .register(walk_in("还是满", "", "jy", "仍然满盘"))
        .unwrap_err()
        .to_string();
    assert!(again.contains("the disk is full"), "{again}");
    // Looking people up goes on (each lookup is still put on record).
    let found = desk.lookup("满前登记".into(), 10).unwrap();
    assert_eq!(found.len(), 1);
    desk.lookup_done().unwrap();

    // Space freed: the next registration is saved by the same server.
    std::fs::remove_file(filler).unwrap();
    let saved = desk
        .register(walk_in("空出后登记", "", "jy", "腾出空间之后"))
        .unwrap();
    assert_ne!(saved.ledger, first.ledger);
    assert_eq!(desk.lookup("空出后登记".into(), 10).unwrap().len(), 1);
    desk.lookup_done().unwrap();
    drop(desk);
    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    ok(&xfdesk(&db, &["check"]));
}
