//! [`RetryPolicy`]: when and how long the client waits before trying again.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::http::Method;

/// The longest wait the client takes from a `Retry-After` header (one hour):
/// a larger value (`Retry-After: 9223372036854775807`, a date years ahead) is
/// clamped to it, both for the retry and for the throttle gate that a `429`
/// closes for the client and its clones. The value the service sent is kept
/// in [`Error::requested_retry_after`](super::Error::requested_retry_after).
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(60 * 60);

/// When to retry and how long to wait.
///
/// Retried: status 429 (throttled) for every method; 503 and 504 and
/// transport failures (no response) for every method but `POST`, which is
/// not idempotent. The wait is the response's `Retry-After` (delta-seconds or
/// an HTTP date) when present, at most [`MAX_RETRY_AFTER`], else an exponential backoff
/// (`initial_backoff`, doubling, at most `max_backoff`), with jitter when
/// enabled (a random wait between half and all of it). The client gives up,
/// returning the last error, after `max_attempts` tries or when the next wait
/// would bring the total waiting above `max_total`.
///
/// ```
/// use std::time::Duration;
/// use msgraph_security_runtime::client::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(6)
///     .with_max_total(Duration::from_secs(60));
/// assert_eq!(policy.max_attempts, 6);
/// assert_eq!(RetryPolicy::none().max_attempts, 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Tries in total, the first included (default 4; 1 disables retries).
    pub max_attempts: u32,
    /// The first backoff (default 500 ms).
    pub initial_backoff: Duration,
    /// The longest backoff (default 30 s); does not cap `Retry-After`.
    pub max_backoff: Duration,
    /// The most time spent waiting between tries of one request (default 2 min).
    pub max_total: Duration,
    /// Whether backoffs are randomised (default true).
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            max_total: Duration::from_secs(120),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts) (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff).
    #[must_use]
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff;
        self
    }

    /// Sets [`max_backoff`](Self::max_backoff).
    #[must_use]
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff;
        self
    }

    /// Sets [`max_total`](Self::max_total).
    #[must_use]
    pub fn with_max_total(mut self, max_total: Duration) -> Self {
        self.max_total = max_total;
        self
    }

    /// Sets [`jitter`](Self::jitter).
    #[must_use]
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The backoff before retry number `retry` (1 for the first retry),
    /// without `Retry-After`: `initial_backoff * 2^(retry-1)`, at most
    /// `max_backoff`, then with jitter between half and all of it.
    pub fn backoff(&self, retry: u32) -> Duration {
        let exponent = retry.saturating_sub(1).min(31);
        let full = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        if self.jitter {
            full.mul_f64(0.5 + 0.5 * random_fraction(retry))
        } else {
            full
        }
    }

    /// Whether a response with `status` to a `method` request is retried.
    pub fn retries_status(&self, method: Method, status: u16) -> bool {
        match status {
            429 => true,
            503 | 504 => method.is_idempotent(),
            _ => false,
        }
    }
}

/// A number in `[0, 1)` that differs between calls: std's randomly keyed
/// hasher over the clock and `salt` (no `rand` dependency needed for jitter).
fn random_fraction(salt: u32) -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    hasher.write_u128(nanos);
    hasher.write_u32(salt);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Parses a `Retry-After` value: delta-seconds (`"120"`) or an HTTP date
/// (`"Wed, 21 Oct 2015 07:28:00 GMT"`, how long from `now`; a date in the
/// past gives zero). Anything else gives `None`. The result is what the
/// service asked for, unclamped (delta-seconds beyond `u64` give
/// `u64::MAX` seconds); the client waits at most [`MAX_RETRY_AFTER`].
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(
            value.parse::<u64>().unwrap_or(u64::MAX),
        ));
    }
    let then = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let now = jiff::Timestamp::try_from(now).ok()?;
    let wait = then.duration_since(now);
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_date_and_garbage() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_400); // 2015-10-21T07:26:40Z
        assert_eq!(parse_retry_after("1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(80))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("1.5", now), None);
    }

    #[test]
    fn backoff_doubles_within_bounds() {
        let policy = RetryPolicy::default().with_jitter(false);
        assert_eq!(policy.backoff(1), Duration::from_millis(500));
        assert_eq!(policy.backoff(2), Duration::from_secs(1));
        assert_eq!(policy.backoff(3), Duration::from_secs(2));
        assert_eq!(policy.backoff(20), Duration::from_secs(30));
        assert_eq!(policy.backoff(u32::MAX), Duration::from_secs(30));
        let jittered = RetryPolicy::default();
        for retry in 1..10 {
            let full = policy.backoff(retry);
            let wait = jittered.backoff(retry);
            assert!(
                wait >= full / 2 && wait <= full,
                "{retry}: {wait:?} vs {full:?}"
            );
        }
    }

    #[test]
    fn post_is_retried_only_when_throttled() {
        let policy = RetryPolicy::default();
        assert!(policy.retries_status(Method::Post, 429));
        assert!(!policy.retries_status(Method::Post, 503));
        assert!(policy.retries_status(Method::Get, 503));
        assert!(policy.retries_status(Method::Patch, 504));
        assert!(!policy.retries_status(Method::Get, 500));
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }
}
