//! The outlines of Mexico's 32 states, decoded once from the embedded TopoJSON
//! (`assets/geo/mx-states.topo.json`, see `geo/README.md`): quantized, delta-encoded arcs
//! turned into rings of points in EPSG:6372 metres (INEGI's Lambert conformal conic;
//! northing grows upwards), with the arc indices each ring is made of, the bounding box,
//! and a fit of the whole country into a `w × h` box with y flipped for SVG.
//!
//! May use: std, serde, serde_json.

use serde::Deserialize;
use std::sync::OnceLock;

/// The TopoJSON, embedded in the binary.
const TOPOJSON: &str = include_str!("../../../assets/geo/mx-states.topo.json");

/// A point in projected metres (easting, northing).
pub type Point = (f64, f64);
/// A closed ring: its last point equals its first.
pub type Ring = Vec<Point>;
/// An outer ring followed by its holes.
pub type Polygon = Vec<Ring>;

/// One state: its INEGI code (1..=32), INEGI's name (NOMGEO: "Coahuila de Zaragoza", …)
/// and its polygons.
#[derive(Clone, Debug)]
pub struct State {
    pub code: u8,
    pub name: String,
    /// Polygons → rings → points, in metres.
    pub polygons: Vec<Polygon>,
    /// The same nesting as `polygons` (polygon → ring), each ring as the TopoJSON arc
    /// indices it is made of: `i ≥ 0` is arc `i` forwards, `i < 0` is arc `!i` (`-i - 1`)
    /// reversed.
    pub arcs: Vec<Vec<Vec<i32>>>,
}

/// A bounding box in metres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BBox {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl BBox {
    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }
}

/// All 32 states, in code order, with the decoded arcs they share.
#[derive(Clone, Debug)]
pub struct States {
    pub states: Vec<State>,
    /// The file's `bbox`, in metres.
    pub bbox: BBox,
    /// Every arc decoded to metres, in the file's order (what `State::arcs` indexes).
    pub arcs: Vec<Vec<Point>>,
}

/// The embedded map, decoded on first use.
pub fn states() -> &'static States {
    static STATES: OnceLock<States> = OnceLock::new();
    STATES.get_or_init(|| decode(TOPOJSON).expect("the embedded TopoJSON is checked by geo/check.py"))
}

/// Arc index `i` as (arc, reversed): negative indices mean arc `!i` backwards.
pub fn arc_index(i: i32) -> (usize, bool) {
    if i < 0 {
        ((!i) as usize, true)
    } else {
        (i as usize, false)
    }
}

#[derive(Deserialize)]
struct Topology {
    arcs: Vec<Vec<[i64; 2]>>,
    bbox: [f64; 4],
    transform: Transform,
    objects: Objects,
}

#[derive(Deserialize)]
struct Transform {
    scale: [f64; 2],
    translate: [f64; 2],
}

#[derive(Deserialize)]
struct Objects {
    states: Collection,
}

