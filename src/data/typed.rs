//! Records → typed Polars columns: every cell parsed by its column's declared (or inferred)
//! type, constraints checked, provenance resolved (by `provenance`, as on the fast path) —
//! each failure with file, line and column. May use: spec, format, polars.

use super::provenance;
use super::read::Records;
use super::{LINE, NOTE, QUALIFIER, SOURCE, SOURCES};
use crate::format::Qualifier;
use crate::spec::dataset::{Column as ColumnSpec, ColumnType, Read};
use crate::spec::{Dataset, Diagnostic, File, Location, Sources};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// At most this many errors per column: the first few show the pattern.
pub(super) const MAX_ERRORS_PER_COLUMN: usize = 5;

pub struct Typed {
    pub df: DataFrame,
    /// Column name (after rename) → its type and unit.
    pub kinds: BTreeMap<String, (ColumnType, Option<String>)>,
}

pub fn typed(
    path: &Path,
    rec: &Records,
    sidecar: &File<Dataset>,
    sources: &Sources,
) -> Result<Typed, Vec<Diagnostic>> {
    let spec = &sidecar.spec;
    let mut diags = Vec::new();
    let nulls: Vec<String> = spec.read.null_values.clone().unwrap_or_else(|| vec![String::new()]);
    let is_null = |s: &str| {
        nulls.iter().any(|n| n == s.trim()) || (nulls.contains(&String::new()) && s.trim().is_empty())
    };

    // Declared columns the CSV lacks are a transform's: `retype` applies them after it.
    let mut columns: Vec<Column> = Vec::new();
    let mut kinds = BTreeMap::new();
    let mut has_source = false;
    for (i, name) in rec.header.iter().enumerate() {
        let cells: Vec<&str> = rec.rows.iter().map(|r| r[i].as_str()).collect();
        let cell_at = |row: usize| rec.cell(path, rec.lines[row], i);
        // The cell itself is the place: nothing to add to the message.
        let here = |row: usize| (cell_at(row), String::new());
        match name.as_str() {
            SOURCE => {
                has_source = true;
                let (lists, ds) = source_column(&cells, spec, sources, &cell_at);
                diags.extend(ds);
                columns.push(Series::new(SOURCES.into(), lists).into());
                continue;
            }
            QUALIFIER => {
                let mut out = Vec::with_capacity(cells.len());
                for (row, c) in cells.iter().enumerate() {
                    match provenance::qualifier(c, &|| cell_at(row)) {
                        Ok(q) => out.push(q.as_str()),
                        Err(d) => {
                            diags.push(d);
                            out.push(Qualifier::Exact.as_str());
                        }
                    }
                }
                columns.push(Series::new(QUALIFIER.into(), out).into());
                continue;
            }
            NOTE => {
                let out: Vec<Option<&str>> =
                    cells.iter().map(|c| if c.trim().is_empty() { None } else { Some(c.trim()) }).collect();
                columns.push(Series::new(NOTE.into(), out).into());
                continue;
            }
            _ => {}
        }
        let declared = spec.columns.get(name).map(|c| c.get_ref());
        let out_name = declared.and_then(|c| c.rename.clone()).unwrap_or_else(|| name.clone());
        let kind = declared.map(|c| c.kind).unwrap_or_else(|| {
            if rec.dates.contains(name) {
                ColumnType::Date
            } else {
                infer(&cells, &spec.read, &is_null)
            }
        });
        let mut errors = 0;
        let mut push = |diags: &mut Vec<Diagnostic>, d: Diagnostic| {
            errors += 1;
            if errors <= MAX_ERRORS_PER_COLUMN {
                diags.push(d);
            }
        };
        let column: Column = match kind {
            ColumnType::Integer | ColumnType::Float | ColumnType::Year => {
                let mut values: Vec<Option<f64>> = Vec::with_capacity(cells.len());
                for (row, c) in cells.iter().enumerate() {
                    if is_null(c) {
                        values.push(None);
                        continue;
                    }
                    match parse_number(c, &spec.read, kind) {
                        Ok(v) => values.push(Some(v)),
                        Err(why) => {
                            push(
                                &mut diags,
                                Diagnostic::error(
                                    cell_at(row),
                                    format!("`{}` in column `{name}` is not {why}", c.trim()),
                                )
                                .hint(number_hint(c, kind)),
                            );
                            values.push(None);
                        }
                    }
                }
                if let Some(decl) = declared {
                    check_range(&values, decl, name, &here, &mut diags);
                }
                if kind.is_whole() {
                    Series::new(
                        out_name.as_str().into(),
                        values.iter().map(|v| v.map(|x| x as i64)).collect::<Vec<_>>(),
                    )
                    .into()
                } else {
                    Series::new(out_name.as_str().into(), values).into()
                }
            }
            ColumnType::Date => {
                let format = declared.and_then(|d| d.date_format.as_deref());
                let mut values: Vec<Option<String>> = Vec::with_capacity(cells.len());
                for (row, c) in cells.iter().enumerate() {
                    if is_null(c) {
                        values.push(None);
                        continue;
                    }
                    match super::date::date(c, format) {
                        Ok(iso) => values.push(Some(iso)),
                        Err(why) => {
                            push(
                                &mut diags,
                                Diagnostic::error(
                                    cell_at(row),
                                    format!("`{}` in column `{name}` is not a date ({why})", c.trim()),
                                )
                                .hint(super::date::DATE_HINT),
                            );
                            values.push(None);
                        }
                    }
                }
                let texts: Vec<Option<&str>> = values.iter().map(|v| v.as_deref()).collect();
                if let Some(decl) = declared {
                    check_one_of(&texts, decl, name, &here, &mut |d| push(&mut diags, d));
                }
                Series::new(out_name.as_str().into(), texts).into()
            }
            ColumnType::String | ColumnType::Boolean => {
                let values: Vec<Option<&str>> =
                    cells.iter().map(|c| if is_null(c) { None } else { Some(c.trim()) }).collect();
                if let Some(decl) = declared {
                    check_one_of(&values, decl, name, &here, &mut |d| push(&mut diags, d));
                }
                Series::new(out_name.as_str().into(), values).into()
            }
        };
        if declared.is_some_and(|d| d.unique) {
            let values: Vec<Option<&str>> =
                cells.iter().map(|c| if is_null(c) { None } else { Some(c.trim()) }).collect();
            check_unique(&values, name, &here, &mut diags);
        }
        kinds.insert(out_name, (kind, declared.and_then(|d| d.unit.clone())));
        columns.push(column);
    }
    if !has_source {
        match &spec.source {
            Some(s) => {
                let ids = Series::new(SOURCES.into(), vec![s.get_ref().clone(); rec.rows.len()]);
                columns.push(ids.into());
            }
            None => diags.push(provenance::no_sources(path)),
        }
    }
    if !rec.header.iter().any(|h| h == QUALIFIER) {
        columns.push(Series::new(QUALIFIER.into(), vec![Qualifier::Exact.as_str(); rec.rows.len()]).into());
    }
    if !rec.header.iter().any(|h| h == NOTE) {
        columns.push(Series::new(NOTE.into(), vec![None::<&str>; rec.rows.len()]).into());
    }
    columns.push(Series::new(LINE.into(), rec.lines.iter().map(|&l| l as i64).collect::<Vec<_>>()).into());

    if diags.iter().any(Diagnostic::is_error) {
        return Err(diags);
    }
    let df = DataFrame::new(rec.rows.len(), columns).map_err(|e| {
        vec![Diagnostic::error(Location::file(path), format!("cannot assemble dataset ({e})"))]
    })?;
    Ok(Typed { df, kinds })
}

