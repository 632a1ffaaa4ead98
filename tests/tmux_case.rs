//! A key case walked at the real desk in tmux, from its opening to 销号.

mod common;

use common::pane::{demo_name, Pane};

#[test]
fn a_key_case_is_walked_at_the_desk_from_opening_to_its_clearing() {
    // The demo desk runs as the Unix user, the demo's admin: by the
    // permissions table a keeper of key cases, as supervisors are.
    let pane = Pane::demo("case");
    let me = xfdesk::service::current_unix_user();
    pane.wait_for("the home screen", |s| s.contains("信访接待"));
    pane.keys(&["F3"]);
    pane.wait_for("the lookup screen", |s| s.contains("查询："));
    let name = demo_name();
    pane.type_text(&name);
    pane.wait_for("the petitioner in the results", |s| {
        s.lines().any(|l| l.contains(&format!("> {name}")))
    });
    pane.keys(&["Enter"]);
    pane.wait_for("the card", |s| s.contains("信访记录"));
    pane.keys(&["Enter"]);
    pane.wait_for("the matter", |s| {
        s.contains("信访及办理经过") && s.contains("c 积案办理")
    });
    // Open it: the leader is the demo's one, the focus on the measures.
    pane.keys(&["c"]);
    pane.wait_for("the opening form", |s| {
        s.contains("立为积案") && s.contains("‹ 孙浩 ›")
    });
    let tz = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let due = time::OffsetDateTime::now_utc().to_offset(tz).date() + time::Duration::days(30);
    pane.type_text("联合住建部门现场核查");
    pane.keys(&["Tab", "C-u"]);
    pane.type_text(&due.to_string());
    pane.keys(&["Tab", "Tab", "C-u"]);
    pane.type_text("wangwei");
    pane.wait_for("the owner by name", |s| s.contains("wangwei  王伟"));
    pane.keys(&["Enter"]);
    let head = pane.wait_for("the case on the head", |s| s.contains("已立为积案"));
    assert!(
        head.contains(&format!("积案：包案领导 孙浩  化解时限 {due}  状态 在办")),
        "{head}"
    );
    assert!(head.contains("措施 联合住建部门现场核查"), "{head}");
    // A log entry of 包调查.
    pane.keys(&["c"]);
    pane.wait_for("the case's menu", |s| s.contains("> 变更包案领导"));
    pane.keys(&["Down", "Enter"]);
    pane.wait_for("the log form", |s| s.contains("‹ 包调查 ›"));
    pane.keys(&["Tab"]);
    pane.type_text("约谈信访人");
    pane.keys(&["Enter"]);
    pane.wait_for("the entry on the head", |s| {
        s.contains("已记录：包调查") && s.contains(&format!("包调查 {me} 约谈信访人"))
    });
    // Resolved (化解).
    pane.keys(&["c"]);
    pane.wait_for("the case's menu", |s| s.contains("> 变更包案领导"));
    pane.keys(&["Down", "Down", "Enter"]);
    pane.wait_for("the status form", |s| s.contains("‹ 化解 ›"));
    pane.keys(&["Enter"]);
    pane.wait_for("resolved on the head", |s| {
        s.contains("积案状态已改为 化解") && s.contains("状态 化解")
    });
    // 销号 with a reason, now offered.
    pane.keys(&["c"]);
    pane.wait_for("the case's menu with 销号", |s| s.contains("  销号"));
    pane.keys(&["Down", "Down", "Down", "Enter"]);
    pane.wait_for("the clearing form", |s| s.contains("销号 20"));
    pane.keys(&["Enter"]);
    pane.wait_for("the reason asked for", |s| s.contains("请填写：理由"));
    pane.type_text("已息诉罢访");
    pane.keys(&["Enter"]);
    let cleared = pane.wait_for("cleared on the head", |s| {
        s.contains("已销号") && s.contains("状态 销号")
    });
    assert!(
        cleared.contains(&format!("销号 {me} 已息诉罢访")),
        "{cleared}"
    );
    // The audit trail has each step.
    pane.keys(&["F7"]);
    let trail = pane.wait_for("the case's steps in the trail", |s| {
        s.contains("审计记录") && s.contains("积案状态 化解 → 销号")
    });
    for step in [
        "立为积案（排查）",
        "积案包案记录：包调查",
        "积案状态 在办 → 化解",
    ] {
        assert!(trail.contains(step), "{step}:\n{trail}");
    }
    pane.keys(&["F10"]);
    pane.wait_for("the shell", |s| s.contains("XFDESK-EXITED"));
}
