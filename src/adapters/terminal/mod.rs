//! The terminal chat. Interactive on a TTY (ANSI, pasted multi-line text kept together), piped
//! otherwise (one line = one message, plain text, for scripts). In both, a block between two
//! lines of `"""` is one multi-line message, `#N` presses button N of the last replies, and
//! pushes (timer warnings, time-outs) are printed as they arrive. `/cv PATH` and `/jd PATH` read
//! the file (size-capped) and hand it to the engine as a document. Files a reply carries are saved
//! in the data directory (/export and /report files in `exports/`, the /progress chart as
//! `charts/chart.png`) and their full path printed.

pub mod render;

use crate::engine::Engine;
use crate::engine::event::{Inbound, Payload, Place, Platform, Sender, UserId};
use crate::engine::reply::{Content, Partial, Reply};
use render::Mode;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, BufReader};

pub struct Options {
    pub user: String,
    pub interactive: bool,
    /// Where files (/export, /report) are written (`exports/` in the data directory; created when
    /// first needed). Never the current directory, which may be anything (a checkout, say).
    pub export_dir: std::path::PathBuf,
    /// Where image replies (the /progress chart) are written: `charts/` in the data directory.
    pub chart_dir: std::path::PathBuf,
}

struct Out {
    mode: Mode,
    buttons: Vec<String>,
    export_dir: std::path::PathBuf,
    chart_dir: std::path::PathBuf,
}

impl Out {
    fn print(&mut self, replies: &[Reply], fresh: bool) {
        if fresh {
            self.buttons.clear();
        }
        let mut stdout = std::io::stdout().lock();
        for r in replies {
            let (text, payloads) = render::reply(r, self.mode, self.buttons.len());
            self.buttons.extend(payloads);
            let _ = writeln!(stdout, "{text}");
            let note = match &r.content {
                Content::File { name, bytes, .. } => {
                    let safe: String = name
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
                        .collect();
                    Some(save(
                        &self.export_dir,
                        if safe.is_empty() { "export.json" } else { &safe },
                        bytes,
                    ))
                }
                Content::Image { png, .. } => Some(save(&self.chart_dir, CHART_FILE, png)),
                Content::Text(_) => None,
            };
            if let Some(note) = note {
                let _ = writeln!(stdout, "{note}\n");
            }
        }
        let _ = stdout.flush();
    }
}

/// The name an image reply (the /progress chart) is saved under, replaced each time.
const CHART_FILE: &str = "chart.png";

/// Write a file a reply carries into `dir` (created when needed); the line saying where, with
/// the full path so the user can find it whatever directory they are in.
fn save(dir: &std::path::Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    let path = std::path::absolute(&path).unwrap_or(path);
    match std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, bytes)) {
        Ok(()) => crate::engine::messages::file_saved(&path.display().to_string()),
        Err(e) => crate::engine::messages::file_not_saved(&path.display().to_string(), &e.to_string()),
    }
}

fn prompt(mode: Mode) {
    if mode == Mode::Ansi {
        let mut s = std::io::stdout().lock();
        let _ = write!(s, "\x1b[1m›\x1b[0m ");
        let _ = s.flush();
    }
}

/// Lines from a byte stream: invalid UTF-8 is replaced (never fatal), and `next` is
/// cancel-safe (bytes read so far stay buffered), so it can be raced against a timer.
struct LineReader<R> {
    r: R,
    pending: Vec<u8>,
}

impl<R: tokio::io::AsyncBufRead + Unpin> LineReader<R> {
    async fn next(&mut self) -> Option<String> {
        loop {
            if let Some(i) = self.pending.iter().position(|b| *b == b'\n') {
                let mut line: Vec<u8> = self.pending.drain(..=i).collect();
                while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
                    line.pop();
                }
                return Some(String::from_utf8_lossy(&line).into_owned());
            }
            let n = match self.r.fill_buf().await {
                Ok([]) | Err(_) => {
                    if self.pending.is_empty() {
                        return None;
                    }
                    let rest = std::mem::take(&mut self.pending);
                    return Some(String::from_utf8_lossy(&rest).into_owned());
                }
                Ok(buf) => {
                    self.pending.extend_from_slice(buf);
                    buf.len()
                }
            };
            self.r.consume(n);
        }
    }
}

