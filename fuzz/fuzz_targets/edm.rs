//! Flags, the EDM types, Int64, Double and Retry-After:
//! `msgraph_security_tests::fuzz_checks::edm::check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::edm::check(data);
});
