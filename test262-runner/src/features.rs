//! The list of skipped features, `features.toml`.
//!
//! The file is a small subset of TOML: a `[skip]` table of
//! `feature = "reason"` pairs, with bare or quoted keys and `#` comments.

use std::collections::BTreeMap;

const BUILTIN: &str = include_str!("../features.toml");

/// Features whose tests are not run, with the reason for each.
#[derive(Debug, Default)]
pub struct SkipList {
    reasons: BTreeMap<String, String>,
}

fn parse_string(s: &str) -> Option<(String, &str)> {
    let rest = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &rest[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

impl SkipList {
    /// The list compiled into the runner.
    pub fn builtin() -> Result<SkipList, String> {
        SkipList::parse(BUILTIN).map_err(|e| format!("features.toml: {e}"))
    }

    pub fn parse(text: &str) -> Result<SkipList, String> {
        let mut reasons = BTreeMap::new();
        let mut table = String::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            let err = |what: &str| format!("line {}: {what}", n + 1);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[') {
                table = name
                    .strip_suffix(']')
                    .ok_or_else(|| err("bad table header"))?
                    .trim()
                    .to_string();
                continue;
            }
            if table != "skip" {
                return Err(err("entries belong in the [skip] table"));
            }
            let (key, rest) = if line.starts_with('"') {
                parse_string(line).ok_or_else(|| err("unterminated key"))?
            } else {
                let end = line
                    .find(|c: char| c.is_whitespace() || c == '=')
                    .unwrap_or(line.len());
                (line[..end].to_string(), &line[end..])
            };
            let rest = rest
                .trim_start()
                .strip_prefix('=')
                .ok_or_else(|| err("expected `=`"))?;
            let (reason, rest) =
                parse_string(rest.trim_start()).ok_or_else(|| err("expected a quoted reason"))?;
            let rest = rest.trim();
            if !(rest.is_empty() || rest.starts_with('#')) {
                return Err(err("unexpected text after the reason"));
            }
            if key.is_empty() || reason.trim().is_empty() {
                return Err(err("every feature needs a name and a reason"));
            }
            if reasons.insert(key.clone(), reason).is_some() {
                return Err(err(&format!("duplicate feature `{key}`")));
            }
        }
        Ok(SkipList { reasons })
    }

    /// The first skipped feature among `features`, with its reason.
    pub fn find<'a>(&'a self, features: &'a [String]) -> Option<(&'a str, &'a str)> {
        features
            .iter()
            .find_map(|f| self.reasons.get_key_value(f.as_str()))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_parses() {
        let list = SkipList::builtin().unwrap();
        let features = vec!["Symbol".to_string(), "Temporal".to_string()];
        assert_eq!(list.find(&features).map(|f| f.0), Some("Temporal"));
        assert_eq!(list.find(&["Symbol".to_string()]), None);
    }

    #[test]
    fn syntax() {
        let list = SkipList::parse(
            "# comment\n[skip]\nfoo = \"why\" # trailing\n\"a.b\" = \"because \\\"x\\\"\"\n",
        )
        .unwrap();
        assert_eq!(list.find(&["a.b".into()]), Some(("a.b", "because \"x\"")));
        assert_eq!(list.find(&["foo".into()]), Some(("foo", "why")));
        assert!(SkipList::parse("foo = \"x\"").is_err());
        assert!(SkipList::parse("[skip]\nfoo = x").is_err());
        assert!(SkipList::parse("[skip]\nfoo = \"\"").is_err());
        assert!(SkipList::parse("[skip]\nfoo = \"a\"\nfoo = \"b\"").is_err());
    }
}
