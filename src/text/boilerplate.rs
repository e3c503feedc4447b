//! Page clutter: lines of a scraped news page that are not prose about anything, such as bylines,
//! datelines, source citations, photo captions, share and comment prompts, "Must Read" teasers,
//! copyright lines, author notes and paragraphs the page repeats.
//!
//! Such a line frames nothing, yet a model trained on prose sees its words ("Must Read", "By ...")
//! and guesses. Classification therefore sets these sentences apart as `boilerplate`: they are
//! listed with the sentences, but excluded from counts, shares and verdicts (unless the caller
//! asks to keep them).
//!
//! # The rules
//!
//! A sentence is clutter when, after its white space is folded:
//!
//! 1. **Byline**: it starts with "By", "Words by", "Reporting by", "Written by", "Writing by",
//!    "Edited by", "Editing by", "Additional reporting by", "Compiled by" or "Author:", followed by a
//!    capitalised name, and has at most 14 words.
//! 2. **Dateline alone**: a place in capitals, optionally a date and an agency in brackets, and
//!    a dash, with nothing after it ("GAZA CITY, March 4 (Reuters) -").
//! 3. **Source citation**: the whole sentence is one parenthesised phrase of at most 8 words
//!    ("(Pakistan Today)", "(South China Morning Post)").
//! 4. **Caption or credit**: it starts with "Photo", "Photograph", "Picture", "Image", "Video",
//!    "File photo", "Credit" or "Source" and a colon, or ends with a bracketed or colon-led photo
//!    credit ("... on Monday. Photo: AFP", "... in Jakarta [File: Ahmad Rizal/Reuters]"), and has
//!    at most 40 words.
//! 5. **Prompt**: a call to share, follow, subscribe, sign up, log in, comment or read on
//!    ("LEAVE A REPLY", "Readers must log in to comment.", "Sign up for our newsletter"), a
//!    teaser marker ("Must Read", "Read more:", "Related:", "Also read:", "Recommended",
//!    "Explained:", "Watch:", "Listen:", "Live updates", "Keep reading"), a page label ("Tags:",
//!    "Filed under", "Advertisement", "Sponsored", "Suggested Topics", "Purchase Licensing
//!    Rights", "Why you can trust us") or a link's marker ("..., opens new tab"), in a sentence
//!    of at most 15 words.
//! 6. **Copyright or timestamp**: it starts with "©", "(c)", "Copyright", "All rights reserved",
//!    "Updated", "Published", "Last updated", "Posted" (followed by a date or time), or is a
//!    reading-time note ("5 min read", "Reading Time: 3 minutes"), in at most 15 words; or it is a print-edition line,
//!    "Published in" a title and a date ("Published in Dawn, November 28th, 2026").
//! 7. **Author note**: "The writer is ...", "The author teaches ...": it starts with "The
//!    writer", "The author", "The columnist" or "The contributor" followed by a verb such as
//!    "is", "teaches" or "served", in at most 30 words; or, in at most 20 words, it contains
//!    "is a freelance", "is a columnist", "is a contributing", "can be reached at", "follow
//!    him/her on" or a views-are-the-author's-own disclaimer; or, in at most 60 words, it says
//!    that views "do not necessarily reflect" (or "represent") those of the publisher.
//! 8. **Address only**: nothing but a web address or an e-mail address.
//! 9. **Repeat**: the same text (compared without case, white space or punctuation) as an
//!    earlier sentence of the same article: pages repeat teasers, pull quotes and newsletter
//!    boxes.
//! 10. **Navigation**: a menu or trending bar, three or more items of at most four words between
//!     `|` separators ("Home | World | Opinion | Sport"), or a section label or page control
//!     alone, at most three words such as "OPINION", "World News", "WhatsApp", "Copy link",
//!     "Previous article" or "Post Comment", with or without a count ("Comments (12)",
//!     "share2"); a breadcrumb trail, two to four short items between `|`, `>`, `»`, `›` or `/`
//!     of which the first is a section label ("News | Israel-Palestine conflict"); or a list
//!     widget's own lines ("list of 4 items", "list 1 of 4", "end of list").
//! 11. **Teaser**: after a marker that opens a list of other articles' headlines ("Related
//!     Articles", "More from Opinion", "You may also like", "Most read"; at most five words, or
//!     eight after "More from", whose section's name may be long),
//!     every following sentence of at most 14 words that does not end a sentence (headlines drop
//!     the full stop), up to the first one that does.
//!
//!     An article's "Previous article" and "Next article" links open such a list too, of the one
//!     headline each links to. A list widget's own lines ("list 2 of 4") do not end the list;
//!     its "end of list" does.
//! 12. **Ornament**: no letter or digit at all ("***", "• • •"), or a single character (a
//!     comment form's "Δ").
//! 13. **Author's name**: right after a byline, timestamp or author note, a name alone: two to
//!     four capitalised words and nothing else ("Omar Siddiqui" under "By Omar Siddiqui |
//!     Published: ..."), as pages that print the byline and then the author's card do.
//! 14. **Fragment** (only in an article of more than one sentence, so that a row of a
//!     sentence-per-row file keeps its one word): a single word without a sentence end
//!     ("Culture", "ANKARA", "Continue"), or two to four words without one, every word
//!     capitalised or a connector such as "of", "and", "the", "|" ("The Ravi Courier", "Code of
//!     Ethics", "Sahil 24 | Live"). Site names, menu items one per line, tags and authors' names
//!     are such lines; prose has a verb and lower-case words. A headline of at most four
//!     title-cased words is set aside with them.
//! 15. **Page furniture named whole**: a line that is nothing but a page control or list marker
//!     ("Sign in", "Accept all", "Manage preferences", "Most viewed", "In the News"; some of them
//!     start prose, "Registered voters ...", so only the whole line counts); a cookie banner (at
//!     most 50 words about the site's cookies); a tag line ("#Gaza"); a comment's header
//!     ("Amara O. says:") or a related post's category (`In "Commentary"`); a biography without
//!     "The writer" ("Harriet Wexcombe is a former aid worker who writes about ...": a person's
//!     title-cased name, "is a", and an occupation, in at most 35 words); a place and a date
//!     after a separator ("Jakarta ● Mon, November 3, 2025"); a contact line ("Email:
//!     name@example.com"); and paywall, app and comment prompts ("You've read 7 articles in the
//!     last month", "Get it on Google Play", "6 thoughts on ...").
//!
//! 16. **More page furniture** (added against real pages): a photo credit alone without
//!     brackets ("AGENCY/Jane Roe/File Photo", two to four capitalised parts between slashes);
//!     a caption that says who stands where ("(left)", "(second right)"); a reading time
//!     without "read" ("2 min"); a name or place and a date ("Halima Yusuf, January 8, 2026",
//!     "The Coastal Times - Tuesday, May 5, 2026"); a print line with "on" and a date
//!     ("Published in Editorials on March 9, 2026 11:06 AM"); a font-size control ("+ A A -");
//!     a page label with the site's name before it ("The Courier - Letters to the Editor");
//!     "Continue reading", "Read the full ...", "Country:" and other page labels; comment
//!     policies, submission and donation appeals in up to 40 words ("Support from readers like
//!     you ..."); an author's note set as a list item ("- Name is a former senator ..."), or
//!     naming the outlet ("Name is the Courier's foreign editor"), and the sentences after it
//!     that say where the author writes or lives ("He has also written for ..."); and a
//!     letter's sign-off ("Yours, etc,", alone or ending the last paragraph) with the short
//!     lines of its signature after it; "Posted" and a date; a list of tags of any length; a
//!     label and a web address ("Original Link: https://..."); a credit without a slash ("U.S.
//!     Air Force photo") or a caption ending in "/file" or "©"; "(File)"; a position between
//!     commas in the wire services' style ("Vitaly Ivanov, center, speaks ..."); and, in an
//!     article of several sentences, a list of people's names ("Jack Ross, Lena Cole").
//!
//!     Two rules look at lines ([`find`]): a line of at most two sentences and 70 words that
//!     ends in a photo credit, not counting a credit that stands as a sentence of its own, is a
//!     caption ("Troops unload supplies. The post was hit twice. (Agency/Jane Roe)"); a line of
//!     more sentences that ends in a credit is a paragraph with an image's credit glued on, and
//!     stays prose, the sentence its credit is glued to included. And the one or two sentences
//!     of a line right above a line holding only a credit ("(Photo: Jane Roe/The Courier)") are
//!     its caption. A sentence that ends in a credit is a caption in up to 70 words.
//! 17. **What a site's software prints** (`machinery.rs`): a server's error message with a line
//!     number, a mail header with an address ("From: Jane Roe <jane@example.org>"), a row of
//!     bracketed links ("[Date Prev][Date Next]"), a price offer with a billing period
//!     ("Annual £90 £45"), an author's card without a verb ("Amara Okafor Senior Researcher,
//!     Institute for Peace Studies"), a weekday alone; with them, in the lists, "Author:"
//!     bylines, a comment system's messages, "More in this section", "Go to top", "Read at" and
//!     an address, "Login | Register", a teaser's "… Continue reading", and "Keywords:" and
//!     "Research Topics:" lists (rule 16's tag lists); and what blog software and news themes
//!     print: "Posted by" bylines, a row of share buttons ("Facebook Twitter WhatsApp Email"), a
//!     "Previous article" link run into its headline, "This article was first published in ...",
//!     spam-filter and "bloggers like this" notes.
//!
//! Timestamps (rule 6) include a date or time alone on its line, in any of the usual spellings
//! ("November 20, 2025", "Thu 20 Nov 2025 14.05 GMT", "20/11/2025", "2025-11-20 09:14").
//!
//! Prompts include a comment form's own lines ("Please enter your comment!", "You have entered
//! an incorrect email address!", "Save my name, email, and website ...").
//!
//! The rules look at form, not at what a sentence says about a force, so a real sentence with a
//! byline-like start ("By deploying in March, the force ...") is not clutter: the name after "By"
//! must be capitalised and the sentence short, and the rules were checked on every sentence of
//! the bundled corpus, none of whose prose sentences they catch.

