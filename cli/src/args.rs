//! Command-line options, parsed like QuickJS's `qjs`.

pub const USAGE: &str = "usage: cli [options] [file [args...]]
options:
  -h, --help                 show this help
  -e, --eval EXPR            evaluate EXPR
  -p, --print EXPR           evaluate EXPR and print its value
  -i, --interactive          go to the REPL after running the file or EXPR
  -m, --module               run the file (or EXPR) as an ES module
      --script               run the file as a classic script (no module detection)
  -I, --include FILE         run FILE (as a script) first; may be repeated
      --std                  make the 'std' and 'os' modules available as globals
  -q, --quit                 set up the runtime and quit
      --memory-limit N       limit the heap to N bytes (suffixes k, M, G)
      --stack-size N         limit the native stack to N bytes (suffixes k, M, G)
      --unhandled-rejection[=MODE]
                             what an unhandled promise rejection does: 'throw'
                             (the default of the bare flag: print it and exit
                             with status 1), 'warn-with-error-code' (the
                             default: print it, go on, exit with status 1 at
                             the end), 'warn' (print it) or 'none'
      --no-color             never colour the REPL's output
  -d, --dump-memory          print memory statistics at exit
      --dump-bytecode        print the compiled bytecode instead of running
Files ending in .mjs, and files whose first statement is an import or export
declaration, run as modules. With no file or EXPR the REPL starts.";

/// What to do with a promise rejected without a handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionMode {
    /// Print it and exit with status 1 at once.
    Throw,
    /// Print it, continue, and exit with status 1 at the end.
    WarnWithErrorCode,
    /// Print it.
    Warn,
    /// Ignore it.
    None,
}

/// Whether the main file runs as a module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModuleMode {
    /// Decided by the file's extension and first statement.
    Auto,
    Module,
    Script,
}

#[derive(Debug)]
pub struct Options {
    pub expr: Option<String>,
    /// `-p`: print the value of the expression.
    pub print: bool,
    pub file: Option<String>,
    /// `scriptArgs`: the file (or the expression) then its arguments.
    pub script_args: Vec<String>,
    pub interactive: bool,
    pub module: ModuleMode,
    pub includes: Vec<String>,
    pub std_globals: bool,
    pub quit: bool,
    pub memory_limit: Option<usize>,
    pub stack_size: Option<usize>,
    pub rejections: RejectionMode,
    pub color: bool,
    pub dump_memory: bool,
    pub dump_bytecode: bool,
}

/// Why parsing stopped: help was asked for, or an error.
#[derive(Debug)]
pub enum ArgsError {
    Help,
    Invalid(String),
}

