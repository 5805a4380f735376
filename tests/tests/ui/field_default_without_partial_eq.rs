use graph_resource::graph_resource;

#[derive(Debug, Default)]
struct Phones(Vec<String>);

#[graph_resource]
#[derive(Debug, Default)]
struct User {
    #[graph(with = "phones", default)]
    business_phones: Phones,
}

mod phones {
    pub fn serialize<S: serde::Serializer>(v: &super::Phones, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&v.0, s)
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<super::Phones, D::Error> {
        serde::Deserialize::deserialize(d).map(super::Phones)
    }
}

fn main() {}
