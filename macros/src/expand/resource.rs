//! An item with a path (a struct, or a polymorphic enum): its path type,
//! `GraphResource`, and the operations, each a call into the runtime.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::Visibility;

use super::path::{OwnPath, PathKind, own_path, path_with_lifetime};
use super::private;
use crate::internals::template::Template;

/// What the operations are generated for.
pub(crate) struct Item<'a> {
    pub(crate) krate: &'a TokenStream,
    pub(crate) ident: &'a Ident,
    pub(crate) vis: &'a Visibility,
    /// A polymorphic enum also lists one derived type through a cast.
    pub(crate) polymorphic: bool,
    /// The path names one object: get, update and delete on it, no more.
    pub(crate) singleton: bool,
    /// `path_type = Name`: the path type's name, instead of `<Item>Path`.
    pub(crate) path_type: Option<&'a Ident>,
}

/// The path type, `GraphResource`, and the operations of an item with a path.
pub(crate) fn expand(s: Item<'_>, source: &str, template: &Template) -> TokenStream {
    if s.singleton {
        return singleton(s, source, template);
    }
    let krate = s.krate;
    let p = private(krate);
    let ident = s.ident;
    let doc = format!("The path of a [`{ident}`] collection: `{source}`.");
    let OwnPath {
        ident: path_ident,
        def: path,
        of_a: path_of_a,
    } = own_path(
        krate,
        s.vis,
        (ident, s.path_type),
        template,
        source,
        doc,
        PathKind::Collection,
    );
    let path_of_static = path_with_lifetime(&path_ident, template, quote!('static));
    let create_doc = format!(
        "Creates this `{ident}` in the collection at `path` (`POST {source}`) and returns \
         the object Graph created, with its new `id`.\n\n\
         Throttling (429) and unavailability (503, 504) are retried as the client's retry \
         policy says; nothing else is retried, so the object is never created twice."
    );
    let get_doc = format!(
        "Reads one `{ident}` (`GET {source}/{{id}}`): pass `path.item(id)`. Set `$select`, \
         `$expand` and headers on the returned `Get`, then await it.\n\n\
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
    let list_of_doc = format!(
        "Lists the items of one derived type `V` of the `{ident}` collection at `path`, through an \
         OData type cast: `GET {source}/microsoft.graph.<type>`."
    );
    let vis = s.vis;
    let list_of = s.polymorphic.then(|| {
        quote! {
            #[doc = #list_of_doc]
            #vis fn list_of<__V, __P>(
                client: &#krate::__private::Client,
                path: __P,
            ) -> #krate::__private::List<__V>
            where
                __V: #krate::__private::ODataType
                    + #p::serde::de::DeserializeOwned
                    + ::core::marker::Send
                    + 'static,
                __P: #krate::__private::ResourcePath<Resource = Self>,
            {
                #p::list_of(client, path)
            }
        }
    });
    let update_doc = format!(
        "Updates one `{ident}` (`PATCH {source}/{{id}}`): pass `path.item(id)`. Sends the properties \
         that are set; `.set_null(\"name\")` on the returned `Update` clears one. Await it for the \
         updated object, when Graph returns it."
    );
    quote! {
        #path

        #[automatically_derived]
        impl #krate::__private::GraphResource for #ident {
            type Path<'a> = #path_of_a;
            const PATH: &'static #krate::__private::Template =
                <#path_of_static as #krate::__private::ResourcePath>::TEMPLATE;
        }

        #[automatically_derived]
        impl #ident {
            #[doc = #create_doc]
            #vis fn create<'a, __P>(
                &'a self,
                client: &'a #krate::__private::Client,
                path: __P,
            ) -> #p::Create<'a, Self, __P>
            where
                __P: #krate::__private::ResourcePath<Resource = Self> + 'a,
            {
                #p::Create::new(client, path, self)
            }

            #[doc = #get_doc]
            #vis fn get<'a, __A>(
                client: &'a #krate::__private::Client,
                path: __A,
            ) -> #krate::__private::Get<'a, Self, __A>
            where
                __A: #krate::__private::ObjectPath<Resource = Self> + 'a,
            {
                #krate::__private::Get::new(client, path)
            }

            #[doc = #list_doc]
            #vis fn list<__P>(client: &#krate::__private::Client, path: __P) -> #krate::__private::List<Self>
            where
                __P: #krate::__private::ResourcePath<Resource = Self>,
            {
                #p::list(client, path)
            }

            #list_of

            #[doc = #update_doc]
            #vis fn update<'a, __A>(
                &'a self,
                client: &'a #krate::__private::Client,
                path: __A,
            ) -> #krate::__private::Update<'a, Self, __A>
            where
                __A: #krate::__private::ObjectPath<Resource = Self> + 'a,
            {
                #krate::__private::Update::new(client, path, self)
            }

            #[doc = #delete_doc]
            #vis fn delete<'a, __A>(
                client: &'a #krate::__private::Client,
                path: __A,
            ) -> #p::Delete<'a, Self, __A>
            where
                __A: #krate::__private::ObjectPath<Resource = Self> + 'a,
            {
                #p::Delete::new(client, path)
            }
        }
    }
}

/// The path type and the operations of a singleton or single-valued
/// navigation: `get`, `update` and `delete` on the path itself.
fn singleton(s: Item<'_>, source: &str, template: &Template) -> TokenStream {
    let krate = s.krate;
    let p = private(krate);
    let ident = s.ident;
    let vis = s.vis;
    let doc = format!("The path of the [`{ident}`] object: `{source}`.");
    let OwnPath {
        def: path,
        of_a: path_of_a,
        ..
    } = own_path(
        krate,
        vis,
        (ident, s.path_type),
        template,
        source,
        doc,
        PathKind::Object,
    );
    let get_doc = format!(
        "Reads the `{ident}` (`GET {source}`). Set `$select`, `$expand` and headers on the returned `Get`, \
         then await it."
    );
    let update_doc =
        format!("Updates the `{ident}` (`PATCH {source}`), sending the properties that are set.");
    let delete_doc = format!("Deletes the `{ident}` (`DELETE {source}`), where Graph allows it.");
    quote! {
        #path

        #[automatically_derived]
        impl #ident {
            #[doc = #get_doc]
            #vis fn get<'a>(
                client: &'a #krate::__private::Client,
                path: #path_of_a,
            ) -> #krate::__private::Get<'a, Self, #path_of_a> {
                #krate::__private::Get::new(client, path)
            }

            #[doc = #update_doc]
            #vis fn update<'a>(
                &'a self,
                client: &'a #krate::__private::Client,
                path: #path_of_a,
            ) -> #krate::__private::Update<'a, Self, #path_of_a> {
                #krate::__private::Update::new(client, path, self)
            }

            #[doc = #delete_doc]
            #vis fn delete<'a>(
                client: &'a #krate::__private::Client,
                path: #path_of_a,
            ) -> #p::Delete<'a, Self, #path_of_a> {
                #p::Delete::new(client, path)
            }
        }
    }
}
