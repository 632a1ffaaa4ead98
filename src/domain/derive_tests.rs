use super::*;
use crate::domain::{Event, LedgerNo, Level, Step, Ts};
use time::macros::date;

const DAY: i64 = 86_400;

fn matter(events: &[(i64, Step)]) -> Matter {
    let mut m = Matter::registered("a", Ts(0));
    m.events = events
        .iter()
        .map(|(d, a)| Event::new(Ts(d * DAY), *a, "a"))
        .collect();
    m
}

fn contact(id: u64, day: i64, channel: Channel, level: Level) -> Contact {
    Contact {
        id,
        at: Ts(day * DAY + 3600),
        channel,
        level,
        headcount: 1,
        petitioners: vec![1],
        matter: LedgerNo { year: 2026, seq: 1 },
        town: "t".into(),
        receiver: "a".into(),
        summary: String::new(),
        abnormal: false,
        letter_no: None,
        repeat: true,
        skip_level: true,
    }
}

#[test]
fn collective_starts_at_the_threshold() {
    assert!(!is_collective(4, DEFAULT_COLLECTIVE_MIN));
    assert!(is_collective(5, DEFAULT_COLLECTIVE_MIN));
    assert!(is_collective(3, 3));
}

#[test]
fn long_standing_by_years_or_count() {
    assert!(!is_long_standing([
        date!(2024 - 01 - 01),
        date!(2025 - 01 - 01)
    ]));
    assert!(is_long_standing([
        date!(2024 - 01 - 01),
        date!(2025 - 01 - 01),
        date!(2026 - 01 - 01)
    ]));
    assert!(!is_long_standing(vec![date!(2026 - 01 - 01); 9]));
    assert!(is_long_standing(vec![date!(2026 - 01 - 01); 10]));
}

#[test]
fn the_earliest_contact_is_first_and_later_ones_repeat() {
    let m = matter(&[]);
    let mut cs = vec![
        contact(2, 5, Channel::Letter, Level::County),
        contact(1, 1, Channel::Call, Level::County),
    ];
    derive_contact_flags(&m, &mut cs, 1);
    assert_eq!((cs[0].id, cs[0].repeat), (1, false));
    assert_eq!((cs[1].id, cs[1].repeat), (2, true));
}

#[test]
fn skip_level_follows_the_stage_of_the_matter_where_only_the_body_with_authority_may_be_visited() {
    // County jurisdiction; reply on day 10, review decision on day 20.
    let m = matter(&[
        (2, Step::Accept),
        (10, Step::Reply),
        (15, Step::ReviewRequest),
        (20, Step::ReviewDecision),
    ]);
    let cases = [
        (1, Channel::Visit, Level::County, false),
        (1, Channel::Visit, Level::City, true),
        (11, Channel::Visit, Level::City, false),
        (11, Channel::Visit, Level::Province, true),
        (21, Channel::Visit, Level::Province, false),
        (21, Channel::Visit, Level::National, true),
        (1, Channel::Letter, Level::National, false),
        (1, Channel::Call, Level::National, false),
        (1, Channel::Online, Level::National, false),
    ];
    for (day, channel, level, want) in cases {
        let mut cs = vec![contact(1, day, channel, level)];
        derive_contact_flags(&m, &mut cs, 0);
        assert_eq!(cs[0].skip_level, want, "day {day} {channel} at {level}");
    }
}

#[test]
fn resolve_on_the_spot_counts_as_a_reply() {
    let m = matter(&[(0, Step::ResolveOnSpot)]);
    let mut cs = vec![contact(1, 3, Channel::Visit, Level::City)];
    derive_contact_flags(&m, &mut cs, 0);
    assert!(!cs[0].skip_level);
}

#[test]
fn a_visit_to_the_body_with_authority_or_the_one_above_it_is_not_skip_level() {
    // County jurisdiction; reply on day 10, review decision on day 20. With
    // the default allowance of one level (本级或者上一级, 条例 on 走访).
    let m = matter(&[
        (2, Step::Accept),
        (10, Step::Reply),
        (15, Step::ReviewRequest),
        (20, Step::ReviewDecision),
    ]);
    let cases = [
        // Before the reply: county has authority; the city above it may be visited.
        (1, Level::County, false),
        (1, Level::City, false),
        (1, Level::Province, true),
        (1, Level::National, true),
        // Review stage: the city has authority; the province may be visited.
        (11, Level::Province, false),
        (11, Level::National, true),
        // Re-review stage: the province has authority.
        (21, Level::National, false),
    ];
    for (day, level, want) in cases {
        let mut cs = vec![contact(1, day, Channel::Visit, level)];
        derive_contact_flags(
            &m,
            &mut cs,
            crate::domain::office::DEFAULT_SKIP_LEVEL_ALLOWANCE,
        );
        assert_eq!(cs[0].skip_level, want, "day {day} at {level}");
    }
    // Letters are never skip-level, however high.
    let mut cs = vec![contact(1, 1, Channel::Letter, Level::National)];
    derive_contact_flags(&m, &mut cs, 1);
    assert!(!cs[0].skip_level);
}
