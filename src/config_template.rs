//! The commented starter `mailaudit.toml` that `mailaudit init` writes.
//!
//! People follow it by removing the `# ` in front of an example, so every
//! example must still parse once uncommented, alone or all together: the tests
//! below do exactly that. TOML puts every key written after a `[table]` header
//! into that table, so table examples come last.

/// The starter file. Plain keys first, then the table examples.
pub const STARTER: &str = r##"# mailaudit.toml: settings for `mailaudit check` (docs/ci.md).
# Command-line flags override what is set here. Unknown keys are errors.
# To use an example, remove the "# " in front of each of its lines.

# Domains to check. Short form; [[domain]] at the end of this file is the long
# form, with per-domain selectors and sending IPs.
domains = ["example.com"]

# DKIM selectors and sending IPs used for every domain:
# selectors = ["k1"]
# ips = []

# DMARC aggregate reports (files or directories, relative to this file): the
# DKIM selectors receivers saw in them are tried too, and say where they come from.
# dmarc_reports = ["reports/dmarc"]

# Lowest severity that makes the exit code 1: "error", "warning", "info" or "never".
fail_on = "error"

# DNS: resolvers to ask (default: the system resolver), seconds per answer,
# extra attempts after a timeout, and a cap on queries per second so a run over
# hundreds of domains does not trip a resolver's rate limit.
# nameservers = ["192.0.2.53", "[2001:db8::53]:53"]
timeout = 5
retries = 1
# queries_per_second = 50

# How many domains are checked at once.
concurrency = 128

# Where your team hosts a copy of docs/codes.md: reports then link each finding
# code to its explanation there. Without it they name `mailaudit explain CODE`.
# docs_url = "https://wiki.example.com/mailaudit/codes.md"

# Tables come last, below every plain setting: in TOML, each key after a
# table line such as [[domain]] belongs to that table, so a setting written
# below an uncommented [[domain]] would become part of it (and be refused).

# Blocklists: set enabled = false for DNS posture only. `zones` replaces the built-in lists;
# entries are ZONE[=SPEC] as for `--blocklist-zone`, and "builtin" adds all built-in lists.
# [blocklists]
# enabled = true
# zones = ["builtin", "bl.example.net=ip,minor"]

# Long form of a domain, with its own DKIM selectors and sending IPs
# (one [[domain]] table per domain):
# [[domain]]
# name = "news.example.com"
# selectors = ["s1", "google"]   # tried before the built-in list
# ips = ["192.0.2.10"]           # evaluated against SPF, looked up on blocklists

# Findings to live with. `reason` is required; `domain` and `subject` narrow the rule.
# Ignored findings are still reported (as suppressed) but do not change the exit code.
# [[ignore]]
# code = "dns.temperror"
# domain = "example.com"
# reason = "Their DNS host rate-limits us; re-checked by hand every month (TICKET-123)."
"##;

#[cfg(test)]
mod tests {
    use super::STARTER;
    use crate::config::Config;

    /// A commented-out line of TOML (`# key = ...`, `# [table]`), as opposed
    /// to a line of prose.
    fn is_commented_toml(line: &str) -> bool {
        let Some(rest) = line.strip_prefix("# ") else {
            return false;
        };
        let key_end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let table = rest.starts_with('[') && rest.ends_with(']') && !rest.contains(' ');
        table || (key_end > 0 && rest[key_end..].trim_start().starts_with('='))
    }

    /// The examples of `template`: runs of consecutive commented-out TOML
    /// lines, as line-index ranges.
    fn examples(template: &str) -> Vec<std::ops::Range<usize>> {
        let lines: Vec<&str> = template.lines().collect();
        let mut examples = Vec::new();
        let mut start = None;
        for (i, line) in lines.iter().enumerate() {
            match (is_commented_toml(line), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    examples.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            examples.push(s..lines.len());
        }
        examples
    }

    /// `template` with the lines of `examples` uncommented.
    fn uncomment(template: &str, examples: &[std::ops::Range<usize>]) -> String {
        let mut out = String::new();
        for (i, line) in template.lines().enumerate() {
            let inside = examples.iter().any(|e| e.contains(&i));
            out.push_str(if inside { &line[2..] } else { line });
            out.push('\n');
        }
        out
    }

    /// Each example uncommented alone, then all of them: the parse errors.
    fn errors_when_followed(template: &str) -> Vec<String> {
        let examples = examples(template);
        let mut tries: Vec<(String, String)> = examples
            .iter()
            .map(|e| {
                (
                    template.lines().nth(e.start).unwrap_or("").to_string(),
                    uncomment(template, std::slice::from_ref(e)),
                )
            })
            .collect();
        tries.push(("every example".to_string(), uncomment(template, &examples)));
        tries
            .into_iter()
            .filter_map(|(name, text)| {
                Config::parse(&text, "mailaudit.toml")
                    .err()
                    .map(|e| format!("{name}: {e}"))
            })
            .collect()
    }

    #[test]
    fn starter_parses_as_written() {
        Config::parse(STARTER, "mailaudit.toml").expect("starter parses");
    }

    #[test]
    fn every_example_of_the_starter_parses_once_uncommented() {
        let found: Vec<String> = examples(STARTER)
            .iter()
            .map(|e| STARTER.lines().nth(e.start).unwrap_or("").to_string())
            .collect();
        // The examples are found (a change of comment style would find none
        // and prove nothing).
        for expected in [
            "# selectors",
            "# dmarc_reports",
            "# [blocklists]",
            "# [[domain]]",
            "# [[ignore]]",
        ] {
            assert!(
                found.iter().any(|l| l.starts_with(expected)),
                "{expected} not found in {found:?}"
            );
        }
        let errors = errors_when_followed(STARTER);
        assert!(errors.is_empty(), "{errors:#?}");
    }

    #[test]
    fn uncommented_examples_take_effect() {
        let all = uncomment(STARTER, &examples(STARTER));
        let config = Config::parse(&all, "mailaudit.toml").expect("every example parses");
        assert_eq!(config.domain_entries.len(), 1);
        assert_eq!(config.ignore.len(), 1);
        assert_eq!(config.blocklists.and_then(|b| b.enabled), Some(true));
        assert_eq!(config.selectors.len(), 1);
        assert!(config.docs_url.is_some());
    }

    #[test]
    fn the_full_example_in_docs_ci_md_parses() {
        let doc = include_str!("../docs/ci.md");
        let section = &doc[doc.find("## The config file").expect("config section")..];
        let start = section.find("```toml\n").expect("a toml block") + "```toml\n".len();
        let block = &section[start..start + section[start..].find("```").expect("closed block")];
        let config = Config::parse(block, "docs/ci.md").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.domain_entries.len(), 1);
        assert_eq!(config.ignore.len(), 1);
    }

    #[test]
    fn a_setting_below_a_table_example_is_caught() {
        // The starter as it was before issue 18: [[domain]] above fail_on.
        let template =
            "domains = [\"example.com\"]\n\n# [[domain]]\n# name = \"news.example.com\"\n\nfail_on = \"error\"\n";
        let errors = errors_when_followed(template);
        assert!(errors.iter().any(|e| e.contains("fail_on")), "{errors:?}");
    }
}
