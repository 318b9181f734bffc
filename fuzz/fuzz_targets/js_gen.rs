//! Structure-aware fuzzing: the input drives a generator (through
//! `arbitrary::Unstructured`) that writes a syntactically valid script
//! using the engine's features (closures, generators, async functions,
//! destructuring, spread, try/finally, labelled loops, getters and setters,
//! Map/Set/Promise, iterator helpers and Set methods, regexps, template
//! literals, tagged templates, classes with private members and static
//! blocks, async generators and `for await`, optional chains, `using` and
//! `await using`, `eval`, `with`, ...). The parser must accept every generated script; the script
//! and its jobs run under the usual limits, sometimes in GC stress mode;
//! nothing may crash or leak. Set
//! `JS_GEN_PRINT=1` to see the generated programs.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

mod common;

/// Names every program declares with `var` up front, so any reference is valid.
const VARS: [&str; 8] = ["a", "b", "c", "d", "e", "f", "g", "h"];
const PROPS: [&str; 10] = [
    "x",
    "y",
    "length",
    "0",
    "1",
    "constructor",
    "prototype",
    "valueOf",
    "toString",
    "__proto__",
];
const REGEXPS: [&str; 12] = [
    "/a|b/g",
    "/(a+)+$/",
    "/(?<n>\\d+)-\\k<n>/u",
    "/[^]*?x/s",
    "/\\bfoo\\b/i",
    "/(?=a)(?!b)./y",
    "/(?<=a)b/",
    "/[\\p{L}--[a-z]]/v",
    "/^(?:a|ab)*c$/m",
    "/\\u{1F600}/u",
    "/()\\1*/",
    "/[a-z]{2,5}?/gi",
];
const CONSTRUCTORS: [&str; 11] = [
    "Array",
    "Object",
    "Map",
    "Set",
    "Error",
    "TypeError",
    "RegExp",
    "Date",
    "Number",
    "String",
    "Boolean",
];
const CALLS: &[&str] = &[
    "Iterator.from",
    "Iterator.concat",
    "Iterator.zip",
    "Iterator.zipKeyed",
    "Math.max",
    "Math.floor",
    "JSON.stringify",
    "JSON.parse",
    "Object.keys",
    "Object.freeze",
    "Object.defineProperty",
    "Object.getOwnPropertyNames",
    "Object.assign",
    "Object.create",
    "Object.getPrototypeOf",
    "Object.setPrototypeOf",
    "Array.from",
    "Array.of",
    "Array.isArray",
    "Reflect.ownKeys",
    "Reflect.apply",
    "String",
    "Number",
    "BigInt",
    "Symbol",
    "Promise.resolve",
    "Promise.all",
    "parseInt",
];
const METHODS: &[&str] = &[
    "push",
    "pop",
    "shift",
    "slice",
    "splice",
    "concat",
    "join",
    "reverse",
    "sort",
    "map",
    "filter",
    "reduce",
    "forEach",
    "indexOf",
    "includes",
    "flat",
    "flatMap",
    "fill",
    "keys",
    "entries",
    "then",
    "catch",
    "finally",
    "next",
    "return",
    "throw",
    "replace",
    "split",
    "match",
    "call",
    "values",
    "drop",
    "take",
    "toArray",
    "some",
    "every",
    "find",
    "chunks",
    "windows",
    "union",
    "intersection",
    "difference",
    "symmetricDifference",
    "isSubsetOf",
    "isSupersetOf",
    "isDisjointFrom",
    "getOrInsert",
    "getOrInsertComputed",
    "add",
    "set",
    "get",
    "has",
];

#[derive(Clone, Copy, Default)]
struct Scope {
    function: bool,
    generator: bool,
    is_async: bool,
    loops: u32,
    /// In a `switch` (plain `break` allowed).
    switch: bool,
    strict: bool,
}

struct Gen<'a, 'b> {
    u: &'b mut Unstructured<'a>,
    out: String,
    depth: u32,
    labels: Vec<String>,
    fresh: u32,
}

const MAX_DEPTH: u32 = 6;

