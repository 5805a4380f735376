//! The integration tests, linked into one binary: the runtime against the
//! emulator and a wire-exact mock server, the models against the docs'
//! payloads, and every documented path through the template language.

// Items are `pub` as a user's would be; in a test binary none is reachable.
// The generated code's own lint hygiene is `tests/hygiene.rs`'s subject.
#![allow(unreachable_pub)]

mod auth;
mod azure;
mod blocking;
mod bytes;
mod calls;
mod certificate;
mod corpus;
mod corpus_compiled;
mod delta;
mod derived;
mod edm;
mod emulator_fidelity;
mod enrollment_configurations;
mod extern_types;
mod faults;
mod fields;
mod generated;
mod headers;
mod house;
mod http;
mod intune;
mod jobs;
mod models;
mod operations;
mod pacing;
mod paths;
mod per_call;
mod poll;
mod polymorphic;
mod proxy;
mod query;
mod raw;
mod redis;
mod serialization;
mod singletons;
mod telemetry;
mod uploads;
mod win32;
mod wire_faults;
