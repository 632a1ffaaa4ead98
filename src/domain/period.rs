//! Report periods: local dates, both ends inclusive (docs/rules.md: Rates, Scorecards).
//!
//! Many offices close their statistical month on the 20th: with a start day
//! of 21, "month M" runs from the 21st of month M-1 to the 20th of month M, and
//! quarters and years follow from their months. A start day of 1 is the
//! calendar month.

use std::fmt;
use time::{Date, Month};

/// The latest start day every month has.
pub const MAX_START_DAY: u8 = 28;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeriodError(pub String);

impl fmt::Display for PeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PeriodError {}

type Result<T> = std::result::Result<T, PeriodError>;

fn check_start(start_day: u8) -> Result<()> {
    if (1..=MAX_START_DAY).contains(&start_day) {
        Ok(())
    } else {
        Err(PeriodError(format!(
            "the statistical month must start on a day from 1 to {MAX_START_DAY}, not {start_day}"
        )))
    }
}

fn date(year: i32, month: Month, day: u8) -> Result<Date> {
    Date::from_calendar_date(year, month, day)
        .map_err(|_| PeriodError(format!("{year}-{:02}-{day:02} is not a date", month as u8)))
}

impl Period {
    /// `from` to `to`, both inclusive; refused when `to` is before `from`.
    pub fn custom(from: Date, to: Date) -> Result<Period> {
        if to < from {
            return Err(PeriodError(format!(
                "the period ends ({to}) before it starts ({from})"
            )));
        }
        Ok(Period { from, to })
    }

    /// Statistical month `month` (1–12) of `year`.
    pub fn month(year: i32, month: u8, start_day: u8) -> Result<Period> {
        check_start(start_day)?;
        let m = Month::try_from(month)
            .map_err(|_| PeriodError(format!("month {month} is not from 1 to 12")))?;
        if start_day == 1 {
            let from = date(year, m, 1)?;
            return Ok(Period {
                from,
                to: date(year, m, m.length(year))?,
            });
        }
        let (py, pm) = if m == Month::January {
            (year - 1, Month::December)
        } else {
            (year, m.previous())
        };
        Ok(Period {
            from: date(py, pm, start_day)?,
            to: date(year, m, start_day - 1)?,
        })
    }

    /// Statistical quarter `q` (1–4) of `year`: its first month's start to its
    /// last month's end.
    pub fn quarter(year: i32, q: u8, start_day: u8) -> Result<Period> {
        if !(1..=4).contains(&q) {
            return Err(PeriodError(format!("quarter {q} is not from 1 to 4")));
        }
        let first = Period::month(year, q * 3 - 2, start_day)?;
        let last = Period::month(year, q * 3, start_day)?;
        Ok(Period {
            from: first.from,
            to: last.to,
        })
    }

    /// Statistical year `year`.
    pub fn year(year: i32, start_day: u8) -> Result<Period> {
        let first = Period::month(year, 1, start_day)?;
        let last = Period::month(year, 12, start_day)?;
        Ok(Period {
            from: first.from,
            to: last.to,
        })
    }

    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// Number of days, both ends counted.
    pub fn days(&self) -> i64 {
        (self.to - self.from).whole_days() + 1
    }

    /// `2026-03` for a calendar month, `2026-Q1` for a calendar quarter, `2026`
    /// for a calendar year, otherwise the two dates (`2026-02-21 – 2026-03-20`).
    pub fn label(&self) -> String {
        let (y, m) = (self.from.year(), self.from.month() as u8);
        if self.from.day() == 1 && self.from.year() == self.to.year() {
            let whole = |p: Result<Period>| p.is_ok_and(|p| p == *self);
            if whole(Period::month(y, m, 1)) {
                return format!("{y}-{m:02}");
            }
            if m % 3 == 1 && whole(Period::quarter(y, m / 3 + 1, 1)) {
                return format!("{y}-Q{}", m / 3 + 1);
            }
            if whole(Period::year(y, 1)) {
                return format!("{y}");
            }
        }
        format!("{} – {}", self.from, self.to)
    }

    /// The statistical month (year, month) a date falls in.
    pub fn stat_month_of(d: Date, start_day: u8) -> (i32, u8) {
        let (y, m) = (d.year(), d.month());
        if start_day <= 1 || d.day() < start_day {
            (y, m as u8)
        } else if m == Month::December {
            (y + 1, 1)
        } else {
            (y, m.next() as u8)
        }
    }

