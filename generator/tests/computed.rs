//! Properties the service computes (`Org.OData.Core.V1.Computed`, inside
//! the property or in `<Annotations Target="type/property">`) are generated
//! `#[graph(read_only)]`: read, never written back.

use graph_resource_gen::generate;

const SCHEMA: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="widget">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Property Name="createdDateTime" Type="Edm.DateTimeOffset">
          <Annotation Term="Org.OData.Core.V1.Computed" />
        </Property>
        <Property Name="webUrl" Type="Edm.String" />
        <Property Name="displayName" Type="Edm.String" />
        <Property Name="note" Type="Edm.String" />
      </EntityType>
      <Annotations Target="microsoft.graph.widget/webUrl">
        <Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />
      </Annotations>
      <Annotations Target="microsoft.graph.widget/note">
        <Annotation Term="Org.OData.Core.V1.Computed" Bool="false" />
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#;

/// The attributes and declaration of the field `name`.
fn field<'a>(code: &'a str, name: &str) -> &'a str {
    let end = code
        .find(&format!("pub {name}:"))
        .unwrap_or_else(|| panic!("{name}: {code}"));
    let start = code[..end].rfind("///").unwrap();
    &code[start..end]
}

#[test]
fn a_computed_property_is_read_only_and_the_others_are_not() {
    let code = generate(SCHEMA, &["widget".to_owned()], "x").unwrap().code;
    assert!(
        field(&code, "created_date_time").contains("#[graph(read_only)]"),
        "{code}"
    );
    assert!(field(&code, "web_url").contains("#[graph(read_only)]"), "{code}");
    for writable in ["display_name", "note"] {
        assert!(
            !field(&code, writable).contains("read_only"),
            "{writable}: {code}"
        );
    }
}
