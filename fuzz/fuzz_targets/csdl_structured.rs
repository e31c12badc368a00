//! The CSDL reader on well-formed documents the bytes choose (structure-aware):
//! `msgraph_security_tests::fuzz_checks::csdl::check_structured`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::csdl::check_structured(data);
});
