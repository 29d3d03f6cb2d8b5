//! Link settings for the `tideline` binary: relative relocations packed (DT_RELR) where the C
//! library understands them, so the loader reads about 60 KB of relocations instead of 8 MB.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu && c_library_reads_packed_relocations() {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// glibc 2.36 and later mark their support with the symbol version `GLIBC_ABI_DT_RELR`; a
/// binary linked with packed relocations does not start on an older one.
fn c_library_reads_packed_relocations() -> bool {
    const MARK: &[u8] = b"GLIBC_ABI_DT_RELR";
    let candidates = [
        "/lib/x86_64-linux-gnu/libc.so.6",
        "/lib/aarch64-linux-gnu/libc.so.6",
        "/lib64/libc.so.6",
        "/usr/lib64/libc.so.6",
        "/usr/lib/libc.so.6",
    ];
    candidates
        .iter()
        .map(Path::new)
        .find(|path| path.exists())
        .and_then(|path| std::fs::read(path).ok())
        .is_some_and(|bytes| bytes.windows(MARK.len()).any(|window| window == MARK))
}
