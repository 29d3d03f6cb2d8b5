//! Label halos made once per glyph: the glyph spread to eight points around it and compounded into one mask, and the shelves that pack those masks into one image.

/// Where the eight copies that make a halo sit around a glyph, `radius` pixels away: the
/// four sides and the four diagonals.
pub fn halo_offsets(radius: f32) -> [(f32, f32); 8] {
    let r = radius;
    let d = radius * std::f32::consts::FRAC_1_SQRT_2;
    [
        (-r, 0.0),
        (r, 0.0),
        (0.0, -r),
        (0.0, r),
        (-d, -d),
        (d, d),
        (-d, d),
        (d, -d),
    ]
}

/// How many pixels a halo of `radius` reaches beyond its glyph's box on every side: a copy
/// moved `radius` pixels, sampled between pixels, touches `ceil(radius)` pixels outside.
pub fn halo_margin(radius: f32) -> usize {
    radius.max(0.0).ceil() as usize
}

/// A glyph's halo: one alpha value a pixel, for the glyph's box grown by `margin` on every side.
#[derive(Debug, Clone, PartialEq)]
pub struct HaloMask {
    pub width: usize,
    pub height: usize,
    pub margin: usize,
    pub alpha: Vec<u8>,
}

/// The halo of a glyph whose alpha is `glyph` (`width` × `height`, row by row).
///
/// A halo used to be eight copies of the glyph, each moved `radius` pixels and blended over
/// the map at `opacity`; what light passes all eight is the product of what passes each, so
/// one mask of `1 - Π(1 - opacity · a(i))` drawn once in the halo's colour leaves the same picture.
pub fn halo_mask(glyph: &[u8], width: usize, height: usize, radius: f32, opacity: f32) -> HaloMask {
    assert_eq!(glyph.len(), width * height, "glyph alpha is width × height");
    let margin = halo_margin(radius);
    let (out_w, out_h) = (width + 2 * margin, height + 2 * margin);
    let opacity = opacity.clamp(0.0, 1.0);
    let offsets = halo_offsets(radius);
    let sample = |x: f32, y: f32| bilinear(glyph, width, height, x, y);
    let mut alpha = Vec::with_capacity(out_w * out_h);
    for oy in 0..out_h {
        for ox in 0..out_w {
            // The centre of this pixel in the glyph's own pixel coordinates.
            let x = ox as f32 - margin as f32;
            let y = oy as f32 - margin as f32;
            let passed: f32 = offsets
                .iter()
                .map(|&(dx, dy)| 1.0 - opacity * sample(x - dx, y - dy))
                .product();
            alpha.push(((1.0 - passed) * 255.0).round() as u8);
        }
    }
    HaloMask {
        width: out_w,
        height: out_h,
        margin,
        alpha,
    }
}

/// The glyph's alpha (0 to 1) at a point between pixels, nothing outside it.
fn bilinear(glyph: &[u8], width: usize, height: usize, x: f32, y: f32) -> f32 {
    let at = |xi: i64, yi: i64| -> f32 {
        if xi < 0 || yi < 0 || xi >= width as i64 || yi >= height as i64 {
            0.0
        } else {
            f32::from(glyph[yi as usize * width + xi as usize]) / 255.0
        }
    };
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (xi, yi) = (x0 as i64, y0 as i64);
    let top = at(xi, yi) * (1.0 - fx) + at(xi + 1, yi) * fx;
    let bottom = at(xi, yi + 1) * (1.0 - fx) + at(xi + 1, yi + 1) * fx;
    top * (1.0 - fy) + bottom * fy
}

/// Packs rectangles into an image of fixed width, row after row ("shelves"), growing downward.
#[derive(Debug, Clone)]
pub struct ShelfPacker {
    width: usize,
    gap: usize,
    shelves: Vec<Shelf>,
}

#[derive(Debug, Clone)]
struct Shelf {
    y: usize,
    height: usize,
    next_x: usize,
}

