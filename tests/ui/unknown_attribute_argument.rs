use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20", cpu = "2")]
fn hello(name: Param<String>) -> Container {
    Container::new(["echo"]).args([name.arg()])
}

fn main() {}
