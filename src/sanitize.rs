//! Text from strangers, made safe for where it is shown. Renderers call
//! these; they do not decide how to show anything.

use std::borrow::Cow;

/// Replace control characters (ESC, BEL, CR, DEL, C1 controls...) with `?`
/// in text shown on a terminal or in a CI log, so a Reporting-MTA, a file
/// name or a TXT record cannot move the cursor, retitle the window or forge
/// a `::error::` line. Tabs stay; newlines become spaces (one item, one line).
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && c != '\t') || matches!(c, '\u{2028}' | '\u{2029}');
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                '\n' | '\r' => ' ',
                c if bad(c) => '?',
                c => c,
            })
            .collect(),
    )
}

/// [`for_terminal`] for a block of several lines: newlines are kept, every
/// other control character is replaced.
pub fn for_terminal_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.split('\n')
            .map(|line| for_terminal(line).into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// A CSV cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, TAB,
/// CR first) gets a leading `'` (OWASP "CSV injection"). Quoting is the csv
/// crate's job; this only defuses the content.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_replaced() {
        assert_eq!(for_terminal("mx\u{1b}]0;pwned\u{7}.example"), "mx?]0;pwned?.example");
        assert_eq!(for_terminal("a\r\nb\tc\u{9b}d"), "a  b\tc?d");
        assert!(matches!(for_terminal("plain ünïcode"), Cow::Borrowed(_)));
        assert_eq!(for_terminal_lines("one\u{1b}[2J\ntwo\n"), "one?[2J\ntwo\n");
    }

    #[test]
    fn formula_cells_are_defused() {
        for bad in ["=cmd|'/c calc'!a0@gmail.com", "+1", "-2", "@x", "\tx", "\rx"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("user@example.com"), "user@example.com");
        assert_eq!(csv_cell("\"+1+1\"@gmail.com"), "\"+1+1\"@gmail.com");
    }
}
