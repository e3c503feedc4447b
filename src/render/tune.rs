//! `tune` output: the table of grid points and the best setting.

use crate::eval::tune::{Trial, Tuning};

/// The header of `tune`'s table, for a grid whose point labels are up to `width` wide.
pub fn tuning_header(width: usize) -> String {
    format!(
        "{:<width$}  {:>15}  {:>15}",
        "setting", "macro-F1", "accuracy"
    )
}

/// One row of `tune`'s table: the grid point, its mean ± std macro-F1 and accuracy.
pub fn tuning_row(t: &Trial, width: usize) -> String {
    format!(
        "{:<width$}  {:>15}  {:>15}",
        t.point.label,
        format!("{:.3} ± {:.3}", t.macro_f1.mean, t.macro_f1.std),
        format!("{:.3} ± {:.3}", t.accuracy.mean, t.accuracy.std),
    )
}

/// `tune`'s closing line naming the best setting.
pub fn tuning_best(t: &Tuning) -> String {
    let best = t.best();
    format!(
        "best: {} (macro-F1 {:.3} ± {:.3} over {} folds)",
        best.point.label, best.macro_f1.mean, best.macro_f1.std, t.k
    )
}