pub use audit::{audit, Audit};

use std::borrow::Cow;
use std::ops::Range;

use rustc_hash::FxHashSet;

mod audit;
mod fragments;
mod layout;
mod lexicon;
mod machinery;
mod notices;
mod phrases;

use fragments::*;
use lexicon::*;
use machinery::*;
use notices::*;
use phrases::*;

/// Why a sentence was taken for page clutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Clutter {
    /// An author line ("By Rania Haddad").
    Byline,
    /// A dateline with nothing after it.
    Dateline,
    /// A source named in brackets ("(Pakistan Today)").
    Citation,
    /// A photo caption or credit.
    Caption,
    /// A share, subscribe, comment or read-more prompt, a teaser or a page label.
    Prompt,
    /// A copyright line, timestamp or reading-time note.
    Notice,
    /// A note about the author.
    AuthorNote,
    /// Nothing but a web or e-mail address.
    Address,
    /// A repeat of an earlier sentence of the article.
    Repeat,
    /// A menu or trending bar ("Home | World | Opinion") or a section label ("OPINION").
    Navigation,
    /// A headline in a list of teasers that a marker such as "Related Articles" opened.
    Teaser,
    /// A line without a letter or digit ("***", "• • •"), or a single character ("Δ").
    Ornament,
    /// A lone word or a short title-cased name or label ("Culture", "The Ravi Courier"), in an
    /// article of several sentences.
    Fragment,
}

