//! Path types: the struct of placeholder values and its `ResourcePath`
//! impl, for `#[graph_resource(path)]` and `graph_path!` alike.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, Type, Visibility};

use super::private;
use crate::internals::attr;
use crate::internals::template::{ParamKind, Part, Template};

/// What a path type is made from.
pub(crate) struct PathDef<'a> {
    pub(crate) krate: &'a TokenStream,
    pub(crate) vis: &'a Visibility,
    /// Its name, e.g. `UserPath`.
    pub(crate) ident: &'a Ident,
    /// What the path leads to.
    pub(crate) resource: &'a Type,
    pub(crate) template: &'a Template,
    /// The template as written.
    pub(crate) source: &'a str,
    pub(crate) docs: &'a [String],
    pub(crate) kind: PathKind,
}

/// What a path leads to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathKind {
    /// A collection, whose items get an `ItemPath` alias.
    Collection,
    /// An action or function.
    Call,
    /// One object: a singleton or single-valued navigation.
    Object,
}

/// A path struct: one `&'a str` per placeholder, in template order, and its
/// `ResourcePath` impl. Shared by `#[graph_resource(path)]` and `graph_path!`.
pub(crate) fn path_type(def: PathDef<'_>) -> TokenStream {
    let PathDef {
        krate,
        vis,
        ident: path_ident,
        resource,
        template,
        source,
        docs,
        kind,
    } = def;
    let p = private(krate);
    let params: Vec<_> = template
        .parts
        .iter()
        .filter_map(|part| match part {
            Part::Param(param) => Some(param),
            Part::Literal(_) => None,
        })
        .collect();
    let fields = params.iter().map(|param| {
        let field = field_ident(&param.field);
        let doc = format!("The value of `{{{}}}`.", param.name);
        quote!(#[doc = #doc] #vis #field: &'a ::core::primitive::str)
    });
    let values: Vec<TokenStream> = params
        .iter()
        .map(|param| {
            let field = field_ident(&param.field);
            quote!(self.#field)
        })
        .collect();
    let parts = template.parts.iter().map(|part| match part {
        Part::Literal(s) => quote!(#p::Part::Literal(#s)),
        Part::Param(param) => {
            let name = &param.name;
            let kind = match param.kind {
                ParamKind::Segment => quote!(Segment),
                ParamKind::Inline => quote!(Inline),
                ParamKind::Quoted => quote!(Quoted),
                ParamKind::ItemPath => quote!(ItemPath),
            };
            quote!(#p::Part::Param(#name, #p::ParamKind::#kind))
        }
    });
    // A template without placeholders makes a unit struct: `MePath`.
    let (definition, any_lifetime) = if params.is_empty() {
        (quote!(#vis struct #path_ident;), quote!(#path_ident))
    } else {
        (
            quote!(#vis struct #path_ident<'a> { #(#fields,)* }),
            quote!(#path_ident<'_>),
        )
    };
    let template_const = quote!(&#p::Template::new(#source, &[#(#parts),*]));
    // `render` is `#[inline]`: compiled where a program renders the path,
    // not for each of a models crate's thousands of path types.
    let path_impl = if kind == PathKind::Object {
        quote! {
            #[automatically_derived]
            impl #krate::__private::ObjectPath for #any_lifetime {
                type Resource = #resource;
                const TEMPLATE: &'static #krate::__private::Template = #template_const;
                const ITEM: ::core::primitive::bool = false;

                #[inline]
                fn render(
                    &self,
                ) -> ::core::result::Result<::std::string::String, #krate::__private::InvalidPathValue> {
                    #p::render(<Self as #krate::__private::ObjectPath>::TEMPLATE, &[#(#values),*])
                }
            }
        }
    } else {
        quote! {
            #[automatically_derived]
            impl #krate::__private::ResourcePath for #any_lifetime {
                type Resource = #resource;
                const TEMPLATE: &'static #krate::__private::Template = #template_const;

                #[inline]
                fn render(
                    &self,
                ) -> ::core::result::Result<::std::string::String, #krate::__private::InvalidPathValue> {
                    #p::render(Self::TEMPLATE, &[#(#values),*])
                }
            }
        }
    };
    let item_alias = format_ident!(
        "{}",
        graph_resource_naming::item_path_alias(&path_ident.to_string())
    );
    let item_doc = format!("The path to one item of a [`{path_ident}`] collection: `{source}/{{id}}`.");
    // Only a collection's path leads to items.
    let item_alias_def = if kind != PathKind::Collection {
        quote!()
    } else if params.is_empty() {
        quote!(#[doc = #item_doc] #vis type #item_alias<'a> = #krate::__private::ItemPath<'a, #path_ident>;)
    } else {
        quote! {
            #[doc = #item_doc]
            #vis type #item_alias<'a> = #krate::__private::ItemPath<'a, #path_ident<'a>>;
        }
    };
    quote! {
        #(#[doc = #docs])*
        #[derive(
            ::core::fmt::Debug,
            ::core::clone::Clone,
            ::core::marker::Copy,
            ::core::cmp::PartialEq,
            ::core::cmp::Eq,
            ::core::hash::Hash,
        )]
        #definition

        #item_alias_def

        #path_impl
    }
}

/// An item's own path type, `<Item>Path`: its definition, and its name
/// with the lifetime `'a` (or without one, when it has no placeholder).
pub(crate) struct OwnPath {
    pub(crate) ident: Ident,
    pub(crate) def: TokenStream,
    pub(crate) of_a: TokenStream,
}

/// The path type of an item with a path: a collection, one object, or an
/// action or function, each documented with `doc`. `item` is what it leads
/// to and the path type's name when `path_type` gives one (else
/// `<Item>Path`).
pub(crate) fn own_path(
    krate: &TokenStream,
    vis: &Visibility,
    (item, name): (&Ident, Option<&Ident>),
    template: &Template,
    source: &str,
    doc: String,
    kind: PathKind,
) -> OwnPath {
    let ident = name
        .cloned()
        .unwrap_or_else(|| quote::format_ident!("{}Path", item));
    let resource: Type = syn::parse_quote!(#item);
    let def = path_type(PathDef {
        krate,
        vis,
        ident: &ident,
        resource: &resource,
        template,
        source,
        docs: &[doc],
        kind,
    });
    let of_a = path_with_lifetime(&ident, template, quote!('a));
    OwnPath { ident, def, of_a }
}

/// The path type as named with a lifetime, `UserPath<'a>`; a path without
/// placeholders is a unit struct, without one: `MePath`.
pub(crate) fn path_with_lifetime(
    path_ident: &Ident,
    template: &Template,
    lifetime: TokenStream,
) -> TokenStream {
    if template.parts.iter().any(|p| matches!(p, Part::Param(_))) {
        quote!(#path_ident<#lifetime>)
    } else {
        quote!(#path_ident)
    }
}

fn field_ident(name: &str) -> Ident {
    let spelled = graph_resource_naming::rust_field(name);
    match spelled.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => Ident::new(&spelled, proc_macro2::Span::call_site()),
    }
}

/// `graph_path! { pub struct Name for Resource = "/template"; }`, or with
/// `, singleton` after the template for the path of one object (`/me`), or
/// `, call` for another path of an action or function.
pub(crate) struct PathDecl {
    attrs: Vec<Attribute>,
    /// `#[graph(crate = "...")]`, read from the attributes.
    krate: syn::Result<Option<syn::Path>>,
    vis: Visibility,
    ident: Ident,
    resource: Type,
    lit: syn::LitStr,
    /// What the path leads to: a collection, one object (`singleton`), or
    /// an action or function (`call`).
    kind: PathKind,
}

impl syn::parse::Parse for PathDecl {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let shape = |e: syn::Error| {
            syn::Error::new(
                e.span(),
                format!(
                    "{e}: write `graph_path! {{ pub struct NamePath for Resource = \"/path/{{id}}/items\"; }}`"
                ),
            )
        };
        let mut attrs = input.call(Attribute::parse_outer)?;
        let krate = crate_attr(&attrs);
        attrs.retain(|a| !a.path().is_ident("graph"));
        let vis = input.parse()?;
        input.parse::<syn::Token![struct]>().map_err(shape)?;
        let ident = input.parse().map_err(shape)?;
        input.parse::<syn::Token![for]>().map_err(shape)?;
        let resource = input.parse().map_err(shape)?;
        input.parse::<syn::Token![=]>().map_err(shape)?;
        let lit = input.parse().map_err(shape)?;
        let kind = if input.peek(syn::Token![,]) {
            input.parse::<syn::Token![,]>()?;
            let key: Ident = input.parse().map_err(shape)?;
            match key.to_string().as_str() {
                "singleton" => PathKind::Object,
                "call" => PathKind::Call,
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "`{key}` is not a key of graph_path!: after the template, `singleton` (a path to \
                             one object, such as `/me`) or `call` (another path of an action or function)"
                        ),
                    ));
                }
            }
        } else {
            PathKind::Collection
        };
        input.parse::<syn::Token![;]>().map_err(shape)?;
        Ok(PathDecl {
            attrs,
            krate,
            vis,
            ident,
            resource,
            lit,
            kind,
        })
    }
}

/// `#[graph(crate = "path")]` on a `graph_path!` declaration.
fn crate_attr(attrs: &[Attribute]) -> syn::Result<Option<syn::Path>> {
    let mut krate = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("graph")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("crate") {
                krate = Some(attr::parse_crate(&meta.value()?.parse()?)?);
                Ok(())
            } else {
                Err(meta.error("graph_path! takes only `#[graph(crate = \"path::to::graph_resource\")]`"))
            }
        })?;
    }
    Ok(krate)
}

