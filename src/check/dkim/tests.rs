use super::*;
use crate::dns::RecordData;
use crate::dns::fake::FakeDns;

const RSA_512: &str = include_str!("testdata/rsa512.b64");
const RSA_1024: &str = include_str!("testdata/rsa1024.b64");
const RSA_2048: &str = include_str!("testdata/rsa2048.b64");
const ED25519: &str = include_str!("testdata/ed25519-raw.b64");

fn key(p: &str) -> String {
    format!("v=DKIM1; k=rsa; p={}", p.trim())
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

const TREE: &str = "_domainkey.example.test";

/// The fake answers NXDOMAIN for unknown names; `_domainkey` exists
/// (NODATA) unless the test says otherwise, as it does above real keys.
async fn run(mut fake: FakeDns, selectors: &[&str]) -> (Vec<DkimKey>, Vec<Finding>) {
    if !fake.records.contains_key(&(TREE.to_string(), QueryType::Txt)) {
        fake = fake.set(TREE, QueryType::Txt, vec![]);
    }
    let given: Vec<String> = selectors.iter().map(|s| s.to_string()).collect();
    check(&fake.into_dns(), "example.test", &given, None).await
}

#[tokio::test]
async fn key_sizes() {
    let (keys, findings) = run(
        FakeDns::default()
            .txt("a._domainkey.example.test", &key(RSA_512))
            .txt("b._domainkey.example.test", &key(RSA_1024))
            .txt("c._domainkey.example.test", &key(RSA_2048))
            .txt(
                "d._domainkey.example.test",
                &format!("v=DKIM1; k=ed25519; p={}", ED25519.trim()),
            ),
        &["a", "b", "c", "d"],
    )
    .await;
    assert_eq!(keys.len(), 4);
    let by_selector = |s: &str| {
        findings
            .iter()
            .filter(|f| f.subject.as_deref() == Some(s))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        codes(&by_selector("a").into_iter().cloned().collect::<Vec<_>>()),
        vec!["dkim.weak_key"]
    );
    assert_eq!(
        codes(&by_selector("b").into_iter().cloned().collect::<Vec<_>>()),
        vec!["dkim.short_key"]
    );
    assert!(by_selector("c").is_empty());
    assert!(by_selector("d").is_empty());
    assert_eq!(keys[0].key_bits, Some(512));
    assert_eq!(keys[3].key_type, "ed25519");
    assert!(!codes(&findings).contains(&"dkim.missing"));
    let lines = text_lines(&keys);
    assert!(lines[1].contains("RSA 1024-bit"), "{lines:?}");
    assert!(lines[2].contains("RSA 2048-bit, good"), "{lines:?}");
}

#[tokio::test]
async fn missing_lists_selectors_and_uses_provider_hint() {
    let fake = FakeDns::default()
        .set(
            "example.test",
            QueryType::Mx,
            vec![RecordData::Mx {
                preference: 1,
                exchange: "aspmx.l.google.com".into(),
            }],
        )
        .txt("example.test", "v=spf1 include:_spf.google.com ~all");
    let (keys, findings) = run(fake, &["mine"]).await;
    assert!(keys.is_empty());
    assert_eq!(codes(&findings), vec!["dkim.missing"]);
    let f = &findings[0];
    assert!(f.message.contains("the selector you named (mine)"), "{}", f.message);
    assert!(f.message.contains("Google Workspace"), "{}", f.message);
    assert!(f.evidence.as_deref().unwrap().contains("mine, google, selector1"));
}

#[tokio::test]
async fn guessed_selectors_without_a_key_are_unknown_not_missing() {
    let (keys, findings) = run(FakeDns::default(), &[]).await;
    assert!(keys.is_empty());
    assert_eq!(codes(&findings), vec!["dkim.unknown"]);
    assert_eq!(findings[0].severity, Severity::Info);
    assert!(findings[0].message.contains("cannot prove"), "{}", findings[0].message);
    assert!(findings[0].fix.as_deref().unwrap().contains("--selector"));
}

#[tokio::test]
async fn nxdomain_domainkey_is_missing_and_skips_the_guesses() {
    // Nothing set: `_domainkey.example.test` is NXDOMAIN (RFC 8020).
    let dns = FakeDns::default().into_dns();
    let (keys, findings) = check(&dns, "example.test", &["mine".to_string()], None).await;
    assert!(keys.is_empty());
    assert_eq!(codes(&findings), vec!["dkim.missing"]);
    assert!(findings[0].message.contains("RFC 8020"), "{}", findings[0].message);
    assert!(
        findings[0].message.contains("guesses were skipped"),
        "{}",
        findings[0].message
    );
    // The tree name, plus MX and TXT for provider hints: no selector asked.
    assert_eq!(dns.queries_made(), 3);
}

#[tokio::test]
async fn failed_lookup_is_not_missing() {
    let (keys, findings) = run(
        FakeDns::default().fail("sel._domainkey.example.test", QueryType::Txt, DnsFailureKind::ServFail),
        &["sel"],
    )
    .await;
    assert!(keys.is_empty());
    assert_eq!(codes(&findings), vec!["dns.temperror"]);
    assert!(findings[0].message.contains("sel._domainkey.example.test"));
    assert!(findings[0].message.contains("unknown"));
}

#[tokio::test]
async fn testing_revoked_and_syntax() {
    let (_, findings) = run(
        FakeDns::default()
            .txt(
                "t._domainkey.example.test",
                &format!("v=DKIM1; t=y; p={}", RSA_2048.trim()),
            )
            .txt(
                "n._domainkey.example.test",
                &format!("v=DKIM1; t=s; p={}", RSA_2048.trim()),
            )
            .txt("old._domainkey.example.test", "v=DKIM1; p=")
            .txt("bad._domainkey.example.test", "v=DKIM1; p=@@@"),
        &["t", "n", "old", "bad"],
    )
    .await;
    let pairs: Vec<(&str, &str, Severity)> = findings
        .iter()
        .map(|f| (f.code.as_str(), f.subject.as_deref().unwrap_or(""), f.severity))
        .collect();
    assert!(pairs.contains(&("dkim.testing", "t", Severity::Warning)));
    assert!(!pairs.iter().any(|p| p.1 == "n"));
    // Another key works, so the revoked one is only a note.
    assert!(pairs.contains(&("dkim.revoked", "old", Severity::Info)));
    assert!(pairs.contains(&("dkim.syntax", "bad", Severity::Error)));
}

#[tokio::test]
async fn only_revoked_key_is_a_warning() {
    let (_, findings) = run(
        FakeDns::default().txt("old._domainkey.example.test", "v=DKIM1; p="),
        &["old"],
    )
    .await;
    assert_eq!(codes(&findings), vec!["dkim.revoked"]);
    assert_eq!(findings[0].severity, Severity::Warning);
}

#[tokio::test]
async fn wildcard_spf_at_selector_is_not_a_key() {
    let (keys, findings) = run(
        FakeDns::default().txt("x._domainkey.example.test", "v=spf1 -all"),
        &["x"],
    )
    .await;
    assert!(keys.is_empty());
    assert_eq!(codes(&findings), vec!["dkim.missing"]);
}

#[tokio::test]
async fn wildcard_is_reported_once() {
    let mut fake = FakeDns::default();
    for s in COMMON_SELECTORS {
        fake = fake.txt(&format!("{s}._domainkey.example.test"), "v=DKIM1; p=");
    }
    let (keys, findings) = run(fake, &[]).await;
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].selector, "*");
    assert_eq!(keys[0].source, "wildcard");
    assert_eq!(codes(&findings), vec!["dkim.revoked"]);
    // Two selectors sharing one key (a rotation pair) is not a wildcard.
    let p = key(RSA_2048);
    let fake = FakeDns::default()
        .txt("selector1._domainkey.example.test", &p)
        .txt("selector2._domainkey.example.test", &p);
    let (keys, _) = run(fake, &[]).await;
    assert_eq!(keys.len(), 2);
}

#[test]
fn selector_list() {
    let list = selectors_to_try(
        &["S1._domainkey.example.test".into(), "mine".into(), "mine".into()],
        &["mine", "seen1"],
    );
    assert_eq!(list[0], ("s1".to_string(), "selector_option"));
    assert_eq!(list[1], ("mine".to_string(), "selector_option"));
    assert_eq!(list[2], ("seen1".to_string(), "dmarc_reports"));
    assert_eq!(list.iter().filter(|(s, _)| s == "s1").count(), 1);
    for s in [
        "google",
        "selector1",
        "selector2",
        "k1",
        "k2",
        "k3",
        "s2",
        "default",
        "dkim",
        "mail",
    ] {
        assert!(list.iter().any(|(x, _)| x == s), "{s}");
    }
}
