//! The real binary in a real terminal (tmux): what a person at the desk sees.

use std::process::Command;
use std::time::{Duration, Instant};

struct Pane {
    session: String,
    _tmp: tempfile::TempDir,
}

impl Pane {
    /// Starts `xfdesk demo` in a fresh 100×30 tmux session.
    fn demo(tag: &str) -> Pane {
        let tmp = tempfile::TempDir::new().unwrap();
        let session = format!("xfdesk-test-{tag}-{}", std::process::id());
        let cmd = format!(
            "TMPDIR={dir} XFDESK_CONFIG={dir}/none.toml {} demo; echo XFDESK-EXITED; sleep 600",
            env!("CARGO_BIN_EXE_xfdesk"),
            dir = tmp.path().display(),
        );
        let ok = Command::new("tmux")
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
        Pane { session, _tmp: tmp }
    }

    fn capture(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; fails with the screen after 15 s.
    fn wait_for(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
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

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    fn type_text(&self, text: &str) {
        assert!(Command::new("tmux")
            .args(["send-keys", "-t", &self.session, "-l", text])
            .status()
            .unwrap()
            .success());
    }

    /// The demo's log file (beside its database in the temporary directory).
    fn log(&self) -> String {
        let demo = std::fs::read_dir(self._tmp.path())
            .unwrap()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("xfdesk-demo-"))
            .expect("the demo directory");
        std::fs::read_to_string(demo.path().join("xfdesk.log")).unwrap_or_default()
    }

    /// The xfdesk process: the child of the pane's shell.
    fn pid(&self) -> u32 {
        let out = Command::new("tmux")
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
            .expect("xfdesk is running")
    }
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

/// The first petitioner's name in the demo data.
fn demo_name() -> String {
    let line = xfdesk::cli::DEMO_JSONL
        .lines()
        .find(|l| l.contains("\"type\":\"petitioner\""))
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(line).unwrap();
    v["name"].as_str().unwrap().to_string()
}

#[test]
fn look_up_a_demo_petitioner_in_chinese_see_the_card_help_and_quit() {
    let pane = Pane::demo("lookup");
    pane.wait_for("the home screen", |s| {
        s.contains("信访接待") && s.contains("超期")
    });
    // One key from home to a work list, and back.
    pane.keys(&["3"]);
    pane.wait_for("the overdue list", |s| {
        s.contains("┌超期 (") && s.contains("编号")
    });
    pane.keys(&["Escape"]);
    pane.wait_for("the home screen again", |s| s.contains("三日内到期"));
    pane.keys(&["F3"]);
    pane.wait_for("the lookup screen", |s| s.contains("查询："));
    let name = demo_name();
    pane.type_text(&name);
    pane.wait_for("the petitioner in the results", |s| {
        s.lines().any(|l| l.contains(&name) && l.contains("3719"))
    });
    pane.keys(&["Enter"]);
    let card = pane.wait_for("the petitioner card", |s| {
        s.contains("信访事项") && s.contains("信访记录")
    });
    assert!(card.contains(&name), "{card}");
    assert!(
        card.contains("3719**********"),
        "the ID number is masked:\n{card}"
    );
    pane.keys(&["F1"]);
    pane.wait_for("help", |s| s.contains("帮助") && s.contains("F10 / Ctrl-q"));
    pane.keys(&["F10"]);
    let after = pane.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
    assert!(
        !after.contains("信访接待 │"),
        "the desk screen is gone:\n{after}"
    );
    assert!(
        after.contains("演示数据库已建在"),
        "the shell's screen is back:\n{after}"
    );
    let log = pane.log();
    assert!(
        log.contains("desk opened by") && log.contains("desk closed by"),
        "the session is logged to a file, not the screen:\n{log}"
    );
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (tag, signal) in [("term", "-TERM"), ("hup", "-HUP")] {
        let pane = Pane::demo(tag);
        pane.wait_for("the home screen", |s| s.contains("信访接待"));
        let ok = Command::new("kill")
            .args([signal, &pane.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok);
        let after = pane.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
        assert!(
            !after.contains("信访接待 │"),
            "{signal}: the desk screen is gone:\n{after}"
        );
        assert!(
            pane.log().contains("signal: closing the desk"),
            "{signal} is logged"
        );
    }
}
