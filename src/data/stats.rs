//! Statistics transforms: `aggregate` + `groupby`, `calculate` + `as`, `lookup`, `window`
//! (rank, row number, cumulative sum, difference, change, share, compound annual growth)
//! and `top` with an "other" row; and the per-dataset summary of `cifras stats`.
//!
//! They run on the collected frame as plain columns ([`cols::Cols`]) rather than as Polars
//! expressions, because every computed value must carry its provenance: an aggregate's row
//! cites the union of its rows' sources, and its qualifier never claims more exactness than
//! its inputs have. The rules, for values that are counts and amounts (never negative):
//!
//! - sum, mean, median, min, max, cumulative sum (they grow with every input): all exact →
//!   exact; any `estimate` → estimate; else any `approx` → approx; lower bounds only
//!   (`more_than`, `at_least`) → `more_than` (or `at_least` if none is `more_than`); upper
//!   bounds only (`less_than`, `almost`) → `less_than` (or `almost`); both kinds → approx.
//! - a subtracted term turns around: `more_than` → `less_than`, `less_than` and `almost` →
//!   `more_than`, `at_least` → approx (cifras has no "at most"). So "23,772 minus the states
//!   named" is exact only when all of them are.
//! - ratios (share, change, compound growth, rank): exact only when every input is;
//!   otherwise approx (estimate if any input is one).
//! - count and distinct count rows, which the sources state exactly: exact.
//! - a group with missing values: its sum is a lower bound (`at_least` joins the rule
//!   above), its mean, median, min and max are approx; missing is never summed as zero.
//!
//! A computed column keeps its own qualifiers in a hidden `__q:<column>` column; a computed
//! row has line 0 and the note of how it was computed. May use: spec, format, polars.

mod aggregate;
mod cols;
mod expr;

pub use aggregate::{finish_pushed, push};
pub use cols::COLUMN_QUALIFIER;

use super::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::{
    qualifier_of_ratio as ratio, qualifier_of_sum as combine, qualifier_turned as flip, Qualifier,
};
use crate::spec::dataset::{AggregateOp, Order, Top, Transform, WindowKind, WindowOp};
use crate::spec::{Diagnostic, Location, Text};
pub(super) use cols::is_reserved;
use cols::{union, Col, Cols};
use polars::prelude::DataFrame;
use std::collections::BTreeMap;

/// Loads another dataset's rows (for `lookup`).
pub type Fetch<'a> = dyn FnMut(&str) -> std::result::Result<DataFrame, Vec<Diagnostic>> + 'a;

/// Whether `step` is a statistics step (run here rather than in the lazy query).
pub fn is_stat(step: &Transform) -> bool {
    step.aggregate.is_some()
        || step.calculate.is_some()
        || step.lookup.is_some()
        || step.window.is_some()
        || step.top.is_some()
}

/// The number of operations a step asks for, counting only the keys that make one.
pub fn ops(step: &Transform) -> usize {
    usize::from(step.aggregate.is_some())
        + usize::from(step.calculate.is_some())
        + usize::from(step.lookup.is_some())
        + usize::from(step.window.is_some())
        + usize::from(step.top.is_some())
}

type Result<T> = std::result::Result<T, Vec<Diagnostic>>;

