//! Structured fuzzing on stable Rust (proptest) of every reader of text that
//! strangers write: the MIME/bounce reader and the input layer, the DMARC
//! report reader, the SPF/DMARC/DKIM record parsers and the config reader.
//!
//! `cargo test` runs a bounded number of cases per property (FUZZ_CASES,
//! default 64); `fuzz/run.sh` runs many more in release mode. The properties:
//! nothing panics, nothing hangs, and what is read stays inside its caps.

use mailaudit::dmarc_reports::parse::{MAX_MESSAGES, MAX_TEXT, parse_report};
use mailaudit::input::limits::{Limits, MAX_MIME_DEPTH, TRUNCATION_MARK};
use mailaudit::input::{Item, mbox, mime, unpack};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Text with the characters that break readers: controls, quotes, angle
/// brackets, separators, non-ASCII.
fn nasty_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\u{1b}[2J".to_string()),
            Just("\0".to_string()),
            Just("\r\n".to_string()),
            Just(";".to_string()),
            Just("=".to_string()),
            Just("<".to_string()),
            Just("&amp;".to_string()),
            Just("&#x0;".to_string()),
            Just("\"".to_string()),
            Just("ü".to_string()),
            Just("-5".to_string()),
            Just("18446744073709551616".to_string()),
            "[a-z0-9.@:/ ]{0,12}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

/// A mail-shaped message: headers, then a MIME tree of random shape and
/// depth (deeper than the limit sometimes), DSN fields with nasty values.
fn mail() -> impl Strategy<Value = Vec<u8>> {
    let leaf = prop_oneof![
        nasty_text().prop_map(|t| format!("Content-Type: text/plain\n\n{t}\n")),
        (nasty_text(), nasty_text(), "[245]\\.[0-7]\\.[0-9]").prop_map(|(rcpt, diag, status)| format!(
            "Content-Type: message/delivery-status\n\nReporting-MTA: dns; {rcpt}\n\nFinal-Recipient: rfc822; {rcpt}\nAction: failed\nStatus: {status}\nDiagnostic-Code: smtp; {diag}\n"
        )),
        nasty_text().prop_map(|t| format!("Content-Type: application/json\n\n{{\"bounce\":\"{t}\"}}\n")),
    ];
    let tree = leaf.prop_recursive(6, 40, 4, |inner| {
        prop_oneof![
            (prop::collection::vec(inner.clone(), 1..4), "[A-Za-z0-9]{1,8}").prop_map(|(parts, b)| {
                let mut s = format!("Content-Type: multipart/report; boundary=\"{b}\"\n\n");
                for p in parts {
                    s.push_str(&format!("--{b}\n{p}\n"));
                }
                if b.len() % 2 == 0 {
                    s.push_str(&format!("--{b}--\n")); // sometimes the end is missing
                }
                s
            }),
            inner.prop_map(|p| format!("Content-Type: message/rfc822\n\nSubject: inner\n{p}")),
        ]
    });
    (nasty_text(), tree, 0usize..(MAX_MIME_DEPTH + 8)).prop_map(|(subject, body, extra_depth)| {
        let mut m = format!("From: MAILER-DAEMON@x.test\nSubject: {subject}\n");
        m.push_str(&"Content-Type: message/rfc822\n\n".repeat(extra_depth));
        m.push_str(&body);
        m.into_bytes()
    })
}

/// mail-parser checks some of its own invariants with `debug_assert!` only
/// (found by this suite: a multipart whose boundary line is missing). Release
/// builds go on, and the bounce pipeline catches a panic per message anyway;
/// in debug builds these are the only panics tolerated.
const MAIL_PARSER_DEBUG_ASSERTS: &[&str] = &[
    "Invalid part ID, could not find multipart.",
    "Invalid part ID, could not find message.",
    "Failed to restore parent message. Aborting.",
];

/// What the bounce pipeline does with one document: the depth check, then the parser.
fn read_bounce(bytes: &[u8]) {
    if mime::nests_deeper_than(bytes, MAX_MIME_DEPTH) {
        return;
    }
    match std::panic::catch_unwind(|| mailaudit::bounce::parse_message("fuzz", bytes)) {
        Ok(Ok(records)) => assert!(!records.is_empty(), "a parsed message yields at least one record"),
        Ok(Err(_)) => {}
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            assert!(
                cfg!(debug_assertions) && MAIL_PARSER_DEBUG_ASSERTS.contains(&message.as_str()),
                "the bounce reader panicked: {message}"
            );
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn bounce_reader_survives_mail_shaped_input(m in mail()) {
        read_bounce(&m);
    }

    #[test]
    fn bounce_reader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_bounce(&bytes);
    }

    #[test]
    fn mbox_split_loses_nothing_but_separators(msgs in prop::collection::vec(mail(), 1..5), blank in any::<bool>()) {
        let mut data = Vec::new();
        for m in &msgs {
            data.extend_from_slice(b"From x@y.test Mon Jan  1 00:00:00 2024\n");
            data.extend_from_slice(m);
            if blank {
                data.push(b'\n');
            }
        }
        let mut count = 0;
        let mut labels = std::collections::HashSet::new();
        mbox::split("f", data.as_slice(), 1 << 20, &mut |i| {
            if let Item::Document(d) = i {
                count += 1;
                assert!(labels.insert(d.label));
            }
            true
        });
        // Messages may hold `From ` separator lines of their own only when
        // generated text does; ours never starts a line with "From ".
        prop_assert_eq!(count, msgs.len());
    }

    #[test]
    fn unpack_stays_inside_its_budget(prefix in prop_oneof![Just(vec![0x1fu8, 0x8b]), Just(b"PK\x03\x04".to_vec()), Just(b"From ".to_vec()), Just(vec![])],
                                      rest in prop::collection::vec(any::<u8>(), 0..4096)) {
        let limits = Limits { max_expanded_bytes: 10_000, max_document_bytes: 5_000, ..Limits::REPORTS };
        let mut data = prefix;
        data.extend(rest);
        let mut budget = limits.max_expanded_bytes;
        let mut total = 0usize;
        unpack::unwrap_bytes("f", &data, &limits, 1, &mut budget, &mut |i| {
            if let Item::Document(d) = i {
                total += d.bytes.len();
            }
            true
        });
        prop_assert!(total <= data.len().max(limits.max_expanded_bytes as usize));
    }

    #[test]
    fn dmarc_reader_keeps_its_promises(xml in report_xml()) {
        check_report(xml.as_bytes());
    }

    #[test]
    fn dmarc_reader_survives_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_report(&bytes);
    }

    #[test]
    fn record_parsers_survive_tag_shaped_text(tags in prop::collection::vec((tag_name(), nasty_text()), 0..12), sep in prop_oneof![Just(";"), Just(" "), Just("; "), Just("")]) {
        let body: Vec<String> = tags.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let body = body.join(sep);
        for record in [format!("v=spf1 {body}"), format!("v=DMARC1; {body}"), format!("v=DKIM1; {body}"), body.clone()] {
            let _ = mailaudit::check::spf::parse::parse_record(&record);
            let _ = mailaudit::check::dmarc::record::parse(&record);
            let _ = mailaudit::check::dkim::record::parse_key_record(&record);
            let _ = mailaudit::check::dkim::record::parse_tag_list(&record);
            let _ = mailaudit::check::tags::parse_tags(&record);
        }
    }

    #[test]
    fn config_reader_survives_toml_shaped_text(lines in prop::collection::vec(config_line(), 0..20)) {
        let text = lines.join("\n");
        let _ = mailaudit::config::Config::parse(&text, "fuzz.toml");
    }

    #[test]
    fn config_reader_survives_any_text(text in "\\PC{0,400}") {
        let _ = mailaudit::config::Config::parse(&text, "fuzz.toml");
    }
}

