//! The server in process with a fake peer mapping: each connection is
//! whoever the test says, since tests cannot make Unix users cheaply.

use super::protocol::{
    read_frame, write_frame, ErrorKind, Hello, HelloReply, Request, ServerFrame, WireError,
    MAX_REQUEST, MAX_RESPONSE,
};
use super::{Client, Identify, Peer, ServeOptions, Server, Stopper};
use crate::domain::{Channel, Level, Role};
use crate::service::api::Call;
use crate::service::register::{MatterChoice, NewMatter, NewPetitioner, Person, Registration};
use crate::service::{current_unix_user, Desk, DeskApi, DeskCalls, ServiceError};
use crate::store::OpenOptions;
use std::io::Write;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const STAFF: &str = r#"{"type":"town","code":"370211001","name":"辛安街道"}
{"type":"category","code":"jy","name":"教育"}
{"type":"unit","code":"xfj","name":"区信访局"}
{"type":"staff","login":"zhangli","name":"张丽","role":"receptionist","unit":"xfj"}
{"type":"staff","login":"zhaomin","name":"赵敏","role":"leader"}
{"type":"staff","login":"gone","name":"离职","role":"receptionist","unit":"xfj","disabled":true}
"#;

struct Running {
    _dir: tempfile::TempDir,
    socket: PathBuf,
    stopper: Stopper,
    thread: Option<JoinHandle<crate::service::Result<super::Served>>>,
    /// Who the next connection is.
    who: Arc<Mutex<Option<String>>>,
    /// The store the server serves, for a desk of the test's own.
    store: Arc<crate::store::Store>,
}

impl Running {
    fn start(max_clients: usize) -> Running {
        Running::start_with(|o| o.max_clients = max_clients)
    }

    /// A server with the options `set` gives it.
    fn start_with(set: impl FnOnce(&mut ServeOptions)) -> Running {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("db");
        let desk = Desk::init(&db, &OpenOptions::default(), &current_unix_user()).unwrap();
        let lines: Box<dyn std::io::BufRead> = Box::new(STAFF.as_bytes());
        desk.import_sources(vec![("staff.jsonl".into(), lines)])
            .unwrap();
        let who = Arc::new(Mutex::new(Some("zhangli".to_string())));
        let w = Arc::clone(&who);
        let identify: Identify = Arc::new(move |_: &Peer| w.lock().unwrap().clone());
        let socket = dir.path().join("db.sock");
        let store = desk.shared_store();
        let mut opts = ServeOptions {
            identify,
            ..ServeOptions::new(socket.clone())
        };
        set(&mut opts);
        let server = Server::bind(desk.shared_store(), opts).unwrap();
        let stopper = server.stopper();
        let thread = std::thread::spawn(move || server.run());
        Running {
            _dir: dir,
            socket,
            stopper,
            thread: Some(thread),
            who,
            store,
        }
    }

    fn connect_as(&self, login: Option<&str>) -> crate::service::Result<Client> {
        *self.who.lock().unwrap() = login.map(String::from);
        Client::connect(&self.socket)
    }

    fn stop(&mut self) -> super::Served {
        self.stopper.stop();
        self.thread.take().unwrap().join().unwrap().unwrap()
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        if let Some(t) = self.thread.take() {
            self.stopper.stop();
            let _ = t.join();
        }
    }
}

fn refusal(r: crate::service::Result<Client>) -> String {
    match r {
        Err(ServiceError::Server { detail, .. }) => detail,
        Err(e) => panic!("not a refusal: {e}"),
        Ok(c) => panic!("served as {:?}", DeskApi::user(&c)),
    }
}

fn walk_in(name: &str) -> Registration {
    Registration {
        at: None,
        channel: Channel::Visit,
        level: Level::County,
        headcount: 1,
        person: Person::New(NewPetitioner {
            name: name.into(),
            town: Some("370211001".into()),
            ..Default::default()
        }),
        representatives: Vec::new(),
        letter_no: None,
        matter: MatterChoice::New(NewMatter {
            category: "jy".into(),
            summary: "学校撤并".into(),
            town: None,
            jurisdiction: Level::County,
        }),
        summary: String::new(),
        abnormal: false,
        correction: None,
    }
}

