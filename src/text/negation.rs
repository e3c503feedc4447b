//! Negation scope: which words open a scope, which close it, and how a token inside one is marked.
//!
//! A negator ("not", "no", "never", "nor", "neither", "without", "cannot", any word ending in
//! "n't", and forms of "refuse", "reject", "oppose") opens a scope that runs to the next clause
//! punctuation (see [`super::words`]) or contrastive word ("but", "however", "instead", "rather",
//! "yet", "although", "though", "whereas"). The negator itself is kept unmarked. What happens to
//! the tokens inside the scope depends on the [`Negation`] setting:
//!
//! - [`Negation::Marked`] (the rule of models trained before version 0.2): each token is replaced
//!   by its marked form ([`NEGATION_PREFIX`]), so "will not disarm Hamas" and "will disarm Hamas"
//!   share no features after "not".
//! - [`Negation::Clauses`]: the same, but the scope also ends at a closing quotation mark, at
//!   "while" and "whilst", and at "and" or "or" when a pronoun follows ("and it will", "or they
//!   could"): such a conjunction starts a new clause that the negator does not govern. A negator
//!   joined by a hyphen to the next word is the first part of a compound ("a no-fly zone", "a
//!   no-go area", "a never-ending war", "a not-for-profit group") and opens no scope, except in
//!   "no-one".
//! - [`Negation::Additive`]: `Clauses`' scope, but every token keeps its plain form, so "disarm"
//!   means the same wherever it stands; each token inside a scope also gives its marked form as
//!   an extra feature of its own, which is what tells "will not disarm" from "will disarm". A
//!   negated coercive task then reads as its own signal without the corpus having to teach every
//!   negated word afresh.
//! - [`Negation::ClausesV5`] and [`Negation::AdditiveV5`]: `Clauses` and `Additive` as models of
//!   format 5 and before applied them, with a hyphenated negator opening a scope like any other
//!   ("enforce a no-fly zone over Bosnia" negated "fly zone over Bosnia"). Such models keep the
//!   rule they were trained with.
//! - [`Negation::Off`]: no scope at all.

use serde::{Deserialize, Serialize};

/// The prefix that marks a token inside a negation scope.
pub const NEGATION_PREFIX: &str = "¬";

/// How negation scopes are found and what they do to the tokens inside them (see the module
/// documentation). Saved inside every model.
///
/// The variants are declared in this order on purpose: models written before the setting had
/// variants stored it as a boolean, and `false` and `true` decode as `Off` and `Marked`; models
/// of format 5 and before stored `ClausesV5` and `AdditiveV5` under the indices those two hold,
/// so they decode with the rule they were trained with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Negation {
    /// No negation scope.
    Off,
    /// Tokens in a scope are replaced by their marked form; scopes end at clause punctuation
    /// and contrastive words.
    Marked,
    /// `Clauses` as models of format 5 and before applied it: a negator joined by a hyphen to
    /// the next word ("no-fly") opens a scope like any other.
    ClausesV5,
    /// `Additive` as models of format 5 and before applied it (see `ClausesV5`).
    AdditiveV5,
    /// As `Marked`, and scopes also end at closing quotes and at conjunctions that start a
    /// clause; a negator joined by a hyphen to the next word ("no-fly", "never-ending") opens
    /// none, except in "no-one" (the default).
    #[default]
    Clauses,
    /// `Clauses`' scopes; tokens keep their plain form and each one in a scope adds its marked
    /// form as a feature of its own.
    Additive,
}

impl Negation {
    /// Whether scopes are tracked at all.
    pub fn is_on(self) -> bool {
        self != Negation::Off
    }

    /// Whether scopes end at closing quotes and clause-starting conjunctions too.
    fn ends_at_clauses(self) -> bool {
        self.is_on() && self != Negation::Marked
    }

    /// Whether each token in a scope keeps its plain form and adds its marked form as a feature
    /// of its own.
    ///
    /// ```
    /// use stance::text::negation::Negation;
    /// assert!(Negation::Additive.is_additive() && Negation::AdditiveV5.is_additive());
    /// assert!(!Negation::Clauses.is_additive());
    /// ```
    pub fn is_additive(self) -> bool {
        matches!(self, Negation::Additive | Negation::AdditiveV5)
    }

    /// Whether a negator joined by a hyphen to the next word is read as part of a compound.
    fn reads_compounds(self) -> bool {
        matches!(self, Negation::Clauses | Negation::Additive)
    }

    /// The setting's name on the command line and in `inspect`.
    pub fn name(self) -> &'static str {
        match self {
            Negation::Off => "off",
            Negation::Marked => "marked",
            Negation::Clauses => "clauses",
            Negation::Additive => "additive",
            Negation::ClausesV5 => "clauses-v5",
            Negation::AdditiveV5 => "additive-v5",
        }
    }
}

