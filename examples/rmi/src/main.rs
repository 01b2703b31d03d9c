fn main() {
    pipec_dsl::main([pipec_example_rmi::rmi])
}
