//! The CSDL reader, the canonical writer and the import selection on arbitrary
//! bytes: `msgraph_security_tests::fuzz_checks::csdl::check_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::csdl::check_bytes(data);
});
