//! `out/index.html`, the review gallery: every chart per language and preset with its alt
//! text, source line, sources and warnings, and links to its SVG, PNG, PDF and data CSV.
//! Made from the manifest alone, so it lists exactly what is in `out/`. One self-contained
//! file that works from the file system, offline: relative links, inline style, one inline
//! script (it marks images that fail to load), no external script or font. Every text is
//! HTML-escaped and every link percent-encoded. May use: manifest, base.

use super::key;
use super::manifest::{Entry, Manifest};
use crate::base::escape::html as esc;
use std::collections::BTreeMap;
use std::fmt::Write;

pub const FILE: &str = "index.html";

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 1.5rem;color:#1a1a1a}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2.5rem;border-top:1px solid #ccc;padding-top:1rem}\
code{font-size:.85em;color:#555}nav a{margin-right:.8rem}\
.grid{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:0;flex:1 1 30rem;max-width:48rem}\
figure img{max-width:100%;height:auto;border:1px solid #ddd;background:#fff}\
figcaption p{margin:.3rem 0}.warn{color:#8a3b00}.broken img{outline:3px solid #c00}\
.broken::before{content:'image failed to load: rebuild';color:#c00;display:block}\
#status{color:#555}";

/// Marks each image as loaded or not, for reviewers (and the gallery's own test).
const SCRIPT: &str = "window.addEventListener('load',function(){\
var imgs=document.querySelectorAll('img'),broken=0;\
for(var i=0;i<imgs.length;i++){var ok=imgs[i].complete&&imgs[i].naturalWidth>0;\
imgs[i].setAttribute('data-loaded',ok?'yes':'no');\
if(!ok){broken++;imgs[i].parentNode.classList.add('broken');}}\
document.body.setAttribute('data-images',imgs.length+' '+broken);\
document.getElementById('status').textContent=broken?broken+' image(s) failed to load':'all '+imgs.length+' image(s) loaded';});";

pub fn html(m: &Manifest) -> String {
    // chart → (lang, preset) → format → (path, entry)
    type Views<'a> = BTreeMap<(&'a str, &'a str), BTreeMap<&'a str, (&'a str, &'a Entry)>>;
    // Files without a preset (the data CSV; table exports) are listed as links.
    let mut charts: BTreeMap<&str, (Views, Vec<&str>)> = BTreeMap::new();
    for (path, e) in &m.outputs {
        let c = charts.entry(e.chart.as_str()).or_default();
        match &e.preset {
            Some(p) => {
                c.0.entry((e.lang.as_str(), p.as_str()))
                    .or_default()
                    .insert(e.format.as_str(), (path.as_str(), e));
            }
            None => c.1.push(path.as_str()),
        }
    }
    let mut s = String::new();
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    s.push_str("<title>Review gallery</title>\n");
    let _ = writeln!(s, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        s,
        "<h1>Review gallery</h1>\n<p>{} chart(s), built by {}. <a href=\"manifest.json\">manifest.json</a> \
         <span id=\"status\"></span></p>",
        charts.len(),
        esc(key::TOOL)
    );
    s.push_str("<nav>");
    for id in charts.keys() {
        let _ = write!(s, "<a href=\"#{}\">{}</a>", esc(&anchor(id)), esc(id));
    }
    s.push_str("</nav>\n");
    for (id, (views, files)) in &charts {
        let first = views.values().flat_map(|f| f.values()).next().map(|(_, e)| *e);
        let title = first.map_or("", |e| e.title.as_str());
        let _ = writeln!(
            s,
            "<section id=\"{}\">\n<h2>{} <code>{}</code></h2>",
            esc(&anchor(id)),
            esc(title),
            esc(id)
        );
        if !files.is_empty() {
            s.push_str("<p><b>Data:</b>");
            for f in files {
                let _ = write!(s, " <a href=\"{}\">{}</a>", url(f), esc(f));
            }
            s.push_str(" (the rows drawn, with their sources)</p>\n");
        }
        s.push_str("<div class=\"grid\">\n");
        for ((lang, preset), formats) in views {
            figure(&mut s, lang, preset, formats);
        }
        s.push_str("</div>\n</section>\n");
    }
    let _ = writeln!(s, "<script>{SCRIPT}</script>\n</body>\n</html>");
    s
}

fn figure(s: &mut String, lang: &str, preset: &str, formats: &BTreeMap<&str, (&str, &Entry)>) {
    let Some((_, e)) = formats.values().next() else { return };
    let _ = writeln!(s, "<figure lang=\"{}\">", esc(lang));
    // The PNG is what print gets, pixel for pixel; an SVG alone is shown when there is no PNG.
    if let Some((path, _)) = formats.get("png").or_else(|| formats.get("svg")) {
        let _ = writeln!(s, "<img src=\"{}\" alt=\"{}\">", url(path), esc(&e.alt));
    }
    let _ = write!(s, "<figcaption>\n<p><strong>{} · {}</strong>", esc(lang), esc(preset));
    for f in ["svg", "png", "pdf"] {
        if let Some((path, _)) = formats.get(f) {
            let _ = write!(s, " <a href=\"{}\">{}</a>", url(path), f.to_uppercase());
        }
    }
    s.push_str("</p>\n");
    let _ = writeln!(s, "<p><b>Alt text:</b> {}</p>", esc(&e.alt));
    let _ = writeln!(s, "<p>{}</p>", esc(&e.source_line));
    if !e.sources.is_empty() {
        let _ = writeln!(s, "<p><b>Sources:</b> <code>{}</code></p>", esc(&e.sources.join(", ")));
    }
    for w in &e.warnings {
        let hint = w.hint.as_ref().map(|h| format!(" ({h})")).unwrap_or_default();
        let _ = writeln!(s, "<p class=\"warn\">warning: {}{}</p>", esc(&w.message), esc(&hint));
    }
    s.push_str("</figcaption>\n</figure>\n");
}

fn anchor(id: &str) -> String {
    format!("chart-{id}")
}

/// A relative path as a URL: every byte outside the unreserved set percent-encoded, so a
/// chart id with `#`, `?`, `%` or a space still links to its file.
fn url(path: &str) -> String {
    let mut o = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            o.push(b as char);
        } else {
            let _ = write!(o, "%{b:02X}");
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_encodes_links() {
        assert_eq!(esc("<b>&\"x\"'</b>"), "&lt;b&gt;&amp;&quot;x&quot;&#39;&lt;/b&gt;");
        assert_eq!(url("report/en/a b#?%é.png"), "report/en/a%20b%23%3F%25%C3%A9.png");
    }
}
