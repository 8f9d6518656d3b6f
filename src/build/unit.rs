//! One chart's unit of work: its rows → a chart per language → a scene per preset → the
//! bytes of every file it produces (SVG, PNG, PDF per language and preset; the rows drawn
//! as CSV). Pure: reads no file and writes none, so the build can cache, parallelise and
//! write atomically around it. Languages and presets are rendered in parallel (rayon).
//!
//! A new kind of output for a chart (a table export) is one more [`Target`] from
//! [`targets`] and one more arm in [`chart_files`]. May use: spec, chart, data, layout, render,
//! table, format.

use super::Plan;
use crate::chart::{self, Chart};
use crate::data::{self, Frame, Table, Values};
use crate::format::Locale;
use crate::layout::{self, font, Scene};
use crate::render;
use crate::spec::project::PngCompression;
use crate::spec::{Diagnostic, Format, Location, Project};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One file a chart produces, named before anything is rendered so the cache can decide.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Relative to the output folder, `/`-separated: `report/en/<id>.svg`, `data/<id>.csv`.
    pub path: String,
    pub lang: String,
    pub locale: Locale,
    /// None for the data CSV, which does not depend on a preset.
    pub preset: Option<String>,
    pub what: What,
    /// SVG with text as outlines (`outline_text` in cifras.toml).
    pub outline_text: bool,
    /// PNG encoder effort (`png_compression` in cifras.toml); `Default` for other files.
    pub png_compression: PngCompression,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum What {
    Drawing(Format),
    /// The rows drawn, with their sources ("get the data").
    Data,
    /// A table's export: csv, md, tex or html.
    Table(&'static str),
}

impl What {
    pub fn ext(self) -> &'static str {
        match self {
            What::Drawing(f) => f.ext(),
            What::Data => "csv",
            What::Table(ext) => ext,
        }
    }
}

/// The formats a table is exported to (besides its sheet in the language's workbook).
pub const TABLE_FORMATS: [&str; 4] = ["csv", "md", "tex", "html"];

/// Every file table `id` exports under `plan`, in a fixed order.
pub fn table_targets(plan: &Plan, id: &str) -> Vec<Target> {
    let mut out = Vec::new();
    for (lang, locale) in &plan.langs {
        for ext in TABLE_FORMATS {
            out.push(Target {
                path: format!("tables/{lang}/{id}.{ext}"),
                lang: lang.clone(),
                locale: *locale,
                preset: None,
                what: What::Table(ext),
                outline_text: false,
                png_compression: PngCompression::Default,
            });
        }
    }
    out
}

impl Target {
    /// Everything besides input files that decides this file's bytes, for its cache key.
    pub fn params(&self) -> String {
        format!(
            "path={} lang={} locale={:?} preset={} what={} outline={} png={:?}",
            self.path,
            self.lang,
            self.locale,
            self.preset.as_deref().unwrap_or("-"),
            self.what.ext(),
            self.outline_text,
            self.png_compression
        )
    }
}

/// Every file chart `id` produces under `plan`, in a fixed order.
pub fn targets(plan: &Plan, id: &str) -> Vec<Target> {
    let mut out = Vec::new();
    for (lang, locale) in &plan.langs {
        for preset in &plan.presets {
            for f in &plan.formats {
                out.push(Target {
                    path: format!("{preset}/{lang}/{id}.{}", f.ext()),
                    lang: lang.clone(),
                    locale: *locale,
                    preset: Some(preset.clone()),
                    what: What::Drawing(*f),
                    outline_text: plan.outline_text && *f == Format::Svg,
                    png_compression: if *f == Format::Png {
                        plan.png_compression
                    } else {
                        PngCompression::Default
                    },
                });
            }
        }
    }
    // The rows drawn are the same in every language; the first one names the columns.
    if let Some((lang, locale)) = plan.langs.first() {
        out.push(Target {
            path: format!("data/{id}.csv"),
            lang: lang.clone(),
            locale: *locale,
            preset: None,
            what: What::Data,
            outline_text: false,
            png_compression: PngCompression::Default,
        });
    }
    out
}

/// A rendered file and what the manifest and the gallery say about it.
pub struct Product {
    pub target: Target,
    pub bytes: Vec<u8>,
    pub title: String,
    pub alt: String,
    pub source_line: String,
    pub sources: Vec<String>,
    pub warnings: Vec<Diagnostic>,
}

