//! Headers as publishers write them: INEGI's query exports (title lines, a blank line, a
//! header whose row-label cells are empty and which ends in one more cell than the rows),
//! unnamed trailing columns (CPJ), `header_row` and `names` under `[read]`.

use crate::common::{cifras, one_dataset};
use cifras::data;
use cifras::spec;
use std::path::Path;

fn project(dir: &Path, csv: &str, read: &str) {
    let sidecar = format!("title = \"X\"\nsource = \"inegi\"\n[read]\n{read}");
    one_dataset(dir, csv.as_bytes(), &sidecar, "[inegi]\ntitle = \"Mortalidad\"\npublisher = \"INEGI\"\n");
}

fn load(csv: &str, read: &str) -> Result<data::Frame, String> {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), csv, read);
    let p = spec::load(t.path()).expect("project loads");
    data::load(&p, "x").map_err(|d| d.into_iter().map(|d| d.relative_to(t.path()).to_string()).collect())
}

/// INEGI's layout, as the query export writes it.
const INEGI: &str = "\"Mortalidad general\"\n\"Año de ocurrencia : 1998\"\n\"Tipo de defunción : Homicidio\"\n\"\"\n\"Consulta de: Defunciones\"\n\"\",\"\",\"\",\"\",\"1998\",\"1999\",\"\"\n\"\",\"Total\",\"Total\",\"Total\",\"13\",\"298\"\n\"01\",\"Aguascalientes\",\"Total\",\"Hombre\",\"11\",\"27\"\n\n\"FUENTE: INEGI. Estadísticas de mortalidad.\"\n";

#[test]
fn an_inegi_query_export_is_read_as_it_comes() {
    for fast in ["false", "true"] {
        let f = load(INEGI, &format!("fast = {fast}\n")).unwrap_or_else(|e| panic!("{e}"));
        let t = data::table(&f, &[]).unwrap();
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            &names[..6],
            ["column_1", "column_2", "column_3", "column_4", "1998", "1999"],
            "fast {fast}"
        );
        assert_eq!(t.rows.len(), 2);
        let c = &f.census;
        assert_eq!((c.preamble, c.header_line, c.rows, c.footer, c.dropped_columns), (5, 6, 2, 1, 1));
        assert_eq!(f.warnings.len(), 4);
        assert_eq!(f.warnings[0].message, "column 1 has no name in the header: it is called `column_1`");
        assert_eq!((f.warnings[3].location.line, f.warnings[3].location.column), (6, 10));
    }
}

#[test]
fn the_build_warns_once_and_points_at_the_header() {
    let t = tempfile::tempdir().unwrap();
    project(t.path(), INEGI, "");
    std::fs::write(
        t.path().join("charts/c.toml"),
        "kind = \"bar\"\ndata = \"x\"\nx = \"1998\"\ny = \"column_4\"\ntitle = \"Homicidios\"\n",
    )
    .unwrap();
    let run = cifras(t.path(), &["build", "-v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("warning: column 2 has no name in the header").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> data/x.csv:6:4"), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "data/x.csv: 2 rows; skipped 5 preamble line(s), 1 blank line(s), 1 footer line(s); header on line 6; dropped 1 empty unnamed column(s) at the end"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn unnamed_trailing_columns_that_hold_nothing_are_dropped() {
    let f = load("name,year,country,,,\nA,2019,Mexico,,,\nB,2020,Mexico,,\n", "").unwrap();
    let t = data::table(&f, &[]).unwrap();
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).take(3).collect();
    assert_eq!(names, ["name", "year", "country"]);
    assert_eq!((f.census.dropped_columns, f.warnings.len()), (3, 0));
    // One that holds a value is a column, named by its position.
    let f = load("name,year,\nA,2019,x\n", "").unwrap();
    assert_eq!(f.warnings[0].message, "column 3 has no name in the header: it is called `column_3`");
}

#[test]
fn header_row_and_names_override_detection() {
    let csv = "Informe 2024, con comas, y más\nx,y\nstate,n\nA,1\nB,2\n";
    let f = load(csv, "header_row = 3\n").unwrap();
    let t = data::table(&f, &[]).unwrap();
    assert_eq!((t.columns[0].name.as_str(), t.rows.len(), f.census.preamble), ("state", 2, 2));
    let f = load("a,b\nA,1\n", "names = [\"estado\", \"total\"]\n").unwrap();
    assert_eq!(data::table(&f, &[]).unwrap().columns[1].name, "total");
    let e = load("a,b\nA,1\n", "names = [\"estado\"]\n").err().unwrap();
    assert!(e.starts_with("error: `names` under [read] gives 1 name(s) but the file has 2 column(s)"), "{e}");
    assert!(e.contains("data/x.csv:1:1"), "{e}");
    let e = load("a,a\nA,1\n", "").err().unwrap();
    assert!(e.starts_with("error: column `a` appears twice in the header"), "{e}");
    assert!(e.contains("data/x.csv:1:3"), "{e}");
}
