//! Reading GSHHG/WDBII through `gmt coast -M` and joining the bin-cut pieces.

use geo::Coord;
use std::collections::HashMap;
use std::process::Command;

/// One piece of a shoreline, river or border as dumped by GMT.
pub struct Seg {
    pub level: u8,
    pub pts: Vec<Coord<f64>>,
}

/// Runs `gmt coast` with the given arguments and parses its multisegment output.
pub fn gmt_dump(args: &[&str]) -> Vec<Seg> {
    let out = Command::new("gmt")
        .arg("coast")
        .args(args)
        // GMT leaves a gmt.history file in its working directory: keep it out of the repo.
        .current_dir(std::env::temp_dir())
        .output()
        .expect("could not run gmt: apt-get install gmt gmt-gshhg-high gmt-gshhg-full");
    assert!(
        out.status.success(),
        "gmt coast {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    parse(&String::from_utf8_lossy(&out.stdout))
}

fn parse(text: &str) -> Vec<Seg> {
    let mut segs: Vec<Seg> = Vec::new();
    for line in text.lines() {
        if let Some(header) = line.strip_prefix('>') {
            let level = header
                .rsplit("Level")
                .next()
                .and_then(|s| s.trim().parse::<u8>().ok())
                .unwrap_or(0);
            segs.push(Seg {
                level,
                pts: Vec::new(),
            });
            continue;
        }
        let mut it = line.split_whitespace().map(|s| s.parse::<f64>());
        if let (Some(Ok(x)), Some(Ok(y)), Some(seg)) = (it.next(), it.next(), segs.last_mut()) {
            let c = Coord { x, y };
            // GMT repeats points at bin edges and even emits 2-point segments whose
            // points coincide: keep only distinct consecutive points.
            if seg.pts.last().is_none_or(|&l| key(l) != key(c)) {
                seg.pts.push(c);
            }
        }
    }
    // A piece needs two distinct points; degenerate ones would also spoil the joins
    // (an extra piece end at a junction).
    segs.retain(|s| s.pts.len() >= 2);
    segs
}

type Key = (i64, i64);
/// A chain of coordinates (open line or closed ring).
pub type Chain = Vec<Coord<f64>>;

pub fn key(c: Coord<f64>) -> Key {
    ((c.x * 1e6).round() as i64, (c.y * 1e6).round() as i64)
}

/// Joins shoreline pieces end-to-start (GSHHG keeps land on the left), returning
/// (closed rings, open chains).
pub fn join_directed(segs: Vec<Chain>) -> (Vec<Chain>, Vec<Chain>) {
    let mut by_start: HashMap<Key, Vec<usize>> = HashMap::new();
    let mut by_end: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        by_start.entry(key(s[0])).or_default().push(i);
        by_end.entry(key(s[s.len() - 1])).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let (mut closed, mut open) = (Vec::new(), Vec::new());
    for i in 0..segs.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut line = segs[i].clone();
        let is_closed = |l: &Vec<Coord<f64>>| l.len() > 3 && key(l[0]) == key(l[l.len() - 1]);
        while !is_closed(&line) {
            let k = key(line[line.len() - 1]);
            let Some(&j) = by_start.get(&k).and_then(|v| v.iter().find(|&&j| !used[j])) else {
                break;
            };
            used[j] = true;
            line.extend_from_slice(&segs[j][1..]);
        }
        while !is_closed(&line) {
            let k = key(line[0]);
            let Some(&j) = by_end.get(&k).and_then(|v| v.iter().find(|&&j| !used[j])) else {
                break;
            };
            used[j] = true;
            let mut pre = segs[j][..segs[j].len() - 1].to_vec();
            pre.extend_from_slice(&line);
            line = pre;
        }
        if is_closed(&line) {
            let n = line.len();
            line[n - 1] = line[0];
            closed.push(line);
        } else {
            open.push(line);
        }
    }
    (closed, open)
}

