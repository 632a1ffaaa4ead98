//! A server that stops while a desk or a command waits for an answer: what
//! they are told (a write may have been saved; a read only failed), and a
//! desk screen going through the next server without ever opening the
//! database itself.

mod common;

use common::{walk_in, OFFICE};
use std::io::BufRead;
use std::os::unix::net::UnixListener;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc};
use std::time::Duration;
use time::UtcOffset;
use xfdesk::domain::{Role, Staff};
use xfdesk::i18n::Lang;
use xfdesk::server::backend::open_desk_screens;
use xfdesk::server::protocol::{
    read_frame, write_frame, Hello, HelloReply, Request, ServerFrame, Welcome, MAX_REQUEST,
    MAX_RESPONSE,
};
use xfdesk::server::reconnect::Reconnecting;
use xfdesk::server::stopped::Cut;
use xfdesk::server::{Client, Identify, Peer, ServeOptions, Server, Stopper};
use xfdesk::service::api::{About, Sources};
use xfdesk::service::{current_unix_user, Desk, DeskApi, DeskCalls, ServiceError};
use xfdesk::store::OpenOptions;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::{update, Model, Msg};

/// How long a push may take to arrive before the test fails.
const PUSH_DEADLINE: Duration = Duration::from_secs(5);

/// A stand-in server on `listener`: shakes hands with one connection, then
/// answers its requests with `answer` until that gives `None`, and closes
/// the connection without answering that request.
fn fake_server(
    listener: UnixListener,
    answer: impl Fn(&Request) -> Option<Vec<u8>> + Send + 'static,
) -> std::thread::JoinHandle<Vec<Request>> {
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let _: Hello = read_frame(&mut stream, "a hello", MAX_REQUEST).unwrap();
        let welcome = HelloReply::Welcome(Welcome {
            staff: Staff {
                login: current_unix_user(),
                name: "管理员".into(),
                role: Role::Admin,
                unit: None,
                disabled: false,
            },
            about: About { tz: UtcOffset::UTC },
            release: "test".into(),
        });
        write_frame(&mut stream, "a welcome", &welcome, MAX_RESPONSE).unwrap();
        let mut seen = Vec::new();
        loop {
            // The client may leave first.
            let Ok(request) = read_frame::<_, Request>(&mut stream, "a request", MAX_REQUEST)
            else {
                return seen;
            };
            let reply = answer(&request);
            seen.push(request);
            let Some(body) = reply else {
                // Dropped here, the request read and not answered: a server
                // killed between finishing the work and sending its answer.
                return seen;
            };
            let frame = ServerFrame::Reply(Ok(body));
            write_frame(&mut stream, "a reply", &frame, MAX_RESPONSE).unwrap();
        }
    })
}

/// `()` as the server encodes it.
fn unit() -> Vec<u8> {
    postcard::to_allocvec(&()).unwrap()
}

fn one_file(text: &str) -> Sources {
    let src: Box<dyn BufRead> = Box::new(std::io::Cursor::new(text.as_bytes().to_vec()));
    vec![("office.jsonl".into(), src)]
}

