//! The SPF section of the text report ("Records found").

use crate::check::spf::*;

impl SpfReport {
    /// Lines for the text report's "Records found" section.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match self.status {
            SpfStatus::Found => lines.push(self.record.clone().unwrap_or_default()),
            SpfStatus::MultipleRecords => {
                lines.push(format!("{} SPF records (only one is allowed):", self.records.len()));
                lines.extend(self.records.iter().map(|r| format!("  {r}")));
            }
            SpfStatus::Temperror => lines.push("(lookup failed; see dns.temperror)".into()),
            SpfStatus::Missing => lines.push("(none)".into()),
        }
        if self.status != SpfStatus::Found {
            return lines;
        }
        let over = if self.lookup_count > MAX_LOOKUPS {
            " - OVER THE LIMIT"
        } else {
            ""
        };
        let at_least = if self.walk_truncated { "at least " } else { "" };
        lines.push(format!(
            "DNS lookups: {at_least}{}/{}{over}",
            self.lookup_count, self.lookup_limit
        ));
        if let Some(tree) = &self.include_tree
            && !tree.children.is_empty()
        {
            lines.push("include tree (lookups: own / with everything below):".into());
            tree_lines(tree, 1, &mut lines);
        }
        if !self.void_lookups.is_empty() {
            let list: Vec<String> = self
                .void_lookups
                .iter()
                .map(|v| format!("{} in {}", v.term, v.domain))
                .collect();
            lines.push(format!(
                "void lookups: {}/{} ({})",
                self.void_lookup_count,
                MAX_VOID_LOOKUPS,
                list.join(", ")
            ));
        }
        lines.push(networks_summary(&self.authorized_networks));
        if !self.sender_dependent_terms.is_empty() {
            let list: Vec<String> = self.sender_dependent_terms.iter().map(|t| t.term.clone()).collect();
            lines.push(format!(
                "depends on the sender (macros; use --ip to evaluate): {}",
                list.join(", ")
            ));
        }
        for eval in &self.ip_evaluations {
            let line = match (&eval.decided_by, &eval.decided_in) {
                (Some(term), Some(domain)) if eval.path.len() > 1 => {
                    let via: Vec<&str> = eval.path[..eval.path.len() - 1]
                        .iter()
                        .map(|step| step.split_once(": ").map_or(step.as_str(), |(_, term)| term))
                        .collect();
                    format!(
                        "--ip {}: {} by `{term}` in {domain} (via {})",
                        eval.ip,
                        eval.result,
                        via.join(" → ")
                    )
                }
                (Some(term), Some(domain)) => format!("--ip {}: {} by `{term}` in {domain}", eval.ip, eval.result),
                _ => format!("--ip {}: {} ({})", eval.ip, eval.result, eval.explanation),
            };
            lines.push(line);
        }
        lines
    }
}

fn tree_lines(node: &SpfNode, depth: usize, lines: &mut Vec<String>) {
    if lines.len() > 60 {
        return;
    }
    for child in &node.children {
        let state = if child.state == "ok" {
            String::new()
        } else {
            format!(" [{}]", child.state.replace('_', " "))
        };
        lines.push(format!(
            "{}{} ({}/{}){state}",
            "  ".repeat(depth),
            child.term.clone().unwrap_or_else(|| child.domain.clone()),
            child.lookups,
            child.total_lookups
        ));
        tree_lines(child, depth + 1, lines);
    }
}

fn networks_summary(networks: &[AuthorizedNetwork]) -> String {
    if networks.is_empty() {
        return "authorised networks: none".into();
    }
    let v4_addresses: u64 = networks
        .iter()
        .filter_map(|n| n.network.parse::<ipnet::Ipv4Net>().ok())
        .map(|n| 1u64 << (32 - u32::from(n.prefix_len())))
        .sum();
    let v6 = networks.iter().filter(|n| n.network.contains(':')).count();
    let shown: Vec<&str> = networks.iter().take(8).map(|n| n.network.as_str()).collect();
    let more = if networks.len() > 8 {
        format!(", … {} more", networks.len() - 8)
    } else {
        String::new()
    };
    format!(
        "authorised networks: {} ({} IPv4 address{}, {} IPv6 range{}): {}{more}",
        networks.len(),
        v4_addresses,
        if v4_addresses == 1 { "" } else { "es" },
        v6,
        if v6 == 1 { "" } else { "s" },
        shown.join(", ")
    )
}
