//! Tests of `regions`: codes, aliases, folding, suggestions, names; the spellings of the
//! real exports.

use super::*;

#[test]
fn fold_strips_case_accents_dots_and_spaces() {
    assert_eq!(fold("  MÉXICO  "), "mexico");
    assert_eq!(fold("Michoacán   de Ocampo"), "michoacan de ocampo");
    assert_eq!(fold("Edo. de Méx."), "edo de mex");
    assert_eq!(fold("MX-CMX"), "mx cmx");
    assert_eq!(fold("México, D.F."), "mexico df");
    assert_eq!(fold("Q. Roo"), "q roo");
    assert_eq!(fold("ÁÉÍÓÚÜÑ áéíóúüñ"), "aeiouun aeiouun");
    // Decomposed accents (NFD) fold the same as precomposed ones.
    assert_eq!(fold("Me\u{301}xico"), "mexico");
    assert_eq!(fold(""), "");
}

#[test]
fn codes_resolve_as_text_and_numbers() {
    assert_eq!(resolve("01"), Ok(1));
    assert_eq!(resolve("1"), Ok(1));
    assert_eq!(resolve(" 09 "), Ok(9));
    assert_eq!(resolve("32"), Ok(32));
    assert_eq!(resolve_number(1.0), Ok(1));
    assert_eq!(resolve_number(32.0), Ok(32));
    for bad in ["0", "00", "33", "36", "97", "98", "99"] {
        assert_eq!(resolve(bad), Err(Unmatched::Code { input: bad.into() }));
    }
    assert!(
        resolve_number(0.0).is_err() && resolve_number(1.5).is_err() && resolve_number(f64::NAN).is_err()
    );
    assert_eq!(resolve("36").unwrap_err().to_string(), "36 is not a state code (01 to 32)");
}

#[test]
fn the_usual_spellings_resolve() {
    for (s, code) in [
        ("MÉXICO", 15),
        ("México", 15),
        ("Estado de México", 15),
        ("ESTADO DE MEXICO", 15),
        ("Edomex", 15),
        ("Ciudad de México", 9),
        ("CDMX", 9),
        ("Distrito Federal", 9),
        ("D.F.", 9),
        ("México, D.F.", 9),
        ("Mexico City", 9),
        ("Coahuila de Zaragoza", 5),
        ("Coahuila", 5),
        ("Michoacán de Ocampo", 16),
        ("michoacan", 16),
        ("Veracruz de Ignacio de la Llave", 30),
        ("Veracruz-Llave", 30),
        ("Querétaro de Arteaga", 22),
        ("QUERETARO", 22),
        ("Tamaulipas", 28),
        ("TAMPS", 28),
        ("Tamps.", 28),
        ("Q. Roo", 23),
        ("MX-JAL", 14),
        ("  nuevo   león ", 19),
    ] {
        assert_eq!(resolve(s), Ok(code), "{s}");
    }
}

