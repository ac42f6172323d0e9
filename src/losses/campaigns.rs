//! The sent count read from a campaigns export (CSV): the column is found by
//! name, never by position.

/// Column names accepted for the sent count in a campaigns CSV.
pub const SENT_COLUMNS: &[&str] = &[
    "sent",
    "emails_sent",
    "sent_count",
    "total_sent",
    "recipients",
    "send_count",
];

/// Sum the sent column of a campaigns export: (total, rows, column used).
pub fn sent_from_campaigns(text: &str) -> Result<(u64, usize, String), String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .clone();
    let column = headers
        .iter()
        .position(|h| SENT_COLUMNS.contains(&h.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str()))
        .ok_or_else(|| format!("no sent column; name one of: {}", SENT_COLUMNS.join(", ")))?;
    let mut total: u64 = 0;
    let mut rows = 0;
    for (i, row) in reader.records().enumerate() {
        let row = row.map_err(|e| format!("row {}: {e}", i + 2))?;
        let cell = row.get(column).unwrap_or("").trim();
        if cell.is_empty() {
            continue;
        }
        let digits: String = cell.chars().filter(|c| !matches!(c, ',' | ' ' | '_')).collect();
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("row {}: `{cell}` is not a whole number of emails", i + 2))?;
        total = total.checked_add(n).ok_or("the sent total is too large")?;
        rows += 1;
    }
    Ok((total, rows, headers[column].trim().to_string()))
}
