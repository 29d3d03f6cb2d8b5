//! The `tideline` command: opens the window, or runs validate, render, state and events.

use clap::Parser;
use std::process::ExitCode;
use tideline::cli::{self, Cli, Command};

/// Makes glibc's allocator give freed memory back. By default every thread gets its own
/// arena and the threshold above which a block is mapped on its own rises to the largest
/// block freed so far; the map frees and rebuilds multi-megabyte meshes as the view moves (and
/// a software renderer keeps GPU buffers in the same heap), so a kiosk's arenas grew to hold
/// hundreds of megabytes that were free. Fixed here before any thread starts: blocks of 1 MB
/// and more are mapped on their own and unmapped when freed, and two arenas serve all threads.
/// Call it before any thread starts.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator parameters; called before any other thread runs.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1024 * 1024);
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn main() -> ExitCode {
    let process_start = std::time::Instant::now();
    let args = Cli::parse();
    // Exports draw frame after frame into the same large buffers, which glibc's defaults
    // reuse; mapping each anew cost them about a tenth of their speed. Everything that keeps
    // a window open for long gets the tuning.
    let exporting = matches!(
        args.command,
        Some(Command::Export { .. }) | Some(Command::Render { window: false, .. })
    );
    if !exporting {
        tune_allocator();
    }
    let code = match &args.command {
        Some(Command::Validate { paths, strict }) => cli::validate(paths, *strict),
        Some(Command::State { out }) => with_scenario(&args, |scenario| {
            if out != std::path::Path::new("-") {
                cli::check_output_path(out)?;
            }
            let t = cli::moment_for(scenario, args.date.as_deref())?;
            cli::state(scenario, t, out)
        }),
        Some(Command::Events { json }) => with_scenario(&args, |scenario| {
            cli::print_out(&cli::events(scenario, args.lang, *json))
        }),
        Some(Command::Cues { path, handout }) => cues(&args, path, *handout),
        Some(Command::Bench { .. }) => bench(&args, process_start),
        Some(Command::New { name }) => match cli::new_scenario(name, std::path::Path::new(".")) {
            Ok(path) => {
                println!(
                    "wrote {} and its layer; open it with: tideline --scenario {}",
                    path.display(),
                    path.display()
                );
                0
            }
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        },
        Some(Command::Export { out, .. }) if unwritable(out) => 1,
        Some(Command::Render { out, .. }) if let Err(e) = cli::check_output_path(out) => {
            cli::say(&format!("error: {e}"));
            1
        }
        Some(Command::Export { .. }) => export_command(&args),
        Some(Command::Render { window: false, .. }) => export_command(&args),
        Some(Command::Render { .. })
        | Some(Command::Kiosk { .. })
        | Some(Command::Lecture { .. })
        | None => run_app(&args),
    };
    ExitCode::from(code.clamp(0, 255) as u8)
}

/// Says in one line why an output cannot be written, before anything is drawn.
fn unwritable(out: &std::path::Path) -> bool {
    use tideline::core::encode::{Output, check_writable};
    match check_writable(&Output::for_path(out)) {
        Ok(()) => false,
        Err(e) => {
            cli::say(&format!("error: {e}"));
            true
        }
    }
}

fn with_scenario(
    args: &Cli,
    f: impl FnOnce(&tideline::core::model::Scenario) -> Result<(), String>,
) -> i32 {
    let Some(scenario) = cli::load_named(args.scenario.as_deref()) else {
        return 1;
    };
    match f(&scenario) {
        Ok(()) => 0,
        Err(e) => {
            cli::say(&format!("error: {e}"));
            1
        }
    }
}

/// `tideline cues`: checks a cue list against its scenario, or prints the handout.
fn cues(args: &Cli, path: &std::path::Path, handout: bool) -> i32 {
    let (loaded, diagnostics) = cli::load_cues(path, args.scenario.as_deref());
    cli::report(&diagnostics);
    let errors = tideline::core::diagnostics::error_count(&diagnostics);
    match loaded {
        Some((list, scenario)) if errors == 0 => {
            if handout {
                if let Err(e) =
                    cli::print_out(&tideline::core::cues::handout(&list, &scenario, args.lang))
                {
                    eprintln!("error: {e}");
                    return 1;
                }
            } else {
                cli::print_out(&format!(
                    "{}: {} cues, no errors\n",
                    path.display(),
                    list.cues.len()
                ))
                .ok();
            }
            0
        }
        _ => {
            eprintln!("{}: the cue list has errors (see above)", path.display());
            1
        }
    }
}

