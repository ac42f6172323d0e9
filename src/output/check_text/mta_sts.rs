//! The MTA-STS section of the text report ("Records found").

use crate::check::mta_sts::*;

impl MtaStsReport {
    pub fn text_lines(&self) -> Vec<String> {
        if self.status == crate::check::RecordStatus::Unknown {
            return vec![crate::check::LOOKUP_FAILED_LINE.into()];
        }
        let Some(record) = &self.record else {
            return vec!["(none)".into()];
        };
        let Some(policy) = &self.policy else {
            return vec![format!("{record} (policy file not fetched)")];
        };
        let mut lines = vec![record.clone()];
        match policy.status {
            PolicyStatus::Unreachable | PolicyStatus::Unknown => lines.push(format!(
                "policy {}: cannot be fetched ({})",
                policy.url,
                policy.problems.join("; ")
            )),
            status => {
                lines.push(format!(
                    "policy: mode {}, max_age {}{}",
                    policy.mode.as_deref().unwrap_or("?"),
                    policy.max_age.map(|a| a.to_string()).unwrap_or_else(|| "?".into()),
                    if status == PolicyStatus::Invalid {
                        " (INVALID)"
                    } else {
                        ""
                    }
                ));
                lines.push(format!("mx patterns: {}", policy.mx.join(", ")));
                for c in &policy.coverage {
                    lines.push(match &c.pattern {
                        Some(p) => format!("MX {} covered by {p}", c.host),
                        None => format!("MX {} NOT covered", c.host),
                    });
                }
            }
        }
        lines
    }
}
