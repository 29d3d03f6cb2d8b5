//! From scenario and MapState to meshes: base layers once per zoom level, overlays when the state changes.

use crate::core::geojson_layer::MapFeature;
use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::{LayerRole, LayerStyle, Pattern};
use crate::core::simplify::{simplify_lines, simplify_polygons};
use crate::core::style::{NEUTRAL, Rgba, StrokeLook, area_look, line_look, movement_look};
use crate::core::tessellate::{MeshData, Tessellator};
use crate::core::timeline::MapState;
use geo::{
    BooleanOps, BoundingRect, Coord, Geometry, LineString, MultiLineString, MultiPolygon, Polygon,
    Rect,
};
use lyon_tessellation::LineCap;
use std::collections::HashMap;

/// Zoom is quantised to quarter powers of two, so stroke widths stay within ±9% of their
/// pixel target while meshes are rebuilt only when the level changes.
pub fn zoom_level(px_per_km: f64) -> i32 {
    (px_per_km.max(1e-6).log2() * 4.0).round() as i32
}

pub fn level_px_per_km(level: i32) -> f64 {
    2f64.powf(level as f64 / 4.0)
}

/// A feature's geometry in map kilometres.
#[derive(Debug, Clone)]
pub struct ProjectedFeature {
    pub polygons: MultiPolygon<f64>,
    pub lines: MultiLineString<f64>,
    /// Where the polygons were cut to a box: the pieces of their original rings to stroke
    /// instead of the cut rings, so the box's own edges are never drawn as coast.
    pub outline: Option<MultiLineString<f64>>,
}

fn project_ring(projection: &Projection, ring: &LineString<f64>) -> LineString<f64> {
    // Sized up front: a filtered collect would grow the vector (and copy it) several times.
    let mut projected = Vec::with_capacity(ring.0.len());
    projected.extend(
        ring.0
            .iter()
            .filter_map(|c| projection.project(c.x, c.y))
            .map(|(x, y)| Coord { x, y }),
    );
    LineString(projected)
}

pub fn project_polygons(
    projection: &Projection,
    polygons: &MultiPolygon<f64>,
) -> MultiPolygon<f64> {
    MultiPolygon(
        polygons
            .0
            .iter()
            .map(|p| {
                Polygon::new(
                    project_ring(projection, p.exterior()),
                    p.interiors()
                        .iter()
                        .map(|r| project_ring(projection, r))
                        .collect(),
                )
            })
            .collect(),
    )
}

pub fn project_lines(
    projection: &Projection,
    lines: &MultiLineString<f64>,
) -> MultiLineString<f64> {
    MultiLineString(
        lines
            .0
            .iter()
            .map(|l| project_ring(projection, l))
            .collect(),
    )
}

fn collect_geometry(projection: &Projection, geometry: &Geometry<f64>, out: &mut ProjectedFeature) {
    match geometry {
        // Points are drawn as labels, not meshes.
        Geometry::Point(_) | Geometry::MultiPoint(_) => {}
        Geometry::LineString(l) => out.lines.0.push(project_ring(projection, l)),
        Geometry::MultiLineString(ml) => out.lines.0.extend(project_lines(projection, ml).0),
        Geometry::Polygon(p) => out
            .polygons
            .0
            .extend(project_polygons(projection, &MultiPolygon(vec![p.clone()])).0),
        Geometry::MultiPolygon(mp) => out.polygons.0.extend(project_polygons(projection, mp).0),
        Geometry::GeometryCollection(gc) => {
            for g in &gc.0 {
                collect_geometry(projection, g, out);
            }
        }
        Geometry::Line(_) | Geometry::Rect(_) | Geometry::Triangle(_) => {}
    }
}

impl Default for ProjectedFeature {
    fn default() -> Self {
        ProjectedFeature {
            polygons: MultiPolygon(Vec::new()),
            lines: MultiLineString(Vec::new()),
            outline: None,
        }
    }
}