/// State spellings in the exports under `shared/realdata/` (each file's state column,
/// every distinct value), so they are checked on machines without that folder too.
const REAL: &[(&str, &[&str])] = &[
    // lapanquecita__incidencia-delictiva/data__estatal_n.csv (Latin-1), column Entidad;
    // also eads__fosas-gatsbyv1/data__analysis__municipalities-counts.csv (state_name),
    // diegovalle__historical-homicides/data__inegi-occurrence__1998.csv (state rows,
    // with "Distrito Federal" for 09) and MauricioAguilarOrta's Guanajuato file.
    (
        "INEGI names",
        &[
            "Aguascalientes",
            "Baja California",
            "Baja California Sur",
            "Campeche",
            "Chiapas",
            "Chihuahua",
            "Ciudad de México",
            "Coahuila de Zaragoza",
            "Colima",
            "Durango",
            "Guanajuato",
            "Guerrero",
            "Hidalgo",
            "Jalisco",
            "Michoacán de Ocampo",
            "Morelos",
            "México",
            "Nayarit",
            "Nuevo León",
            "Oaxaca",
            "Puebla",
            "Querétaro",
            "Quintana Roo",
            "San Luis Potosí",
            "Sinaloa",
            "Sonora",
            "Tabasco",
            "Tamaulipas",
            "Tlaxcala",
            "Veracruz de Ignacio de la Llave",
            "Yucatán",
            "Zacatecas",
            "Distrito Federal",
        ],
    ),
    // BretonErst__mex_homicidios/raw__code_ENTIDAD.csv, ENTIDAD_FEDERATIVA and ABREVIATURA.
    (
        "SESNSP catalogue",
        &[
            "AGUASCALIENTES",
            "BAJA CALIFORNIA",
            "BAJA CALIFORNIA SUR",
            "CAMPECHE",
            "CHIAPAS",
            "CHIHUAHUA",
            "CIUDAD DE MÉXICO",
            "COAHUILA DE ZARAGOZA",
            "COLIMA",
            "DURANGO",
            "GUANAJUATO",
            "GUERRERO",
            "HIDALGO",
            "JALISCO",
            "MICHOACÁN DE OCAMPO",
            "MORELOS",
            "MÉXICO",
            "NAYARIT",
            "NUEVO LEÓN",
            "OAXACA",
            "PUEBLA",
            "QUERÉTARO",
            "QUINTANA ROO",
            "SAN LUIS POTOSÍ",
            "SINALOA",
            "SONORA",
            "TABASCO",
            "TAMAULIPAS",
            "TLAXCALA",
            "VERACRUZ DE IGNACIO DE LA LLAVE",
            "YUCATÁN",
            "ZACATECAS",
        ],
    ),
    (
        "SESNSP abbreviations",
        &[
            "AS", "BC", "BS", "CC", "CL", "CM", "CS", "CH", "DF", "DG", "GT", "GR", "HG", "JC", "MC", "MN",
            "MS", "NT", "NL", "OC", "PL", "QT", "QR", "SP", "SL", "SR", "TC", "TS", "TL", "VZ", "YN", "ZS",
        ],
    ),
    // jaaimevareela-wq__rnpdno_2010_2025/output__tables__ranking_estados_absolutos_2010_2024.csv,
    // estado (listed here in the order of the others).
    (
        "RNPDNO",
        &[
            "AGUASCALIENTES",
            "BAJA CALIFORNIA",
            "BAJA CALIFORNIA SUR",
            "CAMPECHE",
            "CHIAPAS",
            "CHIHUAHUA",
            "CIUDAD DE MEXICO",
            "COAHUILA",
            "COLIMA",
            "DURANGO",
            "GUANAJUATO",
            "GUERRERO",
            "HIDALGO",
            "JALISCO",
            "MICHOACAN",
            "MORELOS",
            "ESTADO DE MEXICO",
            "NAYARIT",
            "NUEVO LEON",
            "OAXACA",
            "PUEBLA",
            "QUERETARO",
            "QUINTANA ROO",
            "SAN LUIS POTOSI",
            "SINALOA",
            "SONORA",
            "TABASCO",
            "TAMAULIPAS",
            "TLAXCALA",
            "VERACRUZ",
            "YUCATAN",
            "ZACATECAS",
        ],
    ),
    // BretonErst__mex_homicidios/raw__IDEFC_NM_mar22.csv, Entidad, read as plain UTF-8
    // (MacRoman mojibake; the first 32 of the list are the same states in code order).
    (
        "SESNSP mojibake",
        &[
            "Aguascalientes",
            "Baja California",
            "Baja California Sur",
            "Campeche",
            "Chiapas",
            "Chihuahua",
            "Ciudad de MÈxico",
            "Coahuila de Zaragoza",
            "Colima",
            "Durango",
            "Guanajuato",
            "Guerrero",
            "Hidalgo",
            "Jalisco",
            "Michoac·n de Ocampo",
            "Morelos",
            "MÈxico",
            "Nayarit",
            "Nuevo LeÛn",
            "Oaxaca",
            "Puebla",
            "QuerÈtaro",
            "Quintana Roo",
            "San Luis PotosÌ",
            "Sinaloa",
            "Sonora",
            "Tabasco",
            "Tamaulipas",
            "Tlaxcala",
            "Veracruz de Ignacio de la Llave",
            "Yucat·n",
            "Zacatecas",
        ],
    ),
];

