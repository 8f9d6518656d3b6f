//! What a build covers: the chart ids, languages, presets and formats after the command
//! line's selection flags, and the output folder. May use: spec, format.

use super::Options;
use crate::format::Locale;
use crate::spec::{self, Diagnostic, Format, Location, Project};
use std::path::PathBuf;

/// What to build: the chart ids, languages, presets and formats after flags.
pub struct Plan {
    pub charts: Vec<String>,
    pub langs: Vec<(String, Locale)>,
    pub presets: Vec<String>,
    pub formats: Vec<Format>,
    pub out: PathBuf,
    /// No selection flag was given: the plan is everything the project's settings ask for,
    /// so outputs outside it (a removed language, preset or format) can be cleaned away.
    pub full: bool,
    /// `outline_text` of cifras.toml: SVG text as outlines.
    pub outline_text: bool,
    /// `png_compression` of cifras.toml.
    pub png_compression: crate::spec::project::PngCompression,
}

impl Plan {
    pub fn new(project: &Project, opts: &Options) -> Result<Plan, Vec<Diagnostic>> {
        let s = &project.settings;
        let mut diags = Vec::new();
        let cli = Location::file("command line");
        let langs = opts.langs.clone().unwrap_or_else(|| s.languages.clone());
        let mut resolved = Vec::new();
        for l in &langs {
            if !s.languages.contains(l) {
                diags.push(
                    Diagnostic::error(cli.clone(), format!("language `{l}` is not one of the project's"))
                        .hint(format!(
                            "the project builds: {} (set `languages` in cifras.toml)",
                            s.languages.join(", ")
                        )),
                );
                continue;
            }
            let locale = s.locale.get(l).and_then(|t| Locale::parse(t)).or_else(|| Locale::for_language(l));
            match locale {
                Some(loc) => resolved.push((l.clone(), loc)),
                None => diags.push(Diagnostic::error(cli.clone(), format!("unsupported language `{l}`"))),
            }
        }
        let presets = opts.presets.clone().unwrap_or_else(|| s.presets.clone());
        for p in &presets {
            if !project.theme.preset.contains_key(p) {
                let known: Vec<String> = project.theme.preset.keys().cloned().collect();
                diags.push(spec::unknown_name(cli.clone(), "preset", p, known.iter()));
            }
        }
        let mut charts: Vec<String> = project.charts.keys().cloned().collect();
        if !opts.only.is_empty() {
            for id in &opts.only {
                if !project.charts.contains_key(id) {
                    diags.push(spec::unknown_name(cli.clone(), "chart", id, project.charts.keys()));
                }
            }
            charts.retain(|c| opts.only.contains(c));
        }
        let out = match &opts.out {
            Some(o) if o.is_absolute() => o.clone(),
            Some(o) => project.root.join(o),
            None => project.out_dir(),
        };
        if diags.is_empty() {
            Ok(Plan {
                charts,
                langs: resolved,
                presets,
                formats: opts.formats.clone().unwrap_or_else(|| s.formats.clone()),
                out,
                full: opts.only.is_empty()
                    && opts.langs.is_none()
                    && opts.presets.is_none()
                    && opts.formats.is_none(),
                outline_text: s.outline_text,
                png_compression: s.png_compression,
            })
        } else {
            Err(diags)
        }
    }
}
