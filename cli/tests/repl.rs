//! The REPL driven through a pseudo-terminal: multi-line input, tab
//! completion, Ctrl-C stopping a running loop without leaving, promise
//! jobs run after each input, coloured values, the dot commands and the
//! history file.

use std::process::Command;

use rexpect::session::{PtySession, spawn_command};

fn start(home: &std::path::Path, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cli"));
    cmd.args(args)
        .env("HOME", home)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .current_dir(home);
    spawn_command(cmd, Some(10_000)).expect("start the REPL in a pseudo-terminal")
}

/// Types `text`.
fn typ(p: &mut PtySession, text: &str) {
    p.send(text).unwrap();
    p.flush().unwrap();
}

/// Types `line` and Enter.
fn line(p: &mut PtySession, text: &str) {
    typ(p, text);
    typ(p, "\r");
}

fn home(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("cli-repl-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn multi_line_input_completion_and_values() {
    let dir = home("basic");
    let mut p = start(&dir, &["--no-color"]);
    p.exp_string("> ").unwrap();
    // An incomplete statement continues on the next line.
    line(&mut p, "function twice(a) {");
    line(&mut p, "  return a * 2; }");
    p.exp_string("undefined").unwrap();
    line(&mut p, "twice(4321)");
    p.exp_string("8642").unwrap();
    line(
        &mut p,
        "const o = { list: [1, 'two'], m: new Map([['k', 3]]) }; o",
    );
    p.exp_string("{ list: [ 1, 'two' ], m: Map(1) { 'k' => 3 } }")
        .unwrap();
    // Completion of a global, then of a property.
    line(&mut p, "let someLongName = 987654");
    p.exp_string("undefined").unwrap();
    typ(&mut p, "someLongN\t");
    p.exp_string("someLongName").unwrap();
    line(&mut p, " + 1");
    p.exp_string("987655").unwrap();
    typ(&mut p, "Math.hyp\t");
    p.exp_string("Math.hypot").unwrap();
    line(&mut p, "(3, 4) * 1111");
    p.exp_string("5555").unwrap();
    // Promise jobs run after each input.
    line(
        &mut p,
        "Promise.resolve(31337).then(v => print('then', v)); 0",
    );
    p.exp_string("then 31337").unwrap();
    line(&mut p, "await0 = 1; null.x");
    p.exp_string("Uncaught TypeError").unwrap();
    line(&mut p, ".help");
    p.exp_string(".load FILE").unwrap();
    std::fs::write(dir.join("lib.js"), "var loaded = 'from a file'; loaded").unwrap();
    line(&mut p, ".load lib.js");
    p.exp_string("'from a file'").unwrap();
    line(&mut p, ".exit");
    p.exp_eof().unwrap();
    let history = std::fs::read_to_string(dir.join(".cli_history")).unwrap();
    assert!(history.contains("twice(4321)"), "{history}");
    // The history comes back in the next session (up arrow).
    let mut p = start(&dir, &["--no-color"]);
    p.exp_string("> ").unwrap();
    p.send("\x1b[A").unwrap();
    p.flush().unwrap();
    p.exp_string(".exit").unwrap();
    typ(&mut p, "\r");
    p.exp_eof().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ctrl_c_interrupts_a_running_loop_without_leaving() {
    let dir = home("ctrlc");
    let mut p = start(&dir, &[]);
    p.exp_string("> ").unwrap();
    line(&mut p, "for (;;) {}");
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send_control('c').unwrap();
    p.exp_string("Interrupted").unwrap();
    line(&mut p, "6 * 7");
    // Values are coloured on a terminal: numbers in yellow.
    p.exp_string("\x1b[33m42\x1b[39m").unwrap();
    // At the prompt Ctrl-C clears the line; twice in a row leaves.
    p.send_control('c').unwrap();
    p.exp_string("(To exit").unwrap();
    p.send_control('c').unwrap();
    p.exp_eof().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn interactive_after_a_file_sees_its_globals() {
    let dir = home("dash-i");
    std::fs::write(
        dir.join("setup.js"),
        "var answer = 6 * 7;\nprint('ran setup');",
    )
    .unwrap();
    let mut p = start(&dir, &["--no-color", "-i", "setup.js"]);
    p.exp_string("ran setup").unwrap();
    p.exp_string("> ").unwrap();
    line(&mut p, "answer + 1000");
    p.exp_string("1042").unwrap();
    p.send_control('d').unwrap();
    p.exp_eof().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