/// Builds the app's configuration from the command line and runs it: the app never sees
/// the command line's types.
#[cfg(feature = "app")]
fn run_app(args: &Cli) -> i32 {
    use std::sync::Arc;
    use tideline::app::config::{AppConfig, Surface};
    use tideline::app::export::still::StillJob;
    use tideline::app::modes::AppMode;
    use tideline::app::{Job, WindowSetup, run, run_while_loading};
    use tideline::core::cues::CueList;
    use tideline::core::model::Scenario;

    if let Some(Command::Kiosk {
        config,
        idle_timeout,
    }) = &args.command
    {
        return kiosk(args, config.as_deref(), *idle_timeout);
    }
    // A lecture from a cue list opens the list's own scenario unless --scenario names one.
    let lecture_cues = match &args.command {
        Some(Command::Lecture { cues: Some(path) }) => {
            let (loaded, diagnostics) = cli::load_cues(path, args.scenario.as_deref());
            cli::report(&diagnostics);
            match loaded {
                Some(loaded) if tideline::core::diagnostics::error_count(&diagnostics) == 0 => {
                    Some(loaded)
                }
                _ => {
                    eprintln!("{}: fix the cue list and start again", path.display());
                    return 1;
                }
            }
        }
        _ => None,
    };
    let render = match &args.command {
        Some(Command::Render {
            size,
            out,
            no_overlay,
            ..
        }) => Some((*size, out.clone(), !no_overlay)),
        _ => None,
    };
    let lecture = matches!(args.command, Some(Command::Lecture { .. }));
    let surface = match &render {
        Some((size, ..)) => Surface::Window {
            size: *size,
            fullscreen: false,
        },
        None => Surface::DEFAULT_WINDOW,
    };
    let has_display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    let no_display = || {
        eprintln!(
            "error: no display to open a window on; on a machine without one run under Xvfb, e.g. xvfb-run -s \"-screen 0 1920x1080x24\" tideline ..."
        );
        2
    };
    // What the scenario makes of the command line; the window opens only when this works.
    let configure = |loaded: Option<(Scenario, Option<CueList>)>| {
        let Some((scenario, cue_list)) = loaded else {
            return Err(1);
        };
        let opening = cli::opening(args, &scenario).map_err(|e| {
            eprintln!("error: {e}");
            2
        })?;
        let mut config = AppConfig::explore(Arc::new(scenario));
        config.scenario_path = Some(cli::scenario_path(args.scenario.as_deref()));
        config.start = opening.start;
        config.selected_event = opening.event;
        config.focus = opening.focus;
        config.compare = opening.compare;
        config.lang = args.lang;
        config.theme = args.theme;
        config.frame_readout = args.show_fps;
        config.surface = surface.clone();
        let job = match &render {
            Some((size, out, overlay)) => {
                config.mode = AppMode::Export;
                Job::Still {
                    job: StillJob::new(out.clone(), *size),
                    overlay: *overlay,
                }
            }
            None if lecture => {
                config.mode = AppMode::Lecture;
                Job::Lecture(cue_list.map(tideline::app::modes::lecture::LectureCues))
            }
            None => Job::None,
        };
        Ok((config, job))
    };
    // A lecture's cue list was read with its scenario above; any other scenario is read on
    // a thread while the window's renderer starts.
    if let Some((list, scenario)) = lecture_cues {
        return match configure(Some((scenario, Some(list)))) {
            Err(code) => code,
            Ok(_) if !has_display => no_display(),
            Ok((config, job)) => run(config, job),
        };
    }
    let path = args.scenario.clone();
    let load = move || cli::load_named(path.as_deref()).map(|scenario| (scenario, None));
    if !has_display {
        // Say what is wrong with the scenario or the command line first, as with a display.
        return match configure(load()) {
            Err(code) => code,
            Ok(_) => no_display(),
        };
    }
    let setup = WindowSetup {
        title: None,
        surface: surface.clone(),
        exporting: render.is_some(),
        kiosk: false,
    };
    run_while_loading(setup, load, configure)
}

