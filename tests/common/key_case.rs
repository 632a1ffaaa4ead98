//! An office with one late key case: 于营's matter, a case of the leader
//! 赵敏 due 2026-03-31, opened by the supervisor 李军 on 2026-03-20; the
//! desk tests look at it on 2026-04-02.

use super::TestDb;
use time::macros::{date, datetime};
use xfdesk::domain::case::{CaseDraft, CaseSource};
use xfdesk::domain::LedgerNo;

pub const M1: LedgerNo = LedgerNo { year: 2026, seq: 1 };

/// 于营 and her matter about a school closed, with its one visit.
pub const YU_YING: &str = r#"{"type":"petitioner","ref":"p1","name":"于营","id_number":"11010519491231002X","town":"370211001"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"撤并学校","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-05T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"来访"}
"#;

/// The office of `people` (which starts with `YU_YING`) with 于营's matter
/// the late case.
pub fn with_late_case(people: &str) -> TestDb {
    let mut db = TestDb::office(people, datetime!(2026-03-20 10:00 +8), "lijun");
    let draft = CaseDraft {
        source: Some(CaseSource::Screened),
        leader: Some("zhaomin".into()),
        measures: Some("联合教体局现场核查".into()),
        due: Some(date!(2026 - 03 - 31)),
        unit: Some("jtj".into()),
        owner: Some("wangwei".into()),
        ..Default::default()
    };
    db.as_user("lijun").open_case(M1, &draft).unwrap();
    db
}
