//! Polyline helpers: arc-length resampling, line and ring morphing, partial lines for arrows, dash splitting.

use geo::Coord;

fn dist(a: Coord<f64>, b: Coord<f64>) -> f64 {
    ((a.x - b.x).powi(2) + (a.y - b.y).powi(2)).sqrt()
}

fn lerp(a: Coord<f64>, b: Coord<f64>, f: f64) -> Coord<f64> {
    Coord {
        x: a.x + (b.x - a.x) * f,
        y: a.y + (b.y - a.y) * f,
    }
}

/// Total length of a polyline.
pub fn length(points: &[Coord<f64>]) -> f64 {
    points.windows(2).map(|w| dist(w[0], w[1])).sum()
}

/// The point at arc length `s` along a polyline (clamped to its ends).
pub fn point_at(points: &[Coord<f64>], s: f64) -> Option<Coord<f64>> {
    let first = *points.first()?;
    if s <= 0.0 {
        return Some(first);
    }
    let mut walked = 0.0;
    for w in points.windows(2) {
        let d = dist(w[0], w[1]);
        if walked + d >= s && d > 0.0 {
            return Some(lerp(w[0], w[1], (s - walked) / d));
        }
        walked += d;
    }
    points.last().copied()
}

/// `n` points spaced evenly by arc length from the first point to the last.
pub fn resample(points: &[Coord<f64>], n: usize) -> Vec<Coord<f64>> {
    if points.is_empty() || n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![points[0]];
    }
    let total = length(points);
    let mut out = Vec::with_capacity(n);
    let mut segment = 0;
    let mut walked = 0.0;
    for i in 0..n {
        let target = total * i as f64 / (n - 1) as f64;
        while segment + 1 < points.len() - 1
            && walked + dist(points[segment], points[segment + 1]) < target
        {
            walked += dist(points[segment], points[segment + 1]);
            segment += 1;
        }
        if points.len() == 1 {
            out.push(points[0]);
            continue;
        }
        let d = dist(points[segment], points[segment + 1]);
        let f = if d > 0.0 {
            ((target - walked) / d).clamp(0.0, 1.0)
        } else {
            0.0
        };
        out.push(lerp(points[segment], points[segment + 1], f));
    }
    out
}

/// Two shapes made ready to morph: resampled to one vertex count and lined up. Depends only
/// on the pair, so a caller that morphs the same pair at many moments prepares it once.
#[derive(Debug, Clone, PartialEq)]
pub enum Morph {
    /// Corresponding points of the two shapes; the shape at `f` is their blend.
    Blend {
        from: Vec<Coord<f64>>,
        to: Vec<Coord<f64>>,
        closed: bool,
    },
    /// The shapes could not be matched (too few points): the first until halfway, then the second.
    Swap {
        from: Vec<Coord<f64>>,
        to: Vec<Coord<f64>>,
    },
}

impl Morph {
    /// Polylines whose vertex counts may differ: both resampled by arc length to a common count.
    pub fn lines(a: &[Coord<f64>], b: &[Coord<f64>]) -> Morph {
        let n = a.len().max(b.len()).clamp(2, 512);
        let from = resample(a, n);
        let to = resample(b, n);
        if from.len() != to.len() {
            return Morph::Swap {
                from: a.to_vec(),
                to: b.to_vec(),
            };
        }
        Morph::Blend {
            from,
            to,
            closed: false,
        }
    }

    /// Closed rings: same orientation, resampled to a common count, and the second rotated
    /// so its start lines up with the first (least total squared travel).
    ///
    /// Rings that share vertices (an area whose front advances inside a fixed border) are
    /// matched at those vertices instead: see `anchored_rings`.
    pub fn rings(a: &[Coord<f64>], b: &[Coord<f64>]) -> Morph {
        let n = a.len().max(b.len()).clamp(8, 256);
        let mut b_owned = b.to_vec();
        if (signed_area(a) > 0.0) != (signed_area(b) > 0.0) {
            b_owned.reverse();
        }
        if let Some(anchored) = anchored_rings(a, &b_owned) {
            return anchored;
        }
        // Resample closed rings as open polylines that end on their start; drop the duplicate end.
        let mut from = resample(a, n + 1);
        let mut rb = resample(&b_owned, n + 1);
        from.pop();
        rb.pop();
        if from.len() != n || rb.len() != n {
            return Morph::Swap {
                from: a.to_vec(),
                to: b.to_vec(),
            };
        }
        let stride = (n / 64).max(1);
        let cost = |shift: usize| -> f64 {
            (0..n)
                .step_by(stride)
                .map(|i| {
                    let q = rb[(i + shift) % n];
                    (from[i].x - q.x).powi(2) + (from[i].y - q.y).powi(2)
                })
                .sum()
        };
        let mut best = (0, f64::INFINITY);
        for shift in 0..n {
            let c = cost(shift);
            if c < best.1 {
                best = (shift, c);
            }
        }
        let to = (0..n).map(|i| rb[(i + best.0) % n]).collect();
        Morph::Blend {
            from,
            to,
            closed: true,
        }
    }

