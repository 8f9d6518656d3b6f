//! Spreadsheets as publishers leave them: XLSX written here with rust_xlsxwriter (title
//! rows, merged cells, formulas, date cells, a second sheet), one ODS made by hand; read
//! like a CSV, every diagnostic naming file, sheet and cell.

use crate::common::cifras;
use cifras::data::{self, Values};
use cifras::spec;
use cifras::spec::dataset::ColumnType;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::{Read as _, Write as _};
use std::path::Path;

const SOURCES: &str = "[inegi]\ntitle = \"Mortalidad\"\npublisher = \"INEGI\"\n";

/// A project of one dataset `x` read from `data/<file>`.
fn project(dir: &Path, file: &str, bytes: &[u8], read: &str) {
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::create_dir_all(dir.join("charts")).unwrap();
    let settings = "languages = [\"en\"]\npresets = [\"report\"]\nformats = [\"svg\"]\n";
    std::fs::write(dir.join("cifras.toml"), settings).unwrap();
    std::fs::write(dir.join("data/sources.toml"), SOURCES).unwrap();
    std::fs::write(dir.join("data").join(file), bytes).unwrap();
    let sidecar = format!("title = \"X\"\nsource = \"inegi\"\n[read]\n{read}");
    std::fs::write(dir.join("data/x.toml"), sidecar).unwrap();
}

fn load(file: &str, bytes: &[u8], read: &str) -> Result<data::Table, Vec<String>> {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), file, bytes, read);
    let p = spec::load(t.path()).expect("project loads");
    let shown = |d: Vec<spec::Diagnostic>| -> Vec<String> {
        d.into_iter().map(|d| d.relative_to(t.path()).to_string()).collect()
    };
    let frame = data::load(&p, "x").map_err(shown)?;
    data::table(&frame, &[]).map_err(shown)
}

