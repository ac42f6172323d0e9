//! Helpers shared by the unit tests of several modules.

use crate::check::DomainReport;

/// Answers NXDOMAIN to everything: a real report shape without a network
/// (spf.missing, dmarc.missing, dkim.missing, ...).
struct Nowhere;

impl crate::dns::DnsClient for Nowhere {
    fn query<'a>(
        &'a self,
        _: &'a str,
        _: crate::dns::QueryType,
    ) -> futures::future::BoxFuture<'a, Result<crate::dns::Answer, crate::dns::DnsFailureKind>> {
        Box::pin(async {
            Ok(crate::dns::Answer {
                records: vec![],
                nxdomain: true,
            })
        })
    }
}

/// The report of checking `name` against DNS that has no records at all.
pub fn report_without_dns(name: &str) -> DomainReport {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let dns = crate::dns::Dns::new(std::sync::Arc::new(Nowhere));
    let normalized = crate::domain::normalize(name).expect("test domain");
    runtime.block_on(crate::check::check_domain(
        &dns,
        &normalized,
        &crate::check::CheckOptions::default(),
    ))
}
