use super::*;
use crate::dns::DnsFailureKind;
use crate::dns::QueryType;
use crate::dns::fake::FakeDns;

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

async fn run(fake: FakeDns, domain: &str) -> (DmarcReport, Vec<Finding>) {
    check(&fake.into_dns(), domain).await
}

const GOOD: &str = "v=DMARC1; p=reject; rua=mailto:dmarc@example.com";

#[tokio::test]
async fn good_record_has_no_findings() {
    let (report, findings) = run(FakeDns::default().txt("_dmarc.example.com", GOOD), "example.com").await;
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(report.status, DmarcStatus::Found);
    assert_eq!(report.effective_policy, Some(Policy::Reject));
    assert!(report.text_lines()[1].contains("refused"));
}

#[tokio::test]
async fn missing_and_not_missing() {
    let (report, findings) = run(
        FakeDns::default().txt("_dmarc.example.com", "v=spf1 -all"),
        "example.com",
    )
    .await;
    assert_eq!(codes(&findings), vec!["dmarc.missing"]);
    assert_eq!(report.status, DmarcStatus::Missing);
    assert_eq!(findings[0].severity, Severity::Error);
}

#[tokio::test]
async fn subdomain_inherits_and_applies_sp() {
    let fake = FakeDns::default().txt(
        "_dmarc.example.com",
        "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com",
    );
    let (report, findings) = run(fake, "news.example.com").await;
    assert_eq!(report.status, DmarcStatus::Inherited);
    assert_eq!(report.inherited_from.as_deref(), Some("example.com"));
    assert_eq!(report.effective_policy, Some(Policy::None));
    assert_eq!(codes(&findings), vec!["dmarc.policy_none"]);
    assert!(findings[0].message.contains("inherits"), "{}", findings[0].message);
    assert!(report.notes[0].contains("sp=none applies"));

    // Without sp, p applies: reject, no finding.
    let fake = FakeDns::default().txt("_dmarc.example.com", GOOD);
    let (report, findings) = run(fake, "news.example.com").await;
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(report.effective_policy, Some(Policy::Reject));
}

#[tokio::test]
async fn sp_in_subdomain_record_means_nothing() {
    let fake = FakeDns::default()
        .txt(
            "_dmarc.news.example.com",
            "v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com",
        )
        .txt("_dmarc.example.com", "v=DMARC1; p=none");
    let (report, findings) = run(fake, "news.example.com").await;
    assert_eq!(report.status, DmarcStatus::Found);
    assert_eq!(report.effective_policy, Some(Policy::Reject));
    assert!(findings.is_empty(), "{findings:?}");
    assert!(report.notes[0].contains("does nothing"));
}

