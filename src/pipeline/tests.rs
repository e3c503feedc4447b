use super::*;
use crate::error::ErrorKind;

/// A pipeline trained on nine sentences, three per label, that several modules' tests share.
pub(crate) fn nine_sentences() -> Pipeline {
    let rows = [
        ("The force will monitor the ceasefire line", "peacekeeping"),
        ("Peacekeepers escort aid convoys to Rafah", "peacekeeping"),
        (
            "The mission protects civilians with consent",
            "peacekeeping",
        ),
        ("The force must disarm Hamas by force", "enforcement"),
        (
            "Soldiers will disarm the militias and raid depots",
            "enforcement",
        ),
        ("A Chapter VII force will compel compliance", "enforcement"),
        ("Ministers met in Cairo on Tuesday", "neutral"),
        ("The budget is 1.2 billion dollars", "neutral"),
        ("Talks resume next week in Cairo", "neutral"),
    ];
    let data = LabelledSet {
        source: "a.csv".into(),
        texts: rows.iter().map(|r| r.0.to_string()).collect(),
        labels: rows.iter().map(|r| r.1.to_string()).collect(),
        lines: (2..11).collect(),
        merged: Vec::new(),
        groups: None,
    };
    let mut settings = TrainSettings::default();
    settings.features.min_df = 1;
    Pipeline::train(&data, &settings.check().unwrap())
        .unwrap()
        .0
}

pub(crate) fn tiny() -> LabelledSet {
    let rows = [
        ("The force will monitor the ceasefire line", "peacekeeping"),
        ("Peacekeepers escort aid convoys to Rafah", "peacekeeping"),
        (
            "The mission protects civilians with consent",
            "peacekeeping",
        ),
        (
            "Troops will not disarm anyone, they monitor",
            "peacekeeping",
        ),
        ("The force must disarm Hamas by force", "enforcement"),
        (
            "Soldiers will disarm the militias and raid depots",
            "enforcement",
        ),
        ("A Chapter VII force will compel compliance", "enforcement"),
        (
            "The force must destroy tunnels and disarm fighters",
            "enforcement",
        ),
        ("Ministers met in Cairo on Tuesday", "neutral"),
        ("The budget is 1.2 billion dollars", "neutral"),
        ("Talks resume next week in Cairo", "neutral"),
        ("It is unclear who will pay for the budget", "neutral"),
    ];
    LabelledSet {
        source: "tiny.csv".into(),
        texts: rows.iter().map(|r| r.0.to_string()).collect(),
        labels: rows.iter().map(|r| r.1.to_string()).collect(),
        lines: (2..14).collect(),
        merged: Vec::new(),
        groups: None,
    }
}

fn settings() -> ValidTrainSettings {
    let mut s = TrainSettings::default();
    s.features.min_df = 1;
    s.check().unwrap()
}