#[derive(Deserialize)]
struct Collection {
    geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
#[serde(tag = "type")]
enum Geometry {
    Polygon { arcs: Vec<Vec<i32>>, properties: Properties },
    MultiPolygon { arcs: Vec<Vec<Vec<i32>>>, properties: Properties },
}

#[derive(Deserialize)]
struct Properties {
    code: String,
    name: String,
}

/// Decodes a quantized TopoJSON topology whose object `states` holds the states.
pub fn decode(text: &str) -> Result<States, String> {
    let topo: Topology = serde_json::from_str(text).map_err(|e| format!("TopoJSON: {e}"))?;
    let [sx, sy] = topo.transform.scale;
    let [tx, ty] = topo.transform.translate;
    let arcs: Vec<Vec<Point>> = topo
        .arcs
        .iter()
        .map(|arc| {
            let (mut x, mut y) = (0i64, 0i64);
            arc.iter()
                .map(|&[dx, dy]| {
                    x += dx;
                    y += dy;
                    (x as f64 * sx + tx, y as f64 * sy + ty)
                })
                .collect()
        })
        .collect();
    let mut states = Vec::with_capacity(topo.objects.states.geometries.len());
    for g in topo.objects.states.geometries {
        let (polys, props) = match g {
            Geometry::Polygon { arcs, properties } => (vec![arcs], properties),
            Geometry::MultiPolygon { arcs, properties } => (arcs, properties),
        };
        let code: u8 =
            props.code.parse().map_err(|_| format!("state code {:?} is not a number", props.code))?;
        let polygons = polys
            .iter()
            .map(|rings| rings.iter().map(|ring| stitch(ring, &arcs)).collect::<Result<Vec<_>, _>>())
            .collect::<Result<Vec<_>, _>>()?;
        states.push(State { code, name: props.name, polygons, arcs: polys });
    }
    let [min_x, min_y, max_x, max_y] = topo.bbox;
    Ok(States { states, bbox: BBox { min_x, min_y, max_x, max_y }, arcs })
}

/// Joins a ring's arcs: each arc after the first starts where the previous one ended, so
/// its first point is dropped.
fn stitch(ring: &[i32], arcs: &[Vec<Point>]) -> Result<Ring, String> {
    let mut points: Ring = Vec::new();
    for &i in ring {
        let (a, reversed) = arc_index(i);
        let arc = arcs.get(a).ok_or_else(|| format!("arc {a} does not exist ({} arcs)", arcs.len()))?;
        let skip = usize::from(!points.is_empty());
        if reversed {
            points.extend(arc.iter().rev().skip(skip));
        } else {
            points.extend(arc.iter().skip(skip));
        }
    }
    Ok(points)
}

impl States {
    /// The state with INEGI code `code` (1..=32).
    pub fn get(&self, code: u8) -> Option<&State> {
        self.states.iter().find(|s| s.code == code)
    }

