//! Compiles the parts of `v1` that the features on need: each part is the
//! types that exactly the same areas hold, and has a `cfg` set here when
//! any of its areas is on.

// Generated; compared byte for byte with the generator's output.
#[rustfmt::skip]
mod v1_parts;

fn main() {
    for (cfg, features) in v1_parts::PARTS {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        if features
            .iter()
            .any(|f| std::env::var_os(format!("CARGO_FEATURE_{f}")).is_some())
        {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