    /// The statistical months that overlap this period, each cut to it and
    /// labelled `YYYY-MM`, in order.
    pub fn months(&self, start_day: u8) -> Vec<(String, Period)> {
        let mut out = Vec::new();
        let (mut y, mut m) = Period::stat_month_of(self.from, start_day);
        while let Ok(p) = Period::month(y, m, start_day) {
            if p.from > self.to {
                break;
            }
            out.push((
                format!("{y}-{m:02}"),
                Period {
                    from: p.from.max(self.from),
                    to: p.to.min(self.to),
                },
            ));
            (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        }
        out
    }
}

/// The periods a brief compares a period with.
impl Period {
    /// The period just before: the previous statistical month, quarter or
    /// year when this is one, else as many days ending the day before.
    pub fn previous(&self, start_day: u8) -> Period {
        let months = self.months(start_day);
        let whole_months = months.first().is_some_and(|(_, p)| {
            let (y, m) = Period::stat_month_of(p.from, start_day);
            Period::month(y, m, start_day).is_ok_and(|w| w.from == self.from)
        }) && months.last().is_some_and(|(_, p)| {
            let (y, m) = Period::stat_month_of(p.to, start_day);
            Period::month(y, m, start_day).is_ok_and(|w| w.to == self.to)
        });
        if whole_months {
            let n = months.len() as i32;
            let (y, m) = Period::stat_month_of(self.from, start_day);
            let back = |k: i32| {
                let index = y * 12 + i32::from(m) - 1 - k;
                (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8)
            };
            let (fy, fm) = back(n);
            let (ty, tm) = back(1);
            if let (Ok(from), Ok(to)) = (
                Period::month(fy, fm, start_day),
                Period::month(ty, tm, start_day),
            ) {
                return Period {
                    from: from.from,
                    to: to.to,
                };
            }
        }
        let to = self.from - time::Duration::days(1);
        Period {
            from: to - time::Duration::days(self.days() - 1),
            to,
        }
    }

