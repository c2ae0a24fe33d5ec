//! The format shared by the solutions (`helpers/solutions/chNN.rs`) and the answers that test the
//! checks (`tests/exercises/chNN.rs`): real Rust, one module per answer, each under a marker line
//!
//! ```text
//! /// 01.2 solution: a finishing time per worker          (a solution: must PASS)
//! /// 01.2 PASS structure: a heap of finishing times      (another right answer)
//! /// 01.2 FAIL made-up: the tutorial's table typed in   (a wrong answer, with its class)
//! pub mod typed_in {
//!     pub fn my_makespan(units: &[usize], workers: usize) -> usize { ... }
//! }
//! ```
//!
//! The module's body, less its indent, its `pub`s and its `use helpers::*;`, is what a learner
//! would type in the starter's cell: `solution("01.2")` prints it, and the kernel harness runs it
//! in place of the starter. `tests/exercises/manifest.py` reads the same format.

/// What a marker says an answer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The exercise's solution: shown by `solution(...)`, must PASS.
    Solution,
    /// Another right answer: must PASS.
    Pass,
    /// A wrong answer: must FAIL.
    Fail,
}

/// One answer module of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// `"01.2"`.
    pub id: String,
    /// Solution, PASS or FAIL.
    pub kind: Kind,
    /// For a FAIL, the class of mistake (`made-up`, `subset`, ...); for a PASS, free.
    pub class: String,
    /// Why it must pass or fail, in words.
    pub why: String,
    /// The module's name.
    pub module: String,
    /// The module's body as a learner would type it in a cell.
    pub code: String,
}

/// Every marked module of `text`, in file order, or what is wrong with a marker.
pub fn sections(text: &str) -> Result<Vec<Section>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let Some((id, kind, class, why)) = marker(lines[i]) else {
            i += 1;
            continue;
        };
        let at = i + 1;
        let module = lines
            .get(at)
            .and_then(|l| {
                l.strip_prefix("pub mod ")
                    .or_else(|| l.strip_prefix("mod "))
            })
            .and_then(|rest| rest.strip_suffix(" {"))
            .ok_or_else(|| {
                format!(
                    "line {}: a marker must be followed by `pub mod name {{`",
                    at
                )
            })?;
        let end = (at + 1..lines.len())
            .find(|&j| lines[j] == "}")
            .ok_or_else(|| format!("line {}: module {module} has no closing `}}`", at + 1))?;
        found.push(Section {
            id,
            kind,
            class,
            why,
            module: module.to_string(),
            code: cell_code(&lines[at + 1..end]),
        });
        i = end + 1;
    }
    Ok(found)
}

/// `/// ID KIND[ CLASS]: WHY` → its parts.
fn marker(line: &str) -> Option<(String, Kind, String, String)> {
    let rest = line.strip_prefix("/// ")?;
    let (head, why) = rest.split_once(": ")?;
    let mut words = head.split_whitespace();
    let id = words.next()?;
    let well_formed_id = id.split_once('.').is_some_and(|(chapter, number)| {
        chapter.len() >= 2
            && chapter.starts_with(|c: char| c.is_ascii_digit())
            && !number.is_empty()
            && number.chars().all(|c| c.is_ascii_digit())
    });
    if !well_formed_id {
        return None;
    }
    let kind = match words.next()? {
        "solution" => Kind::Solution,
        "PASS" => Kind::Pass,
        "FAIL" => Kind::Fail,
        _ => return None,
    };
    let class = words.next().unwrap_or("").to_string();
    Some((id.to_string(), kind, class, why.trim().to_string()))
}

/// A module's lines as cell code: one indent less, no `pub ` on its items, no `use helpers::*;`
/// or `use super::*;` (a notebook already has them), no blank lines at either end.
fn cell_code(body: &[&str]) -> String {
    let kept: Vec<String> = body
        .iter()
        .map(|l| l.strip_prefix("    ").unwrap_or(l.trim_start()))
        .filter(|l| !matches!(l.trim(), "use helpers::*;" | "use super::*;"))
        .map(|l| l.strip_prefix("pub ").unwrap_or(l).to_string())
        .collect();
    let first = kept.iter().position(|l| !l.trim().is_empty());
    let last = kept.iter().rposition(|l| !l.trim().is_empty());
    match (first, last) {
        (Some(first), Some(last)) => kept[first..=last].join("\n") + "\n",
        _ => String::new(),
    }
}

