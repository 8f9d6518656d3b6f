//! SVG → vector PDF with svg2pdf: the same usvg tree as the PNG, fonts embedded and subset,
//! one page the size of the chart (1 point per SVG unit). May use: layout (scene), svg2pdf, resvg (its usvg).

use crate::layout::Scene;

pub fn pdf(svg: &str, _scene: &Scene) -> Result<Vec<u8>, String> {
    let tree = super::png::tree(svg)?;
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|e| format!("cannot write PDF ({e})"))
}
