//! Scene → SVG, the canonical drawing. Shapes go through plotters' element API onto a
//! backend of our own that writes fixed two-decimal coordinates (plotters' stock SVG backend
//! rounds to whole pixels and estimates text from byte length); text is written as real
//! `<text>` at its measured size, escaped; `outlined` turns glyphs into paths through
//! resvg. May use: layout (the scene), plotters, resvg (usvg), base (the escaper),
//! render::png (its tree).

/// Escapes text for XML content and attributes; drops control characters XML forbids.
pub use crate::base::escape::svg as escape;
use crate::layout::{Align, Item, Rgb, Scene, Text};
use plotters::element::Polygon;
use plotters::prelude::{Circle, IntoDrawingArea, PathElement, RGBAColor, Rectangle, ShapeStyle};
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, DrawingBackend, DrawingErrorKind};
use std::cell::RefCell;
use std::fmt::Write;
use std::rc::Rc;

/// Backend coordinates are integers: scene points × 100 keep two decimals exact.
const UNITS: f64 = 100.0;

/// The SVG document of `scene`, or why it cannot be written: a coordinate that is not a
/// finite number of points the backend can hold is never written ("inf", or a bar squeezed
/// to 0 wide by a saturated integer).
pub fn svg(scene: &Scene, id: &str) -> Result<String, String> {
    check_coordinates(scene)?;
    let out = Rc::new(RefCell::new(String::with_capacity(16 * 1024)));
    let (w, h) = (scene.width, scene.height);
    let ids = format!("{}-{}", attr_id(id), attr_id(&scene.lang));
    {
        let mut s = out.borrow_mut();
        let _ = writeln!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
             role=\"img\" aria-labelledby=\"{ids}-title {ids}-desc\" lang=\"{}\" font-family=\"{}\">",
            escape(&scene.lang),
            crate::layout::font::FAMILY,
        );
        let _ = writeln!(s, "<title id=\"{ids}-title\">{}</title>", escape(&scene.title));
        let _ = writeln!(s, "<desc id=\"{ids}-desc\">{}</desc>", escape(&scene.alt));
        let _ = writeln!(s, "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>", scene.background.hex());
    }
    let backend = Backend { out: out.clone(), size: ((w * UNITS) as u32 + 1, (h * UNITS) as u32 + 1) };
    let area = backend.into_drawing_area();
    let p = |x: f64, y: f64| ((x * UNITS).round() as i32, (y * UNITS).round() as i32);
    for item in &scene.items {
        // The backend cannot fail: it writes to a String.
        let _ = match item {
            Item::Rect { x, y, w, h, fill } => {
                area.draw(&Rectangle::new([p(*x, *y), p(x + w, y + h)], style(*fill, true, 0.0)))
            }
            Item::Line { points, stroke, width } => area.draw(&PathElement::new(
                points.iter().map(|(x, y)| p(*x, *y)).collect::<Vec<_>>(),
                style(*stroke, false, *width),
            )),
            Item::Polygon { points, fill } => area.draw(&Polygon::new(
                points.iter().map(|(x, y)| p(*x, *y)).collect::<Vec<_>>(),
                style(*fill, true, 0.0),
            )),
            Item::Circle { cx, cy, r, fill } => {
                area.draw(&Circle::new(p(*cx, *cy), (r * UNITS).round() as u32, style(*fill, true, 0.0)))
            }
            Item::Text(t) => {
                text(&mut out.borrow_mut(), t);
                Ok(())
            }
        };
    }
    drop(area);
    let mut s = Rc::try_unwrap(out).map(RefCell::into_inner).unwrap_or_else(|rc| rc.borrow().clone());
    s.push_str("</svg>\n");
    Ok(s)
}

/// Largest coordinate written, in points: the backend's integer hundredths must hold it.
const MAX_COORDINATE: f64 = (i32::MAX / 2) as f64 / UNITS;

