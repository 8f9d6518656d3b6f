//! Calendar words as publishers write them: a cell as an ISO date ([`date`], `2019-03-01`,
//! so dates sort and compare as written) and a month name as its number
//! ([`month_number`]), in Spanish or English. Both reading paths and `retype` use them.
//! May use: std.

/// Told with every cell that is not a date.
pub const DATE_HINT: &str = "write dates as 2019-03-01, 01/03/2019, 1 de marzo de 2019 or March 1, 2019; for other layouts set date_format (e.g. date_format = \"%d/%m/%y\") on the column";

/// Month names in Spanish or English, full or abbreviated, any case, with or without accents.
pub fn month_number(name: &str) -> Option<u32> {
    const NAMES: [[&str; 4]; 12] = [
        ["enero", "ene", "january", "jan"],
        ["febrero", "feb", "february", "feb"],
        ["marzo", "mar", "march", "mar"],
        ["abril", "abr", "april", "apr"],
        ["mayo", "may", "may", "may"],
        ["junio", "jun", "june", "jun"],
        ["julio", "jul", "july", "jul"],
        ["agosto", "ago", "august", "aug"],
        ["septiembre", "sep", "september", "sept"],
        ["octubre", "oct", "october", "oct"],
        ["noviembre", "nov", "november", "nov"],
        ["diciembre", "dic", "december", "dec"],
    ];
    let n = name.trim().trim_end_matches('.').to_lowercase();
    let n = if n == "setiembre" { "septiembre".to_string() } else { n };
    NAMES.iter().position(|names| names.contains(&n.as_str())).map(|i| i as u32 + 1)
}

