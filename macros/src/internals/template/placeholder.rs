//! Placeholders: a name that is a name, and each name once; a repeated one
//! is renamed after the segment before it.

use graph_resource_naming::{camel_join, snake_case};

use super::{ErrorKind, Param, ParamKind, Part, Template, TemplateError, err};

pub(super) fn placeholder(src: &str, at: usize, inner: &str) -> Result<Param, TemplateError> {
    let replace = |name: &str| format!("{}{{{name}}}{}", &src[..at], &src[at + inner.len() + 2..]);
    if inner.is_empty() {
        return err(
            ErrorKind::EmptyPlaceholder,
            format!(
                "`{{}}` is an empty placeholder: name it: write \"{}\"",
                replace("id")
            ),
        );
    }
    let valid_start = inner
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    let valid_rest = inner
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !valid_start || !valid_rest {
        let suggestion = camel_join(
            &inner
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
                .collect::<String>(),
        );
        let suggestion = if suggestion.starts_with(|c: char| c.is_ascii_digit()) || suggestion.is_empty() {
            format!("id{suggestion}")
        } else {
            suggestion
        };
        return err(
            ErrorKind::BadPlaceholderName,
            format!(
                "`{{{inner}}}` is not a placeholder name: use letters, digits, `_` and `-`, \
                 starting with a letter: write \"{}\"",
                replace(&suggestion)
            ),
        );
    }
    let field = snake_case(inner);
    if matches!(field.as_str(), "self" | "super" | "crate" | "_") {
        return err(
            ErrorKind::BadPlaceholderName,
            format!(
                "`{{{inner}}}` would become the field `{field}`, which Rust does not allow: \
                 rename it: write \"{}\"",
                replace(&format!("{inner}Id"))
            ),
        );
    }
    Ok(Param {
        name: inner.to_owned(),
        field,
        kind: ParamKind::Segment,
    })
}

pub(super) fn check_duplicates(src: &str, template: &Template) -> Result<(), TemplateError> {
    let mut seen: Vec<&Param> = Vec::new();
    let mut previous_literal = "";
    let mut offset = 0;
    for part in &template.parts {
        match part {
            Part::Literal(s) => {
                previous_literal = s;
                offset += s.len();
            }
            Part::Param(p) => {
                let written = p.name.len() + 2;
                if let Some(first) = seen.iter().find(|q| q.field == p.field) {
                    let suggestion = suggest_name(previous_literal, &seen, &p.name);
                    let same = if first.name == p.name {
                        format!("`{{{}}}` appears twice", p.name)
                    } else {
                        format!(
                            "`{{{}}}` and `{{{}}}` both become the field `{}`",
                            first.name, p.name, p.field
                        )
                    };
                    let fixed = format!("{}{{{suggestion}}}{}", &src[..offset], &src[offset + written..]);
                    return err(
                        ErrorKind::DuplicatePlaceholder,
                        format!(
                            "{same}; every placeholder needs its own name: rename the second, \
                             `{{{suggestion}}}`: write \"{fixed}\""
                        ),
                    );
                }
                seen.push(p);
                offset += written;
            }
        }
    }
    Ok(())
}

/// Suggests a name for a repeated placeholder from the segment before it:
/// `/participants/{id}` suggests `{participantId}`.
pub(super) fn suggest_name(previous_literal: &str, seen: &[&Param], name: &str) -> String {
    let segment = previous_literal
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_ascii_alphanumeric());
    let base = segment.strip_suffix("ies").map_or_else(
        || segment.strip_suffix('s').unwrap_or(segment).to_owned(),
        |s| format!("{s}y"),
    );
    let candidate = if base.is_empty() || !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        format!("{name}2")
    } else {
        let mut c = base;
        let tail = name.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        let mut tail_chars = tail.chars();
        if let Some(first) = tail_chars.next() {
            c.push(first.to_ascii_uppercase());
            c.extend(tail_chars);
        }
        c
    };
    if seen.iter().any(|p| p.field == snake_case(&candidate)) {
        format!("{name}2")
    } else {
        candidate
    }
}