pub fn project_feature(projection: &Projection, feature: &MapFeature) -> ProjectedFeature {
    let mut out = ProjectedFeature::default();
    collect_geometry(projection, &feature.geometry, &mut out);
    out
}

/// The part of a feature inside a map box (kilometres), or `None` if none of it is. A feature
/// wholly inside comes back as it is; one that crosses the box is cut: polygons for filling,
/// their rings and the lines for stroking. Detailed coasts are drawn around the view this
/// way, so a close view of one bay does not tessellate the whole mainland's coastline.
pub fn clip_to_box(feature: &ProjectedFeature, window: Rect<f64>) -> Option<ProjectedFeature> {
    let bounds = feature
        .polygons
        .bounding_rect()
        .into_iter()
        .chain(feature.lines.bounding_rect())
        .reduce(|a, b| {
            Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        })?;
    let inside = |r: &Rect<f64>, w: &Rect<f64>| {
        r.min().x >= w.min().x
            && r.min().y >= w.min().y
            && r.max().x <= w.max().x
            && r.max().y <= w.max().y
    };
    let disjoint = bounds.max().x < window.min().x
        || bounds.min().x > window.max().x
        || bounds.max().y < window.min().y
        || bounds.min().y > window.max().y;
    if disjoint {
        return None;
    }
    if inside(&bounds, &window) {
        return Some(feature.clone());
    }
    // The exact cuts (i_overlay) cost O(n log n) with large constants on a 166,000-vertex
    // mainland; a linear pass against the rectangle first leaves them only what is near it.
    let rings = feature
        .polygons
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
    let outline = match &feature.outline {
        Some(outline) => runs_near(outline.0.iter(), &window),
        None => runs_near(rings, &window),
    };
    let lines = runs_near(feature.lines.0.iter(), &window);
    let reduced = MultiPolygon(
        feature
            .polygons
            .0
            .iter()
            .filter_map(|p| {
                let exterior = ring_in_window(&p.exterior().0, &window)?;
                let holes = p
                    .interiors()
                    .iter()
                    .filter_map(|hole| ring_in_window(&hole.0, &window))
                    .collect();
                Some(Polygon::new(exterior, holes))
            })
            .collect(),
    );
    let window = window.to_polygon();
    let cut_lines = |lines: MultiLineString<f64>| {
        if lines.0.is_empty() {
            lines
        } else {
            window.clip(&lines, false)
        }
    };
    let outline = cut_lines(outline);
    let lines = cut_lines(lines);
    let polygons = if reduced.0.is_empty() {
        reduced
    } else {
        reduced.intersection(&MultiPolygon(vec![window]))
    };
    Some(ProjectedFeature {
        polygons,
        lines,
        outline: Some(outline),
    })
}

/// The stretches of polylines whose segments come near a box (their own boxes meet it): what
/// a cut to the box can keep, found in one pass.
fn runs_near<'a>(
    lines: impl Iterator<Item = &'a LineString<f64>>,
    window: &Rect<f64>,
) -> MultiLineString<f64> {
    let mut runs = Vec::new();
    for line in lines {
        let mut run: Vec<Coord<f64>> = Vec::new();
        for segment in line.0.windows(2) {
            let (a, b) = (segment[0], segment[1]);
            let near = a.x.max(b.x) >= window.min().x
                && a.x.min(b.x) <= window.max().x
                && a.y.max(b.y) >= window.min().y
                && a.y.min(b.y) <= window.max().y;
            if near {
                if run.is_empty() {
                    run.push(a);
                }
                run.push(b);
            } else if !run.is_empty() {
                runs.push(LineString(std::mem::take(&mut run)));
            }
        }
        if !run.is_empty() {
            runs.push(LineString(run));
        }
    }
    MultiLineString(runs)
}

