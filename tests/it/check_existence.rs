//! No false all-clear from `check`: a domain that does not exist gets a
//! spelling check, not setup advice; a domain whose every lookup failed was
//! not checked.

use crate::support;

use support::dns_server::{TestDnsServer, silent_server};
use support::{check_json, check_output};

#[test]
fn a_domain_that_does_not_exist_is_told_to_check_the_spelling_in_every_format() {
    let server = TestDnsServer::start_dir("fixtures/zones/existence");
    let ns = server.addr_arg();
    let (code, json) = check_json(&ns, &["typo.exists.test"]);
    assert_eq!(code, Some(1), "{json:#}");
    let domain = &json["domains"][0];
    assert_eq!(domain["verdict"]["status"], "failing");
    assert_eq!(
        domain["verdict"]["summary"],
        "typo.exists.test does not exist in DNS: check the spelling."
    );
    let codes = support::finding_codes(domain);
    assert_eq!(codes, ["domain.not_found", "domain.nonexistent_policy"], "{codes:?}");
    let policy = support::finding(domain, "domain.nonexistent_policy");
    assert!(
        policy["message"]
            .as_str()
            .unwrap()
            .contains("p=reject (np= of exists.test)"),
        "{policy}"
    );
    // Nothing to meet, and nothing marked met.
    assert!(
        domain["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "not_checked"),
        "{}",
        domain["requirements"]
    );
    // (SARIF lists every rule in its catalogue, so only its results would tell.)
    for format in ["text", "markdown", "html", "junit", "github"] {
        let (code, out) = check_output(&ns, &["typo.exists.test", "--format", format]);
        assert_eq!(code, Some(1), "{format}: {out}");
        assert!(
            out.contains("domain.not_found") || out.contains("does not exist in DNS"),
            "{format}: {out}"
        );
        for advice in [
            "spf.missing",
            "dmarc.missing",
            "dkim.missing",
            "mta_sts.missing",
            "tls_rpt.missing",
        ] {
            assert!(!out.contains(advice), "{format} gives setup advice {advice}: {out}");
        }
    }
}

#[test]
fn a_domain_whose_every_lookup_failed_says_nothing_could_be_checked() {
    let (addr, _guard) = silent_server();
    let (code, json) = check_json(&addr.to_string(), &["quiet.test", "--timeout", "0.3"]);
    assert_eq!(code, Some(3), "{json:#}");
    let verdict = &json["domains"][0]["verdict"];
    assert_eq!(verdict["status"], "incomplete");
    let summary = verdict["summary"].as_str().unwrap();
    assert!(
        summary.starts_with("Nothing could be checked for quiet.test"),
        "{summary}"
    );
    assert!(!summary.contains("No problems found"), "{summary}");
    assert!(support::finding_codes(&json["domains"][0]).contains(&"domain.nothing_checked".to_string()));
}
