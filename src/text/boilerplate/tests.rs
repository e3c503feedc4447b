//! Tests of the clutter rules.

use super::*;
use proptest::prelude::*;

#[test]
fn a_lone_sentence_is_never_a_repeat() {
    let mut alone = Detector::for_article(1);
    let text = "The force will not disarm Hamas.";
    assert_eq!((alone.check(text), alone.check(text)), (None, None));
    let mut two = Detector::for_article(2);
    assert_eq!(
        (two.check(text), two.check(text)),
        (None, Some(Clutter::Repeat))
    );
    assert_eq!(alone.check("By Rania Haddad"), Some(Clutter::Byline));
}

proptest! {
    /// The allocation-saving paths give what the plain ones gave: white space collapsed by
    /// splitting and joining, and words lower-cased one by one and joined.
    #[test]
    fn the_fast_paths_match_the_plain_ones(
        text in "[ a-zA-Z.,\t\n\u{a0}\u{3a3}\u{3c3}\u{c9}é'’-]{0,40}"
    ) {
        let plain = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let spaced = single_spaced(&text);
        prop_assert_eq!(spaced.as_ref(), plain.as_str());
        let folded = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(fold(&text), folded);
    }
}

#[test]
fn page_shapes_are_recognised() {
    let cases: &[(&str, Clutter)] = &[
        ("By Rania Haddad", Clutter::Byline),
        ("By Amira Saleh, Middle East correspondent", Clutter::Byline),
        (
            "Reporting by Ali Farouk; Editing by Mark Stone",
            Clutter::Byline,
        ),
        ("GAZA CITY, March 4 (Reuters) -", Clutter::Dateline),
        ("KINSHASA (AP) —", Clutter::Dateline),
        ("(Pakistan Today)", Clutter::Citation),
        ("(South China Morning Post)", Clutter::Citation),
        ("(Dawn).", Clutter::Citation),
        ("Photo: AFP", Clutter::Caption),
        (
            "Indonesian troops board a transport plane in Jakarta on Monday. Photo: AFP",
            Clutter::Caption,
        ),
        (
            "Peacekeepers patrol near Naqoura (Reuters/Ali Hashisho)",
            Clutter::Caption,
        ),
        ("LEAVE A REPLY", Clutter::Prompt),
        ("Must Read", Clutter::Prompt),
        ("Readers must log in to comment.", Clutter::Prompt),
        ("Sign up for our morning briefing", Clutter::Prompt),
        (
            "Related: Who will pay for Gaza's stabilisation force?",
            Clutter::Prompt,
        ),
        ("Explained: what the ISF can and cannot do", Clutter::Prompt),
        ("Tags: MONUSCO, M23, Goma", Clutter::Prompt),
        (
            "© 2026 The Daily Record. All rights reserved.",
            Clutter::Notice,
        ),
        ("Updated 14:32 GMT, 4 March 2026", Clutter::Notice),
        ("5 min read", Clutter::Notice),
        (
            "The writer is a freelance columnist based in Lahore.",
            Clutter::AuthorNote,
        ),
        (
            "Hina Qureshi is a freelance journalist who covers South Asian security.",
            Clutter::AuthorNote,
        ),
        ("https://example.org/gaza-force", Clutter::Address),
        ("desk@example.org", Clutter::Address),
        (
            "Home | World | Opinion | Business | Sport | Subscribe",
            Clutter::Navigation,
        ),
        ("OPINION", Clutter::Navigation),
        ("World News", Clutter::Navigation),
        ("WhatsApp", Clutter::Navigation),
        ("Copy link", Clutter::Navigation),
        ("Skip to content", Clutter::Navigation),
        ("Read: UN force to deploy in March", Clutter::Prompt),
        ("Please enter your comment!", Clutter::Prompt),
        (
            "You have entered an incorrect email address!",
            Clutter::Prompt,
        ),
        (
            "Save my name, email, and website in this browser for the next time I comment.",
            Clutter::Prompt,
        ),
        // Disclaimers, print-edition lines, counted labels and log-in prompts.
        (
            "The views expressed in this article are the author's own and do not necessarily \
             reflect the editorial stance of this newspaper.",
            Clutter::AuthorNote,
        ),
        (
            "Opinions in this column do not necessarily represent those of the publisher or its \
             staff, who may hold other views on the Gaza force.",
            Clutter::AuthorNote,
        ),
        (
            "Published in Daily Chronicle, November 28th, 2026",
            Clutter::Notice,
        ),
        ("Published in The Nation 2026", Clutter::Notice),
        ("Comments (12)", Clutter::Navigation),
        ("12 Comments", Clutter::Navigation),
        ("You must be logged in to post a comment.", Clutter::Prompt),
        // Breadcrumbs, list widgets, link markers, credits in square brackets.
        ("News|Israel-Palestine conflict", Clutter::Navigation),
        ("Home > World > Middle East", Clutter::Navigation),
        ("Opinion / Columns", Clutter::Navigation),
        ("list of 4 items", Clutter::Navigation),
        ("list 1 of 4", Clutter::Navigation),
        ("end of list", Clutter::Navigation),
        ("share2", Clutter::Navigation),
        ("Save", Clutter::Navigation),
        ("Listen (3 min)", Clutter::Prompt),
        (
            "Our Standards: The Trust Principles., opens new tab",
            Clutter::Prompt,
        ),
        ("Suggested Topics:", Clutter::Prompt),
        ("Purchase Licensing Rights", Clutter::Prompt),
        ("Why you can trust us", Clutter::Prompt),
        ("Reading Time: 3 minutes", Clutter::Notice),
        (
            "Indonesian soldiers board a plane in Jakarta [File: Ahmad Rizal/Reuters]",
            Clutter::Caption,
        ),
        // Tags, page controls, banners, biographies, placed dates, credits, app prompts.
        ("#Gaza", Clutter::Navigation),
        ("#UN Security Council", Clutter::Navigation),
        ("Amara O. says:", Clutter::Navigation),
        ("In \"Commentary\"", Clutter::Navigation),
        ("Comment *", Clutter::Navigation),
        ("Sign in", Clutter::Prompt),
        ("Accept all", Clutter::Prompt),
        ("Most viewed", Clutter::Prompt),
        (
            "We use cookies to improve your experience and to measure how our site is used.",
            Clutter::Prompt,
        ),
        ("You’ve read 7 articles in the last month", Clutter::Prompt),
        (
            "Harriet Wexcombe is a former aid worker who writes about the Caribbean",
            Clutter::AuthorNote,
        ),
        (
            "Ophelia Tsang is a researcher in European security based in Hong Kong",
            Clutter::AuthorNote,
        ),
        ("Jakarta ● Mon, November 3, 2025", Clutter::Notice),
        ("Oct 27, 2025 4:37 pm IDT", Clutter::Notice),
        ("00:00 / 04:12", Clutter::Notice),
        ("Email: rdurrani@example.com", Clutter::Address),
        (
            "Peacekeepers board a plane in Jakarta. (ND Post/Bagus Hadiwijaya)",
            Clutter::Caption,
        ),
        (
            "Ratna Siregar (The Nusantara Daily Post)",
            Clutter::Byline,
        ),
        ("Get the VHP app", Clutter::Prompt),
        (
            "This article appeared in the print edition of the Victoria Harbour Post as: Troops need a mandate",
            Clutter::Notice,
        ),
        // Shapes seen on real pages: reading times, names and dates, controls, appeals,
        // credits, positions, author notes, tag lists and labelled links.
        ("2 min", Clutter::Notice),
        ("4 minutes", Clutter::Notice),
        (
            "Published in Editorials on March 9, 2026 11:06 AM",
            Clutter::Notice,
        ),
        ("Halima Yusuf, January 08, 2026", Clutter::Notice),
        ("Nairobi, Dec. 12, 2025", Clutter::Notice),
        (
            "- The Coastal Times - Tuesday, May 5, 2026",
            Clutter::Notice,
        ),
        ("+ A A -", Clutter::Navigation),
        ("A- A+", Clutter::Navigation),
        ("Continue reading...", Clutter::Prompt),
        (
            "Read the full report on the agency's site.",
            Clutter::Prompt,
        ),
        ("Latest articles", Clutter::Prompt),
        ("Country: Lebanon, Mali, World", Clutter::Prompt),
        (
            "This article is free to read - just register or sign in",
            Clutter::Prompt,
        ),
        (
            "If you would like to submit a response of up to 300 words by email to be \
             considered for publication in our letters section, please click here.",
            Clutter::Prompt,
        ),
        (
            "Please read our Comment Policy before commenting.",
            Clutter::Prompt,
        ),
        ("The Courier - Letters to the Editor.", Clutter::Prompt),
        (
            "Peacekeepers (left) greet villagers near the Blue Line on Monday.",
            Clutter::Caption,
        ),
        ("AGENCY/Sami Haddad/File Photo", Clutter::Caption),
        ("Jane Roe / The Courier / The Courier", Clutter::Caption),
        (
            "- Sinead Walsh is a former senator and a retired army officer",
            Clutter::AuthorNote,
        ),
        (
            "Aidan Cole is the Courier's foreign editor, writing about security since 2005.",
            Clutter::AuthorNote,
        ),
        ("Posted Tue 21 Jun 2026", Clutter::Notice),
        ("The Coastal Journal (R.I.), Aug. 18:", Clutter::Notice),
        (
            "Tags: Canada, Canadian defence policy, Peacekeeping, United Nations reform, Sinai, \
             Golan Heights, Cyprus buffer zone, Mali, South Sudan",
            Clutter::Navigation,
        ),
        (
            "Original Link: https://example.org/whither-the-force",
            Clutter::Address,
        ),
        ("U.S. Air Force photo", Clutter::Caption),
        (
            "Troops from Ghana arrive in Mogadishu to join the mission/file",
            Clutter::Caption,
        ),
        ("(File)", Clutter::Caption),
        (
            "The ambassador, center, speaks to the council before the vote on the mandate.",
            Clutter::Caption,
        ),
        ("No comments:", Clutter::Prompt),
        // Rule 17: what a site's software prints.
        (
            "Warning: mktime(): invalid argument in /srv/www/blog/index.php on line 42",
            Clutter::Notice,
        ),
        ("From: Omar Siddiqui <omar@example.org>", Clutter::Byline),
        ("[Date Prev][Date Next][Thread Index]", Clutter::Navigation),
        ("Annual £90 £45", Clutter::Prompt),
        ("Digital $10 / month", Clutter::Prompt),
        (
            "Amara Okafor Senior Researcher, Institute for Peace Studies",
            Clutter::AuthorNote,
        ),
        ("Fri.", Clutter::Notice),
        ("Author: Lena Cole, Senior Editor", Clutter::Byline),
        ("Your comment is awaiting moderation.", Clutter::Prompt),
        ("Add New Comment", Clutter::Prompt),
        ("No tags for this post.", Clutter::Prompt),
        ("More in this section", Clutter::Prompt),
        ("top of page", Clutter::Prompt),
        ("Go to top", Clutter::Prompt),
        ("<< Home", Clutter::Prompt),
        ("Unlimited access.", Clutter::Prompt),
        ("Links to this post:", Clutter::Prompt),
        ("Read at www.example.org", Clutter::Prompt),
        ("This preview shows a fifth of the article.", Clutter::Prompt),
        ("Unable to calculate read time", Clutter::Prompt),
        (
            "We need your help to keep reporting from the region.",
            Clutter::Prompt,
        ),
        (
            "Research Topics: Peace Operations, Sahel Security",
            Clutter::Navigation,
        ),
        ("Keywords: UNIFIL, Lebanon, mandate", Clutter::Navigation),
        (
            "She writes on security in the Sahel… Continue reading Why the force needs consent",
            Clutter::Prompt,
        ),
        ("Tuesday May 5, 2026 Login | Register", Clutter::Prompt),
        (
            "To read more, enter your email address and pick a plan.",
            Clutter::Prompt,
        ),
        (
            "This essay is the sole opinion of its author and does not necessarily represent the \
             views of the Ministry of Defence, the armed forces, the national police service, the \
             institute that employs the author, its board of trustees, its funders or any of the \
             governments that contribute troops to the missions discussed here.",
            Clutter::AuthorNote,
        ),
        // Blog software's and news themes' own lines.
        ("Posted by Amara Okafor on May 5, 2026", Clutter::Byline),
        (
            "This site uses Akismet to reduce spam.",
            Clutter::Prompt,
        ),
        ("Learn how your comment data is processed.", Clutter::Prompt),
        ("12 bloggers like this:", Clutter::Prompt),
        ("Blog at WordPress.com.", Clutter::Prompt),
        ("Facebook Twitter WhatsApp Linkedin Email", Clutter::Navigation),
        (
            "Previous articleWhy the force needs consent",
            Clutter::Navigation,
        ),
        (
            "This article was first published in The Coastal Times.",
            Clutter::Prompt,
        ),
    ];
    for (text, kind) in cases {
        assert_eq!(classify(text), Some(*kind), "{text}");
    }
}

