//! Ring validity that scales: finds where polygon rings cross themselves or each other, and holes
//! outside their shell, with an R-tree of segments (about n log n, not all pairs).

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};
use rstar::{AABB, RTree, RTreeObject};

/// One edge of a ring, with where it came from.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: Coord<f64>,
    b: Coord<f64>,
    ring: u32,
    /// Index of the edge within its ring (after repeated points are dropped).
    edge: u32,
}

impl RTreeObject for Segment {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        AABB::from_corners([self.a.x, self.a.y], [self.b.x, self.b.y])
    }
}

/// Where two edges meet in a way a valid polygon does not allow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// A point of the crossing (longitude, latitude).
    pub at: Coord<f64>,
    /// The rings involved: 0 is the exterior, 1.. the holes in order.
    pub rings: (usize, usize),
}

/// What is wrong with a polygon's rings.
#[derive(Debug, Clone, PartialEq)]
pub struct RingProblems {
    /// The crossings found, the first (in ring and edge order) first; at most `MAX_CROSSINGS`.
    pub crossings: Vec<Crossing>,
    /// Whether there were more crossings than listed.
    pub more_crossings: bool,
    /// Holes (1-based, as in `Crossing::rings`) that lie outside the exterior ring.
    pub holes_outside: Vec<usize>,
}

impl RingProblems {
    pub fn is_empty(&self) -> bool {
        self.crossings.is_empty() && self.holes_outside.is_empty()
    }
}

/// Crossings kept per polygon; enough to tell one slip from a wholly broken file.
pub const MAX_CROSSINGS: usize = 100;

/// Checks the closed rings of one polygon (exterior first). Edges that cross or overlap are
/// crossings; rings touching at a single point are allowed.
pub fn check_polygon_rings(rings: &[&[Coord<f64>]]) -> RingProblems {
    let mut segments = Vec::with_capacity(rings.iter().map(|r| r.len()).sum());
    let mut edge_counts = Vec::with_capacity(rings.len());
    for (ring_index, ring) in rings.iter().enumerate() {
        let start = segments.len();
        let mut previous: Option<Coord<f64>> = None;
        for &point in ring.iter() {
            if let Some(a) = previous {
                if a == point {
                    continue;
                }
                segments.push(Segment {
                    a,
                    b: point,
                    ring: ring_index as u32,
                    edge: (segments.len() - start) as u32,
                });
            }
            previous = Some(point);
        }
        edge_counts.push(segments.len() - start);
    }
    let tree = RTree::bulk_load(segments);
    let mut crossings: Vec<(u32, u32, Crossing)> = Vec::new();
    let mut more_crossings = false;
    for (s, t) in tree.intersection_candidates_with_other_tree(&tree) {
        // Each unordered pair is seen twice; keep one order.
        if (s.ring, s.edge) >= (t.ring, t.edge) {
            continue;
        }
        let adjacent = s.ring == t.ring && {
            let count = edge_counts[s.ring as usize] as u32;
            t.edge == s.edge + 1 || (s.edge == 0 && t.edge + 1 == count)
        };
        if let Some(at) = conflict(s, t, adjacent) {
            if crossings.len() == MAX_CROSSINGS * 4 {
                more_crossings = true;
                continue;
            }
            crossings.push((
                s.ring,
                s.edge,
                Crossing {
                    at,
                    rings: (s.ring as usize, t.ring as usize),
                },
            ));
        }
    }
    crossings.sort_by_key(|(ring, edge, _)| (*ring, *edge));
    if crossings.len() > MAX_CROSSINGS {
        crossings.truncate(MAX_CROSSINGS);
        more_crossings = true;
    }
    let holes_outside = (1..rings.len())
        .filter(|&hole| {
            rings[hole]
                .first()
                .is_some_and(|&p| !inside_exterior(&tree, p))
        })
        .collect();
    RingProblems {
        crossings: crossings.into_iter().map(|(_, _, c)| c).collect(),
        more_crossings,
        holes_outside,
    }
}

/// Where two edges cross or overlap. Edges that follow each other in a ring share a point by
/// design: they conflict only if the second folds back along the first.
fn conflict(s: &Segment, t: &Segment, adjacent: bool) -> Option<Coord<f64>> {
    let orient = |p, q, r| RobustKernel::orient2d(p, q, r);
    let (o1, o2) = (orient(s.a, s.b, t.a), orient(s.a, s.b, t.b));
    let (o3, o4) = (orient(t.a, t.b, s.a), orient(t.a, t.b, s.b));
    let collinear = o1 == Orientation::Collinear && o2 == Orientation::Collinear;
    if collinear {
        return overlap(s, t).map(|(lo, _)| lo);
    }
    if adjacent {
        return None;
    }
    let crosses = o1 != Orientation::Collinear
        && o2 != Orientation::Collinear
        && o1 != o2
        && o3 != Orientation::Collinear
        && o4 != Orientation::Collinear
        && o3 != o4;
    crosses.then(|| crossing_point(s, t))
}

