//! Ring validity that scales: finds where polygon rings cross themselves or each other, and holes
//! outside their shell, with an R-tree of short chains of edges (about n log n, not all pairs).

use geo::Coord;
use geo::kernels::{Kernel, Orientation, RobustKernel};
use rstar::{AABB, Envelope, RTree, RTreeObject};

/// One edge of a ring, with where it came from.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: Coord<f64>,
    b: Coord<f64>,
    ring: u32,
    /// Index of the edge within its ring (after repeated points are dropped).
    edge: u32,
}

impl Segment {
    fn envelope_overlaps(&self, other: &Segment) -> bool {
        self.a.x.min(self.b.x) <= other.a.x.max(other.b.x)
            && other.a.x.min(other.b.x) <= self.a.x.max(self.b.x)
            && self.a.y.min(self.b.y) <= other.a.y.max(other.b.y)
            && other.a.y.min(other.b.y) <= self.a.y.max(self.b.y)
    }
}

/// Consecutive edges of one ring under one box, as GEOS indexes monotone chains: a coastline's
/// neighbouring edges lie close together, so the tree holds a few boxes per hundred edges
/// instead of one per edge.
#[derive(Debug, Clone, Copy)]
struct Chain {
    envelope: AABB<[f64; 2]>,
    /// The chain's edges: `segments[start..end]`.
    start: u32,
    end: u32,
}

impl RTreeObject for Chain {
    type Envelope = AABB<[f64; 2]>;

    fn envelope(&self) -> Self::Envelope {
        self.envelope
    }
}

/// Edges per chain: small enough that testing two overlapping chains edge by edge is cheap.
const CHAIN: usize = 8;
/// Up to this many chains, all pairs are tested without a tree.
const SMALL: usize = 16;

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
    let mut chains = Vec::with_capacity(segments.len() / CHAIN + rings.len());
    let mut ring_start = 0;
    for &count in &edge_counts {
        for start in (ring_start..ring_start + count).step_by(CHAIN) {
            let end = (start + CHAIN).min(ring_start + count);
            let (mut low, mut high) = (segments[start].a, segments[start].a);
            for s in &segments[start..end] {
                low = Coord {
                    x: low.x.min(s.b.x),
                    y: low.y.min(s.b.y),
                };
                high = Coord {
                    x: high.x.max(s.b.x),
                    y: high.y.max(s.b.y),
                };
            }
            chains.push(Chain {
                envelope: AABB::from_corners([low.x, low.y], [high.x, high.y]),
                start: start as u32,
                end: end as u32,
            });
        }
        ring_start += count;
    }
    let mut crossings: Vec<(u32, u32, Crossing)> = Vec::new();
    let mut more_crossings = false;
    let mut test = |s: &Segment, t: &Segment| {
        let adjacent = s.ring == t.ring && {
            let count = edge_counts[s.ring as usize] as u32;
            t.edge == s.edge + 1 || (s.edge == 0 && t.edge + 1 == count)
        };
        if let Some(at) = conflict(s, t, adjacent) {
            if crossings.len() == MAX_CROSSINGS * 4 {
                more_crossings = true;
                return;
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
    };
    let mut tree = None;
    if chains.len() <= SMALL {
        // A few chains: testing every pair is quicker than building a tree.
        for (index, p) in chains.iter().enumerate() {
            for q in &chains[index..] {
                if p.envelope.intersects(&q.envelope) {
                    test_chains(p, q, &segments, &mut test);
                }
            }
        }
    } else {
        let built = RTree::bulk_load(chains);
        for (p, q) in built.intersection_candidates_with_other_tree(&built) {
            // Each pair of chains is seen in both orders; edges keep their order in `segments`.
            if p.start <= q.start {
                test_chains(p, q, &segments, &mut test);
            }
        }
        tree = Some(built);
    }
    crossings.sort_by_key(|(ring, edge, _)| (*ring, *edge));
    if crossings.len() > MAX_CROSSINGS {
        crossings.truncate(MAX_CROSSINGS);
        more_crossings = true;
    }
    let exterior = &segments[..edge_counts.first().copied().unwrap_or(0)];
    let holes_outside = (1..rings.len())
        .filter(|&hole| {
            rings[hole].first().is_some_and(|&p| match &tree {
                // Only the chains level with the point can cross a ray from it.
                Some(tree) => {
                    let ray = AABB::from_corners([p.x, p.y], [f64::MAX, p.y]);
                    let edges = tree
                        .locate_in_envelope_intersecting(&ray)
                        .flat_map(|chain| &segments[chain.start as usize..chain.end as usize])
                        .filter(|s| s.ring == 0);
                    !inside(edges, p)
                }
                None => !inside(exterior.iter(), p),
            })
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

/// Tests the edges of two chains against each other (or of one chain among themselves).
fn test_chains(
    p: &Chain,
    q: &Chain,
    segments: &[Segment],
    test: &mut impl FnMut(&Segment, &Segment),
) {
    let first = &segments[p.start as usize..p.end as usize];
    let second = &segments[q.start as usize..q.end as usize];
    for (i, s) in first.iter().enumerate() {
        let others = if p.start == q.start {
            &second[i + 1..]
        } else {
            second
        };
        for t in others.iter().filter(|t| s.envelope_overlaps(t)) {
            test(s, t);
        }
    }
}

/// Whether `p` is inside the closed ring made of `edges`, by counting the edges a ray to the
/// east crosses.
fn inside<'s>(edges: impl Iterator<Item = &'s Segment>, p: Coord<f64>) -> bool {
    edges
        .filter(|s| (s.a.y > p.y) != (s.b.y > p.y))
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
    fn large_rings_go_through_the_tree_with_the_same_answers() {
        let circle = |cx: f64, cy: f64, r: f64, n: usize| -> Vec<Coord<f64>> {
            let mut ring: Vec<Coord<f64>> = (0..n)
                .map(|i| {
                    let a = i as f64 / n as f64 * std::f64::consts::TAU;
                    Coord {
                        x: cx + r * a.cos(),
                        y: cy + r * a.sin(),
                    }
                })
                .collect();
            ring.push(ring[0]);
            ring
        };
        let shell = circle(0.0, 0.0, 10.0, 1000);
        let inside = circle(2.0, 0.0, 1.0, 200);
        let outside = circle(20.0, 0.0, 1.0, 200);
        let across = circle(10.0, 0.0, 1.0, 200);
        assert!(check_polygon_rings(&[&shell, &inside]).is_empty());
        let problems = check_polygon_rings(&[&shell, &inside, &outside]);
        assert_eq!(problems.holes_outside, [2]);
        assert!(problems.crossings.is_empty());
        let problems = check_polygon_rings(&[&shell, &across]);
        assert_eq!(problems.crossings.len(), 2);
        let mut folded = shell.clone();
        folded.swap(100, 600);
        assert!(!check_polygon_rings(&[&folded]).crossings.is_empty());
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
