//! `train` output: the training summary.
