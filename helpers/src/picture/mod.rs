//! Pictures of runs: a timeline per run, a comparison of runs, speed-up curves, a results table.
//!
//! ```
//! use helpers::{record, set_time_unit, work, Picture};
//! set_time_unit(std::time::Duration::from_millis(1));
//! let tokens = ["ab", "c"];
//! let (_, run) = record("sequential", &tokens, 1, || tokens.map(|t| work(t)));
//! let svg = run.timeline().svg();
//! assert!(svg.starts_with("<svg") && svg.contains("sequential"));
//! ```
//!
//! Each picture displays itself in an evcxr notebook when it is a cell's last value (through its
//! `evcxr_display` method) and saves to an SVG file from plain Rust. In a notebook it is an HTML
//! `<img>` holding the SVG (see [`Picture::html`]), which JupyterLab shows whether or not the reader
//! has run the notebook; a cell shows one of them (evcxr keeps one HTML block per cell).

use std::path::Path;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

const FONT: &str = "sans-serif";
const ROW_HEIGHT: u32 = 26;
// Fits the notebook's column in JupyterLab at a 1280-pixel-wide window, file browser open.
const WIDTH: u32 = 800;

mod comparison;
mod speedup;
mod table;
mod timeline;

pub use comparison::Comparison;
pub use speedup::SpeedupChart;
pub use table::ResultsTable;
pub use timeline::Timeline;

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// What a drawing step returns: plotting errors only come from the backend writing into a
/// `String` (see [`render`]).
type Drawn<T = ()> = Result<T, DrawingAreaErrorKind<std::io::Error>>;

/// A chart with seconds across and rows down: a timeline, a comparison.
type TimeChart<'a, 'b> =
    ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// The frame of a [`TimeChart`]: ticks and a caption on the time axis only, the rows unlabelled
/// (each picture writes its own row names); `tick_label` formats the times, else plotters does.
fn draw_time_axis(
    chart: &mut TimeChart,
    caption: &str,
    tick_label: Option<&dyn Fn(&f64) -> String>,
) -> Drawn {
    let mut mesh = chart.configure_mesh();
    mesh.label_style(font(12.0))
        .axis_desc_style(font(12.0))
        .disable_y_mesh()
        .y_labels(0)
        .x_desc(caption);
    if let Some(tick_label) = tick_label {
        mesh.x_label_formatter(tick_label);
    }
    mesh.draw()
}

/// Anything that draws itself as an SVG picture.
pub trait Picture {
    /// The SVG text.
    fn svg(&self) -> String;

    /// A sentence saying what the picture shows, for readers who cannot see it (its `alt` text).
    fn description(&self) -> String;

    /// Writes the SVG to `path`.
    fn save_svg(&self, path: impl AsRef<Path>) -> std::io::Result<()> {
        std::fs::write(path, self.svg())
    }

    /// The HTML a notebook shows: an `<img>` holding the SVG (see [`svg_as_img`]).
    fn html(&self) -> String {
        svg_as_img(&self.svg(), &self.description())
    }
}

/// Shows HTML in evcxr: one `text/html` block. Pictures show as an `<img>` whose source is the SVG
/// (see [`Picture::html`]).
///
/// Not the SVG itself: a notebook the reader has not run is untrusted, and JupyterLab's sanitizer
/// then strips `<svg>` from HTML (leaving its words as loose text) and shows nothing for an
/// `image/svg+xml` output. An image with a `data:` URL survives the sanitizer, run or not.
fn display_in_evcxr(html: &str) {
    println!("EVCXR_BEGIN_CONTENT text/html\n{html}\nEVCXR_END_CONTENT");
}

/// An HTML `<img>` showing `svg` at its own size (or narrower, in a narrow column).
pub fn svg_as_img(svg: &str, alt: &str) -> String {
    let attribute = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let width = svg_width(svg).map_or(String::new(), |w| format!(" width=\"{w}\""));
    format!(
        "<img src=\"data:image/svg+xml;base64,{}\"{width} alt=\"{}\" style=\"max-width:100%;height:auto\">",
        base64(svg.as_bytes()),
        attribute(alt)
    )
}

/// The `width` attribute of the outer `<svg>` element, if it has one.
fn svg_width(svg: &str) -> Option<u32> {
    let tag = &svg[svg.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    let value = &tag[tag.find(" width=\"")? + 8..];
    value[..value.find('"')?]
        .trim_end_matches("px")
        .parse()
        .ok()
}

/// Standard base64 with padding (RFC 4648): too small a job for another dependency.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            text.push(if i <= chunk.len() {
                ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char
            } else {
                '='
            });
        }
    }
    text
}

/// Shows an SVG file (a plot saved earlier, say by `make bench`) in an evcxr notebook.
pub fn show_svg_file(path: impl AsRef<Path>) -> std::io::Result<()> {
    let path = path.as_ref();
    let alt = path.file_stem().map_or(String::new(), |s| {
        s.to_string_lossy().replace(['_', '-'], " ")
    });
    display_in_evcxr(&svg_as_img(&std::fs::read_to_string(path)?, &alt));
    Ok(())
}

/// Renders with `draw`, which gets the whole canvas; plotting errors only come from the backend
/// writing into a `String`, which cannot fail, so they are bugs.
fn render(
    width: u32,
    height: u32,
    draw: impl FnOnce(&Area) -> Result<(), DrawingAreaErrorKind<std::io::Error>>,
) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).expect("fill a string canvas");
        draw(&root).expect("draw on a string canvas");
        root.present().expect("finish a string canvas");
    }
    svg
}

/// The Okabe-Ito palette, which people with any common colour-blindness can tell apart; darkest
/// and most distinct first. A picture needing more colours than these labels its marks instead.
const PALETTE: [RGBColor; 8] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(240, 228, 66),  // yellow
    RGBColor(0, 0, 0),       // black
];

fn palette_colour(index: usize) -> RGBColor {
    PALETTE[index % PALETTE.len()]
}

/// Text `pixels` high on screen. (plotters' SVG backend writes a font's size divided by 1.24.)
fn font(pixels: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, pixels * 1.24).into_font())
}

/// Writes `text` right-aligned just left of the plotting area, centred on the row at `y`.
fn row_label(
    root: &Area,
    at: (i32, i32),
    text: &str,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let style = font(13.0).pos(Pos::new(HPos::Right, VPos::Center));
    root.draw(&Text::new(text.to_string(), (at.0 - 6, at.1), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn svg_width_reads_the_outer_element() {
        assert_eq!(
            svg_width(r#"<svg width="800" height="9"><rect width="3"/></svg>"#),
            Some(800)
        );
        assert_eq!(
            svg_width(r#"<svg height="9"><rect width="3"/></svg>"#),
            None
        );
    }
}
