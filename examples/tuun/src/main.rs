fn main() {
    pipec_dsl::main([pipec_example_tuun::tuun])
}