impl Clutter {
    /// A short name for the rule, as output shows it.
    pub fn name(self) -> &'static str {
        match self {
            Clutter::Byline => "byline",
            Clutter::Dateline => "dateline",
            Clutter::Citation => "citation",
            Clutter::Caption => "caption",
            Clutter::Prompt => "prompt",
            Clutter::Notice => "notice",
            Clutter::AuthorNote => "author-note",
            Clutter::Address => "address",
            Clutter::Repeat => "repeat",
            Clutter::Navigation => "navigation",
            Clutter::Teaser => "teaser",
            Clutter::Ornament => "ornament",
            Clutter::Fragment => "fragment",
        }
    }
}

/// Finds the clutter among an article's sentences, in order; repeats are judged against the
/// sentences before them, and fragments are looked for only in articles of several sentences
/// ([`Detector::for_article`]).
///
/// ```
/// use stance::text::boilerplate::{Clutter, Detector};
///
/// let mut detector = Detector::default();
/// assert_eq!(detector.check("By Rania Haddad"), Some(Clutter::Byline));
/// assert_eq!(detector.check("Must Read"), Some(Clutter::Prompt));
/// assert_eq!(detector.check("The force will not disarm Hamas."), None);
/// assert_eq!(detector.check("The force will not disarm Hamas."), Some(Clutter::Repeat));
/// ```
#[derive(Debug, Default)]
pub struct Detector {
    seen: FxHashSet<String>,
    /// The article has a single sentence, which cannot repeat one before it.
    alone: bool,
    /// The sentences so far since a teaser-list marker ("Related Articles") have all been
    /// teaser headlines.
    in_teasers: bool,
    /// The sentence before was a byline, timestamp or author note, which an author's name
    /// alone may follow.
    after_byline: bool,
    /// The sentence before was an author note, which more about the author may follow.
    after_author: bool,
    /// The sentences since a letter's sign-off have all been its signature's lines.
    in_signature: bool,
}

