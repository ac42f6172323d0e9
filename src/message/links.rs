//! Links and images of the message: every host looked up on the domain
//! blocklists (as `mailaudit blocklist` does), and public URL shorteners named.

use super::MessageOptions;
use crate::blocklist::query::Status;
use crate::blocklist::{Target, TargetSet};
use crate::dns::Dns;
use crate::domain::organizational_domain;
use crate::finding::Finding;
use mail_parser::{Message, PartType};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// At most this many distinct hosts are looked up: a campaign has a handful;
/// more means a generated page of links, and the lists would throttle us.
pub const MAX_HOSTS: usize = 50;

/// Public URL shorteners (registrable domains).
pub const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "v.gd",
    "buff.ly",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "bit.do",
    "rb.gy",
    "t.ly",
    "s.id",
    "shorte.st",
    "adf.ly",
    "lnkd.in",
    "soo.gd",
    "clck.ru",
    "tiny.one",
    "shorturl.com",
    "x.co",
    "qr.ae",
    "bl.ink",
    "short.io",
    "t2m.io",
    "urlz.fr",
];

/// Serialised as `messages[].links`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LinksReport {
    /// Every distinct link and image URL (http, https), in order of appearance.
    pub urls: Vec<String>,
    /// Distinct hosts of those URLs.
    pub hosts: Vec<String>,
    /// Hosts beyond [`MAX_HOSTS`], not looked up.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub hosts_not_looked_up: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocklist: Option<crate::blocklist::BlocklistReport>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The values of `href=` and `src=` attributes (quoted or not) in HTML.
pub fn html_urls(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut urls = Vec::new();
    for attribute in ["href", "src", "background"] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(attribute) {
            let start = from + found;
            from = start + attribute.len();
            // An attribute name stands after whitespace and before `=`.
            if !lower[..start].ends_with(|c: char| c.is_ascii_whitespace()) {
                continue;
            }
            let rest = lower[from..].trim_start();
            let Some(after_eq) = rest.strip_prefix('=') else {
                continue;
            };
            let value_start = html.len() - after_eq.trim_start().len();
            let value = &html[value_start..];
            let value = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
                _ => value
                    .split(|c: char| c.is_ascii_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            let value = value.trim().replace("&amp;", "&");
            if is_web_url(&value) {
                urls.push(value);
            }
        }
    }
    urls
}

/// `http://` and `https://` URLs written in plain text.
pub fn text_urls(text: &str) -> Vec<String> {
    let lower = text.to_ascii_lowercase();
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http") {
        let start = from + found;
        let url: String = text[start..]
            .chars()
            .take_while(|c| !c.is_whitespace() && !matches!(c, '<' | '>' | '"' | '\'' | ')' | ']'))
            .collect();
        from = start + url.len().max(4);
        let url = url.trim_end_matches(['.', ',', ';', ':', '!', '?']).to_string();
        if is_web_url(&url) {
            urls.push(url);
        }
    }
    urls
}

fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && host_of(url).is_some()
}

/// The host of an http(s) URL, lower case; `None` for IP literals and junk.
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::Ipv4Addr>().is_ok() || host.starts_with('[') {
        return None;
    }
    crate::domain::normalize(&host).ok().map(|d| d.name)
}

pub fn is_shortener(host: &str) -> bool {
    let org = organizational_domain(host);
    SHORTENERS.iter().any(|s| *s == host || *s == org)
}

/// Every link of every text and HTML part, attachments left out.
pub fn message_urls(message: &Message<'_>) -> Vec<String> {
    let mut urls = Vec::new();
    for part in &message.parts {
        match &part.body {
            PartType::Html(html) => urls.extend(html_urls(html)),
            PartType::Text(text) => urls.extend(text_urls(text)),
            _ => {}
        }
    }
    let mut seen = std::collections::HashSet::new();
    urls.retain(|u| seen.insert(u.clone()));
    urls
}

