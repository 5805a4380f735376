//! Code generation from the checked model. Generated code is data and thin
//! glue: every behaviour is a call into `::graph_resource::__private`, every
//! path is absolute, and every impl is `#[automatically_derived]`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Attribute, DeriveInput, Type, Visibility};

use crate::ast::{Field, Input, Polymorphic, Role, StringEnum, Struct};
use crate::attr;
use crate::template::{ParamKind, Part, Template};

/// Expands `#[graph_resource(args)] input`. On errors the item is still
/// emitted (without the helper attributes), so that one mistake does not
/// bring a cascade of follow-on errors where the type is used.
pub(crate) fn expand(args: TokenStream, mut input: DeriveInput) -> TokenStream {
    let mut errors = Vec::new();
    let args = attr::parse_resource_args(args, &mut errors);
    let generated = Input::from_syn(&input, args, &mut errors).map(|model| match &model {
        Input::Struct(s) => expand_struct(s),
        Input::StringEnum(e) => expand_string_enum(e),
        Input::Polymorphic(p) => expand_polymorphic(p),
    });
    strip_helpers(&mut input);
    if !errors.is_empty() {
        let errors = errors.into_iter().map(|e| e.into_compile_error());
        return quote! { #input #(#errors)* };
    }
    quote! { #input #generated }
}

fn strip_helpers(input: &mut DeriveInput) {
    // What `check_no_serde` reported goes too, so that it is reported once.
    let strip_serde = |attrs: &mut Vec<Attribute>| attrs.retain(|a| !a.path().is_ident("serde"));
    strip_serde(&mut input.attrs);
    for attr in input.attrs.iter_mut().filter(|a| a.path().is_ident("derive")) {
        let parsed =
            attr.parse_args_with(syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated);
        if let Ok(paths) = parsed {
            let kept = paths.into_iter().filter(|p| {
                let last = p.segments.last().map(|s| s.ident.to_string());
                !matches!(last.as_deref(), Some("Serialize" | "Deserialize"))
            });
            *attr = syn::parse_quote!(#[derive(#(#kept),*)]);
        }
    }
    match &mut input.data {
        syn::Data::Struct(s) => s.fields.iter_mut().for_each(|f| strip_serde(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| strip_serde(&mut v.attrs)),
        syn::Data::Union(_) => {}
    }
    match &mut input.data {
        syn::Data::Struct(s) => s
            .fields
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
        syn::Data::Enum(e) => e.variants.iter_mut().for_each(|v| {
            attr::strip_graph_attrs(&mut v.attrs);
            v.fields
                .iter_mut()
                .for_each(|f| attr::strip_graph_attrs(&mut f.attrs));
        }),
        syn::Data::Union(u) => u
            .fields
            .named
            .iter_mut()
            .for_each(|f| attr::strip_graph_attrs(&mut f.attrs)),
    }
}

fn private() -> TokenStream {
    quote!(::graph_resource::__private)
}

fn expand_struct(s: &Struct<'_>) -> TokenStream {
    let p = private();
    let ident = s.ident;
    let odata_type = &s.odata_type;
    let builder = format_ident!("__{}Builder", ident);

    let builder_fields = s.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        match &f.role {
            Role::Property { .. } => quote_spanned!(ty.span()=> #name: ::core::option::Option<#ty>),
            Role::Extra => quote_spanned!(ty.span()=> #name: #ty),
            Role::Flatten => quote_spanned!(ty.span()=> #name: <#ty as #p::Object>::Builder),
        }
    });

    let write_fields = s.fields.iter().map(|f| write_field(f, &p));
    let accept_arms = s.fields.iter().filter_map(|f| match &f.role {
        Role::Property { wire, .. } => {
            let name = f.ident;
            Some(quote!(#wire => #p::property(&mut __b.#name, #wire, __map),))
        }
        _ => None,
    });
    let accept_flattened = s.fields.iter().filter_map(|f| match &f.role {
        Role::Flatten => {
            let (name, ty) = (f.ident, f.ty);
            Some(quote! {
                if <#ty as #p::Object>::accept(&mut __b.#name, __key, __map)? {
                    return ::core::result::Result::Ok(true);
                }
            })
        }
        _ => None,
    });
    let accept_extra = match s.fields.iter().find(|f| matches!(f.role, Role::Extra)) {
        Some(f) => {
            let name = f.ident;
            quote_spanned!(f.ty.span()=> #p::Extra::keep(&mut __b.#name, __key, __map))
        }
        None => {
            let flattened = s
                .fields
                .iter()
                .filter(|f| matches!(f.role, Role::Flatten))
                .map(|f| {
                    let (name, ty) = (f.ident, f.ty);
                    quote! {
                        if <#ty as #p::Object>::accept_extra(&mut __b.#name, __key, __map)? {
                            return ::core::result::Result::Ok(true);
                        }
                    }
                });
            quote!(#(#flattened)* ::core::result::Result::Ok(false))
        }
    };
    let build_fields = s.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        match &f.role {
            Role::Property { optional: true, .. } => {
                quote!(#name: ::core::option::Option::flatten(__b.#name))
            }
            Role::Property { wire, .. } => quote!(#name: #p::required(__b.#name, #wire)?),
            Role::Extra => quote!(#name: __b.#name),
            Role::Flatten => quote!(#name: <#ty as #p::Object>::build(__b.#name)?),
        }
    });

    let resource = s.path.as_ref().map(|(source, t)| expand_resource(s, source, t));
    let wires: Vec<&String> = s
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            Role::Property { wire, .. } => Some(wire),
            _ => None,
        })
        .collect();
    let own_property = if wires.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(__name, #(#wires)|*))
    };
    let flat_tys: Vec<&Type> = s
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Flatten))
        .map(|f| f.ty)
        .collect();

    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unreachable_pub)]
        const _: () = {
            #[doc(hidden)]
            #[derive(::core::default::Default)]
            pub struct #builder { #(#builder_fields,)* }

            #[automatically_derived]
            impl ::graph_resource::ODataType for #ident {
                const ODATA_TYPE: &'static ::core::primitive::str = #odata_type;
            }

            #[automatically_derived]
            impl #p::Object for #ident {
                type Builder = #builder;

                const PROPERTIES: &'static [&'static ::core::primitive::str] = &[#(#wires),*];

                fn has_property(__name: &::core::primitive::str) -> ::core::primitive::bool {
                    #own_property #(|| <#flat_tys as #p::Object>::has_property(__name))*
                }

                fn serialize_fields<__M: #p::serde::ser::SerializeMap>(
                    &self,
                    __map: &mut __M,
                ) -> ::core::result::Result<(), __M::Error> {
                    #(#write_fields)*
                    ::core::result::Result::Ok(())
                }

                fn accept<'de, __A: #p::serde::de::MapAccess<'de>>(
                    __b: &mut #builder,
                    __key: &::core::primitive::str,
                    __map: &mut __A,
                ) -> ::core::result::Result<::core::primitive::bool, __A::Error> {
                    match __key {
                        #(#accept_arms)*
                        _ => {
                            #(#accept_flattened)*
                            ::core::result::Result::Ok(false)
                        }
                    }
                }

                fn accept_extra<'de, __A: #p::serde::de::MapAccess<'de>>(
                    __b: &mut #builder,
                    __key: &::core::primitive::str,
                    __map: &mut __A,
                ) -> ::core::result::Result<::core::primitive::bool, __A::Error> {
                    #accept_extra
                }

                fn build<__E: #p::serde::de::Error>(__b: #builder) -> ::core::result::Result<Self, __E> {
                    ::core::result::Result::Ok(#ident { #(#build_fields,)* })
                }
            }

            #[automatically_derived]
            impl #p::serde::Serialize for #ident {
                fn serialize<__S: #p::serde::Serializer>(
                    &self,
                    __s: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    #p::serialize_object(self, __s)
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: #p::serde::Deserializer<'de>>(
                    __d: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    #p::deserialize_object(__d)
                }
            }
        };
        #resource
    }
}