/// Renders the `targets` of chart `id` from its rows. With `check_only` (`cifras check`)
/// nothing is rasterised: each SVG is parsed to prove it renders, and only the SVG and CSV
/// targets come back.
pub fn chart_files(
    project: &Project,
    id: &str,
    table: &Table,
    targets: &[Target],
    check_only: bool,
) -> Result<Vec<Product>, Vec<Diagnostic>> {
    let file = &project.charts[id];
    // Compiling is cheap: once per language, before the parallel part, so an error is
    // reported once rather than once per preset and format.
    let mut charts: BTreeMap<&str, Chart> = BTreeMap::new();
    for t in targets {
        if !charts.contains_key(t.lang.as_str()) {
            let ctx = chart::Context { id, lang: &t.lang, locale: t.locale, sources: &project.sources };
            charts.insert(t.lang.as_str(), chart::compile(file, table, &ctx)?);
        }
    }
    // One layout and one SVG per language and preset; its formats render from that SVG.
    let mut groups: BTreeMap<(&str, &str), Vec<&Target>> = BTreeMap::new();
    let mut data = Vec::new();
    for t in targets {
        match (&t.what, &t.preset) {
            (What::Drawing(_), Some(p)) => groups.entry((t.lang.as_str(), p.as_str())).or_default().push(t),
            _ => data.push(t),
        }
    }
    let groups: Vec<_> = groups.into_iter().collect();
    // The rows drawn as CSV are written beside the drawings (a million rows take a while).
    let rows_files = || -> Vec<Product> {
        data.iter()
            .map(|t| {
                let chart = &charts[t.lang.as_str()];
                product(t, rows_csv(table, &chart.rows), chart, Vec::new())
            })
            .collect()
    };
    let drawings = || -> Vec<Result<Vec<Product>, Vec<Diagnostic>>> {
        groups
            .par_iter()
            .map(|((lang, preset), ts)| {
                let chart = &charts[lang];
                let opts = layout::Options { theme: &project.theme, preset: &project.theme.preset[*preset] };
                let scene = layout::layout(chart, &opts);
                let mut warnings = font_warnings(project, id, &scene);
                warnings.extend(layout_warnings(project, id, &scene, preset, lang));
                let fail = |e: String| vec![Diagnostic::error(file.whole(), e)];
                let svg = render::svg(&scene, id).map_err(fail)?;
                if check_only {
                    render::tree(&svg).map_err(fail)?;
                }
                let ts: Vec<&&Target> =
                    ts.iter().filter(|t| !check_only || t.what == What::Drawing(Format::Svg)).collect();
                ts.par_iter()
                    .map(|t| -> Result<Product, Vec<Diagnostic>> {
                        let bytes = match t.what {
                            What::Drawing(Format::Svg) if t.outline_text => {
                                render::outlined(&svg, &scene, id).map_err(fail)?.into_bytes()
                            }
                            What::Drawing(Format::Svg) | What::Data | What::Table(_) => {
                                svg.clone().into_bytes()
                            }
                            What::Drawing(Format::Png) => {
                                render::png(&svg, &scene, compression(t.png_compression)).map_err(fail)?
                            }
                            What::Drawing(Format::Pdf) => render::pdf(&svg, &scene).map_err(fail)?,
                        };
                        Ok(product(t, bytes, chart, warnings.clone()))
                    })
                    .collect()
            })
            .collect()
    };
    let (drawn, rows_files) = rayon::join(drawings, rows_files);
    let mut out = Vec::new();
    for r in drawn {
        out.extend(r?);
    }
    out.extend(rows_files);
    Ok(out)
}

fn product(t: &Target, bytes: Vec<u8>, chart: &Chart, warnings: Vec<Diagnostic>) -> Product {
    Product {
        target: t.clone(),
        bytes,
        title: chart.title.clone(),
        alt: chart.alt.clone(),
        source_line: chart.source_line.clone(),
        sources: chart.sources.clone(),
        warnings,
    }
}

/// Characters the embedded font lacks would render as boxes, silently: say so.
fn font_warnings(project: &Project, id: &str, scene: &Scene) -> Vec<Diagnostic> {
    let missing: Vec<char> = scene.texts().flat_map(|t| font::missing_chars(&t.text)).collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let list: String = missing.iter().map(|c| format!("{c} (U+{:04X}) ", *c as u32)).collect();
    vec![Diagnostic::warning(
        project.charts[id].whole(),
        format!("the embedded font cannot draw: {}", list.trim_end()),
    )
    .hint("these characters would show as boxes: replace them in the data or spec")]
}

