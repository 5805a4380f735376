//! The lowest layer: what generated code implements and what describes a
//! request in OData's terms, with no HTTP in it. Object (de)serialization,
//! Graph's wire types (`edm`), navigation values, paths and their encoding,
//! function literals, query options, and the shapes of an answer.
//!
//! Its everyday names are at the crate's root (`Query`, `ResourcePath`,
//! `ObjectPath`, `Expanded`); this module holds the rest.

pub mod edm;
pub(crate) mod expanded;
pub(crate) mod literal;
pub(crate) mod object;
pub(crate) mod path;
pub(crate) mod query;
pub(crate) mod resource;
pub(crate) mod returned;

pub use expanded::Resolve;
pub use literal::ODataLiteral;
pub use object::{Extra, ODataType};
pub use path::{InvalidPathValue, Template};
pub use query::{Names, odata_string};
pub use resource::{GraphResource, ItemPath, PropertyNames};
pub use returned::Returned;
