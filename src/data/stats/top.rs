//! `top`: the N rows with the largest values, and one "other" row for the rest (their sum,
//! or a whole minus the rows kept), which cites every folded row's sources and says how it
//! was computed. May use: spec, format.

use super::cols::{cmp_cells, union, Col, Cols, COLUMN_QUALIFIER};
use super::{Result, Step};
use crate::data::{LINE, NOTE, QUALIFIER, SOURCE};
use crate::format::{qualifier_of_sum as combine, qualifier_turned as flip};
use crate::spec::dataset::Top;
use crate::spec::Text;

pub(super) fn top(c: Cols, t: &Top, st: &Step) -> Result<Cols> {
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