/// Text too small, too close or colliding, and colours that read as one: the layout's lint.
fn layout_warnings(project: &Project, id: &str, scene: &Scene, preset: &str, lang: &str) -> Vec<Diagnostic> {
    let file = &project.charts[id];
    layout::lint(scene, project.theme.sizes.min)
        .into_iter()
        .map(|f| {
            Diagnostic::warning(file.whole(), format!("{} {}", f.element, f.message)).hint(format!(
                "in the {preset} preset, language {lang}: shorten the text, or adjust the theme"
            ))
        })
        .collect()
}

/// One chart for one language, laid out for one preset.
pub struct Drawing {
    pub chart: Chart,
    pub preset: String,
    pub scene: Scene,
}

/// Compiles and lays out chart `id` for every language and preset of the plan.
pub fn draw(
    project: &Project,
    plan: &Plan,
    id: &str,
    table: &Table,
) -> Result<Vec<Drawing>, Vec<Diagnostic>> {
    let file = &project.charts[id];
    let mut out = Vec::new();
    for (lang, locale) in &plan.langs {
        let ctx = chart::Context { id, lang, locale: *locale, sources: &project.sources };
        let chart = chart::compile(file, table, &ctx)?;
        for preset in &plan.presets {
            let p = &project.theme.preset[preset];
            let scene = layout::layout(&chart, &layout::Options { theme: &project.theme, preset: p });
            out.push(Drawing { chart: chart.clone(), preset: preset.clone(), scene });
        }
    }
    Ok(out)
}

/// Rows a chart reads: its dataset with the chart's own transforms.
pub fn rows(project: &Project, id: &str, frame: &Frame) -> Result<Table, Vec<Diagnostic>> {
    let file = &project.charts[id];
    data::table_in(project, frame, &file.spec.transform)
}

/// The rows a chart draws as CSV ("get the data"), with their sources.
pub fn rows_csv(table: &Table, rows: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + rows.len() * 24);
    let names = table.columns.iter().map(|c| c.name.as_str());
    for (i, name) in names.chain([data::SOURCE, data::QUALIFIER, data::NOTE]).enumerate() {
        if i > 0 {
            out.push(b',');
        }
        csv_field(&mut out, name.as_bytes());
    }
    out.push(b'\n');
    // A million-row chart's file is written in slices on every core, then joined.
    let slices: Vec<Vec<u8>> = rows.par_chunks(1 << 16).map(|rows| csv_rows(table, rows)).collect();
    for s in slices {
        out.extend_from_slice(&s);
    }
    out
}

/// One CSV field as the `csv` crate writes it (tested against it): quoted only when it
/// holds a comma, a quote or a line end, quotes doubled.
fn csv_field(out: &mut Vec<u8>, field: &[u8]) {
    if field.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in field {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(field);
    }
}

/// Rows `rows` of [`rows_csv`], field by field into one buffer.
fn csv_rows(table: &Table, rows: &[usize]) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() * 24);
    let mut cell = String::new();
    for &r in rows {
        for c in &table.columns {
            match &c.values {
                Values::Number(v) => {
                    // Numbers never need quotes.
                    cell.clear();
                    if let Some(x) = v[r] {
                        crate::format::plain_into(x, &mut cell);
                    }
                    out.extend_from_slice(cell.as_bytes());
                }
                Values::Text(v) => csv_field(&mut out, text(v[r].as_deref().unwrap_or("")).as_bytes()),
            }
            out.push(b',');
        }
        let p = &table.rows[r];
        match &p.sources[..] {
            [one] => csv_field(&mut out, one.as_bytes()),
            many => csv_field(&mut out, many.join(";").as_bytes()),
        }
        out.push(b',');
        out.extend_from_slice(p.qualifier.as_str().as_bytes());
        out.push(b',');
        csv_field(&mut out, text(p.note.as_deref().unwrap_or("")).as_bytes());
        out.push(b'\n');
    }
    out
}

/// A text cell as a spreadsheet may read it safely, copied only when it must change.
fn text(s: &str) -> Cow<'_, str> {
    if is_formula_like(s) {
        Cow::Owned(neutralise(s))
    } else {
        Cow::Borrowed(s)
    }
}

/// Formula neutralising lives with the table exporters, which need it for CSV and XLSX.
pub use crate::table::export::{is_formula_like, neutralise};