/// For the chapters' answer tests: every answer of exercise `id` in `file_text` got its expected
/// verdict, and `verdicts` names exactly the file's modules for `id`. Panics with every mismatch.
#[doc(hidden)]
pub fn assert_verdicts(file_text: &str, id: &str, verdicts: &[(&str, super::Verdict)]) {
    let sections = sections(file_text).unwrap_or_else(|e| panic!("{e}"));
    let mut problems = Vec::new();
    let expected: Vec<&Section> = sections.iter().filter(|s| s.id == id).collect();
    for section in &expected {
        let Some((_, verdict)) = verdicts.iter().find(|(m, _)| *m == section.module) else {
            problems.push(format!(
                "{}: in the file, not in the test's list",
                section.module
            ));
            continue;
        };
        let must_pass = section.kind != Kind::Fail;
        if verdict.passed() != must_pass {
            problems.push(format!(
                "{} ({:?} {}: {}) got {verdict}",
                section.module, section.kind, section.class, section.why
            ));
        }
    }
    for (module, _) in verdicts {
        if !expected.iter().any(|s| s.module == *module) {
            problems.push(format!(
                "{module}: in the test's list, no `/// {id} ...` marker"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{id}: {} of {} answers wrong:\n{}",
        problems.len(),
        verdicts.len(),
        problems.join("\n")
    );
}

/// Runs each listed answer module's items through a check and asserts the verdicts its markers
/// expect: `check_answers!(include_str!("path/chNN.rs"), "01.2", [typed_in, average], check::ch01::makespan_function(my_makespan))`.
/// Inside the last argument, the names of each module (`my_makespan`) are in scope in turn.
#[macro_export]
#[doc(hidden)]
macro_rules! check_answers {
    ($file:expr, $id:literal, [$($module:ident),* $(,)?], $check:expr) => {{
        let verdicts: Vec<(&str, $crate::check::Verdict)> = vec![$(
            (stringify!($module), {
                #[allow(unused_imports)]
                use $module::*;
                $check
            })
        ),*];
        $crate::check::sections::assert_verdicts($file, $id, &verdicts);
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "//! header\nuse helpers::*;\n\n/// 01.2 solution: a loop\npub mod ours {\n    use helpers::*;\n\n    pub fn f(x: u32) -> u32 {\n        x + 1\n    }\n}\n\n/// 01.2 FAIL made-up: typed in\nmod typed {\n    pub fn f(_: u32) -> u32 { 7 }\n}\n/// not a marker: words\n";

    #[test]
    fn markers_modules_and_cell_code() {
        let found = sections(FILE).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].kind, Kind::Solution);
        assert_eq!(found[0].module, "ours");
        assert_eq!(found[0].code, "fn f(x: u32) -> u32 {\n    x + 1\n}\n");
        assert_eq!(
            (
                found[1].kind,
                found[1].class.as_str(),
                found[1].why.as_str()
            ),
            (Kind::Fail, "made-up", "typed in")
        );
    }

    #[test]
    fn a_marker_without_its_module_is_an_error() {
        let error = sections("/// 01.1 PASS right: x\nfn f() {}\n").unwrap_err();
        assert!(
            error.contains("must be followed by `pub mod name {`"),
            "{error}"
        );
    }

    #[test]
    fn verdicts_are_compared_both_ways() {
        let ok = [
            ("ours", super::super::Verdict::pass("yes")),
            ("typed", super::super::Verdict::fail("no", "")),
        ];
        assert_verdicts(FILE, "01.2", &ok);
        let swapped = [
            ("ours", super::super::Verdict::fail("no", "")),
            ("typed", super::super::Verdict::pass("yes")),
        ];
        let caught = std::panic::catch_unwind(|| assert_verdicts(FILE, "01.2", &swapped));
        assert!(caught.is_err());
        let missing = std::panic::catch_unwind(|| {
            assert_verdicts(FILE, "01.2", &[("ours", super::super::Verdict::pass("y"))])
        });
        assert!(missing.is_err());
    }
}