fn tag_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("p"),
        Just("sp"),
        Just("np"),
        Just("pct"),
        Just("rua"),
        Just("ruf"),
        Just("adkim"),
        Just("k"),
        Just("h"),
        Just("t"),
        Just("include:"),
        Just("redirect"),
        Just("exp"),
        Just("a:%{i}"),
        Just("ip4:192.0.2.0/33"),
        Just("ip6:::/0"),
        Just("mx/24"),
        Just("ptr"),
        Just("-all"),
        Just("?all"),
        Just("exists:%{ir}.%{l1r+-}._spf.%{d}"),
    ]
    .prop_map(str::to_string)
}

fn config_line() -> impl Strategy<Value = String> {
    prop_oneof![
        nasty_text().prop_map(|t| format!("domains = [\"{t}\"]")),
        nasty_text().prop_map(|t| format!("selectors = [\"{t}\"]")),
        (0i64..1000).prop_map(|n| format!("concurrency = {n}")),
        any::<f64>().prop_map(|f| format!("timeout = {f:?}")),
        nasty_text().prop_map(|t| format!("[[domain]]\nname = \"{t}\"")),
        nasty_text().prop_map(|t| format!("[[ignore]]\ncode = \"{t}\"\nreason = \"x\"")),
        nasty_text(),
    ]
}

fn report_xml() -> impl Strategy<Value = String> {
    let field = |name: &'static str| nasty_text().prop_map(move |t| format!("<{name}>{t}</{name}>"));
    let count = prop_oneof![
        (0u64..1000).prop_map(|n| n.to_string()),
        Just(MAX_MESSAGES.to_string()),
        Just(u64::MAX.to_string()),
        nasty_text()
    ];
    let record = (count, field("source_ip"), field("header_from"), field("disposition")).prop_map(|(c, ip, hf, d)| {
        format!("<record><row>{ip}<count>{c}</count><policy_evaluated>{d}</policy_evaluated></row><identifiers>{hf}</identifiers></record>")
    });
    (
        field("org_name"),
        "[a-z0-9]{0,4}",
        prop_oneof![
            Just(String::new()),
            (0i64..3, 0i64..3).prop_map(|(b, e)| format!("<date_range><begin>{b}</begin><end>{e}</end></date_range>"))
        ],
        prop::collection::vec(record, 0..6),
        0usize..40,
        "[a-z]{0,3}",
    )
        .prop_map(|(org, id, dates, records, depth, junk)| {
            format!(
                "<feedback><report_metadata>{org}<report_id>{id}</report_id>{dates}</report_metadata>\
                 <policy_published><domain>example.com</domain></policy_published>{}{}{}</feedback>{junk}",
                records.concat(),
                "<x>".repeat(depth),
                "</x>".repeat(depth)
            )
        })
}

fn check_report(bytes: &[u8]) {
    if let Ok(r) = parse_report(bytes) {
        let total = r.records.iter().try_fold(0u64, |t, x| t.checked_add(x.count));
        assert!(total.is_some_and(|t| t <= MAX_MESSAGES));
        if let (Some(b), Some(e)) = (r.date_begin, r.date_end) {
            assert!(b <= e);
        }
        assert!(r.org_name.len() <= MAX_TEXT + TRUNCATION_MARK.len());
    }
}
