//! Protecting the tenant: the client-wide throttle gate (closed by a `429`
//! with `Retry-After`), the optional concurrency limit and the optional
//! client-side [`RateLimit`] (token buckets from the `governor` crate).

use std::fmt;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use governor::clock::{Clock as _, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::Error;
use super::retry::MAX_RETRY_AFTER;
use super::timer::Timer;

/// A client-side rate limit: request budgets per time window (all must
/// allow a request before it is sent) and, optionally, a cap on concurrent
/// requests. Set it with [`ClientBuilder::rate_limit`](super::ClientBuilder::rate_limit).
///
/// Each window is a token bucket (GCRA, the `governor` crate) holding
/// `requests` tokens, refilled evenly over `period`: a burst of up to
/// `requests` goes out at once, then one request per `period / requests`.
/// A request waits for its turn (the wait counts against the retry policy's
/// `max_total` and the deadline; beyond them it fails with
/// [`ErrorKind::Throttled`](super::ErrorKind::Throttled) unsent).
///
/// The presets are Microsoft's documented limits per app and tenant, so
/// one client per app and tenant stays under them:
///
/// | preset | limit | source |
/// |---|---|---|
/// | [`graph_security`](Self::graph_security) | 150 requests per minute | Graph throttling limits, "Security service limits" (alerts, securityActions, secureScores): <https://learn.microsoft.com/graph/throttling-limits#security-service-limits> |
/// | [`graph_ti_indicators`](Self::graph_ti_indicators) | 1,000 requests per minute | same page, tiIndicator |
/// | [`graph_secure_score`](Self::graph_secure_score) | 10,000 per 10 minutes, 4 concurrent | same page, secureScore and secureScoreControlProfile |
/// | [`defender_incidents`](Self::defender_incidents) | 100 per minute and 1,500 per hour | Defender XDR "List incidents" / "Get incident" API, Limitations: <https://learn.microsoft.com/defender-xdr/api-list-incidents> |
///
/// ```
/// use std::time::Duration;
/// use msgraph_security_runtime::client::RateLimit;
///
/// let custom = RateLimit::new().per(20, Duration::from_secs(10)).max_concurrent(2);
/// assert_eq!(custom.windows(), &[(20, Duration::from_secs(10))]);
/// assert_eq!(RateLimit::defender_incidents().windows().len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RateLimit {
    windows: Vec<(u32, Duration)>,
    concurrency: Option<usize>,
}

impl RateLimit {
    /// No limit yet; add windows with [`per`](Self::per).
    pub fn new() -> Self {
        Self::default()
    }

    /// At most `requests` per `period` (ignored when either is zero).
    #[must_use]
    pub fn per(mut self, requests: u32, period: Duration) -> Self {
        if requests > 0 && !period.is_zero() {
            self.windows.push((requests, period));
        }
        self
    }

    /// At most `requests` in flight at once (at least 1).
    #[must_use]
    pub fn max_concurrent(mut self, requests: usize) -> Self {
        self.concurrency = Some(requests.max(1));
        self
    }

    /// The windows, as `(requests, period)`.
    pub fn windows(&self) -> &[(u32, Duration)] {
        &self.windows
    }

    /// The concurrency cap, if any.
    pub fn concurrency(&self) -> Option<usize> {
        self.concurrency
    }

    /// Graph `/security` alerts, securityActions and secureScores: 150
    /// requests per minute per app per tenant.
    pub fn graph_security() -> Self {
        Self::new().per(150, Duration::from_secs(60))
    }

    /// Graph tiIndicator: 1,000 requests per minute per app per tenant.
    pub fn graph_ti_indicators() -> Self {
        Self::new().per(1_000, Duration::from_secs(60))
    }

    /// Graph secureScore and secureScoreControlProfile: 10,000 requests per
    /// 10 minutes and 4 concurrent requests per app per tenant.
    pub fn graph_secure_score() -> Self {
        Self::new()
            .per(10_000, Duration::from_secs(600))
            .max_concurrent(4)
    }

    /// The Defender XDR incidents API (`api.security.microsoft.com`): 100
    /// calls per minute and 1,500 per hour.
    pub fn defender_incidents() -> Self {
        Self::new()
            .per(100, Duration::from_secs(60))
            .per(1_500, Duration::from_secs(3_600))
    }
}

/// The admission control of one client.
pub(crate) struct Throttle {
    /// Closed until this instant by a `429` with `Retry-After`.
    gate: Mutex<Option<Instant>>,
    semaphore: Option<Arc<Semaphore>>,
    limiters: Vec<DefaultDirectRateLimiter>,
    config: RateLimit,
}

impl fmt::Debug for Throttle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Throttle")
            .field("rate_limit", &self.config)
            .finish_non_exhaustive()
    }
}

/// What [`Throttle::admit`] gives: the concurrency permit (if limited) and
/// how long it waited.
#[derive(Debug)]
pub(crate) struct Admission {
    pub(crate) permit: Option<OwnedSemaphorePermit>,
    pub(crate) waited: Duration,
}

