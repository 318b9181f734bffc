//! `FILE` objects of the `std` module (`std.open`, `std.popen`,
//! `std.fdopen`, `std.tmpfile`, `std.in`/`out`/`err`), with the methods
//! QuickJS documents: `close puts printf flush seek tell tello eof fileno
//! error clearerr read write getline readAsString getByte putByte`.

use std::cell::RefCell;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::process::{Child, ChildStdin, ChildStdout};
use std::rc::Rc;

use engine::{Context, JsObject, JsValue};

use crate::convert::{self, HostResult, arg, errno, int, int_or, num};

pub enum Stream {
    File(std::fs::File),
    Stdin,
    Stdout,
    Stderr,
    /// `std.popen(cmd, "r")`: the command's output.
    ProcRead(Child, ChildStdout),
    /// `std.popen(cmd, "w")`: the command's input.
    ProcWrite(Child, Option<ChildStdin>),
    Closed,
}

struct FileState {
    stream: Stream,
    /// Bytes read ahead, from `pos` on.
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    error: bool,
}

const EBADF: i32 = 9;

/// A method of a `FILE` object, given its state.
type Method = dyn Fn(&Context, &mut FileState, &[JsValue]) -> HostResult;

impl FileState {
    fn raw_read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        match &mut self.stream {
            Stream::File(f) => f.read(out),
            Stream::Stdin => std::io::stdin().lock().read(out),
            Stream::ProcRead(_, o) => o.read(out),
            _ => Err(std::io::Error::from_raw_os_error(EBADF)),
        }
    }

    /// Fills the read-ahead buffer when it is empty; false at the end.
    fn fill(&mut self) -> bool {
        if self.pos < self.buf.len() {
            return true;
        }
        self.buf.resize(8192, 0);
        self.pos = 0;
        let mut tmp = std::mem::take(&mut self.buf);
        let r = self.raw_read(&mut tmp);
        self.buf = tmp;
        match r {
            Ok(0) => {
                self.buf.clear();
                self.eof = true;
                false
            }
            Ok(n) => {
                self.buf.truncate(n);
                true
            }
            Err(_) => {
                self.buf.clear();
                self.error = true;
                false
            }
        }
    }

    fn read_bytes(&mut self, out: &mut [u8]) -> usize {
        let mut n = 0;
        while n < out.len() && self.fill() {
            let k = (self.buf.len() - self.pos).min(out.len() - n);
            out[n..n + k].copy_from_slice(&self.buf[self.pos..self.pos + k]);
            self.pos += k;
            n += k;
        }
        n
    }

    /// Gives back the unread read-ahead (before writing or seeking).
    fn drop_read_ahead(&mut self) {
        let unread = (self.buf.len() - self.pos) as i64;
        if unread > 0
            && let Stream::File(f) = &mut self.stream
        {
            let _ = f.seek(SeekFrom::Current(-unread));
        }
        self.buf.clear();
        self.pos = 0;
    }

    fn write_bytes(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.drop_read_ahead();
        let r = match &mut self.stream {
            Stream::File(f) => f.write_all(data),
            Stream::Stdout => std::io::stdout().lock().write_all(data),
            Stream::Stderr => {
                let _ = std::io::stdout().flush();
                std::io::stderr().lock().write_all(data)
            }
            Stream::ProcWrite(_, Some(i)) => i.write_all(data),
            _ => Err(std::io::Error::from_raw_os_error(EBADF)),
        };
        match r {
            Ok(()) => Ok(data.len()),
            Err(e) => {
                self.error = true;
                Err(e)
            }
        }
    }

    fn tell(&mut self) -> i64 {
        let unread = (self.buf.len() - self.pos) as i64;
        match &mut self.stream {
            Stream::File(f) => f.stream_position().map_or(-1, |p| p as i64 - unread),
            _ => -29, // ESPIPE
        }
    }
}

/// The bytes of `buffer` from `pos` for `len` (an ArrayBuffer or a view).
fn with_range<R>(
    ctx: &Context,
    args: &[JsValue],
    f: impl FnOnce(&mut [u8]) -> R,
) -> Result<R, JsValue> {
    let buf = arg(args, 0);
    let pos = int(args, 1).max(0) as usize;
    let len = int(args, 2).max(0) as usize;
    ctx.with_bytes(&buf, |bytes| {
        let end = pos.checked_add(len).filter(|&e| e <= bytes.len())?;
        Some(f(&mut bytes[pos..end]))
    })
    .flatten()
    .ok_or_else(|| convert::error(ctx, "RangeError", "read/write array buffer overflow"))
}

