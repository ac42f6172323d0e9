//! English client sentences. Keys are grouped by report; `{name}` marks a value.

pub const CATALOGUE: &[(&str, &str)] = &[
    // Page shell
    ("page.prepared_for", "Prepared for {client}"),
    ("page.prepared_by", "Prepared by {name}"),
    ("page.generated", "Generated {date}"),
    ("page.client_label", "Client"),
    ("page.prepared_by_label", "Prepared by"),
    ("page.generated_label", "Generated"),
    ("page.logo_alt", "Logo"),
    (
        "page.footer",
        "Every figure comes from the inputs named in this report; nothing is estimated unless shown with its arithmetic. Made with mailaudit {version}.",
    ),
    ("page.summary", "Summary"),
    ("page.appendix", "Appendix: technical details"),
    (
        "page.explain",
        "For the technical details of a problem, run: mailaudit explain {code}",
    ),
    // Traffic light and per-check states
    ("light.ok", "Good"),
    ("light.at_risk", "At risk"),
    ("light.failing", "Failing"),
    ("light.incomplete", "Incomplete"),
    ("state.pass", "Pass"),
    ("state.warning", "Warning"),
    ("state.fail", "Fail"),
    ("state.unknown", "Unknown"),
    ("state.not_checked", "Not checked"),
    ("state.missing", "Not set up"),
    ("col.check", "Check"),
    ("state.met", "Met"),
    ("state.not_met", "Not met"),
    ("sev.error", "Problem"),
    ("sev.warning", "Warning"),
    ("sev.info", "Note"),
    // check
    ("check.title_one", "Email deliverability audit: {domain}"),
    ("check.title_many", "Email deliverability audit: {count} domains"),
    ("check.title_message", "Campaign message audit"),
    (
        "check.verdict.ok",
        "{domain} is set up well: receivers can verify its mail and nothing that blocks delivery was found.",
    ),
    (
        "check.verdict.at_risk",
        "{domain} can send mail, but has problems that push mail to spam or let others fake it.",
    ),
    (
        "check.verdict.failing",
        "{domain} has problems that stop its mail from being delivered or trusted.",
    ),
    (
        "check.verdict.incomplete",
        "Some checks of {domain} could not be completed because DNS lookups failed; nothing was assumed to pass.",
    ),
    (
        "check.portfolio_verdict",
        "Of {total} domains: {failing} failing, {at_risk} at risk, {incomplete} incomplete, {ok} in good shape.",
    ),
    ("check.worst", "Most urgent: {problem}"),
    ("check.worst_in", "Most urgent ({domain}): {problem}"),
    ("check.nothing_urgent", "No problem needs action now."),
    (
        "check.period",
        "Checked on {date}, from the public DNS records of each domain.",
    ),
    ("check.grid", "Checks at a glance"),
    ("check.overview", "All domains"),
    ("check.details", "Each domain"),
    ("check.checklist", "Gmail, Yahoo and Microsoft bulk-sender requirements"),
    ("check.guidelines", "The providers' own rules:"),
    ("check.fixes", "What to fix"),
    ("check.no_fixes", "Nothing to fix."),
    ("check.fix.publish", "Publish this DNS record:"),
    ("check.fix.replace", "Replace the record at this name with:"),
    ("check.fix.serve", "And serve this file at {url}:"),
    (
        "check.fix.dkim",
        "Turn on DKIM signing in every service that sends mail as {domain}. Each service gives you a key record to publish under _domainkey.{domain}; publish it exactly as given.",
    ),
    ("check.fix.delist", "Once the cause is fixed, request removal:"),
    ("check.fix.general", "What to do:"),
    ("check.records", "Records found"),
    ("check.findings", "All findings"),
    ("check.method", "Method"),
    (
        "check.method_text",
        "Each domain was checked from its public DNS records: SPF, DKIM keys at known selectors, DMARC, MX, MTA-STS, TLS-RPT, BIMI and the main blocklists. A lookup that failed is shown as unknown, never as passed.",
    ),
    ("check.notes", "Notes"),
    ("col.domain", "Domain"),
    ("col.verdict", "Verdict"),
    ("col.worst", "Most urgent problem"),
    ("col.requirement", "Requirement"),
    ("col.required_by", "Required by"),
    ("col.status", "Status"),
    ("col.severity", "Severity"),
    ("col.finding", "Finding"),
    ("col.evidence", "What was seen"),
    ("col.code", "Code"),
    ("col.name", "Name"),
    ("col.type", "Type"),
    ("col.value", "Value"),
    ("grid.spf", "SPF"),
    ("grid.dkim", "DKIM"),
    ("grid.dmarc", "DMARC"),
    ("grid.mx", "MX"),
    ("grid.blocklist", "Blocklists"),
    ("grid.mta_sts", "MTA-STS"),
    ("grid.tls_rpt", "TLS-RPT"),
    ("grid.bimi", "BIMI"),
    ("req.spf", "SPF published and valid"),
    ("req.dkim", "DKIM key published (1024 bits or more)"),
    ("req.dmarc", "DMARC published (p=none or stronger)"),
    ("req.rdns", "Sending servers have matching forward and reverse DNS"),
    ("req.alignment", "DMARC alignment of the From: domain with SPF or DKIM"),
    ("req.one_click", "One-click unsubscribe in marketing mail"),
    ("req.complaints", "Spam complaint rate under 0.3% (Gmail: aim for 0.1%)"),
    ("req.tls", "TLS on every connection"),
    (
        "consequence.domain",
        "Mail from this name cannot be delivered or verified at all.",
    ),
    (
        "consequence.blocklist",
        "Receivers that use this list reject or junk your mail.",
    ),
    (
        "consequence.spf",
        "Receivers cannot confirm your servers may send for the domain, so more mail lands in spam or is rejected.",
    ),
    (
        "consequence.dkim",
        "Mail is not signed, so Gmail, Yahoo and Microsoft may reject or junk bulk mail.",
    ),
    (
        "consequence.dmarc",
        "Anyone can send mail that looks like yours, and bulk mail to Gmail, Yahoo and Microsoft is at risk.",
    ),
    (
        "consequence.rdns",
        "Gmail and Yahoo distrust servers whose name does not match their address.",
    ),
    ("consequence.mx", "Replies and bounces to the domain may not arrive."),
    ("consequence.bimi", "Your logo is not shown next to your mail."),
    (
        "consequence.mta_sts",
        "Mail sent to you can be read or diverted on the way.",
    ),
    (
        "consequence.dane",
        "Mail sent to you can be read or diverted on the way.",
    ),
    (
        "consequence.tls_rpt",
        "You are not told when mail to you fails to arrive securely.",
    ),
    (
        "consequence.dns",
        "This part could not be checked; the result is unknown, not passed.",
    ),
    (
        "consequence.message",
        "This message is more likely to be junked or rejected.",
    ),
    ("consequence.other", "This weakens delivery or trust."),
    ("changes.title", "Since the previous check"),
    (
        "changes.summary",
        "{new} new problems, {fixed} fixed, {unchanged} unchanged.",
    ),
    ("changes.new", "New problems"),
    ("changes.fixed", "Fixed"),
    (
        "changes.unverified",
        "No longer seen, but not confirmed fixed (lookups failed)",
    ),
    ("changes.since", "Since {date}"),
    (
        "changes.summary_moved",
        "{new} new problems, {fixed} fixed, {moved} figures moved.",
    ),
    ("changes.moved", "Figures that moved"),
    ("changes.figure", "Figure"),
    ("changes.before", "Before"),
    ("changes.now", "Now"),
    ("changes.better", "Better"),
    ("changes.worse", "Worse"),
    // One sentence per finding code, for reports in other languages than
    // the check's own English message.
    (
        "finding.spf.missing",
        "No SPF record: receivers cannot tell which servers may send mail for the domain.",
    ),
    (
        "finding.spf.multiple_records",
        "More than one SPF record: receivers treat SPF as broken.",
    ),
    (
        "finding.spf.syntax",
        "The SPF record has an error receivers cannot read past.",
    ),
    (
        "finding.spf.lookup_limit",
        "The SPF record needs more than 10 DNS lookups, so receivers stop checking it.",
    ),
    (
        "finding.spf.void_limit",
        "Too many SPF lookups find nothing, so receivers stop checking it.",
    ),
    (
        "finding.spf.permissive_all",
        "The SPF record lets any server in the world send as the domain.",
    ),
    (
        "finding.spf.weak_all",
        "The SPF record does not flag mail from servers it does not list.",
    ),
    (
        "finding.spf.no_all",
        "The SPF record does not say what to do with servers it does not list.",
    ),
    (
        "finding.dmarc.missing",
        "No DMARC record: the domain can be faked and bulk-sender rules are not met.",
    ),
    (
        "finding.dmarc.multiple_records",
        "More than one DMARC record: receivers ignore DMARC.",
    ),
    (
        "finding.dmarc.syntax",
        "The DMARC record has an error receivers cannot read past.",
    ),
    (
        "finding.dmarc.policy_none",
        "The DMARC policy only monitors: mail that fakes the domain is still delivered.",
    ),
    (
        "finding.dmarc.pct",
        "The DMARC policy applies to only part of the mail.",
    ),
    (
        "finding.dmarc.no_rua",
        "The DMARC record asks for no reports, so nobody sees who sends as the domain.",
    ),
    ("finding.dkim.missing", "No DKIM key was found: mail is not signed."),
    ("finding.dkim.weak_key", "A DKIM key is too short to be trusted."),
    (
        "finding.dkim.short_key",
        "A DKIM key is shorter than today's recommended 2048 bits.",
    ),
    (
        "finding.dkim.unknown",
        "No DKIM key was found at the usual names; the service that sends the mail knows its name.",
    ),
    ("finding.mx.missing", "No mail server is published for the domain."),
    (
        "finding.mx.unresolvable",
        "Mail server {subject} has no address, so mail cannot be delivered there.",
    ),
    (
        "finding.mta_sts.missing",
        "Mail sent to the domain is not protected by MTA-STS.",
    ),
    (
        "finding.mta_sts.policy_unreachable",
        "The MTA-STS policy file cannot be fetched.",
    ),
    (
        "finding.mta_sts.testing",
        "MTA-STS only reports problems; it does not protect mail yet.",
    ),
    (
        "finding.tls_rpt.missing",
        "No TLS reporting address: failed secure deliveries go unreported.",
    ),
    (
        "finding.bimi.dmarc_not_enforced",
        "The logo (BIMI) cannot show until the DMARC policy is enforced.",
    ),
    ("finding.blocklist.listed", "{subject} is listed on a blocklist."),
    (
        "finding.blocklist.unknown",
        "A blocklist could not be checked; the result is unknown.",
    ),
    (
        "finding.rdns.missing",
        "Sending server {subject} has no name in reverse DNS.",
    ),
    (
        "finding.rdns.mismatch",
        "The reverse DNS name of sending server {subject} does not point back to it.",
    ),
    (
        "finding.dns.temperror",
        "A DNS lookup failed, so part of the domain could not be checked.",
    ),
    (
        "finding.domain.not_found",
        "The domain does not exist in DNS: check the spelling.",
    ),
    // What to do, per finding code without a record to publish (other languages).
    (
        "fix.spf.multiple_records",
        "Merge the SPF records into one record that lists every service that sends for the domain.",
    ),
    (
        "fix.spf.syntax",
        "Correct the SPF record; the appendix shows the part receivers cannot read.",
    ),
    (
        "fix.spf.lookup_limit",
        "Remove includes of services you no longer use, or replace them with the addresses they stand for, until the record needs 10 lookups or fewer.",
    ),
    (
        "fix.spf.void_limit",
        "Remove the includes and names in the SPF record that no longer exist.",
    ),
    (
        "fix.dmarc.multiple_records",
        "Keep one DMARC record and delete the others.",
    ),
    (
        "fix.dmarc.syntax",
        "Correct the DMARC record; the appendix shows the part receivers cannot read.",
    ),
    (
        "fix.dkim.weak_key",
        "Ask the sending service for a new 2048-bit key, publish it, then remove the old one.",
    ),
    (
        "fix.dkim.short_key",
        "When the sending service offers it, move to a 2048-bit key.",
    ),
    (
        "fix.dkim.unknown",
        "Ask each service that sends your mail for its DKIM selector, so it can be checked.",
    ),
    (
        "fix.mx.missing",
        "Publish the mail servers that receive mail for the domain, or a null MX record if it receives none.",
    ),
    (
        "fix.mx.unresolvable",
        "Give the mail server an address, or remove it from the MX records.",
    ),
    (
        "fix.mta_sts.policy_unreachable",
        "Make the policy file reachable over HTTPS with a valid certificate, or remove the MTA-STS record.",
    ),
    (
        "fix.mta_sts.testing",
        "Once the reports show no failures, change the policy mode to enforce.",
    ),
    (
        "fix.blocklist.listed",
        "Find and stop the cause (a compromised account, bought lists, a misconfigured server), then request removal.",
    ),
    (
        "fix.rdns.missing",
        "Ask whoever runs the sending server to set its reverse DNS name to a name that points back to it.",
    ),
    (
        "fix.rdns.mismatch",
        "Make the reverse DNS name of the sending server point back to its address.",
    ),
    (
        "fix.dns.temperror",
        "Run the check again later; if it keeps failing, ask the DNS provider why the lookup fails.",
    ),
    // Findings and fixes of the remaining codes: every code has both (a
    // test iterates the registry). `{domain}` is the audited domain,
    // `{subject}` what the finding is about (a mail server, an address).
    (
        "finding.domain.nonexistent_policy",
        "Mail claiming to come from {domain}, a name that does not exist, is judged by the DMARC policy of its organisational domain.",
    ),
    (
        "finding.domain.nothing_checked",
        "Nothing could be checked for {domain}: every DNS lookup failed.",
    ),
    (
        "finding.spf.include_loop",
        "The SPF record of {domain} leads back to itself in a loop, so SPF fails.",
    ),
    (
        "finding.spf.ptr",
        "The SPF record of {domain} uses the ptr mechanism, which receivers may ignore.",
    ),
    (
        "finding.spf.ip_not_authorized",
        "The sending server {subject} is not authorised by the SPF record of {domain}.",
    ),
    (
        "finding.dmarc.external_rua_unauthorized",
        "DMARC reports for {domain} go to {subject}, which has not agreed to receive them, so they are dropped.",
    ),
    (
        "finding.dmarc.testing",
        "The DMARC policy of {domain} is in test mode, so it is not fully applied.",
    ),
    (
        "finding.dmarc.removed_tag",
        "The DMARC record uses tags the current standard removed; receivers may ignore them.",
    ),
    (
        "finding.dmarc.org_domain_differs",
        "Receivers may disagree on which DMARC policy applies to {domain}.",
    ),
    (
        "finding.dmarc.unknown_tag",
        "The DMARC record has tags receivers do not know (a typo?).",
    ),
    (
        "finding.dkim.testing",
        "A DKIM key is in testing mode, so receivers may treat mail as unsigned.",
    ),
    (
        "finding.dkim.revoked",
        "A DKIM key is revoked: mail signed with it fails DKIM.",
    ),
    (
        "finding.dkim.syntax",
        "A DKIM key record cannot be read, so signatures made with it fail.",
    ),
    (
        "finding.dkim.unused_key",
        "A DKIM key does not appear in the DMARC reports: it may be unused.",
    ),
    (
        "finding.mx.null",
        "{domain} says it accepts no mail (null MX): replies and bounces to it are refused.",
    ),
    (
        "finding.mx.cname",
        "Mail server {subject} is an alias (CNAME); some senders refuse to deliver to it.",
    ),
    (
        "finding.mta_sts.syntax",
        "The MTA-STS record cannot be read, so senders ignore the policy.",
    ),
    (
        "finding.mta_sts.policy_invalid",
        "The MTA-STS policy file is invalid, so senders ignore it.",
    ),
    (
        "finding.mta_sts.mx_mismatch",
        "Mail server {subject} is not covered by the MTA-STS policy, so senders that apply it may not deliver there.",
    ),
    (
        "finding.mta_sts.max_age_short",
        "Senders keep the MTA-STS policy for less than a day, so it protects little.",
    ),
    (
        "finding.dane.present",
        "Mail server {subject} publishes DANE records: delivery to it is protected.",
    ),
    (
        "finding.dane.invalid_record",
        "A DANE (TLSA) record of mail server {subject} is unusable.",
    ),
    (
        "finding.dane.unsigned",
        "The DANE records of mail server {subject} are not signed with DNSSEC, so senders ignore them.",
    ),
    (
        "finding.tls_rpt.syntax",
        "The TLS reporting record cannot be read, so no reports arrive.",
    ),
    (
        "finding.bimi.syntax",
        "The BIMI record cannot be read, so the logo is not shown.",
    ),
    (
        "finding.blocklist.query_refused",
        "A blocklist refused to answer, so whether the address is listed there is unknown.",
    ),
    (
        "finding.blocklist.range_not_looked_up",
        "An address range in the SPF record was not looked up on blocklists.",
    ),
    ("finding.message.dkim_missing", "The message is not DKIM-signed."),
    (
        "finding.message.dkim_invalid",
        "A DKIM signature of the message does not verify.",
    ),
    (
        "finding.message.dkim_weak_key",
        "The message is signed with a DKIM key under 1024 bits, which receivers ignore.",
    ),
    (
        "finding.message.dkim_body_length",
        "The DKIM signature covers only part of the body, so text can be added without breaking it.",
    ),
    (
        "finding.message.dkim_headers_unsigned",
        "Important headers are not covered by the DKIM signature and can be changed.",
    ),
    (
        "finding.message.dkim_unaligned",
        "No valid DKIM signature matches the sender's (From) domain.",
    ),
    (
        "finding.message.spf_unaligned",
        "The return-path domain does not match the sender's (From) domain, so SPF does not count for DMARC.",
    ),
    ("finding.message.dmarc_fail", "The message would fail DMARC."),
    (
        "finding.message.unsubscribe_missing",
        "The message has no List-Unsubscribe header.",
    ),
    (
        "finding.message.one_click_missing",
        "One-click unsubscribe is incomplete.",
    ),
    (
        "finding.message.unsubscribe_unsigned",
        "The unsubscribe headers are not covered by a valid DKIM signature.",
    ),
    (
        "finding.message.syntax",
        "The message is not a valid email message (RFC 5322).",
    ),
    (
        "finding.message.no_text_part",
        "The message has HTML without a plain-text version.",
    ),
    (
        "finding.message.too_large",
        "The HTML is over 102 KB, so Gmail cuts the message off.",
    ),
    (
        "finding.message.from_display_spoof",
        "The sender's display name shows another domain's address.",
    ),
    (
        "finding.message.link_listed",
        "The link domain {subject} is on a domain blocklist.",
    ),
    (
        "finding.message.link_shortener",
        "A link goes through the URL shortener {subject}, which hides where it leads.",
    ),
    (
        "finding.message.il_subject_label",
        "The subject does not begin with the word \"פרסומת\", as Israeli law requires of advertising.",
    ),
    (
        "finding.message.sender_identity_missing",
        "The advertiser's name or contact details were not found in the message.",
    ),
    (
        "finding.message.opt_out_missing",
        "The message offers no way to refuse further mail.",
    ),
    (
        "finding.message.postal_address_missing",
        "No physical postal address was found in the message (CAN-SPAM).",
    ),
    (
        "fix.domain.not_found",
        "Correct the spelling of the domain, or register it before sending from it.",
    ),
    (
        "fix.domain.nonexistent_policy",
        "To protect every name that does not exist, add np=reject to the DMARC record of the organisational domain.",
    ),
    (
        "fix.domain.nothing_checked",
        "Check the network connection and the DNS server, then run the check again.",
    ),
    (
        "fix.spf.missing",
        "Publish an SPF record that lists every service that sends mail for {domain}.",
    ),
    (
        "fix.spf.include_loop",
        "Remove the include or redirect that points back up the chain.",
    ),
    (
        "fix.spf.permissive_all",
        "End the SPF record with ~all or -all instead of +all.",
    ),
    (
        "fix.spf.weak_all",
        "End the SPF record with ~all (or -all once every sender is listed).",
    ),
    (
        "fix.spf.no_all",
        "End the SPF record with ~all (or -all once every sender is listed).",
    ),
    (
        "fix.spf.ptr",
        "Replace ptr with the address ranges of the sending servers or an a mechanism.",
    ),
    (
        "fix.spf.ip_not_authorized",
        "Add the server to the SPF record (its address or the provider's include), or stop sending from it.",
    ),
    (
        "fix.dmarc.missing",
        "Publish a DMARC record for {domain}, starting with p=none and an address for reports.",
    ),
    (
        "fix.dmarc.policy_none",
        "Once the reports show that all your real mail passes, move the policy to p=quarantine, then to p=reject.",
    ),
    (
        "fix.dmarc.pct",
        "Remove the pct tag (or raise it to 100) once the reports show that your mail passes.",
    ),
    (
        "fix.dmarc.no_rua",
        "Add an address for aggregate reports (the rua tag) to the DMARC record.",
    ),
    (
        "fix.dmarc.external_rua_unauthorized",
        "Ask the report receiver to publish its authorisation record for {domain}, or send the reports to an address at your own domain.",
    ),
    (
        "fix.dmarc.testing",
        "Remove t=y once the reports show that all your real mail passes.",
    ),
    ("fix.dmarc.removed_tag", "Remove the outdated tags when convenient."),
    (
        "fix.dmarc.org_domain_differs",
        "Publish the policy you want at both domains, or mark the organisational domain with psd=n.",
    ),
    (
        "fix.dmarc.unknown_tag",
        "Check the spelling of the tags and remove those you do not need.",
    ),
    (
        "fix.dkim.missing",
        "Turn on DKIM signing for {domain} in each service that sends your mail, and publish the keys it gives you.",
    ),
    (
        "fix.dkim.testing",
        "Once signing works, remove t=y from the key record.",
    ),
    (
        "fix.dkim.revoked",
        "If mail is still signed with this key, publish its current public key; otherwise nothing to do.",
    ),
    (
        "fix.dkim.syntax",
        "Copy the key record again from your sending service, exactly as given.",
    ),
    (
        "fix.dkim.unused_key",
        "If no service signs with this key any more, remove it; otherwise nothing to do.",
    ),
    (
        "fix.mx.null",
        "Keep it if the domain must not receive mail; otherwise point the MX at a real mail service so replies and bounces arrive.",
    ),
    (
        "fix.mx.cname",
        "Point the MX record at the real host name, not at an alias.",
    ),
    (
        "fix.mta_sts.missing",
        "Publish an MTA-STS record and policy file, starting in testing mode.",
    ),
    (
        "fix.mta_sts.syntax",
        "Publish exactly one MTA-STS record with a valid id.",
    ),
    (
        "fix.mta_sts.policy_invalid",
        "Correct the policy file: version, mode, max_age and one mx line per mail server.",
    ),
    (
        "fix.mta_sts.mx_mismatch",
        "Add an mx line that covers the mail server to the policy file, then change the id of the MTA-STS record so senders fetch the new policy.",
    ),
    (
        "fix.mta_sts.max_age_short",
        "Set max_age to at least one day (86400); one to several weeks is common.",
    ),
    (
        "fix.dane.present",
        "Nothing to fix; publish the new record before each certificate change.",
    ),
    (
        "fix.dane.invalid_record",
        "Replace the broken record with a 3 1 1 record (the SHA-256 of the server's public key).",
    ),
    ("fix.dane.unsigned", "Sign the DNS zone of the mail server with DNSSEC."),
    (
        "fix.tls_rpt.missing",
        "Publish a TLS-RPT record with an address for the reports.",
    ),
    (
        "fix.tls_rpt.syntax",
        "Publish exactly one TLS-RPT record with an address for the reports (mailto or https).",
    ),
    (
        "fix.bimi.syntax",
        "Publish one BIMI record whose logo address is an https link to an SVG file.",
    ),
    (
        "fix.bimi.dmarc_not_enforced",
        "Move the DMARC policy to p=quarantine or p=reject; the logo shows after that.",
    ),
    (
        "fix.blocklist.query_refused",
        "Run the check through your own DNS resolver rather than a public one, or use the list's own query service.",
    ),
    (
        "fix.blocklist.range_not_looked_up",
        "Look up the addresses that really send mail one by one.",
    ),
    (
        "fix.blocklist.unknown",
        "Run the check again later; if a list keeps failing, use a DNS resolver that does not change answers.",
    ),
    (
        "fix.message.dkim_missing",
        "Turn on DKIM signing for the sender's (From) domain in your sending service.",
    ),
    (
        "fix.message.dkim_invalid",
        "Make sure nothing changes the message after it is signed, and that the published key matches the one the service signs with.",
    ),
    (
        "fix.message.dkim_weak_key",
        "Create a 2048-bit key, publish it under a new selector and sign with it.",
    ),
    (
        "fix.message.dkim_body_length",
        "Turn off the body-length limit in the signing settings.",
    ),
    (
        "fix.message.dkim_headers_unsigned",
        "Sign the important headers too, including List-Unsubscribe and List-Unsubscribe-Post.",
    ),
    (
        "fix.message.dkim_unaligned",
        "Set up custom DKIM (domain authentication) in your sending service, so it signs with the sender's domain.",
    ),
    (
        "fix.message.spf_unaligned",
        "Set up a custom return-path (bounce) domain under the sender's domain in your sending service.",
    ),
    (
        "fix.message.dmarc_fail",
        "Sign with a key of the sender's domain, or use a return-path domain under it.",
    ),
    (
        "fix.message.unsubscribe_missing",
        "Turn on the List-Unsubscribe header in your sending service, with one-click unsubscribe.",
    ),
    (
        "fix.message.one_click_missing",
        "Add an https unsubscribe address that works with one click, and the List-Unsubscribe-Post header.",
    ),
    (
        "fix.message.unsubscribe_unsigned",
        "Add the unsubscribe headers to the headers your sending service signs.",
    ),
    (
        "fix.message.syntax",
        "Fix the template or the code that builds the message.",
    ),
    ("fix.message.no_text_part", "Add a plain-text version of the content."),
    (
        "fix.message.too_large",
        "Shrink the HTML: remove unused styles and link images instead of embedding them.",
    ),
    (
        "fix.message.from_display_spoof",
        "Use a plain name as the display name, not an address.",
    ),
    (
        "fix.message.link_listed",
        "Remove or replace the link; if the domain is yours, find out why it was listed and request removal.",
    ),
    (
        "fix.message.link_shortener",
        "Link to the destination directly, or use a branded link domain of your own.",
    ),
    (
        "fix.message.il_subject_label",
        "Begin the subject with the word \"פרסומת\".",
    ),
    (
        "fix.message.sender_identity_missing",
        "Add the advertiser's name and contact details to the footer.",
    ),
    ("fix.message.opt_out_missing", "Add an unsubscribe link to the footer."),
    (
        "fix.message.postal_address_missing",
        "Add your postal address to the footer.",
    ),
    // Markdown reports (check, and what changed): labels as the CI summary
    // has always written them in English.
    ("md.status.ok", "ok"),
    ("md.status.at_risk", "at risk"),
    ("md.status.failing", "failing"),
    ("md.status.incomplete", "incomplete"),
    ("md.sev.error", "error"),
    ("md.sev.warning", "warning"),
    ("md.sev.info", "info"),
    ("md.col.subject", "Subject"),
    ("md.col.message", "Message"),
    ("md.col.fix", "Fix"),
    ("md.col.change", "Change"),
    ("md.col.errors", "Errors"),
    ("md.col.warnings", "Warnings"),
    ("md.col.info", "Info"),
    ("md.known", "known"),
    ("md.new", "new"),
    ("md.seen", "seen"),
    (
        "md.counts",
        "{total} domains checked: {failing} failing, {at_risk} at risk, {incomplete} incomplete, {ok} ok",
    ),
    (
        "md.counts_one",
        "{total} domain checked: {failing} failing, {at_risk} at risk, {incomplete} incomplete, {ok} ok",
    ),
    (
        "md.since_counts",
        "Since {file}: {new} new, {fixed} fixed, {unverified} unverified, {unchanged} unchanged, {not_checked} baseline domains not checked",
    ),
    ("md.changes_since", "What changed since {date}"),
    ("md.since", "Since {file}: {summary}"),
    ("md.not_checked", "In the baseline but not checked this run: {domains}"),
    ("md.explain", "What a code means and how to fix it: {command}."),
    ("md.what_changed", "What changed"),
    ("md.new_findings", "New findings"),
    ("md.fixed", "Fixed"),
    ("md.unverified", "Gone, but not verified (lookups failed this run)"),
    ("md.suppressed", "Suppressed by ignore rules"),
    ("md.suppressed_findings", "suppressed findings"),
    ("md.and_more", " and {count} more"),
    (
        "md.left_out",
        "Left out to stay under {kb} kB (use {json} or {sarif} for everything): {names}",
    ),
    ("md.changes_heading", "What changed {since}"),
    ("md.changes_new", "New problems"),
    ("md.changes_fixed", "Fixed"),
    ("md.changes_unverified", "Gone but not verified (lookups failed)"),
    ("md.domains_gone", "In the previous run, not checked now"),
    ("md.domains_added", "Not in the previous run"),
    ("md.better", "better"),
    ("md.worse", "worse"),
    // Markdown losses report: labels as it has always written them in English.
    ("md.losses.sent", "Sent volume"),
    ("md.losses.given", "given"),
    ("md.losses.col.estimated", "Estimated loss"),
    ("md.losses.col.amount", "Amount"),
    ("md.losses.col.arithmetic", "Arithmetic"),
    ("md.losses.assumption", "Assumption"),
    ("md.losses.col.hard_bounced", "Hard-bounced"),
    ("md.losses.col.complained", "Complained"),
    ("md.losses.col.both", "Both"),
    ("md.losses.col.complaints_without_address", "Complaints without address"),
    ("md.losses.col.hard", "Hard"),
    ("md.losses.col.cause", "Likely cause"),
    ("md.losses.col.pct_provider", "% of provider's volume"),
    (
        "md.losses.dmarc_text",
        "{messages} messages in the aggregate reports. Your own sources: {own_q} quarantined, {own_r} rejected. Unknown sources (spoofing that was stopped): {unknown_q} quarantined, {unknown_r} rejected.",
    ),
    ("md.losses.col.source", "Source"),
    ("md.losses.sending_sources", "Your sending sources"),
    ("md.losses.col.dmarc_pass", "DMARC pass"),
    ("md.losses.col.messages", "Messages"),
    ("md.losses.col.recognised_by", "Recognised by"),
    ("md.losses.col.threshold", "Threshold"),
    ("md.rate.ok", "ok"),
    ("md.rate.warning", "warning"),
    ("md.rate.exceeded", "exceeded"),
    ("md.rate.not_computed", "not_computed"),
    ("md.losses.domain_check", "Domain check: {domain} ({verdict})"),
    ("md.losses.evidence", "evidence"),
    ("md.losses.skipped", "Skipped inputs"),
    ("md.losses.what_if", "What if we enforce?"),
    // losses
    ("losses.title", "Hidden email losses"),
    (
        "losses.verdict.ok",
        "No significant loss found: bounces, complaints and authentication are within the providers' limits.",
    ),
    (
        "losses.verdict.at_risk",
        "Mail is being lost: some figures are close to the providers' limits.",
    ),
    (
        "losses.verdict.failing",
        "Mail is being lost: at least one figure is past a provider's limit.",
    ),
    ("losses.verdict.unknown", "Not enough was given to judge the losses."),
    ("losses.period", "Period covered: {from} to {to}."),
    ("losses.period_one", "Period covered: {date}."),
    ("losses.period_unknown", "Period covered: not stated in the inputs."),
    ("losses.worst", "Most urgent: {title}, affecting {emails} emails."),
    ("losses.contacts_lost", "contacts permanently lost"),
    ("losses.emails_lost", "emails lost"),
    ("losses.complaint_rate", "complaint rate"),
    ("losses.dmarc_pass", "of your own mail passed DMARC"),
    ("losses.money", "Estimated value lost"),
    ("losses.assumption", "Assumption: {text}"),
    ("losses.actions", "What to fix first"),
    ("losses.no_actions", "No losses found in the inputs."),
    ("losses.affected", "{emails} emails, {contacts} contacts"),
    ("losses.auth", "Authentication by provider and sending source"),
    ("losses.chart_provider", "DMARC pass rate by receiving provider"),
    ("losses.chart_source", "DMARC pass rate by sending source"),
    ("losses.chart_row", "{label}: {pct} of {total} passed"),
    ("losses.contacts", "Contacts permanently lost"),
    (
        "losses.contacts_text",
        "Existing customers who can no longer be reached by email: {hard} addresses hard-bounced, {complained} complained ({both} did both).",
    ),
    ("losses.contacts_unmeasured", "Not measured: no bounces were given."),
    ("losses.by_reason", "Lost by reason"),
    ("losses.by_provider", "Lost by recipient provider"),
    (
        "losses.delayed",
        "{n} more emails were delayed and are still being retried; they are not counted as lost.",
    ),
    ("losses.dmarc", "DMARC"),
    (
        "losses.dmarc_text",
        "The DMARC reports cover {messages} emails. From your own sending services, receivers quarantined {own_q} and rejected {own_r}. From unknown sources (most likely spoofing your policy stopped) they quarantined {unknown_q} and rejected {unknown_r}; that is protection, not a loss.",
    ),
    ("losses.rates", "Rates against bulk-sender thresholds"),
    ("losses.domain_check", "Domain check: {domain}"),
    ("losses.skipped", "Inputs that could not be read"),
    ("losses.sources", "Sources and notes"),
    (
        "losses.inputs_text",
        "{bounces} bounce messages from {bounce_files} files; {reports} DMARC reports from {dmarc_files} files.",
    ),
    ("losses.sent_text", "{sent} emails sent."),
    ("col.reason", "Reason"),
    ("col.emails", "Emails"),
    ("col.pct_sent", "% of sent"),
    ("col.hard", "Permanent"),
    ("col.contacts", "Contacts"),
    ("col.example", "Example"),
    ("col.provider", "Provider"),
    ("col.failed", "Failed"),
    ("col.complaints", "Complaints"),
    ("col.dmarc_volume", "Volume it reported"),
    ("col.pct_volume", "% of its volume"),
    ("col.top_reasons", "Top reasons"),
    ("col.source", "Sending source"),
    ("col.failing", "Failing"),
    ("col.of", "Of"),
    ("col.quarantined", "Quarantined"),
    ("col.rejected", "Rejected"),
    ("col.authenticates_as", "Authenticates as"),
    ("col.identified_by", "Identified by"),
    ("col.ips", "Sending IPs"),
    ("losses.failing_sources", "Your sources failing DMARC"),
    ("col.rate", "Rate"),
    ("col.threshold", "Limit"),
    ("col.note", "Note"),
    ("col.pass_rate", "DMARC pass rate"),
    // tls-reports
    ("tls.title", "TLS reports"),
    ("tls.inputs", "Inputs"),
    // losses: actions (title and why per kind)
    (
        "losses.action.auth.title",
        "Fix authentication: sign every sending service with DKIM for your domain and align SPF",
    ),
    (
        "losses.action.auth.why",
        "Receivers reject or spam-folder mail that fails DMARC. A CRM or newsletter tool that signs with its own domain looks exactly like this.",
    ),
    (
        "losses.action.dead.title",
        "Remove {contacts} dead addresses from your lists and confirm new sign-ups",
    ),
    (
        "losses.action.dead.why",
        "Mailing addresses that do not exist tells receivers the list is not maintained; it lowers the reputation of all your mail.",
    ),
    (
        "losses.action.blocked.title",
        "Find out why you are blocked: check blocklists and the receivers' postmaster pages, then request delisting",
    ),
    (
        "losses.action.blocked.why",
        "A block stops all mail to that receiver, not just one address.",
    ),
    (
        "losses.action.spam_content.title",
        "Review the content that is rejected as spam (links, shorteners, attachments, wording)",
    ),
    (
        "losses.action.spam_content.why",
        "Content filters reject the whole campaign at that receiver.",
    ),
    (
        "losses.action.policy.title",
        "Read the receivers' policy rejections and meet their requirements",
    ),
    (
        "losses.action.policy.why",
        "Policy rejections repeat on every send until the cause is fixed.",
    ),
    (
        "losses.action.rate_limited.title",
        "Slow down: spread sends to the provider that throttles you over more time",
    ),
    (
        "losses.action.rate_limited.why",
        "Throttled mail is retried and often expires undelivered.",
    ),
    (
        "losses.action.mailbox_full.title",
        "Stop mailing addresses whose mailbox stays full: they are usually abandoned",
    ),
    (
        "losses.action.mailbox_full.why",
        "Full mailboxes are temporary at first, but months of them mean a dead contact.",
    ),
    (
        "losses.action.message_too_large.title",
        "Make messages smaller (host images instead of attaching them)",
    ),
    (
        "losses.action.message_too_large.why",
        "Oversized mail is refused outright.",
    ),
    (
        "losses.action.complaints.title",
        "Cut complaints: one-click unsubscribe (RFC 8058), stop mailing people who never engage, say who you are",
    ),
    (
        "losses.action.complaints.why",
        "Above 0.3% complaints Gmail and Yahoo reject or spam-folder all of your mail, not just the complainers'.",
    ),
    (
        "losses.action.rest.title",
        "Read the remaining bounces (expired, network, unclassified) to find their cause",
    ),
    (
        "losses.action.rest.why",
        "They are lost mail whose reason the bounces do not state clearly.",
    ),
    ("losses.action.tls.title", "Fix TLS on {mx}: {result} ({domain})"),
    (
        "losses.action.tls.why",
        "{sessions} sessions to {mx} failed TLS with {result}. {remedy}",
    ),
    (
        "losses.evidence.tls",
        "TLS-RPT: {sessions} failed sessions, policy {policy} of {domain}",
    ),
    (
        "losses.tls.remedy.certificate_expired",
        "Renew the MX certificate (and automate renewal).",
    ),
    (
        "losses.tls.remedy.certificate_host_mismatch",
        "Serve a certificate whose names include the MX host name.",
    ),
    (
        "losses.tls.remedy.certificate_not_trusted",
        "Serve a certificate from a public CA with its full chain.",
    ),
    ("losses.tls.remedy.starttls_not_supported", "Enable STARTTLS on the MX."),
    (
        "losses.tls.remedy.validation_failure",
        "The certificate chain or TLS handshake fails validation: check the chain served.",
    ),
    (
        "losses.tls.remedy.tlsa",
        "Update the TLSA records (_25._tcp.MX) to match the certificate served.",
    ),
    (
        "losses.tls.remedy.dnssec_invalid",
        "Fix the DNSSEC signatures of the MX host's zone.",
    ),
    (
        "losses.tls.remedy.sts_policy_fetch_error",
        "Make https://mta-sts.{domain}/.well-known/mta-sts.txt reachable (mailaudit check shows why not).",
    ),
    (
        "losses.tls.remedy.sts_policy_invalid",
        "Fix the MTA-STS policy file (mailaudit check names the problems).",
    ),
    (
        "losses.tls.remedy.sts_webpki_invalid",
        "Serve the MTA-STS policy host with a valid public certificate.",
    ),
    (
        "losses.tls.remedy.other",
        "See the TLS-RPT result type in RFC 8460 and the reporting organisation's details.",
    ),
    (
        "losses.action.enforce.title",
        "Once your own sources pass, move DMARC to p=quarantine, then p=reject",
    ),
    (
        "losses.action.enforce.why",
        "Unknown sources are sending as your domain and your policy lets their mail through.",
    ),
    // losses: the evidence under each action
    ("losses.evidence.cite_auth", "{bounces} bounces cite authentication"),
    ("losses.evidence.bounce", "bounce: {text}"),
    (
        "losses.evidence.dmarc_source",
        "DMARC reports: {source} failed {failing} of {messages} messages ({quarantined} quarantined, {rejected} rejected)",
    ),
    (
        "losses.evidence.dmarc_source_auth",
        "DMARC reports: {source} failed {failing} of {messages} messages ({quarantined} quarantined, {rejected} rejected); authenticates as {identities}",
    ),
    ("losses.evidence.check", "check: {code}"),
    (
        "losses.evidence.reason_count",
        "{reason}: {bounces} bounces, {addresses} addresses",
    ),
    ("losses.evidence.bounces", "{bounces} bounces ({addresses} addresses)"),
    ("losses.evidence.provider", "{provider}: {n}"),
    ("losses.evidence.complaints", "{n} spam complaints"),
    ("losses.evidence.complaint_rate", "complaint rate {pct} ({threshold})"),
    ("losses.evidence.reason_messages", "{reason}: {n}"),
    (
        "losses.evidence.unknown_sources",
        "{n} unknown sources in the DMARC reports",
    ),
    // losses: the headline
    (
        "losses.headline.contacts",
        "{contacts} existing contacts can no longer be reached by email",
    ),
    (
        "losses.headline.no_bounces",
        "No bounces were given, so lost contacts and failed deliveries are not measured",
    ),
    ("losses.headline.emails", "{emails} emails lost ({parts})"),
    ("losses.headline.sent", "out of {sent} sent"),
    (
        "losses.headline.tls",
        "{sessions} sessions to your MX failed TLS: mail was not delivered, or delivered unencrypted",
    ),
    ("losses.part.failed", "failed delivery"),
    ("losses.part.quarantined", "quarantined by DMARC"),
    ("losses.part.rejected", "rejected by DMARC"),
    // losses: rates against thresholds
    ("losses.rate.complaint_rate", "complaint rate"),
    ("losses.rate.hard_bounce_rate", "hard bounce rate"),
    (
        "losses.rate.dmarc_fail_rate_own_sources",
        "DMARC fail rate of your own sources",
    ),
    (
        "losses.threshold.complaint_rate",
        "Gmail: keep under {target}, never {limit} or more; Yahoo: about {yahoo}",
    ),
    (
        "losses.threshold.hard_bounce_rate",
        "under {guide} (common ESP guidance; Gmail, Yahoo and Microsoft publish no bounce figure)",
    ),
    (
        "losses.threshold.dmarc_fail_rate_own_sources",
        "{zero}: Gmail, Yahoo and Microsoft require bulk mail to pass DMARC with aligned SPF or DKIM",
    ),
    ("losses.rate_note.needs_sent", "Needs the sent volume."),
    (
        "losses.rate_note.complaint_rate",
        "Counted from feedback-loop (ARF) reports only. Gmail sends none per message, so the real rate can be higher; check Google Postmaster Tools.",
    ),
    ("losses.rate_note.hard_bounce_rate", "Hard bounces over messages sent."),
    (
        "losses.rate_note.dmarc_fail_rate_own_sources",
        "Mail from your own sources (unknown sources and forwarders left out), from the DMARC reports.",
    ),
    // losses: bounce reasons
    ("reason.user_unknown", "Unknown user (address does not exist)"),
    ("reason.mailbox_full", "Mailbox full"),
    ("reason.mailbox_disabled", "Mailbox disabled"),
    ("reason.host_unknown", "Recipient domain does not exist"),
    ("reason.blocked", "Blocked (IP or domain on a blocklist, or reputation)"),
    ("reason.spam_content", "Rejected as spam (content)"),
    ("reason.auth_failure", "Authentication failure (SPF/DKIM/DMARC)"),
    ("reason.policy", "Receiver policy"),
    ("reason.rate_limited", "Rate limited (too much too fast)"),
    ("reason.message_too_large", "Message too large"),
    ("reason.expired", "Gave up retrying (expired)"),
    ("reason.network_error", "Network or DNS error"),
    ("reason.complaint", "Spam complaint"),
    ("reason.undetermined", "Undetermined"),
    // losses: notes
    (
        "losses.note.domain_filter",
        "Only the bounces of mail {domain} sent are counted: {left_out} bounces left out ({other} from other domains, {unknown} without the original sender).",
    ),
    (
        "losses.note.no_sent",
        "No sent volume given: rates against thresholds are not computed.",
    ),
    (
        "losses.note.value_not_applied",
        "The value per contact was not applied: lost contacts are counted from bounces and complaints, and no bounces were given.",
    ),
    (
        "losses.note.no_value",
        "No value given: the report shows counts and rates only.",
    ),
    (
        "losses.note.provider_volume",
        "A provider's volume is what it reported in its DMARC aggregate reports; bounces and reports should cover the same period for the percentage to be exact.",
    ),
    (
        "losses.note.unknown_not_loss",
        "Mail from unknown sources that DMARC quarantined or rejected is not counted as a loss: it is most likely spoofing that your policy stopped.",
    ),
    // losses: the value of what was lost
    ("losses.money.contacts", "Contacts permanently lost"),
    ("losses.money.emails", "Emails lost"),
    (
        "losses.money.contacts_assumption",
        "Each lost contact is worth {value}. Contacts = unique addresses that hard-bounced or complained.",
    ),
    ("losses.money.emails_assumption", "Each email is worth {value}."),
    (
        "losses.money.not_added",
        "DMARC rejections are not added: they come back as bounces and are already counted.",
    ),
    (
        "losses.money.note",
        "Figures are your values times the counts above, rounded once at the end. The contact and email figures measure different things and are not added together.",
    ),
    // What changed: the figures that moved (check and losses)
    ("losses.money.contacts_arithmetic", "{n} contacts × {value} = {amount}"),
    (
        "losses.money.emails_arithmetic",
        "({parts}) = {n} emails × {value} = {amount}",
    ),
    ("losses.problem.rate", "{rate} is over its threshold"),
    ("losses.problem.source_failing", "{source} fails DMARC"),
    ("figure.verdict", "Verdict"),
    ("figure.errors", "Errors"),
    ("figure.warnings", "Warnings"),
    ("figure.info", "Notices"),
    ("figure.dmarc_pass_rate", "DMARC pass rate of your own mail"),
    ("figure.dmarc_pass_rate_of", "DMARC pass rate of {source}"),
    ("figure.contacts_lost", "Contacts lost"),
    ("figure.complaints", "Spam complaints"),
    ("figure.emails_lost", "Emails lost"),
    ("figure.bounces", "Bounces: {reason}"),
];
