//! Tessellation with lyon into plain vertex-coloured triangle meshes: fills, strokes, dashes, hatching and arrows.

use crate::core::geometry::{dashes, length, partial, point_at};
use crate::core::style::{Rgba, StrokeLook};
use geo::{BooleanOps, Coord, LineString, MultiLineString, MultiPolygon};
use lyon_tessellation::geom::point;
use lyon_tessellation::path::Path;
use lyon_tessellation::path::polygon::Polygon as LyonPolygon;
use lyon_tessellation::{
    BuffersBuilder, FillOptions, FillRule, FillTessellator, FillVertex, LineCap, LineJoin,
    StrokeOptions, StrokeTessellator, StrokeVertex, VertexBuffers,
};

/// A triangle mesh with a colour per vertex, in map kilometres. Bevy-free.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeshData {
    pub positions: Vec<[f32; 2]>,
    pub colors: Vec<[f32; 4]>,
    pub indices: Vec<u32>,
}

impl MeshData {
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// Empties the mesh, keeping its allocations.
    pub fn clear(&mut self) {
        self.positions.clear();
        self.colors.clear();
        self.indices.clear();
    }

    pub fn triangle_count(&self) -> usize {
        self.indices.len() / 3
    }

    fn append(&mut self, buffers: &VertexBuffers<[f32; 2], u32>, colour: Rgba) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&buffers.vertices);
        self.colors.extend(std::iter::repeat_n(
            colour.to_array(),
            buffers.vertices.len(),
        ));
        self.indices
            .extend(buffers.indices.iter().map(|i| i + base));
    }

    pub fn extend(&mut self, other: &MeshData) {
        let base = self.positions.len() as u32;
        self.positions.extend_from_slice(&other.positions);
        self.colors.extend_from_slice(&other.colors);
        self.indices.extend(other.indices.iter().map(|i| i + base));
    }
}

/// Reusable lyon tessellators. `px_per_km` turns pixel widths into map kilometres.
pub struct Tessellator {
    fill: FillTessellator,
    stroke: StrokeTessellator,
    buffers: VertexBuffers<[f32; 2], u32>,
    /// A stroke's points in lyon's form, kept to spare an allocation per stroke.
    points: Vec<lyon_tessellation::math::Point>,
}

impl Default for Tessellator {
    fn default() -> Self {
        Tessellator {
            fill: FillTessellator::new(),
            stroke: StrokeTessellator::new(),
            buffers: VertexBuffers::new(),
            points: Vec::new(),
        }
    }
}

fn finite(c: &Coord<f64>) -> bool {
    c.x.is_finite() && c.y.is_finite()
}

impl Tessellator {
    /// Bytes held between calls for the last output and the last stroke's points (lyon's own
    /// tessellators grow with the same shapes).
    pub fn scratch_bytes(&self) -> usize {
        self.buffers.vertices.capacity() * std::mem::size_of::<[f32; 2]>()
            + self.buffers.indices.capacity() * std::mem::size_of::<u32>()
            + self.points.capacity() * std::mem::size_of::<lyon_tessellation::math::Point>()
    }

    /// Lets go of scratch sized for an exceptionally large shape (a whole detailed coast), so
    /// that it is not held for the life of the window; below `bytes` it is kept for reuse.
    pub fn release_scratch_above(&mut self, bytes: usize) {
        if self.scratch_bytes() > bytes {
            *self = Tessellator::default();
        }
    }

