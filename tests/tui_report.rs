//! F5 scorecards and F6 statistics on the desk: the period picker, work
//! computed off the draw path, drill-down to the contacts and the person, the
//! villages with no contact, export, and who may see them.

mod common;

use common::screen::{act, model, render, screen, send, COLOUR};
use common::{TestDb, INTERCHANGE_EXAMPLE};
use xfdesk::i18n::Lang;
use xfdesk::tui::action::Action;
use xfdesk::tui::model::run_pending;
use xfdesk::tui::model::{Model, Screen};
use xfdesk::tui::report::{JobOutput, PeriodKind, Picker};

/// The example of docs/interchange.md (a county visit in March) plus a collective visit of six
/// to the city in June: 辛安街道 fails 无到市集体上访 in June.
const MORE: &str = r#"{"type":"town","code":"370211002","name":"黄岛街道"}
{"type":"village","code":"370211002001","town":"370211002","name":"黄岛社区"}
{"type":"petitioner","ref":"p2","name":"于小红","phones":["13500004321"],"town":"370211001","village":"370211001001"}
{"type":"matter","ref":"m2","petitioners":["p2"],"category":"jy","town":"370211001","summary":"校车安全","first_receiver":"zhangli","registered_at":"2026-06-05T09:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p2"],"at":"2026-06-05T09:00:00+08:00","channel":"visit","level":"city","headcount":6,"receiver":"zhangli","summary":"集体到市上访"}
"#;

fn fixture() -> TestDb {
    let db = TestDb::new();
    db.import("spec.jsonl", INTERCHANGE_EXAMPLE).unwrap();
    db.import("more.jsonl", MORE).unwrap();
    db
}

/// F5 on 2026-07-01: the first day of July's statistical month, so the
/// scorecard opens on June, just ended.
fn june_scorecard(db: &TestDb) -> Model {
    let mut m = model(db, Lang::Zh);
    send(&mut m, db, &[act(Action::Scorecards)]);
    assert_eq!(m.screen(), Screen::Scorecard);
    assert!(m.ctx.report.running.is_some(), "asked off the draw path");
    run_pending(&mut m, &db.desk).unwrap();
    assert!(m.ctx.report.running.is_none());
    let p = m.ctx.report.picker;
    assert_eq!((p.kind, p.year, p.index), (PeriodKind::Month, 2026, 6));
    m
}

#[test]
fn the_scorecard_ranks_every_town_and_drills_down_to_the_person() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    let scores = m.ctx.report.scores.clone().unwrap();
    let ranked: Vec<(&str, i64, bool)> = scores
        .iter()
        .map(|s| (s.name.as_str(), s.score, s.pass))
        .collect();
    assert_eq!(ranked, [("黄岛街道", 100, true), ("辛安街道", 90, false)]);
    insta::assert_snapshot!("scorecard_zh", screen(&render(&m, COLOUR)));

    // Down to 辛安街道, across to the collective-visit criterion, Enter.
    send(
        &mut m,
        &db,
        &[act(Action::Down), act(Action::NextField), act(Action::Open)],
    );
    assert_eq!(m.screen(), Screen::Drill);
    run_pending(&mut m, &db.desk).unwrap();
    let summaries: Vec<&str> = m
        .ctx
        .report
        .drill
        .iter()
        .map(|c| c.summary.as_str())
        .collect();
    assert_eq!(summaries, ["集体到市上访"]);
    insta::assert_snapshot!("scorecard_drill_zh", screen(&render(&m, COLOUR)));
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Card);
    assert_eq!(m.s.card.card.as_ref().unwrap().petitioner.name, "于小红");

    // 四无 adds a criterion; a stale answer to the earlier question is ignored.
    send(&mut m, &db, &[act(Action::Back), act(Action::Back)]);
    assert_eq!(m.screen(), Screen::Scorecard);
    let stale = m.ctx.report.pending.clone().map(|(n, _)| n);
    send(
        &mut m,
        &db,
        &[xfdesk::tui::model::Msg::Action(Action::ToggleRules)],
    );
    if let Some(n) = stale {
        send(
            &mut m,
            &db,
            &[xfdesk::tui::model::Msg::Done(
                n,
                Ok(JobOutput::Scorecard(vec![])),
            )],
        );
    }
    run_pending(&mut m, &db.desk).unwrap();
    assert_eq!(m.ctx.report.rules().name, "四无");
    let first = &m.ctx.report.scores.as_ref().unwrap()[1];
    assert!(first.criteria.contains_key("no_skip_level"));
}

