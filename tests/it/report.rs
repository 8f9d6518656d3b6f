//! The shipped report: every chart builds, cites its sources and keeps its text on the canvas.

use crate::common::{cifras, files, report_copy};
use cifras::build::{self, Options, Plan};
use cifras::spec;

#[test]
fn the_report_builds_with_only_its_recorded_disagreement_as_warning() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("warning:")).collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    assert!(warnings[0].contains("sources disagree on `2000` in dataset `trade`"), "{}", run.stderr);
    assert!(!run.stderr.contains("error:"), "{}", run.stderr);
    let p = spec::load(&dir).unwrap();
    let tables = p.charts.keys().filter(|id| build::tables::is_table(&p, id)).count();
    assert!(p.charts.len() - tables >= 10);
    assert!(tables >= 4);
    let svgs = files(&dir.join("out/report/en"))
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "svg"))
        .count();
    assert_eq!(svgs, p.charts.len() - tables, "tables are not drawn");
    let exported = files(&dir.join("out/tables/en"));
    assert_eq!(exported.len(), tables * 4 + 1, "csv, md, tex and html per table, and the workbook");
}

#[test]
fn the_trade_chart_draws_only_the_reports_series() {
    let (_t, dir) = report_copy();
    let p = spec::load(&dir).unwrap();
    let table = build::chart_table(&p, "trade-2000-2018").unwrap();
    let years: Vec<f64> = (0..table.len()).map(|r| table.number("year", r).unwrap()).collect();
    assert_eq!(years, [2000.0, 2018.0]);
    assert!(table.rows.iter().all(|r| r.sources[..] == ["economia-snci"]));
    let plan = Plan::new(&p, &Options::default()).unwrap();
    let d = build::draw(&p, &plan, "trade-2000-2018", &table).unwrap();
    assert!(d[0].chart.notes[0].contains("Figures of the report's source"), "{:?}", d[0].chart.notes);
}

#[test]
fn the_report_tables_say_what_the_data_says() {
    let (_t, dir) = report_copy();
    assert_eq!(cifras(&dir, &["build"]).code, 0);
    let out = dir.join("out/tables/en");
    let md = std::fs::read_to_string(out.join("table-small-arms-by-state.md")).unwrap();
    for row in [
        "| Guanajuato | 2,766 | 11.6% | 2006–2018 |",
        "| Guerrero | 2,039 | 8.6% | 2006–2018 |",
        "| Veracruz | 1,199 | 5.0% | 2011–2014 |",
        // 23,772 − 2,766 − 2,039 − 1,199, computed and cited.
        "| Other states | 17,768 | 74.7% | 2006–2018 |",
        "| **Total** | **23,772** | **100.0%** |  |",
    ] {
        assert!(md.contains(row), "{row} not in\n{md}");
    }
    let key = std::fs::read_to_string(out.join("table-key-figures.md")).unwrap();
    assert!(key.contains("| Value of IWI small arms sales | about €34 million | 2006–2018 | Stop US Arms to Mexico, Deadly Trade, Final Report |"), "{key}");
    assert!(
        key.contains("| Assault rifles delivered to Tamaulipas, Guerrero and Jalisco | more than 2,600 |"),
        "{key}"
    );
    let hr = std::fs::read_to_string(out.join("table-human-rights.md")).unwrap();
    assert!(hr.contains("| Murders in Mexico | more than 276,000 | 2006–2019 |"), "{hr}");
    assert!(hr.contains("| Crimes committed in Mexico that remain unsolved | est. 98% |"), "{hr}");
    let trade = std::fs::read_to_string(out.join("table-trade.csv")).unwrap();
    assert!(trade.contains("2000,350,exact,\"Economía SNCI, Estadísticas\""), "{trade}");
    assert!(
        trade.contains(
            "2000,210,approx,\"inoticias.mx, Celebran México e Israel 70 años de relaciones bilaterales (2022)\""
        ),
        "{trade}"
    );
    // 781 million USD is given flatly by its source: exact, with the interview's title.
    assert!(
        trade.contains(
            "2019,781,exact,\"Alessa Flores, Mexico: Key to Connecting with the US and Regional Supply Chain (2020)\""
        ),
        "{trade}"
    );
    let sales = std::fs::read_to_string(out.join("table-sales-timeline.md")).unwrap();
    assert!(sales.contains("| 2006–2018 | IWI begins selling small arms to Mexican police | Stop US Arms to Mexico, Deadly Trade, Final Report |"), "{sales}");
    assert!(!sales.contains("diplomacy"), "{sales}");
}

