//! [`RequestPath`]: where a request goes, a URL path below the base URL, with
//! the client it goes through.

use super::core::Client;
use super::encode::key_segment;
use super::error::Error;

/// A place in the URL tree (`/security/incidents/{id}`): the client, the
/// encoded path below its base URL, or the error that building the path hit.
///
/// Errors (a key that cannot be a segment) are deferred: they surface when a
/// request built on the path is turned into a request or sent, so paths can
/// be chained without `?` at every step.
///
/// ```
/// use msgraph_security_runtime::client::{Client, RequestPath, StaticToken};
/// # #[derive(Debug)] struct Never;
/// # impl msgraph_security_runtime::client::Transport for Never {
/// #     fn send(&self, _: msgraph_security_runtime::client::HttpRequest) -> msgraph_security_runtime::client::TransportFuture<'_> {
/// #         Box::pin(async { Err(msgraph_security_runtime::client::Error::transport("offline")) })
/// #     }
/// # }
///
/// let client = Client::builder().bearer_token("t").transport(Never).build()?;
/// let path = RequestPath::root(&client, "security").segment("incidents").key("a/b");
/// assert_eq!(path.path().ok(), Some("/security/incidents/a%2Fb"));
/// let call = RequestPath::root(&client, "security").function("ns.f", &[("p", "'x'".into())]);
/// assert_eq!(call.path().ok(), Some("/security/ns.f(p='x')"));
/// # Ok::<(), msgraph_security_runtime::client::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequestPath {
    client: Client,
    path: Result<String, Error>,
}

impl RequestPath {
    /// The path `/segment` (a leading `/` in `segment` is ignored).
    pub fn root(client: &Client, segment: &str) -> RequestPath {
        RequestPath {
            client: client.clone(),
            path: Ok(format!("/{}", segment.trim_start_matches('/'))),
        }
    }

    fn with(&self, append: impl FnOnce(&mut String) -> Result<(), Error>) -> RequestPath {
        let path = self.path.clone().and_then(|mut path| {
            append(&mut path)?;
            Ok(path)
        });
        RequestPath {
            client: self.client.clone(),
            path,
        }
    }

    /// This path with `error` (a value of query option `option` that has no
    /// OData literal) as its deferred error: the request is refused, with
    /// [`ErrorKind::InvalidInput`](super::ErrorKind::InvalidInput), when it
    /// is sent. An earlier deferred error is kept.
    pub(crate) fn refuse(&self, error: crate::edm::LiteralError, option: &str) -> RequestPath {
        self.with(|_| Err(Error::invalid_input(format!("{option}: {error}"))))
    }

    /// Appends `/segment` verbatim (for names known to the generator:
    /// navigation properties, qualified action names).
    pub fn segment(&self, segment: &str) -> RequestPath {
        self.with(|path| {
            path.push('/');
            path.push_str(segment);
            Ok(())
        })
    }

    /// Appends `/` and `key` encoded by [`key_segment`]; an invalid key is
    /// an error when the request is built.
    pub fn key(&self, key: &str) -> RequestPath {
        self.with(|path| {
            path.push('/');
            path.push_str(&key_segment(key)?);
            Ok(())
        })
    }

    /// Appends a function call `/name(a=lit,b=lit)` (`/name()` without
    /// arguments); the values must already be URL literals
    /// ([`UrlLiteral::url_literal`](super::encode::UrlLiteral::url_literal)).
    /// A value with no OData literal (its `url_literal` is a refusal) makes
    /// this an [`ErrorKind::InvalidInput`](super::ErrorKind::InvalidInput)
    /// error naming the parameter, when the request is built.
    pub fn function(&self, name: &str, args: &[(&str, String)]) -> RequestPath {
        self.with(|path| {
            path.push('/');
            path.push_str(name);
            path.push('(');
            for (i, (param, literal)) in args.iter().enumerate() {
                if let Some(reason) = super::encode::refusal(literal) {
                    return Err(Error::invalid_input(format!(
                        "parameter {param} of {name}: {reason}"
                    )));
                }
                if i > 0 {
                    path.push(',');
                }
                path.push_str(param);
                path.push('=');
                path.push_str(literal);
            }
            path.push(')');
            Ok(())
        })
    }

    /// The encoded path below the base URL, or the deferred error.
    pub fn path(&self) -> Result<&str, &Error> {
        self.path.as_deref()
    }

    /// The client requests on this path go through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The absolute URL (base URL + path), without a query.
    pub fn url(&self) -> Result<String, Error> {
        let path = self.path.as_ref().map_err(Clone::clone)?;
        Ok(format!("{}{}", self.client.base_url(), path))
    }
}
