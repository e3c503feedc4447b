//! Measuring models: label and probability metrics with bootstrap intervals ([`metrics`]),
//! seeded stratified sampling ([`sampling`]), held-out evaluation and cross-validation of the
//! whole training procedure ([`validation`]), grid search over training settings ([`tune`]), and
//! two models compared on the same sentences ([`comparison`]).

pub mod agreement;
pub mod calibration;
pub mod checks;
pub mod comparison;
pub mod metrics;
pub mod sampling;
pub mod tune;
pub mod validation;
