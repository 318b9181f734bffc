fn main() {
    eprintln!("cli: not built yet");
    std::process::exit(2);
}
