//! A small parser for the YAML front matter of test262 tests.
//!
//! Only the subset of YAML that test262 uses is understood: top-level
//! `key: value` pairs, flow sequences (`[a, b]`, possibly spanning lines),
//! block sequences (`- a`), one level of nested mapping (`negative:`) and
//! block scalars (`|`, `>`), which are skipped.

use std::fmt;

/// The phase in which a negative test expects its error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// While parsing or checking early errors.
    Parse,
    /// While resolving and linking modules.
    Resolution,
    /// While evaluating.
    Runtime,
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
        })
    }
}

/// The `negative` attribute of a test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Negative {
    /// When the error must occur.
    pub phase: Phase,
    /// The expected constructor name of the error.
    pub error_type: String,
}

/// The `flags` attribute of a test.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub only_strict: bool,
    pub no_strict: bool,
    pub module: bool,
    pub raw: bool,
    pub is_async: bool,
    pub generated: bool,
    pub can_block_is_false: bool,
    pub can_block_is_true: bool,
    pub non_deterministic: bool,
}

/// The parsed metadata of one test.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub includes: Vec<String>,
    pub flags: Flags,
    pub features: Vec<String>,
    pub negative: Option<Negative>,
    pub locale: Vec<String>,
    /// The test carries an `es5id` (it was written against ES5.1).
    pub es5id: bool,
    /// The test carries an `es6id` (it was written against ES2015).
    pub es6id: bool,
}

/// A raw value in the front matter.
#[derive(Debug, PartialEq)]
enum Value {
    Scalar(String),
    List(Vec<String>),
    Map(Vec<(String, String)>),
}

/// Extracts the text between `/*---` and `---*/`.
pub fn front_matter(source: &str) -> Option<&str> {
    let start = source.find("/*---")? + 5;
    let len = source[start..].find("---*/")?;
    Some(&source[start..start + len])
}

/// Parses the metadata of a test source. A test without front matter gets
/// the default (empty) metadata.
pub fn parse(source: &str) -> Result<Metadata, String> {
    let Some(yaml) = front_matter(source) else {
        return Ok(Metadata::default());
    };
    let mut meta = Metadata::default();
    for (key, value) in parse_pairs(yaml)? {
        match key.as_str() {
            "includes" => meta.includes = as_list(&key, value)?,
            "features" => meta.features = as_list(&key, value)?,
            "locale" => meta.locale = as_list(&key, value)?,
            "es5id" => meta.es5id = true,
            "es6id" => meta.es6id = true,
            "flags" => {
                for flag in as_list(&key, value)? {
                    let f = &mut meta.flags;
                    match flag.as_str() {
                        "onlyStrict" => f.only_strict = true,
                        "noStrict" => f.no_strict = true,
                        "module" => f.module = true,
                        "raw" => f.raw = true,
                        "async" => f.is_async = true,
                        "generated" => f.generated = true,
                        "CanBlockIsFalse" => f.can_block_is_false = true,
                        "CanBlockIsTrue" => f.can_block_is_true = true,
                        "non-deterministic" => f.non_deterministic = true,
                        other => return Err(format!("unknown flag `{other}`")),
                    }
                }
            }
            "negative" => {
                let Value::Map(entries) = value else {
                    return Err("`negative` must be a mapping".into());
                };
                let mut phase = None;
                let mut error_type = None;
                for (k, v) in entries {
                    match k.as_str() {
                        "phase" => {
                            phase = Some(match v.as_str() {
                                "parse" => Phase::Parse,
                                "resolution" => Phase::Resolution,
                                "runtime" => Phase::Runtime,
                                other => return Err(format!("unknown negative phase `{other}`")),
                            })
                        }
                        "type" => error_type = Some(v),
                        _ => {}
                    }
                }
                match (phase, error_type) {
                    (Some(phase), Some(error_type)) => {
                        meta.negative = Some(Negative { phase, error_type })
                    }
                    _ => return Err("`negative` needs both `phase` and `type`".into()),
                }
            }
            _ => {}
        }
    }
    Ok(meta)
}

