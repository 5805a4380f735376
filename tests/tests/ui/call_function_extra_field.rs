use graph_resource::{Properties, graph_resource};

#[graph_resource(function = "/deviceManagement/deviceConfigurations/{id}/getOmaSettingPlainTextValue", returns = String)]
struct GetOmaSettingPlainTextValue {
    secret_reference_value_id: String,
    #[graph(extra)]
    extra: Properties,
}

fn main() {}
