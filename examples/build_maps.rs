//! Regenerates the GeoJSON map layers in `maps/` from GSHHG 2.3.7 (read through GMT's
//! `gmt coast -M`) and the hand-curated tables in `maps/src/`.
//!
//! Needs `apt-get install gmt gmt-gshhg-high gmt-gshhg-full`; run from the repository root
//! with `cargo run --no-default-features --release --example build_maps`.
//! See `maps/SOURCES.md` for provenance and licences.

#[path = "build_maps/gshhg.rs"]
mod gshhg;
#[path = "build_maps/write.rs"]
mod write;

use geo::line_intersection::{LineIntersection, line_intersection};
use geo::orient::{Direction, Orient};
use geo::{
    Area, BooleanOps, BoundingRect, Closest, ClosestPoint, Contains, Coord, Distance, Haversine,
    Intersects, Line, LineString, MultiPolygon, Point, Polygon, Rect, Simplify, SimplifyVwPreserve,
    Validation,
};
use gshhg::{BoxR, close_on_box, gmt_dump, join_directed, join_undirected, key};
use serde_json::{Map, Value, json};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::time::Instant;
use tideline::core::validity::check_polygon_rings;
use write::{feature, line_geom, multipolygon_geom, point_geom, round_multi, write_collection};

/// Dump box: a little larger than the map region (110-170 E, 33-63 N).
const BOX: BoxR = BoxR {
    x0: 108.0,
    y0: 31.0,
    x1: 172.0,
    y1: 65.0,
};
const REGION: &str = "-R108/172/31/65";

/// Visvalingam-Whyatt area thresholds (square degrees) and minimum feature areas (km²).
const MID_EPS: f64 = 1e-6;
const LOW_EPS: f64 = 2e-5;
const MID_MIN_KM2: f64 = 0.01;
const LOW_MIN_KM2: f64 = 0.3;
const LAKE_MIN_KM2: f64 = 30.0;

struct Land {
    poly: Polygon<f64>,
    rect: Rect<f64>,
    km2: f64,
}

/// Rounds to `dec` decimals, or to more where rounding would make a ring cross itself (a
/// narrow spit such as Saroma's folds over at 100 m); gives the polygons and the decimals used.
fn round_without_crossings(mp: &MultiPolygon<f64>, dec: usize) -> (MultiPolygon<f64>, usize) {
    let crosses = |mp: &MultiPolygon<f64>| {
        mp.0.iter().any(|p| {
            let rings: Vec<&[Coord<f64>]> = std::iter::once(p.exterior())
                .chain(p.interiors())
                .map(|r| r.0.as_slice())
                .collect();
            !check_polygon_rings(&rings).is_empty()
        })
    };
    for more in 0..3 {
        let rounded = round_multi(mp, dec + more);
        if !crosses(&rounded) {
            return (rounded, dec + more);
        }
    }
    eprintln!(
        "warning: a polygon still crosses itself at {} decimals",
        dec + 2
    );
    (round_multi(mp, dec + 2), dec + 2)
}

fn km2(p: &Polygon<f64>) -> f64 {
    let lat = p.bounding_rect().map(|r| r.center().y).unwrap_or(0.0);
    p.unsigned_area() * 111.32 * 111.32 * lat.to_radians().cos()
}

fn latlon(v: &Value) -> Coord<f64> {
    let a = v.as_array().expect("vertex array");
    Coord {
        x: a[1].as_f64().expect("lon"),
        y: a[0].as_f64().expect("lat"),
    }
}

fn latlons(v: &Value) -> Vec<Coord<f64>> {
    v.as_array()
        .expect("vertex list")
        .iter()
        .map(latlon)
        .collect()
}

fn ring_polygon(mut v: Vec<Coord<f64>>) -> Polygon<f64> {
    if v.first() != v.last() {
        v.push(v[0]);
    }
    Polygon::new(LineString(v), vec![]).orient(Direction::Default)
}

fn read_json(path: &str) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {path}: {e}"))
}

fn dist_km(a: Coord<f64>, b: Coord<f64>) -> f64 {
    Haversine.distance(Point(a), Point(b)) / 1000.0
}

