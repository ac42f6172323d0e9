//! Pacing for long runs: a [`DnsClient`] decorator that spaces queries out to a
//! maximum rate and retries timeouts with exponential backoff, so a 500-domain
//! agency run neither trips a resolver's rate limit nor turns one lost UDP
//! packet into a "could not tell" finding.
//!
//! mailaudit is a stub resolver: every query goes to the configured resolver
//! (or the system one), which talks to the authoritative servers. The rate is
//! therefore the rate sent to that resolver — the server that would rate-limit
//! us. Only timeouts are retried: SERVFAIL and REFUSED are answers, and asking
//! again at once would only add load.

use crate::dns::{Answer, DnsClient, DnsFailureKind, QueryType};
use futures::future::BoxFuture;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// How to pace and retry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PacingOptions {
    /// At most this many queries per second; `None`: no cap.
    pub queries_per_second: Option<f64>,
    /// Extra attempts after a timeout.
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one.
    pub backoff: Duration,
}

impl Default for PacingOptions {
    fn default() -> Self {
        PacingOptions {
            queries_per_second: None,
            retries: 1,
            backoff: Duration::from_millis(250),
        }
    }
}

/// Longest single backoff wait, whatever the number of retries.
const MAX_BACKOFF: Duration = Duration::from_secs(10);

/// Spaces events at least `interval` apart: each caller reserves the next
/// free slot and waits for it. No bursts, so a resolver never sees more than
/// the rate even over a fraction of a second.
#[derive(Debug)]
pub struct RateLimiter {
    interval: Duration,
    next_free: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// `None` for a rate that is not a positive number (or so small that the
    /// interval does not fit a `Duration`).
    pub fn per_second(rate: f64) -> Option<RateLimiter> {
        if !(rate.is_finite() && rate > 0.0) {
            return None;
        }
        let interval = Duration::try_from_secs_f64(1.0 / rate).ok()?;
        Some(RateLimiter {
            interval,
            next_free: Mutex::new(None),
        })
    }

    /// The instant a caller arriving at `now` may go.
    pub fn reserve(&self, now: Instant) -> Instant {
        let mut next = self.next_free.lock().unwrap_or_else(|p| p.into_inner());
        let slot = match *next {
            Some(free) if free > now => free,
            _ => now,
        };
        *next = Some(slot + self.interval);
        slot
    }

    async fn wait(&self) {
        let slot = self.reserve(Instant::now());
        tokio::time::sleep_until(slot).await;
    }
}

/// The wait before retry number `retry` (0-based).
pub fn backoff_delay(base: Duration, retry: u32) -> Duration {
    base.saturating_mul(2u32.saturating_pow(retry.min(16))).min(MAX_BACKOFF)
}

/// A paced, retrying client around `inner`.
pub struct Paced<C> {
    inner: C,
    limiter: Option<RateLimiter>,
    options: PacingOptions,
    retries_made: AtomicUsize,
}

impl<C: DnsClient> Paced<C> {
    pub fn new(inner: C, options: PacingOptions) -> Self {
        Paced {
            inner,
            limiter: options.queries_per_second.and_then(RateLimiter::per_second),
            options,
            retries_made: AtomicUsize::new(0),
        }
    }

    /// How many queries were sent again after a timeout.
    pub fn retries_made(&self) -> usize {
        self.retries_made.load(Ordering::Relaxed)
    }
}

impl<C: DnsClient> DnsClient for Paced<C> {
    fn query<'a>(&'a self, name: &'a str, qtype: QueryType) -> BoxFuture<'a, Result<Answer, DnsFailureKind>> {
        Box::pin(async move {
            let mut retry = 0;
            loop {
                if let Some(limiter) = &self.limiter {
                    limiter.wait().await;
                }
                let result = self.inner.query(name, qtype).await;
                // A client that gave up every server fails at once: a retry
                // would only add the backoff to a run that cannot succeed.
                if result != Err(DnsFailureKind::Timeout) || retry >= self.options.retries || self.inner.given_up() {
                    return result;
                }
                tokio::time::sleep(backoff_delay(self.options.backoff, retry)).await;
                self.retries_made.fetch_add(1, Ordering::Relaxed);
                retry += 1;
            }
        })
    }

    fn given_up(&self) -> bool {
        self.inner.given_up()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    /// Fails with `failure` for the first `failures` queries, then answers.
    struct Flaky {
        failures: usize,
        failure: DnsFailureKind,
        calls: AtomicUsize,
    }

    impl DnsClient for Flaky {
        fn query<'a>(&'a self, _: &'a str, _: QueryType) -> BoxFuture<'a, Result<Answer, DnsFailureKind>> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            let result = if n < self.failures {
                Err(self.failure.clone())
            } else {
                Ok(Answer::default())
            };
            Box::pin(async move { result })
        }
    }

    fn flaky(failures: usize, failure: DnsFailureKind) -> Flaky {
        Flaky {
            failures,
            failure,
            calls: AtomicUsize::new(0),
        }
    }

    fn options(retries: u32) -> PacingOptions {
        PacingOptions {
            queries_per_second: None,
            retries,
            backoff: Duration::ZERO,
        }
    }

    #[tokio::test]
    async fn retries_a_timeout_until_it_answers() {
        let paced = Paced::new(flaky(2, DnsFailureKind::Timeout), options(2));
        assert_eq!(paced.query("a.test", QueryType::Txt).await, Ok(Answer::default()));
        assert_eq!(paced.inner.calls.load(Ordering::SeqCst), 3);
        assert_eq!(paced.retries_made(), 2);
    }

    #[tokio::test]
    async fn gives_up_after_the_retries_and_reports_the_timeout() {
        let paced = Paced::new(flaky(5, DnsFailureKind::Timeout), options(1));
        assert_eq!(
            paced.query("a.test", QueryType::Txt).await,
            Err(DnsFailureKind::Timeout)
        );
        assert_eq!(paced.inner.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn servfail_is_an_answer_and_not_retried() {
        let paced = Paced::new(flaky(1, DnsFailureKind::ServFail), options(3));
        assert_eq!(
            paced.query("a.test", QueryType::Txt).await,
            Err(DnsFailureKind::ServFail)
        );
        assert_eq!(paced.inner.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn zero_retries_sends_once() {
        let paced = Paced::new(flaky(1, DnsFailureKind::Timeout), options(0));
        assert_eq!(
            paced.query("a.test", QueryType::Txt).await,
            Err(DnsFailureKind::Timeout)
        );
        assert_eq!(paced.inner.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn limiter_spaces_slots_by_the_interval() {
        let limiter = RateLimiter::per_second(10.0).unwrap();
        let t0 = Instant::now();
        // Three callers at once get slots 0, 100 and 200 ms later.
        let slots: Vec<Duration> = (0..3).map(|_| limiter.reserve(t0) - t0).collect();
        assert_eq!(
            slots,
            [Duration::ZERO, Duration::from_millis(100), Duration::from_millis(200)]
        );
        // A caller arriving after a quiet second goes at once.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(limiter.reserve(later), later);
        assert!(RateLimiter::per_second(0.0).is_none());
        assert!(RateLimiter::per_second(f64::NAN).is_none());
        assert!(
            RateLimiter::per_second(1e-300).is_none(),
            "interval too long for a Duration"
        );
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_millis(250);
        assert_eq!(backoff_delay(base, 0), Duration::from_millis(250));
        assert_eq!(backoff_delay(base, 2), Duration::from_millis(1000));
        assert_eq!(backoff_delay(base, 30), MAX_BACKOFF);
    }
}
