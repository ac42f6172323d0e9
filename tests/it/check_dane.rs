//! DANE TLSA records of the MX hosts, through the real binary against the
//! loopback DNS server (fixtures/zones/tls; `;@secure` names get the AD bit).

use crate::support;

use support::dns_server::TestDnsServer;
use support::{check_json, domain, findings_with_code};

#[test]
fn tlsa_records_are_reported_with_their_validation_state() {
    let server = TestDnsServer::start_dir("fixtures/zones/tls");
    let (_, run) = check_json(
        &server.addr_arg(),
        &["dane.tls.test", "--timeout", "2", "--fail-on", "never"],
    );
    let report = domain(&run, "dane.tls.test");
    let subjects = |code: &str| -> Vec<String> {
        let mut s: Vec<String> = findings_with_code(report, code)
            .iter()
            .map(|f| f["subject"].as_str().unwrap().to_string())
            .collect();
        s.sort();
        s
    };
    assert_eq!(
        subjects("dane.present"),
        ["mx.broken.tls.test", "mx.signed.tls.test", "mx.unsigned.tls.test"]
    );
    assert_eq!(subjects("dane.unsigned"), ["mx.unsigned.tls.test"]);
    assert_eq!(
        subjects("dane.invalid_record"),
        ["mx.broken.tls.test", "mx.broken.tls.test"]
    );
    let invalid: Vec<&str> = findings_with_code(report, "dane.invalid_record")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        invalid.iter().any(|m| m.contains("unknown certificate usage 7")),
        "{invalid:?}"
    );
    assert!(invalid.iter().any(|m| m.contains("8 bytes")), "{invalid:?}");
    assert_eq!(
        findings_with_code(report, "dane.invalid_record")[0]["severity"],
        "error"
    );
    assert!(
        findings_with_code(report, "dns.temperror")
            .iter()
            .any(|f| f["subject"] == "_25._tcp.mx.flaky.tls.test"),
        "a failed TLSA lookup is unknown, not absent: {report}"
    );

    let hosts = report["dane"].as_array().unwrap();
    let host = |name: &str| hosts.iter().find(|h| h["host"] == name).unwrap();
    let signed = host("mx.signed.tls.test");
    assert_eq!(signed["status"], "present");
    assert_eq!(signed["authenticated"], true);
    assert_eq!(signed["records"][0]["usage"], 3);
    assert_eq!(signed["records"][0]["selector"], 1);
    assert_eq!(signed["records"][0]["matching"], 1);
    assert_eq!(
        signed["records"][0]["data"],
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    );
    assert_eq!(host("mx.unsigned.tls.test")["authenticated"], false);
    assert_eq!(host("mx1.mail.tls.test")["status"], "absent");
    assert_eq!(host("mx.flaky.tls.test")["status"], "unknown");
}