fn props(pairs: &[(&str, Value)]) -> Map<String, Value> {
    let mut m = Map::new();
    for (k, v) in pairs {
        if !(v.is_null() || v.as_str() == Some("")) {
            m.insert((*k).to_string(), v.clone());
        }
    }
    m
}

/// Copies the listed string/bool properties from a data record.
fn copy_props(m: &mut Map<String, Value>, rec: &Value, keys: &[&str]) {
    for k in keys {
        if let Some(v) = rec.get(*k) {
            m.insert((*k).to_string(), v.clone());
        }
    }
}

fn main() {
    let t0 = Instant::now();
    std::fs::create_dir_all("maps").expect("maps dir");

    // ---------------------------------------------------------------- land
    let segs = gmt_dump(&[REGION, "-Df", "-M", "-W", "-A0/1/2"]);
    let (mut l1, mut l2) = (Vec::new(), Vec::new());
    for s in segs {
        match s.level {
            // GSHHG shorelines keep land on the left: rings come out counter-clockwise.
            1 => l1.push(s.pts),
            2 => l2.push(s.pts),
            _ => {}
        }
    }
    let (mut rings, open) = join_directed(l1);
    let n_closed = rings.len();
    let (boxed, dropped) = close_on_box(open, BOX);
    eprintln!(
        "land: {n_closed} closed rings, {} rings closed along the box, {dropped} chains dropped",
        boxed.len()
    );
    rings.extend(boxed);
    let ccw = rings
        .iter()
        .filter(|r| Polygon::new(LineString(r.to_vec()), vec![]).signed_area() > 0.0)
        .count();
    eprintln!("land: {ccw} of {} rings counter-clockwise", rings.len());
    let mut lands: Vec<Land> = rings
        .into_iter()
        .map(|r| {
            let poly = ring_polygon(r);
            let rect = poly.bounding_rect().expect("rect");
            let km2 = km2(&poly);
            Land { poly, rect, km2 }
        })
        .collect();
    lands.sort_by(|a, b| b.km2.total_cmp(&a.km2));
    let (lake_rings, _) = join_directed(l2);
    let mut lakes: Vec<Land> = lake_rings
        .into_iter()
        .map(|r| {
            let poly = ring_polygon(r);
            let rect = poly.bounding_rect().expect("rect");
            let km2 = km2(&poly);
            Land { poly, rect, km2 }
        })
        .filter(|l| l.km2 >= LAKE_MIN_KM2)
        .collect();
    lakes.sort_by(|a, b| b.km2.total_cmp(&a.km2));
    eprintln!(
        "land: {} polygons (largest {:.0} km²), {} lakes >= {LAKE_MIN_KM2} km²  [{:.1}s]",
        lands.len(),
        lands[0].km2,
        lakes.len(),
        t0.elapsed().as_secs_f64()
    );

    let mut sizes: Vec<(String, u64)> = Vec::new();
    for (name, eps, min_km2, dec) in [
        ("land_high", 0.0, 0.0, 5usize),
        ("land_mid", MID_EPS, MID_MIN_KM2, 4),
        ("land_low", LOW_EPS, LOW_MIN_KM2, 3),
    ] {
        let mut feats = Vec::new();
        let mut geoms = Vec::new();
        for (kind, set) in [("land", &lands), ("lake", &lakes)] {
            for (i, l) in set.iter().enumerate() {
                if l.km2 < min_km2 {
                    continue;
                }
                let p = if eps > 0.0 {
                    l.poly.simplify_vw_preserve(eps)
                } else {
                    l.poly.clone()
                };
                let (mp, dec_used) = round_without_crossings(&MultiPolygon(vec![p]), dec);
                // Every ring of a polygon that collapsed under rounding is gone.
                let Some(geom) = multipolygon_geom(&mp, dec_used) else {
                    continue;
                };
                let mut pr = props(&[
                    ("id", json!(format!("{kind}-{:04}", i + 1))),
                    ("kind", json!(kind)),
                    ("source", json!("gshhg")),
                    ("area_km2", json!((l.km2 * 100.0).round() / 100.0)),
                ]);
                if kind == "lake" && l.poly.contains(&Point::new(132.4, 45.0)) {
                    pr.insert("name_en".into(), json!("Lake Khanka"));
                    pr.insert("name_ja".into(), json!("ハンカ湖 (興凱湖)"));
                    pr.insert("name_ru".into(), json!("озеро Ханка"));
                }
                feats.push(feature(&pr, &geom));
                geoms.push(mp);
            }
        }
        let refs: Vec<&MultiPolygon<f64>> = geoms.iter().collect();
        let invalid = write::count_invalid(&refs);
        let size = write_collection(&format!("maps/{name}.geojson"), name, &feats);
        eprintln!(
            "{name}: {} features, {invalid} invalid after rounding, {size} bytes  [{:.1}s]",
            feats.len(),
            t0.elapsed().as_secs_f64()
        );
        sizes.push((format!("{name}.geojson"), size));
    }

    // ---------------------------------------------------------------- units
    let bdata = read_json("maps/src/boundaries.json");
    let outlines = bdata["outlines"].as_object().expect("outlines").clone();
    let outline_poly = |name: &str| -> Polygon<f64> {
        ring_polygon(latlons(
            outlines
                .get(name)
                .unwrap_or_else(|| panic!("outline {name}")),
        ))
    };
    let udata = read_json("maps/src/units.json");
    let mut units: HashMap<String, MultiPolygon<f64>> = HashMap::new();
    let mut unit_feats = Vec::new();
    for u in udata["units"].as_array().expect("units") {
        let id = u["id"].as_str().expect("unit id").to_string();
        let mut mp = if let Some(from) = u.get("from").and_then(Value::as_str) {
            units[from].clone()
        } else {
            MultiPolygon(select_lands(&lands, &u["select"], &id))
        };
        if let Some(clip) = u.get("clip") {
            let cp = match clip.as_str() {
                Some(name) => outline_poly(name),
                None => ring_polygon(latlons(clip)),
            };
            mp = mp.intersection(&MultiPolygon(vec![cp]));
        }
        if let Some(r) = u.get("lat_range") {
            let (a, b) = (r[0].as_f64().expect("lat"), r[1].as_f64().expect("lat"));
            let rect = Rect::new(Coord { x: 100.0, y: a }, Coord { x: 180.0, y: b }).to_polygon();
            mp = mp.intersection(&MultiPolygon(vec![rect]));
        }
        if let Some(h) = u.get("half_plane_north_of") {
            let (a, b) = (latlon(&h["a"]), latlon(&h["b"]));
            let off = h["offset_km"].as_f64().unwrap_or(0.0) / 111.2;
            let d = Coord {
                x: b.x - a.x,
                y: b.y - a.y,
            };
            let ext = |c: Coord<f64>, t: f64| Coord {
                x: c.x + d.x * t,
                y: c.y + d.y * t - off,
            };
            let (a2, b2) = (ext(a, -1.0), ext(b, 1.0));
            let top = 60.0;
            let half = ring_polygon(vec![
                a2,
                b2,
                Coord { x: b2.x, y: top },
                Coord { x: a2.x, y: top },
            ]);
            mp = mp.intersection(&MultiPolygon(vec![half]));
        }
        mp.0.retain(|p| km2(p) > 0.0);
        let area: f64 = mp.0.iter().map(km2).sum();
        eprintln!("unit {id}: {} parts, {area:.1} km²", mp.0.len());
        assert!(!mp.0.is_empty(), "unit {id} is empty");
        let simplified = round_multi(&mp.simplify_vw_preserve(MID_EPS), 4);
        let mut pr = props(&[("id", json!(id)), ("area_km2", json!(area.round()))]);
        copy_props(
            &mut pr,
            u,
            &[
                "name_en",
                "name_ja",
                "name_ru",
                "source",
                "schematic",
                "note_en",
            ],
        );
        match multipolygon_geom(&simplified, 4) {
            Some(geom) => unit_feats.push(feature(&pr, &geom)),
            None => eprintln!("WARNING unit {id}: nothing left after rounding; not written"),
        }
        units.insert(id, mp);
    }
    let size = write_collection("maps/islands.geojson", "islands", &unit_feats);
    sizes.push(("islands.geojson".into(), size));
    eprintln!(
        "islands: {} units [{:.1}s]",
        unit_feats.len(),
        t0.elapsed().as_secs_f64()
    );

    // ---------------------------------------------------------------- rivers
    let rsegs = gmt_dump(&[REGION, "-Df", "-M", "-I1", "-I2", "-I3"]);
    let net = RiverNet::new(&rsegs);
    let rdata = read_json("maps/src/rivers.json");
    let mut used_edges: HashSet<(usize, usize)> = HashSet::new();
    let mut river_paths: HashMap<String, Vec<Coord<f64>>> = HashMap::new();
    let mut river_feats = Vec::new();
    for r in rdata["rivers"].as_array().expect("rivers") {
        let id = r["id"].as_str().expect("river id").to_string();
        let wps = latlons(&r["waypoints"]);
        let path = net.trace(&wps, &id, &mut used_edges);
        let simple = LineString(path.clone()).simplify(0.0005);
        let mut pr = props(&[("id", json!(id)), ("kind", json!("river"))]);
        copy_props(&mut pr, r, &["name_en", "name_ja", "name_ru", "source"]);
        match line_geom(&simple.0, 4) {
            Some(geom) => river_feats.push(feature(&pr, &geom)),
            None => eprintln!("WARNING river {id}: fewer than 2 positions; not written"),
        }
        river_paths.insert(id, path);
    }
    // The rest of the network, minus the edges already used by named rivers.
    let mut pieces: Vec<(u8, Vec<Coord<f64>>)> = Vec::new();
    for s in &rsegs {
        let mut cur: Vec<Coord<f64>> = vec![s.pts[0]];
        for w in s.pts.windows(2) {
            let e = net.edge_key(w[0], w[1]);
            if used_edges.contains(&e) {
                if cur.len() >= 2 {
                    pieces.push((s.level, std::mem::take(&mut cur)));
                }
                cur = vec![w[1]];
            } else {
                cur.push(w[1]);
            }
        }
        if cur.len() >= 2 {
            pieces.push((s.level, cur));
        }
    }
    for level in 1..=3u8 {
        let lines = join_undirected(
            pieces
                .iter()
                .filter(|p| p.0 == level)
                .map(|p| p.1.clone())
                .collect(),
        );
        let mut n = 0;
        let mut skipped = 0;
        for l in lines {
            // Lines that collapse to a single position after rounding are dropped.
            let Some(geom) = line_geom(&LineString(l).simplify(0.002).0, 3) else {
                skipped += 1;
                continue;
            };
            n += 1;
            let pr = props(&[
                ("id", json!(format!("river-l{level}-{n:04}"))),
                ("kind", json!("river")),
                ("wdb_level", json!(level)),
                ("source", json!("gshhg")),
            ]);
            river_feats.push(feature(&pr, &geom));
        }
        eprintln!("rivers level {level}: {n} lines, {skipped} too short after rounding");
    }
    let size = write_collection("maps/rivers.geojson", "rivers", &river_feats);
    sizes.push(("rivers.geojson".into(), size));

    // ---------------------------------------------------------------- borders
    let bsegs = gmt_dump(&[REGION, "-Df", "-M", "-N1"]);
    let blines = join_undirected(bsegs.into_iter().map(|s| s.pts).collect());
    let border_feats: Vec<String> = blines
        .into_iter()
        .filter_map(|l| line_geom(&LineString(l).simplify(0.0005).0, 4))
        .enumerate()
        .map(|(i, geom)| {
            let pr = props(&[
                ("id", json!(format!("border-{:03}", i + 1))),
                ("kind", json!("border")),
                ("source", json!("gshhg")),
            ]);
            feature(&pr, &geom)
        })
        .collect();
    let size = write_collection(
        "maps/borders_modern.geojson",
        "borders_modern",
        &border_feats,
    );
    sizes.push(("borders_modern.geojson".into(), size));
    eprintln!(
        "rivers and borders done [{:.1}s]",
        t0.elapsed().as_secs_f64()
    );

    // ---------------------------------------------------------------- boundaries
    let mut lines_by_id: HashMap<String, Vec<Coord<f64>>> = HashMap::new();
    let mut bfeats = Vec::new();
    for b in bdata["boundaries"].as_array().expect("boundaries") {
        let id = b["id"].as_str().expect("boundary id").to_string();
        let g = &b["geometry"];
        let geom = match g["kind"].as_str().expect("geometry kind") {
            "line" | "river_or_line" => {
                let mut v = latlons(&g["vertices"]);
                if let Some(river) = g.get("river").and_then(Value::as_str)
                    && let Some(p) = river_paths.get(river)
                {
                    v = LineString(p.clone()).simplify(0.0005).0;
                }
                let snap = g.get("snap").and_then(Value::as_str).unwrap_or("");
                if snap == "both" || snap == "start" {
                    v[0] = snap_to_coast(&lands, v[1], v[0], &id);
                }
                if snap == "both" || snap == "end" {
                    let n = v.len();
                    v[n - 1] = snap_to_coast(&lands, v[n - 2], v[n - 1], &id);
                }
                if g.get("snap").is_none() && g["kind"] == "line" {
                    report_land_crossing(&lands, &v, &id);
                }
                let s = line_geom(&v, 5);
                lines_by_id.insert(id.clone(), v);
                s
            }
            "outline_land" => {
                let op = outline_poly(g["outline"].as_str().expect("outline"));
                let orect = op.bounding_rect().expect("rect");
                let near = MultiPolygon(
                    lands
                        .iter()
                        .filter(|l| l.rect.intersects(&orect))
                        .map(|l| l.poly.clone())
                        .collect(),
                );
                let mp = near.intersection(&MultiPolygon(vec![op]));
                let mp = round_multi(&mp.simplify_vw_preserve(MID_EPS), 4);
                multipolygon_geom(&mp, 4)
            }
            "unit" => {
                let mp = &units[g["unit"].as_str().expect("unit")];
                multipolygon_geom(&round_multi(&mp.simplify_vw_preserve(MID_EPS), 4), 4)
            }
            "wedge" => {
                let a = &lines_by_id[g["a"].as_str().expect("a")];
                let bl = &lines_by_id[g["b"].as_str().expect("b")];
                let mut ring = a.clone();
                ring.extend(bl.iter().rev());
                let mut poly = ring_polygon(ring);
                if !poly.is_valid() {
                    eprintln!(
                        "WARNING {id}: wedge from the traced river self-intersects; repaired with a union"
                    );
                    let mut fixed = MultiPolygon(vec![poly.clone()]).union(&MultiPolygon(vec![]));
                    fixed.0.sort_by(|p, q| km2(q).total_cmp(&km2(p)));
                    poly = fixed.0.swap_remove(0);
                }
                multipolygon_geom(&round_multi(&MultiPolygon(vec![poly]), 5), 5)
            }
            other => panic!("{id}: unknown geometry kind {other}"),
        };
        let Some(geom) = geom else {
            eprintln!("WARNING boundary {id}: degenerate after rounding; not written");
            continue;
        };
        let mut pr = props(&[("id", json!(id))]);
        copy_props(
            &mut pr,
            b,
            &[
                "name_en",
                "name_ja",
                "name_ru",
                "valid_from",
                "valid_to",
                "source",
                "confidence",
                "kind",
                "schematic",
                "note_en",
            ],
        );
        bfeats.push(feature(&pr, &geom));
    }
    let size = write_collection("maps/boundaries.geojson", "boundaries", &bfeats);
    sizes.push(("boundaries.geojson".into(), size));

    // ---------------------------------------------------------------- gazetteer
    let tsv = std::fs::read_to_string("maps/src/gazetteer.tsv").expect("gazetteer.tsv");
    let mut rows = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header: Vec<&str> = rows.next().expect("header").split('\t').collect();
    let mut gfeats = Vec::new();
    let mut ids_txt = String::from(
        "# Gazetteer ids in maps/gazetteer.geojson (generated by build_maps): id<TAB>name_en<TAB>kind\n",
    );
    for row in rows {
        let cells: Vec<&str> = row.split('\t').collect();
        let get = |k: &str| -> &str {
            header
                .iter()
                .position(|h| *h == k)
                .and_then(|i| cells.get(i).copied())
                .unwrap_or("")
                .trim()
        };
        let lat: f64 = get("lat").parse().expect("lat");
        let lon: f64 = get("lon").parse().expect("lon");
        let mut pr = Map::new();
        for k in [
            "id",
            "name_en",
            "name_ja",
            "name_ja_romaji",
            "name_ru",
            "modern_en",
            "modern_ja",
            "modern_ru",
            "co_equal_en",
            "co_equal_ja",
            "co_equal_ru",
            "kind",
        ] {
            if !get(k).is_empty() {
                pr.insert(k.into(), json!(get(k)));
            }
        }
        pr.insert(
            "rank".into(),
            json!(get("rank").parse::<u32>().expect("rank")),
        );
        pr.insert("source".into(), json!(get("source")));
        pr.insert("confidence".into(), json!(get("confidence")));
        if get("ref") != "x" {
            pr.insert("ref".into(), json!(format!("C{}", get("ref"))));
        }
        if !get("note").is_empty() {
            pr.insert("note_en".into(), json!(get("note")));
        }
        ids_txt.push_str(&format!(
            "{}\t{}\t{}\n",
            get("id"),
            get("name_en"),
            get("kind")
        ));
        gfeats.push(feature(&pr, &point_geom(Coord { x: lon, y: lat }, 4)));
    }
    let size = write_collection("maps/gazetteer.geojson", "gazetteer", &gfeats);
    sizes.push(("gazetteer.geojson".into(), size));
    std::fs::write("maps/gazetteer_ids.txt", ids_txt).expect("write ids");

    eprintln!("\nfile sizes:");
    for (n, s) in &sizes {
        eprintln!("  {n:28} {:>10} bytes ({:.2} MB)", s, *s as f64 / 1e6);
    }
    eprintln!("done in {:.1}s", t0.elapsed().as_secs_f64());
}

