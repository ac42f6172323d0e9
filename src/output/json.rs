//! `--format json`: the frozen, versioned wire format (docs/json.md).

use super::CheckFormatter;
use crate::check::DomainReport;
use crate::run::CheckRun;
use std::io::{self, Write};

pub struct JsonFormatter;

impl CheckFormatter for JsonFormatter {
    fn format(&self, run: &CheckRun) -> String {
        super::pretty_json(run)
    }
}

/// The JSON of a run written one domain at a time, as each is checked, so a
/// 10,000-domain run never holds every report: the same bytes as
/// [`JsonFormatter`] for the run with those domains. Only for runs whose
/// other parts are known before the domains are (no ignore rules hid
/// anything, no baseline).
pub struct JsonStream<W: Write> {
    out: W,
    /// What follows the domain list.
    tail: String,
    domains_written: usize,
}

/// Domains are elements of a list two levels deep.
const DOMAIN_INDENT: &[u8] = b"    ";

impl<W: Write> JsonStream<W> {
    /// Write what comes before the domains of `head` (a run without domains).
    pub fn start(mut out: W, head: &CheckRun) -> io::Result<Self> {
        let whole = serde_json::to_string_pretty(head)?;
        const EMPTY_LIST: &str = "\"domains\": []";
        let list_at = whole
            .find(EMPTY_LIST)
            .map(|at| at + EMPTY_LIST.len() - 2)
            .ok_or_else(|| io::Error::other("a run without domains has no empty domain list"))?;
        out.write_all(&whole.as_bytes()[..list_at])?;
        Ok(JsonStream {
            out,
            tail: format!("{}\n", &whole[list_at + 2..]),
            domains_written: 0,
        })
    }

    /// Write the next domain's report.
    pub fn domain(&mut self, report: &DomainReport) -> io::Result<()> {
        let opening: &[u8] = if self.domains_written == 0 { b"[\n" } else { b",\n" };
        self.out.write_all(opening)?;
        // Pretty JSON has no raw line break inside a string, so indenting
        // each line nests the report as the whole-run rendering does.
        let text = serde_json::to_string_pretty(report)?;
        for (i, line) in text.split('\n').enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(DOMAIN_INDENT)?;
            self.out.write_all(line.as_bytes())?;
        }
        self.domains_written += 1;
        Ok(())
    }

    /// Close the domain list and the run.
    pub fn finish(mut self) -> io::Result<W> {
        let closing: &[u8] = if self.domains_written == 0 { b"[]" } else { b"\n  ]" };
        self.out.write_all(closing)?;
        self.out.write_all(self.tail.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_the_whole_run_rendering() {
        let reports: Vec<DomainReport> = ["one.test", "two.test"]
            .iter()
            .map(|d| crate::testing::report_without_dns(d))
            .collect();
        for n in 0..=reports.len() {
            let whole = JsonFormatter.format(&CheckRun::new(reports[..n].to_vec()));
            let mut stream = JsonStream::start(Vec::new(), &CheckRun::new(vec![])).unwrap();
            for report in &reports[..n] {
                stream.domain(report).unwrap();
            }
            let streamed = String::from_utf8(stream.finish().unwrap()).unwrap();
            assert_eq!(streamed, whole, "{n} domains");
        }
    }
}
