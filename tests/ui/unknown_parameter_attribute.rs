use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello(#[describe("who to greet")] name: Param<String>) -> Container {
    Container::new(["echo"]).args([name.arg()])
}

fn main() {}
