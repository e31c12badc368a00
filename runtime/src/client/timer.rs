//! Waiting without a particular async runtime: the [`Sleep`] trait the
//! client's retry waits, timeouts and throttle gate use, and its default
//! ([`FuturesTimer`], one shared background thread, works under Tokio,
//! async-std, smol or a plain `block_on`).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::future::{self, Either};

/// The future a [`Sleep`] returns.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send + 'static>>;

/// Waits for a duration. The client waits through it (retry backoffs,
/// `Retry-After`, timeouts, the throttle gate), so it needs no particular
/// async runtime; set one with
/// [`ClientBuilder::sleep`](super::ClientBuilder::sleep) to use your
/// runtime's timer (e.g. `tokio::time::sleep`).
pub trait Sleep: Send + Sync + fmt::Debug + 'static {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The default [`Sleep`]: the `futures-timer` crate's `Delay` (one timer
/// thread per process, started on first use; no runtime needed).
#[derive(Debug, Clone, Copy, Default)]
pub struct FuturesTimer;

impl Sleep for FuturesTimer {
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(futures_timer::Delay::new(duration))
    }
}

/// The client's [`Sleep`], shared.
#[derive(Debug, Clone)]
pub(crate) struct Timer(pub(crate) Arc<dyn Sleep>);

impl Timer {
    pub(crate) fn sleep(&self, duration: Duration) -> SleepFuture {
        self.0.sleep(duration)
    }

    /// `future`'s output, or `Err(())` when `limit` passes first (the future
    /// is dropped).
    pub(crate) async fn timeout<F: Future>(
        &self,
        limit: Duration,
        future: F,
    ) -> Result<F::Output, ()> {
        let future = std::pin::pin!(future);
        match future::select(future, self.sleep(limit)).await {
            Either::Left((output, _)) => Ok(output),
            Either::Right(((), _)) => Err(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn sleeps_and_times_out_without_a_runtime() {
        let timer = Timer(Arc::new(FuturesTimer));
        let start = Instant::now();
        futures_executor_block_on(timer.sleep(Duration::from_millis(30)));
        assert!(start.elapsed() >= Duration::from_millis(30));
        let never = future::pending::<()>();
        let start = Instant::now();
        assert_eq!(
            futures_executor_block_on(timer.timeout(Duration::from_millis(20), never)),
            Err(())
        );
        assert!(start.elapsed() < Duration::from_secs(5));
        let ready = futures_executor_block_on(timer.timeout(Duration::from_secs(5), async { 7 }));
        assert_eq!(ready, Ok(7));
    }

    /// A minimal executor: park the thread until woken.
    fn futures_executor_block_on<F: Future>(future: F) -> F::Output {
        use std::task::{Context, Poll, Wake, Waker};
        struct Unpark(std::thread::Thread);
        impl Wake for Unpark {
            fn wake(self: Arc<Self>) {
                self.0.unpark();
            }
        }
        let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
        let mut cx = Context::from_waker(&waker);
        let mut future = std::pin::pin!(future);
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
            std::thread::park();
        }
    }
}
