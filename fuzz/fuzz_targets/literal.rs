//! OData literal quoting of function arguments, array items and keys:
//! `msgraph_security_tests::fuzz_checks::client::check_literal`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::client::check_literal(data);
});
