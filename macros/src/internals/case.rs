//! Case conversion lives in `graph-resource-naming`, which the model
//! generator shares, so that both spell every name alike.

#[allow(unused_imports)]
pub(crate) use graph_resource_naming::{camel_case, camel_join, lower_first, rust_field, snake_case};
