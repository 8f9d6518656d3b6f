//! `aggregate` + `groupby`: one row per group, each value a sum, mean, median, min, max,
//! count or distinct count of its rows, with the qualifier its inputs allow (see
//! `format::qualifier`) and the union of their sources.
//!
//! Two roads, one result. [`aggregate`] works on collected rows and can do everything.
//! [`push`] hands the decomposable part (sum, mean, min, max, count; keys that are text or
//! whole numbers) to the Polars query, grouped by the keys *and* the source and qualifier,
//! so a five-million-row scan streams into a few hundred partial rows; [`finish_pushed`]
//! turns those into the same cells by the same rules ([`finish`] is shared). A test checks
//! the two roads agree. May use: spec, format, polars.

use super::cols::{is_reserved, union, Col, Cols, COLUMN_QUALIFIER};
use super::{groups, reduce, Result, Step};
use crate::data::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::{qualifier_of_sum as combine, Qualifier};
use crate::spec::dataset::{Aggregate, AggregateOp};
use crate::spec::transform::Aggregation;
use crate::spec::{Diagnostic, Location};
use polars::prelude::*;

/// One aggregate of one group, before it becomes a cell.
struct Cell {
    value: Option<f64>,
    /// Rows whose field is present (all rows for a count without field).
    present: usize,
    /// Qualifiers of the present rows (each once is enough: the rules look at which occur).
    qualifiers: Vec<Qualifier>,
}

/// Groups with their cells, ready to become columns.
struct Grouped {
    /// The group-by columns, one row per group.
    keys: Vec<(String, Col)>,
    /// Rows in each group.
    rows: Vec<usize>,
    /// Sources of each group, in order of first appearance.
    sources: Vec<Vec<String>>,
    /// Per aggregate, per group.
    cells: Vec<Vec<Cell>>,
    /// Per aggregate: whether it holds whole numbers (counts; sum, min, max of integers).
    ints: Vec<bool>,
}

fn whole(op: AggregateOp, integer_field: bool) -> bool {
    matches!(op, AggregateOp::Count | AggregateOp::Distinct)
        || (integer_field && matches!(op, AggregateOp::Sum | AggregateOp::Min | AggregateOp::Max))
}

/// The aggregate of collected rows `c`.
pub fn aggregate(c: &Cols, aggs: &[Aggregate], by: &[String], st: &Step) -> Result<Cols> {
    if aggs.is_empty() {
        return Err(st.error(
            "`aggregate` is empty",
            "list at least one: [{ op = \"sum\", field = \"count\", as = \"count\" }]",
        ));
    }
    let groups = groups(c, by, st)?;
    let mut keys = Vec::new();
    for b in by {
        let col = st.column(c, b)?;
        let firsts: Vec<usize> = groups.iter().map(|g| g[0]).collect();
        keys.push((b.clone(), col.take(&firsts)));
    }
    let mut cells = Vec::new();
    let mut ints = Vec::new();
    for (i, a) in aggs.iter().enumerate() {
        if by.contains(&a.as_) || aggs[..i].iter().any(|b| b.as_ == a.as_) {
            return Err(st.error(format!("`{}` is named twice", a.as_), "give each aggregate its own `as`"));
        }
        let field = match (&a.field, a.op) {
            (Some(f), AggregateOp::Count | AggregateOp::Distinct) => Some(st.column(c, f)?),
            (Some(f), _) => Some(st.numeric(c, f)?),
            (None, AggregateOp::Count) => None,
            (None, op) => {
                return Err(st.error(
                    format!("aggregate `{}` needs a `field`", op.name()),
                    "name the column: { op = \"sum\", field = \"count\", as = \"total\" }",
                ))
            }
        };
        ints.push(whole(a.op, matches!(field, Some(Col::Int(_)))));
        let column = a.field.as_deref().unwrap_or("");
        let per_group = groups
            .iter()
            .map(|rows| {
                let present: Vec<usize> = match field {
                    Some(f) => rows.iter().copied().filter(|&r| f.text(r).is_some()).collect(),
                    None => rows.clone(),
                };
                let value = match (a.op, field) {
                    (AggregateOp::Count, _) => Some(present.len() as f64),
                    (AggregateOp::Distinct, Some(f)) => {
                        let mut seen: Vec<String> = present.iter().filter_map(|&r| f.text(r)).collect();
                        seen.sort();
                        seen.dedup();
                        Some(seen.len() as f64)
                    }
                    (op, f) => {
                        let values: Vec<f64> =
                            f.map_or(Vec::new(), |f| present.iter().filter_map(|&r| f.number(r)).collect());
                        reduce(op, &values)
                    }
                };
                let qualifiers = present.iter().map(|&r| c.qualifier(column, r)).collect();
                Cell { value, present: present.len(), qualifiers }
            })
            .collect();
        cells.push(per_group);
    }
    let rows = groups.iter().map(Vec::len).collect();
    let sources = groups.iter().map(|g| union(g.iter().map(|&r| c.sources(r)))).collect();
    Ok(finish(Grouped { keys, rows, sources, cells, ints }, aggs))
}

