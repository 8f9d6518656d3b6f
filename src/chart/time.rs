//! Dates on an x axis: ISO dates as day numbers, ticks on whole years, months or days,
//! and their labels in the chart's language. May use: nothing but std.

/// Days since 1970-01-01 of an ISO date (`2019-03-01`, a time after `T` ignored).
pub fn day_number(iso: &str) -> Option<f64> {
    let date = iso.trim().split('T').next()?;
    let mut parts = date.splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(days_from_civil(y, m, d) as f64)
}

/// The (year, month, day) of day number `n`.
pub fn civil(n: f64) -> (i64, u32, u32) {
    // Howard Hinnant's civil_from_days.
    let z = n.floor() as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What the ticks of a date axis fall on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Year,
    Month,
    Day,
}

/// Ticks within [d0, d1], at most about `target` of them, on whole years, months or days.
pub fn ticks(d0: f64, d1: f64, target: usize) -> (Vec<f64>, Unit) {
    let target = target.max(2) as i64;
    let ((y0, m0, _), (y1, m1, _)) = (civil(d0), civil(d1));
    let months = (y1 - y0) * 12 + m1 as i64 - m0 as i64;
    if months >= 36 || y1 - y0 >= target {
        let step = [1, 2, 5, 10, 20, 25, 50, 100].into_iter().find(|s| (y1 - y0) / s < target).unwrap_or(100);
        let first = y0 + (step - y0.rem_euclid(step)) % step;
        let ticks = (0..)
            .map(|i| first + i * step)
            .take_while(|y| *y <= y1)
            .map(|y| days_from_civil(y, 1, 1) as f64)
            .filter(|t| *t >= d0 && *t <= d1)
            .collect();
        return (ticks, Unit::Year);
    }
    if months >= 2 {
        let step = [1, 2, 3, 6].into_iter().find(|s| months / s < target).unwrap_or(6);
        let start = y0 * 12 + m0 as i64 - 1;
        let ticks = (0..)
            .map(|i| start + i * step)
            .take_while(|k| *k < y1 * 12 + m1 as i64)
            .map(|k| days_from_civil(k.div_euclid(12), k.rem_euclid(12) as u32 + 1, 1) as f64)
            .filter(|t| *t >= d0 && *t <= d1)
            .collect();
        return (ticks, Unit::Month);
    }
    let days = (d1 - d0).round().max(1.0) as i64;
    let step = [1, 2, 7, 14].into_iter().find(|s| days / s < target).unwrap_or(14);
    let ticks = (0..).map(|i| d0.floor() + (i * step) as f64).take_while(|t| *t <= d1).collect();
    (ticks, Unit::Day)
}

const MONTHS_EN: [&str; 12] = [
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
const MONTHS_ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];

fn month_name(m: u32, lang: &str) -> &'static str {
    let i = (m.clamp(1, 12) - 1) as usize;
    if lang == "es" {
        MONTHS_ES[i]
    } else {
        MONTHS_EN[i]
    }
}

/// A tick's label: `2019`; `Mar 2019` / `mar 2019`; `1 Mar` / `1 mar`.
pub fn tick_label(day: f64, unit: Unit, lang: &str) -> String {
    let (y, m, d) = civil(day);
    let short: String = month_name(m, lang).chars().take(3).collect();
    match unit {
        Unit::Year => y.to_string(),
        Unit::Month => format!("{short} {y}"),
        Unit::Day => format!("{d} {short}"),
    }
}

/// A date in running text: `1 March 2019` / `1 de marzo de 2019`.
pub fn long(day: f64, lang: &str) -> String {
    let (y, m, d) = civil(day);
    if lang == "es" {
        format!("{d} de {} de {y}", month_name(m, lang))
    } else {
        format!("{d} {} {y}", month_name(m, lang))
    }
}

/// The ISO text of a day number, as the data write it.
pub fn iso(day: f64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_match_known_dates() {
        assert_eq!(day_number("1970-01-01"), Some(0.0));
        assert_eq!(day_number("2000-03-01"), Some(11_017.0));
        assert_eq!(day_number("2019-03-01T10:00:00"), day_number("2019-03-01"));
        assert_eq!(day_number("2019-02-29"), None);
        assert_eq!(day_number("2020-02-29"), Some(18_321.0));
        for n in [-100_000.0, -1.0, 0.0, 59.0, 18_321.0, 2_932_896.0] {
            assert_eq!(day_number(&iso(n)), Some(n), "{n}");
        }
    }

    #[test]
    fn ticks_fall_on_years_months_or_days_by_span() {
        let d = |s: &str| day_number(s).unwrap();
        let (t, u) = ticks(d("2000-01-01"), d("2022-12-01"), 6);
        assert_eq!(u, Unit::Year);
        let labels: Vec<String> = t.iter().map(|x| tick_label(*x, u, "en")).collect();
        assert_eq!(labels, ["2000", "2005", "2010", "2015", "2020"]);
        let (t, u) = ticks(d("2019-01-15"), d("2019-12-20"), 6);
        assert_eq!(u, Unit::Month);
        let labels: Vec<String> = t.iter().map(|x| tick_label(*x, u, "es")).collect();
        assert_eq!(labels, ["mar 2019", "may 2019", "jul 2019", "sep 2019", "nov 2019"]);
        let (t, u) = ticks(d("2019-03-01"), d("2019-03-10"), 6);
        assert_eq!(u, Unit::Day);
        assert_eq!(tick_label(t[1], u, "en"), "3 Mar");
        assert_eq!(long(d("2019-03-01"), "es"), "1 de marzo de 2019");
    }
}