/// The `source` column: each cell's ids, checked as on the fast path (`provenance`).
fn source_column(
    cells: &[&str],
    spec: &Dataset,
    sources: &Sources,
    cell_at: &dyn Fn(usize) -> Location,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(cells.len());
    let default = spec.source.as_ref().map(|s| s.get_ref().as_str());
    for (row, c) in cells.iter().enumerate() {
        let (ids, ds) = provenance::source_ids(Some(c), default, sources, &|| cell_at(row));
        diags.extend(ds);
        out.push(ids.join(";"));
    }
    (out, diags)
}

pub(super) fn infer(cells: &[&str], read: &Read, is_null: &dyn Fn(&str) -> bool) -> ColumnType {
    let values: Vec<&&str> = cells.iter().filter(|c| !is_null(c)).collect();
    if values.is_empty() {
        return ColumnType::String;
    }
    // Zero-padded codes ("01") are identifiers, not numbers.
    let padded = |c: &str| {
        let t = c.trim();
        t.len() > 1 && t.starts_with('0') && t.as_bytes()[1].is_ascii_digit()
    };
    if values.iter().any(|c| padded(c)) {
        return ColumnType::String;
    }
    // NaN and infinity count as (bad) numbers, so the column is typed and the cell reported.
    let non_finite = |c: &str| {
        matches!(c.trim().to_ascii_lowercase().trim_start_matches(['+', '-']), "nan" | "inf" | "infinity")
    };
    if values.iter().all(|c| non_finite(c) || parse_number(c, read, ColumnType::Integer).is_ok()) {
        ColumnType::Integer
    } else if values.iter().all(|c| non_finite(c) || parse_number(c, read, ColumnType::Float).is_ok()) {
        ColumnType::Float
    } else {
        ColumnType::String
    }
}