#[test]
fn trains_and_classifies() {
    let (p, _) = Pipeline::train(&tiny(), &settings()).unwrap();
    assert_eq!(p.labels(), ["enforcement", "neutral", "peacekeeping"]);
    assert!(p.summary().training_accuracy > 0.99);
    let s = p.score_sentence("the force must disarm the militias");
    assert_eq!(p.labels()[s.label], "enforcement");
    let s = p.score_sentence("peacekeepers monitor the ceasefire");
    assert_eq!(p.labels()[s.label], "peacekeeping");
    assert!((s.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-9);
}

#[test]
fn training_reports_counting_then_fitting_up_to_the_iteration_cap() {
    use crate::progress::{tests::Recorder, Stage};
    let recorder = Recorder::default();
    let report = |s| recorder.report(s);
    let budget = MemoryBudget::default();
    let (p, _) = Pipeline::train_with_progress(&tiny(), &settings(), &budget, &report).unwrap();
    assert_eq!(recorder.of(Stage::Counting), [(0, 12), (12, 12)]);
    let fitting = recorder.runs(Stage::Fitting);
    assert_eq!(fitting.len(), 1);
    // One step per iteration between the start and the end, which is the cap.
    let iterations = p.summary().convergence.iterations;
    assert_eq!(fitting[0].len() as u64, iterations + 2);
    assert_eq!(fitting[0][iterations as usize], iterations);
    assert_eq!(fitting[0].last(), Some(&500));
    // The same model as without progress.
    assert_eq!(Pipeline::train(&tiny(), &settings()).unwrap().0, p);
}

#[test]
fn unknown_sentence_has_no_known_terms() {
    let (p, _) = Pipeline::train(&tiny(), &settings()).unwrap();
    assert!(!p.score_sentence("zzz qqq").has_known_terms);
    assert!(!p.score_sentence("").has_known_terms);
}

#[test]
fn single_class_and_empty_sets_are_refused() {
    let mut one = tiny();
    one.labels.iter_mut().for_each(|l| *l = "neutral".into());
    let err = Pipeline::train(&one, &settings()).unwrap_err().to_string();
    assert!(
        err.contains("tiny.csv") && err.contains("at least two labels"),
        "{err}"
    );
    let empty = LabelledSet {
        source: "e.csv".into(),
        ..Default::default()
    };
    assert!(Pipeline::train(&empty, &settings()).is_err());
}

#[test]
fn min_df_that_prunes_everything_is_explained() {
    let mut s = settings().into_inner();
    s.features.min_df = 1000;
    let err = Pipeline::train(&tiny(), &s.check().unwrap()).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Training {
                problem: TrainingProblem::EmptyVocabulary { min_df: 1000 },
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn a_label_per_row_is_refused_before_fitting_when_over_budget() {
    // An identifier column taken for the label: as many labels as rows, and a weight table
    // of vocabulary × rows.
    let mut ids = tiny();
    ids.labels = (0..ids.len()).map(|i| format!("row-{i}")).collect();
    let text_bytes: u64 = ids.texts.iter().map(|t| t.len() as u64).sum();
    let corpus = crate::budget::corpus_estimate(text_bytes, &settings().features);
    let budget = MemoryBudget::new(corpus + 1000);
    let e = Pipeline::train_within(&ids, &settings(), &budget).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::MemoryBudget { .. }), "{e}");
    assert!(e.to_string().contains("× 12 labels"), "{e}");
    // The same budget is enough for the same sentences with their real labels.
    assert!(
        Pipeline::train_within(&tiny(), &settings(), &MemoryBudget::new(corpus + 100_000)).is_ok()
    );
}

#[test]
fn single_example_labels_are_warned_about_in_line_order() {
    let mut data = tiny();
    data.labels[5] = "enforcment".into();
    data.labels[2] = "peace".into();
    let lines: Vec<u64> = data
        .warnings()
        .iter()
        .map(|w| match w {
            DataWarning::SingleExample { line, .. } => *line,
            _ => 0,
        })
        .collect();
    assert_eq!(lines, [4, 7]);
    assert!(tiny().warnings().is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    #[test]
    fn any_text_vectorises_to_a_finite_unit_or_empty_row(text in "\\PC{0,200}") {
        let (p, _) = Pipeline::train(&tiny(), &settings()).unwrap();
        let row = p.vectorize(&text);
        proptest::prop_assert!(row.values.iter().all(|v| v.is_finite()));
        proptest::prop_assert!(row.is_empty() || (row.norm() - 1.0).abs() < 1e-5);
        let score = p.score_sentence(&text);
        proptest::prop_assert!((score.probabilities.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}

#[test]
fn contributions_explain_the_label() {
    let (p, _) = Pipeline::train(&tiny(), &settings()).unwrap();
    let enf = p.labels().iter().position(|l| l == "enforcement").unwrap();
    let c = p.contributions("the force must disarm the militias", enf);
    assert!(!c.is_empty());
    assert!(c.iter().any(|c| c.term.contains("disarm") && c.value > 0.0));
    assert!(c.windows(2).all(|w| w[0].value >= w[1].value));
    // Relative to the mean over classes, a term's contributions to all classes sum to 0.
    let total: f64 = (0..3)
        .map(|k| {
            p.contributions("the force must disarm", k)
                .iter()
                .map(|c| c.value)
                .sum::<f64>()
        })
        .sum();
    assert!(total.abs() < 1e-9, "{total}");
    let top = p.top_features(3);
    assert_eq!(top.len(), 3);
    assert!(top.iter().all(|(_, list)| list.len() == 3));
}