#[test]
fn headlines_after_a_teaser_marker_are_teasers_up_to_the_first_full_sentence() {
    let mut d = Detector::default();
    let got: Vec<Option<Clutter>> = [
        "Related Articles",
        "Cabinet approves new fuel prices",
        "UN force to deploy to Rafah in March",
        "The force began its patrols on Monday.",
        "Troops arrive in Gaza",
    ]
    .iter()
    .map(|s| d.check(s))
    .collect();
    assert_eq!(
        got,
        [
            Some(Clutter::Prompt),
            Some(Clutter::Teaser),
            Some(Clutter::Teaser),
            None,
            None
        ]
    );
    // A prompt with content of its own opens no list.
    let mut d = Detector::default();
    d.check("Related: Who will pay for Gaza's stabilisation force?");
    assert_eq!(d.check("Troops arrive in Gaza"), None);
}

#[test]
fn menus_need_three_short_items_and_labels_every_word_a_section() {
    for text in [
        "Israel | Hamas",
        "The force will patrol | the crossings | and the coast | every night, officials said.",
        "Opinion polls show support for the force",
        "World leaders met in Cairo.",
        "Print it.",
        "To Gaza",
    ] {
        assert_eq!(classify(text), None, "{text}");
    }
}

#[test]
fn article_and_comment_form_controls_are_navigation() {
    for text in [
        "Previous article",
        "Next article",
        "Post Comment",
        "Name:*",
        "Email:*",
        "Website",
        "Back to top",
        "Load more",
        "Cancel reply",
    ] {
        assert_eq!(classify(text), Some(Clutter::Navigation), "{text}");
    }
    assert_eq!(classify("Listen to this article"), Some(Clutter::Prompt));
    // Longer, or with a word of prose, they are sentences.
    for text in [
        "Next, the force will deploy.",
        "Name the commander",
        "Back the mission",
        "Post more observers",
    ] {
        assert_eq!(classify(text), None, "{text}");
    }
}

