//! Ramer–Douglas–Peucker simplification that keeps exactly the points `geo`'s `Simplify` keeps, without its square roots and per-step allocations (the scrub step redoes it for every morphing shape).

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};

/// A line keeps at least its two ends.
const LINE_MIN: usize = 2;
/// A ring keeps at least four points (three corners and the closing one).
const RING_MIN: usize = 4;

/// Each polygon's rings without the points that lie within `epsilon` of the simplified ring.
pub fn simplify_polygons(shape: &MultiPolygon<f64>, epsilon: f64) -> MultiPolygon<f64> {
    MultiPolygon(
        shape
            .0
            .iter()
            .map(|p| {
                Polygon::new(
                    LineString(rdp(&p.exterior().0, epsilon, RING_MIN)),
                    p.interiors()
                        .iter()
                        .map(|ring| LineString(rdp(&ring.0, epsilon, RING_MIN)))
                        .collect(),
                )
            })
            .collect(),
    )
}

/// Each line without the points that lie within `epsilon` of the simplified line.
pub fn simplify_lines(shape: &MultiLineString<f64>, epsilon: f64) -> MultiLineString<f64> {
    MultiLineString(
        shape
            .0
            .iter()
            .map(|line| LineString(rdp(&line.0, epsilon, LINE_MIN)))
            .collect(),
    )
}

/// The points RDP keeps, in order. Ranges are split depth first, left before right, and a
/// range is dropped whole only while at least `min_len` points would remain: the order and
/// the rule `geo` uses, so the result is the same.
fn rdp(coords: &[Coord<f64>], epsilon: f64, min_len: usize) -> Vec<Coord<f64>> {
    if epsilon <= 0.0 || coords.len() <= 2 {
        return coords.to_vec();
    }
    let epsilon_sq = epsilon * epsilon;
    let mut keep = vec![false; coords.len()];
    let mut kept_len = coords.len();
    // Ranges still to look at, inclusive; the top is the leftmost.
    let mut ranges = vec![(0, coords.len() - 1)];
    while let Some((first, last)) = ranges.pop() {
        keep[first] = true;
        keep[last] = true;
        if last - first < 2 {
            continue;
        }
        let (a, b) = (coords[first], coords[last]);
        let (offset, beyond) = farthest_from_segment(&coords[first + 1..last], a, b, epsilon_sq);
        if beyond {
            let split = first + 1 + offset;
            ranges.push((split, last));
            ranges.push((first, split));
            continue;
        }
        let culled = last - first - 1;
        if kept_len - culled < min_len {
            keep[first + 1..last].iter_mut().for_each(|k| *k = true);
        } else {
            kept_len -= culled;
        }
    }
    let mut kept = Vec::with_capacity(kept_len);
    kept.extend(
        coords
            .iter()
            .zip(&keep)
            .filter_map(|(c, &k)| k.then_some(*c)),
    );
    kept
}

