//! The real exports of `../shared/realdata/` (SESNSP, INEGI, RNPDNO, graves, carry-forward
//! spreadsheets) read as their publishers left them, and the figures their README lists
//! reproduced exactly. The files are copied into a temporary copy of
//! `tests/fixtures/realdata`; without the folder (a user's fresh clone) each test says so and
//! passes.

use crate::common::{cifras, fixture, root};
use cifras::data::{self, Table, Values};
use cifras::spec;
use std::path::{Path, PathBuf};

/// Where the real files are: `$CIFRAS_REALDATA`, or `../shared/realdata` beside the project
/// (or beside its parent, for a git worktree).
fn realdata() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("CIFRAS_REALDATA").map(PathBuf::from),
        Some(root().join("../shared/realdata")),
        Some(root().join("../../shared/realdata")),
    ];
    candidates.into_iter().flatten().find(|p| p.join("README.md").is_file())
}

/// The realdata project with the real files in its data/, or None (printed) without them.
fn project(test: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let Some(real) = realdata() else {
        println!("skipped {test}: ../shared/realdata is absent");
        return None;
    };
    let (tmp, dir) = fixture("realdata");
    for folder in std::fs::read_dir(&real).expect("realdata").flatten() {
        if !folder.path().is_dir() {
            continue;
        }
        for f in std::fs::read_dir(folder.path()).expect("folder").flatten() {
            let name = f.file_name();
            if name.to_string_lossy().ends_with(".csv") {
                std::fs::copy(f.path(), dir.join("data").join(&name)).expect("copy");
            }
        }
    }
    Some((tmp, dir))
}

fn table(dir: &Path, name: &str) -> Table {
    let p = spec::load(dir).expect("project loads");
    let f = data::load(&p, name)
        .unwrap_or_else(|d| panic!("{name}: {}", d.iter().map(|d| format!("{d}\n")).collect::<String>()));
    data::table(&f, &[]).expect("table")
}

fn numbers(t: &Table, col: &str) -> Vec<Option<f64>> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Number(v) => v.clone(),
        Values::Text(_) => panic!("{col} is text"),
    }
}

fn texts(t: &Table, col: &str) -> Vec<String> {
    match &t.column(col).unwrap_or_else(|| panic!("no column {col}")).values {
        Values::Text(v) => v.iter().map(|s| s.clone().unwrap_or_default()).collect(),
        Values::Number(_) => panic!("{col} is numeric"),
    }
}

/// (key, value) pairs of two columns.
fn pairs(t: &Table, key: &str, value: &str) -> Vec<(i64, Option<i64>)> {
    numbers(t, key)
        .into_iter()
        .zip(numbers(t, value))
        .map(|(k, v)| (k.expect("key") as i64, v.map(|v| v as i64)))
        .collect()
}

#[test]
fn sesnsp_state_file_with_mojibake_gives_the_known_yearly_figures() {
    let Some((_t, dir)) = project("sesnsp_state_file") else { return };
    let t = table(&dir, "sesnsp_yearly");
    let known = [
        (2015, 16_120),
        (2016, 20_149),
        (2017, 25_035),
        (2018, 29_097),
        (2019, 29_480),
        (2020, 28_830),
        (2021, 28_267),
    ];
    let got = pairs(&t, "year", "homicides");
    for (y, n) in known {
        assert!(got.contains(&(y, Some(n))), "{y}: {got:?}");
    }
    // 2022 has January–March only: its sum is a lower bound, flagged "at least".
    let i = got.iter().position(|p| p.0 == 2022).expect("2022");
    assert_eq!(t.rows[i].qualifier, cifras::format::Qualifier::AtLeast, "{got:?}");

    let t = table(&dir, "sesnsp_by_state");
    let states = texts(&t, "state");
    let (years, n) = (numbers(&t, "year"), numbers(&t, "homicides"));
    let of = |state: &str, year: f64| {
        (0..t.len()).find(|&i| states[i] == state && years[i] == Some(year)).and_then(|i| n[i])
    };
    assert_eq!(of("Guanajuato", 2020.0), Some(3359.0));
    assert_eq!(of("Guanajuato", 2021.0), Some(2823.0));
    // Names repaired: México, Michoacán de Ocampo, Nuevo León; no MacRoman look-alikes left.
    for s in ["México", "Michoacán de Ocampo", "Nuevo León", "Querétaro", "Yucatán"] {
        assert!(states.iter().any(|x| x == s), "{s} missing");
    }
    assert!(!states.iter().any(|s| s.contains(['È', '·', 'Ì', 'Û'])));
}

