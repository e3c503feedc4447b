//! Training sentences as token ids: tokenised in parallel chunks, each with its own small token
//! table, then merged in chunk order so that ids never depend on the thread count.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::FeatureSettings;
use crate::error::{Error, Result, TrainingProblem};
use crate::text::tokens::{TokenCache, Tokenizer, SIDE_BREAK};

/// The id that stands between a sentence's tokens and each of its side features: it is in no
/// term, so every n-gram that would span it is dropped.
pub(super) const BREAK: u32 = u32::MAX;

/// Bits per token id inside an n-gram key: a key packs up to five ids into a `u128`.
pub(super) const ID_BITS: u32 = 25;

/// Largest number of distinct tokens a training corpus may have (ids must fit in 25 bits).
pub const MAX_DISTINCT_TOKENS: usize = (1 << ID_BITS) - 2;

/// The exact key of an n-gram of token ids (each stored as `id + 1`, so no key is ambiguous).
#[inline]
pub(super) fn push_key(key: u128, id: u32) -> u128 {
    (key << ID_BITS) | u128::from(id + 1)
}

/// Training sentences as token ids, stored back to back, with the strings behind the ids.
pub(super) struct Interned {
    pub(super) ids: Vec<u32>,
    pub(super) offsets: Vec<usize>,
    pub(super) strings: Vec<String>,
    /// For each token id, how often each surface word produced it.
    pub(super) surfaces: FxHashMap<String, (u32, u64)>,
}

impl Interned {
    pub(super) fn doc(&self, i: usize) -> &[u32] {
        &self.ids[self.offsets[i]..self.offsets[i + 1]]
    }