/// The most the terminal reads of a local file, as Telegram and Discord cap their downloads; the
/// engine applies its own, smaller limit for documents.
const MAX_LOCAL_FILE: u64 = 20 * 1024 * 1024;

/// `/cv PATH` or `/jd PATH`: the file as a document whose caption names the command (the engine
/// stores it as that). Other payloads pass unchanged; a path that names no readable file is the
/// line to print instead.
fn local_document(payload: Payload) -> Result<Payload, String> {
    use crate::engine::messages as m;
    use std::io::Read;
    let Payload::Command { name, args } = &payload else {
        return Ok(payload);
    };
    let Some(spec) = crate::engine::command_table::find(name).filter(|s| matches!(s.name, "cv" | "jd")) else {
        return Ok(payload);
    };
    let Some(path) = local_path(args) else {
        return Ok(payload);
    };
    let p = std::path::Path::new(path);
    let meta = match std::fs::metadata(p) {
        Ok(meta) if meta.is_file() => meta,
        _ => return Err(m::local_file_missing(path)),
    };
    if meta.len() > MAX_LOCAL_FILE {
        return Err(m::local_file_too_large(path, MAX_LOCAL_FILE as usize));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(p)
        .and_then(|f| f.take(MAX_LOCAL_FILE + 1).read_to_end(&mut bytes))
        .map_err(|e| m::local_file_unreadable(path, &e.kind().to_string()))?;
    if bytes.len() as u64 > MAX_LOCAL_FILE {
        return Err(m::local_file_too_large(path, MAX_LOCAL_FILE as usize));
    }
    Ok(Payload::Document {
        name: p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into()),
        mime: None,
        bytes,
        caption: Some(format!("/{}", spec.name)),
    })
}

/// The argument of `/cv` as a path: one word (or a quoted one) that names a file, or looks like
/// a path (a slash, or a document's extension). Pasted text and `delete` are not paths.
fn local_path(args: &str) -> Option<&str> {
    let a = args.trim();
    let a = a
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .or_else(|| a.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
        .unwrap_or(a);
    if a.is_empty() || a.contains('\n') || a.len() > 4096 {
        return None;
    }
    let lower = a.to_lowercase();
    let doc_ext = [".pdf", ".docx", ".doc", ".txt", ".md", ".markdown"]
        .iter()
        .any(|e| lower.ends_with(e));
    let looks = !a.contains(char::is_whitespace) && (a.contains('/') || a.contains('\\') || doc_ext);
    (looks || std::path::Path::new(a).is_file()).then_some(a)
}

/// Did the stream show the whole reply? (Its first words open the final text.)
fn streamed_in_full(r: &Reply, streamed: &str) -> bool {
    let fin = r.to_plain();
    let head: String = streamed.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
    let clean = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
    };
    let fin_words = clean(&fin).split_whitespace().collect::<Vec<_>>().join(" ");
    let head_words = clean(&head).split_whitespace().collect::<Vec<_>>().join(" ");
    !head_words.is_empty() && fin_words.starts_with(&head_words)
}

