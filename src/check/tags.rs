//! Tag-value lists (`v=STSv1; id=20240101`), the syntax shared by DMARC, DKIM,
//! MTA-STS, TLS-RPT and BIMI records (RFC 6376 3.2), and fetching the TXT
//! records at a name that start with a version tag.
//!
//! `parse_tags` is the lenient reader MTA-STS, TLS-RPT and BIMI use (stops at
//! the first bad segment; duplicate tags allowed, first wins). DKIM and DMARC
//! use the stricter `dkim::record::parse_tag_list`, which lists every problem
//! and rejects duplicates and names not starting with a letter.

use crate::dns::{Dns, DnsFailure};

/// One `tag=value` pair. The name is lower-cased (receivers are lenient about
/// case), the value trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub value: String,
}

/// Split a record into tags. Empty segments (a trailing `;`) are skipped;
/// a segment without `=` is returned as an error naming it.
pub fn parse_tags(record: &str) -> Result<Vec<Tag>, String> {
    let mut tags = Vec::new();
    for segment in record.split(';') {
        let segment = segment.trim();
        if segment.is_empty() {
            continue;
        }
        let Some((name, value)) = segment.split_once('=') else {
            return Err(format!("`{segment}` is not a tag=value pair"));
        };
        let name = name.trim().to_ascii_lowercase();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{}` is not a valid tag name", name));
        }
        tags.push(Tag {
            name,
            value: value.trim().to_string(),
        });
    }
    Ok(tags)
}

/// The value of the first tag called `name`.
pub fn tag<'a>(tags: &'a [Tag], name: &str) -> Option<&'a str> {
    tags.iter().find(|t| t.name == name).map(|t| t.value.as_str())
}

/// The TXT records at `name` whose first tag is `v=<version>` (case-insensitive).
/// `Ok(vec![])` means definitely none; `Err` means the lookup failed.
pub async fn versioned_txt(dns: &Dns, name: &str, version: &str) -> Result<Vec<String>, DnsFailure> {
    let answer = dns.txt(name).await?;
    let prefix = format!("v={}", version.to_ascii_lowercase());
    Ok(answer
        .txt_strings()
        .into_iter()
        .filter(|txt| {
            let first = txt
                .split(';')
                .next()
                .unwrap_or("")
                .replace(' ', "")
                .to_ascii_lowercase();
            first == prefix
        })
        .collect())
}

/// A record of which a name may publish exactly one (MTA-STS, TLS-RPT, BIMI),
/// in the three states of a lookup.
pub enum SingleRecord {
    /// The lookup failed: the `dns.temperror` finding to report.
    Failed(crate::finding::Finding),
    /// Definitely none.
    Missing,
    /// The first record, plus a finding (of `syntax_code`) when several are
    /// published, which makes receivers ignore them all.
    Found {
        record: String,
        multiple: Option<crate::finding::Finding>,
    },
}

impl SingleRecord {
    /// The `status` field of a report section: `found`, `missing` or `unknown`.
    pub fn status(&self) -> super::RecordStatus {
        use super::RecordStatus;
        match self {
            SingleRecord::Failed(_) => RecordStatus::Unknown,
            SingleRecord::Missing => RecordStatus::Missing,
            SingleRecord::Found { .. } => RecordStatus::Found,
        }
    }
}

/// What a single-record check asks for.
pub struct SingleRecordSpec<'a> {
    /// The version tag the record starts with (`STSv1`).
    pub version: &'a str,
    /// Its name in messages (`MTA-STS`).
    pub what: &'a str,
    /// Who reads it and ignores several (`senders`).
    pub readers: &'a str,
    /// The finding code for several records.
    pub syntax_code: &'static crate::finding::Code,
}

/// Fetch the one record `spec` describes at `name`.
pub async fn single_record(dns: &Dns, name: &str, spec: &SingleRecordSpec<'_>) -> SingleRecord {
    let SingleRecordSpec {
        version,
        what,
        readers,
        syntax_code: _,
    } = spec;
    let records = match versioned_txt(dns, name, version).await {
        Ok(records) => records,
        Err(failure) => return SingleRecord::Failed(super::temperror(&failure, what)),
    };
    let Some(record) = records.first().cloned() else {
        return SingleRecord::Missing;
    };
    let multiple = (records.len() > 1).then(|| {
        crate::finding::Finding::new(
            spec.syntax_code,
            format!(
                "{} {what} records are published; {readers} ignore them all",
                records.len()
            ),
        )
        .evidence(records.join(" | "))
    });
    SingleRecord::Found { record, multiple }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        let t = parse_tags("v=STSv1; id=2024 ;").unwrap();
        assert_eq!(tag(&t, "id"), Some("2024"));
        assert_eq!(tag(&t, "v"), Some("STSv1"));
        assert!(parse_tags("v=STSv1; junk").is_err());
        let long = "a=b;".repeat(10_000);
        assert_eq!(parse_tags(&long).unwrap().len(), 10_000);
    }
}