#[test]
fn dates_alone_are_notices_and_figures_are_not() {
    for text in [
        "November 20, 2025",
        "Thu 20 Nov 2025 14.05 GMT",
        "20/11/2025",
        "2025-11-20 09:14",
        "Nov 20, 2025 | 09:14 PM",
        "Monday, 3rd March 2025",
    ] {
        assert_eq!(classify(text), Some(Clutter::Notice), "{text}");
    }
    for text in [
        "2025",
        "10,000",
        "10,000 troops",
        "March",
        "In March 2025 the force deployed.",
    ] {
        assert_ne!(classify(text), Some(Clutter::Notice), "{text}");
    }
}

#[test]
fn ornaments_are_lines_without_words() {
    for text in ["***", "Δ", "• • •", "—", "5"] {
        assert_eq!(classify(text), Some(Clutter::Ornament), "{text}");
    }
    assert_eq!(classify("No."), None);
}

#[test]
fn a_link_to_the_previous_or_next_article_makes_its_headline_a_teaser() {
    let mut detector = Detector::default();
    let page = [
        ("Previous article", Some(Clutter::Navigation)),
        (
            "Senate approves amendments to the finance bill",
            Some(Clutter::Teaser),
        ),
        ("Next post", Some(Clutter::Navigation)),
        (
            "PM directs ministries to cut spending",
            Some(Clutter::Teaser),
        ),
        ("The force will escort the convoys to Rafah.", None),
        ("Senate approves amendments to the budget", None),
    ];
    for (sentence, kind) in page {
        assert_eq!(detector.check(sentence), kind, "{sentence}");
    }
}