pub(crate) fn expand_path_decl(decl: PathDecl) -> TokenStream {
    let mut errors = Vec::new();
    // A bad template is one error, and its fix stands in for it.
    let Some(template) = attr::template_or_its_fix(&decl.lit, &mut errors) else {
        return errors.into_iter().map(|e| e.into_compile_error()).collect();
    };
    let errors: TokenStream = errors.into_iter().map(|e| e.into_compile_error()).collect();
    let krate = match &decl.krate {
        Ok(krate) => attr::runtime_path(krate.as_ref()),
        Err(e) => return e.to_compile_error(),
    };
    let krate = &krate;
    let docs: Vec<String> = if decl.attrs.iter().any(|a| a.path().is_ident("doc")) {
        Vec::new()
    } else {
        let resource = &decl.resource;
        vec![format!(
            "A path {} [`{}`]: `{}`.",
            match decl.kind {
                PathKind::Collection => "to a collection of",
                PathKind::Object => "to one",
                PathKind::Call => "of the call",
            },
            quote!(#resource).to_string().replace(' ', ""),
            decl.lit.value()
        )]
    };
    let attrs = &decl.attrs;
    let resource = &decl.resource;
    let source = decl.lit.value();
    let body = path_type(PathDef {
        krate,
        vis: &decl.vis,
        ident: &decl.ident,
        resource,
        template: &template,
        source: &source,
        docs: &docs,
        kind: decl.kind,
    });
    // A path leads to a collection of resources, to one object of a
    // `#[graph_resource]` type, or to an action or function: say so where
    // the type is named.
    let krate = crate::internals::respan(krate.clone(), resource.span());
    let bound = crate::internals::respan(
        match decl.kind {
            PathKind::Collection => quote!(GraphResource),
            PathKind::Object => quote!(PropertyNames),
            PathKind::Call => quote!(Callable),
        },
        resource.span(),
    );
    let check = quote_spanned! {resource.span()=>
        const _: fn() = || {
            fn __resource<__T: #krate::__private::#bound>() {}
            __resource::<#resource>();
        };
    };
    quote!(#errors #(#attrs)* #body #check)
}