#[test]
fn villages_with_no_contact_are_listed() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    send(&mut m, &db, &[act(Action::ZeroVisit)]);
    assert_eq!(m.screen(), Screen::ZeroVisit);
    run_pending(&mut m, &db.desk).unwrap();
    let codes: Vec<&str> = m
        .ctx
        .report
        .villages
        .as_ref()
        .unwrap()
        .iter()
        .map(|v| v.code.as_str())
        .collect();
    assert_eq!(codes, ["370211002001"], "辛安社区 had a contact in June");
}

#[test]
fn statistics_show_rates_with_their_counts_and_a_monthly_trend() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Statistics)]);
    run_pending(&mut m, &db.desk).unwrap();
    send(&mut m, &db, &[act(Action::PeriodYear)]);
    run_pending(&mut m, &db.desk).unwrap();
    let s = m.ctx.report.stats.clone().unwrap();
    assert_eq!((s.contacts, s.persons), (2, 7));
    assert_eq!(s.monthly.len(), 12);
    let shown = screen(&render(&m, COLOUR));
    insta::assert_snapshot!("stats_zh", shown.clone());
    assert!(shown.contains("信访总量（批次） 2"), "{shown}");
}

#[test]
fn the_statistics_help_says_how_each_rate_is_worked_out() {
    let db = fixture();
    for (lang, words) in [
        (
            Lang::Zh,
            [
                "及时受理率：",
                "按期办结率：",
                "满意率：",
                "参评率：",
                "按类别受理：",
            ],
        ),
        (
            Lang::En,
            [
                "Timely acceptance:",
                "On-time rate:",
                "Satisfaction rate:",
                "Participation rate:",
                "Accepted by kind:",
            ],
        ),
    ] {
        let mut m = model(&db, lang);
        send(&mut m, &db, &[act(Action::Statistics)]);
        run_pending(&mut m, &db.desk).unwrap();
        send(&mut m, &db, &[act(Action::Help)]);
        assert_eq!(m.screen(), Screen::Help);
        let shown = screen(&render(&m, COLOUR));
        for w in words {
            assert!(shown.contains(w), "{lang:?} {w}: {shown}");
        }
        if lang == Lang::Zh {
            insta::assert_snapshot!("stats_help_zh", shown);
        }
    }
}

#[test]
fn the_period_picker_steps_months_quarters_and_years_across_new_year() {
    let mut p = Picker {
        kind: PeriodKind::Month,
        year: 2026,
        index: 1,
        start_day: 1,
    };
    p.step(-1);
    assert_eq!((p.year, p.index), (2025, 12));
    p.set_kind(PeriodKind::Quarter);
    assert_eq!((p.year, p.index), (2025, 4));
    p.step(1);
    assert_eq!((p.year, p.index), (2026, 1));
    let q = p.period();
    assert_eq!(
        (q.from.to_string(), q.to.to_string()),
        ("2026-01-01".into(), "2026-03-31".into())
    );
    p.set_kind(PeriodKind::Year);
    p.step(-1);
    assert_eq!(p.period().from.to_string(), "2025-01-01");
    // An office whose statistical month starts on the 21st: 2026-01 began in December.
    let p = Picker::around(time::macros::date!(2025 - 12 - 22), 21);
    assert_eq!((p.year, p.index), (2026, 1));
    assert_eq!(p.period().from.to_string(), "2025-12-21");
}