fn check_coordinates(scene: &Scene) -> Result<(), String> {
    let bad = |what: &str, values: &mut dyn Iterator<Item = f64>| -> Result<(), String> {
        for v in values {
            if v.is_nan() || v.abs() > MAX_COORDINATE {
                return Err(format!(
                    "cannot write the chart's SVG: {what} at {v}, not a finite coordinate within ±{MAX_COORDINATE} \
                     points (a bug in cifras: please report it with the chart and its data)"
                ));
            }
        }
        Ok(())
    };
    bad("the canvas", &mut [scene.width, scene.height].into_iter())?;
    for item in &scene.items {
        match item {
            Item::Rect { x, y, w, h, .. } => {
                bad("a rectangle", &mut [*x, *y, *w, *h, x + w, y + h].into_iter())
            }
            Item::Line { points, width, .. } => {
                bad("a line", &mut points.iter().flat_map(|p| [p.0, p.1]).chain([*width]))
            }
            Item::Polygon { points, .. } => bad("an area", &mut points.iter().flat_map(|p| [p.0, p.1])),
            Item::Circle { cx, cy, r, .. } => bad("a dot", &mut [*cx, *cy, *r].into_iter()),
            Item::Text(t) => {
                bad(&format!("text “{}”", t.text), &mut [t.x, t.y, t.size, t.rotate].into_iter())
            }
        }?;
    }
    Ok(())
}

/// The same drawing with every glyph as a path: looks the same without the font. The
/// title and description stay, so the chart remains accessible.
pub fn outlined(svg: &str, scene: &Scene, id: &str) -> Result<String, String> {
    let tree = super::png::tree(svg)?;
    let opt =
        resvg::usvg::WriteOptions { coordinates_precision: 3, transforms_precision: 5, ..Default::default() };
    let paths = tree.to_string(&opt);
    let ids = format!("{}-{}", attr_id(id), attr_id(&scene.lang));
    let open_end = paths.find('>').ok_or("cannot outline the chart's SVG")?;
    let head = &paths[..open_end];
    let rest = &paths[open_end + 1..];
    Ok(format!(
        "{head} role=\"img\" aria-labelledby=\"{ids}-title {ids}-desc\" lang=\"{}\">\n<title id=\"{ids}-title\">{}</title>\n<desc id=\"{ids}-desc\">{}</desc>{rest}",
        escape(&scene.lang),
        escape(&scene.title),
        escape(&scene.alt)
    ))
}

fn style(c: Rgb, filled: bool, width: f64) -> ShapeStyle {
    ShapeStyle { color: RGBAColor(c.0, c.1, c.2, 1.0), filled, stroke_width: (width * UNITS).round() as u32 }
}

fn text(s: &mut String, t: &Text) {
    let anchor = match t.align {
        Align::Start => "",
        Align::Middle => " text-anchor=\"middle\"",
        Align::End => " text-anchor=\"end\"",
    };
    let weight = if t.bold { " font-weight=\"bold\"" } else { "" };
    let turn = if t.rotate == 0.0 {
        String::new()
    } else {
        format!(" transform=\"rotate({} {} {})\"", num(-t.rotate), num(t.x), num(t.y))
    };
    let _ = writeln!(
        s,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"{weight}{anchor}{turn} fill=\"{}\" class=\"{}\">{}</text>",
        num(t.x),
        num(t.y),
        num(t.size),
        t.fill.hex(),
        t.role.class(),
        escape(&t.text)
    );
}

