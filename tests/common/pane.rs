//! A pane of tmux running the real binary: start it, send keys, read the
//! screen as a person sees it.

use std::process::Command;
use std::time::{Duration, Instant};

pub struct Pane {
    pub session: String,
    /// Each pane has its own tmux server: when tests share one, a session
    /// ending as another starts can catch the server on its way out
    /// ("server exited unexpectedly").
    pub socket: std::path::PathBuf,
    _tmp: tempfile::TempDir,
}

impl Pane {
    /// Starts `xfdesk demo` in a fresh 100×30 tmux session.
    pub fn demo(tag: &str) -> Pane {
        Pane::start(tag, tempfile::TempDir::new().unwrap(), "demo")
    }

    /// Starts `xfdesk ARGS` in a fresh 100×30 tmux session, with `tmp` as
    /// its temporary directory.
    pub fn start(tag: &str, tmp: tempfile::TempDir, args: &str) -> Pane {
        let session = format!("xfdesk-test-{tag}-{}", std::process::id());
        let cmd = format!(
            "TMPDIR={dir} XFDESK_CONFIG={dir}/none.toml {} {args}; echo XFDESK-EXITED; sleep 600",
            env!("CARGO_BIN_EXE_xfdesk"),
            dir = tmp.path().display(),
        );
        let socket = tmp.path().join("tmux.sock");
        let ok = tmux_on(&socket)
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                "100",
                "-y",
                "30",
                &cmd,
            ])
            .env_remove("NO_COLOR")
            .status()
            .expect("tmux is installed (.ci/run installs it)")
            .success();
        assert!(ok, "tmux session started");
        Pane {
            session,
            socket,
            _tmp: tmp,
        }
    }

    /// A tmux command addressed to this pane's own server.
    pub fn tmux(&self) -> Command {
        tmux_on(&self.socket)
    }

    pub fn capture(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; fails with the screen after 15 s.
    pub fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {what}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(self.tmux().args(&args).status().unwrap().success());
    }

    pub fn type_text(&self, text: &str) {
        assert!(self
            .tmux()
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .unwrap()
            .success());
    }

    /// Registers a new person's visit on a new matter with the F2 form, from
    /// the home screen; returns the screen that shows the ledger number (the
    /// matter saved, which opens in the form's place).
    pub fn register_walk_in(&self, name: &str, phone: &str, summary: &str) -> String {
        self.keys(&["F2"]);
        self.wait_for("the form", |s| {
            s.contains("信访人") && s.contains("‹ 来访 ›")
        });
        // Channel, time, level, persons, then the petitioner.
        self.keys(&["Tab", "Tab", "Tab", "Tab"]);
        self.type_text(name);
        self.wait_for("a new person", |s| s.contains("新信访人"));
        self.keys(&["Tab", "Tab"]);
        self.type_text(phone);
        // Past the second phone, the first town and its first village, then
        // past the address, the matter, its category, town and
        // jurisdiction to the summary.
        self.keys(&["Tab", "Tab", "Right", "Tab", "Right"]);
        self.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Tab"]);
        self.type_text(summary);
        self.keys(&["C-s"]);
        self.wait_for("the ledger number", |s| s.contains("已登记并保存，编号"))
    }

    /// The demo's directory in the temporary directory: its database and log.
    pub fn demo_dir(&self) -> std::path::PathBuf {
        std::fs::read_dir(self._tmp.path())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("xfdesk-demo-"))
            .expect("the demo directory")
            .path()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.demo_dir().join("xfdesk.log")).unwrap_or_default()
    }

    /// Waits until the pane's xfdesk process has gone (a killed process
    /// leaves its screen behind, so the screen cannot tell).
    pub fn wait_gone(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.child().is_some() {
            assert!(Instant::now() < deadline, "xfdesk is still running");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The xfdesk process: the child of the pane's shell.
    pub fn pid(&self) -> u32 {
        self.child().expect("xfdesk is running")
    }

    pub fn child(&self) -> Option<u32> {
        let out = self
            .tmux()
            .args(["list-panes", "-t", &self.session, "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let out = Command::new("pgrep")
            .args(["-P", &shell, "-x", "xfdesk"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .and_then(|l| l.trim().parse().ok())
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        // The session may be gone already (a test that killed it).
        let _ = self
            .tmux()
            .args(["kill-session", "-t", &self.session])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

pub fn tmux_on(socket: &std::path::Path) -> Command {
    let mut cmd = Command::new("tmux");
    cmd.arg("-S").arg(socket).args(["-f", "/dev/null"]);
    cmd
}

/// The first petitioner's name in the demo data.
pub fn demo_name() -> String {
    let line = xfdesk::cli::DEMO_JSONL
        .lines()
        .find(|l| l.contains("\"type\":\"petitioner\""))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["name"].as_str().unwrap().to_string()
}