impl Gen<'_, '_> {
    fn pick<T: Copy>(&mut self, items: &[T]) -> Result<T> {
        Ok(*self.u.choose(items)?)
    }

    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn fresh(&mut self, prefix: &str) -> String {
        self.fresh += 1;
        format!("{prefix}{}", self.fresh)
    }

    fn var(&mut self) -> Result<&'static str> {
        self.pick(&VARS)
    }

    fn number(&mut self) -> Result<String> {
        Ok(match self.u.int_in_range(0..=9)? {
            0 => "0".into(),
            1 => "(-0)".into(),
            2 => "NaN".into(),
            3 => "Infinity".into(),
            4 => "1e21".into(),
            5 => "0.1".into(),
            6 => "2147483648".into(),
            7 => "(-1)".into(),
            8 => "4294967295".into(),
            _ => self.u.int_in_range(0..=100u32)?.to_string(),
        })
    }

    fn string_literal(&mut self) -> Result<String> {
        Ok(self
            .pick(&[
                "''",
                "'a'",
                "'abc'",
                "'x'",
                "'length'",
                "'\\u{1F600}'",
                "'\\uD800'",
                "'1'",
                "'__proto__'",
                "'a,b'",
                "'\\n'",
                "'constructor'",
            ])?
            .to_string())
    }

    fn expr(&mut self, s: Scope) -> Result<()> {
        if self.depth >= MAX_DEPTH || self.u.is_empty() {
            return self.leaf(s);
        }
        self.depth += 1;
        let r = self.compound(s);
        self.depth -= 1;
        r
    }

    fn leaf(&mut self, _s: Scope) -> Result<()> {
        match self.u.int_in_range(0..=9)? {
            0 | 1 => {
                let v = self.var()?;
                self.w(v);
            }
            2 => {
                let n = self.number()?;
                self.w(&n);
            }
            3 => {
                let t = self.string_literal()?;
                self.w(&t);
            }
            4 => {
                let v = self.pick(&["true", "false", "null", "undefined", "this"])?;
                self.w(v);
            }
            5 => {
                let r = self.pick(&REGEXPS)?;
                self.w(r);
            }
            6 => {
                let b = self.pick(&[
                    "0n",
                    "1n",
                    "-1n",
                    "2n ** 64n",
                    "123456789012345678901234567890n",
                ])?;
                self.w(&format!("({b})"));
            }
            7 => self.w("[]"),
            8 => self.w("({})"),
            _ => {
                let c = self.pick(&CONSTRUCTORS)?;
                self.w(c);
            }
        }
        Ok(())
    }

    fn args(&mut self, s: Scope) -> Result<()> {
        self.w("(");
        let n = self.u.int_in_range(0..=3)?;
        for i in 0..n {
            if i > 0 {
                self.w(", ");
            }
            if self.u.ratio(1, 6)? {
                self.w("...");
            }
            self.expr(s)?;
        }
        self.w(")");
        Ok(())
    }

    /// A member expression target: `(expr).prop` or `(expr)[expr]`.
    fn member(&mut self, s: Scope) -> Result<()> {
        self.w("(");
        self.expr(s)?;
        self.w(")");
        if self.u.ratio(1, 2)? {
            let p = self.pick(&PROPS)?;
            if p.chars().all(|c| c.is_ascii_digit()) {
                self.w(&format!("[{p}]"));
            } else {
                self.w(&format!(".{p}"));
            }
        } else {
            self.w("[");
            self.expr(s)?;
            self.w("]");
        }
        Ok(())
    }

    /// A binding pattern over the `var` names; `depth` 0 is the whole
    /// pattern, which takes no default value.
    fn pattern(&mut self, s: Scope, depth: u32) -> Result<()> {
        match if depth > 2 {
            0
        } else {
            self.u.int_in_range(0..=2)?
        } {
            0 => {
                let v = self.var()?;
                self.w(v);
                if depth > 0 && self.u.ratio(1, 4)? {
                    self.w(" = ");
                    self.expr(s)?;
                }
            }
            1 => {
                self.w("[");
                let n = self.u.int_in_range(0..=3)?;
                for i in 0..n {
                    if i > 0 {
                        self.w(", ");
                    }
                    if self.u.ratio(1, 5)? {
                        continue; // a hole
                    }
                    self.pattern(s, depth + 1)?;
                }
                if self.u.ratio(1, 4)? {
                    self.w(if n > 0 { ", ..." } else { "..." });
                    let v = self.var()?;
                    self.w(v);
                }
                self.w("]");
            }
            _ => {
                self.w("{");
                let n = self.u.int_in_range(0..=3)?;
                for i in 0..n {
                    if i > 0 {
                        self.w(", ");
                    }
                    let p = self.pick(&["x", "y", "length", "0", "[Symbol.iterator]", "'a b'"])?;
                    self.w(p);
                    self.w(": ");
                    self.pattern(s, depth + 1)?;
                }
                if self.u.ratio(1, 4)? {
                    self.w(if n > 0 { ", ..." } else { "..." });
                    let v = self.var()?;
                    self.w(v);
                }
                self.w("}");
            }
        }
        Ok(())
    }

    /// A function body in a new function scope.
    fn body(&mut self, s: Scope) -> Result<()> {
        self.w("{ ");
        let saved = std::mem::take(&mut self.labels);
        let n = self.u.int_in_range(0..=3)?;
        for _ in 0..n {
            self.stmt(s)?;
        }
        if self.u.ratio(1, 2)? {
            self.w("return ");
            self.expr(s)?;
            self.w("; ");
        }
        self.labels = saved;
        self.w("}");
        Ok(())
    }

    fn params(&mut self, s: Scope) -> Result<()> {
        self.w("(");
        let n = self.u.int_in_range(0..=2)?;
        for i in 0..n {
            if i > 0 {
                self.w(", ");
            }
            let p = self.fresh("p");
            self.w(&p);
            if self.u.ratio(1, 4)? {
                self.w(" = ");
                self.expr(s)?;
            }
        }
        if self.u.ratio(1, 5)? {
            self.w(if n > 0 { ", ...r" } else { "...r" });
        }
        self.w(")");
        Ok(())
    }

    fn function(&mut self, s: Scope) -> Result<()> {
        let is_async = self.u.ratio(1, 3)?;
        let generator = self.u.ratio(1, 3)?;
        let inner = Scope {
            function: true,
            generator,
            is_async,
            loops: 0,
            switch: false,
            strict: s.strict,
        };
        if !generator && self.u.ratio(1, 3)? {
            // Arrow function: keeps the enclosing `yield` rules out by not using them.
            let inner = Scope {
                generator: false,
                ..inner
            };
            self.w(if is_async { "(async " } else { "(" });
            self.params(Scope {
                generator: false,
                is_async: false,
                ..s
            })?;
            self.w(" => ");
            if self.u.ratio(1, 2)? {
                self.w("(");
                self.expr(inner)?;
                self.w(")");
            } else {
                self.body(inner)?;
            }
            self.w(")");
            return Ok(());
        }
        self.w(if is_async {
            "(async function"
        } else {
            "(function"
        });
        if generator {
            self.w("*");
        }
        self.w(" ");
        self.params(Scope {
            generator: false,
            is_async: false,
            ..inner
        })?;
        self.w(" ");
        self.body(inner)?;
        self.w(")");
        Ok(())
    }

    fn object(&mut self, s: Scope) -> Result<()> {
        self.w("({");
        let n = self.u.int_in_range(0..=4)?;
        for i in 0..n {
            if i > 0 {
                self.w(", ");
            }
            match self.u.int_in_range(0..=6)? {
                0 => {
                    // A computed `__proto__` key: two plain ones are an early error.
                    let p = self.pick(&PROPS)?;
                    self.w(&format!("[{p:?}]: "));
                    self.expr(s)?;
                }
                1 => {
                    self.w("[");
                    self.expr(s)?;
                    self.w("]: ");
                    self.expr(s)?;
                }
                2 => {
                    let v = self.var()?;
                    self.w(v);
                }
                3 => {
                    let p = self.pick(&PROPS)?;
                    let inner = Scope {
                        function: true,
                        generator: false,
                        is_async: false,
                        loops: 0,
                        switch: false,
                        strict: s.strict,
                    };
                    self.w(&format!("get {p:?}() "));
                    self.body(inner)?;
                }
                4 => {
                    let p = self.pick(&PROPS)?;
                    let inner = Scope {
                        function: true,
                        generator: false,
                        is_async: false,
                        loops: 0,
                        switch: false,
                        strict: s.strict,
                    };
                    self.w(&format!("set {p:?}(v) "));
                    self.body(inner)?;
                }
                5 => {
                    let generator = self.u.ratio(1, 3)?;
                    let p = self.pick(&["m", "next", "then", "valueOf", "toString"])?;
                    let inner = Scope {
                        function: true,
                        generator,
                        is_async: false,
                        loops: 0,
                        switch: false,
                        strict: s.strict,
                    };
                    self.w(if generator { "*" } else { "" });
                    self.w(&format!("{p}() "));
                    self.body(inner)?;
                }
                _ => {
                    self.w("...");
                    self.expr(s)?;
                }
            }
        }
        self.w("})");
        Ok(())
    }

    fn compound(&mut self, s: Scope) -> Result<()> {
        match self.u.int_in_range(0..=31)? {
            0 => self.leaf(s)?,
            1 | 2 => {
                let op = self.pick(&[
                    "+",
                    "-",
                    "*",
                    "/",
                    "%",
                    "**",
                    "==",
                    "===",
                    "!=",
                    "!==",
                    "<",
                    ">",
                    "<=",
                    ">=",
                    "&",
                    "|",
                    "^",
                    "<<",
                    ">>",
                    ">>>",
                    "&&",
                    "||",
                    "??",
                    ",",
                    "in",
                    "instanceof",
                ])?;
                self.w("(");
                self.expr(s)?;
                self.w(&format!(" {op} "));
                self.expr(s)?;
                self.w(")");
            }
            3 => {
                let op = self.pick(&["!", "-", "+", "~", "typeof ", "void "])?;
                self.w(&format!("({op}"));
                self.expr(s)?;
                self.w(")");
            }
            4 => {
                self.w("(delete ");
                self.member(s)?;
                self.w(")");
            }
            5 => {
                let v = self.var()?;
                let op = self.pick(&["=", "+=", "-=", "*=", "||=", "&&=", "??=", "<<=", "**="])?;
                self.w(&format!("({v} {op} "));
                self.expr(s)?;
                self.w(")");
            }
            6 => {
                self.w("(");
                self.member(s)?;
                self.w(" = ");
                self.expr(s)?;
                self.w(")");
            }
            7 => {
                let v = self.var()?;
                let f = self.pick(&["++{}", "--{}", "{}++", "{}--"])?;
                self.w(&format!("({})", f.replace("{}", v)));
            }
            8 => {
                self.w("(");
                self.expr(s)?;
                self.w(" ? ");
                self.expr(s)?;
                self.w(" : ");
                self.expr(s)?;
                self.w(")");
            }
            9 | 10 => {
                if self.u.ratio(1, 2)? {
                    let f = self.pick(CALLS)?;
                    self.w(f);
                } else {
                    self.w("(");
                    self.expr(s)?;
                    self.w(")");
                }
                self.args(s)?;
            }
            11 | 12 => {
                self.w("(");
                self.expr(s)?;
                let m = self.pick(METHODS)?;
                self.w(&format!(").{m}"));
                self.args(s)?;
            }
            13 => self.member(s)?,
            14 => {
                self.w("[");
                let n = self.u.int_in_range(0..=4)?;
                for i in 0..n {
                    if i > 0 {
                        self.w(", ");
                    }
                    match self.u.int_in_range(0..=5)? {
                        0 => {}
                        1 => {
                            self.w("...");
                            self.expr(s)?;
                        }
                        _ => self.expr(s)?,
                    }
                }
                self.w("]");
            }
            15 => self.object(s)?,
            16 | 17 => self.function(s)?,
            18 => {
                let c = self.pick(&CONSTRUCTORS)?;
                self.w(&format!("new {c}"));
                self.args(s)?;
            }
            19 => {
                self.w("new Promise(function (resolve, reject) { ");
                let f = self.pick(&["resolve", "reject"])?;
                self.w(&format!("{f}("));
                self.expr(Scope {
                    function: true,
                    generator: false,
                    is_async: false,
                    loops: 0,
                    switch: false,
                    strict: s.strict,
                })?;
                self.w("); })");
            }
            20 => {
                self.w("`a${");
                self.expr(s)?;
                self.w("}b${");
                self.expr(s)?;
                self.w("}`");
            }
            21 => {
                self.w("(");
                self.expr(s)?;
                self.w(")`x${");
                self.expr(s)?;
                self.w("}\\u{41}`");
            }
            22 => {
                // eval of a generated script: the text is built with the
                // same generator and quoted.
                let saved = std::mem::take(&mut self.out);
                let inner = Scope {
                    loops: 0,
                    switch: false,
                    ..s
                };
                let labels = std::mem::take(&mut self.labels);
                self.stmt(Scope {
                    generator: false,
                    is_async: false,
                    function: false,
                    ..inner
                })?;
                self.labels = labels;
                let code = std::mem::replace(&mut self.out, saved);
                let indirect = self.u.ratio(1, 3)?;
                self.w(if indirect { "(0, eval)(" } else { "eval(" });
                self.w(&format!("{code:?}"));
                self.w(")");
            }
            23 if s.generator => {
                let delegate = self.u.ratio(1, 3)?;
                self.w(if delegate { "(yield* " } else { "(yield " });
                self.expr(s)?;
                self.w(")");
            }
            24 if s.is_async => {
                self.w("(await ");
                self.expr(s)?;
                self.w(")");
            }
            25 => {
                self.w("(");
                self.pattern_assignment(s)?;
                self.w(")");
            }
            26 => {
                let r = self.pick(&REGEXPS)?;
                let m = self.pick(&[
                    "exec",
                    "test",
                    "[Symbol.replace]",
                    "[Symbol.split]",
                    "[Symbol.matchAll]",
                ])?;
                if m.starts_with('[') {
                    self.w(&format!("{r}{m}("));
                } else {
                    self.w(&format!("{r}.{m}("));
                }
                self.expr(s)?;
                self.w(")");
            }
            28 => self.class(s)?,
            30 | 31 => {
                // An optional chain: `?.` then more links, which the
                // short circuit skips.
                self.w("(");
                self.expr(s)?;
                self.w(")");
                let links = self.u.int_in_range(1..=3)?;
                for i in 0..links {
                    let optional = i == 0 || self.u.ratio(1, 2)?;
                    if optional {
                        self.w("?.");
                    }
                    match self.u.int_in_range(0..=2)? {
                        0 => {
                            let p = self.pick(&["x", "y", "length", "constructor", "next"])?;
                            self.w(if optional { "" } else { "." });
                            self.w(p);
                        }
                        1 => {
                            self.w("[");
                            self.expr(s)?;
                            self.w("]");
                        }
                        _ => self.args(s)?,
                    }
                }
            }
            29 => {
                self.w("new (");
                self.class(s)?;
                self.w(")");
                self.args(s)?;
                if self.u.ratio(1, 2)? {
                    let m = self.pick(&["m", "g", "getP", "toString", "x"])?;
                    self.w(&format!(".{m}"));
                    self.args(s)?;
                }
            }
            _ => {
                let c = self.pick(&["Map", "Set"])?;
                self.w(&format!("new {c}(["));
                self.expr(s)?;
                self.w(", [");
                self.expr(s)?;
                self.w(", ");
                self.expr(s)?;
                self.w("]])");
            }
        }
        Ok(())
    }

    /// A class expression: a constructor (calling `super` when the class
    /// extends another), methods of every kind, accessors, public and
    /// private fields and methods, and static blocks. Class bodies are
    /// strict, so everything inside is generated in a strict scope.
    fn class(&mut self, s: Scope) -> Result<()> {
        let strict = Scope { strict: true, ..s };
        let method = Scope {
            function: true,
            generator: false,
            is_async: false,
            loops: 0,
            switch: false,
            strict: true,
        };
        // Labels outside the class are not visible inside it.
        let labels = std::mem::take(&mut self.labels);
        let r = self.class_body(strict, method);
        self.labels = labels;
        r
    }

    fn class_body(&mut self, strict: Scope, method: Scope) -> Result<()> {
        let private = self.fresh("p");
        let extends = self.u.ratio(1, 2)?;
        self.w("(class ");
        if self.u.ratio(1, 3)? {
            let name = self.fresh("C");
            self.w(&format!("{name} "));
        }
        if extends {
            self.w("extends (");
            if self.u.ratio(1, 2)? {
                let c = self.pick(&CONSTRUCTORS)?;
                self.w(c);
            } else {
                self.expr(strict)?;
            }
            self.w(") ");
        }
        self.w(&format!("{{ #{private} = "));
        self.expr(method)?;
        self.w("; ");
        if self.u.ratio(1, 2)? {
            self.w(if extends {
                "constructor(...r) { super(...r); "
            } else {
                "constructor(...r) { "
            });
            let n = self.u.int_in_range(0..=2)?;
            for _ in 0..n {
                self.stmt(method)?;
            }
            self.w("} ");
        }
        self.w(&format!(
            "getP() {{ return this.#{private}; }} static has(o) {{ return #{private} in o; }} "
        ));
        let n = self.u.int_in_range(0..=4)?;
        for _ in 0..n {
            let kind = self.u.int_in_range(0..=6)?;
            // A static block is always static.
            if kind == 3 || self.u.ratio(1, 3)? {
                self.w("static ");
            }
            match kind {
                0 => {
                    let p = self.pick(&["x", "y", "'a b'", "0", "[Symbol.iterator]"])?;
                    self.w(&format!("{p} = "));
                    self.expr(method)?;
                    self.w("; ");
                }
                1 => {
                    let p = self.pick(&["x", "y", "length", "valueOf"])?;
                    self.w(&format!("get {p}() "));
                    self.body(method)?;
                    self.w(&format!(" set {p}(v) "));
                    self.body(method)?;
                }
                2 => {
                    let name = self.fresh("q");
                    self.w(&format!("#{name}() {{ return super.toString; }} "));
                    self.w(&format!("m{name}() {{ return this.#{name}(); }} "));
                }
                3 => {
                    // A static block: no `return`, `await` or `arguments`.
                    self.w("{ ");
                    let block = Scope {
                        function: false,
                        ..method
                    };
                    let n = self.u.int_in_range(0..=2)?;
                    for _ in 0..n {
                        self.stmt(block)?;
                    }
                    self.w("} ");
                }
                _ => {
                    let is_async = self.u.ratio(1, 3)?;
                    let generator = self.u.ratio(1, 3)?;
                    let p = self.pick(&["m", "g", "toString", "next", "[Symbol.iterator]"])?;
                    self.w(if is_async { "async " } else { "" });
                    self.w(if generator { "*" } else { "" });
                    self.w(&format!("{p}() "));
                    self.body(Scope {
                        generator,
                        is_async,
                        ..method
                    })?;
                    self.w(" ");
                }
            }
        }
        self.w("})");
        Ok(())
    }

    /// `[a, b] = expr` or `({ x: a } = expr)` (without default values that
    /// would need a pattern inside a pattern to be valid).
    fn pattern_assignment(&mut self, s: Scope) -> Result<()> {
        if self.u.ratio(1, 2)? {
            let (x, y) = (self.var()?, self.var()?);
            self.w(&format!("[{x}, , ...{y}] = "));
        } else {
            let (x, y) = (self.var()?, self.var()?);
            self.w(&format!("{{ x: {x}, y: [{y}] }} = "));
        }
        self.expr(s)
    }

    fn block(&mut self, s: Scope) -> Result<()> {
        self.w("{ ");
        if self.u.ratio(1, 8)? {
            // Explicit resource management: disposed when the block ends,
            // however it ends.
            let name = self.fresh("r");
            let awaited = s.is_async && self.u.ratio(1, 2)?;
            self.w(if awaited { "await using " } else { "using " });
            self.w(&format!("{name} = "));
            match self.u.int_in_range(0..=3)? {
                0 => self.w("null"),
                1 => {
                    self.w("{ [Symbol.dispose]() { ");
                    self.expr(Scope {
                        function: true,
                        generator: false,
                        is_async: false,
                        loops: 0,
                        switch: false,
                        ..s
                    })?;
                    self.w("; } }");
                }
                2 => self.w("new DisposableStack()"),
                _ => self.expr(s)?,
            }
            self.w("; ");
        }
        let n = self.u.int_in_range(0..=3)?;
        for _ in 0..n {
            self.stmt(s)?;
        }
        self.w("} ");
        Ok(())
    }

    /// A loop header then its body.
    fn loop_stmt(&mut self, s: Scope) -> Result<()> {
        let kind = self.u.int_in_range(0..=4)?;
        let counter = self.fresh("w");
        if kind == 3 {
            self.w(&format!("var {counter} = 0; "));
        }
        let label = if self.u.ratio(1, 3)? {
            let l = self.fresh("L");
            self.w(&format!("{l}: "));
            Some(l)
        } else {
            None
        };
        match kind {
            0 => {
                let i = self.fresh("i");
                let n = self.u.int_in_range(0..=20)?;
                self.w(&format!("for (let {i} = 0; {i} < {n}; {i}++) "));
            }
            1 => {
                self.w("for (var ");
                let v = self.var()?;
                self.w(v);
                self.w(" in ");
                self.expr(s)?;
                self.w(") ");
            }
            2 => {
                if s.is_async && self.u.ratio(1, 3)? {
                    self.w("for await (");
                } else {
                    self.w("for (");
                }
                match self.u.int_in_range(0..=2)? {
                    0 => self.w("var "),
                    1 => self.w("let "),
                    _ => self.w("const "),
                }
                if self.out.ends_with("var ") {
                    self.pattern(s, 0)?;
                } else {
                    let v = self.fresh("v");
                    self.w(&v);
                }
                self.w(" of ");
                self.expr(s)?;
                self.w(") ");
            }
            3 => {
                let n = self.u.int_in_range(0..=20)?;
                self.w(&format!("while ({counter}++ < {n}) "));
            }
            _ => {
                self.w("do ");
                let inner = Scope {
                    loops: s.loops + 1,
                    ..s
                };
                if let Some(l) = &label {
                    self.labels.push(l.clone());
                }
                self.block(inner)?;
                if label.is_some() {
                    self.labels.pop();
                }
                self.w(" while (");
                self.expr(s)?;
                self.w(" && Math.random() < 0.5); ");
                return Ok(());
            }
        }
        let inner = Scope {
            loops: s.loops + 1,
            ..s
        };
        if let Some(l) = &label {
            self.labels.push(l.clone());
        }
        self.block(inner)?;
        if label.is_some() {
            self.labels.pop();
        }
        Ok(())
    }

    fn stmt(&mut self, s: Scope) -> Result<()> {
        if self.depth >= MAX_DEPTH || self.u.is_empty() {
            self.expr(s)?;
            self.w("; ");
            return Ok(());
        }
        self.depth += 1;
        match self.u.int_in_range(0..=16)? {
            0..=3 => {
                self.expr(s)?;
                self.w("; ");
            }
            4 => {
                let kind = self.pick(&["var", "let", "const"])?;
                if kind == "var" {
                    self.w("var ");
                    self.pattern(s, 0)?;
                } else {
                    let name = self.fresh("v");
                    self.w(&format!("{kind} {name}"));
                }
                self.w(" = ");
                self.expr(s)?;
                self.w("; ");
            }
            5 => {
                self.w("if (");
                self.expr(s)?;
                self.w(") ");
                self.block(s)?;
                if self.u.ratio(1, 2)? {
                    self.w("else ");
                    self.block(s)?;
                }
            }
            6 | 7 => self.loop_stmt(s)?,
            8 => {
                self.w("try ");
                self.block(s)?;
                let (catch, finally) = match self.u.int_in_range(0..=2)? {
                    0 => (true, false),
                    1 => (false, true),
                    _ => (true, true),
                };
                if catch {
                    if self.u.ratio(1, 2)? {
                        self.w("catch (err) ");
                    } else {
                        self.w("catch ");
                    }
                    self.block(s)?;
                }
                if finally {
                    self.w("finally ");
                    self.block(s)?;
                }
            }
            9 => {
                self.w("throw ");
                self.expr(s)?;
                self.w("; ");
            }
            10 => {
                self.w("switch (");
                self.expr(s)?;
                self.w(") { ");
                let n = self.u.int_in_range(0..=3)?;
                let inner = Scope { switch: true, ..s };
                for _ in 0..n {
                    self.w("case ");
                    self.expr(s)?;
                    self.w(": ");
                    self.stmt(inner)?;
                }
                if self.u.ratio(1, 2)? {
                    self.w("default: ");
                    self.stmt(inner)?;
                }
                self.w("} ");
            }
            11 => {
                let name = self.fresh("fn");
                let is_async = self.u.ratio(1, 3)?;
                let generator = self.u.ratio(1, 3)?;
                let inner = Scope {
                    function: true,
                    generator,
                    is_async,
                    loops: 0,
                    switch: false,
                    strict: s.strict,
                };
                self.w(if is_async {
                    "async function"
                } else {
                    "function"
                });
                self.w(if generator { "* " } else { " " });
                self.w(&name);
                self.params(Scope {
                    generator: false,
                    is_async: false,
                    ..inner
                })?;
                self.w(" ");
                self.body(inner)?;
                self.w(&format!(" {name}; "));
            }
            12 if s.function => {
                self.w("return ");
                self.expr(s)?;
                self.w("; ");
            }
            13 if s.loops > 0 || s.switch => {
                let (kw, labelled) = if s.loops > 0 && self.u.ratio(1, 2)? {
                    ("continue", true)
                } else {
                    ("break", s.loops > 0)
                };
                self.w(kw);
                if labelled && !self.labels.is_empty() && self.u.ratio(1, 2)? {
                    let l = self.u.choose(&self.labels)?.clone();
                    self.w(&format!(" {l}"));
                }
                self.w("; ");
            }
            14 if !s.strict => {
                self.w("with (");
                self.expr(s)?;
                self.w(") ");
                self.block(s)?;
            }
            15 => {
                self.w("var [");
                let (x, y) = (self.var()?, self.var()?);
                self.w(&format!("{x}, ...{y}] = ["));
                self.expr(s)?;
                self.w(", ...");
                self.expr(s)?;
                self.w("]; ");
            }
            _ => self.block(s)?,
        }
        self.depth -= 1;
        Ok(())
    }

    fn program(&mut self) -> Result<()> {
        let strict = self.u.ratio(1, 4)?;
        if strict {
            self.w("'use strict'; ");
        }
        self.w(&format!("var {}; ", VARS.join(", ")));
        let s = Scope {
            strict,
            ..Scope::default()
        };
        let n = self.u.int_in_range(1..=8)?;
        for _ in 0..n {
            self.w("try { ");
            self.stmt(s)?;
            self.w("} catch (e) {} ");
        }
        Ok(())
    }
}