/// Land polygons chosen by a unit's `select` rule.
fn select_lands(lands: &[Land], sel: &Value, id: &str) -> Vec<Polygon<f64>> {
    let mut chosen: Vec<usize> = Vec::new();
    if let Some(points) = sel.get("contains") {
        for c in latlons(points) {
            let pt = Point(c);
            let hit = lands
                .iter()
                .position(|l| l.rect.intersects(&pt) && l.poly.contains(&pt))
                .or_else(|| {
                    // Nearest polygon within 5 km.
                    let mut best: Option<(usize, f64)> = None;
                    for (i, l) in lands.iter().enumerate() {
                        let r = l.rect;
                        if c.x < r.min().x - 0.1 || c.x > r.max().x + 0.1 {
                            continue;
                        }
                        if c.y < r.min().y - 0.1 || c.y > r.max().y + 0.1 {
                            continue;
                        }
                        if let Closest::SinglePoint(p) | Closest::Intersection(p) =
                            l.poly.exterior().closest_point(&pt)
                        {
                            let d = dist_km(c, p.0);
                            if d < 5.0 && best.is_none_or(|(_, bd)| d < bd) {
                                best = Some((i, d));
                            }
                        }
                    }
                    if let Some((_, d)) = best {
                        eprintln!(
                            "  {id}: point {c:?} is {d:.2} km off land; using the nearest polygon"
                        );
                    }
                    best.map(|b| b.0)
                });
            match hit {
                Some(hit) if !chosen.contains(&hit) => chosen.push(hit),
                Some(_) => {}
                None => eprintln!("WARNING unit {id}: no land polygon at {c:?}"),
            }
        }
    }
    if let Some(bb) = sel.get("bbox") {
        let v: Vec<f64> = bb
            .as_array()
            .expect("bbox")
            .iter()
            .map(|x| x.as_f64().expect("bbox number"))
            .collect();
        let rect = Rect::new(Coord { x: v[1], y: v[0] }, Coord { x: v[3], y: v[2] });
        let max = sel["max_area_km2"].as_f64().unwrap_or(f64::INFINITY);
        for (i, l) in lands.iter().enumerate() {
            if l.km2 < max && l.rect.intersects(&rect) && !chosen.contains(&i) {
                chosen.push(i);
            }
        }
    }
    chosen.into_iter().map(|i| lands[i].poly.clone()).collect()
}

