//! Periods from ISO 8601 dates: `2025-03-14` or a date-time such as `2025-03-14T09:30:00Z`
//! (only the date is read; a time zone offset does not move it to another day).

/// How dates are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// `2025-03-14`.
    Day,
    /// ISO week, `2025-W11` (weeks start on Monday; week 1 holds the year's first Thursday).
    Week,
    /// `2025-03`.
    Month,
    /// `2025-Q1`.
    Quarter,
    /// `2025`.
    Year,
}

impl Period {
    /// Every period with its name.
    pub const ALL: [(&'static str, Period); 5] = [
        ("day", Period::Day),
        ("week", Period::Week),
        ("month", Period::Month),
        ("quarter", Period::Quarter),
        ("year", Period::Year),
    ];

    /// The period holding `date` (ISO 8601), or `None` when it is not one.
    ///
    /// ```
    /// use stance::shares::Period;
    /// assert_eq!(Period::Week.of("2025-01-01").as_deref(), Some("2025-W01"));
    /// assert_eq!(Period::Week.of("2027-01-01T08:00:00Z").as_deref(), Some("2026-W53"));
    /// assert_eq!(Period::Quarter.of("2025-05-31").as_deref(), Some("2025-Q2"));
    /// assert_eq!(Period::Month.of("2025-02-30"), None);
    /// ```
    pub fn of(self, date: &str) -> Option<String> {
        let (y, m, d) = parse_date(date)?;
        Some(match self {
            Period::Day => format!("{y:04}-{m:02}-{d:02}"),
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            Period::Year => format!("{y:04}"),
            Period::Week => {
                let (wy, w) = iso_week(y, m, d);
                format!("{wy:04}-W{w:02}")
            }
        })
    }
}

impl std::str::FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Period::ALL
            .iter()
            .find(|(n, _)| *n == s)
            .map(|&(_, p)| p)
            .ok_or_else(|| format!("'{s}' is not one of day, week, month, quarter, year"))
    }
}

/// Year, month, day of `YYYY-MM-DD`, optionally followed by `T` or a space and a time.
fn parse_date(s: &str) -> Option<(i64, u32, u32)> {
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y as i64, m) {
        return None;
    }
    Some((y as i64, m, d))
}

fn leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// ISO weekday, Monday = 1 .. Sunday = 7.
fn weekday(days: i64) -> i64 {
    // 1970-01-01 was a Thursday.
    (days + 3).rem_euclid(7) + 1
}

/// ISO week-numbering year and week.
fn iso_week(y: i64, m: u32, d: u32) -> (i64, u32) {
    let days = days_from_civil(y, m, d);
    // The Thursday of this date's week decides the year.
    let thursday = days - weekday(days) + 4;
    let year = if thursday < days_from_civil(y, 1, 1) {
        y - 1
    } else if thursday >= days_from_civil(y + 1, 1, 1) {
        y + 1
    } else {
        y
    };
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checked against Python's `datetime.date(y, m, d).isocalendar()`.
    #[test]
    fn iso_weeks_match_python() {
        assert_eq!(iso_week(2024, 12, 30), (2025, 1));
        assert_eq!(iso_week(2021, 1, 3), (2020, 53));
        assert_eq!(iso_week(2025, 3, 14), (2025, 11));
        assert_eq!(iso_week(2020, 12, 31), (2020, 53));
        assert_eq!(iso_week(2026, 6, 1), (2026, 23));
    }

    #[test]
    fn dates_and_date_times_parse_and_nonsense_does_not() {
        assert_eq!(
            Period::Day.of("2024-02-29T23:59:59+05:00").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Period::Year.of("2025-12-01 10:00").as_deref(), Some("2025"));
        for bad in [
            "2023-02-29",
            "2025-13-01",
            "14/03/2025",
            "2025-3-4",
            "",
            "2025-03-14X",
        ] {
            assert_eq!(Period::Day.of(bad), None, "{bad}");
        }
    }
}
