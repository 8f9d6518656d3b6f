//! A small XLSX reader for tests: sheet names, and each sheet's cells as numbers or text
//! (shared strings resolved), with whether a cell holds a formula. XLSX is a zip of XML.

use std::collections::BTreeMap;
use std::io::Read;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(f64),
    Text(String),
    Formula(String),
}

pub struct Book {
    pub sheets: Vec<String>,
    /// Per sheet: (row, column) → value, both 0-based.
    pub cells: BTreeMap<String, BTreeMap<(u32, u32), Value>>,
    pub styles: String,
}

fn entry(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Option<String> {
    let mut f = zip.by_name(name).ok()?;
    let mut s = String::new();
    f.read_to_string(&mut s).ok()?;
    Some(s)
}

/// "B12" → (11, 1).
fn position(r: &str) -> (u32, u32) {
    let letters: String = r.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let col = letters.chars().fold(0u32, |acc, c| acc * 26 + (c as u32 - 'A' as u32 + 1)) - 1;
    let row: u32 = r[letters.len()..].parse().expect("row number");
    (row - 1, col)
}

fn text_of(node: roxmltree::Node) -> String {
    node.descendants().filter(|n| n.has_tag_name("t")).filter_map(|n| n.text()).collect()
}

pub fn read(bytes: Vec<u8>) -> Book {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let workbook = entry(&mut zip, "xl/workbook.xml").expect("workbook.xml");
    let doc = roxmltree::Document::parse(&workbook).expect("xml");
    let sheets: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("sheet"))
        .filter_map(|n| n.attribute("name"))
        .map(str::to_string)
        .collect();
    let shared: Vec<String> = match entry(&mut zip, "xl/sharedStrings.xml") {
        Some(s) => {
            let doc = roxmltree::Document::parse(&s).expect("xml");
            doc.descendants().filter(|n| n.has_tag_name("si")).map(text_of).collect()
        }
        None => vec![],
    };
    let mut cells = BTreeMap::new();
    for (i, name) in sheets.iter().enumerate() {
        let xml = entry(&mut zip, &format!("xl/worksheets/sheet{}.xml", i + 1)).expect("sheet xml");
        let doc = roxmltree::Document::parse(&xml).expect("xml");
        let mut map = BTreeMap::new();
        for c in doc.descendants().filter(|n| n.has_tag_name("c")) {
            let at = position(c.attribute("r").expect("cell reference"));
            let child = |tag: &str| {
                c.children().find(|n| n.has_tag_name(tag)).and_then(|n| n.text()).map(str::to_string)
            };
            let value = if let Some(f) = child("f") {
                Value::Formula(f)
            } else {
                match (c.attribute("t"), child("v")) {
                    (Some("s"), Some(v)) => Value::Text(shared[v.parse::<usize>().expect("index")].clone()),
                    (Some("inlineStr"), _) => Value::Text(text_of(c)),
                    (Some("str"), Some(v)) => Value::Text(v),
                    (_, Some(v)) => Value::Number(v.parse().expect("number")),
                    (_, None) => continue,
                }
            };
            map.insert(at, value);
        }
        cells.insert(name.clone(), map);
    }
    let styles = entry(&mut zip, "xl/styles.xml").unwrap_or_default();
    Book { sheets, cells, styles }
}
