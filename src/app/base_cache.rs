//! Keeps a copy of the drawn base map (land, coasts, context layers) and puts it back under each new frame while neither the view nor those layers change.
//!
//! On a software renderer the base layers are most of a frame (about 85 of 155 ms at 1080p).
//! While a scenario plays the camera stands still and only the overlay changes, so the base
//! layers are drawn in the opaque pass, the frame is copied into an image right after that
//! pass, and the following frames start from a byte-for-byte copy of that image instead of
//! drawing the base again. A frame built either way has the same pixels.

use crate::app::camera::{MapCamera, OffscreenTarget};
use crate::app::map_render::MapMesh;
use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::RenderLayers;
use bevy::camera::{CameraMainTextureUsages, CameraUpdateSystems, ClearColorConfig};
use bevy::core_pipeline::Core2dSystems;
use bevy::core_pipeline::core_2d::{Opaque2d, main_opaque_pass_2d, main_transparent_pass_2d};
use bevy::core_pipeline::schedule::Core2d;
use bevy::prelude::*;
use bevy::render::RenderApp;
use bevy::render::extract_component::{ExtractComponent, ExtractComponentPlugin};
use bevy::render::render_asset::RenderAssets;
use bevy::render::render_phase::ViewBinnedRenderPhases;
use bevy::render::render_resource::{
    Extent3d, PipelineCache, RenderPassDescriptor, TextureDimension, TextureFormat, TextureUsages,
};
use bevy::render::renderer::{RenderContext, ViewQuery};
use bevy::render::texture::GpuImage;
use bevy::render::view::{ExtractedView, ViewTarget};
use bevy::sprite_render::ColorMaterial;
use bevy::transform::TransformSystems;
use bevy::window::PrimaryWindow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The render layer of the base layers' meshes: the map camera stops seeing it while the
/// frame starts from the cached copy.
pub const BASE_RENDER_LAYER: usize = 1;

/// Bumped by the map renderer whenever a base layer's meshes, material or visibility change.
#[derive(Resource, Default, Debug)]
pub struct BaseLayersRevision(pub u64);

/// The material of base meshes whose every colour is opaque: they are drawn in the opaque
/// pass, before the copy. A translucent base mesh keeps the blending material, and then no
/// copy is taken (it would have to come after the overlay's pass).
#[derive(Resource, Clone)]
pub struct OpaqueBaseMaterial(pub Handle<ColorMaterial>);

/// On the map camera: what the render world copies this frame.
#[derive(Component, Clone, Copy, Default, PartialEq, Debug, ExtractComponent)]
pub enum BaseCopy {
    /// Nothing: the base is drawn and not kept.
    #[default]
    None,
    /// The frame's base is drawn, then copied into the image.
    FromFrame(AssetId<Image>),
    /// The frame starts as a copy of the image; the base is not drawn.
    IntoFrame(AssetId<Image>),
}

/// Set by the render world when a copy was impossible (the frame's format or size differs
/// from the image's); the map then keeps drawing its base into every frame.
#[derive(Resource, Clone, Default)]
struct CopyFailed(Arc<AtomicBool>);

/// Set by the render world when the kept copy may lack something: a pipeline was still
/// compiling (the window compiles them in the background, and a mesh whose pipeline is not
/// ready is skipped), or the image was not on the GPU yet. The next frame draws the base again.
#[derive(Resource, Clone, Default)]
struct CopyIncomplete(Arc<AtomicBool>);

/// `TIDELINE_BASE_CACHE=off` draws the base into every frame (for comparisons).
#[derive(Resource, Clone, Copy)]
struct CacheDisabled(bool);

/// How frames used the cache: read by tests and `tideline bench`.
#[derive(Resource, Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaseCacheStats {
    /// Frames that drew the base and kept a copy.
    pub redrawn: u64,
    /// Frames that started from the copy.
    pub reused: u64,
    /// Frames that drew the base without keeping it (cache unusable).
    pub direct: u64,
}

/// The cached image, the size it was made for, and whether it holds the current base.
#[derive(Resource)]
struct BaseCache {
    image: Handle<Image>,
    size: UVec2,
    current: bool,
}

pub struct BaseCachePlugin;

