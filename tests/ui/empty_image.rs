use pipec_dsl::prelude::*;

#[component(image = "")]
fn hello(name: Param<String>) -> Container {
    Container::new(["echo"]).args([name.arg()])
}

fn main() {}