/// Generates a program from `data`; also used by the corpus check below.
fn generate(data: &[u8]) -> (Option<u32>, String) {
    let mut u = Unstructured::new(data);
    let stress = match u.int_in_range(0..=15u8).unwrap_or(0) {
        15 => Some(1),
        14 => Some(13),
        _ => None,
    };
    let mut g = Gen {
        u: &mut u,
        out: String::new(),
        depth: 0,
        labels: Vec::new(),
        fresh: 0,
    };
    // Running out of input just ends the program early; the text written so
    // far may then be cut mid-expression, so it is completed below.
    let complete = g.program().is_ok();
    let mut out = g.out;
    if !complete {
        out.push_str(" /* truncated */");
    }
    (stress, out)
}

fuzz_target!(|data: &[u8]| {
    let (stress, src) = generate(data);
    if std::env::var_os("JS_GEN_PRINT").is_some() {
        println!("{src}");
    }
    let rt = common::limited_runtime(None);
    let ctx = engine::Context::new(&rt);
    // Stress the script, not the realm's construction (covered elsewhere
    // and by far the slowest part under stress).
    rt.set_gc_stress(stress);
    match ctx.eval(&src, "gen.js") {
        // The generator only writes valid scripts (checked against another
        // engine): the parser must accept them.
        Err(e) if e.is_syntax_error => panic!("valid script rejected: {}\n{src}", e.message),
        Err(_) => {}
        Ok(_) => {
            let _ = rt.run_pending_jobs();
        }
    }
    drop(ctx);
    drop(rt);
    common::assert_no_leaks();
});
