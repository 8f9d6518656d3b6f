//! A [`Sheet`] as CSV, Markdown (GitHub tables), LaTeX (booktabs) and HTML. The three
//! markups share one small exporter trait (header, row, footer); each escapes everything
//! that comes from data or specs for its own syntax. CSV cells that a spreadsheet would run
//! as a formula are neutralised. May use: table, format, csv.

use super::{Cell, Sheet};
// HTML escaping is shared with the gallery: one escaper for every markup cifras writes.
use crate::base::escape::html as escape_html;

/// What differs between markups; [`render`] walks a sheet through it.
trait Markup {
    fn header(&self, s: &Sheet) -> String;
    fn row(&self, s: &Sheet, cells: &[Cell], total: bool) -> String;
    fn footer(&self, s: &Sheet) -> String;
}

fn render(m: &dyn Markup, s: &Sheet) -> String {
    let mut out = m.header(s);
    for r in &s.rows {
        out.push_str(&m.row(s, r, false));
    }
    if let Some(t) = &s.total {
        out.push_str(&m.row(s, t, true));
    }
    out.push_str(&m.footer(s));
    out
}

pub fn markdown(s: &Sheet) -> String {
    render(&Markdown, s)
}

pub fn latex(s: &Sheet) -> String {
    render(&Latex, s)
}

pub fn html(s: &Sheet) -> String {
    render(&Html, s)
}

/// CSV: the headers, numbers as in the data ("276000"), the qualifier of the qualified
/// column in its own column after it, then the totals row; no title or notes (they are in
/// the other formats), so the file loads as data.
pub fn csv(s: &Sheet) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let mut header: Vec<String> = Vec::new();
    for (i, h) in s.headers.iter().enumerate() {
        header.push(neutralise(h));
        if Some(i) == s.qualified {
            header.push(s.qualifier_header.clone());
        }
    }
    let _ = w.write_record(&header);
    for row in s.rows.iter().chain(&s.total) {
        let mut rec: Vec<String> = Vec::new();
        for (i, c) in row.iter().enumerate() {
            rec.push(if s.numeric[i] && c.number.is_some() { c.raw.clone() } else { neutralise(&c.raw) });
            if Some(i) == s.qualified {
                rec.push(if c.number.is_some() { c.qualifier.as_str().to_string() } else { String::new() });
            }
        }
        let _ = w.write_record(&rec);
    }
    w.into_inner().unwrap_or_default()
}

