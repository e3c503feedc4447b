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
    /// The kind of one normalised word.
    pub fn of(word: &str) -> Self {
        WordKind {
            names: NAMES.contains(&word) || word.starts_with("peacekeep"),
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
    /// Reads the next normalised word of the sentence ([`Mentions::step`] with its kind).
    pub fn word(&mut self, word: &str) {
        self.step(WordKind::of(word));
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
        let mut m = Mentions::default();
        for w in sentence.split(' ') {
            m.word(w);
        }
        m.found()
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