/// Loads the project and one chart's rows: for `sources --chart` and tests.
pub fn chart_table(project: &Project, id: &str) -> Result<Table, Vec<Diagnostic>> {
    let file = project.charts.get(id).ok_or_else(|| {
        vec![crate::spec::unknown_name(Location::file("command line"), "chart", id, project.charts.keys())]
    })?;
    let frame = data::load(project, file.spec.data.get_ref())?;
    rows(project, id, &frame)
}

fn compression(c: PngCompression) -> render::Compression {
    match c {
        PngCompression::Fast => render::Compression::Fast,
        PngCompression::Default => render::Compression::Default,
        PngCompression::Best => render::Compression::Best,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_written_as_the_csv_crate_writes_them() {
        let fields =
            ["plain", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "", " spaced ", "México", "\"", ";"];
        let mut ours = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                ours.push(b',');
            }
            csv_field(&mut ours, f.as_bytes());
        }
        ours.push(b'\n');
        let mut theirs =
            csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        theirs.write_record(fields).unwrap();
        assert_eq!(
            String::from_utf8(ours).unwrap(),
            String::from_utf8(theirs.into_inner().unwrap()).unwrap()
        );
    }

    /// The whole rows CSV, not only one field, is written as the `csv` crate writes the
    /// same cells (neutralised as `table::export` neutralises them).
    #[test]
    fn the_whole_rows_csv_is_written_as_the_csv_crate_writes_it() {
        use crate::data::{Column, Provenance, Values};
        use crate::format::{plain, Qualifier};
        use crate::spec::dataset::ColumnType;
        use crate::table::export::neutralise;
        let awkward = [
            "plain",
            "a,b",
            "say \"hi\"",
            "\"",
            "\"\"",
            "line\nbreak",
            "cr\rhere",
            "crlf\r\n",
            "\n",
            "",
            " ",
            " spaced ",
            "tab\there",
            "\ttab first",
            "\rcr first",
            "=SUM(A1:A2)",
            "+1",
            "-x",
            "@x",
            "'quoted",
            "a;b",
            "México",
            "日本語 🙂",
            "\u{a0}70\u{a0}%",
            "\u{feff}bom",
        ];
        let n = awkward.len();
        let numbers: Vec<Option<f64>> =
            (0..n).map(|i| [Some(-1.5), None, Some(276000.0), Some(0.1), Some(-0.0)][i % 5]).collect();
        let column = |name: &str, values| Column {
            name: name.into(),
            kind: ColumnType::String,
            unit: None,
            values,
            qualifiers: Vec::new(),
        };
        let text = |shift: usize| (0..n).map(|i| Some(awkward[(i + shift) % n].to_string())).collect();
        let mut texts: Vec<Option<String>> = text(0);
        texts[3] = None;
        let table = Table {
            dataset: "d".into(),
            path: "d.csv".into(),
            columns: vec![
                column("name, \"quoted\"", Values::Text(texts)),
                column("value", Values::Number(numbers)),
                column("=label", Values::Text(text(7))),
            ],
            rows: (0..n)
                .map(|i| Provenance {
                    sources: match i % 3 {
                        0 => vec![awkward[i].to_string()].into(),
                        1 => vec!["a".to_string(), awkward[i].to_string()].into(),
                        _ => Vec::<String>::new().into(),
                    },
                    qualifier: [Qualifier::Exact, Qualifier::MoreThan][i % 2],
                    note: (i % 4 != 0).then(|| awkward[(i + 3) % n].to_string()),
                    line: i + 2,
                })
                .collect(),
        };
        let rows: Vec<usize> = (0..n).rev().collect();
        let ours = rows_csv(&table, &rows);

        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let mut header: Vec<String> = table.columns.iter().map(|c| c.name.clone()).collect();
        header.extend([crate::data::SOURCE, crate::data::QUALIFIER, crate::data::NOTE].map(String::from));
        w.write_record(&header).unwrap();
        for &r in &rows {
            let mut rec: Vec<String> = Vec::new();
            for c in &table.columns {
                rec.push(match &c.values {
                    Values::Number(v) => v[r].map(plain).unwrap_or_default(),
                    Values::Text(v) => neutralise(v[r].as_deref().unwrap_or("")),
                });
            }
            let p = &table.rows[r];
            rec.push(p.sources.join(";"));
            rec.push(p.qualifier.as_str().to_string());
            rec.push(neutralise(p.note.as_deref().unwrap_or("")));
            w.write_record(&rec).unwrap();
        }
        let theirs = w.into_inner().unwrap();
        assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
    }
}