/// A closed ring cut to a box by Sutherland–Hodgman (one half-plane after another): the
/// region it encloses within the box, possibly with zero-width spurs along the box's edges,
/// which the exact intersection after it removes. `None` when nothing of it is left.
fn ring_in_window(ring: &[Coord<f64>], window: &Rect<f64>) -> Option<LineString<f64>> {
    let (min, max) = (window.min(), window.max());
    // Each edge of the box as (is the point inside?, where does a segment cross it?).
    type Inside = fn(Coord<f64>, f64) -> bool;
    let edges: [(Inside, f64, bool); 4] = [
        (|p, v| p.x >= v, min.x, true),
        (|p, v| p.x <= v, max.x, true),
        (|p, v| p.y >= v, min.y, false),
        (|p, v| p.y <= v, max.y, false),
    ];
    let mut points: Vec<Coord<f64>> = ring.to_vec();
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    for (inside, value, vertical) in edges {
        if points.is_empty() {
            return None;
        }
        let crossing = |a: Coord<f64>, b: Coord<f64>| {
            if vertical {
                let t = (value - a.x) / (b.x - a.x);
                Coord {
                    x: value,
                    y: a.y + t * (b.y - a.y),
                }
            } else {
                let t = (value - a.y) / (b.y - a.y);
                Coord {
                    x: a.x + t * (b.x - a.x),
                    y: value,
                }
            }
        };
        let mut kept = Vec::with_capacity(points.len());
        let mut previous = *points.last().expect("not empty");
        for &point in &points {
            match (inside(previous, value), inside(point, value)) {
                (true, true) => kept.push(point),
                (true, false) => kept.push(crossing(previous, point)),
                (false, true) => {
                    kept.push(crossing(previous, point));
                    kept.push(point);
                }
                (false, false) => {}
            }
            previous = point;
        }
        points = kept;
    }
    if points.len() < 3 {
        return None;
    }
    points.push(points[0]);
    Some(LineString(points))
}

/// How far (in pixels) a simplified base layer may stray from its file: a third of a pixel.
const SUB_PIXEL: f64 = 0.33;

/// The meshes of one drawn layer.
#[derive(Debug, Clone, Default)]
pub struct LayerMeshes {
    pub fill: MeshData,
    pub stroke: MeshData,
}

/// Tessellates a base or context layer: fills once, strokes at the zoom level's pixel width.
pub fn layer_meshes(
    tessellator: &mut Tessellator,
    role: LayerRole,
    style: &LayerStyle,
    features: &[ProjectedFeature],
    shown: Option<&[usize]>,
    px_per_km: f64,
    line_scale: f32,
) -> LayerMeshes {
    let mut meshes = LayerMeshes::default();
    if matches!(role, LayerRole::Overlay | LayerRole::Labels) {
        return meshes;
    }
    let fill = style.fill.as_deref().and_then(Rgba::parse_hex);
    let stroke = style.stroke.as_deref().and_then(Rgba::parse_hex);
    let tolerance = (0.3 / px_per_km) as f32;
    let look = stroke.map(|colour| StrokeLook {
        colour,
        width: style.width * line_scale,
        pattern: style.pattern,
        struck_through: false,
    });
    let chosen: Box<dyn Iterator<Item = &ProjectedFeature>> = match shown {
        Some(indices) => Box::new(indices.iter().filter_map(|&i| features.get(i))),
        None => Box::new(features.iter()),
    };
    // Detail finer than the pixel grid costs triangles and draws nothing: drop it first.
    let pixel_km = SUB_PIXEL / px_per_km;
    for feature in chosen {
        let polygons = simplify_polygons(&feature.polygons, pixel_km);
        let lines = simplify_lines(&feature.lines, pixel_km);
        if let Some(colour) = fill {
            tessellator.fill(&mut meshes.fill, &polygons, colour, tolerance);
        }
        if let Some(look) = &look {
            let width = (look.width as f64 / px_per_km) as f32;
            match &feature.outline {
                Some(outline) => {
                    for piece in &simplify_lines(outline, pixel_km).0 {
                        let closed = piece.is_closed() && piece.0.len() > 3;
                        stroke_pattern(
                            tessellator,
                            &mut meshes.stroke,
                            &piece.0,
                            look,
                            px_per_km,
                            width,
                            closed,
                        );
                    }
                }
                None => {
                    for polygon in &polygons.0 {
                        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                            stroke_pattern(
                                tessellator,
                                &mut meshes.stroke,
                                &ring.0,
                                look,
                                px_per_km,
                                width,
                                true,
                            );
                        }
                    }
                }
            }
            for line in &lines.0 {
                stroke_pattern(
                    tessellator,
                    &mut meshes.stroke,
                    &line.0,
                    look,
                    px_per_km,
                    width,
                    false,
                );
            }
        }
    }
    meshes
}

