//! SVG → PNG with resvg, which sees only the embedded font (no system fonts), so the
//! pixels are the same on every machine. May use: layout (scene, font bytes), resvg (and its usvg).

use crate::layout::{font, Scene};

/// How hard the PNG encoder works: `Fast` files are larger and about ten times quicker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    Fast,
    Default,
    Best,
}
use resvg::usvg;
use std::sync::{Arc, OnceLock};

fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(font::REGULAR.to_vec());
        db.load_font_data(font::BOLD.to_vec());
        // Generic families must name the embedded font, or text silently vanishes.
        db.set_sans_serif_family(font::FAMILY);
        db.set_serif_family(font::FAMILY);
        db.set_monospace_family(font::FAMILY);
        db.set_cursive_family(font::FAMILY);
        db.set_fantasy_family(font::FAMILY);
        Arc::new(db)
    })
    .clone()
}

/// Parses an SVG of ours with the embedded font only.
pub fn tree(svg: &str) -> Result<usvg::Tree, String> {
    let opt =
        usvg::Options { font_family: font::FAMILY.to_string(), fontdb: fontdb(), ..usvg::Options::default() };
    usvg::Tree::from_str(svg, &opt).map_err(|e| format!("cannot parse the chart's SVG ({e})"))
}

/// PNG bytes of `svg` (the drawing of `scene`), `scene.png_scale` pixels per point.
pub fn png(svg: &str, scene: &Scene, compression: Compression) -> Result<Vec<u8>, String> {
    let tree = tree(svg)?;
    let s = scene.png_scale as f32;
    let (w, h) =
        ((scene.width * scene.png_scale).round() as u32, (scene.height * scene.png_scale).round() as u32);
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| format!("cannot allocate a {w}×{h} image"))?;
    // Edge pixels the canvas covers only in part would otherwise blend with transparent black.
    let bg = scene.background;
    pixmap.fill(resvg::tiny_skia::Color::from_rgba8(bg.0, bg.1, bg.2, 255));
    resvg::render(&tree, resvg::tiny_skia::Transform::from_scale(s, s), &mut pixmap.as_mut());
    // The background is opaque, so premultiplied RGBA is plain RGB: drop alpha, a quarter less to encode.
    let rgb: Vec<u8> = pixmap.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, w.max(1), h.max(1));
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(match compression {
            Compression::Fast => png::Compression::Fast,
            Compression::Default => png::Compression::Default,
            Compression::Best => png::Compression::Best,
        });
        let ppm = (scene.png_scale * 72.0 / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions { xppu: ppm, yppu: ppm, unit: png::Unit::Meter }));
        let mut writer = enc.write_header().map_err(|e| format!("cannot encode PNG ({e})"))?;
        writer.write_image_data(&rgb).map_err(|e| format!("cannot encode PNG ({e})"))?;
    }
    Ok(out)
}