/// A workbook as an INEGI or SESNSP download looks: a notes sheet first, then `Hoja1` with
/// title rows, a header on row 4, a state merged over two rows, numbers, dates and a footer.
fn workbook() -> Workbook {
    let mut wb = Workbook::new();
    let notes = wb.add_worksheet();
    notes.set_name("Notas").unwrap();
    notes.write_string(0, 0, "Cifras preliminares").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name("Hoja1").unwrap();
    ws.write_string(0, 0, "Homicidios por entidad federativa").unwrap();
    ws.write_string(1, 0, "Serie anual").unwrap();
    for (c, h) in ["entidad", "año", "homicidios", "fecha", "tasa"].iter().enumerate() {
        ws.write_string(3, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.merge_range(4, 0, 5, 0, "Guanajuato", &Format::new()).unwrap();
    ws.write_string(6, 0, "Nuevo León, N.L.").unwrap();
    let rows = [
        (2019, 3_359.0, (2019, 3, 1), 54.3),
        (2020, 2_823.0, (2020, 12, 31), 0.1),
        (2021, 1.0, (2021, 1, 2), 1e-7),
    ];
    for (i, (year, n, (y, m, d), rate)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        ws.write_number(r, 1, *year as f64).unwrap();
        ws.write_number(r, 2, *n).unwrap();
        ws.write_datetime_with_format(r, 3, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &date).unwrap();
        ws.write_number(r, 4, *rate).unwrap();
    }
    ws.write_string(8, 0, "FUENTE: INEGI. Estadísticas de mortalidad.").unwrap();
    wb
}

fn xlsx() -> Vec<u8> {
    workbook().save_to_buffer().unwrap()
}

fn numbers(t: &data::Table, name: &str) -> Vec<Option<f64>> {
    match &t.column(name).unwrap_or_else(|| panic!("column {name}")).values {
        Values::Number(v) => v.clone(),
        Values::Text(v) => panic!("{name} is text: {v:?}"),
    }
}

fn texts(t: &data::Table, name: &str) -> Vec<Option<String>> {
    match &t.column(name).unwrap_or_else(|| panic!("column {name}")).values {
        Values::Text(v) => v.clone(),
        Values::Number(v) => panic!("{name} is numbers: {v:?}"),
    }
}

#[test]
fn a_sheet_is_read_like_a_csv_numbers_dates_and_merged_cells_as_they_are() {
    let t = load("x.xlsx", &xlsx(), "sheet = \"Hoja1\"\n").unwrap_or_else(|e| panic!("{e:?}"));
    let names: Vec<&str> =
        t.columns.iter().map(|c| c.name.as_str()).filter(|n| !n.starts_with("__")).collect();
    assert!(names.starts_with(&["entidad", "año", "homicidios", "fecha", "tasa"]), "{names:?}");
    // The merged cell fills both rows it covers; the footer is no row.
    assert_eq!(
        texts(&t, "entidad"),
        [Some("Guanajuato".to_string()), Some("Guanajuato".into()), Some("Nuevo León, N.L.".into())]
    );
    assert_eq!(numbers(&t, "homicidios"), [Some(3359.0), Some(2823.0), Some(1.0)]);
    assert_eq!(numbers(&t, "tasa"), [Some(54.3), Some(0.1), Some(1e-7)]);
    assert_eq!(numbers(&t, "año"), [Some(2019.0), Some(2020.0), Some(2021.0)]);
    assert_eq!(t.column("homicidios").unwrap().kind, ColumnType::Integer);
    // Date cells are dates.
    assert_eq!(t.column("fecha").unwrap().kind, ColumnType::Date);
    assert_eq!(
        texts(&t, "fecha"),
        [Some("2019-03-01".to_string()), Some("2020-12-31".into()), Some("2021-01-02".into())]
    );
    // Each row's line is its row in the sheet.
    let lines: Vec<usize> = t.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [5, 6, 7]);
}

#[test]
fn the_first_sheet_is_the_default_and_a_wrong_name_lists_the_sheets() {
    let err = load("x.xlsx", &xlsx(), "").unwrap_err();
    // `Notas` has one cell: no header and rows.
    assert!(err[0].contains("data/x.xlsx"), "{err:?}");
    let err = load("x.xlsx", &xlsx(), "sheet = \"hoja1\"\n").unwrap_err();
    assert!(err[0].contains("unknown sheet `hoja1`"), "{err:?}");
    assert!(err[0].contains("did you mean `Hoja1`?"), "{err:?}");
    assert!(err[0].contains("--> data/x.toml:4:9"), "{err:?}");
}

#[test]
fn a_range_reads_only_its_cells() {
    let t =
        load("x.xlsx", &xlsx(), "sheet = \"Hoja1\"\nrange = \"B4:C6\"\n").unwrap_or_else(|e| panic!("{e:?}"));
    let names: Vec<&str> =
        t.columns.iter().map(|c| c.name.as_str()).filter(|n| !n.starts_with("__")).collect();
    assert!(names.starts_with(&["año", "homicidios"]) && !names.contains(&"entidad"), "{names:?}");
    assert_eq!(numbers(&t, "homicidios"), [Some(3359.0), Some(2823.0)]);
    let err = load("x.xlsx", &xlsx(), "sheet = \"Hoja1\"\nrange = \"B4-C6\"\n").unwrap_err();
    assert!(err[0].contains("`B4-C6` is not a range of cells"), "{err:?}");
}

#[test]
fn a_bad_cell_is_named_by_sheet_and_cell() {
    let mut wb = workbook();
    let ws = wb.worksheet_from_name("Hoja1").unwrap();
    ws.write_string(5, 2, "n.d.").unwrap();
    let bytes = wb.save_to_buffer().unwrap();
    let err =
        load("x.xlsx", &bytes, "sheet = \"Hoja1\"\n[columns.homicidios]\ntype = \"integer\"\n").unwrap_err();
    assert!(err[0].contains("`n.d.` in column `homicidios` is not"), "{err:?}");
    assert!(err[0].contains("--> data/x.xlsx, sheet 'Hoja1', C6"), "{err:?}");
}

#[test]
fn a_formula_without_its_value_or_with_an_error_is_refused_by_cell() {
    let mut wb = workbook();
    let ws = wb.worksheet_from_name("Hoja1").unwrap();
    ws.write_formula(6, 2, "=C5+C6").unwrap();
    ws.set_formula_result(6, 2, "NOVALUE");
    ws.write_formula(5, 4, "=1/0").unwrap();
    ws.set_formula_result(5, 4, "#DIV/0!");
    let bytes = without_value(&wb.save_to_buffer().unwrap(), "NOVALUE");
    let err = load("x.xlsx", &bytes, "sheet = \"Hoja1\"\n").unwrap_err();
    let all = err.join("\n");
    assert!(all.contains("Hoja1!E6 holds the spreadsheet error #DIV/0!"), "{all}");
    assert!(all.contains("--> data/x.xlsx, sheet 'Hoja1', E6"), "{all}");
    assert!(all.contains("the formula `=C5+C6` in Hoja1!C7 has no saved value"), "{all}");
    assert!(all.contains("--> data/x.xlsx, sheet 'Hoja1', C7"), "{all}");
}

/// The workbook with the formula result `marker` removed, as a file written by a program
/// that does not calculate leaves it.
fn without_value(xlsx: &[u8], marker: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut text = Vec::new();
        f.read_to_end(&mut text).unwrap();
        let name = f.name().to_string();
        let mut text = String::from_utf8(text).unwrap();
        text = text.replace(&format!("<v>{marker}</v>"), "").replace(" t=\"str\"><f>C5+C6", "><f>C5+C6");
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn csv_keys_on_a_spreadsheet_and_sheet_keys_on_a_csv_are_errors() {
    let err = load("x.xlsx", &xlsx(), "sheet = \"Hoja1\"\nencoding = \"latin1\"\n").unwrap_err();
    assert!(err[0].contains("`encoding` under [read] applies to CSV files, not spreadsheets"), "{err:?}");
    let err = load("x.csv", b"a,b\n1,2\n", "sheet = \"Hoja1\"\n").unwrap_err();
    assert!(err[0].contains("`sheet` under [read] applies to spreadsheets, not CSV files"), "{err:?}");
}

#[test]
fn two_files_for_one_dataset_are_an_error_not_a_guess() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), "x.xlsx", &xlsx(), "sheet = \"Hoja1\"\n");
    std::fs::write(t.path().join("data/x.csv"), "a,b\n1,2\n").unwrap();
    let p = spec::load(t.path()).unwrap();
    let err = data::load(&p, "x").err().unwrap();
    assert_eq!(err[0].message, "dataset `x` could be read from data/x.csv or data/x.xlsx");
    assert_eq!(
        err[0].hint.as_deref(),
        Some("say which file holds the data: file = \"x.csv\" in the sidecar")
    );
}