impl Plugin for BaseCachePlugin {
    fn build(&self, app: &mut App) {
        let failed = CopyFailed::default();
        let incomplete = CopyIncomplete::default();
        app.init_resource::<BaseLayersRevision>()
            .init_resource::<BaseCacheStats>()
            .insert_resource(failed.clone())
            .insert_resource(incomplete.clone())
            .insert_resource(CacheDisabled(
                std::env::var("TIDELINE_BASE_CACHE").is_ok_and(|v| v == "off"),
            ))
            .add_plugins(ExtractComponentPlugin::<BaseCopy>::default())
            .add_systems(
                Startup,
                prepare_map_camera.after(crate::app::camera::spawn_camera),
            )
            .add_systems(
                PostUpdate,
                plan_base_copy
                    .before(CameraUpdateSystems)
                    .before(TransformSystems::Propagate),
            );
        if let Some(render_app) = app.get_sub_app_mut(RenderApp) {
            render_app
                .insert_resource(failed)
                .insert_resource(incomplete)
                .add_systems(
                    Core2d,
                    (
                        copy_cache_into_frame.before(Core2dSystems::MainPass),
                        copy_frame_into_cache
                            .after(main_opaque_pass_2d)
                            .before(main_transparent_pass_2d),
                    ),
                );
        }
    }
}

/// The physical size of what the map camera draws into.
fn map_target_size(
    offscreen: Option<&OffscreenTarget>,
    images: &Assets<Image>,
    window: Option<&Window>,
) -> Option<UVec2> {
    if let Some(target) = offscreen {
        return images.get(&target.0).map(|image| image.size());
    }
    window.map(|w| UVec2::new(w.physical_width(), w.physical_height()))
}

/// The image the base is kept in: the format of the map camera's frame, so that both copies
/// are plain copies.
fn new_cache_image(size: UVec2) -> Image {
    let mut image = Image::new_uninit(
        Extent3d {
            width: size.x.max(1),
            height: size.y.max(1),
            depth_or_array_layers: 1,
        },
        TextureDimension::D2,
        TextureFormat::Rgba8UnormSrgb,
        RenderAssetUsages::RENDER_WORLD,
    );
    image.texture_descriptor.usage |= TextureUsages::COPY_SRC | TextureUsages::COPY_DST;
    image
}

fn prepare_map_camera(
    mut commands: Commands,
    map_cameras: Query<Entity, With<MapCamera>>,
    offscreen: Option<Res<OffscreenTarget>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut images: ResMut<Assets<Image>>,
) {
    for camera in &map_cameras {
        commands.entity(camera).insert((
            BaseCopy::None,
            RenderLayers::from_layers(&[0, BASE_RENDER_LAYER]),
            CameraMainTextureUsages::default().with(TextureUsages::COPY_DST),
        ));
    }
    let size =
        map_target_size(offscreen.as_deref(), &images, windows.single().ok()).unwrap_or(UVec2::ONE);
    let image = images.add(new_cache_image(size));
    commands.insert_resource(BaseCache {
        image,
        size,
        current: false,
    });
}

/// What the plan reads and sets on the map camera.
type MapCameraParts = (
    Ref<'static, Transform>,
    Ref<'static, Projection>,
    &'static Msaa,
    &'static mut Camera,
    &'static mut RenderLayers,
    &'static mut BaseCopy,
);

/// Each frame: start from the copy while it holds the current base; otherwise draw the base
/// and keep a copy of it.
fn plan_base_copy(
    cache: Option<ResMut<BaseCache>>,
    revision: Res<BaseLayersRevision>,
    clear_colour: Res<ClearColor>,
    failed: Res<CopyFailed>,
    incomplete: Res<CopyIncomplete>,
    disabled: Res<CacheDisabled>,
    opaque: Option<Res<OpaqueBaseMaterial>>,
    offscreen: Option<Res<OffscreenTarget>>,
    windows: Query<&Window, With<PrimaryWindow>>,
    mut images: ResMut<Assets<Image>>,
    base_meshes: Query<(
        &MapMesh,
        &InheritedVisibility,
        &MeshMaterial2d<ColorMaterial>,
    )>,
    mut map_camera: Query<MapCameraParts, With<MapCamera>>,
    mut stats: ResMut<BaseCacheStats>,
) {
    let Some(mut cache) = cache else { return };
    let Ok((transform, projection, msaa, mut camera, mut layers, mut copy)) =
        map_camera.single_mut()
    else {
        return;
    };
    if let Some(size) = map_target_size(offscreen.as_deref(), &images, windows.single().ok())
        && size != cache.size
    {
        let image = images.add(new_cache_image(size));
        images.remove(&cache.image);
        cache.image = image;
        cache.size = size;
        cache.current = false;
    }
    if incomplete.0.swap(false, Ordering::Relaxed)
        || transform.is_changed()
        || projection.is_changed()
        || revision.is_changed()
        || clear_colour.is_changed()
    {
        cache.current = false;
    }
    // Every shown base mesh must be in the opaque pass; with MSAA the frame is drawn into a
    // multisampled texture that a copy would not reach.
    let all_opaque = opaque.is_some_and(|opaque| {
        base_meshes.iter().all(|(part, visible, material)| {
            !matches!(part, MapMesh::LayerFill(_) | MapMesh::LayerStroke(_))
                || !visible.get()
                || material.0 == opaque.0
        })
    });
    let usable =
        all_opaque && *msaa == Msaa::Off && !disabled.0 && !failed.0.load(Ordering::Relaxed);
    let plan = if !usable {
        cache.current = false;
        BaseCopy::None
    } else if cache.current {
        BaseCopy::IntoFrame(cache.image.id())
    } else {
        cache.current = true;
        BaseCopy::FromFrame(cache.image.id())
    };
    let starts_from_copy = matches!(plan, BaseCopy::IntoFrame(_));
    layers.set_if_neq(if starts_from_copy {
        RenderLayers::layer(0)
    } else {
        RenderLayers::from_layers(&[0, BASE_RENDER_LAYER])
    });
    match (starts_from_copy, &camera.clear_color) {
        (true, ClearColorConfig::None) | (false, ClearColorConfig::Default) => {}
        (true, _) => camera.clear_color = ClearColorConfig::None,
        (false, _) => camera.clear_color = ClearColorConfig::Default,
    }
    copy.set_if_neq(plan);
    match plan {
        BaseCopy::None => stats.direct += 1,
        BaseCopy::FromFrame(_) => stats.redrawn += 1,
        BaseCopy::IntoFrame(_) => stats.reused += 1,
    }
}

