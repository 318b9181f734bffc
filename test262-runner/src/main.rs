fn main() {
    eprintln!("test262-runner: not built yet");
    std::process::exit(2);
}
