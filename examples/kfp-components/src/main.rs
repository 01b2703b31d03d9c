fn main() {
    pipec_dsl::main([pipec_example_kfp_components::reuse])
}
