//! The changes model on constructed runs; expected values worked out by hand.

use super::*;
use crate::finding::Finding;
use crate::losses::{BounceTally, InputsRead, LossOptions, RateCheck, RateStatus};

fn previous(modified: Option<&str>) -> PreviousRun {
    PreviousRun {
        label: "prev.json".into(),
        run: Previous::Losses(Box::new(empty_report())),
        modified: modified.map(str::to_string),
    }
}

#[test]
fn parse_names_the_command_and_version_it_wanted() {
    let check = r#"{"schema_version":1,"domains":[{"domain":"a.test","verdict":{"status":"failing","summary":""},"findings":[]}]}"#;
    match parse(check, Command::Check, "f").unwrap() {
        Previous::Check(saved) => {
            assert_eq!(saved.run.domains[0].domain, "a.test");
            assert_eq!(saved.verdicts["a.test"], "failing");
        }
        other => panic!("{other:?}"),
    }
    let e = parse(check, Command::Losses, "f").unwrap_err().to_string();
    assert!(
        e.contains("saved `mailaudit check` run") && e.contains("`losses`"),
        "{e}"
    );
    let e = parse(r#"{"schema_version":1,"losses":{}}"#, Command::Check, "f").unwrap_err();
    assert!(matches!(e, PreviousError::WrongCommand { found: "losses", .. }), "{e}");
    // A losses object that is not a report: invalid, not a panic.
    let e = parse(r#"{"schema_version":1,"losses":{}}"#, Command::Losses, "f").unwrap_err();
    assert!(matches!(e, PreviousError::Invalid { .. }), "{e}");
    let e = parse(r#"{"schema_version":3,"domains":[]}"#, Command::Check, "f").unwrap_err();
    assert!(matches!(e, PreviousError::Version { found: 3, .. }), "{e}");
    let e = parse(r#"{"domains":[]}"#, Command::Check, "f").unwrap_err();
    assert!(matches!(e, PreviousError::NotARun { .. }), "{e}");
    assert!(matches!(
        parse("[1]", Command::Check, "f"),
        Err(PreviousError::NotARun { .. })
    ));
    assert!(matches!(
        parse("{", Command::Check, "f"),
        Err(PreviousError::NotJson { .. })
    ));
    assert!(matches!(
        parse(" \n", Command::Check, "f"),
        Err(PreviousError::Empty(_))
    ));
}

#[test]
fn check_changes_count_problems_verdicts_and_severities() {
    let text = r#"{"schema_version":1,"domains":[
            {"domain":"a.test","verdict":{"status":"ok","summary":""},"findings":[
                {"code":"spf.lookup_limit","severity":"error","message":"old"}]},
            {"domain":"old.test","findings":[]}]}"#;
    let Previous::Check(saved) = parse(text, Command::Check, "prev.json").unwrap() else {
        panic!("a check run")
    };
    let mut a = crate::testing::report_without_dns("a.test");
    a.findings = vec![Finding::new(&crate::dns::TEMPERROR, "timed out").subject("x")];
    a.verdict.status = crate::check::VerdictStatus::Incomplete;
    let mut b = crate::testing::report_without_dns("b.test");
    b.findings.clear();
    let c = for_check(&previous(Some("2026-11-20")), &saved, &[a, b]);
    assert_eq!(c.since.as_deref(), Some("2026-11-20"));
    assert_eq!(c.since_from, SinceFrom::FileModified);
    assert_eq!(codes(&c.new_problems), ["dns.temperror"]);
    // Gone during an incomplete audit: not verified as fixed.
    assert!(c.fixed_problems.is_empty());
    assert_eq!(codes(&c.unverified_problems), ["spf.lookup_limit"]);
    let figures = figures(&c);
    assert_eq!(
        figures,
        [
            ("verdict", "ok".into(), "incomplete".into(), Direction::Worse),
            ("errors", "1".into(), "0".into(), Direction::Better),
            ("warnings", "0".into(), "1".into(), Direction::Worse),
        ]
    );
    assert_eq!(c.domains_gone, ["old.test"]);
    assert_eq!(c.domains_added, ["b.test"]);
    assert_eq!(
        c.summary(),
        "1 new problem, 0 fixed, 1 gone but not verified, 3 figures moved"
    );
}

/// (figure, before, after, direction) of each movement.
fn figures(c: &Changes) -> Vec<(&str, String, String, Direction)> {
    c.moved
        .iter()
        .map(|m| (m.figure.as_str(), m.before.display(), m.after.display(), m.direction))
        .collect()
}

fn codes(problems: &[Problem]) -> Vec<&str> {
    problems.iter().map(|p| p.code.as_str()).collect()
}

fn empty_report() -> LossReport {
    let options = LossOptions {
        have_bounces: true,
        ..Default::default()
    };
    crate::losses::build(&BounceTally::default(), None, None, InputsRead::default(), &options)
}

fn rate(name: &str, pct: f64, status: RateStatus) -> RateCheck {
    RateCheck {
        name: name.into(),
        numerator: 0,
        denominator: Some(100),
        pct: Some(pct),
        status,
        threshold: "t".into(),
        note: String::new(),
    }
}

#[test]
fn losses_changes_match_problems_by_code_and_move_figures() {
    let mut before = empty_report();
    before.period = Some(crate::losses::Period {
        first: "2026-10-01".into(),
        last: "2026-10-31".into(),
    });
    before.rates = vec![
        rate("complaint_rate", 0.2, RateStatus::Warning),
        rate("hard_bounce_rate", 1.0, RateStatus::Ok),
        rate("dmarc_fail_rate_own_sources", 20.0, RateStatus::Exceeded),
    ];
    before.emails_lost.total = 100;
    before.contacts_lost.total = 40;
    let mut now = empty_report();
    // The complaint rate moved but is still over: no new or fixed problem.
    now.rates = vec![
        rate("complaint_rate", 0.25, RateStatus::Warning),
        rate("hard_bounce_rate", 3.0, RateStatus::Exceeded),
        rate("dmarc_fail_rate_own_sources", 2.5, RateStatus::Exceeded),
    ];
    now.emails_lost.total = 30;
    now.contacts_lost.total = 40;
    let c = for_losses(&previous(Some("2026-11-20")), &before, &now);
    assert_eq!(
        (c.since.as_deref(), c.since_from),
        (Some("2026-10-31"), SinceFrom::ReportPeriod)
    );
    assert_eq!(codes(&c.new_problems), ["rate.hard_bounce_rate"]);
    assert!(c.fixed_problems.is_empty());
    let figures = figures(&c);
    // Pass rate = 100 - fail rate: 80% -> 97.5%. Contacts lost did not move.
    // Bounce and complaint rates: lower is better.
    assert_eq!(
        figures,
        [
            ("dmarc_pass_rate", "80.00%".into(), "97.50%".into(), Direction::Better),
            ("rate.complaint_rate", "0.20%".into(), "0.25%".into(), Direction::Worse),
            (
                "rate.hard_bounce_rate",
                "1.00%".into(),
                "3.00%".into(),
                Direction::Worse
            ),
            ("emails_lost", "100".into(), "30".into(), Direction::Better),
        ]
    );
    // Backwards, the new problem is fixed and every figure moves the other way.
    let back = for_losses(&previous(None), &now, &before);
    assert_eq!(codes(&back.fixed_problems), ["rate.hard_bounce_rate"]);
    let flipped: Vec<_> = figures
        .into_iter()
        .map(|(name, was, is, direction)| {
            let other = if direction == Direction::Better {
                Direction::Worse
            } else {
                Direction::Better
            };
            (name, is, was, other)
        })
        .collect();
    assert_eq!(self::figures(&back), flipped);
    assert_eq!((back.since, back.since_from), (None, SinceFrom::Unknown));
}

#[test]
fn what_this_run_did_not_measure_is_neither_fixed_nor_moved() {
    let mut before = empty_report();
    before.by_reason = vec![crate::losses::ReasonLoss {
        reason: crate::bounce::Reason::UserUnknown,
        label: "Unknown user".into(),
        messages: 2,
        hard: 2,
        contacts: 2,
        pct_of_sent: None,
        related_findings: vec![],
        examples: vec![],
    }];
    before.rates = vec![rate("complaint_rate", 0.2, RateStatus::Warning)];
    before.complaints = 3;
    before.emails_lost.total = 2;
    // Now: no bounces and no sent volume given.
    let mut now = crate::losses::build(
        &BounceTally::default(),
        None,
        None,
        InputsRead::default(),
        &LossOptions::default(),
    );
    now.rates = vec![RateCheck {
        pct: None,
        status: RateStatus::NotComputed,
        ..rate("complaint_rate", 0.0, RateStatus::NotComputed)
    }];
    let c = for_losses(&previous(None), &before, &now);
    assert!(c.fixed_problems.is_empty(), "{:?}", c.fixed_problems);
    assert!(c.new_problems.is_empty());
    assert!(c.moved.is_empty(), "{:?}", c.moved);
    // With bounces in both runs, the same difference is a fix.
    let mut now_with_bounces = empty_report();
    now_with_bounces.rates = vec![rate("complaint_rate", 0.05, RateStatus::Ok)];
    let c = for_losses(&previous(None), &before, &now_with_bounces);
    assert_eq!(
        codes(&c.fixed_problems),
        ["rate.complaint_rate", "bounces.user_unknown"]
    );
    assert_eq!(
        figures(&c).iter().map(|f| f.0).collect::<Vec<_>>(),
        [
            "complaints",
            "rate.complaint_rate",
            "emails_lost",
            "bounces.user_unknown"
        ]
    );
}
