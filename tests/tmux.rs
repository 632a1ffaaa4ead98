//! The real binary in a real terminal (tmux): what a person at the desk sees.

mod common;

use common::pane::{demo_name, Pane};
use std::process::Command;
use std::time::{Duration, Instant};

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

#[test]
fn register_a_walk_in_then_find_it_and_a_killed_form_comes_back_as_a_draft() {
    let pane = Pane::demo("register");
    pane.wait_for("the home screen", |s| s.contains("超期"));
    let home = pane.register_walk_in("欧阳晓明", "139-1234-5678", "宅基地界址纠纷");
    let ledger: String = home
        .split("编号 ")
        .nth(1)
        .unwrap()
        .chars()
        .take(11)
        .collect();
    assert!(ledger.starts_with("20") && ledger.len() == 11, "{home}");

    pane.keys(&["F3"]);
    pane.type_text("欧阳晓明");
    pane.wait_for("the new person", |s| s.contains("139****5678"));
    pane.keys(&["Enter"]);
    pane.wait_for("the card with the new matter", |s| {
        s.contains(&ledger) && s.contains("宅基地界址纠纷")
    });

    // Half a second form, then the desk is killed as a crash would.
    pane.keys(&["Escape"]);
    pane.wait_for("the lookup screen", |s| s.contains("查询："));
    pane.keys(&["F2"]);
    pane.wait_for("a fresh form", |s| s.contains("‹ 来访 ›"));
    pane.keys(&["Tab", "Tab", "Tab", "Tab"]);
    pane.type_text("司马青");
    pane.wait_for("the typed name", |s| s.contains("司马青"));
    let deadline = Instant::now() + Duration::from_secs(15);
    while !pane.log().contains("draft kept") {
        assert!(
            Instant::now() < deadline,
            "the draft is kept when typing pauses"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(Command::new("kill")
        .args(["-KILL", &pane.pid().to_string()])
        .status()
        .unwrap()
        .success());
    pane.wait_gone();

    let db = pane.demo_dir().join("db");
    let tmp = tempfile::TempDir::new().unwrap();
    let again = Pane::start("register-again", tmp, &format!("--db {}", db.display()));
    again.wait_for("the draft offered", |s| s.contains("未完成的登记草稿"));
    again.keys(&["Enter"]);
    again.wait_for("the draft back in the form", |s| {
        s.contains("司马青") && s.contains("‹ 来访 ›")
    });
    again.keys(&["Escape"]);
    again.wait_for("asked before discarding", |s| s.contains("放弃这次登记"));
    again.keys(&["Escape"]);
    again.wait_for("the question gone", |s| !s.contains("放弃这次登记"));
    again.keys(&["F10"]);
    again.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
}

#[test]
fn a_terminal_that_goes_away_ends_the_desk_and_keeps_the_form_as_a_draft() {
    let pane = Pane::demo("hangup");
    pane.wait_for("the home screen", |s| s.contains("超期"));
    pane.keys(&["F2"]);
    pane.wait_for("the form", |s| s.contains("‹ 来访 ›"));
    pane.keys(&["Tab", "Tab", "Tab", "Tab"]);
    pane.type_text("诸葛明");
    pane.wait_for("the typed name", |s| s.contains("诸葛明"));
    let pid = pane.pid();
    // As when an SSH connection drops: the terminal is gone, with or without
    // a hang-up signal reaching the desk.
    assert!(pane
        .tmux()
        .args(["kill-session", "-t", &pane.session])
        .status()
        .unwrap()
        .success());
    let deadline = Instant::now() + Duration::from_secs(15);
    while std::path::Path::new(&format!("/proc/{pid}")).exists() {
        assert!(
            Instant::now() < deadline,
            "xfdesk {pid} still runs without its terminal"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let db = pane.demo_dir().join("db");
    let again = Pane::start(
        "hangup-again",
        tempfile::TempDir::new().unwrap(),
        &format!("--db {}", db.display()),
    );
    again.wait_for("the draft offered", |s| s.contains("未完成的登记草稿"));
    again.keys(&["Enter"]);
    again.wait_for("the draft in the form", |s| s.contains("诸葛明"));
    again.keys(&["F10"]);
    again.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
}

#[test]
fn scorecards_and_statistics_are_computed_while_the_screen_stays_live() {
    let pane = Pane::demo("reports");
    pane.wait_for("the home screen", |s| s.contains("超期"));
    pane.keys(&["F5"]);
    let card = pane.wait_for("the ranked towns", |s| {
        s.contains("名次") && s.lines().any(|l| l.contains("> 1 "))
    });
    assert!(card.contains("三无"), "{card}");
    // A year: more work, the same screen.
    pane.keys(&["y"]);
    pane.wait_for("the year", |s| s.contains("-01-01 至"));
    pane.keys(&["F6"]);
    pane.wait_for("the statistics", |s| {
        s.contains("按期办结率") && s.contains("月度趋势")
    });
    pane.keys(&["F10"]);
    pane.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
}

#[test]
fn the_demo_admin_adds_a_colleague_on_f8_and_finds_the_addition_on_f7() {
    let pane = Pane::demo("admin");
    pane.wait_for("the home screen", |s| s.contains("超期"));
    pane.keys(&["F8"]);
    pane.wait_for("the staff list", |s| {
        s.contains("人员管理") && s.contains("系统管理员")
    });
    pane.keys(&["a"]);
    pane.wait_for("the form", |s| {
        s.contains("添加人员") && s.contains("‹ 接待员 ›")
    });
    pane.type_text("ouyangfei");
    pane.keys(&["Tab"]);
    pane.type_text("欧阳菲");
    // The role one step on (handler), the first unit.
    pane.keys(&["Tab", "Right", "Tab", "Right"]);
    pane.wait_for("the choices", |s| {
        s.contains("‹ 承办人 ›") && !s.contains("‹ （无） ›")
    });
    pane.keys(&["Enter"]);
    pane.wait_for("the question", |s| s.contains("确认办理"));
    pane.keys(&["Enter"]);
    let listed = pane.wait_for("the new colleague listed", |s| {
        s.contains("已添加人员：ouyangfei 欧阳菲 承办人")
    });
    assert!(
        listed
            .lines()
            .any(|l| l.contains("ouyangfei") && l.contains("欧阳菲") && l.contains("在用")),
        "{listed}"
    );
    pane.keys(&["F7"]);
    let trail = pane.wait_for("the audit line of the addition", |s| {
        s.contains("审计记录") && s.contains("人员 ouyangfei")
    });
    let line = trail
        .lines()
        .find(|l| l.contains("人员 ouyangfei"))
        .unwrap();
    assert!(line.contains("新增：欧阳菲，承办人"), "{trail}");
    pane.keys(&["F10"]);
    pane.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
}

/// `xfdesk serve` for the panes below, stopped when dropped.
struct ServeProc(std::process::Child);

impl ServeProc {
    /// A database of the demo's records, and a server of it that listens.
    fn start(dir: &std::path::Path) -> (std::path::PathBuf, ServeProc) {
        use std::io::BufRead;
        let db = dir.join("db");
        let xfdesk = |args: &[&str]| {
            let out = Command::new(env!("CARGO_BIN_EXE_xfdesk"))
                .arg("--db")
                .arg(&db)
                .args(args)
                .env("XFDESK_CONFIG", dir.join("none.toml"))
                .env_remove("XFDESK_SOCKET")
                .output()
                .unwrap();
            assert!(out.status.success(), "{args:?}: {out:?}");
        };
        xfdesk(&["init"]);
        let demo = dir.join("demo.jsonl");
        std::fs::write(&demo, xfdesk::cli::DEMO_JSONL).unwrap();
        xfdesk(&["import", demo.to_str().unwrap()]);
        let mut child = Command::new(env!("CARGO_BIN_EXE_xfdesk"))
            .arg("--db")
            .arg(&db)
            .arg("serve")
            .env("XFDESK_CONFIG", dir.join("none.toml"))
            .env_remove("XFDESK_SOCKET")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
        let listening = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.starts_with("xfdesk serve: ") && l.contains(" on "));
        assert!(listening, "the server said it listens");
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        (db, ServeProc(child))
    }
}

impl Drop for ServeProc {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

#[test]
fn two_desks_on_one_server_a_registration_at_one_appears_at_the_other_within_a_second() {
    let dir = tempfile::TempDir::new().unwrap();
    let (db, _server) = ServeProc::start(dir.path());
    let args = format!("--db {}", db.display());
    let a = Pane::start("live-a", tempfile::TempDir::new().unwrap(), &args);
    let b = Pane::start("live-b", tempfile::TempDir::new().unwrap(), &args);
    for pane in [&a, &b] {
        pane.wait_for("the home screen", |s| s.contains("超期"));
    }
    // The second desk shows this person's contacts of today: none yet.
    b.keys(&["1"]);
    b.wait_for("today's contacts", |s| s.contains("┌本窗口今日登记 (0)"));

    a.register_walk_in("欧阳晓明", "139-1234-5678", "宅基地界址纠纷");
    let saved = Instant::now();
    // No key is pressed at the second desk: the server tells it.
    let shown = b.wait_for("the new contact at the other desk", |s| {
        s.contains("┌本窗口今日登记 (1)") && s.contains("宅基地界址纠纷")
    });
    let took = saved.elapsed();
    println!(
        "shown at the other desk {} ms after it was saved",
        took.as_millis()
    );
    assert!(took < Duration::from_secs(1), "took {took:?}:\n{shown}");
}

#[test]
fn keys_wait_while_the_window_is_too_small_and_the_desk_says_so() {
    let pane = Pane::demo("small");
    pane.wait_for("the home screen", |s| s.contains("│ 首页 │"));
    let resize = |w: &str, h: &str| {
        assert!(pane
            .tmux()
            .args(["resize-window", "-t", &pane.session, "-x", w, "-y", h])
            .status()
            .unwrap()
            .success());
    };
    resize("60", "20");
    pane.wait_for("the size it needs", |s| {
        s.contains("至少需要 80×24 (60×20)") && s.contains("退出：F10")
    });
    // 3 would open the overdue list, F3 the lookup, Enter a row.
    pane.keys(&["3", "Enter", "F3"]);
    pane.type_text("于");
    // Still too small: once this size is drawn, the keys before it were read.
    resize("70", "20");
    pane.wait_for("the new size", |s| s.contains("(70×20)"));
    resize("100", "30");
    let home = pane.wait_for("the desk again", |s| s.contains("三日内到期"));
    assert!(
        home.contains("│ 首页 │") && !home.contains("查询："),
        "nothing moved while the window was too small:\n{home}"
    );
}

/// The demo's 于水秀, as the issue found her: her oldest contact, by the
/// demo's own data.
fn oldest_contact_of(name: &str) -> (usize, String) {
    let rows: Vec<serde_json::Value> = xfdesk::cli::DEMO_JSONL
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let reference = rows
        .iter()
        .find(|v| v["type"] == "petitioner" && v["name"] == name)
        .expect("the person is in the demo")["ref"]
        .clone();
    let mut days: Vec<String> = rows
        .iter()
        .filter(|v| {
            v["type"] == "contact"
                && v["petitioners"]
                    .as_array()
                    .is_some_and(|p| p.contains(&reference))
        })
        .map(|v| v["at"].as_str().unwrap()[..10].to_string())
        .collect();
    days.sort();
    (days.len(), days[0].clone())
}

#[test]
fn a_demo_petitioners_whole_history_pages_to_her_oldest_contact_and_her_matter_leads_back_to_her() {
    let name = "于水秀";
    let (contacts, oldest) = oldest_contact_of(name);
    let pane = Pane::demo("history");
    pane.wait_for("the home screen", |s| s.contains("信访接待"));
    pane.keys(&["F3"]);
    pane.wait_for("the lookup screen", |s| s.contains("查询："));
    pane.type_text(name);
    pane.wait_for("her in the results", |s| {
        s.lines().any(|l| l.contains(&format!("> {name}")))
    });
    pane.keys(&["Enter"]);
    let count = format!("信访记录（共{contacts}次，第1-");
    let card = pane.wait_for("her card, counting her contacts", |s| s.contains(&count));
    assert!(
        !card.contains(&oldest),
        "the oldest is not on the first page:\n{card}"
    );
    // PageDown pages the history, not the matters, down to the oldest.
    let last = format!("-{contacts}次）");
    for _ in 0..contacts {
        pane.keys(&["PageDown"]);
    }
    let end = pane.wait_for("the last page", |s| s.contains(&last));
    assert!(end.contains(&oldest), "{end}");
    // Enter still opens the first matter; its petitioner leads back to her card.
    pane.keys(&["Enter"]);
    pane.wait_for("the matter with its petitioner", |s| {
        s.contains("信访及办理经过") && s.lines().any(|l| l.contains(&format!("> {name}")))
    });
    pane.keys(&["Enter"]);
    pane.wait_for("her card again", |s| s.contains(&count));
}
