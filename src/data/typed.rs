//! Records → typed Polars columns: every cell parsed by its column's declared (or inferred)
//! type, constraints checked, provenance resolved — each failure with file, line and column.

use super::read::Records;
use super::{LINE, NOTE, QUALIFIER, SOURCE, SOURCES};
use crate::format::Qualifier;
use crate::spec::dataset::{Column as ColumnSpec, ColumnType, Read};
use crate::spec::{Dataset, Diagnostic, File, Location, Sources};
use polars::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// At most this many errors per column: the first few show the pattern.
const MAX_ERRORS_PER_COLUMN: usize = 5;

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

    // Every declared column must exist.
    for (name, col) in &spec.columns {
        if !rec.header.contains(name) {
            let mut d = crate::spec::unknown_name(sidecar.at(col), "column", name, rec.header.iter());
            d.hint = Some(format!(
                "{} (the CSV's columns are: {})",
                d.hint.unwrap_or_default(),
                rec.header.join(", ")
            ));
            diags.push(d);
        }
    }

    let mut columns: Vec<Column> = Vec::new();
    let mut kinds = BTreeMap::new();
    let mut has_source = false;
    for (i, name) in rec.header.iter().enumerate() {
        let cells: Vec<&str> = rec.rows.iter().map(|r| r[i].as_str()).collect();
        let cell_at = |row: usize| rec.cell(path, rec.lines[row], i);
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
                    let c = c.trim();
                    if c.is_empty() {
                        out.push(Qualifier::Exact.as_str());
                    } else if let Some(q) = Qualifier::parse(c) {
                        out.push(q.as_str());
                    } else {
                        diags.push(
                            Diagnostic::error(cell_at(row), format!("unknown qualifier `{c}`"))
                                .hint(format!("use one of: {}", Qualifier::NAMES.join(", "))),
                        );
                        out.push(Qualifier::Exact.as_str());
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
        let kind = declared.map(|c| c.kind).unwrap_or_else(|| infer(&cells, &spec.read, &is_null));
        let mut errors = 0;
        let mut push = |diags: &mut Vec<Diagnostic>, d: Diagnostic| {
            errors += 1;
            if errors <= MAX_ERRORS_PER_COLUMN {
                diags.push(d);
            }
        };
        let column: Column = match kind {
            ColumnType::Integer | ColumnType::Float => {
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
                    check_range(&values, decl, name, &cell_at, &mut diags);
                }
                if kind == ColumnType::Integer {
                    Series::new(
                        out_name.as_str().into(),
                        values.iter().map(|v| v.map(|x| x as i64)).collect::<Vec<_>>(),
                    )
                    .into()
                } else {
                    Series::new(out_name.as_str().into(), values).into()
                }
            }
            ColumnType::String | ColumnType::Date | ColumnType::Boolean => {
                let values: Vec<Option<&str>> =
                    cells.iter().map(|c| if is_null(c) { None } else { Some(c.trim()) }).collect();
                if let Some(decl) = declared {
                    if let Some(allowed) = &decl.one_of {
                        for (row, v) in values.iter().enumerate() {
                            if let Some(v) = v {
                                if !allowed.iter().any(|a| a == v) {
                                    push(
                                        &mut diags,
                                        Diagnostic::error(
                                            cell_at(row),
                                            format!("`{v}` is not allowed in column `{name}`"),
                                        )
                                        .hint(format!("use one of: {}", allowed.join(", "))),
                                    );
                                }
                            }
                        }
                    }
                }
                Series::new(out_name.as_str().into(), values).into()
            }
        };
        if declared.is_some_and(|d| d.unique) {
            let mut seen = BTreeSet::new();
            for (row, c) in cells.iter().enumerate() {
                if !is_null(c) && !seen.insert(c.trim()) {
                    diags.push(
                        Diagnostic::error(
                            cell_at(row),
                            format!("`{}` appears twice in column `{name}`", c.trim()),
                        )
                        .hint("the sidecar says this column is unique: remove or merge the duplicate row"),
                    );
                }
            }
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
            None => diags.push(
                Diagnostic::error(Location::file(path), "rows have no source")
                    .hint("add a `source` column to the CSV, or `source = \"id\"` to the sidecar, naming an entry of data/sources.toml"),
            ),
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

fn source_column(
    cells: &[&str],
    spec: &Dataset,
    sources: &Sources,
    cell_at: &dyn Fn(usize) -> Location,
) -> (Vec<String>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut out = Vec::with_capacity(cells.len());
    for (row, c) in cells.iter().enumerate() {
        let ids: Vec<&str> = c.split(';').map(str::trim).filter(|s| !s.is_empty()).collect();
        let ids: Vec<String> = if ids.is_empty() {
            match &spec.source {
                Some(s) => vec![s.get_ref().clone()],
                None => {
                    diags.push(
                        Diagnostic::error(cell_at(row), "row has no source")
                            .hint("every value must trace to an entry of data/sources.toml: fill the `source` cell, or set `source = \"id\"` in the sidecar"),
                    );
                    vec![]
                }
            }
        } else {
            ids.iter().map(|s| s.to_string()).collect()
        };
        for id in &ids {
            if !sources.contains_key(id) {
                diags.push(
                    crate::spec::unknown_name(cell_at(row), "source", id, sources.keys())
                        .hint(match crate::spec::diag::did_you_mean(id, sources.keys().map(String::as_str)) {
                        Some(s) => {
                            format!("did you mean `{s}`? Sources are the [tables] of data/sources.toml")
                        }
                        None => {
                            "add it to data/sources.toml as a [table] with title and author, or fix the id"
                                .into()
                        }
                    }),
                );
            }
        }
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
        ColumnType::Integer => {
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
    } else if kind == ColumnType::Integer && t.parse::<f64>().is_ok() {
        "the column is declared `integer`: write whole numbers, or declare type = \"float\"".into()
    } else {
        "write a plain number (e.g. 2766), or declare the column type = \"string\" under [columns]".into()
    }
}

fn check_range(
    values: &[Option<f64>],
    decl: &ColumnSpec,
    name: &str,
    cell_at: &dyn Fn(usize) -> Location,
    diags: &mut Vec<Diagnostic>,
) {
    for (row, v) in values.iter().enumerate() {
        let Some(v) = *v else { continue };
        if let Some(min) = decl.min {
            if v < min {
                diags.push(
                    Diagnostic::error(cell_at(row), format!("{v} in column `{name}` is below its minimum {min}"))
                        .hint("the sidecar sets `min` for this column: correct the value, or the constraint if the value is right"),
                );
            }
        }
        if let Some(max) = decl.max {
            if v > max {
                diags.push(
                    Diagnostic::error(cell_at(row), format!("{v} in column `{name}` is above its maximum {max}"))
                        .hint("the sidecar sets `max` for this column: correct the value, or the constraint if the value is right"),
                );
            }
        }
    }
}
