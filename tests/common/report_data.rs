//! A month of a small office for the report tests, with every edge the
//! expectations were worked out by hand for (period: March 2026, UTC+8).
//!
//! Towns: 370211001 辛安 (T1), 370211002 黄岛 (T2), 370211003 薛家岛 (T3, no
//! contacts ever). Ledger numbers follow registration: M1 = 2026-000001 …
//! M7 = 2026-000004, M6 = 2026-000005, M4 = 2026-000006, M5 = 2026-000007.
//!
//! In March, T1 has 8 contacts, T2 one, T3 none:
//! - M1 (jy): c2 at 03-01 00:00:00+08:00 (visit, county, repeat). Accepted 01-02,
//!   so due 03-03; replied 03-03 — on time, on the due date itself.
//!   Evaluated satisfied 03-10.
//! - M2 (cxjs, county jurisdiction): accepted 01-02, replied 03-04 (one day
//!   late). Skip-level at each stage: c6 city visit 03-02 before the reply; c4
//!   province visit 03-06 after the reply (its summary starts with `=`); c5
//!   national visit 03-12 after the review decision. c7 city visit 03-07
//!   after the reply is not skip-level. Final by rereview_decision 03-20.
//! - M3 (jy): accepted 01-06 (due 03-07), extended 10 days, replied 03-17 — on
//!   time only thanks to the extension. Evaluated unsatisfied 03-18.
//! - M4 (jy): c9, a collective city visit of exactly 5 at 03-10 09:00, before
//!   its resolution on the spot at 10:00 (skip-level); c10 city visit of 4
//!   on 03-11 (neither). Evaluated basic 03-11.
//! - M5 (cxjs): c11, an abnormal letter at 2026-03-31T15:59:59Z (23:59:59 local,
//!   inside); rejected the same second: ended in March with one contact.
//! - M6 (jy, T2): c12 province visit 02-28 23:59:59+08:00 (outside), c13 county
//!   visit at 2026-02-28T16:00:00Z (00:00 local on 03-01, inside), c14 national
//!   visit at 04-01 00:00:00+08:00 (outside), c15 abnormal letter at
//!   2026-03-31T16:00:00Z (04-01 local, outside). Forwarded 03-02.
//! - M7 (jy): c16, a national abnormal visit at 2026-02-28T15:59:59Z (outside).

pub const T1: &str = "370211001";
pub const T2: &str = "370211002";
pub const T3: &str = "370211003";

