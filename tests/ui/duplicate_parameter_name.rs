use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello(data: Param<String>, data: Output<Dataset>) -> Container {
    Container::new(["echo"]).args([data.path()])
}

fn main() {}
