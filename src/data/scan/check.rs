//! What the fast path can check only by reading the columns concerned: sources and
//! qualifiers (by the same rules as the exact path, see `provenance`), month names, dates,
//! and the constraints of `[columns]`. Each query runs block by block (`batch::each`).
//! May use: spec, polars, csv.

use super::locate::{locate_cell, query_error};
use super::{Scanned, NOT_A_MONTH};
use crate::data::{batch, date, provenance, typed, LINE, QUALIFIER, SOURCE};
use crate::spec::dataset::ColumnType;
use crate::spec::{Dataset, Diagnostic, File, Sources};
use polars::prelude::*;

/// Checks what the fast path can check only by reading the column: sources, qualifiers and
/// the constraints of `[columns]`. Reads just the columns concerned, and only when there are
/// some.
pub fn check(s: &Scanned, sidecar: &File<Dataset>, sources: &Sources) -> Result<(), Vec<Diagnostic>> {
    let spec = &sidecar.spec;
    let mut diags = Vec::new();
    let at = |line: Option<i64>, name: &str| locate_cell(&s.scan, line.unwrap_or(0) as usize, name);
    // Each query runs block by block (`batch::each`): the file is never mapped whole.
    let first_line_of = |name: &'static str| {
        move |lf: LazyFrame| {
            lf.select([col(name), col(LINE)])
                .group_by([col(name)])
                .agg([col(LINE).min()])
                .sort([LINE], SortMultipleOptions::default())
        }
    };
    if s.scan.header.iter().any(|h| h == SOURCE) {
        let q = first_line_of(SOURCE);
        let df = batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let ids = df.column(SOURCE).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        // The same rules, message and hint as the exact path's (`typed`).
        let default = spec.source.as_ref().map(|s| s.get_ref().as_str());
        for (cell, line) in ids.iter().zip(lines.iter()) {
            let (_, ds) = provenance::source_ids(cell, default, sources, &|| at(line, SOURCE));
            diags.extend(ds);
        }
    }
    if s.scan.header.iter().any(|h| h == QUALIFIER) {
        let q = first_line_of(QUALIFIER);
        let df = batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let q = df.column(QUALIFIER).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        for (v, line) in q.iter().zip(lines.iter()) {
            if let Some(Err(d)) = v.map(|v| provenance::qualifier(v, &|| at(line, QUALIFIER))) {
                diags.push(d);
            }
        }
    }
    for name in &spec.read.months {
        let out =
            spec.columns.get(name).and_then(|c| c.get_ref().rename.clone()).unwrap_or_else(|| name.clone());
        let q = |lf: LazyFrame| {
            lf.select([col(out.as_str()), col(LINE)]).filter(col(out.as_str()).eq(lit(NOT_A_MONTH))).limit(5)
        };
        let df = batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        for line in lines.iter() {
            let at = at(line, name);
            let cell = at.snippet.as_deref().and_then(|t| {
                let i = s.scan.header.iter().position(|h| h == name)?;
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .delimiter(s.scan.delimiter)
                    .from_reader(t.as_bytes());
                r.records().next()?.ok()?.get(i).map(|c| c.trim().to_string())
            });
            diags.push(
                Diagnostic::error(at, format!("`{}` is not a month name", cell.unwrap_or_default()))
                    .hint("write Enero … Diciembre (or ene … dic, January … December), or remove the column from `months`"),
            );
        }
    }
    // Dates: every distinct cell (a date column has few) parsed as the exact path does.
    for (name, c) in
        spec.columns.iter().filter(|(n, c)| c.get_ref().kind == ColumnType::Date && s.scan.header.contains(n))
    {
        let c = c.get_ref();
        let out = c.rename.clone().unwrap_or_else(|| name.clone());
        let q = |lf: LazyFrame| {
            lf.select([col(out.as_str()), col(LINE)])
                .group_by([col(out.as_str())])
                .agg([col(LINE).min()])
                .sort([LINE], SortMultipleOptions::default())
        };
        let df = batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
        let cells = df.column(&out).and_then(|c| c.str().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let lines = df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
        let mut bad = 0;
        for (cell, line) in cells.iter().zip(lines.iter()) {
            let Some(cell) = cell else { continue };
            let problem = match date::date(cell, c.date_format.as_deref()) {
                Err(why) => Some((format!("`{}` in column `{name}` is not a date ({why})", cell.trim()), date::DATE_HINT.to_string())),
                // The fast path keeps cells as they are: only ISO dates are kept right.
                Ok(iso) if iso != cell => Some((
                    format!("`{}` in column `{name}` is written unlike the dates in the file's first lines (2019-03-01)", cell.trim()),
                    "set fast = false under [read]: the exact reader converts every spelling of a date".to_string(),
                )),
                Ok(_) => None,
            };
            if let Some((message, hint)) = problem {
                bad += 1;
                if bad <= typed::MAX_ERRORS_PER_COLUMN {
                    diags.push(Diagnostic::error(at(line, name), message).hint(hint));
                }
            }
        }
    }
    for (name, c) in &spec.columns {
        let c = c.get_ref();
        let out = c.rename.clone().unwrap_or_else(|| name.clone());
        let v = || col(out.as_str());
        let mut bad: Vec<(Expr, String)> = Vec::new();
        if let Some(min) = c.min {
            bad.push((v().lt(lit(min)), format!("below its minimum {min}")));
        }
        if let Some(max) = c.max {
            bad.push((v().gt(lit(max)), format!("above its maximum {max}")));
        }
        if let Some(allowed) = &c.one_of {
            let mut any = lit(false);
            for a in allowed {
                any = any.or(v().eq(lit(a.clone())));
            }
            bad.push((v().is_not_null().and(any.not()), "not allowed (see `one_of`)".into()));
        }
        if c.unique {
            // Counted per block, then added up: a value may repeat across blocks.
            let count = |lf: LazyFrame| {
                lf.group_by([v()]).agg([len().cast(DataType::Int64).alias("__n"), col(LINE).min()])
            };
            let repeated = |lf: LazyFrame| {
                lf.group_by([v()])
                    .agg([col("__n").sum(), col(LINE).min()])
                    .filter(v().is_not_null().and(col("__n").gt(lit(1i64))))
                    .sort([LINE], SortMultipleOptions::default())
                    .limit(5)
            };
            let df = batch::each(&s.scan, &count, &repeated).map_err(|e| query_error(&s.scan, e))?;
            let lines =
                df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
            for line in lines.iter() {
                diags.push(
                    Diagnostic::error(at(line, name), format!("a value of column `{name}` appears twice"))
                        .hint("the sidecar says this column is unique: remove or merge the duplicate row"),
                );
            }
        }
        for (pred, why) in bad {
            let q = |lf: LazyFrame| lf.select([v(), col(LINE)]).filter(pred.clone()).limit(5);
            let df = batch::each(&s.scan, &q, &q).map_err(|e| query_error(&s.scan, e))?;
            let lines =
                df.column(LINE).and_then(|c| c.i64().cloned()).map_err(|e| query_error(&s.scan, e))?;
            let vals = df.column(&out).cloned().map_err(|e| query_error(&s.scan, e))?;
            for (i, line) in lines.iter().enumerate() {
                let shown = vals.get(i).map(|v| v.to_string()).unwrap_or_default();
                diags.push(
                    Diagnostic::error(at(line, name), format!("{shown} in column `{name}` is {why}"))
                        .hint("the sidecar constrains this column: correct the value, or the constraint if the value is right"),
                );
            }
        }
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}
