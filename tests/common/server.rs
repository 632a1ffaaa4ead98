//! `xfdesk serve` as a child process of a test, on a database the test made.

use super::bin::command;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use xfdesk::server::Client;

/// How long a server may take to start.
const DEADLINE: Duration = Duration::from_secs(60);

/// `xfdesk serve` as a child, its standard error read as it comes.
pub struct ServerProc {
    child: Child,
    pub socket: PathBuf,
    log: Arc<Mutex<Vec<String>>>,
}

impl ServerProc {
    /// Starts a server and returns once it says it listens.
    pub fn start(db: &Path) -> ServerProc {
        ServerProc::start_with(db, |_| {})
    }

    /// Starts a server run as the Unix user `uid` (the test runs as root).
    pub fn start_as(db: &Path, uid: u32) -> ServerProc {
        use std::os::unix::process::CommandExt;
        ServerProc::start_with(db, |c| {
            c.uid(uid).gid(uid);
        })
    }

    /// Starts a server with more options after `serve`.
    pub fn start_with_args(db: &Path, args: &[&str]) -> ServerProc {
        ServerProc::start_with(db, |c| {
            c.args(args);
        })
    }

    fn start_with(db: &Path, set: impl FnOnce(&mut std::process::Command)) -> ServerProc {
        let socket = db.with_file_name("db.sock");
        let mut serve = command(db);
        serve
            .args(["serve", "--socket", socket.to_str().unwrap()])
            .stderr(Stdio::piped());
        set(&mut serve);
        let mut child = serve.spawn().unwrap();
        let (tx, rx) = mpsc::channel();
        let log = Arc::new(Mutex::new(Vec::new()));
        let lines = BufReader::new(child.stderr.take().unwrap());
        let keep = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.lines().map_while(Result::ok) {
                keep.lock().unwrap().push(line.clone());
                let _ = tx.send(line);
            }
        });
        loop {
            match rx.recv_timeout(DEADLINE) {
                Ok(l) if l.starts_with("xfdesk serve: ") && l.contains(" on ") => break,
                Ok(_) => {}
                Err(_) => panic!(
                    "the server did not start: {:?}, {:?}",
                    child.try_wait(),
                    log.lock().unwrap()
                ),
            }
        }
        ServerProc { child, socket, log }
    }

    /// The server's process id, to read its memory from /proc.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn connect(&self) -> Client {
        Client::connect(&self.socket).unwrap()
    }

    /// SIGTERM, then its exit and everything it logged.
    pub fn terminate(mut self) -> (ExitStatus, String) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
        let status = self.child.wait().unwrap();
        let log = self.log.lock().unwrap().join("\n");
        (status, log)
    }

    pub fn kill_hard(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for ServerProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
