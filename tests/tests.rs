//! The end-to-end tests, compiled into one test binary (one link instead of one per file): each
//! module runs the real `stance` program or reads the shipped data.

mod bad_input;
mod check;
mod cli;
mod common;
mod corpus;
mod golden;
mod keep_columns;
mod label;
mod layout;
mod pages;
mod provenance;
mod publish;
mod report;
mod shares;
mod shipped_model;
mod terminal;
mod writes;
