use super::*;
use crate::pipeline::tests::tiny;

use crate::error::ErrorKind;
use crate::pipeline::TrainSettings;

fn settings() -> ValidTrainSettings {
    seeded(TrainSettings::default().seed)
}

fn seeded(seed: u64) -> ValidTrainSettings {
    let mut s = TrainSettings::default();
    s.features.min_df = 1;
    s.seed = seed;
    s.check().unwrap()
}

#[test]
fn cross_validation_predicts_every_sentence_once_and_is_seeded() {
    let data = tiny();
    let cv = cross_validate(&data, &settings(), 4).unwrap();
    assert_eq!(cv.fold_sizes, [3, 3, 3, 3]);
    let confusion_total: usize = cv.pooled.evaluation.confusion.iter().flatten().sum();
    assert_eq!(confusion_total, data.len());
    assert!(cv
        .pooled
        .predictions
        .probabilities
        .iter()
        .all(|p| p.len() == 3 && (p.iter().sum::<f64>() - 1.0).abs() < 1e-9));
    let acc = cv.metric("accuracy").unwrap();
    assert_eq!(acc.folds.len(), 4);
    let (mean, std) = mean_std(&acc.folds);
    assert_eq!((acc.mean, acc.std), (mean, std));
    // Each fold has 3 sentences (one per label), so pooled accuracy is the mean over folds.
    assert!((cv.pooled.evaluation.accuracy - acc.mean).abs() < 1e-12);
    assert!(cv.metric("f1[peacekeeping]").is_some());
    assert_eq!(cross_validate(&data, &settings(), 4).unwrap(), cv);
    let cv7 = cross_validate(&data, &seeded(7), 4).unwrap();
    assert_eq!(cv7.seed, 7);
}

#[test]
fn cross_validation_reports_each_fold_and_its_training() {
    use crate::progress::{tests::Recorder, Stage};
    let recorder = Recorder::default();
    let report = |s| recorder.report(s);
    let cv = cross_validate_with_progress(&tiny(), &settings(), 3, &report).unwrap();
    assert_eq!(recorder.runs(Stage::CrossValidating), [vec![0, 1, 2, 3]]);
    assert_eq!(recorder.runs(Stage::Fitting).len(), 3);
    assert_eq!(recorder.runs(Stage::Counting).len(), 3);
    assert_eq!(cross_validate(&tiny(), &settings(), 3).unwrap(), cv);
}

#[test]
fn too_many_folds_or_too_few_are_refused() {
    let data = tiny();
    let err = cross_validate(&data, &settings(), 5)
        .unwrap_err()
        .to_string();
    assert!(err.contains("fewer than the 5 folds"), "{err}");
    let err = cross_validate(&data, &settings(), 1).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::InvalidSetting {
                setting: Setting::Folds,
                ..
            }
        ),
        "{err}"
    );
    let mut s = settings().into_inner();
    s.features.min_df = 100;
    let err = cross_validate(&data, &s.check().unwrap(), 2).unwrap_err();
    match err.kind() {
        ErrorKind::Training { steps, problem, .. } => {
            assert_eq!(steps, &[TrainingStep::Fold { fold: 0, folds: 2 }]);
            assert_eq!(problem, &TrainingProblem::EmptyVocabulary { min_df: 100 });
        }
        other => panic!("{other}"),
    }
    assert!(err.to_string().contains("fold 1 of 2"), "{err}");
}

#[test]
fn holdout_counts_unknown_labels_as_errors_and_lists_confident_mistakes() {
    let (p, _) = Pipeline::train(&tiny(), &settings()).unwrap();
    let mut data = tiny();
    data.labels[0] = "other".into();
    data.labels[4] = "neutral".into();
    let h = holdout(&p, &data, 1);
    assert_eq!(h.unknown_labels, ["other"]);
    assert_eq!(h.assessment.predictions.labels.len(), 4);
    assert_eq!(h.assessment.evaluation.per_class[3].1.recall, 0.0);
    let errors = h.assessment.confident_errors(&data, 10);
    assert_eq!(errors.len(), 2);
    assert!(errors[0].probability >= errors[1].probability);
    let other = errors.iter().find(|e| e.truth == "other").unwrap();
    assert_eq!((other.line, other.truth_probability), (2, 0.0));
    assert_eq!(h.assessment.confident_errors(&data, 1).len(), 1);
    assert!(h.intervals.accuracy.lower <= h.assessment.evaluation.accuracy);
}

/// Nine groups of four sentences, three groups per label, in which only a group's own name
/// tells its label: the words every sentence shares say nothing.
fn leaky_groups() -> LabelledSet {
    let names = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
    ];
    let labels = ["peacekeeping", "enforcement", "neutral"];
    let (mut texts, mut y, mut groups) = (Vec::new(), Vec::new(), Vec::new());
    for (g, name) in names.iter().enumerate() {
        for j in 0..4 {
            let filler = ["today", "again", "here", "now"][j];
            texts.push(format!("The {name} unit reported {filler}"));
            y.push(labels[g % 3].to_string());
            groups.push(name.to_string());
        }
    }
    LabelledSet {
        lines: (2..2 + texts.len() as u64).collect(),
        texts,
        labels: y,
        groups: Some(crate::corpus::Groups {
            column: "mission".into(),
            values: groups,
        }),
        ..Default::default()
    }
}

#[test]
fn grouped_folds_score_each_group_with_a_model_that_never_saw_it() {
    let data = leaky_groups();
    let stratified = cross_validate(&data, &settings(), 3).unwrap();
    assert_eq!(stratified.grouped_by, None);
    let grouped =
        cross_validate_folds(&data, &settings(), (3, FoldScheme::Grouped), SILENT).unwrap();
    assert_eq!(grouped.grouped_by.as_deref(), Some("mission"));
    // Whole groups of four: each fold holds three of them.
    assert_eq!(grouped.fold_sizes, [12, 12, 12]);
    // A stratified fold has seen every group's name and reads the label off it; a grouped one
    // has never seen the names it is scored on, and the shared words carry no label.
    assert!(
        stratified.pooled.evaluation.accuracy > 0.9,
        "{stratified:?}"
    );
    assert!(grouped.pooled.evaluation.accuracy < 0.5, "{grouped:?}");
    let again = cross_validate_folds(&data, &settings(), (3, FoldScheme::Grouped), SILENT);
    assert_eq!(again.unwrap(), grouped);
}

#[test]
fn grouped_folds_need_groups_and_enough_of_them() {
    let mut data = leaky_groups();
    let err =
        cross_validate_folds(&data, &settings(), (10, FoldScheme::Grouped), SILENT).unwrap_err();
    match err.kind() {
        ErrorKind::Training { problem, .. } => assert_eq!(
            problem,
            &TrainingProblem::GroupsCannotMakeFolds {
                column: "mission".into(),
                units: 9,
                folds: 10
            }
        ),
        other => panic!("{other}"),
    }
    data.groups = None;
    let err =
        cross_validate_folds(&data, &settings(), (3, FoldScheme::Grouped), SILENT).unwrap_err();
    assert!(
        matches!(
            err.kind(),
            ErrorKind::Training {
                problem: TrainingProblem::NoGroups,
                ..
            }
        ),
        "{err}"
    );
    // A sentence without a group is a unit of its own.
    let units = crate::eval::sampling::group_units(&["a".into(), "".into(), "a".into(), "".into()]);
    assert_eq!(units.len(), 3);
}
