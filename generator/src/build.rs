//! [`Builder`]: the generator in a build script, writing into `OUT_DIR`.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::emit::Layout;

/// Generates models in a build script, as `prost-build` does for protobuf:
/// it reads a saved `$metadata`, writes `<OUT_DIR>/<module>.rs` holding one
/// `pub mod <module> { .. }`, and tells cargo to run again when the schema
/// changes. What the generator read past comes back in
/// [`Generated::module`]'s `warnings`, for the build script to print or
/// not: it is not printed on every build.
///
/// `build.rs`, with `graph-resource-gen` under `[build-dependencies]`:
///
/// ```no_run
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     graph_resource_gen::Builder::new("metadata/graph-v1.0.xml")
///         .types(["user", "group", "deviceCompliancePolicy"])
///         .generate()?;
///     Ok(())
/// }
/// ```
///
/// and wherever the models belong (`graph::User`, `graph::Group`, ...):
///
/// ```ignore
/// include!(concat!(env!("OUT_DIR"), "/graph.rs"));
/// ```
///
/// The module needs `graph-resource` and nothing else, and compiles
/// without warnings: a program uses a few of its types, so `dead_code` is
/// allowed on it.
#[derive(Debug, Clone)]
pub struct Builder {
    schema: PathBuf,
    types: Vec<String>,
    options: crate::Options,
    module: String,
    out_dir: Option<PathBuf>,
}

/// What [`Builder::generate`] wrote.
#[derive(Debug)]
pub struct Generated {
    /// The file written.
    pub file: PathBuf,
    /// What it holds: the code, what was read past (a function whose
    /// parameters a URL cannot carry, ...), and the counts.
    pub module: crate::Module,
}

/// Why [`Builder::generate`] wrote nothing.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The schema could not be read, or the output written.
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The schema is not CSDL, or a type asked for is not in it (with the
    /// nearest names).
    Schema(crate::SchemaError),
    /// Not run by cargo as a build script, and no [`Builder::out_dir`].
    NoOutDir,
    /// The module's name is not a Rust identifier.
    ModuleName(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::Schema(e) => e.fmt(f),
            BuildError::NoOutDir => f.write_str(
                "OUT_DIR is not set: run the Builder from a build script, or give it `.out_dir(..)`",
            ),
            BuildError::ModuleName(name) => write!(
                f,
                "`{name}` cannot name a module: give `.module(..)` a snake_case identifier such as `graph`"
            ),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::Schema(e) => Some(e),
            _ => None,
        }
    }
}

impl From<crate::SchemaError> for BuildError {
    fn from(e: crate::SchemaError) -> Self {
        BuildError::Schema(e)
    }
}

impl Builder {
    /// Generates from the CSDL file at `schema` (relative paths are from
    /// the package's root, where cargo runs build scripts).
    pub fn new(schema: impl Into<PathBuf>) -> Builder {
        Builder {
            schema: schema.into(),
            types: Vec::new(),
            options: crate::Options::default(),
            module: "graph".to_owned(),
            out_dir: None,
        }
    }

    /// The types to generate, with every type they need: names
    /// (`deviceCompliancePolicy`, or qualified), namespaces
    /// (`microsoft.graph.callRecords.*`) or prefixes (`deviceCompliance*`).
    /// Without any, every type of the schema.
    pub fn types<I, S>(mut self, names: I) -> Builder
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.types.extend(names.into_iter().map(Into::into));
        self
    }

    /// Follows navigation properties into the closure too.
    pub fn navigation(mut self, follow: bool) -> Builder {
        self.options = self.options.navigation(follow);
        self
    }

    /// Uses the program's own type at `path` for the OData type `name`
    /// instead of generating it (as `prost-build`'s `extern_path`): a
    /// property of that type holds the program's type.
    ///
    /// ```no_run
    /// graph_resource_gen::Builder::new("metadata/beta.xml")
    ///     .types(["deviceEnrollmentConfiguration"])
    ///     .extern_type("enrollmentConfigurationAssignment", "crate::EnrollmentConfigurationAssignment")
    ///     .generate()?;
    /// # Ok::<(), graph_resource_gen::BuildError>(())
    /// ```
    pub fn extern_type(mut self, name: impl Into<String>, path: impl Into<String>) -> Builder {
        self.options = self.options.extern_type(name, path);
        self
    }

    /// Names a collection path of the entity type `name`, before the ones
    /// the generator finds in the schema: a type's first named path is its
    /// path type's (`<Type>Path`), spelled as given, and the others are
    /// `graph_path!`s. The path must be a collection of the type in the
    /// schema (an entity set or singleton, then containment navigation).
    ///
    /// ```no_run
    /// graph_resource_gen::Builder::new("metadata/beta.xml")
    ///     .types(["enrollmentConfigurationAssignment"])
    ///     .path(
    ///         "enrollmentConfigurationAssignment",
    ///         "/users/{usersId}/deviceEnrollmentConfigurations/{deviceEnrollmentConfigurationId}/assignments",
    ///     )
    ///     .generate()?;
    /// # Ok::<(), graph_resource_gen::BuildError>(())
    /// ```
    pub fn path(mut self, name: impl Into<String>, template: impl Into<String>) -> Builder {
        self.options = self.options.path(name, template);
        self
    }

    /// The module's name, and the file's: `graph` (the default) writes
    /// `graph.rs` holding `pub mod graph`.
    pub fn module(mut self, name: impl Into<String>) -> Builder {
        self.module = name.into();
        self
    }

    /// Writes into `dir` rather than `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Builder {
        self.out_dir = Some(dir.into());
        self
    }

    /// Reads the schema, generates, and writes the file.
    ///
    /// # Errors
    ///
    /// The schema cannot be read or is not CSDL, a type asked for is not in
    /// it, the module's name is not an identifier, there is no output
    /// directory, or the file cannot be written.
    pub fn generate(self) -> Result<Generated, BuildError> {
        // An identifier (no keyword, no leading digit), and a plain file name.
        let valid = self.module.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
            && syn::parse_str::<syn::Ident>(&self.module).is_ok();
        if !valid {
            return Err(BuildError::ModuleName(self.module));
        }
        let out_dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let xml = std::fs::read_to_string(&self.schema).map_err(|source| BuildError::Io {
            path: self.schema.clone(),
            source,
        })?;
        // Inside cargo, run again when the schema changes.
        if std::env::var_os("OUT_DIR").is_some() {
            println!("cargo::rerun-if-changed={}", self.schema.display());
        }
        let source = file_name(&self.schema);
        let module = crate::generate_in(
            &xml,
            &self.types,
            &source,
            &self.options,
            Layout::Module(&self.module),
        )?;
        let file = out_dir.join(format!("{}.rs", self.module));
        std::fs::write(&file, &module.code).map_err(|source| BuildError::Io {
            path: file.clone(),
            source,
        })?;
        Ok(Generated { file, module })
    }
}

/// The schema's file name, for the generated header: the same bytes
/// wherever the package is built.
fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
