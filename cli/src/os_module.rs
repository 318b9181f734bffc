//! The `os` host module (QuickJS's `qjs:os`): file descriptors, the file
//! system, processes, signals, timers, terminals and `Worker`. As QuickJS
//! documents, most functions return `0` or a negative errno, and those
//! returning a value return `[value, errno]`.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::time::Duration;

use engine::{Context, JsObject, JsValue, NativeModule};

use crate::convert::{self, HostResult, arg, errno, int, int_or, num};
use crate::event_loop::{self, with};

const EBADF: i32 = 9;
const ECHILD: i32 = 10;
const EINVAL: i32 = 22;

fn neg_errno(r: std::io::Result<()>) -> JsValue {
    num(match r {
        Ok(()) => 0,
        Err(e) => -errno(&e),
    })
}

fn rustix_errno(e: rustix::io::Errno) -> i32 {
    e.raw_os_error()
}

/// Runs `f` on descriptor `fd`: a standard stream or one of the table.
fn with_fd<R>(fd: i32, f: impl FnOnce(BorrowedFd<'_>) -> R) -> Option<R> {
    match fd {
        0 => Some(f(std::io::stdin().as_fd())),
        1 => Some(f(std::io::stdout().as_fd())),
        2 => Some(f(std::io::stderr().as_fd())),
        n => {
            let owned = with(|h| h.fds.get(&n).map(|o| o.try_clone()))?.ok()?;
            Some(f(owned.as_fd()))
        }
    }
}

/// A new descriptor for `fd` (for a child's standard streams).
pub fn dup_fd(fd: i32) -> Option<OwnedFd> {
    with_fd(fd, |b| b.try_clone_to_owned().ok()).flatten()
}

fn add_fd(fd: OwnedFd) -> i32 {
    let n = fd.as_raw_fd();
    with(|h| h.fds.insert(n, fd));
    n
}

fn bytes_io(ctx: &Context, args: &[JsValue], write: bool) -> HostResult {
    let fd = int(args, 0) as i32;
    let buf = arg(args, 1);
    let off = int(args, 2).max(0) as usize;
    let len = int(args, 3).max(0) as usize;
    let r = ctx.with_bytes(&buf, |bytes| {
        let end = off.checked_add(len).filter(|&e| e <= bytes.len())?;
        let slice = &mut bytes[off..end];
        with_fd(fd, |b| {
            if write {
                rustix::io::write(b, slice)
            } else {
                rustix::io::read(b, slice)
            }
        })
        .map(|r| r.map_or_else(|e| -(rustix_errno(e) as i64), |n| n as i64))
        .or(Some(-(EBADF as i64)))
    });
    match r {
        Some(Some(n)) => Ok(num(n as f64)),
        _ => Err(convert::error(
            ctx,
            "RangeError",
            "read/write array buffer overflow",
        )),
    }
}

fn stat(ctx: &Context, args: &[JsValue], link: bool) -> HostResult {
    let path = convert::string(ctx, args, 0)?;
    let m = if link {
        std::fs::symlink_metadata(&path)
    } else {
        std::fs::metadata(&path)
    };
    match m {
        Ok(m) => {
            let o = ctx.new_object();
            let ms = |s: i64, ns: i64| num(s as f64 * 1000.0 + (ns / 1_000_000) as f64);
            convert::set(ctx, &o, "dev", num(m.dev() as f64));
            convert::set(ctx, &o, "ino", num(m.ino() as f64));
            convert::set(ctx, &o, "mode", num(m.mode()));
            convert::set(ctx, &o, "nlink", num(m.nlink() as f64));
            convert::set(ctx, &o, "uid", num(m.uid()));
            convert::set(ctx, &o, "gid", num(m.gid()));
            convert::set(ctx, &o, "rdev", num(m.rdev() as f64));
            convert::set(ctx, &o, "size", num(m.size() as f64));
            convert::set(ctx, &o, "blksize", num(m.blksize() as f64));
            convert::set(ctx, &o, "blocks", num(m.blocks() as f64));
            convert::set(ctx, &o, "atime", ms(m.atime(), m.atime_nsec()));
            convert::set(ctx, &o, "mtime", ms(m.mtime(), m.mtime_nsec()));
            convert::set(ctx, &o, "ctime", ms(m.ctime(), m.ctime_nsec()));
            Ok(convert::array(ctx, &[o.into(), num(0)]))
        }
        Err(e) => Ok(convert::array(ctx, &[JsValue::null(), num(errno(&e))])),
    }
}

/// `[string, errno]`.
fn pair(ctx: &Context, r: std::io::Result<String>) -> JsValue {
    match r {
        Ok(s) => convert::array(ctx, &[ctx.new_string(&s), num(0)]),
        Err(e) => convert::array(ctx, &[ctx.new_string(""), num(errno(&e))]),
    }
}

fn option(ctx: &Context, opts: &Option<JsObject>, key: &str) -> Result<JsValue, JsValue> {
    match opts {
        Some(o) => o.get(ctx, key).map_err(convert::thrown),
        None => Ok(JsValue::undefined()),
    }
}

/// `os.exec(args, options)`.
fn exec(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    use std::process::{Command, Stdio};
    let argv: Vec<String> = convert::array_items(ctx, &arg(args, 0))?
        .iter()
        .map(|v| ctx.to_string(v).map_err(convert::thrown))
        .collect::<Result<_, _>>()?;
    if argv.is_empty() {
        return Err(convert::error(
            ctx,
            "TypeError",
            "exec: empty argument list",
        ));
    }
    let opts = arg(args, 1).as_object();
    let get = |k: &str| option(ctx, &opts, k);
    let block = get("block")?;
    let block = block.is_undefined() || convert::truthy(&block);
    let use_path = get("usePath")?;
    let use_path = use_path.is_undefined() || convert::truthy(&use_path);
    let file = get("file")?;
    let mut program = if file.is_undefined() {
        argv[0].clone()
    } else {
        ctx.to_string(&file).map_err(convert::thrown)?
    };
    if !use_path && !program.contains('/') {
        program = format!("./{program}");
    }
    let mut cmd = Command::new(&program);
    cmd.arg0(&argv[0]).args(&argv[1..]);
    crate::std_module::apply_env(&mut cmd);
    let cwd = get("cwd")?;
    if !cwd.is_undefined() {
        cmd.current_dir(ctx.to_string(&cwd).map_err(convert::thrown)?);
    }
    let env = get("env")?;
    if let Some(env) = env.as_object() {
        cmd.env_clear();
        let keys = crate::event_loop::call_helper(ctx, "keys", &[env.clone().into()])?;
        for k in convert::array_items(ctx, &keys)? {
            let k = ctx.to_string(&k).map_err(convert::thrown)?;
            let v = env.get(ctx, &k).map_err(convert::thrown)?;
            cmd.env(&k, ctx.to_string(&v).map_err(convert::thrown)?);
        }
    }
    for (key, which) in [("stdin", 0), ("stdout", 1), ("stderr", 2)] {
        let v = get(key)?;
        if v.is_undefined() {
            continue;
        }
        let fd = convert::number(&v) as i32;
        let Some(owned) = dup_fd(fd) else {
            return Err(convert::error(
                ctx,
                "TypeError",
                &format!("exec: bad {key} descriptor"),
            ));
        };
        let s = Stdio::from(owned);
        match which {
            0 => cmd.stdin(s),
            1 => cmd.stdout(s),
            _ => cmd.stderr(s),
        };
    }
    let uid = get("uid")?;
    if !uid.is_undefined() {
        cmd.uid(convert::number(&uid) as u32);
    }
    let gid = get("gid")?;
    if !gid.is_undefined() {
        cmd.gid(convert::number(&gid) as u32);
    }
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        // As QuickJS's child after a failed exec: status 127.
        Err(_) if block => return Ok(num(127)),
        Err(e) => return Ok(num(-errno(&e))),
    };
    if !block {
        let pid = child.id() as i32;
        with(|h| h.children.insert(pid, child));
        return Ok(num(pid));
    }
    match child.wait() {
        Ok(st) => Ok(num(match (st.code(), st.signal()) {
            (Some(c), _) => c,
            (None, Some(s)) => -s,
            _ => -1,
        })),
        Err(e) => Ok(num(-errno(&e))),
    }
}

