//! SVG charts drawn with plotters. Every chart shares a size, a font and a
//! style so the book's figures look like one family.

use std::path::Path;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{SegmentedCoord, ValueFormatter};
use plotters::coord::types::RangedCoordusize;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Error;
use crate::table::thousands;

pub const SIZE: (u32, u32) = (760, 420);
pub const FONT: &str = "sans-serif";

/// A rectangle of an SVG drawing: the whole chart, or one panel of it.
pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A bar chart: one bar per label, its value written above it.
pub struct Bars<'a> {
    pub title: &'a str,
    /// The value axis's description, unit included.
    pub unit: &'a str,
    pub bars: &'a [(String, f64)],
    /// A log scale with one labelled tick per power of ten, for values that
    /// span orders of magnitude; otherwise linear from 0.
    pub log: bool,
    /// How a bar's value is written above it.
    pub value_label: &'a dyn Fn(f64) -> String,
}

/// The chart alone in an SVG file of the shared size.
pub fn bars(path: &Path, chart: &Bars) -> Result<(), Error> {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    draw_bars(&root, chart, 20)?;
    root.present()?;
    Ok(())
}

/// The chart on `area`, which may be one panel of a bigger drawing, with
/// its title `title_size` pixels high.
pub fn draw_bars(area: &Area, chart: &Bars, title_size: u32) -> Result<(), Error> {
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(chart.title, (FONT, title_size))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(80);
    let slots = bar_slots(chart.bars.len());
    let values = || chart.bars.iter().map(|(_, value)| *value);
    if chart.log {
        let (low, high) = decades_around(values());
        let ticks = (high / low).log10().round() as usize + 1;
        // From a hair below `low`: plotters computes its ticks in floating
        // point and would drop one that lands a rounding error below the
        // range, such as 0.1.
        let axis = (low * (1.0 - 1e-9)..high).log_scale();
        let mut context = builder.build_cartesian_2d(slots, axis)?;
        fill_bars(&mut context, chart, low, ticks)
    } else {
        let top = values().fold(0.0, f64::max);
        // Room above the tallest bar for its value.
        let top = if top > 0.0 { top * 1.15 } else { 1.0 };
        let mut context = builder.build_cartesian_2d(slots, 0.0..top)?;
        fill_bars(&mut context, chart, 0.0, 10)
    }
}

/// One segment per bar. Plotters' integer ranges include their end, so
/// `0..n` would make n + 1 segments: an empty one at the end, with a stray
/// tick under it.
pub fn bar_slots(bars: usize) -> SegmentedCoord<RangedCoordusize> {
    (0..bars.saturating_sub(1)).into_segmented()
}

/// The powers of ten just below the smallest positive value and just above
/// twice the largest (room for its label).
fn decades_around(values: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let positive = values.filter(|v| *v > 0.0);
    let smallest = positive.clone().fold(f64::MAX, f64::min);
    let largest = positive.fold(0.0, f64::max);
    if largest == 0.0 {
        return (1.0, 10.0);
    }
    let low = 10f64.powf(smallest.log10().floor());
    let high = 10f64.powf((largest * 2.0).log10().ceil());
    (low, high)
}

type BarContext<'a, Y> =
    ChartContext<'a, SVGBackend<'a>, Cartesian2d<SegmentedCoord<RangedCoordusize>, Y>>;

