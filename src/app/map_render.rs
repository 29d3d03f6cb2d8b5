//! Map rendering: base layers as a few Mesh2d entities per layer, overlays rebuilt only when the state or zoom changes.

use crate::app::camera::MapView;
use crate::app::messages::{Display, Evaluated, LoadedScenario, TidelineSet};
use crate::core::load::load_detail;
use crate::core::projection::Projection;
use crate::core::scenario::LayerRole;
use crate::core::scene::{
    OverlayBuilder, OverlayOptions, ProjectedFeature, layer_meshes, level_px_per_km,
    project_feature, zoom_level,
};
use crate::core::style::SCREEN_THEME;
use crate::core::tessellate::{MeshData, Tessellator};
use bevy::asset::RenderAssetUsages;
use bevy::math::DVec2;
use bevy::mesh::{Indices, PrimitiveTopology};
use bevy::prelude::*;
use bevy::sprite_render::{AlphaMode2d, ColorMaterial};

pub struct MapRenderPlugin;

impl Plugin for MapRenderPlugin {
    fn build(&self, app: &mut App) {
        let sea = SCREEN_THEME.sea;
        app.insert_resource(ClearColor(Color::srgb(sea.r, sea.g, sea.b)))
            .add_systems(Startup, spawn_map_entities)
            .add_systems(
                Update,
                (update_base_layers, update_overlay).in_set(TidelineSet::Draw),
            );
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
    shown: Option<Vec<usize>>,
    visible: bool,
    /// For detailed levels, the map box the mesh covers.
    region: Option<(DVec2, DVec2)>,
}

/// Projected base geometry and overlay builder, kept between frames.
#[derive(Resource)]
pub struct MapCache {
    layers: Vec<LayerCache>,
    tessellator: Tessellator,
    overlay: OverlayBuilder,
    overlay_key: Option<(u64, i32, bool)>,
    projection: Projection,
}

/// Counts of what the map drew, for tests and the status line.
#[derive(Resource, Debug, Default, Clone)]
pub struct MapStats {
    pub layer_triangles: Vec<usize>,
    pub overlay_triangles: usize,
    pub overlay_rebuilds: usize,
    /// The level of detail each layer shows (0 = its own file).
    pub level_of_detail: Vec<usize>,
}

fn spawn_map_entities(
    mut commands: Commands,
    scenario: Res<LoadedScenario>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<ColorMaterial>>,
) {
    let scenario = &scenario.0;
    let projection = Projection::regional();
    let material = materials.add(ColorMaterial {
        color: Color::WHITE,
        alpha_mode: AlphaMode2d::Blend,
        ..default()
    });
    let mut layers = Vec::new();
    for (index, layer) in scenario.layers.iter().enumerate() {
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
        layers.push(LayerCache {
            levels,
            built: None,
        });
        if drawn {
            // Base layers below context layers, each layer's fill below its stroke.
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
                    part,
                ));
            }
        }
    }
    for (part, z) in [
        (MapMesh::AreaFills, 50.0),
        (MapMesh::AreaEdges, 51.0),
        (MapMesh::Lines, 52.0),
        (MapMesh::Movements, 53.0),
    ] {
        commands.spawn((
            Mesh2d(meshes.add(empty_mesh())),
            MeshMaterial2d(material.clone()),
            Transform::from_xyz(0.0, 0.0, z),
            part,
        ));
    }
    commands.insert_resource(MapCache {
        layers,
        tessellator: Tessellator::default(),
        overlay: OverlayBuilder::new(scenario),
        overlay_key: None,
        projection,
    });
    commands.insert_resource(MapStats {
        layer_triangles: vec![0; scenario.layers.len()],
        level_of_detail: vec![0; scenario.layers.len()],
        ..default()
    });
}

fn empty_mesh() -> Mesh {
    to_bevy_mesh(&MeshData::default())
}

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
    let positions: Vec<[f32; 3]> = data.positions.iter().map(|p| [p[0], p[1], 0.0]).collect();
    let colors: Vec<[f32; 4]> = data
        .colors
        .iter()
        .map(|c| {
            Color::srgba(c[0], c[1], c[2], c[3])
                .to_linear()
                .to_f32_array()
        })
        .collect();
    Mesh::new(
        PrimitiveTopology::TriangleList,
        RenderAssetUsages::default(),
    )
    .with_inserted_attribute(Mesh::ATTRIBUTE_POSITION, positions)
    .with_inserted_attribute(Mesh::ATTRIBUTE_COLOR, colors)
    .with_inserted_indices(Indices::U32(data.indices.clone()))
}

