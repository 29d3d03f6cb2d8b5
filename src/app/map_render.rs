//! Map rendering: base layers as a few Mesh2d entities per layer, overlays rebuilt only when the visible state or zoom changes.

use crate::app::base_cache::{BASE_RENDER_LAYER, BaseLayersRevision, OpaqueBaseMaterial};
use crate::app::camera::View;
use crate::app::playback::Evaluated;
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::app::theme::UiTheme;
use crate::core::load::load_detail;
use crate::core::model::Scenario;
use crate::core::projection::Projection;
use crate::core::scenario::LayerRole;
use crate::core::scene::{
    OverlayBuilder, ProjectedFeature, clip_to_box, layer_meshes, level_px_per_km, project_feature,
    zoom_level,
};
use crate::core::tessellate::{MeshData, Tessellator};
use crate::core::view::KmBox;
use bevy::asset::RenderAssetUsages;
use bevy::camera::visibility::RenderLayers;
use bevy::math::bounding::Aabb3d;
use bevy::mesh::{
    Indices, MeshVertexAttribute, PrimitiveTopology, VertexAttributeValues, VertexFormat,
};
use bevy::prelude::*;
use bevy::render::batching::gpu_preprocessing::{GpuPreprocessingMode, GpuPreprocessingSupport};
use bevy::render::mesh::allocator::MeshAllocatorSettings;
use bevy::render::slab_allocator::SlabAllocatorSettings;
use bevy::render::{RenderStartup, init_gpu_resource};
use bevy::sprite_render::{AlphaMode2d, ColorMaterial};

pub struct MapRenderPlugin;

impl Plugin for MapRenderPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<MapStats>()
            .init_resource::<DrawnFrame>()
            .init_resource::<BaseLayersRevision>()
            .add_systems(Startup, spawn_map_entities)
            .add_systems(
                Update,
                (
                    rebuild_for_new_scenario,
                    update_base_layers,
                    update_overlay,
                    update_ghost,
                    record_drawn_frame,
                )
                    .chain()
                    .in_set(TidelineSet::Draw),
            );
        if let Some(render_app) = app.get_sub_app_mut(bevy::render::RenderApp) {
            render_app
                .insert_resource(own_buffer_per_mesh())
                .add_systems(
                    RenderStartup,
                    preprocess_on_the_cpu.after(init_gpu_resource::<GpuPreprocessingSupport>),
                );
        }
    }
}

/// A flat map needs none of the GPU's mesh preprocessing: Bevy's 2D meshes are batched on the
/// CPU either way. Left at "culling", Bevy compiles four compute pipelines for 3D occlusion
/// culling at start; on a software renderer that is about 5 MB of compiled shaders held for
/// the life of the window, and their compilation shares the cores with the first frame.
fn preprocess_on_the_cpu(mut support: ResMut<GpuPreprocessingSupport>) {
    support.max_supported_mode = GpuPreprocessingMode::None;
    // Bevy has just logged what the device supports; say what is used instead.
    info!("meshes are batched on the CPU: a flat map compiles no GPU culling pipelines");
}

/// Every mesh in a buffer of its own. Bevy packs small meshes into shared slabs, and each slab
/// keeps an index of 128 Ki allocation slots (about 2 MB, written when the slab is made) for the
/// life of the app. The map has a few dozen meshes, most of them large, so the shared slabs
/// cost resident memory and bought nothing.
fn own_buffer_per_mesh() -> MeshAllocatorSettings {
    MeshAllocatorSettings {
        slab_allocator_settings: SlabAllocatorSettings {
            large_threshold: 0,
            ..default()
        },
        ..default()
    }
}

/// Which part of a drawn layer an entity holds.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapMesh {
    LayerFill(usize),
    LayerStroke(usize),
    AreaFills,
    AreaEdges,
    Lines,
    Movements,
    /// The compared moment's outlines.
    Ghost,
}

/// A layer's projected geometry, per level of detail (0 = the layer's own file).
struct LayerCache {
    levels: Vec<Option<Vec<ProjectedFeature>>>,
    built: Option<BuiltKey>,
}

#[derive(Debug, Clone, PartialEq)]
struct BuiltKey {
    level_of_detail: usize,
    zoom: i32,
    line_scale: u32,
    shown: Option<Vec<usize>>,
    visible: bool,
    /// For detailed levels, the map box the mesh covers.
    region: Option<KmBox>,
}

/// Tessellation scratch kept between base-layer builds; more is let go after the build.
const SCRATCH_KEPT_BYTES: usize = 4 << 20;

