//! Reference lines, shaded bands and annotations, added to a kind's panel once its value
//! scale and the positions of its categories or points are known. May use: chart, spec.

use super::scale::Linear;
use super::{Anchor, Label, Mark, Paint, Panel, Role};
use crate::spec::{self, Diagnostic};

/// What a kind tells the guides about its panel.
pub(super) struct Axes {
    pub scale: Linear,
    /// The value axis runs left to right (bars) rather than bottom to top.
    pub horizontal: bool,
    /// Points an annotation may name: (category or x value, series key, panel x, panel y).
    pub anchors: Vec<(String, String, f64, f64)>,
}

fn key_of(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

pub(super) fn apply(
    file: &spec::File<spec::Chart>,
    lang: &str,
    axes: &Axes,
    panel: &mut Panel,
    label: &dyn Fn(f64) -> String,
) -> Result<(), Vec<Diagnostic>> {
    let spec = &file.spec.guides;
    let text = |t: &Option<spec::Text>| t.as_ref().and_then(|t| t.get(lang)).map(str::to_string);
    let pos = |v: f64| if axes.horizontal { axes.scale.map(v) } else { 1.0 - axes.scale.map(v) };
    let inside = |v: f64| {
        let p = axes.scale.map(v);
        (-1e-9..=1.0 + 1e-9).contains(&p)
    };
    let mut diags = Vec::new();
    let mut bands = Vec::new();
    for b in &spec.band {
        if !(inside(b.from) && inside(b.to)) || b.to <= b.from {
            diags.push(
                Diagnostic::error(
                    file.key("band"),
                    format!("band {}–{} lies outside the value axis", b.from, b.to),
                )
                .hint("give `from` < `to`, both within the data's range"),
            );
            continue;
        }
        let (a, z) = (pos(b.from), pos(b.to));
        let pts = if axes.horizontal {
            vec![(a, 0.0), (z, 0.0), (z, 1.0), (a, 1.0)]
        } else {
            vec![(0.0, a), (1.0, a), (1.0, z), (0.0, z)]
        };
        bands.push(Mark::Area { points: pts, paint: Paint::Grid });
        if let Some(t) = text(&b.label) {
            let l = if axes.horizontal {
                Label::new(t, a, 0.0, Anchor::Start).offset(0.3, -0.9)
            } else {
                Label::new(t, 0.0, z, Anchor::Start).offset(0.3, 0.9)
            };
            panel.labels.push(l.role(Role::Small).paint(Paint::MutedText));
        }
    }
    // Bands sit behind the marks.
    panel.marks.splice(0..0, bands);
    for r in &spec.rule {
        if !inside(r.value) {
            diags.push(
                Diagnostic::error(
                    file.key("rule"),
                    format!("rule at {} lies outside the value axis", r.value),
                )
                .hint("rules mark a value within the data's range"),
            );
            continue;
        }
        let p = pos(r.value);
        let pts = if axes.horizontal { vec![(p, 0.0), (p, 1.0)] } else { vec![(0.0, p), (1.0, p)] };
        panel.marks.push(Mark::Line { points: pts, paint: Paint::Axis, width: 1.0 });
        let t = text(&r.label).map_or_else(|| label(r.value), |t| format!("{t}: {}", label(r.value)));
        let l = if axes.horizontal {
            Label::new(t, p, 0.0, Anchor::Start).offset(0.3, -0.9)
        } else {
            Label::new(t, 1.0, p, Anchor::End).offset(0.0, -0.8)
        };
        panel.labels.push(l.role(Role::Small).paint(Paint::Text));
    }
    for a in &spec.annotation {
        let key = key_of(&a.at);
        let hit = axes
            .anchors
            .iter()
            .find(|(k, s, _, _)| *k == key && a.series.as_ref().is_none_or(|want| want == s));
        let Some(&(_, _, x, y)) = hit else {
            let known: Vec<String> = axes.anchors.iter().map(|a| a.0.clone()).collect();
            diags.push(spec::unknown_name(file.key("annotation"), "point", &key, known.iter()));
            continue;
        };
        let Some(t) = a.text.get(lang) else { continue };
        let l = if axes.horizontal {
            Label::new(t, x, y, Anchor::Start).offset(0.5, -1.6)
        } else {
            Label::new(t, x, y, if x > 0.6 { Anchor::End } else { Anchor::Start }).offset(0.0, -2.4)
        };
        panel.labels.push(l.role(Role::Small).paint(Paint::Text).leader().wrap(0.4));
    }
    if diags.is_empty() {
        Ok(())
    } else {
        Err(diags)
    }
}