fn set_mesh(
    meshes: &mut Assets<Mesh>,
    query: &Query<(&MapMesh, &Mesh2d)>,
    part: MapMesh,
    data: &MeshData,
) {
    for (which, handle) in query {
        if *which == part
            && let Some(mut mesh) = meshes.get_mut(&handle.0)
        {
            *mesh = to_bevy_mesh(data);
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
    view: Res<MapView>,
    display: Res<Display>,
    evaluated: Res<Evaluated>,
    mut cache: ResMut<MapCache>,
    mut stats: ResMut<MapStats>,
    mut meshes: ResMut<Assets<Mesh>>,
    query: Query<(&MapMesh, &Mesh2d)>,
    mut visibility: Query<(&MapMesh, &mut Visibility)>,
) {
    let scenario = &scenario.0;
    let zoom = zoom_level(view.px_per_km);
    let cache = &mut *cache;
    for (index, layer) in scenario.layers.iter().enumerate() {
        if !matches!(layer.spec.role, LayerRole::Base | LayerRole::Context) {
            continue;
        }
        let visible = display.layers.get(index).copied().unwrap_or(true);
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
        let shown = evaluated
            .state
            .layer_features
            .iter()
            .find(|(l, _)| *l == index)
            .map(|(_, shown)| shown.clone());
        // Detailed levels are tessellated only around the view, and again when it leaves that box.
        let half = (view.viewport.as_dvec2() / view.px_per_km) * 1.0;
        let previous_region = cache.layers[index].built.as_ref().and_then(|b| b.region);
        let region = if lod > 0 {
            let inside = previous_region.is_some_and(|(min, max)| {
                let (vmin, vmax) = (view.center - half / 2.0, view.center + half / 2.0);
                vmin.x >= min.x && vmin.y >= min.y && vmax.x <= max.x && vmax.y <= max.y
            });
            if inside {
                previous_region
            } else {
                Some((view.center - half * 1.5, view.center + half * 1.5))
            }
        } else {
            None
        };
        let key = BuiltKey {
            level_of_detail: lod,
            zoom,
            shown: shown.clone(),
            visible,
            region,
        };
        if cache.layers[index].built.as_ref() == Some(&key) {
            continue;
        }
        for (which, mut vis) in &mut visibility {
            if matches!(which, MapMesh::LayerFill(i) | MapMesh::LayerStroke(i) if *i == index) {
                *vis = if visible {
                    Visibility::Inherited
                } else {
                    Visibility::Hidden
                };
            }
        }
        let Some(Some(features)) = cache.layers[index].levels.get(lod) else {
            continue;
        };
        let selected: Vec<usize> = match (&shown, region) {
            (_, Some((min, max))) => (0..features.len())
                .filter(|&i| {
                    shown.as_ref().is_none_or(|s| s.contains(&i))
                        && intersects(&features[i], min, max)
                })
                .collect(),
            (Some(s), None) => s.clone(),
            (None, None) => (0..features.len()).collect(),
        };
        let built = layer_meshes(
            &mut cache.tessellator,
            layer.spec.role,
            &layer.spec.style,
            features,
            Some(&selected),
            level_px_per_km(zoom),
        );
        set_mesh(&mut meshes, &query, MapMesh::LayerFill(index), &built.fill);
        set_mesh(
            &mut meshes,
            &query,
            MapMesh::LayerStroke(index),
            &built.stroke,
        );
        stats.layer_triangles[index] = built.fill.triangle_count() + built.stroke.triangle_count();
        stats.level_of_detail[index] = lod;
        cache.layers[index].built = Some(key);
    }
}

fn intersects(feature: &ProjectedFeature, min: DVec2, max: DVec2) -> bool {
    use geo::BoundingRect;
    let boxes = [
        feature.polygons.bounding_rect(),
        feature.lines.bounding_rect(),
    ];
    boxes.into_iter().flatten().any(|r| {
        r.min().x <= max.x && r.max().x >= min.x && r.min().y <= max.y && r.max().y >= min.y
    })
}

fn update_overlay(
    scenario: Res<LoadedScenario>,
    view: Res<MapView>,
    display: Res<Display>,
    evaluated: Res<Evaluated>,
    mut cache: ResMut<MapCache>,
    mut stats: ResMut<MapStats>,
    mut meshes: ResMut<Assets<Mesh>>,
    query: Query<(&MapMesh, &Mesh2d)>,
) {
    let zoom = zoom_level(view.px_per_km);
    let key = (evaluated.fingerprint, zoom, display.show_counterfactual);
    if cache.overlay_key == Some(key) {
        return;
    }
    let options = OverlayOptions {
        show_counterfactual: display.show_counterfactual,
    };
    let built = cache.overlay.build(
        &scenario.0,
        &evaluated.state,
        level_px_per_km(zoom),
        options,
    );
    set_mesh(&mut meshes, &query, MapMesh::AreaFills, &built.area_fills);
    set_mesh(&mut meshes, &query, MapMesh::AreaEdges, &built.area_edges);
    set_mesh(&mut meshes, &query, MapMesh::Lines, &built.lines);
    set_mesh(&mut meshes, &query, MapMesh::Movements, &built.movements);
    stats.overlay_triangles = built.area_fills.triangle_count()
        + built.area_edges.triangle_count()
        + built.lines.triangle_count()
        + built.movements.triangle_count();
    stats.overlay_rebuilds += 1;
    cache.overlay_key = Some(key);
}
