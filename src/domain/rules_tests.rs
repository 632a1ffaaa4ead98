use super::*;

const FOUR_NO: &str = include_str!("../../fixtures/rules/four-no.toml");

fn brief(
    channel: Channel,
    level: Level,
    headcount: u32,
    abnormal: bool,
    skip_level: bool,
) -> ContactBrief {
    ContactBrief {
        channel,
        level,
        headcount,
        abnormal,
        skip_level,
        repeat: false,
    }
}

#[test]
fn the_built_in_rules_are_the_shipped_three_no_file() {
    let r = Rules::three_no();
    assert_eq!(r.name, "三无");
    assert_eq!(
        r.collective_min_headcount, None,
        "the office setting decides"
    );
    let ids: Vec<(&str, u32)> = r
        .criteria
        .iter()
        .map(|c| (c.id.as_str(), c.points))
        .collect();
    assert_eq!(
        ids,
        [
            ("no_national_provincial", 20),
            ("no_collective_city", 10),
            ("no_abnormal", 20)
        ]
    );
    assert_eq!(r.criteria[0].label, "无进京赴省上访");
    assert_eq!(
        r.criteria[0].levels,
        Some(vec![Level::Province, Level::National])
    );
    assert_eq!(r.criteria[1].collective, Some(true));
}

#[test]
fn four_no_adds_no_skip_level() {
    let four = Rules::parse(FOUR_NO, "four-no.toml").unwrap();
    let three = Rules::three_no();
    assert_eq!(four.name, "四无");
    assert_eq!(four.criteria[..3], three.criteria[..]);
    let last = &four.criteria[3];
    assert_eq!(
        (last.id.as_str(), last.label.as_str(), last.points),
        ("no_skip_level", "无越级上访", 5)
    );
    assert_eq!(
        (last.channels.clone(), last.skip_level),
        (Some(vec![Channel::Visit]), Some(true))
    );
}

#[test]
fn criteria_match_contacts_by_table() {
    use Channel as C;
    use Level as L;
    let r = Rules::parse(FOUR_NO, "four-no.toml").unwrap();
    let min = r.collective_min(5);
    // Columns: national/provincial, collective at city, abnormal, skip-level.
    let table: &[(ContactBrief, [bool; 4])] = &[
        (
            brief(C::Visit, L::National, 1, false, false),
            [true, false, false, false],
        ),
        (
            brief(C::Visit, L::Province, 1, false, true),
            [true, false, false, true],
        ),
        (
            brief(C::Letter, L::Province, 1, false, false),
            [false, false, false, false],
        ),
        (
            brief(C::Visit, L::City, 5, false, false),
            [false, true, false, false],
        ),
        (
            brief(C::Visit, L::City, 4, false, false),
            [false, false, false, false],
        ),
        (
            brief(C::Call, L::City, 9, false, false),
            [false, false, false, false],
        ),
        (
            brief(C::Online, L::County, 1, true, false),
            [false, false, true, false],
        ),
        (
            brief(C::Visit, L::County, 1, false, false),
            [false, false, false, false],
        ),
    ];
    for (b, want) in table {
        let got: Vec<bool> = r.criteria.iter().map(|c| c.matches(b, min)).collect();
        assert_eq!(got, want, "{b:?}");
    }
    // collective = false matches the small ones only; the threshold is the file's.
    let small = Rules::parse(
        "name = \"x\"\ncollective_min_headcount = 3\n[[criterion]]\nid = \"a\"\nlabel = \"a\"\ncollective = false\npoints = 1\n",
        "x.toml",
    )
    .unwrap();
    let c = &small.criteria[0];
    assert!(c.matches(
        &brief(C::Visit, L::City, 2, false, false),
        small.collective_min(5)
    ));
    assert!(!c.matches(
        &brief(C::Visit, L::City, 3, false, false),
        small.collective_min(5)
    ));
}

#[test]
fn scores_deduct_points_per_batch_and_stop_at_zero() {
    let r = Rules::three_no();
    let counts = |n: &[(&str, u64)]| -> BTreeMap<String, Count> {
        n.iter()
            .map(|(id, b)| {
                (
                    id.to_string(),
                    Count {
                        batches: *b,
                        persons: *b * 2,
                    },
                )
            })
            .collect()
    };
    type Batches<'a> = &'a [(&'a str, u64)];
    let table: &[(Batches, (bool, i64))] = &[
        (&[], (true, 100)),
        (&[("no_abnormal", 0)], (true, 100)),
        (&[("no_collective_city", 1)], (false, 90)),
        (
            &[("no_national_provincial", 2), ("no_collective_city", 1)],
            (false, 50),
        ),
        (&[("no_abnormal", 5)], (false, 0)),
        (&[("no_abnormal", 9)], (false, 0)),
        // Counts of ids the rules do not have change nothing.
        (&[("elsewhere", 3)], (true, 100)),
    ];
    for (n, want) in table {
        assert_eq!(r.judge(&counts(n)), *want, "{n:?}");
    }
}

#[test]
fn every_problem_is_named_with_file_and_line() {
    let text = r#"name = "坏规则"
colour = "red"
[[criterion]]
id = "a"
label = "甲"
channels = ["visit", "fax"]
levels = ["moon"]
points = 5
[[criterion]]
label = "乙"
abnormal = "yes"
[[criterion]]
id = "a"
label = "丙"
lable = "typo"
points = -1
"#;
    let errs = Rules::parse(text, "bad.toml").unwrap_err();
    let want = [
        "bad.toml:2: unknown key \"colour\"",
        "bad.toml:6: channels: unknown channel \"fax\" (expected one of visit, letter, call, online)",
        "bad.toml:7: levels: unknown level \"moon\"",
        "bad.toml:9: criterion: missing id",
        "bad.toml:9: criterion: missing points",
        "bad.toml:11: abnormal: expected true or false",
        "bad.toml:13: criterion id \"a\" is used twice (first at line 4)",
        "bad.toml:15: criterion: unknown key \"lable\"",
        "bad.toml:16: points: expected a whole number",
    ];
    assert_eq!(errs.len(), want.len(), "{errs:#?}");
    for (e, w) in errs.iter().zip(want) {
        assert!(e.starts_with(w), "{e}\n  wanted {w}");
    }
}

#[test]
fn a_file_without_name_or_criteria_or_with_bad_toml_is_refused() {
    let errs = Rules::parse("collective_min_headcount = 0\n", "e.toml").unwrap_err();
    assert_eq!(
        errs,
        [
            "e.toml:1: collective_min_headcount: expected a whole number of at least 1",
            "e.toml:1: missing name (e.g. name = \"三无\")",
            "e.toml:1: no [[criterion]]: a scorecard needs at least one",
        ]
    );
    let errs = Rules::parse("name = \"x\"\n[[criterion]\n", "t.toml").unwrap_err();
    assert_eq!(errs.len(), 1);
    assert!(errs[0].starts_with("t.toml:2: "), "{errs:?}");
    let errs = Rules::parse(
        "name = \"x\"\n[[criterion]]\nid = \"a\"\nlabel = \"a\"\nchannels = []\npoints = 1\n",
        "t.toml",
    )
    .unwrap_err();
    assert_eq!(
        errs,
        ["t.toml:5: channels: an empty list matches nothing; leave channels out to match any"]
    );
}