fn stroke_pattern(
    t: &mut Tessellator,
    mesh: &mut MeshData,
    points: &[Coord<f64>],
    look: &StrokeLook,
    px_per_km: f64,
    width: f32,
    closed: bool,
) {
    if look.pattern == Pattern::Solid {
        t.stroke_line(mesh, points, width, look.colour, closed, LineCap::Round);
    } else {
        t.stroke_styled(mesh, points, look, px_per_km, 1.0);
    }
}

/// The overlay meshes, in draw order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OverlayMeshes {
    pub area_fills: MeshData,
    pub area_edges: MeshData,
    pub lines: MeshData,
    pub movements: MeshData,
}

/// Which of the overlay meshes the last `OverlayBuilder::build` changed; a renderer uploads
/// only those.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OverlayChanges {
    pub area_fills: bool,
    pub area_edges: bool,
    pub lines: bool,
    pub movements: bool,
}

impl OverlayChanges {
    pub fn any(&self) -> bool {
        self.area_fills || self.area_edges || self.lines || self.movements
    }
}

/// A tessellated piece of the overlay at full opacity, reused while its keyframe and zoom hold.
#[derive(Debug, Clone, Default)]
struct Piece {
    fill: MeshData,
    edges: MeshData,
}

/// Which cached piece a stretch of an output mesh was copied from, and at what opacity.
/// `None` marks a piece made for this moment only (an interpolated shape, a growing arrow).
type PieceStamp = Option<(PieceKey, u32)>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum PieceKey {
    Area(usize, usize, Option<u64>),
    Line(usize, usize),
    Arrow(usize),
}

/// One output mesh kept between builds, with the pieces it is made of. A build walks the
/// pieces in draw order; while they are the same cached pieces at the same opacity as last
/// time, nothing is copied. From the first difference on, the mesh is cut back and the rest
/// appended again, so a scrub step copies only what follows the first change.
#[derive(Debug, Default)]
struct AssembledMesh {
    stamps: Vec<PieceStamp>,
    /// The mesh's vertex and index counts after each piece.
    ends: Vec<(usize, usize)>,
    /// Pieces of the current build that matched the last one so far.
    matched: usize,
    diverged: bool,
    changed: bool,
}

impl AssembledMesh {
    fn begin(&mut self) {
        self.matched = 0;
        self.diverged = false;
        self.changed = false;
    }

    /// Whether the next piece is already in `mesh` as it was last time; if not, the mesh is
    /// cut back to the pieces before it and the caller appends the piece with `append`.
    fn reuse(&mut self, mesh: &mut MeshData, stamp: PieceStamp) -> bool {
        if !self.diverged {
            if stamp.is_some() && self.stamps.get(self.matched) == Some(&stamp) {
                self.matched += 1;
                return true;
            }
            self.cut_back(mesh);
        }
        false
    }

    fn append(&mut self, mesh: &mut MeshData, stamp: PieceStamp, piece: &MeshData, alpha: f32) {
        append_faded(mesh, piece, alpha);
        self.stamps.push(stamp);
        self.ends.push((mesh.positions.len(), mesh.indices.len()));
    }

