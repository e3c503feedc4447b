//! `shares`' chart: the shares drawn as an SVG figure, or a standalone HTML page with the figure
//! (inline SVG) above the table the CSV output holds.
//!
//! Without periods, each group is a cluster of bars, one per label, each with a whisker over its
//! 95% interval. With periods, each label is a line over the periods with its interval shaded as
//! a band, in one panel per group. One method is drawn: the default one when it was measured,
//! else the first; when several were measured the title says which one is drawn. Group names too
//! long for their place are cut short, and turned on their side when they would still collide.
//! Colours and fonts are those of the evaluation report ([`crate::render::report`]).

use std::fmt::Write as _;
use std::path::Path;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::csv_records;
use crate::classify::NEUTRAL_LABEL;
use crate::error::{Error, ErrorKind, Result, Setting};
use crate::render::clip;
use crate::render::report::{escape, inline_svg, label_colour, page_start};
use crate::shares::{Method, Shares, DEFAULT_METHOD};

/// What a chart file holds, by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// `.svg`: the figure alone.
    Svg,
    /// `.html` (or `.htm`): a page with the figure above the table.
    Html,
}

impl ChartKind {
    /// The kind `path` asks for by its extension (any case); any other extension is refused.
    ///
    /// ```
    /// use stance::render::shares::chart::ChartKind;
    /// assert_eq!(ChartKind::of("out/shares.SVG".as_ref())?, ChartKind::Svg);
    /// assert_eq!(ChartKind::of("shares.html".as_ref())?, ChartKind::Html);
    /// assert!(ChartKind::of("shares.png".as_ref()).is_err());
    /// # Ok::<(), stance::Error>(())
    /// ```
    pub fn of(path: &Path) -> Result<ChartKind> {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("svg") => Ok(ChartKind::Svg),
            Some("html") | Some("htm") => Ok(ChartKind::Html),
            _ => Err(Error::unparsable(
                Setting::ChartFile,
                path.display().to_string(),
                "a file name ending in .svg (the figure alone) or .html (a page with the figure \
                 above the table)",
            )),
        }
    }
}

/// Draws `shares` and writes the chart to `path` atomically: the SVG figure, or for an `.html`
/// path a standalone page with the figure above the table ([`shares_html`]).
pub fn write_chart(path: &Path, shares: &Shares) -> Result<()> {
    let kind = ChartKind::of(path)?;
    let svg = shares_svg(shares, path)?;
    let text = match kind {
        ChartKind::Svg => svg,
        ChartKind::Html => shares_html(shares, &svg),
    };
    crate::atomic::write_atomically(path, text.as_bytes())
}

/// The method a chart draws: the default one when it was measured, else the first.
pub fn charted_method(shares: &Shares) -> Option<Method> {
    if shares.methods.contains(&DEFAULT_METHOD) {
        Some(DEFAULT_METHOD)
    } else {
        shares.methods.first().copied()
    }
}

/// The chart as an SVG document; `path` names it in an error message.
pub fn shares_svg(shares: &Shares, path: &Path) -> Result<String> {
    draw(shares).map_err(|e| {
        ErrorKind::Plot {
            path: path.to_path_buf(),
            message: e.to_string(),
        }
        .into()
    })
}

