//! [`Cloud`]: the Graph deployments and their base URLs.

use std::fmt;
use std::str::FromStr;

use super::error::Error;

/// A Microsoft Graph deployment (national clouds included).
///
/// Use [`ClientBuilder::base_url`](super::ClientBuilder::base_url) for
/// anything else (a proxy, a test server).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Cloud {
    /// The global service, `https://graph.microsoft.com/v1.0`.
    #[default]
    Global,
    /// US Government L4 (GCC High), `https://graph.microsoft.us/v1.0`.
    UsGovL4,
    /// US Government L5 (DoD), `https://dod-graph.microsoft.us/v1.0`.
    UsGovL5,
    /// China, operated by 21Vianet, `https://microsoftgraph.chinacloudapi.cn/v1.0`.
    China,
}

impl Cloud {
    /// The v1.0 base URL, without a trailing `/`.
    pub const fn base_url(self) -> &'static str {
        match self {
            Self::Global => "https://graph.microsoft.com/v1.0",
            Self::UsGovL4 => "https://graph.microsoft.us/v1.0",
            Self::UsGovL5 => "https://dod-graph.microsoft.us/v1.0",
            Self::China => "https://microsoftgraph.chinacloudapi.cn/v1.0",
        }
    }

    /// The name [`FromStr`] accepts: `global`, `usgovl4`, `usgovl5`, `china`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Global => "global",
            Self::UsGovL4 => "usgovl4",
            Self::UsGovL5 => "usgovl5",
            Self::China => "china",
        }
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Cloud {
    type Err = Error;

    /// Parses a [`name`](Cloud::name), ASCII-case-insensitively.
    fn from_str(s: &str) -> Result<Self, Error> {
        [Self::Global, Self::UsGovL4, Self::UsGovL5, Self::China]
            .into_iter()
            .find(|cloud| cloud.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                Error::invalid_input(format!(
                    "unknown cloud {s:?} (expected global, usgovl4, usgovl5 or china)"
                ))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for cloud in [Cloud::Global, Cloud::UsGovL4, Cloud::UsGovL5, Cloud::China] {
            assert_eq!(cloud.name().parse::<Cloud>().ok(), Some(cloud));
            assert!(cloud.base_url().ends_with("/v1.0"));
        }
        assert!("mars".parse::<Cloud>().is_err());
        assert_eq!(
            Cloud::default().base_url(),
            "https://graph.microsoft.com/v1.0"
        );
    }
}
