//! `[[transform]]` steps. Row and shape steps (`filter`, `sort`, `limit`, `fold`, `pivot`,
//! `fill_down`) are added to one lazy Polars query, so they are planned together and pushed
//! down into a lazily scanned CSV (reshaping lives in `shape`); statistics steps
//! (`aggregate`, `calculate`, `lookup`, `window`, `top`) run in `stats` on the frame
//! collected at that point, so every computed value keeps its provenance; an `aggregate`
//! that can be is pushed into the query (`stats::push`), so a large scan streams; `parse`
//! converts columns cell by cell on the collected frame (`retype`).
//! May use: spec, polars.

use super::stats::{self, Fetch};
use crate::spec::dataset::{Filter, Order};
use crate::spec::transform::{Step, Transform};
use crate::spec::{Diagnostic, Location};
use polars::prelude::*;

/// Applies `steps` in order. Each step carries the location of its `[[transform]]` for errors.
pub fn apply(df: DataFrame, steps: &[Step], fetch: &mut Fetch) -> Result<DataFrame, Vec<Diagnostic>> {
    if steps.is_empty() {
        return Ok(df);
    }
    let lf = apply_lazy(df.lazy(), steps, fetch)?;
    collect(lf, steps.last().map(|s| s.at.clone()).unwrap_or_default())
}

/// Runs a query: the streaming engine keeps a large file's memory bounded (rows are read,
/// filtered and grouped in batches); small frames take the same path.
pub fn collect(lf: LazyFrame, at: Location) -> Result<DataFrame, Vec<Diagnostic>> {
    let df = lf.collect_with_engine(Engine::Streaming).map(|r| r.unwrap_single()).map_err(|e| {
        vec![Diagnostic::error(at.clone(), format!("cannot apply transforms ({e})"))
            .hint("check that each filter compares a column with a value of its type")]
    })?;
    super::shape::check_qualifiers(&df, &at).map_err(|d| vec![d])?;
    Ok(df)
}

/// Adds `steps` to the query `lf`; a statistics step runs the query so far first.
pub fn apply_lazy(
    mut lf: LazyFrame,
    steps: &[Step],
    fetch: &mut Fetch,
) -> Result<LazyFrame, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for Step { at, op } in steps {
        if let Transform::Parse(types) = op {
            if !diags.is_empty() {
                continue;
            }
            // Each cell is converted on its own, so a bad one is named with its line.
            let df = collect(lf, at.clone())?;
            lf = super::retype::parse(df, types, at)?.lazy();
            continue;
        }
        if op.is_stat() {
            if !diags.is_empty() {
                continue;
            }
            // A sum or count by key streams through the query; only partial rows come back.
            if let Transform::Aggregate(agg) = op {
                if let Some(partial) = stats::push(&lf, agg) {
                    lf = stats::finish_pushed(collect(partial, at.clone())?, at, agg)?.lazy();
                    continue;
                }
            }
            let df = collect(lf, at.clone())?;
            lf = stats::apply(df, at, op, fetch)?.lazy();
            continue;
        }
        // Columns as this step sees them: earlier steps may have folded, pivoted or grouped.
        let schema = match lf.collect_schema() {
            Ok(s) => s,
            Err(e) => {
                diags.push(Diagnostic::error(at.clone(), format!("cannot apply transforms ({e})")));
                break;
            }
        };
        let names: Vec<String> = schema.iter_names().map(|s| s.to_string()).collect();
        let known = |field: &str, diags: &mut Vec<Diagnostic>| {
            let ok = names.iter().any(|n| n == field);
            if !ok {
                diags.push(crate::spec::unknown_name(at.clone(), "column", field, names.iter()));
            }
            ok
        };
        let shaped = match op {
            Transform::Fold(f) => Some(super::shape::fold(lf.clone(), &schema, f, at)),
            Transform::Pivot(p) => Some(super::shape::pivot(lf.clone(), &schema, p, at)),
            Transform::FillDown(cols) => Some(super::shape::fill_down(lf.clone(), &schema, cols, at)),
            _ => None,
        };
        if let Some(r) = shaped {
            match r {
                Ok(next) => lf = next,
                Err(d) => {
                    diags.push(d);
                    break;
                }
            }
            continue;
        }
        match op {
            Transform::Filter(f) => {
                if !known(&f.field, &mut diags) {
                    continue;
                }
                match predicate(f) {
                    Ok(p) => lf = lf.filter(p),
                    Err(msg) => diags.push(Diagnostic::error(at.clone(), msg).hint(
                        "a filter names a `field` and one test: equal, not_equal, one_of, lt, lte, gt, gte, range or valid",
                    )),
                }
            }
            Transform::Sort(keys) => {
                if keys.is_empty() || !keys.iter().all(|k| known(&k.field, &mut diags)) {
                    continue;
                }
                let by: Vec<PlSmallStr> = keys.iter().map(|k| k.field.as_str().into()).collect();
                let desc: Vec<bool> = keys.iter().map(|k| k.order == Order::Descending).collect();
                let opts = SortMultipleOptions::default()
                    .with_order_descending_multi(desc)
                    .with_nulls_last(true)
                    .with_maintain_order(true);
                lf = lf.sort(by, opts);
            }
            Transform::Limit(n) => lf = lf.limit(*n as IdxSize),
            _ => {}
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(lf)
}

fn value_lit(v: &toml::Value) -> Result<Expr, String> {
    Ok(match v {
        toml::Value::String(s) => lit(s.clone()),
        toml::Value::Integer(i) => lit(*i),
        toml::Value::Float(f) => lit(*f),
        toml::Value::Boolean(b) => lit(*b),
        other => return Err(format!("cannot compare with `{other}` (use a string, number or boolean)")),
    })
}

fn predicate(f: &Filter) -> Result<Expr, String> {
    let c = || col(f.field.as_str());
    let mut preds: Vec<Expr> = Vec::new();
    if let Some(v) = &f.equal {
        preds.push(c().eq(value_lit(v)?));
    }
    if let Some(v) = &f.not_equal {
        preds.push(c().neq(value_lit(v)?));
    }
    if let Some(vs) = &f.one_of {
        if vs.is_empty() {
            return Err("`one_of` is empty".into());
        }
        let mut any: Option<Expr> = None;
        for v in vs {
            let e = c().eq(value_lit(v)?);
            any = Some(match any {
                None => e,
                Some(a) => a.or(e),
            });
        }
        preds.extend(any);
    }
    for (bound, make) in [
        (f.lt, Expr::lt as fn(Expr, Expr) -> Expr),
        (f.lte, Expr::lt_eq),
        (f.gt, Expr::gt),
        (f.gte, Expr::gt_eq),
    ] {
        if let Some(b) = bound {
            preds.push(make(c(), lit(b)));
        }
    }
    if let Some([lo, hi]) = f.range {
        preds.push(c().gt_eq(lit(lo)).and(c().lt_eq(lit(hi))));
    }
    if let Some(valid) = f.valid {
        preds.push(if valid { c().is_not_null() } else { c().is_null() });
    }
    let mut it = preds.into_iter();
    let first = it.next().ok_or_else(|| format!("filter on `{}` has no test", f.field))?;
    Ok(it.fold(first, |a, b| a.and(b)))
}
