//! One spec, every audience: languages, locales, presets and PDF.

use crate::common::{cifras, edit, fixture, report_copy};
use std::path::Path;
use std::process::Command;

fn settings(dir: &Path, text: &str) {
    std::fs::write(dir.join("cifras.toml"), text).unwrap();
}

/// Every plain `title = "…"` and `note = "…"` of the fixture's charts, in both languages.
fn bilingual(dir: &Path) {
    for e in std::fs::read_dir(dir.join("charts")).unwrap().flatten() {
        let s = std::fs::read_to_string(e.path()).unwrap();
        let s: String = s
            .lines()
            .map(|l| match l.split_once(" = ") {
                Some((k @ ("title" | "note"), v)) => format!("{k}.en = {v}\n{k}.es = {v}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        std::fs::write(e.path(), s).unwrap();
    }
}

#[test]
fn locales_format_the_same_value_differently() {
    let (_t, dir) = fixture("basic");
    settings(&dir, "languages = [\"en\", \"es\"]\n[locale]\nen = \"en-US\"\nes = \"es-ES\"\n");
    bilingual(&dir);
    edit(&dir.join("charts/bar.toml"), "title.es = \"Arms by state\"", "title.es = \"Armas por estado\"");
    let run = cifras(&dir, &["build", "--only", "bar"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = std::fs::read_to_string(dir.join("out/report/en/bar.svg")).unwrap();
    let es = std::fs::read_to_string(dir.join("out/report/es/bar.svg")).unwrap();
    assert!(en.contains(">1,199</text>") && en.contains(">2,766</text>"));
    // es-ES: CLDR minimum grouping leaves four-digit numbers ungrouped.
    assert!(es.contains(">1199</text>") && es.contains(">2766</text>"), "{es}");
    assert!(es.contains("lang=\"es\"") && es.contains(">Armas por estado</title>"));
    assert!(es.contains("Fuentes: Group A, Report A (2020); Agency B, Report B."));
    settings(&dir, "languages = [\"en\", \"es\"]\n[locale]\nes = \"es-MX\"\n");
    assert_eq!(cifras(&dir, &["build", "--only", "bar"]).code, 0);
    let mx = std::fs::read_to_string(dir.join("out/report/es/bar.svg")).unwrap();
    assert!(mx.contains(">1,199</text>"), "es-MX groups like en-US");
}

#[test]
fn a_missing_translation_fails_check_naming_chart_and_field() {
    let (_t, dir) = fixture("basic");
    settings(&dir, "languages = [\"en\", \"es\"]\n");
    let run = cifras(&dir, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: `title` has no translation for en, es"), "{}", run.stderr);
    assert!(run.stderr.contains("--> charts/bar.toml:7:1"), "{}", run.stderr);
    assert!(run.stderr.contains("error: `note` has no translation for en, es"), "{}", run.stderr);
    edit(&dir.join("charts/bar.toml"), "title = \"Arms by state\"", "title.en = \"Arms by state\"");
    let run = cifras(&dir, &["check"]);
    assert!(run.stderr.contains("error: `title` has no translation for es"), "{}", run.stderr);
    assert!(run.stderr.contains("help: write it per language: title.es = \"…\""), "{}", run.stderr);
}

#[test]
fn translated_values_come_from_lang_columns() {
    let (_t, dir) = report_copy();
    let run = cifras(
        &dir,
        &[
            "build",
            "--only",
            "iwi-recovered-by-state",
            "--lang",
            "es",
            "--preset",
            "report",
            "--format",
            "svg",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let es = std::fs::read_to_string(dir.join("out/report/es/iwi-recovered-by-state.svg")).unwrap();
    assert!(es.contains(">Otros estados</text>"), "{es}");
    assert!(!es.contains("Other states"));
    edit(&dir.join("data/iwi_recovered_by_state.csv"), ",Otros estados,", ",,");
    let run = cifras(&dir, &["check", "--only", "iwi-recovered-by-state"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: `Other states` has no translation in column `state.es`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--> data/iwi_recovered_by_state.csv:6"), "{}", run.stderr);
}

fn png_size(path: &Path) -> (u32, u32) {
    let dec = png::Decoder::new(std::io::Cursor::new(std::fs::read(path).unwrap()));
    let r = dec.read_info().unwrap();
    (r.info().width, r.info().height)
}

#[test]
fn presets_have_their_sizes() {
    let (_t, dir) = report_copy();
    let run = cifras(&dir, &["build", "--only", "small-arms-by-state,timeline", "--format", "png"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for lang in ["en", "es"] {
        for id in ["small-arms-by-state", "timeline"] {
            assert_eq!(png_size(&dir.join(format!("out/slide/{lang}/{id}.png"))), (1920, 1080));
            assert_eq!(png_size(&dir.join(format!("out/social/{lang}/{id}.png"))), (1200, 1200));
            assert_eq!(png_size(&dir.join(format!("out/report/{lang}/{id}.png"))).0, 1890);
        }
    }
}

#[test]
fn pdfs_are_vector_deterministic_and_embed_the_font() {
    let (_t1, a) = fixture("basic");
    let (_t2, b) = fixture("basic");
    for d in [&a, &b] {
        let run = cifras(d, &["build", "--format", "pdf,png"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for id in ["bar", "line", "stat", "timeline"] {
        let pa = std::fs::read(a.join(format!("out/report/en/{id}.pdf"))).unwrap();
        let pb = std::fs::read(b.join(format!("out/report/en/{id}.pdf"))).unwrap();
        assert!(pa.starts_with(b"%PDF-"), "{id}");
        assert_eq!(pa, pb, "{id}: two builds give identical PDFs");
        assert!(!String::from_utf8_lossy(&pa).contains("/CreationDate"), "no timestamp");
    }
    // With poppler's tools (Debian poppler-utils), check fonts and the rendered picture.
    let pdf = a.join("out/report/en/bar.pdf");
    let Ok(out) = Command::new("pdffonts").arg(&pdf).output() else {
        println!("skipped: pdffonts not installed (apt-get install poppler-utils)");
        return;
    };
    let fonts = String::from_utf8_lossy(&out.stdout);
    assert!(fonts.contains("Roboto"), "{fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.contains(" yes yes ")), "embedded and subset: {fonts}");
    let prefix = a.join("page");
    let st = Command::new("pdftoppm")
        .args(["-png", "-r", "300", "-singlefile"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(st.success());
    let (w, h, from_pdf) = pixels(&a.join("page.png"));
    let (w2, h2, from_png) = pixels(&a.join("out/report/en/bar.png"));
    assert!((w as i64 - w2 as i64).abs() <= 2 && (h as i64 - h2 as i64).abs() <= 2, "{w}×{h} vs {w2}×{h2}");
    // Same picture: compare grey levels on a coarse grid (anti-aliasing differs slightly).
    let (cw, ch) = (w.min(w2) / 40, h.min(h2) / 40);
    let mut differ = 0;
    for gy in 0..40 {
        for gx in 0..40 {
            let avg = |px: &[u8], width: u32| {
                let mut s = 0u64;
                for y in gy * ch..(gy + 1) * ch {
                    for x in gx * cw..(gx + 1) * cw {
                        s += px[(y * width + x) as usize] as u64;
                    }
                }
                s as f64 / (cw * ch) as f64
            };
            if (avg(&from_pdf, w) - avg(&from_png, w2)).abs() > 12.0 {
                differ += 1;
            }
        }
    }
    assert!(differ <= 16, "{differ} of 1600 cells differ between the PDF and the PNG");
}

/// Width, height and grey levels of a PNG.
fn pixels(path: &Path) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::Cursor::new(std::fs::read(path).unwrap()));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size()];
    let info = r.next_frame(&mut buf).unwrap();
    let ch = info.color_type.samples();
    let grey = buf[..info.buffer_size()]
        .chunks(ch)
        .map(|p| ((p[0] as u32 + p[1] as u32 + p[2] as u32) / 3) as u8)
        .collect();
    (info.width, info.height, grey)
}