fn waitpid(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let pid = int(args, 0) as i32;
    let nohang = int(args, 1) & 1 != 0;
    let child = with(|h| {
        if pid == -1 {
            let k = h.children.keys().next().copied()?;
            h.children.remove_entry(&k)
        } else {
            h.children.remove_entry(&pid)
        }
    });
    let Some((pid, mut child)) = child else {
        return Ok(convert::array(ctx, &[num(-ECHILD), num(0)]));
    };
    let r = if nohang {
        child.try_wait()
    } else {
        child.wait().map(Some)
    };
    match r {
        Ok(Some(st)) => Ok(convert::array(ctx, &[num(pid), num(st.into_raw())])),
        Ok(None) => {
            with(|h| h.children.insert(pid, child));
            Ok(convert::array(ctx, &[num(0), num(0)]))
        }
        Err(e) => Ok(convert::array(ctx, &[num(-errno(&e)), num(0)])),
    }
}

fn readdir(ctx: &Context, _this: &JsValue, args: &[JsValue]) -> HostResult {
    let path = convert::string(ctx, args, 0)?;
    match std::fs::read_dir(&path) {
        Ok(rd) => {
            let mut names = vec![".".to_string(), "..".to_string()];
            for e in rd.flatten() {
                names.push(e.file_name().to_string_lossy().into_owned());
            }
            Ok(convert::array(
                ctx,
                &[convert::string_array(ctx, &names), num(0)],
            ))
        }
        Err(e) => Ok(convert::array(ctx, &[JsValue::null(), num(errno(&e))])),
    }
}