impl Detector {
    /// A detector for an article of `sentences` sentences. With one, the repeat check's folding
    /// and hashing are skipped: most rows of a sentence-per-row file are such articles.
    pub fn for_article(sentences: usize) -> Self {
        Detector {
            alone: sentences == 1,
            ..Detector::default()
        }
    }

    /// The kind of clutter `sentence` is, if it is clutter.
    pub fn check(&mut self, sentence: &str) -> Option<Clutter> {
        let after_byline = std::mem::take(&mut self.after_byline);
        let after_author = std::mem::take(&mut self.after_author);
        let in_signature = std::mem::take(&mut self.in_signature);
        if in_signature && is_signature_line(sentence.trim()) {
            self.in_signature = true;
            return Some(Clutter::Byline);
        }
        if let Some(kind) = classify(sentence) {
            self.after_author = kind == Clutter::AuthorNote;
            self.in_teasers = match kind {
                Clutter::Prompt => opens_teasers(sentence),
                // A list's own controls ("list 1 of 4"), numbers and dates do not end it.
                Clutter::Navigation => {
                    links_to_article(sentence) || (self.in_teasers && !ends_list(sentence))
                }
                Clutter::Ornament | Clutter::Notice => self.in_teasers,
                _ => false,
            };
            self.after_byline = matches!(
                kind,
                Clutter::Byline | Clutter::Notice | Clutter::AuthorNote
            );
            return Some(kind);
        }
        // Lower-cased only where a rule can match: after an author note, or a line as short as
        // a sign-off.
        if after_author && sentence.len() <= 300 {
            let lower = sentence.trim().to_lowercase();
            if continues_author_note(&lower, lower.split_whitespace().count()) {
                self.after_author = true;
                return Some(Clutter::AuthorNote);
            }
        }
        if sentence.len() <= 40 && is_sign_off(&sentence.trim().to_lowercase()) {
            self.in_signature = true;
            return Some(Clutter::AuthorNote);
        }
        // A letter's last paragraph may end with its sign-off: prose, but a signature follows.
        let tail_start = sentence.len().saturating_sub(24);
        if let Some(tail) = sentence.get(tail_start..).filter(|t| t.contains("ours")) {
            self.in_signature = ends_with_sign_off(&tail.to_lowercase());
        }
        if after_byline && is_name_alone(sentence) {
            self.in_teasers = false;
            return Some(Clutter::Byline);
        }
        if self.in_teasers && is_teaser_headline(sentence) {
            return Some(Clutter::Teaser);
        }
        self.in_teasers = false;
        if self.alone {
            return None;
        }
        // Prose sentences have more than four words: only the rest are collected and judged.
        if sentence.split_whitespace().nth(4).is_none()
            && is_fragment(&sentence.split_whitespace().collect::<Vec<_>>())
        {
            return Some(Clutter::Fragment);
        }
        if is_name_list(sentence.trim()) {
            return Some(Clutter::Byline);
        }
        let key = fold(sentence);
        // Very short sentences ("Yes.", "No.") repeat in prose without being clutter.
        if key.bytes().filter(|&b| b == b' ').count() >= 3 && !self.seen.insert(key) {
            return Some(Clutter::Repeat);
        }
        None
    }
}

