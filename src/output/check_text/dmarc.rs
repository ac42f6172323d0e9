//! The DMARC section of the text report ("Records found").

use crate::check::dmarc::record::Policy;
use crate::check::dmarc::*;

impl DmarcReport {
    /// Lines for the text report's "Records found" section.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match self.status {
            DmarcStatus::Unknown => return vec!["(unknown: the DNS lookup failed)".into()],
            DmarcStatus::Missing => return vec!["(none): no DMARC record, so no protection against spoofing".into()],
            DmarcStatus::Multiple => {
                lines.push(format!(
                    "{} records at {}: receivers ignore DMARC for this domain",
                    self.all_records.len(),
                    self.record_name.as_deref().unwrap_or("_dmarc")
                ));
                lines.extend(self.all_records.iter().cloned());
                return lines;
            }
            DmarcStatus::Found | DmarcStatus::Inherited => {}
        }
        lines.push(self.record.clone().unwrap_or_else(|| "(none)".into()));
        if let Some(from) = &self.inherited_from {
            lines.push(format!("No record of its own: covered by {from}'s record"));
        }
        match self.effective_policy {
            Some(policy) => {
                let mut line = format!("Policy: {} ({})", policy.as_str(), policy.in_words());
                if let Some(pct) = self.pct.filter(|p| *p < 100 && policy != Policy::None) {
                    line.push_str(&format!(", for {pct}% of failing mail"));
                }
                if self.testing && policy != Policy::None {
                    line.push_str(", in test mode (t=y)");
                }
                lines.push(line);
            }
            None => lines.push("Policy: unreadable (see the errors above)".into()),
        }
        if self.inherited_from.is_none()
            && let (Some(p), Some(sp)) = (self.policy, self.subdomain_policy)
            && p != sp
        {
            lines.push(format!("Subdomains: {} ({})", sp.as_str(), sp.in_words()));
        }
        if let Some(np) = self.nonexistent_subdomain_policy
            && Some(np) != self.effective_policy
        {
            lines.push(format!(
                "Subdomains that do not exist: {} ({})",
                np.as_str(),
                np.in_words()
            ));
        }
        if !self.organizational_domain.is_empty() && self.organizational_domain != self.psl_organizational_domain {
            lines.push(format!(
                "Organisational domain: {} by the RFC 9989 tree walk, {} by the Public Suffix List",
                self.organizational_domain, self.psl_organizational_domain
            ));
        }
        let describe = |list: &[ReportDestination]| -> String {
            list.iter()
                .map(|d| match d.authorized {
                    Some(false) => format!("{} (not authorised: reports dropped)", d.address),
                    _ => d.address.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.rua.is_empty() {
            lines.push("Reports: none requested".into());
        } else {
            lines.push(format!("Reports: daily summaries to {}", describe(&self.rua)));
        }
        if !self.ruf.is_empty() {
            lines.push(format!("Failure reports to {}", describe(&self.ruf)));
        }
        lines
    }
}
