//! Reshaping `[[transform]]` steps on a lazy Polars query: `fold` (wide → long), `pivot`
//! (long → wide), `fill_down` (carry-forward blanks), and an interim `aggregate` + `groupby`.
//!
//! Provenance travels with the rows: a folded row keeps its wide row's source, qualifier,
//! note and line; rows combined by `pivot` or `aggregate` keep every source, their first
//! line, and their qualifier only when they share it (otherwise the frame is refused, see
//! [`check_qualifiers`]). A sum over a group with a missing value is missing, never a
//! smaller number. May use: spec, polars.

use super::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::spec::transform::{Fold, Pivot};
use crate::spec::{Diagnostic, Location};
use polars::prelude::*;

/// Qualifier given to a combined row whose rows disagreed; refused when collected.
pub const MIXED: &str = "mixed";

const PROVENANCE: [&str; 4] = [SOURCE, QUALIFIER, NOTE, LINE];

fn by_name(names: &[String]) -> Selector {
    Selector::ByName { names: names.iter().map(|n| PlSmallStr::from(n.as_str())).collect(), strict: true }
}

fn unknown(at: &Location, schema: &Schema, name: &str) -> Option<Diagnostic> {
    if schema.contains(name) {
        return None;
    }
    let names: Vec<String> = schema.iter_names().map(|n| n.to_string()).collect();
    Some(crate::spec::unknown_name(at.clone(), "column", name, names.iter()))
}

/// `fold = [...]`, `as = [key, value]`, optional `months = true`.
pub fn fold(lf: LazyFrame, schema: &Schema, step: &Fold, at: &Location) -> Result<LazyFrame, Diagnostic> {
    let cols = &step.columns[..];
    if let Some(d) = cols.iter().find_map(|c| unknown(at, schema, c)) {
        return Err(d);
    }
    let (key, value) = (step.key.clone(), step.value.clone());
    let dtypes: Vec<&DataType> = cols.iter().map(|c| schema.get(c).expect("checked")).collect();
    let index: Vec<String> =
        schema.iter_names().map(|n| n.to_string()).filter(|n| !cols.contains(n)).collect();
    let mut lf = lf;
    // Columns typed apart fold as one type: a month read as `1.0` (its cells empty in the last
    // year) makes them floats; a month with no value yet (typed as text) takes the numbers'
    // type, and a word in it fails the query instead of turning into a number.
    if dtypes.iter().any(|d| *d != dtypes[0]) {
        let numeric: Vec<&&DataType> = dtypes.iter().filter(|d| d.is_primitive_numeric()).collect();
        let target = if numeric.iter().any(|d| d.is_float()) { DataType::Float64 } else { DataType::Int64 };
        if !numeric.is_empty() {
            lf = lf.with_columns(
                cols.iter().map(|c| col(c.as_str()).strict_cast(target.clone())).collect::<Vec<_>>(),
            );
        }
    }
    let mut lf = lf.unpivot(UnpivotArgsDSL {
        on: Some(by_name(cols)),
        index: by_name(&index),
        variable_name: Some(key.as_str().into()),
        value_name: Some(value.as_str().into()),
    });
    // Row by row (a wide row's months together, in column order), whatever order Polars
    // unpivots in: the sort is stable and the line identifies the wide row.
    lf = lf.sort([LINE], SortMultipleOptions::default().with_maintain_order(true));
    if step.months {
        let mut expr: Option<Expr> = None;
        for c in cols.iter().rev() {
            let Some(m) = super::date::month_number(c) else {
                return Err(Diagnostic::error(at.clone(), format!("cannot read `{c}` as a month"))
                    .hint("with months = true every folded column is a month name (Enero … Diciembre)"));
            };
            let then = lit(m as i64);
            let cond = col(key.as_str()).eq(lit(c.clone()));
            expr = Some(match expr {
                None => when(cond).then(then).otherwise(lit(NULL).cast(DataType::Int64)),
                Some(e) => when(cond).then(then).otherwise(e),
            });
        }
        lf = lf.with_column(expr.expect("non-empty").alias(key.as_str()));
    }
    Ok(lf)
}