    fn cut_back(&mut self, mesh: &mut MeshData) {
        self.diverged = true;
        self.changed = true;
        self.stamps.truncate(self.matched);
        self.ends.truncate(self.matched);
        let (vertices, indices) = self.ends.last().copied().unwrap_or((0, 0));
        mesh.positions.truncate(vertices);
        mesh.colors.truncate(vertices);
        mesh.indices.truncate(indices);
    }

    /// Drops pieces left over from the last build; gives whether the mesh changed.
    fn finish(&mut self, mesh: &mut MeshData) -> bool {
        if !self.diverged && self.matched < self.stamps.len() {
            self.cut_back(mesh);
        }
        self.changed
    }

    fn clear(&mut self, mesh: &mut MeshData) {
        self.matched = 0;
        self.cut_back(mesh);
    }
}

/// Appends `src` to `dst` with every vertex's alpha scaled by `alpha` (for fades).
fn append_faded(dst: &mut MeshData, src: &MeshData, alpha: f32) {
    let start = dst.colors.len();
    dst.extend(src);
    if alpha < 1.0 {
        for colour in &mut dst.colors[start..] {
            colour[3] *= alpha;
        }
    }
}

/// Builds overlay meshes. Documented keyframes (not interpolated) are projected once and
/// tessellated once per zoom level; a scrub step only redoes what moved and recolours fades,
/// and copies into the output meshes only what follows the first piece that changed.
pub struct OverlayBuilder {
    projection: Projection,
    tessellator: Tessellator,
    area_shapes: HashMap<(usize, usize), MultiPolygon<f64>>,
    line_shapes: HashMap<(usize, usize), MultiLineString<f64>>,
    routes: HashMap<usize, Vec<Coord<f64>>>,
    /// The zoom level and line scale the cached pieces were tessellated for.
    cached_zoom: Option<(i32, u32)>,
    area_pieces: HashMap<(usize, usize, Option<u64>), Piece>,
    line_pieces: HashMap<(usize, usize), MeshData>,
    arrived_arrows: HashMap<usize, MeshData>,
    out: OverlayMeshes,
    assembled: [AssembledMesh; 4],
    /// A piece made for one moment only, kept to spare an allocation per step.
    scratch: Piece,
}

impl OverlayBuilder {
    pub fn new(scenario: &Scenario) -> OverlayBuilder {
        let projection = Projection::regional();
        let mut area_shapes = HashMap::new();
        for (a, area) in scenario.areas.iter().enumerate() {
            for (k, frame) in area.keyframes.iter().enumerate() {
                area_shapes.insert((a, k), project_polygons(&projection, &frame.shape));
            }
        }
        let mut line_shapes = HashMap::new();
        for (l, line) in scenario.lines.iter().enumerate() {
            for (k, frame) in line.keyframes.iter().enumerate() {
                line_shapes.insert((l, k), project_lines(&projection, &frame.shape));
            }
        }
        let routes = scenario
            .movements
            .iter()
            .enumerate()
            .map(|(i, m)| (i, project_ring(&projection, &m.route).0))
            .collect();
        OverlayBuilder {
            projection,
            tessellator: Tessellator::default(),
            area_shapes,
            line_shapes,
            routes,
            cached_zoom: None,
            area_pieces: HashMap::new(),
            line_pieces: HashMap::new(),
            arrived_arrows: HashMap::new(),
            out: OverlayMeshes::default(),
            assembled: Default::default(),
            scratch: Piece::default(),
        }
    }

