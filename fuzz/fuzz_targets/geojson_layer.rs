//! Fuzzes the GeoJSON layer loader: features and diagnostics keep their promises.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    tideline_fuzz::check(tideline::core::promises::geojson_layer_input(data));
});