/// Columns from groups: keys, then each aggregate with its qualifiers, then provenance.
fn finish(g: Grouped, aggs: &[Aggregate]) -> Cols {
    let n = g.rows.len();
    let mut out = Cols { names: Vec::new(), cols: Vec::new(), height: n };
    for (name, col) in g.keys {
        out.set(&name, col);
    }
    let mut row_q: Vec<Vec<Qualifier>> = vec![Vec::new(); n];
    for ((a, cells), int) in aggs.iter().zip(g.cells).zip(g.ints) {
        let mut qs = Vec::with_capacity(n);
        let mut values = Vec::with_capacity(n);
        for (i, cell) in cells.into_iter().enumerate() {
            let q = match a.op {
                AggregateOp::Count | AggregateOp::Distinct => Qualifier::Exact,
                op => {
                    let mut q = combine(cell.qualifiers);
                    // Missing is not zero: a sum without some rows is a lower bound (counts
                    // and amounts are never negative); other statistics of the rows present
                    // only approximate those of all rows.
                    if cell.present < g.rows[i] {
                        let missing =
                            if op == AggregateOp::Sum { Qualifier::AtLeast } else { Qualifier::Approx };
                        q = combine([q, missing]);
                    }
                    row_q[i].push(q);
                    q
                }
            };
            qs.push(q);
            values.push(cell.value);
        }
        let col = if int {
            Col::Int(values.iter().map(|v| v.map(|x| x as i64)).collect())
        } else {
            Col::Float(values)
        };
        out.set(&a.as_, col);
        out.set_qualifiers(&a.as_, qs);
    }
    out.set(SOURCE, Col::Str(g.sources.into_iter().map(|s| Some(s.join(";"))).collect()));
    out.set(
        QUALIFIER,
        Col::Str(row_q.into_iter().map(|qs| Some(combine(qs).as_str().to_string())).collect()),
    );
    out.set(
        NOTE,
        Col::Str(g.rows.iter().map(|n| Some(format!("Computed by cifras from {n} rows"))).collect()),
    );
    out.set(LINE, Col::Int(vec![Some(0); n]));
    out
}

/// Partial-result columns of the pushed query.
const ROWS: &str = "__rows";
fn present_name(i: usize) -> String {
    format!("__present{i}")
}
fn value_name(i: usize) -> String {
    format!("__value{i}")
}

/// Whether `step` is an aggregate the query can do, on columns `schema`. Anything else,
/// errors included, takes the in-memory road, which reports them.
fn pushable(schema: &Schema, aggs: &[Aggregate], by: &[String]) -> bool {
    let dtype = |name: &str| if is_reserved(name) { None } else { schema.get(name) };
    let key = |name: &String| dtype(name).is_some_and(|d| d.is_integer() || d == &DataType::String);
    let own_qualifiers = |f: &str| schema.get(&format!("{COLUMN_QUALIFIER}{f}")).is_some();
    let named_once = aggs
        .iter()
        .enumerate()
        .all(|(i, a)| !by.contains(&a.as_) && aggs[..i].iter().all(|b| b.as_ != a.as_));
    let each = aggs.iter().all(|a| match (a.op, a.field.as_deref()) {
        (AggregateOp::Count, None) => true,
        (AggregateOp::Count, Some(f)) => dtype(f).is_some(),
        (AggregateOp::Sum | AggregateOp::Mean | AggregateOp::Min | AggregateOp::Max, Some(f)) => {
            dtype(f).is_some_and(DataType::is_primitive_numeric) && !own_qualifiers(f)
        }
        _ => false,
    });
    let provenance = [SOURCE, QUALIFIER].iter().all(|p| schema.get(p) == Some(&DataType::String));
    !aggs.is_empty() && by.iter().all(key) && named_once && each && provenance
}