    pub(super) fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// Sentences per parallel tokenising block: large enough to amortise the hand-over, small enough
/// that a block's token strings are a few megabytes.
pub(super) const TOKENIZE_BLOCK: usize = 16384;

/// One chunk of sentences tokenised on a worker thread, with its own small token table, so that
/// the main thread only looks up each distinct token of the chunk instead of every occurrence.
struct LocalChunk {
    strings: Vec<String>,
    ids: Vec<u32>,
    offsets: Vec<usize>,
    /// Surface word -> (local token id, occurrences), for words that differ from their token.
    surfaces: FxHashMap<String, (u32, u64)>,
}

/// The tokens of a term (split at its spaces). `str::split(' ')` compared each match through a
/// call to `memcmp`, which was a fifth of loading a model, and `memchr` costs more to set up than
/// a term is long; a space is one byte, so a plain scan of the bytes gives the same slices.
pub(crate) fn term_tokens(term: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(term);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.bytes().position(|b| b == b' ') {
            Some(i) => {
                rest = Some(&r[i + 1..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Sentences per worker chunk inside a tokenising block.
pub(super) const LOCAL_CHUNK: usize = 2048;

/// Tokenises one chunk of sentences into local token ids, with each stem's surface words counted.
/// Stemming, the stop list and negation roles are worked out once per distinct word of the
/// chunk, by the token cache.
fn tokenise_chunk(texts: &[String], tokenizer: &Tokenizer) -> LocalChunk {
    let mut chunk = LocalChunk {
        strings: Vec::new(),
        ids: Vec::new(),
        offsets: vec![0],
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    let mut cache: TokenCache<u32> = TokenCache::new(usize::MAX, true, true);
    // Per distinct word: the local id of the first token it gave that differs from it, and how
    // often it gave such a token.
    let mut surfaces: Vec<Option<(u32, u64)>> = Vec::new();
    let mut side: Vec<u32> = Vec::new();
    for text in texts {
        tokenizer.stream(
            text,
            &mut cache,
            |token| {
                if let Some(&id) = index.get(token) {
                    return id;
                }
                let id = chunk.strings.len() as u32;
                chunk.strings.push(token.to_string());
                index.insert(token.to_string(), id);
                id
            },
            |t| {
                if t.side {
                    side.push(t.value);
                } else {
                    chunk.ids.push(t.value);
                }
                if t.negated || t.asked || t.differs {
                    let at = t.entry as usize;
                    if surfaces.len() <= at {
                        surfaces.resize(at + 1, None);
                    }
                    surfaces[at].get_or_insert((t.value, 0)).1 += 1;
                }
            },
        );
        // Side features after the sentence's tokens, each behind a break, so that they are terms
        // of their own and in no n-gram.
        for id in side.drain(..) {
            chunk.ids.push(BREAK);
            chunk.ids.push(id);
        }
        chunk.offsets.push(chunk.ids.len());
    }
    for (entry, surface) in surfaces.into_iter().enumerate() {
        if let Some(surface) = surface {
            let word = cache.word(entry as u32).unwrap_or_default();
            chunk.surfaces.insert(word.to_string(), surface);
        }
    }
    chunk
}

pub(super) fn intern_texts(
    texts: &[String],
    tokenizer: &Tokenizer,
    sentences_done: &dyn Fn(u64),
) -> Result<Interned> {
    let mut out = Interned {
        ids: Vec::new(),
        offsets: vec![0],
        strings: Vec::new(),
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<String, u32> = FxHashMap::default();
    for block in texts.chunks(TOKENIZE_BLOCK) {
        // Tokenise chunks in parallel, each with a local token table; then merge the tables in
        // chunk order, so ids are assigned the same way whatever the thread count.
        let chunks: Vec<LocalChunk> = block
            .par_chunks(LOCAL_CHUNK)
            .map(|c| tokenise_chunk(c, tokenizer))
            .collect();
        for chunk in chunks {
            let mut global = Vec::with_capacity(chunk.strings.len());
            for token in chunk.strings {
                let id = match index.get(&token) {
                    Some(&id) => id,
                    None => {
                        if too_many_tokens(out.strings.len() + 1) {
                            return Err(too_many_tokens_error());
                        }
                        let id = out.strings.len() as u32;
                        out.strings.push(token.clone());
                        index.insert(token, id);
                        id
                    }
                };
                global.push(id);
            }
            let base = out.ids.len();
            out.ids.extend(chunk.ids.iter().map(|&l| {
                if l == BREAK {
                    BREAK
                } else {
                    global[l as usize]
                }
            }));
            out.offsets
                .extend(chunk.offsets[1..].iter().map(|&o| base + o));
            for (surface, (local, n)) in chunk.surfaces {
                let entry = out
                    .surfaces
                    .entry(surface)
                    .or_insert((global[local as usize], 0));
                entry.1 += n;
            }
        }
        sentences_done(out.offsets.len() as u64 - 1);
    }
    Ok(out)
}

pub(super) fn intern_tokens(docs: &[Vec<String>]) -> Result<Interned> {
    let mut out = Interned {
        ids: Vec::new(),
        offsets: vec![0],
        strings: Vec::new(),
        surfaces: FxHashMap::default(),
    };
    let mut index: FxHashMap<&str, u32> = FxHashMap::default();
    for doc in docs {
        for token in doc {
            if token == SIDE_BREAK {
                out.ids.push(BREAK);
                continue;
            }
            let id = *index.entry(token.as_str()).or_insert_with(|| {
                out.strings.push(token.clone());
                (out.strings.len() - 1) as u32
            });
            out.ids.push(id);
        }
        out.offsets.push(out.ids.len());
    }
    if too_many_tokens(out.strings.len()) {
        return Err(too_many_tokens_error());
    }
    Ok(out)
}

/// Whether a corpus of `distinct` tokens has more than ids can number (one test for both
/// interning paths, so that the limit can be checked at its edge without a corpus of 33 million
/// distinct words).
pub(super) fn too_many_tokens(distinct: usize) -> bool {
    distinct > MAX_DISTINCT_TOKENS
}

fn too_many_tokens_error() -> Error {
    Error::training(
        "<memory>",
        TrainingProblem::TooManyTokens {
            limit: MAX_DISTINCT_TOKENS,
        },
    )
}

/// Calls `f` with the key of every n-gram of `ids` in the configured length range.
#[inline]
pub(super) fn for_each_key(ids: &[u32], settings: &FeatureSettings, mut f: impl FnMut(u128)) {
    for n in settings.ngram_min..=settings.ngram_max {
        if ids.len() < n {
            break;
        }
        for window in ids.windows(n) {
            if !window.contains(&u32::MAX) {
                f(window.iter().fold(0u128, |k, &id| push_key(k, id)));
            }
        }
    }
}