/// Joins undirected line pieces (rivers, borders) wherever exactly two piece ends meet.
pub fn join_undirected(segs: Vec<Vec<Coord<f64>>>) -> Vec<Vec<Coord<f64>>> {
    let mut at: HashMap<Key, Vec<usize>> = HashMap::new();
    for (i, s) in segs.iter().enumerate() {
        at.entry(key(s[0])).or_default().push(i);
        at.entry(key(s[s.len() - 1])).or_default().push(i);
    }
    let mut used = vec![false; segs.len()];
    let mut out = Vec::new();
    for i in 0..segs.len() {
        if used[i] {
            continue;
        }
        used[i] = true;
        let mut line = segs[i].clone();
        for _pass in 0..2 {
            loop {
                let end = line[line.len() - 1];
                if key(end) == key(line[0]) {
                    break;
                }
                let ids = &at[&key(end)];
                if ids.len() != 2 {
                    break;
                }
                let Some(&j) = ids.iter().find(|&&j| !used[j]) else {
                    break;
                };
                used[j] = true;
                let mut next = segs[j].clone();
                if key(next[0]) != key(end) {
                    next.reverse();
                }
                line.extend_from_slice(&next[1..]);
            }
            line.reverse();
        }
        out.push(line);
    }
    out
}

/// The dump box, (xmin, ymin, xmax, ymax).
#[derive(Clone, Copy)]
pub struct BoxR {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl BoxR {
    fn w(&self) -> f64 {
        self.x1 - self.x0
    }
    fn h(&self) -> f64 {
        self.y1 - self.y0
    }
    fn perimeter(&self) -> f64 {
        2.0 * (self.w() + self.h())
    }
    /// Position along the box boundary, counter-clockwise from the lower-left corner,
    /// or None when the point is not on the boundary.
    fn t(&self, c: Coord<f64>) -> Option<f64> {
        let e = 1e-4;
        if (c.y - self.y0).abs() < e {
            Some(c.x - self.x0)
        } else if (c.x - self.x1).abs() < e {
            Some(self.w() + c.y - self.y0)
        } else if (c.y - self.y1).abs() < e {
            Some(self.w() + self.h() + self.x1 - c.x)
        } else if (c.x - self.x0).abs() < e {
            Some(2.0 * self.w() + self.h() + self.y1 - c.y)
        } else {
            None
        }
    }
    fn corners(&self) -> [(f64, Coord<f64>); 4] {
        let (w, h) = (self.w(), self.h());
        [
            (
                w,
                Coord {
                    x: self.x1,
                    y: self.y0,
                },
            ),
            (
                w + h,
                Coord {
                    x: self.x1,
                    y: self.y1,
                },
            ),
            (
                2.0 * w + h,
                Coord {
                    x: self.x0,
                    y: self.y1,
                },
            ),
            (
                0.0,
                Coord {
                    x: self.x0,
                    y: self.y0,
                },
            ),
        ]
    }
}

/// Closes land chains cut by the dump box by walking the box edge counter-clockwise
/// (land is on the left of GSHHG shorelines). Returns the rings and the number of
/// chains that could not be used (ends not on the box).
pub fn close_on_box(open: Vec<Vec<Coord<f64>>>, b: BoxR) -> (Vec<Vec<Coord<f64>>>, usize) {
    let p = b.perimeter();
    let mut chains = Vec::new();
    let mut dropped = 0;
    for c in open {
        match (b.t(c[0]), b.t(c[c.len() - 1])) {
            (Some(ts), Some(te)) => {
                if std::env::var_os("BUILD_MAPS_DEBUG").is_some() {
                    eprintln!(
                        "open chain {:?} -> {:?} ({} points)",
                        c[0],
                        c[c.len() - 1],
                        c.len()
                    );
                }
                chains.push((c, ts, te))
            }
            _ => dropped += 1,
        }
    }
    let mut used = vec![false; chains.len()];
    let mut rings = Vec::new();
    for i in 0..chains.len() {
        if used[i] {
            continue;
        }
        let mut ring: Vec<Coord<f64>> = Vec::new();
        let mut cur = i;
        loop {
            used[cur] = true;
            ring.extend_from_slice(&chains[cur].0);
            let te = chains[cur].2;
            let mut best: Option<(usize, f64)> = None;
            for (j, ch) in chains.iter().enumerate() {
                if used[j] && j != i {
                    continue;
                }
                let d = (ch.1 - te).rem_euclid(p);
                if best.is_none_or(|(_, bd)| d < bd) {
                    best = Some((j, d));
                }
            }
            let (j, dj) = best.expect("chain start");
            let mut corners: Vec<(f64, Coord<f64>)> = b
                .corners()
                .iter()
                .map(|&(tc, c)| ((tc - te).rem_euclid(p), c))
                .filter(|&(d, _)| d < dj && d > 0.0)
                .collect();
            corners.sort_by(|a, b| a.0.total_cmp(&b.0));
            ring.extend(corners.into_iter().map(|(_, c)| c));
            if j == i {
                ring.push(ring[0]);
                break;
            }
            cur = j;
        }
        rings.push(ring);
    }
    (rings, dropped)
}
