//! The shape of a check and the one list of them.
//!
//! A check is a module with a unit struct implementing [`Check`]: its name,
//! its codes, what it needs from checks run before it (typed, never read from
//! finding codes) and its section of the report. [`CHECKS`] registers it; the
//! code registry (`codes::all`, `mailaudit explain`, the SARIF rules and
//! docs/codes.md) reads its codes from there.

use super::CheckOptions;
use crate::dns::Dns;
use crate::finding::{Code, Finding};
use std::future::Future;

/// What every check is given.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub dns: &'a Dns,
    /// The normalised domain.
    pub domain: &'a str,
    pub options: &'a CheckOptions,
}

/// One check of `mailaudit check`.
pub trait Check {
    /// The family of its codes (`spf` in `spf.lookup_limit`).
    const NAME: &'static str;
    /// Its code tables, each in documentation order.
    const CODES: &'static [&'static [&'static Code]];
    /// What it needs from checks run before it; `()` for nothing.
    type Needs<'a>;
    /// Its section of the domain's report.
    type Report;
    fn run<'a>(cx: Context<'a>, needs: Self::Needs<'a>) -> impl Future<Output = (Self::Report, Vec<Finding>)> + 'a;
}

/// A registered check as the code registry sees it.
pub struct Registered {
    pub name: &'static str,
    pub codes: &'static [&'static [&'static Code]],
}

const fn register<C: Check>() -> Registered {
    Registered {
        name: C::NAME,
        codes: C::CODES,
    }
}

/// Every check, in the order its codes are documented. Adding a check: its
/// module, one line here, its field in `DomainReport` and its call in
/// `check_domain` (which knows what runs before what).
pub static CHECKS: &[Registered] = &[
    register::<super::existence::DomainExistence>(),
    register::<super::spf::Spf>(),
    register::<super::dmarc::Dmarc>(),
    register::<super::dkim::Dkim>(),
    register::<super::mx::Mx>(),
    register::<super::mta_sts::MtaSts>(),
    register::<super::dane::Dane>(),
    register::<super::tls_rpt::TlsRpt>(),
    register::<super::bimi::Bimi>(),
    register::<super::rdns::Rdns>(),
    register::<super::blocklist_targets::Blocklists>(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_existence_codes_are_documented_first() {
        // `codes::all` puts `dns.*` right after them.
        assert_eq!(CHECKS[0].name, "domain");
    }

    #[test]
    fn every_code_belongs_to_the_family_of_its_check() {
        for check in CHECKS {
            for code in check.codes.iter().flat_map(|t| t.iter()) {
                assert_eq!(
                    code.family(),
                    check.name,
                    "{} registered under {}",
                    code.code,
                    check.name
                );
            }
        }
    }
}