impl ShelfPacker {
    /// An empty image `width` pixels wide; packed rectangles keep `gap` pixels apart so that
    /// filtering at one's edge never reads its neighbour.
    pub fn new(width: usize, gap: usize) -> Self {
        Self {
            width,
            gap,
            shelves: Vec::new(),
        }
    }

    /// Where a `w` × `h` rectangle goes (its top-left corner), or `None` when it is wider
    /// than the image.
    pub fn place(&mut self, w: usize, h: usize) -> Option<(usize, usize)> {
        let (w_gap, h_gap) = (w + self.gap, h + self.gap);
        if w_gap > self.width {
            return None;
        }
        // A shelf of about this height with room left; a much taller shelf would waste rows.
        let fits = |s: &Shelf| {
            h_gap <= s.height && s.height <= h_gap * 2 && s.next_x + w_gap <= self.width
        };
        if let Some(shelf) = self.shelves.iter_mut().find(|s| fits(s)) {
            let at = (shelf.next_x, shelf.y);
            shelf.next_x += w_gap;
            return Some(at);
        }
        let y = self.height();
        self.shelves.push(Shelf {
            y,
            height: h_gap,
            next_x: w_gap,
        });
        Some((0, y))
    }

    /// Rows of the image used so far.
    pub fn height(&self) -> usize {
        self.shelves.last().map_or(0, |s| s.y + s.height)
    }