#[test]
fn sesnsp_latin1_file_keeps_padded_codes_and_accents() {
    let Some((_t, dir)) = project("sesnsp_latin1") else { return };
    let t = table(&dir, "sesnsp_latin1");
    assert!(t.names().any(|n| n == "Año"), "{:?}", t.names().collect::<Vec<_>>());
    let codes = texts(&t, "Clave_Ent");
    assert_eq!(codes[0], "01");
    let states = texts(&t, "Entidad");
    assert!(states.iter().any(|s| s == "Michoacán de Ocampo"));
    // Jan–Mar 2026 filled, Apr–Dec empty: 3 of 12 folded cells per row have values.
    let counts = numbers(&t, "count");
    assert_eq!(counts.iter().filter(|c| c.is_some()).count() * 4, counts.len());
    // `auto` reads the same bytes the same way.
    let sidecar = dir.join("data/sesnsp_latin1.toml");
    let s =
        std::fs::read_to_string(&sidecar).unwrap().replace("encoding = \"latin1\"", "encoding = \"auto\"");
    std::fs::write(&sidecar, s).unwrap();
    assert_eq!(table(&dir, "sesnsp_latin1"), t);
}

#[test]
fn inegi_pipe_file_gives_national_homicides() {
    let Some((_t, dir)) = project("inegi_pipe") else { return };
    let monthly = table(&dir, "inegi_monthly");
    assert_eq!(texts(&monthly, "cve_ent")[0], "01");
    let t = table(&dir, "inegi_national");
    let got = pairs(&t, "year", "homicides");
    let known = [
        (2006, 10_395),
        (2007, 8_837),
        (2008, 14_229),
        (2009, 19_800),
        (2010, 26_046),
        (2011, 27_330),
        (2012, 25_799),
        (2013, 22_490),
        (2014, 19_563),
        (2015, 20_263),
        (2016, 24_613),
        (2017, 31_737),
        (2018, 34_426),
        (2019, 35_274),
    ];
    for (y, n) in known {
        assert!(got.contains(&(y, Some(n))), "{y}: {got:?}");
    }
    assert_eq!(got.first().map(|p| p.0), Some(2000));
    assert_eq!(got.last().map(|p| p.0), Some(2022));
}

#[test]
fn graves_and_bodies_per_year() {
    let Some((_t, dir)) = project("graves") else { return };
    let t = table(&dir, "graves");
    let ints = |c: &str| numbers(&t, c).into_iter().map(|v| v.unwrap() as i64).collect::<Vec<_>>();
    assert_eq!(ints("year"), (2006..=2016).collect::<Vec<_>>());
    assert_eq!(ints("num_fosas"), [2, 10, 19, 42, 105, 344, 240, 230, 300, 245, 201]);
    assert_eq!(ints("num_cuerpos"), [7, 16, 55, 85, 262, 558, 266, 268, 362, 257, 204]);
}

#[test]
fn rnpdno_series() {
    let Some((_t, dir)) = project("rnpdno") else { return };
    let t = table(&dir, "rnpdno");
    let got = pairs(&t, "anio", "desap_count");
    assert_eq!(got.first(), Some(&(2010, Some(4191))));
    assert_eq!(got.last(), Some(&(2024, Some(12_540))));
    assert_eq!(got.len(), 15);
    assert_eq!(texts(&t, "fuente")[0], "RNPDNO estatus 7, panel ML");
}

#[test]
fn guanajuato_municipal_file_agrees_with_the_state_file() {
    let Some((_t, dir)) = project("guanajuato") else { return };
    let t = table(&dir, "gto_yearly");
    let got = pairs(&t, "year", "homicides");
    assert!(got.contains(&(2020, Some(3359))), "{got:?}");
    assert!(got.contains(&(2021, Some(2823))), "{got:?}");
    // December 2025 is empty (the column was typed float because of it): 2025 is a lower bound.
    let i = got.iter().position(|p| p.0 == 2025).expect("2025");
    assert_eq!(t.rows[i].qualifier, cifras::format::Qualifier::AtLeast, "{got:?}");
    let pop = table(&dir, "gto_population");
    assert_eq!(pop.len(), 46);
    assert!(texts(&pop, "Municipio").iter().any(|m| m == "Acámbaro"));
}

