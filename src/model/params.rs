//! The logistic regression's hyperparameters and their checks, and the fit itself.

use serde::{Deserialize, Serialize};

use super::objective::*;
use super::*;
use crate::error::{Error, Result, Setting, TrainingProblem};
use crate::features::SparseMatrix;
use crate::progress::{Progress, Stage, SILENT};

/// How much each class counts in the loss.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub enum ClassWeight {
    /// Every sentence counts once.
    #[default]
    Uniform,
    /// Each class counts as much as the others in total: weight `n / (k * n_class)`.
    Balanced,
    /// Explicit weights by label; labels not named get 1.
    Explicit(Vec<(String, f64)>),
}

impl std::str::FromStr for ClassWeight {
    type Err = Error;

    /// Parses `uniform` (or `none`), `balanced`, or `LABEL=WEIGHT,...`; labels are normalised
    /// like the labels of the data.
    ///
    /// ```
    /// use stance::model::ClassWeight;
    ///
    /// let w: ClassWeight = "Neutral=1, enforcement=1.5".parse().unwrap();
    /// assert_eq!(w, ClassWeight::Explicit(vec![("neutral".into(), 1.0), ("enforcement".into(), 1.5)]));
    /// assert!("neutral".parse::<ClassWeight>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let invalid = |expected: &str| Error::unparsable(Setting::ClassWeight, s, expected);
        match s.trim() {
            "uniform" | "none" => Ok(ClassWeight::Uniform),
            "balanced" => Ok(ClassWeight::Balanced),
            list => {
                let mut out = Vec::new();
                for part in list.split(',') {
                    let (label, w) = part.split_once('=').ok_or_else(|| {
                        invalid(
                            "uniform, balanced or LABEL=WEIGHT,..., e.g. neutral=1,enforcement=2",
                        )
                    })?;
                    let w: f64 = w
                        .trim()
                        .parse()
                        .map_err(|_| invalid("a number after each '=', e.g. enforcement=1.5"))?;
                    let label = crate::corpus::normalise_label(label);
                    if out.iter().any(|(l, _)| *l == label) {
                        return Err(invalid(&format!(
                            "each label once; '{label}' is given more than once"
                        )));
                    }
                    out.push((label, w));
                }
                Ok(ClassWeight::Explicit(out))
            }
        }
    }
}

/// Hyperparameters of the logistic regression, checked ([`LogisticParams::check`]) before
/// fitting.
///
/// ```
/// use stance::model::LogisticParams;
///
/// let params = LogisticParams::default().c(10.0).max_iter(300);
/// assert!(params.check().is_ok());
/// assert!(LogisticParams::default().c(-1.0).check().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogisticParams {
    /// Inverse regularisation strength (larger = weaker L2 penalty), defaults to `10.0`.
    pub c: f64,
    /// Class weights, defaults to uniform.
    pub class_weight: ClassWeight,
    /// Iteration cap for L-BFGS, defaults to `500`.
    pub max_iter: u64,
    /// Stop when the largest gradient component falls below this (scikit-learn's rule and
    /// default), defaults to `1e-4`.
    pub gradient_tolerance: f64,
    /// Stop when one iteration lowers the loss by less than this, defaults to `1e-10`.
    pub cost_tolerance: f64,
    /// How many times the ordinary L2 penalty the weights of a style term pay: a term made only
    /// of closed-class words, reporting verbs and numbers ([`crate::text::stopwords::style`]),
    /// defaults to [`DEFAULT_STYLE_PENALTY`]; `1` treats them like any other term. The fit is
    /// told which columns are style terms ([`ValidLogisticParams::fit_sparse_styled`]).
    ///
    /// Why: in a corpus written for the task such words can carry a label by how the writers
    /// wrote ("must" in demands, numbers in background), which real reporting does not share.
    /// A heavier penalty lets them carry a label only where the data insists.
    pub style_penalty: f64,
}

/// The default [`LogisticParams::style_penalty`]: chosen on real reporting (see the README's
/// "How good it is").
pub const DEFAULT_STYLE_PENALTY: f64 = 2.0;

/// The largest style penalty accepted: far beyond it a style term's weight is zero in all but
/// name.
pub const MAX_STYLE_PENALTY: f64 = 1e6;

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 10.0,
            class_weight: ClassWeight::Uniform,
            max_iter: 500,
            gradient_tolerance: 1e-4,
            cost_tolerance: 1e-10,
            style_penalty: DEFAULT_STYLE_PENALTY,
        }
    }
}