/// `fill_down = [...]`: nulls take the value above (spreadsheet blocks).
pub fn fill_down(
    lf: LazyFrame,
    schema: &Schema,
    cols: &[String],
    at: &Location,
) -> Result<LazyFrame, Diagnostic> {
    if let Some(d) = cols.iter().find_map(|c| unknown(at, schema, c)) {
        return Err(d);
    }
    Ok(lf.with_columns(
        cols.iter()
            .map(|c| col(c.as_str()).fill_null_with_strategy(FillNullStrategy::Forward(None)))
            .collect::<Vec<_>>(),
    ))
}

/// Provenance of rows combined into one (sources and notes as lists, flattened when the
/// frame becomes a table). Rows combined twice (a chart's aggregate over a dataset's) have
/// lists already: their items are gathered, not nested.
fn combined_provenance(schema: &Schema) -> Vec<Expr> {
    let items = |name: &str| {
        let c = col(name);
        if matches!(schema.get(name), Some(DataType::List(_))) {
            c.explode(ExplodeOptions { empty_as_null: false, keep_nulls: false })
        } else {
            c
        }
    };
    vec![
        items(SOURCE).unique_stable().alias(SOURCE),
        when(col(QUALIFIER).n_unique().eq(lit(1u32)))
            .then(col(QUALIFIER).first())
            .otherwise(lit(MIXED))
            .alias(QUALIFIER),
        items(NOTE).unique_stable().alias(NOTE),
        col(LINE).min().alias(LINE),
    ]
}

/// `pivot = "on"`, `value = "cells"`: one column per distinct value of `on`.
pub fn pivot(lf: LazyFrame, schema: &Schema, step: &Pivot, at: &Location) -> Result<LazyFrame, Diagnostic> {
    let (on, value) = (step.on.as_str(), step.value.as_str());
    if let Some(d) = [on, value].iter().find_map(|c| unknown(at, schema, c)) {
        return Err(d);
    }
    let index: Vec<String> = schema
        .iter_names()
        .map(|n| n.to_string())
        .filter(|n| n != on && n != value && !PROVENANCE.contains(&n.as_str()))
        .collect();
    let failed = |e: PolarsError| {
        Diagnostic::error(at.clone(), format!("cannot pivot ({e})"))
            .hint("check the columns named by the step")
    };
    // Distinct values first: they become column names (as Polars' own lazy pivot needs too).
    let keys = lf
        .clone()
        .select([col(on).cast(DataType::String).unique_stable().drop_nulls()])
        .collect()
        .map_err(failed)?;
    let keys: Vec<String> =
        keys.column(on).map_err(failed)?.str().map_err(failed)?.iter().flatten().map(String::from).collect();
    if let Some(k) = keys.iter().find(|k| index.contains(k)) {
        return Err(Diagnostic::error(at.clone(), format!("pivoting would make a second column `{k}`"))
            .hint("rename the existing column first (`rename` under [columns])"));
    }
    // Two rows for one cell would leave one of them out: refuse instead.
    let mut by: Vec<Expr> = index.iter().map(|c| col(c.as_str())).collect();
    by.push(col(on));
    let dup = lf
        .clone()
        .group_by(by)
        .agg([len().alias("__n")])
        .filter(col("__n").gt(lit(1u32)))
        .limit(1)
        .collect()
        .map_err(failed)?;
    if dup.height() > 0 {
        return Err(Diagnostic::error(
            at.clone(),
            format!("two rows give the same cell of `{value}` for one value of `{on}`"),
        )
        .hint("aggregate or filter the rows first, so each row and value of the pivot column appears once"));
    }
    let mut aggs: Vec<Expr> = keys
        .iter()
        .map(|k| {
            col(value).filter(col(on).cast(DataType::String).eq(lit(k.clone()))).first().alias(k.as_str())
        })
        .collect();
    aggs.extend(combined_provenance(schema));
    let by: Vec<Expr> = index.iter().map(|c| col(c.as_str())).collect();
    Ok(lf.group_by_stable(by).agg(aggs))
}

/// Refuses a frame where rows with different qualifiers were combined: "more than 10" and
/// "about 5" added up are neither.
pub fn check_qualifiers(df: &DataFrame, at: &Location) -> Result<(), Diagnostic> {
    let Ok(q) = df.column(QUALIFIER).and_then(|c| c.str().cloned()) else { return Ok(()) };
    if q.iter().flatten().any(|v| v == MIXED) {
        return Err(Diagnostic::error(at.clone(), "cannot combine rows with different qualifiers")
            .hint("filter or group the rows so that exact and approximate figures are not added together"));
    }
    Ok(())
}