#[test]
fn each_peer_is_served_as_its_own_staff_login() {
    let mut s = Running::start(8);
    let zhang = s.connect_as(Some("zhangli")).unwrap();
    assert_eq!(zhang.user().login, "zhangli");
    assert_eq!(zhang.user().name, "张丽");
    assert_eq!(zhang.user().role, Role::Receptionist);
    let saved = zhang.register(walk_in("于营")).unwrap();
    let leader = s.connect_as(Some("zhaomin")).unwrap();
    assert_eq!(leader.user().role, Role::Leader);
    // The refusal arrives as the service's own error, so a desk words it
    // in its language as it would for an embedded store.
    let e = leader.register(walk_in("王五")).unwrap_err();
    assert!(
        matches!(
            e,
            ServiceError::Forbidden {
                role: Role::Leader,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        "leader \"zhaomin\" may not register contacts"
    );
    let local = Desk::shared(Arc::clone(&s.store), "zhaomin").unwrap();
    let here = local.register(&walk_in("王五")).unwrap_err();
    let zh = crate::i18n::Lang::Zh;
    assert_eq!(zh.error(&e), zh.error(&here));
    assert!(zh.error(&e).starts_with("领导无权"), "{}", zh.error(&e));
    // The leader sees what the receptionist saved, and the card is hers too.
    let found = leader.lookup("yy".into(), 5).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].id, saved.petitioner);
    assert_eq!(found[0].matters[0].ledger, saved.ledger);
    let card = leader.petitioner_card(saved.petitioner).unwrap().unwrap();
    assert_eq!(card.contacts.len(), 1);
    assert_eq!(card.contacts[0].receiver, "zhangli");
    assert!(leader.petitioner_card(999).unwrap().is_none());
    // check quotes whole ID numbers, so it is for admins only.
    assert!(matches!(
        zhang.check(),
        Err(ref e @ ServiceError::Forbidden { .. }) if e.to_string().contains("may not check")
    ));
    let served = s.stop();
    assert_eq!(served.connections, 2);
    assert_eq!(served.requests, 6);
    assert!(!s.socket.exists(), "the socket is removed on the way out");
}

#[test]
fn a_correction_with_a_registration_and_the_details_it_starts_from_go_through_the_server() {
    let s = Running::start(8);
    let zhang = s.connect_as(Some("zhangli")).unwrap();
    let mut first = walk_in("于营");
    if let Person::New(n) = &mut first.person {
        n.phones = vec!["13800138000".into()];
    }
    let saved = zhang.register(first).unwrap();
    let details = zhang.person_details(saved.petitioner).unwrap().unwrap();
    assert_eq!(details.phones, ["138****8000"], "masked on the wire too");
    let mut again = walk_in("");
    again.person = Person::Existing(saved.petitioner);
    again.matter = MatterChoice::Existing(saved.ledger);
    again.correction = Some(crate::service::register::Correction {
        town: details.town.clone(),
        address: Some("辛安路1号".into()),
        ..Default::default()
    });
    zhang.register(again).unwrap();
    let after = zhang.person_details(saved.petitioner).unwrap().unwrap();
    assert_eq!(after.address.as_deref(), Some("辛安路1号"));
    assert_eq!(
        after.phones, details.phones,
        "an empty slot keeps its number"
    );
}

#[test]
fn a_check_before_the_question_travels_and_writes_nothing() {
    use crate::domain::workflow::WorkflowError;
    use crate::domain::{MatterState, Step};
    use crate::service::act::ActionInput;
    let s = Running::start(8);
    let zhang = s.connect_as(Some("zhangli")).unwrap();
    let saved = zhang.register(walk_in("于营")).unwrap();
    let mut accept = ActionInput::new(Step::Accept);
    // Without its unit the server refuses it, as the service's own error.
    let e = zhang.check_act(saved.ledger, accept.clone()).unwrap_err();
    assert!(
        matches!(
            e,
            ServiceError::Workflow {
                error: WorkflowError::Missing { field: "unit", .. },
                ..
            }
        ),
        "{e:?}"
    );
    accept.unit = Some("xfj".into());
    zhang.check_act(saved.ledger, accept.clone()).unwrap();
    let m = zhang.matter(saved.ledger).unwrap().unwrap();
    assert_eq!((m.state, m.events.len()), (MatterState::Registered, 0));
    let m = zhang.act(saved.ledger, accept).unwrap();
    assert_eq!(m.state, MatterState::InProgress);
}

