//! Loss accounting on constructed bounce records; every expected number is
//! worked out by hand in the comments.

use super::*;
use crate::bounce::{BounceRecord, MessageKind, Reason};

fn rec(kind: MessageKind, recipient: Option<&str>, reason: Reason, hard: bool, mta: Option<&str>) -> BounceRecord {
    BounceRecord {
        source: "t".into(),
        kind,
        recipient: recipient.map(String::from),
        reason,
        hard,
        status: None,
        smtp_code: None,
        action: None,
        diagnostic: None,
        remote_mta: mta.map(String::from),
        reporting_mta: None,
        date: None,
        classified_by: "test".into(),
        original_message_id: None,
        original_from: None,
        original_to: None,
        original_subject: None,
    }
}

fn tally() -> BounceTally {
    use MessageKind::*;
    let mut t = BounceTally::default();
    for r in [
        rec(Bounce, Some("a@gmail.com"), Reason::UserUnknown, true, None),
        rec(Bounce, Some("b@gmail.com"), Reason::UserUnknown, true, None),
        rec(Bounce, Some("A@Gmail.com"), Reason::UserUnknown, true, None), // same contact as a@
        rec(
            Bounce,
            Some("c@outlook.com"),
            Reason::AuthFailure,
            true,
            Some("dns; outlook-com.olc.protection.outlook.com"),
        ),
        rec(
            Bounce,
            Some("d@corp.example"),
            Reason::AuthFailure,
            true,
            Some("dns; corp-example.mail.protection.outlook.com"),
        ),
        rec(Bounce, Some("e@yahoo.com"), Reason::MailboxFull, false, None),
        rec(Delay, Some("f@x.example"), Reason::RateLimited, false, None),
        rec(Complaint, Some("b@gmail.com"), Reason::Complaint, false, None),
        rec(Complaint, Some("g@yahoo.com"), Reason::Complaint, false, None),
        rec(Complaint, None, Reason::Complaint, false, None),
        rec(AutoReply, Some("h@x.example"), Reason::Undetermined, false, None),
    ] {
        t.add(&r);
    }
    t
}

fn options(sent: Option<u64>) -> LossOptions {
    LossOptions {
        sent,
        sent_source: sent.map(|_| "--sent".into()),
        have_bounces: true,
        ..Default::default()
    }
}

#[test]
fn contacts_are_unique_hard_bounces_and_complainers() {
    let r = build(&tally(), None, None, InputsRead::default(), &options(Some(1000)));
    // hard: a, b, c, d; complained: b, g (plus one without address); both: b.
    assert_eq!(r.contacts_lost.hard_bounced, 4);
    assert_eq!(r.contacts_lost.complained, 2);
    assert_eq!(r.contacts_lost.both, 1);
    assert_eq!(r.contacts_lost.total, 5);
    assert_eq!(r.contacts_lost.complaints_without_address, 1);
    // 3 unknown + 2 auth + 1 full; the delay and the auto-reply are not losses.
    assert_eq!(r.failed_messages, 6);
    assert_eq!(r.delayed_messages, 1);
    assert_eq!(r.complaints, 3);
}

#[test]
fn reasons_and_providers() {
    let r = build(&tally(), None, None, InputsRead::default(), &options(Some(1000)));
    let unknown = &r.by_reason[0];
    assert_eq!(unknown.reason, Reason::UserUnknown);
    assert_eq!((unknown.messages, unknown.contacts, unknown.hard), (3, 2, 3));
    assert_eq!(unknown.pct_of_sent, Some(0.3));
    let full = r.by_reason.iter().find(|x| x.reason == Reason::MailboxFull).unwrap();
    assert_eq!(full.hard, 0);
    // The corp.example address behind Microsoft's MX counts as Microsoft.
    let ms = r
        .by_provider
        .iter()
        .find(|p| p.provider.starts_with("Microsoft"))
        .unwrap();
    assert_eq!(ms.failed_messages, 2);
    assert_eq!(ms.reasons, vec![(Reason::AuthFailure, 2)]);
    assert_eq!(ms.pct_of_provider_volume, None);
    let google = r.by_provider.iter().find(|p| p.provider.starts_with("Gmail")).unwrap();
    assert_eq!((google.failed_messages, google.complaints), (3, 1));
}

