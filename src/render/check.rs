//! `check` output: the pass rate per capability of the behavioural tests, and the failures.

use serde_json::{json, Value};

use crate::eval::checks::CapabilityResult;

/// The table: one row per capability (kind, tests, passed, rate), the overall rate, then up to
/// `failures` failed tests per capability with what the model gave each text.
pub fn check_table(results: &[CapabilityResult], failures: usize) -> String {
    let mut s = format!(
        "{:<22} {:<4} {:>6} {:>7} {:>7}\n",
        "capability", "kind", "tests", "passed", "rate"
    );
    let (mut tests, mut passed) = (0, 0);
    for r in results {
        s.push_str(&format!(
            "{:<22} {:<4} {:>6} {:>7} {:>6.1}%\n",
            r.capability,
            r.kind.name(),
            r.tests,
            r.passed,
            100.0 * r.rate()
        ));
        tests += r.tests;
        passed += r.passed;
    }
    let overall = if tests == 0 {
        0.0
    } else {
        passed as f64 / tests as f64
    };
    s.push_str(&format!(
        "{:<22} {:<4} {:>6} {:>7} {:>6.1}%\n",
        "all",
        "",
        tests,
        passed,
        100.0 * overall
    ));
    if failures > 0 {
        for r in results.iter().filter(|r| !r.failures.is_empty()) {
            s.push_str(&format!("\nfailed {}:\n", r.capability));
            for f in r.failures.iter().take(failures) {
                for (text, expected, got, p) in &f.rows {
                    s.push_str(&format!(
                        "  expected {expected:<14} got {got:<13} (p {p:.3})  {}\n",
                        super::clip(&text.split_whitespace().collect::<Vec<_>>().join(" "), 80)
                    ));
                }
                if f.rows.len() > 1 {
                    s.push('\n');
                }
            }
        }
    }
    s
}

/// The JSON: `capabilities` (name -> kind, tests, passed, rate, failures) and `overall`.
pub fn check_json(results: &[CapabilityResult]) -> Value {
    let tests: usize = results.iter().map(|r| r.tests).sum();
    let passed: usize = results.iter().map(|r| r.passed).sum();
    let capabilities: serde_json::Map<String, Value> = results
        .iter()
        .map(|r| {
            let failures: Vec<Value> = r
                .failures
                .iter()
                .map(|f| {
                    json!({
                        "group": f.group,
                        "rows": f.rows.iter().map(|(text, expected, got, p)| json!({
                            "text": text, "expected": expected, "label": got,
                            "probability": super::round(*p, 4),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            (
                r.capability.clone(),
                json!({
                    "kind": r.kind.name(),
                    "tests": r.tests,
                    "passed": r.passed,
                    "rate": super::round(r.rate(), 4),
                    "failures": failures,
                }),
            )
        })
        .collect();
    json!({
        "capabilities": capabilities,
        "overall": {
            "tests": tests,
            "passed": passed,
            "rate": if tests == 0 { 0.0 } else { super::round(passed as f64 / tests as f64, 4) },
        },
    })
}
