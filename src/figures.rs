//! How numbers and counts are written, the same in every report and every
//! format: `12,345`, `12.3%`, `1 file` / `2 files`. Below every other module,
//! so models (losses evidence, blocklist lines) and renderers share it.

/// `12,345`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// `12.3%` of `whole`, or `-` when there is nothing to divide by.
pub fn pct(part: u64, whole: u64) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", part as f64 * 100.0 / whole as f64)
    }
}

/// A rate already in percent, to two decimals: "<0.01%" for a tiny one, "-"
/// when unknown.
pub fn pct_or_dash(p: Option<f64>) -> String {
    match p {
        Some(p) if p > 0.0 && p < 0.01 => "<0.01%".into(),
        Some(p) => format!("{p:.2}%"),
        None => "-".into(),
    }
}

/// The plural ending of a regular noun: `""` for one, `"s"` otherwise.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `1 bounce`, `2,000 bounces`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_the_same_everywhere() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(pct(1, 3), "33.3%");
        assert_eq!(pct(1, 0), "-");
        assert_eq!(pct_or_dash(Some(0.004)), "<0.01%");
        assert_eq!(pct_or_dash(Some(0.0)), "0.00%");
        assert_eq!(pct_or_dash(None), "-");
        assert_eq!(format!("{} file{}", 1, plural(1)), "1 file");
        assert_eq!(count(2000, "file", "files"), "2,000 files");
        assert_eq!(count(1, "file", "files"), "1 file");
    }
}
