//! The integration tests, one binary (issue 18: one link step and one process instead of
//! one per file). One module per area; shared helpers live in `support`.

mod support;

mod baseline;
mod blocklist;
mod bounces;
mod changes;
mod check_dane;
mod check_dkim;
mod check_dmarc;
mod check_existence;
mod check_extras;
mod check_mta_sts;
mod check_mx;
mod check_spf;
mod ci_formats;
mod cli_check;
mod client_print;
mod client_reports;
mod codes_docs;
mod config;
mod dmarc_evidence;
mod dmarc_reports;
mod dns_layer;
mod fuzz;
mod hostile_input;
mod losses;
mod losses_tls;
mod many_domains;
mod message;
mod module_graph;
mod outputs;
mod readme_usage;
mod tls_reports;
mod what_if;
