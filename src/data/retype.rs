//! Types after reading: the `parse` step (Vega-Lite's `format.parse`) and the `[columns]`
//! a sidecar declares for columns its input lacks (made by its transforms, or given by the
//! dataset it derives from). A cell that does not convert is an error at the step (or the
//! declaration) naming its row's CSV line. Dates are read here for `typed` too ([`date`]):
//! stored as ISO text (`2019-03-01`), so they sort and compare as written.
//! May use: spec, polars.

use super::typed::{check_one_of, check_range, check_unique, parse_number, Place, MAX_ERRORS_PER_COLUMN};
use super::{Frame, Rows, LINE};
use crate::spec::dataset::{ColumnType, Read};
use crate::spec::{Dataset, Diagnostic, File, Location};
use polars::prelude::*;
use std::collections::BTreeMap;

/// Told with every cell that is not a date.
pub const DATE_HINT: &str = "write dates as 2019-03-01, 01/03/2019, 1 de marzo de 2019 or March 1, 2019; for other layouts set date_format (e.g. date_format = \"%d/%m/%y\") on the column";

/// A `parse` type: `integer`, `float` (or `number`), `string`, `boolean`, `date`, or
/// `date:%d/%m/%y` (Vega-Lite writes `date:'%d/%m/%y'`).
fn target(ty: &str) -> Option<(ColumnType, Option<String>)> {
    if let Some(format) = ty.strip_prefix("date:") {
        let format = format.trim().trim_matches(['\'', '"']);
        return (!format.is_empty()).then(|| (ColumnType::Date, Some(format.to_string())));
    }
    let kind = match ty {
        "integer" => ColumnType::Integer,
        "float" | "number" => ColumnType::Float,
        "string" => ColumnType::String,
        "boolean" => ColumnType::Boolean,
        "date" => ColumnType::Date,
        "year" => ColumnType::Year,
        _ => return None,
    };
    Some((kind, None))
}

