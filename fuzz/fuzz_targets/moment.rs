//! Fuzzes date and zone parsing: a moment that reads back, or an explanation; never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tideline_fuzz::check(tideline::core::promises::moment_input(data));
});
