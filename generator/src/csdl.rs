//! Graph's schema as `$metadata` serves it (OData CSDL XML), read into the
//! types, enums and properties the generator needs. Names are qualified
//! with their namespace (`microsoft.graph.user`), aliases resolved.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A schema that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError(pub String);

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SchemaError {}

/// Everything the generator reads from a schema.
#[derive(Debug, Default)]
pub struct Schema {
    /// Entity and complex types, by qualified name.
    pub types: BTreeMap<String, StructuredType>,
    /// Enum types, by qualified name.
    pub enums: BTreeMap<String, EnumType>,
    /// Entity sets: a collection at the service's root (`users`), and its type.
    pub entity_sets: Vec<(String, String)>,
    /// Singletons: one object at the service's root (`deviceManagement`), and its type.
    pub singletons: Vec<(String, String)>,
    /// Actions and functions, in schema order.
    pub operations: Vec<Operation>,
    /// Constructs it read past, each with its line: a warning each.
    pub skipped: Vec<String>,
}

/// An action or a function.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Its name, e.g. `assign`.
    pub name: String,
    /// An action (`POST`) rather than a function (`GET`).
    pub action: bool,
    /// The type it is bound to, and whether to a collection of it.
    pub bound: Option<(String, bool)>,
    /// Its parameters, the binding one left out.
    pub parameters: Vec<Property>,
    /// What it returns, and whether a collection of it.
    pub returns: Option<(String, bool)>,
}

/// An entity or complex type.
#[derive(Debug, Clone)]
pub struct StructuredType {
    /// The qualified name, e.g. `microsoft.graph.user`.
    pub name: String,
    /// Whether it is an entity type (it has an id and may be in a collection).
    pub entity: bool,
    /// Its base type, qualified.
    pub base: Option<String>,
    /// Whether it is abstract: only its derived types have instances.
    pub is_abstract: bool,
    /// Its own properties, in schema order.
    pub properties: Vec<Property>,
    /// Its description, when the schema has one.
    pub description: Option<String>,
}

/// A structural or navigation property.
#[derive(Debug, Clone)]
pub struct Property {
    /// Its wire name.
    pub name: String,
    /// Its type, qualified (`Edm.String`, `microsoft.graph.user`).
    pub type_name: String,
    /// Whether it is a collection.
    pub collection: bool,
    /// Whether it may be null.
    pub nullable: bool,
    /// Whether it is a navigation property.
    pub navigation: bool,
    /// Whether a navigation property contains its targets: they are
    /// addressed through it.
    pub contains_target: bool,
    /// Whether the service computes it (`Core.Computed`): a client reads
    /// it and does not write it.
    pub computed: bool,
    /// Its description, when the schema has one.
    pub description: Option<String>,
}

/// An enum type.
#[derive(Debug, Clone)]
pub struct EnumType {
    /// The qualified name.
    pub name: String,
    /// Whether a value is a set of members (`IsFlags`).
    pub flags: bool,
    /// The members' names, in schema order.
    pub members: Vec<String>,
    /// Its description, when the schema has one.
    pub description: Option<String>,
}

const DESCRIPTION: &str = "Org.OData.Core.V1.Description";
const COMPUTED: &str = "Org.OData.Core.V1.Computed";

