//! Calendar dates (proleptic Gregorian, no time zone): article dates and role dates.

use std::fmt;

/// A calendar date. Ordered chronologically.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date, or `None` when the day does not exist.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`, optionally followed by a time (`T...` or ` ...`), as front matter writes it.
    pub fn parse_prefix(text: &str) -> Option<Date> {
        let text = text.trim();
        // `None` when shorter, or when the tenth byte ends no character (then no separator
        // follows).
        let date = text.get(..10)?;
        if text.len() > 10 && !matches!(text.as_bytes()[10], b'T' | b't' | b' ') {
            return None;
        }
        Date::parse_checked(date).ok()
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        Date::parse_checked(text).ok()
    }

    /// Parses exactly `YYYY-MM-DD`, saying what is wrong when it cannot: the form, or a month or
    /// day that does not exist (`2025-13-01`, `2025-02-30`).
    pub fn parse_checked(text: &str) -> Result<Date, DateError> {
        let bytes = text.as_bytes();
        let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(DateError::Form);
        }
        if !(digits(0..4) && digits(5..7) && digits(8..10)) {
            return Err(DateError::Form);
        }
        let number = |r: std::ops::Range<usize>| text[r].parse::<u16>().unwrap_or(0);
        let year = i32::from(number(0..4));
        let month = u8::try_from(number(5..7)).unwrap_or(0);
        let day = u8::try_from(number(8..10)).unwrap_or(0);
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(month));
        }
        Date::new(year, month, day).ok_or(DateError::Day {
            year,
            month,
            day,
            last: days_in_month(year, month),
        })
    }

    /// Today in UTC, from the system clock.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let days = i64::try_from(secs / 86_400).unwrap_or(0);
        Date::from_days_since_epoch(days)
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: i32::try_from(year).unwrap_or(i32::MAX),
            month: u8::try_from(month).unwrap_or(1),
            day: u8::try_from(day).unwrap_or(1),
        }
    }

    /// The day before this one.
    #[must_use]
    pub fn pred(self) -> Date {
        if self.day > 1 {
            Date {
                day: self.day - 1,
                ..self
            }
        } else if self.month > 1 {
            let month = self.month - 1;
            Date {
                month,
                day: days_in_month(self.year, month),
                ..self
            }
        } else {
            Date {
                year: self.year - 1,
                month: 12,
                day: 31,
            }
        }
    }

    /// The day after this one.
    #[must_use]
    pub fn succ(self) -> Date {
        if self.day < days_in_month(self.year, self.month) {
            Date {
                day: self.day + 1,
                ..self
            }
        } else if self.month < 12 {
            Date {
                month: self.month + 1,
                day: 1,
                ..self
            }
        } else {
            Date {
                year: self.year + 1,
                month: 1,
                day: 1,
            }
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it): the inverse of [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let yoe = year.rem_euclid(400);
        let month = i64::from(self.month);
        let mp = if month > 2 { month - 3 } else { month + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The same day `months` months later (earlier when negative); a day the month does not
    /// have becomes its last day (January 31 plus one month is February 28 or 29).
    #[must_use]
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = u8::try_from(index.rem_euclid(12) + 1).unwrap_or(1);
        Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }
}

/// The time from one date to a later one in whole calendar months and the days left over, as a
/// person counts it: from 2022-02-24 to 2025-12-20 is 45 months and 26 days (3 years, 9 months
/// and 26 days). Ordered: a longer time is greater.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Elapsed {
    pub months: i32,
    pub days: i32,
}

impl Elapsed {
    /// From `from` to `to`; `None` when `to` is before `from`.
    pub fn between(from: Date, to: Date) -> Option<Elapsed> {
        if to < from {
            return None;
        }
        let mut months = (to.year - from.year) * 12 + i32::from(to.month) - i32::from(from.month);
        if from.add_months(months) > to {
            months -= 1;
        }
        let anniversary = from.add_months(months);
        let days = i32::try_from(to.days_since_epoch() - anniversary.days_since_epoch()).ok()?;
        Some(Elapsed { months, days })
    }