/// `tideline kiosk`: never shows an error to a visitor. A broken configuration or scenario
/// falls back to the built-in defaults, with the problems logged.
#[cfg(feature = "app")]
fn kiosk(args: &Cli, config_path: Option<&std::path::Path>, idle_timeout: Option<f64>) -> i32 {
    use std::sync::Arc;
    use tideline::app::config::{AppConfig, Surface};
    use tideline::app::modes::AppMode;
    use tideline::app::modes::kiosk::KioskSetup;
    use tideline::app::{Job, run};
    use tideline::core::kiosk::{KioskConfig, attract_scenarios, load_kiosk_config};

    let mut kiosk_config = match config_path {
        Some(path) => {
            let loaded = load_kiosk_config(path);
            cli::report(&loaded.diagnostics);
            loaded.config.unwrap_or_else(|| {
                eprintln!("kiosk: {} is unusable; using the defaults", path.display());
                KioskConfig::default()
            })
        }
        None => KioskConfig::default(),
    };
    if let Some(seconds) = idle_timeout {
        if seconds.is_finite() && (5.0..=86_400.0).contains(&seconds) {
            kiosk_config.idle_timeout_seconds = seconds;
        } else {
            eprintln!(
                "kiosk: --idle-timeout {seconds} is outside 5..86400 seconds; using {}",
                kiosk_config.idle_timeout_seconds
            );
        }
    }
    let scenario = cli::load_named(args.scenario.as_deref()).or_else(|| {
        eprintln!("kiosk: falling back to the default scenario");
        cli::load_named(None)
    });
    let Some(scenario) = scenario else {
        eprintln!("kiosk: no scenario could be loaded; exiting so the supervisor restarts");
        return 1;
    };
    let mut playlist = vec![Arc::new(scenario)];
    for path in attract_scenarios(&kiosk_config, config_path) {
        match cli::load_for_command(&path) {
            Some(s) => playlist.push(Arc::new(s)),
            None => eprintln!("kiosk: {} skipped from the attract loop", path.display()),
        }
    }
    if !kiosk_config.attract.scenarios.is_empty() && playlist.len() > 1 {
        // The playlist replaces the starting scenario.
        playlist.remove(0);
    }
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        eprintln!("error: no display to open the kiosk on (run it under Cage, see the README)");
        return 2;
    }
    let mut config = AppConfig::explore(playlist[0].clone());
    config.scenario_path = None;
    config.lang = kiosk_config.default_language;
    config.mode = AppMode::Kiosk;
    config.frame_readout = args.show_fps;
    config.surface = Surface::Window {
        size: (1920, 1080),
        fullscreen: true,
    };
    run(
        config,
        Job::Kiosk(KioskSetup {
            config: kiosk_config,
            playlist,
        }),
    )
}

