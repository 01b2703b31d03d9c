use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello(name: String) -> Container {
    Container::new(["echo"]).args([name])
}

fn main() {}