impl std::str::FromStr for Negation {
    type Err = String;

    /// `off`, `marked`, `clauses` or `additive` (and `on` for the default, `clauses`); the rules
    /// of format-5 models as `clauses-v5` and `additive-v5`, so that such a model can be trained
    /// again as it was.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Negation::Off),
            "marked" => Ok(Negation::Marked),
            "clauses" | "on" => Ok(Negation::Clauses),
            "additive" => Ok(Negation::Additive),
            "clauses-v5" => Ok(Negation::ClausesV5),
            "additive-v5" => Ok(Negation::AdditiveV5),
            _ => Err("one of off, marked, clauses, additive, clauses-v5, additive-v5".into()),
        }
    }
}

/// What a word does to a negation scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WordRole {
    /// The word opens a negation scope ("not", "never", "refused", ...).
    pub negator: bool,
    /// The word closes one ("but", "however", ...).
    pub ends_scope: bool,
    /// The word ("and", "or") closes a scope when the next word starts a clause.
    pub joins: bool,
    /// The word (a subject pronoun) starts a clause after "and" or "or".
    pub starts_clause: bool,
    /// The word ("one") keeps a scope open after a hyphenated negator, as in "no-one".
    pub after_hyphen: bool,
}

impl WordRole {
    /// The role of a normalised `word` under `negation`; no role at all when it is off.
    ///
    /// ```
    /// use stance::text::negation::{Negation, WordRole};
    /// assert!(WordRole::of("never", Negation::Marked).negator);
    /// assert!(WordRole::of("but", Negation::Marked).ends_scope);
    /// assert!(WordRole::of("while", Negation::Additive).ends_scope);
    /// assert!(!WordRole::of("while", Negation::Marked).ends_scope);
    /// assert_eq!(WordRole::of("never", Negation::Off), WordRole::default());
    /// ```
    pub fn of(word: &str, negation: Negation) -> Self {
        if !negation.is_on() {
            return WordRole::default();
        }
        let clauses = negation.ends_at_clauses();
        WordRole {
            negator: is_negator(word),
            ends_scope: ends_scope(word) || (clauses && matches!(word, "while" | "whilst")),
            joins: clauses && matches!(word, "and" | "or"),
            starts_clause: clauses
                && matches!(
                    word,
                    "it" | "they" | "he" | "she" | "we" | "i" | "you" | "there" | "who"
                ),
            after_hyphen: word == "one",
        }
    }
}

/// The state of the scope while a sentence's words go by.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Scope {
    open: bool,
    /// The scope is open and the last word was "and" or "or".
    after_join: bool,
    /// Closing quotes end the scope.
    quotes: bool,
    /// A negator joined by a hyphen to the next word opens no scope.
    compounds: bool,
    /// The last word opened the scope.
    opened: bool,
    /// The last word opened the scope and a hyphen followed it: the next word decides whether
    /// it was a compound.
    hyphenated: bool,
}

impl Scope {
    pub(crate) fn new(negation: Negation) -> Self {
        Scope {
            quotes: negation.ends_at_clauses(),
            compounds: negation.reads_compounds(),
            ..Default::default()
        }
    }

    /// Takes the next word's role and says whether that word is inside a scope: a scope-ending
    /// word (or a clause-starting one right after "and" or "or") closes the scope before it, a
    /// negator opens one after it, and a word joined by a hyphen to the negator that opened the
    /// scope closes it again, unless the two make "no-one".
    #[inline]
    pub(crate) fn word(&mut self, role: WordRole) -> bool {
        if role.ends_scope
            || (self.after_join && role.starts_clause)
            || (self.hyphenated && !role.after_hyphen)
        {
            self.open = false;
        }
        self.hyphenated = false;
        let inside = self.open;
        self.after_join = self.open && role.joins;
        self.opened = role.negator && !self.open;
        if role.negator {
            self.open = true;
        }
        inside
    }

    /// A hyphen right after a word: when that word opened the scope, the next word may make a
    /// compound of it.
    #[inline]
    pub(crate) fn hyphen(&mut self) {
        self.hyphenated = self.compounds && self.opened;
        self.opened = false;
    }

    /// Clause punctuation closes the scope.
    #[inline]
    pub(crate) fn clause_end(&mut self) {
        self.open = false;
        self.after_join = false;
        self.opened = false;
        self.hyphenated = false;
    }

    /// A closing quotation mark closes the scope where the rules say so.
    #[inline]
    pub(crate) fn close_quote(&mut self) {
        if self.quotes {
            self.clause_end();
        }
    }
}

/// Writes the token of a word inside a scope, given its token outside one, into `out`.
pub(crate) fn mark(plain: &str, out: &mut String) {
    out.clear();
    out.push_str(NEGATION_PREFIX);
    out.push_str(plain);
}