/// A new `FILE` object over `stream`.
pub fn new_file(ctx: &Context, stream: Stream) -> JsObject {
    let st = Rc::new(RefCell::new(FileState {
        stream,
        buf: Vec::new(),
        pos: 0,
        eof: false,
        error: false,
    }));
    let o = ctx.new_object();
    let m = |name: &str, len: u32, f: Box<Method>| {
        let st = st.clone();
        convert::method(ctx, &o, name, len, move |ctx, _this, args| {
            f(ctx, &mut st.borrow_mut(), args)
        });
    };
    m(
        "close",
        0,
        Box::new(|_, s, _| {
            let old = std::mem::replace(&mut s.stream, Stream::Closed);
            let r = match old {
                Stream::Closed => -EBADF,
                Stream::ProcRead(mut c, out) => {
                    drop(out);
                    c.wait().map_or(-1, |st| st.code().unwrap_or(-1))
                }
                Stream::ProcWrite(mut c, input) => {
                    drop(input);
                    c.wait().map_or(-1, |st| st.code().unwrap_or(-1))
                }
                Stream::File(f) => {
                    drop(f);
                    0
                }
                _ => 0,
            };
            Ok(num(r))
        }),
    );
    m(
        "puts",
        1,
        Box::new(|ctx, s, args| {
            let text = convert::string(ctx, args, 0)?;
            let _ = s.write_bytes(text.as_bytes());
            Ok(JsValue::undefined())
        }),
    );
    m(
        "printf",
        1,
        Box::new(|ctx, s, args| {
            let fmt = convert::string(ctx, args, 0)?;
            let text = crate::printf::format(ctx, &fmt, args.get(1..).unwrap_or(&[]))?;
            let n = s.write_bytes(text.as_bytes()).unwrap_or(0);
            Ok(num(n as f64))
        }),
    );
    m(
        "flush",
        0,
        Box::new(|_, s, _| {
            let _ = match &mut s.stream {
                Stream::File(f) => f.flush(),
                Stream::Stdout => std::io::stdout().flush(),
                Stream::ProcWrite(_, Some(i)) => i.flush(),
                _ => Ok(()),
            };
            Ok(num(0))
        }),
    );
    m(
        "seek",
        2,
        Box::new(|_, s, args| {
            let off = arg(args, 0).as_bigint_i64().unwrap_or_else(|| int(args, 0));
            let whence = int(args, 1);
            s.drop_read_ahead();
            s.eof = false;
            let Stream::File(f) = &mut s.stream else {
                return Ok(num(-29));
            };
            let to = match whence {
                0 if off >= 0 => SeekFrom::Start(off as u64),
                1 => SeekFrom::Current(off),
                2 => SeekFrom::End(off),
                _ => return Ok(num(-22)),
            };
            Ok(num(match f.seek(to) {
                Ok(_) => 0,
                Err(e) => -errno(&e),
            }))
        }),
    );
    m("tell", 0, Box::new(|_, s, _| Ok(num(s.tell() as f64))));
    m(
        "tello",
        0,
        Box::new(|ctx, s, _| Ok(ctx.new_bigint(s.tell() as i128))),
    );
    m("eof", 0, Box::new(|_, s, _| Ok(JsValue::from(s.eof))));
    m(
        "fileno",
        0,
        Box::new(|_, s, _| {
            Ok(num(match &s.stream {
                Stream::File(f) => f.as_raw_fd(),
                Stream::Stdin => 0,
                Stream::Stdout => 1,
                Stream::Stderr => 2,
                Stream::ProcRead(_, o) => o.as_raw_fd(),
                Stream::ProcWrite(_, Some(i)) => i.as_raw_fd(),
                _ => -1,
            }))
        }),
    );
    m("error", 0, Box::new(|_, s, _| Ok(JsValue::from(s.error))));
    m(
        "clearerr",
        0,
        Box::new(|_, s, _| {
            s.error = false;
            s.eof = false;
            Ok(JsValue::undefined())
        }),
    );
    m(
        "read",
        3,
        Box::new(|ctx, s, args| {
            let n = with_range(ctx, args, |b| s.read_bytes(b))?;
            Ok(num(n as f64))
        }),
    );
    m(
        "write",
        3,
        Box::new(|ctx, s, args| {
            let data = with_range(ctx, args, |b| b.to_vec())?;
            Ok(num(s.write_bytes(&data).unwrap_or(0) as f64))
        }),
    );
    m(
        "getline",
        0,
        Box::new(|ctx, s, _| {
            let mut line = Vec::new();
            let mut any = false;
            while s.fill() {
                any = true;
                let rest = &s.buf[s.pos..];
                match rest.iter().position(|&b| b == b'\n') {
                    Some(i) => {
                        line.extend_from_slice(&rest[..i]);
                        s.pos += i + 1;
                        return Ok(ctx.new_string(&String::from_utf8_lossy(&line)));
                    }
                    None => {
                        line.extend_from_slice(rest);
                        s.pos = s.buf.len();
                    }
                }
            }
            if !any {
                return Ok(JsValue::null());
            }
            Ok(ctx.new_string(&String::from_utf8_lossy(&line)))
        }),
    );
    m(
        "readAsString",
        1,
        Box::new(|ctx, s, args| {
            let max = int_or(args, 0, -1);
            let mut out = Vec::new();
            while (max < 0 || (out.len() as i64) < max) && s.fill() {
                let avail = s.buf.len() - s.pos;
                let k = if max < 0 {
                    avail
                } else {
                    avail.min((max as usize) - out.len())
                };
                out.extend_from_slice(&s.buf[s.pos..s.pos + k]);
                s.pos += k;
            }
            Ok(ctx.new_string(&String::from_utf8_lossy(&out)))
        }),
    );
    m(
        "getByte",
        0,
        Box::new(|_, s, _| {
            let mut b = [0u8];
            Ok(num(if s.read_bytes(&mut b) == 1 {
                b[0] as i32
            } else {
                -1
            }))
        }),
    );
    m(
        "putByte",
        1,
        Box::new(|_, s, args| {
            let c = int(args, 0) as u8;
            let _ = s.write_bytes(&[c]);
            Ok(num(c as i32))
        }),
    );
    o
}
