//! A server that stops while a desk or a command waits for an answer: what
//! they are told (a write may have been saved; a read only failed).

mod common;

use common::{walk_in, OFFICE};
use std::io::BufRead;
use std::os::unix::net::UnixListener;
use time::UtcOffset;
use xfdesk::domain::{Role, Staff};
use xfdesk::i18n::Lang;
use xfdesk::server::protocol::{
    read_frame, write_frame, Hello, HelloReply, Request, ServerFrame, Welcome, MAX_REQUEST,
    MAX_RESPONSE,
};
use xfdesk::server::stopped::Cut;
use xfdesk::server::Client;
use xfdesk::service::api::{About, Sources};
use xfdesk::service::{current_unix_user, DeskApi, DeskCalls, ServiceError};

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
