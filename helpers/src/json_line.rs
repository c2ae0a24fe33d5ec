//! One string as one line of JSON: the worker processes' protocol, without serde_json.
//!
//! Why not serde_json: evcxr's crate cache keeps a copy of each compiled registry crate with the
//! dependency list rustc wrote for it. serde_core's list names a file its build script wrote in the
//! `target` folder of the kernel that first compiled it; that folder is deleted when that kernel
//! stops, so in every later kernel cargo finds the file missing and rebuilds serde_core, then
//! serde_json, then this crate, on every cell: about a quarter of a typical cell's compile time
//! (bench/results/latency.analysis.md). A token and its result are plain strings, which need
//! only this much JSON.

use std::fmt;

/// `text` as a JSON string literal, quotes included, on one line (newlines are escaped).
pub fn encode_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What was wrong with a line that should hold one JSON string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonLineError {
    pub line: String,
    pub problem: &'static str,
}

impl fmt::Display for JsonLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not one JSON string ({}): {:?}", self.problem, self.line)
    }
}

impl std::error::Error for JsonLineError {}

/// The string a line holds: one JSON string literal, with spaces around it allowed.
pub fn decode_str(line: &str) -> Result<String, JsonLineError> {
    let fail = |problem| JsonLineError {
        line: line.to_string(),
        problem,
    };
    let inner = line
        .trim()
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| fail("it must start and end with a double quote"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Err(fail("an unescaped quote inside")),
            c if (c as u32) < 0x20 => return Err(fail("a control character inside")),
            '\\' => match chars
                .next()
                .ok_or_else(|| fail("a lone backslash at the end"))?
            {
                '"' => out.push('"'),
                '\\' => out.push('\\'),
                '/' => out.push('/'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'n' => out.push('\n'),
                'r' => out.push('\r'),
                't' => out.push('\t'),
                'u' => {
                    let high = hex4(&mut chars).ok_or_else(|| fail("a bad \\u escape"))?;
                    let code = if (0xD800..0xDC00).contains(&high) {
                        // A character outside the basic plane comes as a surrogate pair.
                        let low = (chars.next() == Some('\\') && chars.next() == Some('u'))
                            .then(|| hex4(&mut chars))
                            .flatten()
                            .filter(|low| (0xDC00..0xE000).contains(low))
                            .ok_or_else(|| fail("a high surrogate without its low half"))?;
                        0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        high
                    };
                    out.push(char::from_u32(code).ok_or_else(|| fail("a lone surrogate"))?);
                }
                _ => return Err(fail("an unknown escape")),
            },
            c => out.push(c),
        }
    }
    Ok(out)
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let digits: String = chars.take(4).collect();
    (digits.len() == 4)
        .then(|| u32::from_str_radix(&digits, 16).ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "hello",
        "HELLO WORLD",
        "a \"quoted\" word",
        "back\\slash",
        "two\nlines\r\n\ttab",
        "bell \u{7} and \u{1f}",
        "é, ß, 東京, 🦀",
    ];

    #[test]
    fn round_trip_on_one_line() {
        for sample in SAMPLES {
            let line = encode_str(sample);
            assert!(!line.contains('\n'), "{line}");
            assert_eq!(decode_str(&line).as_deref(), Ok(*sample));
        }
    }

    #[test]
    fn agrees_with_serde_json_both_ways() {
        for sample in SAMPLES {
            let theirs = serde_json::to_string(sample).unwrap();
            assert_eq!(decode_str(&theirs).as_deref(), Ok(*sample), "{theirs}");
            let ours: String = serde_json::from_str(&encode_str(sample)).unwrap();
            assert_eq!(&ours, sample);
        }
        // Escapes serde_json accepts but does not write.
        let escaped = r#""\/\b\f\u0041\ud83e\udd80""#;
        let theirs: String = serde_json::from_str(escaped).unwrap();
        assert_eq!(decode_str(escaped), Ok(theirs));
    }

    #[test]
    fn spaces_around_the_literal_are_fine() {
        assert_eq!(decode_str("  \"a\" \n").as_deref(), Ok("a"));
    }

    #[test]
    fn bad_lines_say_what_is_wrong() {
        for (line, problem) in [
            ("hello", "start and end with a double quote"),
            ("\"open", "start and end with a double quote"),
            ("\"a\"b\"", "unescaped quote"),
            ("\"a\\\"", "lone backslash"),
            ("\"\\x\"", "unknown escape"),
            ("\"\\u12\"", "bad \\u escape"),
            ("\"\\ud83e\"", "without its low half"),
            ("\"\\udd80\"", "lone surrogate"),
            ("\"tab\there\"", "control character"),
        ] {
            let error = decode_str(line).unwrap_err();
            assert!(error.to_string().contains(problem), "{line}: {error}");
        }
    }
}
