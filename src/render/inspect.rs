//! `inspect` output: settings, training summary and the strongest features per label.

use crate::pipeline::Pipeline;

/// `inspect`'s report: settings, training summary and the strongest features per label.
pub fn inspect_report(p: &Pipeline, top: usize) -> String {
    let sum = p.summary();
    let st = &sum.settings;
    let f = &st.features;
    let mut s = String::new();
    s.push_str(&format!(
        "model trained by stance {} on {} ({} sentences)\n",
        sum.crate_version, sum.data_source, sum.documents
    ));
    for (label, n) in &sum.per_label {
        s.push_str(&format!("  {label:<14} {n:>7} sentences\n"));
    }
    s.push_str(&format!(
        "tokenizer: stemming {}, negation {}, question scope {}, no-force feature {}, stop words {:?}\n",
        on_off(st.tokenizer.stem),
        st.tokenizer.negation.name(),
        on_off(st.tokenizer.questions),
        st.tokenizer.force_mention.name(),
        st.tokenizer.stop_words
    ));
    s.push_str(&format!(
        "features: {}-{} grams, min_df {}, max_df {}, max_features {}, sublinear tf {}; vocabulary {} terms\n",
        f.ngram_min,
        f.ngram_max,
        f.min_df,
        f.max_df,
        f.max_features
            .map(|m| m.to_string())
            .unwrap_or_else(|| "none".into()),
        on_off(f.sublinear_tf),
        sum.vocabulary
    ));
    let c = &sum.convergence;
    s.push_str(&format!(
        "model: logistic regression, C {}, style penalty {}, class weight {:?}, max_iter {}; {} iterations, gradient norm {:.2e}, loss {:.4} ({})\n",
        st.model.c, st.model.style_penalty, st.model.class_weight, st.model.max_iter, c.iterations, c.gradient_norm, c.loss, c.reason
    ));
    if c.hit_iteration_cap {
        s.push_str(
            "warning: training stopped at the iteration cap; retrain with a higher --max-iter\n",
        );
    }
    s.push_str(&format!(
        "training accuracy {:.3}, seed {}\n",
        sum.training_accuracy, st.seed
    ));
    let (checksum, calibration) = checksum_and_calibration(p);
    s.push_str(&format!("training data checksum {checksum}\n"));
    s.push_str(&format!("calibration {calibration}\n"));
    for (label, feats) in p.top_features(top) {
        s.push_str(&format!("\nstrongest features for {label}:\n"));
        for (term, w) in feats {
            s.push_str(&format!("  {w:>+8.3}  {term}\n"));
        }
    }
    s
}

/// The training data's checksum, and whether the model stores calibration (and from what), in
/// words, as `train` and `inspect` print them.
pub(super) fn checksum_and_calibration(p: &Pipeline) -> (String, String) {
    let checksum = match p.data_checksum() {
        Some(c) => format!(
            "{} (CRC-32 of the training rows)",
            super::provenance::hex(c)
        ),
        None => "none (a model of format 1)".into(),
    };
    let calibration = match p.calibration() {
        Some(c) => format!("stored ({})", c.source),
        None => {
            "not stored (the adjusted share methods then need labelled sentences of yours)".into()
        }
    };
    (checksum, calibration)
}

pub(super) fn on_off(b: bool) -> &'static str {
    if b {
        "on"
    } else {
        "off"
    }
}