/// The smallest `C` accepted. The objective is the mean loss plus `‖w‖² / (2 C N)`; with `C`
/// much below this the penalty swamps the data term, every weight stays at zero (the model
/// predicts the label shares) and the line search cannot make progress.
pub const MIN_C: f64 = 1e-6;

/// The largest `C` accepted: beyond it the penalty is below the optimiser's precision, so the fit
/// is unregularised and may never converge on separable data.
pub const MAX_C: f64 = 1e6;

/// The smallest class weight accepted (relative to the others: a weight this small removes a
/// label from the loss in all but name).
pub const MIN_WEIGHT: f64 = 1e-6;

/// The largest class weight accepted.
pub const MAX_WEIGHT: f64 = 1e6;

impl LogisticParams {
    /// Sets the inverse regularisation strength `C`.
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// Sets the class weights.
    pub fn class_weight(mut self, class_weight: ClassWeight) -> Self {
        self.class_weight = class_weight;
        self
    }

    /// Sets the iteration cap.
    pub fn max_iter(mut self, max_iter: u64) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets the gradient-norm tolerance.
    pub fn gradient_tolerance(mut self, tol: f64) -> Self {
        self.gradient_tolerance = tol;
        self
    }

    /// Sets the style penalty ([`LogisticParams::style_penalty`]).
    pub fn style_penalty(mut self, style_penalty: f64) -> Self {
        self.style_penalty = style_penalty;
        self
    }

    /// Checks every value's range and returns the checked parameters, which is what
    /// [`ValidLogisticParams::fit_sparse`] takes (linfa's `ParamGuard`).
    pub fn check(&self) -> Result<ValidLogisticParams> {
        if !(self.c.is_finite() && (MIN_C..=MAX_C).contains(&self.c)) {
            return Err(Error::out_of_range(
                Setting::C,
                shown(self.c),
                format!(
                    "a finite number greater than 0, from {MIN_C:e} to {MAX_C:e} (beyond that \
                     range the fit underflows or never converges), e.g. 1.0"
                ),
            ));
        }
        if !(self.style_penalty.is_finite()
            && (1.0..=MAX_STYLE_PENALTY).contains(&self.style_penalty))
        {
            return Err(Error::out_of_range(
                Setting::StylePenalty,
                shown(self.style_penalty),
                format!(
                    "a number from 1 (style terms penalised like any other) to {MAX_STYLE_PENALTY:e}, e.g. 2"
                ),
            ));
        }
        if self.max_iter == 0 {
            return Err(Error::out_of_range(Setting::MaxIter, "0", "at least 1"));
        }
        if !(self.gradient_tolerance.is_finite() && self.gradient_tolerance >= 0.0) {
            return Err(Error::out_of_range(
                Setting::Tol,
                shown(self.gradient_tolerance),
                "a finite number >= 0",
            ));
        }
        if let ClassWeight::Explicit(list) = &self.class_weight {
            for (label, w) in list {
                if !(w.is_finite() && (MIN_WEIGHT..=MAX_WEIGHT).contains(w)) {
                    return Err(Error::out_of_range(
                        Setting::ClassWeight,
                        format!("{label}={}", shown(*w)),
                        format!(
                            "positive finite weights from {MIN_WEIGHT:e} to {MAX_WEIGHT:e}, e.g. \
                             neutral=1,enforcement=2"
                        ),
                    ));
                }
            }
        }
        Ok(ValidLogisticParams(self.clone()))
    }

    /// Checks the parameters and fits ([`ValidLogisticParams::fit_sparse`]).
    pub fn fit_sparse(
        &self,
        x: &SparseMatrix,
        y: &[usize],
        labels: &[String],
    ) -> Result<(LogisticModel, Convergence)> {
        self.check()?.fit_sparse(x, y, labels)
    }
}

