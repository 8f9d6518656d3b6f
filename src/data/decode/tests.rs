//! Decoding on small inputs: every label, `auto` telling the encodings apart, mojibake repaired.

use super::*;
use crate::spec::dataset::Read;

/// The text `bytes` decode to, and what decoding said of it.
fn text(bytes: &[u8], encoding: &str) -> (String, Option<String>) {
    let encoding = Encoding::from_label(encoding).unwrap();
    let (t, note) = decode(Path::new("x.csv"), bytes, encoding).ok().unwrap();
    (t, note.describe())
}

#[test]
fn latin1_decodes_accents() {
    assert_eq!(text(b"Michoac\xe1n", "latin1").0, "Michoacán");
    let e = decode(Path::new("x.csv"), b"ok\nMichoac\xe1n", Encoding::Utf8).unwrap_err();
    assert_eq!((e.location.line, e.location.column), (2, 8));
    assert_eq!(e.message, "cannot read data: the file is not valid UTF-8 (1 bytes on 1 lines are not)");
    let hint = e.hint.unwrap();
    assert!(hint.contains("look like windows-1252 (`Michoacán`)"), "{hint}");
    assert!(hint.contains("encoding = \"latin1\" (or \"auto\")"), "{hint}");
}

#[test]
fn every_whatwg_label_is_an_encoding() {
    for (label, bytes, want) in [
        ("utf-8", &b"Le\xc3\xb3n"[..], "León"),
        ("UTF8", b"Le\xc3\xb3n", "León"),
        ("latin1", b"Le\xf3n", "León"),
        ("latin-1", b"Le\xf3n", "León"),
        ("iso-8859-1", b"Le\xf3n", "León"),
        ("ISO_8859-1", b"Le\xf3n", "León"),
        ("windows-1252", b"Le\xf3n \x80", "León €"),
        ("cp1252", b"Le\xf3n", "León"),
        ("macroman", b"Le\x97n", "León"),
        ("macintosh", b"Le\x97n", "León"),
        ("mac", b"Le\x97n", "León"),
        ("x-mac-roman", b"Le\x97n", "León"),
        ("iso-8859-15", b"Le\xf3n \xa4", "León €"),
        ("utf-16le", b"L\0e\0\xf3\0n\0", "León"),
        ("auto", b"Le\xc3\xb3n", "León"),
    ] {
        assert_eq!(text(bytes, label).0, want, "{label}");
    }
    assert_eq!(Encoding::from_label("utf-8"), Some(Encoding::Utf8));
    assert_eq!(Encoding::from_label("cp1252"), Some(Encoding::Windows1252));
    assert_eq!(Encoding::from_label("mac"), Some(Encoding::Macroman));
    // Labels WHATWG maps to its replacement decoder would read every byte as U+FFFD.
    for bad in ["utf-9", "klingon", "iso-2022-kr", ""] {
        assert_eq!(Encoding::from_label(bad), None, "{bad}");
    }
}

#[test]
fn sidecars_take_labels_and_refuse_unknown_ones_with_a_span() {
    let read = |label: &str| toml::from_str::<Read>(&format!("encoding = \"{label}\"\n"));
    assert_eq!(read("Windows-1252").unwrap().encoding, Some(Encoding::Windows1252));
    assert_eq!(read("iso-8859-1").unwrap().encoding, Some(Encoding::Windows1252));
    let e = read("utf-9").unwrap_err();
    assert_eq!(e.span(), Some(11..18));
    assert!(e.message().starts_with("unknown variant `utf-9`, expected one of `utf-8`"), "{}", e.message());
}

