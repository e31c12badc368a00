//! Response bodies as they arrive: [`Body`] (what a
//! [`Transport`](super::Transport) hands over) and [`ByteStream`] (what a
//! download gives the caller).

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, Stream, StreamExt as _};

use super::error::Error;
use super::timer::Timer;

/// The chunks of a response body, read lazily.
///
/// A [`Transport`](super::Transport) returns the body this way so the client
/// can cap it and time it out while reading, whatever the transport. An
/// error item ends the body.
pub struct Body {
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'static>>,
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Body(..)")
    }
}

impl Body {
    /// A body of chunks from `stream`.
    pub fn from_stream(stream: impl Stream<Item = Result<Bytes, Error>> + Send + 'static) -> Self {
        Self {
            chunks: Box::pin(stream),
        }
    }

    /// A body already in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        let bytes: Bytes = bytes.into();
        if bytes.is_empty() {
            Self::empty()
        } else {
            Self::from_stream(stream::iter(Some(Ok(bytes))))
        }
    }

    /// An empty body.
    pub fn empty() -> Self {
        Self::from_stream(stream::empty())
    }

    /// The next chunk, `None` at the end.
    pub async fn next_chunk(&mut self) -> Option<Result<Bytes, Error>> {
        self.chunks.next().await
    }

    /// Reads the whole body, failing with [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge)
    /// as soon as more than `limit` bytes arrived.
    pub(crate) async fn read_capped(mut self, limit: u64) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            if (out.len() as u64).saturating_add(chunk.len() as u64) > limit {
                return Err(Error::too_large(limit));
            }
            out.extend_from_slice(&chunk);
        }
        Ok(out)
    }

    /// Reads at most `limit` bytes and stops there (the rest is not read).
    pub(crate) async fn read_prefix(mut self, limit: usize) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while out.len() < limit {
            let Some(chunk) = self.next_chunk().await else {
                break;
            };
            let chunk = chunk?;
            let take = chunk.len().min(limit - out.len());
            out.extend_from_slice(&chunk[..take]);
        }
        Ok(out)
    }
}

impl Stream for Body {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

/// A downloaded file (an `Edm.Stream` result such as `getFinalReport`), as
/// a `Stream` of byte chunks read from the network as the caller polls: the
/// file is never held in memory whole.
///
/// Each chunk must arrive within the client's per-attempt
/// [`timeout`](super::ClientBuilder::timeout) of the previous one (an idle
/// timeout); the size is not capped (the caller decides what to keep).
/// [`into_async_read`](Self::into_async_read) gives a
/// `futures::io::AsyncRead`, [`collect_capped`](Self::collect_capped) the
/// bytes of a small file.
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send + 'static>>,
    content_type: Option<String>,
    content_length: Option<u64>,
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .finish_non_exhaustive()
    }
}

impl ByteStream {
    pub(crate) fn new(
        body: Body,
        idle_timeout: Duration,
        timer: Timer,
        guard: Option<Box<dyn Send + Sync>>,
        content_type: Option<String>,
        content_length: Option<u64>,
    ) -> Self {
        let state = (body, timer, guard, false);
        let inner = stream::unfold(state, move |(mut body, timer, guard, done)| async move {
            if done {
                return None;
            }
            let next = timer.timeout(idle_timeout, body.next_chunk()).await;
            match next {
                Ok(Some(Ok(chunk))) => Some((Ok(chunk), (body, timer, guard, false))),
                Ok(Some(Err(error))) => Some((Err(error), (body, timer, guard, true))),
                Ok(None) => None,
                Err(()) => Some((
                    Err(Error::timeout(idle_timeout, false)),
                    (body, timer, guard, true),
                )),
            }
        });
        Self {
            inner: Box::pin(inner),
            content_type,
            content_length,
        }
    }

    /// The response's `Content-Type`, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The response's `Content-Length`, if it had one.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// The rest of the bytes, failing with
    /// [`ErrorKind::TooLarge`](super::ErrorKind::TooLarge) beyond `limit`.
    pub async fn collect_capped(self, limit: u64) -> Result<Vec<u8>, Error> {
        Body::from_stream(self.inner).read_capped(limit).await
    }

    /// The bytes as a `futures::io::AsyncRead` (errors become
    /// `std::io::Error`s with this crate's [`Error`] inside).
    pub fn into_async_read(self) -> impl futures_util::io::AsyncRead + Send + Unpin + 'static {
        use futures_util::TryStreamExt as _;
        self.inner.map_err(std::io::Error::other).into_async_read()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        futures_util::FutureExt::now_or_never(f).unwrap()
    }

    #[test]
    fn capped_reads() {
        let chunks = || {
            Body::from_stream(stream::iter(
                [&b"abc"[..], b"def", b"gh"].map(|c| Ok(Bytes::from_static(c))),
            ))
        };
        assert_eq!(block_on(chunks().read_capped(8)).unwrap(), b"abcdefgh");
        let error = block_on(chunks().read_capped(7)).unwrap_err();
        assert!(
            matches!(
                error.kind(),
                super::super::ErrorKind::TooLarge { limit: 7, .. }
            ),
            "{error}"
        );
        assert_eq!(block_on(chunks().read_prefix(4)).unwrap(), b"abcd");
        assert_eq!(block_on(Body::empty().read_capped(0)).unwrap(), b"");
        assert_eq!(
            block_on(Body::from_bytes(vec![1u8; 3]).read_capped(3)).unwrap(),
            vec![1; 3]
        );
    }
}
