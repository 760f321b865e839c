//! Formatting shared by every section of the messages: durations.

pub fn fmt_secs(secs: i64) -> String {
    let secs = secs.max(0);
    if secs >= 60 {
        let (m, s) = (secs / 60, secs % 60);
        if s == 0 {
            format!("{m} min")
        } else {
            format!("{m} min {s} s")
        }
    } else {
        format!("{secs} s")
    }
}