    /// The same days a year earlier (29 February becomes the 28th).
    pub fn a_year_before(&self) -> Period {
        let back = |d: Date| {
            let year = d.year() - 1;
            Date::from_calendar_date(year, d.month(), d.day())
                .or_else(|_| Date::from_calendar_date(year, d.month(), 28))
                .unwrap_or(d)
        };
        Period {
            from: back(self.from),
            to: back(self.to),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_period_is_compared_with_the_one_before_and_a_year_before() {
        // Statistical month 2026-03 (21st to 20th), and January across the year.
        let march = Period::month(2026, 3, 21).unwrap();
        assert_eq!(march.previous(21), Period::month(2026, 2, 21).unwrap());
        let jan = Period::month(2026, 1, 1).unwrap();
        assert_eq!(jan.previous(1), Period::month(2025, 12, 1).unwrap());
        let q2 = Period::quarter(2026, 2, 1).unwrap();
        assert_eq!(q2.previous(1), Period::quarter(2026, 1, 1).unwrap());
        let year = Period::year(2026, 21).unwrap();
        assert_eq!(year.previous(21), Period::year(2025, 21).unwrap());
        // Ten days: the ten before.
        let days = Period::custom(date!(2026 - 03 - 05), date!(2026 - 03 - 14)).unwrap();
        let before = Period::custom(date!(2026 - 02 - 23), date!(2026 - 03 - 04)).unwrap();
        assert_eq!(days.previous(1), before);
        let leap = Period::custom(date!(2028 - 02 - 01), date!(2028 - 02 - 29)).unwrap();
        let earlier = Period::custom(date!(2027 - 02 - 01), date!(2027 - 02 - 28)).unwrap();
        assert_eq!(leap.a_year_before(), earlier);
    }

    #[test]
    fn months_quarters_and_years_by_start_day() {
        let table: &[(Result<Period>, Date, Date)] = &[
            (
                Period::month(2026, 1, 1),
                date!(2026 - 01 - 01),
                date!(2026 - 01 - 31),
            ),
            (
                Period::month(2026, 2, 1),
                date!(2026 - 02 - 01),
                date!(2026 - 02 - 28),
            ),
            (
                Period::month(2028, 2, 1),
                date!(2028 - 02 - 01),
                date!(2028 - 02 - 29),
            ),
            (
                Period::month(2026, 12, 1),
                date!(2026 - 12 - 01),
                date!(2026 - 12 - 31),
            ),
            // The 21st-start month M runs from M-1-21 to M-20, across the year end.
            (
                Period::month(2026, 1, 21),
                date!(2025 - 12 - 21),
                date!(2026 - 01 - 20),
            ),
            (
                Period::month(2026, 3, 21),
                date!(2026 - 02 - 21),
                date!(2026 - 03 - 20),
            ),
            (
                Period::month(2026, 12, 21),
                date!(2026 - 11 - 21),
                date!(2026 - 12 - 20),
            ),
            (
                Period::quarter(2026, 1, 1),
                date!(2026 - 01 - 01),
                date!(2026 - 03 - 31),
            ),
            (
                Period::quarter(2026, 4, 1),
                date!(2026 - 10 - 01),
                date!(2026 - 12 - 31),
            ),
            (
                Period::quarter(2026, 1, 21),
                date!(2025 - 12 - 21),
                date!(2026 - 03 - 20),
            ),
            (
                Period::quarter(2026, 4, 21),
                date!(2026 - 09 - 21),
                date!(2026 - 12 - 20),
            ),
            (
                Period::year(2026, 1),
                date!(2026 - 01 - 01),
                date!(2026 - 12 - 31),
            ),
            (
                Period::year(2026, 21),
                date!(2025 - 12 - 21),
                date!(2026 - 12 - 20),
            ),
        ];
        for (got, from, to) in table {
            assert_eq!(
                got.as_ref().map(|p| (p.from, p.to)),
                Ok((*from, *to)),
                "{got:?}"
            );
        }
    }

    #[test]
    fn bad_periods_are_refused_with_a_reason() {
        let table: &[(Result<Period>, &str)] = &[
            (Period::month(2026, 13, 1), "month 13"),
            (Period::month(2026, 0, 1), "month 0"),
            (Period::month(2026, 3, 0), "from 1 to 28"),
            (Period::month(2026, 3, 29), "from 1 to 28"),
            (Period::quarter(2026, 5, 1), "quarter 5"),
            (
                Period::custom(date!(2026 - 03 - 02), date!(2026 - 03 - 01)),
                "ends (2026-03-01) before",
            ),
        ];
        for (got, want) in table {
            let e = got.as_ref().expect_err("refused");
            assert!(e.0.contains(want), "{e}");
        }
        assert!(Period::custom(date!(2026 - 03 - 02), date!(2026 - 03 - 02)).is_ok());
    }

    #[test]
    fn both_ends_are_inside() {
        let p = Period::month(2026, 3, 21).unwrap();
        for (d, inside) in [
            (date!(2026 - 02 - 20), false),
            (date!(2026 - 02 - 21), true),
            (date!(2026 - 03 - 20), true),
            (date!(2026 - 03 - 21), false),
        ] {
            assert_eq!(p.contains(d), inside, "{d}");
        }
        assert_eq!(p.days(), 28);
    }

    #[test]
    fn labels_name_calendar_periods_and_show_other_dates() {
        let table = [
            (Period::month(2026, 3, 1).unwrap(), "2026-03"),
            (Period::quarter(2026, 2, 1).unwrap(), "2026-Q2"),
            (Period::year(2026, 1).unwrap(), "2026"),
            (
                Period::month(2026, 3, 21).unwrap(),
                "2026-02-21 – 2026-03-20",
            ),
            (
                Period::custom(date!(2026 - 01 - 01), date!(2026 - 02 - 28)).unwrap(),
                "2026-01-01 – 2026-02-28",
            ),
        ];
        for (p, want) in table {
            assert_eq!(p.label(), want);
        }
    }

    #[test]
    fn dates_fall_in_their_statistical_month() {
        let table = [
            (date!(2026 - 03 - 20), 21, (2026, 3)),
            (date!(2026 - 03 - 21), 21, (2026, 4)),
            (date!(2026 - 12 - 21), 21, (2027, 1)),
            (date!(2026 - 12 - 31), 1, (2026, 12)),
        ];
        for (d, start, want) in table {
            assert_eq!(Period::stat_month_of(d, start), want, "{d} {start}");
        }
        let months: Vec<String> = Period::year(2026, 21)
            .unwrap()
            .months(21)
            .into_iter()
            .map(|(l, _)| l)
            .collect();
        assert_eq!(months.len(), 12);
        assert_eq!(
            (months[0].as_str(), months[11].as_str()),
            ("2026-01", "2026-12")
        );
        let cut = Period::custom(date!(2026 - 01 - 15), date!(2026 - 02 - 03))
            .unwrap()
            .months(1);
        assert_eq!(
            cut,
            vec![
                (
                    "2026-01".to_string(),
                    Period::custom(date!(2026 - 01 - 15), date!(2026 - 01 - 31)).unwrap()
                ),
                (
                    "2026-02".to_string(),
                    Period::custom(date!(2026 - 02 - 01), date!(2026 - 02 - 03)).unwrap()
                ),
            ]
        );
    }
}
