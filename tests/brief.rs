//! The units' table and the monthly brief on a month worked out by hand
//! (tests/common/report_data.rs): known rates per unit, known hotspots, and
//! every number equal to the statistics and the scorecard of the period.

mod common;

use common::report_data::{MONTH_DATA, T1};
use common::TestDb;
use time::macros::datetime;
use xfdesk::domain::period::Period;
use xfdesk::domain::rules::Rules;
use xfdesk::service::report::{Rate, UnitMeasure, UnitRow};

fn office() -> TestDb {
    TestDb::office(MONTH_DATA, datetime!(2026-04-10 09:00 +8), "zhaomin")
}

fn march() -> Period {
    Period::month(2026, 3, 1).unwrap()
}

fn rate(num: u64, den: u64) -> Rate {
    Rate { num, den }
}

fn row<'a>(rows: &'a [UnitRow], unit: &str) -> &'a UnitRow {
    rows.iter().find(|r| r.unit == unit).unwrap()
}

#[test]
fn each_unit_has_its_matters_rates_and_the_rows_add_up_to_the_statistics() {
    let db = office();
    let rows = db.desk.unit_performance(&march()).unwrap();
    // 区教体局 replied M1 on its due date and M3 within its extension; M1's
    // reply was rated satisfied, M3's unsatisfied.
    let jtj = row(&rows, "jtj");
    assert_eq!(
        (jtj.on_time, jtj.participation, jtj.satisfaction),
        (rate(2, 2), rate(2, 2), rate(1, 2))
    );
    // 区自然资源局 replied M2 a day late and nobody rated it.
    let zrj = row(&rows, "zrj");
    assert_eq!((zrj.on_time, zrj.participation), (rate(0, 1), rate(0, 1)));
    // No unit's: M4 resolved on the spot, M5 rejected, M6 forwarded, each in
    // time; M7, never decided, fell due in March and counts late.
    let none = row(&rows, "");
    assert_eq!(
        (none.timely_acceptance, none.on_time, none.satisfaction),
        (rate(3, 4), rate(1, 1), rate(1, 1))
    );
    // Ranked by on-time rate, the matters no unit holds last.
    let order: Vec<&str> = rows.iter().map(|r| r.unit.as_str()).collect();
    assert_eq!(order.first(), Some(&"jtj"));
    assert_eq!(order.last(), Some(&""));
    assert!(order.iter().position(|u| *u == "zrj") > Some(0));

    let stats = db.desk.stats(&march()).unwrap();
    let sum = |f: fn(&UnitRow) -> Rate| {
        rows.iter()
            .map(f)
            .fold(rate(0, 0), |a, b| rate(a.num + b.num, a.den + b.den))
    };
    assert_eq!(sum(|r| r.timely_acceptance), stats.timely_acceptance);
    assert_eq!(sum(|r| r.on_time), stats.on_time);
    assert_eq!(sum(|r| r.participation), stats.participation);
    assert_eq!(sum(|r| r.satisfaction), stats.satisfaction);
    let received: u64 = rows.iter().map(|r| r.received).sum();
    assert_eq!(received, stats.by_kind.values().sum::<u64>());
}

#[test]
fn a_unit_number_drills_down_to_its_matters() {
    let db = office();
    let late: Vec<String> = db
        .desk
        .unit_matters(&march(), "zrj", UnitMeasure::OnTime)
        .unwrap()
        .into_iter()
        .map(|(l, hit)| format!("{l} {hit:?}"))
        .collect();
    assert_eq!(late, ["2026-000002 Some(false)"]);
    let rated = db
        .desk
        .unit_matters(&march(), "jtj", UnitMeasure::Satisfaction)
        .unwrap();
    assert_eq!(rated.len(), 2);
    let overdue = db.desk.unit_performance(&march()).unwrap();
    let total: u64 = overdue.iter().map(|r| r.overdue_now).sum();
    let listed: usize = overdue
        .iter()
        .map(|r| {
            let m = db
                .desk
                .unit_matters(&march(), &r.unit, UnitMeasure::OverdueNow);
            m.unwrap().len()
        })
        .sum();
    assert_eq!(total as usize, listed);
}

