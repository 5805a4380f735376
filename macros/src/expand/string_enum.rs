//! String enums: members to and from their wire names.

use proc_macro2::TokenStream;
use quote::quote;

use super::private;
use crate::internals::ast::StringEnum;

pub(crate) fn expand(e: &StringEnum<'_>) -> TokenStream {
    let krate = &e.krate;
    let p = private(krate);
    let ident = e.ident;
    let odata_type = &e.odata_type;
    let to_wire = e.members.iter().map(|(v, w)| quote!(Self::#v => #w,));
    let from_wire = e
        .members
        .iter()
        .map(|(v, w)| quote!(#w => ::core::result::Result::Ok(Self::#v),));
    let names = e.members.iter().map(|(_, w)| w);
    let member_arms = e
        .members
        .iter()
        .map(|(v, w)| quote!(#w => ::core::option::Option::Some(Self::#v),));
    let member_other = match e.other {
        Some(o) => quote!(_ => ::core::option::Option::Some(Self::#o(::core::convert::From::from(__name))),),
        None => quote!(_ => ::core::option::Option::None,),
    };
    let (other_to, other_from) = match e.other {
        Some(o) => (
            quote!(Self::#o(__s) => ::core::convert::AsRef::<::core::primitive::str>::as_ref(__s),),
            quote! {
                _ => ::core::result::Result::Ok(Self::#o(::core::convert::From::from(__s.into_string()))),
            },
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
        #[allow(unreachable_pub, unreachable_patterns)]
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
            impl #krate::__private::edm::EnumMember for #ident {
                const ODATA_TYPE: &'static ::core::primitive::str = #odata_type;

                fn wire_name(&self) -> &::core::primitive::str {
                    self.as_str()
                }

                fn from_wire_name(__name: &::core::primitive::str) -> ::core::option::Option<Self> {
                    match __name {
                        #(#member_arms)*
                        #member_other
                    }
                }
            }

            #[automatically_derived]
            impl #krate::__private::ODataLiteral for #ident {
                fn write_literal(&self, __out: &mut ::std::string::String) {
                    #p::enum_literal(
                        __out,
                        <Self as #krate::__private::edm::EnumMember>::ODATA_TYPE,
                        self.as_str(),
                    )
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