/// The shared stretch of two collinear edges, if it has length.
fn overlap(s: &Segment, t: &Segment) -> Option<(Coord<f64>, Coord<f64>)> {
    let along_x = (s.b.x - s.a.x).abs() >= (s.b.y - s.a.y).abs();
    let key = |c: Coord<f64>| if along_x { c.x } else { c.y };
    let sorted = |a: Coord<f64>, b: Coord<f64>| if key(a) <= key(b) { (a, b) } else { (b, a) };
    let (s_lo, s_hi) = sorted(s.a, s.b);
    let (t_lo, t_hi) = sorted(t.a, t.b);
    let lo = if key(s_lo) >= key(t_lo) { s_lo } else { t_lo };
    let hi = if key(s_hi) <= key(t_hi) { s_hi } else { t_hi };
    (key(lo) < key(hi)).then_some((lo, hi))
}

fn crossing_point(s: &Segment, t: &Segment) -> Coord<f64> {
    let r = s.b - s.a;
    let q = t.b - t.a;
    let denominator = r.x * q.y - r.y * q.x;
    if denominator == 0.0 {
        return s.a;
    }
    let w = t.a - s.a;
    let along = ((w.x * q.y - w.y * q.x) / denominator).clamp(0.0, 1.0);
    s.a + r * along
}

/// Whether `p` is inside the exterior ring (ring 0), by counting exterior edges crossed by a ray
/// to the east.
fn inside_exterior(tree: &RTree<Segment>, p: Coord<f64>) -> bool {
    let ray = AABB::from_corners([p.x, p.y], [f64::MAX, p.y]);
    tree.locate_in_envelope_intersecting(&ray)
        .filter(|s| s.ring == 0 && (s.a.y > p.y) != (s.b.y > p.y))
        .filter(|s| {
            let x = s.a.x + (p.y - s.a.y) * (s.b.x - s.a.x) / (s.b.y - s.a.y);
            x > p.x
        })
        .count()
        % 2
        == 1
}

/// Twice the signed area of a closed ring: positive when counter-clockwise.
pub fn signed_area2(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Vec<Coord<f64>> {
        points.iter().map(|&(x, y)| Coord { x, y }).collect()
    }

    const SQUARE: &[(f64, f64)] = &[(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0), (0.0, 0.0)];

    #[test]
    fn a_square_is_valid() {
        assert!(check_polygon_rings(&[&ring(SQUARE)]).is_empty());
    }

    #[test]
    fn a_bow_tie_crosses_itself_at_its_middle() {
        let bow = ring(&[(0.0, 0.0), (4.0, 4.0), (4.0, 0.0), (0.0, 4.0), (0.0, 0.0)]);
        let problems = check_polygon_rings(&[&bow]);
        assert_eq!(
            problems.crossings,
            [Crossing {
                at: Coord { x: 2.0, y: 2.0 },
                rings: (0, 0)
            }]
        );
    }

    #[test]
    fn a_spike_folding_back_is_an_overlap_but_repeated_points_are_fine() {
        let spike = ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (6.0, 4.0),
            (5.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert_eq!(check_polygon_rings(&[&spike]).crossings.len(), 2);
        let repeated = ring(&[
            (0.0, 0.0),
            (4.0, 0.0),
            (4.0, 0.0),
            (4.0, 4.0),
            (0.0, 4.0),
            (0.0, 0.0),
        ]);
        assert!(check_polygon_rings(&[&repeated]).is_empty());
    }

    #[test]
    fn holes_must_be_inside_and_must_not_cross_the_shell() {
        let shell = ring(SQUARE);
        let inside = ring(&[(1.0, 1.0), (1.0, 2.0), (2.0, 2.0), (2.0, 1.0), (1.0, 1.0)]);
        let outside = ring(&[(5.0, 1.0), (5.0, 2.0), (6.0, 2.0), (6.0, 1.0), (5.0, 1.0)]);
        let across = ring(&[(3.0, 1.0), (3.0, 2.0), (5.0, 2.0), (5.0, 1.0), (3.0, 1.0)]);
        assert!(check_polygon_rings(&[&shell, &inside]).is_empty());
        let problems = check_polygon_rings(&[&shell, &inside, &outside]);
        assert_eq!(problems.holes_outside, [2]);
        assert!(problems.crossings.is_empty());
        let problems = check_polygon_rings(&[&shell, &across]);
        assert_eq!(problems.crossings.len(), 2);
        assert_eq!(problems.crossings[0].rings, (0, 1));
    }

    #[test]
    fn a_ring_touching_itself_at_one_point_is_allowed() {
        // Two squares meeting at a corner, walked as one ring.
        let touching = ring(&[
            (0.0, 0.0),
            (2.0, 0.0),
            (2.0, 2.0),
            (4.0, 2.0),
            (4.0, 4.0),
            (2.0, 4.0),
            (2.0, 2.0),
            (0.0, 2.0),
            (0.0, 0.0),
        ]);
        assert!(check_polygon_rings(&[&touching]).crossings.is_empty());
    }
}