/// A marked token's plain form and whether it was marked.
///
/// ```
/// use stance::text::negation::unmark;
/// assert_eq!(unmark("¬disarm"), (true, "disarm"));
/// assert_eq!(unmark("disarm"), (false, "disarm"));
/// ```
pub fn unmark(token: &str) -> (bool, &str) {
    match token.strip_prefix(NEGATION_PREFIX) {
        Some(rest) => (true, rest),
        None => (false, token),
    }
}

pub(crate) fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "nor"
            | "neither"
            | "without"
            | "cannot"
            | "none"
            | "nobody"
            | "nothing"
            | "refuse"
            | "refuses"
            | "refused"
            | "refusing"
            | "reject"
            | "rejects"
            | "rejected"
            | "rejecting"
            | "oppose"
            | "opposes"
            | "opposed"
            | "opposing"
    ) || word.ends_with("n't")
}

fn ends_scope(word: &str) -> bool {
    matches!(
        word,
        "but" | "however" | "instead" | "rather" | "yet" | "although" | "though" | "whereas"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_read_back_by_name_and_on_means_the_default() {
        for n in [
            Negation::Off,
            Negation::Marked,
            Negation::Clauses,
            Negation::Additive,
            Negation::ClausesV5,
            Negation::AdditiveV5,
        ] {
            assert_eq!(n.name().parse::<Negation>(), Ok(n));
        }
        assert_eq!("on".parse::<Negation>(), Ok(Negation::default()));
        assert_eq!(Negation::default(), Negation::Clauses);
        assert!("sometimes".parse::<Negation>().is_err());
        assert_eq!(
            [
                Negation::Off,
                Negation::Marked,
                Negation::Clauses,
                Negation::Additive
            ]
            .map(Negation::name),
            ["off", "marked", "clauses", "additive"]
        );
    }

    #[test]
    fn marked_tokens_unmark() {
        assert_eq!(unmark("¬disarm"), (true, "disarm"));
        assert_eq!(unmark("disarm"), (false, "disarm"));
        let mut out = String::new();
        mark("hama", &mut out);
        assert_eq!(unmark(&out), (true, "hama"));
    }

    #[test]
    fn a_pronoun_ends_the_scope_only_right_after_and_or_or() {
        let run = |words: &[&str]| {
            let mut scope = Scope::new(Negation::Clauses);
            words
                .iter()
                .map(|w| scope.word(WordRole::of(w, Negation::Clauses)))
                .collect::<Vec<_>>()
        };
        // "it" after "let" stays inside; "they" after "and" starts a new clause.
        assert_eq!(
            run(&["will", "not", "let", "it", "happen", "and", "they", "left"]),
            [false, false, true, true, true, true, false, false]
        );
        // Under the old rules nothing but punctuation and contrastive words ends the scope.
        let mut scope = Scope::new(Negation::Marked);
        let inside: Vec<bool> = ["not", "fire", "and", "they", "left"]
            .iter()
            .map(|w| scope.word(WordRole::of(w, Negation::Marked)))
            .collect();
        assert_eq!(inside, [false, true, true, true, true]);
        scope.close_quote();
        assert!(scope.word(WordRole::of("x", Negation::Marked)));
    }

    /// Runs `pieces` ("-" for a hyphen right after a word) through a scope under `negation` and
    /// says which words are inside it.
    fn inside(negation: Negation, pieces: &[&str]) -> Vec<bool> {
        let mut scope = Scope::new(negation);
        let mut out = Vec::new();
        for p in pieces {
            if *p == "-" {
                scope.hyphen();
            } else {
                out.push(scope.word(WordRole::of(p, negation)));
            }
        }
        out
    }

    #[test]
    fn a_hyphenated_negator_is_a_compound_except_in_no_one() {
        let fly = [
            "jets", "enforce", "a", "no", "-", "fly", "zone", "over", "bosnia",
        ];
        for n in [Negation::Clauses, Negation::Additive] {
            assert_eq!(inside(n, &fly), [false; 8], "{n:?}");
            // "no-one" is a negator all the same.
            assert_eq!(
                inside(n, &["no", "-", "one", "will", "disarm", "them"]),
                [false, true, true, true, true]
            );
            // Inside a scope already open, a compound leaves the scope as it was.
            assert_eq!(
                inside(
                    n,
                    &["will", "not", "enforce", "a", "no", "-", "fly", "zone"]
                ),
                [false, false, true, true, true, true, true]
            );
            // A hyphen after any other word changes nothing.
            assert_eq!(
                inside(n, &["will", "not", "peace", "-", "keep"]),
                [false, false, true, true]
            );
        }
        // Models of format 5 and before opened a scope there, and keep doing so.
        for n in [Negation::ClausesV5, Negation::AdditiveV5, Negation::Marked] {
            assert_eq!(
                inside(n, &fly),
                [false, false, false, false, true, true, true, true],
                "{n:?}"
            );
        }
    }
}