/// `tideline export` and `tideline render`: frames drawn without a window or a display.
#[cfg(feature = "app")]
fn export_command(args: &Cli) -> i32 {
    match export_frames(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[cfg(feature = "app")]
fn export_frames(args: &Cli) -> Result<i32, String> {
    use std::sync::Arc;
    use tideline::app::config::{AppConfig, Surface};
    use tideline::app::export::offscreen::{ExportPlan, FramePlan, export};
    use tideline::app::modes::AppMode;
    use tideline::app::ui::overlay::OverlayParts;
    use tideline::core::encode::Output;
    use tideline::core::frames::{at_rate, cue_frames, evenly_spaced};
    use tideline::core::time::HOUR;
    use tideline::core::view::MapView;

    /// Frames a second of a video made with --frames and no --fps.
    const DEFAULT_FPS: f64 = 10.0;
    /// Frames a second of a video that follows cues, without --fps.
    const CUE_FPS: f64 = 25.0;

    let (out, size, parts, sequence) = match &args.command {
        Some(Command::Render {
            size,
            out,
            no_overlay,
            ..
        }) => {
            let parts = if *no_overlay {
                OverlayParts {
                    title: false,
                    date: false,
                    caption: false,
                    legend: false,
                    credits: false,
                }
            } else {
                OverlayParts::default()
            };
            (out.clone(), *size, parts, None)
        }
        Some(Command::Export {
            out,
            size,
            from,
            to,
            frames,
            fps,
            speed,
            cues,
            no_title,
            no_date,
            no_caption,
            no_legend,
            credits,
        }) => (
            out.clone(),
            *size,
            OverlayParts {
                title: !no_title,
                date: !no_date,
                caption: !no_caption,
                legend: !no_legend,
                credits: *credits,
            },
            Some((
                from.clone(),
                to.clone(),
                *frames,
                *fps,
                *speed,
                cues.clone(),
            )),
        ),
        _ => return Err("not an export".into()),
    };
    let output = Output::for_path(&out);
    let cue_list = match sequence.as_ref().and_then(|s| s.5.as_ref()) {
        Some(path) => {
            let (loaded, diagnostics) = cli::load_cues(path, args.scenario.as_deref());
            cli::report(&diagnostics);
            match loaded {
                Some(loaded) if tideline::core::diagnostics::error_count(&diagnostics) == 0 => {
                    Some(loaded)
                }
                _ => return Err(format!("{}: fix the cue list first", path.display())),
            }
        }
        None => None,
    };
    let (scenario, cue_list) = match cue_list {
        Some((list, scenario)) => (scenario, Some(list)),
        None => match cli::load_named(args.scenario.as_deref()) {
            Some(s) => (s, None),
            None => return Ok(1),
        },
    };
    let opening = cli::opening(args, &scenario)?;
    let moment = |text: &str, flag: &str| {
        tideline::core::time::parse_moment(text, scenario.zone)
            .map_err(|e| format!("{flag}: {e}"))
            .and_then(|t| {
                if scenario.range.contains(t) {
                    Ok(t)
                } else {
                    Err(format!("{flag} {text} is outside the scenario's range"))
                }
            })
    };
    let (frames, fps): (Vec<FramePlan>, f64) = match (&sequence, &cue_list) {
        (_, Some(list)) => {
            let fps = sequence.as_ref().and_then(|s| s.3).unwrap_or(CUE_FPS);
            let view = MapView::for_scenario(
                &scenario,
                bevy::math::Vec2::new(size.0 as f32, size.1 as f32),
            );
            let planned = cue_frames(list, &scenario, &view, fps)?;
            let frames = planned
                .iter()
                .map(|f| {
                    let cue = &list.cues[f.cue];
                    FramePlan {
                        t: f.t,
                        selected_event: (f.t == cue.time).then_some(cue.lead_event).flatten(),
                        view: Some((f.center, f.px_per_km)),
                        lang: f.lang,
                        caption: cue.caption.clone(),
                        layers: cue.layers.clone(),
                        counterfactual: cue.counterfactual,
                    }
                })
                .collect();
            (frames, fps)
        }
        (Some((Some(from), Some(to), count, fps, speed, _)), None) => {
            let (from, to) = (moment(from, "--from")?, moment(to, "--to")?);
            let moments = match (count, fps, speed) {
                (Some(n), _, None) => evenly_spaced(from, to, *n)?,
                (None, Some(fps), Some(speed)) => at_rate(from, to, *fps, speed * HOUR as f64)?,
                _ => {
                    return Err("give --frames N, or --fps F with --speed HOURS_PER_SECOND".into());
                }
            };
            let fps = fps.unwrap_or(DEFAULT_FPS);
            (moments.into_iter().map(FramePlan::at).collect(), fps)
        }
        (Some((None, None, None, None, None, None)), None) | (None, None) => {
            let mut still = FramePlan::at(opening.start);
            still.selected_event = opening.event;
            (vec![still], 1.0)
        }
        _ => {
            return Err(
                "a sequence needs --from and --to with --frames or --fps and --speed, or --cues"
                    .into(),
            );
        }
    };
    if frames.len() > 1 && matches!(output, Output::Png(_)) {
        return Err(format!(
            "{} frames cannot go into one PNG; give a folder, a .gif or an .mp4 as --out",
            frames.len()
        ));
    }
    let mut config = AppConfig::explore(Arc::new(scenario));
    config.start = frames[0].t;
    config.selected_event = frames[0].selected_event;
    config.focus = opening.focus;
    config.compare = opening.compare;
    config.lang = args.lang;
    config.theme = args.theme;
    config.mode = AppMode::Export;
    config.surface = Surface::Offscreen { size };
    let plan = ExportPlan {
        output: output.clone(),
        size,
        fps,
        frames,
        parts,
        progress: true,
    };
    let report = export(config, plan)?;
    let what = match &output {
        Output::Folder(dir) => format!("{} PNGs in {}", report.written.frames, dir.display()),
        other => format!(
            "{} ({} frames)",
            other.path().display(),
            report.written.frames
        ),
    };
    println!(
        "wrote {what}, {}x{}, {:.1} MB in {:.1} s ({:.1} frames/s) on {}",
        size.0,
        size.1,
        report.written.bytes as f64 / 1e6,
        report.seconds,
        report.written.frames as f64 / report.seconds.max(1e-6),
        report.renderer
    );
    if report.interrupted {
        eprintln!("interrupted: the frames written so far are complete");
        return Ok(130);
    }
    Ok(0)
}

/// `tideline bench`: plays the scenario and prints what a user would feel.
#[cfg(feature = "app")]
fn bench(args: &Cli, process_start: std::time::Instant) -> i32 {
    use std::sync::Arc;
    use tideline::app::bench::{BenchJob, bench_offscreen};
    use tideline::app::config::{AppConfig, Surface};
    use tideline::app::{Job, WindowSetup, run_while_loading};

    let Some(Command::Bench {
        size,
        seconds,
        json,
        offscreen,
    }) = &args.command
    else {
        return 2;
    };
    if !(seconds.is_finite() && *seconds >= 1.0) {
        eprintln!("error: --seconds must be at least 1");
        return 2;
    }
    let job = BenchJob {
        seconds: *seconds,
        process_start,
        size: *size,
        offscreen: *offscreen,
        json: *json,
    };
    let surface = if *offscreen {
        Surface::Offscreen { size: *size }
    } else {
        Surface::Window {
            size: *size,
            fullscreen: false,
        }
    };
    let configure = |scenario: Option<tideline::core::model::Scenario>| {
        let scenario = scenario.ok_or(1)?;
        let mut config = AppConfig::explore(Arc::new(scenario));
        config.lang = args.lang;
        config.theme = args.theme;
        config.frame_readout = args.show_fps;
        config.surface = surface.clone();
        Ok((config, Job::Bench(job.clone())))
    };
    let path = args.scenario.clone();
    let load = move || cli::load_named(path.as_deref());
    if *offscreen {
        let config = match configure(load()) {
            Ok((config, _)) => config,
            Err(code) => return code,
        };
        return match bench_offscreen(config, job) {
            Ok(_) => 0,
            Err(e) => {
                eprintln!("error: {e}");
                1
            }
        };
    }
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        if let Err(code) = configure(load()) {
            return code;
        }
        eprintln!(
            "error: no display for the window; run under Xvfb (xvfb-run -a -s \"-screen 0 1920x1080x24\" tideline bench) or use --offscreen"
        );
        return 2;
    }
    // The scenario is read on a thread while the window's renderer starts, as `tideline` does.
    let setup = WindowSetup {
        title: None,
        surface: surface.clone(),
        exporting: true,
        kiosk: false,
    };
    run_while_loading(setup, load, configure)
}

#[cfg(not(feature = "app"))]
fn bench(args: &Cli, _process_start: std::time::Instant) -> i32 {
    run_app(args)
}

#[cfg(not(feature = "app"))]
fn export_command(_args: &Cli) -> i32 {
    run_app(_args)
}

#[cfg(not(feature = "app"))]
fn run_app(_args: &Cli) -> i32 {
    cli::say(
        "this build has no window: rebuild with the default `app` feature (cargo run --release)",
    );
    2
}
