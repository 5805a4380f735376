//! The lowest layer: what generated code implements and what describes a
//! request in OData's terms, with no HTTP in it. Object (de)serialization,
//! Graph's wire types (`edm`), navigation values, paths and their encoding,
//! function literals, query options, and the shapes of an answer.

pub mod edm;
pub(crate) mod expanded;
pub(crate) mod literal;
pub(crate) mod object;
pub(crate) mod path;
pub(crate) mod query;
pub(crate) mod resource;
pub(crate) mod returned;
