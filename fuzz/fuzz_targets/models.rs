//! Model deserialization and round trips (Incident, Alert, AnyAlertEvidence,
//! AnyAuditData, AnyCaseOperation and pages of each):
//! `msgraph_security_tests::fuzz_checks::models::check`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    msgraph_security_tests::fuzz_checks::models::check(data);
});
