//! `losses --tls-reports`: failed TLS sessions to your MX become a loss line
//! and actions naming the failing MX and result type (fixtures/tls-reports:
//! 128 failed sessions; the largest is certificate-expired at mx1, 90).

use crate::support;

use support::{fixture, mailaudit, run_json};

#[test]
fn failed_tls_sessions_are_a_loss_with_actions() {
    let dir = fixture("tls-reports");
    let (code, json) = run_json(&["losses", "--tls-reports", dir.to_str().unwrap(), "--format", "json"]);
    // truncated.json is skipped, and a skipped input makes the run incomplete.
    assert_eq!(code, Some(3));
    let losses = &json["losses"];
    assert_eq!(losses["tls"]["failed_sessions"], 128);
    assert_eq!(losses["tls"]["successful_sessions"], 1940);
    assert_eq!(losses["inputs"]["tls_reports"], 4);
    let first = &losses["tls"]["failures"][0];
    assert_eq!(
        (
            first["receiving_mx"].as_str(),
            first["result_type"].as_str(),
            first["sessions"].as_u64()
        ),
        (Some("mx1.mail.shop.example"), Some("certificate-expired"), Some(90))
    );
    let actions = losses["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 3, "{actions:?}");
    assert_eq!(
        actions[0]["title"],
        "Fix TLS on mx1.mail.shop.example: certificate-expired (shop.example)"
    );
    assert!(actions[0]["why"].as_str().unwrap().contains("Renew the MX certificate"));
    assert_eq!(actions[0]["priority"], 1);
    assert_eq!(actions[2]["priority"], 3);

    let text = mailaudit()
        .args(["losses", "--tls-reports", dir.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("128 sessions to your MX failed TLS: mail was not delivered, or delivered unencrypted"),
        "{text}"
    );
    assert!(
        text.contains("Fix TLS on mx1.mail.shop.example: certificate-expired"),
        "{text}"
    );
}

#[test]
fn unreadable_tls_reports_alone_are_incomplete() {
    let file = fixture("tls-reports/truncated.json");
    let out = mailaudit()
        .args(["losses", "--tls-reports", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
}