#[test]
fn a_chart_from_a_spreadsheet_builds_is_cached_and_redrawn_when_the_sheet_changes() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), "x.xlsx", &xlsx(), "sheet = \"Hoja1\"\n");
    std::fs::write(
        t.path().join("charts/c.toml"),
        "kind = \"bar\"\ndata = \"x\"\nx = \"año\"\ny = \"homicidios\"\ntitle = \"Homicidios\"\n",
    )
    .unwrap();
    let run = cifras(t.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(t.path().join("out/data/c.csv")).unwrap();
    assert!(csv.contains("3359") && csv.contains("2823"), "{csv}");
    let svg = std::fs::read_to_string(t.path().join("out/report/en/c.svg")).unwrap();
    assert!(svg.contains("Mortalidad"), "the source line names the source");
    let run = cifras(t.path(), &["build"]);
    assert!(run.stdout.contains("built 0 chart(s), 1 up to date"), "{}", run.stdout);
    let mut wb = workbook();
    wb.worksheet_from_name("Hoja1").unwrap().write_number(4, 2, 4000.0).unwrap();
    std::fs::write(t.path().join("data/x.xlsx"), wb.save_to_buffer().unwrap()).unwrap();
    let run = cifras(t.path(), &["build"]);
    assert!(run.stdout.contains("built 1 chart(s)"), "{}", run.stdout);
    let csv = std::fs::read_to_string(t.path().join("out/data/c.csv")).unwrap();
    assert!(csv.contains("4000") && !csv.contains("3359"), "{csv}");
}

/// A minimal OpenDocument spreadsheet, as LibreOffice writes one: a title row, a header,
/// a float, a date and a string cell, and a cell repeated over two columns.
fn ods() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet>
<table:table table:name="Datos">
<table:table-row><table:table-cell office:value-type="string"><text:p>Personas desaparecidas</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>año</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>personas</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>corte</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2010"><text:p>2010</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="4191"><text:p>4,191</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2025-01-31"><text:p>31/01/25</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="float" office:value="2024"><text:p>2024</text:p></table:table-cell><table:table-cell office:value-type="float" office:value="12540"><text:p>12,540</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2025-01-31"><text:p>31/01/25</text:p></table:table-cell></table:table-row>
</table:table>
</office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"#;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    out.start_file("META-INF/manifest.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(manifest.as_bytes()).unwrap();
    out.start_file("content.xml", zip::write::SimpleFileOptions::default()).unwrap();
    out.write_all(content.as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}

#[test]
fn an_ods_file_is_read_too() {
    let t = load("x.ods", &ods(), "").unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(numbers(&t, "personas"), [Some(4191.0), Some(12540.0)]);
    assert_eq!(numbers(&t, "año"), [Some(2010.0), Some(2024.0)]);
    assert_eq!(t.column("corte").unwrap().kind, ColumnType::Date);
    assert_eq!(texts(&t, "corte"), [Some("2025-01-31".to_string()), Some("2025-01-31".into())]);
}

#[test]
fn a_file_that_is_no_workbook_says_so() {
    let err = load("x.xlsx", b"a,b\n1,2\n", "").unwrap_err();
    assert!(err[0].contains("cannot read spreadsheet `x.xlsx`"), "{err:?}");
    assert!(err[0].contains("not a CSV or HTML file renamed"), "{err:?}");
}