/// A cell as an ISO date (`2019-03-01`). Without `format`: ISO, `dd/mm/yyyy` (or with `-`
/// or `.`), "1 de marzo de 2019", "1 March 2019", "March 1, 2019" (Spanish or English
/// month names, abbreviated or not). With `format` (`%d`, `%m`, `%Y`, `%y`, `%B`/`%b`; other
/// characters as written, any run of spaces matching any), only that. Err says why not.
pub fn date(cell: &str, format: Option<&str>) -> Result<String, String> {
    let cell = cell.trim();
    let (y, m, d) = match format {
        Some(f) => by_format(cell, f)?,
        None => by_default(cell)?,
    };
    if !(1..=12).contains(&m) {
        return Err(format!("there is no month {m}"));
    }
    let days = match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d < 1 || d > days {
        return Err(format!("month {m} of {y} has no day {d}"));
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

fn by_default(cell: &str) -> Result<(i64, i64, i64), String> {
    let num =
        |s: &str| s.parse::<i64>().ok().filter(|_| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    let parts: Vec<&str> = cell.split(['-', '/', '.']).collect();
    if parts.len() == 3 && parts.iter().all(|p| num(p).is_some()) {
        let n: Vec<i64> = parts.iter().filter_map(|p| num(p)).collect();
        return match (parts[0].len(), parts[2].len()) {
            (4, 1..=2) if cell.contains('-') => Ok((n[0], n[1], n[2])),
            (1..=2, 4) => Ok((n[2], n[1], n[0])),
            (1..=2, 1..=2) => Err("a two-digit year needs date_format, e.g. \"%d/%m/%y\"".into()),
            _ => Err("not a layout cifras reads".into()),
        };
    }
    // Words: drop "de", "del", "of" and commas; a day (maybe "1st", "1º"), a month name, a year.
    let words: Vec<String> = cell
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && !matches!(w.to_lowercase().as_str(), "de" | "del" | "of" | "the"))
        .map(|w| w.trim_end_matches(['º', '°']).to_string())
        .collect();
    let day = |w: &str| {
        let w = w.to_lowercase();
        let digits = ["st", "nd", "rd", "th"]
            .iter()
            .fold(w.as_str(), |w, s| w.strip_suffix(s).unwrap_or(w))
            .to_string();
        num(&digits).filter(|_| digits.len() <= 2)
    };
    let month = |w: &str| month_number(w).map(i64::from);
    let year = |w: &str| num(w).filter(|_| w.len() == 4);
    match words.as_slice() {
        [a, b, c] => {
            if let (Some(d), Some(m), Some(y)) = (day(a), month(b), year(c)) {
                return Ok((y, m, d));
            }
            if let (Some(m), Some(d), Some(y)) = (month(a), day(b), year(c)) {
                return Ok((y, m, d));
            }
            Err("not a layout cifras reads".into())
        }
        _ => Err("not a layout cifras reads".into()),
    }
}

fn by_format(cell: &str, format: &str) -> Result<(i64, i64, i64), String> {
    let wrong = || format!("it does not match date_format `{format}`");
    let mut rest = cell;
    let (mut y, mut m, mut d) = (None, None, None);
    let mut f = format.chars().peekable();
    // Leading digits, at most `max` of them.
    let digits = |s: &str, max: usize| {
        let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
        (n > 0).then(|| (s[..n].parse::<i64>().unwrap_or(0), n))
    };
    while let Some(c) = f.next() {
        if c == '%' {
            match f.next() {
                Some('d' | 'e') => {
                    let (v, n) = digits(rest, 2).ok_or_else(wrong)?;
                    d = Some(v);
                    rest = &rest[n..];
                }
                Some('m') => {
                    let (v, n) = digits(rest, 2).ok_or_else(wrong)?;
                    m = Some(v);
                    rest = &rest[n..];
                }
                Some('Y') => {
                    let (v, n) = digits(rest, 4).filter(|p| p.1 == 4).ok_or_else(wrong)?;
                    y = Some(v);
                    rest = &rest[n..];
                }
                Some('y') => {
                    let (v, n) = digits(rest, 2).filter(|p| p.1 == 2).ok_or_else(wrong)?;
                    // POSIX's pivot: 69–99 are the 1900s, 00–68 the 2000s.
                    y = Some(if v >= 69 { 1900 + v } else { 2000 + v });
                    rest = &rest[n..];
                }
                Some('B' | 'b') => {
                    let n = rest.find(|c: char| !c.is_alphabetic()).unwrap_or(rest.len());
                    let name = rest[..n].trim_end_matches('.');
                    m = Some(
                        month_number(name).ok_or_else(|| format!("`{name}` is not a month name"))?.into(),
                    );
                    rest = rest[n..].strip_prefix('.').unwrap_or(&rest[n..]);
                }
                Some('%') => rest = rest.strip_prefix('%').ok_or_else(wrong)?,
                other => {
                    let code = other.map(String::from).unwrap_or_default();
                    let known = "use %d, %m, %Y, %y, %B";
                    return Err(format!(
                        "date_format `{format}` has `%{code}`, which cifras does not read ({known})"
                    ));
                }
            }
        } else if c.is_whitespace() {
            while f.peek().is_some_and(|c| c.is_whitespace()) {
                f.next();
            }
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return Err(wrong());
            }
            rest = trimmed;
        } else {
            let mut buf = [0; 4];
            let lit = c.encode_utf8(&mut buf);
            match rest.get(..lit.len()) {
                Some(head) if head.eq_ignore_ascii_case(lit) => rest = &rest[lit.len()..],
                _ => return Err(wrong()),
            }
        }
    }
    if !rest.is_empty() {
        return Err(wrong());
    }
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => Ok((y, m, d)),
        _ => Err(format!("date_format `{format}` needs a day, a month and a year")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_publishers_write_them() {
        for (cell, iso) in [
            ("2019-03-01", "2019-03-01"),
            ("2019-3-1", "2019-03-01"),
            ("01/03/2019", "2019-03-01"),
            ("1/3/2019", "2019-03-01"),
            ("01-03-2019", "2019-03-01"),
            ("1 de marzo de 2019", "2019-03-01"),
            ("1 de Marzo del 2019", "2019-03-01"),
            ("March 1, 2019", "2019-03-01"),
            ("1 March 2019", "2019-03-01"),
            ("1st March 2019", "2019-03-01"),
            ("29 feb 2020", "2020-02-29"),
            ("  15 Sept. 2021 ", "2021-09-15"),
        ] {
            assert_eq!(date(cell, None).as_deref(), Ok(iso), "{cell}");
        }
    }

    #[test]
    fn not_dates_say_why() {
        assert_eq!(date("banana", None).unwrap_err(), "not a layout cifras reads");
        assert_eq!(
            date("01/03/19", None).unwrap_err(),
            "a two-digit year needs date_format, e.g. \"%d/%m/%y\""
        );
        assert_eq!(date("2019-02-29", None).unwrap_err(), "month 2 of 2019 has no day 29");
        assert_eq!(date("2019-13-01", None).unwrap_err(), "there is no month 13");
        assert_eq!(date("1 de marzu de 2019", None).unwrap_err(), "not a layout cifras reads");
    }

    #[test]
    fn dates_by_format() {
        let f = Some("%d/%m/%y");
        assert_eq!(date("01/03/19", f).as_deref(), Ok("2019-03-01"));
        assert_eq!(date("31/12/99", f).as_deref(), Ok("1999-12-31"));
        assert_eq!(date("01/03/2019", f).unwrap_err(), "it does not match date_format `%d/%m/%y`");
        assert_eq!(date("marzo 2019, 5", Some("%B %Y, %d")).as_deref(), Ok("2019-03-05"));
        assert_eq!(date("2019.03.01", Some("%Y.%m.%d")).as_deref(), Ok("2019-03-01"));
        assert!(date("01/03/19", Some("%d/%q")).unwrap_err().contains("`%q`"));
        assert_eq!(
            date("03/2019", Some("%m/%Y")).unwrap_err(),
            "date_format `%m/%Y` needs a day, a month and a year"
        );
    }
}
