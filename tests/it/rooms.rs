//! The house rules of ARCHITECTURE.md, checked on the source: every module says what it
//! may use and uses nothing else (rooms of the crate and the heavy crates the design puts
//! in one room), Polars only in `data`, fonts only in `layout` and `render`, printing only
//! in `cli`, and no source file much above 500 lines.

use crate::common::root;
use std::path::{Path, PathBuf};

const ROOMS: &[&str] =
    &["base", "spec", "data", "chart", "layout", "render", "table", "format", "build", "cli"];
/// Crates the design gives to one room each: a module using one says so.
const PLACED: &[&str] =
    &["polars", "calamine", "plotters", "resvg", "usvg", "rustybuzz", "svg2pdf", "rust_xlsxwriter"];
const MAX_LINES: usize = 550;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

struct Module {
    rel: String,
    room: String,
    /// The words after "May use" in the module's `//!` block, lower case.
    may_use: Option<Vec<String>>,
    /// The text without comment lines and unit tests.
    code: String,
    lines: usize,
}

fn modules() -> Vec<Module> {
    let src = root().join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files.sort();
    files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let room = rel.split('/').next().unwrap().trim_end_matches(".rs").to_string();
            let text = std::fs::read_to_string(p).unwrap();
            let doc: String = text
                .lines()
                .take_while(|l| l.starts_with("//!"))
                .map(|l| l.trim_start_matches("//!"))
                .collect::<Vec<_>>()
                .join(" ");
            let may_use = doc.to_lowercase().find("may use").map(|i| {
                doc[i + "may use".len()..]
                    .to_lowercase()
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            });
            // Unit tests may reach further than the module they test.
            let body = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(&text);
            let code: String =
                body.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            Module { rel, room, may_use, code, lines: text.lines().count() }
        })
        .collect()
}

/// `name::` or `use name` as a path's first segment in `code`.
fn names(code: &str, name: &str) -> bool {
    let bytes = code.as_bytes();
    code.match_indices(name).any(|(i, _)| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let free = before.is_none_or(|b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b':'));
        free && code[i + name.len()..].starts_with("::")
    })
}

/// The rooms `code` reaches as `crate::room`, including `use crate::{room::…, …}`.
fn rooms_used(code: &str) -> Vec<&'static str> {
    ROOMS
        .iter()
        .copied()
        .filter(|r| {
            code.contains(&format!("crate::{r}::"))
                || code.contains(&format!("crate::{r};"))
                || code.contains(&format!("crate::{r} "))
                || code.contains(&format!("crate::{r},"))
                || code.contains(&format!("crate::{r}}}"))
                || code.split("use crate::{").skip(1).any(|rest| {
                    let group = rest.split("};").next().unwrap_or("");
                    group.split([',', '{', ' ', '\n']).any(|w| w == *r || w.starts_with(&format!("{r}::")))
                })
        })
        .collect()
}

#[test]
fn every_module_uses_only_what_its_doc_says() {
    let mut problems = Vec::new();
    for m in modules() {
        // A `tests.rs` is a module's unit tests, kept apart for size.
        if m.rel == "lib.rs" || m.rel == "main.rs" || m.rel.ends_with("/tests.rs") {
            continue;
        }
        let Some(words) = &m.may_use else {
            problems.push(format!("{}: its //! says nothing of what it may use (\"May use: …\")", m.rel));
            continue;
        };
        let every = words.iter().any(|w| w == "every" || w == "all");
        for r in rooms_used(&m.code) {
            // `base` is the bottom room: every room may use it.
            if r != m.room && r != "base" && !every && !words.iter().any(|w| w == r) {
                problems.push(format!("{}: uses `{r}`, which its \"May use\" line does not name", m.rel));
            }
        }
        for c in PLACED {
            if names(&m.code, c) && !words.iter().any(|w| w == c) {
                problems
                    .push(format!("{}: uses crate `{c}`, which its \"May use\" line does not name", m.rel));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn heavy_crates_fonts_and_printing_stay_in_their_rooms() {
    let mut problems = Vec::new();
    for m in modules().into_iter().filter(|m| !m.rel.ends_with("/tests.rs")) {
        if names(&m.code, "polars") && m.room != "data" {
            problems.push(format!("{}: Polars outside `data`", m.rel));
        }
        let fonts = names(&m.code, "rustybuzz") || m.code.contains("assets/fonts");
        if fonts && m.room != "layout" && m.room != "render" {
            problems.push(format!("{}: fonts outside `layout` and `render`", m.rel));
        }
        let prints =
            ["println!", "eprintln!", "print!(", "eprint!(", "dbg!("].iter().any(|p| m.code.contains(p));
        if prints && m.room != "cli" && m.rel != "main.rs" {
            problems.push(format!("{}: prints outside `cli`", m.rel));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_source_file_is_much_above_500_lines() {
    let big: Vec<String> = modules()
        .iter()
        .filter(|m| m.lines > MAX_LINES)
        .map(|m| format!("{}: {} lines", m.rel, m.lines))
        .collect();
    assert!(big.is_empty(), "split these by concern:\n{}", big.join("\n"));
}

#[test]
fn the_checks_see_what_they_check() {
    assert_eq!(rooms_used("use crate::{data::Table, spec::Diagnostic};"), vec!["spec", "data"]);
    assert_eq!(rooms_used("let x = crate::format::number(1.0);"), vec!["format"]);
    assert!(rooms_used("use super::spec_like;").is_empty());
    assert!(names("use polars::prelude::*;", "polars"));
    assert!(!names("my_polars::x", "polars"));
}
