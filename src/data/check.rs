//! Consistency rules, checked on the loaded datasets before anything is published:
//!
//! - `[[check]]` with `parts` and `whole`: the parts never add up to more than their whole
//!   (an error; a warning when the whole is itself a lower bound, "more than …").
//! - `[[check]]` with `parts` and `total`: a declared total is the sum of its parts (an
//!   error; a warning when some figure is approximate, since those need not add up).
//! - `[[check]]` with `percent`: percentages lie within 0–100.
//! - a sidecar's `key`: rows with the same key, from different sources, with different
//!   values are a disagreement: an error, or a warning when a `[[check]]` with
//!   `acknowledge` records it on purpose (its `reason` is shown as the hint).
//!
//! May use: spec, format and plain [`Table`]s.

use super::Table;
use crate::format::{self, Locale, NumberFormat, Qualifier};
use crate::spec::dataset::{key_text, Check, Figure, Filter, Parts};
use crate::spec::{Diagnostic, File, Location, Project};
use std::collections::BTreeMap;

/// Whether any sidecar states a rule (a `[[check]]` or a `key`) for [`check`] to apply.
pub fn has_rules(project: &Project) -> bool {
    project.datasets.values().any(|d| !d.spec.check.is_empty() || !d.spec.key.is_empty())
}

/// All rules of all sidecars over `tables` (dataset name → its rows, sidecar transforms
/// applied). Datasets that failed to load are left out: their errors are reported already.
pub fn check(project: &Project, tables: &BTreeMap<String, Table>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (name, sidecar) in &project.datasets {
        let Some(table) = tables.get(name) else { continue };
        let mut acknowledged: Vec<(Vec<String>, Location, Option<String>)> = Vec::new();
        for spanned in &sidecar.spec.check {
            let at = sidecar.at(spanned);
            let c = spanned.get_ref();
            let ctx = Ctx { project, tables, here: name, at: at.clone() };
            let rules = usize::from(c.whole.is_some())
                + usize::from(c.total.is_some())
                + usize::from(c.percent.is_some())
                + usize::from(c.acknowledge.is_some());
            if rules != 1 || (c.parts.is_some() != (c.whole.is_some() || c.total.is_some())) {
                diags.push(Diagnostic::error(at, "a [[check]] must state exactly one rule").hint(
                    "use `parts` with `whole` (or with `total`), or `percent`, or `acknowledge` with `reason`",
                ));
                continue;
            }
            let result = if let Some(v) = &c.acknowledge {
                acknowledged.push((key_text(v), at, c.reason.clone()));
                Ok(vec![])
            } else if let Some(field) = &c.percent {
                percent(&ctx, table, field, c.where_.as_ref())
            } else {
                parts_rule(&ctx, table, c)
            };
            match result {
                Ok(d) | Err(d) => diags.extend(d),
            }
        }
        diags.extend(disagreements(project, name, sidecar, table, &acknowledged));
    }
    diags
}

struct Ctx<'a> {
    project: &'a Project,
    tables: &'a BTreeMap<String, Table>,
    here: &'a str,
    at: Location,
}

type Found = Result<Vec<Diagnostic>, Vec<Diagnostic>>;

/// A row's figure, as a reader would see it: "more than 56,000 (People disappeared …)".
fn shown(table: &Table, field: &str, row: usize, label: &str) -> String {
    let v = table.number(field, row).map_or_else(
        || "no value".to_string(),
        |v| {
            format::qualified(
                &format::number(v, Locale::EnUs, &NumberFormat::new()),
                table.qualifier(field, row),
                Locale::EnUs,
            )
        },
    );
    format!("{label} ({v})")
}