#[test]
fn guanajuato_rates_per_100000_through_lookup() {
    let Some((_t, dir)) = project("guanajuato rates") else { return };
    let t = table(&dir, "gto_rates");
    assert_eq!(t.len(), 46, "one row per municipality");
    // Recomputed here straight from the two files, without cifras' reader.
    let raw =
        std::fs::read_to_string(dir.join("data/data__processed__homicidios_gto_2020_2025_raw.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(raw.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let mut celaya = 0.0;
    for r in rdr.records() {
        let r = r.unwrap();
        if &r[col("Año")] == "2021"
            && &r[col("Municipio")] == "Celaya"
            && &r[col("Subtipo de delito")] == "Homicidio doloso"
        {
            for m in [
                "Enero",
                "Febrero",
                "Marzo",
                "Abril",
                "Mayo",
                "Junio",
                "Julio",
                "Agosto",
                "Septiembre",
                "Octubre",
                "Noviembre",
                "Diciembre",
            ] {
                celaya += r[col(m)].parse::<f64>().unwrap_or(0.0);
            }
        }
    }
    let pop = std::fs::read_to_string(dir.join("data/data__poblacion__poblacion_municipal_gto.csv")).unwrap();
    let celaya_pop: f64 = pop
        .lines()
        .find(|l| l.starts_with("Celaya,"))
        .unwrap()
        .split(',')
        .nth(1)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let names = texts(&t, "Municipio");
    let i = names.iter().position(|m| m == "Celaya").expect("Celaya");
    let rate = numbers(&t, "rate")[i].expect("a rate");
    assert!(
        (rate - celaya / celaya_pop * 100_000.0).abs() < 1e-9,
        "{rate} vs {}",
        celaya / celaya_pop * 100_000.0
    );
    assert!(rate > 10.0 && rate < 500.0, "{rate}");
    assert!(!t.rows[i].sources.is_empty());
}

#[test]
fn carry_forward_blank_files() {
    let Some((_t, dir)) = project("carry_forward") else { return };
    let t = table(&dir, "regions");
    assert_eq!(t.len(), 858);
    assert!(texts(&t, "Region").iter().all(|r| !r.is_empty()));
    assert!(numbers(&t, "Year").iter().all(Option::is_some));
    let c = table(&dir, "chihuahua");
    assert_eq!(c.len(), 132);
    assert_eq!(numbers(&c, "Month")[..3], [Some(1.0), Some(2.0), Some(3.0)]);
    assert!(numbers(&c, "Year").iter().all(Option::is_some));
}

#[test]
fn real_data_charts_build() {
    let Some((_t, dir)) = project("real_data_charts") else { return };
    let run = cifras(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = std::fs::read_to_string(dir.join("out/data/sesnsp-yearly.csv")).unwrap();
    assert!(csv.contains("\n2015,16120,sesnsp,exact,"), "{csv}");
    assert!(csv.contains("\n2021,28267,sesnsp,exact,"), "{csv}");
    let svg = std::fs::read_to_string(dir.join("out/report/en/sesnsp-by-state.svg")).unwrap();
    assert!(svg.contains("Guanajuato") && svg.contains("2,823"), "state bar chart");
}

/// The fast path over the same real files gives the same rows as the exact path.
#[test]
fn real_files_read_the_same_on_the_fast_path() {
    let Some((_t, dir)) = project("real_fast_path") else { return };
    let names = [
        "sesnsp_yearly",
        "sesnsp_latin1",
        "inegi_national",
        "graves",
        "rnpdno",
        "gto_yearly",
        "regions",
        "chihuahua",
    ];
    let exact: Vec<Table> = names.iter().map(|n| table(&dir, n)).collect();
    for f in [
        "sesnsp_state",
        "sesnsp_latin1",
        "inegi_monthly",
        "graves",
        "rnpdno",
        "gto_municipal",
        "regions",
        "chihuahua",
    ] {
        let p = dir.join(format!("data/{f}.toml"));
        let s = std::fs::read_to_string(&p).unwrap();
        let s = if s.contains("[read]") {
            s.replace("[read]", "[read]\nfast = true")
        } else {
            format!("{s}[read]\nfast = true\n")
        };
        std::fs::write(&p, s).unwrap();
    }
    for (n, e) in names.iter().zip(exact) {
        assert_eq!(table(&dir, n), e, "{n}");
    }
}

#[test]
fn inegi_query_export_gives_the_national_total_of_1998() {
    let Some((_t, dir)) = project("inegi_query_export_gives_the_national_total_of_1998") else { return };
    let t = table(&dir, "inegi_1998");
    let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).take(6).collect();
    assert_eq!(names, ["column_1", "column_2", "column_3", "column_4", "1998", "1999"]);
    // The national total: the row whose three label cells are `Total`.
    let total = (0..t.len())
        .find(|&r| (2..=4).all(|i| t.text(&format!("column_{i}"), r).as_deref() == Some("Total")))
        .expect("the national row");
    let years: Vec<&String> = t.names().filter(|n| n.starts_with("19") || n.starts_with("20")).collect();
    assert!(!years.iter().any(|y| *y == "2008"), "no registration year 2008 in the export");
    let sum: f64 = years.iter().filter_map(|y| t.number(y, total)).sum();
    assert_eq!(sum, 13_611.0);
    assert_eq!(t.number("1998", total), Some(13_244.0));
    // Formula text stays text, as the file has it.
    assert!((0..t.len()).any(|r| t.text("column_1", r).is_some_and(|c| c.starts_with("=CONCATENAR("))));
}

#[test]
fn state_catalogue_keeps_na_as_a_value() {
    let Some((_t, dir)) = project("state_catalogue_keeps_na_as_a_value") else { return };
    let t = table(&dir, "entidades");
    assert_eq!(t.len(), 36);
    let codes: Vec<String> = (0..t.len()).filter_map(|r| t.text("CLAVE_ENTIDAD", r)).collect();
    assert_eq!(codes.iter().filter(|c| c.as_str() <= "32").count(), 32);
    let na = (0..t.len()).find(|&r| t.text("CLAVE_ENTIDAD", r).as_deref() == Some("97")).unwrap();
    assert_eq!(t.text("ABREVIATURA", na).as_deref(), Some("NA"));
    assert_eq!(t.text("ENTIDAD_FEDERATIVA", 15).as_deref(), Some("MICHOACÁN DE OCAMPO"));
}
