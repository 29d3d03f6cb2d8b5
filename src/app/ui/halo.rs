//! Label halos drawn once: each glyph's halo is made the first time it is shown, kept in a texture of its own, and drawn as one quad under the glyph.

use crate::core::halo::{ShelfPacker, halo_margin, halo_mask};
use crate::core::theme::Theme;
use bevy::prelude::*;
use bevy_egui::egui;
use std::collections::HashMap;
use std::sync::Arc;

const ATLAS_WIDTH: usize = 1024;
/// Past this many rows the halos are all made again: the 1945 campaign in three languages fills
/// about half of it, and each copy of the texture (ours, egui's, Bevy's, the renderer's) is 8 MB then.
const ATLAS_MAX_HEIGHT: usize = 2048;

const GROWTH_ROWS: usize = 64;

/// A glyph as egui's font atlas holds it: its corners there, which are valid until egui
/// makes its atlas anew.
type GlyphKey = ([u16; 2], [u16; 2]);

/// What the kept halos were made for; when any of it changes they are made again.
#[derive(Clone, Copy, PartialEq)]
struct MadeFor {
    radius_px: f32,
    opacity: f32,
    pixels_per_point: f32,
}

/// The halos made so far, in one texture.
#[derive(Resource, Default)]
pub struct HaloAtlas {
    texture: Option<egui::TextureHandle>,
    image: egui::ColorImage,
    packer: Option<ShelfPacker>,
    /// Where each glyph's halo is in `image`, in pixels, its margin included.
    places: HashMap<GlyphKey, [usize; 4]>,
    made_for: Option<MadeFor>,
    /// The font atlas as last seen: (rows, fill ratio). egui makes its atlas anew when it
    /// fills up or its options change, and then the same corners hold other glyphs.
    font_atlas: (usize, f32),
    /// Rows of `image` written since the texture was last sent to the renderer.
    dirty_rows: Option<std::ops::Range<usize>>,
}

impl HaloAtlas {
    /// One shape with the halos of every glyph of `texts` (each galley with the point it is
    /// painted at, as `Painter::galley` takes them), in the theme's halo colour.
    pub fn halos(
        &mut self,
        ctx: &egui::Context,
        theme: &Theme,
        texts: &[(egui::Pos2, &egui::Galley)],
    ) -> egui::Shape {
        let ppp = ctx.pixels_per_point();
        let colour = theme.palette.label_halo;
        let made_for = MadeFor {
            radius_px: theme.metrics.halo * ppp,
            opacity: colour.a,
            pixels_per_point: ppp,
        };
        let font_atlas = ctx.fonts(|f| (f.font_image_size()[1], f.font_atlas_fill_ratio()));
        let font_atlas_made_anew = font_atlas.0 < self.font_atlas.0
            || (font_atlas.0 == self.font_atlas.0 && font_atlas.1 < self.font_atlas.1);
        if self.made_for != Some(made_for) || font_atlas_made_anew {
            self.forget(made_for);
        }
        self.font_atlas = font_atlas;
        self.make_missing(ctx, texts);

        let Some(texture) = &self.texture else {
            return egui::Shape::Noop;
        };
        let mut mesh = egui::Mesh::with_texture(texture.id());
        let size = egui::vec2(self.image.width() as f32, self.image.height() as f32);
        let opaque = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        // The mask carries the halo's opacity, so its colour is drawn opaque.
        let tint = egui::Color32::from_rgb(opaque(colour.r), opaque(colour.g), opaque(colour.b));
        let to_pixel = |v: f32| (v * ppp).round() / ppp;
        let margin = halo_margin(made_for.radius_px) as f32;
        for (pos, galley) in texts {
            let galley_pos = egui::pos2(to_pixel(pos.x), to_pixel(pos.y));
            for row in &galley.rows {
                for glyph in &row.glyphs {
                    let uv = glyph.uv_rect;
                    let Some(&[x, y, w, h]) = self.places.get(&(uv.min, uv.max)) else {
                        continue;
                    };
                    let glyph_at = glyph.pos + uv.offset;
                    let left_top = galley_pos
                        + row.pos.to_vec2()
                        + egui::vec2(to_pixel(glyph_at.x), to_pixel(glyph_at.y))
                        - egui::Vec2::splat(margin / ppp);
                    let rect =
                        egui::Rect::from_min_size(left_top, egui::vec2(w as f32, h as f32) / ppp);
                    let uv = egui::Rect::from_min_size(
                        egui::pos2(x as f32 / size.x, y as f32 / size.y),
                        egui::vec2(w as f32 / size.x, h as f32 / size.y),
                    );
                    mesh.add_rect_with_uv(rect, uv, tint);
                }
            }
        }
        egui::Shape::mesh(mesh)
    }

