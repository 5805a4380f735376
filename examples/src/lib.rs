//! What the examples in `examples/` share: reading their settings from the
//! environment, and ending with a clear message and exit code.

use std::process::{ExitCode, Termination};

/// An environment variable, if it is set and not empty.
pub fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The exit code of an example's run: failure, with the error on stderr,
/// if it failed.
pub fn exit_code<T: Termination>(result: Result<T, Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(done) => done.report(),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
