use super::*;

#[test]
fn choices_cycle_both_ways_through_none() {
    assert_eq!(cycle_opt(None, 2, 1), Some(0));
    assert_eq!(cycle_opt(Some(1), 2, 1), None);
    assert_eq!(cycle_opt(None, 2, -1), Some(1));
    assert_eq!(cycle_opt(None, 0, 1), None);
    assert_eq!(cycle(Level::ALL, Level::National, 1), Level::Town);
}

#[test]
fn times_are_read_in_the_desk_zone() {
    let tz = crate::domain::DEFAULT_TZ;
    let at = parse_time("2026-07-01 08:30", tz).unwrap();
    assert_eq!(show_time(at, tz), "2026-07-01 08:30");
    assert_eq!(at.local_date(time::UtcOffset::UTC).day(), 1);
    assert_eq!(at.0 % 86_400, 30 * 60, "00:30 UTC");
    assert!(parse_time("2026-07-01", tz).is_none());
    assert!(parse_time("明天", tz).is_none());
}
