//! Charts drawn from domain data into PNG bytes, in pure Rust: plotters draws into an RGB
//! buffer (its bitmap backend; text through ab_glyph with the DejaVu Sans font embedded from
//! `data/fonts/`, so no system font library is linked or searched), and `png` encodes it. Pure
//! and deterministic: the same data and labels give the same bytes. Only this module uses
//! plotters; the engine calls its functions and sends the bytes as an image.

pub mod progress;

pub use progress::{HEIGHT, Labels, WIDTH, progress};

/// Why a chart could not be made (the caller sends its text without the picture).
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded chart font could not be loaded")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the chart as PNG failed: {0}")]
    Encode(String),
}

/// The font family every chart's text uses (registered once, from the embedded file).
const FONT: &str = "sans-serif";

/// DejaVu Sans 2.37 (Bitstream Vera licence; `data/fonts/LICENSE-DejaVu.txt`).
static FONT_BYTES: &[u8] = include_bytes!("../../data/fonts/DejaVuSans.ttf");

/// Registers the embedded font with plotters the first time a chart is drawn.
fn ensure_font() -> Result<(), ChartError> {
    static READY: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *READY
        .get_or_init(|| plotters::style::register_font(FONT, plotters::style::FontStyle::Normal, FONT_BYTES).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

/// An 8-bit RGB buffer of `width` × `height` pixels as PNG bytes.
fn encode_png(rgb: &[u8], width: u32, height: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| ChartError::Encode(e.to_string()))?;
    writer
        .write_image_data(rgb)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    writer.finish().map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(out)
}

/// A plotters error (any backend) as ours.
fn draw_err(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}