/// Moves `end` onto the coast where the segment prev→end (extended 20 km both ways
/// past `end`) crosses a full-resolution shoreline, taking the crossing nearest to `end`.
fn snap_to_coast(lands: &[Land], prev: Coord<f64>, end: Coord<f64>, id: &str) -> Coord<f64> {
    let (dx, dy) = (end.x - prev.x, end.y - prev.y);
    let len = (dx * dx + dy * dy).sqrt();
    let ext = 0.25 / len;
    let a = Coord {
        x: end.x - dx * ext,
        y: end.y - dy * ext,
    };
    let b = Coord {
        x: end.x + dx * ext,
        y: end.y + dy * ext,
    };
    let seg = Line::new(a, b);
    let srect = seg.bounding_rect();
    let mut best: Option<(Coord<f64>, f64)> = None;
    for l in lands.iter().filter(|l| l.rect.intersects(&srect)) {
        for e in l.poly.exterior().lines() {
            if !e.bounding_rect().intersects(&srect) {
                continue;
            }
            if let Some(LineIntersection::SinglePoint { intersection, .. }) =
                line_intersection(seg, e)
            {
                let d = dist_km(intersection, end);
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((intersection, d));
                }
            }
        }
    }
    match best {
        Some((c, d)) => {
            eprintln!("  {id}: end {end:?} snapped {d:.2} km along the line to the coast");
            c
        }
        None => {
            eprintln!("WARNING {id}: no coast crossing near {end:?}; left unsnapped");
            end
        }
    }
}

