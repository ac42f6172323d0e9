//! Blocklist results into findings: listings, refusals and unknowns, each
//! with the fix for its cause.

use super::*;

/// The fix for one cause of refused or unknown results.
fn cause_fix(cause: Cause) -> &'static str {
    match cause {
        Cause::NoAnswer => {
            "The list did not answer (timeout or server failure); run again later. If it keeps failing, the list \
             may be down or overloaded."
        }
        Cause::ResolverRefused => {
            "Your DNS server refused the query: run the check through a resolver that answers you (--nameserver)."
        }
        Cause::RewrittenAnswer => {
            "Your resolver rewrites answers (it returns an address of its own for names that do not exist, as many \
             ISP and some public resolvers do): run the check through a resolver that does not, such as your own \
             recursive resolver (--nameserver)."
        }
        Cause::ListRefused => {
            "Lists such as Spamhaus and URIBL refuse queries that reach them through large public resolvers \
             (Google 8.8.8.8, Cloudflare 1.1.1.1, Quad9) or that ask too much. Run the check through your own \
             recursive resolver (--nameserver), or use the list's data-query service: Spamhaus DQS gives a free \
             key for low-volume use."
        }
        Cause::DeadList => {
            "The list did not list its own test entry: it is dead, blocks your resolver, or your resolver rewrites \
             answers. Run the check through another resolver (--nameserver); if the list is dead, drop it (--zone)."
        }
        Cause::AnswersEverything => {
            "The list (or your resolver) answers every query as listed, so no listing from it means anything: \
             run the check through another resolver (--nameserver), or drop the list (--zone)."
        }
        Cause::BadName => "The query name is longer than DNS allows; nothing can be asked for this target.",
    }
}

pub(super) fn findings(targets: &TargetSet, zones: &[Zone], results: &[ListResult]) -> Vec<Finding> {
    let mut findings = Vec::new();
    let zone_of = |name: &str| zones.iter().find(|z| z.zone == name);
    let sources_of = |target: &str| {
        targets
            .targets
            .iter()
            .find(|t| t.target == target)
            .map(|t| t.sources.join(", "))
            .unwrap_or_default()
    };
    for result in results.iter().filter(|r| r.status == Status::Listed) {
        let Some(zone) = zone_of(&result.zone) else { continue };
        let mut sublists: Vec<&str> = result
            .listings
            .iter()
            .map(|l| l.sublist.as_str())
            .filter(|s| !s.is_empty())
            .collect();
        sublists.dedup();
        let on = if sublists.is_empty() {
            zone.name.clone()
        } else {
            format!("{} ({})", zone.name, sublists.join(", "))
        };
        let mut message = format!("{} is listed on {on}", result.target);
        if let Some(first) = result.listings.first() {
            message.push_str(&format!(": {}", first.meaning));
            if result.listings.len() > 1 {
                let rest: Vec<&str> = result.listings[1..].iter().map(|l| l.meaning.as_str()).collect();
                message.push_str(&format!("; {}", rest.join("; ")));
            }
        }
        message.push('.');
        let mut evidence = format!("{} -> {}", result.query, result.answers.join(", "));
        if let Some(reason) = &result.reason {
            evidence.push_str(&format!("; reason: \"{reason}\""));
        }
        let sources = sources_of(&result.target);
        if !sources.is_empty() {
            evidence.push_str(&format!("; checked as: {sources}"));
        }
        let mut finding = Finding::new(&LISTED, message)
            .severity(zone.weight.severity())
            .subject(result.target.clone())
            .evidence(evidence);
        let mut fix = finding.fix.clone().unwrap_or_default();
        if sublists.contains(&"PBL") {
            // PBL is policy, not reputation: the cure is the route, not a removal request.
            let pbl = "A PBL listing means this address is not meant to send mail directly to other servers: send \
                       through your provider's or ESP's mail server, or, if it is a real mail server, ask for removal.";
            fix = if sublists.iter().all(|s| *s == "PBL") {
                pbl.to_string()
            } else {
                let mut chars = fix.chars();
                let lowered: String = chars.next().map(|c| c.to_lowercase().collect()).unwrap_or_default();
                format!("{pbl} For the other listings: {lowered}{}", chars.as_str())
            };
        }
        if let Some(url) = &zone.delist_url {
            fix.push_str(&format!(" Delisting page: {url}"));
        }
        finding = finding.fix(fix);
        findings.push(finding);
    }
    // Refusals and failures are about the list or the resolver, not the
    // target: one finding per cause (a refusal: per list explanation), naming
    // the lists and targets affected.
    type Key = (Status, Cause, String);
    let mut groups: BTreeMap<Key, Vec<&ListResult>> = BTreeMap::new();
    for result in results
        .iter()
        .filter(|r| matches!(r.status, Status::QueryRefused | Status::Unknown))
    {
        let cause = result.cause.unwrap_or(Cause::NoAnswer);
        // A refusal's explanation is the list's own; other causes merge across lists.
        let detail_key = if cause == Cause::ListRefused {
            result.detail.clone().unwrap_or_default()
        } else {
            String::new()
        };
        groups
            .entry((result.status, cause, detail_key))
            .or_default()
            .push(result);
    }
    for ((status, cause, _), group) in groups {
        let first = group[0];
        let mut lists: Vec<&str> = Vec::new();
        let mut list_zones: Vec<&str> = Vec::new();
        for r in &group {
            if !list_zones.contains(&r.zone.as_str()) {
                list_zones.push(&r.zone);
                lists.push(&r.list);
            }
        }
        let mut target_names: Vec<&str> = Vec::new();
        for r in &group {
            if !target_names.contains(&r.target.as_str()) {
                target_names.push(&r.target);
            }
        }
        let n = target_names.len();
        let what = if n == 1 {
            target_names[0].to_string()
        } else {
            format!("{n} targets")
        };
        let on = lists.join(", ");
        let detail = first.detail.clone().unwrap_or_default();
        let (code, message) = match status {
            Status::QueryRefused => (
                &QUERY_REFUSED,
                format!("{on} refused the lookup of {what}, so it was not checked there (not a listing): {detail}"),
            ),
            _ => {
                let why = match cause {
                    Cause::NoAnswer => "the list did not answer".to_string(),
                    Cause::ResolverRefused => "your DNS server refused the query".to_string(),
                    Cause::RewrittenAnswer => "your resolver rewrites answers (an answer outside 127.0.0.0/8, \
                                               which no blocklist gives)"
                        .to_string(),
                    _ => detail.clone(),
                };
                (
                    &UNKNOWN,
                    format!(
                        "Could not tell whether {what} {} listed on {on}: {why}.",
                        if n == 1 { "is" } else { "are" }
                    ),
                )
            }
        };
        let shown: Vec<&str> = target_names.iter().take(5).copied().collect();
        let more = if n > 5 {
            format!(" and {} more", n - 5)
        } else {
            String::new()
        };
        let mut asked: Vec<String> = Vec::new();
        for zone in &list_zones {
            if let Some(r) = group.iter().find(|r| r.zone == *zone) {
                let answer = if r.answers.is_empty() {
                    String::new()
                } else {
                    format!(" -> {}", r.answers.join(", "))
                };
                let name = if r.query.is_empty() { &r.zone } else { &r.query };
                asked.push(format!("{name}{answer}"));
            }
        }
        let evidence = format!("{} ({detail}); targets: {}{more}", asked.join("; "), shown.join(", "));
        findings.push(
            Finding::new(code, message.replace("..", "."))
                .subject(list_zones.join(", "))
                .evidence(evidence)
                .fix(cause_fix(cause)),
        );
    }
    findings
}