/// Projected base geometry and the overlay builder, kept between frames; rebuilt whole when
/// the scenario is replaced.
#[derive(Resource)]
pub struct MapCache {
    layers: Vec<LayerCache>,
    tessellator: Tessellator,
    overlay: OverlayBuilder,
    overlay_key: Option<(u64, i32, u32)>,
    projection: Projection,
}

impl MapCache {
    fn new(scenario: &Scenario) -> MapCache {
        let projection = Projection::regional();
        let layers = scenario
            .layers
            .iter()
            .map(|layer| {
                let drawn = matches!(layer.spec.role, LayerRole::Base | LayerRole::Context);
                let base = drawn.then(|| {
                    layer
                        .features
                        .iter()
                        .map(|f| project_feature(&projection, f))
                        .collect()
                });
                let mut levels = vec![base];
                levels.extend(layer.detail.iter().map(|_| None));
                LayerCache {
                    levels,
                    built: None,
                }
            })
            .collect();
        MapCache {
            layers,
            tessellator: Tessellator::default(),
            overlay: OverlayBuilder::new(scenario),
            overlay_key: None,
            projection,
        }
    }
}

/// Counts of what the map drew, for tests and benchmarks.
#[derive(Resource, Debug, Default, Clone)]
pub struct MapStats {
    pub layer_triangles: Vec<usize>,
    pub overlay_triangles: usize,
    pub overlay_rebuilds: usize,
    /// The level of detail each layer shows (0 = its own file).
    pub level_of_detail: Vec<usize>,
    /// Time spent building meshes in the last frame that built any, in milliseconds.
    pub last_build_ms: f64,
}

/// What the meshes show after this frame's Draw: exports wait until it matches what they
/// asked for.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct DrawnFrame {
    /// Fingerprint of the visible state the overlay meshes show.
    pub fingerprint: Option<u64>,
    /// The zoom level the meshes were tessellated for.
    pub zoom: Option<i32>,
    /// Every shown base layer has its mesh for the current view.
    pub base_ready: bool,
}

/// The single material every map mesh uses: colours are per vertex.
#[derive(Resource, Clone)]
struct MapMaterial(Handle<ColorMaterial>);

fn spawn_map_entities(
    mut commands: Commands,
    scenario: Res<LoadedScenario>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let material = materials.add(ColorMaterial {
        color: Color::WHITE,
        alpha_mode: AlphaMode2d::Blend,
        ..default()
    });
    spawn_scenario_meshes(&mut commands, &scenario.0, &mut meshes, &material);
    for (part, z) in [
        (MapMesh::AreaFills, 50.0),
        (MapMesh::AreaEdges, 51.0),
        (MapMesh::Lines, 52.0),
        (MapMesh::Movements, 53.0),
        (MapMesh::Ghost, 54.0),
    ] {
        commands.spawn((
            Mesh2d(meshes.add(empty_mesh())),
            MeshMaterial2d(material.clone()),
            Transform::from_xyz(0.0, 0.0, z),
            part,
        ));
    }
    commands.insert_resource(MapMaterial(material));
    commands.insert_resource(OpaqueBaseMaterial(materials.add(ColorMaterial {
        color: Color::WHITE,
        alpha_mode: AlphaMode2d::Opaque,
        ..default()
    })));
    commands.insert_resource(MapCache::new(&scenario.0));
    commands.insert_resource(MapStats {
        layer_triangles: vec![0; scenario.0.layers.len()],
        level_of_detail: vec![0; scenario.0.layers.len()],
        ..default()
    });
}

/// One fill and one stroke entity per drawn layer: base layers below context layers.
fn spawn_scenario_meshes(
    commands: &mut Commands,
    scenario: &Scenario,
    meshes: &mut Assets<Mesh>,
    material: &Handle<ColorMaterial>,
) {
    for (index, layer) in scenario.layers.iter().enumerate() {
        if !matches!(layer.spec.role, LayerRole::Base | LayerRole::Context) {
            continue;
        }
        let z = if layer.spec.role == LayerRole::Base {
            0.0
        } else {
            10.0
        } + index as f32 * 0.1;
        for (part, dz) in [
            (MapMesh::LayerFill(index), 0.0),
            (MapMesh::LayerStroke(index), 0.05),
        ] {
            commands.spawn((
                Mesh2d(meshes.add(empty_mesh())),
                MeshMaterial2d(material.clone()),
                Transform::from_xyz(0.0, 0.0, z + dz),
                RenderLayers::layer(BASE_RENDER_LAYER),
                part,
            ));
        }
    }
}