/// Warns when a line that should stay at sea touches full-resolution land.
fn report_land_crossing(lands: &[Land], v: &[Coord<f64>], id: &str) {
    let ls = LineString(v.to_vec());
    let r = ls.bounding_rect().expect("rect");
    for l in lands.iter().filter(|l| l.rect.intersects(&r)) {
        if l.poly.intersects(&ls) {
            eprintln!(
                "NOTE {id}: line touches land polygon of {:.2} km² (bbox {:?})",
                l.km2, l.rect
            );
        }
    }
}

/// The WDBII river network as a graph, for tracing named rivers between waypoints.
struct RiverNet {
    nodes: Vec<Coord<f64>>,
    index: HashMap<(i64, i64), usize>,
    adj: Vec<Vec<(usize, f64)>>,
}

impl RiverNet {
    fn new(segs: &[gshhg::Seg]) -> Self {
        let mut net = RiverNet {
            nodes: Vec::new(),
            index: HashMap::new(),
            adj: Vec::new(),
        };
        for s in segs {
            for w in s.pts.windows(2) {
                let (a, b) = (net.node(w[0]), net.node(w[1]));
                if a == b {
                    continue;
                }
                let d = dist_km(w[0], w[1]);
                net.adj[a].push((b, d));
                net.adj[b].push((a, d));
            }
        }
        // WDBII pieces do not always share end points: link every dead end to the
        // nearest other node within 1.5 km.
        let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
        let cell = |c: Coord<f64>| ((c.x / 0.02).floor() as i64, (c.y / 0.02).floor() as i64);
        for (i, n) in net.nodes.iter().enumerate() {
            grid.entry(cell(*n)).or_default().push(i);
        }
        for i in 0..net.nodes.len() {
            if net.adj[i].len() != 1 {
                continue;
            }
            let c = net.nodes[i];
            let (cx, cy) = cell(c);
            let mut best: Option<(usize, f64)> = None;
            for gx in cx - 1..=cx + 1 {
                for gy in cy - 1..=cy + 1 {
                    for &j in grid.get(&(gx, gy)).map(Vec::as_slice).unwrap_or(&[]) {
                        if j == i || net.adj[i].iter().any(|e| e.0 == j) {
                            continue;
                        }
                        let d = dist_km(c, net.nodes[j]);
                        if d < 1.5 && best.is_none_or(|(_, bd)| d < bd) {
                            best = Some((j, d));
                        }
                    }
                }
            }
            if let Some((j, d)) = best {
                net.adj[i].push((j, d));
                net.adj[j].push((i, d));
            }
        }
        net
    }

