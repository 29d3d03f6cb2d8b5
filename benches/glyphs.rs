//! What the bundled fonts cost at run time: parsing them with ttf-parser and checking a text's characters.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use support::cpu_time::ThreadCpuTime;
use tideline::core::glyphs::{BUNDLED_FONTS, parse_bundled_fonts, undrawable};

mod support {
    #[allow(dead_code)]
    pub mod cpu_time;
}

fn fonts(c: &mut Criterion<ThreadCpuTime>) {
    c.bench_function("parse the bundled fonts (ttf-parser)", |b| {
        b.iter(|| black_box(parse_bundled_fonts()))
    });
    for font in BUNDLED_FONTS {
        c.bench_function(&format!("parse {} (ttf-parser)", font.name), |b| {
            b.iter(|| black_box(ttf_parser::Face::parse(black_box(font.bytes), 0).is_ok()))
        });
    }
    let caption = "Soviet landing on Shumshu — 占守島上陸 — Высадка на Шумшу — 쿠릴 열도";
    c.bench_function("undrawable(caption of 60 characters)", |b| {
        b.iter(|| black_box(undrawable(black_box(caption))))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(ThreadCpuTime).sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = fonts
}
criterion_main!(benches);
