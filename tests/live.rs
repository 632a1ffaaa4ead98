//! Desks served by `xfdesk serve` (in process, each connection the login the
//! test says): the same answers as the embedded store, streamed import and
//! export, report progress, and live refresh of a watching desk's screens.

mod common;

use common::{walk_in, INTERCHANGE_EXAMPLE, OFFICE};
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use time::macros::date;
use xfdesk::domain::period::Period;
use xfdesk::domain::Step;
use xfdesk::i18n::Lang;
use xfdesk::server::{Client, Identify, Peer, ServeOptions, Server, Stopper};
use xfdesk::service::act::ActionInput;
use xfdesk::service::api::Changed;
use xfdesk::service::queues::Queue;
use xfdesk::service::{current_unix_user, Desk, DeskApi, DeskCalls, ServiceError};
use xfdesk::store::OpenOptions;
use xfdesk::tui::action::Action as KeyAction;
use xfdesk::tui::model::{update, List, Model, Msg, Screen};

/// How long a push may take to arrive before the test fails.
const PUSH_DEADLINE: Duration = Duration::from_secs(5);

struct Served {
    _dir: tempfile::TempDir,
    socket: PathBuf,
    stopper: Stopper,
    thread: Option<std::thread::JoinHandle<xfdesk::service::Result<xfdesk::server::Served>>>,
    who: Arc<Mutex<String>>,
    /// A desk of the test's own on the served store, as the admin.
    admin: Desk,
}