    /// The shape `f` of the way (0 = the first, 1 = the second); rings come back closed.
    pub fn at(&self, f: f64) -> Vec<Coord<f64>> {
        match self {
            Morph::Blend { from, to, closed } => {
                let mut out: Vec<Coord<f64>> = Vec::with_capacity(from.len() + 1);
                out.extend(from.iter().zip(to).map(|(&p, &q)| lerp(p, q, f)));
                if *closed && let Some(&first) = out.first() {
                    out.push(first);
                }
                out
            }
            Morph::Swap { from, to } => {
                if f < 0.5 {
                    from.clone()
                } else {
                    to.clone()
                }
            }
        }
    }
}

/// Two rings of the same orientation matched at the vertices they share, or None when they
/// share fewer than two. Between consecutive shared vertices each ring keeps all its own
/// vertices and gains a point where the other has one (at the same fraction of the stretch's
/// length), so a stretch the two have in common stays exactly in place at every moment, and
/// the shape at either end is exactly that keyframe. Resampling the whole ring evenly (the
/// fallback) cuts the corners of such a border, and an area cut by the morphing one kept
/// slivers along it.
fn anchored_rings(a: &[Coord<f64>], b: &[Coord<f64>]) -> Option<Morph> {
    let (a, b) = (open_ring(a), open_ring(b));
    if a.len() < 3 || b.len() < 3 {
        return None;
    }
    let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
    let mut in_b = std::collections::HashMap::with_capacity(b.len());
    for (j, c) in b.iter().enumerate() {
        in_b.entry(key(c)).or_insert(j);
    }
    let shared: Vec<(usize, usize)> = a
        .iter()
        .enumerate()
        .filter_map(|(i, c)| in_b.get(&key(c)).map(|&j| (i, j)))
        .collect();
    let anchors = in_the_same_order(&shared, b.len());
    if anchors.len() < 2 {
        return None;
    }
    let (mut from, mut to) = (Vec::new(), Vec::new());
    for (k, &(ia, ib)) in anchors.iter().enumerate() {
        let (na, nb) = anchors[(k + 1) % anchors.len()];
        let (stretch_a, stretch_b) = (cyclic_run(a, ia, na), cyclic_run(b, ib, nb));
        // Each stretch ends on the next anchor, which the next stretch starts with.
        let (f, t) = matched_stretches(&stretch_a, &stretch_b);
        from.extend_from_slice(&f[..f.len() - 1]);
        to.extend_from_slice(&t[..t.len() - 1]);
    }
    Some(Morph::Blend {
        from,
        to,
        closed: true,
    })
}

/// A ring without its closing point.
fn open_ring(ring: &[Coord<f64>]) -> &[Coord<f64>] {
    match ring {
        [first, .., last] if first == last => &ring[..ring.len() - 1],
        _ => ring,
    }
}