impl Throttle {
    pub(crate) fn new(config: RateLimit) -> Self {
        let limiters = config
            .windows
            .iter()
            .filter_map(|&(requests, period)| {
                let burst = NonZeroU32::new(requests)?;
                let quota = Quota::with_period(period / requests)?.allow_burst(burst);
                Some(RateLimiter::direct(quota))
            })
            .collect();
        Self {
            gate: Mutex::new(None),
            semaphore: config.concurrency.map(|n| Arc::new(Semaphore::new(n))),
            limiters,
            config,
        }
    }

    /// Closes the gate for `wait` from now, at most [`MAX_RETRY_AFTER`]
    /// (never shortens a longer close).
    pub(crate) fn close_for(&self, wait: Duration) {
        let now = Instant::now();
        let wait = wait.min(MAX_RETRY_AFTER);
        // Cannot overflow for an hour on any platform's clock; saturate anyway.
        let until = now.checked_add(wait).unwrap_or(now);
        let mut gate = self.gate.lock().unwrap_or_else(PoisonError::into_inner);
        if gate.is_none_or(|current| current < until) {
            *gate = Some(until);
        }
    }

    /// How long the gate stays closed from now.
    pub(crate) fn gate_wait(&self) -> Duration {
        let gate = self.gate.lock().unwrap_or_else(PoisonError::into_inner);
        gate.map_or(Duration::ZERO, |until| {
            until.saturating_duration_since(Instant::now())
        })
    }

    /// Waits until a request may go out: the gate open, a token from every
    /// window, a concurrency permit. Fails with `Throttled` (gate, windows)
    /// when that would take longer than `max_wait`, or with a deadline
    /// timeout waiting for a permit.
    pub(crate) async fn admit(
        &self,
        timer: &Timer,
        max_wait: Duration,
        deadline: Option<Duration>,
    ) -> Result<Admission, Error> {
        let start = Instant::now();
        loop {
            let left = max_wait.saturating_sub(start.elapsed());
            let gate = self.gate_wait();
            if !gate.is_zero() {
                if gate > left {
                    return Err(Error::throttled(gate));
                }
                timer.sleep(gate).await;
                continue;
            }
            let mut wait = Duration::ZERO;
            for limiter in &self.limiters {
                if let Err(not_until) = limiter.check() {
                    wait = wait.max(not_until.wait_time_from(DefaultClock::default().now()));
                }
            }
            if wait.is_zero() {
                break;
            }
            if wait > left {
                return Err(Error::throttled(wait));
            }
            timer.sleep(wait).await;
        }
        let permit = match &self.semaphore {
            None => None,
            Some(semaphore) => {
                let acquire = Arc::clone(semaphore).acquire_owned();
                let permit = match deadline {
                    None => acquire.await,
                    Some(limit) => {
                        let left = limit.saturating_sub(start.elapsed());
                        timer
                            .timeout(left, acquire)
                            .await
                            .map_err(|()| Error::timeout(limit, true))?
                    }
                };
                // The semaphore is never closed.
                permit.ok()
            }
        };
        Ok(Admission {
            permit,
            waited: start.elapsed(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::timer::FuturesTimer;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        futures_util::FutureExt::now_or_never(f).unwrap()
    }

    #[test]
    fn gate_refuses_waits_beyond_the_budget() {
        let throttle = Throttle::new(RateLimit::new());
        let timer = Timer(Arc::new(FuturesTimer));
        assert!(block_on(throttle.admit(&timer, Duration::ZERO, None)).is_ok());
        throttle.close_for(Duration::from_secs(3_000));
        throttle.close_for(Duration::from_secs(1)); // never shortens
        assert!(throttle.gate_wait() > Duration::from_secs(2_900));
        let error = block_on(throttle.admit(&timer, Duration::from_secs(120), None)).unwrap_err();
        assert!(
            error.retry_after().unwrap() > Duration::from_secs(2_900),
            "{error:?}"
        );
        // Huge waits are clamped, never overflow the clock.
        throttle.close_for(Duration::MAX);
        assert!(throttle.gate_wait() <= MAX_RETRY_AFTER);
        assert!(throttle.gate_wait() > MAX_RETRY_AFTER - Duration::from_secs(60));
        assert!(error.is_retryable());
    }

    #[test]
    fn windows_spend_tokens() {
        let throttle = Throttle::new(RateLimit::new().per(2, Duration::from_secs(3_600)));
        let timer = Timer(Arc::new(FuturesTimer));
        for _ in 0..2 {
            assert!(block_on(throttle.admit(&timer, Duration::ZERO, None)).is_ok());
        }
        let error = block_on(throttle.admit(&timer, Duration::from_secs(60), None)).unwrap_err();
        assert!(
            matches!(error.kind(), crate::client::ErrorKind::Throttled { wait } if *wait > Duration::from_secs(60))
        );
    }

    #[test]
    fn presets() {
        assert_eq!(
            RateLimit::graph_security().windows(),
            &[(150, Duration::from_secs(60))]
        );
        assert_eq!(RateLimit::graph_secure_score().concurrency(), Some(4));
        assert_eq!(
            RateLimit::defender_incidents().windows(),
            &[
                (100, Duration::from_secs(60)),
                (1_500, Duration::from_secs(3_600))
            ]
        );
        assert_eq!(
            RateLimit::graph_ti_indicators().windows(),
            &[(1_000, Duration::from_secs(60))]
        );
    }
}
