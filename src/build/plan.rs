//! What a build covers: the chart ids, languages, presets and formats after the command
//! line's selection flags, and the output folder (checked as cifras.toml's `out` is, and
//! never a link). May use: spec, format.

use super::Options;
use crate::format::Locale;
use crate::spec::{self, confine, Diagnostic, Format, Location, Project};
use std::path::PathBuf;

/// What to build: the chart ids, languages, presets and formats after flags.
pub struct Plan {
    pub charts: Vec<String>,
    /// Selected charts whose spec has errors (`Project::broken_charts`): reported, not built.
    pub broken: Vec<String>,
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
        let mut broken: Vec<String> = project.broken_charts.keys().cloned().collect();
        if !opts.only.is_empty() {
            for id in &opts.only {
                if !project.charts.contains_key(id) && !project.broken_charts.contains_key(id) {
                    diags.push(spec::unknown_name(cli.clone(), "chart", id, project.charts.keys()));
                }
            }
            charts.retain(|c| opts.only.contains(c));
            broken.retain(|c| opts.only.contains(c));
        }
        // `--out` is checked as `out =` of cifras.toml is (`spec::check_out`).
        let out = match &opts.out {
            Some(o) => {
                let how = format!("--out {}", o.display());
                diags.extend(spec::check_out(o, cli.clone(), &how, "--out out"));
                project.root.join(o)
            }
            None => project.out_dir(),
        };
        // An output folder that is a link would lead the lock, every write and every removal
        // elsewhere; checked before any of them.
        match std::fs::symlink_metadata(&out) {
            Ok(m) if !m.is_dir() && opts.mode.cached() => {
                let name = out.strip_prefix(&project.root).unwrap_or(&out).display().to_string();
                diags.push(
                    Diagnostic::error(
                        Location::file(&out),
                        format!("cannot write outputs into `{name}`: it is {}", confine::kind(&m)),
                    )
                    .hint("the output folder must be a folder of its own inside the project: remove what is there, cifras makes the folder"),
                );
            }
            _ => {}
        }
        if diags.is_empty() {
            Ok(Plan {
                charts,
                broken,
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