#[test]
fn prose_is_not_clutter() {
    for text in [
        "By deploying in March, the force would monitor the crossings.",
        "By the end of the year, troops had disarmed several militias in Ituri.",
        "The force must read the mood of the camps before it acts.",
        "Updated plans call for the force to escort aid convoys.",
        "Published figures show 1,200 troops have arrived.",
        "The authors favour a force that would launch offensive operations.",
        "The writer of the resolution wanted a force that could disarm Hamas by any means.",
        "Peacekeepers must protect civilians, the Secretary-General said on Monday.",
        "The force will not disarm Hamas.",
        "(The force, he said, would not disarm anyone.)",
        "GAZA CITY, March 4 (Reuters) - Indonesia said its troops would protect civilians.",
        "Observers will share their reports with both parties.",
        "Who will pay for the force?",
        // A label word in prose is no label, nor is a report's finding about a force.
        "Comments from 12 capitals reached the council.",
        "Published in March, the report found that the force had disarmed nobody.",
        "The report does not necessarily reflect a change of mandate, diplomats said.",
        // A slash or an angle bracket in prose, and label words in a sentence.
        "News of the vote reached Gaza > 2 hours later.",
        "Home to 2 million people, Gaza / its border needs monitors.",
        "Keep the peace.",
        "The list of 4 items was long.",
        // An acronym and a verb are no biography; "authorised" is not "author".
        "UNOSOM II was the first UN operation authorised under Chapter VII.",
        "Hamas is a party to the ceasefire, the mediators said.",
        "Registered voters in Haiti will choose a new parliament.",
        "In the news this week, the force escorted convoys into Rafah.",
        // Near rule 17: a warning, a price, access, an office and a weekday in prose.
        "Warning: the force may be drawn into the fighting.",
        "The mission costs $6 billion a year.",
        "Aid agencies demanded unlimited access to the camps.",
        "The article limits the force to monitoring the line.",
        "Lebanese Army Director, in Tyre, met the mission",
        "Monday's vote extended the mandate.",
        "[The force] will not disarm anyone, he said.",
        "The deal gives inspectors instant access to the depots, and the force will verify it.",
        "Keywords matter in a mandate, the envoy said.",
        "Posted by the UN to Lebanon in 2006, the battalion never fired a shot.",
        "Twitter and Facebook removed the militia's accounts.",
        "Previous articles on the force said little about consent.",
        "The report, first published in 2019, said the force had protected civilians.",
    ] {
        assert_eq!(classify(text), None, "{text}");
    }
}

