//! Shared test support (each test binary uses what it needs).
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)] // test code

pub mod client;
pub mod tls;