pub async fn run(engine: Engine, opts: Options) {
    let mode = if opts.interactive { Mode::Ansi } else { Mode::Plain };
    let out = Arc::new(Mutex::new(Out {
        mode,
        buttons: Vec::new(),
        export_dir: opts.export_dir.clone(),
        chart_dir: opts.chart_dir.clone(),
    }));
    let mut pushes = engine.subscribe(Platform::Terminal);
    let push_out = out.clone();
    // Every terminal user of a data directory shares the platform: show only this user's pushes.
    let me = UserId::new(Platform::Terminal, &opts.user);
    let push_task = tokio::spawn(async move {
        while let Some(p) = pushes.recv().await {
            if p.user != me {
                continue;
            }
            let mut o = push_out.lock().unwrap_or_else(|e| e.into_inner());
            if o.mode == Mode::Ansi {
                print!("\r");
            }
            o.print(&p.replies, false);
            prompt(o.mode);
        }
    });

    let sender = Sender {
        id: opts.user.clone(),
        display_name: opts.user.clone(),
    };
    let place = Place::direct(Platform::Terminal, opts.user.clone());
    let mut stdin = LineReader {
        r: BufReader::new(tokio::io::stdin()),
        pending: Vec::new(),
    };

    if opts.interactive {
        let replies = engine
            .handle(Inbound {
                sender: sender.clone(),
                place: place.clone(),
                payload: Payload::Command {
                    name: "start".into(),
                    args: String::new(),
                },
                at: engine.clock().now(),
            })
            .await;
        out.lock().unwrap_or_else(|e| e.into_inner()).print(&replies, true);
        prompt(mode);
    }

    while let Some(mut line) = stdin.next().await {
        if line.trim() == "\"\"\"" {
            // A multi-line block.
            let mut block = Vec::new();
            while let Some(l) = stdin.next().await {
                if l.trim() == "\"\"\"" {
                    break;
                }
                block.push(l);
            }
            line = block.join("\n");
        } else if opts.interactive {
            // Lines pasted together arrive within milliseconds: keep them as one message.
            while let Ok(Some(more)) = tokio::time::timeout(std::time::Duration::from_millis(30), stdin.next()).await {
                line.push('\n');
                line.push_str(&more);
            }
        }
        let trimmed = line.trim();
        if opts.interactive && matches!(trimmed, "/exit" | "/quit!" | "exit") {
            break;
        }
        let payload = match trimmed.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => {
                let o = out.lock().unwrap_or_else(|e| e.into_inner());
                match o.buttons.get(n.wrapping_sub(1)) {
                    Some(p) => Payload::Button(p.clone()),
                    None => Payload::Text(line.clone()),
                }
            }
            None => Inbound::payload_from_line(&line),
        };
        let payload = match local_document(payload) {
            Ok(p) => p,
            Err(note) => {
                println!("{note}\n");
                prompt(mode);
                continue;
            }
        };
        // Streamed replies print as they arrive; their final form then adds only what the
        // stream did not show (buttons), unless it replaced a stream that broke off.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Partial>();
        let printer = tokio::spawn(async move {
            let mut shown: Vec<(u32, String)> = Vec::new();
            while let Some(p) = rx.recv().await {
                let before = shown.iter().find(|(s, _)| *s == p.stream).map(|(_, t)| t.clone());
                let mut stdout = std::io::stdout().lock();
                match &before {
                    Some(prev) if p.text.starts_with(prev.as_str()) => {
                        let _ = write!(stdout, "{}", &p.text[prev.len()..]);
                    }
                    _ => {
                        let _ = write!(stdout, "{}", p.text);
                    }
                }
                let _ = stdout.flush();
                match shown.iter_mut().find(|(s, _)| *s == p.stream) {
                    Some(e) => e.1 = p.text,
                    None => shown.push((p.stream, p.text)),
                }
            }
            shown
        });
        let replies = engine
            .handle_streaming(
                Inbound {
                    sender: sender.clone(),
                    place: place.clone(),
                    payload,
                    at: engine.clock().now(),
                },
                Some(tx),
            )
            .await;
        let shown = printer.await.unwrap_or_default();
        let replies: Vec<Reply> = replies
            .into_iter()
            .map(|r| match r.stream {
                Some(id) if shown.iter().any(|(s, t)| *s == id && streamed_in_full(&r, t)) => {
                    println!();
                    Reply {
                        content: Content::Text(Default::default()),
                        ..r
                    }
                }
                Some(id) if shown.iter().any(|(s, _)| *s == id) => {
                    println!("\n{}", crate::engine::messages::STREAM_BROKE_OFF);
                    r
                }
                _ => r,
            })
            .collect();
        out.lock().unwrap_or_else(|e| e.into_inner()).print(&replies, true);
        prompt(mode);
    }
    push_task.abort();
}