/// A replaced scenario (a reload) gets fresh caches and layer entities, so no index of the
/// old one reaches the new one.
fn rebuild_for_new_scenario(
    mut commands: Commands,
    scenario: Res<LoadedScenario>,
    material: Option<Res<MapMaterial>>,
    mut meshes: ResMut<Assets<Mesh>>,
    layer_entities: Query<(Entity, &MapMesh)>,
) {
    if !scenario.is_changed() || scenario.is_added() {
        return;
    }
    let Some(material) = material else { return };
    for (entity, part) in &layer_entities {
        if matches!(part, MapMesh::LayerFill(_) | MapMesh::LayerStroke(_)) {
            commands.entity(entity).despawn();
        }
    }
    spawn_scenario_meshes(&mut commands, &scenario.0, &mut meshes, &material.0);
    commands.insert_resource(MapCache::new(&scenario.0));
    commands.insert_resource(MapStats {
        layer_triangles: vec![0; scenario.0.layers.len()],
        level_of_detail: vec![0; scenario.0.layers.len()],
        ..default()
    });
}

fn empty_mesh() -> Mesh {
    to_bevy_mesh(&MeshData::default())
}

/// Bevy's vertex colour (the same attribute, so materials see it as `COLOR`) in 8 bits a
/// channel instead of four floats: a vertex's colour is 4 bytes instead of 16, which takes a
/// third off the map's mesh buffers (the kiosk's close views held over 100 MB of them).
/// Its id is `Mesh::ATTRIBUTE_COLOR`'s (a test holds them equal).
const COLOR_8_BITS: MeshVertexAttribute =
    MeshVertexAttribute::new("Vertex_Color", 5, VertexFormat::Unorm8x4);

/// Bevy's vertex position (the same attribute id) with two coordinates instead of three: the
/// map is flat, and the renderer fills in z = 0 for the 2D shader's three-component input, so a
/// vertex takes 12 bytes instead of 16. Its id is `Mesh::ATTRIBUTE_POSITION`'s (a test holds
/// them equal).
const POSITION_2D: MeshVertexAttribute =
    MeshVertexAttribute::new("Vertex_Position", 0, VertexFormat::Float32x2);

/// Converts a core mesh (sRGB vertex colours) into a Bevy mesh (linear vertex colours).
pub fn to_bevy_mesh(data: &MeshData) -> Mesh {
    if data.is_empty() {
        // Bevy's mesh allocator dislikes zero-length buffers: an invisible degenerate triangle instead.
        let placeholder = MeshData {
            positions: vec![[0.0, 0.0]; 3],
            colors: vec![[0.0, 0.0, 0.0, 0.0]; 3],
            indices: vec![0, 1, 2],
        };
        return to_bevy_mesh(&placeholder);
    }
    // A piece's vertices share its colour: convert each run of one colour once.
    let mut last: Option<([f32; 4], [u8; 4])> = None;
    let colors: Vec<[u8; 4]> = data
        .colors
        .iter()
        .map(|&c| match last {
            Some((seen, linear)) if seen == c => linear,
            _ => {
                let linear = Color::srgba(c[0], c[1], c[2], c[3])
                    .to_linear()
                    .to_f32_array()
                    .map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8);
                last = Some((c, linear));
                linear
            }
        })
        .collect();
    let mut mesh = Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::RENDER_WORLD,
    )
    .with_inserted_attribute(
        POSITION_2D,
        VertexAttributeValues::Float32x2(data.positions.clone()),
    )
    .with_inserted_attribute(COLOR_8_BITS, VertexAttributeValues::Unorm8x4(colors))
    .with_inserted_indices(Indices::U32(data.indices.clone()));
    // Bevy computes bounds from three-coordinate positions only.
    mesh.final_aabb = bounds_2d(&data.positions);
    mesh
}

/// The box around 2D positions, flat in z, for Bevy's visibility culling.
fn bounds_2d(positions: &[[f32; 2]]) -> Option<Aabb3d> {
    let mut finite = positions
        .iter()
        .map(|&p| Vec2::from(p))
        .filter(|p| p.is_finite());
    let first = finite.next()?;
    let (min, max) = finite.fold((first, first), |(min, max), p| (min.min(p), max.max(p)));
    Some(Aabb3d::from_min_max(min.extend(0.0), max.extend(0.0)))
}

