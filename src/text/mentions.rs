//! Whether a sentence names an international force at all.
//!
//! The codebook labels a coercive or protective task `neutral` when a national army, police force
//! or armed group does it (rule 4): "Somali special forces raided an al-Shabaab hideout" frames no
//! international force. Bag-of-words features see only the task ("raided") and read it as
//! enforcement. So a sentence in which no word names an international force (a mission's name or
//! acronym, "peacekeepers", "blue helmets", "the force", "the mission", "foreign troops",
//! "contingents", "observers", a mandate, ...) gets one extra feature, [`NO_FORCE_TOKEN`], whose
//! weight training learns like any other. It is a side feature: it joins no n-gram and no
//! negation or question scope.
//!
//! The list is deliberately generous: a sentence that names any of these is left alone, so the
//! feature fires only where no reading of the sentence could be about the force. Plain "troops",
//! "soldiers" and "forces" are not on it, since national armies have them too.
//!
//! Which words name a force is part of the model ([`ForceMention`]): the rule of format-4 models
//! missed every name in the possessive ("UNIFIL's patrols", "the force's job"), the
//! commonest way reporting names a mission's tasks, and gave those sentences the feature of a
//! national army's; such models keep that rule, so they score as they were trained.

use serde::{Deserialize, Serialize};

/// Whether sentences naming no international force get [`NO_FORCE_TOKEN`], and by which rule
/// words are read as naming one. Saved inside every model.
///
/// The variants are declared in this order on purpose: models of format 4 stored the setting
/// as a boolean, and `false` and `true` decode as `Off` and `Exact`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ForceMention {
    /// No feature.
    Off,
    /// The rule of format-4 models: a word names a force only as written, so "UNIFIL's" does
    /// not, and the list of names is the shorter one.
    Exact,
    /// A word names a force in the possessive too ("UNIFIL's", "the force's"), and the list
    /// adds the missions and regional forces [`Exact`](ForceMention::Exact) lacked (the
    /// default).
    #[default]
    Possessive,
}

impl ForceMention {
    /// Whether the feature is added at all.
    ///
    /// ```
    /// use stance::text::mentions::ForceMention;
    /// assert!(ForceMention::default().is_on() && !ForceMention::Off.is_on());
    /// ```
    pub fn is_on(self) -> bool {
        self != ForceMention::Off
    }

    /// The setting's name in `inspect`.
    pub fn name(self) -> &'static str {
        match self {
            ForceMention::Off => "off",
            ForceMention::Exact => "on (names as written)",
            ForceMention::Possessive => "on",
        }
    }
}

/// The feature of a sentence that names no international force.
pub const NO_FORCE_TOKEN: &str = "<no-force>";

/// Single words (normalised: lower-cased, apostrophes folded) that name an international force
/// or its apparatus: missions' names and acronyms, and the words reporting uses for them.
const NAMES: &[&str] = &[
    // Organisations and missions.
    "un",
    "u.n",
    "nato",
    "au",
    "ecowas",
    "ecomog",
    "isf",
    "unifil",
    "monusco",
    "monuc",
    "minusca",
    "minusma",
    "minustah",
    "minurso",
    "unmiss",
    "unamid",
    "unisfa",
    "amisom",
    "atmis",
    "aussom",
    "kfor",
    "ifor",
    "sfor",
    "eufor",
    "unprofor",
    "undof",
    "unficyp",
    "untso",
    "unef",
    "mfo",
    "onuc",
    "unamir",
    "unamsil",
    "interfet",
    "unitaf",
    "unosom",
    "samidrc",
    "fib",
    "mss",
    "unmil",
    "unmik",
    "unoci",
    "untac",
    "untaet",
    "unmit",
    "binuh",
    "irini",
    "operation",
    // What reporting calls a force.
    "peacekeeper",
    "peacekeepers",
    "peacekeeping",
    "international",
    "multinational",
    "foreign",
    "stabilisation",
    "stabilization",
    "reassurance",
    "intervention",
    "contingent",
    "contingents",
    "observer",
    "observers",
    "monitors",
    "mandate",
    "mandates",
    "mandated",
    "coalition",
    "multilateral",
    "deployment",
    "deployments",
    "contributors",
];