/// The clutter among the sentences of `text` at `spans`, one entry per span: [`Detector`]'s
/// rules, then those that look at the lines the sentences stand on (rule 16).
///
/// ```
/// use stance::text::boilerplate::{find, Clutter};
/// use stance::text::sentences::split_sentences;
///
/// let text = "The force will monitor the truce.\n\
///             Troops unload supplies at the port on Monday. The convoy left at dawn. (Agency/Jane Roe)\n\
///             The mission has 3,000 soldiers.";
/// let spans = split_sentences(text);
/// let found = find(text, &spans);
/// assert_eq!(found[0], None);
/// assert_eq!(found[1], Some(Clutter::Caption));
/// assert_eq!(found[2], Some(Clutter::Caption));
/// assert_eq!(found.last(), Some(&None));
/// ```
pub fn find(text: &str, spans: &[Range<usize>]) -> Vec<Option<Clutter>> {
    let mut detector = Detector::for_article(spans.len());
    let mut found: Vec<_> = spans
        .iter()
        .map(|span| detector.check(&text[span.clone()]))
        .collect();
    layout::captions_by_line(text, spans, &mut found);
    found
}

/// Lower-cased words of `s` joined by single spaces, punctuation dropped. Written into one
/// buffer: this runs on every sentence classified.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            // Whole-word lower-casing, for the final-sigma rule.
            out.push_str(&w.to_lowercase());
        }
    }
    out
}