fn set_mesh(
    meshes: &mut Assets<Mesh>,
    query: &Query<(&MapMesh, &Mesh2d)>,
    part: MapMesh,
    data: &MeshData,
) {
    for (which, handle) in query {
        if *which == part {
            meshes.insert(&handle.0, to_bevy_mesh(data)).ok();
        }
    }
}

/// The level of detail for a zoom: the most detailed file whose threshold is reached.
pub fn level_for_zoom(thresholds: &[f64], px_per_km: f64) -> usize {
    thresholds
        .iter()
        .take_while(|&&min| px_per_km >= min)
        .count()
}

fn update_base_layers(
    scenario: Res<LoadedScenario>,
    view: Res<View>,
    shown: Res<Shown>,
    theme: Res<UiTheme>,
    evaluated: Res<Evaluated>,
    cache: Option<ResMut<MapCache>>,
    mut stats: ResMut<MapStats>,
    mut drawn: ResMut<DrawnFrame>,
    mut meshes: ResMut<Assets<Mesh>>,
    query: Query<(&MapMesh, &Mesh2d)>,
    mut parts: Query<(
        &MapMesh,
        &mut Visibility,
        &mut MeshMaterial2d<ColorMaterial>,
    )>,
    materials: Option<Res<MapMaterial>>,
    opaque_material: Option<Res<OpaqueBaseMaterial>>,
    mut revision: ResMut<BaseLayersRevision>,
) {
    let Some(mut cache) = cache else { return };
    let scenario = &scenario.0;
    if cache.layers.len() != scenario.layers.len() {
        // The cache of a replaced scenario: rebuilt this frame.
        return;
    }
    let started = std::time::Instant::now();
    let zoom = zoom_level(view.px_per_km);
    let line_scale = theme.line_scale;
    let cache = &mut *cache;
    let mut ready = true;
    let mut built_any = false;
    for (index, layer) in scenario.layers.iter().enumerate() {
        if !matches!(layer.spec.role, LayerRole::Base | LayerRole::Context) {
            continue;
        }
        let visible = shown.layer_shown(index);
        let thresholds: Vec<f64> = layer.detail.iter().map(|d| d.min_px_per_km).collect();
        let mut lod = level_for_zoom(&thresholds, view.px_per_km);
        if lod > 0 && cache.layers[index].levels[lod].is_none() {
            let (features, diagnostics) = load_detail(&layer.detail[lod - 1]);
            for d in &diagnostics {
                warn!("{d}");
            }
            if features.is_empty() {
                lod = 0;
            } else {
                let projected = features
                    .iter()
                    .map(|f| project_feature(&cache.projection, f))
                    .collect();
                cache.layers[index].levels[lod] = Some(projected);
            }
        }
        let shown_features = evaluated
            .state
            .layer_features
            .iter()
            .find(|(l, _)| *l == index)
            .map(|(_, shown)| shown.clone());
        // Detailed levels are tessellated only around the view, and again when it leaves that box.
        let seen = view.visible_box();
        let previous_region = cache.layers[index].built.as_ref().and_then(|b| b.region);
        let region = if lod > 0 {
            if previous_region.is_some_and(|r| r.contains_box(&seen)) {
                previous_region
            } else {
                Some(KmBox::around(seen.center(), seen.size() * 1.5))
            }
        } else {
            None
        };
        let key = BuiltKey {
            level_of_detail: lod,
            zoom,
            line_scale: line_scale.to_bits(),
            shown: shown_features.clone(),
            visible,
            region,
        };
        if cache.layers[index].built.as_ref() == Some(&key) {
            continue;
        }
        revision.0 += 1;
        for (which, mut vis, _) in &mut parts {
            if matches!(which, MapMesh::LayerFill(i) | MapMesh::LayerStroke(i) if *i == index) {
                vis.set_if_neq(if visible {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                });
            }
        }
        let Some(Some(features)) = cache.layers[index].levels.get(lod) else {
            ready = false;
            continue;
        };
        let selected: Vec<usize> = match (&shown_features, region) {
            (_, Some(region)) => (0..features.len())
                .filter(|&i| {
                    shown_features.as_ref().is_none_or(|s| s.contains(&i))
                        && feature_box(&features[i]).is_some_and(|b| b.intersects(&region))
                })
                .collect(),
            (Some(s), None) => s.clone(),
            (None, None) => (0..features.len()).collect(),
        };
        // Around a close view only the part of each detailed feature inside the region is
        // tessellated: a bay's close-up should not carry the whole mainland's coastline.
        let clipped: Vec<ProjectedFeature>;
        let (drawn_features, chosen) = match region {
            Some(region) => {
                let window = region.to_rect();
                clipped = selected
                    .iter()
                    .filter_map(|&i| clip_to_box(&features[i], window))
                    .collect();
                (clipped.as_slice(), None)
            }
            None => (features.as_slice(), Some(selected.as_slice())),
        };
        let built = layer_meshes(
            &mut cache.tessellator,
            layer.spec.role,
            &layer.spec.style,
            drawn_features,
            chosen,
            level_px_per_km(zoom),
            line_scale,
        );
        set_mesh(&mut meshes, &query, MapMesh::LayerFill(index), &built.fill);
        set_mesh(
            &mut meshes,
            &query,
            MapMesh::LayerStroke(index),
            &built.stroke,
        );
        // Opaque base meshes go to the opaque pass, which the base cache keeps a copy of.
        if let (Some(blend), Some(opaque)) = (&materials, &opaque_material) {
            for (which, _, mut material) in &mut parts {
                let data = match which {
                    MapMesh::LayerFill(i) if *i == index => &built.fill,
                    MapMesh::LayerStroke(i) if *i == index => &built.stroke,
                    _ => continue,
                };
                let wanted = if data.colors.iter().all(|c| c[3] >= 1.0) {
                    &opaque.0
                } else {
                    &blend.0
                };
                if material.0 != *wanted {
                    material.0 = wanted.clone();
                }
            }
        }
        if let Some(count) = stats.layer_triangles.get_mut(index) {
            *count = built.fill.triangle_count() + built.stroke.triangle_count();
        }
        if let Some(level) = stats.level_of_detail.get_mut(index) {
            *level = lod;
        }
        cache.layers[index].built = Some(key);
        built_any = true;
    }
    if built_any {
        stats.last_build_ms = started.elapsed().as_secs_f64() * 1000.0;
        // The kiosk's flights tessellate whole detailed coasts on the way into a close view.
        cache.tessellator.release_scratch_above(SCRATCH_KEPT_BYTES);
    }
    if drawn.base_ready != ready {
        drawn.base_ready = ready;
    }
}

