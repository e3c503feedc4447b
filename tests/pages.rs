//! Scraped pages end to end: the real `stance` program on page layouts written for these tests,
//! whose clutter must be set aside as boilerplate and whose prose alone must count.

use serde_json::Value;

use crate::common::{fixture, readme, stance, stdout_of_success};

/// An opinion column arguing for peacekeeping, laid out as a scraped page: a paragraph per line
/// with the site's menu, trending bar, section label, byline, timestamp, share buttons, source
/// citations, a caption, an author note, a repeated pull quote, related headlines and the
/// comment form on lines of their own (written for this test).
#[test]
fn a_scraped_opinion_page_keeps_its_clutter_out_of_the_verdict() {
    let out = stdout_of_success(
        stance()
            .args(["classify", "--sentences", "--format", "jsonl"])
            .arg(fixture("pages/opinion.txt")),
    );
    let record: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(record["verdict"], "peacekeeping");
    let sentences = record["sentence_results"].as_array().unwrap();
    let label_of = |start: &str| {
        sentences
            .iter()
            .find(|s| s["text"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no sentence starts with {start:?}"))["label"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for clutter in [
        "Home | World",
        "Trending:",
        "OPINION",
        "By Farah Nadeem",
        "Published:",
        "Share on Facebook",
        "(Dawn)",
        "Must Read",
        "(Pakistan Today)",
        "Photo:",
        "(AFP)",
        "The writer is",
        "Related Articles",
        "Cabinet approves",
        "Pakistan beat",
        "LEAVE A REPLY",
        "Please enter your comment",
        "Please enter your name",
        "You have entered",
        "©",
        "All rights reserved",
    ] {
        assert_eq!(label_of(clutter), "boilerplate", "{clutter}");
    }
    // The first paragraph is a sentence of its own, not glued to the lines above it.
    assert_eq!(label_of("ISLAMABAD:"), "peacekeeping");
    // The repeated pull quote counts once.
    let pull = sentences
        .iter()
        .filter(|s| {
            s["text"]
                .as_str()
                .unwrap()
                .starts_with("Pakistan's peacekeepers")
        })
        .map(|s| s["label"].as_str().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(pull, ["peacekeeping", "boilerplate"]);
    let enforcement = sentences
        .iter()
        .filter(|s| s["label"] == "enforcement")
        .count();
    assert!(enforcement <= 1, "{enforcement} enforcement sentences");
}

/// Classifies the page `name` (each argues for peacekeeping) and asserts that the sentences
/// counted (not boilerplate) are the prose that starts as `prose` says, in order, and that the
/// verdict is `peacekeeping` with no `enforcement` sentence; returns the article's record.
fn only_prose_counted(name: &str, prose: &[&str]) -> Value {
    let out = stdout_of_success(
        stance()
            .args(["classify", "--sentences", "--format", "jsonl"])
            .arg(fixture(name)),
    );
    let record: Value = serde_json::from_str(out.trim()).unwrap();
    let counted: Vec<&str> = record["sentence_results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["label"] != "boilerplate")
        .map(|s| s["text"].as_str().unwrap())
        .collect();
    assert_eq!(counted.len(), prose.len(), "{counted:#?}");
    for (sentence, start) in counted.iter().zip(prose) {
        assert!(sentence.starts_with(start), "{sentence:?} is not {start:?}");
    }
    assert_eq!(record["verdict"], "peacekeeping");
    assert_eq!(record["counts"]["enforcement"], 0);
    record
}

/// Another site's layout: paragraph sources run into the next sentence, an audio player, article
/// navigation and a comment form whose fields are lines of their own. Only the prose counts.
#[test]
fn a_second_page_layout_leaves_only_its_prose_counted() {
    let record = only_prose_counted(
        "pages/column.txt",
        &[
            "A force that keeps the peace, not one that wages war",
            "The debate over who will patrol Gaza",
            "Washington wants contributors",
            "Several capitals have already said",
            "Pakistan's experience in blue helmets",
            "Our soldiers should protect",
            "They should not be sent",
        ],
    );
    assert_eq!(record["boilerplate"], 44);
}

/// A third layout, short lines only: a bare date under the byline, links to the previous and
/// next articles with their headlines, sidebars of headlines and categories, a comment form
/// ending in its spam trap's "Δ".
#[test]
fn a_page_of_short_lines_leaves_only_its_prose_counted() {
    only_prose_counted(
        "pages/wordpress.txt",
        &[
            "Peace needs keepers, not enforcers",
            "Gaza's ceasefire will hold",
            "Those who want the force",
            "What the force can do",
        ],
    );
}

/// A fourth layout: every paragraph a single sentence on its own line, none longer than 110
/// characters, under a stack of menu, byline, author and share lines without full stops, and
/// above a disclaimer, a print-edition line and a counted comments label. Only the line breaks'
/// surroundings tell this page from wrapped prose; read as wrapped, its headline, byline and
/// first paragraph would be one sentence.
#[test]
fn a_page_of_short_paragraphs_leaves_only_its_prose_counted() {
    only_prose_counted(
        "pages/short_paragraphs.txt",
        &[
            "A peace force for Gaza must earn consent",
            "The proposed stabilisation force",
            "Its soldiers should monitor",
            "History is clear",
            "The multinational force in Beirut",
            "Contributing states should insist",
        ],
    );
}

/// A fifth layout, as agency and broadcaster sites print it: a breadcrumb, a caption with its
/// credit in square brackets, a "Keep reading" widget with its own controls and headline, link
/// markers ("opens new tab"), licensing and trust prompts, a source line and a reading time.
#[test]
fn an_agency_layout_leaves_only_its_prose_counted() {
    let record = only_prose_counted(
        "pages/agency.txt",
        &[
            "Why a Gaza force should keep the peace",
            "Contributing states want a mandate",
            "The force will escort aid convoys",
            "It will not be asked to disarm anyone",
        ],
    );
    assert_eq!(record["boilerplate"], 24);
}

/// Eight more layouts, each beside the list of its lines that are clutter
/// (`pages/listed/NAME.clutter.txt`, one line of the page per line, written with the page):
/// a daily with a numbered "Most Popular" box, a broadcaster with a cookie banner, a media
/// player and a footer of links one per line, a state agency with tag lines and a related-news
/// box, an English-language daily with a place-and-date line and topic tags, a daily with app
/// and sign-in prompts, one with a paywall and a "Most viewed" box, and one printing every block
/// on a line of its own, and a letters page (a signature under the letter, captions of several
/// sentences recognised by the credit that ends their line or stands on the next, a reading
/// time, a name and a date, an author's note set as a list item and the sentence after it, an
/// appeal for readers' support). Every sentence made only of listed lines must be set aside, and every
/// other counted.
#[test]
fn listed_clutter_is_set_aside_and_nothing_else() {
    for name in [
        "daily",
        "broadcaster",
        "state_agency",
        "english_daily",
        "app_prompts",
        "paywall",
        "one_block_per_line",
        "letters",
    ] {
        let page = fixture(&format!("pages/listed/{name}.txt"));
        let listed =
            std::fs::read_to_string(fixture(&format!("pages/listed/{name}.clutter.txt"))).unwrap();
        let listed: std::collections::HashSet<&str> = listed
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let out = stdout_of_success(
            stance()
                .args(["classify", "--sentences", "--format", "jsonl"])
                .arg(&page),
        );
        let record: Value = serde_json::from_str(out.trim()).unwrap();
        for sentence in record["sentence_results"].as_array().unwrap() {
            let text = sentence["text"].as_str().unwrap();
            // A listed line may be cut into sentences ("© 2025 X. All rights reserved.").
            let clutter = text
                .lines()
                .map(str::trim)
                .all(|line| listed.iter().any(|l| l.contains(line)));
            let set_aside = sentence["label"] == "boilerplate";
            assert_eq!(set_aside, clutter, "{name}: {text:?}");
        }
    }
}

/// The README's figure for `clutter_audit` on the listed layouts, counted through the library
/// function the example calls: every listed clutter sentence caught, nothing missed, no prose
/// set aside.
#[test]
fn the_clutter_audit_of_the_listed_layouts_matches_the_readme() {
    let dir = fixture("pages/listed");
    let (mut pages, mut caught, mut missed, mut set_aside) = (0, 0, 0, 0);
    for entry in std::fs::read_dir(&dir).unwrap() {
        let page = entry.unwrap().path();
        let name = page.file_name().unwrap().to_str().unwrap().to_string();
        if !name.ends_with(".txt") || name.ends_with(".clutter.txt") {
            continue;
        }
        let text = std::fs::read_to_string(&page).unwrap();
        let listed = std::fs::read_to_string(page.with_extension("clutter.txt")).unwrap();
        let found = stance::text::boilerplate::audit(&text, &listed.lines().collect::<Vec<_>>());
        pages += 1;
        caught += found.caught;
        missed += found.missed.len();
        set_aside += found.set_aside.len();
    }
    let line = format!(
        "{pages} pages: {caught} clutter sentences caught, {missed} missed, {set_aside} prose set aside"
    );
    assert!(
        readme().replace('\n', " ").contains(&format!("`{line}`")),
        "the README should quote {line:?}"
    );
}