#[test]
fn an_unknown_user_is_refused_with_the_admins_named() {
    let s = Running::start(8);
    let admin = current_unix_user();
    let e = refusal(s.connect_as(Some("stranger")));
    assert_eq!(
        e,
        format!("Unix user \"stranger\" is not on the staff list of this database; ask an admin of this database ({admin}) to add \"stranger\"")
    );
    let e = refusal(s.connect_as(Some("gone")));
    assert_eq!(
        e,
        format!("staff login \"gone\" is disabled; ask an admin of this database ({admin}) to enable it again")
    );
    let e = refusal(s.connect_as(None));
    assert!(
        e.starts_with("Unix uid ")
            && e.contains("has no user name on the server")
            && e.contains(&admin),
        "{e}"
    );
    // The server goes on serving others.
    assert!(s.connect_as(Some("zhangli")).is_ok());
}

#[test]
fn a_login_disabled_while_connected_is_refused_at_its_next_request() {
    let s = Running::start(8);
    let zhang = s.connect_as(Some("zhangli")).unwrap();
    assert!(zhang.lookup("x".into(), 5).is_ok());
    let admin = Desk::shared(Arc::clone(&s.store), &current_unix_user()).unwrap();
    let off = r#"{"type":"staff","login":"zhangli","name":"张丽","role":"receptionist","unit":"xfj","disabled":true}"#;
    let lines: Box<dyn std::io::BufRead> = Box::new(off.as_bytes());
    admin
        .import_sources(vec![("off.jsonl".into(), lines)])
        .unwrap();
    match zhang.lookup("x".into(), 5) {
        Err(e @ ServiceError::Disabled { .. }) => {
            assert!(e.to_string().contains("disabled"), "{e}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_client_of_another_protocol_version_is_told_both_versions() {
    let s = Running::start(8);
    let hello = Hello {
        version: 99,
        release: "9.9.9".into(),
    };
    let e = refusal(Client::connect_as(&s.socket, &hello));
    assert_eq!(
        e,
        format!(
            "this server speaks xfdesk protocol {} (xfdesk {}) and your xfdesk 9.9.9 speaks protocol 99; use the same xfdesk release as the server (ask your admin to upgrade the desks or the server together)",
            crate::server::protocol::PROTOCOL_VERSION,
            env!("CARGO_PKG_VERSION")
        )
    );
}

/// A connection past the handshake, spoken to frame by frame.
fn raw(s: &Running) -> UnixStream {
    let mut stream = UnixStream::connect(&s.socket).unwrap();
    write_frame(&mut stream, "a hello", &Hello::this_release(), MAX_REQUEST).unwrap();
    let reply: HelloReply = read_frame(&mut stream, "a reply", MAX_RESPONSE).unwrap();
    assert!(matches!(reply, HelloReply::Welcome(_)), "{reply:?}");
    stream
}

#[test]
fn an_oversized_frame_is_refused_and_the_connection_closed() {
    let s = Running::start(8);
    let mut stream = raw(&s);
    let len = (MAX_REQUEST + 1) as u32;
    stream.write_all(&len.to_be_bytes()).unwrap();
    let resp: ServerFrame = read_frame(&mut stream, "a response", MAX_RESPONSE).unwrap();
    match resp {
        ServerFrame::Reply(Err(WireError::Other { kind, message })) => {
            assert_eq!(kind, ErrorKind::Protocol);
            assert_eq!(
                message,
                "a request of 1048577 bytes is larger than the limit of 1048576 bytes"
            );
        }
        other => panic!("{other:?}"),
    }
    let closed = super::protocol::read_body(&mut stream, "a response", MAX_RESPONSE);
    assert!(matches!(closed, Err(super::protocol::FrameError::Closed)));
}

#[test]
fn an_undecodable_request_is_answered_and_the_connection_kept() {
    let s = Running::start(8);
    let mut stream = raw(&s);
    stream.write_all(&[0, 0, 0, 2, 77, 77]).unwrap();
    let resp: ServerFrame = read_frame(&mut stream, "a response", MAX_RESPONSE).unwrap();
    assert!(
        matches!(&resp, ServerFrame::Reply(Err(WireError::Other { kind: ErrorKind::Protocol, message })) if message.starts_with("a request could not be decoded")),
        "{resp:?}"
    );
    let req = Request::Call(Box::new(Call::lookup {
        query: "x".into(),
        limit: 1,
    }));
    write_frame(&mut stream, "a request", &req, MAX_REQUEST).unwrap();
    let resp: ServerFrame = read_frame(&mut stream, "a response", MAX_RESPONSE).unwrap();
    let empty: Vec<crate::service::lookup::Found> = Vec::new();
    assert_eq!(
        resp,
        ServerFrame::Reply(Ok(postcard::to_allocvec(&empty).unwrap()))
    );
}

#[test]
fn a_client_past_the_limit_is_told_to_try_again() {
    let s = Running::start(1);
    let first = s.connect_as(Some("zhangli")).unwrap();
    let e = refusal(s.connect_as(Some("zhangli")));
    assert_eq!(
        e,
        "the server is serving its limit of 1 connections; try again shortly, or ask an admin to raise --max-clients"
    );
    drop(first);
}

#[test]
fn a_stop_ends_idle_and_half_sent_connections_and_keeps_what_was_saved() {
    let mut s = Running::start(8);
    let zhang = s.connect_as(Some("zhangli")).unwrap();
    let saved = zhang.register(walk_in("于营")).unwrap();
    // One waiting for a request, one in the middle of a frame.
    let _idle = s.connect_as(Some("zhangli")).unwrap();
    let mut half = raw(&s);
    half.write_all(&[0, 0, 1]).unwrap();
    s.stop();
    assert!(!s.socket.exists());
    let desk = Desk::shared(Arc::clone(&s.store), &current_unix_user()).unwrap();
    assert_eq!(
        desk.matter(saved.ledger).unwrap().unwrap().contacts.len(),
        1
    );
    assert!(desk.check().unwrap().is_ok());
    match zhang.lookup("yy".into(), 5) {
        Err(e @ ServiceError::Stopped { .. }) => {
            assert!(e.to_string().contains("closed the connection"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hello_trickled_a_byte_at_a_time_is_cut_off_at_the_deadline() {
    let s = Running::start_with(|o| o.handshake_time = Duration::from_millis(300));
    let mut stream = UnixStream::connect(&s.socket).unwrap();
    let started = Instant::now();
    // A frame long enough never to end: one byte every 20 ms keeps a read
    // timeout from ever firing, not the deadline.
    stream
        .write_all(&(MAX_REQUEST as u32).to_be_bytes())
        .unwrap();
    let cut = (0..500).find_map(|_| {
        std::thread::sleep(Duration::from_millis(20));
        stream.write_all(&[0]).err()
    });
    let cut = cut.expect("the server kept a trickling hello for 10 s");
    assert!(started.elapsed() >= Duration::from_millis(300), "{cut}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_login_past_its_limit_of_connections_is_refused_and_another_still_served() {
    let s = Running::start_with(|o| {
        o.max_clients = 64;
        o.max_per_login = 8;
    });
    let eight: Vec<Client> = (0..8)
        .map(|_| s.connect_as(Some("zhangli")).unwrap())
        .collect();
    let e = refusal(s.connect_as(Some("zhangli")));
    assert_eq!(
        e,
        "staff login \"zhangli\" already has its limit of 8 connections to this server; close a desk or a command of yours, or ask an admin to raise --max-per-login"
    );
    let zhao = s.connect_as(Some("zhaomin")).unwrap();
    assert_eq!(DeskApi::user(&zhao).login, "zhaomin");
    // The eight are still served.
    assert!(eight[7].lookup("x".into(), 1).unwrap().is_empty());
}

#[test]
fn an_import_larger_than_the_server_holds_is_refused_with_the_limit() {
    let s = Running::start_with(|o| o.max_import = 2000);
    let admin = s.connect_as(Some(&current_unix_user())).unwrap();
    let big = format!(
        "{}\n",
        r#"{"type":"town","code":"370211002","name":"长江路街道"}"#.repeat(60)
    );
    assert!(big.len() > 2000);
    let lines: Box<dyn std::io::BufRead> = Box::new(std::io::Cursor::new(big.into_bytes()));
    match admin.import_sources(vec![("towns.jsonl".into(), lines)]) {
        Err(ServiceError::Invalid(m)) => assert_eq!(
            m,
            "an import through the server may send at most 2000 bytes in all, which it holds in memory until the import; import larger files on the server itself with the server stopped"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(admin.towns().unwrap().len(), 1);
}

#[test]
fn a_trail_longer_than_one_answer_holds_comes_newest_first_with_its_length() {
    let s = Running::start(4);
    let admin = current_unix_user();
    let desk = Desk::shared(Arc::clone(&s.store), &admin).unwrap();
    let many = super::protocol::MAX_ROWS + 5;
    let mut ws = crate::store::WriteSet::new(&s.store);
    for i in 0..many {
        desk.audit(&mut ws, "lookup".into(), format!("looked up {i}"))
            .unwrap();
    }
    ws.commit().unwrap();
    let client = s.connect_as(Some(&admin)).unwrap();
    let page = client.audit_query(Default::default(), usize::MAX).unwrap();
    assert_eq!(page.rows.len(), super::protocol::MAX_ROWS);
    // The import of the staff list left entries before these.
    assert!(page.total > many, "{}", page.total);
    assert_eq!(
        page.rows.last().unwrap().what,
        format!("looked up {}", many - 1)
    );
    // On the server's own store the whole trail is there.
    assert_eq!(
        desk.audit_query(&Default::default()).unwrap().len(),
        page.total
    );
}

#[test]
fn a_second_import_waits_for_the_one_being_sent_so_the_server_holds_one() {
    let s = Running::start(8);
    *s.who.lock().unwrap() = Some(current_unix_user());
    let mut first = raw(&s);
    let ask = |stream: &mut UnixStream, req: Request| {
        write_frame(stream, "a request", &req, MAX_REQUEST).unwrap();
        let resp: ServerFrame = read_frame(stream, "a response", MAX_RESPONSE).unwrap();
        resp
    };
    let start = Request::ImportFile {
        name: "towns.jsonl".into(),
    };
    assert!(matches!(
        ask(&mut first, start.clone()),
        ServerFrame::Reply(Ok(_))
    ));
    let second = s.connect_as(Some(&current_unix_user())).unwrap();
    let lines: Box<dyn std::io::BufRead> = Box::new(std::io::Cursor::new(Vec::new()));
    match second.import_sources(vec![("more.jsonl".into(), lines)]) {
        Err(ServiceError::Invalid(m)) => assert_eq!(
            m,
            "another import is being sent to this server; the server takes one at a time, so try again once it has run"
        ),
        other => panic!("{other:?}"),
    }
    // Once the first connection has gone, the second may import.
    drop(first);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let lines: Box<dyn std::io::BufRead> = Box::new(std::io::Cursor::new(Vec::new()));
        match second.import_sources(vec![("more.jsonl".into(), lines)]) {
            Ok(_) => break,
            Err(_) if Instant::now() < deadline => {}
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn a_login_is_paced_across_all_its_connections_and_flagged_once() {
    let s = Running::start(8);
    let one = s.connect_as(Some("zhangli")).unwrap();
    let two = s.connect_as(Some("zhangli")).unwrap();
    // Eleven searches each: neither connection alone passes the burst.
    for q in "赵钱孙李周吴郑王冯陈褚".chars() {
        one.lookup(q.to_string(), 5).unwrap();
        two.lookup(format!("{q}{q}"), 5).unwrap();
    }
    let admin = Desk::shared(Arc::clone(&s.store), &current_unix_user()).unwrap();
    let flags: Vec<String> = admin
        .audit_query(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|e| e.what.starts_with("lookup rate exceeded"))
        .map(|e| e.what)
        .collect();
    assert_eq!(flags.len(), 1, "{flags:?}");
    assert!(
        flags[0].starts_with("lookup rate exceeded by zhangli: 21 searches in "),
        "{flags:?}"
    );
}