/// The axes, the bars from `floor` up, and each bar's value above it.
fn fill_bars<Y>(
    context: &mut BarContext<'_, Y>,
    chart: &Bars,
    floor: f64,
    value_ticks: usize,
) -> Result<(), Error>
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    context
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(chart.bars.len())
        .x_label_formatter(&|slot| match slot {
            SegmentValue::CenterOf(i) => chart.bars.get(*i).map_or(String::new(), |b| b.0.clone()),
            _ => String::new(),
        })
        .y_labels(value_ticks)
        // Faint lines at 2×, 3×, … each power of ten help read a log axis;
        // on a linear one they only add clutter.
        .y_max_light_lines(if chart.log { 10 } else { 0 })
        .y_label_formatter(&|value| axis_number(*value))
        .y_desc(chart.unit)
        .label_style((FONT, 13))
        .draw()?;
    let top_of = |value: f64| value.max(floor);
    context.draw_series(chart.bars.iter().enumerate().map(|(i, (_, value))| {
        let corners = [
            (SegmentValue::Exact(i), floor),
            (SegmentValue::Exact(i + 1), top_of(*value)),
        ];
        let mut bar = Rectangle::new(corners, BLUE.mix(0.7).filled());
        bar.set_margin(0, 0, 12, 12);
        bar
    }))?;
    let above = TextStyle::from((FONT, 13)).pos(Pos::new(HPos::Center, VPos::Bottom));
    context.draw_series(chart.bars.iter().enumerate().map(|(i, (_, value))| {
        // Anchored at the bar's top, then moved 3 pixels up.
        EmptyElement::at((SegmentValue::CenterOf(i), top_of(*value)))
            + Text::new((chart.value_label)(*value), (0, -3), above.clone())
    }))?;
    Ok(())
}

/// An axis value without needless digits: "0.1", "2.5", "20", "1,000".
fn axis_number(value: f64) -> String {
    // Three decimals are plenty on an axis, and rounding to them hides
    // float noise such as 999.9999999 for 1000.
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        let sign = if rounded < 0.0 { "-" } else { "" };
        return format!("{sign}{}", thousands(rounded.abs() as u64));
    }
    let text = format!("{rounded:.3}");
    text.trim_end_matches('0').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_is_an_svg_with_its_labels() {
        for log in [false, true] {
            let path = std::env::temp_dir().join(format!(
                "experiments-chart-{}-{log}.svg",
                std::process::id()
            ));
            let data = [("thread".to_string(), 60.0), ("fork".to_string(), 500.0)];
            let chart = Bars {
                title: "Cost per unit",
                unit: "µs",
                bars: &data,
                log,
                value_label: &|v| format!("{v} each"),
            };
            bars(&path, &chart).unwrap();
            let svg = std::fs::read_to_string(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            assert!(svg.starts_with("<svg"), "{svg}");
            for text in [
                "Cost per unit",
                "thread",
                "fork",
                "µs",
                "60 each",
                "500 each",
            ] {
                assert!(svg.contains(text), "{text} missing from the chart");
            }
        }
    }

    #[test]
    fn a_log_axis_labels_every_power_of_ten_it_spans() {
        let path = std::env::temp_dir().join(format!("experiments-log-{}.svg", std::process::id()));
        let data = [("task".to_string(), 0.261), ("exe".to_string(), 1087.0)];
        let chart = Bars {
            title: "t",
            unit: "µs",
            bars: &data,
            log: true,
            value_label: &|v| format!("{v}"),
        };
        bars(&path, &chart).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        for tick in ["0.1", "1", "10", "100", "1,000", "10,000"] {
            assert!(svg.contains(&format!(">\n{tick}\n<")), "no tick {tick}");
        }
    }

    #[test]
    fn one_slot_and_one_tick_per_bar() {
        for bars in 1..=7 {
            let ticks = bar_slots(bars).key_points(bars);
            let centres: Vec<usize> = ticks
                .iter()
                .map(|tick| match tick {
                    SegmentValue::CenterOf(i) => *i,
                    other => panic!("unexpected tick {other:?}"),
                })
                .collect();
            assert_eq!(centres, (0..bars).collect::<Vec<_>>());
            assert_eq!(bar_slots(bars).size(), bars + 1, "n slots and the end");
        }
    }

    #[test]
    fn log_axes_span_whole_decades() {
        assert_eq!(decades_around([0.25, 1084.0].into_iter()), (0.1, 10_000.0));
        assert_eq!(
            decades_around([-3.0, 464.0, 9_780.0].into_iter()),
            (100.0, 100_000.0)
        );
    }

    #[test]
    fn axis_numbers_drop_needless_digits() {
        assert_eq!(axis_number(0.1), "0.1");
        assert_eq!(axis_number(999.999_999_9), "1,000");
        assert_eq!(axis_number(2.5), "2.5");
        assert_eq!(axis_number(0.0), "0");
        assert_eq!(axis_number(20_000.0), "20,000");
    }
}
