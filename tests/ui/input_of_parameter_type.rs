use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello(data: Input<String>) -> Container {
    Container::new(["cat"]).args([data.path()])
}

fn main() {}
