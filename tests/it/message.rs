//! `mailaudit message` through the real binary against the loopback DNS
//! server. Keys (RSA-2048, RSA-1024, RSA-512, Ed25519) are generated here,
//! their public halves served from an inline zone; messages are signed both
//! by mail-auth's signer and by `rfc_sign`, a signer written from RFC 6376 /
//! RFC 8463 in this file, so the verifier is not only checked against itself.

use crate::support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;
use support::dns_server::TestDnsServer;
use support::{finding_codes, findings_with_code, mailaudit};

struct Keys {
    rsa2048: rsa::RsaPrivateKey,
    rsa1024: rsa::RsaPrivateKey,
    rsa512: rsa::RsaPrivateKey,
    ed25519: ed25519_dalek::SigningKey,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rsa::rand_core::OsRng;
        let mut seed = [0u8; 32];
        rsa::rand_core::RngCore::fill_bytes(&mut rng, &mut seed);
        Keys {
            rsa2048: rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            rsa1024: rsa::RsaPrivateKey::new(&mut rng, 1024).unwrap(),
            rsa512: rsa::RsaPrivateKey::new(&mut rng, 512).unwrap(),
            ed25519: ed25519_dalek::SigningKey::from_bytes(&seed),
        }
    })
}

fn rsa_p(key: &rsa::RsaPrivateKey) -> String {
    use rsa::pkcs8::EncodePublicKey;
    B64.encode(key.to_public_key().to_public_key_der().unwrap().as_bytes())
}

/// A TXT value split into quoted strings of at most 255 octets.
fn txt(value: &str) -> String {
    value
        .as_bytes()
        .chunks(250)
        .map(|c| format!("\"{}\"", std::str::from_utf8(c).unwrap()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn zone() -> String {
    let k = keys();
    let rsa2048 = txt(&format!("v=DKIM1; k=rsa; p={}", rsa_p(&k.rsa2048)));
    let rsa1024 = txt(&format!("v=DKIM1; k=rsa; p={}", rsa_p(&k.rsa1024)));
    let rsa512 = txt(&format!("v=DKIM1; k=rsa; p={}", rsa_p(&k.rsa512)));
    let ed = txt(&format!(
        "v=DKIM1; k=ed25519; p={}",
        B64.encode(k.ed25519.verifying_key().to_bytes())
    ));
    format!(
        "$ORIGIN test.\n$TTL 300\n\
         @ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300\n\
         ;@servfail broken._domainkey.shop.test.\n\
         _dmarc.shop IN TXT \"v=DMARC1; p=reject\"\n\
         _dmarc.strict IN TXT \"v=DMARC1; p=reject; adkim=s; aspf=s\"\n\
         bounce.shop IN TXT \"v=spf1 ip4:192.0.2.10 -all\"\n\
         rsa._domainkey.shop IN TXT {rsa2048}\n\
         rsa._domainkey.mail.shop IN TXT {rsa2048}\n\
         rsa._domainkey.mail.strict IN TXT {rsa2048}\n\
         rsa._domainkey.esp IN TXT {rsa2048}\n\
         small._domainkey.shop IN TXT {rsa1024}\n\
         tiny._domainkey.shop IN TXT {rsa512}\n\
         ed._domainkey.shop IN TXT {ed}\n"
    )
}

fn server() -> TestDnsServer {
    let dbl = std::fs::read_to_string(support::fixture("zones/blocklist/dbl.zone")).unwrap();
    TestDnsServer::start_text(&[&zone(), &dbl])
}

const DBL: &str = "dbl.bl.test=spamhaus-dbl";

/// A campaign as an ESP would send it, with CRLF line ends.
struct Campaign {
    from: String,
    return_path: Option<String>,
    subject: String,
    headers: Vec<String>,
    html: String,
    text: Option<String>,
}

impl Default for Campaign {
    fn default() -> Self {
        Campaign {
            from: "Shop News <news@shop.test>".into(),
            return_path: Some("<b-123@bounce.shop.test>".into()),
            subject: "Winter sale".into(),
            headers: vec![
                "List-Unsubscribe: <https://shop.test/u/123>, <mailto:u@shop.test>".into(),
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click".into(),
            ],
            html: "<p>Winter sale at <a href=\"https://shop.test/sale\">Shop News</a>.</p>\
                   <p>Shop News, 100 Main Street, Springfield, IL 62701. <a href=\"https://shop.test/u/123\">Unsubscribe</a></p>"
                .into(),
            text: Some("Winter sale: https://shop.test/sale\nShop News, 100 Main Street, Springfield, IL 62701\nUnsubscribe: https://shop.test/u/123\n".into()),
        }
    }
}

impl Campaign {
    fn build(&self) -> String {
        let mut m = String::new();
        if let Some(rp) = &self.return_path {
            m += &format!("Return-Path: {rp}\r\n");
        }
        m += &format!(
            "From: {}\r\nTo: reader@example.org\r\nSubject: {}\r\n",
            self.from, self.subject
        );
        m += "Date: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <c-1@shop.test>\r\nMIME-Version: 1.0\r\n";
        for h in &self.headers {
            m += h;
            m += "\r\n";
        }
        match &self.text {
            Some(text) => {
                m += "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n";
                m += "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
                m += &text.replace('\n', "\r\n");
                m += "\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n";
                m += &self.html;
                m += "\r\n--b1--\r\n";
            }
            None => {
                m += "Content-Type: text/html; charset=utf-8\r\n\r\n";
                m += &self.html;
                m += "\r\n";
            }
        }
        m
    }
}

const SIGNED: &[&str] = &[
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "MIME-Version",
    "Content-Type",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
];

/// An RSA key as mail-auth's signers take it.
fn mail_auth_key(key: &rsa::RsaPrivateKey) -> mail_auth::common::crypto::RsaKey<mail_auth::common::crypto::Sha256> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rustls_pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer};
    let der = key.to_pkcs1_der().unwrap();
    mail_auth::common::crypto::RsaKey::from_key_der(PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(
        der.as_bytes().to_vec(),
    )))
    .unwrap()
}