    fn area_piece(
        tessellator: &mut Tessellator,
        piece: &mut Piece,
        shape: &MultiPolygon<f64>,
        look: &crate::core::style::FillLook,
        side_colour: Rgba,
        px_per_km: f64,
    ) {
        piece.fill.clear();
        piece.edges.clear();
        let shape = &simplify_polygons(shape, SUB_PIXEL / px_per_km);
        tessellator.fill(
            &mut piece.fill,
            shape,
            look.colour,
            (0.3 / px_per_km) as f32,
        );
        if look.hatched {
            tessellator.hatch(
                &mut piece.edges,
                shape,
                12.0 / px_per_km,
                (1.5 / px_per_km) as f32,
                side_colour.with_alpha(0.55),
            );
        }
        if let Some(outline) = look.outline {
            for polygon in &shape.0 {
                tessellator.stroke_styled(
                    &mut piece.edges,
                    &polygon.exterior().0,
                    &outline,
                    px_per_km,
                    1.0,
                );
            }
        }
    }

    fn line_piece(
        tessellator: &mut Tessellator,
        mesh: &mut MeshData,
        shape: &MultiLineString<f64>,
        look: &StrokeLook,
        px_per_km: f64,
    ) {
        // A light casing under each line keeps it readable over any fill.
        let casing = StrokeLook {
            colour: Rgba::rgb(255, 255, 255).with_alpha(0.7),
            width: look.width + 3.0,
            pattern: Pattern::Solid,
            struck_through: false,
        };
        mesh.clear();
        for part in &simplify_lines(shape, SUB_PIXEL / px_per_km).0 {
            tessellator.stroke_styled(mesh, &part.0, &casing, px_per_km, 1.0);
            tessellator.stroke_styled(mesh, &part.0, look, px_per_km, 1.0);
        }
    }

