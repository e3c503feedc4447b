use super::*;
use crate::eval::validation::{Assessment, Predictions};

fn assessment() -> Assessment {
    let labels = ["enforcement", "neutral", "peacekeeping"].map(String::from);
    Assessment::new(Predictions {
        labels: labels.to_vec(),
        truth: vec![0, 0, 1, 1, 2, 2, 2],
        probabilities: vec![
            vec![0.8, 0.1, 0.1],
            vec![0.3, 0.5, 0.2],
            vec![0.1, 0.7, 0.2],
            vec![0.2, 0.6, 0.2],
            vec![0.1, 0.2, 0.7],
            vec![0.6, 0.1, 0.3],
            vec![0.05, 0.05, 0.9],
        ],
    })
}

#[test]
fn writes_every_file_with_drawn_figures() {
    let a = assessment();
    let json = serde_json::json!({"accuracy": a.evaluation.accuracy});
    let errors = [ConfidentError {
        line: 7,
        text: "A <b>bold</b> & risky claim".into(),
        truth: "peacekeeping".into(),
        predicted: "enforcement".into(),
        probability: 0.6,
        truth_probability: 0.3,
    }];
    let report = Report {
        title: "t".into(),
        subtitle: "s".into(),
        assessment: &a,
        rows: vec![MetricRow {
            name: "accuracy".into(),
            value: a.evaluation.accuracy,
            std: None,
            ci_lower: Some(0.4),
            ci_upper: Some(0.9),
        }],
        errors: &errors,
        json: &json,
        provenance: &serde_json::json!({"command": "evaluate", "inputs": ["<test>.csv"]}),
    };
    let dir = tempfile::tempdir().unwrap();
    let written = write_report(&dir.path().join("r"), &report, false, &[]).unwrap();
    assert_eq!(written.len(), REPORT_FILES.len());
    for svg in ["confusion.svg", "pr_curves.svg", "reliability.svg"] {
        let text = std::fs::read_to_string(dir.path().join("r").join(svg)).unwrap();
        assert!(
            text.contains("<svg") && text.trim_end().ends_with("</svg>"),
            "{svg}"
        );
        assert!(
            text.contains("<rect") || text.contains("<polyline"),
            "{svg}"
        );
    }
    let confusion = std::fs::read_to_string(dir.path().join("r/confusion.svg")).unwrap();
    assert!(confusion.contains("peacekeeping") && confusion.contains("2 (67%)"));
    let html = std::fs::read_to_string(dir.path().join("r/index.html")).unwrap();
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("A &lt;b&gt;bold&lt;/b&gt; &amp; risky claim"));
    assert!(html.contains("0.4000 – 0.9000"));
    let csv = std::fs::read_to_string(dir.path().join("r/metrics.csv")).unwrap();
    assert_eq!(
        csv.lines().next(),
        Some("metric,value,std,ci_lower,ci_upper")
    );
    assert!(csv.contains("accuracy,0.714286,,0.400000,0.900000"));
    let provenance = std::fs::read_to_string(dir.path().join("r/provenance.json")).unwrap();
    let p: serde_json::Value = serde_json::from_str(&provenance).unwrap();
    assert_eq!(p["command"], "evaluate");
    assert!(html.contains("<h2>Provenance</h2>") && html.contains("&lt;test&gt;.csv"));
}

#[test]
fn heat_runs_from_white_to_dark_blue() {
    assert_eq!(heat(0.0), RGBColor(247, 251, 255));
    assert_eq!(heat(1.0), RGBColor(8, 48, 107));
    assert_eq!(heat(7.0), heat(1.0));
}