/// Rows of `table` whose key columns read `key`.
fn rows_with_key(
    ctx: &Ctx,
    dataset: &str,
    table: &Table,
    key: &[String],
) -> Result<Vec<usize>, Vec<Diagnostic>> {
    let cols = &ctx.project.datasets[dataset].spec.key;
    if cols.is_empty() {
        return Err(vec![Diagnostic::error(ctx.at.clone(), format!("dataset `{dataset}` has no `key`"))
            .hint("name the columns that identify a figure in its sidecar: key = [\"figure\"]")]);
    }
    if cols.len() != key.len() {
        return Err(vec![Diagnostic::error(
            ctx.at.clone(),
            format!(
                "`{}` does not match the key of dataset `{dataset}` ({})",
                key.join(", "),
                cols.join(", ")
            ),
        )
        .hint("give one value per key column, in order")]);
    }
    let hits: Vec<usize> = (0..table.len())
        .filter(|&r| cols.iter().zip(key).all(|(c, k)| table.text(c, r).as_deref() == Some(k.as_str())))
        .collect();
    if hits.is_empty() {
        let known: Vec<String> = (0..table.len())
            .map(|r| cols.iter().filter_map(|c| table.text(c, r)).collect::<Vec<_>>().join(", "))
            .collect();
        return Err(vec![crate::spec::unknown_name(ctx.at.clone(), "figure", &key.join(", "), known.iter())]);
    }
    Ok(hits)
}

/// The whole (or total) a check names: its table, row and field.
fn resolve<'a>(
    ctx: &Ctx<'a>,
    fig: &Figure,
    field: Option<&String>,
) -> Result<(&'a Table, usize, String), Vec<Diagnostic>> {
    let (data, key, own_field) = match fig {
        Figure::Here(k) => (ctx.here.to_string(), key_text(k), None),
        Figure::In(f) => {
            (f.data.clone().unwrap_or_else(|| ctx.here.to_string()), key_text(&f.key), f.field.clone())
        }
    };
    // A dataset with errors of its own is known: they are reported, the rule waits for it.
    if !ctx.project.datasets.contains_key(&data) && !ctx.project.broken_datasets.contains_key(&data) {
        return Err(vec![crate::spec::unknown_name(
            ctx.at.clone(),
            "dataset",
            &data,
            ctx.project.datasets.keys(),
        )]);
    }
    let Some(table) = ctx.tables.get(&data) else { return Err(vec![]) };
    let field = own_field.or_else(|| field.cloned()).ok_or_else(|| {
        vec![Diagnostic::error(ctx.at.clone(), "the check names no numeric column")
            .hint("add field = \"<column>\"")]
    })?;
    let rows = rows_with_key(ctx, &data, table, &key)?;
    if rows.len() > 1 {
        return Err(vec![Diagnostic::error(
            ctx.at.clone(),
            format!("`{}` names {} rows of dataset `{data}`", key.join(", "), rows.len()),
        )
        .hint("a whole must be one figure: its rows disagree (see the key check)")]);
    }
    numeric(ctx, table, &field, &data)?;
    Ok((table, rows[0], field))
}

fn numeric(ctx: &Ctx, table: &Table, field: &str, data: &str) -> Result<(), Vec<Diagnostic>> {
    match table.column(field) {
        Some(c) if matches!(c.values, super::Values::Number(_)) => Ok(()),
        Some(_) => Err(vec![Diagnostic::error(
            ctx.at.clone(),
            format!("column `{field}` of dataset `{data}` holds text"),
        )
        .hint("a check compares numbers: name a numeric column")]),
        None => Err(vec![crate::spec::unknown_name(ctx.at.clone(), "column", field, table.names())]),
    }
}

fn label(ctx: &Ctx, dataset: &str, table: &Table, row: usize) -> String {
    let cols = &ctx.project.datasets[dataset].spec.key;
    let parts: Vec<String> = cols.iter().filter_map(|c| table.text(c, row)).collect();
    if parts.is_empty() {
        format!("line {}", table.rows[row].line)
    } else {
        parts.join(", ")
    }
}

