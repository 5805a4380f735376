//! The keys of a struct of parameters: `action = "..."` or `function = "..."`.

use syn::LitStr;

use super::parse_template;
use crate::internals::template::{self, Template};

/// What a struct of parameters is sent to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallKind {
    /// `POST`, the parameters in the body.
    Action,
    /// `GET`, the parameters as literals in the URL.
    Function,
}

impl CallKind {
    pub(crate) fn key(self) -> &'static str {
        match self {
            CallKind::Action => "action",
            CallKind::Function => "function",
        }
    }

    /// `an action`, `a function`.
    pub(crate) fn a(self) -> &'static str {
        match self {
            CallKind::Action => "an action",
            CallKind::Function => "a function",
        }
    }
}

/// Parses an action's or function's path, which ends with its name.
pub(super) fn parse_call_template(kind: CallKind, lit: &LitStr) -> syn::Result<Template> {
    let template = parse_template(lit)?;
    let example = match kind {
        CallKind::Action => "\"/deviceManagement/managedDevices/{managedDeviceId}/wipe\"",
        CallKind::Function => {
            "\"/deviceManagement/deviceConfigurations/{deviceConfigurationId}/getOmaSettingPlainTextValue\""
        }
    };
    let name = match template.parts.last() {
        Some(template::Part::Literal(s)) => s.rsplit('/').next().unwrap_or(""),
        _ => "",
    };
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.');
    if !valid {
        let key = kind.key();
        let parens = template
            .parts
            .iter()
            .any(|p| matches!(p, template::Part::Literal(s) if s.contains('(')));
        let more = if parens {
            format!(": a {key}'s parameters are the struct's fields, so write the path to its name only")
        } else {
            String::new()
        };
        return Err(syn::Error::new(
            lit.span(),
            format!("{}'s path ends with its name, e.g. {example}{more}", kind.a()),
        ));
    }
    Ok(template)
}
