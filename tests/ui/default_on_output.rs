use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn count(#[default(0)] total: OutputParam<i64>) -> Container {
    Container::new(["count"]).args([total.path()])
}

fn main() {}
