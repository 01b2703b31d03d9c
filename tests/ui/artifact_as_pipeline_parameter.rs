use pipec_dsl::prelude::*;

#[pipeline(name = "p")]
fn p(data: Input<Dataset>) {
    let _ = data;
}

fn main() {}