#[test]
fn e_exports_the_screen_as_an_excel_file() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    let dir = tempfile::TempDir::new().unwrap();
    m.ctx.report.export_dir = dir.path().to_path_buf();
    send(&mut m, &db, &[act(Action::Export)]);
    let path = dir
        .path()
        .join("scorecard-three-no-2026-06-01-2026-06-30.xlsx");
    let status = m.ctx.status.clone().unwrap();
    assert!(status.contains("已导出"), "{status}");
    assert!(status.contains(&path.display().to_string()), "{status}");
    let bytes = std::fs::read(&path).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip file");
}

#[test]
fn exports_of_both_rules_and_a_second_export_are_separate_files() {
    let db = fixture();
    let mut m = june_scorecard(&db);
    let dir = tempfile::TempDir::new().unwrap();
    m.ctx.report.export_dir = dir.path().to_path_buf();
    let stem = "2026-06-01-2026-06-30";
    let export = |m: &mut Model| {
        send(m, &db, &[act(Action::Export)]);
        m.ctx.status.clone().unwrap()
    };
    let three = export(&mut m);
    // 四无 of the same period: a file of its own beside the 三无 one.
    send(&mut m, &db, &[act(Action::ToggleRules)]);
    run_pending(&mut m, &db.desk).unwrap();
    let four = export(&mut m);
    // The same again: a new name, the first file kept.
    let again = export(&mut m);
    let name = |n: &str| dir.path().join(n);
    for (said, file) in [
        (&three, format!("scorecard-three-no-{stem}.xlsx")),
        (&four, format!("scorecard-four-no-{stem}.xlsx")),
        (&again, format!("scorecard-four-no-{stem}-2.xlsx")),
    ] {
        assert!(said.contains(&name(&file).display().to_string()), "{said}");
        assert!(name(&file).exists(), "{file}");
    }
    let mut files: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    assert_eq!(files.len(), 3, "{files:?}");
    assert_ne!(
        std::fs::read(name(&format!("scorecard-three-no-{stem}.xlsx"))).unwrap(),
        std::fs::read(name(&format!("scorecard-four-no-{stem}.xlsx"))).unwrap()
    );
}

#[test]
fn tied_towns_share_a_rank() {
    let db = fixture();
    // A third town with no contact in June: 100, like 黄岛街道.
    db.import(
        "town.jsonl",
        r#"{"type":"town","code":"370211003","name":"薛家岛街道"}
"#,
    )
    .unwrap();
    let m = june_scorecard(&db);
    let shown = screen(&render(&m, COLOUR));
    let rank_of = |town: &str| {
        let line = shown.lines().find(|l| l.contains(town)).unwrap();
        line.trim_start_matches(['│', ' ', '>'])
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        [
            rank_of("黄岛街道"),
            rank_of("薛家岛街道"),
            rank_of("辛安街道")
        ],
        ["1", "1", "3"],
        "{shown}"
    );
}

#[test]
fn the_report_opens_on_the_month_just_ended_only_on_the_first_day_of_a_month() {
    use time::macros::date;
    let at = |d, start| {
        let p = Picker::opening(d, start);
        (p.kind, p.year, p.index)
    };
    let month = PeriodKind::Month;
    assert_eq!(at(date!(2026 - 07 - 01), 1), (month, 2026, 6));
    assert_eq!(at(date!(2026 - 07 - 02), 1), (month, 2026, 7));
    assert_eq!(at(date!(2026 - 01 - 01), 1), (month, 2025, 12));
    // Statistical months from the 21st: 2025-12-21 starts 2026-01.
    assert_eq!(at(date!(2025 - 12 - 21), 21), (month, 2025, 12));
    assert_eq!(at(date!(2025 - 12 - 22), 21), (month, 2026, 1));
    assert_eq!(at(date!(2025 - 12 - 01), 21), (month, 2025, 12));
}