fn write_field(f: &Field<'_>, p: &TokenStream) -> TokenStream {
    let name = f.ident;
    let ty = f.ty;
    match &f.role {
        Role::Property { wire, optional: true } => quote! {
            if let ::core::option::Option::Some(__v) = &self.#name {
                #p::serde::ser::SerializeMap::serialize_entry(__map, #wire, __v)?;
            }
        },
        Role::Property {
            wire,
            optional: false,
        } => quote! {
            #p::serde::ser::SerializeMap::serialize_entry(__map, #wire, &self.#name)?;
        },
        Role::Extra => quote_spanned!(ty.span()=> #p::Extra::write(&self.#name, __map)?;),
        Role::Flatten => quote!(<#ty as #p::Object>::serialize_fields(&self.#name, __map)?;),
    }
}

/// The path type, `GraphResource`, and the operations of a struct with a path.
fn expand_resource(s: &Struct<'_>, source: &str, template: &Template) -> TokenStream {
    let p = private();
    let ident = s.ident;
    let path_ident = format_ident!("{}Path", ident);
    let doc = format!("The path of a [`{ident}`] collection: `{source}`.");
    let ty: Type = syn::parse_quote!(#ident);
    let path = path_type(s.vis, &path_ident, &ty, template, source, &[doc]);
    // A path without placeholders is a unit struct, without a lifetime.
    let has_params = template.parts.iter().any(|p| matches!(p, Part::Param(_)));
    let (path_of_a, path_of_static) = if has_params {
        (quote!(#path_ident<'a>), quote!(#path_ident<'static>))
    } else {
        (quote!(#path_ident), quote!(#path_ident))
    };
    let create_doc = format!(
        "Creates this `{ident}` in the collection at `path` (`POST {source}`) and returns \
         the object Graph created, with its new `id`.\n\n\
         Throttling (429) and unavailability (503, 504) are retried as the client's retry \
         policy says; nothing else is retried, so the object is never created twice."
    );
    let get_doc = format!(
        "Reads one `{ident}` (`GET {source}/{{id}}`): pass `path.item(id)`.\n\n\
         Reads are retried on throttling and on lost connections."
    );
    let delete_doc = format!(
        "Deletes one `{ident}` (`DELETE {source}/{{id}}`): pass `path.item(id)`. \
         Graph answers `204 No Content`."
    );
    let list_doc = format!(
        "Lists the `{ident}` items of the collection at `path` (`GET {source}`), one page at a time, \
         following `@odata.nextLink`. Set query options on the returned `List`."
    );
    let update_doc = format!(
        "Updates one `{ident}` (`PATCH {source}/{{id}}`): pass `path.item(id)`. Sends the properties \
         that are set; `.set_null(\"name\")` on the returned `Update` clears one. Await it for the \
         updated object, when Graph returns it."
    );
    let vis = s.vis;
    quote! {
        #path

        #[automatically_derived]
        impl ::graph_resource::GraphResource for #ident {
            type Path<'a> = #path_of_a;
            const PATH: &'static ::graph_resource::Template = <#path_of_static as ::graph_resource::ResourcePath>::TEMPLATE;
        }

        #[automatically_derived]
        impl #ident {
            #[doc = #create_doc]
            #vis fn create<'a, __P>(
                &'a self,
                client: &'a ::graph_resource::Client,
                path: __P,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<Self, ::graph_resource::Error>> + 'a
            where
                __P: ::graph_resource::ResourcePath<Resource = Self> + 'a,
            {
                #p::create(client, path, self)
            }

            #[doc = #get_doc]
            #vis fn get<'a, __P>(
                client: &'a ::graph_resource::Client,
                path: ::graph_resource::ItemPath<'a, __P>,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<Self, ::graph_resource::Error>> + 'a
            where
                __P: ::graph_resource::ResourcePath<Resource = Self> + 'a,
            {
                #p::get(client, path)
            }

            #[doc = #list_doc]
            #vis fn list<__P>(client: &::graph_resource::Client, path: __P) -> ::graph_resource::List<Self>
            where
                __P: ::graph_resource::ResourcePath<Resource = Self>,
            {
                #p::list(client, path)
            }

            #[doc = #update_doc]
            #vis fn update<'a, __P>(
                &'a self,
                client: &'a ::graph_resource::Client,
                path: ::graph_resource::ItemPath<'a, __P>,
            ) -> ::graph_resource::Update<'a, Self, __P>
            where
                __P: ::graph_resource::ResourcePath<Resource = Self> + 'a,
            {
                ::graph_resource::Update::new(client, path, self)
            }

            #[doc = #delete_doc]
            #vis fn delete<'a, __P>(
                client: &'a ::graph_resource::Client,
                path: ::graph_resource::ItemPath<'a, __P>,
            ) -> impl ::core::future::Future<Output = ::core::result::Result<(), ::graph_resource::Error>> + 'a
            where
                __P: ::graph_resource::ResourcePath<Resource = Self> + 'a,
            {
                #p::delete::<Self, __P>(client, path)
            }
        }
    }
}

/// A path struct: one `&'a str` per placeholder, in template order, and its
/// `ResourcePath` impl. Shared by `#[graph_resource(path)]` and `graph_path!`.
pub(crate) fn path_type(
    vis: &Visibility,
    path_ident: &Ident,
    resource: &Type,
    template: &Template,
    source: &str,
    docs: &[String],
) -> TokenStream {
    let p = private();
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
    let values = params.iter().map(|param| {
        let field = field_ident(&param.field);
        quote!(self.#field)
    });
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
    // `XPath` → `XItemPath`.
    let stem = path_ident.to_string();
    let item_alias = format_ident!("{}ItemPath", stem.strip_suffix("Path").unwrap_or(&stem));
    let item_doc = format!("The path to one item of a [`{path_ident}`] collection: `{source}/{{id}}`.");
    let item_alias_def = if params.is_empty() {
        quote!(#vis type #item_alias<'a> = ::graph_resource::ItemPath<'a, #path_ident>;)
    } else {
        quote!(#vis type #item_alias<'a> = ::graph_resource::ItemPath<'a, #path_ident<'a>>;)
    };
    quote! {
        #(#[doc = #docs])*
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]
        #definition

        #[doc = #item_doc]
        #item_alias_def

        #[automatically_derived]
        impl ::graph_resource::ResourcePath for #any_lifetime {
            type Resource = #resource;
            const TEMPLATE: &'static ::graph_resource::Template =
                &#p::Template::new(#source, &[#(#parts),*]);

            fn render(&self) -> ::core::result::Result<::std::string::String, ::graph_resource::Error> {
                #p::render(Self::TEMPLATE, &[#(#values),*])
            }
        }
    }
}

fn field_ident(name: &str) -> Ident {
    let spelled = crate::template::rust_field(name);
    match spelled.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => Ident::new(&spelled, proc_macro2::Span::call_site()),
    }
}

fn expand_string_enum(e: &StringEnum<'_>) -> TokenStream {
    let p = private();
    let ident = e.ident;
    let to_wire = e.members.iter().map(|(v, w)| quote!(Self::#v => #w,));
    let from_wire = e
        .members
        .iter()
        .map(|(v, w)| quote!(#w => ::core::result::Result::Ok(Self::#v),));
    let names = e.members.iter().map(|(_, w)| w);
    let (other_to, other_from) = match e.other {
        Some(o) => (
            quote!(Self::#o(__s) => ::core::convert::AsRef::<::core::primitive::str>::as_ref(__s),),
            quote!(_ => ::core::result::Result::Ok(Self::#o(::core::convert::From::from(__s.into_string()))),),
        ),
        None => (
            quote!(),
            quote!(__other => ::core::result::Result::Err(
                #p::serde::de::Error::unknown_variant(__other, &[#(#names),*])
            ),),
        ),
    };
    quote! {
        #[doc(hidden)]
        #[allow(unreachable_pub)]
        const _: () = {
            #[automatically_derived]
            impl #ident {
                /// The member's name on the wire.
                pub fn as_str(&self) -> &::core::primitive::str {
                    match self {
                        #(#to_wire)*
                        #other_to
                    }
                }
            }

            #[automatically_derived]
            impl ::core::fmt::Display for #ident {
                fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    __f.write_str(self.as_str())
                }
            }

            #[automatically_derived]
            impl #p::serde::Serialize for #ident {
                fn serialize<__S: #p::serde::Serializer>(
                    &self,
                    __s: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    __s.serialize_str(self.as_str())
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: #p::serde::Deserializer<'de>>(
                    __d: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    let __s: #p::Key<'de> = #p::serde::Deserialize::deserialize(__d)?;
                    match __s.as_str() {
                        #(#from_wire)*
                        #other_from
                    }
                }
            }
        };
    }
}

fn expand_polymorphic(e: &Polymorphic<'_>) -> TokenStream {
    let p = private();
    let ident = e.ident;
    let ser_arms = e
        .variants
        .iter()
        .map(|(v, _)| quote!(Self::#v(__v) => #p::serde::Serialize::serialize(__v, __s),));
    let de_arms = e.variants.iter().map(|(v, ty)| {
        quote! {
            if #p::is_type::<#ty>(&__obj) {
                return #p::from_object::<#ty, __A::Error>(__obj).map(#ident::#v);
            }
        }
    });
    let name = ident.to_string();
    let expecting = format!("an object of one of the OData types of {name}");
    let typed_arms = e.variants.iter().map(|(v, ty)| {
        quote! {
            if #p::type_name_is::<#ty>(__ty.as_str()) {
                return #p::finish_object::<#ty, __A>(__map).map(#ident::#v);
            }
        }
    });
    let (other_ser, other_de, other_typed) = match e.other {
        Some(o) => (
            quote!(Self::#o(__v) => #p::serde::Serialize::serialize(__v, __s),),
            quote!(::core::result::Result::Ok(#ident::#o(::core::convert::From::from(__obj)))),
            quote!(#p::rest_of_object(__ty, __map).map(|__obj| #ident::#o(::core::convert::From::from(__obj)))),
        ),
        None => (
            quote!(),
            quote!(::core::result::Result::Err(#p::unknown_type::<__A::Error>(&__obj, #name))),
            quote!(::core::result::Result::Err(#p::unknown_type_name::<__A::Error>(__ty.as_str(), #name))),
        ),
    };
    let froms = e.variants.iter().map(|(v, ty)| {
        quote! {
            #[automatically_derived]
            impl ::core::convert::From<#ty> for #ident {
                fn from(__v: #ty) -> Self {
                    Self::#v(__v)
                }
            }
        }
    });
    let mut distinct = Vec::new();
    for (i, (a, ta)) in e.variants.iter().enumerate() {
        for (b, tb) in &e.variants[i + 1..] {
            let msg = format!(
                "variants `{a}` and `{b}` of `{ident}` hold structs with the same OData type, so reading \
                 could not tell them apart: give one its own `odata_type`"
            );
            distinct.push(quote_spanned! {tb.span()=>
                if #p::same_odata_type(
                    <#ta as ::graph_resource::ODataType>::ODATA_TYPE,
                    <#tb as ::graph_resource::ODataType>::ODATA_TYPE,
                ) {
                    ::core::panic!(#msg);
                }
            });
        }
    }
    quote! {
        #[doc(hidden)]
        const _: () = {
            const _: () = { #(#distinct)* };

            #[automatically_derived]
            impl #p::serde::Serialize for #ident {
                fn serialize<__S: #p::serde::Serializer>(
                    &self,
                    __s: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    match self {
                        #(#ser_arms)*
                        #other_ser
                    }
                }
            }

            #[automatically_derived]
            impl<'de> #p::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: #p::serde::Deserializer<'de>>(
                    __d: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    struct __Visitor;

                    impl<'de> #p::serde::de::Visitor<'de> for __Visitor {
                        type Value = #ident;

                        fn expecting(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                            __f.write_str(#expecting)
                        }

                        fn visit_map<__A: #p::serde::de::MapAccess<'de>>(
                            self,
                            mut __map: __A,
                        ) -> ::core::result::Result<#ident, __A::Error> {
                            match #p::first_key(&mut __map)? {
                                #p::FirstKey::Type(__ty) => {
                                    #(#typed_arms)*
                                    #other_typed
                                }
                                #p::FirstKey::Buffered(__obj) => {
                                    #(#de_arms)*
                                    #other_de
                                }
                            }
                        }
                    }

                    #p::serde::Deserializer::deserialize_map(__d, __Visitor)
                }
            }

            #(#froms)*
        };
    }
}

/// `graph_path! { pub struct Name for Resource = "/template"; }`
pub(crate) struct PathDecl {
    attrs: Vec<Attribute>,
    vis: Visibility,
    ident: Ident,
    resource: Type,
    lit: syn::LitStr,
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
        let attrs = input.call(Attribute::parse_outer)?;
        let vis = input.parse()?;
        input.parse::<syn::Token![struct]>().map_err(shape)?;
        let ident = input.parse().map_err(shape)?;
        input.parse::<syn::Token![for]>().map_err(shape)?;
        let resource = input.parse().map_err(shape)?;
        input.parse::<syn::Token![=]>().map_err(shape)?;
        let lit = input.parse().map_err(shape)?;
        input.parse::<syn::Token![;]>().map_err(shape)?;
        Ok(PathDecl {
            attrs,
            vis,
            ident,
            resource,
            lit,
        })
    }
}

pub(crate) fn expand_path_decl(decl: PathDecl) -> TokenStream {
    let template = match attr::parse_template(&decl.lit) {
        Ok(t) => t,
        Err(e) => return e.into_compile_error(),
    };
    let docs: Vec<String> = if decl.attrs.iter().any(|a| a.path().is_ident("doc")) {
        Vec::new()
    } else {
        let resource = &decl.resource;
        vec![format!(
            "A path to a collection of [`{}`]: `{}`.",
            quote!(#resource).to_string().replace(' ', ""),
            decl.lit.value()
        )]
    };
    let attrs = &decl.attrs;
    let resource = &decl.resource;
    let body = path_type(
        &decl.vis,
        &decl.ident,
        resource,
        &template,
        &decl.lit.value(),
        &docs,
    );
    // A path leads to a collection of resources: say so where the type is named.
    let check = quote_spanned! {resource.span()=>
        const _: fn() = || {
            fn __resource<__T: ::graph_resource::GraphResource>() {}
            __resource::<#resource>();
        };
    };
    quote!(#(#attrs)* #body #check)
}
