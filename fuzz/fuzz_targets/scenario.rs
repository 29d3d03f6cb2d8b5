//! Fuzzes the scenario loader (RON), resolving layers in the small test maps folder.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let maps = tideline_fuzz::fixture_maps();
    tideline_fuzz::check(tideline::core::promises::scenario_input(data, &maps));
});
