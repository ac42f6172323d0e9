use super::*;

fn err(text: &str) -> (usize, usize, String) {
    match Config::parse(text, "mailaudit.toml") {
        Err(ConfigError::Invalid {
            line, column, message, ..
        }) => (line, column, message),
        other => panic!("expected an error naming a line, got {other:?}"),
    }
}

#[test]
fn starter_file_parses() {
    let config = Config::parse(STARTER, "starter").expect("starter parses");
    assert_eq!(config.domains.len(), 1);
    assert_eq!(config.fail_on, Some(FailOn::Error));
}

#[test]
fn full_file_parses() {
    let text = r#"
domains = ["a.test", "B.Test."]
selectors = ["k1"]
fail_on = "warning"
nameservers = ["127.0.0.1:5353"]
timeout = 2.5
concurrency = 4
queries_per_second = 100
retries = 2

[blocklists]
enabled = false
zones = ["bl.example.test"]

[[domain]]
name = "c.test"
selectors = ["s1"]
ips = ["192.0.2.1"]

[[ignore]]
code = "dns.temperror"
domain = "a.test"
reason = "known flaky"
"#;
    let config = Config::parse(text, "x").unwrap();
    let domains = config.configured_domains();
    assert_eq!(
        domains.iter().map(|d| d.name.as_str()).collect::<Vec<_>>(),
        ["a.test", "b.test", "c.test"]
    );
    assert_eq!(domains[0].line, 2);
    assert_eq!(domains[2].line, 16);
    assert_eq!(domains[2].selectors, ["s1"]);
    assert_eq!(config.timeout, Some(Seconds(2.5)));
    assert_eq!(config.nameservers[0].0.port(), 5353);
    assert_eq!(config.blocklists.as_ref().unwrap().enabled, Some(false));
    assert_eq!(config.ignore[0].reason.0, "known flaky");
}

#[test]
fn unknown_key_names_its_line() {
    let (line, column, message) = err("fail_on = \"error\"\ntimeout = 5\nconcurency = 3\n");
    assert_eq!((line, column), (3, 1));
    assert!(message.contains("unknown field `concurency`"), "{message}");
}

#[test]
fn unknown_key_in_table_names_its_line() {
    let (line, _, message) = err("[[domain]]\nname = \"a.test\"\nselector = [\"s1\"]\n");
    assert_eq!(line, 3);
    assert!(message.contains("selector"), "{message}");
}

#[test]
fn selectors_follow_the_same_rule_as_the_flag() {
    let (line, _, message) = err("[[domain]]\nname = \"a.test\"\nselectors = [\"s1!\"]\n");
    assert_eq!(line, 3);
    assert!(
        message.contains("only letters, digits, hyphens and underscores"),
        "{message}"
    );
}

#[test]
fn bad_values_name_their_line() {
    let (line, column, message) = err("timeout = 5\nfail_on = \"sometimes\"\n");
    assert_eq!((line, column), (2, 11));
    assert!(message.contains("sometimes"), "{message}");
    let (line, _, message) = err("timeout = -1\n");
    assert_eq!(line, 1);
    assert!(message.contains("timeout"), "{message}");
    let (line, _, message) = err("\n\n[[domain]]\nname = \"a.test\"\nips = [\"192.0.2.300\"]\n");
    assert_eq!(line, 5);
    assert!(message.to_lowercase().contains("ip"), "{message}");
    let (line, _, message) = err("domains = [\"ok.test\", \"http://x.test/\"]\n");
    assert_eq!(line, 1);
    assert!(message.contains("URL"), "{message}");
    let (line, _, message) = err("nameservers = [\"dns.example\"]\n");
    assert_eq!(line, 1);
    assert!(message.contains("name server"), "{message}");
    let (line, _, _) = err("concurrency = 0\n");
    assert_eq!(line, 1);
    let (line, _, _) = err("timeout = \"5\"\n");
    assert_eq!(line, 1);
    let (line, _, message) = err("[blocklists]\nzones = [\"builtin\", \"zen.spamhaus.org\", \"bad zone!\"]\n");
    assert_eq!(line, 2);
    assert!(message.contains("bad zone!"), "{message}");
}