/// A text cell a spreadsheet would run as a formula gets a leading apostrophe.
pub fn neutralise(s: &str) -> String {
    if is_formula_like(s) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Whether a spreadsheet would take `s` for a formula (or a DDE call).
pub fn is_formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

// ---------------------------------------------------------------------------------------

struct Markdown;

/// GitHub Markdown: pipes, backslashes, inline markup characters and angle brackets
/// (raw HTML, autolinks) are escaped; line breaks would end the row, so they become spaces.
/// Link and image syntax is escaped too (`\[`, `\]`, `\!`): a cell `[x](javascript:…)` must
/// stay text. Only a footnote mark of digits ("[1]") stays plain, as it reads better and
/// makes no link: `](`, `][` and `]:` (a link definition) are always escaped.
pub fn escape_markdown(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    // The index of the `]` closing a plain footnote mark opened at the current `[`.
    let mut mark_end = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '[' => {
                // `[a][1]` is a reference link: a mark right after a `]` is escaped too.
                let after_bracket = i > 0 && chars[i - 1] == ']';
                mark_end = footnote_mark(&chars[i..]).filter(|_| !after_bracket).map(|len| i + len - 1);
                if mark_end.is_none() {
                    out.push('\\');
                }
                out.push(c);
            }
            ']' if mark_end == Some(i) => out.push(c),
            '!' if chars.get(i + 1) == Some(&'[') => out.push_str("\\!"),
            '\\' | '|' | '*' | '_' | '`' | '<' | '>' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The length of a footnote mark (`[` digits `]`) at the start of `s`, if it is one and
/// nothing after it could make it a link or a link definition.
fn footnote_mark(s: &[char]) -> Option<usize> {
    let digits = s.iter().skip(1).take_while(|c| c.is_ascii_digit()).count();
    let close = 1 + digits;
    let ok = digits > 0 && s.get(close) == Some(&']') && !matches!(s.get(close + 1), Some('(' | '[' | ':'));
    ok.then_some(close + 1)
}

impl Markup for Markdown {
    fn header(&self, s: &Sheet) -> String {
        let mut out = format!("### {}\n\n", escape_markdown(&s.title));
        if let Some(sub) = &s.subtitle {
            out.push_str(&format!("{}\n\n", escape_markdown(sub)));
        }
        let cells: Vec<String> = s.headers.iter().map(|h| escape_markdown(h)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        let rule: Vec<&str> = s.numeric.iter().map(|&n| if n { "---:" } else { ":---" }).collect();
        out.push_str(&format!("|{}|\n", rule.join("|")));
        out
    }

    fn row(&self, _s: &Sheet, cells: &[Cell], total: bool) -> String {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| {
                let t = escape_markdown(&c.text);
                if total && !t.is_empty() {
                    format!("**{t}**")
                } else {
                    t
                }
            })
            .collect();
        format!("| {} |\n", cells.join(" | "))
    }

    fn footer(&self, s: &Sheet) -> String {
        let mut out = String::from("\n");
        for n in &s.footnotes {
            out.push_str(&format!("{}\n\n", escape_markdown(n)));
        }
        out.push_str(&format!("{}\n", escape_markdown(&s.source_line)));
        out
    }
}

// ---------------------------------------------------------------------------------------

struct Latex;

/// LaTeX text: the ten special characters, square brackets (braced, as `{[}`: after `\\`
/// or `\midrule` a `[` opens an optional argument, and `[3pt]` would vanish as a row gap or
/// `[click]` stop pdflatex), and the two Unicode characters numbers use that pdfLaTeX lacks
/// (U+2212 minus, U+00A0 no-break space).
pub fn escape_latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '[' => out.push_str("{[}"),
            ']' => out.push_str("{]}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\\' => out.push_str("\\textbackslash{}"),
            '\u{2212}' => out.push_str("\\textminus{}"),
            '\u{a0}' => out.push('~'),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escaped cells as one row. A row follows `\\` (or a rule), where a leading `*` would be
/// read as `\\*` and lost: an empty group before it keeps it text.
fn latex_row(cells: &[String]) -> String {
    let row = cells.join(" & ");
    if row.starts_with('*') {
        format!("{{}}{row}")
    } else {
        row
    }
}

impl Markup for Latex {
    fn header(&self, s: &Sheet) -> String {
        let cols: String = s.numeric.iter().map(|&n| if n { 'r' } else { 'l' }).collect();
        let heads: Vec<String> = s.headers.iter().map(|h| escape_latex(h)).collect();
        let mut out = String::new();
        out.push_str("% Made by cifras; needs \\usepackage{booktabs}. Do not edit: rebuild instead.\n");
        out.push_str("\\begin{table}[htbp]\n\\centering\n");
        out.push_str(&format!("\\caption{{{}}}\n", escape_latex(&s.title)));
        out.push_str(&format!("\\label{{tab:{}}}\n", escape_latex(&s.id)));
        if let Some(sub) = &s.subtitle {
            out.push_str(&format!("{{\\small {}\\par}}\\medskip\n", escape_latex(sub)));
        }
        out.push_str(&format!(
            "\\begin{{tabular}}{{{cols}}}\n\\toprule\n{} \\\\\n\\midrule\n",
            latex_row(&heads)
        ));
        out
    }

    fn row(&self, _s: &Sheet, cells: &[Cell], total: bool) -> String {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| {
                let t = escape_latex(&c.text);
                if total && !t.is_empty() {
                    format!("\\textbf{{{t}}}")
                } else {
                    t
                }
            })
            .collect();
        let rule = if total { "\\midrule\n" } else { "" };
        format!("{rule}{} \\\\\n", latex_row(&cells))
    }

    fn footer(&self, s: &Sheet) -> String {
        let mut out = String::from("\\bottomrule\n\\end{tabular}\n\\par\\smallskip\n{\\footnotesize\n");
        for n in &s.footnotes {
            out.push_str(&format!("{}\\par\n", escape_latex(n)));
        }
        out.push_str(&format!("{}\\par\n}}\n\\end{{table}}\n", escape_latex(&s.source_line)));
        out
    }
}

// ---------------------------------------------------------------------------------------

struct Html;

impl Markup for Html {
    fn header(&self, s: &Sheet) -> String {
        let mut out = format!(
            "<figure class=\"cifras-table\" id=\"{}\" lang=\"{}\">\n<table>\n<caption><strong>{}</strong>",
            escape_html(&s.id),
            escape_html(&s.lang),
            escape_html(&s.title)
        );
        if let Some(sub) = &s.subtitle {
            out.push_str(&format!("<br>\n<span class=\"subtitle\">{}</span>", escape_html(sub)));
        }
        out.push_str("</caption>\n<thead>\n<tr>");
        for (h, &n) in s.headers.iter().zip(&s.numeric) {
            let class = if n { " class=\"num\"" } else { "" };
            out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", escape_html(h)));
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        out
    }

    fn row(&self, s: &Sheet, cells: &[Cell], total: bool) -> String {
        let mut out = String::new();
        if total {
            out.push_str("</tbody>\n<tfoot>\n");
        }
        out.push_str("<tr>");
        for (i, c) in cells.iter().enumerate() {
            let class = if s.numeric[i] { " class=\"num\"" } else { "" };
            // The first column names the row: a header cell for screen readers.
            if i == 0 {
                out.push_str(&format!("<th scope=\"row\"{class}>{}</th>", escape_html(&c.text)));
            } else {
                out.push_str(&format!("<td{class}>{}</td>", escape_html(&c.text)));
            }
        }
        out.push_str("</tr>\n");
        if total {
            out.push_str("</tfoot>\n");
        }
        out
    }

    fn footer(&self, s: &Sheet) -> String {
        let mut out = String::new();
        if s.total.is_none() {
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n<figcaption>\n");
        for n in &s.footnotes {
            out.push_str(&format!("<p class=\"note\">{}</p>\n", escape_html(n)));
        }
        out.push_str(&format!(
            "<p class=\"source\">{}</p>\n</figcaption>\n</figure>\n",
            escape_html(&s.source_line)
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_escapes_its_ten_specials() {
        assert_eq!(escape_latex("R&D_100%"), "R\\&D\\_100\\%");
        assert_eq!(
            escape_latex("#$ {x} ~^\\"),
            "\\#\\$ \\{x\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
        assert_eq!(escape_latex("\u{2212}1\u{a0}%"), "\\textminus{}1~\\%");
    }

    #[test]
    fn markdown_and_html_escape() {
        assert_eq!(escape_markdown("a|b_c\nd"), "a\\|b\\_c d");
        assert_eq!(escape_html("<b>\"R&D\"</b>'"), "&lt;b&gt;&quot;R&amp;D&quot;&lt;/b&gt;&#39;");
    }

    fn sheet(first: &str) -> Sheet {
        let cell = |t: &str| Cell { text: t.into(), raw: t.into(), ..Cell::default() };
        Sheet {
            id: "t".into(),
            lang: "en".into(),
            title: "T".into(),
            subtitle: None,
            headers: vec!["name".into(), "n".into()],
            numeric: vec![false, true],
            qualified: None,
            rows: vec![vec![cell("A"), cell("1")], vec![cell(first), cell("2")]],
            total: None,
            footnotes: vec![],
            source_line: "Source: S.".into(),
            sources: vec![],
            qualifier_header: "Qualifier".into(),
        }
    }

    /// `[3pt]` after a row end was read as a row gap, `*star` as `\\*`, `[click](x)` stopped pdflatex.
    #[test]
    fn latex_rows_keep_a_leading_bracket_or_star() {
        assert_eq!(escape_latex("[click](x) a[1]"), "{[}click{]}(x) a{[}1{]}");
        let rows = |first: &str| {
            let tex = latex(&sheet(first));
            let start = tex.find("A & 1 \\\\\n").expect("first row") + "A & 1 \\\\\n".len();
            tex[start..tex.find("\\bottomrule").expect("end")].to_string()
        };
        assert_eq!(rows("[3pt] gap"), "{[}3pt{]} gap & 2 \\\\\n");
        assert_eq!(rows("*star"), "{}*star & 2 \\\\\n");
        assert_eq!(rows("[click](x)"), "{[}click{]}(x) & 2 \\\\\n");
        // Headers follow \toprule, which takes an optional argument too.
        let mut s = sheet("B");
        s.headers[0] = "[w]".into();
        assert!(latex(&s).contains("\\toprule\n{[}w{]} & n \\\\\n"));
    }

    /// `[x](javascript:…)` and `![](http://…)` passed through as a live link and image.
    #[test]
    fn markdown_links_and_images_stay_text() {
        assert_eq!(escape_markdown("[x](javascript:alert(1))"), "\\[x\\](javascript:alert(1))");
        assert_eq!(escape_markdown("![](http://t.example/p.png)"), "\\!\\[\\](http://t.example/p.png)");
        assert_eq!(escape_markdown("<http://t.example>"), "\\<http://t.example\\>");
        assert_eq!(escape_markdown("[a][1] [b]: http://x"), "\\[a\\]\\[1\\] \\[b\\]: http://x");
        // Footnote marks stay plain unless something after them would make a link.
        assert_eq!(escape_markdown("South [1]"), "South [1]");
        assert_eq!(
            escape_markdown("[12] Text! [1](x) [2]: y [3][4]"),
            "[12] Text! \\[1\\](x) \\[2\\]: y \\[3\\]\\[4\\]"
        );
        assert_eq!(escape_markdown("[] [1 [x"), "\\[\\] \\[1 \\[x");
        let md = markdown(&sheet("[x](javascript:alert(1))"));
        assert!(md.contains("| \\[x\\](javascript:alert(1)) | 2 |\n"), "{md}");
    }

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=1+2", "+1", "-1", "@SUM(A1)", "\t=x"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("Guerrero"), "Guerrero");
    }
}