/// Sign with mail-auth's own signer (RSA-SHA256, relaxed/relaxed).
fn mail_auth_sign(message: &str, key: &rsa::RsaPrivateKey, domain: &str, selector: &str, headers: &[&str]) -> String {
    use mail_auth::common::headers::HeaderWriter;
    let signer_key = mail_auth_key(key);
    let signature = mail_auth::dkim::DkimSigner::from_key(signer_key)
        .domain(domain)
        .selector(selector)
        .headers(headers.iter().copied())
        .sign(message.as_bytes())
        .unwrap();
    format!("{}{message}", signature.to_header())
}

enum SigningKey<'a> {
    Rsa(&'a rsa::RsaPrivateKey),
    Ed25519(&'a ed25519_dalek::SigningKey),
}

/// RFC 6376 relaxed body canonicalisation (3.4.4).
fn relaxed_body(body: &str) -> String {
    let mut lines: Vec<String> = body
        .split("\r\n")
        .map(|line| {
            line.split([' ', '\t'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if lines.is_empty() {
        String::new()
    } else {
        lines.join("\r\n") + "\r\n"
    }
}

/// RFC 6376 relaxed header canonicalisation (3.4.2).
fn relaxed_header(name: &str, value: &str) -> String {
    let value = value.replace("\r\n", "");
    let value = value
        .split([' ', '\t'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    format!("{}:{}", name.trim().to_ascii_lowercase(), value.trim())
}

/// A DKIM signer written from RFC 6376 (and RFC 8463 for Ed25519), relaxed/relaxed,
/// independent of mail-auth. `body_length`: sign only that many body octets (l=).
fn rfc_sign(
    message: &str,
    key: SigningKey<'_>,
    domain: &str,
    selector: &str,
    headers: &[&str],
    body_length: Option<usize>,
) -> String {
    let (head, body) = message.split_once("\r\n\r\n").unwrap();
    // Unfolded header fields, in order.
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            let last = fields.last_mut().unwrap();
            last.1.push_str("\r\n");
            last.1.push_str(line);
        } else {
            let (name, value) = line.split_once(':').unwrap();
            fields.push((name.to_string(), value.to_string()));
        }
    }
    let canonical_body = relaxed_body(body);
    let hashed = match body_length {
        Some(l) => &canonical_body.as_bytes()[..l.min(canonical_body.len())],
        None => canonical_body.as_bytes(),
    };
    let bh = B64.encode(Sha256::digest(hashed));
    let algorithm = match key {
        SigningKey::Rsa(_) => "rsa-sha256",
        SigningKey::Ed25519(_) => "ed25519-sha256",
    };
    let length_tag = body_length.map(|l| format!(" l={l};")).unwrap_or_default();
    let value = format!(
        " v=1; a={algorithm}; c=relaxed/relaxed; d={domain}; s={selector}; t=1795000000;{length_tag} h={}; bh={bh}; b=",
        headers.join(":")
    );
    let mut data = String::new();
    for name in headers {
        // The last instance of a header is signed first (RFC 6376 5.4.2).
        if let Some((n, v)) = fields.iter().rev().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            data += &relaxed_header(n, v);
            data += "\r\n";
        }
    }
    data += &relaxed_header("DKIM-Signature", &value);
    let digest = Sha256::digest(data.as_bytes());
    let signature = match key {
        SigningKey::Rsa(key) => {
            // DigestInfo prefix of SHA-256 (RFC 8017 9.2 note 1).
            let mut info = vec![
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
                0x04, 0x20,
            ];
            info.extend_from_slice(&digest);
            key.sign(rsa::Pkcs1v15Sign::new_unprefixed(), &info).unwrap()
        }
        SigningKey::Ed25519(key) => {
            use ed25519_dalek::Signer;
            key.sign(&digest).to_bytes().to_vec()
        }
    };
    format!("DKIM-Signature:{value}{}\r\n{message}", B64.encode(signature))
}

/// `rfc_sign` with the usual headers and no l=.
fn rfc_signed(message: &str, key: SigningKey<'_>, domain: &str, selector: &str) -> String {
    rfc_sign(message, key, domain, selector, SIGNED, None)
}

/// `message` signed by mail-auth (RSA) and by `rfc_sign` (Ed25519), both by shop.test.
fn signed_both_ways(message: &str) -> [String; 2] {
    let k = keys();
    [
        mail_auth_sign(message, &k.rsa2048, "shop.test", "rsa", SIGNED),
        rfc_signed(message, SigningKey::Ed25519(&k.ed25519), "shop.test", "ed"),
    ]
}

fn has_code(report: &Value, code: &str) -> bool {
    finding_codes(report).iter().any(|c| c == code)
}

fn write_eml(name: &str, text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    (dir, path)
}

/// Run `message` on one message text; exit code and the JSON report of the message.
fn audit(server: &TestDnsServer, message: &str, extra: &[&str]) -> (Option<i32>, Value) {
    let (_dir, path) = write_eml("campaign.eml", message);
    let out = mailaudit()
        .arg("message")
        .arg(&path)
        .args(["--nameserver", &server.addr_arg(), "--timeout", "1", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let run: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert_eq!(run["schema_version"], 1);
    (out.status.code(), run["messages"][0].clone())
}

fn no_blocklists() -> [&'static str; 1] {
    ["--no-blocklists"]
}

fn dkim_status(report: &Value) -> Vec<String> {
    report["dkim"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn valid_campaigns_pass_with_either_signer_and_key_type() {
    let s = server();
    let k = keys();
    let message = Campaign::default().build();
    let signed = [
        (
            "mail-auth rsa-2048",
            mail_auth_sign(&message, &k.rsa2048, "shop.test", "rsa", SIGNED),
        ),
        (
            "rfc rsa-2048",
            rfc_signed(&message, SigningKey::Rsa(&k.rsa2048), "shop.test", "rsa"),
        ),
        (
            "rfc ed25519",
            rfc_signed(&message, SigningKey::Ed25519(&k.ed25519), "shop.test", "ed"),
        ),
    ];
    for (how, text) in signed {
        let (code, report) = audit(&s, &text, &no_blocklists());
        assert_eq!(dkim_status(&report), ["pass"], "{how}: {report:#}");
        assert_eq!(finding_codes(&report), Vec::<String>::new(), "{how}");
        assert_eq!(code, Some(0), "{how}");
        assert_eq!(report["alignment"]["dmarc_pass"], true, "{how}");
        assert_eq!(report["unsubscribe"]["one_click"], true);
        assert_eq!(report["unsubscribe"]["signed"], true);
        let rows = report["requirements"].as_array().unwrap();
        assert!(rows[..4].iter().all(|r| r["status"] == "met"), "{how}: {rows:#?}");
    }
    // Same key, the other signer's algorithm name.
    let ed = rfc_signed(&message, SigningKey::Ed25519(&k.ed25519), "shop.test", "ed");
    assert_eq!(
        audit(&s, &ed, &no_blocklists()).1["dkim"][0]["algorithm"],
        "ed25519-sha256"
    );
}

#[test]
fn body_and_header_changes_are_told_apart() {
    let s = server();
    let message = Campaign::default().build();
    for signed in signed_both_ways(&message) {
        let body_changed = signed.replace("Winter sale at", "Winter SALE at");
        let (code, report) = audit(&s, &body_changed, &no_blocklists());
        assert_eq!(dkim_status(&report), ["body_hash_mismatch"]);
        let invalid = findings_with_code(&report, "message.dkim_invalid");
        assert!(
            invalid[0]["message"].as_str().unwrap().contains("body hash"),
            "{invalid:?}"
        );
        assert_eq!(code, Some(1));
        // No valid signature left: DKIM unaligned; the aligned Return-Path keeps DMARC passing.
        let codes = finding_codes(&report);
        assert!(has_code(&report, "message.dkim_unaligned"), "{codes:?}");
        assert!(has_code(&report, "message.unsubscribe_unsigned"), "{codes:?}");
        assert!(!has_code(&report, "message.dmarc_fail"), "{codes:?}");

        let header_changed = signed.replace("Subject: Winter sale", "Subject: Winter sale -50%");
        let (_, report) = audit(&s, &header_changed, &no_blocklists());
        assert_eq!(dkim_status(&report), ["signature_mismatch"]);
        let invalid = findings_with_code(&report, "message.dkim_invalid");
        assert!(
            invalid[0]["message"].as_str().unwrap().contains("header signature"),
            "{invalid:?}"
        );
    }
}

#[test]
fn body_length_tag_verifies_but_is_flagged() {
    let s = server();
    let k = keys();
    let message = Campaign::default().build();
    let body_len = relaxed_body(message.split_once("\r\n\r\n").unwrap().1).len();
    let signed = rfc_sign(
        &message,
        SigningKey::Rsa(&k.rsa2048),
        "shop.test",
        "rsa",
        SIGNED,
        Some(body_len),
    );
    // Content appended after signing: still verifies, which is the problem.
    let appended = format!("{signed}Click http://evil.example/\r\n");
    let (_, report) = audit(&s, &appended, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    assert_eq!(report["dkim"][0]["body_length"], body_len);
    let f = findings_with_code(&report, "message.dkim_body_length");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["severity"], "warning");
    // Without l=, the same append breaks the body hash.
    let full = rfc_signed(&message, SigningKey::Rsa(&k.rsa2048), "shop.test", "rsa");
    let (_, report) = audit(&s, &format!("{full}Click http://evil.example/\r\n"), &no_blocklists());
    assert_eq!(dkim_status(&report), ["body_hash_mismatch"]);
    assert!(findings_with_code(&report, "message.dkim_body_length").is_empty());
}

#[test]
fn unsubscribe_headers_must_be_signed_and_one_click() {
    let s = server();
    let k = keys();
    let message = Campaign::default().build();
    let few = ["From", "To", "Subject", "Date", "MIME-Version", "Content-Type"];
    let signed = mail_auth_sign(&message, &k.rsa2048, "shop.test", "rsa", &few);
    let (code, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    let codes = finding_codes(&report);
    assert!(has_code(&report, "message.unsubscribe_unsigned"), "{codes:?}");
    let unsigned = findings_with_code(&report, "message.dkim_headers_unsigned");
    assert!(
        unsigned[0]["message"].as_str().unwrap().contains("List-Unsubscribe"),
        "{unsigned:?}"
    );
    assert_eq!(code, Some(1));

    // mailto only, no List-Unsubscribe-Post: not one-click.
    let mailto = Campaign {
        headers: vec!["List-Unsubscribe: <mailto:u@shop.test>".into()],
        ..Default::default()
    }
    .build();
    let signed = mail_auth_sign(&mailto, &k.rsa2048, "shop.test", "rsa", SIGNED);
    let (_, report) = audit(&s, &signed, &no_blocklists());
    let one_click = findings_with_code(&report, "message.one_click_missing");
    assert_eq!(one_click.len(), 1);
    assert!(one_click[0]["message"].as_str().unwrap().contains("https"));
    assert!(findings_with_code(&report, "message.unsubscribe_unsigned").is_empty());

    // No List-Unsubscribe: an error for bulk mail, nothing for transactional mail.
    let none = Campaign {
        headers: vec![],
        ..Default::default()
    }
    .build();
    let signed = mail_auth_sign(&none, &k.rsa2048, "shop.test", "rsa", SIGNED);
    let (code, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(finding_codes(&report), ["message.unsubscribe_missing"]);
    assert_eq!(code, Some(1));
    let (code, report) = audit(&s, &signed, &["--no-blocklists", "--transactional"]);
    assert_eq!(finding_codes(&report), Vec::<String>::new());
    assert_eq!(code, Some(0));
    assert_eq!(report["requirements"][3]["status"], "not_checked");
}

#[test]
fn unsigned_and_misaligned_messages() {
    let s = server();
    let k = keys();
    // No signature, Return-Path aligned: DKIM missing, DMARC passes on SPF alignment.
    let message = Campaign::default().build();
    let (code, report) = audit(&s, &message, &no_blocklists());
    let codes = finding_codes(&report);
    assert!(has_code(&report, "message.dkim_missing"), "{codes:?}");
    assert!(!has_code(&report, "message.dmarc_fail"), "{codes:?}");
    assert_eq!(code, Some(1));

    // Signed by the ESP's domain, bounces to the ESP: DMARC fails.
    let esp = Campaign {
        return_path: Some("<b@esp.test>".into()),
        ..Default::default()
    }
    .build();
    let signed = mail_auth_sign(&esp, &k.rsa2048, "esp.test", "rsa", SIGNED);
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    let codes = finding_codes(&report);
    for code in ["message.dkim_unaligned", "message.spf_unaligned", "message.dmarc_fail"] {
        assert!(codes.contains(&code.to_string()), "{code} missing from {codes:?}");
    }
    assert_eq!(report["alignment"]["dmarc_pass"], false);
    assert_eq!(
        findings_with_code(&report, "message.dmarc_fail")[0]["severity"],
        "error"
    );

    // With --ip: SPF of the Return-Path domain is evaluated.
    let signed = mail_auth_sign(&message, &k.rsa2048, "esp.test", "rsa", SIGNED);
    let (_, report) = audit(&s, &signed, &["--no-blocklists", "--ip", "192.0.2.10"]);
    assert_eq!(report["alignment"]["spf_results"][0]["result"], "pass");
    assert_eq!(report["alignment"]["dmarc_pass"], true);
    let (_, report) = audit(&s, &signed, &["--no-blocklists", "--ip", "198.51.100.7"]);
    assert_eq!(report["alignment"]["spf_results"][0]["result"], "fail");
    assert_eq!(report["alignment"]["dmarc_pass"], false);
    assert!(finding_codes(&report).contains(&"message.dmarc_fail".to_string()));
}

#[test]
fn strict_and_relaxed_alignment_follow_the_dmarc_record() {
    let s = server();
    let k = keys();
    // shop.test is relaxed: a subdomain signature aligns.
    let relaxed = mail_auth_sign(
        &Campaign::default().build(),
        &k.rsa2048,
        "mail.shop.test",
        "rsa",
        SIGNED,
    );
    let (_, report) = audit(&s, &relaxed, &no_blocklists());
    assert_eq!(report["alignment"]["dkim_mode"], "relaxed");
    assert_eq!(report["alignment"]["dkim_aligned"], true);
    // strict.test has adkim=s: the same kind of signature does not align.
    let strict = Campaign {
        from: "News <news@strict.test>".into(),
        return_path: Some("<b@bounce.strict.test>".into()),
        ..Default::default()
    }
    .build();
    let signed = mail_auth_sign(&strict, &k.rsa2048, "mail.strict.test", "rsa", SIGNED);
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    assert_eq!(report["alignment"]["dkim_mode"], "strict");
    assert_eq!(report["alignment"]["spf_mode"], "strict");
    assert_eq!(report["alignment"]["dkim_aligned"], false);
    let codes = finding_codes(&report);
    assert!(has_code(&report, "message.dkim_unaligned"), "{codes:?}");
    assert!(has_code(&report, "message.dmarc_fail"), "{codes:?}");
}

#[test]
fn key_sizes_and_failed_key_lookups() {
    let s = server();
    let k = keys();
    let message = Campaign::default().build();
    let signed = mail_auth_sign(&message, &k.rsa1024, "shop.test", "small", SIGNED);
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    assert_eq!(report["dkim"][0]["key_bits"], 1024);
    assert_eq!(finding_codes(&report), ["dkim.short_key"]);

    let signed = rfc_signed(&message, SigningKey::Rsa(&k.rsa512), "shop.test", "tiny");
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["weak_key"]);
    assert!(finding_codes(&report).contains(&"message.dkim_weak_key".to_string()));

    // A SERVFAIL on the key is unknown: never "invalid", never a definite DMARC failure.
    let signed = rfc_signed(&message, SigningKey::Rsa(&k.rsa2048), "shop.test", "broken");
    let (code, report) = audit(&s, &signed, &["--no-blocklists", "--transactional"]);
    assert_eq!(dkim_status(&report), ["temp_error"]);
    let codes = finding_codes(&report);
    assert_eq!(codes, ["dns.temperror"], "{codes:?}");
    assert_eq!(code, Some(3));

    // No key published at the selector.
    let signed = rfc_signed(&message, SigningKey::Rsa(&k.rsa2048), "shop.test", "gone");
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["key_missing"]);
}

#[test]
fn form_problems() {
    let s = server();
    let base = Campaign::default().build();
    let no_id = base.replace("Message-ID: <c-1@shop.test>\r\n", "");
    let (_, report) = audit(&s, &no_id, &no_blocklists());
    let syntax = findings_with_code(&report, "message.syntax");
    assert_eq!(syntax.len(), 1);
    assert!(syntax[0]["message"].as_str().unwrap().contains("Message-ID"));

    let two_from = base.replace("To: reader", "From: other@shop.test\r\nTo: reader");
    let (_, report) = audit(&s, &two_from, &no_blocklists());
    let syntax = findings_with_code(&report, "message.syntax");
    assert!(
        syntax
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("2 From headers")),
        "{syntax:?}"
    );

    let long_line = base.replace("Winter sale at", &format!("{} at", "x".repeat(1200)));
    let (_, report) = audit(&s, &long_line, &no_blocklists());
    assert!(
        findings_with_code(&report, "message.syntax")[0]["message"]
            .as_str()
            .unwrap()
            .contains("998")
    );

    let huge = Campaign {
        html: "<p>sale</p>\r\n".repeat(10_000),
        text: None,
        ..Default::default()
    }
    .build();
    let (_, report) = audit(&s, &huge, &no_blocklists());
    let codes = finding_codes(&report);
    assert!(has_code(&report, "message.too_large"), "{codes:?}");
    assert!(has_code(&report, "message.no_text_part"), "{codes:?}");
    // Just under the limit: not clipped.
    let small = Campaign {
        html: "<p>sale</p>\r\n".repeat(7_000),
        ..Default::default()
    }
    .build();
    assert!(findings_with_code(&audit(&s, &small, &no_blocklists()).1, "message.too_large").is_empty());

    let spoof = base.replace(
        "From: Shop News <news@shop.test>",
        "From: \"service@bank.example\" <news@shop.test>",
    );
    let (_, report) = audit(&s, &spoof, &no_blocklists());
    assert_eq!(findings_with_code(&report, "message.from_display_spoof").len(), 1);
}

#[test]
fn links_on_shorteners_and_blocklists() {
    let s = server();
    let message = Campaign {
        html: "<a href=\"https://bit.ly/abc\">deal</a> <img src=\"https://img.listed.test/p.png\"> \
               <a href=\"https://shop.test/x\">shop</a>"
            .into(),
        ..Default::default()
    }
    .build();
    let (code, report) = audit(&s, &message, &["--blocklist-zone", DBL]);
    let shortener = findings_with_code(&report, "message.link_shortener");
    assert_eq!(shortener.len(), 1);
    assert_eq!(shortener[0]["subject"], "bit.ly");
    let listed = findings_with_code(&report, "message.link_listed");
    assert_eq!(listed.len(), 1, "{report:#}");
    assert_eq!(listed[0]["subject"], "listed.test");
    assert!(
        listed[0]["evidence"]
            .as_str()
            .unwrap()
            .contains("https://img.listed.test/p.png")
    );
    assert!(listed[0]["message"].as_str().unwrap().contains("Spamhaus DBL"));
    assert_eq!(code, Some(1));
    // Clean links: nothing listed, and the list answered its self-test.
    let clean = Campaign::default().build();
    let (_, report) = audit(&s, &clean, &["--blocklist-zone", DBL]);
    assert!(findings_with_code(&report, "message.link_listed").is_empty());
    assert!(
        report["links"]["blocklist"]["self_test"][0]["status"] == "ok",
        "{report:#}"
    );
}

#[test]
fn israeli_label_on_encoded_subjects() {
    let s = server();
    let subjects = [
        // UTF-8, base64
        ("=?UTF-8?B?16TXqNeh15XXnteqOiDXnteR16bXog==?=", true),
        // windows-1255, quoted-printable
        ("=?windows-1255?Q?=F4=F8=F1=E5=EE=FA:_=EE=E1=F6=F2?=", true),
        // ISO-8859-8
        ("=?ISO-8859-8?Q?=F4=F8=F1=E5=EE=FA_-_=EE=E1=F6=F2?=", true),
        // The label not first
        ("=?UTF-8?B?157Xkdem16I6INek16jXodeV157Xqg==?=", false),
        ("Winter sale", false),
    ];
    for (subject, labelled) in subjects {
        let message = Campaign {
            subject: subject.into(),
            from: "Shop News <news@shop.test>".into(),
            ..Default::default()
        }
        .build();
        let (_, report) = audit(&s, &message, &["--no-blocklists", "--law", "il"]);
        let found = findings_with_code(&report, "message.il_subject_label");
        assert_eq!(found.is_empty(), labelled, "{subject}: {:?}", report["subject"]);
        // The footer names the advertiser with contact details and an unsubscribe link.
        assert!(findings_with_code(&report, "message.sender_identity_missing").is_empty());
        assert!(findings_with_code(&report, "message.opt_out_missing").is_empty());
        assert!(report["law"].as_array().unwrap().len() == 3);
    }
}

#[test]
fn us_and_ca_laws_and_the_disclaimer() {
    let s = server();
    let bare = Campaign {
        headers: vec![],
        html: "<p>Big sale!</p>".into(),
        text: None,
        ..Default::default()
    }
    .build();
    let (_, report) = audit(&s, &bare, &["--no-blocklists", "--law", "us", "--law", "ca"]);
    let codes = finding_codes(&report);
    for code in [
        "message.postal_address_missing",
        "message.opt_out_missing",
        "message.sender_identity_missing",
    ] {
        assert!(codes.contains(&code.to_string()), "{code} missing from {codes:?}");
    }
    let (_, good) = audit(
        &s,
        &Campaign::default().build(),
        &["--no-blocklists", "--law", "us", "--law", "ca"],
    );
    assert!(
        good["law"].as_array().unwrap().iter().all(|c| c["met"] == true),
        "{:#}",
        good["law"]
    );
    // The text report says plainly it is not legal advice.
    let (_dir, path) = write_eml("c.eml", &bare);
    let out = mailaudit()
        .args(["message", path.to_str().unwrap(), "--no-blocklists", "--law", "us"])
        .args(["--nameserver", &s.addr_arg(), "--timeout", "1"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("not legal advice") && text.contains("Consent (opt-in)"),
        "{text}"
    );
}

#[test]
fn received_copy_shows_the_receivers_verdict() {
    let s = server();
    let k = keys();
    let signed = mail_auth_sign(&Campaign::default().build(), &k.rsa2048, "shop.test", "rsa", SIGNED);
    let received = format!(
        "Authentication-Results: mx.example.org;\r\n dkim=pass header.d=shop.test header.s=rsa;\r\n \
         spf=pass smtp.mailfrom=bounce.shop.test;\r\n dmarc=pass header.from=shop.test\r\n{signed}"
    );
    let (_, report) = audit(&s, &received, &no_blocklists());
    let ar = &report["received"]["authentication_results"][0];
    assert_eq!(ar["authserv_id"], "mx.example.org");
    let methods: Vec<String> = ar["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{}={}", r["method"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(methods, ["dkim=pass", "spf=pass", "dmarc=pass"]);
    assert_eq!(dkim_status(&report), ["pass"]);
}

#[test]
fn ci_formats_stdin_and_usage_errors() {
    let s = server();
    let k = keys();
    let unsigned = Campaign::default().build();
    for format in ["sarif", "junit", "github", "markdown", "html"] {
        let (dir, path) = write_eml("campaign.eml", &unsigned);
        // `--format github` appends the full report to the job summary.
        let summary = dir.path().join("step_summary.md");
        let out = mailaudit()
            .args(["message", path.to_str().unwrap(), "--no-blocklists", "--format", format])
            .args(["--nameserver", &s.addr_arg(), "--timeout", "1"])
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        let written = std::fs::read_to_string(&summary).unwrap_or_default();
        assert_eq!(
            written.contains("message.dkim_missing"),
            format == "github",
            "{format}: {written}"
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.contains("message.dkim_missing"), "{format}: {text}");
        // A message has no SPF or MX of its own: no such (passing) test cases.
        assert!(!text.contains("name=\"spf\""), "{format}: {text}");
        assert_eq!(out.status.code(), Some(1), "{format}");
    }
    // `-` reads standard input.
    let signed = mail_auth_sign(&unsigned, &k.rsa2048, "shop.test", "rsa", SIGNED);
    let mut child = mailaudit()
        .args(["message", "-", "--no-blocklists", "--format", "json"])
        .args(["--nameserver", &s.addr_arg(), "--timeout", "1"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(signed.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let run: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(run["messages"][0]["file"], "-");
    assert_eq!(run["messages"][0]["dkim"][0]["status"], "pass");
    assert_eq!(out.status.code(), Some(0));
    // --selector: signed, but not with the selector named.
    let (_, report) = audit(&s, &signed, &["--no-blocklists", "--selector", "s2026"]);
    assert_eq!(finding_codes(&report), ["message.dkim_missing"]);

    let out = mailaudit().args(["message", "/nonexistent/x.eml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = mailaudit()
        .args(["message", "a.eml", "--bulk", "--transactional"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Seal `message` with one ARC set (i=1) by shop.test, as a forwarder would.
fn arc_seal(message: &str, key: &rsa::RsaPrivateKey) -> String {
    use mail_auth::common::headers::HeaderWriter;
    use mail_auth::hickory_resolver::config::{ResolverConfig, ResolverOpts};
    use mail_auth::{AuthenticatedMessage, AuthenticationResults, MessageAuthenticator, arc::ArcSealer};
    let signer_key = mail_auth_key(key);
    let parsed = AuthenticatedMessage::parse(message.as_bytes()).unwrap();
    // No ARC set yet, so verifying the (empty) chain asks no DNS.
    let authenticator = MessageAuthenticator::new(
        ResolverConfig::from_parts(None, vec![], vec![]),
        ResolverOpts::default(),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let arc_output = runtime.block_on(authenticator.verify_arc(&parsed));
    let results = AuthenticationResults::new("mx.forwarder.test");
    let set = ArcSealer::from_key(signer_key)
        .domain("shop.test")
        .selector("rsa")
        .headers(["From", "To", "Subject", "DKIM-Signature"])
        .seal(&parsed, &results, &arc_output)
        .unwrap();
    format!("{}{message}", set.to_header())
}

#[test]
fn arc_chain_is_verified_with_keys_from_our_dns() {
    let s = server();
    let k = keys();
    let signed = mail_auth_sign(&Campaign::default().build(), &k.rsa2048, "shop.test", "rsa", SIGNED);
    let sealed = arc_seal(&signed, &k.rsa2048);
    let (_, report) = audit(&s, &sealed, &no_blocklists());
    assert_eq!(report["received"]["arc"]["result"], "pass", "{:#}", report["received"]);
    assert_eq!(report["received"]["arc"]["sets"], 1);
    assert_eq!(report["received"]["arc_sealed_cv"], "none");
    // The body changed after sealing: the ARC message signature no longer verifies.
    let (_, report) = audit(
        &s,
        &sealed.replace("Winter sale at", "Winter SALE at"),
        &no_blocklists(),
    );
    assert_eq!(report["received"]["arc"]["result"], "fail", "{:#}", report["received"]);
}

#[test]
fn simple_canonicalisation_and_from_outside_h() {
    use mail_auth::common::headers::HeaderWriter;
    use mail_auth::dkim::{Canonicalization, DkimSigner};
    let s = server();
    let k = keys();
    let message = Campaign::default().build();
    let signature = DkimSigner::from_key(mail_auth_key(&k.rsa2048))
        .domain("shop.test")
        .selector("rsa")
        .headers(SIGNED.iter().copied())
        .header_canonicalization(Canonicalization::Simple)
        .body_canonicalization(Canonicalization::Simple)
        .sign(message.as_bytes())
        .unwrap();
    let simple = format!("{}{message}", signature.to_header());
    assert!(simple.contains("c=simple/simple"), "{simple}");
    let (code, report) = audit(&s, &simple, &no_blocklists());
    assert_eq!(dkim_status(&report), ["pass"]);
    assert_eq!(code, Some(0));
    // simple/simple is strict about whitespace: a re-wrapped body breaks it, relaxed would not.
    let rewrapped = simple.replace("Winter sale at", "Winter sale  at");
    assert_eq!(
        dkim_status(&audit(&s, &rewrapped, &no_blocklists()).1),
        ["body_hash_mismatch"]
    );
    let relaxed = mail_auth_sign(&message, &k.rsa2048, "shop.test", "rsa", SIGNED);
    let rewrapped = relaxed.replace("Winter sale at", "Winter sale  at");
    assert_eq!(dkim_status(&audit(&s, &rewrapped, &no_blocklists()).1), ["pass"]);

    // A signature whose h= leaves out From is invalid (RFC 6376 5.4), even if it verifies.
    let without_from: Vec<&str> = SIGNED.iter().copied().filter(|h| *h != "From").collect();
    let signed = mail_auth_sign(&message, &k.rsa2048, "shop.test", "rsa", &without_from);
    let (_, report) = audit(&s, &signed, &no_blocklists());
    assert_eq!(dkim_status(&report), ["from_not_signed"]);
    assert!(has_code(&report, "message.dkim_invalid"));
}

/// An .eml saved on Unix has bare LF line ends; the signature was made over CRLF.
#[test]
fn files_saved_with_lf_line_ends_still_verify() {
    let s = server();
    let message = Campaign::default().build();
    for signed in signed_both_ways(&message) {
        let lf = signed.replace("\r\n", "\n");
        let (_, report) = audit(&s, &lf, &no_blocklists());
        assert_eq!(dkim_status(&report), ["pass"], "{report:#}");
    }
}
