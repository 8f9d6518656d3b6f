//! Documented = accepted: every TOML example in the README parses as the file it shows, and
//! the examples that make a dataset, a chart or a table work in a project.

use crate::common::{cifras, report_copy, root};
use cifras::spec;

/// The README's TOML blocks, in order, with the line each starts on.
fn blocks() -> Vec<(usize, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in readme.lines().enumerate() {
        let t = line.trim_start();
        match &mut current {
            None if t.starts_with("```toml") => current = Some((i + 1, String::new())),
            Some(_) if t.starts_with("```") => out.push(current.take().unwrap()),
            Some((_, text)) => {
                text.push_str(t);
                text.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "a TOML block in the README is not closed");
    out
}

#[derive(Debug, PartialEq)]
enum Shows {
    Sources,
    Sidecar,
    Chart,
    /// Keys of a chart shown alone (`[[rule]]`, `[[band]]`): parsed inside a chart.
    ChartPart,
}

fn shows(text: &str) -> Shows {
    if text.contains("publisher =") {
        Shows::Sources
    } else if text.contains("kind = ") {
        Shows::Chart
    } else if text.contains("[[rule]]") || text.contains("[[annotation]]") {
        Shows::ChartPart
    } else {
        Shows::Sidecar
    }
}

/// A chart spec parsed and resolved into its kind (every key one its kind takes).
fn resolved(text: &str) -> Result<(), String> {
    let raw: spec::chart::RawChart = toml::from_str(text).map_err(|e| e.to_string())?;
    let file = spec::File { path: "charts/readme.toml".into(), text: text.to_string(), spec: raw };
    spec::kinds::resolve(file).map(drop).map_err(|d| d.iter().map(|d| format!("{d}\n")).collect())
}

#[test]
fn every_toml_example_in_the_readme_parses_as_the_file_it_shows() {
    let blocks = blocks();
    let kinds: Vec<Shows> = blocks.iter().map(|(_, t)| shows(t)).collect();
    // A new example is noticed here and classified above.
    assert_eq!(
        kinds,
        [
            Shows::Sources,
            Shows::Sidecar,
            Shows::Sidecar,
            Shows::Chart,
            Shows::ChartPart,
            Shows::Sidecar,
            Shows::Chart,
            Shows::Sidecar
        ]
    );
    for ((line, text), kind) in blocks.iter().zip(kinds) {
        let result = match kind {
            Shows::Sources => toml::from_str::<spec::Sources>(text).map(drop).map_err(|e| e.to_string()),
            Shows::Sidecar => toml::from_str::<spec::Dataset>(text).map(drop).map_err(|e| e.to_string()),
            Shows::Chart => resolved(text),
            Shows::ChartPart => resolved(&format!(
                "kind = \"bar\"\ndata = \"x\"\nx = \"a\"\ny = \"b\"\ntitle = \"T\"\n{text}"
            )),
        };
        if let Err(e) = result {
            panic!("README.md line {line}: the example is rejected:\n{e}\n{text}");
        }
    }
}

#[test]
fn the_readme_chart_and_table_examples_build_in_the_report() {
    let (_t, dir) = report_copy();
    // The examples show English text only: a project in English, as a new user's.
    let settings = std::fs::read_to_string(dir.join("cifras.toml")).unwrap();
    std::fs::write(
        dir.join("cifras.toml"),
        settings.replace("languages = [\"en\", \"es\"]", "languages = [\"en\"]"),
    )
    .unwrap();
    let blocks = blocks();
    let charts: Vec<&String> = blocks.iter().map(|(_, t)| t).filter(|t| shows(t) == Shows::Chart).collect();
    for (i, text) in charts.iter().enumerate() {
        std::fs::write(dir.join(format!("charts/readme_{i}.toml")), text).unwrap();
    }
    let run = cifras(&dir, &["build", "--only", "readme_0", "--only", "readme_1"]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    assert!(dir.join("out/report/en/readme_0.svg").exists(), "{}", run.stdout);
    let md = std::fs::read_to_string(dir.join("out/tables/en/readme_1.md")).unwrap();
    assert!(md.contains("Other states") && md.contains("23,772"), "{md}");
}

/// The sidecar example of "Add a dataset", with every `[read]` key it shows, reads a CSV
/// written the way those keys describe.
#[test]
fn the_readme_sidecar_example_reads_a_file_as_it_describes() {
    let blocks = blocks();
    let sidecar = &blocks.iter().find(|(_, t)| t.contains("[read]") && t.contains("encoding")).unwrap().1;
    let t = tempfile::tempdir().unwrap();
    let dir = t.path();
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("charts")).unwrap();
    std::fs::write(
        dir.join("cifras.toml"),
        "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n",
    )
    .unwrap();
    let sources = &blocks.iter().find(|(_, t)| t.contains("publisher =")).unwrap().1;
    std::fs::write(dir.join("data/sources.toml"), sources).unwrap();
    std::fs::write(dir.join("data/graves.toml"), sidecar).unwrap();
    // Latin-1, `;`, two title lines, thousands with `,`, `NA`, block blanks and month names.
    let csv = "Fosas clandestinas\nAño de registro\nRegion;Mes;year;graves;source\nNorte;Enero;2010;1,050;hrw-2020\n;Febrero;2010;NA;hrw-2020\nSur;Marzo;2011;7;hrw-2020\n";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(csv);
    std::fs::write(dir.join("data/graves.csv"), &latin1).unwrap();
    let p = spec::load(dir).unwrap_or_else(|d| panic!("{d:?}"));
    let frame = cifras::data::load(&p, "graves").unwrap_or_else(|d| panic!("{d:?}"));
    let table = cifras::data::table(&frame, &[]).unwrap();
    assert_eq!(
        (table.text("Region", 1), table.text("Mes", 2)),
        (Some("Norte".to_string()), Some("3".to_string()))
    );
    assert_eq!((table.number("graves", 0), table.number("graves", 1)), (Some(1050.0), None));
    let run = cifras(dir, &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
