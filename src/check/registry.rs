//! The shape of a check and the one list of them.
//!
//! A check is a module with a unit struct implementing [`Check`]: its name,
//! its codes, what it needs from checks run before it (typed, never read from
//! finding codes) and its section of the report. The `checks!` declaration at
//! the bottom of this file lists every check once; from it come [`CHECKS`]
//! (read by `codes::all`, `mailaudit explain`, the SARIF rules and
//! docs/codes.md), [`Sections`] (every check's result, one field each) and
//! [`run_all`] (the concurrent run).

use super::CheckOptions;
use super::{bimi, blocklist_targets, dane, dkim, dmarc, existence, mta_sts, mx, rdns, spf, tls_rpt};
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

    /// Once every check has run: complete this check's section or adjust its
    /// findings from the other sections (MTA-STS against the MX hosts). Each
    /// check touches only its own field mutably, so the order of these calls
    /// does not matter.
    fn after(_sections: &mut Sections) {}

    /// Whether this result makes every other check's advice moot (a domain
    /// that does not exist). Their failed lookups are still reported.
    fn silences_others(_report: &Self::Report) -> bool {
        false
    }
}

/// What one check found: its section of the report and its findings.
pub struct Section<C: Check> {
    pub report: C::Report,
    pub findings: Vec<Finding>,
}

impl<C: Check> Section<C> {
    /// Whether one of its lookups failed (it raised an incomplete finding).
    pub fn lookup_failed(&self) -> bool {
        self.findings.iter().any(Finding::is_incomplete)
    }
}

async fn run_one<'a, C: Check>(cx: Context<'a>, needs: C::Needs<'a>) -> Section<C> {
    let (report, findings) = C::run(cx, needs).await;
    Section { report, findings }
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

/// Generates the registry from the declaration below. Its two parts:
///
/// - `sections { field: Type, .. }`: every check, in documentation order
///   (also the order of the report's fields and of the findings before they
///   are sorted). It becomes [`CHECKS`], the struct [`Sections`] (field
///   `field` holds `Section<Type>`) and `RunByField::field(cx, needs)`, which
///   runs that check.
/// - `run { [stage] [stage] }`: the stages of [`run_all`]. The checks of a
///   stage run concurrently (`futures::join!`); a stage starts when the one
///   before it is done. `field <- expr` gives the check `expr` as its
///   `Needs`, where `expr` reads the sections of earlier stages by field name
///   (`dmarc.report.enforced`); a check without `<-` needs `()`.
///
/// A check declared but left out of `run` does not compile (`Sections` is
/// built field by field); one run twice fails a unit test below.
macro_rules! checks {
    (
        sections { $( $field:ident: $check:ty, )* }
        run { $( [ $( $ran:ident $( <- $needs:expr )? ),* $(,)? ] )* }
    ) => {
        /// Every check, in documentation order.
        pub static CHECKS: &[Registered] = &[ $( register::<$check>(), )* ];

        /// The field of every check, in `sections` order, and the fields
        /// each stage runs: a test holds that each check runs exactly once.
        #[cfg(test)]
        const FIELDS: &[&str] = &[ $( stringify!($field), )* ];
        #[cfg(test)]
        const STAGES: &[&[&str]] = &[ $( &[ $( stringify!($ran), )* ], )* ];

        /// What every check found for one domain, one field per check.
        pub struct Sections {
            $( pub $field: Section<$check>, )*
        }

        /// `RunByField::spf(cx, needs)` runs the check registered as `spf`,
        /// so that the stages name checks by their field.
        struct RunByField;

        impl RunByField {
            $(
                fn $field<'a>(
                    cx: Context<'a>,
                    needs: <$check as Check>::Needs<'a>,
                ) -> impl Future<Output = Section<$check>> + 'a {
                    run_one::<$check>(cx, needs)
                }
            )*
        }

        /// Run every check for one domain, stage by stage, then their
        /// cross-checks ([`Check::after`]).
        pub async fn run_all(cx: Context<'_>) -> Sections {
            $(
                let ( $( $ran, )* ) = futures::join!(
                    $( RunByField::$ran(cx, checks!(@needs $( $needs )?)) ),*
                );
            )*
            let mut sections = Sections { $( $field, )* };
            $( <$check as Check>::after(&mut sections); )*
            sections
        }

        impl Sections {
            /// Every check's findings, in documentation order; only the
            /// failed lookups of the others when one check silences them.
            pub fn take_findings(&mut self) -> Vec<Finding> {
                let silenced = [ $( <$check as Check>::silences_others(&self.$field.report), )* ];
                let any_silenced = silenced.contains(&true);
                let mut all = Vec::new();
                for (silences, findings) in silenced.into_iter().zip([ $( &mut self.$field.findings, )* ]) {
                    let findings = std::mem::take(findings);
                    if any_silenced && !silences {
                        all.extend(findings.into_iter().filter(Finding::is_incomplete));
                    } else {
                        all.extend(findings);
                    }
                }
                all
            }
        }
    };
    (@needs) => { () };
    (@needs $needs:expr) => { $needs };
}

checks! {
    sections {
        existence: existence::DomainExistence,
        spf: spf::Spf,
        dmarc: dmarc::Dmarc,
        dkim: dkim::Dkim,
        mx: mx::Mx,
        mta_sts: mta_sts::MtaSts,
        dane: dane::Dane,
        tls_rpt: tls_rpt::TlsRpt,
        bimi: bimi::Bimi,
        reverse_dns: rdns::Rdns,
        blocklist: blocklist_targets::Blocklists,
    }
    run {
        // Stage 1: independent of each other.
        [spf, dmarc, dkim, mx, mta_sts, tls_rpt, reverse_dns]
        // Stage 2: given what stage 1 found. The existence check reads the
        // lookups SPF, MX and DMARC made (from the cache).
        [
            bimi <- dmarc.report.enforced,
            dane <- mx::inbound(&mx.report),
            blocklist <- (&spf.report, &mx.report),
            existence <- &dmarc.report,
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_domain_existence_codes_are_documented_first() {
        // `codes::all` puts `dns.*` right after them.
        assert_eq!(CHECKS[0].name, "domain");
    }

    #[test]
    fn every_check_runs_in_exactly_one_stage() {
        let mut ran: Vec<&str> = STAGES.iter().flat_map(|stage| stage.iter().copied()).collect();
        ran.sort_unstable();
        let mut declared = FIELDS.to_vec();
        declared.sort_unstable();
        assert_eq!(ran, declared);
        assert_eq!(FIELDS.len(), CHECKS.len());
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