#[test]
fn repeats_are_clutter_after_the_first_and_short_sentences_may_repeat() {
    let mut d = Detector::default();
    assert_eq!(
        d.check("Sign up to get the briefing every morning, free."),
        Some(Clutter::Prompt)
    );
    assert_eq!(d.check("The ISF will patrol the yellow line."), None);
    assert_eq!(
        d.check("the ISF will patrol the  yellow line!"),
        Some(Clutter::Repeat)
    );
    assert_eq!(d.check("No."), None);
    assert_eq!(d.check("No."), None);
}

/// Every prose sentence of the bundled corpus (all but the page clutter written as such) is
/// left alone: the rules must not eat real sentences.
#[test]
fn no_corpus_sentence_is_taken_for_clutter() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut caught = Vec::new();
    for file in ["data/train.csv", "data/test.csv"] {
        let mut reader = csv::Reader::from_path(root.join(file)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let col = |name: &str| headers.iter().position(|h| h == name);
        let (text, hard) = (col("text").unwrap(), col("hard_case").unwrap());
        for record in reader.records() {
            let record = record.unwrap();
            if &record[hard] != "page-clutter" {
                if let Some(kind) = classify(&record[text]) {
                    caught.push(format!("{kind:?}: {}", &record[text]));
                }
            }
        }
    }
    assert!(caught.is_empty(), "{caught:#?}");
}

