//! A struct of parameters with `action` or `function`: its path type and a
//! `call` method, a thin call into the runtime.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

use super::path::{OwnPath, PathKind, own_path};
use super::private;
use crate::internals::ast::{Call, Property, Role, Struct};
use crate::internals::attr::CallKind;

pub(crate) fn expand(s: &Struct<'_>, call: &Call) -> TokenStream {
    let krate = &s.krate;
    let p = private(krate);
    let ident = s.ident;
    let vis = s.vis;
    let source = &call.source;
    let (verb, what) = match call.kind {
        CallKind::Action => ("POST", "action"),
        CallKind::Function => ("GET", "function"),
    };
    let doc = format!("The path of the {what} [`{ident}`]: `{source}`.");
    let OwnPath { def: path, .. } = own_path(
        krate,
        vis,
        (ident, None),
        &call.template,
        source,
        doc,
        PathKind::Call,
    );
    let returns = call.returns.clone().unwrap_or_else(|| quote!(()));
    // A return type that cannot be read is one error, at the type.
    let returns_assoc = quote_spanned!(returns.span()=> type Returns = #returns;);
    let call_doc = format!(
        "Calls the {what} (`{verb} {source}`) with these parameters when awaited, and reads its \
         answer; headers are set on the returned `Invoke` first.\n\n{}",
        match call.kind {
            CallKind::Action =>
                "An action is not sent again when its answer was lost: the error then says its outcome is \
                 unknown.",
            CallKind::Function =>
                "A function is read again, as any `GET`, on throttling and lost connections.",
        }
    );
    let action = call.kind == CallKind::Action;
    let args = s.fields.iter().filter_map(|f| match &f.role {
        Role::Property(Property { wire, .. }) if !action => {
            let (name, ty) = (f.ident, f.ty);
            // A type that is not a literal is one error, at the field's type.
            Some(quote_spanned! {ty.span()=>
                #p::FunctionArgs::arg::<#ty>(&mut __args, #wire, &self.#name);
            })
        }
        _ => None,
    });
    let args: Vec<TokenStream> = args.collect();
    let arguments = if args.is_empty() {
        quote!(#p::FunctionArgs::new())
    } else {
        quote! {
            let mut __args = #p::FunctionArgs::new();
            #(#args)*
            __args
        }
    };
    quote! {
        #path

        #[automatically_derived]
        impl #krate::__private::Callable for #ident {
            #returns_assoc
            const ACTION: ::core::primitive::bool = #action;

            #[inline]
            fn arguments(&self) -> #p::FunctionArgs {
                #arguments
            }
        }

        #[automatically_derived]
        impl #ident {
            #[doc = #call_doc]
            #vis fn call<'a, __P>(
                &'a self,
                client: &'a #krate::__private::Client,
                path: __P,
            ) -> #krate::__private::Invoke<'a, Self, __P>
            where
                __P: #krate::__private::ResourcePath<Resource = Self> + 'a,
            {
                #krate::__private::Invoke::new(client, path, self)
            }
        }
    }
}