#[test]
fn thresholds_are_flagged() {
    let r = build(&tally(), None, None, InputsRead::default(), &options(Some(1000)));
    let complaint = r.rates.iter().find(|x| x.name == "complaint_rate").unwrap();
    // 3 / 1000 = 0.30%: at Gmail's "never reach" line.
    assert_eq!(complaint.pct, Some(0.3));
    assert_eq!(complaint.status, RateStatus::Exceeded);
    let bounce = r.rates.iter().find(|x| x.name == "hard_bounce_rate").unwrap();
    // hard: 3 unknown + 2 auth = 5 / 1000 = 0.5%
    assert_eq!(bounce.pct, Some(0.5));
    assert_eq!(bounce.status, RateStatus::Ok);
    // Exceeded complaints come first among the actions even though fewer emails.
    assert!(r.actions[0].title.starts_with("Cut complaints"));
    assert_eq!(r.actions[0].priority, 1);
    // Then largest loss first: 3 dead addresses, 2 auth, 1 full.
    let titles: Vec<&str> = r.actions.iter().map(|a| a.title.as_str()).collect();
    assert!(titles[1].starts_with("Remove 2 dead addresses"), "{titles:?}");
    assert!(titles[2].starts_with("Fix authentication"), "{titles:?}");
    assert!(
        titles[3].starts_with("Stop mailing addresses whose mailbox"),
        "{titles:?}"
    );

    // 2 complaints in 1000 is 0.2%: a warning, not exceeded; 0 in 1000 is ok.
    let mut t = BounceTally::default();
    t.add(&rec(
        MessageKind::Complaint,
        Some("x@y.example"),
        Reason::Complaint,
        false,
        None,
    ));
    t.add(&rec(
        MessageKind::Complaint,
        Some("z@y.example"),
        Reason::Complaint,
        false,
        None,
    ));
    let r = build(&t, None, None, InputsRead::default(), &options(Some(1000)));
    assert_eq!(r.rates[0].status, RateStatus::Warning);
    let r = build(
        &BounceTally::default(),
        None,
        None,
        InputsRead::default(),
        &options(Some(1000)),
    );
    assert_eq!(r.rates[0].status, RateStatus::Ok);
    assert!(r.actions.is_empty());
}

#[test]
fn without_sent_volume_rates_are_not_computed() {
    let r = build(&tally(), None, None, InputsRead::default(), &options(None));
    assert!(
        r.rates
            .iter()
            .all(|x| x.pct.is_none() && x.status == RateStatus::NotComputed)
    );
    assert!(r.by_reason.iter().all(|x| x.pct_of_sent.is_none()));
    assert!(r.notes.iter().any(|n| n.contains("No sent volume")));
}

#[test]
fn no_values_no_money() {
    let r = build(&tally(), None, None, InputsRead::default(), &options(Some(1000)));
    assert!(r.money.is_none());
    assert!(r.notes.iter().any(|n| n.contains("counts and rates only")));
    let text = crate::output::losses_text::render(&r);
    let md = crate::output::losses_markdown::render(&r, &Default::default());
    for s in [&text, &md] {
        assert!(!s.contains("EUR") && !s.contains("USD") && !s.contains('$') && !s.contains('€'));
        assert!(!s.contains("Estimated loss"));
    }
}

#[test]
fn money_shows_arithmetic_and_rounds_once() {
    let mut o = options(Some(1000));
    o.value_per_contact = Some(money::Amount::parse("12.50").unwrap());
    o.value_per_email = Some(money::Amount::parse("0.0035").unwrap());
    o.currency = Some("EUR".into());
    let r = build(&tally(), None, None, InputsRead::default(), &o);
    let m = r.money.as_ref().unwrap();
    // 5 contacts × 12.5 = 62.50
    assert_eq!(m.lines[0].quantity, 5);
    assert_eq!(m.lines[0].amount, "62.50 EUR");
    assert_eq!(m.lines[0].arithmetic, "5 contacts × 12.5 EUR = 62.50 EUR");
    // 6 emails × 0.0035 = 0.021 → 0.02
    assert_eq!(m.lines[1].quantity, 6);
    assert_eq!(m.lines[1].amount, "0.02 EUR");
    assert!(m.lines[1].arithmetic.ends_with("= 6 emails × 0.0035 EUR = 0.02 EUR"));
    assert!(m.lines[0].assumption.contains("--value-per-contact"));

    // Only one value given: only that line.
    let mut o = options(None);
    o.value_per_email = Some(money::Amount::parse("2").unwrap());
    let r = build(&tally(), None, None, InputsRead::default(), &o);
    let m = r.money.unwrap();
    assert_eq!(m.lines.len(), 1);
    assert_eq!(m.lines[0].amount, "12.00");
}

