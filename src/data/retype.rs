//! Types after reading: the `parse` step (Vega-Lite's `format.parse`) and the `[columns]`
//! a sidecar declares for columns its input lacks (made by its transforms, or given by the
//! dataset it derives from). A cell that does not convert is an error at the step (or the
//! declaration) naming its row's CSV line; dates become ISO text (see `date`).
//! May use: spec, format, polars.

use super::date::{date, DATE_HINT};
use super::typed::{check_one_of, check_range, check_unique, parse_number, Place, MAX_ERRORS_PER_COLUMN};
use super::{Frame, Rows, LINE};
use crate::spec::dataset::{ColumnType, Read};
use crate::spec::{Dataset, Diagnostic, File, Location};
use polars::prelude::*;
use std::collections::BTreeMap;

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

#[cfg(test)]
mod tests {
    use super::*;

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
