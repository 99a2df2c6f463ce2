//! SVG charts drawn with plotters. Every chart shares a size and a style so
//! the book's figures look like one family.

use std::path::Path;

use plotters::coord::ranged1d::{SegmentedCoord, ValueFormatter};
use plotters::prelude::*;

pub const SIZE: (u32, u32) = (760, 420);
const FONT: &str = "sans-serif";

pub type ChartResult = Result<(), Box<dyn std::error::Error>>;

/// One bar per label; `log` draws the value axis on a log scale, for costs
/// that span orders of magnitude.
pub fn bars(
    path: &Path,
    title: &str,
    unit: &str,
    bars: &[(String, f64)],
    log: bool,
) -> ChartResult {
    let root = SVGBackend::new(path, SIZE).into_drawing_area();
    root.fill(&WHITE)?;
    let top = bars
        .iter()
        .map(|(_, v)| *v)
        .fold(0.0_f64, f64::max)
        .max(f64::MIN_POSITIVE);
    let labels: Vec<&str> = bars.iter().map(|(l, _)| l.as_str()).collect();
    let mut builder = ChartBuilder::on(&root);
    builder
        .caption(title, (FONT, 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(70);
    let x_range = (0..bars.len()).into_segmented();
    if log {
        let bottom = bars
            .iter()
            .map(|(_, v)| *v)
            .filter(|v| *v > 0.0)
            .fold(top, f64::min)
            / 2.0;
        let mut chart = builder.build_cartesian_2d(x_range, (bottom..top * 2.0).log_scale())?;
        draw_bars(&mut chart, &labels, unit, bars, bottom)?;
    } else {
        let mut chart = builder.build_cartesian_2d(x_range, 0.0..top * 1.15)?;
        draw_bars(&mut chart, &labels, unit, bars, 0.0)?;
    }
    root.present()?;
    Ok(())
}

fn draw_bars<Y>(
    chart: &mut ChartContext<
        '_,
        SVGBackend<'_>,
        Cartesian2d<SegmentedCoord<plotters::coord::types::RangedCoordusize>, Y>,
    >,
    labels: &[&str],
    unit: &str,
    bars: &[(String, f64)],
    floor: f64,
) -> ChartResult
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(labels.len() + 1)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => labels.get(*i).map_or(String::new(), |s| s.to_string()),
            _ => String::new(),
        })
        .y_desc(unit)
        .label_style((FONT, 13))
        .draw()?;
    chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), floor),
                (SegmentValue::Exact(i + 1), *v),
            ],
            BLUE.mix(0.7).filled(),
        );
        bar.set_margin(0, 0, 12, 12);
        bar
    }))?;
    Ok(())
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
            bars(&path, "Cost per unit", "µs", &data, log).unwrap();
            let svg = std::fs::read_to_string(&path).unwrap();
            std::fs::remove_file(&path).unwrap();
            assert!(svg.starts_with("<svg"), "{svg}");
            for text in ["Cost per unit", "thread", "fork", "µs"] {
                assert!(svg.contains(text), "{text} missing from the chart");
            }
        }
    }
}