/// Labels in those files that are not states.
const NOT_STATES: &[&str] = &[
    "Total",
    "Extranjero",
    "No especificado",
    "ESTADOS UNIDOS MEXICANOS",
    "NO APLICA",
    "SE IGNORA",
    "NO ESPECIFICADO",
    "NA",
    "SI",
    "NE",
    "EUM",
    "Other states",
    "Nacional",
    "",
];

/// Code order of the lists above (alphabetical as the exports sort, Chiapas before
/// Chihuahua, Ciudad de México at 09).
const ORDER: [u8; 32] = [
    1, 2, 3, 4, 7, 8, 9, 5, 6, 10, 11, 12, 13, 14, 16, 17, 15, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
    29, 30, 31, 32,
];

#[test]
fn real_export_spellings_resolve_to_their_state() {
    for (source, names) in REAL {
        let codes: Vec<u8> =
            names.iter().map(|n| resolve(n).unwrap_or_else(|e| panic!("{source}: {e}"))).collect();
        match *source {
            "SESNSP abbreviations" => {
                // In code order, 01..=32.
                assert_eq!(codes, (1..=32).collect::<Vec<u8>>(), "{source}");
            }
            _ => assert_eq!(&codes[..32], &ORDER[..], "{source}"),
        }
    }
    assert_eq!(resolve("Distrito Federal"), Ok(9));
    for s in NOT_STATES {
        assert!(resolve(s).is_err(), "{s:?} is not a state");
    }
}

