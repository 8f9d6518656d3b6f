//! `lookup`: columns borrowed from another dataset, row by row on a key that names one row
//! there. A borrowed figure keeps its own qualifier, and the row cites the other dataset's
//! sources too. May use: spec.

use super::cols::{is_reserved, union, Col, Cols};
use super::{Result, Step};
use crate::data::SOURCE;
use std::collections::BTreeMap;

pub(super) fn lookup(
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
