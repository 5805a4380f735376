use graph_resource::graph_resource;

#[graph_resource(function = "/reports/getEmailActivityCounts(period='{period}')", returns = String)]
struct GetEmailActivityCounts {
    period: String,
}

fn main() {}