/// `sentence` with every run of white space made one space and none at either end; borrowed
/// when it is that already, as almost every sentence is.
fn single_spaced(sentence: &str) -> Cow<'_, str> {
    let mut previous_space = true;
    let clean = sentence.chars().all(|c| {
        let ok = if c == ' ' {
            !previous_space
        } else {
            !c.is_whitespace()
        };
        previous_space = c == ' ';
        ok
    }) && !sentence.ends_with(' ');
    if clean {
        Cow::Borrowed(sentence)
    } else {
        Cow::Owned(sentence.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The clutter rules that need only the sentence itself (all but repeats).
pub fn classify(sentence: &str) -> Option<Clutter> {
    let s = single_spaced(sentence);
    let s = s.as_ref();
    let words: Vec<&str> = s.split(' ').filter(|w| !w.is_empty()).collect();
    let n = words.len();
    if n == 0 {
        return None;
    }
    // A lone character is no sentence either: comment forms end with "Δ", a spam trap's label.
    if !s.chars().any(char::is_alphanumeric) || s.chars().nth(1).is_none() {
        return Some(Clutter::Ornament);
    }
    let lower = s.to_lowercase();
    if is_byline(&words, &lower) || is_name_and_outlet(s) || is_mail_header(&lower, n) {
        return Some(Clutter::Byline);
    }
    if is_dateline(s) {
        return Some(Clutter::Dateline);
    }
    // "(File)" marks an archive photo's caption, not a source.
    if matches!(
        lower.as_str(),
        "(file)" | "(file photo)" | "[file]" | "[file photo]"
    ) {
        return Some(Clutter::Caption);
    }
    if is_citation(s, n) {
        return Some(Clutter::Citation);
    }
    // Positions stand in brackets or between commas: the automaton runs only where one is.
    if n <= 40 && is_caption(&lower)
        || n <= layout::MAX_CAPTION_WORDS && ends_with_credit(&lower)
        || n <= 60
            && memchr::memchr2(b'(', b',', lower.as_bytes()).is_some()
            && POSITION_SEARCH.is_match(&lower)
    {
        return Some(Clutter::Caption);
    }
    if n <= 15 && is_prompt(&lower)
        || n <= 40 && APPEAL_SEARCH.is_match(&lower)
        || is_cookie_banner(&lower, n)
        || is_app_prompt(&lower, n)
        || is_price_offer(&lower, n)
    {
        return Some(Clutter::Prompt);
    }
    if n <= 15 && is_notice(&lower)
        || n <= 12
            && (is_print_edition(&lower)
                || is_placed_date(&lower, is_date)
                || is_named_date(s, is_date))
        || n <= 40 && lower.contains("print edition")
        || n == 1 && is_weekday_alone(&lower)
        || is_software_message(&lower)
    {
        return Some(Clutter::Notice);
    }
    if n <= 30 && is_author_note(&lower, n)
        || n <= 60 && is_disclaimer(&lower)
        || is_author_bio(&words, &lower)
        || is_titled_name(&words)
    {
        return Some(Clutter::AuthorNote);
    }
    if is_tag_line(s, n) || is_comment_header(&lower, n) || is_tag_list(&lower) {
        return Some(Clutter::Navigation);
    }
    let contact = ["email: ", "e-mail: ", "contact: "]
        .iter()
        .find_map(|p| lower.strip_prefix(p))
        .filter(|rest| !rest.contains(' '));
    if n == 1 && is_address(&lower)
        || contact.is_some_and(is_address)
        || n <= 4 && is_labelled_address(&lower, is_address)
    {
        return Some(Clutter::Address);
    }
    if is_menu(s)
        || is_breadcrumb(&lower)
        || is_list_control(&lower)
        || is_text_control(&lower)
        || is_bracketed_menu(s)
        || is_share_row(&lower, n)
        || is_glued_article_link(s)
    {
        return Some(Clutter::Navigation);
    }
    if n <= 3 && is_section_label(&without_count(&lower)) {
        return Some(Clutter::Navigation);
    }
    // After the breadcrumbs, whose items are capitalised too ("Opinion / Columns").
    if is_credit_line(s, n) || is_plain_credit(s, &lower, n) {
        return Some(Clutter::Caption);
    }
    // A prompt, so that a marker among them ("Most viewed") opens its list of teasers.
    if is_page_control(&lower) {
        return Some(Clutter::Prompt);
    }
    None
}

/// A menu or trending bar: at least three items between `|` separators, none longer than four
/// words or ending a sentence ("Home | World | Opinion", "Trending: Budget | Floods | Cricket").
fn is_menu(s: &str) -> bool {
    // Every sentence passes here, almost none with a separator: count before splitting.
    s.bytes().filter(|&b| b == b'|').count() >= 2
        && s.split('|').map(str::trim).all(|item| {
            let words = item.split(' ').filter(|w| !w.is_empty()).count();
            (1..=4).contains(&words) && !item.ends_with(['.', '!', '?'])
        })
}

/// A breadcrumb trail: two to four items of at most four words between `|`, `>`, `»`, `›` or
/// `/`, the first a section label ("News | Israel-Palestine conflict", "Home > World >
/// Middle East").
fn is_breadcrumb(lower: &str) -> bool {
    const SEPARATORS: [char; 5] = ['|', '>', '»', '›', '/'];
    // Every sentence passes here: the ASCII separators are looked for a byte at a time, and
    // the two others only where one of their last bytes shows.
    let bytes = lower.as_bytes();
    let separated = memchr::memchr3(b'|', b'>', b'/', bytes).is_some()
        || memchr::memchr2(0xBB, 0xBA, bytes).is_some() && lower.contains(['»', '›']);
    if !separated || lower.ends_with(['.', '!', '?']) {
        return false;
    }
    let items: Vec<&str> = lower.split(SEPARATORS).map(str::trim).collect();
    (2..=4).contains(&items.len())
        && items
            .iter()
            .all(|item| (1..=4).contains(&item.split_whitespace().count()))
        && items.first().is_some_and(|first| is_section_label(first))
}

/// A list widget's own lines: "list of 4 items", "list 1 of 4", "end of list".
fn is_list_control(lower: &str) -> bool {
    // Every sentence passes here: words are collected only for a line that starts like one.
    if !lower.starts_with("list ") {
        return lower == "end of list";
    }
    let words: Vec<&str> = lower.split(' ').collect();
    let number = |w: &&str| w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty();
    match words.as_slice() {
        ["list", "of", n, "items" | "item"] => number(n),
        ["list", n, "of", m] => number(n) && number(m),
        _ => false,
    }
}

/// Whether the list control `sentence` closes its list ("end of list").
fn ends_list(sentence: &str) -> bool {
    sentence.trim().eq_ignore_ascii_case("end of list")
}

/// A section label or page control alone: every word (at most three) one of [`SECTION_LABELS`]
/// or [`SHARE_BUTTONS`] ("OPINION", "World News", "Middle East", "WhatsApp", "Copy link", "Skip
/// to content").
fn is_section_label(lower: &str) -> bool {
    lower
        .trim_end_matches([':', '.', '*', ' '])
        .split(' ')
        .all(|w| {
            // A share button shows its count glued on ("share2").
            let bare = w.trim_end_matches(|c: char| c.is_ascii_digit());
            let w = if bare.is_empty() { w } else { bare };
            SECTION_LABELS.contains(&w) || SHARE_BUTTONS.contains(&w)
        })
}

/// `lower` without a count that labels carry ("comments (12)", "12 comments", "comments: 3"),
/// so that the label alone is judged; unchanged when nothing but the count would be left.
fn without_count(lower: &str) -> Cow<'_, str> {
    let is_count = |w: &str| {
        let digits = w.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ':'));
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let kept: Vec<&str> = lower.split(' ').filter(|w| !is_count(w)).collect();
    if kept.is_empty() || kept.len() == lower.split(' ').count() {
        return Cow::Borrowed(lower);
    }
    Cow::Owned(kept.join(" "))
}