/// Two decimals, trailing zeros dropped: stable across machines and short.
fn num(v: f64) -> String {
    let s = format!("{:.2}", (v * UNITS).round() / UNITS);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

fn coord(v: i32) -> String {
    num(v as f64 / UNITS)
}

fn attr_id(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// Writes plotters' drawing calls as SVG elements with exact coordinates.
struct Backend {
    out: Rc<RefCell<String>>,
    size: (u32, u32),
}

fn hex(c: &BackendColor) -> String {
    Rgb(c.rgb.0, c.rgb.1, c.rgb.2).hex()
}

impl DrawingBackend for Backend {
    type ErrorType = std::fmt::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        p: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let mut s = self.out.borrow_mut();
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"0.01\" height=\"0.01\" fill=\"{}\"/>",
            coord(p.0),
            coord(p.1),
            hex(&color)
        );
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        a: BackendCoord,
        b: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let mut s = self.out.borrow_mut();
        let paint = if fill {
            format!("fill=\"{}\"", hex(&style.color()))
        } else {
            format!(
                "fill=\"none\" stroke=\"{}\" stroke-width=\"{}\"",
                hex(&style.color()),
                coord(style.stroke_width() as i32)
            )
        };
        let _ = writeln!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" {paint}/>",
            coord(a.0),
            coord(a.1),
            coord(b.0 - a.0),
            coord(b.1 - a.1)
        );
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let pts: Vec<String> = path.into_iter().map(|(x, y)| format!("{},{}", coord(x), coord(y))).collect();
        let mut s = self.out.borrow_mut();
        let _ = writeln!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/>",
            pts.join(" "),
            hex(&style.color()),
            coord(style.stroke_width() as i32)
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let pts: Vec<String> = vert.into_iter().map(|(x, y)| format!("{},{}", coord(x), coord(y))).collect();
        let mut s = self.out.borrow_mut();
        let _ = writeln!(s, "<polygon points=\"{}\" fill=\"{}\"/>", pts.join(" "), hex(&style.color()));
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        c: BackendCoord,
        r: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let paint = if fill {
            format!("fill=\"{}\"", hex(&style.color()))
        } else {
            format!("fill=\"none\" stroke=\"{}\"", hex(&style.color()))
        };
        let mut s = self.out.borrow_mut();
        let _ = writeln!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" {paint}/>",
            coord(c.0),
            coord(c.1),
            coord(r as i32)
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{BBox, TextRole};

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(escape("<b>R&D</b> \"x\" \u{1}ok"), "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;x&quot; ok");
    }

    /// 1e200 beside 20 was written as `x="inf"` and bars 0 wide.
    #[test]
    fn a_coordinate_that_is_not_finite_is_never_written() {
        let text = |x: f64| Text {
            x,
            y: 10.0,
            text: "20".into(),
            size: 8.0,
            bold: false,
            fill: Rgb(0, 0, 0),
            align: Align::Start,
            role: TextRole::Value,
            rotate: 0.0,
            bbox: BBox { x0: 0.0, y0: 0.0, x1: 1.0, y1: 1.0 },
        };
        let scene = |items: Vec<Item>| Scene {
            width: 100.0,
            height: 50.0,
            background: Rgb(255, 255, 255),
            png_scale: 1.0,
            title: "T".into(),
            alt: "A".into(),
            lang: "en".into(),
            items,
        };
        let ok = svg(&scene(vec![Item::Text(text(12.0))]), "c").unwrap();
        assert!(ok.contains("<text x=\"12\" y=\"10\""), "{ok}");
        let err = svg(&scene(vec![Item::Text(text(f64::INFINITY))]), "c").unwrap_err();
        assert!(
            err.starts_with("cannot write the chart's SVG: text “20” at inf, not a finite coordinate"),
            "{err}"
        );
        let wide = Item::Rect { x: 0.0, y: 0.0, w: 1e12, h: 5.0, fill: Rgb(0, 0, 0) };
        assert!(svg(&scene(vec![wide]), "c").unwrap_err().contains("a rectangle at 1000000000000"));
        let nan = Item::Line { points: vec![(0.0, 0.0), (f64::NAN, 1.0)], stroke: Rgb(0, 0, 0), width: 1.0 };
        assert!(svg(&scene(vec![nan]), "c").unwrap_err().contains("a line at NaN"));
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(0.5), "0.5");
    }
}