#[test]
fn an_import_whose_server_stops_before_answering_may_have_been_saved_and_says_how_to_tell() {
    let dir = tempfile::TempDir::new().unwrap();
    let socket = dir.path().join("db.sock");
    // The file's parts are answered; the import itself never is.
    let server = fake_server(UnixListener::bind(&socket).unwrap(), |r| {
        (!matches!(r, Request::Import)).then(unit)
    });
    let client = Client::connect(&socket).unwrap();
    let e = client.import_sources(one_file(OFFICE)).unwrap_err();
    let seen = server.join().unwrap();
    assert!(matches!(seen.last(), Some(Request::Import)), "{seen:?}");
    assert!(
        matches!(
            e,
            ServiceError::Stopped {
                cut: Cut::Import,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "xfdesk serve at {}: the server stopped before answering: the import may have been saved; run `xfdesk check` (it says whether an import cut short was finished) or look for its records before importing again",
            socket.display()
        )
    );
}

#[test]
fn a_file_cut_off_while_being_sent_was_not_imported_and_is_not_said_to_be() {
    let dir = tempfile::TempDir::new().unwrap();
    let socket = dir.path().join("db.sock");
    // The server holds a file's bytes in memory only, until `Import`.
    let server = fake_server(UnixListener::bind(&socket).unwrap(), |r| {
        matches!(r, Request::ImportFile { .. }).then(unit)
    });
    let client = Client::connect(&socket).unwrap();
    let e = client.import_sources(one_file(OFFICE)).unwrap_err();
    server.join().unwrap();
    assert!(
        matches!(e, ServiceError::Stopped { cut: Cut::Read, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("closed the connection"), "{e}");
    assert!(!e.to_string().contains("may have been saved"), "{e}");
}

#[test]
fn a_registration_whose_answer_is_lost_may_have_been_saved_and_a_lookup_only_failed() {
    let dir = tempfile::TempDir::new().unwrap();
    let socket = dir.path().join("db.sock");
    let server = fake_server(UnixListener::bind(&socket).unwrap(), |_| None);
    let client = Client::connect(&socket).unwrap();
    let e = client
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap_err();
    server.join().unwrap();
    assert_eq!(
        e.to_string(),
        format!(
            "xfdesk serve at {}: the server stopped before answering: this change may have been saved; look for it before making it again",
            socket.display()
        )
    );
    assert_eq!(
        Lang::Zh.error(&e),
        "服务器未答复就停止了：此项更改可能已保存，重做之前请先查找"
    );

    let _ = std::fs::remove_file(&socket);
    let server = fake_server(UnixListener::bind(&socket).unwrap(), |_| None);
    let client = Client::connect(&socket).unwrap();
    let e = client.lookup("yy".into(), 5).unwrap_err();
    server.join().unwrap();
    assert!(
        matches!(e, ServiceError::Stopped { cut: Cut::Read, .. }),
        "{e:?}"
    );
    assert!(!e.to_string().contains("saved"), "{e}");
    // A connection known to be gone sends nothing more: nothing can be saved.
    let e = client
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap_err();
    assert!(
        matches!(e, ServiceError::Stopped { cut: Cut::Read, .. }),
        "{e:?}"
    );
}

/// An office database, served in process as the test's own Unix user.
struct Office {
    _dir: tempfile::TempDir,
    db: PathBuf,
    socket: PathBuf,
    /// Holds the database, as a server does, for the whole test.
    admin: Desk,
}

impl Office {
    fn new() -> Office {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("db");
        let admin = Desk::init(&db, &OpenOptions::default(), &current_unix_user()).unwrap();
        admin.import_sources(one_file(OFFICE)).unwrap();
        let socket = dir.path().join("db.sock");
        Office {
            _dir: dir,
            db,
            socket,
            admin,
        }
    }

    /// A server of the database on its socket, serving every connection
    /// as the database's admin.
    fn serve(&self) -> Running {
        let login = current_unix_user();
        let identify: Identify = Arc::new(move |_: &Peer| Some(login.clone()));
        let server = Server::bind(
            self.admin.shared_store(),
            ServeOptions {
                identify,
                ..ServeOptions::new(self.socket.clone())
            },
        )
        .unwrap();
        let stopper = server.stopper();
        Running {
            stopper,
            thread: Some(std::thread::spawn(move || server.run())),
        }
    }
}

struct Running {
    stopper: Stopper,
    thread: Option<std::thread::JoinHandle<xfdesk::service::Result<xfdesk::server::Served>>>,
}

impl Running {
    fn stop(mut self) {
        self.stopper.stop();
        self.thread.take().unwrap().join().unwrap().unwrap();
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

fn screens_desk(office: &Office) -> Box<dyn DeskApi> {
    open_desk_screens(
        &office.db,
        &office.socket,
        &OpenOptions::default(),
        &current_unix_user(),
    )
    .unwrap()
}

fn no_server(e: &ServiceError, socket: &Path) {
    match e {
        ServiceError::Server { socket: s, detail } => {
            assert_eq!(s, socket);
            assert!(detail.contains("no server is running"), "{detail}");
        }
        other => panic!("not about the server: {other:?}"),
    }
}

#[test]
fn a_desk_whose_server_stops_says_so_and_goes_through_the_next_server_never_the_database() {
    let office = Office::new();
    let first = office.serve();
    let desk = screens_desk(&office);
    let (tx, heard) = mpsc::channel();
    desk.watch(Box::new(move |c| {
        let _ = tx.send(c);
    }))
    .unwrap();
    let towns = desk.towns().unwrap();
    assert!(!towns.is_empty());

    first.stop();
    let e = desk.towns().unwrap_err();
    assert!(
        matches!(
            e,
            ServiceError::Stopped {
                cut: Cut::Read,
                reconnect: true,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!(
            "xfdesk serve at {}: the server stopped; reconnecting at the next step (try again)",
            office.socket.display()
        )
    );
    // No server yet: the desk says so and does not open the database, which
    // this process holds (a desk that did would be refused as locked).
    no_server(&desk.towns().unwrap_err(), &office.socket);
    no_server(
        &desk
            .register(walk_in("于营", "", "jy", "学校撤并"))
            .unwrap_err(),
        &office.socket,
    );

    let _second = office.serve();
    assert_eq!(desk.towns().unwrap(), towns);
    let saved = desk
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap();
    assert_eq!(
        office
            .admin
            .matter(saved.ledger)
            .unwrap()
            .unwrap()
            .contacts
            .len(),
        1
    );
    assert_eq!(
        desk.location(),
        format!("xfdesk serve at {}", office.socket.display())
    );
    // Live refresh goes on through the new connection.
    let other = Client::connect(&office.socket).unwrap();
    other.register(walk_in("王芳", "", "jy", "校车")).unwrap();
    let changed = heard.recv_timeout(PUSH_DEADLINE).expect("a push");
    assert_eq!(changed.what, "register");
}

#[test]
fn the_desk_screen_says_on_its_status_line_that_the_server_stopped_and_stays_open() {
    let office = Office::new();
    let first = office.serve();
    let desk = screens_desk(&office);
    let mut model = Model::new(&*desk, Lang::Zh, desk.today()).unwrap();
    update(&mut model, Msg::Action(Action::Lookup), &*desk).unwrap();
    first.stop();
    // A lookup being typed finds the server gone: said, and the desk goes on.
    update(&mut model, Msg::Text("y".into()), &*desk).unwrap();
    assert_eq!(
        model.ctx.status.as_deref(),
        Some("服务器已停止，下一步操作时将重新连接（请重试）")
    );
    update(&mut model, Msg::Text("y".into()), &*desk).unwrap();
    let said = model.ctx.status.clone().unwrap();
    assert!(said.contains("no server is running"), "{said}");
    let _second = office.serve();
    update(&mut model, Msg::Backspace, &*desk).unwrap();
    assert_eq!(model.ctx.status, None);
}

#[test]
fn a_desk_change_whose_answer_is_lost_is_not_sent_again_and_the_next_call_reconnects() {
    let dir = tempfile::TempDir::new().unwrap();
    let db = dir.path().join("db");
    std::fs::create_dir(&db).unwrap();
    let socket = dir.path().join("db.sock");
    let server = fake_server(UnixListener::bind(&socket).unwrap(), |_| None);
    let desk = Reconnecting::new(Client::connect(&socket).unwrap(), db);
    let e = desk
        .register(walk_in("于营", "", "jy", "学校撤并"))
        .unwrap_err();
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 1, "sent once, never again: {seen:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "xfdesk serve at {}: the server stopped; this change may or may not have been saved: look for it before making it again (reconnecting at the next step)",
            socket.display()
        )
    );
    assert_eq!(
        Lang::Zh.error(&e),
        "服务器已停止：此项更改可能已保存，也可能没有，重做之前请先查找（下一步操作时将重新连接）"
    );
    assert!(!desk.connected());

    std::fs::remove_file(&socket).unwrap();
    let no_towns = postcard::to_allocvec(&Vec::<xfdesk::domain::Town>::new()).unwrap();
    let server = fake_server(UnixListener::bind(&socket).unwrap(), move |r| {
        matches!(r, Request::Call(_)).then(|| no_towns.clone())
    });
    assert_eq!(desk.towns().unwrap(), vec![]);
    assert!(desk.connected());
    drop(desk);
    // Only the read went to the new server: the registration was not replayed.
    let seen = server.join().unwrap();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert!(format!("{:?}", seen[0]).contains("towns"), "{seen:?}");
}