#[test]
fn a_list_widget_keeps_its_headlines_teasers_through_its_own_controls() {
    let mut d = Detector::default();
    assert_eq!(d.check("Keep reading"), Some(Clutter::Prompt));
    assert_eq!(d.check("list of 2 items"), Some(Clutter::Navigation));
    assert_eq!(d.check("list 1 of 2"), Some(Clutter::Navigation));
    assert_eq!(
        d.check("UN votes to extend UNIFIL mandate"),
        Some(Clutter::Teaser)
    );
    assert_eq!(d.check("list 2 of 2"), Some(Clutter::Navigation));
    assert_eq!(d.check("Egypt to train Gaza police"), Some(Clutter::Teaser));
    assert_eq!(d.check("end of list"), Some(Clutter::Navigation));
    // The list is over: a line without a full stop after it is no teaser.
    assert_eq!(d.check("Why the force must keep the peace"), None);
}

#[test]
fn a_name_alone_is_a_byline_after_a_byline_and_a_fragment_elsewhere() {
    let mut d = Detector::default();
    assert_eq!(
        d.check("By Omar Siddiqui | Published: November 28, 2026"),
        Some(Clutter::Byline)
    );
    assert_eq!(d.check("Omar Siddiqui"), Some(Clutter::Byline));
    assert_eq!(d.check("5 min read"), Some(Clutter::Notice));
    assert_eq!(d.check("Mary O'Neill-Jones"), Some(Clutter::Byline));
    assert_eq!(d.check("The force arrived on Monday."), None);
    assert_eq!(d.check("Omar Siddiqui"), Some(Clutter::Fragment));
    let mut d = Detector::default();
    d.check("By Omar Siddiqui");
    // A sentence, and a phrase with lower-case words, are neither.
    assert_eq!(d.check("Hamas Refused Again."), None);
    assert_eq!(d.check("the force arrives"), None);
    assert_eq!(d.check("UNIFIL"), Some(Clutter::Fragment));
}

#[test]
fn fragments_are_lone_words_and_short_title_cased_lines_of_longer_articles() {
    let mut d = Detector::default();
    for text in [
        "Culture",
        "ANKARA",
        "1x",
        "peacekeeping",
        "The Ravi Courier",
        "Code of Ethics",
        "Sahil 24 | Live",
        "Sahil 24 Media Network",
        "Peace in Gaza",
    ] {
        assert_eq!(d.check(text), Some(Clutter::Fragment), "{text}");
    }
    for text in [
        "Disarm!",
        "Troops withdrew.",
        "Peacekeepers must stay",
        "The force will not disarm Hamas",
        "Who pays?",
    ] {
        assert_eq!(d.check(text), None, "{text}");
    }
    // An article of one sentence (a row of a sentence-per-row file) keeps its word.
    let mut alone = Detector::for_article(1);
    assert_eq!(alone.check("Peacekeeping"), None);
}

#[test]
fn prose_near_the_second_probe_rules_is_not_clutter() {
    for text in [
        "Washington, too, said it would not send troops.",
        "Published in March, the plan tasked the force with disarming nobody.",
        "The force will need 20 minutes to reach the crossing.",
        "The UN/AU hybrid operation in Darfur protected camps.",
        "He grew up in Gaza and now commands the Palestinian police.",
        "The mission should report every violation, yours truly included.",
        "A force that fights Hamas is not a peacekeeping force, the minister said.",
        "Posted to the border in March, the battalion will watch the ceasefire line.",
        "Tags on the crates showed the weapons had come from army stores.",
        "The Utility of Peacekeeping, September 27th",
        "The force will photo-document every violation it sees.",
        "Troops left, right and centre are asking what the mandate means.",
        "Ghana, Kenya and Rwanda, the main contributors, met in Addis Ababa.",
    ] {
        let mut detector = Detector::for_article(3);
        assert_eq!(detector.check(text), None, "{text}");
    }
}

#[test]
fn an_author_note_and_a_sign_off_carry_over_to_the_lines_after_them() {
    let mut detector = Detector::for_article(6);
    assert_eq!(
        detector.check("Tom Doyle is a former senator and a retired army officer"),
        Some(Clutter::AuthorNote)
    );
    assert_eq!(
        detector.check("He has also written for several newspapers."),
        Some(Clutter::AuthorNote)
    );
    assert_eq!(
        detector.check("He grew up in Cork."),
        Some(Clutter::AuthorNote)
    );
    // Away from a note, the same sentence is prose.
    let mut prose = Detector::for_article(2);
    assert_eq!(prose.check("He grew up in Cork."), None);

    let mut letter = Detector::for_article(6);
    let last = "There is no peace to keep there. – Yours, etc,";
    assert_eq!(letter.check(last), None);
    assert_eq!(letter.check("EDWARD MURRAY,"), Some(Clutter::Byline));
    assert_eq!(
        letter.check("Former UN peacekeeper,"),
        Some(Clutter::Byline)
    );
    assert_eq!(letter.check("Limerick."), Some(Clutter::Byline));
    // The signature ends with the first line that is not one.
    assert_eq!(
        letter.check("The force should stay in Lebanon as long as both sides want it there."),
        None
    );
    assert_eq!(letter.check("Limerick."), None);
}

