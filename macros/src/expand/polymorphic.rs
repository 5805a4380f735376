//! Polymorphic enums: the variant chosen by `@odata.type`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::private;
use crate::internals::ast::Polymorphic;
use crate::internals::types::generic_of;

pub(crate) fn expand(e: &Polymorphic<'_>) -> TokenStream {
    let krate = &e.krate;
    let p = private(krate);
    let ident = e.ident;
    // Each variant's `#[cfg]`s go on everything generated for it.
    let ser_arms = e.variants.iter().map(|v| {
        let (name, cfgs) = (v.ident, &v.cfgs);
        quote!(#(#cfgs)* Self::#name(__v) => #p::serde::Serialize::serialize(__v, __s),)
    });
    // A `Box<T>` variant holds a `T`, so that recursive families compile;
    // each variant's type is put in its variant by its `Variant` impl, which
    // reading calls too.
    let variants: Vec<(&syn::Type, TokenStream, TokenStream)> = e
        .variants
        .iter()
        .map(|v| {
            let (name, cfgs) = (v.ident, &v.cfgs);
            let cfgs = quote!(#(#cfgs)*);
            match generic_of(v.ty, "Box") {
                Some(inner) => (inner, cfgs, quote!(#ident::#name(::std::boxed::Box::new(self)))),
                None => (v.ty, cfgs, quote!(#ident::#name(self))),
            }
        })
        .collect();
    let wrap = |ty: &syn::Type| quote!(<#ty as #p::Variant<#ident>>::wrap);
    let de_arms = variants.iter().map(|(ty, cfgs, _)| {
        let wrap = wrap(ty);
        quote! {
            #cfgs
            if #p::is_type::<#ty>(&__obj) {
                return #p::from_object::<#ty, __A::Error>(__obj).map(#wrap);
            }
        }
    });
    let name = ident.to_string();
    let expecting = format!("an object of one of the OData types of {name}");
    let typed_arms = variants.iter().map(|(ty, cfgs, _)| {
        let wrap = wrap(ty);
        quote! {
            #cfgs
            if #p::type_name_is::<#ty>(__ty.as_str()) {
                return #p::finish_object::<#ty, __A>(__map).map(#wrap);
            }
        }
    });
    let (other_ser, other_de, other_typed) = match e.other {
        Some((o, ty)) => {
            // Spanned at the variant's type: a type that cannot keep an
            // object is one error there.
            let keep = quote_spanned!(ty.span()=> <#ty as #p::KeepsObject>::keep);
            (
                quote!(Self::#o(__v) => #p::serde::Serialize::serialize(__v, __s),),
                quote!(#p::kept_object::<__A::Error>(__obj).map(|__obj| #ident::#o(#keep(__obj)))),
                quote!(#p::rest_of_object(__ty, __map).map(|__obj| #ident::#o(#keep(__obj)))),
            )
        }
        None => (
            quote!(),
            quote!(::core::result::Result::Err(#p::unknown_type::<__A::Error>(&__obj, #name))),
            quote!(::core::result::Result::Err(#p::unknown_type_name::<__A::Error>(__ty.as_str(), #name))),
        ),
    };
    // `From` each variant's type, through one blanket impl over `Variant`:
    // one `From` impl per variant would be checked against every other for
    // overlap (quadratic; Graph's `entity` has over a thousand variants).
    let wraps = variants.iter().map(|(ty, cfgs, held)| {
        quote! {
            #cfgs
            #[automatically_derived]
            impl #p::Variant<#ident> for #ty {
                fn wrap(self) -> #ident {
                    #held
                }
            }
        }
    });
    let froms = quote! {
        #[automatically_derived]
        impl<__T: #p::Variant<#ident>> ::core::convert::From<__T> for #ident {
            fn from(__v: __T) -> Self {
                #p::Variant::wrap(__v)
            }
        }
    };
    // The repeated type is found once (sorted, O(n log n)); one line per
    // variant tells which, at its tokens. Variants compiled out leave the
    // array shorter, so each present one carries its number.
    let types = variants
        .iter()
        .map(|(ty, cfgs, _)| quote!(#cfgs <#ty as #krate::__private::ODataType>::ODATA_TYPE));
    let numbers = variants
        .iter()
        .enumerate()
        .map(|(i, (_, cfgs, _))| quote!(#cfgs #i));
    let distinct = e
        .variants
        .iter()
        .zip(&variants)
        .enumerate()
        .skip(1)
        .map(|(i, (v, (ty, cfgs, _)))| {
            let v = v.ident;
            let msg = format!(
                "variant `{v}` of `{ident}` holds a struct with the same OData type as an earlier variant, \
                 so reading could not tell them apart: give one of the two structs its own `odata_type`"
            );
            quote_spanned! {ty.span()=>
                #cfgs
                if ::core::matches!(__REPEATED, ::core::option::Option::Some(#i)) {
                    ::core::panic!(#msg);
                }
            }
        });
    // A resource with `update` must leave out what the caller did not set,
    // whichever variant it is.
    let unset_checks = variants.iter().filter(|_| e.path.is_some()).map(|(ty, cfgs, _)| {
        let msg = super::object::UNSET_IN_BASE;
        quote_spanned! {ty.span()=>
            #cfgs
            const _: () = ::core::assert!(!<#ty as #p::Object>::SENDS_UNSET, #msg);
        }
    });
    let has_property = variants.iter().map(|(ty, cfgs, _)| {
        quote! {
            #cfgs
            if <#ty as #krate::__private::ODataType>::has_property(__name) {
                return true;
            }
        }
    });
    let property_names = variants.iter().map(|(ty, cfgs, _)| {
        quote! {
            #cfgs
            for __n in <#ty as #krate::__private::ODataType>::PROPERTIES {
                if !__names.contains(__n) {
                    __names.push(*__n);
                }
            }
        }
    });
    quote! {
        #[doc(hidden)]
        const _: () = {
            #(#unset_checks)*
            // O(n log n) in the variants, but a family of a thousand types
            // (Graph's `entity`) still runs long enough for the lint.
            #[allow(long_running_const_eval)]
            const _: () = {
                const __NUMBERS: &[::core::primitive::usize] = &[#(#numbers),*];
                const __REPEATED: ::core::option::Option<::core::primitive::usize> =
                    match #p::repeated_type(&[#(#types),*]) {
                        ::core::option::Option::Some(__k) => ::core::option::Option::Some(__NUMBERS[__k]),
                        ::core::option::Option::None => ::core::option::Option::None,
                    };
                #(#distinct)*
            };

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

            #(#wraps)*
            #froms

            #[automatically_derived]
            impl #krate::__private::PropertyNames for #ident {
                const TYPE_NAME: &'static ::core::primitive::str = #name;

                // Through `ODataType`, which the variants need already, so that a
                // variant that is not a resource gives no further error.
                // `#[inline]`: compiled where a program calls it, not in the
                // crate of an enum over a thousand types.
                #[inline]
                fn has_property(__name: &::core::primitive::str) -> ::core::primitive::bool {
                    #(#has_property)*
                    false
                }

                #[inline]
                fn property_names() -> ::std::vec::Vec<&'static ::core::primitive::str> {
                    let mut __names = ::std::vec::Vec::new();
                    #(#property_names)*
                    __names
                }
            }
        };
    }
}
