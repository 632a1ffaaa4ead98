//! `xfdesk serve`: many clients at once, clients and servers killed, the
//! socket's permissions, refusals — the real binary where that is what is
//! tested, the library where a fake peer gives each client its own login.

mod common;

use common::bin::{command, text};
use common::server::ServerProc;

use common::{id_number, walk_in, write_file, OFFICE};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use xfdesk::server::protocol::{
    read_frame, write_frame, ErrorKind, Hello, HelloReply, Request, ServerFrame, WireError,
    MAX_REQUEST, MAX_RESPONSE,
};
use xfdesk::server::{Client, Identify, Peer, ServeOptions, Server};
use xfdesk::service::api::Call;
use xfdesk::service::{current_unix_user, Desk, DeskApi, DeskCalls, ServiceError};
use xfdesk::store::Counter;
use xfdesk::store::OpenOptions;

const DEADLINE: Duration = Duration::from_secs(60);

fn run(db: &Path, args: &[&str]) -> std::process::Output {
    command(db).args(args).output().unwrap()
}

/// DIR/db holding the office of the common tests, made by the binary (a
/// database made in this process would hold sled's lock a while).
fn office_db(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    let out = run(&db, &["init"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let f = write_file(dir, "office.jsonl", OFFICE);
    let out = run(&db, &["import", f.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}

/// A distinct ID number per `i`, and the 17 digits to look it up by.
fn person(i: u32) -> (String, String) {
    let first17 = format!("37021119800101{i:03}");
    (id_number(&first17), first17)
}

/// (a) Twenty desks register fifty contacts each through one server, each
/// desk its own staff login (the fake peer mapping gives them out in turn).
#[test]
fn twenty_desks_register_a_thousand_contacts_with_gapless_ledger_numbers() {
    let dir = tempfile::TempDir::new().unwrap();
    let desk = Desk::init(
        &dir.path().join("db"),
        &OpenOptions::default(),
        &current_unix_user(),
    )
    .unwrap();
    let mut lines = OFFICE.to_string();
    for n in 0..20 {
        lines.push_str(&format!(
            "{{\"type\":\"staff\",\"login\":\"desk{n:02}\",\"name\":\"窗口{n}\",\"role\":\"receptionist\",\"unit\":\"xfj\"}}\n"
        ));
    }
    let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(lines.into_bytes()));
    desk.import_sources(vec![("office.jsonl".into(), src)])
        .unwrap();
    let next = Arc::new(AtomicUsize::new(0));
    let identify: Identify =
        Arc::new(move |_: &Peer| Some(format!("desk{:02}", next.fetch_add(1, Ordering::SeqCst))));
    let socket = dir.path().join("db.sock");
    let server = Server::bind(
        desk.shared_store(),
        ServeOptions {
            socket: socket.clone(),
            max_clients: 32,
            identify,
            ..ServeOptions::new(socket.clone())
        },
    )
    .unwrap();
    let stopper = server.stopper();
    let serving = std::thread::spawn(move || server.run());
    let clients: Vec<_> = (0..20)
        .map(|_| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                let c = Client::connect(&socket).unwrap();
                let login = c.user().login.clone();
                let mut ledgers = Vec::new();
                for i in 0..50 {
                    let r = walk_in("来访人", "", "jy", &format!("{login} 第{i}件"));
                    ledgers.push(c.register(r).unwrap().ledger);
                }
                (login, ledgers)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut logins = Vec::new();
    for c in clients {
        let (login, ledgers) = c.join().unwrap();
        logins.push(login);
        all.extend(ledgers);
    }
    stopper.stop();
    let served = serving.join().unwrap().unwrap();
    assert_eq!(served.connections, 20);
    assert_eq!(served.requests, 1000);
    assert!(!socket.exists());

    logins.sort();
    let expected: Vec<String> = (0..20).map(|n| format!("desk{n:02}")).collect();
    assert_eq!(logins, expected, "each client had its own login");
    all.sort();
    let year = all[0].year;
    let seqs: Vec<u32> = all.iter().map(|l| l.seq).collect();
    assert!(all.iter().all(|l| l.year == year));
    assert_eq!(seqs, (1..=1000).collect::<Vec<u32>>(), "unique and gapless");
    assert_eq!(desk.store().counter(Counter::Contact).unwrap(), 1000);
    let report = desk.check().unwrap();
    assert!(report.is_ok(), "{:?}", report.problems);
    let audit = desk
        .audit_query(&xfdesk::service::audit::AuditFilter::default())
        .unwrap();
    for login in &expected {
        let mine = audit
            .iter()
            .filter(|a| &a.by == login && a.what.starts_with("registered contact"))
            .count();
        assert_eq!(mine, 50, "{login}'s audit entries");
    }
}

/// What a child client does before it is killed; run by the test binary
/// itself in another process (see `child`). Not a test on its own.
#[test]
#[ignore = "run as a child process by the tests below"]
fn child_client() {
    let Ok(mode) = std::env::var("XFDESK_TEST_CHILD") else {
        return;
    };
    let socket = PathBuf::from(std::env::var("XFDESK_TEST_SOCKET").unwrap());
    if mode == "connect" {
        match Client::connect(&socket) {
            Ok(c) => println!("served as {}", c.user().login),
            Err(e) => println!("refused: {e}"),
        }
        return;
    }
    let mut s = UnixStream::connect(&socket).unwrap();
    write_frame(&mut s, "a hello", &Hello::this_release(), MAX_REQUEST).unwrap();
    let _: HelloReply = read_frame(&mut s, "a reply", MAX_RESPONSE).unwrap();
    let (id, _) = person(if mode == "half" { 901 } else { 902 });
    let name = if mode == "half" { "半截" } else { "全程" };
    let req = Request::Call(Box::new(Call::register {
        r: walk_in(name, &id, "jy", "中途断开"),
    }));
    let mut frame = Vec::new();
    write_frame(&mut frame, "a request", &req, MAX_REQUEST).unwrap();
    let upto = if mode == "half" {
        frame.len() / 2
    } else {
        frame.len()
    };
    s.write_all(&frame[..upto]).unwrap();
    println!("sent");
    std::io::stdout().flush().unwrap();
    // Wait to be killed.
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// This test binary again, running `child_client` in `mode`; with
/// `as_user`, as that Unix user through setpriv.
fn child(socket: &Path, mode: &str, as_user: Option<(u32, u32)>) -> Child {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = match as_user {
        None => Command::new(&exe),
        Some((uid, gid)) => {
            let mut c = Command::new("setpriv");
            c.arg(format!("--reuid={uid}"))
                .arg(format!("--regid={gid}"))
                .arg("--clear-groups")
                .arg(&exe);
            c
        }
    };
    cmd.args(["--exact", "child_client", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env("XFDESK_TEST_CHILD", mode)
        .env("XFDESK_TEST_SOCKET", socket)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// What the child says from `prefix` to the end of its line (the test
/// harness talks too, and puts the test's name before it).
fn child_says(c: &mut Child, prefix: &str) -> Option<String> {
    let out = BufReader::new(c.stdout.as_mut().unwrap());
    out.lines()
        .map_while(Result::ok)
        .find_map(|l| l.find(prefix).map(|at| l[at..].to_string()))
}

/// Polls `f` until it holds, within the deadline.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + DEADLINE;
    while !f() {
        assert!(Instant::now() < end, "{what}: not within {DEADLINE:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// (b) Clients killed half-way through a frame, and right after a whole
/// request: no partial record; the whole request is saved entire.
#[test]
fn clients_killed_mid_request_leave_no_partial_record() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    let server = ServerProc::start(&db);
    for mode in ["half", "full"] {
        let mut c = child(&server.socket, mode, None);
        assert_eq!(
            child_says(&mut c, "sent").as_deref(),
            Some("sent"),
            "{mode}"
        );
        c.kill().unwrap();
        c.wait().unwrap();
    }
    let desk = server.connect();
    let (_, full) = person(902);
    eventually("the whole request saved", || {
        !desk.lookup(full.to_string(), 5).unwrap().is_empty()
    });
    let found = desk.lookup(full.to_string(), 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].matters.len(), 1);
    assert_eq!(found[0].contacts, 1);
    let (_, half) = person(901);
    assert!(desk.lookup(half.to_string(), 5).unwrap().is_empty());
    // The server goes on: another registration gets the next number.
    let (id, _) = person(903);
    let next = desk.register(walk_in("之后", &id, "jy", "之后")).unwrap();
    assert_eq!(next.ledger.seq, found[0].matters[0].ledger.seq + 1);
    drop(desk);
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(&db, &["lookup", "半截", "--json"]);
    assert_eq!(text(&out.stdout).trim(), "[]");
}

/// (c) A server killed outright leaves its socket; the next one replaces it
/// and serves everything the first acknowledged. A second server on a live
/// socket is refused.
#[test]
fn a_server_killed_outright_restarts_and_serves_all_it_acknowledged() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    let server = ServerProc::start(&db);
    let desk = server.connect();
    let mut saved = Vec::new();
    for i in 0..30 {
        let (id, q) = person(i);
        let r = desk.register(walk_in("来访人", &id, "jy", "事项")).unwrap();
        saved.push((q, r.ledger));
    }
    let socket = server.socket.clone();
    server.kill_hard();
    assert!(socket.exists(), "a killed server leaves its socket");
    assert!(Client::connect(&socket).is_err());

    let server = ServerProc::start(&db);
    let desk = server.connect();
    for (q, ledger) in &saved {
        let found = desk.lookup(q.to_string(), 5).unwrap();
        assert_eq!(found.len(), 1, "{q}");
        assert_eq!(found[0].matters[0].ledger, *ledger);
    }
    let out = command(&db)
        .args(["serve", "--socket", socket.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(
        text(&out.stderr).trim(),
        format!(
            "xfdesk: xfdesk serve at {}: another xfdesk serve is already answering on this socket; stop it first, or give this one another --socket",
            socket.display()
        )
    );
    drop(desk);
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
    assert!(log.contains("stopped after"), "{log}");
    assert!(!socket.exists(), "removed on a clean stop");
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// (e), (f), (g) through the binary: the socket's mode and group, a client
/// of another protocol version, an oversized frame.
#[test]
fn the_socket_is_0660_in_the_database_directorys_group_and_guards_its_frames() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    // As root any group will do; otherwise the user's own.
    let gid = if nix::unistd::geteuid().is_root() {
        4242
    } else {
        nix::unistd::getegid().as_raw()
    };
    nix::unistd::chown(&db, None, Some(nix::unistd::Gid::from_raw(gid))).unwrap();
    let server = ServerProc::start(&db);
    let meta = std::fs::symlink_metadata(&server.socket).unwrap();
    assert_eq!(meta.permissions().mode() & 0o7777, 0o660);
    assert_eq!(meta.gid(), gid);

    let old = Hello {
        version: 0,
        release: "0.0.1".into(),
    };
    match Client::connect_as(&server.socket, &old) {
        Err(ServiceError::Server { detail, .. }) => assert!(
            detail.contains(&format!(
                "speaks xfdesk protocol {}",
                xfdesk::server::protocol::PROTOCOL_VERSION
            )) && detail.contains("speaks protocol 0")
                && detail.contains("use the same xfdesk release"),
            "{detail}"
        ),
        other => panic!("{:?}", other.map(|c| c.user().clone())),
    }

    let mut raw = UnixStream::connect(&server.socket).unwrap();
    write_frame(&mut raw, "a hello", &Hello::this_release(), MAX_REQUEST).unwrap();
    let _: HelloReply = read_frame(&mut raw, "a reply", MAX_RESPONSE).unwrap();
    raw.write_all(&u32::MAX.to_be_bytes()).unwrap();
    match read_frame::<_, ServerFrame>(&mut raw, "a response", MAX_RESPONSE).unwrap() {
        ServerFrame::Reply(Err(WireError::Other { kind, message })) => {
            assert_eq!(kind, ErrorKind::Protocol);
            assert_eq!(
                message,
                "a request of 4294967295 bytes is larger than the limit of 1048576 bytes"
            );
        }
        other => panic!("{other:?}"),
    }
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
}

/// (d) through the kernel: a real Unix user who is not staff (nobody), run
/// with setpriv, is refused with the admins named. Needs root and setpriv.
#[test]
fn a_real_unix_user_not_on_the_staff_list_is_refused() {
    let nobody = nix::unistd::User::from_name("nobody").ok().flatten();
    let setpriv = Command::new("setpriv").arg("--version").output();
    let (Some(nobody), true, Ok(_)) = (nobody, nix::unistd::geteuid().is_root(), setpriv) else {
        eprintln!("skipped: needs root, setpriv and a user called nobody");
        return;
    };
    let dir = tempfile::TempDir::new().unwrap();
    // nobody must reach the socket: through the directory, and by its group.
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o711)).unwrap();
    let db = office_db(dir.path());
    nix::unistd::chown(&db, None, Some(nobody.gid)).unwrap();
    let server = ServerProc::start(&db);
    let mut c = child(
        &server.socket,
        "connect",
        Some((nobody.uid.as_raw(), nobody.gid.as_raw())),
    );
    let said = child_says(&mut c, "refused: ");
    let _ = c.wait();
    let Some(said) = said else {
        let mut err = String::new();
        let _ = std::io::Read::read_to_string(c.stderr.as_mut().unwrap(), &mut err);
        // This test binary may sit where nobody cannot run it.
        assert!(err.contains("Permission denied"), "{err}");
        eprintln!("skipped: nobody cannot run the test binary: {err}");
        return;
    };
    let admin = current_unix_user();
    assert!(
        said.contains("Unix user \"nobody\" is not on the staff list of this database")
            && said.contains(&format!("ask an admin of this database ({admin})")),
        "{said}"
    );
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
    assert!(
        log.contains(&format!("uid {} refused", nobody.uid)),
        "{log}"
    );
}

/// While a server holds the database, commands go through it (the store is
/// locked to anyone else), and answer as the embedded store does once the
/// server has stopped. A desk watching the server hears of the import.
#[test]
fn commands_run_through_a_running_server_and_answer_as_the_store_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    let server = ServerProc::start(&db);
    let watcher = server.connect();
    let (tx, heard) = mpsc::channel();
    watcher
        .watch(Box::new(move |c| {
            let _ = tx.send(c);
        }))
        .unwrap();
    let spec = write_file(dir.path(), "spec.jsonl", common::INTERCHANGE_EXAMPLE);
    let out = run(&db, &["import", spec.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let changed = heard.recv_timeout(DEADLINE).expect("the import is told");
    assert_eq!(changed.what, "import");

    let year = ["--from", "2026-01-01", "--to", "2026-12-31"];
    let queries: Vec<Vec<&str>> = vec![
        vec!["lookup", "于营", "--json"],
        vec!["overdue", "--as-of", "2026-08-10", "--json"],
        [&["report", "stats"][..], &year, &["--format", "json"]].concat(),
        [&["report", "scorecard"][..], &year, &["--format", "csv"]].concat(),
    ];
    let through: Vec<String> = queries
        .iter()
        .map(|q| {
            let out = run(&db, q);
            assert!(out.status.success(), "{q:?}: {}", text(&out.stderr));
            text(&out.stdout)
        })
        .collect();
    assert!(through[0].contains("\"name\":\"于营\""), "{}", through[0]);
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let exported = dir.path().join("through.jsonl");
    let out = run(&db, &["export", "--out", exported.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    drop(watcher);
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");

    for (q, served) in queries.iter().zip(&through) {
        let here = run(&db, q);
        assert_eq!(&text(&here.stdout), served, "{q:?} answers the same");
    }
    let here = dir.path().join("here.jsonl");
    let out = run(&db, &["export", "--out", here.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        std::fs::read(&here).unwrap() == std::fs::read(&exported).unwrap(),
        "the export through the server is the store's export"
    );
}

#[test]
fn migrate_and_a_second_server_name_the_server_that_holds_the_database() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    let server = ServerProc::start(&db);
    let socket = server.socket.to_str().unwrap();
    // What a refused command says on standard error.
    let refused = |args: &[&str]| {
        let out = command(&db).args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} was refused");
        text(&out.stderr)
    };
    let said = refused(&["--socket", socket, "migrate"]);
    assert!(
        said.contains("held by xfdesk serve") && said.contains(socket),
        "{said}"
    );
    let said = refused(&["--socket", socket, "serve"]);
    assert!(
        said.contains("another xfdesk serve is already answering"),
        "{said}"
    );
    let elsewhere = dir.path().join("other.sock");
    let said = refused(&["--socket", elsewhere.to_str().unwrap(), "serve"]);
    assert!(
        said.contains("another xfdesk serve on another socket"),
        "{said}"
    );
}

/// A load test plays many desks with one login: `--no-lookup-pace` serves
/// its searches unslowed and unflagged, and says so when it starts.
#[test]
fn a_server_without_the_lookup_pace_neither_slows_nor_flags_a_login() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = office_db(dir.path());
    let server = ServerProc::start_with_args(&db, &["--no-lookup-pace"]);
    let client = server.connect();
    // Past the burst of twenty a paced login is held and flagged in the trail.
    for i in 0..25 {
        client.lookup(format!("于{i}"), 20).unwrap();
    }
    client.lookup_done().unwrap();
    drop(client);
    let trail = run(&db, &["audit", "--json"]);
    assert!(trail.status.success(), "{}", text(&trail.stderr));
    let trail = text(&trail.stdout);
    assert!(trail.contains("lookup"), "the lookups are audited: {trail}");
    assert!(
        !trail.contains("lookup rate exceeded"),
        "no login was flagged: {trail}"
    );
    let (status, log) = server.terminate();
    assert!(status.success(), "{status:?}: {log}");
    assert!(log.contains("the lookup pace is off"), "{log}");
}
