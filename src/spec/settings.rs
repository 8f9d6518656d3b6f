//! `cifras.toml` and `charts/theme.toml` read into [`Settings`] and [`Theme`], every
//! default filled in, with the checks that need only those files (languages, locales,
//! presets, the output folder). May use: serde, toml, format (locale names).

use super::{confine, is_confined, project, read_parse, theme, Diagnostic, Location, Settings, Theme};
use std::path::{Component, Path};

pub(super) fn load_settings(root: &Path, diags: &mut Vec<Diagnostic>) -> Settings {
    let path = root.join("cifras.toml");
    let mut s = Settings::default();
    if !exists(&path) {
        return s;
    }
    let Some(f) = read_parse::<project::RawSettings>(root, &path, diags) else { return s };
    let raw = &f.spec;
    let at = Location::file(&path);
    if let Some(l) = &raw.languages {
        if l.is_empty() {
            diags.push(
                Diagnostic::error(f.key("languages"), "`languages` is empty")
                    .hint("list at least one, e.g. [\"en\"]"),
            );
        }
        for lang in l {
            if !confine::is_plain(lang.get_ref()) {
                diags.push(not_plain(f.at(lang), "language", lang.get_ref()));
            } else if crate::format::Locale::for_language(lang.get_ref()).is_none() {
                diags.push(
                    Diagnostic::error(f.at(lang), format!("unsupported language `{}`", lang.get_ref()))
                        .hint("cifras formats numbers for: en, es"),
                );
            }
        }
        s.languages = l.iter().map(|x| x.get_ref().clone()).collect();
    }
    if let Some(p) = &raw.presets {
        for preset in p.iter().filter(|p| !confine::is_plain(p.get_ref())) {
            diags.push(not_plain(f.at(preset), "preset", preset.get_ref()));
        }
        s.presets = p.iter().map(|x| x.get_ref().clone()).collect();
    }
    if let Some(fm) = &raw.formats {
        s.formats = fm.clone();
    }
    if let Some(o) = &raw.out {
        let how = format!("out = \"{}\"", o.get_ref());
        match check_out(Path::new(o.get_ref()), f.at(o), &how, "out = \"out\"") {
            Some(d) => diags.push(d),
            None => s.out = o.get_ref().clone(),
        }
    }
    for (lang, tag) in &raw.locale {
        match crate::format::Locale::parse(tag) {
            Some(l) if l.language() == lang => {}
            Some(_) => diags.push(Diagnostic::error(
                at.clone(),
                format!("locale `{tag}` is not a locale of language `{lang}`"),
            )),
            None => diags.push(
                Diagnostic::error(at.clone(), format!("unknown locale `{tag}`"))
                    .hint("use one of: en-US, en-GB, es-MX, es-ES"),
            ),
        }
    }
    s.locale = raw.locale.clone();
    s.outline_text = raw.outline_text.unwrap_or(false);
    s.png_compression = raw.png_compression.unwrap_or_default();
    s
}

/// Why outputs cannot go to `out` (`out =` of cifras.toml or `--out`, as the user wrote it:
/// `how`), if they cannot. Outputs are replaced and removed wholesale: never over the project
/// itself or its inputs, never outside it. `example` is a good value, written the same way.
pub fn check_out(out: &Path, at: Location, how: &str, example: &str) -> Option<Diagnostic> {
    if !is_confined(out) {
        return Some(
            Diagnostic::error(at, format!("cannot write outside the project (`{how}`)"))
                .hint(format!("use a folder inside the project, e.g. {example}")),
        );
    }
    let first = out.components().find(|c| !matches!(c, Component::CurDir));
    let into_inputs = match first {
        None => true,
        Some(c) => c.as_os_str() == "data" || c.as_os_str() == "charts",
    };
    into_inputs.then(|| {
        Diagnostic::error(
            at,
            format!("cannot write outputs into `{}`: it holds the project's inputs", out.display()),
        )
        .hint(format!("use a folder of its own, e.g. {example}"))
    })
}

/// A name that becomes part of an output path and is not a plain name.
fn not_plain(at: Location, what: &str, name: &str) -> Diagnostic {
    Diagnostic::error(at, format!("cannot use `{name}` as a {what} name"))
        .hint("a name is letters, digits, `-` and `_` only: it becomes a folder name in the output folder")
}

/// Whether anything is at `path`, a broken link or a FIFO included: those are errors to
/// report, not files to do without.
pub(super) fn exists(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

pub(super) fn load_theme(root: &Path, diags: &mut Vec<Diagnostic>) -> Theme {
    let path = root.join("charts").join("theme.toml");
    if !exists(&path) {
        return Theme::default();
    }
    let Some(f) = read_parse::<Theme>(root, &path, diags) else { return Theme::default() };
    for name in f.spec.preset.keys().filter(|n| !confine::is_plain(n)) {
        diags.push(not_plain(f.find(name).unwrap_or_else(|| f.key("preset")), "preset", name));
    }
    let mut theme = f.spec;
    // User presets add to the built-in ones.
    for (name, p) in Theme::default().preset {
        theme.preset.entry(name).or_insert(p);
    }
    let at = Location::file(&path);
    if theme.font != theme::FONT_FAMILY {
        diags.push(
            Diagnostic::error(at.clone(), format!("font `{}` is not embedded in cifras", theme.font)).hint(
                format!("use font = \"{}\": charts must look the same on every machine", theme::FONT_FAMILY),
            ),
        );
    }
    let c = &theme.colors;
    for (name, v) in [
        ("background", &c.background),
        ("text", &c.text),
        ("muted_text", &c.muted_text),
        ("grid", &c.grid),
        ("axis", &c.axis),
        ("base", &c.base),
        ("accent", &c.accent),
        ("muted", &c.muted),
    ]
    .into_iter()
    .chain(c.palette.iter().map(|v| ("palette", v)))
    {
        if theme::parse_color(v).is_none() {
            diags.push(
                Diagnostic::error(at.clone(), format!("colour `{v}` of `{name}` is not a #rrggbb colour"))
                    .hint("write colours as six hex digits, e.g. \"#0072b2\""),
            );
        }
    }
    if c.palette.is_empty() {
        diags.push(
            Diagnostic::error(at.clone(), "`colors.palette` is empty").hint("list at least one colour"),
        );
    }
    for (name, p) in &theme.preset {
        let ok = p.width.is_finite()
            && (50.0..=10_000.0).contains(&p.width)
            && p.height.is_finite()
            && (p.height == 0.0 || (50.0..=10_000.0).contains(&p.height))
            && p.png_scale.is_finite()
            && (0.1..=20.0).contains(&p.png_scale)
            && (0.3..=5.0).contains(&p.text_scale);
        if !ok {
            diags.push(
                Diagnostic::error(at.clone(), format!("preset `{name}` has an impossible size"))
                    .hint("width and height are points between 50 and 10000 (height 0 = fit); png_scale between 0.1 and 20"),
            );
        }
    }
    theme
}