pub async fn check(dns: &Dns, message: Option<&Message<'_>>, options: &MessageOptions) -> (LinksReport, Vec<Finding>) {
    let mut report = LinksReport::default();
    let mut findings = Vec::new();
    let Some(message) = message else {
        return (report, findings);
    };
    report.urls = message_urls(message);
    // Host -> the first URL that uses it (for the finding's evidence).
    let mut first_url: BTreeMap<String, String> = BTreeMap::new();
    for url in &report.urls {
        if let Some(host) = host_of(url)
            && !first_url.contains_key(&host)
        {
            report.hosts.push(host.clone());
            first_url.insert(host, url.clone());
        }
    }
    for host in report.hosts.iter().filter(|h| is_shortener(h)) {
        findings.push(
            Finding::new(
                &super::LINK_SHORTENER,
                format!("A link goes through the URL shortener {host}, which hides where it leads."),
            )
            .evidence(first_url[host].clone())
            .subject(host.clone()),
        );
    }
    if !options.blocklists || report.hosts.is_empty() {
        return (report, findings);
    }

    // Lists hold registrable domains and some subdomains: ask both.
    let mut targets = TargetSet::default();
    let looked_up: Vec<&String> = report.hosts.iter().take(MAX_HOSTS).collect();
    report.hosts_not_looked_up = report.hosts.len() - looked_up.len();
    for host in &looked_up {
        targets.add(Target::domain(host, "link"));
        let org = organizational_domain(host);
        if org != **host {
            targets.add(Target::domain(&org, "link"));
        }
    }
    let (blocklist, bl_findings) = crate::blocklist::check_targets(dns, &targets, &options.blocklist_zones).await;
    // Listings become link findings (with the URL); unknowns and refusals stay as they are.
    findings.extend(bl_findings.into_iter().filter(|f| f.code != &crate::blocklist::LISTED));
    for result in blocklist.results.iter().filter(|r| r.status == Status::Listed) {
        let url = looked_up
            .iter()
            .find(|h| **h == &result.target || organizational_domain(h) == result.target)
            .map(|h| first_url[*h].clone())
            .unwrap_or_default();
        let meaning: Vec<&str> = result.listings.iter().map(|l| l.meaning.as_str()).collect();
        findings.push(
            Finding::new(
                &super::LINK_LISTED,
                format!(
                    "The link domain {} is listed on {}{}.",
                    result.target,
                    result.list,
                    if meaning.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", meaning.join("; "))
                    }
                ),
            )
            .evidence(format!("{url} -> {} {}", result.query, result.answers.join(",")))
            .subject(result.target.clone()),
        );
    }
    if report.hosts_not_looked_up > 0 {
        findings.push(
            Finding::new(
                &crate::blocklist::UNKNOWN,
                format!(
                    "{} link hosts were not looked up on blocklists: the message has more than {MAX_HOSTS}.",
                    report.hosts_not_looked_up
                ),
            )
            .subject("links".to_string()),
        );
    }
    report.blocklist = Some(blocklist);
    (report, findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_in_html_and_text() {
        let html = r#"<a class="x" HREF="https://Shop.Example.com/a?b=1&amp;c=2">x</a><img src=http://cdn.example.net/p.png>
            <a data-href="https://not-an-attribute.example/">y</a><a href="mailto:a@b.c">m</a>"#;
        assert_eq!(
            html_urls(html),
            ["https://Shop.Example.com/a?b=1&c=2", "http://cdn.example.net/p.png"]
        );
        assert_eq!(
            text_urls("Visit https://bit.ly/abc. Or (http://example.org/x)!"),
            ["https://bit.ly/abc", "http://example.org/x"]
        );
        assert_eq!(
            host_of("https://user@Shop.Example.com:8443/x").as_deref(),
            Some("shop.example.com")
        );
        assert_eq!(host_of("http://192.0.2.1/x"), None);
        assert!(is_shortener("bit.ly") && is_shortener("www.tinyurl.com") && !is_shortener("example.com"));
    }
}