    /// Halos kept so far: how many glyphs, and the texture's size in pixels.
    pub fn kept(&self) -> (usize, [usize; 2]) {
        (self.places.len(), self.image.size)
    }

    fn forget(&mut self, made_for: MadeFor) {
        self.places.clear();
        self.packer = Some(ShelfPacker::new(ATLAS_WIDTH, 1));
        self.image =
            egui::ColorImage::filled([ATLAS_WIDTH, GROWTH_ROWS], egui::Color32::TRANSPARENT);
        self.made_for = Some(made_for);
        self.dirty_rows = None;
    }

    /// Makes the halos of the glyphs not seen before, reading egui's font atlas once.
    fn make_missing(&mut self, ctx: &egui::Context, texts: &[(egui::Pos2, &egui::Galley)]) {
        let mut missing: Vec<GlyphKey> = texts
            .iter()
            .flat_map(|(_, galley)| galley.rows.iter())
            .flat_map(|row| row.glyphs.iter())
            .map(|glyph| (glyph.uv_rect.min, glyph.uv_rect.max))
            .filter(|key| key.0 != key.1 && !self.places.contains_key(key))
            .collect();
        if missing.is_empty() {
            return;
        }
        missing.sort_unstable();
        missing.dedup();
        let Some(made_for) = self.made_for else {
            return;
        };
        let fonts = ctx.fonts(|f| f.image());
        for key in missing {
            if !self.make(&fonts, key, made_for) {
                // Full: start again with only what is on screen now.
                self.forget(made_for);
                self.make(&fonts, key, made_for);
            }
        }
        let options = egui::TextureOptions::LINEAR;
        let texture_size = self.texture.as_ref().map(|t| t.size());
        match (&mut self.texture, self.dirty_rows.take()) {
            // Only the rows written go to the renderer while the texture keeps its size.
            (Some(texture), Some(rows)) if texture_size == Some(self.image.size) => {
                let width = self.image.width();
                let pixels = self.image.pixels[rows.start * width..rows.end * width].to_vec();
                let part = egui::ColorImage::new([width, rows.len()], pixels);
                texture.set_partial([0, rows.start], part, options);
            }
            (Some(texture), _) => texture.set(self.image.clone(), options),
            (None, _) => {
                self.texture = Some(ctx.load_texture("label halos", self.image.clone(), options));
            }
        }
    }

    /// Makes one glyph's halo; false when the texture has no room left for it.
    fn make(&mut self, fonts: &egui::ColorImage, (min, max): GlyphKey, made_for: MadeFor) -> bool {
        let (gw, gh) = (usize::from(max[0] - min[0]), usize::from(max[1] - min[1]));
        let mut glyph = Vec::with_capacity(gw * gh);
        for y in 0..gh {
            for x in 0..gw {
                let at = (usize::from(min[1]) + y) * fonts.width() + usize::from(min[0]) + x;
                glyph.push(fonts.pixels.get(at).map_or(0, |p| p.a()));
            }
        }
        let mask = halo_mask(&glyph, gw, gh, made_for.radius_px, made_for.opacity);
        let Some(packer) = &mut self.packer else {
            return false;
        };
        let Some((x, y)) = packer.place(mask.width, mask.height) else {
            return false;
        };
        if packer.height() > ATLAS_MAX_HEIGHT {
            return false;
        }
        if packer.height() > self.image.height() {
            // Grown a little at a time: every copy of it (here, egui's, Bevy's, the renderer's) costs memory.
            let rows = packer.height().div_ceil(GROWTH_ROWS) * GROWTH_ROWS;
            let mut grown =
                egui::ColorImage::filled([ATLAS_WIDTH, rows], egui::Color32::TRANSPARENT);
            grown.pixels[..self.image.pixels.len()].copy_from_slice(&self.image.pixels);
            self.image = grown;
        }
        let rows = y..y + mask.height;
        self.dirty_rows = Some(match self.dirty_rows.take() {
            Some(dirty) => dirty.start.min(rows.start)..dirty.end.max(rows.end),
            None => rows,
        });
        for my in 0..mask.height {
            let row = (y + my) * ATLAS_WIDTH + x;
            for (mx, &a) in mask.alpha[my * mask.width..(my + 1) * mask.width]
                .iter()
                .enumerate()
            {
                self.image.pixels[row + mx] = egui::Color32::from_white_alpha(a);
            }
        }
        self.places
            .insert((min, max), [x, y, mask.width, mask.height]);
        true
    }
}

/// Galleys with the points they are painted at, borrowed as [`HaloAtlas::halos`] takes them.
pub fn placed(texts: &[(egui::Pos2, Arc<egui::Galley>)]) -> Vec<(egui::Pos2, &egui::Galley)> {
    texts.iter().map(|(at, galley)| (*at, &**galley)).collect()
}

