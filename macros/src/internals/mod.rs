//! What the macros know before they generate anything: the model of an
//! annotated item (`ast`), the attribute keys (`attr`), the checks
//! (`check`), case conversion (`case`), and the path template language
//! (`template`).

pub(crate) mod ast;
pub(crate) mod attr;
pub(crate) mod check;
pub(crate) mod template;

pub(crate) use template::case;