fn set_handler(ctx: &Context, args: &[JsValue], write: bool) -> HostResult {
    let fd = int(args, 0) as i32;
    let f = arg(args, 1);
    with(|h| {
        let map = if write {
            &mut h.write_handlers
        } else {
            &mut h.read_handlers
        };
        if convert::is_function(&f) {
            map.insert(fd, f);
        } else {
            map.remove(&fd);
        }
    });
    let _ = ctx;
    Ok(JsValue::undefined())
}

/// The exports of `os`.
pub fn exports(ctx: &Context) -> Vec<(String, JsValue)> {
    let mut e: Vec<(String, JsValue)> = Vec::new();
    let mut f = |name: &str, len: u32, func: fn(&Context, &JsValue, &[JsValue]) -> HostResult| {
        e.push((name.into(), ctx.new_function(name, len, func).into()));
    };
    f("open", 2, |ctx, _, args| {
        use rustix::fs::{Mode, OFlags};
        let path = convert::string(ctx, args, 0)?;
        let flags = OFlags::from_bits_retain(int(args, 1) as u32) | OFlags::CLOEXEC;
        let mode = Mode::from_raw_mode(int_or(args, 2, 0o666) as u32);
        Ok(num(match rustix::fs::open(path.as_str(), flags, mode) {
            Ok(fd) => add_fd(fd),
            Err(e) => -rustix_errno(e),
        }))
    });
    f("close", 1, |_, _, args| {
        let fd = int(args, 0) as i32;
        Ok(num(match with(|h| h.fds.remove(&fd)) {
            Some(f) => {
                drop(f);
                0
            }
            None if (0..=2).contains(&fd) => 0,
            None => -EBADF,
        }))
    });
    f("read", 4, |ctx, _, args| bytes_io(ctx, args, false));
    f("write", 4, |ctx, _, args| bytes_io(ctx, args, true));
    f("seek", 3, |ctx, _, args| {
        use rustix::fs::SeekFrom;
        let fd = int(args, 0) as i32;
        let big = arg(args, 1).is_bigint();
        let off = arg(args, 1).as_bigint_i64().unwrap_or_else(|| int(args, 1));
        let pos = match int(args, 2) {
            0 => SeekFrom::Start(off.max(0) as u64),
            1 => SeekFrom::Current(off),
            2 => SeekFrom::End(off),
            _ => return Ok(num(-EINVAL)),
        };
        let r = with_fd(fd, |b| rustix::fs::seek(b, pos)).unwrap_or(Err(rustix::io::Errno::BADF));
        let n = match r {
            Ok(p) => p as i128,
            Err(e) => -(rustix_errno(e) as i128),
        };
        Ok(if big {
            ctx.new_bigint(n)
        } else {
            num(n as f64)
        })
    });
    f("isatty", 1, |_, _, args| {
        let fd = int(args, 0) as i32;
        Ok(JsValue::from(
            with_fd(fd, |b| rustix::termios::isatty(b)).unwrap_or(false),
        ))
    });
    f("ttyGetWinSize", 1, |ctx, _, args| {
        let fd = int(args, 0) as i32;
        match with_fd(fd, |b| rustix::termios::tcgetwinsize(b)) {
            Some(Ok(ws)) => Ok(convert::array(ctx, &[num(ws.ws_col), num(ws.ws_row)])),
            _ => Ok(JsValue::null()),
        }
    });
    f("ttySetRaw", 1, |_, _, args| {
        use rustix::termios::{OptionalActions, tcgetattr, tcsetattr};
        let fd = int(args, 0) as i32;
        let _ = with_fd(fd, |b| {
            if let Ok(mut t) = tcgetattr(b) {
                t.make_raw();
                let _ = tcsetattr(b, OptionalActions::Now, &t);
            }
        });
        Ok(JsValue::undefined())
    });
    f("remove", 1, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let r = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => std::fs::remove_dir(&path),
            _ => std::fs::remove_file(&path),
        };
        Ok(neg_errno(r))
    });
    f("rename", 2, |ctx, _, args| {
        let a = convert::string(ctx, args, 0)?;
        let b = convert::string(ctx, args, 1)?;
        Ok(neg_errno(std::fs::rename(a, b)))
    });
    f("mkdir", 1, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let mode = int_or(args, 1, 0o777) as u32;
        Ok(neg_errno(
            std::fs::DirBuilder::new().mode(mode).create(path),
        ))
    });
    f("realpath", 1, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let r = std::fs::canonicalize(path).map(|p| p.to_string_lossy().into_owned());
        Ok(pair(ctx, r))
    });
    f("getcwd", 0, |ctx, _, _| {
        let r = std::env::current_dir().map(|p| p.to_string_lossy().into_owned());
        Ok(pair(ctx, r))
    });
    f("chdir", 1, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        Ok(neg_errno(std::env::set_current_dir(path)))
    });
    f("stat", 1, |ctx, _, args| stat(ctx, args, false));
    f("lstat", 1, |ctx, _, args| stat(ctx, args, true));
    f("utimes", 3, |ctx, _, args| {
        use rustix::fs::{AtFlags, CWD, Timespec, Timestamps, utimensat};
        let path = convert::string(ctx, args, 0)?;
        let ts = |ms: f64| Timespec {
            tv_sec: (ms / 1000.0).floor() as i64,
            tv_nsec: ((ms.rem_euclid(1000.0)) * 1e6) as i64,
        };
        let times = Timestamps {
            last_access: ts(convert::number(&arg(args, 1))),
            last_modification: ts(convert::number(&arg(args, 2))),
        };
        Ok(num(
            match utimensat(CWD, path.as_str(), &times, AtFlags::empty()) {
                Ok(()) => 0,
                Err(e) => -rustix_errno(e),
            },
        ))
    });
    f("symlink", 2, |ctx, _, args| {
        let target = convert::string(ctx, args, 0)?;
        let link = convert::string(ctx, args, 1)?;
        Ok(neg_errno(std::os::unix::fs::symlink(target, link)))
    });
    f("readlink", 1, |ctx, _, args| {
        let path = convert::string(ctx, args, 0)?;
        let r = std::fs::read_link(path).map(|p| p.to_string_lossy().into_owned());
        Ok(pair(ctx, r))
    });
    f("readdir", 1, readdir);
    f("setReadHandler", 2, |ctx, _, args| {
        set_handler(ctx, args, false)
    });
    f("setWriteHandler", 2, |ctx, _, args| {
        set_handler(ctx, args, true)
    });
    f("signal", 2, |ctx, _, args| {
        let sig = int(args, 0) as i32;
        event_loop::set_signal_handler(ctx, sig, arg(args, 1))
    });
    f("kill", 2, |_, _, args| {
        use rustix::process::{Pid, Signal, kill_process, test_kill_process};
        let Some(pid) = Pid::from_raw(int(args, 0) as i32) else {
            return Ok(num(-EINVAL));
        };
        let sig = int(args, 1) as i32;
        let r = if sig == 0 {
            test_kill_process(pid)
        } else {
            match Signal::from_named_raw(sig) {
                Some(s) => kill_process(pid, s),
                None => return Ok(num(-EINVAL)),
            }
        };
        Ok(num(match r {
            Ok(()) => 0,
            Err(e) => -rustix_errno(e),
        }))
    });
    f("exec", 1, exec);
    f("waitpid", 2, waitpid);
    f("getpid", 0, |_, _, _| Ok(num(std::process::id())));
    f("pipe", 0, |ctx, _, _| match rustix::pipe::pipe() {
        Ok((r, w)) => Ok(convert::array(ctx, &[num(add_fd(r)), num(add_fd(w))])),
        Err(_) => Ok(JsValue::null()),
    });
    f("dup", 1, |_, _, args| {
        let fd = int(args, 0) as i32;
        Ok(num(match dup_fd(fd) {
            Some(d) => add_fd(d),
            None => -EBADF,
        }))
    });
    f("dup2", 2, |_, _, args| {
        let (from, to) = (int(args, 0) as i32, int(args, 1) as i32);
        let target = with(|h| h.fds.remove(&to));
        let Some(mut target) = target else {
            return Ok(num(-EBADF));
        };
        let r = with_fd(from, |b| rustix::io::dup2(b, &mut target))
            .unwrap_or(Err(rustix::io::Errno::BADF));
        with(|h| h.fds.insert(to, target));
        Ok(num(match r {
            Ok(()) => to,
            Err(e) => -rustix_errno(e),
        }))
    });
    f("sleep", 1, |_, _, args| {
        let ms = convert::number(&arg(args, 0));
        if ms.is_finite() && ms > 0.0 {
            std::thread::sleep(Duration::from_secs_f64(ms.min(1e9) / 1000.0));
        }
        Ok(JsValue::undefined())
    });
    f("sleepAsync", 1, |ctx, _, args| {
        let ms = convert::number(&arg(args, 0));
        let (promise, resolve, _) = event_loop::deferred(ctx)?;
        event_loop::add_timer(resolve, Vec::new(), ms, false);
        Ok(promise)
    });
    f("now", 0, |_, _, _| {
        Ok(num(with(|h| h.start.elapsed().as_secs_f64() * 1000.0)))
    });
    f("setTimeout", 2, |ctx, _, args| {
        event_loop::set_timer(ctx, args, false)
    });
    f("clearTimeout", 1, event_loop::clear_timer_fn);
    f("setInterval", 2, |ctx, _, args| {
        event_loop::set_timer(ctx, args, true)
    });
    f("clearInterval", 1, event_loop::clear_timer_fn);
    e.push(("Worker".into(), crate::worker::constructor(ctx)));
    e.push(("platform".into(), ctx.new_string(std::env::consts::OS)));
    use rustix::fs::OFlags;
    let consts: &[(&str, f64)] = &[
        ("O_RDONLY", OFlags::RDONLY.bits() as f64),
        ("O_WRONLY", OFlags::WRONLY.bits() as f64),
        ("O_RDWR", OFlags::RDWR.bits() as f64),
        ("O_APPEND", OFlags::APPEND.bits() as f64),
        ("O_CREAT", OFlags::CREATE.bits() as f64),
        ("O_EXCL", OFlags::EXCL.bits() as f64),
        ("O_TRUNC", OFlags::TRUNC.bits() as f64),
        ("O_TEXT", 0.0),
        ("S_IFMT", 0o170000 as f64),
        ("S_IFIFO", 0o010000 as f64),
        ("S_IFCHR", 0o020000 as f64),
        ("S_IFDIR", 0o040000 as f64),
        ("S_IFBLK", 0o060000 as f64),
        ("S_IFREG", 0o100000 as f64),
        ("S_IFLNK", 0o120000 as f64),
        ("S_IFSOCK", 0o140000 as f64),
        ("S_ISGID", 0o2000 as f64),
        ("S_ISUID", 0o4000 as f64),
        ("SIGINT", 2.0),
        ("SIGQUIT", 3.0),
        ("SIGILL", 4.0),
        ("SIGABRT", 6.0),
        ("SIGFPE", 8.0),
        ("SIGKILL", 9.0),
        ("SIGUSR1", 10.0),
        ("SIGSEGV", 11.0),
        ("SIGUSR2", 12.0),
        ("SIGPIPE", 13.0),
        ("SIGALRM", 14.0),
        ("SIGTERM", 15.0),
        ("SIGCHLD", 17.0),
        ("WNOHANG", 1.0),
    ];
    for (k, v) in consts {
        e.push(((*k).into(), num(*v)));
    }
    e
}

/// The `os` module as an object (for `--std`).
pub fn object(ctx: &Context) -> JsObject {
    let o = ctx.new_object();
    for (k, v) in exports(ctx) {
        convert::set(ctx, &o, &k, v);
    }
    o
}

/// The `os` module.
pub fn module() -> NativeModule {
    NativeModule::new(|ctx| Ok(exports(ctx)))
}