/// The image's texture, if it matches the frame it is copied to or from.
fn matching_texture<'a>(
    images: &'a RenderAssets<GpuImage>,
    id: AssetId<Image>,
    frame: &bevy::render::render_resource::Texture,
    failed: &CopyFailed,
) -> Option<&'a GpuImage> {
    let Some(image) = images.get(id) else {
        warn_once!("the cached base map is not on the GPU yet; a frame may show no base");
        return None;
    };
    let texture = &image.texture;
    if texture.format() != frame.format() || texture.size() != frame.size() {
        warn!(
            "the cached base map ({:?}, {:?}) does not match the frame ({:?}, {:?}); the base is drawn into every frame instead",
            texture.format(),
            texture.size(),
            frame.format(),
            frame.size()
        );
        failed.0.store(true, Ordering::Relaxed);
        return None;
    }
    Some(image)
}

/// Render world, before the main pass: the frame starts as the kept base.
fn copy_cache_into_frame(
    view: ViewQuery<(&ViewTarget, &BaseCopy)>,
    images: Res<RenderAssets<GpuImage>>,
    failed: Res<CopyFailed>,
    mut ctx: RenderContext,
) {
    let (target, copy) = view.into_inner();
    let BaseCopy::IntoFrame(id) = *copy else {
        return;
    };
    let frame = target.main_texture();
    let Some(image) = matching_texture(&images, id, frame, &failed) else {
        return;
    };
    ctx.command_encoder().copy_texture_to_texture(
        image.texture.as_image_copy(),
        frame.as_image_copy(),
        frame.size(),
    );
}

/// Render world, between the opaque pass (the base) and the transparent pass (the overlay):
/// the base as drawn is kept.
fn copy_frame_into_cache(
    view: ViewQuery<(&ViewTarget, &ExtractedView, &BaseCopy)>,
    opaque_phases: Res<ViewBinnedRenderPhases<Opaque2d>>,
    images: Res<RenderAssets<GpuImage>>,
    pipelines: Res<PipelineCache>,
    failed: Res<CopyFailed>,
    incomplete: Res<CopyIncomplete>,
    mut ctx: RenderContext,
) {
    let (target, extracted_view, copy) = view.into_inner();
    let BaseCopy::FromFrame(id) = *copy else {
        return;
    };
    let frame = target.main_texture();
    let Some(image) = matching_texture(&images, id, frame, &failed) else {
        incomplete.0.store(true, Ordering::Relaxed);
        return;
    };
    if pipelines.waiting_pipelines().next().is_some() {
        incomplete.0.store(true, Ordering::Relaxed);
    }
    let drew_base = opaque_phases
        .get(&extracted_view.retained_view_entity)
        .is_some_and(|phase| !phase.is_empty());
    if !drew_base {
        // The opaque pass skipped an empty phase, so the frame is not cleared yet: an empty
        // pass clears it before it is kept.
        let attachment = [Some(target.get_color_attachment())];
        drop(
            ctx.command_encoder()
                .begin_render_pass(&RenderPassDescriptor {
                    label: Some("base_cache_clear"),
                    color_attachments: &attachment,
                    ..default()
                }),
        );
    }
    ctx.command_encoder().copy_texture_to_texture(
        frame.as_image_copy(),
        image.texture.as_image_copy(),
        frame.size(),
    );
}
