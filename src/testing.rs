//! A DNS without records, shared by the unit tests and the integration tests
//! (tests/it): real report shapes without a network. Not part of the tool's API.

use crate::check::DomainReport;

/// A domain that exists but has no records (NODATA), everything else
/// NXDOMAIN: a real report shape without a network (spf.missing,
/// dmarc.missing, dkim.missing, ...).
pub struct Nowhere {
    /// The one name that exists (with no records); everything else is NXDOMAIN.
    pub domain: String,
}

impl crate::dns::DnsClient for Nowhere {
    fn query<'a>(
        &'a self,
        name: &'a str,
        _: crate::dns::QueryType,
    ) -> futures::future::BoxFuture<'a, Result<crate::dns::Answer, crate::dns::DnsFailureKind>> {
        let nxdomain = name != self.domain;
        Box::pin(async move {
            Ok(crate::dns::Answer {
                records: vec![],
                nxdomain,
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
    let normalized = crate::domain::normalize(name).expect("test domain");
    let dns = crate::dns::Dns::new(std::sync::Arc::new(Nowhere {
        domain: normalized.name.clone(),
    }));
    runtime.block_on(crate::check::check_domain(
        &dns,
        &normalized,
        &crate::check::CheckOptions::default(),
    ))
}