impl Served {
    fn start(data: &str) -> Served {
        let dir = tempfile::TempDir::new().unwrap();
        let admin = Desk::init(
            &dir.path().join("db"),
            &OpenOptions::default(),
            &current_unix_user(),
        )
        .unwrap();
        let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(data.as_bytes().to_vec()));
        admin
            .import_sources(vec![("office.jsonl".into(), src)])
            .unwrap();
        let who = Arc::new(Mutex::new(current_unix_user()));
        let w = Arc::clone(&who);
        let identify: Identify = Arc::new(move |_: &Peer| Some(w.lock().unwrap().clone()));
        let socket = dir.path().join("db.sock");
        let server = Server::bind(
            admin.shared_store(),
            ServeOptions {
                socket: socket.clone(),
                max_clients: 8,
                identify,
                ..ServeOptions::new(socket.clone())
            },
        )
        .unwrap();
        let stopper = server.stopper();
        let thread = Some(std::thread::spawn(move || server.run()));
        Served {
            _dir: dir,
            socket,
            stopper,
            thread,
            who,
            admin,
        }
    }

    fn connect(&self, login: &str) -> Client {
        *self.who.lock().unwrap() = login.to_string();
        Client::connect(&self.socket).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.stopper.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A channel that receives every change the desk is told of.
fn watch(desk: &dyn DeskApi) -> mpsc::Receiver<Changed> {
    let (tx, rx) = mpsc::channel();
    desk.watch(Box::new(move |c| {
        let _ = tx.send(c);
    }))
    .unwrap();
    rx
}

#[test]
fn a_watching_desk_hears_of_each_change_by_another_desk_and_of_nothing_else() {
    let s = Served::start(OFFICE);
    let zhang = s.connect("zhangli");
    let chen = s.connect("chenjing");
    let heard = watch(&zhang);
    // Its own registration is not told back to it; reads are not changes.
    zhang
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap();
    chen.lookup("于营".into(), 5).unwrap();
    let saved = chen
        .register(walk_in("王五", "", "cxjs", "道路破损"))
        .unwrap();
    let first = heard.recv_timeout(PUSH_DEADLINE).expect("a push");
    assert_eq!(
        first,
        Changed {
            by: "chenjing".into(),
            what: "register".into()
        }
    );
    // An action on a matter is a change too.
    let mut input = ActionInput::new(Step::Accept);
    input.unit = Some("zrj".into());
    chen.act(saved.ledger, input).unwrap();
    let second = heard.recv_timeout(PUSH_DEADLINE).expect("a push");
    assert_eq!(
        (second.by.as_str(), second.what.as_str()),
        ("chenjing", "act")
    );
}

#[test]
fn the_home_screen_and_an_open_list_show_another_desks_registration() {
    let s = Served::start(OFFICE);
    let desk = s.connect("zhangli");
    let heard = watch(&desk);
    let today = desk.today();
    let mut model = Model::new(&desk, Lang::Zh, today).unwrap();
    // The desk has its own matters open: none yet.
    model.s.home.selected = List::HOME
        .iter()
        .position(|l| *l == List::Queue(Queue::Mine))
        .unwrap();
    update(&mut model, Msg::Action(KeyAction::Open), &desk).unwrap();
    assert_eq!(model.screen(), Screen::List);
    assert_eq!(model.s.list.list, List::Queue(Queue::Mine));
    assert!(model.s.list.matters.is_empty());
    let before = model.s.home.counts.clone();

    // Another window of the same person (a second SSH session) registers.
    let other = s.connect("zhangli");
    let saved = other
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap();
    let changed = heard.recv_timeout(PUSH_DEADLINE).expect("a push");
    update(&mut model, Msg::Changed(changed), &desk).unwrap();
    assert_eq!(
        model.screen(),
        Screen::List,
        "the screen stays where it was"
    );
    assert_eq!(model.s.list.matters.len(), 1);
    assert_eq!(model.s.list.matters[0].matter.ledger, saved.ledger);
    assert_eq!(model.s.home.counts.my_matters, before.my_matters + 1);
    assert_eq!(
        model.s.home.counts.today_contacts,
        before.today_contacts + 1
    );
}

#[test]
fn a_refusal_through_the_server_reads_as_the_embedded_stores_in_chinese() {
    let s = Served::start(OFFICE);
    let served = s.connect("zhangli");
    let local = Desk::shared(s.admin.shared_store(), "zhangli").unwrap();
    let zh = Lang::Zh;
    let remote = served.export(&mut Vec::new(), "x").unwrap_err();
    let here = local.export(&mut Vec::new(), "x").unwrap_err();
    assert!(
        matches!(remote, ServiceError::Forbidden { .. }),
        "{remote:?}"
    );
    assert_eq!(zh.error(&remote), zh.error(&here));
    assert!(zh.error(&remote).contains("无权"), "{}", zh.error(&remote));
    // A form's problems keep their fields, so they sit beside them.
    let mut r = walk_in("", "110101199003070", "jy", "");
    r.headcount = 0;
    let remote = served.register(r.clone()).unwrap_err();
    let here = local.register(&r).unwrap_err();
    match (&remote, &here) {
        (ServiceError::Form(a), ServiceError::Form(b)) => {
            assert_eq!(a, b);
            assert!(a.iter().any(|e| e.field == "name"), "{a:?}");
            let words: Vec<String> = a.iter().map(|e| zh.field_error(e)).collect();
            assert!(words.contains(&"请填写姓名".to_string()), "{words:?}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn import_export_and_reports_through_the_server_equal_the_embedded_stores() {
    let s = Served::start(OFFICE);
    let admin = s.connect(&current_unix_user());
    // An import with a bad line is refused whole, with its line named.
    let bad = format!("{INTERCHANGE_EXAMPLE}\n{{\"type\":\"petitioner\",\"ref\":\"px\"}}\n");
    let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(bad.into_bytes()));
    match admin.import_sources(vec![("bad.jsonl".into(), src)]) {
        Err(ServiceError::Import(problems)) => {
            assert!(
                problems.iter().all(|p| p.file == "bad.jsonl"),
                "{problems:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A file larger than one chunk travels whole.
    let mut big = INTERCHANGE_EXAMPLE.to_string();
    for i in 0..6000 {
        big.push_str(&format!(
            "{{\"type\":\"petitioner\",\"ref\":\"q{i}\",\"name\":\"批量{i}\"}}\n"
        ));
    }
    assert!(big.len() > xfdesk::server::protocol::IMPORT_CHUNK);
    let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(big.into_bytes()));
    let summary = admin
        .import_sources(vec![("big.jsonl".into(), src)])
        .unwrap();
    assert_eq!(summary.petitioners, 6001);

    let mut served = Vec::new();
    admin.export(&mut served, "through the server").unwrap();
    let mut here = Vec::new();
    s.admin.export(&mut here, "here").unwrap();
    assert!(served.len() > xfdesk::server::protocol::IMPORT_CHUNK);
    assert!(
        served == here,
        "the export streamed through the server is the same bytes"
    );

    let year = Period {
        from: date!(2026 - 01 - 01),
        to: date!(2026 - 12 - 31),
    };
    let mut seen = Vec::new();
    let stats = admin
        .stats_with_progress(&year, &mut |p| seen.push(p))
        .unwrap();
    assert_eq!(stats, s.admin.stats(&year).unwrap());
    assert!(!seen.is_empty(), "progress is told while it runs");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    let rules = xfdesk::domain::rules::Rules::three_no();
    let scores = admin
        .scorecard_with_progress(&rules, &year, &mut |_| {})
        .unwrap();
    assert_eq!(scores, s.admin.scorecard(&rules, &year).unwrap());
}
