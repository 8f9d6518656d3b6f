//! The per-dataset summary of `cifras stats`: count, missing, sum, min, max, mean and
//! median of every numeric column, distinct values of every text column. May use: spec,
//! format, polars.

use super::cols::Cols;
use super::reduce;
use crate::spec::dataset::AggregateOp;
use polars::prelude::DataFrame;

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
