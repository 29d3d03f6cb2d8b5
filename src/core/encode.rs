//! Writing exported frames: numbered PNGs, an animated GIF with one global palette, an H.264 MP4 (yuv420p).

use crate::core::style::Rgba;
use image::RgbaImage;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Where an export's frames go, chosen by `--out`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// One PNG (a still).
    Png(PathBuf),
    /// A folder of numbered PNGs.
    Folder(PathBuf),
    Gif(PathBuf),
    Mp4(PathBuf),
}

impl Output {
    /// `.png` is one still, `.gif` and `.mp4` are animations, anything else is a folder.
    pub fn for_path(out: &Path) -> Output {
        let ext = out
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("png") => Output::Png(out.to_path_buf()),
            Some("gif") => Output::Gif(out.to_path_buf()),
            Some("mp4") => Output::Mp4(out.to_path_buf()),
            _ => Output::Folder(out.to_path_buf()),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Output::Png(p) | Output::Folder(p) | Output::Gif(p) | Output::Mp4(p) => p,
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub frames: usize,
    pub bytes: u64,
}

/// Receives frames one by one and finishes the file.
pub trait FrameSink: Send {
    fn push(&mut self, frame: &RgbaImage) -> Result<(), String>;
    /// Finishes the file; after an interruption this still leaves a valid file.
    fn finish(self: Box<Self>) -> Result<Written, String>;
}

fn io_error(path: &Path, e: impl std::fmt::Display) -> String {
    format!("cannot write {}: {e}", path.display())
}

/// Checks that an output can be written before any frame is drawn: its folder exists and
/// is writable.
pub fn check_writable(output: &Output) -> Result<(), String> {
    let folder = match output {
        Output::Folder(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
            dir.clone()
        }
        other => {
            let parent = other
                .path()
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf();
            if !parent.is_dir() {
                return Err(format!(
                    "the folder {} does not exist; create it or choose another --out",
                    parent.display()
                ));
            }
            parent
        }
    };
    let probe = folder.join(format!(".tideline-write-test-{}", std::process::id()));
    File::create(&probe)
        .and_then(|mut f| f.write_all(b"ok"))
        .map_err(|e| {
            format!(
                "cannot write into {}: {e}; choose another --out",
                folder.display()
            )
        })?;
    std::fs::remove_file(&probe).ok();
    Ok(())
}

/// Opens the sink for an output at `fps` frames a second.
pub fn open_sink(
    output: &Output,
    width: u32,
    height: u32,
    fps: f64,
    palette_hint: &[Rgba],
) -> Result<Box<dyn FrameSink>, String> {
    Ok(match output {
        Output::Png(path) => Box::new(PngSequence::single(path.clone())),
        Output::Folder(dir) => Box::new(PngSequence::folder(dir.clone())?),
        Output::Gif(path) => Box::new(GifSink::create(path, width, height, fps, palette_hint)?),
        Output::Mp4(path) => Box::new(Mp4Sink::create(path, width, height, fps)?),
    })
}

/// Writes a PNG atomically: a partly written file never has the final name.
pub fn write_png_atomic(image: &RgbaImage, path: &Path) -> Result<u64, String> {
    let tmp = path.with_extension("png.tmp");
    let rgb: image::RgbImage = image::buffer::ConvertBuffer::convert(image);
    rgb.save_with_format(&tmp, image::ImageFormat::Png)
        .map_err(|e| io_error(path, e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, e))?;
    Ok(std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
}

/// Numbered PNGs in a folder (`frame-00001.png`, ...), or one PNG.
pub struct PngSequence {
    target: PathBuf,
    single: bool,
    written: Written,
}

impl PngSequence {
    pub fn folder(dir: PathBuf) -> Result<PngSequence, String> {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the folder {}: {e}", dir.display()))?;
        Ok(PngSequence {
            target: dir,
            single: false,
            written: Written {
                frames: 0,
                bytes: 0,
            },
        })
    }

    pub fn single(path: PathBuf) -> PngSequence {
        PngSequence {
            target: path,
            single: true,
            written: Written {
                frames: 0,
                bytes: 0,
            },
        }
    }

    /// The name of frame `index` (0-based) in a folder.
    pub fn frame_name(index: usize) -> String {
        format!("frame-{:05}.png", index + 1)
    }
}

impl FrameSink for PngSequence {
    fn push(&mut self, frame: &RgbaImage) -> Result<(), String> {
        let path = if self.single {
            self.target.clone()
        } else {
            self.target
                .join(PngSequence::frame_name(self.written.frames))
        };
        self.written.bytes += write_png_atomic(frame, &path)?;
        self.written.frames += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Written, String> {
        Ok(self.written)
    }
}

/// An animated GIF with one palette for every frame: taken from the first frame and the
/// theme's colours, so colours do not flicker from frame to frame.
pub struct GifSink {
    path: PathBuf,
    encoder: Option<gif::Encoder<BufWriter<File>>>,
    width: u16,
    height: u16,
    delay_cs: u16,
    palette_hint: Vec<Rgba>,
    /// RGB555 to palette index, built from the first frame.
    lookup: Option<Vec<u8>>,
    /// The file, until the first frame gives the palette the header needs.
    pending_file: Option<File>,
    frames: usize,
}

impl GifSink {
    pub fn create(
        path: &Path,
        width: u32,
        height: u32,
        fps: f64,
        palette_hint: &[Rgba],
    ) -> Result<GifSink, String> {
        let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
            return Err(format!(
                "a GIF can be at most 65535 pixels wide and high, not {width}x{height}"
            ));
        };
        let file = File::create(path).map_err(|e| io_error(path, e))?;
        Ok(GifSink {
            path: path.to_path_buf(),
            encoder: None,
            width: w,
            height: h,
            delay_cs: ((100.0 / fps.max(1.0)).round() as u16).max(2),
            palette_hint: palette_hint.to_vec(),
            lookup: None,
            pending_file: Some(file),
            frames: 0,
        })
    }
}

impl FrameSink for GifSink {
    fn push(&mut self, frame: &RgbaImage) -> Result<(), String> {
        if frame.width() != self.width as u32 || frame.height() != self.height as u32 {
            return Err(format!(
                "frame {} is {}x{}, the GIF is {}x{}",
                self.frames + 1,
                frame.width(),
                frame.height(),
                self.width,
                self.height
            ));
        }
        if self.encoder.is_none() {
            let (palette, lookup) = build_palette(frame, &self.palette_hint);
            let file = self.pending_file.take().ok_or("the GIF file is gone")?;
            let mut encoder =
                gif::Encoder::new(BufWriter::new(file), self.width, self.height, &palette)
                    .map_err(|e| io_error(&self.path, e))?;
            encoder
                .set_repeat(gif::Repeat::Infinite)
                .map_err(|e| io_error(&self.path, e))?;
            self.encoder = Some(encoder);
            self.lookup = Some(lookup);
        }
        let lookup = self.lookup.as_ref().ok_or("no palette")?;
        let indices: Vec<u8> = frame
            .pixels()
            .map(|p| lookup[rgb555(p.0[0], p.0[1], p.0[2])])
            .collect();
        let mut gif_frame = gif::Frame {
            width: self.width,
            height: self.height,
            delay: self.delay_cs,
            buffer: std::borrow::Cow::Owned(indices),
            ..gif::Frame::default()
        };
        gif_frame.dispose = gif::DisposalMethod::Keep;
        self.encoder
            .as_mut()
            .ok_or("no encoder")?
            .write_frame(&gif_frame)
            .map_err(|e| io_error(&self.path, e))?;
        self.frames += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Written, String> {
        let path = self.path.clone();
        let frames = self.frames;
        if let Some(encoder) = self.encoder {
            let mut writer = encoder.into_inner().map_err(|e| io_error(&path, e))?;
            writer.flush().map_err(|e| io_error(&path, e))?;
        }
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Written { frames, bytes })
    }
}

fn rgb555(r: u8, g: u8, b: u8) -> usize {
    ((r as usize >> 3) << 10) | ((g as usize >> 3) << 5) | (b as usize >> 3)
}

/// A 256-colour palette learnt from a frame and the theme's colours, and a table from
/// every RGB555 colour to its nearest palette entry.
pub fn build_palette(frame: &RgbaImage, hint: &[Rgba]) -> (Vec<u8>, Vec<u8>) {
    let mut sample: Vec<u8> = Vec::with_capacity(frame.as_raw().len() + hint.len() * 4 * 64);
    sample.extend_from_slice(frame.as_raw());
    for colour in hint {
        let c = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        // Repeated, so the theme's exact colours win palette entries.
        for _ in 0..64 {
            sample.extend_from_slice(&[c(colour.r), c(colour.g), c(colour.b), 255]);
        }
    }
    for px in sample.chunks_exact_mut(4) {
        px[3] = 255;
    }
    let quant = color_quant::NeuQuant::new(10, 256, &sample);
    let palette = quant.color_map_rgb();
    let mut lookup = vec![0u8; 1 << 15];
    for (key, slot) in lookup.iter_mut().enumerate() {
        let r = (((key >> 10) & 31) << 3 | 4) as u8;
        let g = (((key >> 5) & 31) << 3 | 4) as u8;
        let b = ((key & 31) << 3 | 4) as u8;
        *slot = quant.index_of(&[r, g, b, 255]) as u8;
    }
    (palette, lookup)
}

/// H.264 video (openh264, yuv420p) in an MP4 file. Every frame is kept: no frame is skipped
/// for the bitrate.
pub struct Mp4Sink {
    path: PathBuf,
    encoder: openh264::encoder::Encoder,
    writer: Option<mp4::Mp4Writer<BufWriter<File>>>,
    file: Option<File>,
    width: u32,
    height: u32,
    fps: f64,
    frames: usize,
    track_started: bool,
}

/// The track's time units a second: divisible by the common frame rates.
const MP4_TIMESCALE: u32 = 90_000;

/// A bitrate that keeps a map's lines and text clean: about 0.12 bits a pixel a frame.
pub fn mp4_bitrate(width: u32, height: u32, fps: f64) -> u32 {
    let bps = width as f64 * height as f64 * fps * 0.12;
    bps.clamp(1_000_000.0, 50_000_000.0) as u32
}

impl Mp4Sink {
    pub fn create(path: &Path, width: u32, height: u32, fps: f64) -> Result<Mp4Sink, String> {
        use openh264::encoder::{
            BitRate, Encoder, EncoderConfig, FrameRate, IntraFramePeriod, RateControlMode,
            UsageType,
        };
        if !width.is_multiple_of(2) || !height.is_multiple_of(2) {
            return Err(format!(
                "H.264 in yuv420p needs an even width and height, not {width}x{height}; use --size {}x{}",
                width + width % 2,
                height + height % 2
            ));
        }
        if !(fps.is_finite() && fps > 0.0) {
            return Err(format!("--fps {fps} must be positive for a video"));
        }
        let config = EncoderConfig::new()
            .bitrate(BitRate::from_bps(mp4_bitrate(width, height, fps)))
            .max_frame_rate(FrameRate::from_hz(fps as f32))
            .rate_control_mode(RateControlMode::Bitrate)
            .usage_type(UsageType::ScreenContentRealTime)
            .skip_frames(false)
            .intra_frame_period(IntraFramePeriod::from_num_frames(
                (fps * 2.0).round().max(1.0) as u32,
            ));
        let encoder = Encoder::with_api_config(openh264::OpenH264API::from_source(), config)
            .map_err(|e| format!("the H.264 encoder could not start: {e}"))?;
        let file = File::create(path).map_err(|e| io_error(path, e))?;
        Ok(Mp4Sink {
            path: path.to_path_buf(),
            encoder,
            writer: None,
            file: Some(file),
            width,
            height,
            fps,
            frames: 0,
            track_started: false,
        })
    }

    fn start_time(&self, frame: usize) -> u64 {
        (frame as f64 * MP4_TIMESCALE as f64 / self.fps).round() as u64
    }
}

/// Splits Annex-B H.264 (start codes) into NAL units.
pub fn nal_units(stream: &[u8]) -> Vec<&[u8]> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 3 <= stream.len() {
        if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut units = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let mut end = starts.get(k + 1).map_or(stream.len(), |&next| next - 3);
        // A four-byte start code leaves a zero before the next unit.
        while end > start && stream[end - 1] == 0 && k + 1 < starts.len() {
            end -= 1;
        }
        if end > start {
            units.push(&stream[start..end]);
        }
    }
    units
}

impl FrameSink for Mp4Sink {
    fn push(&mut self, frame: &RgbaImage) -> Result<(), String> {
        use openh264::formats::{RgbaSliceU8, YUVBuffer};
        if frame.width() != self.width || frame.height() != self.height {
            return Err(format!(
                "frame {} is {}x{}, the video is {}x{}",
                self.frames + 1,
                frame.width(),
                frame.height(),
                self.width,
                self.height
            ));
        }
        let yuv = YUVBuffer::from_rgb_source(RgbaSliceU8::new(
            frame.as_raw(),
            (self.width as usize, self.height as usize),
        ));
        let encoded = self
            .encoder
            .encode(&yuv)
            .map_err(|e| format!("H.264 encoding failed at frame {}: {e}", self.frames + 1))?;
        let stream = encoded.to_vec();
        let is_sync = matches!(
            encoded.frame_type(),
            openh264::encoder::FrameType::IDR | openh264::encoder::FrameType::I
        );
        let units = nal_units(&stream);
        if !self.track_started {
            let sps = units
                .iter()
                .find(|u| u.first().is_some_and(|b| b & 0x1F == 7));
            let pps = units
                .iter()
                .find(|u| u.first().is_some_and(|b| b & 0x1F == 8));
            let (Some(sps), Some(pps)) = (sps, pps) else {
                return Err("the first H.264 frame has no SPS and PPS".into());
            };
            let file = self.file.take().ok_or("the MP4 file is gone")?;
            let mut writer = mp4::Mp4Writer::write_start(
                BufWriter::new(file),
                &mp4::Mp4Config {
                    major_brand: str::parse("isom").map_err(|_| "brand")?,
                    minor_version: 512,
                    compatible_brands: ["isom", "iso2", "avc1", "mp41"]
                        .iter()
                        .filter_map(|b| str::parse(b).ok())
                        .collect(),
                    timescale: 1000,
                },
            )
            .map_err(|e| io_error(&self.path, e))?;
            writer
                .add_track(&mp4::TrackConfig {
                    track_type: mp4::TrackType::Video,
                    timescale: MP4_TIMESCALE,
                    language: "und".into(),
                    media_conf: mp4::MediaConfig::AvcConfig(mp4::AvcConfig {
                        width: self.width as u16,
                        height: self.height as u16,
                        seq_param_set: sps.to_vec(),
                        pic_param_set: pps.to_vec(),
                    }),
                })
                .map_err(|e| io_error(&self.path, e))?;
            self.writer = Some(writer);
            self.track_started = true;
        }
        let mut sample = Vec::with_capacity(stream.len() + 16);
        for unit in units {
            let kind = unit.first().map_or(0, |b| b & 0x1F);
            if kind == 7 || kind == 8 {
                continue;
            }
            sample.extend_from_slice(&(unit.len() as u32).to_be_bytes());
            sample.extend_from_slice(unit);
        }
        let start = self.start_time(self.frames);
        let duration = (self.start_time(self.frames + 1) - start) as u32;
        self.writer
            .as_mut()
            .ok_or("no MP4 writer")?
            .write_sample(
                1,
                &mp4::Mp4Sample {
                    start_time: start,
                    duration,
                    rendering_offset: 0,
                    is_sync,
                    bytes: mp4::Bytes::from(sample),
                },
            )
            .map_err(|e| io_error(&self.path, e))?;
        self.frames += 1;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<Written, String> {
        let path = self.path.clone();
        let frames = self.frames;
        if let Some(mut writer) = self.writer {
            writer.write_end().map_err(|e| io_error(&path, e))?;
            writer
                .into_writer()
                .flush()
                .map_err(|e| io_error(&path, e))?;
        }
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        Ok(Written { frames, bytes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_output_kind_follows_the_extension() {
        assert_eq!(
            Output::for_path(Path::new("a.PNG")),
            Output::Png("a.PNG".into())
        );
        assert_eq!(
            Output::for_path(Path::new("a.gif")),
            Output::Gif("a.gif".into())
        );
        assert_eq!(
            Output::for_path(Path::new("x/a.mp4")),
            Output::Mp4("x/a.mp4".into())
        );
        assert_eq!(
            Output::for_path(Path::new("frames")),
            Output::Folder("frames".into())
        );
    }

    #[test]
    fn annex_b_streams_split_into_nal_units() {
        let stream = [
            0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5,
        ];
        let units = nal_units(&stream);
        assert_eq!(
            units,
            vec![&[0x67, 1, 2][..], &[0x68, 3][..], &[0x65, 4, 5][..]]
        );
    }

    #[test]
    fn the_palette_keeps_the_themes_colours() {
        let mut frame = RgbaImage::new(64, 64);
        for (x, _, p) in frame.enumerate_pixels_mut() {
            *p = image::Rgba([(x * 4) as u8, 100, 200, 255]);
        }
        let sea = Rgba::rgb(0xC9, 0xDC, 0xE8);
        let (palette, lookup) = build_palette(&frame, &[sea]);
        let i = lookup[rgb555(0xC9, 0xDC, 0xE8)] as usize;
        let got = &palette[i * 3..i * 3 + 3];
        let dist: i32 = got
            .iter()
            .zip([0xC9, 0xDC, 0xE8])
            .map(|(a, b)| (*a as i32 - b).abs())
            .max()
            .unwrap();
        assert!(dist <= 8, "the sea maps to {got:?}");
    }
}