/// The query that groups `lf` for aggregate `step` by its keys, source and qualifier (in
/// order of first appearance), or `None` when the step must run in memory.
pub fn push(lf: &LazyFrame, step: &Aggregation) -> Option<LazyFrame> {
    let (aggs, by) = (&step.ops, &step.groupby[..]);
    let schema = lf.clone().collect_schema().ok()?;
    if !pushable(&schema, aggs, by) {
        return None;
    }
    let mut keys: Vec<Expr> = by.iter().map(|b| col(b.as_str())).collect();
    keys.extend([col(SOURCE), col(QUALIFIER)]);
    let mut parts = vec![len().alias(ROWS)];
    for (i, a) in aggs.iter().enumerate() {
        let Some(f) = a.field.as_deref() else { continue };
        parts.push(col(f).count().alias(present_name(i)));
        let v = match a.op {
            AggregateOp::Sum => col(f).sum(),
            AggregateOp::Mean => col(f).cast(DataType::Float64).sum(),
            AggregateOp::Min => col(f).min(),
            AggregateOp::Max => col(f).max(),
            _ => continue,
        };
        parts.push(v.alias(value_name(i)));
    }
    Some(lf.clone().group_by_stable(keys).agg(parts))
}

/// The aggregate from the partial rows of [`push`]'s query.
pub fn finish_pushed(df: DataFrame, at: &Location, step: &Aggregation) -> Result<DataFrame> {
    let polars_err =
        |e: PolarsError| vec![Diagnostic::error(at.clone(), format!("cannot apply transform ({e})"))];
    let (aggs, by) = (&step.ops[..], &step.groupby[..]);
    let c = Cols::from_frame(&df).map_err(polars_err)?;
    let st = Step { at, names: by.to_vec() };
    let groups = groups(&c, by, &st)?;
    let count = |name: &str, r: usize| c.get(name).and_then(|col| col.number(r)).unwrap_or(0.0) as usize;
    let rows: Vec<usize> = groups.iter().map(|g| g.iter().map(|&r| count(ROWS, r)).sum()).collect();
    let firsts: Vec<usize> = groups.iter().map(|g| g[0]).collect();
    let keys = by.iter().filter_map(|b| Some((b.clone(), c.get(b)?.take(&firsts)))).collect();
    let mut cells = Vec::new();
    let mut ints = Vec::new();
    for (i, a) in aggs.iter().enumerate() {
        let value = c.get(&value_name(i));
        ints.push(whole(a.op, matches!(value, Some(Col::Int(_)))));
        let per_group = groups
            .iter()
            .zip(&rows)
            .map(|(g, &n)| {
                // Partial rows with some of the field present; without a field, all rows count.
                let parts: Vec<usize> = match a.field {
                    Some(_) => g.iter().copied().filter(|&r| count(&present_name(i), r) > 0).collect(),
                    None => g.clone(),
                };
                let present = match a.field {
                    Some(_) => parts.iter().map(|&r| count(&present_name(i), r)).sum(),
                    None => n,
                };
                let values: Vec<f64> =
                    parts.iter().filter_map(|&r| value.and_then(|v| v.number(r))).collect();
                let value = match a.op {
                    AggregateOp::Count => Some(present as f64),
                    AggregateOp::Mean if present > 0 => Some(values.iter().sum::<f64>() / present as f64),
                    op => reduce(op, &values),
                };
                let qualifiers = parts.iter().map(|&r| c.row_qualifier(r)).collect();
                Cell { value, present, qualifiers }
            })
            .collect();
        cells.push(per_group);
    }
    let sources = groups.iter().map(|g| union(g.iter().map(|&r| c.sources(r)))).collect();
    finish(Grouped { keys, rows, sources, cells, ints }, aggs).into_frame().map_err(polars_err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::dataset::AggregateOp::*;

    fn agg(op: AggregateOp, field: Option<&str>, as_: &str) -> Aggregate {
        Aggregate { op, field: field.map(str::to_string), as_: as_.to_string() }
    }

    /// Rows with missing values, mixed qualifiers and several sources per group.
    fn rows() -> DataFrame {
        df!(
            "state" => [Some("A"), Some("B"), Some("A"), None, Some("B"), Some("A"), None, Some("C")],
            "year" => [2020i64, 2020, 2021, 2020, 2020, 2020, 2020, 2021],
            "count" => [Some(3i64), None, Some(5), Some(7), Some(11), Some(13), None, None],
            "rate" => [Some(0.5f64), Some(1.25), None, Some(2.0), Some(4.5), Some(0.25), Some(8.0), None],
            SOURCE => ["s1", "s2", "s1;s3", "s2", "s3", "s2", "s1", "s1"],
            QUALIFIER => ["exact", "approx", "more_than", "exact", "estimate", "exact", "less_than", "exact"],
            NOTE => [None::<&str>, None, None, None, None, None, None, None],
            LINE => [2i64, 3, 4, 5, 6, 7, 8, 9],
        )
        .unwrap()
    }

    fn both(aggs: Vec<Aggregate>, by: &[&str]) -> (DataFrame, DataFrame) {
        let step = Aggregation { ops: aggs.clone(), groupby: by.iter().map(|b| b.to_string()).collect() };
        let at = Location::default();
        let c = Cols::from_frame(&rows()).unwrap();
        let st = Step { at: &at, names: c.user_names() };
        let by: Vec<String> = by.iter().map(|b| b.to_string()).collect();
        let memory = aggregate(&c, &aggs, &by, &st).unwrap().into_frame().unwrap();
        let query = push(&rows().lazy(), &step).expect("pushable").collect().unwrap();
        (memory, finish_pushed(query, &at, &step).unwrap())
    }

    #[test]
    fn pushed_aggregate_equals_the_in_memory_one() {
        let aggs = vec![
            agg(Sum, Some("count"), "total"),
            agg(Mean, Some("rate"), "mean_rate"),
            agg(Min, Some("count"), "least"),
            agg(Max, Some("rate"), "most"),
            agg(Count, None, "rows"),
            agg(Count, Some("count"), "reported"),
            agg(Sum, Some("rate"), "rate_sum"),
        ];
        for by in [&["state"][..], &["state", "year"], &["year"], &[]] {
            let (memory, pushed) = both(aggs.clone(), by);
            assert!(memory.equals_missing(&pushed), "grouped by {by:?}:\n{memory}\n{pushed}");
        }
        // And the values are the ones the rules give: A 2020 sums 3 and 13, exact.
        let (memory, _) = both(aggs, &["state", "year"]);
        assert_eq!(memory.column("total").unwrap().i64().unwrap().get(0), Some(16));
        assert_eq!(memory.column("__q:total").unwrap().str().unwrap().get(0), Some("exact"));
        // B 2020: 11 (estimate) with one missing: an estimate.
        assert_eq!(memory.column("total").unwrap().i64().unwrap().get(1), Some(11));
        assert_eq!(memory.column("__q:total").unwrap().str().unwrap().get(1), Some("estimate"));
        // C 2021: nothing present: no sum (missing is not zero).
        assert_eq!(memory.column("total").unwrap().i64().unwrap().get(4), None);
        assert_eq!(memory.column(SOURCE).unwrap().str().unwrap().get(0), Some("s1;s2"));
    }

    #[test]
    fn median_distinct_and_text_fields_stay_in_memory() {
        let step = |a: Aggregate| Aggregation { ops: vec![a], groupby: vec!["state".into()] };
        let lf = rows().lazy();
        assert!(push(&lf, &step(agg(Median, Some("count"), "m"))).is_none());
        assert!(push(&lf, &step(agg(Distinct, Some("count"), "d"))).is_none());
        assert!(push(&lf, &step(agg(Sum, Some("state"), "s"))).is_none());
        assert!(push(&lf, &step(agg(Sum, Some("nope"), "s"))).is_none());
        assert!(push(&lf, &step(agg(Sum, Some("count"), "state"))).is_none());
        assert!(push(&lf, &step(agg(Sum, Some("count"), "total"))).is_some());
    }
}