#[test]
fn a_credit_ending_a_line_or_under_it_makes_the_line_a_caption() {
    let text = "The force will monitor the truce. It will not disarm anyone.\n\
                Troops unload supplies on Monday. The post was hit twice. (Agency/Jane Roe)\n\
                A patrol leaves the base at dawn.\n\
                (Photo: Lea Moreau/The Courier)\n\
                The mission has 3,000 soldiers. Its mandate ends in August.\n\
                One. Two. Three. Four. Five. (Agency/Jane Roe)\n\
                The council met on Friday.\n\n\
                (Photo: Lea Moreau/The Courier)";
    let spans = crate::text::sentences::split_sentences(text);
    let found = find(text, &spans);
    let kinds: Vec<_> = spans
        .iter()
        .zip(&found)
        .map(|(span, kind)| (&text[span.clone()], *kind))
        .collect();
    let caption = Some(Clutter::Caption);
    let expected = [
        ("The force will monitor the truce.", None),
        ("It will not disarm anyone.", None),
        ("Troops unload supplies on Monday.", caption),
        // A bracketed credit stays with the sentence it ends.
        ("The post was hit twice. (Agency/Jane Roe)", caption),
        ("A patrol leaves the base at dawn.", caption),
        ("(Photo: Lea Moreau/The Courier)", caption),
        ("The mission has 3,000 soldiers.", None),
        ("Its mandate ends in August.", None),
    ];
    assert_eq!(&kinds[..expected.len()], &expected[..]);
    // A line of more sentences than a caption has keeps them all, the one its credit is glued
    // to too; a credit after a blank line leaves the line above it alone.
    let rest = &kinds[expected.len()..];
    assert_eq!(rest[4], ("Five. (Agency/Jane Roe)", None));
    assert_eq!(
        rest.last(),
        Some(&("(Photo: Lea Moreau/The Courier)", caption))
    );
    assert!(rest[..rest.len() - 1]
        .iter()
        .all(|(_, kind)| kind.is_none()));
}

#[test]
fn a_paragraph_keeps_its_last_sentence_when_a_credit_is_glued_to_it() {
    // As sites paste a credit at the end of the paragraph the picture sat in.
    let text = "The vote was close. Russia and China abstained. The envoy called for more \
                sanctions. (photo: Jane Roe/Agency)\n\
                A caption of one sentence on its own line ends in its credit. Photo: Agency/Jane Roe";
    let spans = crate::text::sentences::split_sentences(text);
    let found = find(text, &spans);
    assert_eq!(found.len(), 4);
    assert_eq!(&found[..3], &[None, None, None]);
    assert_eq!(found[3], Some(Clutter::Caption));
    // A caption runs longer than 40 words when its credit ends it, as wire captions do.
    let long = "Aid workers unload flour from a lorry at a warehouse run by the mission near the \
                crossing, where convoys wait for hours to be searched before they may enter the \
                strip, as the ceasefire that began in October holds, in the south of the \
                territory, on a Tuesday in November. Photo: Agency/Jane Roe";
    assert!(long.split_whitespace().count() > 40);
    assert_eq!(classify(long), Some(Clutter::Caption));
}

#[test]
fn a_list_of_names_is_a_byline_only_in_an_article_of_several_sentences() {
    let mut page = Detector::for_article(3);
    assert_eq!(
        page.check("Jack Ross, Lena Cole, Lena Cole"),
        Some(Clutter::Byline)
    );
    assert_eq!(page.check("Jack Ross and Lena Cole"), None);
    let mut row = Detector::for_article(1);
    assert_eq!(row.check("Jack Ross, Lena Cole"), None);
}
