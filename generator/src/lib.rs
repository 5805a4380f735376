//! Generates `#[graph_resource]` models from Microsoft Graph's published
//! schema: the CSDL that `GET https://graph.microsoft.com/{v1.0|beta}/$metadata`
//! serves. Give it the types a program needs; it writes one Rust module
//! with them and every type they need, so that a build compiles only those.
//!
//! In a build script, [`Builder`] writes the module into `OUT_DIR`; from a
//! program, [`generate`] returns it as text:
//!
//! ```no_run
//! let xml = std::fs::read_to_string("metadata.xml")?;
//! let module = graph_resource_gen::generate(&xml, &["deviceManagementScript".to_owned()], "metadata.xml")?;
//! std::fs::write("src/graph.rs", module.code)?;
//! for warning in &module.warnings {
//!     eprintln!("warning: {warning}");
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// The attribute's own case conversion, so that a generated field's name
// converts to its wire name exactly as the attribute will convert it.
use graph_resource_naming as case;
mod areas;
mod build;
mod csdl;
mod emit;
mod graph;
mod paths;
mod select;

pub use areas::{Area, ByArea, CrateFiles, Part, Shard, by_area, replace_marked};
pub use build::{BuildError, Builder, Generated};
pub use csdl::{EnumType, Operation, Property, Schema, SchemaError, StructuredType};
pub use select::{Selection, select};

/// A generated module.
#[derive(Debug)]
pub struct Module {
    /// The Rust source, formatted.
    pub code: String,
    /// What was read past: constructs the generator does not support.
    pub warnings: Vec<String>,
    /// How many entity and complex types it holds.
    pub types: usize,
    /// How many enums it holds.
    pub enums: usize,
    /// For each entity and complex type, by qualified name, the Rust type
    /// that reads it: its struct, or its enum when it has derived types.
    pub readers: Vec<(String, String)>,
}

/// Generates the module for the types `asked` (names, `namespace.*`, or
/// `prefix*`; none asked: every type) and everything they need; `source` names the schema in the
/// module's header. Navigation properties are generated when their type is
/// in the closure; [`generate_with`] can follow them into it.
///
/// # Errors
///
/// Malformed XML (with its line), a document that is not CSDL, or a name
/// that matches no type (with the nearest names).
pub fn generate(xml: &str, asked: &[String], source: &str) -> Result<Module, SchemaError> {
    generate_with(xml, asked, source, &Options::default())
}

/// How [`generate_with`] takes the closure.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Follow navigation properties into the closure too.
    pub navigation: bool,
    /// Types a program has already, each an OData type name (as
    /// [`generate`] takes them: `enrollmentConfigurationAssignment`, or
    /// qualified) with the Rust path of the program's type
    /// (`crate::EnrollmentConfigurationAssignment`): they are not
    /// generated, and a property of one holds the program's type, as
    /// `prost-build`'s `extern_path`. A generated type cannot derive from
    /// one; a generated enum has no variant for an extern derived type,
    /// whose objects it keeps in `Other`.
    pub externs: Vec<(String, String)>,
    /// Collection paths named for entity types (`enrollmentConfigurationAssignment`,
    /// `/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments`),
    /// in order: a type's first is its path type's (`<Type>Path`), the
    /// rest and the generator's other addresses are `graph_path!`s. Each
    /// must be a collection of its type in the schema; its placeholders
    /// are spelled as given.
    pub paths: Vec<(String, String)>,
}

impl Options {
    /// Follows navigation properties into the closure too.
    pub fn navigation(mut self, follow: bool) -> Options {
        self.navigation = follow;
        self
    }

    /// Uses the program's type at `path` for the OData type `name`.
    pub fn extern_type(mut self, name: impl Into<String>, path: impl Into<String>) -> Options {
        self.externs.push((name.into(), path.into()));
        self
    }

    /// Names a collection path of the entity type `name`, before the ones
    /// the generator finds: the first named is the path type's.
    pub fn path(mut self, name: impl Into<String>, template: impl Into<String>) -> Options {
        self.paths.push((name.into(), template.into()));
        self
    }
}

/// [`generate`], with [`Options`]: navigation properties followed, types
/// of the program's own used instead of generated, paths named.
///
/// # Errors
///
/// As [`generate`]; and an extern that names no type or several, whose
/// path is not a Rust path, or that a generated type derives from; a named
/// path whose type is not generated, or that is not a collection of it in
/// the schema.
pub fn generate_with(
    xml: &str,
    asked: &[String],
    source: &str,
    options: &Options,
) -> Result<Module, SchemaError> {
    generate_in(xml, asked, source, options, emit::Layout::File)
}

/// The module as its own file (for `mod name;`) or as one `pub mod` item
/// (for `include!`).
fn generate_in(
    xml: &str,
    asked: &[String],
    source: &str,
    options: &Options,
    layout: emit::Layout<'_>,
) -> Result<Module, SchemaError> {
    let schema = Schema::parse(xml)?;
    let every = ["*".to_owned()];
    let asked = if asked.is_empty() { &every[..] } else { asked };
    let selection = select(&schema, asked, options)?;
    let (code, skipped, readers) = emit::module(&schema, &selection, source, layout);
    let mut warnings = schema.skipped.clone();
    warnings.extend(skipped);
    Ok(Module {
        code,
        warnings,
        types: selection.types.len(),
        enums: selection.enums.len(),
        readers,
    })
}