/// The same spellings straight from the files, when `../shared/realdata` is there.
#[test]
fn real_export_files_resolve() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata");
    if !root.is_dir() {
        eprintln!("skipped: {} is absent", root.display());
        return;
    }
    // (file, Latin-1?, delimiter, code column, name column)
    type Source = (&'static str, bool, char, Option<usize>, Option<usize>);
    let files: &[Source] = &[
        ("BretonErst__mex_homicidios/raw__code_ENTIDAD.csv", false, ',', Some(0), Some(1)),
        ("BretonErst__mex_homicidios/raw__IDEFC_NM_mar22.csv", false, ',', Some(1), Some(2)),
        ("lapanquecita__incidencia-delictiva/data__estatal_n.csv", true, ',', Some(1), Some(2)),
        ("eads__fosas-gatsbyv1/data__analysis__municipalities-counts.csv", false, ',', Some(0), Some(1)),
        ("jaaimevareela-wq__rnpdno_2010_2025/output__tables__ranking_estados_absolutos_2010_2024.csv", false, ',', Some(0), Some(1)),
        (
            "MauricioAguilarOrta__sesnsp-guanajuato-homicidios/data__processed__homicidios_gto_2020_2025_raw.csv",
            false,
            ',',
            Some(1),
            Some(2),
        ),
        ("thegargiulian__mexico-homicide-rates/mexico-state-month-homicide-rates-2000-2022.csv", false, '|', Some(0), None),
    ];
    let mut checked = 0;
    for &(file, latin1, delim, code_col, name_col) in files {
        let Ok(bytes) = std::fs::read(root.join(file)) else { continue };
        let text: String = if latin1 {
            bytes.iter().map(|&b| b as char).collect()
        } else {
            String::from_utf8(bytes).unwrap().trim_start_matches('\u{feff}').to_string()
        };
        for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
            // The columns read come before any quoted field.
            let f: Vec<&str> = line.split(delim).collect();
            let by_code = code_col.map(|c| resolve(f[c]));
            let by_name = name_col.map(|c| resolve(f[c]));
            match (by_code, by_name) {
                (Some(Ok(a)), Some(b)) => assert_eq!(b, Ok(a), "{file}: {line}"),
                (Some(Ok(_)), None) => {}
                // The catalogue's sentinels: 36 EUM, 97 NO APLICA, 98 SE IGNORA, 99 NO
                // ESPECIFICADO; neither the code nor the name is a state.
                (Some(Err(_)), Some(b)) => assert!(b.is_err(), "{file}: {line}"),
                (code, name) => panic!("{file}: {line}: {code:?} {name:?}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "{checked} rows");
}

#[test]
fn unmatched_names_suggest_the_nearest_state() {
    let e = resolve("Guanajuto").unwrap_err();
    assert_eq!(
        e,
        Unmatched::Name {
            input: "Guanajuto".into(),
            suggestion: Some(Suggestion { code: 11, spelling: "Guanajuato" })
        }
    );
    assert_eq!(e.to_string(), "\"Guanajuto\" names no Mexican state; did you mean \"Guanajuato\"?");
    let near = |s: &str| match resolve(s) {
        Err(Unmatched::Name { suggestion: Some(s), .. }) => Some(s.code),
        _ => None,
    };
    assert_eq!(near("Michoacan de Ocampoo"), Some(16));
    assert_eq!(near("Veracrus"), Some(30));
    assert_eq!(near("tamaulipa"), Some(28));
    assert_eq!(near("Cuidad de Mexico"), Some(9));
    assert_eq!(near("Zacatecaz"), Some(32));
    // Far from every alias, or too short to guess: no suggestion.
    for s in ["Extranjero", "Total", "Nacional", "No especificado", "NA", "XX"] {
        assert_eq!(resolve(s), Err(Unmatched::Name { input: s.into(), suggestion: None }), "{s}");
    }
    assert_eq!(resolve("Texas").unwrap_err().to_string(), "\"Texas\" names no Mexican state");
}

#[test]
fn names_in_spanish_and_english() {
    assert_eq!(name(9, "es"), Some("Ciudad de México"));
    assert_eq!(name(9, "en"), Some("Mexico City"));
    assert_eq!(name(15, "es"), Some("México"));
    assert_eq!(name(15, "en"), Some("State of Mexico"));
    assert_eq!(name(16, "es"), Some("Michoacán"));
    assert_eq!(name(16, "en"), Some("Michoacán"));
    assert_eq!(name(5, "es"), Some("Coahuila"));
    assert_eq!(name(19, "en-GB"), Some("Nuevo León"));
    assert_eq!(name(30, "es-MX"), Some("Veracruz"));
    assert_eq!(name(0, "es"), None);
    assert_eq!(name(33, "en"), None);
    // Every name and abbreviation resolves back to its own code.
    for code in 1..=32 {
        let s = info(code).unwrap();
        for n in [&s.name_es, &s.name_en, &s.abbreviation] {
            assert_eq!(resolve(n), Ok(code), "{n}");
        }
    }
    assert_eq!(info(28).unwrap().abbreviation, "TAMPS");
    assert_eq!(info(1).unwrap().label, (2463845.0, 1109757.0));
}

#[test]
fn aliases_are_unambiguous_and_tiles_distinct() {
    let t = table();
    assert_eq!(t.names.len(), 166 + EXTRA.len());
    // No folded alias names two states.
    let mut seen: HashMap<&str, u8> = HashMap::new();
    for (k, w, c) in &t.names {
        assert!(!k.is_empty() && !k.bytes().all(|b| b.is_ascii_digit()), "{w}");
        assert_eq!(*seen.entry(k.as_str()).or_insert(*c), *c, "{w} names two states");
    }
    assert_eq!(resolve("México, D.F."), Ok(9)); // a quoted field in aliases.csv
                                                // Every state appears; tiles are 32 distinct cells of the 5 × 10 grid.
    let mut tiles: Vec<(u8, u8)> = (1..=32).map(|c| info(c).unwrap().tile).collect();
    assert!(tiles.iter().all(|&(r, c)| r < 5 && c < 10));
    tiles.sort_unstable();
    tiles.dedup();
    assert_eq!(tiles.len(), 32);
    assert_eq!(info(2).unwrap().tile, (0, 0)); // Baja California, top left
}

#[test]
fn edit_distance_counts_edits() {
    assert_eq!(edit_distance("", "abc"), 3);
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("guanajuto", "guanajuato"), 1);
    assert_eq!(edit_distance("leon", "león"), 1);
}