fn parts_rule(ctx: &Ctx, table: &Table, c: &Check) -> Found {
    let field = c.field.as_ref().ok_or_else(|| {
        vec![Diagnostic::error(ctx.at.clone(), "the check names no numeric column")
            .hint("add field = \"<column>\": the column of the parts")]
    })?;
    numeric(ctx, table, field, ctx.here)?;
    let fig = c.whole.as_ref().or(c.total.as_ref()).expect("checked by the caller");
    let (wt, wrow, wfield) = resolve(ctx, fig, Some(field))?;
    let whole_here = std::ptr::eq(wt, table);
    let parts: Vec<usize> = match c.parts.as_ref().expect("checked by the caller") {
        Parts::All(s) if s == "*" => (0..table.len()).filter(|&r| !(whole_here && r == wrow)).collect(),
        Parts::All(s) => rows_with_key(ctx, ctx.here, table, std::slice::from_ref(s))?,
        Parts::Keys(keys) => {
            let mut rows = Vec::new();
            for k in keys {
                rows.extend(rows_with_key(ctx, ctx.here, table, &key_text(k))?);
            }
            rows
        }
    };
    let wdata = match fig {
        Figure::In(f) => f.data.clone().unwrap_or_else(|| ctx.here.to_string()),
        Figure::Here(_) => ctx.here.to_string(),
    };
    let whole_label = shown(wt, &wfield, wrow, &label(ctx, &wdata, wt, wrow));
    let Some(whole) = wt.number(&wfield, wrow) else {
        return Err(vec![Diagnostic::warning(ctx.at.clone(), format!("cannot check against {whole_label}"))
            .hint("the whole has no value; missing is not zero")]);
    };
    let part_labels: Vec<String> =
        parts.iter().map(|&r| shown(table, field, r, &label(ctx, ctx.here, table, r))).collect();
    let values: Vec<Option<f64>> = parts.iter().map(|&r| table.number(field, r)).collect();
    let sum: f64 = values.iter().flatten().sum();
    let sum_text = format::number(sum, Locale::EnUs, &NumberFormat::new());
    let wq = wt.qualifier(&wfield, wrow);
    if c.total.is_some() {
        if let Some(i) = values.iter().position(Option::is_none) {
            return Err(vec![Diagnostic::error(
                ctx.at.clone(),
                format!("cannot check the total: {} has no value", part_labels[i]),
            )
            .hint("missing is not zero: give the part its value, or leave it out of `parts`")]);
        }
        if (sum - whole).abs() <= 1e-9 * whole.abs().max(1.0) {
            return Ok(vec![]);
        }
        let exact =
            wq == Qualifier::Exact && parts.iter().all(|&r| table.qualifier(field, r) == Qualifier::Exact);
        let msg = format!("the parts add up to {sum_text}, not to the total {whole_label}");
        let hint = format!("parts: {}", part_labels.join("; "));
        return Ok(vec![if exact {
            Diagnostic::error(ctx.at.clone(), msg).hint(format!("{hint}. Correct the figures, or the check"))
        } else {
            Diagnostic::warning(ctx.at.clone(), msg)
                .hint(format!("{hint}. Some figures are approximate, so they need not add up exactly"))
        }]);
    }
    if sum <= whole {
        return Ok(vec![]);
    }
    let msg = format!("parts add up to more than their whole: {sum_text} > {whole_label}");
    let hint = format!("parts: {}", part_labels.join("; "));
    Ok(vec![if matches!(wq, Qualifier::MoreThan | Qualifier::AtLeast) {
        Diagnostic::warning(ctx.at.clone(), msg).hint(format!("{hint}. The whole is a lower bound, so this can hold, but only if it is well above the figure stated"))
    } else {
        Diagnostic::error(ctx.at.clone(), msg)
            .hint(format!("{hint}. A part can never exceed its whole: check the figures"))
    }])
}

fn percent(ctx: &Ctx, table: &Table, field: &str, filter: Option<&Filter>) -> Found {
    numeric(ctx, table, field, ctx.here)?;
    if let Some(f) = filter {
        if table.column(&f.field).is_none() {
            return Err(vec![crate::spec::unknown_name(ctx.at.clone(), "column", &f.field, table.names())]);
        }
    }
    let mut diags = Vec::new();
    for r in 0..table.len() {
        if let Some(f) = filter {
            if !passes(table, f, r) {
                continue;
            }
        }
        let Some(v) = table.number(field, r) else { continue };
        if !(0.0..=100.0).contains(&v) {
            let line = table.rows[r].line;
            let at = if line > 0 { Location::at_line(&table.path, line, 0) } else { ctx.at.clone() };
            diags.push(
                Diagnostic::error(
                    at,
                    format!(
                        "{} is a percentage outside 0–100",
                        shown(table, field, r, &label(ctx, ctx.here, table, r))
                    ),
                )
                .hint("a percentage lies between 0 and 100: check the value, or its unit"),
            );
        }
    }
    Ok(diags)
}