    /// Whole months, no days.
    pub fn months(months: i32) -> Elapsed {
        Elapsed { months, days: 0 }
    }
}

impl fmt::Display for Elapsed {
    /// "3 years, 9 months and 26 days", "1 year", "5 months and 1 day", "0 days".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = |n: i32, one: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {one}s")
            }
        };
        let mut parts = Vec::new();
        if self.months >= 12 {
            parts.push(unit(self.months / 12, "year"));
        }
        if self.months % 12 > 0 {
            parts.push(unit(self.months % 12, "month"));
        }
        if self.days > 0 || parts.is_empty() {
            parts.push(unit(self.days, "day"));
        }
        match parts.as_slice() {
            [one] => f.write_str(one),
            [init @ .., last] => write!(f, "{} and {last}", init.join(", ")),
            [] => Ok(()),
        }
    }
}

/// How precisely a [`PartialDate`] is known.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to the year, the month or the day, as dictionaries write them: `1982`,
/// `2019-05`, `2025-01-21`. It stands for every day it may mean, from [`PartialDate::earliest`]
/// to [`PartialDate::latest`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PartialDate {
    year: i32,
    /// 1-12, or 0 when only the year is known.
    month: u8,
    /// 1-31, or 0 when the day is not known.
    day: u8,
}

impl PartialDate {
    pub fn year(year: i32) -> PartialDate {
        PartialDate {
            year,
            month: 0,
            day: 0,
        }
    }

    /// A month of a year, or `None` when the month does not exist.
    pub fn month(year: i32, month: u8) -> Option<PartialDate> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month,
            day: 0,
        })
    }

    pub fn day(date: Date) -> PartialDate {
        PartialDate {
            year: date.year,
            month: date.month,
            day: date.day,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit years).
    pub fn parse(text: &str) -> Option<PartialDate> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| {
            text.get(range.clone())
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        };
        let year: i32 = digits(0..4)?.parse().ok()?;
        match bytes.len() {
            4 => Some(PartialDate::year(year)),
            7 if bytes[4] == b'-' => PartialDate::month(year, digits(5..7)?.parse().ok()?),
            10 => Date::parse(text).map(PartialDate::day),
            _ => None,
        }
    }

    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The first day it may mean.
    pub fn earliest(self) -> Date {
        Date {
            year: self.year,
            month: self.month.max(1),
            day: self.day.max(1),
        }
    }

    /// The last day it may mean.
    pub fn latest(self) -> Date {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
        };
        Date {
            year: self.year,
            month,
            day,
        }
    }

    /// The day, when it is known to the day.
    pub fn exact(self) -> Option<Date> {
        (self.precision() == Precision::Day).then(|| self.earliest())
    }
}