    /// Pairs `(a, b)` of codes, `a < b`, of states whose rings share at least one arc,
    /// sorted.
    pub fn neighbours(&self) -> Vec<(u8, u8)> {
        let users = self.arc_users();
        let mut pairs: Vec<(u8, u8)> = users
            .iter()
            .filter_map(|u| match u[..] {
                [a, b] if a != b => Some((a.min(b), a.max(b))),
                _ => None,
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// For each arc, the codes of the states whose rings use it (one entry per use).
    pub fn arc_users(&self) -> Vec<Vec<u8>> {
        let mut users = vec![Vec::new(); self.arcs.len()];
        for s in &self.states {
            for &i in s.arcs.iter().flatten().flatten() {
                users[arc_index(i).0].push(s.code);
            }
        }
        users
    }

    /// Maps metres into a `w × h` box (SVG units, y down) leaving `margin` on every side:
    /// the whole country as large as fits, aspect ratio kept, centred along the slack
    /// axis. Northing grows upwards and SVG y downwards, so y is flipped.
    pub fn project(&self, w: f64, h: f64, margin: f64) -> impl Fn(Point) -> Point {
        let b = self.bbox;
        let (iw, ih) = ((w - 2.0 * margin).max(0.0), (h - 2.0 * margin).max(0.0));
        let k = (iw / b.width()).min(ih / b.height());
        let ox = margin + (iw - b.width() * k) / 2.0;
        let oy = margin + (ih - b.height() * k) / 2.0;
        move |(x, y)| (ox + (x - b.min_x) * k, oy + (b.max_y - y) * k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::map::regions;
    use std::collections::HashMap;

    fn code_of(name: &str) -> u8 {
        regions::resolve(name).unwrap()
    }

    #[test]
    fn thirty_two_states_in_code_order_named_as_states_csv() {
        let s = states();
        assert_eq!(s.states.len(), 32);
        for (i, st) in s.states.iter().enumerate() {
            assert_eq!(st.code as usize, i + 1);
            // NOMGEO is the long form of states.csv's short name_es ("Coahuila de Zaragoza"
            // for "Coahuila", "Michoacán de Ocampo" for "Michoacán"); both name the state.
            let short = regions::name(st.code, "es").unwrap();
            assert!(st.name.starts_with(short), "{} vs {short}", st.name);
            assert_eq!(regions::resolve(&st.name), Ok(st.code), "{}", st.name);
            assert!(!st.polygons.is_empty());
        }
        assert_eq!(s.get(9).unwrap().name, "Ciudad de México");
        assert_eq!(s.get(5).unwrap().name, "Coahuila de Zaragoza");
    }

    #[test]
    fn every_ring_is_closed_and_inside_the_bbox() {
        let s = states();
        let b = s.bbox;
        let mut points = 0;
        for st in &s.states {
            assert_eq!(st.polygons.len(), st.arcs.len());
            for ring in st.polygons.iter().flatten() {
                assert!(ring.len() >= 4, "state {} has a ring of {} points", st.code, ring.len());
                assert_eq!(ring.first(), ring.last(), "state {}: ring not closed", st.code);
                for &(x, y) in ring {
                    // The bbox is written with the same arithmetic, so a small tolerance.
                    assert!(
                        x >= b.min_x - 1e-6
                            && x <= b.max_x + 1e-6
                            && y >= b.min_y - 1e-6
                            && y <= b.max_y + 1e-6
                    );
                }
                points += ring.len();
            }
        }
        assert!(points > 20_000, "{points}");
        // EPSG:6372 metres: the country spans ~3,200 km east-west, ~2,000 km north-south.
        assert!((3.0e6..3.4e6).contains(&b.width()) && (1.9e6..2.2e6).contains(&b.height()), "{b:?}");
    }

    #[test]
    fn neighbours_are_the_67_pairs_sharing_arcs() {
        let s = states();
        let pairs = s.neighbours();
        assert_eq!(pairs.len(), 67);
        let has = |a: &str, b: &str| {
            let (a, b) = (code_of(a), code_of(b));
            pairs.contains(&(a.min(b), a.max(b)))
        };
        for (a, b) in [
            ("Jalisco", "Nayarit"),
            ("Ciudad de México", "Morelos"),
            ("Tlaxcala", "Puebla"),
            ("Guanajuato", "Querétaro"),
            ("Chihuahua", "Sonora"),
            ("Yucatán", "Quintana Roo"),
            ("Ciudad de México", "México"),
            ("Baja California", "Baja California Sur"),
            ("Baja California", "Sonora"),
        ] {
            assert!(has(a, b), "{a}–{b} should be neighbours");
        }
        for (a, b) in [
            ("Yucatán", "Jalisco"),
            ("Baja California Sur", "Sonora"),
            ("Baja California Sur", "Sinaloa"),
            ("Ciudad de México", "Puebla"),
        ] {
            assert!(!has(a, b), "{a}–{b} are not neighbours");
        }
        // Every state has a neighbour; Ciudad de México has exactly two.
        for st in &s.states {
            assert!(pairs.iter().any(|&(a, b)| a == st.code || b == st.code), "{}", st.name);
        }
        assert_eq!(pairs.iter().filter(|&&(a, b)| a == 9 || b == 9).count(), 2);
    }

    #[test]
    fn arcs_are_used_by_at_most_two_states_and_all_are_used() {
        let users = states().arc_users();
        assert_eq!(users.len(), 168);
        assert!(users.iter().all(|u| (1..=2).contains(&u.len())));
        let shared = users.iter().filter(|u| u.len() == 2).count();
        assert_eq!(shared, 75);
        // No state uses an arc twice.
        assert!(users.iter().all(|u| u.len() < 2 || u[0] != u[1]));
    }

    /// Where arc `arc` (its points, forwards) lies in `ring`, read forwards or backwards.
    fn find(ring: &[Point], arc: &[Point]) -> Option<bool> {
        let n = arc.len();
        let fwd = ring.windows(n).any(|w| w == arc);
        let rev: Vec<Point> = arc.iter().rev().copied().collect();
        let bwd = ring.windows(n).any(|w| w == &rev[..]);
        match (fwd, bwd) {
            (true, false) => Some(true),
            (false, true) => Some(false),
            _ => None,
        }
    }

    #[test]
    fn neighbours_share_their_border_exactly() {
        let s = states();
        let users = s.arc_users();
        let mut checked = 0;
        for (a, u) in users.iter().enumerate() {
            let &[c1, c2] = &u[..] else { continue };
            let arc = &s.arcs[a];
            let mut directions = Vec::new();
            for code in [c1, c2] {
                let st = s.get(code).unwrap();
                // The ring (in metres) whose arc list holds arc `a`.
                let rings: Vec<&Ring> = st
                    .arcs
                    .iter()
                    .zip(&st.polygons)
                    .flat_map(|(ia, pa)| ia.iter().zip(pa))
                    .filter(|(ia, _)| ia.iter().any(|&i| arc_index(i).0 == a))
                    .map(|(_, ring)| ring)
                    .collect();
                assert_eq!(rings.len(), 1);
                // Exactly the same points (bit for bit), in one direction.
                let dir = find(rings[0], arc).unwrap_or_else(|| panic!("arc {a} not in state {code}'s ring"));
                directions.push(dir);
            }
            // Both outer rings run clockwise, so the two sides walk the border in opposite
            // directions.
            assert_ne!(directions[0], directions[1], "arc {a} between {c1} and {c2}");
            checked += 1;
        }
        assert_eq!(checked, 75);
    }

    #[test]
    fn arc_indices_decode_as_in_topojson() {
        assert_eq!(arc_index(0), (0, false));
        assert_eq!(arc_index(5), (5, false));
        assert_eq!(arc_index(-1), (0, true));
        assert_eq!(arc_index(-6), (5, true));
        // A tiny topology: two unit squares side by side sharing arc 0 (the middle edge).
        let text = r#"{"type":"Topology","bbox":[0,0,20,10],
            "transform":{"scale":[10,10],"translate":[0,0]},
            "arcs":[[[1,0],[0,1]],[[1,1],[-1,0],[0,-1],[1,0]],[[1,0],[1,0],[0,1],[-1,0]]],
            "objects":{"states":{"type":"GeometryCollection","geometries":[
              {"type":"Polygon","arcs":[[0,1]],"properties":{"code":"01","name":"A"}},
              {"type":"MultiPolygon","arcs":[[[-1,2]]],"properties":{"code":"02","name":"B"}}]}}}"#;
        let s = decode(text).unwrap();
        assert_eq!(s.arcs[0], vec![(10.0, 0.0), (10.0, 10.0)]);
        assert_eq!(
            s.states[0].polygons[0][0],
            vec![(10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.0), (10.0, 0.0)]
        );
        assert_eq!(
            s.states[1].polygons[0][0],
            vec![(10.0, 10.0), (10.0, 0.0), (20.0, 0.0), (20.0, 10.0), (10.0, 10.0)]
        );
        assert_eq!(s.neighbours(), vec![(1, 2)]);
        assert!(decode("{}").is_err());
    }

    #[test]
    fn project_fits_keeps_the_aspect_and_flips_y() {
        let s = states();
        let b = s.bbox;
        let (w, h, m) = (800.0, 600.0, 10.0);
        let p = s.project(w, h, m);
        let (x0, y0) = p((b.min_x, b.max_y)); // north-west corner → top left
        let (x1, y1) = p((b.max_x, b.min_y)); // south-east corner → bottom right
        assert!(y0 < y1 && x0 < x1);
        // Mexico is wider than tall: the width fills, the height is centred.
        assert!((x0 - m).abs() < 1e-9 && (x1 - (w - m)).abs() < 1e-9);
        assert!(y0 > m && y1 < h - m);
        assert!(((y0 - m) - (h - m - y1)).abs() < 1e-9);
        let aspect = (x1 - x0) / (y1 - y0);
        assert!((aspect - b.width() / b.height()).abs() < 1e-9);
        // Yucatán's label point lies east and north of Guerrero's.
        let mut at = HashMap::new();
        for code in [12u8, 31] {
            at.insert(code, p(regions::info(code).unwrap().label));
        }
        assert!(at[&31].0 > at[&12].0 && at[&31].1 < at[&12].1);
        // Every point lands inside the box.
        for &pt in s.states.iter().flat_map(|st| st.polygons.iter().flatten().flatten()) {
            let (x, y) = p(pt);
            assert!((m - 1e-6..=w - m + 1e-6).contains(&x) && (m - 1e-6..=h - m + 1e-6).contains(&y));
        }
    }
}
