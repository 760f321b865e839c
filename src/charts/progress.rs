//! The progress chart: per category, each day's average question score as dots with the
//! category's least-squares trend line (from two days on), the weekly average of finished
//! interviews as grey steps, and a legend beside the plot. Its data is `interview::timeline`
//! (bounded to the last 90 days); its words come from the caller (`engine::messages`).

use super::{ChartError, FONT, draw_err, encode_png, ensure_font};
use crate::bank::Category;
use crate::interview::timeline::{Timeline, trend};
use chrono::{Duration, NaiveDate};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The picture's size in pixels.
pub const WIDTH: u32 = 1000;
pub const HEIGHT: u32 = 560;
/// The legend's column on the right.
const LEGEND_WIDTH: u32 = 220;

/// The chart's words, written by `engine::messages` (categories use `Category::label`).
pub struct Labels {
    pub title: String,
    /// The legend entry of the weekly average.
    pub weekly: String,
    /// A day on the x axis, e.g. "3 Nov".
    pub day: fn(NaiveDate) -> String,
}

/// A category's colour (red, green, blue): one each, so a category keeps its colour.
pub fn category_rgb(c: Category) -> (u8, u8, u8) {
    match c {
        Category::Behavioral => (31, 119, 180),
        Category::Technical => (230, 120, 20),
        Category::SystemDesign => (44, 160, 44),
        Category::Case => (214, 39, 40),
        Category::Situational => (148, 103, 189),
        Category::Motivation => (140, 86, 75),
    }
}

fn color(c: Category) -> RGBColor {
    let (r, g, b) = category_rgb(c);
    RGBColor(r, g, b)
}

/// The plot's right edge: the legend column starts here.
pub const PLOT_WIDTH: u32 = WIDTH - LEGEND_WIDTH;

const WEEKLY: RGBColor = RGBColor(90, 90, 90);

/// The chart as PNG bytes. An empty timeline still draws (an empty grid): callers send no chart
/// for it.
pub fn progress(t: &Timeline, labels: &Labels) -> Result<Vec<u8>, ChartError> {
    ensure_font()?;
    let mut rgb = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        let (plot, legend) = root.split_horizontally(PLOT_WIDTH);
        let span = t.span_days().max(1) as f64;
        let mut chart = ChartBuilder::on(&plot)
            .caption(&labels.title, (FONT, 22))
            .margin(14)
            .x_label_area_size(34)
            .y_label_area_size(40)
            .build_cartesian_2d(-1f64..span + 1.0, 0f64..100f64)
            .map_err(draw_err)?;
        // Ticks fall on whole days; any other tick stays unlabelled.
        let day_label = |x: &f64| {
            if (x - x.round()).abs() > 1e-6 || *x < 0.0 || *x > span {
                String::new()
            } else {
                (labels.day)(t.from + Duration::days(x.round() as i64))
            }
        };
        chart
            .configure_mesh()
            .x_labels(8)
            .y_labels(6)
            .x_label_formatter(&day_label)
            .y_label_formatter(&|y| format!("{y:.0}"))
            .max_light_lines(1)
            .light_line_style(RGBColor(242, 242, 242))
            .bold_line_style(RGBColor(215, 215, 215))
            .label_style((FONT, 14))
            .draw()
            .map_err(draw_err)?;

        // The weekly average: a translucent step over each week with a finished interview, under
        // the dots (a day's dots usually sit on their week's step).
        for w in &t.weeks {
            let start = t.offset(w.week_of);
            let (a, b) = ((start - 0.5).max(-0.5), (start + 6.5).min(span + 0.5));
            let y = w.average as f64;
            chart
                .draw_series(LineSeries::new([(a, y), (b, y)], WEEKLY.mix(0.6).stroke_width(6)))
                .map_err(draw_err)?;
        }
        for s in &t.series {
            let c = color(s.category);
            if let (Some(tr), Some(first), Some(last)) = (trend(&s.points, t.from), s.points.first(), s.points.last()) {
                let (x0, x1) = (t.offset(first.day), t.offset(last.day));
                let ends = [(x0, tr.at(x0).clamp(0.0, 100.0)), (x1, tr.at(x1).clamp(0.0, 100.0))];
                chart
                    .draw_series(LineSeries::new(ends, c.stroke_width(2)))
                    .map_err(draw_err)?;
            }
            chart
                .draw_series(
                    s.points
                        .iter()
                        .map(|p| Circle::new((t.offset(p.day), p.score as f64), 5, c.filled())),
                )
                .map_err(draw_err)?;
        }
        draw_legend(&legend, t, labels)?;
        root.present().map_err(draw_err)?;
    }
    encode_png(&rgb, WIDTH, HEIGHT)
}

/// The legend column: a dot and a line per category shown, then the weekly average's step.
fn draw_legend(area: &DrawingArea<BitMapBackend<'_>, Shift>, t: &Timeline, labels: &Labels) -> Result<(), ChartError> {
    let text = (FONT, 15).into_font().color(&BLACK);
    let mut y = 70;
    for s in &t.series {
        let c = color(s.category);
        area.draw(&PathElement::new(vec![(6, y), (30, y)], c.stroke_width(2)))
            .map_err(draw_err)?;
        area.draw(&Circle::new((18, y), 5, c.filled())).map_err(draw_err)?;
        area.draw(&Text::new(s.category.label(), (40, y - 9), text.clone()))
            .map_err(draw_err)?;
        y += 28;
    }
    if !t.weeks.is_empty() {
        y += 6;
        area.draw(&PathElement::new(
            vec![(6, y), (30, y)],
            WEEKLY.mix(0.6).stroke_width(6),
        ))
        .map_err(draw_err)?;
        area.draw(&Text::new(labels.weekly.as_str(), (40, y - 9), text))
            .map_err(draw_err)?;
    }
    Ok(())
}
