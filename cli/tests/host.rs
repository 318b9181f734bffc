//! The shell's flags, event loop and host modules end to end: each test
//! runs the built shell on scripts written into a fresh temporary
//! directory and checks its output and exit status.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A fresh directory with `files` written into it.
fn tree(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("cli-host-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// Runs the shell in `dir` with `args`: (exit code, stdout, stderr).
fn shell(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_cli"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .output()
        .expect("run the shell");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn eval(args: &[&str]) -> (i32, String, String) {
    shell(&std::env::temp_dir(), args)
}

#[test]
fn help_and_bad_flags() {
    let (code, out, _) = eval(&["-h"]);
    assert_eq!(code, 0);
    assert!(out.contains("--memory-limit") && out.contains("--unhandled-rejection"));
    let (code, _, err) = eval(&["--bogus"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown option --bogus"), "{err}");
    let (code, _, err) = eval(&["--memory-limit", "lots", "-e", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid size"), "{err}");
}

#[test]
fn eval_print_quit_and_script_args() {
    assert_eq!(eval(&["-e", "1 + 2"]), (0, String::new(), String::new()));
    assert_eq!(eval(&["-p", "[1 + 2, 'a']"]).1, "[ 3, 'a' ]\n");
    assert_eq!(eval(&["-q", "-e", "print(1)"]).1, "");
    let dir = tree("args", &[("a.js", "print(JSON.stringify(scriptArgs));")]);
    let (code, out, _) = shell(&dir, &["a.js", "x", "-y"]);
    assert_eq!(code, 0);
    assert_eq!(out, "[\"a.js\",\"x\",\"-y\"]\n");
}

#[test]
fn includes_modules_and_std_globals() {
    let dir = tree(
        "inc",
        &[
            ("lib.js", "var fromLib = 'lib';"),
            ("main.js", "print(fromLib, typeof std, typeof os);"),
            (
                "esm.js",
                "import { x } from './x.mjs';\nprint(x, typeof require);",
            ),
            ("x.mjs", "export const x = 'detected';"),
            ("plain.js", "print(typeof import.meta);"),
        ],
    );
    assert_eq!(
        shell(&dir, &["-I", "lib.js", "main.js"]).1,
        "lib undefined undefined\n"
    );
    assert_eq!(
        shell(&dir, &["--std", "-I", "lib.js", "main.js"]).1,
        "lib object object\n"
    );
    // A file whose first statement is an import runs as a module.
    assert_eq!(shell(&dir, &["esm.js"]).1, "detected undefined\n");
    assert_eq!(shell(&dir, &["-m", "plain.js"]).1, "object\n");
    let (code, _, err) = shell(&dir, &["--script", "esm.js"]);
    assert_eq!(code, 1);
    assert!(err.contains("SyntaxError"), "{err}");
    let (code, out, _) = shell(
        &dir,
        &[
            "-m",
            "-e",
            "import * as std from 'qjs:std'; print(typeof std.open)",
        ],
    );
    assert_eq!((code, out.as_str()), (0, "function\n"));
}

#[test]
fn memory_and_stack_limits_take_units() {
    let (code, _, err) = eval(&[
        "--memory-limit",
        "8M",
        "-e",
        "let a = []; for (;;) a.push('x'.repeat(1000) + a.length);",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("RangeError"), "{err}");
    let (code, out, _) = eval(&[
        "--stack-size",
        "256k",
        "-e",
        "function f(n) { return n ? f(n - 1) + 1 : 0 }
         try { f(1e6) } catch (e) { print(e instanceof RangeError) }",
    ]);
    assert_eq!((code, out.as_str()), (0, "true\n"));
}

#[test]
fn timers_fire_in_order_and_jobs_run_between() {
    let (code, out, err) = eval(&[
        "-e",
        "const log = [];
         setTimeout(() => log.push('t30'), 250);
         setTimeout(() => { log.push('t10'); Promise.resolve().then(() => log.push('job')); }, 10);
         setTimeout(() => log.push('t10b'), 10);
         const gone = setTimeout(() => log.push('cleared'), 5);
         clearTimeout(gone);
         let n = 0;
         const iv = setInterval(() => { log.push('i' + ++n); if (n === 3) clearInterval(iv); }, 4);
         setTimeout((a, b) => { log.push(a + b); print(log.join(' ')); }, 300, 'x', 'y');
         queueMicrotask(() => log.push('micro'));",
    ]);
    assert_eq!(code, 0, "{err}");
    let order: Vec<&str> = out.trim().split(' ').collect();
    assert_eq!(order[0], "micro");
    let pos = |s: &str| order.iter().position(|x| *x == s).unwrap();
    assert!(
        pos("t10") + 1 == pos("job") && pos("job") + 1 == pos("t10b"),
        "{out}"
    );
    assert!(pos("i1") < pos("i2") && pos("i2") < pos("i3") && pos("i3") < pos("t30"));
    assert_eq!(order.last(), Some(&"xy"));
    assert!(!out.contains("cleared"));
}

#[test]
fn uncaught_errors_print_their_stack_and_set_the_status() {
    let (code, _, err) = eval(&[
        "-e",
        "function boom() { throw new TypeError('bad') }\nboom()",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("Uncaught TypeError: bad"), "{err}");
    assert!(err.contains("at boom"), "{err}");
    // In a timer: the loop stops.
    let (code, out, err) = eval(&[
        "-e",
        "setTimeout(() => { throw new Error('late') }, 1); setTimeout(() => print('never'), 40)",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("Uncaught Error: late"), "{err}");
    assert_eq!(out, "");
}

#[test]
fn unhandled_rejections_follow_the_mode() {
    let src = "Promise.reject(new Error('nope')); setTimeout(() => print('later'), 10);
               const handled = Promise.reject(1); handled.catch(() => {});";
    let (code, out, err) = eval(&["-e", src]);
    assert_eq!(code, 1);
    assert_eq!(out, "later\n");
    assert!(err.contains("Uncaught (in promise) Error: nope"), "{err}");
    assert!(err.contains("<cmdline>:1"), "{err}");
    assert_eq!(err.matches("Uncaught").count(), 1, "{err}");
    let (code, out, _) = eval(&["--unhandled-rejection", "-e", src]);
    assert_eq!((code, out.as_str()), (1, ""));
    let (code, out, err) = eval(&["--unhandled-rejection=warn", "-e", src]);
    assert_eq!((code, out.as_str()), (0, "later\n"));
    assert!(err.contains("nope"));
    let (code, _, err) = eval(&["--unhandled-rejection=none", "-e", src]);
    assert_eq!((code, err.as_str()), (0, ""));
    // An async function's rejection handled a job later is no error.
    let (code, _, err) = eval(&[
        "-e",
        "async function f() { throw 1 } const p = f(); Promise.resolve().then(() => p.catch(() => {}));",
    ]);
    assert_eq!((code, err.as_str()), (0, ""));
    // A module's top-level await of a rejection.
    let (code, _, err) = eval(&["-m", "-e", "await Promise.reject(new RangeError('tla'))"]);
    assert_eq!(code, 1);
    assert!(err.contains("RangeError: tla"), "{err}");
}

#[test]
fn std_files_and_errors() {
    let dir = tree(
        "std",
        &[(
            "t.mjs",
            r#"import * as std from 'std';
const err = {};
print(std.open('missing/file', 'r', err), err.errno === std.Error.ENOENT, std.strerror(err.errno));
std.writeFile('a.txt', 'one\ntwo\nthree');
print(JSON.stringify(std.loadFile('a.txt')), std.loadFile('nope.txt'));
print(std.loadFile('a.txt', { binary: true }).length);
const f = std.open('b.txt', 'w+');
f.puts('ab'); f.printf('%03d|%-3s|%x\n', 7, 'z', 255); f.putByte(65);
print(f.tell(), typeof f.tello());
f.seek(0, std.SEEK_SET);
print(f.getline(), f.getByte(), f.readAsString(), f.eof(), f.getline());
const buf = new Uint8Array(4);
f.seek(1, std.SEEK_SET);
print(f.read(buf.buffer, 0, 4), Array.from(buf).join(','));
print(f.close(), f.close() < 0);
const t = std.tmpfile(); t.puts('tmp'); t.seek(0, std.SEEK_SET); print(t.readAsString()); t.close();
print(std.sprintf('%5.1f|%-5d|%s|%c|%%|%e', 3.14159, 42, [1, 2], 65, 1234.5));
const p = std.popen('echo from-sh', 'r'); print(p.getline()); print(p.close());
std.setenv('CLI_TEST_VAR', 'v1'); print(std.getenv('CLI_TEST_VAR'), std.getenviron().CLI_TEST_VAR);
std.unsetenv('CLI_TEST_VAR'); print(std.getenv('CLI_TEST_VAR'));
print(JSON.stringify(std.parseExtJSON("{a: 1, 'b': [0x10, -Infinity, +2,], /* c */ __proto__: 'k', s: 'q\\'x'}")));
try { std.parseExtJSON('{a: f()}') } catch (e) { print(e.name) }
print(std.evalScript('6 * 7'));
print((await std.evalScript('await Promise.resolve(5) * 2', { async: true })).value);
std.out.puts('puts\n'); std.printf('%s!\n', 'printf');
std.err.puts('to stderr\n');
"#,
        )],
    );
    let (code, out, err) = shell(&dir, &["t.mjs"]);
    assert_eq!(code, 0, "{err}");
    let expected = "null true No such file or directory
\"one\\ntwo\\nthree\" null
13
14 bigint
ab007|z  |ff 65  true null
4 98,48,48,55
0 true
tmp
  3.1|42   |1,2|A|%|1.234500e+03
from-sh
0
v1 v1
undefined
{\"a\":1,\"b\":[16,null,2],\"__proto__\":\"k\",\"s\":\"q'x\"}
SyntaxError
42
10
puts
printf!
";
    assert_eq!(out, expected);
    assert_eq!(err, "to stderr\n");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn os_files_processes_and_timers() {
    let dir = tree(
        "os",
        &[(
            "t.mjs",
            r#"import * as os from 'os';
import { loadFile } from 'qjs:std';
const fd = os.open('f.bin', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644);
const data = new Uint8Array([104, 105, 33]);
print(os.write(fd, data.buffer, 0, 3), os.close(fd), os.close(fd) < 0);
const rfd = os.open('f.bin', os.O_RDONLY);
const buf = new ArrayBuffer(8);
print(os.read(rfd, buf, 0, 8), os.seek(rfd, 0, 0), os.read(rfd, buf, 0, 1)); os.close(rfd);
print(os.open('nowhere/x', os.O_RDONLY) < 0);
print(os.mkdir('sub'), os.mkdir('sub') < 0, os.rename('f.bin', 'sub/g.bin'));
const [names, e1] = os.readdir('sub'); print(JSON.stringify(names.sort()), e1);
const [st, e2] = os.stat('sub/g.bin');
print(st.size, (st.mode & os.S_IFMT) === os.S_IFREG, e2, os.stat('nope')[1] > 0);
print(os.symlink('sub/g.bin', 'link'), (os.lstat('link')[0].mode & os.S_IFMT) === os.S_IFLNK, os.readlink('link')[0]);
print(os.realpath('sub')[0].endsWith('/sub'), os.getcwd()[1]);
print(os.remove('link'), os.remove('sub/g.bin'), os.remove('sub'), os.remove('sub') < 0);
print(os.exec(['sh', '-c', 'exit 3']), os.exec(['true']));
const [r, w] = os.pipe();
const pid = os.exec(['sh', '-c', 'echo "$X-$PWD"'], { stdout: w, block: false, env: { X: 'env' }, cwd: '/' });
os.close(w);
const out = new Uint8Array(64);
const n = os.read(r, out.buffer, 0, 64); os.close(r);
print(String.fromCharCode(...out.subarray(0, n)).trim());
const [ret, status] = os.waitpid(pid, 0);
print(ret === pid, status);
const sleeper = os.exec(['sleep', '5'], { block: false });
print(os.kill(sleeper, os.SIGTERM), os.waitpid(sleeper, 0)[1] & 0x7f);
print(os.exec(['no-such-command-xyz']) === 127);
print(typeof os.getpid(), os.platform, typeof os.now(), os.isatty(0), os.ttyGetWinSize(0));
const t0 = os.now();
os.sleep(20);
print(os.now() - t0 >= 19);
const order = [];
os.setTimeout(() => order.push('b'), 20);
const h = os.setTimeout(() => order.push('never'), 5);
os.clearTimeout(h);
os.setTimeout(() => order.push('a'), 5);
await os.sleepAsync(40);
print(order.join(''));
const [pr, pw] = os.pipe();
os.setReadHandler(pr, () => {
  const b = new Uint8Array(16);
  const k = os.read(pr, b.buffer, 0, 16);
  print('readable', k);
  os.setReadHandler(pr, null);
  os.close(pr);
});
os.setTimeout(() => { os.write(pw, new Uint8Array([1, 2]).buffer, 0, 2); os.close(pw); }, 5);
"#,
        )],
    );
    let (code, out, err) = shell(&dir, &["t.mjs"]);
    assert_eq!(code, 0, "{err}");
    let expected = "3 0 true
3 0 1
true
0 true 0
[\".\",\"..\",\"g.bin\"] 0
3 true 0 true
0 true sub/g.bin
true 0
0 0 0 true
3 0
env-/
true 0
0 15
true
number linux number false null
true
ab
readable 2
";
    assert_eq!(out, expected);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn signal_handlers_run_in_the_loop() {
    let (code, out, err) = eval(&[
        "--std",
        "-e",
        "os.signal(os.SIGUSR1, (n) => { print('got', n); os.signal(os.SIGUSR1, null); });
         os.kill(os.getpid(), os.SIGUSR1);
         os.setTimeout(() => print('done'), 100);",
    ]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "got 10\ndone\n");
}

#[test]
fn worker_messages_are_structured_clones_sharing_shared_memory() {
    let dir = tree(
        "clone",
        &[
            (
                "main.mjs",
                r#"import * as os from 'os';
const w = new os.Worker('./w.mjs');
const ia = new Int32Array(new SharedArrayBuffer(8));
const o = { m: new Map([['k', new Date(0)]]), s: new Set([1n]), u: undefined, n: -0,
            nan: NaN, ta: new Uint8Array([1, 2]), re: /a+/g, sab: ia };
o.self = o;
w.onmessage = (e) => {
  const d = e.data;
  print(d.m.get('k').toISOString(), d.s.has(1n), 'u' in d && d.u === undefined,
        Object.is(d.n, -0), Number.isNaN(d.nan), d.ta.join(), String(d.re), d.self === d);
  print(d.err instanceof RangeError, d.err.message, Atomics.load(ia, 0));
  w.onmessage = null;
};
w.postMessage(o);
try { w.postMessage({ f() {} }) } catch (e) { print(e.name) }
"#,
            ),
            (
                "w.mjs",
                r#"import * as os from 'os';
os.Worker.parent.onmessage = (e) => {
  const d = e.data;
  Atomics.store(d.sab, 0, 1234);
  d.err = new RangeError('r');
  os.Worker.parent.postMessage(d);
  os.Worker.parent.onmessage = null;
};
"#,
            ),
        ],
    );
    let (code, out, err) = shell(&dir, &["main.mjs"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "TypeError\n1970-01-01T00:00:00.000Z true true true true 1,2 /a+/g true\ntrue r 1234\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn workers_exchange_messages() {
    let dir = tree(
        "worker",
        &[
            (
                "main.mjs",
                r#"import * as os from 'os';
const w = new os.Worker('./w.mjs');
let got = 0;
w.onmessage = (e) => {
  print('parent got', JSON.stringify(e.data));
  if (++got === 2) w.onmessage = null;
};
w.postMessage({ n: 20 });
w.postMessage({ n: 1 });
print('Worker.parent in main:', os.Worker.parent);
"#,
            ),
            (
                "w.mjs",
                r#"import * as os from 'os';
const parent = os.Worker.parent;
let seen = 0;
parent.onmessage = (e) => {
  parent.postMessage({ doubled: e.data.n * 2, thread: 'worker' });
  if (++seen === 2) parent.onmessage = null;
};
"#,
            ),
        ],
    );
    let (code, out, err) = shell(&dir, &["main.mjs"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "Worker.parent in main: null
parent got {\"doubled\":40,\"thread\":\"worker\"}
parent got {\"doubled\":2,\"thread\":\"worker\"}
"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn repl_reads_piped_input_and_awaits_at_top_level() {
    use std::io::Write;
    let dir = tree("piped", &[]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_cli"))
        .current_dir(&dir)
        .env("HOME", &dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"const p = new Promise(r => setTimeout(() => r(99), 20))\n\
              await p\n\
              'str'\n\
              function f() {\n  return 'multi' }\n\
              f()\n\
              await Promise.reject(new Error('no'))\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success());
    assert_eq!(stdout, "undefined\n99\n'str'\nundefined\n'multi'\n");
    assert!(stderr.starts_with("Uncaught Error: no\n"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