    /// The overlay for `state`, and which of its meshes differ from the last build's.
    pub fn build(
        &mut self,
        scenario: &Scenario,
        state: &MapState,
        px_per_km: f64,
        line_scale: f32,
    ) -> (&OverlayMeshes, OverlayChanges) {
        let level = (zoom_level(px_per_km), line_scale.to_bits());
        let [fills, edges, lines, movements] = &mut self.assembled;
        let out = &mut self.out;
        for assembled in [&mut *fills, &mut *edges, &mut *lines, &mut *movements] {
            assembled.begin();
        }
        // A new zoom (or a new builder) redoes every piece and reports every mesh changed.
        if self.cached_zoom != Some(level) {
            self.area_pieces.clear();
            self.line_pieces.clear();
            self.arrived_arrows.clear();
            fills.clear(&mut out.area_fills);
            edges.clear(&mut out.area_edges);
            lines.clear(&mut out.lines);
            movements.clear(&mut out.movements);
            self.cached_zoom = Some(level);
        }
        let tessellator = &mut self.tessellator;
        let scratch = &mut self.scratch;
        let side_colour =
            |side: Option<usize>| side.map(|s| scenario.sides[s].colour).unwrap_or(NEUTRAL);
        for a in &state.areas {
            let colour = side_colour(Some(a.side));
            let mut look = area_look(a.status, colour, a.interpolated);
            look.outline = look.outline.map(|o| o.scaled(line_scale));
            let key = (a.area, a.keyframe, a.clip_key);
            let fresh = a.interpolated || (a.clipped && a.clip_key.is_none());
            let stamp =
                (!fresh).then_some((PieceKey::Area(key.0, key.1, key.2), a.alpha.to_bits()));
            let reuse_fill = fills.reuse(&mut out.area_fills, stamp);
            let reuse_edges = edges.reuse(&mut out.area_edges, stamp);
            if reuse_fill && reuse_edges {
                continue;
            }
            let piece = if fresh {
                let shape = project_polygons(&self.projection, &a.shape);
                Self::area_piece(tessellator, scratch, &shape, &look, colour, px_per_km);
                &*scratch
            } else {
                if !self.area_pieces.contains_key(&key) {
                    let shape = if a.clipped {
                        project_polygons(&self.projection, &a.shape)
                    } else {
                        let Some(shape) = self.area_shapes.get(&(a.area, a.keyframe)) else {
                            continue;
                        };
                        shape.clone()
                    };
                    let mut piece = Piece::default();
                    Self::area_piece(tessellator, &mut piece, &shape, &look, colour, px_per_km);
                    self.area_pieces.insert(key, piece);
                }
                &self.area_pieces[&key]
            };
            if !reuse_fill {
                fills.append(&mut out.area_fills, stamp, &piece.fill, a.alpha);
            }
            if !reuse_edges {
                edges.append(&mut out.area_edges, stamp, &piece.edges, a.alpha);
            }
        }
        for l in &state.lines {
            let key = (l.line, l.keyframe);
            let stamp =
                (!l.interpolated).then_some((PieceKey::Line(key.0, key.1), l.alpha.to_bits()));
            if lines.reuse(&mut out.lines, stamp) {
                continue;
            }
            let look = line_look(l.status, side_colour(l.side), l.interpolated).scaled(line_scale);
            if l.interpolated {
                let shape = project_lines(&self.projection, &l.shape);
                Self::line_piece(tessellator, &mut scratch.fill, &shape, &look, px_per_km);
                lines.append(&mut out.lines, stamp, &scratch.fill, l.alpha);
                continue;
            }
            if !self.line_pieces.contains_key(&key) {
                let Some(shape) = self.line_shapes.get(&key) else {
                    continue;
                };
                let mut mesh = MeshData::default();
                Self::line_piece(tessellator, &mut mesh, shape, &look, px_per_km);
                self.line_pieces.insert(key, mesh);
            }
            lines.append(&mut out.lines, stamp, &self.line_pieces[&key], l.alpha);
        }
        for m in &state.movements {
            let Some(route) = self.routes.get(&m.movement) else {
                continue;
            };
            let arrived = m.progress >= 1.0;
            let stamp = arrived.then_some((PieceKey::Arrow(m.movement), m.alpha.to_bits()));
            if movements.reuse(&mut out.movements, stamp) {
                continue;
            }
            let movement = &scenario.movements[m.movement];
            let look =
                movement_look(movement.status, side_colour(Some(movement.side))).scaled(line_scale);
            if arrived {
                let arrow = self.arrived_arrows.entry(m.movement).or_insert_with(|| {
                    let mut mesh = MeshData::default();
                    tessellator.arrow(&mut mesh, route, 1.0, &look, px_per_km, 1.0);
                    mesh
                });
                movements.append(&mut out.movements, stamp, arrow, m.alpha);
            } else {
                scratch.fill.clear();
                tessellator.arrow(
                    &mut scratch.fill,
                    route,
                    m.progress,
                    &look,
                    px_per_km,
                    m.alpha,
                );
                movements.append(&mut out.movements, stamp, &scratch.fill, 1.0);
            }
        }
        let changes = OverlayChanges {
            area_fills: fills.finish(&mut out.area_fills),
            area_edges: edges.finish(&mut out.area_edges),
            lines: lines.finish(&mut out.lines),
            movements: movements.finish(&mut out.movements),
        };
        (&self.out, changes)
    }
}

/// The colour of the compared moment's ghost outlines.
pub const GHOST: Rgba = Rgba::rgb(0x20, 0x20, 0x20);

