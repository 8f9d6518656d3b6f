//! A [`Sheet`] as CSV, Markdown (GitHub tables), LaTeX (booktabs) and HTML. The three
//! markups share one small exporter trait (header, row, footer); each escapes everything
//! that comes from data or specs for its own syntax. CSV cells that a spreadsheet would run
//! as a formula are neutralised.

use super::{Cell, Sheet};

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
/// (raw HTML) are escaped; line breaks would end the row, so they become spaces. Square
/// brackets are left alone: without a following `(…)` they make no link, and footnote
/// marks ("[1]") read better plain.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
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

/// LaTeX text: the ten special characters, and the two Unicode characters numbers use
/// that pdfLaTeX lacks (U+2212 minus, U+00A0 no-break space).
pub fn escape_latex(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
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
            heads.join(" & ")
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
        format!("{rule}{} \\\\\n", cells.join(" & "))
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

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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

    #[test]
    fn formulas_are_neutralised() {
        for s in ["=1+2", "+1", "-1", "@SUM(A1)", "\t=x"] {
            assert_eq!(neutralise(s), format!("'{s}"));
        }
        assert_eq!(neutralise("Guerrero"), "Guerrero");
    }
}