fn as_list(key: &str, value: Value) -> Result<Vec<String>, String> {
    match value {
        Value::List(items) => Ok(items),
        // A single scalar is accepted as a one-element list.
        Value::Scalar(s) if !s.is_empty() => Ok(vec![s]),
        Value::Scalar(_) => Ok(Vec::new()),
        Value::Map(_) => Err(format!("`{key}` must be a list")),
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let bytes = s.as_bytes();
    if s.len() >= 2
        && ((bytes[0] == b'"' && bytes[s.len() - 1] == b'"')
            || (bytes[0] == b'\'' && bytes[s.len() - 1] == b'\''))
    {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// Strips a ` # comment` from a plain (unquoted) value.
fn strip_comment(s: &str) -> &str {
    if s.starts_with('"') || s.starts_with('\'') {
        return s;
    }
    match s.find(" #") {
        Some(i) => s[..i].trim_end(),
        None => s,
    }
}

fn parse_flow_list(text: &str) -> Vec<String> {
    let inner = text.trim();
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    inner
        .split(',')
        .map(unquote)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits `key: rest` for a line; `None` if the line is not a mapping entry.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    Some((key, line[colon + 1..].trim()))
}

fn parse_pairs(yaml: &str) -> Result<Vec<(String, Value)>, String> {
    // YAML line breaks are LF, CRLF or a lone CR (some tests use CR only).
    let yaml = yaml.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i].trim_end();
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indent_of(line) > 0 {
            // Continuation of a multi-line plain scalar or block scalar: ignored.
            continue;
        }
        let Some((key, rest)) = split_key(line) else {
            continue;
        };
        let rest = strip_comment(rest);
        let value = if rest.starts_with('[') {
            let mut text = rest.to_string();
            while !text.contains(']') && i < lines.len() {
                text.push(' ');
                text.push_str(lines[i].trim());
                i += 1;
            }
            if !text.contains(']') {
                return Err(format!("unterminated list for `{key}`"));
            }
            Value::List(parse_flow_list(&text))
        } else if rest.starts_with('|') || rest.starts_with('>') {
            while i < lines.len() && (lines[i].trim().is_empty() || indent_of(lines[i]) > 0) {
                i += 1;
            }
            Value::Scalar(String::new())
        } else if rest.is_empty() {
            // A block: either a sequence of `- item` or a nested mapping.
            let mut items = Vec::new();
            let mut entries = Vec::new();
            while i < lines.len() {
                let l = lines[i].trim_end();
                let t = l.trim_start();
                if t.is_empty() || t.starts_with('#') {
                    i += 1;
                    continue;
                }
                if let Some(item) = t
                    .strip_prefix("- ")
                    .or(if t == "-" { Some("") } else { None })
                {
                    items.push(unquote(strip_comment(item.trim())));
                } else if indent_of(l) > 0 {
                    if let Some((k, v)) = split_key(t) {
                        entries.push((k.to_string(), unquote(strip_comment(v))));
                    }
                } else {
                    break;
                }
                i += 1;
            }
            if !entries.is_empty() {
                Value::Map(entries)
            } else {
                Value::List(items.into_iter().filter(|s| !s.is_empty()).collect())
            }
        } else {
            Value::Scalar(unquote(rest))
        };
        out.push((key.to_string(), value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_front_matter_is_default() {
        assert_eq!(parse("var x = 1;").unwrap(), Metadata::default());
    }

    #[test]
    fn flow_lists_and_flags() {
        let src = "// header\n/*---\nesid: sec-foo\ndescription: Something here\n\
                   includes: [propertyHelper.js, compareArray.js]\n\
                   flags: [onlyStrict, async]\nfeatures: [Symbol, 'BigInt']\n---*/\nfoo();\n";
        let m = parse(src).unwrap();
        assert_eq!(m.includes, vec!["propertyHelper.js", "compareArray.js"]);
        assert_eq!(m.features, vec!["Symbol", "BigInt"]);
        assert!(m.flags.only_strict && m.flags.is_async);
        assert!(!m.flags.no_strict && !m.flags.module && !m.flags.raw);
        assert_eq!(m.negative, None);
    }

    #[test]
    fn block_lists_and_multiline_flow_lists() {
        let src = "/*---\nfeatures:\n  - Symbol.iterator\n  - generators\nincludes: [a.js,\n  b.js]\n\
                   flags:\n- module\n---*/";
        let m = parse(src).unwrap();
        assert_eq!(m.features, vec!["Symbol.iterator", "generators"]);
        assert_eq!(m.includes, vec!["a.js", "b.js"]);
        assert!(m.flags.module);
    }

    #[test]
    fn negative_mapping() {
        let src = "/*---\ndescription: >\n  a folded\n  description: with colon\nnegative:\n  phase: parse\n  \
                   type: SyntaxError\nflags: [raw]\n---*/\n$DONOTEVALUATE();";
        let m = parse(src).unwrap();
        assert_eq!(
            m.negative,
            Some(Negative {
                phase: Phase::Parse,
                error_type: "SyntaxError".into()
            })
        );
        assert!(m.flags.raw);
    }

    #[test]
    fn block_scalars_are_skipped() {
        let src = "/*---\ninfo: |\n  features: [not, real]\n  flags: [module]\n\n  more text\n\
                   features: [real]\n---*/";
        let m = parse(src).unwrap();
        assert_eq!(m.features, vec!["real"]);
        assert!(!m.flags.module);
    }

    #[test]
    fn resolution_and_runtime_phases() {
        let m =
            parse("/*---\nnegative:\n  phase: resolution\n  type: ReferenceError\n---*/").unwrap();
        assert_eq!(m.negative.unwrap().phase, Phase::Resolution);
        let m = parse("/*---\nnegative:\n    type: TypeError\n    phase: runtime\n---*/").unwrap();
        let n = m.negative.unwrap();
        assert_eq!(n.phase, Phase::Runtime);
        assert_eq!(n.error_type, "TypeError");
    }

    #[test]
    fn locale_and_comments() {
        let m = parse("/*---\nlocale: [en-US, de] # comment\nfeatures: [] \n---*/").unwrap();
        assert_eq!(m.locale, vec!["en-US", "de"]);
        assert!(m.features.is_empty());
    }

    #[test]
    fn carriage_return_line_breaks() {
        let m = parse("/*---\rincludes: [a.js]\rflags: [raw]\r---*/").unwrap();
        assert_eq!(m.includes, vec!["a.js"]);
        assert!(m.flags.raw);
        let m = parse("/*---\r\nincludes:\r\n  - b.js\r\n---*/").unwrap();
        assert_eq!(m.includes, vec!["b.js"]);
    }

    #[test]
    fn errors() {
        assert!(parse("/*---\nflags: [bogus]\n---*/").is_err());
        assert!(parse("/*---\nnegative:\n  phase: parse\n---*/").is_err());
        assert!(parse("/*---\nnegative:\n  phase: later\n  type: X\n---*/").is_err());
        assert!(parse("/*---\nincludes: [a.js,\n---*/").is_err());
    }
}
