//! The `std` host module (QuickJS's `qjs:std`): process exit, script
//! evaluation, files (`FILE` objects in `file.rs`), the environment,
//! `strerror`, `parseExtJSON`, `urlGet`. Functions that can fail on I/O
//! take an optional `errorObj` whose `errno` they set, and return `null`
//! (or a negative errno) as QuickJS documents.

use std::io::Write;

use engine::{Context, JsObject, JsValue, NativeModule};

use crate::convert::{self, HostResult, arg, errno, int, num};
use crate::file::{Stream, new_file};

/// errno values of `std.Error`.
pub const ERRORS: &[(&str, i32)] = &[
    ("EPERM", 1),
    ("ENOENT", 2),
    ("EINTR", 4),
    ("EIO", 5),
    ("EBADF", 9),
    ("EAGAIN", 11),
    ("ENOMEM", 12),
    ("EACCES", 13),
    ("EBUSY", 16),
    ("EEXIST", 17),
    ("ENOTDIR", 20),
    ("EISDIR", 21),
    ("EINVAL", 22),
    ("ENOSPC", 28),
    ("ESPIPE", 29),
    ("EPIPE", 32),
    ("ERANGE", 34),
    ("ENOSYS", 38),
];

/// Sets `errorObj.errno` when an error object was passed.
fn set_errno(ctx: &Context, error_obj: &JsValue, n: i32) {
    if let Some(o) = error_obj.as_object() {
        convert::set(ctx, &o, "errno", num(n));
    }
}