impl Schema {
    /// Reads a CSDL document.
    ///
    /// # Errors
    ///
    /// Malformed XML (with its line and column), or a document that is not
    /// CSDL.
    pub fn parse(xml: &str) -> Result<Schema, SchemaError> {
        let doc = roxmltree::Document::parse(xml).map_err(|e| {
            let pos = e.pos();
            SchemaError(format!(
                "the schema is not well-formed XML at line {}, column {}: {e}",
                pos.row, pos.col
            ))
        })?;
        let schemas: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("Schema")).collect();
        if schemas.is_empty() {
            return Err(SchemaError(
                "the document has no <Schema>: give the CSDL that GET /$metadata serves".into(),
            ));
        }
        // `graph.user` → `microsoft.graph.user`.
        let aliases: Vec<(String, String)> = schemas
            .iter()
            .filter_map(|s| {
                Some((
                    s.attribute("Alias")?.to_owned(),
                    s.attribute("Namespace")?.to_owned(),
                ))
            })
            .collect();
        let qualify = |name: &str| -> String {
            for (alias, namespace) in &aliases {
                if let Some(rest) = name
                    .strip_prefix(alias.as_str())
                    .and_then(|r| r.strip_prefix('.'))
                {
                    return format!("{namespace}.{rest}");
                }
            }
            name.to_owned()
        };
        let line = |n: roxmltree::Node<'_, '_>| doc.text_pos_at(n.range().start).row;
        let mut schema = Schema::default();
        // Descriptions given apart from their element: `<Annotations Target="...">`.
        let mut described: BTreeMap<String, String> = BTreeMap::new();
        // Likewise the properties the service computes.
        let mut computed: BTreeSet<String> = BTreeSet::new();
        for annotations in doc.descendants().filter(|n| n.has_tag_name("Annotations")) {
            let Some(target) = annotations.attribute("Target") else {
                continue;
            };
            if is_computed(annotations) {
                computed.insert(qualify(target));
            }
            if let Some(text) = description_of(annotations) {
                described.insert(qualify(target), text);
            }
        }
        for s in &schemas {
            let namespace = s.attribute("Namespace").unwrap_or_default();
            for node in s.children().filter(roxmltree::Node::is_element) {
                let name = node.attribute("Name").unwrap_or_default();
                let qualified = format!("{namespace}.{name}");
                match node.tag_name().name() {
                    tag @ ("EntityType" | "ComplexType") => {
                        let properties = node
                            .children()
                            .filter(|p| p.has_tag_name("Property") || p.has_tag_name("NavigationProperty"))
                            .filter_map(|p| {
                                let name = p.attribute("Name")?.to_owned();
                                let raw = p.attribute("Type")?;
                                let (collection, inner) =
                                    match raw.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
                                        Some(inner) => (true, inner),
                                        None => (false, raw),
                                    };
                                let target = format!("{qualified}/{name}");
                                let description =
                                    description_of(p).or_else(|| described.get(&target).cloned());
                                Some(Property {
                                    computed: is_computed(p) || computed.contains(&target),
                                    type_name: qualify(inner),
                                    collection,
                                    nullable: p.attribute("Nullable") != Some("false"),
                                    navigation: p.has_tag_name("NavigationProperty"),
                                    contains_target: p.attribute("ContainsTarget") == Some("true"),
                                    description,
                                    name,
                                })
                            })
                            .collect();
                        let description = description_of(node).or_else(|| described.get(&qualified).cloned());
                        schema.types.insert(
                            qualified.clone(),
                            StructuredType {
                                name: qualified,
                                entity: tag == "EntityType",
                                base: node.attribute("BaseType").map(qualify),
                                is_abstract: node.attribute("Abstract") == Some("true"),
                                properties,
                                description,
                            },
                        );
                    }
                    "EnumType" => {
                        let members = node
                            .children()
                            .filter(|m| m.has_tag_name("Member"))
                            .filter_map(|m| m.attribute("Name").map(str::to_owned))
                            .collect();
                        let description = description_of(node).or_else(|| described.get(&qualified).cloned());
                        schema.enums.insert(
                            qualified.clone(),
                            EnumType {
                                name: qualified,
                                flags: node.attribute("IsFlags") == Some("true"),
                                members,
                                description,
                            },
                        );
                    }
                    tag @ ("Action" | "Function") => {
                        let split = |raw: &str| -> (String, bool) {
                            match raw.strip_prefix("Collection(").and_then(|r| r.strip_suffix(')')) {
                                Some(inner) => (qualify(inner), true),
                                None => (qualify(raw), false),
                            }
                        };
                        let bound = node.attribute("IsBound") == Some("true");
                        let mut parameters: Vec<Property> = node
                            .children()
                            .filter(|p| p.has_tag_name("Parameter"))
                            .filter_map(|p| {
                                let (type_name, collection) = split(p.attribute("Type")?);
                                Some(Property {
                                    name: p.attribute("Name")?.to_owned(),
                                    type_name,
                                    collection,
                                    nullable: p.attribute("Nullable") != Some("false"),
                                    navigation: false,
                                    contains_target: false,
                                    computed: false,
                                    description: description_of(p),
                                })
                            })
                            .collect();
                        let binding = if bound && !parameters.is_empty() {
                            let b = parameters.remove(0);
                            Some((b.type_name, b.collection))
                        } else {
                            None
                        };
                        let returns = node
                            .children()
                            .find(|r| r.has_tag_name("ReturnType"))
                            .and_then(|r| r.attribute("Type"))
                            .map(split);
                        schema.operations.push(Operation {
                            name: name.to_owned(),
                            action: tag == "Action",
                            bound: binding,
                            parameters,
                            returns,
                        });
                    }
                    "EntityContainer" => {
                        for item in node.children().filter(roxmltree::Node::is_element) {
                            let Some(item_name) = item.attribute("Name") else {
                                continue;
                            };
                            if item.has_tag_name("EntitySet") {
                                if let Some(t) = item.attribute("EntityType") {
                                    schema.entity_sets.push((item_name.to_owned(), qualify(t)));
                                }
                            } else if item.has_tag_name("Singleton")
                                && let Some(t) = item.attribute("Type")
                            {
                                schema.singletons.push((item_name.to_owned(), qualify(t)));
                            }
                        }
                    }
                    "Annotations" | "Term" => {}
                    other => schema.skipped.push(format!(
                        "line {}: <{other} Name=\"{name}\"> is not supported and was skipped",
                        line(node)
                    )),
                }
            }
        }
        Ok(schema)
    }

    /// The names of all entity and complex types.
    pub fn type_names(&self) -> impl Iterator<Item = &str> {
        self.types.keys().map(String::as_str)
    }
}

/// Whether a `Core.Computed` annotation directly inside an element holds
/// (a tag: true unless it says `Bool="false"`).
fn is_computed(node: roxmltree::Node<'_, '_>) -> bool {
    node.children().any(|a| {
        a.has_tag_name("Annotation")
            && a.attribute("Term") == Some(COMPUTED)
            && a.attribute("Bool") != Some("false")
    })
}

/// The `Core.Description` annotation directly inside an element.
fn description_of(node: roxmltree::Node<'_, '_>) -> Option<String> {
    node.children()
        .filter(|a| a.has_tag_name("Annotation") && a.attribute("Term") == Some(DESCRIPTION))
        .find_map(|a| a.attribute("String").map(str::to_owned))
        .filter(|d| !d.trim().is_empty())
}
