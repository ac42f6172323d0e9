//! The RFC 5782 self-test: every zone is asked its own test entries, and a
//! zone that answers wrongly makes its results unknown.

use super::*;

const DEAD_LIST: &str = "this list did not list its own test entry: it is dead, blocks your resolver, or your \
                         resolver rewrites answers";

/// Ask every zone both RFC 5782 test entries.
pub(super) async fn run_self_test(dns: &Dns, limits: &Limits, zones: &[&Zone]) -> Vec<SelfTest> {
    let probes = zones.iter().map(|zone| async move {
        let (positive, negative) = query::test_names(zone);
        let (p, n) = futures::join!(
            query::probe(dns, limits, zone, &positive),
            query::probe(dns, limits, zone, &negative)
        );
        let (status, detail) = match (p, n) {
            (_, Probe::Listed) => (
                SelfTestStatus::AnswersEverything,
                format!(
                    "{negative} is answered as listed, though RFC 5782 says it never is: the resolver rewrites \
                     answers or the list answers every query as listed, so its listings cannot be trusted"
                ),
            ),
            (Probe::Listed, Probe::NotListed) => (
                SelfTestStatus::Ok,
                format!("{positive} is listed and {negative} is not, as RFC 5782 says"),
            ),
            (Probe::NotListed, _) => (
                SelfTestStatus::TestEntryMissing,
                format!("{DEAD_LIST} ({positive} should always be listed but is not)"),
            ),
            (Probe::Refused(why), _) | (Probe::Listed, Probe::Refused(why)) => (SelfTestStatus::Refused, why),
            (Probe::Unknown(why), _) | (Probe::Listed, Probe::Unknown(why)) => (
                SelfTestStatus::Unknown,
                format!("the test entries could not be asked: {why}"),
            ),
        };
        SelfTest {
            zone: zone.zone.clone(),
            list: zone.name.clone(),
            status,
            detail,
        }
    });
    futures::future::join_all(probes).await
}

/// Results a failed self-test makes untrustworthy become unknown.
pub(super) fn apply_self_tests(results: &mut [ListResult], self_tests: &[SelfTest]) {
    for test in self_tests {
        let (untrusted, cause) = match test.status {
            SelfTestStatus::AnswersEverything => (Status::Listed, Cause::AnswersEverything),
            SelfTestStatus::TestEntryMissing => (Status::NotListed, Cause::DeadList),
            _ => continue,
        };
        for result in results
            .iter_mut()
            .filter(|r| r.zone == test.zone && r.status == untrusted)
        {
            result.status = Status::Unknown;
            result.cause = Some(cause);
            result.detail = Some(test.detail.clone());
        }
    }
}