#[test]
fn m_from_a_year_goes_to_the_current_statistical_month() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Statistics)]);
    run_pending(&mut m, &db.desk).unwrap();
    let picked = |m: &Model| {
        let p = m.ctx.report.picker;
        (p.kind, p.year, p.index)
    };
    send(
        &mut m,
        &db,
        &[act(Action::PeriodYear), act(Action::PeriodMonth)],
    );
    assert_eq!(picked(&m), (PeriodKind::Month, 2026, 7), "today's month");
    send(
        &mut m,
        &db,
        &[act(Action::PeriodYear), act(Action::PeriodQuarter)],
    );
    assert_eq!(picked(&m), (PeriodKind::Quarter, 2026, 3));
    // A past year: its last month.
    send(
        &mut m,
        &db,
        &[
            act(Action::PeriodYear),
            act(Action::PrevPeriod),
            act(Action::PeriodMonth),
        ],
    );
    assert_eq!(picked(&m), (PeriodKind::Month, 2025, 12));
}

#[test]
fn statistics_list_every_category_and_town_and_scroll_to_the_last() {
    let db = fixture();
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Statistics)]);
    run_pending(&mut m, &db.desk).unwrap();
    // Twelve categories and twelve towns counted: more than a screen holds.
    let mut s = m.ctx.report.stats.clone().unwrap();
    for i in 1..=12u64 {
        s.by_category.insert(format!("c{i:02}"), 100 - i);
        s.by_town.insert(format!("t{i:02}"), 50 - i);
        m.ctx
            .report
            .names
            .categories
            .insert(format!("c{i:02}"), format!("类别{i}号"));
        m.ctx
            .report
            .names
            .towns
            .insert(format!("t{i:02}"), format!("镇街{i}号"));
    }
    m.ctx.report.stats = Some(s);
    let first = screen(&render(&m, COLOUR));
    assert!(first.contains("类别1号"), "{first}");
    assert!(!first.contains("镇街12号"), "{first}");
    assert!(first.contains("下面还有"), "{first}");
    insta::assert_snapshot!("stats_many_rows_zh", first);
    send(&mut m, &db, &[act(Action::Last)]);
    let last = screen(&render(&m, COLOUR));
    let row = last.lines().find(|l| l.contains("镇街12号")).unwrap_or("");
    assert!(row.trim_end_matches([' ', '│']).ends_with(" 38"), "{last}");
    assert!(!last.contains("下面还有"), "{last}");
    // Every row reached page by page, none skipped.
    send(&mut m, &db, &[act(Action::First)]);
    let mut seen = String::new();
    for _ in 0..6 {
        seen.push_str(&screen(&render(&m, COLOUR)));
        send(&mut m, &db, &[act(Action::PageDown)]);
    }
    for i in 1..=12 {
        assert!(seen.contains(&format!("类别{i}号")), "类别{i}号");
        assert!(seen.contains(&format!("镇街{i}号")), "镇街{i}号");
    }
    // In English too, the rates side by side and the lists under their headings.
    m.ctx.lang = Lang::En;
    send(&mut m, &db, &[act(Action::First)]);
    let en = screen(&render(&m, COLOUR));
    assert!(en.contains("(more below: PgDn)"), "{en}");
    insta::assert_snapshot!("stats_many_rows_en", en);
}

#[test]
fn a_receptionist_is_told_reports_are_not_theirs() {
    let mut db = TestDb::office("", time::macros::datetime!(2026-07-01 10:00 +8), "zhangli");
    db.as_user("zhangli");
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Scorecards)]);
    assert_eq!(m.screen(), Screen::Home);
    assert!(
        m.ctx.status.clone().unwrap().contains("无权"),
        "{:?}",
        m.ctx.status
    );
}