    fn node(&mut self, c: Coord<f64>) -> usize {
        let k = key(c);
        if let Some(&i) = self.index.get(&k) {
            return i;
        }
        self.nodes.push(c);
        self.adj.push(Vec::new());
        self.index.insert(k, self.nodes.len() - 1);
        self.nodes.len() - 1
    }

    fn edge_key(&self, a: Coord<f64>, b: Coord<f64>) -> (usize, usize) {
        let (i, j) = (
            self.index.get(&key(a)).copied().unwrap_or(usize::MAX),
            self.index.get(&key(b)).copied().unwrap_or(usize::MAX),
        );
        (i.min(j), i.max(j))
    }

    fn nearest(&self, c: Coord<f64>) -> (usize, f64) {
        let mut best = (0, f64::INFINITY);
        for (i, n) in self.nodes.iter().enumerate() {
            if (n.x - c.x).abs() > 1.5 || (n.y - c.y).abs() > 1.0 {
                continue;
            }
            let d = dist_km(*n, c);
            if d < best.1 {
                best = (i, d);
            }
        }
        best
    }

    fn shortest(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut dist = vec![f64::INFINITY; self.nodes.len()];
        let mut prev = vec![usize::MAX; self.nodes.len()];
        let mut heap = BinaryHeap::new();
        dist[from] = 0.0;
        heap.push(Reverse((0u64, from)));
        while let Some(Reverse((dbits, u))) = heap.pop() {
            let d = f64::from_bits(dbits);
            if u == to {
                break;
            }
            if d > dist[u] {
                continue;
            }
            for &(v, w) in &self.adj[u] {
                let nd = d + w;
                if nd < dist[v] {
                    dist[v] = nd;
                    prev[v] = u;
                    heap.push(Reverse((nd.to_bits(), v)));
                }
            }
        }
        if dist[to].is_infinite() {
            return None;
        }
        let mut path = vec![to];
        while *path.last().expect("path") != from {
            path.push(prev[*path.last().expect("path")]);
        }
        path.reverse();
        Some(path)
    }