/// Text with a light halo, readable over any part of the map.
pub fn halo_text(
    painter: &egui::Painter,
    halos: &mut HaloAtlas,
    pos: egui::Pos2,
    text: &str,
    font: egui::FontId,
    colour: egui::Color32,
    theme: &Theme,
) {
    let galley = painter.layout_no_wrap(text.to_owned(), font, colour);
    painter.add(halos.halos(painter.ctx(), theme, &[(pos, &galley)]));
    painter.galley(pos, galley, colour);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::theme::ThemeName;

    /// Runs one egui pass that lays out `text` and asks `atlas` for its halos.
    fn halos_of(
        ctx: &egui::Context,
        atlas: &mut HaloAtlas,
        theme: &Theme,
        text: &str,
    ) -> (egui::Mesh, Arc<egui::Galley>) {
        let mut out = None;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| {
            let ctx = ui.ctx();
            let galley = ctx.fonts_mut(|f| {
                f.layout_no_wrap(
                    text.to_owned(),
                    egui::FontId::proportional(18.0),
                    egui::Color32::BLACK,
                )
            });
            let at = egui::pos2(100.3, 50.6);
            let shape = atlas.halos(ctx, theme, &[(at, &galley)]);
            let egui::Shape::Mesh(mesh) = shape else {
                panic!("halos come as one mesh, got {shape:?}");
            };
            out = Some(((*mesh).clone(), galley));
        });
        // No renderer takes the textures here; egui insists they are let go of on purpose.
        output.textures_delta.clear();
        out.expect("the pass ran")
    }

    #[test]
    fn each_glyph_gets_one_quad_a_halo_wider_than_itself() {
        let ctx = egui::Context::default();
        let mut atlas = HaloAtlas::default();
        let theme = ThemeName::Screen.theme();
        let (mesh, galley) = halos_of(&ctx, &mut atlas, theme, "Kushiro");
        let glyphs: Vec<_> = galley.rows.iter().flat_map(|r| r.glyphs.iter()).collect();
        assert_eq!(glyphs.len(), 7);
        assert_eq!(mesh.vertices.len(), 4 * 7, "one quad a glyph");
        let margin = crate::core::halo::halo_margin(theme.metrics.halo) as f32;
        for (quad, glyph) in mesh.vertices.chunks(4).zip(&glyphs) {
            let rect = egui::Rect::from_points(&quad.iter().map(|v| v.pos).collect::<Vec<_>>());
            assert!((rect.width() - (glyph.uv_rect.size.x + 2.0 * margin)).abs() < 0.01);
            assert!((rect.height() - (glyph.uv_rect.size.y + 2.0 * margin)).abs() < 0.01);
            assert_eq!(
                rect.min,
                rect.min.round(),
                "quads sit on whole pixels, as egui's text does"
            );
            for v in quad {
                assert!((0.0..=1.0).contains(&v.uv.x) && (0.0..=1.0).contains(&v.uv.y));
                assert_eq!(
                    v.color.a(),
                    255,
                    "the mask carries the opacity, not the colour"
                );
            }
        }
        let mut distinct: Vec<_> = glyphs
            .iter()
            .map(|g| (g.uv_rect.min, g.uv_rect.max))
            .collect();
        distinct.sort_unstable();
        distinct.dedup();
        let (kept, size) = atlas.kept();
        assert_eq!(
            kept,
            distinct.len(),
            "one halo for each glyph of egui's atlas"
        );
        assert_eq!(size[0], ATLAS_WIDTH);
    }

    #[test]
    fn a_glyph_seen_again_is_not_made_again_until_the_theme_changes() {
        let ctx = egui::Context::default();
        let mut atlas = HaloAtlas::default();
        let screen = ThemeName::Screen.theme();
        halos_of(&ctx, &mut atlas, screen, "Harbin");
        let made = atlas.kept().0;
        halos_of(&ctx, &mut atlas, screen, "Harbin");
        assert_eq!(atlas.kept().0, made, "the second frame reuses every halo");
        assert!(
            atlas.dirty_rows.is_none(),
            "and sends nothing new to the renderer"
        );

        // The projector's halo is wider and opaque: the kept masks no longer fit it.
        let projector = ThemeName::Projector.theme();
        let (mesh, _) = halos_of(&ctx, &mut atlas, projector, "Harbin");
        assert_eq!(atlas.kept().0, made, "made again for the new halo, no more");
        let margin = crate::core::halo::halo_margin(projector.metrics.halo) as f32;
        let quad =
            egui::Rect::from_points(&mesh.vertices[..4].iter().map(|v| v.pos).collect::<Vec<_>>());
        let (_, galley) = halos_of(&ctx, &mut atlas, projector, "Harbin");
        let first = &galley.rows[0].glyphs[0];
        assert!((quad.width() - (first.uv_rect.size.x + 2.0 * margin)).abs() < 0.01);
    }
}