    pub fn width(&self) -> usize {
        self.width
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blends eight moved copies of the glyph one over another, as the halo used to be drawn,
    /// and returns what share of the halo colour each pixel ends up with.
    fn eight_copies_blended(
        glyph: &[u8],
        width: usize,
        height: usize,
        radius: f32,
        opacity: f32,
        margin: usize,
    ) -> Vec<f32> {
        let (out_w, out_h) = (width + 2 * margin, height + 2 * margin);
        let mut share = vec![0.0f32; out_w * out_h];
        for (dx, dy) in halo_offsets(radius) {
            for oy in 0..out_h {
                for ox in 0..out_w {
                    let a = opacity
                        * bilinear(
                            glyph,
                            width,
                            height,
                            ox as f32 - margin as f32 - dx,
                            oy as f32 - margin as f32 - dy,
                        );
                    let s = &mut share[oy * out_w + ox];
                    *s = a + *s * (1.0 - a);
                }
            }
        }
        share
    }

    fn letter_l() -> (Vec<u8>, usize, usize) {
        // A 4 × 6 "L" with soft edges.
        #[rustfmt::skip]
        let glyph = vec![
            255, 90, 0, 0,
            255, 90, 0, 0,
            255, 90, 0, 0,
            255, 90, 0, 0,
            255, 255, 255, 120,
            120, 120, 120, 40,
        ];
        (glyph, 4, 6)
    }

    #[test]
    fn one_mask_leaves_what_eight_blended_copies_left() {
        let (glyph, w, h) = letter_l();
        for (radius, opacity) in [(1.5, 220.0 / 255.0), (2.5, 1.0), (2.0, 0.5)] {
            let mask = halo_mask(&glyph, w, h, radius, opacity);
            let reference = eight_copies_blended(&glyph, w, h, radius, opacity, mask.margin);
            assert_eq!(mask.alpha.len(), reference.len());
            for (got, want) in mask.alpha.iter().zip(&reference) {
                assert!(
                    (f32::from(*got) / 255.0 - want).abs() <= 0.5 / 255.0 + 1e-4,
                    "radius {radius} opacity {opacity}: {got} against {want}"
                );
            }
        }
    }

    #[test]
    fn the_halo_reaches_radius_beyond_the_glyph_and_no_further() {
        // One opaque pixel: its halo is a ring of eight points 2 px away.
        let mask = halo_mask(&[255], 1, 1, 2.0, 1.0);
        assert_eq!(mask.margin, 2);
        assert_eq!((mask.width, mask.height), (5, 5));
        let at = |x: usize, y: usize| mask.alpha[y * mask.width + x];
        let centre = 2;
        assert_eq!(at(centre - 2, centre), 255, "two pixels to the left");
        assert_eq!(at(centre + 2, centre), 255, "two pixels to the right");
        assert_eq!(at(centre, centre - 2), 255, "two pixels up");
        assert_eq!(
            at(centre, centre),
            0,
            "the glyph itself is not under any copy"
        );
        assert!(
            at(centre - 1, centre - 1) > 0,
            "the diagonal copies reach about 1.4 px"
        );
    }

    #[test]
    fn nothing_of_the_halo_falls_outside_its_margin() {
        let (glyph, w, h) = letter_l();
        for radius in [1.0, 1.5, 2.0, 2.5, 3.2] {
            let margin = halo_margin(radius);
            let wide = margin + 3;
            let reference = eight_copies_blended(&glyph, w, h, radius, 1.0, wide);
            let out_w = w + 2 * wide;
            for (i, share) in reference.iter().enumerate() {
                let (x, y) = (i % out_w, i / out_w);
                let inside = (wide - margin..wide + w + margin).contains(&x)
                    && (wide - margin..wide + h + margin).contains(&y);
                assert!(
                    inside || *share == 0.0,
                    "radius {radius}: ({x}, {y}) has {share}"
                );
            }
        }
    }

    #[test]
    fn an_empty_glyph_has_no_halo() {
        let mask = halo_mask(&[0; 12], 3, 4, 1.5, 1.0);
        assert!(mask.alpha.iter().all(|&a| a == 0));
        assert_eq!(mask.width, 3 + 2 * mask.margin);
    }

    #[test]
    fn a_translucent_halo_is_denser_where_copies_overlap() {
        // Inside a wide glyph all eight copies overlap: 1 - (1 - 0.5)^8, almost opaque;
        // just outside it only the copies moved outward reach, and two pixels out none.
        let glyph = vec![255u8; 10 * 10];
        let mask = halo_mask(&glyph, 10, 10, 1.0, 0.5);
        let at = |x: usize, y: usize| mask.alpha[y * mask.width + x];
        let m = mask.margin;
        assert_eq!(at(m + 5, m + 5), 254);
        let edge = at(m - 1, m + 5);
        assert!(
            (128..254).contains(&edge),
            "three copies reach just left of the glyph: {edge}"
        );
        assert_eq!(m, 1, "a 1 px halo keeps within a pixel of the glyph");
    }

    #[test]
    fn packed_rectangles_never_overlap_and_keep_their_gap() {
        let mut packer = ShelfPacker::new(64, 1);
        let sizes = [
            (10, 12),
            (20, 12),
            (30, 12),
            (5, 20),
            (63, 3),
            (8, 12),
            (40, 25),
            (12, 11),
        ];
        let placed: Vec<_> = sizes
            .iter()
            .map(|&(w, h)| {
                let (x, y) = packer.place(w, h).expect("fits the width");
                assert!(x + w < 64, "inside the width with its gap");
                (x, y, w, h)
            })
            .collect();
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                let apart =
                    a.0 + a.2 < b.0 || b.0 + b.2 < a.0 || a.1 + a.3 < b.1 || b.1 + b.3 < a.1;
                assert!(apart, "{a:?} and {b:?} overlap or touch");
            }
        }
        let bottom = placed.iter().map(|p| p.1 + p.3).max().unwrap();
        assert!(packer.height() > bottom);
        assert_eq!(
            placed[1].1, placed[0].1,
            "a second glyph of the same height shares the shelf"
        );
    }

    #[test]
    fn a_rectangle_wider_than_the_image_is_refused() {
        let mut packer = ShelfPacker::new(16, 1);
        assert_eq!(packer.place(16, 4), None);
        assert_eq!(packer.place(15, 4), Some((0, 0)));
        assert_eq!(packer.height(), 5);
    }
}
