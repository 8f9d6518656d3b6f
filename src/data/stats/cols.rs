//! A collected frame as plain columns, so statistics can carry provenance row by row,
//! and back. The reserved columns (`source`, `qualifier`, `note`, `__line`) and the
//! per-column qualifiers (`__q:<column>`) are ordinary columns here. May use: format,
//! polars.

use super::super::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::Qualifier;
use polars::prelude::*;

/// Prefix of the hidden column holding a computed column's own qualifier.
pub const COLUMN_QUALIFIER: &str = "__q:";

#[derive(Clone, Debug, PartialEq)]
pub enum Col {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Str(Vec<Option<String>>),
}

impl Col {
    pub fn number(&self, row: usize) -> Option<f64> {
        match self {
            Col::Int(v) => v[row].map(|x| x as f64),
            Col::Float(v) => v[row],
            Col::Str(_) => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        !matches!(self, Col::Str(_))
    }

    /// A cell as text, numbers as `Table::text` writes them (keys compare by this).
    pub fn text(&self, row: usize) -> Option<String> {
        match self {
            Col::Int(v) => v[row].map(|x| x.to_string()),
            Col::Float(v) => v[row].map(crate::format::plain),
            Col::Str(v) => v[row].clone(),
        }
    }

    /// The rows `idx`, in that order.
    pub fn take(&self, idx: &[usize]) -> Col {
        match self {
            Col::Int(v) => Col::Int(idx.iter().map(|&i| v[i]).collect()),
            Col::Float(v) => Col::Float(idx.iter().map(|&i| v[i]).collect()),
            Col::Str(v) => Col::Str(idx.iter().map(|&i| v[i].clone()).collect()),
        }
    }

    /// An empty column of the same type, for rows to be pushed.
    pub fn empty_like(&self) -> Col {
        match self {
            Col::Int(_) => Col::Int(Vec::new()),
            Col::Float(_) => Col::Float(Vec::new()),
            Col::Str(_) => Col::Str(Vec::new()),
        }
    }

    /// Appends row `row` of `from` (same type), or a null.
    pub fn push_from(&mut self, from: Option<(&Col, usize)>) {
        match (self, from) {
            (Col::Int(v), Some((Col::Int(f), r))) => v.push(f[r]),
            (Col::Float(v), Some((Col::Float(f), r))) => v.push(f[r]),
            (Col::Str(v), Some((Col::Str(f), r))) => v.push(f[r].clone()),
            (Col::Int(v), _) => v.push(None),
            (Col::Float(v), _) => v.push(None),
            (Col::Str(v), _) => v.push(None),
        }
    }
}

/// Named columns; provenance included.
#[derive(Clone, Debug, PartialEq)]
pub struct Cols {
    pub names: Vec<String>,
    pub cols: Vec<Col>,
    pub height: usize,
}

impl Cols {
    pub fn from_frame(df: &DataFrame) -> PolarsResult<Cols> {
        let mut names = Vec::new();
        let mut cols = Vec::new();
        for c in df.columns() {
            names.push(c.name().to_string());
            cols.push(match c.dtype() {
                DataType::Int64 => Col::Int(c.i64()?.iter().collect()),
                DataType::Float64 => Col::Float(c.f64()?.iter().collect()),
                DataType::String => Col::Str(c.str()?.iter().map(|v| v.map(str::to_string)).collect()),
                d if d.is_integer() => Col::Int(c.cast(&DataType::Int64)?.i64()?.iter().collect()),
                d if d.is_float() => Col::Float(c.cast(&DataType::Float64)?.f64()?.iter().collect()),
                _ => {
                    let s = c.cast(&DataType::String)?;
                    Col::Str(s.str()?.iter().map(|v| v.map(str::to_string)).collect())
                }
            });
        }
        Ok(Cols { names, cols, height: df.height() })
    }

    pub fn into_frame(self) -> PolarsResult<DataFrame> {
        let columns: Vec<Column> = self
            .names
            .iter()
            .zip(self.cols)
            .map(|(n, c)| {
                let name: PlSmallStr = n.as_str().into();
                match c {
                    Col::Int(v) => Series::new(name, v).into(),
                    Col::Float(v) => Series::new(name, v).into(),
                    Col::Str(v) => Series::new(name, v).into(),
                }
            })
            .collect();
        DataFrame::new(self.height, columns)
    }

    pub fn index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    pub fn get(&self, name: &str) -> Option<&Col> {
        self.index(name).map(|i| &self.cols[i])
    }

    /// Adds or replaces column `name`.
    pub fn set(&mut self, name: &str, col: Col) {
        match self.index(name) {
            Some(i) => self.cols[i] = col,
            None => {
                self.names.push(name.to_string());
                self.cols.push(col);
            }
        }
    }

    /// The user's columns: neither provenance nor hidden.
    pub fn user_names(&self) -> Vec<String> {
        self.names.iter().filter(|n| !is_reserved(n)).cloned().collect()
    }

    pub fn sources(&self, row: usize) -> Vec<String> {
        self.get(SOURCE)
            .and_then(|c| c.text(row))
            .unwrap_or_default()
            .split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    pub fn row_qualifier(&self, row: usize) -> Qualifier {
        self.get(QUALIFIER).and_then(|c| c.text(row)).and_then(|q| Qualifier::parse(&q)).unwrap_or_default()
    }

    /// The qualifier of one cell: the column's own when it was computed, else the row's.
    pub fn qualifier(&self, column: &str, row: usize) -> Qualifier {
        match self.get(&format!("{COLUMN_QUALIFIER}{column}")) {
            Some(c) => c.text(row).and_then(|q| Qualifier::parse(&q)).unwrap_or_default(),
            None => self.row_qualifier(row),
        }
    }

    /// Sets the qualifiers of computed column `column`.
    pub fn set_qualifiers(&mut self, column: &str, qs: Vec<Qualifier>) {
        let col = Col::Str(qs.into_iter().map(|q| Some(q.as_str().to_string())).collect());
        self.set(&format!("{COLUMN_QUALIFIER}{column}"), col);
    }

    /// Keeps rows `idx` in that order.
    pub fn take(&self, idx: &[usize]) -> Cols {
        Cols {
            names: self.names.clone(),
            cols: self.cols.iter().map(|c| c.take(idx)).collect(),
            height: idx.len(),
        }
    }
}

/// Provenance and hidden columns, which no transform may name as a user column.
pub fn is_reserved(name: &str) -> bool {
    [SOURCE, QUALIFIER, NOTE, LINE].contains(&name) || name.starts_with("__")
}

/// Source ids of several rows, each once, in order of first appearance.
pub fn union(lists: impl IntoIterator<Item = Vec<String>>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in lists {
        for id in l {
            if !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

/// Compares two cells; missing values sort last whatever the direction.
pub fn cmp_cells(col: &Col, a: usize, b: usize, desc: bool) -> std::cmp::Ordering {
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