/// Which of `points` lies farthest from the segment from `a` to `b` (the last of equals), and
/// whether it lies farther than `epsilon_sq`'s square root. Distances are compared multiplied
/// by the segment's squared length, which orders them the same and spares a division a point.
fn farthest_from_segment(
    points: &[Coord<f64>],
    a: Coord<f64>,
    b: Coord<f64>,
    epsilon_sq: f64,
) -> (usize, bool) {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length_sq = dx * dx + dy * dy;
    let mut farthest = (0, 0.0);
    if length_sq == 0.0 {
        for (i, &p) in points.iter().enumerate() {
            let d = distance_sq_to_segment(p, a, b);
            if d >= farthest.1 {
                farthest = (i, d);
            }
        }
        return (farthest.0, farthest.1 > epsilon_sq);
    }
    let squared =
        |p: Coord<f64>, q: Coord<f64>| (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
    for (i, &p) in points.iter().enumerate() {
        let along = (p.x - a.x) * dx + (p.y - a.y) * dy;
        let d = if along <= 0.0 {
            squared(p, a) * length_sq
        } else if along >= length_sq {
            squared(p, b) * length_sq
        } else {
            let cross = (a.y - p.y) * dx - (a.x - p.x) * dy;
            cross * cross
        };
        if d >= farthest.1 {
            farthest = (i, d);
        }
    }
    (farthest.0, farthest.1 > epsilon_sq * length_sq)
}

/// Squared distance from `p` to the segment from `a` to `b`.
fn distance_sq_to_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let length_sq = dx * dx + dy * dy;
    let to = |q: Coord<f64>| (p.x - q.x) * (p.x - q.x) + (p.y - q.y) * (p.y - q.y);
    if length_sq == 0.0 {
        return to(a);
    }
    let r = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length_sq;
    if r <= 0.0 {
        return to(a);
    }
    if r >= 1.0 {
        return to(b);
    }
    let cross = (a.y - p.y) * dx - (a.x - p.x) * dy;
    cross * cross / length_sq
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Simplify;

    /// A wobbly ring or line of `n` points, the same for the same seed.
    fn wobbly(n: usize, seed: u64, closed: bool) -> Vec<Coord<f64>> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut noise = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) as f64 / (1u64 << 31) as f64) - 0.5
        };
        let mut coords: Vec<Coord<f64>> = (0..n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                let r = 100.0 + 8.0 * (5.0 * t).sin() + 3.0 * noise();
                // Runs of collinear points, as resampled morph shapes have.
                let r = if (i / 7) % 3 == 0 { 100.0 } else { r };
                Coord {
                    x: r * t.cos() + noise() * 0.2,
                    y: r * t.sin(),
                }
            })
            .collect();
        if closed {
            coords.push(coords[0]);
        }
        coords
    }

    #[test]
    fn rings_keep_the_points_geo_keeps() {
        for seed in 0..40 {
            for epsilon in [0.05, 0.3, 1.0, 4.0, 40.0, 400.0] {
                let n = 5 + (seed as usize * 37) % 400;
                let polygon = Polygon::new(
                    LineString(wobbly(n, seed, true)),
                    vec![LineString(wobbly(n / 3 + 4, seed + 1000, true))],
                );
                let shape = MultiPolygon(vec![polygon]);
                assert_eq!(
                    simplify_polygons(&shape, epsilon),
                    shape.simplify(epsilon),
                    "seed {seed}, epsilon {epsilon}"
                );
            }
        }
    }

    #[test]
    fn lines_keep_the_points_geo_keeps() {
        for seed in 0..40 {
            for epsilon in [0.05, 0.3, 1.0, 4.0, 400.0] {
                let n = 2 + (seed as usize * 53) % 300;
                let shape = MultiLineString(vec![
                    LineString(wobbly(n, seed, false)),
                    LineString(wobbly(3, seed + 7, false)),
                ]);
                assert_eq!(
                    simplify_lines(&shape, epsilon),
                    shape.simplify(epsilon),
                    "seed {seed}, epsilon {epsilon}"
                );
            }
        }
    }

    #[test]
    fn a_ring_never_falls_below_four_points_nor_a_line_below_two() {
        let square = LineString::from(vec![
            (0.0, 0.0),
            (1.0, 0.0),
            (1.0, 1.0),
            (0.0, 1.0),
            (0.0, 0.0),
        ]);
        let shape = MultiPolygon(vec![Polygon::new(square.clone(), vec![])]);
        let simplified = simplify_polygons(&shape, 1000.0);
        assert_eq!(
            simplified.0[0].exterior().0.len(),
            5,
            "dropping the square's corners would leave fewer than four points"
        );
        let line = MultiLineString(vec![square]);
        assert_eq!(simplify_lines(&line, 1000.0).0[0].0.len(), 2);
    }

    #[test]
    fn nothing_is_dropped_without_a_tolerance() {
        let line = MultiLineString(vec![LineString(wobbly(50, 3, false))]);
        assert_eq!(simplify_lines(&line, 0.0), line);
    }
}