pub const MONTH_DATA: &str = r#"{"type":"town","code":"370211003","name":"薛家岛街道"}
{"type":"village","code":"370211001002","town":"370211001","name":"南辛安社区"}
{"type":"village","code":"370211002001","town":"370211002","name":"黄岛社区"}
{"type":"petitioner","ref":"p1","name":"于营","town":"370211001","village":"370211001001"}
{"type":"petitioner","ref":"p2","name":"韩梅","town":"370211002"}
{"type":"petitioner","ref":"p3","name":"吕方","town":"370211002","village":"370211002001"}
{"type":"petitioner","ref":"r1","name":"代表甲"}
{"type":"petitioner","ref":"r2","name":"代表乙"}
{"type":"petitioner","ref":"r3","name":"代表丙"}
{"type":"petitioner","ref":"r4","name":"代表丁"}
{"type":"petitioner","ref":"r5","name":"代表戊"}
{"type":"matter","ref":"m1","petitioners":["p1"],"category":"jy","town":"370211001","summary":"校车停运","first_receiver":"zhangli","registered_at":"2026-01-01T09:00:00+08:00"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-01-01T09:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c1"}
{"type":"contact","matter":"m1","petitioners":["p1"],"at":"2026-03-01T00:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c2"}
{"type":"event","matter":"m1","at":"2026-01-02T10:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}
{"type":"event","matter":"m1","at":"2026-03-03T17:00:00+08:00","action":"reply","by":"wangwei","note":"已答复"}
{"type":"event","matter":"m1","at":"2026-03-10T10:00:00+08:00","action":"evaluate","by":"zhangli","satisfaction":"satisfied"}
{"type":"matter","ref":"m2","petitioners":["p1"],"category":"cxjs","town":"370211001","summary":"拆迁补偿","first_receiver":"zhangli","registered_at":"2026-01-01T10:00:00+08:00"}
{"type":"contact","matter":"m2","petitioners":["p1"],"at":"2026-01-01T10:00:00+08:00","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c3"}
{"type":"contact","matter":"m2","petitioners":["p1"],"at":"2026-03-02T10:00:00+08:00","channel":"visit","level":"city","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c6"}
{"type":"contact","matter":"m2","petitioners":["p1"],"at":"2026-03-06T10:00:00+08:00","channel":"visit","level":"province","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"=HYPERLINK(\"http://x\",\"c4\")"}
{"type":"contact","matter":"m2","petitioners":["p1"],"at":"2026-03-07T10:00:00+08:00","channel":"visit","level":"city","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c7"}
{"type":"contact","matter":"m2","petitioners":["p1"],"at":"2026-03-12T10:00:00+08:00","channel":"visit","level":"national","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c5"}
{"type":"event","matter":"m2","at":"2026-01-02T10:00:00+08:00","action":"accept","by":"zhangli","unit":"zrj"}
{"type":"event","matter":"m2","at":"2026-03-04T09:00:00+08:00","action":"reply","by":"sunli","note":"已答复"}
{"type":"event","matter":"m2","at":"2026-03-05T09:00:00+08:00","action":"review_request","by":"zhangli"}
{"type":"event","matter":"m2","at":"2026-03-10T09:00:00+08:00","action":"review_decision","by":"lijun"}
{"type":"event","matter":"m2","at":"2026-03-15T09:00:00+08:00","action":"rereview_request","by":"zhangli"}
{"type":"event","matter":"m2","at":"2026-03-20T09:00:00+08:00","action":"rereview_decision","by":"lijun"}
{"type":"matter","ref":"m3","petitioners":["p1"],"category":"jy","town":"370211001","summary":"学籍","first_receiver":"zhangli","registered_at":"2026-01-05T09:00:00+08:00"}
{"type":"contact","matter":"m3","petitioners":["p1"],"at":"2026-01-05T09:00:00+08:00","channel":"letter","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c8","letter_no":"信2026-1"}
{"type":"event","matter":"m3","at":"2026-01-06T10:00:00+08:00","action":"accept","by":"zhangli","unit":"jtj"}
{"type":"event","matter":"m3","at":"2026-02-01T10:00:00+08:00","action":"extend","by":"lijun","days":10,"reason":"需调查"}
{"type":"event","matter":"m3","at":"2026-03-17T16:00:00+08:00","action":"reply","by":"wangwei","note":"已答复"}
{"type":"event","matter":"m3","at":"2026-03-18T10:00:00+08:00","action":"evaluate","by":"zhangli","satisfaction":"unsatisfied"}
{"type":"matter","ref":"m4","petitioners":["r1","r2","r3","r4","r5"],"category":"jy","town":"370211001","summary":"集体反映","first_receiver":"zhangli","registered_at":"2026-03-10T09:00:00+08:00"}
{"type":"contact","matter":"m4","petitioners":["r1","r2","r3","r4","r5"],"at":"2026-03-10T09:00:00+08:00","channel":"visit","level":"city","headcount":5,"abnormal":false,"receiver":"zhangli","summary":"c9"}
{"type":"contact","matter":"m4","petitioners":["r1"],"at":"2026-03-11T09:00:00+08:00","channel":"visit","level":"city","headcount":4,"abnormal":false,"receiver":"zhangli","summary":"c10"}
{"type":"event","matter":"m4","at":"2026-03-10T10:00:00+08:00","action":"resolve_on_spot","by":"zhangli"}
{"type":"event","matter":"m4","at":"2026-03-11T10:00:00+08:00","action":"evaluate","by":"zhangli","satisfaction":"basic"}
{"type":"matter","ref":"m5","petitioners":["p1"],"category":"cxjs","town":"370211001","summary":"违建","first_receiver":"zhangli","registered_at":"2026-03-31T23:59:59+08:00"}
{"type":"contact","matter":"m5","petitioners":["p1"],"at":"2026-03-31T15:59:59Z","channel":"letter","level":"county","headcount":1,"abnormal":true,"receiver":"zhangli","summary":"c11","letter_no":"信2026-2"}
{"type":"event","matter":"m5","at":"2026-03-31T23:59:59+08:00","action":"reject","by":"zhangli","reason":"不属于受理范围"}
{"type":"matter","ref":"m6","petitioners":["p2"],"category":"jy","town":"370211002","summary":"幼儿园收费","first_receiver":"zhangli","registered_at":"2026-02-28T23:59:59+08:00"}
{"type":"contact","matter":"m6","petitioners":["p2"],"at":"2026-02-28T23:59:59+08:00","channel":"visit","level":"province","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c12"}
{"type":"contact","matter":"m6","petitioners":["p2"],"at":"2026-02-28T16:00:00Z","channel":"visit","level":"county","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c13"}
{"type":"contact","matter":"m6","petitioners":["p2"],"at":"2026-04-01T00:00:00+08:00","channel":"visit","level":"national","headcount":1,"abnormal":false,"receiver":"zhangli","summary":"c14"}
{"type":"contact","matter":"m6","petitioners":["p2"],"at":"2026-03-31T16:00:00Z","channel":"letter","level":"county","headcount":1,"abnormal":true,"receiver":"zhangli","summary":"c15","letter_no":"信2026-3"}
{"type":"event","matter":"m6","at":"2026-03-02T10:00:00+08:00","action":"forward","by":"zhangli","to":"区法院"}
{"type":"matter","ref":"m7","petitioners":["p3"],"category":"jy","town":"370211001","summary":"转学","first_receiver":"zhangli","registered_at":"2026-02-20T09:00:00+08:00"}
{"type":"contact","matter":"m7","petitioners":["p3"],"at":"2026-02-28T15:59:59Z","channel":"visit","level":"national","headcount":1,"abnormal":true,"receiver":"zhangli","summary":"c16"}
"#;
