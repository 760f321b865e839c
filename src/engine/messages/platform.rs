//! Notices adapters send themselves (platform plumbing, not engine turns): downloads, private
//! replies, broken-off streams, expired buttons, the Discord answer modal and threads, the
//! terminal's image and file lines and saved files (exports, reports, charts).

use crate::scoring::text::plural;

pub const DOWNLOAD_FAILED: &str = "Sorry — I couldn't download that file (it may be over 20 MB, or the download failed). Please try again, or paste the text.";
pub const SENT_PRIVATELY: &str = "I've sent that to you in a private chat, since it's your personal data.";
pub const OPEN_PRIVATE_CHAT: &str = "That reply holds your personal data, so I only send it privately — open a private chat with me, press Start, then ask again there.";
pub const STREAM_BROKE_OFF: &str = "(the AI reply broke off; here is the offline coach's answer)";
/// A pressed button Telegram no longer ties to a message (shown as an alert).
pub const BUTTON_EXPIRED: &str = "This button has expired.";
/// The title of the modal Discord's `/answer` opens when given no text.
pub const DISCORD_ANSWER_MODAL_TITLE: &str = "Your answer";
/// The label of that modal's text field.
pub const DISCORD_ANSWER_FIELD_LABEL: &str = "Answer";
pub const DISCORD_NO_THREAD: &str = "I couldn't open a thread for your interview here (missing permission?). Send me /mock in a direct message instead.";

/// The terminal's marker for an image reply (the image itself is not shown), above its caption.
pub const TERMINAL_IMAGE: &str = "[image]";

/// The terminal's line for a file a reply carries, under its caption.
pub fn terminal_file(name: &str, bytes: usize) -> String {
    format!("[file: {name}, {}]", plural(bytes, "byte", "bytes"))
}

/// The terminal saved a file a reply carried (an /export, a /report, the /progress chart) at this
/// full path.
pub fn file_saved(path: &str) -> String {
    format!("(saved to {path})")
}

pub fn file_not_saved(path: &str, error: &str) -> String {
    format!("(could not save {path}: {error})")
}

/// The name of the Discord thread an interview runs in (the adapter cuts it to Discord's limit).
/// Who a booked interview's thread is named for (the push that opens it knows no name).
pub const DISCORD_BOOKED_THREAD_CANDIDATE: &str = "your booking";

pub fn discord_thread_name(candidate: &str) -> String {
    format!("Mock interview · {candidate}")
}

pub fn discord_thread_opened(thread: u64) -> String {
    format!("Your interview is ready in a private thread: <#{thread}>. Only you and I can read it.")
}

pub fn discord_public_thread_opened(thread: u64) -> String {
    format!(
        "Private threads aren't allowed in this channel, so your interview is in a public thread: <#{thread}>. Others can read your answers there; for privacy, send me /mock in a direct message instead."
    )
}
