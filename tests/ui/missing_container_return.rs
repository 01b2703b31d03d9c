use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn hello(name: Param<String>) {
    let _ = name;
}

fn main() {}
