//! Statistics transforms: `aggregate` + `groupby`, `calculate` + `as`, `lookup`, `window`
//! (rank, row number, cumulative sum, difference, change, share, compound annual growth)
//! and `top` with an "other" row; and the per-dataset summary of `cifras stats`.
//!
//! They run on the collected frame as plain columns ([`cols::Cols`]) rather than as Polars
//! expressions, because every computed value must carry its provenance: an aggregate's row
//! cites the union of its rows' sources, and its qualifier never claims more exactness than
//! its inputs have. How qualifiers combine is documented in `format::qualifier`.
//!
//! Here: which steps are statistics, the dispatch of one step ([`apply`]), what the steps
//! share (where a step is, its groups, `reduce`) and `calculate`; each other step has a
//! module of its own. A computed column keeps its own qualifiers in a hidden
//! `__q:<column>` column; a computed row has line 0 and the note of how it was computed.
//! May use: spec, format, polars.

mod aggregate;
mod cols;
mod expr;
mod lookup;
mod summary;
mod top;
mod window;

pub use aggregate::{finish_pushed, push};
pub use cols::COLUMN_QUALIFIER;
pub use summary::{summary, Summary};

use crate::format::{qualifier_of_ratio as ratio, qualifier_turned as flip, Qualifier};
use crate::spec::dataset::{AggregateOp, Order};
use crate::spec::transform::Transform;
use crate::spec::{Diagnostic, Location};
pub(super) use cols::is_reserved;
use cols::{Col, Cols};
use lookup::lookup;
use polars::prelude::DataFrame;
use std::collections::BTreeMap;
use top::top;
use window::window;

/// Loads another dataset's rows (for `lookup`).
pub type Fetch<'a> = dyn FnMut(&str) -> std::result::Result<DataFrame, Vec<Diagnostic>> + 'a;

type Result<T> = std::result::Result<T, Vec<Diagnostic>>;

/// Applies one statistics step to `df`.
pub fn apply(df: DataFrame, at: &Location, step: &Transform, fetch: &mut Fetch) -> Result<DataFrame> {
    let polars_err = |e: polars::prelude::PolarsError| {
        vec![Diagnostic::error(at.clone(), format!("cannot apply transform ({e})"))]
    };
    let c = Cols::from_frame(&df).map_err(polars_err)?;
    let step_at = Step { at, names: c.user_names() };
    let out = match step {
        Transform::Aggregate(a) => aggregate::aggregate(&c, &a.ops, &a.groupby, &step_at)?,
        Transform::Calculate(calc) => calculate(c, &calc.formula, &calc.name, &step_at)?,
        Transform::Lookup(l) => {
            let other = Cols::from_frame(&fetch(&l.from.data)?).map_err(polars_err)?;
            lookup(c, &l.key, &other, &l.from.data, &l.from.key, &l.from.fields, &step_at)?
        }
        Transform::Window(w) => {
            let order: Vec<(String, bool)> =
                w.sort.iter().map(|k| (k.field.clone(), k.order == Order::Descending)).collect();
            window(c, &w.ops, &w.groupby, &order, &step_at)?
        }
        Transform::Top(t) => top(c, t, &step_at)?,
        _ => c,
    };
    out.into_frame().map_err(polars_err)
}

/// Where a step is, and the columns it may name.
struct Step<'a> {
    at: &'a Location,
    names: Vec<String>,
}

impl Step<'_> {
    fn unknown(&self, name: &str) -> Vec<Diagnostic> {
        vec![crate::spec::unknown_name(self.at.clone(), "column", name, self.names.iter())]
    }

    fn column<'c>(&self, c: &'c Cols, name: &str) -> Result<&'c Col> {
        if is_reserved(name) {
            return Err(self.unknown(name));
        }
        c.get(name).ok_or_else(|| self.unknown(name))
    }

    fn numeric<'c>(&self, c: &'c Cols, name: &str) -> Result<&'c Col> {
        let col = self.column(c, name)?;
        if col.is_numeric() {
            Ok(col)
        } else {
            Err(vec![Diagnostic::error(self.at.clone(), format!("column `{name}` holds text, not numbers"))
                .hint(format!(
                "statistics need a numeric column: convert it first with a [[transform]] of its own, parse = {{ {name} = \"integer\" }} (or \"float\"), or declare it under [columns] in the dataset's sidecar"
            ))])
        }
    }

    fn error(&self, msg: impl Into<String>, hint: impl Into<String>) -> Vec<Diagnostic> {
        vec![Diagnostic::error(self.at.clone(), msg).hint(hint)]
    }
}