/// Whether row `r` passes filter `f` (the tests a `where` may use).
fn passes(table: &Table, f: &Filter, r: usize) -> bool {
    let text = table.text(&f.field, r);
    let num = table.number(&f.field, r);
    let same = |v: &toml::Value| key_text(v).first().map(String::as_str) == text.as_deref();
    f.equal.as_ref().is_none_or(same)
        && f.not_equal.as_ref().is_none_or(|v| !same(v))
        && f.one_of.as_ref().is_none_or(|vs| vs.iter().any(same))
        && f.lt.is_none_or(|b| num.is_some_and(|x| x < b))
        && f.lte.is_none_or(|b| num.is_some_and(|x| x <= b))
        && f.gt.is_none_or(|b| num.is_some_and(|x| x > b))
        && f.gte.is_none_or(|b| num.is_some_and(|x| x >= b))
        && f.range.is_none_or(|[lo, hi]| num.is_some_and(|x| x >= lo && x <= hi))
        && f.valid.is_none_or(|v| text.is_some() == v)
}

/// Rows with the same key from different sources and different values.
fn disagreements(
    project: &Project,
    name: &str,
    sidecar: &File<crate::spec::Dataset>,
    table: &Table,
    acknowledged: &[(Vec<String>, Location, Option<String>)],
) -> Vec<Diagnostic> {
    let key = &sidecar.spec.key;
    let mut diags = Vec::new();
    if key.is_empty() || key.iter().any(|k| table.column(k).is_none()) {
        return diags;
    }
    let values: Vec<&String> = table
        .columns
        .iter()
        .filter(|c| matches!(c.values, super::Values::Number(_)) && !key.contains(&c.name))
        .map(|c| &c.name)
        .collect();
    let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
    for r in 0..table.len() {
        groups.entry(key.iter().map(|k| table.text(k, r).unwrap_or_default()).collect()).or_default().push(r);
    }
    let mut used = vec![false; acknowledged.len()];
    for (k, rows) in &groups {
        let mut found: Vec<String> = Vec::new();
        let mut last = rows[0];
        for (i, &a) in rows.iter().enumerate() {
            for &b in &rows[i + 1..] {
                let (mut sa, mut sb) = (table.rows[a].sources.to_vec(), table.rows[b].sources.to_vec());
                sa.sort();
                sb.sort();
                if sa == sb {
                    continue;
                }
                for v in &values {
                    if let (Some(x), Some(y)) = (table.number(v, a), table.number(v, b)) {
                        if x != y {
                            let cite = |r: usize| {
                                let who: Vec<String> = table.rows[r]
                                    .sources
                                    .iter()
                                    .map(|s| project.sources.get(s).map_or_else(|| s.clone(), |s| s.short()))
                                    .collect();
                                format!(
                                    "{} ({}, line {})",
                                    format::qualified(
                                        &format::number(
                                            table.number(v, r).unwrap_or_default(),
                                            Locale::EnUs,
                                            &NumberFormat::new()
                                        ),
                                        table.qualifier(v, r),
                                        Locale::EnUs
                                    ),
                                    who.join("; "),
                                    table.rows[r].line
                                )
                            };
                            found.push(format!("{} vs {}", cite(a), cite(b)));
                            last = b;
                        }
                    }
                }
            }
        }
        if found.is_empty() {
            continue;
        }
        let line = table.rows[last].line;
        let at = if line > 0 { Location::at_line(&table.path, line, 0) } else { sidecar.whole() };
        let msg = format!("sources disagree on `{}` in dataset `{name}`: {}", k.join(", "), found.join("; "));
        match acknowledged.iter().position(|(ak, _, _)| ak == k) {
            Some(i) => {
                used[i] = true;
                let reason = acknowledged[i].2.clone().unwrap_or_else(|| "recorded on purpose in the sidecar".into());
                diags.push(Diagnostic::warning(at, msg).hint(format!("acknowledged: {reason}")));
            }
            None => diags.push(Diagnostic::error(at, msg).hint(format!(
                "check the figures; if both stand, record it in {}: [[check]] acknowledge = {:?} with reason = \"…\" (and filter charts on `source`)",
                sidecar.path.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
                k.join(", ")
            ))),
        }
    }
    for (i, (k, at, _)) in acknowledged.iter().enumerate() {
        if !used[i] {
            diags.push(
                Diagnostic::warning(
                    at.clone(),
                    format!("no disagreement on `{}` to acknowledge", k.join(", ")),
                )
                .hint("the sources now agree, or the key is misspelt: remove or fix this [[check]]"),
            );
        }
    }
    diags
}