/// Names that [`ForceMention::Possessive`] adds: missions, regional forces and monitors of the
/// whole history of peace operations that the first list lacked.
const MORE_NAMES: &[&str] = &[
    "gsf", "mnf", "eac", "eacrf", "sadc", "isaf", "unmih", "unsmih", "untag", "unomig", "unmee",
    "ramsi", "afisma", "misca", "micopax", "ecomib", "minurcat", "unamet", "unmibh", "onumoz",
    "unavem", "monua", "unomsil", "unomil", "onusal", "eulex", "osce", "unmogip", "unipom",
    "unyom", "unogil", "unsmis", "eutm", "unmis", "amis", "minuci", "unpredep", "uncro",
];

/// Words that name a force after a determiner ("the force", "this mission", "a brigade").
const AFTER_DETERMINER: &[&str] = &[
    "force",
    "forces",
    "mission",
    "missions",
    "brigade",
    "brigades",
    "battalion",
    "battalions",
];

/// What [`Mentions::step`] needs of the previous word to read a two-word name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Previous {
    #[default]
    Other,
    /// "the", "this", "that", "a", "an", "its", "their", "any".
    Determiner,
    /// "blue", as in "blue helmets".
    Blue,
    /// "kenyan", as in "Kenyan-led" and "Kenyan officers".
    Kenyan,
}

/// What one word can do towards naming a force, worked out once per distinct word
/// ([`WordKind::of`]) so that reading a sentence ([`Mentions::step`]) compares no strings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordKind {
    /// The word names a force on its own.
    names: bool,
    /// It names one after a determiner ("the force").
    after_determiner: bool,
    /// It names one after "blue" ("blue helmets").
    after_blue: bool,
    /// It names one after "kenyan" ("Kenyan-led").
    after_kenyan: bool,
    /// What it is to the word after it.
    previous: Previous,
}

impl WordKind {
    /// The kind of one normalised word under `rule`.
    ///
    /// ```
    /// use stance::text::mentions::{ForceMention, Mentions, WordKind};
    ///
    /// let names = |word: &str, rule| {
    ///     let mut m = Mentions::default();
    ///     m.step(WordKind::of(word, rule));
    ///     m.found()
    /// };
    /// assert!(names("unifil's", ForceMention::Possessive));
    /// assert!(!names("unifil's", ForceMention::Exact));
    /// assert!(names("unifil", ForceMention::Exact));
    /// ```
    pub fn of(word: &str, rule: ForceMention) -> Self {
        let possessive = rule == ForceMention::Possessive;
        let word = match word.strip_suffix("'s") {
            Some(owner) if possessive => owner,
            _ => word,
        };
        WordKind {
            names: NAMES.contains(&word)
                || word.starts_with("peacekeep")
                || (possessive && MORE_NAMES.contains(&word)),
            after_determiner: AFTER_DETERMINER.contains(&word),
            after_blue: word.starts_with("helmet"),
            after_kenyan: matches!(word, "led" | "officers" | "police" | "contingent"),
            previous: match word {
                "the" | "this" | "that" | "a" | "an" | "its" | "their" | "any" => {
                    Previous::Determiner
                }
                "blue" => Previous::Blue,
                "kenyan" => Previous::Kenyan,
                _ => Previous::Other,
            },
        }
    }
}