/// The longest run of shared vertices (index in the first ring, index in the second) that
/// both rings pass in the same order, starting from the first shared vertex.
fn in_the_same_order(shared: &[(usize, usize)], b_len: usize) -> Vec<(usize, usize)> {
    let Some(&(_, start)) = shared.first() else {
        return Vec::new();
    };
    let offset = |j: usize| (j + b_len - start) % b_len;
    // Longest strictly increasing subsequence of the offsets (patience sorting).
    let mut tails: Vec<usize> = Vec::new();
    let mut previous = vec![usize::MAX; shared.len()];
    for (k, &(_, j)) in shared.iter().enumerate() {
        let o = offset(j);
        let at = tails.partition_point(|&t| offset(shared[t].1) < o);
        if at > 0 {
            previous[k] = tails[at - 1];
        }
        if at == tails.len() {
            tails.push(k);
        } else {
            tails[at] = k;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut k = tails.last().copied().unwrap_or(usize::MAX);
    while k != usize::MAX {
        run.push(shared[k]);
        k = previous[k];
    }
    run.reverse();
    run
}

/// The ring's vertices from index `from` to index `to`, both included, going round.
fn cyclic_run(ring: &[Coord<f64>], from: usize, to: usize) -> Vec<Coord<f64>> {
    let count = (to + ring.len() - from) % ring.len();
    let count = if count == 0 { ring.len() } else { count };
    (0..=count).map(|k| ring[(from + k) % ring.len()]).collect()
}

/// Two polylines with the same ends, given the same number of points: each keeps its own
/// vertices and gains one where the other has one, at the same fraction of its length.
fn matched_stretches(a: &[Coord<f64>], b: &[Coord<f64>]) -> (Vec<Coord<f64>>, Vec<Coord<f64>>) {
    let (pa, pb) = (fractions(a), fractions(b));
    let mut from = Vec::with_capacity(a.len() + b.len());
    let mut to = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if (pa[i] - pb[j]).abs() < 1e-12 {
            from.push(a[i]);
            to.push(b[j]);
            i += 1;
            j += 1;
        } else if pa[i] < pb[j] {
            from.push(a[i]);
            to.push(point_at_fraction(b, &pb, j, pa[i]));
            i += 1;
        } else {
            from.push(point_at_fraction(a, &pa, i, pb[j]));
            to.push(b[j]);
            j += 1;
        }
    }
    // Both end at fraction 1; a vertex a hair before the end can leave one side a point over.
    from.extend(a[i..].iter().copied());
    to.extend(std::iter::repeat_n(b[b.len() - 1], a.len() - i));
    to.extend(b[j..].iter().copied());
    from.extend(std::iter::repeat_n(a[a.len() - 1], b.len() - j));
    (from, to)
}

/// Each vertex's distance along the polyline as a fraction of its length (0 to 1); evenly
/// spaced when the polyline has no length.
fn fractions(points: &[Coord<f64>]) -> Vec<f64> {
    let mut walked = 0.0;
    let mut out: Vec<f64> = Vec::with_capacity(points.len());
    for (k, p) in points.iter().enumerate() {
        if k > 0 {
            walked += dist(points[k - 1], *p);
        }
        out.push(walked);
    }
    let (total, last) = (walked, points.len().saturating_sub(1).max(1) as f64);
    for (k, f) in out.iter_mut().enumerate() {
        *f = if total > 0.0 {
            *f / total
        } else {
            k as f64 / last
        };
    }
    if let Some(end) = out.last_mut() {
        *end = 1.0;
    }
    out
}

/// The point at fraction `f` of the polyline, which lies between its vertices `next - 1` and
/// `next`.
fn point_at_fraction(points: &[Coord<f64>], fractions: &[f64], next: usize, f: f64) -> Coord<f64> {
    let (p0, p1) = (fractions[next - 1], fractions[next]);
    let along = if p1 > p0 {
        ((f - p0) / (p1 - p0)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    lerp(points[next - 1], points[next], along)
}

/// Morphs between two polylines whose vertex counts may differ: both are resampled by
/// arc length to a common count and blended at `f` (0 = `a`, 1 = `b`).
pub fn morph_line(a: &[Coord<f64>], b: &[Coord<f64>], f: f64) -> Vec<Coord<f64>> {
    Morph::lines(a, b).at(f)
}

/// Signed area (positive when counter-clockwise).
fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

/// Morphs between two closed rings: same orientation, resampled to a common count, and the
/// second rotated so its start lines up with the first (least total squared travel).
pub fn morph_ring(a: &[Coord<f64>], b: &[Coord<f64>], f: f64) -> Vec<Coord<f64>> {
    Morph::rings(a, b).at(f)
}

/// The first `fraction` (0..1) of a polyline by arc length: the drawn part of a growing arrow.
pub fn partial(points: &[Coord<f64>], fraction: f64) -> Vec<Coord<f64>> {
    if points.len() < 2 {
        return points.to_vec();
    }
    let fraction = fraction.clamp(0.0, 1.0);
    let target = length(points) * fraction;
    let mut out = vec![points[0]];
    let mut walked = 0.0;
    for w in points.windows(2) {
        let d = dist(w[0], w[1]);
        if walked + d >= target {
            if d > 0.0 {
                out.push(lerp(w[0], w[1], (target - walked) / d));
            }
            return out;
        }
        out.push(w[1]);
        walked += d;
    }
    out
}

/// Splits a polyline into dashes following `pattern` (on, off, on, off... lengths).
pub fn dashes(points: &[Coord<f64>], pattern: &[f64]) -> Vec<Vec<Coord<f64>>> {
    let total_pattern: f64 = pattern.iter().sum();
    if points.len() < 2
        || pattern.is_empty()
        || total_pattern.is_nan()
        || total_pattern <= 0.0
        || pattern.iter().any(|p| *p < 0.0)
    {
        return vec![points.to_vec()];
    }
    let mut result = Vec::new();
    let mut current: Vec<Coord<f64>> = Vec::new();
    let mut index = 0;
    let mut left = pattern[0];
    let mut on = true;
    current.push(points[0]);
    for w in points.windows(2) {
        let (mut a, b) = (w[0], w[1]);
        let mut d = dist(a, b);
        while d > 0.0 {
            if left > d {
                left -= d;
                if on {
                    current.push(b);
                }
                break;
            }
            let cut = lerp(a, b, left / d);
            if on {
                current.push(cut);
                if current.len() >= 2 {
                    result.push(std::mem::take(&mut current));
                }
                current.clear();
            } else {
                current.clear();
                current.push(cut);
            }
            on = !on;
            d -= left;
            a = cut;
            index = (index + 1) % pattern.len();
            left = pattern[index];
        }
    }
    if on && current.len() >= 2 {
        result.push(current);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    /// A closed counter-clockwise square from (min, min) to (max, max).
    fn square_ring(min: f64, max: f64) -> [Coord<f64>; 5] {
        [
            c(min, min),
            c(max, min),
            c(max, max),
            c(min, max),
            c(min, min),
        ]
    }

    #[test]
    fn resampling_spaces_points_evenly_by_length() {
        let line = [c(0.0, 0.0), c(10.0, 0.0), c(10.0, 10.0)];
        let r = resample(&line, 5);
        assert_eq!(
            r,
            vec![
                c(0.0, 0.0),
                c(5.0, 0.0),
                c(10.0, 0.0),
                c(10.0, 5.0),
                c(10.0, 10.0)
            ]
        );
    }

    #[test]
    fn morph_handles_different_vertex_counts() {
        let a = [c(0.0, 0.0), c(10.0, 0.0)];
        let b = [c(0.0, 10.0), c(5.0, 10.0), c(10.0, 10.0), c(10.0, 10.0)];
        let mid = morph_line(&a, &b, 0.5);
        assert!(mid.iter().all(|p| (p.y - 5.0).abs() < 1e-9), "{mid:?}");
        assert_eq!(morph_line(&a, &b, 0.0).first(), Some(&c(0.0, 0.0)));
        assert_eq!(morph_line(&a, &b, 1.0).last(), Some(&c(10.0, 10.0)));
    }

    #[test]
    fn ring_morph_stays_closed_and_aligns_starts() {
        let square = square_ring(0.0, 2.0);
        // The same square started at another corner and wound the other way.
        let shifted = [
            c(2.0, 2.0),
            c(2.0, 0.0),
            c(0.0, 0.0),
            c(0.0, 2.0),
            c(2.0, 2.0),
        ];
        let mid = morph_ring(&square, &shifted, 0.5);
        assert_eq!(mid.first(), mid.last());
        // Identical shapes morph into themselves: no vertex moves far.
        for p in &mid {
            assert!(p.x > -0.01 && p.x < 2.01 && p.y > -0.01 && p.y < 2.01);
            let on_edge = p.x.abs() < 1e-6
                || (p.x - 2.0).abs() < 1e-6
                || p.y.abs() < 1e-6
                || (p.y - 2.0).abs() < 1e-6;
            assert!(on_edge, "{p:?}");
        }
    }

    /// A region with corners along its west side, and the part of it west of `front` (the
    /// front a polyline of `bends` points), sharing the region's own vertices.
    fn region_and_held_part(front: f64, bends: usize) -> (Vec<Coord<f64>>, Vec<Coord<f64>>) {
        let region = vec![
            c(0.0, 0.0),
            c(10.0, 0.0),
            c(10.0, 10.0),
            c(0.0, 10.0),
            c(-0.3, 8.0),
            c(0.4, 6.5),
            c(-0.5, 5.0),
            c(0.3, 3.0),
            c(-0.2, 1.5),
            c(0.0, 0.0),
        ];
        let mut held = vec![c(0.0, 0.0), c(front, 0.0)];
        for k in 1..bends {
            let y = 10.0 * k as f64 / bends as f64;
            held.push(c(front + 0.3 * (k % 2) as f64, y));
        }
        held.extend([c(front, 10.0), c(0.0, 10.0)]);
        held.extend_from_slice(&region[4..]);
        (region, held)
    }

    #[test]
    fn regression_a_front_advancing_inside_a_border_leaves_no_slivers_along_it() {
        use geo::{Area, BooleanOps, LineString, Polygon};
        let (region, early) = region_and_held_part(2.0, 3);
        let (_, late) = region_and_held_part(6.0, 7);
        let plan = Morph::rings(&early, &late);
        let region = Polygon::new(LineString(region), vec![]);
        for f in [0.0, 0.2, 0.5, 0.8, 1.0] {
            let held = Polygon::new(LineString(plan.at(f)), vec![]);
            let left = region.difference(&held);
            // What is left of the region is the one piece east of the front: uniform
            // resampling cut the western corners and left slivers of the region beside it.
            assert_eq!(left.0.len(), 1, "at {f}: {:?}", left);
            // The held part lies inside the region.
            let expected = region.unsigned_area() - held.unsigned_area();
            let error = (left.unsigned_area() - expected).abs();
            assert!(error < 1e-6, "at {f}: {error}");
        }
        // Each end has every vertex of its keyframe (the start exactly, the end to rounding).
        let (start, end) = (plan.at(0.0), plan.at(1.0));
        for p in &early {
            assert!(start.contains(p), "{p:?}");
        }
        for p in &late {
            let near = end.iter().any(|q| dist(*p, *q) < 1e-12);
            assert!(near, "{p:?}");
        }
    }

    #[test]
    fn rings_that_share_no_vertex_still_morph_by_even_resampling() {
        let square = square_ring(0.0, 2.0);
        let bigger = square_ring(-1.0, 3.0);
        let Morph::Blend { from, .. } = Morph::rings(&square, &bigger) else {
            panic!("a blend");
        };
        assert_eq!(from.len(), 8);
    }

    #[test]
    fn partial_lines_grow_along_the_route() {
        let line = [c(0.0, 0.0), c(10.0, 0.0), c(10.0, 10.0)];
        assert_eq!(partial(&line, 0.25), vec![c(0.0, 0.0), c(5.0, 0.0)]);
        assert_eq!(
            partial(&line, 0.75),
            vec![c(0.0, 0.0), c(10.0, 0.0), c(10.0, 5.0)]
        );
        assert_eq!(partial(&line, 1.0).last(), Some(&c(10.0, 10.0)));
        assert!((length(&partial(&line, 0.5)) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn dashes_follow_the_pattern_across_vertices() {
        let line = [c(0.0, 0.0), c(5.0, 0.0), c(10.0, 0.0)];
        let d = dashes(&line, &[2.0, 1.0]);
        assert_eq!(d.len(), 4);
        assert_eq!(d[0], vec![c(0.0, 0.0), c(2.0, 0.0)]);
        assert_eq!(d[1], vec![c(3.0, 0.0), c(5.0, 0.0)]);
        assert_eq!(d[2], vec![c(6.0, 0.0), c(8.0, 0.0)]);
        assert_eq!(d[3], vec![c(9.0, 0.0), c(10.0, 0.0)]);
        // A bad pattern leaves the line whole rather than looping.
        assert_eq!(dashes(&line, &[0.0, 0.0]).len(), 1);
        assert_eq!(dashes(&line, &[f64::NAN]).len(), 1);
    }
}