impl From<Date> for PartialDate {
    fn from(date: Date) -> PartialDate {
        PartialDate::day(date)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => self.earliest().fmt(f),
        }
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`.
    Form,
    Month(u8),
    /// A day the month does not have (`last` is its last day).
    Day {
        year: i32,
        month: u8,
        day: u8,
        last: u8,
    },
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DateError::Form => write!(f, "expected a date in the form YYYY-MM-DD"),
            DateError::Month(m) => write!(f, "there is no month {m}"),
            DateError::Day { day: 0, .. } => write!(f, "there is no day 0"),
            DateError::Day {
                year,
                month,
                day,
                last,
            } => write!(
                f,
                "{} {year} has {last} days, not {day}",
                MONTHS[usize::from(month) - 1]
            ),
        }
    }
}

impl std::error::Error for DateError {}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_parse_says_what_is_wrong() {
        let err = |s: &str| Date::parse_checked(s).err().map(|e| e.to_string());
        assert_eq!(
            Date::parse_checked("2024-02-29"),
            Ok(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        assert_eq!(err("2025-13-01").as_deref(), Some("there is no month 13"));
        assert_eq!(err("2025-00-01").as_deref(), Some("there is no month 0"));
        assert_eq!(
            err("2025-02-29").as_deref(),
            Some("February 2025 has 28 days, not 29")
        );
        assert_eq!(
            err("2025-06-31").as_deref(),
            Some("June 2025 has 30 days, not 31")
        );
        assert_eq!(err("2025-06-00").as_deref(), Some("there is no day 0"));
        for bad in [
            "2025-6-1",
            "20251220",
            "2025-12-20T10:00",
            "next week",
            "2025-1a-01",
            "+025-12-01",
        ] {
            assert_eq!(
                err(bad).as_deref(),
                Some("expected a date in the form YYYY-MM-DD"),
                "{bad}"
            );
        }
    }

    #[test]
    fn parses_dates_and_date_times() {
        assert_eq!(Date::parse_prefix("2025-12-20"), Date::new(2025, 12, 20));
        assert_eq!(
            Date::parse_prefix("2025-12-20T10:00:00Z"),
            Date::new(2025, 12, 20)
        );
        assert_eq!(
            Date::parse_prefix("2025-12-20 10:00"),
            Date::new(2025, 12, 20)
        );
        assert_eq!(Date::parse_prefix("2025-02-30"), None);
        assert_eq!(Date::parse_prefix("2025-12-200"), None);
        assert_eq!(Date::parse("2025-12-20T10:00"), None);
        assert_eq!(Date::parse("20-12-2025"), None);
    }

    #[test]
    fn prefix_and_exact_parses_agree_with_the_field_by_field_reading() {
        // The reading `parse_prefix` and `parse` did before they shared `parse_checked`.
        let reference_prefix = |text: &str| -> Option<Date> {
            let text = text.trim();
            let bytes = text.as_bytes();
            if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
                return None;
            }
            if bytes.len() > 10 && !matches!(bytes[10], b'T' | b't' | b' ') {
                return None;
            }
            if ![0..4, 5..7, 8..10]
                .into_iter()
                .all(|r| bytes[r].iter().all(u8::is_ascii_digit))
            {
                return None;
            }
            let year = text.get(0..4)?.parse().ok()?;
            let month = text.get(5..7)?.parse().ok()?;
            let day = text.get(8..10)?.parse().ok()?;
            Date::new(year, month, day)
        };
        let reference = |text: &str| (text.len() == 10).then(|| reference_prefix(text)).flatten();
        for text in [
            "",
            "2025-12-20",
            " 2025-12-20 ",
            "\t2025-12-20\n",
            " 025-12-20",
            "025-12-20 ",
            "2025-12-2 ",
            "2025-12-20T",
            "2025-12-20t10",
            "2025-12-20 10:00",
            "2025-12-20Z",
            "2025-12-20é",
            "2025-12-2é",
            "2025-1é-20",
            "é025-12-20",
            "2025-12-20\u{a0}",
            "\u{a0}2025-12-20",
            "2024-02-29",
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-01-00",
            "9999-12-31",
            "0000-01-01",
            "+025-12-01",
            "2025/12/20",
            "20251220xx",
        ] {
            assert_eq!(Date::parse_prefix(text), reference_prefix(text), "{text:?}");
            assert_eq!(Date::parse(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn leap_years() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2025, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
    }

    #[test]
    fn epoch_days_and_predecessor() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_days_since_epoch(20_442).to_string(),
            "2025-12-20"
        );
        assert_eq!(
            Date::new(2025, 1, 1).map(Date::pred),
            Date::new(2024, 12, 31)
        );
        assert_eq!(
            Date::new(2024, 3, 1).map(Date::pred),
            Date::new(2024, 2, 29)
        );
    }

    #[test]
    fn epoch_days_round_trip_and_months_clamp() {
        for days in [-800_000, -1, 0, 59, 10_000, 19_000, 20_442, 2_000_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        let d = |s: &str| Date::parse(s).unwrap_or_else(|| panic!("{s}"));
        assert_eq!(d("2024-01-31").add_months(1), d("2024-02-29"));
        assert_eq!(d("2025-01-31").add_months(1), d("2025-02-28"));
        assert_eq!(d("2025-03-15").add_months(-3), d("2024-12-15"));
        assert_eq!(d("2022-02-24").add_months(45), d("2025-11-24"));
    }

    #[test]
    fn elapsed_time_in_months_and_days() {
        let d = |s: &str| Date::parse(s).unwrap_or_else(|| panic!("{s}"));
        let e = |a: &str, b: &str| Elapsed::between(d(a), d(b));
        assert_eq!(
            e("2022-02-24", "2025-12-20"),
            Some(Elapsed {
                months: 45,
                days: 26
            })
        );
        assert_eq!(
            e("2022-02-24", "2025-12-20").map(|x| x.to_string()),
            Some("3 years, 9 months and 26 days".into())
        );
        // The day before, on and after the third anniversary.
        assert_eq!(
            e("2022-02-24", "2025-02-23"),
            Some(Elapsed {
                months: 35,
                days: 30
            })
        );
        assert_eq!(e("2022-02-24", "2025-02-24"), Some(Elapsed::months(36)));
        assert_eq!(
            e("2022-02-24", "2025-02-25"),
            Some(Elapsed {
                months: 36,
                days: 1
            })
        );
        // From the end of a month: February has no 31st.
        assert_eq!(e("2024-01-31", "2024-02-29"), Some(Elapsed::months(1)));
        assert_eq!(
            e("2024-01-31", "2024-03-01"),
            Some(Elapsed { months: 1, days: 1 })
        );
        assert_eq!(e("2025-01-02", "2025-01-01"), None);
        assert_eq!(Elapsed::months(12).to_string(), "1 year");
        assert_eq!(
            Elapsed { months: 5, days: 1 }.to_string(),
            "5 months and 1 day"
        );
        assert_eq!(Elapsed::months(0).to_string(), "0 days");
    }

    #[test]
    fn partial_dates_parse_and_span_their_days() {
        let p = |s: &str| PartialDate::parse(s);
        assert_eq!(p("1982").map(PartialDate::precision), Some(Precision::Year));
        assert_eq!(
            p("2019-05").map(PartialDate::precision),
            Some(Precision::Month)
        );
        assert_eq!(
            p("2025-01-21").map(PartialDate::precision),
            Some(Precision::Day)
        );
        for bad in [
            "",
            "19",
            "19821",
            "2019-13",
            "2019-00",
            "2019-5",
            "2025-02-30",
            "2025-01-21T00:00",
            "+982",
            "2019/05",
        ] {
            assert_eq!(p(bad), None, "{bad:?}");
        }
        let span = |s: &str| p(s).map(|d| (d.earliest().to_string(), d.latest().to_string()));
        assert_eq!(
            span("1982"),
            Some(("1982-01-01".into(), "1982-12-31".into()))
        );
        assert_eq!(
            span("2024-02"),
            Some(("2024-02-01".into(), "2024-02-29".into()))
        );
        assert_eq!(
            span("2023-02"),
            Some(("2023-02-01".into(), "2023-02-28".into()))
        );
        assert_eq!(
            span("2025-01-21"),
            Some(("2025-01-21".into(), "2025-01-21".into()))
        );
        for s in ["1982", "2019-05", "2025-01-21"] {
            assert_eq!(p(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        assert_eq!(p("2019-05").and_then(PartialDate::exact), None);
        assert_eq!(
            p("2019-05-02").and_then(PartialDate::exact),
            Date::new(2019, 5, 2)
        );
    }
}
