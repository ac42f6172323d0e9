//! The allowed values of each numeric setting, one rule each: `config` holds
//! `mailaudit.toml` to them and `settings` the flags, so a file and a flag
//! never disagree. A leaf: both of those modules use it.

use std::ops::RangeInclusive;

/// Longest wait for one answer (a DNS query, an MTA-STS policy fetch), in
/// seconds; more is a typo (milliseconds for seconds). The wait must also be
/// more than 0.
pub const MAX_TIMEOUT_SECS: f64 = 300.0;

/// Extra attempts after a DNS timeout.
pub const RETRIES: RangeInclusive<u32> = 0..=5;

/// Upper bound of DNS queries per second.
pub const QUERIES_PER_SECOND: RangeInclusive<f64> = 0.01..=100_000.0;

/// Domains checked at once.
pub const CONCURRENCY: RangeInclusive<usize> = 1..=256;

/// More than 0 and at most [`MAX_TIMEOUT_SECS`].
pub fn timeout_allowed(secs: f64) -> bool {
    secs.is_finite() && secs > 0.0 && secs <= MAX_TIMEOUT_SECS
}

/// Within [`QUERIES_PER_SECOND`] (so never NaN or infinite).
pub fn queries_per_second_allowed(rate: f64) -> bool {
    QUERIES_PER_SECOND.contains(&rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ends_are_allowed_and_what_lies_past_them_is_not() {
        assert!(timeout_allowed(MAX_TIMEOUT_SECS) && timeout_allowed(0.001));
        for bad in [0.0, -1.0, 300.5, f64::NAN, f64::INFINITY] {
            assert!(!timeout_allowed(bad), "{bad}");
        }
        assert!(queries_per_second_allowed(0.01) && queries_per_second_allowed(100_000.0));
        for bad in [0.0, 0.009, 100_000.5, f64::NAN, f64::INFINITY] {
            assert!(!queries_per_second_allowed(bad), "{bad}");
        }
        assert!(!RETRIES.contains(&6) && !CONCURRENCY.contains(&0) && !CONCURRENCY.contains(&257));
    }
}