/// An author's name alone: two to four words, each a capitalised word of letters (with `.`,
/// `'`, `-` or `’` inside names such as "O'Neill" and "J."), and no sentence end.
fn is_name_alone(sentence: &str) -> bool {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| is_name_word(w))
        && !words
            .last()
            .is_some_and(|w| w.len() > 2 && w.ends_with('.'))
}

/// Whether the prompt `sentence` opens a list of teasers: a marker with nothing after it but a
/// colon ("Related Articles", "More from Opinion:"), so that the headlines follow on lines of
/// their own.
fn opens_teasers(sentence: &str) -> bool {
    let lower = sentence.trim().trim_end_matches(':').to_lowercase();
    // "More from" names a section, which may be long ("More from Letters to the Editor: the
    // inbox").
    let most = if lower.starts_with("more from ") {
        8
    } else {
        5
    };
    TEASER_MARKERS.iter().any(|m| lower.starts_with(m)) && lower.split_whitespace().count() <= most
}

/// Whether the page control `sentence` links to another article by its headline, which follows
/// on the next line ("Previous article", "Next post", "Older story").
fn links_to_article(sentence: &str) -> bool {
    let lower = sentence.trim().trim_end_matches(':').to_lowercase();
    let mut words = lower.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (
            Some("previous" | "next" | "older" | "newer"),
            Some("article" | "post" | "story"),
            None
        )
    )
}

/// A headline in a teaser list: at most 14 words, not ending a sentence (headlines drop the
/// full stop; a paragraph after the list has one).
fn is_teaser_headline(sentence: &str) -> bool {
    let t = sentence.trim();
    // A headline may ask ("Train strikes: which lines are affected?"); it never ends in a full
    // stop.
    t.split_whitespace().count() <= 14 && !t.ends_with(['.', '!', '"', '”'])
}

fn is_byline(words: &[&str], lower: &str) -> bool {
    if words.len() > 14 {
        return false;
    }
    BYLINE_STARTS.iter().any(|start| {
        lower.starts_with(start) && {
            let at = start.split(' ').filter(|w| !w.is_empty()).count();
            words
                .get(at)
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase)
        }
    })
}

/// "GAZA CITY, March 4 (Reuters) -", "KINSHASA (AP) —": capitals, optional date and agency, a
/// dash, nothing after.
fn is_dateline(s: &str) -> bool {
    let Some(body) = s
        .strip_suffix('-')
        .or_else(|| s.strip_suffix('—'))
        .or_else(|| s.strip_suffix('–'))
    else {
        return false;
    };
    let body = body.trim_end();
    let place: String = body
        .chars()
        .take_while(|c| !matches!(c, ',' | '('))
        .collect();
    let letters: Vec<char> = place.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && body.split_whitespace().count() <= 8
}

fn is_citation(s: &str, n: usize) -> bool {
    let Some(inner) = s
        .trim_end_matches('.')
        .strip_prefix('(')
        .and_then(|r| r.strip_suffix(')'))
    else {
        return false;
    };
    // A source's name is title-cased and has no clause punctuation: "(South China Morning Post)",
    // "(Dawn)", "(The Hindu)", but not "(The force, he said, would not disarm anyone.)".
    // A photo credit ("(Photo: Name/Outlet)", "(Agency/Name)") is a caption's, not a source's.
    n <= 8
        && !inner.contains(['(', ')', ',', ';', '.', '!', '?', ':', '/'])
        && inner.split_whitespace().all(|w| {
            w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || matches!(
                    w,
                    "of" | "the" | "and" | "for" | "on" | "de" | "al" | "el" | "la" | "le"
                )
        })
}

fn is_address(lower: &str) -> bool {
    let w = lower.trim_end_matches(['.', ',', ';']);
    w.starts_with("http://")
        || w.starts_with("https://")
        || w.starts_with("www.")
        || (w.contains('@') && w.contains('.') && !w.starts_with('@'))
}

#[cfg(test)]
mod tests;
