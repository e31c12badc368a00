//! The next-link origin check against the url crate (the same verdict as
//! `url::Url::origin` on every input):
//! `msgraph_security_tests::fuzz_checks::client::check_origin`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::client::check_origin(data);
});