/// A standalone HTML page: a heading, the chart `svg` inline, any warnings about the figures,
/// and the table the CSV output holds (every value escaped).
pub fn shares_html(shares: &Shares, svg: &str) -> String {
    let mut h = page_start("stance shares");
    let _ = writeln!(h, "<figure id=\"chart\">\n{}\n</figure>", inline_svg(svg));
    if !shares.notices.is_empty() {
        h.push_str("<ul class=\"note\">\n");
        for n in &shares.notices {
            let _ = writeln!(h, "<li>warning: {}</li>", escape(&n.to_string()));
        }
        h.push_str("</ul>\n");
    }
    let records = csv_records(shares);
    h.push_str("<table id=\"shares\">\n");
    for (i, rec) in records.iter().enumerate() {
        let cell = if i == 0 { "th" } else { "td" };
        h.push_str("<tr>");
        for (c, value) in rec.iter().enumerate() {
            // Group names and labels read left to right; figures line up on the right.
            let class = if c < shares.columns.len() + 2 {
                " class=\"text\""
            } else {
                ""
            };
            let _ = write!(h, "<{cell}{class}>{}</{cell}>", escape(value));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n</body>\n</html>\n");
    h
}

/// One share as drawn: the point and its interval.
#[derive(Debug, Clone, Copy)]
struct Cell {
    share: f64,
    interval: Option<(f64, f64)>,
}

/// One method's shares laid out for drawing: `cells[g][l]` is group `g`'s share of label `l`,
/// drawn in colour `colours[l]` (the label's place among all the labels measured, so that a
/// label keeps its colour when others are not shown).
#[derive(Debug, Default)]
struct Layout {
    groups: Vec<Vec<String>>,
    labels: Vec<String>,
    colours: Vec<usize>,
    cells: Vec<Vec<Option<Cell>>>,
}

fn layout(shares: &Shares, method: Method) -> Layout {
    let mut t = Layout::default();
    for r in shares.rows.iter().filter(|r| r.method == method) {
        let g = match t.groups.iter().position(|g| *g == r.group) {
            Some(g) => g,
            None => {
                t.groups.push(r.group.clone());
                t.cells.push(Vec::new());
                t.groups.len() - 1
            }
        };
        let l = match t.labels.iter().position(|l| *l == r.label) {
            Some(l) => l,
            None => {
                let colour = shares.classes.iter().position(|c| *c == r.label);
                t.colours
                    .push(colour.unwrap_or(shares.classes.len() + t.labels.len()));
                t.labels.push(r.label.clone());
                t.labels.len() - 1
            }
        };
        let row = &mut t.cells[g];
        if row.len() <= l {
            row.resize(l + 1, None);
        }
        row[l] = r.share.map(|share| Cell {
            share,
            interval: r.interval,
        });
    }
    for row in &mut t.cells {
        row.resize(t.labels.len(), None);
    }
    t
}

/// A group's name on an axis or a panel: its parts joined, or `all` for the whole input.
fn group_name(parts: &[String]) -> String {
    if parts.is_empty() {
        "all".into()
    } else {
        parts.join(" / ")
    }
}

/// The longest name shown under an axis, in characters.
const NAME_CHARS: usize = 24;
/// Width of the legend column on the right, in pixels.
const LEGEND_WIDTH: u32 = 170;
/// Width of the y axis' label area, in pixels.
const Y_AREA: u32 = 56;
/// Roughly how wide one character of the axis font is, in pixels.
const CHAR_PX: f64 = 6.5;
/// The axis font's size.
const AXIS_FONT: u32 = 13;

/// Names as drawn under an axis, with whether they must be turned on their side to fit `room`
/// pixels each, and the height they take.
fn axis_names(names: &[String], room: f64) -> (Vec<String>, bool, u32) {
    let names: Vec<String> = names.iter().map(|n| clip(n, NAME_CHARS)).collect();
    let longest = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let sideways = longest as f64 * CHAR_PX > room * 0.9;
    let height = if sideways {
        (longest as f64 * CHAR_PX) as u32 + 24
    } else {
        36
    };
    (names, sideways, height)
}

type PlotResult<T> = std::result::Result<T, Box<dyn std::error::Error>>;
type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The figure's title: what is shared out, by what, and which method is drawn.
fn title(shares: &Shares, method: Method) -> String {
    let grouping: Vec<&str> = shares
        .columns
        .iter()
        .take(shares.columns.len() - usize::from(shares.periods))
        .map(String::as_str)
        .collect();
    // Neutral measured but not shown: shares of the framed sentences.
    let framed = shares.classes.iter().any(|c| c == NEUTRAL_LABEL)
        && !shares.rows.iter().any(|r| r.label == NEUTRAL_LABEL);
    let mut t = String::from(if framed {
        "Shares of framed sentences"
    } else {
        "Shares of each label"
    });
    if !grouping.is_empty() {
        let _ = write!(t, " by {}", grouping.join(" and "));
    }
    if shares.periods {
        t.push_str(" over time");
    }
    if shares.methods.len() > 1 {
        let all: Vec<&str> = shares.methods.iter().map(|m| m.name()).collect();
        let _ = write!(t, ", {method} (of {} measured)", all.join(", "));
    } else {
        let _ = write!(t, ", {method}");
    }
    if shares.rows.iter().any(|r| r.interval.is_some()) {
        t.push_str(", 95% intervals");
    }
    t
}

fn draw(shares: &Shares) -> PlotResult<String> {
    let method = charted_method(shares).unwrap_or(DEFAULT_METHOD);
    let t = layout(shares, method);
    let title = title(shares, method);
    if shares.periods {
        periods_svg(&t, &title)
    } else {
        bars_svg(&t, &title)
    }
}

/// The frame of one chart: x from `x.0` to `x.1`, shares from 0 to 1 on the y axis in percent.
fn frame<'a, 'b>(
    area: &'a Area<'b>,
    caption: Option<&str>,
    x: (f64, f64),
    x_area: u32,
) -> PlotResult<Chart<'a, 'b>> {
    let mut builder = ChartBuilder::on(area);
    if let Some(c) = caption {
        builder.caption(c, ("sans-serif", 15));
    }
    let mut chart = builder
        .margin(10)
        .x_label_area_size(x_area)
        .y_label_area_size(Y_AREA)
        .build_cartesian_2d(x.0..x.1, 0f64..1f64)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .max_light_lines(1)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .y_desc("share")
        .label_style(("sans-serif", AXIS_FONT))
        .draw()?;
    Ok(chart)
}

/// Writes `names` under the x axis of `chart`, centred on `centres`, on `root` (whose pixels are
/// the backend's).
fn draw_axis_names(
    root: &Area,
    chart: &Chart,
    names: &[String],
    centres: &[f64],
    sideways: bool,
) -> PlotResult<()> {
    for (name, &x) in names.iter().zip(centres) {
        let (px, py) = chart.backend_coord(&(x, 0.0));
        let font = ("sans-serif", AXIS_FONT).into_font().color(&BLACK);
        let text = if sideways {
            // Turned a quarter anticlockwise, ending just under the axis.
            Text::new(
                name.clone(),
                (px, py + 8),
                font.pos(Pos::new(HPos::Right, VPos::Center))
                    .transform(FontTransform::Rotate270),
            )
        } else {
            Text::new(
                name.clone(),
                (px, py + 8),
                font.pos(Pos::new(HPos::Center, VPos::Top)),
            )
        };
        root.draw(&text)?;
    }
    Ok(())
}

/// The legend: a swatch per label, then what the intervals look like: a whisker, or a band.
fn draw_legend(area: &Area, t: &Layout, band: bool) -> PlotResult<()> {
    let font = ("sans-serif", 14).into_font().color(&BLACK);
    let mut y = 40;
    for (label, &colour) in t.labels.iter().zip(&t.colours) {
        area.draw(&Rectangle::new(
            [(8, y - 6), (24, y + 6)],
            label_colour(colour).filled(),
        ))?;
        area.draw(&Text::new(
            clip(label, 18),
            (30, y),
            font.pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        y += 24;
    }
    if band {
        area.draw(&Rectangle::new(
            [(8, y - 6), (24, y + 6)],
            BLACK.mix(0.2).filled(),
        ))?;
    } else {
        area.draw(&PathElement::new(vec![(16, y - 7), (16, y + 7)], BLACK))?;
    }
    area.draw(&Text::new(
        "95% interval",
        (30, y),
        font.pos(Pos::new(HPos::Left, VPos::Center)),
    ))?;
    Ok(())
}

/// Bars per group: `k` labels side by side in slots of one unit, with half a slot of space on
/// either side of each group.
fn bars_svg(t: &Layout, title: &str) -> PlotResult<String> {
    let k = t.labels.len().max(1);
    let n = t.groups.len().max(1);
    let span = (k + 1) as f64;
    let plot_width = (n as u32 * (k as u32 * 22 + 24)).max(440);
    let width = plot_width + Y_AREA + LEGEND_WIDTH + 20;
    let names: Vec<String> = t.groups.iter().map(|g| group_name(g)).collect();
    let (names, sideways, x_area) = axis_names(&names, plot_width as f64 / n as f64);
    let height = 400 + x_area;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let body = root.titled(title, ("sans-serif", 18))?;
        let (plot, legend) = body.split_horizontally(width - LEGEND_WIDTH);
        let mut chart = frame(&plot, None, (0.0, n as f64 * span), x_area)?;
        let mut bars = Vec::new();
        let mut whiskers = Vec::new();
        for (g, row) in t.cells.iter().enumerate() {
            for (l, cell) in row.iter().enumerate() {
                let Some(cell) = cell else { continue };
                let left = g as f64 * span + 0.5 + l as f64;
                bars.push(Rectangle::new(
                    [(left + 0.08, 0.0), (left + 0.92, cell.share)],
                    label_colour(t.colours[l]).mix(0.85).filled(),
                ));
                if let Some((lo, hi)) = cell.interval {
                    let mid = left + 0.5;
                    whiskers.push(PathElement::new(vec![(mid, lo), (mid, hi)], BLACK));
                    for end in [lo, hi] {
                        whiskers.push(PathElement::new(
                            vec![(mid - 0.18, end), (mid + 0.18, end)],
                            BLACK,
                        ));
                    }
                }
            }
        }
        chart.draw_series(bars)?;
        chart.draw_series(whiskers)?;
        let centres: Vec<f64> = (0..t.groups.len())
            .map(|g| (g as f64 + 0.5) * span)
            .collect();
        draw_axis_names(&root, &chart, &names, &centres, sideways)?;
        draw_legend(&legend, t, false)?;
        root.present()?;
    }
    Ok(svg)
}

/// Lines over periods, one panel per group (the key without its period).
fn periods_svg(t: &Layout, title: &str) -> PlotResult<String> {
    let mut panels: Vec<Vec<String>> = Vec::new();
    let mut periods: Vec<String> = Vec::new();
    for key in &t.groups {
        let (period, rest) = key
            .split_last()
            .map_or(("", &key[..]), |(p, r)| (p.as_str(), r));
        if !panels.iter().any(|p| p[..] == *rest) {
            panels.push(rest.to_vec());
        }
        if !periods.iter().any(|p| p == period) {
            periods.push(period.to_string());
        }
    }
    periods.sort();
    let m = periods.len().max(1);
    let plot_width = (m as u32 * 64).max(440);
    let width = plot_width + Y_AREA + LEGEND_WIDTH + 20;
    let (names, sideways, x_area) = axis_names(&periods, plot_width as f64 / m as f64);
    let panel_height = 300 + x_area;
    let height = 40 + panels.len().max(1) as u32 * panel_height;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let body = root.titled(title, ("sans-serif", 18))?;
        let (plots, legend) = body.split_horizontally(width - LEGEND_WIDTH);
        let areas = plots.split_evenly((panels.len().max(1), 1));
        let centres: Vec<f64> = (0..periods.len()).map(|p| p as f64).collect();
        for (panel, area) in panels.iter().zip(&areas) {
            let caption = (!panel.is_empty()).then(|| group_name(panel));
            let mut chart = frame(area, caption.as_deref(), (-0.5, m as f64 - 0.5), x_area)?;
            // Each label's points in period order; a period without a share breaks the line.
            for l in 0..t.labels.len() {
                let points: Vec<(f64, Option<Cell>)> = periods
                    .iter()
                    .enumerate()
                    .map(|(p, period)| {
                        let cell = t
                            .groups
                            .iter()
                            .position(|k| k.split_last() == Some((period, &panel[..])))
                            .and_then(|g| t.cells[g][l]);
                        (p as f64, cell)
                    })
                    .collect();
                let colour = label_colour(t.colours[l]);
                for run in points.split(|(_, c)| c.is_none()) {
                    let cells: Vec<(f64, Cell)> =
                        run.iter().filter_map(|(x, c)| c.map(|c| (*x, c))).collect();
                    let band: Vec<(f64, (f64, f64))> = cells
                        .iter()
                        .filter_map(|(x, c)| c.interval.map(|i| (*x, i)))
                        .collect();
                    if band.len() == cells.len() && !band.is_empty() {
                        let mut outline: Vec<(f64, f64)> =
                            band.iter().map(|(x, (lo, _))| (*x, *lo)).collect();
                        outline.extend(band.iter().rev().map(|(x, (_, hi))| (*x, *hi)));
                        if band.len() == 1 {
                            // One period: a band needs width, so draw a short bar instead.
                            let (x, (lo, hi)) = band[0];
                            outline =
                                vec![(x - 0.1, lo), (x + 0.1, lo), (x + 0.1, hi), (x - 0.1, hi)];
                        }
                        chart.draw_series(std::iter::once(Polygon::new(
                            outline,
                            colour.mix(0.15).filled(),
                        )))?;
                    }
                    let line: Vec<(f64, f64)> = cells.iter().map(|(x, c)| (*x, c.share)).collect();
                    chart.draw_series(LineSeries::new(line.clone(), colour.stroke_width(2)))?;
                    chart.draw_series(
                        line.into_iter().map(|p| Circle::new(p, 3, colour.filled())),
                    )?;
                }
            }
            draw_axis_names(&root, &chart, &names, &centres, sideways)?;
        }
        draw_legend(&legend, t, true)?;
        root.present()?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shares::ShareRow;

    const LABELS: [&str; 3] = ["enforcement", "neutral", "peacekeeping"];

    /// Shares of `groups` (each a key) with the given shares per label, by `methods`.
    fn shares(columns: &[&str], periods: bool, groups: &[(&[&str], [f64; 3])]) -> Shares {
        let methods = vec![Method::Cc, Method::Emq];
        let mut rows = Vec::new();
        for (key, values) in groups {
            for &method in &methods {
                for (label, &share) in LABELS.iter().zip(values) {
                    rows.push(ShareRow {
                        group: key.iter().map(|s| s.to_string()).collect(),
                        label: label.to_string(),
                        method,
                        // An empty group's shares are undefined.
                        share: (values.iter().sum::<f64>() > 0.0).then_some(share),
                        interval: Some(((share - 0.1).max(0.0), (share + 0.1).min(1.0))),
                        sentences: 40,
                        articles: 8,
                    });
                }
            }
        }
        Shares {
            columns: columns.iter().map(|s| s.to_string()).collect(),
            periods,
            classes: LABELS.map(String::from).to_vec(),
            rows,
            notices: Vec::new(),
            calibration: None,
            inputs: vec!["a.csv".into()],
            methods,
        }
    }

    fn svg(s: &Shares) -> String {
        shares_svg(s, Path::new("chart.svg")).unwrap()
    }

    #[test]
    fn bars_have_one_rect_each_and_name_every_group_and_label() {
        let s = shares(
            &["outlet"],
            false,
            &[
                (&["Ledger"], [0.5, 0.2, 0.3]),
                (&["Courier"], [0.1, 0.3, 0.6]),
                (&["Empty"], [0.0, 0.0, 0.0]),
            ],
        );
        let drawn = svg(&s);
        assert!(drawn.starts_with("<svg") && drawn.trim_end().ends_with("</svg>"));
        for name in LABELS.iter().chain(&["Ledger", "Courier", "Empty"]) {
            assert!(drawn.contains(name), "{name} missing");
        }
        // The background, a legend swatch per label, and one bar per share: the empty group has
        // none.
        assert_eq!(drawn.matches("<rect").count(), 1 + 3 + 2 * 3);
        // Two groups with intervals: a whisker and two caps per bar.
        let mut plain = s.clone();
        plain.rows.iter_mut().for_each(|r| r.interval = None);
        let lines = |svg: &str| svg.matches("<polyline").count();
        assert_eq!(lines(&drawn) - lines(&svg(&plain)), 2 * 3 * 3);
        assert!(drawn.contains("by outlet, emq (of cc, emq measured), 95% intervals"));
        // Only the y axis' title is turned; short names stay level.
        assert_eq!(drawn.matches("rotate(").count(), 1);
    }

    #[test]
    fn a_label_keeps_its_colour_when_neutral_is_not_shown() {
        let mut s = shares(&[], false, &[(&[], [0.4, 0.0, 0.6])]);
        let all = svg(&s);
        s.rows.retain(|r| r.label != "neutral");
        let framed = svg(&s);
        // Okabe-Ito: enforcement vermilion, neutral blue, peacekeeping bluish green.
        for colour in ["#D55E00", "#009E73"] {
            assert!(all.contains(colour) && framed.contains(colour), "{colour}");
        }
        assert!(all.contains("#0072B2") && !framed.contains("#0072B2"));
        assert!(
            all.contains("Shares of each label") && framed.contains("Shares of framed sentences")
        );
    }

    #[test]
    fn the_default_method_is_drawn_else_the_first() {
        let mut s = shares(&[], false, &[(&[], [0.5, 0.2, 0.3])]);
        assert_eq!(charted_method(&s), Some(Method::Emq));
        s.methods = vec![Method::Pcc, Method::Cc];
        assert_eq!(charted_method(&s), Some(Method::Pcc));
        s.methods = vec![Method::Cc];
        for r in &mut s.rows {
            r.interval = None;
        }
        let svg = svg(&s);
        assert!(svg.contains("Shares of each label, cc\n"), "{svg}");
        // The whole input is one group, named `all`.
        assert!(svg.contains(">\nall\n<"));
    }

    #[test]
    fn long_group_names_are_cut_short_and_turned() {
        let long = "The Very Long Name of a Regional Evening Newspaper";
        let keys: Vec<[&str; 1]> = [long, "B", "C", "D", "E", "F", "G", "H"]
            .iter()
            .map(|k| [*k])
            .collect();
        let groups: Vec<(&[&str], [f64; 3])> =
            keys.iter().map(|k| (&k[..], [0.5, 0.2, 0.3])).collect();
        let s = shares(&["outlet"], false, &groups);
        let drawn = svg(&s);
        assert!(!drawn.contains(long));
        assert!(drawn.contains(&format!("{}…", &long[..NAME_CHARS - 1])));
        // The y axis' title, and all eight names: one too long for its place turns them all.
        assert_eq!(drawn.matches("rotate(270").count(), 1 + 8);
        // Two short names have room enough to stay level.
        let level = shares(&["outlet"], false, &groups[..2]);
        assert_eq!(svg(&level).matches("rotate(270").count(), 1);
    }

    #[test]
    fn periods_draw_a_line_and_a_band_per_label_in_a_panel_per_group() {
        let s = shares(
            &["outlet", "period"],
            true,
            &[
                (&["Courier", "2026-01"], [0.1, 0.3, 0.6]),
                (&["Courier", "2026-02"], [0.2, 0.3, 0.5]),
                (&["Courier", "2026-03"], [0.3, 0.3, 0.4]),
                (&["Ledger", "2026-01"], [0.5, 0.2, 0.3]),
                (&["Ledger", "2026-03"], [0.6, 0.2, 0.2]),
            ],
        );
        let svg = svg(&s);
        for name in ["Courier", "Ledger", "2026-01", "2026-02", "2026-03"] {
            assert!(svg.contains(name), "{name} missing");
        }
        assert!(svg.contains("by outlet over time"));
        // Courier: one line and one band per label over three periods. Ledger has no 2026-02,
        // so each label is two runs of one period: a point and a short bar each, no line to join.
        assert_eq!(svg.matches("<polygon").count(), 3 + 3 * 2);
        assert_eq!(svg.matches("<circle").count(), 3 * 3 + 3 * 2);
    }

    #[test]
    fn the_page_holds_the_figure_above_the_csv_table_escaped() {
        let mut s = shares(
            &["outlet"],
            false,
            &[
                (&["Smith & <Sons>"], [0.5, 0.2, 0.3]),
                (&["B"], [0.1, 0.3, 0.6]),
            ],
        );
        s.notices.push(crate::shares::Notice::EmptyGroup {
            group: vec!["<none>".into()],
        });
        let svg = svg(&s);
        let html = shares_html(&s, &svg);
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert_eq!(html.matches("<svg").count(), 1);
        assert!(html.find("<svg").unwrap() < html.find("<table").unwrap());
        let csv = super::super::shares_csv(&s);
        assert_eq!(html.matches("<tr>").count(), csv.lines().count());
        assert!(html.contains("<td class=\"text\">Smith &amp; &lt;Sons&gt;</td>"));
        assert!(!html.contains("<Sons>") && !html.contains("<none>"));
        assert!(html.contains("group &#39;&lt;none&gt;&#39;"));
        assert!(html.contains("<th class=\"text\">outlet</th>"));
        assert!(html.contains("<td>0.5000</td>"));
    }

    #[test]
    fn the_file_name_says_what_is_written_and_nothing_else_is() {
        let dir = tempfile::tempdir().unwrap();
        let s = shares(&[], false, &[(&[], [0.5, 0.2, 0.3])]);
        let svg_path = dir.path().join("c.svg");
        write_chart(&svg_path, &s).unwrap();
        assert!(std::fs::read_to_string(&svg_path)
            .unwrap()
            .starts_with("<svg"));
        let html_path = dir.path().join("c.HTML");
        write_chart(&html_path, &s).unwrap();
        assert!(std::fs::read_to_string(&html_path)
            .unwrap()
            .contains("<table id=\"shares\">"));
        let png = dir.path().join("c.png");
        let err = write_chart(&png, &s).unwrap_err();
        assert!(matches!(
            err.kind(),
            ErrorKind::InvalidSetting {
                setting: Setting::ChartFile,
                ..
            }
        ));
        assert!(err.to_string().contains(".svg") && err.to_string().contains(".html"));
        assert!(!png.exists());
        assert!(ChartKind::of(Path::new("chart")).is_err());
    }
}