#[test]
fn the_brief_names_the_hotspots_and_agrees_with_the_statistics_and_scorecard() {
    let db = office();
    let rules = Rules::three_no();
    let brief = db.desk.brief(&march(), &rules).unwrap();
    assert_eq!(brief.previous, Period::month(2026, 2, 1).unwrap());
    assert_eq!(brief.a_year_before, Period::month(2025, 3, 1).unwrap());
    // March against February: 城乡建设 0 → 5, 教育 2 → 4; 辛安 1 → 8.
    let cats: Vec<(&str, u64, u64)> = brief
        .hot_categories
        .iter()
        .map(|h| (h.code.as_str(), h.now, h.before))
        .collect();
    assert_eq!(cats, [("cxjs", 5, 0), ("jy", 4, 2)]);
    let towns: Vec<(&str, u64, u64)> = brief
        .hot_towns
        .iter()
        .map(|h| (h.code.as_str(), h.now, h.before))
        .collect();
    assert_eq!(towns, [(T1, 8, 1)]);
    // The same numbers as the statistics, the units and the scorecard.
    assert_eq!(brief.stats, db.desk.stats(&march()).unwrap());
    assert_eq!(
        brief.previous_stats,
        db.desk.stats(&brief.previous).unwrap()
    );
    assert_eq!(brief.units, db.desk.unit_performance(&march()).unwrap());
    let scores = db.desk.scorecard(&rules, &march()).unwrap();
    let failing: Vec<_> = scores.iter().filter(|s| !s.pass).cloned().collect();
    assert_eq!(
        (brief.failing.clone(), brief.towns_scored),
        (failing, scores.len())
    );
    // Twelve statistical months ending in March, March's count last.
    assert_eq!(brief.trend.len(), 12);
    assert_eq!(
        brief.trend.last().unwrap(),
        &("2026-03".to_string(), brief.stats.contacts)
    );
    assert_eq!(brief.trend[0].0, "2025-04");
}

/// The office's database on disk, closed so that the command can open it.
fn closed_office() -> (tempfile::TempDir, std::path::PathBuf) {
    let TestDb { dir, desk } = office();
    drop(desk);
    let path = dir.path().join("db");
    (dir, path)
}

#[test]
fn the_command_writes_the_units_and_the_brief_as_json_text_and_a_workbook_with_charts() {
    use calamine::{Data, Reader, Xlsx};
    let want_units = office().desk.unit_performance(&march()).unwrap();
    let (dir, db) = closed_office();
    let run = |args: &[&str]| {
        let out = common::run_when_unlocked(|| common::bin::xfdesk(&db, args));
        assert!(out.status.success(), "{}", common::bin::text(&out.stderr));
        common::bin::text(&out.stdout)
    };
    let units: Vec<UnitRow> = serde_json::from_str(&run(&[
        "report", "units", "--month", "2026-03", "--format", "json",
    ]))
    .unwrap();
    assert_eq!(units, want_units);
    let text = run(&["report", "brief", "--month", "2026-03"]);
    for heading in [
        "信访摘报",
        "总体情况",
        "热点",
        "单位办理情况",
        "三无未达标镇街",
        "近12个月信访批次",
    ] {
        assert!(text.contains(heading), "{heading}:\n{text}");
    }
    let file = dir.path().join("brief.xlsx");
    let f = file.to_str().unwrap();
    run(&[
        "report", "brief", "--month", "2026-03", "--format", "xlsx", "--out", f,
    ]);
    let bytes = std::fs::read(&file).unwrap();
    // A native chart: the workbook holds chart parts.
    let has = |part: &[u8]| bytes.windows(part.len()).any(|w| w == part);
    assert!(has(b"xl/charts/chart1.xml") && has(b"xl/charts/chart2.xml"));
    let mut book: Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let names = book.sheet_names();
    assert!(
        names.starts_with(&[
            "总体情况".to_string(),
            "热点".to_string(),
            "单位办理情况".to_string()
        ]),
        "{names:?}"
    );
    let summary = book.worksheet_range("总体情况").unwrap();
    // Row 3 (after title and header): the contacts of March, February, a year before.
    let row: Vec<Data> = (0..5)
        .map(|c| summary.get_value((2, c)).cloned().unwrap_or(Data::Empty))
        .collect();
    let desk = common::retry_while_locked(|| {
        xfdesk::service::Desk::open(&db, &Default::default(), "zhaomin")
    })
    .unwrap();
    let stats = |p: Period| desk.stats(&p).unwrap().contacts as f64;
    assert_eq!(row[1], Data::Float(stats(march())));
    assert_eq!(
        row[2],
        Data::Float(stats(Period::month(2026, 2, 1).unwrap()))
    );
    let units_sheet = book.worksheet_range("单位办理情况").unwrap();
    assert_eq!(
        units_sheet.get_value((2, 1)),
        Some(&Data::String(want_units[0].unit.clone()))
    );

    // The document holds the same tables: read word/document.xml back.
    let march_contacts = stats(march()) as u64;
    drop(desk);
    let docx = dir.path().join("brief.docx");
    let d = docx.to_str().unwrap();
    run(&[
        "report", "brief", "--month", "2026-03", "--format", "docx", "--out", d,
    ]);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    for text in [
        "信访摘报",
        "总体情况",
        "单位办理情况",
        "区教体局",
        "城乡建设",
        "黑体",
        "仿宋",
    ] {
        assert!(xml.contains(text), "{text} in document.xml");
    }
    let contacts = format!(">{march_contacts}</w:t>");
    assert!(xml.contains(&contacts), "March's contacts in document.xml");
    assert!(
        zip.by_name("word/footer1.xml").is_ok(),
        "page numbers in a footer"
    );
}