/// Applies one statistics step to `df`.
pub fn apply(df: DataFrame, at: &Location, step: &Transform, fetch: &mut Fetch) -> Result<DataFrame> {
    let polars_err = |e: polars::prelude::PolarsError| {
        vec![Diagnostic::error(at.clone(), format!("cannot apply transform ({e})"))]
    };
    let c = Cols::from_frame(&df).map_err(polars_err)?;
    let step_at = Step { at, names: c.user_names() };
    let out = if let Some(aggs) = &step.aggregate {
        aggregate::aggregate(&c, aggs, step.groupby.as_deref().unwrap_or(&[]), &step_at)?
    } else if let Some(formula) = &step.calculate {
        let name = match step.as_.as_ref().map(|n| n.list()) {
            Some(v) if v.len() == 1 => v[0].clone(),
            _ => {
                return Err(vec![Diagnostic::error(
                    at.clone(),
                    "`calculate` needs `as`, the new column's name",
                )
                .hint("e.g. calculate = \"count / population * 100000\" with as = \"rate\"")])
            }
        };
        calculate(c, formula, &name, &step_at)?
    } else if let Some(key) = &step.lookup {
        let Some(from) = &step.from else {
            return Err(vec![Diagnostic::error(at.clone(), "`lookup` needs `from`")
                .hint("from = { data = \"population\", key = \"state\", fields = [\"population\"] }")]);
        };
        let other = Cols::from_frame(&fetch(&from.data)?).map_err(polars_err)?;
        lookup(c, key, &other, &from.data, &from.key, &from.fields, &step_at)?
    } else if let Some(ops) = &step.window {
        let order: Vec<(String, bool)> =
            step.sort.iter().flatten().map(|k| (k.field.clone(), k.order == Order::Descending)).collect();
        window(c, ops, step.groupby.as_deref().unwrap_or(&[]), &order, &step_at)?
    } else if let Some(top_spec) = &step.top {
        top(c, top_spec, &step_at)?
    } else {
        c
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

// Qualifier rules: see the module documentation; they live in `format`, beside `Qualifier`.

// ---------------------------------------------------------------------------------------
// aggregate + groupby

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

// ---------------------------------------------------------------------------------------
// lookup

fn lookup(
    mut c: Cols,
    key: &str,
    other: &Cols,
    data: &str,
    other_key: &str,
    fields: &[String],
    st: &Step,
) -> Result<Cols> {
    let mine = st.column(&c, key)?.clone();
    let theirs = other.get(other_key).filter(|_| !is_reserved(other_key)).ok_or_else(|| {
        vec![crate::spec::unknown_name(st.at.clone(), "column", other_key, other.user_names().iter())
            .hint(format!("`from.key` names a column of dataset `{data}`"))]
    })?;
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    for r in 0..other.height {
        if let Some(k) = theirs.text(r) {
            if index.insert(k.clone(), r).is_some() {
                return Err(st.error(
                    format!("`{k}` appears twice in column `{other_key}` of dataset `{data}`"),
                    "a lookup key must identify one row: filter or aggregate that dataset first",
                ));
            }
        }
    }
    let matched: Vec<Option<usize>> =
        (0..c.height).map(|r| mine.text(r).and_then(|k| index.get(&k).copied())).collect();
    for f in fields {
        let src = other.get(f).filter(|_| !is_reserved(f)).ok_or_else(|| {
            vec![crate::spec::unknown_name(st.at.clone(), "column", f, other.user_names().iter())
                .hint(format!("`from.fields` names columns of dataset `{data}`"))]
        })?;
        if c.index(f).is_some() {
            return Err(st.error(format!("column `{f}` exists already"), "rename one of them in its sidecar"));
        }
        let mut col = src.empty_like();
        let mut qs = Vec::new();
        for (r, m) in matched.iter().enumerate() {
            col.push_from(m.map(|m| (src, m)));
            qs.push(m.map_or(c.row_qualifier(r), |m| other.qualifier(f, m)));
        }
        c.set(f, col);
        c.set_qualifiers(f, qs);
    }
    // A row that borrowed a figure cites where the figure came from too.
    let src: Vec<Option<String>> = (0..c.height)
        .map(|r| {
            let theirs = matched[r].map(|m| other.sources(m)).unwrap_or_default();
            Some(union([c.sources(r), theirs]).join(";"))
        })
        .collect();
    c.set(SOURCE, Col::Str(src));
    Ok(c)
}

// ---------------------------------------------------------------------------------------
// window

fn window(c: Cols, ops: &[WindowOp], by: &[String], order: &[(String, bool)], st: &Step) -> Result<Cols> {
    // Order first (stable, missing last), then compute within groups in that order.
    let mut idx: Vec<usize> = (0..c.height).collect();
    for (f, _) in order {
        st.column(&c, f)?;
    }
    idx.sort_by(|&a, &b| {
        for (f, desc) in order {
            let col = c.get(f).expect("checked");
            let o = cmp_cells(col, a, b, *desc);
            if o != std::cmp::Ordering::Equal {
                return o;
            }
        }
        std::cmp::Ordering::Equal
    });
    let mut c = c.take(&idx);
    let groups = groups(&c, by, st)?;
    for op in ops {
        if is_reserved(&op.as_) {
            return Err(st.error(
                format!("cannot name a column `{}`", op.as_),
                "that name is reserved for provenance",
            ));
        }
        let field = match (op.op, &op.field) {
            (WindowKind::RowNumber, _) => None,
            (_, Some(f)) => Some(st.numeric(&c, f)?.clone()),
            (k, None) => {
                return Err(st.error(
                    format!("window `{}` needs a `field`", window_name(k)),
                    "name the numeric column: { op = \"share\", field = \"units\", as = \"share\" }",
                ))
            }
        };
        let q = |r: usize| c.qualifier(op.field.as_deref().unwrap_or(""), r);
        let n = c.height;
        let mut values: Vec<Option<f64>> = vec![None; n];
        let mut qs: Vec<Qualifier> = vec![Qualifier::Exact; n];
        let time = match op.op {
            WindowKind::Cagr => {
                let Some(t) = &op.time else {
                    return Err(st.error(
                        "window `cagr` needs `time`, the column of years",
                        "e.g. { op = \"cagr\", field = \"value\", time = \"year\", as = \"growth\" }",
                    ));
                };
                Some(st.numeric(&c, t)?.clone())
            }
            _ => None,
        };
        for g in &groups {
            let v = |r: usize| field.as_ref().and_then(|f| f.number(r));
            match op.op {
                WindowKind::RowNumber => {
                    for (i, &r) in g.iter().enumerate() {
                        values[r] = Some((i + 1) as f64);
                    }
                }
                WindowKind::Rank => {
                    let gq = ratio(g.iter().map(|&r| q(r)));
                    for &r in g {
                        values[r] = v(r)
                            .map(|x| 1.0 + g.iter().filter(|&&o| v(o).is_some_and(|y| y > x)).count() as f64);
                        qs[r] = gq;
                    }
                }
                WindowKind::Cumsum => {
                    let mut run = Some(0.0);
                    let mut rq = Vec::new();
                    for &r in g {
                        run = run.zip(v(r)).map(|(a, b)| a + b);
                        rq.push(q(r));
                        values[r] = run;
                        qs[r] = combine(rq.iter().copied());
                    }
                }
                WindowKind::Difference | WindowKind::Change => {
                    for w in g.windows(2) {
                        let (p, r) = (w[0], w[1]);
                        values[r] = match (v(p), v(r)) {
                            (Some(a), Some(b)) if op.op == WindowKind::Difference => Some(b - a),
                            (Some(a), Some(b)) if a != 0.0 => Some((b - a) / a * 100.0),
                            _ => None,
                        };
                        qs[r] = if op.op == WindowKind::Difference {
                            combine([q(r), flip(q(p))])
                        } else {
                            ratio([q(r), q(p)])
                        };
                    }
                }
                WindowKind::Share => {
                    // A missing part leaves the whole unknown: no share is computed.
                    let all: Option<Vec<f64>> = g.iter().map(|&r| v(r)).collect();
                    let total: Option<f64> = all.map(|a| a.iter().sum());
                    let gq = ratio(g.iter().map(|&r| q(r)));
                    for &r in g {
                        values[r] = total.filter(|t| *t != 0.0).and_then(|t| v(r).map(|x| x / t * 100.0));
                        qs[r] = gq;
                    }
                }
                WindowKind::Cagr => {
                    let t = time.as_ref().expect("checked");
                    let first = g[0];
                    for &r in &g[1..] {
                        values[r] = match (v(first), v(r), t.number(first), t.number(r)) {
                            (Some(a), Some(b), Some(t0), Some(t1)) if a > 0.0 && b >= 0.0 && t1 != t0 => {
                                Some(((b / a).powf(1.0 / (t1 - t0)) - 1.0) * 100.0)
                            }
                            _ => None,
                        };
                        qs[r] = ratio([q(first), q(r)]);
                    }
                }
            }
        }
        let col = if matches!(op.op, WindowKind::Rank | WindowKind::RowNumber) {
            Col::Int(values.iter().map(|v| v.map(|x| x as i64)).collect())
        } else {
            Col::Float(values)
        };
        c.set(&op.as_, col);
        c.set_qualifiers(&op.as_, qs);
    }
    Ok(c)
}

fn window_name(k: WindowKind) -> &'static str {
    match k {
        WindowKind::Rank => "rank",
        WindowKind::RowNumber => "row_number",
        WindowKind::Cumsum => "cumsum",
        WindowKind::Difference => "difference",
        WindowKind::Change => "change",
        WindowKind::Share => "share",
        WindowKind::Cagr => "cagr",
    }
}

/// Compares two cells; missing values sort last whatever the direction.
fn cmp_cells(col: &Col, a: usize, b: usize, desc: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering::*;
    let o = match col {
        Col::Str(v) => match (&v[a], &v[b]) {
            (Some(x), Some(y)) => x.cmp(y),
            (None, None) => return Equal,
            (None, _) => return Greater,
            (_, None) => return Less,
        },
        _ => match (col.number(a), col.number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (None, None) => return Equal,
            (None, _) => return Greater,
            (_, None) => return Less,
        },
    };
    if desc {
        o.reverse()
    } else {
        o
    }
}

// ---------------------------------------------------------------------------------------
// top N + "other"

fn top(c: Cols, t: &Top, st: &Step) -> Result<Cols> {
    let field = st.numeric(&c, &t.field)?.clone();
    let label = st.column(&c, &t.label)?.clone();
    if label.is_numeric() {
        return Err(st.error(
            format!("`top` labels rows by `{}`, which holds numbers", t.label),
            "name a text column as `label`",
        ));
    }
    let whole = match &t.total {
        Some(name) => {
            let hits: Vec<usize> =
                (0..c.height).filter(|&r| label.text(r).as_deref() == Some(name)).collect();
            match hits.as_slice() {
                [one] => Some(*one),
                [] => {
                    let labels: Vec<String> = (0..c.height).filter_map(|r| label.text(r)).collect();
                    return Err(vec![crate::spec::unknown_name(st.at.clone(), "label", name, labels.iter())
                        .hint(format!(
                            "`total` names the row of column `{}` that holds the whole",
                            t.label
                        ))]);
                }
                _ => {
                    return Err(
                        st.error(format!("`{name}` labels {} rows", hits.len()), "the whole must be one row")
                    )
                }
            }
        }
        None => None,
    };
    let mut rows: Vec<usize> = (0..c.height).filter(|&r| Some(r) != whole).collect();
    if let Some(r) = rows.iter().find(|&&r| field.number(r).is_none()) {
        let name = label.text(*r).unwrap_or_default();
        return Err(st.error(
            format!("cannot rank `{name}`: it has no `{}`", t.field),
            "missing is not zero: filter the row out, or give it a value",
        ));
    }
    rows.sort_by(|&a, &b| cmp_cells(&field, a, b, true));
    let (kept, rest) = rows.split_at(t.n.min(rows.len()));
    let mut out = c.take(kept);
    let folded: Vec<usize> = match whole {
        Some(w) => std::iter::once(w).chain(kept.iter().copied()).collect(),
        None => rest.to_vec(),
    };
    if whole.is_none() && rest.is_empty() {
        return Ok(out);
    }
    let value = match whole {
        Some(w) => field
            .number(w)
            .zip(Some(kept.iter().filter_map(|&r| field.number(r)).sum::<f64>()))
            .map(|(a, b)| a - b),
        None => Some(rest.iter().filter_map(|&r| field.number(r)).sum()),
    };
    if value.is_some_and(|v| v < 0.0) {
        return Err(st.error(
            format!("the rows kept add up to more than `{}`", t.total.clone().unwrap_or_default()),
            "parts can never exceed their whole: check the figures",
        ));
    }
    let q = match whole {
        Some(w) => combine(
            std::iter::once(c.qualifier(&t.field, w))
                .chain(kept.iter().map(|&r| flip(c.qualifier(&t.field, r)))),
        ),
        None => combine(rest.iter().map(|&r| c.qualifier(&t.field, r))),
    };
    let labels = |rows: &[usize]| rows.iter().filter_map(|&r| label.text(r)).collect::<Vec<_>>();
    let note = match whole {
        Some(w) => format!(
            "Computed by cifras: {} minus {}",
            label.text(w).unwrap_or_default(),
            labels(kept).join(", ")
        ),
        None => format!("Computed by cifras: the sum of {}", labels(rest).join(", ")),
    };
    let own_q = format!("{COLUMN_QUALIFIER}{}", t.field);
    // The folded row's text cells: the whole's, or the one all folded rows share.
    let shared = |col: &Col| match whole {
        Some(w) => col.text(w),
        None => {
            let first = col.text(rest[0]);
            rest.iter().all(|&r| col.text(r) == first).then_some(first).flatten()
        }
    };
    // The other row's label: per translation column its language's, else the base one.
    let translated = |lang: &str| c.names.iter().any(|n| n == &format!("{}.{lang}", t.label));
    let other_label = match &t.other {
        Text::Plain(s) => s.clone(),
        Text::Langs(m) => m
            .iter()
            .find(|(l, _)| !translated(l))
            .or(m.iter().next())
            .map(|(_, s)| s.clone())
            .unwrap_or_default(),
    };
    for (i, name) in c.names.iter().enumerate() {
        let lang = name.strip_prefix(&format!("{}.", t.label));
        let cell: Option<String> = if name == &t.label {
            Some(other_label.clone())
        } else if let (Some(lang), Text::Langs(m)) = (lang, &t.other) {
            m.get(lang).cloned()
        } else if name == SOURCE {
            Some(union(folded.iter().map(|&r| c.sources(r))).join(";"))
        } else if name == QUALIFIER || name == &own_q {
            Some(q.as_str().to_string())
        } else if name == NOTE {
            Some(note.clone())
        } else if name.starts_with(COLUMN_QUALIFIER) || name.starts_with(&format!("{}.", t.label)) {
            // A translation of the whole's label (`state.es`) must not name the remainder.
            None
        } else {
            shared(&c.cols[i])
        };
        match &mut out.cols[i] {
            Col::Int(v) if name == LINE => v.push(Some(0)),
            Col::Int(v) if name == &t.field => v.push(value.map(|x| x as i64)),
            Col::Float(v) if name == &t.field => v.push(value),
            Col::Str(v) => v.push(cell),
            other => other.push_from(None),
        }
    }
    out.height = kept.len() + 1;
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// cifras stats

/// Summary of one numeric column (missing values are counted, never summed as zero).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub column: String,
    pub count: usize,
    pub missing: usize,
    pub sum: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    /// Distinct values, for text columns.
    pub distinct: Option<usize>,
    /// Its numbers are years (named so, or declared `type = "year"`): never grouped.
    pub year: bool,
}

/// Count, sum, min, max, mean and median of every user column of `df`.
pub fn summary(df: &DataFrame) -> polars::prelude::PolarsResult<Vec<Summary>> {
    let c = Cols::from_frame(df)?;
    let mut out = Vec::new();
    for name in c.user_names() {
        let col = c.get(&name).expect("listed");
        let present: Vec<usize> = (0..c.height).filter(|&r| col.text(r).is_some()).collect();
        let values: Vec<f64> = present.iter().filter_map(|&r| col.number(r)).collect();
        let numeric = col.is_numeric();
        let stat = |op| if numeric { reduce(op, &values) } else { None };
        let distinct = (!numeric).then(|| {
            let mut v: Vec<String> = present.iter().filter_map(|&r| col.text(r)).collect();
            v.sort();
            v.dedup();
            v.len()
        });
        out.push(Summary {
            column: name.clone(),
            count: present.len(),
            missing: c.height - present.len(),
            sum: stat(AggregateOp::Sum),
            min: stat(AggregateOp::Min),
            max: stat(AggregateOp::Max),
            mean: stat(AggregateOp::Mean),
            median: stat(AggregateOp::Median),
            distinct,
            year: numeric && crate::format::is_year_name(&name),
        });
    }
    Ok(out)
}