#[test]
fn every_shipped_chart_cites_sources_and_keeps_text_apart() {
    let (_t, dir) = report_copy();
    let p = spec::load(&dir).unwrap();
    let plan = Plan::new(&p, &Options::default()).unwrap();
    for id in p.charts.keys().filter(|id| !build::tables::is_table(&p, id)) {
        let table = build::chart_table(&p, id).unwrap();
        for d in build::draw(&p, &plan, id, &table).unwrap() {
            let label = if d.chart.lang == "es" { "Fuente" } else { "Source" };
            assert!(d.chart.source_line.starts_with(label), "{id}: {}", d.chart.source_line);
            assert!(!d.chart.sources.is_empty(), "{id}");
            // Overlap, canvas, minimum size, contrast and colour-blind safety, every preset and language.
            let findings = cifras::layout::lint(&d.scene, p.theme.sizes.min);
            assert!(findings.is_empty(), "{id} ({}, {}): {findings:?}", d.preset, d.chart.lang);
        }
    }
}

#[test]
fn report_figures_match_the_seed() {
    let (_t, dir) = report_copy();
    let p = spec::load(&dir).unwrap();
    let table = build::chart_table(&p, "small-arms-by-state").unwrap();
    let units: Vec<f64> = (0..table.len()).map(|r| table.number("units", r).unwrap()).collect();
    assert_eq!(units, [2766.0, 2039.0, 1199.0]);
    let plan = Plan::new(&p, &Options::default()).unwrap();
    let d = build::draw(
        &p,
        &plan,
        "human-rights-figures",
        &build::chart_table(&p, "human-rights-figures").unwrap(),
    )
    .unwrap();
    assert!(d[0].chart.alt.contains("more than 276,000"), "{}", d[0].chart.alt);
    assert_eq!(
        p.sources.values().map(|s| s.citations.len()).sum::<usize>(),
        18,
        "all 18 footnotes are sourced"
    );
}

/// Regression: the computed "Other states" row once took the Spanish label of the total row
/// ("Todos los estados"), putting 17,768 beside the name of 23,772; and then it stayed in
/// English in the Spanish table. Its label is now given per language (`other.es`).
#[test]
fn a_computed_remainder_never_takes_the_wholes_translated_label() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["build", "--only", "table-small-arms-by-state"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let md = std::fs::read_to_string(dir.join("out/tables/es/table-small-arms-by-state.md")).unwrap();
    let row = md.lines().find(|l| l.contains("17,768")).expect("the remainder row");
    assert!(!row.contains("Todos los estados"), "{row}");
    assert!(row.starts_with("| Otros estados |"), "{row}");
    let md = std::fs::read_to_string(dir.join("out/tables/en/table-small-arms-by-state.md")).unwrap();
    let row = md.lines().find(|l| l.contains("17,768")).expect("the remainder row");
    assert!(row.starts_with("| Other states |"), "{row}");
}

/// One quotation style across the report's charts and tables, in both languages: curly
/// double quotes, never guillemets or straight quotes around words; no English phrase
/// left in a Spanish text.
#[test]
fn the_report_quotes_one_way_and_keeps_english_out_of_spanish() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut texts = Vec::new();
    for sub in ["out/report/es", "out/report/en", "out/tables/es", "out/tables/en"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else { continue };
        for e in entries {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "svg" || x == "md") {
                texts.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    assert!(texts.len() > 20, "{} outputs read", texts.len());
    // Alt text a Spanish editor accepts: the part named once, the label before its figure,
    // a capital at the start of a sentence.
    let desc = |id: &str| {
        let svg = std::fs::read_to_string(dir.join(format!("out/report/es/{id}.svg"))).unwrap();
        let start = svg.find("-desc\">").expect("desc") + "-desc\">".len();
        svg[start..start + svg[start..].find('<').unwrap()].to_string()
    };
    assert!(
        desc("assault-rifles-share").starts_with(
            "Gráfico de parte del total. Fusiles de asalto Galil o Tavor: 16,442 (69%) de 23,772 (Armas pequeñas vendidas por IWI)."
        ),
        "{}",
        desc("assault-rifles-share")
    );
    assert!(desc("timeline").starts_with("Cronología. Principios de los setenta: "), "{}", desc("timeline"));
    assert!(
        desc("iwi-sales").contains("Armas pequeñas vendidas por IWI: 23,772 (2006–2018)"),
        "{}",
        desc("iwi-sales")
    );
    assert!(desc("trade-2000-2018").contains("casi mil millones de dólares"), "{}", desc("trade-2000-2018"));
    for (p, t) in &texts {
        assert!(!t.contains('«') && !t.contains('»'), "{}: guillemets", p.display());
        if p.to_string_lossy().contains("/es/") {
            for english in ["Early 1970s", "early 1970s", "Other states", "seized"] {
                assert!(!t.contains(english), "{}: English “{english}” in Spanish", p.display());
            }
        }
    }
}