fn feature_box(feature: &ProjectedFeature) -> Option<KmBox> {
    use geo::BoundingRect;
    let boxes = [
        feature.polygons.bounding_rect(),
        feature.lines.bounding_rect(),
    ];
    boxes
        .into_iter()
        .flatten()
        .fold(None, |acc: Option<KmBox>, r| {
            let b = KmBox {
                min: bevy::math::DVec2::new(r.min().x, r.min().y),
                max: bevy::math::DVec2::new(r.max().x, r.max().y),
            };
            Some(match acc {
                Some(a) => KmBox {
                    min: a.min.min(b.min),
                    max: a.max.max(b.max),
                },
                None => b,
            })
        })
}

fn update_overlay(
    scenario: Res<LoadedScenario>,
    view: Res<View>,
    theme: Res<UiTheme>,
    evaluated: Res<Evaluated>,
    cache: Option<ResMut<MapCache>>,
    mut stats: ResMut<MapStats>,
    mut meshes: ResMut<Assets<Mesh>>,
    query: Query<(&MapMesh, &Mesh2d)>,
) {
    let Some(mut cache) = cache else { return };
    let zoom = zoom_level(view.px_per_km);
    let key = (evaluated.fingerprint, zoom, theme.line_scale.to_bits());
    if cache.overlay_key == Some(key) {
        return;
    }
    let started = std::time::Instant::now();
    let (built, changes) = cache.overlay.build(
        &scenario.0,
        &evaluated.visible,
        level_px_per_km(zoom),
        theme.line_scale,
    );
    // Meshes the step left as they were are not uploaded again.
    for (kind, mesh, changed) in [
        (MapMesh::AreaFills, &built.area_fills, changes.area_fills),
        (MapMesh::AreaEdges, &built.area_edges, changes.area_edges),
        (MapMesh::Lines, &built.lines, changes.lines),
        (MapMesh::Movements, &built.movements, changes.movements),
    ] {
        if changed {
            set_mesh(&mut meshes, &query, kind, mesh);
        }
    }
    stats.overlay_triangles = built.area_fills.triangle_count()
        + built.area_edges.triangle_count()
        + built.lines.triangle_count()
        + built.movements.triangle_count();
    stats.overlay_rebuilds += 1;
    stats.last_build_ms = started.elapsed().as_secs_f64() * 1000.0;
    cache.overlay_key = Some(key);
}

