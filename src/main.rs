//! The `tideline` command: opens the window, or runs validate, render, state and events.

use clap::Parser;
use std::process::ExitCode;
use tideline::cli::{self, Cli, Command};

fn main() -> ExitCode {
    let args = Cli::parse();
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
        Some(Command::Render { out, .. }) => match cli::check_output_path(out) {
            Ok(()) => run_app(&args),
            Err(e) => {
                cli::say(&format!("error: {e}"));
                1
            }
        },
        None => run_app(&args),
    };
    ExitCode::from(code as u8)
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

#[cfg(feature = "app")]
fn run_app(args: &Cli) -> i32 {
    tideline::app::run(args)
}

#[cfg(not(feature = "app"))]
fn run_app(_args: &Cli) -> i32 {
    cli::say(
        "this build has no window: rebuild with the default `app` feature (cargo run --release)",
    );
    2
}