#[test]
fn ignore_rules_need_a_known_code_and_a_reason() {
    let (line, _, message) = err("[[ignore]]\ncode = \"dns.temperror\"\nreason = \"  \"\n");
    assert_eq!(line, 3);
    assert!(message.contains("reason"), "{message}");
    let (_, _, message) = err("[[ignore]]\ncode = \"dns.temperror\"\n");
    assert!(message.contains("missing field `reason`"), "{message}");
    let (line, _, message) = err("[[ignore]]\ncode = \"spf.nope_not_a_code\"\nreason = \"x\"\n");
    assert_eq!(line, 2);
    assert!(message.contains("not a finding code"), "{message}");
}

#[test]
fn duplicate_domain_is_an_error() {
    let (line, _, message) = err("domains = [\"a.test\"]\n[[domain]]\nname = \"A.test\"\n");
    assert_eq!(line, 3);
    assert!(message.contains("more than once"), "{message}");
}

#[test]
fn syntax_error_names_its_line() {
    let (line, _, _) = err("timeout = 5\n[blocklists\n");
    assert_eq!(line, 2);
}

/// Counted in characters: the "…" of a cut line is one column, three bytes.
fn char_above_caret(snippet: &str, caret: &str) -> char {
    let column = caret.chars().position(|c| c == '^').expect("a caret");
    snippet.chars().nth(column).expect("caret within the line")
}

#[test]
fn long_values_are_cut_in_errors() {
    let long = "a".repeat(3_000_000);
    let text = format!("timeout = 5\ndomains = [\"{long}\"]\n");
    let error = Config::parse(&text, "big.toml").unwrap_err().to_string();
    assert!(error.len() < 1_000, "{} bytes", error.len());
    assert!(error.starts_with("big.toml:2:11: "), "{error}");
    assert!(error.contains('…'), "{error}");
    // The caret still sits under the column (after " 2 | ").
    let lines: Vec<&str> = error.lines().collect();
    let snippet = lines[lines.len() - 2];
    let caret = lines[lines.len() - 1];
    assert_eq!(char_above_caret(snippet, caret), '[', "{snippet}\n{caret}");

    let selector = format!("selectors = [\"{}\"]\n", "a b".repeat(100_000));
    let error = Config::parse(&selector, "x").unwrap_err().to_string();
    assert!(error.len() < 1_000, "{error}");
    // A column deep inside a long line: the window follows it.
    let text = format!(
        "timeout = 5\nconcurrency = 3{}x{}\n",
        " ".repeat(50_000),
        " yy".repeat(200)
    );
    let error = Config::parse(&text, "x").unwrap_err().to_string();
    let lines: Vec<&str> = error.lines().collect();
    let (snippet, caret) = (lines[lines.len() - 2], lines[lines.len() - 1]);
    assert!(snippet.contains(" | …") && snippet.ends_with('…'), "{snippet}");
    assert_eq!(char_above_caret(snippet, caret), 'x', "{snippet}\n{caret}");
    assert!(error.len() < 1_000, "{error}");
}

#[test]
fn shorten_cuts_on_characters() {
    assert_eq!(shorten("abc", 3), "abc");
    assert_eq!(shorten("abcd", 3), "abc…");
    assert_eq!(shorten("ééééé", 2), "éé…");
    assert_eq!(
        shorten_message(
            &format!("invalid type: string \"{}\", expected `x`", "z".repeat(500)),
            5
        ),
        "invalid type: string \"zzzzz…\", expected `x`"
    );
}

#[test]
fn range_messages_do_not_contradict_themselves() {
    let (_, _, message) = err("timeout = 0\n");
    assert!(message.contains("more than 0 and at most 300"), "{message}");
    let (_, _, message) = err("timeout = 301\n");
    assert!(message.contains("more than 0 and at most 300"), "{message}");
    assert!(Config::parse("timeout = 300\n", "x").is_ok());
    let (_, _, message) = err("concurrency = 0\n");
    assert!(message.contains("from 1 to 256"), "{message}");
    let (_, _, message) = err("retries = 6\n");
    assert!(message.contains("from 0 to 5"), "{message}");
    let (_, _, message) = err("queries_per_second = 0\n");
    assert!(message.contains("from 0.01 to 100000"), "{message}");
    assert!(Config::parse("queries_per_second = 0.01\nretries = 0\nconcurrency = 256\n", "x").is_ok());
}

#[test]
fn line_index() {
    let idx = LineIndex::new("a\nbc\n\nd");
    assert_eq!(idx.line_of(0), 1);
    assert_eq!(idx.line_of(2), 2);
    assert_eq!(idx.line_of(5), 3);
    assert_eq!(idx.line_of(6), 4);
}