#[tokio::test]
async fn multiple_records() {
    let fake = FakeDns::default()
        .txt("_dmarc.example.com", GOOD)
        .txt("_dmarc.example.com", "v=DMARC1; p=none");
    let (report, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.multiple_records"]);
    assert_eq!(report.status, DmarcStatus::Multiple);
    assert_eq!(report.all_records.len(), 2);
}

#[tokio::test]
async fn temperror_is_not_missing() {
    let fake = FakeDns::default().fail("_dmarc.example.com", QueryType::Txt, DnsFailureKind::Timeout);
    let (report, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dns.temperror"]);
    assert_eq!(report.status, DmarcStatus::Unknown);
    assert!(findings[0].message.contains("_dmarc.example.com"));
    // The same for the organisational domain's record.
    let fake = FakeDns::default().fail("_dmarc.example.com", QueryType::Txt, DnsFailureKind::ServFail);
    let (_, findings) = run(fake, "a.example.com").await;
    assert_eq!(codes(&findings), vec!["dns.temperror"]);
}

#[tokio::test]
async fn pct_and_removed_tags() {
    let fake = FakeDns::default().txt(
        "_dmarc.example.com",
        "v=DMARC1; p=quarantine; pct=20; rua=mailto:d@example.com",
    );
    let (_, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.pct"]);
    let fake = FakeDns::default().txt(
        "_dmarc.example.com",
        "v=DMARC1; p=quarantine; pct=100; ri=3600; rua=mailto:d@example.com",
    );
    let (_, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.removed_tag"]);
    assert_eq!(findings[0].severity, Severity::Info);
    assert!(findings[0].message.contains("RFC 9989"));
}

#[tokio::test]
async fn unknown_tags_testing_syntax() {
    let fake = FakeDns::default().txt(
        "_dmarc.example.com",
        "v=DMARC1; p=reject; t=y; foo=bar; rua=mailto:d@example.com;",
    );
    let (_, findings) = run(fake, "example.com").await;
    let mut got = codes(&findings);
    got.sort();
    assert_eq!(got, vec!["dmarc.testing", "dmarc.unknown_tag"]);
    let fake = FakeDns::default().txt("_dmarc.example.com", "v=DMARC1; rua=mailto:d@example.com");
    let (report, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.syntax"]);
    assert!(findings[0].message.contains("no p="));
    assert!(report.text_lines()[1].contains("unreadable"));
}

#[tokio::test]
async fn lower_case_version_is_a_warning_and_empty_rua_is_no_rua() {
    let fake = FakeDns::default().txt("_dmarc.example.com", "v=dmarc1; p=reject; rua=");
    let (report, findings) = run(fake, "example.com").await;
    let mut got: Vec<(&str, Severity)> = findings.iter().map(|f| (f.code.as_str(), f.severity)).collect();
    got.sort();
    assert_eq!(
        got,
        vec![("dmarc.no_rua", Severity::Warning), ("dmarc.syntax", Severity::Warning)]
    );
    assert_eq!(report.effective_policy, Some(Policy::Reject));
}

#[tokio::test]
async fn inherited_multiple_records_name_the_organisational_domain() {
    let fake = FakeDns::default()
        .txt("_dmarc.example.com", GOOD)
        .txt("_dmarc.example.com", GOOD);
    let (report, findings) = run(fake, "shop.example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.multiple_records"]);
    assert!(
        findings[0].message.contains("inherits from example.com"),
        "{}",
        findings[0].message
    );
    assert_eq!(report.status, DmarcStatus::Multiple);
}

#[tokio::test]
async fn no_rua() {
    let fake = FakeDns::default().txt("_dmarc.example.com", "v=DMARC1; p=reject");
    let (_, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.no_rua"]);
}

#[tokio::test]
async fn external_report_authorisation() {
    let record =
        "v=DMARC1; p=reject; rua=mailto:a@reports.vendor.net,mailto:b@mail.example.com; ruf=mailto:f@other.org";
    let fake = FakeDns::default()
        .txt("_dmarc.example.com", record)
        // CNAMEs are followed by the resolver: the fake just answers.
        .txt("example.com._report._dmarc.reports.vendor.net", "v=DMARC1;");
    let (report, findings) = run(fake, "example.com").await;
    assert_eq!(codes(&findings), vec!["dmarc.external_rua_unauthorized"]);
    assert_eq!(findings[0].subject.as_deref(), Some("other.org"));
    assert!(findings[0].message.contains("silently dropped"));
    assert_eq!(report.rua[0].authorized, Some(true));
    assert!(!report.rua[1].external, "same organisation needs no authorisation");
    assert_eq!(report.ruf[0].authorized, Some(false));

    // A failed lookup is unknown, not unauthorised.
    let fake = FakeDns::default().txt("_dmarc.example.com", record).fail(
        "example.com._report._dmarc.reports.vendor.net",
        QueryType::Txt,
        DnsFailureKind::ServFail,
    );
    let (report, findings) = run(fake, "example.com").await;
    let mut got = codes(&findings);
    got.sort();
    assert_eq!(got, vec!["dmarc.external_rua_unauthorized", "dns.temperror"]);
    assert_eq!(report.rua[0].authorized, None);
}
