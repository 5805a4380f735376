//! A struct's OData (de)serialization: per-field hooks into the runtime's
//! object loops (`__private::Object`), and `Serialize`/`Deserialize` that
//! call them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::Type;
use syn::spanned::Spanned;

use super::private;
use crate::internals::ast::{Field, Property, Role, Struct};
use crate::internals::types::may_be_std_duration;

pub(crate) fn expand_struct(s: &Struct<'_>) -> TokenStream {
    let krate = &s.krate;
    let p = private(krate);
    let ident = s.ident;
    let odata_type = &s.odata_type;
    let builder = format_ident!("__{}Builder", ident);

    let builder_fields = s.fields.iter().map(|f| {
        let name = f.ident;
        let ty = f.ty;
        match &f.role {
            Role::Property(_) => quote_spanned!(ty.span()=> #name: ::core::option::Option<#ty>),
            Role::Extra => quote_spanned!(ty.span()=> #name: #ty),
            Role::Flatten => quote_spanned!(ty.span()=> #name: <#ty as #p::Object>::Builder),
            Role::Skip => quote!(#name: ()),
        }
    });
    // `with = "module"`: one wrapper each way per field, calling the module.
    let with_wrappers = s.fields.iter().filter_map(|f| match &f.role {
        Role::Property(Property {
            with: Some(module), ..
        }) => {
            let (ser, de) = with_idents(f);
            let ty = f.ty;
            Some(quote_spanned! {module.span()=>
                struct #ser<'__a>(&'__a #ty);
                #[automatically_derived]
                impl #p::serde::Serialize for #ser<'_> {
                    fn serialize<__S: #p::serde::Serializer>(
                        &self,
                        __s: __S,
                    ) -> ::core::result::Result<__S::Ok, __S::Error> {
                        #module::serialize(self.0, __s)
                    }
                }
                struct #de(#ty);
                #[automatically_derived]
                impl<'de> #p::serde::Deserialize<'de> for #de {
                    fn deserialize<__D: #p::serde::Deserializer<'de>>(
                        __d: __D,
                    ) -> ::core::result::Result<Self, __D::Error> {
                        ::core::result::Result::map(#module::deserialize(__d), #de)
                    }
                }
            })
        }
        _ => None,
    });

    let write_fields = s.fields.iter().map(|f| write_field(f, &p));
    let accept_arms = s.fields.iter().filter_map(|f| match &f.role {
        Role::Property(Property { wire, with: None, .. }) => {
            let name = f.ident;
            Some(quote!(#wire => #p::property(&mut __b.#name, #wire, __map),))
        }
        Role::Property(Property {
            wire, with: Some(_), ..
        }) => {
            let name = f.ident;
            let (_, de) = with_idents(f);
            Some(quote!(#wire => #p::property_with(&mut __b.#name, #wire, __map, |__w: #de| __w.0),))
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
            Role::Property(Property { optional: true, .. }) => {
                quote!(#name: ::core::option::Option::flatten(__b.#name))
            }
            Role::Property(Property { nullable: true, .. } | Property { default: true, .. }) => {
                quote!(#name: ::core::option::Option::unwrap_or_default(__b.#name))
            }
            Role::Property(Property { wire, .. }) => quote!(#name: #p::required(__b.#name, #wire)?),
            Role::Extra => quote!(#name: __b.#name),
            Role::Flatten => quote!(#name: <#ty as #p::Object>::build(__b.#name)?),
            Role::Skip => quote_spanned!(ty.span()=> #name: ::core::default::Default::default()),
        }
    });

    let wires: Vec<&String> = s
        .fields
        .iter()
        .filter_map(|f| match &f.role {
            Role::Property(Property { wire, .. }) => Some(wire),
            _ => None,
        })
        .collect();
    let own_property = if wires.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(__name, #(#wires)|*))
    };
    // A `base` struct keeps a derived item's type in its `extra` field (one
    // without it was refused).
    let extra = s
        .fields
        .iter()
        .find(|f| matches!(f.role, Role::Extra))
        .map(|f| f.ident);
    let base_type = extra.filter(|_| s.base).map(|extra| {
        quote! {
            fn accept_type<__E: #p::serde::de::Error>(
                __b: &mut #builder,
                __name: &::core::primitive::str,
            ) -> ::core::result::Result<(), __E> {
                if !#p::type_name_is::<Self>(__name) {
                    #p::Extra::keep_type(&mut __b.#extra, __name);
                }
                ::core::result::Result::Ok(())
            }

            fn written_type(&self) -> &::core::primitive::str {
                ::core::option::Option::unwrap_or(#p::Extra::kept_type(&self.#extra), #odata_type)
            }
        }
    });
    // An action's parameters are sent without a type.
    let untyped = s.call.as_ref().map(|_| {
        quote!(
            const TYPED: ::core::primitive::bool = false;
        )
    });
    let flat_tys: Vec<&Type> = s
        .fields
        .iter()
        .filter(|f| matches!(f.role, Role::Flatten))
        .map(|f| f.ty)
        .collect();

    let own_unset = s.fields.iter().any(|f| f.role.sends_unset());
    let sends_unset = quote! {
        const SENDS_UNSET: ::core::primitive::bool =
            #own_unset #(|| <#flat_tys as #p::Object>::SENDS_UNSET)*;
    };
    // A resource with `update` must leave out what the caller did not set:
    // its own fields are checked by the attribute, a flattened base here.
    let updatable = (s.path.is_some() && s.call.is_none()) || s.singleton;
    let flat_checks = s
        .fields
        .iter()
        .filter(|f| updatable && matches!(f.role, Role::Flatten))
        .map(|f| {
            let ty = f.ty;
            quote_spanned! {ty.span()=>
                const _: () = ::core::assert!(!<#ty as #p::Object>::SENDS_UNSET, #UNSET_IN_BASE);
            }
        });
    // `std::time::Duration` has a serde form Graph does not read: refused,
    // by type, at the field's type, naming the type that has Graph's form.
    let duration_checks = s
        .fields
        .iter()
        .filter(|f| {
            matches!(f.role, Role::Property(Property { with: None, .. })) && may_be_std_duration(f.ty)
        })
        .map(|f| {
            let ty = f.ty;
            quote_spanned! {ty.span()=>
                const _: () = {
                    use #p::NotStdDuration as _;
                    ::core::assert!(!#p::FieldType::<#ty>::STD_DURATION, #STD_DURATION);
                };
            }
        });
    quote! {
        #[doc(hidden)]
        #[allow(non_snake_case, non_camel_case_types, unreachable_pub, unreachable_patterns)]
        const _: () = {
            #(#flat_checks)*
            #(#duration_checks)*

            #[doc(hidden)]
            #[derive(::core::default::Default)]
            pub struct #builder { #(#builder_fields,)* }

            #(#with_wrappers)*

            #[automatically_derived]
            impl #krate::__private::ODataType for #ident {
                const ODATA_TYPE: &'static ::core::primitive::str = #odata_type;

                const PROPERTIES: &'static [&'static ::core::primitive::str] = &[#(#wires),*];

                // `#[inline]`, as the property checks below: compiled where a
                // program calls them, not for each of a models crate's
                // thousands of types (a models crate built with every area
                // took a third more CPU with them compiled there).
                #[inline]
                fn has_property(__name: &::core::primitive::str) -> ::core::primitive::bool {
                    #own_property #(|| <#flat_tys as #krate::__private::ODataType>::has_property(__name))*
                }
            }

            #[automatically_derived]
            impl #krate::__private::PropertyNames for #ident {
                const TYPE_NAME: &'static ::core::primitive::str = #odata_type;

                #[inline]
                fn has_property(__name: &::core::primitive::str) -> ::core::primitive::bool {
                    <Self as #krate::__private::ODataType>::has_property(__name)
                }

                #[inline]
                fn property_names() -> ::std::vec::Vec<&'static ::core::primitive::str> {
                    let mut __names = <[&'static ::core::primitive::str]>::to_vec(
                        <Self as #krate::__private::ODataType>::PROPERTIES,
                    );
                    #(::core::iter::Extend::extend(
                        &mut __names,
                        <#flat_tys as #krate::__private::PropertyNames>::property_names(),
                    );)*
                    __names
                }
            }

            #[automatically_derived]
            impl #p::Object for #ident {
                type Builder = #builder;

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

                #base_type
                #untyped
                #sends_unset
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
    }
}

/// Why a `std::time::Duration` field is refused.
const STD_DURATION: &str = "std::time::Duration has no Graph form (serde writes it as an object of `secs` \
                            and `nanos`): use graph_resource::edm::Duration, Graph's Edm.Duration (`PT12H`), \
                            which converts from and to std::time::Duration with `Duration::from(std)` and \
                            `std::time::Duration::try_from(edm)`";

/// Why a resource with `update` refuses a base with a field that is always
/// written.
pub(crate) const UNSET_IN_BASE: &str = "this struct has a field that is written whatever its value, so every \
                                        `update` of the resource would send it: make that field an `Option`, \
                                        or mark it #[graph(default)] (left out when it equals its default) \
                                        or #[graph(read_only)]";

fn write_field(f: &Field<'_>, p: &TokenStream) -> TokenStream {
    let name = f.ident;
    let ty = f.ty;
    match &f.role {
        // Read from Graph, never sent back.
        Role::Property(Property { read_only: true, .. }) | Role::Skip => quote!(),
        Role::Property(Property {
            wire,
            optional,
            nullable,
            default,
            with,
            ..
        }) => {
            let value = match with {
                Some(_) => {
                    let (ser, _) = with_idents(f);
                    quote!(&#ser(&self.#name))
                }
                None if *optional => quote!(__v),
                None => quote!(&self.#name),
            };
            let write = quote!(#p::serde::ser::SerializeMap::serialize_entry(__map, #wire, #value)?;);
            if *optional {
                quote! {
                    if let ::core::option::Option::Some(__v) = &self.#name {
                        let _ = __v;
                        #write
                    }
                }
            } else if *nullable {
                quote! {
                    if !#p::Nullable::is_absent(&self.#name) {
                        #write
                    }
                }
            } else if *default {
                // Left out when it equals its default (which needs `PartialEq`,
                // asked at the field's type).
                let is_default = quote_spanned!(ty.span()=> #p::is_default::<#ty>(&self.#name));
                quote! {
                    if !#is_default {
                        #write
                    }
                }
            } else {
                write
            }
        }
        Role::Extra => quote_spanned!(ty.span()=> #p::Extra::write(&self.#name, __map)?;),
        Role::Flatten => quote!(<#ty as #p::Object>::serialize_fields(&self.#name, __map)?;),
    }
}

/// The names of a `with` field's wrappers: `__SerWith_name`, `__DeWith_name`.
fn with_idents(f: &Field<'_>) -> (syn::Ident, syn::Ident) {
    let name = f.ident.to_string();
    let name = name.trim_start_matches("r#");
    (
        format_ident!("__SerWith_{}", name),
        format_ident!("__DeWith_{}", name),
    )
}