/// Rebuilds the compared moment's ghost when that state or the zoom changes.
fn update_ghost(
    compare: Option<Res<crate::app::tools::compare::Compare>>,
    view: Res<View>,
    theme: Res<UiTheme>,
    cache: Option<ResMut<MapCache>>,
    mut meshes: ResMut<Assets<Mesh>>,
    query: Query<(&MapMesh, &Mesh2d)>,
    mut built: Local<Option<(Option<u64>, i32, u32)>>,
) {
    let Some(mut cache) = cache else { return };
    let state = compare.as_ref().and_then(|c| c.state.as_ref());
    let zoom = zoom_level(view.px_per_km);
    let key = (
        state.map(crate::core::timeline::fingerprint),
        zoom,
        theme.line_scale.to_bits(),
    );
    if *built == Some(key) {
        return;
    }
    let cache = &mut *cache;
    let mesh = match state {
        Some(state) => crate::core::scene::ghost_mesh(
            &mut cache.tessellator,
            &cache.projection,
            state,
            level_px_per_km(zoom),
            theme.line_scale,
        ),
        None => MeshData::default(),
    };
    set_mesh(&mut meshes, &query, MapMesh::Ghost, &mesh);
    *built = Some(key);
}

fn record_drawn_frame(
    cache: Option<Res<MapCache>>,
    view: Res<View>,
    mut drawn: ResMut<DrawnFrame>,
) {
    let Some(cache) = cache else { return };
    let (fingerprint, zoom) = match cache.overlay_key {
        Some((fingerprint, zoom, _)) => (Some(fingerprint), Some(zoom)),
        None => (None, None),
    };
    let zoom = zoom.filter(|&z| z == zoom_level(view.px_per_km));
    if drawn.fingerprint != fingerprint || drawn.zoom != zoom {
        drawn.fingerprint = fingerprint;
        drawn.zoom = zoom;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_renderer_is_told_to_cull_on_the_cpu_so_bevy_compiles_no_culling_pipelines() {
        let mut world = World::new();
        world.insert_resource(GpuPreprocessingSupport {
            max_supported_mode: GpuPreprocessingMode::Culling,
        });
        let mut startup = Schedule::new(RenderStartup);
        startup.add_systems(preprocess_on_the_cpu);
        startup.run(&mut world);
        let support = world.resource::<GpuPreprocessingSupport>();
        assert!(!support.is_culling_supported());
        assert!(!support.is_available());
    }

    #[test]
    fn vertex_colours_go_up_in_eight_bits_as_bevys_colour_attribute() {
        assert_eq!(COLOR_8_BITS.id, Mesh::ATTRIBUTE_COLOR.id);
        let data = MeshData {
            positions: vec![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]],
            colors: vec![[1.0, 0.5, 0.0, 0.25]; 3],
            indices: vec![0, 1, 2],
        };
        let mesh = to_bevy_mesh(&data);
        let Some(VertexAttributeValues::Unorm8x4(colours)) = mesh.attribute(Mesh::ATTRIBUTE_COLOR)
        else {
            panic!("no 8-bit colours");
        };
        // sRGB 0.5 is 0.214 linear; alpha stays linear.
        assert_eq!(colours[0], [255, 55, 0, 64]);
    }

    #[test]
    fn positions_go_up_in_two_coordinates_as_bevys_position_attribute_with_their_bounds() {
        assert_eq!(POSITION_2D.id, Mesh::ATTRIBUTE_POSITION.id);
        let data = MeshData {
            positions: vec![[-3.0, 2.0], [5.0, -1.0], [0.0, 7.5], [f32::NAN, 0.0]],
            colors: vec![[1.0, 1.0, 1.0, 1.0]; 4],
            indices: vec![0, 1, 2],
        };
        let mesh = to_bevy_mesh(&data);
        let Some(VertexAttributeValues::Float32x2(positions)) =
            mesh.attribute(Mesh::ATTRIBUTE_POSITION)
        else {
            panic!("no 2D positions");
        };
        assert_eq!(positions[..3], data.positions[..3]);
        // Bevy's culling reads these bounds, not the positions; a NaN is left out of them.
        let bounds = mesh.final_aabb.expect("bounds");
        assert_eq!(
            (Vec3::from(bounds.min), Vec3::from(bounds.max)),
            (Vec3::new(-3.0, -1.0, 0.0), Vec3::new(5.0, 7.5, 0.0))
        );
        assert_eq!(mesh.get_vertex_size(), 12);
    }
}