/// Reads a sentence's words in order and tells whether any names an international force.
///
/// ```
/// use stance::text::mentions::Mentions;
///
/// let names = |words: &[&str]| {
///     let mut m = Mentions::default();
///     words.iter().for_each(|w| m.word(w));
///     m.found()
/// };
/// assert!(names(&["the", "force", "will", "patrol"]));
/// assert!(names(&["blue", "helmets", "patrolled"]));
/// assert!(names(&["unifil", "patrolled"]));
/// assert!(!names(&["somali", "special", "forces", "raided", "a", "hideout"]));
/// ```
#[derive(Debug, Clone, Default)]
pub struct Mentions {
    previous: Previous,
    found: bool,
}

impl Mentions {
    /// Reads the next normalised word of the sentence ([`Mentions::step`] with its kind under
    /// the default rule, [`ForceMention::Possessive`]).
    pub fn word(&mut self, word: &str) {
        self.step(WordKind::of(word, ForceMention::default()));
    }

    /// Reads the next word of the sentence, by its kind.
    pub fn step(&mut self, kind: WordKind) {
        if self.found {
            return;
        }
        self.found = kind.names
            || match self.previous {
                Previous::Determiner => kind.after_determiner,
                Previous::Blue => kind.after_blue,
                Previous::Kenyan => kind.after_kenyan,
                Previous::Other => false,
            };
        self.previous = kind.previous;
    }

    /// A break in the sentence (clause punctuation): two-word names do not span it.
    pub fn gap(&mut self) {
        self.previous = Previous::Other;
    }

    /// Whether a word read so far names an international force.
    pub fn found(&self) -> bool {
        self.found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sentence: &str) -> bool {
        names_under(sentence, ForceMention::default())
    }

    fn names_under(sentence: &str, rule: ForceMention) -> bool {
        let mut m = Mentions::default();
        for w in sentence.split(' ') {
            m.step(WordKind::of(w, rule));
        }
        m.found()
    }

    #[test]
    fn names_in_the_possessive_name_a_force_under_the_current_rule_only() {
        for s in [
            "unifil's patrols watched the blue line",
            "the force's job is to disarm hamas",
            "the isf's troops",
            "its contingent's officers",
        ] {
            assert!(names(s), "{s}");
            assert!(!names_under(s, ForceMention::Exact), "{s}");
        }
        // A national army in the possessive is still no international force.
        assert!(!names("the army's raid on the camp"));
        assert!(!names("somalia's special forces"));
    }

    #[test]
    fn the_longer_list_of_missions_is_the_current_rule_s_alone() {
        for s in [
            "the gsf raided",
            "sadc troops advanced",
            "the osce reported",
            "unamet staff",
        ] {
            assert!(names(s), "{s}");
            assert!(!names_under(s, ForceMention::Exact), "{s}");
        }
        // Every name of the first list is a name under both rules.
        for name in NAMES {
            assert!(names_under(name, ForceMention::Exact), "{name}");
            assert!(names(name), "{name}");
        }
    }

    #[test]
    fn missions_and_what_reporting_calls_them_are_names() {
        for s in [
            "minusca lost two soldiers",
            "the un will vote",
            "peacekeepers came under fire",
            "a peacekeeping mission",
            "the international stabilisation force",
            "this mission has failed",
            "kenyan led police raided",
            "blue helmet patrols",
            "its contingents rotated",
            "the brigade attacked",
        ] {
            assert!(names(s), "{s}");
        }
    }

    #[test]
    fn national_armies_and_armed_groups_are_not() {
        for s in [
            "somali special forces raided a hideout near kismayo",
            "haitian police launched an offensive against the gangs",
            "hezbollah fighters fired missiles",
            "m23 rebels seized the airport",
            "troops and soldiers are not names on their own",
            "force was used",
            "blue skies over kenyan hills",
        ] {
            assert!(!names(s), "{s}");
        }
    }

    #[test]
    fn two_word_names_need_their_words_adjacent_and_unbroken() {
        let mut m = Mentions::default();
        m.word("the");
        m.gap();
        m.word("force");
        assert!(!m.found());
        m.word("the");
        m.word("force");
        assert!(m.found());
        // Once found, it stays found.
        m.word("raided");
        assert!(m.found());
    }
}
