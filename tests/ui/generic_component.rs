use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello<T>(data: Param<String>) -> Container {
    Container::new(["echo"]).args([data.arg()])
}

fn main() {}