#[test]
fn the_brief_and_the_units_on_the_desk_at_80_by_24_and_down_to_a_matter() {
    use common::screen::{act, model, render, screen, send, COLOUR};
    use xfdesk::i18n::Lang;
    use xfdesk::tui::action::Action;
    use xfdesk::tui::model::{run_pending, Screen};
    let db = office();
    for (lang, tag) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        // The desk's day is 2026-07-01, so it opens on June: three back is March.
        let mut m = model(&db, lang);
        send(&mut m, &db, &[act(Action::Brief)]);
        for _ in 0..3 {
            send(&mut m, &db, &[act(Action::PrevPeriod)]);
        }
        run_pending(&mut m, &db.desk).unwrap();
        assert_eq!(m.screen(), Screen::Brief);
        insta::assert_snapshot!(format!("brief_march_{tag}"), screen(&render(&m, COLOUR)));
        send(&mut m, &db, &[act(Action::Units)]);
        run_pending(&mut m, &db.desk).unwrap();
        insta::assert_snapshot!(format!("units_march_{tag}"), screen(&render(&m, COLOUR)));
    }
    // 区自然资源局's late reply: Tab to on-time, Down to it, Enter, Enter.
    let mut m = model(&db, Lang::Zh);
    send(&mut m, &db, &[act(Action::Brief)]);
    for _ in 0..3 {
        send(&mut m, &db, &[act(Action::PrevPeriod)]);
    }
    send(&mut m, &db, &[act(Action::Units)]);
    run_pending(&mut m, &db.desk).unwrap();
    let at = m
        .ctx
        .report
        .units
        .as_ref()
        .unwrap()
        .iter()
        .position(|u| u.unit == "zrj");
    for _ in 0..at.unwrap() {
        send(&mut m, &db, &[act(Action::Down)]);
    }
    send(
        &mut m,
        &db,
        &[
            act(Action::NextField),
            act(Action::NextField),
            act(Action::Open),
        ],
    );
    run_pending(&mut m, &db.desk).unwrap();
    let list = screen(&render(&m, COLOUR));
    assert!(list.contains("2026-000002  否"), "{list}");
    send(&mut m, &db, &[act(Action::Open)]);
    assert_eq!(m.screen(), Screen::Matter);
    assert!(screen(&render(&m, COLOUR)).contains("2026-000002"));
}

#[test]
fn the_brief_counts_the_key_cases_by_leader_as_the_cases_report_does() {
    use xfdesk::domain::case::{CaseDraft, CaseSource};
    let mut db = office();
    let draft = CaseDraft {
        source: Some(CaseSource::Screened),
        leader: Some("zhaomin".into()),
        measures: Some("联合核查".into()),
        due: Some(time::macros::date!(2026 - 04 - 30)),
        unit: Some("jtj".into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    };
    let m1 = xfdesk::domain::LedgerNo { year: 2026, seq: 1 };
    db.as_user("lijun").open_case(m1, &draft).unwrap();
    db.as_user("zhaomin");
    // Opened on the desk's day, 2026-04-10: April's brief counts it.
    let april = Period::month(2026, 4, 1).unwrap();
    let brief = db.desk.brief(&april, &Rules::three_no()).unwrap();
    let leaders: Vec<_> = db
        .desk
        .case_report(&april)
        .unwrap()
        .rows
        .into_iter()
        .filter(|r| r.by == "leader")
        .collect();
    assert_eq!(brief.cases, leaders);
    let zhaomin = brief.cases.iter().find(|r| r.who == "zhaomin").unwrap();
    assert_eq!((zhaomin.opened, zhaomin.open), (1, 1));
    let names = xfdesk::report::Names::default();
    let sheets = xfdesk::report::brief::brief_sheets(
        &brief,
        &Rules::three_no(),
        &names,
        xfdesk::i18n::Lang::Zh,
    );
    let cases = sheets.last().unwrap();
    assert!(cases
        .rows
        .iter()
        .any(|r| r.contains(&xfdesk::report::Cell::Text("zhaomin".into()))));
}