fn fixture_summary() -> crate::dmarc_reports::Summary {
    let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/dmarc");
    crate::dmarc_reports::summarize(&crate::dmarc_reports::read_paths(&[dir]))
}

#[test]
fn dmarc_losses_count_own_sources_only() {
    let s = fixture_summary();
    let mut o = options(Some(1000));
    o.value_per_email = Some(money::Amount::parse("1").unwrap());
    let r = build(&tally(), Some(&s), None, InputsRead::default(), &o);
    let d = r.dmarc.as_ref().unwrap();
    // Own failing: 198.51.100.20 (quarantined 120 + 40, rejected 80) and 192.0.2.11 (quarantined 10).
    assert_eq!((d.own_quarantined, d.own_rejected), (170, 80));
    // The spoofer's 30 quarantined are not a loss.
    assert_eq!(
        (d.unknown_quarantined, d.unknown_rejected, d.unknown_sources),
        (30, 0, 1)
    );
    // With bounces given, rejections are already bounces: 6 + 170 = 176.
    assert_eq!(r.money.as_ref().unwrap().lines[0].quantity, 176);
    // Microsoft reported 385 messages; 2 failed there: 0.519...%.
    let ms = r
        .by_provider
        .iter()
        .find(|p| p.provider.starts_with("Microsoft"))
        .unwrap();
    assert_eq!(ms.dmarc_volume, Some(385));
    assert!((ms.pct_of_provider_volume.unwrap() - 200.0 / 385.0).abs() < 1e-9);
    // Own sources: 1100 + 240 + 60 = 1400 messages, failing 240 + 10 = 250.
    let own = r
        .rates
        .iter()
        .find(|x| x.name == "dmarc_fail_rate_own_sources")
        .unwrap();
    assert_eq!((own.numerator, own.denominator), (250, Some(1400)));
    assert_eq!(own.status, RateStatus::Exceeded);
    // Auth action: 2 bounces + 170 quarantined.
    let auth = r
        .actions
        .iter()
        .find(|a| a.title.starts_with("Fix authentication"))
        .unwrap();
    assert_eq!(auth.messages_affected, 172);
    assert!(
        auth.evidence
            .iter()
            .any(|e| e.contains("198.51.100.20") && e.contains("dkim:crm-mailer.example"))
    );

    // Without bounces, DMARC rejections count as lost: 0 + 170 + 80 = 250.
    let mut o2 = o.clone();
    o2.have_bounces = false;
    let r = build(&BounceTally::default(), Some(&s), None, InputsRead::default(), &o2);
    assert_eq!(r.money.unwrap().lines[0].quantity, 250);
}

