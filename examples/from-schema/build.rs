//! Generates the models this program uses, and every type they need, from
//! Graph's v1.0 schema, into `OUT_DIR/graph.rs`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    graph_resource_gen::Builder::new("../../tests/corpus/metadata/graph-v1.0.xml")
        .types([
            "user",
            "group",
            "deviceCompliancePolicy",
            // Created with the policy, in the same request.
            "deviceComplianceScheduledActionForRule",
            "deviceComplianceActionItem",
        ])
        .generate()?;
    Ok(())
}
