//! Case conversion for graph-resource, in one place, shared by the
//! `#[graph_resource]` attribute and the model generator so that both spell
//! every name alike: field names to wire names
//! (`source_id` → `sourceId`), type names to OData names
//! (`GroupAssignmentTarget` → `groupAssignmentTarget`), placeholder names to
//! fields (`userPrincipalName` → `user_principal_name`), and Rust keywords.

/// The Rust spelling of a field: `type` is a keyword, so `r#type`.
pub fn rust_field(field: &str) -> String {
    let keyword = matches!(
        field,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    );
    if keyword {
        format!("r#{field}")
    } else {
        field.to_owned()
    }
}

/// `userPrincipalName` → `user_principal_name`; `item-path` → `item_path`;
/// `ID` → `id`; `id_value` → `id_value`.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c == '-' || c == '_' {
            if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() {
            let prev = i.checked_sub(1).map(|j| chars[j]);
            let next = chars.get(i + 1);
            let boundary = prev.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
                || (prev.is_some_and(|p| p.is_ascii_uppercase())
                    && next.is_some_and(|n| n.is_ascii_lowercase()));
            if boundary && !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    while out.ends_with('_') && out.len() > 1 {
        out.pop();
    }
    out
}

/// Joins words into lowerCamelCase: `tenant id` → `tenantId`.
pub fn camel_join(s: &str) -> String {
    let mut out = String::new();
    for (i, word) in s.split_whitespace().enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.push(first.to_ascii_lowercase());
            } else {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(chars);
        }
    }
    out
}

/// `source_id` → `sourceId`; a leading `r#` is dropped.
pub fn camel_case(field: &str) -> String {
    let field = field.strip_prefix("r#").unwrap_or(field);
    let mut out = String::with_capacity(field.len());
    let mut upper = false;
    for c in field.chars() {
        if c == '_' {
            upper = !out.is_empty();
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `GroupAssignmentTarget` → `groupAssignmentTarget`.
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_lowercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// `groupAssignmentTarget` → `GroupAssignmentTarget`.
pub fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
        .unwrap_or_default()
}

/// The alias for one item of a collection's path type: `UserPath` →
/// `UserItemPath` (a name without `Path` gets `ItemPath` after it). The
/// attribute declares it, and the generator keeps the names apart with it.
///
/// ```
/// assert_eq!(graph_resource_naming::item_path_alias("UserPath"), "UserItemPath");
/// assert_eq!(graph_resource_naming::item_path_alias("Me"), "MeItemPath");
/// ```
pub fn item_path_alias(path_type: &str) -> String {
    format!("{}ItemPath", path_type.strip_suffix("Path").unwrap_or(path_type))
}