/// A cell as a number, honouring `thousands` and `decimal`. Err says what it is not.
pub fn parse_number(cell: &str, read: &Read, kind: ColumnType) -> Result<f64, &'static str> {
    let mut s = cell.trim().to_string();
    if let Some(t) = &read.thousands {
        if !t.is_empty() {
            s = s.replace(t.as_str(), "");
        }
    }
    if let Some(d) = &read.decimal {
        if d != "." {
            s = s.replace(d.as_str(), ".");
        }
    }
    let s = s.replace('\u{2212}', "-");
    // Rust parses these as floats; data never means them.
    if matches!(s.to_ascii_lowercase().trim_start_matches(['+', '-']), "nan" | "inf" | "infinity") {
        return Err("a finite number");
    }
    let ok_chars =
        !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E'));
    match kind {
        ColumnType::Integer | ColumnType::Year => {
            if !ok_chars || s.contains(['.', 'e', 'E']) {
                return Err("an integer");
            }
            let v: i64 = s.parse().map_err(|_| "an integer within ±9.2 × 10¹⁸")?;
            // Beyond 2^53 a float no longer holds every integer exactly.
            if v.unsigned_abs() > (1u64 << 53) {
                return Err("an integer within ±9,007,199,254,740,992");
            }
            Ok(v as f64)
        }
        _ => {
            if !ok_chars {
                return Err("a number");
            }
            let v: f64 = s.parse().map_err(|_| "a number")?;
            if !v.is_finite() {
                return Err("a finite number");
            }
            Ok(v)
        }
    }
}

fn number_hint(cell: &str, kind: ColumnType) -> String {
    let t = cell.trim();
    if t.contains(',') && t.chars().filter(|c| c.is_ascii_digit()).count() > 3 {
        "if `,` separates thousands here, set thousands = \",\" under [read] in the sidecar".into()
    } else if matches!(t.to_ascii_lowercase().as_str(), "na" | "n/a" | "nd" | "n/d" | "s/d" | "-" | "null") {
        format!("if `{t}` means a missing value, add null_values = [\"\", \"{t}\"] under [read] (missing is never drawn as zero)")
    } else if kind.is_whole() && t.parse::<f64>().is_ok() {
        "the column is declared `integer`: write whole numbers, or declare type = \"float\"".into()
    } else {
        "write a plain number (e.g. 2766), or declare the column type = \"string\" under [columns]".into()
    }
}

/// Where a failing cell is reported: its location, and words ending the message that name
/// its row when the location cannot (a column made by a transform).
pub(super) type Place<'a> = dyn Fn(usize) -> (Location, String) + 'a;

pub(super) fn check_range(
    values: &[Option<f64>],
    decl: &ColumnSpec,
    name: &str,
    cell: &Place,
    diags: &mut Vec<Diagnostic>,
) {
    for (row, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        for (bound, below) in [(decl.min, true), (decl.max, false)] {
            let Some(b) = bound else { continue };
            if (below && v < b) || (!below && v > b) {
                let (at, whence) = cell(row);
                let (side, key, word) =
                    if below { ("below", "min", "minimum") } else { ("above", "max", "maximum") };
                diags.push(
                    Diagnostic::error(at, format!("{v} in column `{name}` is {side} its {word} {b}{whence}"))
                        .hint(format!("the sidecar sets `{key}` for this column: correct the value, or the constraint if the value is right")),
                );
            }
        }
    }
}

/// A declared `one_of`: every value present is one of the allowed.
pub(super) fn check_one_of(
    values: &[Option<&str>],
    decl: &ColumnSpec,
    name: &str,
    cell: &Place,
    push: &mut dyn FnMut(Diagnostic),
) {
    let Some(allowed) = &decl.one_of else { return };
    for (row, v) in values.iter().enumerate() {
        if let Some(v) = v {
            if !allowed.iter().any(|a| a == v) {
                let (at, whence) = cell(row);
                push(
                    Diagnostic::error(at, format!("`{v}` is not allowed in column `{name}`{whence}"))
                        .hint(format!("use one of: {}", allowed.join(", "))),
                );
            }
        }
    }
}

/// A declared `unique`: no value present twice.
pub(super) fn check_unique(values: &[Option<&str>], name: &str, cell: &Place, diags: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for (row, v) in values.iter().enumerate() {
        if let Some(v) = v {
            if !seen.insert(*v) {
                let (at, whence) = cell(row);
                diags.push(
                    Diagnostic::error(at, format!("`{v}` appears twice in column `{name}`{whence}"))
                        .hint("the sidecar says this column is unique: remove or merge the duplicate row"),
                );
            }
        }
    }
}
