//! Live reload: watches the scenario and every file it uses, reloads on save keeping the date, view and language, and keeps the last good state while the files have errors.

use crate::app::config::AppConfig;
use crate::app::playback::Clock;
use crate::app::sets::TidelineSet;
use crate::app::state::{LoadedScenario, Shown};
use crate::core::diagnostics::{Diagnostic, error_count};
use crate::core::load::{DetailLoading, Loaded, load_scenario};
use crate::core::model::Scenario;
use bevy::prelude::*;
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the watcher waits for a burst of writes (an editor's save) to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The problems of the files on disk, shown in the window until they are fixed. Empty
/// when the loaded scenario is what the files say.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct LoadProblems {
    pub diagnostics: Vec<Diagnostic>,
    /// How many reloads have been applied (for tests and the status line).
    pub reloads: usize,
}

/// Wakes a sleeping window from another thread (the watcher, a finished load); does
/// nothing without a window (headless tests, offscreen export).
#[derive(Clone, Default)]
struct Waker(Option<Arc<dyn Fn() + Send + Sync>>);

impl Waker {
    fn from_app(app: &App) -> Waker {
        let Some(proxy) = app
            .world()
            .get_resource::<bevy::winit::EventLoopProxyWrapper>()
            .map(|wrapper| (**wrapper).clone())
        else {
            return Waker(None);
        };
        let proxy = Mutex::new(proxy);
        Waker(Some(Arc::new(move || {
            if let Ok(proxy) = proxy.lock() {
                proxy.send_event(bevy::winit::WinitUserEvent::WakeUp).ok();
            }
        })))
    }

    fn wake(&self) {
        if let Some(wake) = &self.0 {
            wake();
        }
    }
}

/// The file watcher and the channel its reloads arrive on.
#[derive(Resource)]
pub struct ScenarioWatch {
    path: PathBuf,
    waker: Waker,
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    changes: Mutex<Receiver<()>>,
    results: Mutex<Receiver<Loaded>>,
    results_sender: Sender<Loaded>,
    /// True while a reload is running on its thread.
    loading: bool,
    /// A change arrived while loading: load again when done.
    again: bool,
}

/// The folders to watch: the scenario's and every data file's (folders, not files, so that
/// editors that save by renaming are seen).
pub fn watched_folders(scenario_path: &Path, scenario: Option<&Scenario>) -> BTreeSet<PathBuf> {
    let mut folders = BTreeSet::new();
    let folder = |p: &Path| {
        p.parent()
            .filter(|f| !f.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf()
    };
    folders.insert(folder(scenario_path));
    if let Some(scenario) = scenario {
        folders.insert(scenario.maps_dir.clone());
        for layer in &scenario.layers {
            for detail in &layer.detail {
                folders.insert(folder(&detail.path));
            }
        }
    }
    folders.retain(|f| f.is_dir());
    folders
}

fn start_watching(path: &Path, scenario: &Scenario, waker: Waker) -> Result<ScenarioWatch, String> {
    let (change_sender, changes) = channel::<()>();
    let wake_on_change = waker.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            // Reading a file (the app loading a detail level) is no change; writing,
            // creating, renaming and deleting are.
            let relevant = events.iter().any(|e| {
                let changes = matches!(
                    e.kind,
                    EventKind::Create(_)
                        | EventKind::Remove(_)
                        | EventKind::Modify(
                            ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any
                        )
                );
                changes
                    && e.paths.iter().any(|p| {
                        p.extension()
                            .and_then(|x| x.to_str())
                            .is_some_and(|x| matches!(x, "ron" | "geojson" | "json"))
                    })
            });
            if relevant {
                change_sender.send(()).ok();
                // The window may be asleep: nothing else would run the reload.
                wake_on_change.wake();
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for folder in watched_folders(path, Some(scenario)) {
        debouncer
            .watch(&folder, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", folder.display()))?;
    }
    let (results_sender, results) = channel();
    Ok(ScenarioWatch {
        path: path.to_path_buf(),
        waker,
        _debouncer: debouncer,
        changes: Mutex::new(changes),
        results: Mutex::new(results),
        results_sender,
        loading: false,
        again: false,
    })
}

pub struct LoadingPlugin;

impl Plugin for LoadingPlugin {
    fn build(&self, app: &mut App) {
        app.init_resource::<LoadProblems>();
        let config = app.world().resource::<AppConfig>().clone();
        let Some(path) = config.scenario_path.clone() else {
            return;
        };
        match start_watching(&path, &config.scenario, Waker::from_app(app)) {
            Ok(watch) => {
                app.insert_resource(watch)
                    .add_systems(Update, reload_on_change.in_set(TidelineSet::Input));
            }
            Err(e) => warn!("live reload is off: {e}"),
        }
    }
}

/// Starts a reload on a thread when a file changed, and applies a finished one: the new
/// scenario if it loaded without errors, else the problems beside the last good state.
fn reload_on_change(
    mut watch: ResMut<ScenarioWatch>,
    mut scenario: ResMut<LoadedScenario>,
    mut problems: ResMut<LoadProblems>,
    mut shown: ResMut<Shown>,
    mut clock: ResMut<Clock>,
) {
    let changed = watch
        .changes
        .lock()
        .map(|r| r.try_iter().count() > 0)
        .unwrap_or(false);
    if changed {
        if watch.loading {
            watch.again = true;
        } else {
            spawn_load(&mut watch);
        }
    }
    let finished = watch.results.lock().ok().and_then(|r| r.try_iter().last());
    let Some(loaded) = finished else { return };
    watch.loading = false;
    if watch.again {
        watch.again = false;
        spawn_load(&mut watch);
    }
    let errors = error_count(&loaded.diagnostics);
    match loaded.scenario {
        Some(new) if errors == 0 => {
            for d in &loaded.diagnostics {
                warn!("{d}");
            }
            let carried = shown.carried_over(&scenario.0, &new);
            let new = Arc::new(new);
            // The date, view and language stay; the clock is kept inside the new range.
            let t = new.range.clamp(clock.t);
            if clock.t != t || clock.selected_event.is_some() {
                clock.t = t;
                clock.selected_event = None;
            }
            scenario.0 = new;
            shown.set_if_neq(Shown(carried));
            problems.diagnostics = loaded
                .diagnostics
                .into_iter()
                .filter(|d| !d.is_error())
                .collect();
            problems.reloads += 1;
            info!("reloaded {}", watch.path.display());
        }
        _ => {
            for d in &loaded.diagnostics {
                warn!("{d}");
            }
            problems.set_if_neq(LoadProblems {
                diagnostics: loaded.diagnostics,
                reloads: problems.reloads,
            });
        }
    }
}

fn spawn_load(watch: &mut ScenarioWatch) {
    watch.loading = true;
    let path = watch.path.clone();
    let sender = watch.results_sender.clone();
    let waker = watch.waker.clone();
    std::thread::spawn(move || {
        sender
            .send(load_scenario(&path, DetailLoading::OnDemand))
            .ok();
        waker.wake();
    });
}