/// `strerror(errno)`: the system's message without the "(os error N)".
pub fn strerror(n: i32) -> String {
    let s = std::io::Error::from_raw_os_error(n).to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Opens `path` with a C `fopen` mode string.
fn fopen(path: &str, mode: &str) -> Result<std::fs::File, std::io::Error> {
    let mut o = std::fs::OpenOptions::new();
    let plus = mode.contains('+');
    match mode.chars().next() {
        Some('r') => o.read(true).write(plus),
        Some('w') => o.write(true).create(true).truncate(true).read(plus),
        Some('a') => o.append(true).create(true).read(plus),
        _ => return Err(std::io::Error::from_raw_os_error(22)),
    };
    o.open(path)
}

fn valid_mode(mode: &str) -> bool {
    let mut cs = mode.chars();
    matches!(cs.next(), Some('r' | 'w' | 'a')) && cs.all(|c| c == '+' || c == 'b')
}

/// The bytes of a string, ArrayBuffer or view (`undefined`: none).
pub fn data_bytes(ctx: &Context, v: &JsValue) -> Result<Vec<u8>, JsValue> {
    if v.is_undefined() {
        return Ok(Vec::new());
    }
    if let Some(b) = ctx.with_bytes(v, |b| b.to_vec()) {
        return Ok(b);
    }
    Ok(ctx.to_string(v).map_err(convert::thrown)?.into_bytes())
}

/// A `Uint8Array` holding `bytes`.
pub fn uint8_array(ctx: &Context, bytes: Vec<u8>) -> HostResult {
    let buf = ctx.new_array_buffer(bytes).map_err(convert::thrown)?;
    crate::event_loop::call_helper(ctx, "bytes", &[buf])
}

fn load_file(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let path = convert::string(ctx, args, 0)?;
    let opts = arg(args, 1);
    let binary = opts
        .as_object()
        .and_then(|o| o.get(ctx, "binary").ok())
        .is_some_and(|v| convert::truthy(&v));
    match std::fs::read(&path) {
        Ok(bytes) if binary => uint8_array(ctx, bytes),
        Ok(bytes) => Ok(ctx.new_string(&String::from_utf8_lossy(&bytes))),
        Err(_) => Ok(JsValue::null()),
    }
}

/// `evalScript(str, options)`: with `options.async`, `await` is accepted
/// and a promise of `{ value }` is returned (the value of the script when
/// it is an expression).
fn eval_script(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let src = convert::string(ctx, args, 0)?;
    let is_async = arg(args, 1)
        .as_object()
        .and_then(|o| o.get(ctx, "async").ok())
        .is_some_and(|v| convert::truthy(&v));
    if !is_async {
        return ctx.eval(&src, "<evalScript>").map_err(convert::thrown);
    }
    let expr = format!("(async () => ({{ value: ({src}\n) }}))()");
    let body = format!("(async () => {{ {src}\n}})().then(() => ({{ value: undefined }}))");
    let chosen = if ctx.dump_bytecode(&expr, "<evalScript>").is_ok() {
        expr
    } else {
        body
    };
    ctx.eval(&chosen, "<evalScript>").map_err(convert::thrown)
}

fn load_script(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let path = convert::string(ctx, args, 0)?;
    let src = std::fs::read_to_string(&path)
        .map_err(|e| convert::error(ctx, "Error", &format!("could not load '{path}': {e}")))?;
    ctx.eval(&src, &path).map_err(convert::thrown)
}

fn popen(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    use std::process::{Command, Stdio};
    let cmd = convert::string(ctx, args, 0)?;
    let mode = convert::string(ctx, args, 1)?;
    if mode != "r" && mode != "w" {
        return Err(convert::error(ctx, "TypeError", "invalid file mode"));
    }
    let mut c = Command::new("/bin/sh");
    c.arg("-c").arg(&cmd);
    apply_env(&mut c);
    let spawned = if mode == "r" {
        c.stdout(Stdio::piped()).spawn()
    } else {
        c.stdin(Stdio::piped()).spawn()
    };
    match spawned {
        Ok(mut child) => {
            let stream = if mode == "r" {
                match child.stdout.take() {
                    Some(o) => Stream::ProcRead(child, o),
                    None => return Ok(JsValue::null()),
                }
            } else {
                let i = child.stdin.take();
                Stream::ProcWrite(child, i)
            };
            set_errno(ctx, &arg(args, 2), 0);
            Ok(new_file(ctx, stream).into())
        }
        Err(e) => {
            set_errno(ctx, &arg(args, 2), errno(&e));
            Ok(JsValue::null())
        }
    }
}

/// `urlGet(url, options)`: fetched with the `curl` command, as QuickJS
/// does; the response is `null` when the transfer fails.
fn url_get(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let url = convert::string(ctx, args, 0)?;
    let opts = arg(args, 1).as_object();
    let flag = |k: &str| {
        opts.as_ref()
            .and_then(|o| o.get(ctx, k).ok())
            .is_some_and(|v| convert::truthy(&v))
    };
    let (binary, full) = (flag("binary"), flag("full"));
    let header_file = std::env::temp_dir().join(format!(
        "cli-urlget-{}-{}",
        std::process::id(),
        crate::event_loop::with(|h| h.start.elapsed().as_nanos())
    ));
    let out = std::process::Command::new("curl")
        .args(["-s", "-L", "-D"])
        .arg(&header_file)
        .args(["-w", "\n%{http_code}", "--"])
        .arg(&url)
        .output()
        .map_err(|e| convert::error(ctx, "Error", &format!("urlGet: cannot run curl: {e}")))?;
    let headers = std::fs::read_to_string(&header_file).unwrap_or_default();
    let _ = std::fs::remove_file(&header_file);
    let mut body = out.stdout;
    let mut status = 0.0;
    if let Some(i) = body.iter().rposition(|&b| b == b'\n') {
        status = String::from_utf8_lossy(&body[i + 1..])
            .trim()
            .parse()
            .unwrap_or(0.0);
        body.truncate(i);
    }
    let ok = out.status.success() && status != 0.0;
    let response = if !ok {
        JsValue::null()
    } else if binary {
        ctx.new_array_buffer(body).map_err(convert::thrown)?
    } else {
        ctx.new_string(&String::from_utf8_lossy(&body))
    };
    if !full {
        return Ok(response);
    }
    let o = ctx.new_object();
    convert::set(ctx, &o, "response", response);
    convert::set(ctx, &o, "responseHeaders", ctx.new_string(&headers));
    convert::set(ctx, &o, "status", num(status));
    Ok(o.into())
}

/// `parseExtJSON(text)`: JSON extended as QuickJS's JSON parser in
/// extended mode (comments, unquoted and single-quoted keys and strings,
/// trailing commas, hexadecimal, `Infinity`, `NaN`, signs). The text is
/// checked token by token and rewritten into a JavaScript literal whose
/// keys are all computed (so `__proto__` is an ordinary key).
fn parse_ext_json(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let text = convert::string(ctx, args, 0)?;
    let js = ext_json_to_js(&text)
        .map_err(|m| convert::error(ctx, "SyntaxError", &format!("parseExtJSON: {m}")))?;
    ctx.eval(&js, "<json>").map_err(convert::thrown)
}

fn ext_json_to_js(src: &str) -> Result<String, String> {
    let cs: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = String::from("(");
    // Containers open; for objects whether a key is expected next.
    let mut stack: Vec<(char, bool)> = Vec::new();
    let mut tokens = 0;
    while i < cs.len() {
        let c = cs[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && cs.get(i + 1) == Some(&'/') {
            while i < cs.len() && cs[i] != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '/' && cs.get(i + 1) == Some(&'*') {
            i += 2;
            while i + 1 < cs.len() && !(cs[i] == '*' && cs[i + 1] == '/') {
                i += 1;
            }
            i += 2;
            continue;
        }
        tokens += 1;
        let want_key = matches!(stack.last(), Some(('{', true)));
        match c {
            '{' | '[' => {
                stack.push((c, c == '{'));
                out.push(c);
                i += 1;
                continue;
            }
            '}' | ']' => {
                match stack.pop() {
                    Some((o, _)) if (o == '{') == (c == '}') => {}
                    _ => return Err(format!("unexpected '{c}'")),
                }
                out.push(c);
                i += 1;
                continue;
            }
            ',' => {
                if let Some(top) = stack.last_mut() {
                    top.1 = top.0 == '{';
                } else {
                    return Err("unexpected ','".into());
                }
                out.push(',');
                i += 1;
                continue;
            }
            ':' => {
                out.push(':');
                i += 1;
                continue;
            }
            _ => {}
        }
        // A string, a number, a word.
        let token: String;
        if c == '"' || c == '\'' {
            let mut s = String::new();
            i += 1;
            loop {
                let Some(&d) = cs.get(i) else {
                    return Err("unterminated string".into());
                };
                i += 1;
                if d == c {
                    break;
                }
                if d == '\\' {
                    let Some(&e) = cs.get(i) else {
                        return Err("unterminated string".into());
                    };
                    i += 1;
                    match e {
                        'n' => s.push('\n'),
                        't' => s.push('\t'),
                        'r' => s.push('\r'),
                        'b' => s.push('\u{8}'),
                        'f' => s.push('\u{c}'),
                        'v' => s.push('\u{b}'),
                        '0' => s.push('\0'),
                        '\n' => {}
                        'u' => {
                            let hex: String = cs.iter().skip(i).take(4).collect();
                            let n = u32::from_str_radix(&hex, 16)
                                .map_err(|_| "invalid escape".to_string())?;
                            i += 4;
                            s.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        }
                        'x' => {
                            let hex: String = cs.iter().skip(i).take(2).collect();
                            let n = u32::from_str_radix(&hex, 16)
                                .map_err(|_| "invalid escape".to_string())?;
                            i += 2;
                            s.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                        }
                        other => s.push(other),
                    }
                } else {
                    s.push(d);
                }
            }
            token = json_string(&s);
        } else {
            let start = i;
            while i < cs.len()
                && (cs[i].is_alphanumeric() || matches!(cs[i], '_' | '$' | '.' | '+' | '-'))
            {
                // A sign only starts a token or follows an exponent.
                if matches!(cs[i], '+' | '-') && i > start && !matches!(cs[i - 1], 'e' | 'E') {
                    break;
                }
                i += 1;
            }
            if i == start {
                return Err(format!("unexpected character '{c}'"));
            }
            let w: String = cs[start..i].iter().collect();
            if want_key {
                if !w
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$')
                {
                    return Err(format!("invalid key {w}"));
                }
                token = json_string(&w);
            } else {
                token = match w.as_str() {
                    "true" | "false" | "null" | "Infinity" | "NaN" | "+Infinity" | "-Infinity"
                    | "+NaN" | "-NaN" => w.clone(),
                    _ => {
                        let body = w.trim_start_matches(['+', '-']);
                        let ok = if let Some(h) =
                            body.strip_prefix("0x").or_else(|| body.strip_prefix("0X"))
                        {
                            !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
                        } else {
                            body.parse::<f64>().is_ok()
                                && body.chars().all(|c| {
                                    c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')
                                })
                        };
                        if !ok {
                            return Err(format!("unexpected token {w}"));
                        }
                        format!("({w})")
                    }
                };
            }
        }
        if want_key {
            out.push('[');
            out.push_str(&token);
            out.push(']');
            if let Some(top) = stack.last_mut() {
                top.1 = false;
            }
        } else {
            out.push_str(&token);
        }
    }
    if !stack.is_empty() {
        return Err("unexpected end of input".into());
    }
    if tokens == 0 {
        return Err("unexpected end of input".into());
    }
    out.push(')');
    Ok(out)
}

fn json_string(s: &str) -> String {
    let mut o = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\u{2028}' => o.push_str("\\u2028"),
            '\u{2029}' => o.push_str("\\u2029"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The exports of `std`.
pub fn exports(ctx: &Context) -> Vec<(String, JsValue)> {
    let mut e: Vec<(String, JsValue)> = Vec::new();
    let mut f = |name: &str, len: u32, func: fn(&Context, &JsValue, &[JsValue]) -> HostResult| {
        e.push((name.into(), ctx.new_function(name, len, func).into()));
    };
    f("exit", 1, |_, _, args| {
        let _ = std::io::stdout().flush();
        std::process::exit(int(args, 0) as i32)
    });
    f("evalScript", 1, eval_script);
    f("loadScript", 1, load_script);
    f("loadFile", 1, load_file);
    f("writeFile", 2, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let data = data_bytes(ctx, &arg(args, 1))?;
        std::fs::write(&path, data)
            .map_err(|e| convert::error(ctx, "Error", &format!("cannot write '{path}': {e}")))?;
        Ok(JsValue::undefined())
    });
    f("open", 2, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let mode = convert::string(ctx, args, 1)?;
        if !valid_mode(&mode) {
            return Err(convert::error(ctx, "TypeError", "invalid file mode"));
        }
        match fopen(&path, &mode) {
            Ok(file) => {
                set_errno(ctx, &arg(args, 2), 0);
                Ok(new_file(ctx, Stream::File(file)).into())
            }
            Err(e) => {
                set_errno(ctx, &arg(args, 2), errno(&e));
                Ok(JsValue::null())
            }
        }
    });
    f("popen", 2, popen);
    f("fdopen", 2, |ctx, _, args| {
        let fd = int(args, 0) as i32;
        let mode = convert::string(ctx, args, 1)?;
        if !valid_mode(&mode) {
            return Err(convert::error(ctx, "TypeError", "invalid file mode"));
        }
        let stream = match fd {
            0 => Some(Stream::Stdin),
            1 => Some(Stream::Stdout),
            2 => Some(Stream::Stderr),
            n => crate::event_loop::with(|h| h.fds.get(&n).map(|f| f.try_clone()))
                .and_then(Result::ok)
                .map(|owned| Stream::File(std::fs::File::from(owned))),
        };
        match stream {
            Some(s) => Ok(new_file(ctx, s).into()),
            None => {
                set_errno(ctx, &arg(args, 2), 9);
                Ok(JsValue::null())
            }
        }
    });
    f("tmpfile", 0, |ctx, _, args| {
        let path = std::env::temp_dir().join(format!(
            "cli-tmp-{}-{}",
            std::process::id(),
            crate::event_loop::with(|h| h.start.elapsed().as_nanos())
        ));
        let r = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path);
        let _ = std::fs::remove_file(&path);
        match r {
            Ok(file) => Ok(new_file(ctx, Stream::File(file)).into()),
            Err(e) => {
                set_errno(ctx, &arg(args, 0), errno(&e));
                Ok(JsValue::null())
            }
        }
    });
    f("puts", 1, |ctx, _, args| {
        let s = convert::string(ctx, args, 0)?;
        let _ = std::io::stdout().lock().write_all(s.as_bytes());
        Ok(JsValue::undefined())
    });
    f("printf", 1, |ctx, _, args| {
        let fmt = convert::string(ctx, args, 0)?;
        let s = crate::printf::format(ctx, &fmt, args.get(1..).unwrap_or(&[]))?;
        let _ = std::io::stdout().lock().write_all(s.as_bytes());
        Ok(num(s.len() as f64))
    });
    f("sprintf", 1, |ctx, _, args| {
        let fmt = convert::string(ctx, args, 0)?;
        let s = crate::printf::format(ctx, &fmt, args.get(1..).unwrap_or(&[]))?;
        Ok(ctx.new_string(&s))
    });
    f("getenv", 1, |ctx, _, args| {
        let name = convert::string(ctx, args, 0)?;
        Ok(match env_var(&name) {
            Some(v) => ctx.new_string(&v),
            None => JsValue::undefined(),
        })
    });
    f("setenv", 2, |ctx, _, args| {
        let name = convert::string(ctx, args, 0)?;
        let value = convert::string(ctx, args, 1)?;
        if name.is_empty() || name.contains(['=', '\0']) || value.contains('\0') {
            return Err(convert::error(
                ctx,
                "TypeError",
                "invalid environment variable",
            ));
        }
        set_env(&name, Some(&value));
        Ok(JsValue::undefined())
    });
    f("unsetenv", 1, |ctx, _, args| {
        let name = convert::string(ctx, args, 0)?;
        if !name.is_empty() && !name.contains(['=', '\0']) {
            set_env(&name, None);
        }
        Ok(JsValue::undefined())
    });
    f("getenviron", 0, |ctx, _, _| {
        let o = ctx.new_object();
        for (k, v) in env_vars() {
            convert::set(ctx, &o, &k, ctx.new_string(&v));
        }
        Ok(o.into())
    });
    f("strerror", 1, |ctx, _, args| {
        Ok(ctx.new_string(&strerror(int(args, 0) as i32)))
    });
    f("gc", 0, |ctx, _, _| {
        ctx.runtime().run_gc();
        Ok(JsValue::undefined())
    });
    f("urlGet", 1, url_get);
    f("parseExtJSON", 1, parse_ext_json);
    e.push(("in".into(), new_file(ctx, Stream::Stdin).into()));
    e.push(("out".into(), new_file(ctx, Stream::Stdout).into()));
    e.push(("err".into(), new_file(ctx, Stream::Stderr).into()));
    e.push(("SEEK_SET".into(), num(0)));
    e.push(("SEEK_CUR".into(), num(1)));
    e.push(("SEEK_END".into(), num(2)));
    let errors = ctx.new_object();
    for (name, n) in ERRORS {
        convert::set(ctx, &errors, name, num(*n));
    }
    e.push(("Error".into(), errors.into()));
    e
}

/// Changes the environment the shell's scripts and children see.
/// Changing the process's own environment is unsound while other threads
/// (workers) may read it, so the changes are kept in a process-wide table
/// that `getenv`, `getenviron` and `os.exec` apply over it.
fn set_env(name: &str, value: Option<&str>) {
    let mut t = ENV.lock().unwrap_or_else(|p| p.into_inner());
    t.insert(name.to_string(), value.map(str::to_string));
}

/// Variable `name` of the environment, with the changes applied.
pub fn env_var(name: &str) -> Option<String> {
    let t = ENV.lock().unwrap_or_else(|p| p.into_inner());
    match t.get(name) {
        Some(v) => v.clone(),
        None => std::env::var(name).ok(),
    }
}

/// The whole environment, with the changes applied.
pub fn env_vars() -> Vec<(String, String)> {
    let t = ENV.lock().unwrap_or_else(|p| p.into_inner());
    let mut all: std::collections::BTreeMap<String, String> = std::env::vars_os()
        .map(|(k, v)| {
            (
                k.to_string_lossy().into_owned(),
                v.to_string_lossy().into_owned(),
            )
        })
        .collect();
    for (k, v) in t.iter() {
        match v {
            Some(v) => all.insert(k.clone(), v.clone()),
            None => all.remove(k),
        };
    }
    all.into_iter().collect()
}

/// Applies the environment changes to a command about to start.
pub fn apply_env(cmd: &mut std::process::Command) {
    let t = ENV.lock().unwrap_or_else(|p| p.into_inner());
    for (k, v) in t.iter() {
        match v {
            Some(v) => cmd.env(k, v),
            None => cmd.env_remove(k),
        };
    }
}

static ENV: std::sync::Mutex<std::collections::BTreeMap<String, Option<String>>> =
    std::sync::Mutex::new(std::collections::BTreeMap::new());

/// The `std` module as an object (for `--std`).
pub fn object(ctx: &Context) -> JsObject {
    let o = ctx.new_object();
    for (k, v) in exports(ctx) {
        convert::set(ctx, &o, &k, v);
    }
    o
}

/// The `std` module.
pub fn module() -> NativeModule {
    NativeModule::new(|ctx| Ok(exports(ctx)))
}