    /// Traces a river through its waypoints; falls back to straight segments where
    /// the network is broken.
    fn trace(
        &self,
        wps: &[Coord<f64>],
        id: &str,
        used: &mut HashSet<(usize, usize)>,
    ) -> Vec<Coord<f64>> {
        let snapped: Vec<(usize, f64)> = wps.iter().map(|&c| self.nearest(c)).collect();
        for (w, (_, d)) in wps.iter().zip(&snapped) {
            if *d > 5.0 {
                eprintln!("NOTE river {id}: waypoint {w:?} is {d:.1} km from the network");
            }
        }
        // Waypoints far from the network (the river exists there only as double-lined
        // river-lake polygons in GSHHG) are kept as they are and joined by straight segments.
        let ends: Vec<(Option<usize>, Coord<f64>)> = wps
            .iter()
            .zip(&snapped)
            .map(|(&c, &(n, d))| {
                if d <= 5.0 {
                    (Some(n), self.nodes[n])
                } else {
                    (None, c)
                }
            })
            .collect();
        let mut out: Vec<Coord<f64>> = Vec::new();
        for w in ends.windows(2) {
            let path = match (w[0].0, w[1].0) {
                (Some(a), Some(b)) => self.shortest(a, b),
                _ => None,
            };
            match path {
                Some(path) => {
                    for p in path.windows(2) {
                        used.insert((p[0].min(p[1]), p[0].max(p[1])));
                    }
                    for &n in &path {
                        if out.last() != Some(&self.nodes[n]) {
                            out.push(self.nodes[n]);
                        }
                    }
                }
                None => {
                    eprintln!(
                        "NOTE river {id}: straight segment {:?} -> {:?}",
                        w[0].1, w[1].1
                    );
                    for c in [w[0].1, w[1].1] {
                        if out.last() != Some(&c) {
                            out.push(c);
                        }
                    }
                }
            }
        }
        out
    }
}