/// A number as a message shows it: in exponent form when plain decimals would run to dozens of
/// digits (`1e-320`, not three hundred zeros).
fn shown(x: f64) -> String {
    if x != 0.0 && x.is_finite() && !(1e-4..1e16).contains(&x.abs()) {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// [`LogisticParams`] whose ranges have been checked by [`LogisticParams::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLogisticParams(LogisticParams);

impl ValidLogisticParams {
    /// The parameters themselves.
    pub fn into_inner(self) -> LogisticParams {
        self.0
    }
}

impl Default for ValidLogisticParams {
    /// The defaults, which are valid.
    fn default() -> Self {
        ValidLogisticParams(LogisticParams::default())
    }
}

impl std::ops::Deref for ValidLogisticParams {
    type Target = LogisticParams;

    fn deref(&self) -> &LogisticParams {
        &self.0
    }
}

impl ValidLogisticParams {
    /// Fits the model to rows `x` with class indices `y` (indices into `labels`).
    ///
    /// Every label must have at least one sentence, and there must be at least two labels.
    pub fn fit_sparse(
        &self,
        x: &SparseMatrix,
        y: &[usize],
        labels: &[String],
    ) -> Result<(LogisticModel, Convergence)> {
        self.fit_sparse_with_progress(x, y, labels, SILENT)
    }

    /// [`ValidLogisticParams::fit_sparse`], reporting the optimiser's iterations against the
    /// iteration cap as [`Stage::Fitting`] to `progress`.
    pub fn fit_sparse_with_progress(
        &self,
        x: &SparseMatrix,
        y: &[usize],
        labels: &[String],
        progress: Progress<'_>,
    ) -> Result<(LogisticModel, Convergence)> {
        self.fit_sparse_styled(x, y, labels, &[], progress)
    }

    /// [`ValidLogisticParams::fit_sparse_with_progress`] where the columns marked `true` in
    /// `style` are style terms, whose weights pay [`LogisticParams::style_penalty`] times the
    /// ordinary penalty. An empty `style` marks none; otherwise it has one entry per column.
    ///
    /// ```
    /// use stance::features::{SparseMatrix, SparseRow};
    /// use stance::model::LogisticParams;
    /// use stance::progress::SILENT;
    ///
    /// // Columns 0 and 1 tell the two labels apart equally well.
    /// let mut x = SparseMatrix::new(2);
    /// for label in [0usize, 1, 0, 1] {
    ///     let v = if label == 0 { 0.7 } else { -0.7 };
    ///     x.push(&SparseRow { indices: vec![0, 1], values: vec![v, v] });
    /// }
    /// let labels = ["a".to_string(), "b".to_string()];
    /// let params = LogisticParams::default().style_penalty(9.0).check()?;
    /// // Column 0 is a style term.
    /// let (m, _) = params.fit_sparse_styled(&x, &[0, 1, 0, 1], &labels, &[true, false], SILENT)?;
    /// let spread = |col: usize| m.weight(col, 0) - m.weight(col, 1);
    /// // At the optimum the ninefold penalty leaves the style column a ninth of the other's
    /// // weight (to the optimiser's tolerance).
    /// assert!((spread(1) / spread(0) - 9.0).abs() < 0.1, "{} {}", spread(0), spread(1));
    /// # Ok::<(), stance::Error>(())
    /// ```
    pub fn fit_sparse_styled(
        &self,
        x: &SparseMatrix,
        y: &[usize],
        labels: &[String],
        style: &[bool],
        progress: Progress<'_>,
    ) -> Result<(LogisticModel, Convergence)> {
        let k = labels.len();
        if !style.is_empty() && style.len() != x.ncols {
            return Err(crate::error::ErrorKind::Optimisation(format!(
                "{} columns but {} style marks",
                x.ncols,
                style.len()
            ))
            .into());
        }
        if x.nrows() != y.len() {
            return Err(crate::error::ErrorKind::Optimisation(format!(
                "{} rows but {} labels",
                x.nrows(),
                y.len()
            ))
            .into());
        }
        if k < 2 {
            return Err(Error::training("<memory>", TrainingProblem::TooFewLabels));
        }
        if let Some(&bad) = y.iter().find(|&&c| c >= k) {
            return Err(crate::error::ErrorKind::Optimisation(format!(
                "class index {bad} but only {k} labels"
            ))
            .into());
        }
        let class_weights = self.class_weights(y, labels)?;
        let mut objective = Objective::new(x, y, k, &class_weights, self.c);
        if self.style_penalty != 1.0 && style.iter().any(|&s| s) {
            let heavier = self.style_penalty;
            objective = objective.with_penalty_scale(
                style
                    .iter()
                    .map(|&s| if s { heavier } else { 1.0 })
                    .collect(),
            );
        }
        let d = x.ncols;
        let settings = lbfgs::Settings {
            memory: 10,
            max_iter: self.max_iter,
            gradient_tolerance: self.gradient_tolerance,
            relative_decrease: self.cost_tolerance,
        };
        let advance = crate::progress::start(progress, Stage::Fitting, self.max_iter);
        let outcome = lbfgs::minimize_with(
            |p, grad| objective.evaluate(p, grad),
            vec![0.0; (d + 1) * k],
            &settings,
            &advance,
        );
        // A fit that converged before the cap is done all the same.
        advance(self.max_iter);
        if !outcome.loss.is_finite() {
            return Err(crate::error::ErrorKind::Optimisation(
                "the loss is not finite; the features may hold invalid values".into(),
            )
            .into());
        }
        let convergence = Convergence {
            iterations: outcome.iterations,
            evaluations: outcome.evaluations,
            gradient_norm: outcome.gradient_norm,
            loss: outcome.loss,
            hit_iteration_cap: outcome.stop == lbfgs::Stop::MaxIter,
            reason: outcome.stop.text().to_string(),
        };
        // Split the optimiser's vector rather than copy it: at a million sentences it is tens of
        // megabytes, and this is the moment of peak memory.
        let mut weights = outcome.x;
        let intercepts = weights.split_off(d * k);
        let model = LogisticModel {
            labels: labels.to_vec(),
            n_features: d,
            weights,
            intercepts,
        };
        Ok((model, convergence))
    }
    fn class_weights(&self, y: &[usize], labels: &[String]) -> Result<Vec<f64>> {
        let k = labels.len();
        let mut counts = vec![0usize; k];
        y.iter().for_each(|&c| counts[c] += 1);
        Ok(match &self.class_weight {
            ClassWeight::Uniform => vec![1.0; k],
            ClassWeight::Balanced => counts
                .iter()
                .map(|&n| {
                    if n == 0 {
                        0.0
                    } else {
                        y.len() as f64 / (k as f64 * n as f64)
                    }
                })
                .collect(),
            ClassWeight::Explicit(list) => {
                let mut w = vec![1.0; k];
                for (label, weight) in list {
                    match labels.iter().position(|l| l == label) {
                        Some(i) => w[i] = *weight,
                        None => {
                            return Err(Error::out_of_range(
                                Setting::ClassWeight,
                                label.clone(),
                                format!("one of the labels: {}", labels.join(", ")),
                            ))
                        }
                    }
                }
                w
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_penalty_runs_from_one_and_its_marks_must_fit_the_columns() {
        for bad in [0.0, 0.99, -4.0, f64::NAN, f64::INFINITY, 2e6] {
            let e = LogisticParams::default()
                .style_penalty(bad)
                .check()
                .unwrap_err();
            assert!(
                matches!(
                    e.kind(),
                    crate::error::ErrorKind::InvalidSetting {
                        setting: Setting::StylePenalty,
                        ..
                    }
                ),
                "{bad}: {e}"
            );
            assert!(e.to_string().contains("from 1"), "{e}");
        }
        for good in [1.0, 4.0, MAX_STYLE_PENALTY] {
            assert!(LogisticParams::default()
                .style_penalty(good)
                .check()
                .is_ok());
        }
        let mut x = SparseMatrix::new(2);
        x.push(&crate::features::SparseRow {
            indices: vec![0],
            values: vec![1.0],
        });
        x.push(&crate::features::SparseRow {
            indices: vec![1],
            values: vec![1.0],
        });
        let labels = ["a".to_string(), "b".to_string()];
        let params = LogisticParams::default().check().unwrap();
        let e = params
            .fit_sparse_styled(&x, &[0, 1], &labels, &[true], SILENT)
            .unwrap_err();
        assert!(e.to_string().contains("2 columns but 1 style marks"), "{e}");
        // A penalty of 1 is no penalty: the same model as with no marks at all.
        let one = LogisticParams::default()
            .style_penalty(1.0)
            .check()
            .unwrap();
        assert_eq!(
            one.fit_sparse_styled(&x, &[0, 1], &labels, &[true, false], SILENT)
                .unwrap()
                .0,
            one.fit_sparse(&x, &[0, 1], &labels).unwrap().0
        );
    }

    #[test]
    fn out_of_range_numbers_are_shown_as_typed_not_as_hundreds_of_digits() {
        let message = |c: f64| {
            LogisticParams::default()
                .c(c)
                .check()
                .unwrap_err()
                .to_string()
        };
        assert!(message(1e-320).contains("'1e-320'"), "{}", message(1e-320));
        assert!(message(1e300).contains("'1e300'"), "{}", message(1e300));
        assert!(message(0.0).contains("'0'"), "{}", message(0.0));
        assert!(message(-2.5).contains("'-2.5'"), "{}", message(-2.5));
        assert_eq!(shown(0.001), "0.001");
        assert_eq!(shown(f64::NAN), "NaN");
    }
}
