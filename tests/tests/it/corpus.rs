//! Every documented Graph path through the template parser the attribute
//! uses (its very source file, no compilation per path): each is accepted
//! and renders right, or is rejected with the specific problem and a fix
//! that, applied, gives an accepted template.

use std::collections::BTreeMap;

use graph_resource::__private::{ParamKind as RtKind, Part as RtPart, Template as RtTemplate, render};
use graph_resource_tests::expect::{encoded, sample};

#[allow(dead_code, unreachable_pub)]
#[path = "../../../macros/src/internals/template/mod.rs"]
mod template;

use template::{ErrorKind, ParamKind, Part};

fn corpus(file: &str) -> Vec<String> {
    let path = format!("{}/corpus/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// `GET /me/events` → `/me/events`.
fn target(line: &str) -> &str {
    let line = line.trim();
    line.split_once(char::is_whitespace)
        .map_or(line, |(_, t)| t.trim())
}

fn expected_value(value: &str, kind: ParamKind) -> String {
    encoded(value, kind == ParamKind::Quoted, kind == ParamKind::ItemPath)
}

/// Renders an accepted template through the runtime and checks the result
/// against the template text with each placeholder replaced by hand.
fn check_render(src: &str, parsed: &template::Template) {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    let mut expected = String::new();
    for part in &parsed.parts {
        match part {
            Part::Literal(s) => {
                expected.push_str(s);
                parts.push(RtPart::Literal(Box::leak(s.clone().into_boxed_str())));
            }
            Part::Param(p) => {
                let value = sample(values.len());
                expected.push_str(&expected_value(&value, p.kind));
                let kind = match p.kind {
                    ParamKind::Segment => RtKind::Segment,
                    ParamKind::Inline => RtKind::Inline,
                    ParamKind::Quoted => RtKind::Quoted,
                    ParamKind::ItemPath => RtKind::ItemPath,
                };
                parts.push(RtPart::Param(Box::leak(p.name.clone().into_boxed_str()), kind));
                values.push(value);
            }
        }
    }
    let source: &'static str = Box::leak(src.to_owned().into_boxed_str());
    let template: &'static RtTemplate = Box::leak(Box::new(RtTemplate::new(
        source,
        Box::leak(parts.into_boxed_slice()),
    )));
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let rendered = render(template, &refs).unwrap_or_else(|e| panic!("{src}: {e}"));
    assert_eq!(rendered, expected, "{src}");
    // The shape is the template's: as many `/` as its literal text has, plus
    // the separators of item paths; no `?` or `#` at all.
    assert!(!rendered.contains(['?', '#', ' ']), "{src}: {rendered}");
}

#[derive(Default)]
struct Tally {
    outcomes: BTreeMap<String, usize>,
}

impl Tally {
    fn add(&mut self, outcome: String) {
        *self.outcomes.entry(outcome).or_default() += 1;
    }
}

fn run(lines: &[String], tally: &mut Tally) {
    for line in lines {
        let src = target(line);
        let first = std::panic::catch_unwind(|| template::parse(src))
            .unwrap_or_else(|_| panic!("the parser panicked on {line:?}"));
        let error = match first {
            Ok(parsed) => {
                check_render(src, &parsed);
                tally.add("accepted".into());
                continue;
            }
            Err(e) => e,
        };
        let message = error.to_string();
        assert!(!message.contains("invalid path"), "generic: {line}: {message}");
        if error.kind == ErrorKind::NotAPath {
            assert!(message.contains("is text, not a URL path"), "{message}");
            tally.add(format!("rejected {:?}", error.kind));
            continue;
        }
        // Apply the suggestions until the template is accepted.
        let mut current = src.to_owned();
        let mut kinds = vec![error.kind];
        let mut fixes = 0;
        loop {
            match template::parse(&current) {
                Ok(parsed) => {
                    check_render(&current, &parsed);
                    break;
                }
                Err(e) => {
                    let fix = e.suggested_fix().unwrap_or_else(|| {
                        panic!("no fix offered for {line:?} at {current:?}: {}", e.message)
                    });
                    assert_ne!(fix, current, "the fix changes nothing: {}", e.message);
                    if kinds.last() != Some(&e.kind) {
                        kinds.push(e.kind);
                    }
                    current = fix.to_owned();
                    fixes += 1;
                    assert!(fixes < 12, "the fixes do not converge for {line:?}: {current:?}");
                }
            }
        }
        tally.add(format!(
            "rejected {:?}, accepted after applying the suggested fix",
            kinds[0]
        ));
    }
}

#[test]
fn every_documented_path_is_accepted_or_answered_with_a_fix() {
    let paths = corpus("paths.txt");
    assert_eq!(paths.len(), 8088);
    let mut tally = Tally::default();
    run(&paths, &mut tally);
    run(&corpus("paths-docstubs.txt"), &mut tally);
    let mut malformed = Tally::default();
    run(&corpus("paths-malformed.txt"), &mut malformed);

    println!("paths.txt and paths-docstubs.txt (8,091 lines):");
    for (outcome, n) in &tally.outcomes {
        println!("{n:>6}  {outcome}");
    }
    println!("paths-malformed.txt (15 lines):");
    for (outcome, n) in &malformed.outcomes {
        println!("{n:>6}  {outcome}");
    }
    assert_eq!(tally.outcomes.values().sum::<usize>(), 8091);
    assert_eq!(malformed.outcomes.get("rejected NotAPath"), Some(&15));
    assert!(tally.outcomes["accepted"] > 5000, "{:?}", tally.outcomes);
}

#[test]
fn seed_paths_are_accepted() {
    for line in corpus("paths-docstubs.txt") {
        assert!(template::parse(target(&line)).is_ok(), "{line}");
    }
}

mod fuzz {
    use proptest::prelude::*;

    use super::template;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10000))]

        /// No template makes the parser panic, and every rejection but the
        /// few that need a person offers a fix that changes the template.
        #[test]
        fn any_template_is_accepted_or_answered(src in r#"[{}/ |?#%'<>:=()$.~_a-zé日\t"\\^`*@-]{0,24}"#) {
            match template::parse(&src) {
                Ok(_) => {}
                Err(e) => {
                    prop_assert!(!e.message.is_empty());
                    let needs_a_person = matches!(
                        e.kind,
                        template::ErrorKind::AdjacentPlaceholders | template::ErrorKind::NotAPath | template::ErrorKind::Empty
                    );
                    if !needs_a_person {
                        let fix = e.suggested_fix();
                        prop_assert!(fix.is_some_and(|f| f != src), "{:?}: {}", src, e.message);
                    }
                }
            }
        }
    }
}