/// `parse = { column = "type", … }` on a collected frame.
pub fn parse(
    mut df: DataFrame,
    map: &BTreeMap<String, String>,
    at: &Location,
) -> Result<DataFrame, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let names: Vec<String> = df.get_column_names().iter().map(|s| s.to_string()).collect();
    for (name, ty) in map {
        if super::stats::is_reserved(name) || !names.contains(name) {
            let known = names.iter().filter(|n| !super::stats::is_reserved(n));
            diags.push(crate::spec::unknown_name(at.clone(), "column", name, known));
            continue;
        }
        let Some((kind, format)) = target(ty) else {
            diags.push(
                Diagnostic::error(
                    at.clone(),
                    format!("cannot parse column `{name}` as `{ty}` (no such type)"),
                )
                .hint("use integer, float (or number), year, string, boolean, date, or date:%d/%m/%y"),
            );
            continue;
        };
        let whence = |row: usize| (at.clone(), row_words(&df, row));
        match convert(&df, name, kind, format.as_deref(), &Read::default(), &whence) {
            Ok(c) => {
                if let Err(e) = df.with_column(c) {
                    diags.push(Diagnostic::error(at.clone(), format!("cannot parse column `{name}` ({e})")));
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    if diags.is_empty() {
        Ok(df)
    } else {
        Err(diags)
    }
}

/// The `[columns]` entries of `sidecar` typed before its transforms, by name: those its CSV
/// has (applied when it was read: see `typed`), or, for a derived dataset, those the
/// dataset it derives from has, applied to `frame` now.
pub(super) fn before(frame: &mut Frame, sidecar: &File<Dataset>) -> Result<Vec<String>, Vec<Diagnostic>> {
    let names = names(frame)?;
    let columns = &sidecar.spec.columns;
    let present: Vec<String> = if sidecar.spec.from.is_some() {
        columns.keys().filter(|k| names.contains(k)).cloned().collect()
    } else {
        // Typed when read; a renamed one is there under its new name.
        columns
            .iter()
            .filter(|(k, c)| names.contains(c.get_ref().rename.as_ref().unwrap_or(k)))
            .map(|(k, _)| k.clone())
            .collect()
    };
    if sidecar.spec.from.is_some() {
        declare(frame, sidecar, &|n| present.iter().any(|p| p == n))?;
    }
    Ok(present)
}

/// The other `[columns]` entries, applied after the transforms that made their columns;
/// a column that is nowhere is unknown.
pub(super) fn after(
    frame: &mut Frame,
    sidecar: &File<Dataset>,
    before: &[String],
) -> Result<(), Vec<Diagnostic>> {
    declare(frame, sidecar, &|n| !before.iter().any(|b| b == n))
}

/// The columns of `frame` as they stand (a lazy scan's from its schema, without reading it).
fn names(frame: &Frame) -> Result<Vec<String>, Vec<Diagnostic>> {
    let error = |e: PolarsError| {
        vec![Diagnostic::error(Location::file(&frame.path), format!("cannot read dataset ({e})"))]
    };
    Ok(match &frame.rows {
        Rows::Eager(df) => df.get_column_names().iter().map(|s| s.to_string()).collect(),
        Rows::Lazy(lf, _) => {
            (**lf).clone().collect_schema().map_err(error)?.iter_names().map(|s| s.to_string()).collect()
        }
    })
}

/// Applies to `frame` the `[columns]` entries of `sidecar` whose column `pick` accepts:
/// type, checks (`min`, `max`, `one_of`, `unique`), `rename` and `unit`, as when reading a CSV.
fn declare(
    frame: &mut Frame,
    sidecar: &File<Dataset>,
    pick: &dyn Fn(&str) -> bool,
) -> Result<(), Vec<Diagnostic>> {
    let names = names(frame)?;
    let mut diags = Vec::new();
    let mut entries = Vec::new();
    for (name, decl) in sidecar.spec.columns.iter().filter(|(name, _)| pick(name)) {
        if super::stats::is_reserved(name) || !names.contains(name) {
            let known = names.iter().filter(|n| !super::stats::is_reserved(n));
            diags.push(crate::spec::unknown_name(sidecar.at(decl), "column", name, known));
        } else {
            entries.push((name, decl));
        }
    }
    if entries.is_empty() || !diags.is_empty() {
        return if diags.is_empty() { Ok(()) } else { Err(diags) };
    }
    let mut df = frame.dataframe()?;
    for (name, decl) in entries {
        let at = sidecar.at(decl);
        let decl = decl.get_ref();
        let whence = |row: usize| (at.clone(), row_words(&df, row));
        let converted =
            match convert(&df, name, decl.kind, decl.date_format.as_deref(), &sidecar.spec.read, &whence) {
                Ok(c) => c,
                Err(d) => {
                    diags.extend(d);
                    continue;
                }
            };
        let before = diags.len();
        if let Ok(numbers) = converted.cast(&DataType::Float64) {
            if decl.kind.is_numeric() {
                let values: Vec<Option<f64>> = numbers.f64().map(|v| v.iter().collect()).unwrap_or_default();
                check_range(&values, decl, name, &whence, &mut diags);
            }
        }
        if let Ok(texts) = converted.cast(&DataType::String) {
            let texts: Vec<Option<&str>> = texts.str().map(|v| v.iter().collect()).unwrap_or_default();
            let mut n = 0;
            check_one_of(&texts, decl, name, &whence, &mut |d| {
                n += 1;
                if n <= MAX_ERRORS_PER_COLUMN {
                    diags.push(d);
                }
            });
            if decl.unique {
                check_unique(&texts, name, &whence, &mut diags);
            }
        }
        if diags.len() > before {
            continue;
        }
        let out = decl.rename.clone().unwrap_or_else(|| name.clone());
        let renamed = converted.with_name(out.as_str().into());
        let done = df.drop_in_place(name).and_then(|_| df.with_column(renamed).map(|_| ()));
        if let Err(e) = done {
            diags.push(Diagnostic::error(at.clone(), format!("cannot retype column `{name}` ({e})")));
            continue;
        }
        frame.kinds.remove(name);
        frame.kinds.insert(out, (decl.kind, decl.unit.clone()));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    frame.rows = Rows::Eager(df);
    Ok(())
}

/// Words naming row `row` by the CSV line it was read from, to end a message with.
/// Said of a row's line until [`name_file`] names the file (a step sees rows, not files).
const OF_THE_FILE: &str = " of the data file";

/// Names the data file in what the steps said of its rows' lines.
pub fn name_file(mut diags: Vec<Diagnostic>, path: &std::path::Path) -> Vec<Diagnostic> {
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for d in &mut diags {
        d.message = d.message.replace(OF_THE_FILE, &format!(" of {name}"));
    }
    diags
}

fn row_words(df: &DataFrame, row: usize) -> String {
    let line = df.column(LINE).ok().and_then(|c| c.i64().ok().and_then(|l| l.get(row)));
    match line {
        Some(l) if l > 0 => format!(" (its row is line {l}{OF_THE_FILE})"),
        _ => " (in a row computed by a transform)".into(),
    }
}

/// Column `name` of `df` as `kind`: text cells parsed (numbers honouring `read`'s
/// `thousands` and `decimal`, dates by [`date`]), numbers cast (an integer must be whole).
/// Each cell that does not convert is an error at `cell(row)`, at most a few per column.
fn convert(
    df: &DataFrame,
    name: &str,
    kind: ColumnType,
    format: Option<&str>,
    read: &Read,
    cell: &Place,
) -> Result<Column, Vec<Diagnostic>> {
    let column = df
        .column(name)
        .map_err(|e| vec![Diagnostic::error(cell(0).0, format!("cannot read column `{name}` ({e})"))])?;
    let nulls: Vec<String> = read.null_values.clone().unwrap_or_else(|| vec![String::new()]);
    let is_null = |s: &str| s.trim().is_empty() || nulls.iter().any(|n| n == s.trim());
    // Each cell as text, or (a numeric column) as a number.
    let numbers: Option<Vec<Option<f64>>> = if column.dtype().is_primitive_numeric() {
        column.cast(&DataType::Float64).ok().and_then(|c| c.f64().ok().map(|v| v.iter().collect()))
    } else {
        None
    };
    let texts: Vec<Option<String>> = match &numbers {
        Some(ns) => ns.iter().map(|v| v.map(crate::format::plain)).collect(),
        None => {
            let s = column.cast(&DataType::String).map_err(|e| {
                vec![Diagnostic::error(cell(0).0, format!("cannot read column `{name}` ({e})"))]
            })?;
            s.str()
                .map(|v| v.iter().map(|c| c.filter(|c| !is_null(c)).map(|c| c.trim().to_string())).collect())
                .unwrap_or_default()
        }
    };
    let mut diags = Vec::new();
    let mut fail = |row: usize, text: &str, why: &str, hint: &str| {
        if diags.len() < MAX_ERRORS_PER_COLUMN {
            let (at, whence) = cell(row);
            diags.push(
                Diagnostic::error(at, format!("`{text}` in column `{name}` is not {why}{whence}"))
                    .hint(hint.to_string()),
            );
        }
    };
    let out: Series = match kind {
        ColumnType::Integer | ColumnType::Float | ColumnType::Year => {
            let mut values = Vec::with_capacity(texts.len());
            for (row, t) in texts.iter().enumerate() {
                let v = match (numbers.as_ref().and_then(|n| n[row]), t) {
                    (Some(v), _) if kind.is_whole() && v.fract() != 0.0 => {
                        fail(
                            row,
                            &crate::format::plain(v),
                            "an integer",
                            "parse it as \"float\", or round it with a calculate step",
                        );
                        None
                    }
                    (Some(v), _) => Some(v),
                    (None, Some(t)) => match parse_number(t, read, kind) {
                        Ok(v) => Some(v),
                        Err(why) => {
                            fail(row, t, why, "correct the cell, or filter its row out before this step (missing cells may be left blank)");
                            None
                        }
                    },
                    (None, None) => None,
                };
                values.push(v);
            }
            if kind.is_whole() {
                Series::new(name.into(), values.iter().map(|v| v.map(|x| x as i64)).collect::<Vec<_>>())
            } else {
                Series::new(name.into(), values)
            }
        }
        ColumnType::Date => {
            let mut values = Vec::with_capacity(texts.len());
            for (row, t) in texts.iter().enumerate() {
                values.push(match t {
                    Some(t) => match date(t, format) {
                        Ok(iso) => Some(iso),
                        Err(why) => {
                            fail(row, t, &format!("a date ({why})"), DATE_HINT);
                            None
                        }
                    },
                    None => None,
                });
            }
            Series::new(name.into(), values)
        }
        ColumnType::String | ColumnType::Boolean => Series::new(name.into(), texts),
    };
    if diags.is_empty() {
        Ok(out.into())
    } else {
        Err(diags)
    }
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
    let month = |w: &str| super::read::month_number(w).map(i64::from);
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
                        super::read::month_number(name)
                            .ok_or_else(|| format!("`{name}` is not a month name"))?
                            .into(),
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

    fn frame() -> DataFrame {
        df!("year" => ["2019", " 2020 ", "", "20x1"], LINE => [2i64, 3, 4, 5]).unwrap()
    }

    #[test]
    fn parse_converts_and_names_the_line() {
        let at = Location::at_line("data/wide.toml", 5, 1);
        let ok = df!("year" => ["2019", " 2020 ", ""], LINE => [2i64, 3, 4]).unwrap();
        let map = BTreeMap::from([("year".to_string(), "integer".to_string())]);
        let out = parse(ok, &map, &at).unwrap();
        let years: Vec<Option<i64>> = out.column("year").unwrap().i64().unwrap().iter().collect();
        assert_eq!(years, [Some(2019), Some(2020), None]);

        let err = parse(frame(), &map, &at).unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(
            err[0].message,
            "`20x1` in column `year` is not an integer (its row is line 5 of the data file)"
        );
        assert_eq!(err[0].position(), "data/wide.toml:5:1");

        let bad = BTreeMap::from([("year".to_string(), "yearly".to_string())]);
        assert_eq!(
            parse(frame(), &bad, &at).unwrap_err()[0].message,
            "cannot parse column `year` as `yearly` (no such type)"
        );
        let unknown = BTreeMap::from([("yaer".to_string(), "integer".to_string())]);
        assert_eq!(parse(frame(), &unknown, &at).unwrap_err()[0].message, "unknown column `yaer`");
    }

    #[test]
    fn parse_numbers_to_text_and_dates() {
        let at = Location::default();
        let df = df!("n" => [2019i64, 2020], "f" => ["01/03/19", "1/12/20"], LINE => [2i64, 3]).unwrap();
        let map = BTreeMap::from([
            ("n".to_string(), "string".to_string()),
            ("f".to_string(), "date:'%d/%m/%y'".to_string()),
        ]);
        let out = parse(df, &map, &at).unwrap();
        let n: Vec<Option<&str>> = out.column("n").unwrap().str().unwrap().iter().collect();
        assert_eq!(n, [Some("2019"), Some("2020")]);
        let f: Vec<Option<&str>> = out.column("f").unwrap().str().unwrap().iter().collect();
        assert_eq!(f, [Some("2019-03-01"), Some("2020-12-01")]);
    }
}
