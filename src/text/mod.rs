//! Text processing: splitting articles into sentences and sentences into tokens.
//!
//! Data flows one way through this module: an article becomes sentences
//! ([`sentences::split_sentences`]), a sentence becomes tokens ([`tokens::Tokenizer`]), and the
//! tokens go on to [`crate::features`].

pub mod sentences;
pub mod stopwords;
pub mod tokens;