#[tokio::test]
async fn check_findings_link_to_reasons() {
    use crate::finding::Finding;
    let s = fixture_summary();
    // A domain that exists with no records at all: the real check raises its missing-record findings.
    let dns = crate::dns::fake::FakeDns::default()
        .set("example.com", crate::dns::QueryType::Txt, vec![])
        .set("example.com", crate::dns::QueryType::Mx, vec![])
        .into_dns();
    let domain = crate::domain::normalize("example.com").unwrap();
    let mut check = crate::check::check_domain(&dns, &domain, &Default::default()).await;
    check
        .findings
        .push(Finding::new(&crate::blocklist::LISTED, "192.0.2.10 is listed").severity(Severity::Error));
    let auth_codes: Vec<String> = check
        .findings
        .iter()
        .filter(|f| {
            f.severity >= Severity::Warning
                && ["spf.", "dkim.", "dmarc."]
                    .iter()
                    .any(|p| f.code.as_str().starts_with(p))
        })
        .map(|f| f.code.to_string())
        .collect();
    assert!(
        !auth_codes.is_empty(),
        "the check raised no auth findings: {:?}",
        check.findings
    );
    let mut t = tally();
    t.add(&rec(
        MessageKind::Bounce,
        Some("q@x.example"),
        Reason::Blocked,
        true,
        None,
    ));
    let r = build(&t, Some(&s), Some(&check), InputsRead::default(), &options(Some(1000)));
    let auth = r.by_reason.iter().find(|x| x.reason == Reason::AuthFailure).unwrap();
    assert_eq!(auth.related_findings, auth_codes);
    // No MX or blocklist finding is offered as an authentication cause.
    assert!(
        auth.related_findings
            .iter()
            .all(|c| !c.starts_with("mx.") && !c.starts_with("blocklist."))
    );
    let blocked = r.by_reason.iter().find(|x| x.reason == Reason::Blocked).unwrap();
    assert_eq!(blocked.related_findings, ["blocklist.listed"]);
    let unknown = r.by_reason.iter().find(|x| x.reason == Reason::UserUnknown).unwrap();
    assert!(unknown.related_findings.is_empty());
    // The authentication action cites the findings.
    let action = r
        .actions
        .iter()
        .find(|a| a.title.starts_with("Fix authentication"))
        .unwrap();
    assert_eq!(action.related_findings, auth_codes);
    assert!(r.check.is_some());

    // Info findings are not causes.
    let mut quiet = check.clone();
    for f in &mut quiet.findings {
        f.severity = Severity::Info;
    }
    let r = build(&t, Some(&s), Some(&quiet), InputsRead::default(), &options(Some(1000)));
    assert!(r.by_reason.iter().all(|x| x.related_findings.is_empty()));
}

#[test]
fn campaigns_csv_sums_the_sent_column() {
    let csv = "Campaign,Date,Sent,Opens\nSpring,2026-03-01,\"12,000\",3000\nSummer,2026-06-01,8500,2000\nDraft,2026-07-01,,\n";
    assert_eq!(sent_from_campaigns(csv).unwrap(), (20_500, 2, "Sent".into()));
    assert!(
        sent_from_campaigns("name,opens\na,1\n")
            .unwrap_err()
            .contains("no sent column")
    );
    assert!(sent_from_campaigns("sent\n12.5\n").unwrap_err().contains("row 2"));
    assert_eq!(sent_from_campaigns("emails sent\n5\n").unwrap().0, 5);
}

#[test]
fn a_tiny_complaint_rate_reads_the_same_in_the_rates_and_the_actions() {
    let mut t = BounceTally::default();
    t.add(&rec(
        MessageKind::Complaint,
        Some("a@x.example"),
        Reason::Complaint,
        false,
        None,
    ));
    let r = build(&t, None, None, InputsRead::default(), &options(Some(100_000)));
    let rate = r.rates.iter().find(|x| x.name == "complaint_rate").unwrap();
    let shown = super::pct_or_dash(rate.pct);
    assert_eq!(shown, "<0.01%");
    let action = r
        .actions
        .iter()
        .find(|a| a.title.starts_with("Cut complaints"))
        .unwrap();
    assert!(
        action
            .evidence
            .iter()
            .any(|e| e.starts_with(&format!("complaint rate {shown} "))),
        "{:?}",
        action.evidence
    );
}

#[test]
fn with_a_domain_only_its_bounces_count() {
    let mut t = BounceTally::for_domain("sender.test");
    let from = |from: Option<&str>| BounceRecord {
        original_from: from.map(String::from),
        ..rec(
            MessageKind::Bounce,
            Some("b@x.example"),
            Reason::UserUnknown,
            true,
            None,
        )
    };
    t.add(&from(Some("News <news@mail.Sender.test>")));
    t.add(&from(Some("other@elsewhere.test")));
    t.add(&from(Some("x@notsender.test")));
    t.add(&from(None));
    let r = build(&t, None, None, InputsRead::default(), &options(Some(100)));
    assert_eq!(r.failed_messages, 1);
    let filter = r.domain_filter.unwrap();
    assert_eq!((filter.other_domains, filter.sender_unknown), (2, 1));
}
