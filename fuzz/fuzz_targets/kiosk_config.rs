//! Fuzzes the kiosk configuration loader (RON), and the idle cycle and attract loop of every
//! configuration it accepts, over the 1945 campaign.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let campaign = tideline_fuzz::campaign();
    tideline_fuzz::check(tideline::core::promises::kiosk_input(data, campaign));
});
