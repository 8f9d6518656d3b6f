//! `window`: rank, row number, cumulative sum, difference, change, share and compound
//! annual growth, computed within groups in a given order; each value with the qualifier
//! its inputs allow (see `format::qualifier`). May use: spec, format.

use super::cols::{cmp_cells, is_reserved, Col, Cols};
use super::{groups, Result, Step};
use crate::format::{
    qualifier_of_ratio as ratio, qualifier_of_sum as combine, qualifier_turned as flip, Qualifier,
};
use crate::spec::dataset::{WindowKind, WindowOp};

pub(super) fn window(
    c: Cols,
    ops: &[WindowOp],
    by: &[String],
    order: &[(String, bool)],
    st: &Step,
) -> Result<Cols> {
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
