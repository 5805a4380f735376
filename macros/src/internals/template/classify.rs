//! Where each placeholder stands, which decides how its value is encoded:
//! a whole segment, part of one, inside a quoted literal, or inside colon
//! addressing.

use super::{ParamKind, Part, Template};

/// Decides each placeholder's kind from the literal text before it: inside
/// a quoted literal (an odd number of `'` so far), inside colon addressing
/// (an odd number of `:` so far), a whole segment, or part of one.
pub(super) fn classify(template: &mut Template) {
    let mut quotes = 0usize;
    let mut colons = 0usize;
    let n = template.parts.len();
    for i in 0..n {
        let before_ends_slash = i
            .checked_sub(1)
            .and_then(|j| match &template.parts[j] {
                Part::Literal(s) => Some(s.ends_with('/')),
                Part::Param(_) => None,
            })
            .unwrap_or(false);
        let after_ok = match template.parts.get(i + 1) {
            Some(Part::Literal(s)) => s.starts_with('/'),
            Some(Part::Param(_)) => false,
            None => true,
        };
        match &mut template.parts[i] {
            Part::Literal(s) => {
                quotes += s.matches('\'').count();
                colons += s.matches(':').count();
            }
            Part::Param(p) => {
                p.kind = if quotes % 2 == 1 {
                    ParamKind::Quoted
                } else if colons % 2 == 1 {
                    ParamKind::ItemPath
                } else if before_ends_slash && after_ok {
                    ParamKind::Segment
                } else {
                    ParamKind::Inline
                };
            }
        }
    }
}
