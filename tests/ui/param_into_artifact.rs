use pipec_dsl::prelude::*;

#[component(image = "alpine:3.20")]
fn produce(data: Output<Dataset>, count: OutputParam<i64>) -> Container {
    Container::new(["produce"]).args([data.path(), count.path()])
}

#[component(image = "alpine:3.20")]
fn consume(data: Input<Dataset>, rows: Param<i64>) -> Container {
    Container::new(["consume"]).args([data.path(), rows.arg()])
}

#[pipeline]
fn p() {
    let made = produce();
    consume(made.outputs.count, 3);
}

fn main() {}