// ---------------------------------------------------------------------------------------
// shared by the steps: groups, and the reductions of `aggregate` and `summary`

fn groups(c: &Cols, by: &[String], st: &Step) -> Result<Vec<Vec<usize>>> {
    let keys: Vec<&Col> = by.iter().map(|b| st.column(c, b)).collect::<Result<_>>()?;
    // Groups in order of first appearance: deterministic and as the data reads.
    let mut order: Vec<Vec<Option<String>>> = Vec::new();
    let mut members: BTreeMap<Vec<Option<String>>, Vec<usize>> = BTreeMap::new();
    for r in 0..c.height {
        let k: Vec<Option<String>> = keys.iter().map(|col| col.text(r)).collect();
        if !members.contains_key(&k) {
            order.push(k.clone());
        }
        members.entry(k).or_default().push(r);
    }
    Ok(order.into_iter().map(|k| members.remove(&k).unwrap_or_default()).collect())
}

/// Sum, mean, median, min or max of the values present; None when there are none
/// (missing is not zero).
fn reduce(op: AggregateOp, values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum: f64 = values.iter().sum();
    Some(match op {
        AggregateOp::Sum => sum,
        AggregateOp::Mean => sum / values.len() as f64,
        AggregateOp::Min => values.iter().copied().fold(f64::INFINITY, f64::min),
        AggregateOp::Max => values.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        AggregateOp::Median => {
            let mut v = values.to_vec();
            v.sort_by(f64::total_cmp);
            let m = v.len() / 2;
            if v.len() % 2 == 1 {
                v[m]
            } else {
                (v[m - 1] + v[m]) / 2.0
            }
        }
        AggregateOp::Count | AggregateOp::Distinct => values.len() as f64,
    })
}

// ---------------------------------------------------------------------------------------
// calculate + as

fn calculate(mut c: Cols, formula: &str, name: &str, st: &Step) -> Result<Cols> {
    let e = expr::parse(formula).map_err(|why| {
        // A long formula quoted whole would push the reason past the message's clip.
        let shown: String = if formula.chars().count() > 80 {
            formula.chars().take(40).chain(['…']).collect()
        } else {
            formula.to_string()
        };
        st.error(
            format!("cannot read formula `{shown}` ({why})"),
            "use column names, numbers, + - * / and parentheses; split a very long formula into several calculate steps",
        )
    })?;
    let used = e.columns();
    for (col, _) in &used {
        st.numeric(&c, col)?;
    }
    if is_reserved(name) {
        return Err(
            st.error(format!("cannot name a column `{name}`"), "that name is reserved for provenance")
        );
    }
    let mut values = Vec::with_capacity(c.height);
    let mut qs = Vec::with_capacity(c.height);
    for r in 0..c.height {
        values.push(e.eval(&|n: &str| c.get(n).and_then(|col| col.number(r))));
        let mut distinct: Vec<&String> = used.iter().map(|(n, _)| n).collect();
        distinct.sort();
        distinct.dedup();
        let q = match distinct.as_slice() {
            [] => Qualifier::Exact,
            // One column, always in the same direction: its bound holds (or turns around).
            [one] if used.iter().all(|(_, s)| *s == used[0].1) => {
                let q = c.qualifier(one, r);
                if used[0].1 > 0 {
                    q
                } else {
                    flip(q)
                }
            }
            many => ratio(many.iter().map(|n| c.qualifier(n, r))),
        };
        qs.push(q);
    }
    c.set(name, Col::Float(values));
    c.set_qualifiers(name, qs);
    Ok(c)
}
