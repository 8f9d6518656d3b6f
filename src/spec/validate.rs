//! Checks across the files of a project once each is parsed: the presets named exist,
//! data files stay inside `data/`, sidecars and charts name datasets that exist and are
//! sound, and every text has each language. A broken chart or sidecar is set aside with
//! its errors; a broken setting stops the build. May use: serde, toml.

use super::*;

/// Checks across files. A problem of the settings or theme goes to `diags` (the whole
/// build stops); one of a sidecar or chart moves it to `broken_datasets` or `broken_charts`.
pub(super) fn validate(p: &mut Project, sources_ok: bool, diags: &mut Vec<Diagnostic>) {
    for preset in &p.settings.presets {
        if !p.theme.preset.contains_key(preset) {
            let known: Vec<&str> = p.theme.preset.keys().map(String::as_str).collect();
            diags.push(
                Diagnostic::error(
                    Location::file(p.root.join("cifras.toml")),
                    format!("unknown preset `{preset}`"),
                )
                .hint(format!(
                    "define it under [preset.{preset}] in charts/theme.toml, or use one of: {}",
                    known.join(", ")
                )),
            );
        }
    }
    let mut broken = BTreeMap::new();
    for (name, f) in &p.datasets {
        let mut own = Vec::new();
        let d = &f.spec;
        if let Some(file) = &d.file {
            if !is_confined(Path::new(file.get_ref())) {
                own.push(
                    Diagnostic::error(
                        f.at(file),
                        format!("cannot read `{}`: it is outside data/", file.get_ref()),
                    )
                    .hint("give a path relative to data/, without `..`"),
                );
            }
        }
        if let Some(from) = &d.from {
            let known =
                p.datasets.contains_key(from.get_ref()) || p.broken_datasets.contains_key(from.get_ref());
            if !known {
                own.push(unknown_name(f.at(from), "dataset", from.get_ref(), p.datasets.keys()));
            }
        }
        if let Some(src) = &d.source {
            if sources_ok && !p.sources.contains_key(src.get_ref()) {
                own.push(unknown_name(f.at(src), "source", src.get_ref(), p.sources.keys()));
            }
        }
        if !own.is_empty() {
            broken.insert(name.clone(), own);
        }
    }
    move_broken(&mut p.datasets, &mut p.broken_datasets, broken);
    // A dataset derived from a broken one cannot be read either, nor one derived from that.
    loop {
        let derived: BTreeMap<String, Vec<Diagnostic>> = p
            .datasets
            .iter()
            .filter_map(|(name, f)| {
                let from =
                    f.spec.from.as_ref().filter(|from| p.broken_datasets.contains_key(from.get_ref()))?;
                let d = Diagnostic::error(
                    Location { snippet: None, ..f.at(from) },
                    format!("dataset `{name}` not read: dataset `{}` has errors (above)", from.get_ref()),
                );
                Some((name.clone(), vec![d]))
            })
            .collect();
        if derived.is_empty() {
            break;
        }
        move_broken(&mut p.datasets, &mut p.broken_datasets, derived);
    }
    let mut broken = BTreeMap::new();
    for (id, f) in &p.charts {
        let mut own = Vec::new();
        let c = &f.spec;
        let dataset_broken = p.broken_datasets.contains_key(c.data.get_ref());
        if !dataset_broken && !p.datasets.contains_key(c.data.get_ref()) {
            own.push(unknown_name(f.at(&c.data), "dataset", c.data.get_ref(), p.datasets.keys()));
        }
        let langs = &p.settings.languages;
        let mut texts: Vec<(&str, &Text)> = vec![("title", &c.title)];
        for (n, t) in [("subtitle", &c.subtitle), ("note", &c.note), ("alt", &c.alt)] {
            if let Some(t) = t {
                texts.push((n, t));
            }
        }
        // Tables: headers and the totals row are words a reader sees too; they are written
        // inside a table (`[headers]`, `total = { label = … }`), so the hint shows that form.
        let mut inner: Vec<(String, &str, &Text)> = Vec::new();
        if let kinds::Body::Table(t) = &c.body {
            inner.extend(
                t.headers
                    .iter()
                    .map(|(col, t)| (format!("{col} = {{ LANGS }} under [headers]"), "headers", t)),
            );
            inner.extend(t.total.as_ref().map(|t| {
                ("total = { label = { LANGS }, columns = […] }".to_string(), "total", &t.get_ref().label)
            }));
        }
        let forms =
            texts.into_iter().map(|(field, t)| (format!("{field}.LANG = \"…\""), field, t)).chain(inner);
        for (form, field, t) in forms {
            let missing = t.missing(langs);
            if !missing.is_empty() {
                let per_language: Vec<String> = langs.iter().map(|l| format!("{l} = \"…\"")).collect();
                let example = form.replace("LANGS", &per_language.join(", ")).replace("LANG", missing[0]);
                own.push(
                    Diagnostic::error(
                        f.key(field),
                        format!("`{field}` has no translation for {}", missing.join(", ")),
                    )
                    .hint(format!(
                        "write it per language: {example} (the project builds {})",
                        langs.join(", ")
                    )),
                );
            }
        }
        if dataset_broken {
            own.push(not_built(id, f));
        }
        if !own.is_empty() {
            broken.insert(id.clone(), own);
        }
    }
    move_broken(&mut p.charts, &mut p.broken_charts, broken);
}

/// Moves the specs named in `broken` from `good` to `bad`, with their errors.
fn move_broken<T>(
    good: &mut BTreeMap<String, File<T>>,
    bad: &mut BTreeMap<String, Vec<Diagnostic>>,
    broken: BTreeMap<String, Vec<Diagnostic>>,
) {
    for (name, diags) in broken {
        good.remove(&name);
        bad.insert(name, diags);
    }
}