/// A size with an optional unit suffix: `4096`, `512k`, `64M`, `1G`
/// (powers of 1024; `B` and `iB`/`b` endings are accepted).
pub fn parse_size(s: &str) -> Option<usize> {
    let t = s.trim();
    let t = t
        .strip_suffix("iB")
        .or_else(|| t.strip_suffix('B'))
        .or_else(|| t.strip_suffix('b'))
        .unwrap_or(t);
    let (num, mul) = match t.chars().last()? {
        'k' | 'K' => (&t[..t.len() - 1], 1usize << 10),
        'm' | 'M' => (&t[..t.len() - 1], 1 << 20),
        'g' | 'G' => (&t[..t.len() - 1], 1 << 30),
        _ => (t, 1),
    };
    let n: f64 = num.trim().parse().ok()?;
    if !n.is_finite() || n < 0.0 {
        return None;
    }
    let v = n * mul as f64;
    (v < usize::MAX as f64).then_some(v as usize)
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, ArgsError> {
    let mut o = Options {
        expr: None,
        print: false,
        file: None,
        script_args: Vec::new(),
        interactive: false,
        module: ModuleMode::Auto,
        includes: Vec::new(),
        std_globals: false,
        quit: false,
        memory_limit: None,
        stack_size: None,
        rejections: RejectionMode::WarnWithErrorCode,
        color: true,
        dump_memory: false,
        dump_bytecode: false,
    };
    let invalid = |m: String| ArgsError::Invalid(m);
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if o.file.is_some() {
            o.script_args.push(a);
            continue;
        }
        if a == "--" {
            if let Some(f) = args.next() {
                o.script_args.push(f.clone());
                o.file = Some(f);
            }
            continue;
        }
        // `--name=value` is `--name value`.
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (a.clone(), None),
        };
        let mut value = |what: &str| -> Result<String, ArgsError> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args
                    .next()
                    .ok_or_else(|| invalid(format!("{name} needs {what}"))),
            }
        };
        let size = |s: String| parse_size(&s).ok_or_else(|| invalid(format!("invalid size: {s}")));
        match name.as_str() {
            "-h" | "--help" => return Err(ArgsError::Help),
            "-e" | "--eval" => o.expr = Some(value("an expression")?),
            "-p" | "--print" => {
                o.expr = Some(value("an expression")?);
                o.print = true;
            }
            "-i" | "--interactive" => o.interactive = true,
            "-m" | "--module" => o.module = ModuleMode::Module,
            "--script" => o.module = ModuleMode::Script,
            "-I" | "--include" => o.includes.push(value("a file")?),
            "--std" => o.std_globals = true,
            "-q" | "--quit" => o.quit = true,
            "--memory-limit" => o.memory_limit = Some(size(value("a size")?)?),
            "--stack-size" => o.stack_size = Some(size(value("a size")?)?),
            "--unhandled-rejection" => {
                o.rejections = match inline.as_deref() {
                    None | Some("throw") | Some("strict") => RejectionMode::Throw,
                    Some("warn-with-error-code") => RejectionMode::WarnWithErrorCode,
                    Some("warn") => RejectionMode::Warn,
                    Some("none") => RejectionMode::None,
                    Some(m) => return Err(invalid(format!("unknown rejection mode: {m}"))),
                }
            }
            "--no-color" => o.color = false,
            "-d" | "--dump-memory" => o.dump_memory = true,
            "--dump-bytecode" => o.dump_bytecode = true,
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(invalid(format!("unknown option {s}")));
            }
            _ => {
                o.script_args.push(a.clone());
                o.file = Some(a);
            }
        }
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(a: &[&str]) -> Result<Options, ArgsError> {
        parse(a.iter().map(|s| s.to_string()))
    }

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("512k"), Some(512 << 10));
        assert_eq!(parse_size("64M"), Some(64 << 20));
        assert_eq!(parse_size("1G"), Some(1 << 30));
        assert_eq!(parse_size("2MB"), Some(2 << 20));
        assert_eq!(parse_size("1.5k"), Some(1536));
        assert_eq!(parse_size("x"), None);
        assert_eq!(parse_size("-1"), None);
    }

    #[test]
    fn flags_parse_like_qjs() {
        let o = p(&[
            "-I",
            "a.js",
            "--std",
            "-m",
            "--memory-limit",
            "64M",
            "f.js",
            "-x",
            "y",
        ])
        .unwrap();
        assert_eq!(o.includes, vec!["a.js"]);
        assert!(o.std_globals);
        assert_eq!(o.module, ModuleMode::Module);
        assert_eq!(o.memory_limit, Some(64 << 20));
        assert_eq!(o.file.as_deref(), Some("f.js"));
        assert_eq!(o.script_args, vec!["f.js", "-x", "y"]);
        let o = p(&["--stack-size=512k", "--unhandled-rejection", "-e", "1"]).unwrap();
        assert_eq!(o.stack_size, Some(512 << 10));
        assert_eq!(o.rejections, RejectionMode::Throw);
        assert_eq!(o.expr.as_deref(), Some("1"));
        let o = p(&["--unhandled-rejection=warn"]).unwrap();
        assert_eq!(o.rejections, RejectionMode::Warn);
        assert!(matches!(p(&["-h"]), Err(ArgsError::Help)));
        assert!(matches!(p(&["--nope"]), Err(ArgsError::Invalid(_))));
        assert!(matches!(
            p(&["--memory-limit", "lots"]),
            Err(ArgsError::Invalid(_))
        ));
        assert!(matches!(p(&["-e"]), Err(ArgsError::Invalid(_))));
    }
}
