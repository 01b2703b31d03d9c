use pipec_dsl::prelude::*;

#[component]
fn hello(name: Param<String>) -> Container {
    Container::new(["echo"]).args([name.arg()])
}

fn main() {}