/// The map at another moment as a dashed ghost: every area's outline and every line,
/// dashed in one dark colour, so the two moments can be told apart at a glance.
pub fn ghost_mesh(
    tessellator: &mut Tessellator,
    projection: &Projection,
    state: &MapState,
    px_per_km: f64,
    line_scale: f32,
) -> MeshData {
    let look = StrokeLook {
        colour: GHOST.with_alpha(0.85),
        width: 2.5,
        pattern: Pattern::Dashed,
        struck_through: false,
    }
    .scaled(line_scale);
    let mut mesh = MeshData::default();
    for area in &state.areas {
        if area.alpha < 0.5 {
            continue;
        }
        for polygon in &project_polygons(projection, &area.shape).0 {
            tessellator.stroke_styled(&mut mesh, &polygon.exterior().0, &look, px_per_km, 1.0);
        }
    }
    for line in &state.lines {
        if line.alpha < 0.5 {
            continue;
        }
        for part in &project_lines(projection, &line.shape).0 {
            tessellator.stroke_styled(&mut mesh, &part.0, &look, px_per_km, 1.0);
        }
    }
    mesh
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, Euclidean, Length};

    fn square(min: f64, max: f64) -> Polygon<f64> {
        Rect::new(Coord { x: min, y: min }, Coord { x: max, y: max }).to_polygon()
    }

    fn feature(polygon: Polygon<f64>) -> ProjectedFeature {
        ProjectedFeature {
            polygons: MultiPolygon(vec![polygon]),
            ..Default::default()
        }
    }

    #[test]
    fn a_feature_crossing_the_box_is_cut_and_its_outline_never_follows_the_box() {
        let window = Rect::new(Coord { x: 5.0, y: 5.0 }, Coord { x: 20.0, y: 20.0 });
        let cut = clip_to_box(&feature(square(0.0, 10.0)), window).expect("overlaps");
        assert!((cut.polygons.unsigned_area() - 25.0).abs() < 1e-9);
        let outline = cut.outline.expect("cut features carry their outline");
        // Only the square's own sides inside the box (x = 10 and y = 10, 5 km each).
        let length: f64 = outline.0.iter().map(|l| Euclidean.length(l)).sum();
        assert!((length - 10.0).abs() < 1e-9, "{length}");
        for point in outline.0.iter().flat_map(|l| l.0.iter()) {
            assert!(
                point.x == 10.0 || point.y == 10.0,
                "{point:?} is not on the coast"
            );
        }
    }

    #[test]
    fn features_inside_the_box_stay_whole_and_those_outside_are_left_out() {
        let window = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 100.0 });
        let inside = clip_to_box(&feature(square(10.0, 20.0)), window).expect("inside");
        assert!(inside.outline.is_none());
        assert_eq!(inside.polygons, MultiPolygon(vec![square(10.0, 20.0)]));
        assert!(clip_to_box(&feature(square(200.0, 300.0)), window).is_none());
    }

    #[test]
    fn a_concave_shape_cut_into_two_pieces_fills_exactly_those_pieces() {
        // A U open to the north; the box takes a band across both arms.
        let u = Polygon::new(
            LineString::from(vec![
                (0.0, 0.0),
                (30.0, 0.0),
                (30.0, 30.0),
                (20.0, 30.0),
                (20.0, 10.0),
                (10.0, 10.0),
                (10.0, 30.0),
                (0.0, 30.0),
                (0.0, 0.0),
            ]),
            vec![],
        );
        let window = Rect::new(Coord { x: -5.0, y: 15.0 }, Coord { x: 35.0, y: 25.0 });
        let cut = clip_to_box(&feature(u), window).expect("overlaps");
        assert_eq!(cut.polygons.0.len(), 2, "{:?}", cut.polygons);
        assert!((cut.polygons.unsigned_area() - 200.0).abs() < 1e-9);
        // Four walls of 10 km each cross the band.
        let length: f64 = cut
            .outline
            .unwrap()
            .0
            .iter()
            .map(|l| Euclidean.length(l))
            .sum();
        assert!((length - 40.0).abs() < 1e-9, "{length}");
    }

    #[test]
    fn lines_are_cut_to_the_box() {
        let window = Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 10.0, y: 10.0 });
        let river = ProjectedFeature {
            lines: MultiLineString(vec![LineString::from(vec![(-10.0, 5.0), (30.0, 5.0)])]),
            ..Default::default()
        };
        let cut = clip_to_box(&river, window).expect("crosses");
        let length: f64 = cut.lines.0.iter().map(|l| Euclidean.length(l)).sum();
        assert!((length - 10.0).abs() < 1e-9, "{length}");
    }
}
