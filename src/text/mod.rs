//! Text processing: splitting articles into sentences and sentences into tokens.
//!
//! An article becomes sentences ([`sentences::split_sentences`]); a sentence becomes words
//! ([`words`]), words in negation scopes and in questions are marked ([`negation`], [`questions`]), stop words dropped
//! ([`stopwords`]) and words stemmed (`stem`), all assembled in one place,
//! [`tokens::Tokenizer`]. The tokens go on to the TF-IDF features, the next stage of the flow.

pub mod boilerplate;
pub mod mentions;
pub mod negation;
pub mod questions;
pub mod sentences;
mod stem;
pub mod stopwords;
pub mod tokens;
mod word_table;
pub mod words;

pub(crate) use word_table::WordTable;
