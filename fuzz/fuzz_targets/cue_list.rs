//! Fuzzes the lecture cue-list loader (RON) resolved against the 1945 campaign, and the export
//! frames and handout of every list it accepts.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let campaign = tideline_fuzz::campaign();
    tideline_fuzz::check(tideline::core::promises::cues_input(data, campaign));
});