    /// Fills polygons (holes cut out, even-odd) in one colour.
    pub fn fill(
        &mut self,
        mesh: &mut MeshData,
        polygons: &MultiPolygon<f64>,
        colour: Rgba,
        tolerance_km: f32,
    ) {
        let points: usize = polygons
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
            .map(|ring| ring.0.len())
            .sum();
        let mut builder = Path::builder();
        builder.reserve(points, 0);
        let mut any = false;
        for polygon in &polygons.0 {
            for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                let mut points = ring.0.iter().filter(|c| finite(c));
                let Some(first) = points.next() else { continue };
                builder.begin(point(first.x as f32, first.y as f32));
                let mut count = 1;
                for c in points {
                    builder.line_to(point(c.x as f32, c.y as f32));
                    count += 1;
                }
                builder.end(true);
                any |= count >= 3;
            }
        }
        if !any {
            return;
        }
        let path = builder.build();
        self.buffers.vertices.clear();
        self.buffers.indices.clear();
        let options =
            FillOptions::tolerance(tolerance_km.max(1e-4)).with_fill_rule(FillRule::EvenOdd);
        let result = self.fill.tessellate_path(
            &path,
            &options,
            &mut BuffersBuilder::new(&mut self.buffers, |v: FillVertex| v.position().to_array()),
        );
        if result.is_ok() {
            mesh.append(&self.buffers, colour);
        }
    }

    /// Strokes one polyline `width_km` wide.
    pub fn stroke_line(
        &mut self,
        mesh: &mut MeshData,
        points: &[Coord<f64>],
        width_km: f32,
        colour: Rgba,
        closed: bool,
        cap: LineCap,
    ) {
        let mut pts = std::mem::take(&mut self.points);
        pts.clear();
        pts.extend(
            points
                .iter()
                .filter(|c| finite(c))
                .map(|c| point(c.x as f32, c.y as f32)),
        );
        self.stroke_points(mesh, &pts, width_km, colour, closed, cap);
        self.points = pts;
    }

    fn stroke_points(
        &mut self,
        mesh: &mut MeshData,
        pts: &[lyon_tessellation::math::Point],
        width_km: f32,
        colour: Rgba,
        closed: bool,
        cap: LineCap,
    ) {
        if pts.len() < 2 || width_km.is_nan() || width_km <= 0.0 {
            return;
        }
        self.buffers.vertices.clear();
        self.buffers.indices.clear();
        let options = StrokeOptions::tolerance((width_km * 0.1).max(1e-4))
            .with_line_width(width_km)
            .with_line_join(LineJoin::MiterClip)
            .with_miter_limit(2.0)
            .with_line_cap(cap);
        let result = self.stroke.tessellate_polygon(
            LyonPolygon {
                points: pts,
                closed,
            },
            &options,
            &mut BuffersBuilder::new(&mut self.buffers, |v: StrokeVertex| v.position().to_array()),
        );
        if result.is_ok() {
            mesh.append(&self.buffers, colour);
        }
    }

    /// Strokes a polyline with a status look: its pattern, width in pixels and strike ticks.
    pub fn stroke_styled(
        &mut self,
        mesh: &mut MeshData,
        points: &[Coord<f64>],
        look: &StrokeLook,
        px_per_km: f64,
        alpha: f32,
    ) {
        let km = |px: f64| px / px_per_km;
        let width = km(look.width as f64) as f32;
        let colour = look.colour.with_alpha(look.colour.a * alpha);
        let pattern: Option<Vec<f64>> = look
            .pattern
            .dash_px()
            .map(|dashes| dashes.iter().map(|&px| km(px)).collect());
        match pattern {
            None => self.stroke_line(mesh, points, width, colour, false, LineCap::Round),
            Some(pattern) => {
                for dash in dashes(points, &pattern) {
                    self.stroke_line(mesh, &dash, width, colour, false, LineCap::Butt);
                }
            }
        }
        if look.struck_through {
            self.strike_ticks(mesh, points, km(26.0), km(9.0), width, colour);
        }
    }

    /// Short ticks across a line at regular spacing: the mark of a rejected or cancelled line.
    fn strike_ticks(
        &mut self,
        mesh: &mut MeshData,
        points: &[Coord<f64>],
        spacing: f64,
        half: f64,
        width: f32,
        colour: Rgba,
    ) {
        let total = length(points);
        let mut s = spacing / 2.0;
        while s < total {
            if let (Some(a), Some(b)) = (
                point_at(points, s - 0.01 * spacing),
                point_at(points, s + 0.01 * spacing),
            ) {
                let (dx, dy) = (b.x - a.x, b.y - a.y);
                let norm = (dx * dx + dy * dy).sqrt();
                if norm > 0.0 {
                    let mid = Coord {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    };
                    // Slanted ticks read as "struck out" better than perpendicular ones.
                    let (ux, uy) = (
                        (dx - dy) / norm / 2f64.sqrt(),
                        (dy + dx) / norm / 2f64.sqrt(),
                    );
                    let tick = [
                        Coord {
                            x: mid.x - uy * half,
                            y: mid.y + ux * half,
                        },
                        Coord {
                            x: mid.x + uy * half,
                            y: mid.y - ux * half,
                        },
                    ];
                    self.stroke_line(mesh, &tick, width, colour, false, LineCap::Butt);
                }
            }
            s += spacing;
        }
    }

    /// Diagonal hatching clipped to polygons, `spacing_km` apart.
    pub fn hatch(
        &mut self,
        mesh: &mut MeshData,
        polygons: &MultiPolygon<f64>,
        spacing_km: f64,
        width_km: f32,
        colour: Rgba,
    ) {
        use geo::BoundingRect;
        let Some(rect) = polygons.bounding_rect() else {
            return;
        };
        if spacing_km.is_nan() || spacing_km <= 0.0 {
            return;
        }
        let (min, max) = (rect.min(), rect.max());
        let span = (max.x - min.x) + (max.y - min.y);
        if span / spacing_km > 4000.0 {
            return;
        }
        let mut lines = Vec::new();
        let mut offset = 0.0;
        while offset <= span {
            // Lines of slope 1 starting along the left and bottom edges.
            let start = Coord {
                x: min.x - (max.y - min.y) + offset,
                y: min.y,
            };
            let end = Coord {
                x: start.x + (max.y - min.y),
                y: max.y,
            };
            lines.push(LineString(vec![start, end]));
            offset += spacing_km;
        }
        let clipped = polygons.clip(&MultiLineString(lines), false);
        for part in &clipped.0 {
            self.stroke_line(mesh, &part.0, width_km, colour, false, LineCap::Butt);
        }
    }

    /// An arrow grown to `progress` along `route`, with a head at its tip.
    pub fn arrow(
        &mut self,
        mesh: &mut MeshData,
        route: &[Coord<f64>],
        progress: f64,
        look: &StrokeLook,
        px_per_km: f64,
        alpha: f32,
    ) {
        if route.len() < 2 || progress <= 0.0 {
            return;
        }
        let drawn = partial(route, progress);
        let head_len = 22.0 / px_per_km;
        let head_half = 11.0 / px_per_km;
        let total = length(&drawn);
        let Some(tip) = drawn.last().copied() else {
            return;
        };
        // The shaft stops where the head begins so the tip stays sharp.
        let shaft_len = (total - head_len * 0.8).max(0.0);
        let shaft = partial(&drawn, if total > 0.0 { shaft_len / total } else { 0.0 });
        if shaft.len() >= 2 && shaft_len > 0.0 {
            self.stroke_styled(mesh, &shaft, look, px_per_km, alpha);
        }
        let Some(back) = point_at(&drawn, (total - head_len).max(0.0)) else {
            return;
        };
        let (dx, dy) = (tip.x - back.x, tip.y - back.y);
        let norm = (dx * dx + dy * dy).sqrt();
        if norm <= 0.0 {
            return;
        }
        let (ux, uy) = (dx / norm, dy / norm);
        let base = Coord {
            x: tip.x - ux * head_len,
            y: tip.y - uy * head_len,
        };
        let head = geo::Polygon::new(
            LineString(vec![
                tip,
                Coord {
                    x: base.x - uy * head_half,
                    y: base.y + ux * head_half,
                },
                Coord {
                    x: base.x + uy * head_half,
                    y: base.y - ux * head_half,
                },
                tip,
            ]),
            vec![],
        );
        self.fill(
            mesh,
            &MultiPolygon(vec![head]),
            look.colour.with_alpha(look.colour.a * alpha),
            0.01,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::scenario::Pattern;
    use geo::Polygon;

    fn square(size: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![Polygon::new(
            LineString(vec![
                Coord { x: 0.0, y: 0.0 },
                Coord { x: size, y: 0.0 },
                Coord { x: size, y: size },
                Coord { x: 0.0, y: size },
                Coord { x: 0.0, y: 0.0 },
            ]),
            vec![],
        )])
    }

    fn area(mesh: &MeshData) -> f64 {
        mesh.indices
            .chunks(3)
            .map(|t| {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| mesh.positions[i as usize]);
                (((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2.0).abs() as f64
            })
            .sum()
    }

    #[test]
    fn fill_covers_the_polygon_area() {
        let mut t = Tessellator::default();
        let mut mesh = MeshData::default();
        t.fill(&mut mesh, &square(10.0), Rgba::rgb(1, 2, 3), 0.01);
        assert!((area(&mesh) - 100.0).abs() < 1e-3);
        assert_eq!(mesh.positions.len(), mesh.colors.len());
    }

    #[test]
    fn scratch_sized_for_a_huge_coast_is_let_go_and_a_small_one_kept() {
        let mut t = Tessellator::default();
        let mut mesh = MeshData::default();
        // A wiggly coast of 100,000 points: its stroke's scratch runs to megabytes.
        let coast: Vec<Coord<f64>> = (0..100_000)
            .map(|i| Coord {
                x: i as f64,
                y: if i % 2 == 0 { 0.0 } else { 1.0 },
            })
            .collect();
        t.stroke_line(
            &mut mesh,
            &coast,
            0.5,
            Rgba::rgb(0, 0, 0),
            false,
            LineCap::Butt,
        );
        let held = t.scratch_bytes();
        assert!(held > 4 << 20, "{held} bytes");
        t.release_scratch_above(held);
        assert_eq!(t.scratch_bytes(), held, "at the limit it is kept");
        t.release_scratch_above(4 << 20);
        assert_eq!(t.scratch_bytes(), Tessellator::default().scratch_bytes());
        // It still tessellates afterwards, the same as a fresh one.
        let mut again = MeshData::default();
        t.stroke_line(
            &mut again,
            &coast,
            0.5,
            Rgba::rgb(0, 0, 0),
            false,
            LineCap::Butt,
        );
        assert_eq!(again.indices, mesh.indices);
    }

    #[test]
    fn stroke_width_is_constant_in_pixels() {
        let mut t = Tessellator::default();
        let line = [Coord { x: 0.0, y: 0.0 }, Coord { x: 100.0, y: 0.0 }];
        let look = StrokeLook {
            colour: Rgba::rgb(0, 0, 0),
            width: 4.0,
            pattern: Pattern::Solid,
            struck_through: false,
        };
        for px_per_km in [0.5, 2.0, 8.0] {
            let mut mesh = MeshData::default();
            t.stroke_styled(&mut mesh, &line, &look, px_per_km, 1.0);
            let ys: Vec<f32> = mesh.positions.iter().map(|p| p[1]).collect();
            let height = ys.iter().cloned().fold(f32::MIN, f32::max)
                - ys.iter().cloned().fold(f32::MAX, f32::min);
            assert!(
                ((height as f64) * px_per_km - 4.0).abs() < 1e-3,
                "{px_per_km}: {height}"
            );
        }
    }

    #[test]
    fn dashed_strokes_cover_less_than_solid() {
        let mut t = Tessellator::default();
        let line = [Coord { x: 0.0, y: 0.0 }, Coord { x: 500.0, y: 0.0 }];
        let solid = StrokeLook {
            colour: Rgba::rgb(0, 0, 0),
            width: 3.0,
            pattern: Pattern::Solid,
            struck_through: false,
        };
        let dashed = StrokeLook {
            pattern: Pattern::Dashed,
            ..solid
        };
        let (mut a, mut b) = (MeshData::default(), MeshData::default());
        t.stroke_styled(&mut a, &line, &solid, 1.0, 1.0);
        t.stroke_styled(&mut b, &line, &dashed, 1.0, 1.0);
        let ratio = area(&b) / area(&a);
        assert!(ratio > 0.55 && ratio < 0.7, "{ratio}");
    }

    #[test]
    fn hatching_stays_inside_the_polygon() {
        let mut t = Tessellator::default();
        let mut mesh = MeshData::default();
        t.hatch(&mut mesh, &square(100.0), 10.0, 1.0, Rgba::rgb(0, 0, 0));
        assert!(!mesh.is_empty());
        assert!(
            mesh.positions
                .iter()
                .all(|p| p[0] > -1.0 && p[0] < 101.0 && p[1] > -1.0 && p[1] < 101.0)
        );
    }

    #[test]
    fn arrows_grow_with_progress() {
        let mut t = Tessellator::default();
        let route = [Coord { x: 0.0, y: 0.0 }, Coord { x: 300.0, y: 0.0 }];
        let look = StrokeLook {
            colour: Rgba::rgb(0, 0, 0),
            width: 4.0,
            pattern: Pattern::Solid,
            struck_through: false,
        };
        let reach = |progress: f64, t: &mut Tessellator| {
            let mut mesh = MeshData::default();
            t.arrow(&mut mesh, &route, progress, &look, 1.0, 1.0);
            mesh.positions.iter().map(|p| p[0]).fold(f32::MIN, f32::max)
        };
        let half = reach(0.5, &mut t);
        let full = reach(1.0, &mut t);
        assert!((half - 150.0).abs() < 0.5, "{half}");
        assert!((full - 300.0).abs() < 0.5, "{full}");
        let mut none = MeshData::default();
        t.arrow(&mut none, &route, 0.0, &look, 1.0, 1.0);
        assert!(none.is_empty());
    }
}