#[test]
fn mojibake_is_repaired_in_auto_only() {
    let s = "AÒo,Entidad\n2015,MÈxico\n2016,Michoac·n\n";
    let (fixed, note) = text(s.as_bytes(), "auto");
    assert_eq!(fixed, "Año,Entidad\n2015,México\n2016,Michoacán\n");
    assert_eq!(note.as_deref(), Some("3 lines: 3 names repaired (mojibake)"));
    assert_eq!(text(s.as_bytes(), "utf-8"), (s.to_string(), None));
    // Correct Spanish stays as it is, and is not reported.
    let good = "Año,Entidad\n2015,México\nNuevo León,Ñuñoa,AÑO,O’Higgins,Norte–Sur,· 3\n";
    assert_eq!(text(good.as_bytes(), "auto"), (good.to_string(), None));
}

#[test]
fn auto_tells_latin1_from_macroman() {
    assert_eq!(text(b"Michoac\xe1n,A\xf1o\n", "auto").0, "Michoacán,Año\n");
    let (t, note) = text(b"Michoac\x87n,A\x96o\n", "auto");
    assert_eq!(t, "Michoacán,Año\n");
    assert_eq!(note.as_deref(), Some("1 lines: 2 bytes read as MacRoman"));
}

#[test]
fn auto_keeps_utf8_and_reads_only_stray_bytes() {
    // UTF-8 rows with a few MacRoman bytes, one row mixing both: the UTF-8 stays.
    let mut bytes = "estado,n\nNuevo León,1\nQuerétaro,2\n".as_bytes().to_vec();
    bytes.extend_from_slice(b"Michoac\x87n,3\nYucat\x87n Le\xc3\xb3n,4\r\nA\x96o\r");
    let (t, note) = text(&bytes, "auto");
    assert_eq!(t, "estado,n\nNuevo León,1\nQuerétaro,2\nMichoacán,3\nYucatán León,4\nAño\n");
    assert_eq!(note.as_deref(), Some("3 lines: 3 bytes read as MacRoman"));
    // Strict UTF-8 names the first stray byte and what the bytes look like.
    let e = decode(Path::new("x.csv"), &bytes, Encoding::Utf8).unwrap_err();
    assert_eq!((e.location.line, e.location.column), (4, 8));
    assert_eq!(e.message, "cannot read data: the file is not valid UTF-8 (3 bytes on 3 lines are not)");
    let hint = e.hint.unwrap();
    assert!(hint.contains("UTF-8 except for bytes that look like MacRoman (`Michoacán`)"), "{hint}");
    assert!(hint.contains("encoding = \"auto\""), "{hint}");
    // Latin-1 stray bytes in UTF-8 are read as windows-1252.
    let (t, note) = text(b"Le\xc3\xb3n\nM\xe9xico\n", "auto");
    assert_eq!(
        (t.as_str(), note.as_deref()),
        ("León\nMéxico\n", Some("1 lines: 1 bytes read as windows-1252"))
    );
}

#[test]
fn bom_and_carriage_returns_go() {
    assert_eq!(text(b"\xEF\xBB\xBFa,b\r1,2\r", "utf-8").0, "a,b\n1,2\n");
    assert_eq!(text(b"a,b\r\n1,2\r\n", "utf-8").0, "a,b\n1,2\n");
    assert_eq!(text(b"\xFF\xFEa\0,\0b\0", "auto").0, "a,b");
}

#[test]
fn double_mojibake_is_repaired() {
    // MacRoman bytes read as windows-1252 and saved back as MacRoman, then read as
    // windows-1252 again: í → ’ → Õ, ú → œ → Ï, ó → — → Ñ.
    let s = "nombre,estado\nJorge MartÕn,LeÑn\nJesÏs,Jesœs\nMaría,LeÃ³n\n";
    let (fixed, note) = text(s.as_bytes(), "auto");
    assert_eq!(fixed, "nombre,estado\nJorge Martín,León\nJesús,Jesús\nMaría,León\n");
    assert_eq!(note.as_deref(), Some("3 lines: 5 names repaired (mojibake)"));
    assert_eq!(repair_word("MartÕn").as_deref(), Some("Martín"));
    // No Spanish reading, or only typography: left as they are.
    for w in ["Ørsted", "Curaçao", "François", "São", "don’t", "a—b"] {
        assert_eq!(repair_word(w), None, "{w}");
    }
}
