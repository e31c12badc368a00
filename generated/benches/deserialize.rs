//! Deserialization throughput of a large `alerts_v2` page: `serde_json::Value`
//! against the typed models (`Vec<Alert>` with polymorphic evidence).
//!
//! Run with `cargo bench -p msgraph-security --bench deserialize`.
//!
//! The page is built in memory, deterministically (a xorshift generator with a
//! fixed seed), shaped like what Graph sends for
//! `GET /security/alerts_v2?$top=1000`: `@odata.type` first in every evidence
//! object, evidence of many derived types with nested complex values, enum
//! values (a few unknown to the schema), dates with seven fractional digits,
//! GUIDs, nulls, comments, MITRE techniques, tags and a few undeclared members.
//! It is serialized once with `serde_json`; the timed loops then parse the same
//! bytes. Before timing, the bench checks that the typed page writes back
//! exactly the `value` array that `serde_json::Value` reads (nothing lost).
//!
//! Each round times, one after the other: (a) `from_slice::<Value>`, (b)
//! `from_slice::<Page>` (a hand-written page type holding `Vec<Alert>`), and two
//! reference points: the typed page through `from_str` after a single UTF-8
//! check of the whole buffer (`from_slice` validates UTF-8 string by string),
//! and `IgnoredAny` (the JSON scanned, nothing built). The table gives the
//! median of parsing alone and of parsing plus dropping the result; the ratio
//! line compares (b) with (a).
//!
//! A second page, the same alerts without their `evidence`, is timed as well,
//! to show how the time splits between the alerts' own members and evidence.
//!
//! `DESERIALIZE_BENCH_PROFILE=typed` (or `value`) runs one parser only, for a
//! profiler.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt;
use std::hint::black_box;
use std::time::{Duration, Instant};

use msgraph_security::models::{Alert, AnyAlertEvidence};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value;

/// Alerts in the page.
const ALERTS: usize = 1000;
/// Untimed runs of each parser before measuring.
const WARMUP: usize = 3;
/// Timed runs of each parser (interleaved).
const ITERATIONS: usize = 15;

// ---------------------------------------------------------------------------
// An ordered JSON tree, so the generated page keeps Graph's member order
// (serde_json's own `Value` sorts object keys without `preserve_order`).

enum J {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl Serialize for J {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            J::Null => serializer.serialize_unit(),
            J::Bool(b) => serializer.serialize_bool(*b),
            J::Int(i) => serializer.serialize_i64(*i),
            J::Float(f) => serializer.serialize_f64(*f),
            J::Str(s) => serializer.serialize_str(s),
            J::Arr(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            J::Obj(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// An object builder: `Obj::new().m("key", value)...`.
struct Obj(Vec<(String, J)>);

impl Obj {
    fn new() -> Self {
        Obj(Vec::with_capacity(24))
    }

    fn m(mut self, key: &str, value: J) -> Self {
        self.0.push((key.to_owned(), value));
        self
    }

    fn typed(type_name: &str) -> Self {
        Obj::new().m(
            "@odata.type",
            s(&format!("#microsoft.graph.security.{type_name}")),
        )
    }

    fn done(self) -> J {
        J::Obj(self.0)
    }
}

fn s(text: &str) -> J {
    J::Str(text.to_owned())
}

fn strs(items: &[String]) -> J {
    J::Arr(items.iter().map(|t| s(t)).collect())
}

fn int(value: u64) -> J {
    J::Int(i64::try_from(value).unwrap())
}

// ---------------------------------------------------------------------------
// Deterministic pseudo-random values.

/// xorshift64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[usize::try_from(self.below(items.len() as u64)).unwrap()]
    }

    fn hex(&mut self, len: usize) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        (0..len)
            .map(|_| char::from(DIGITS[usize::try_from(self.below(16)).unwrap()]))
            .collect()
    }

    fn digits(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'0' + u8::try_from(self.below(10)).unwrap()))
            .collect()
    }

    fn guid(&mut self) -> String {
        format!(
            "{}-{}-{}-{}-{}",
            self.hex(8),
            self.hex(4),
            self.hex(4),
            self.hex(4),
            self.hex(12)
        )
    }

    /// A timestamp in 2026 as Graph writes it: mostly seven fractional digits,
    /// sometimes three, one, or none.
    fn date(&mut self) -> String {
        let month = self.range(1, 12);
        let day = self.range(1, 28);
        let (h, m, sec) = (self.below(24), self.below(60), self.below(60));
        let base = format!("2026-{month:02}-{day:02}T{h:02}:{m:02}:{sec:02}");
        match self.below(20) {
            0 => format!("{base}.{}Z", self.digits(3)),
            1 => format!("{base}.{}Z", self.range(1, 9)),
            2 => format!("{base}Z"),
            _ => format!("{base}.{}Z", self.digits(7)),
        }
    }

    /// A sentence of `words` words from a fixed vocabulary.
    fn sentence(&mut self, words: usize) -> String {
        const VOCABULARY: &[&str] = &[
            "a",
            "the",
            "process",
            "suspicious",
            "activity",
            "was",
            "observed",
            "on",
            "device",
            "account",
            "credential",
            "file",
            "network",
            "connection",
            "to",
            "unusual",
            "remote",
            "host",
            "after",
            "user",
            "sign-in",
            "from",
            "new",
            "location",
            "scheduled",
            "task",
            "created",
            "persistence",
            "mechanism",
            "registry",
            "run",
            "key",
            "modified",
            "script",
            "encoded",
            "command",
            "line",
            "downloaded",
            "payload",
            "executed",
            "memory",
            "token",
            "mailbox",
            "rule",
            "forwarding",
            "external",
            "domain",
            "message",
            "attachment",
            "link",
            "clicked",
            "review",
            "isolate",
            "investigate",
            "and",
            "with",
            "by",
        ];
        let mut out = String::with_capacity(words * 8);
        for i in 0..words {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(self.pick(VOCABULARY));
        }
        out.push('.');
        out
    }

    fn ipv4(&mut self) -> String {
        format!(
            "{}.{}.{}.{}",
            self.range(1, 223),
            self.below(256),
            self.below(256),
            self.range(1, 254)
        )
    }

    fn ipv6(&mut self) -> String {
        format!("2001:db8:{}:{}::{}", self.hex(4), self.hex(4), self.hex(4))
    }
}

// ---------------------------------------------------------------------------
// The page.

const TENANT: &str = "0b5c6d3e-2a41-4f8e-9c7d-1e2f3a4b5c6d";

const USERS: &[&str] = &[
    "avery.lindqvist",
    "bo.okonkwo",
    "carmen.ruiz",
    "dmitri.sato",
    "esme.haddad",
    "finn.castellano",
    "grace.nakamura",
    "hugo.adeyemi",
    "svc-backup",
    "svc-deploy",
];

const HOSTS: &[&str] = &[
    "wks-fin-0142",
    "wks-eng-0917",
    "wks-hr-0031",
    "srv-sql-02",
    "srv-app-11",
    "srv-dc-01",
    "lap-sales-220",
    "lap-exec-007",
];

/// Members every evidence type inherits from `alertEvidence`, in Graph's order.
fn evidence_base(rng: &mut Rng, type_name: &str) -> Obj {
    let verdict = match rng.below(40) {
        0 => "likelyMalicious", // not in the schema
        1..=12 => "suspicious",
        13..=20 => "malicious",
        21..=30 => "noThreatsFound",
        _ => "unknown",
    };
    let remediation = match rng.below(30) {
        0 => "quarantinedPendingReview", // not in the schema
        1..=6 => "remediated",
        7..=9 => "prevented",
        10..=11 => "blocked",
        12 => "active",
        _ => "none",
    };
    let roles = match rng.below(6) {
        0 => vec![s("compromised")],
        1 => vec![s("attacker")],
        2 => vec![s("contextual"), s("source")],
        3 => vec![s("destination")],
        _ => vec![],
    };
    let detailed: Vec<J> = if rng.chance(25) {
        vec![s("PrimaryDevice")]
    } else {
        vec![]
    };
    let tags: Vec<J> = if rng.chance(15) {
        vec![s("Pilot ring"), s("Finance")]
    } else {
        vec![]
    };
    Obj::typed(type_name)
        .m("createdDateTime", s(&rng.date()))
        .m("verdict", s(verdict))
        .m("remediationStatus", s(remediation))
        .m(
            "remediationStatusDetails",
            if rng.chance(10) {
                s("Remediation was queued by the automated investigation.")
            } else {
                J::Null
            },
        )
        .m("roles", J::Arr(roles))
        .m("detailedRoles", J::Arr(detailed))
        .m("tags", J::Arr(tags))
}

fn user_account(rng: &mut Rng) -> J {
    let name = rng.pick(USERS);
    let display: String = name
        .split('.')
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ");
    Obj::new()
        .m("accountName", s(name))
        .m("domainName", s("CONTOSO"))
        .m(
            "userSid",
            s(&format!(
                "S-1-5-21-{}-{}-{}-{}",
                rng.digits(10),
                rng.digits(10),
                rng.digits(9),
                rng.range(1000, 99_999)
            )),
        )
        .m(
            "azureAdUserId",
            if rng.chance(85) {
                s(&rng.guid())
            } else {
                J::Null
            },
        )
        .m("userPrincipalName", s(&format!("{name}@contoso.example")))
        .m("displayName", s(&display))
        .m(
            "activeDirectoryObjectGuid",
            if rng.chance(70) {
                s(&rng.guid())
            } else {
                J::Null
            },
        )
        .done()
}

fn file_details(rng: &mut Rng, name: &str, folder: &str) -> J {
    let signed = rng.chance(60);
    Obj::new()
        .m("sha1", s(&rng.hex(40)))
        .m("sha256", s(&rng.hex(64)))
        .m("fileName", s(name))
        .m("filePath", s(folder))
        .m("fileSize", int(rng.range(4_096, 48_000_000)))
        .m(
            "filePublisher",
            if signed {
                s("Fabrikam Software")
            } else {
                J::Null
            },
        )
        .m(
            "signer",
            if signed {
                s("Fabrikam Code Signing")
            } else {
                J::Null
            },
        )
        .m(
            "issuer",
            if signed {
                s("Fabrikam Issuing CA 02")
            } else {
                J::Null
            },
        )
        .m(
            "md5",
            if rng.chance(50) {
                s(&rng.hex(32))
            } else {
                J::Null
            },
        )
        .m("sha256Ac", J::Null)
        .done()
}

const FILES: &[(&str, &str)] = &[
    (
        "powershell.exe",
        "C:\\Windows\\System32\\WindowsPowerShell\\v1.0",
    ),
    ("rundll32.exe", "C:\\Windows\\System32"),
    ("invoice_8841.pdf.exe", "C:\\Users\\Public\\Downloads"),
    ("updater.dll", "C:\\ProgramData\\FabrikamSync"),
    ("tool.ps1", "C:\\Users\\Public\\Documents"),
    ("cmd.exe", "C:\\Windows\\System32"),
    ("svchelper.exe", "C:\\Windows\\Temp"),
];

fn file_evidence(rng: &mut Rng, device_id: &str) -> J {
    let (name, folder) = FILES[usize::try_from(rng.below(FILES.len() as u64)).unwrap()];
    let status = match rng.below(12) {
        0 => "quarantined", // not in the schema
        1..=5 => "detected",
        6..=8 => "blocked",
        _ => "prevented",
    };
    evidence_base(rng, "fileEvidence")
        .m("detectionStatus", s(status))
        .m("mdeDeviceId", s(device_id))
        .m("fileDetails", file_details(rng, name, folder))
        .done()
}

fn process_evidence(rng: &mut Rng, device_id: &str) -> J {
    let (name, folder) = FILES[usize::try_from(rng.below(FILES.len() as u64)).unwrap()];
    let command = format!(
        "\"{name}\" -NoProfile -ExecutionPolicy Bypass -EncodedCommand {}",
        rng.hex(40)
    );
    evidence_base(rng, "processEvidence")
        .m("processId", int(rng.range(100, 65_000)))
        .m("parentProcessId", int(rng.range(4, 65_000)))
        .m("processCommandLine", s(&command))
        .m("processCreationDateTime", s(&rng.date()))
        .m("parentProcessCreationDateTime", s(&rng.date()))
        .m(
            "detectionStatus",
            if rng.chance(50) {
                s("detected")
            } else {
                J::Null
            },
        )
        .m("mdeDeviceId", s(device_id))
        .m("imageFile", file_details(rng, name, folder))
        .m(
            "parentProcessImageFile",
            file_details(rng, "explorer.exe", "C:\\Windows"),
        )
        .m("userAccount", user_account(rng))
        .done()
}

fn device_evidence(rng: &mut Rng, device_id: &str) -> J {
    let host = rng.pick(HOSTS);
    let users: Vec<J> = (0..rng.range(1, 3))
        .map(|_| {
            Obj::new()
                .m("accountName", s(rng.pick(USERS)))
                .m("domainName", s("CONTOSO"))
                .done()
        })
        .collect();
    let interfaces: Vec<String> = vec![rng.ipv4(), rng.ipv6(), String::from("127.0.0.1")];
    let health = match rng.below(15) {
        0 => "sensorDegraded", // not in the schema
        1..=10 => "active",
        11..=12 => "inactive",
        _ => "impairedCommunication",
    };
    let vm = if rng.chance(30) {
        Obj::new()
            .m("vmId", s(&rng.guid()))
            .m("cloudProvider", s("azure"))
            .m(
                "resourceId",
                s(&format!(
                    "/subscriptions/{}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/{host}",
                    rng.guid()
                )),
            )
            .m("subscriptionId", s(&rng.guid()))
            .done()
    } else {
        J::Null
    };
    let mut obj = evidence_base(rng, "deviceEvidence")
        .m("firstSeenDateTime", s(&rng.date()))
        .m("mdeDeviceId", s(device_id))
        .m(
            "azureAdDeviceId",
            if rng.chance(70) {
                s(&rng.guid())
            } else {
                J::Null
            },
        )
        .m("deviceDnsName", s(&format!("{host}.corp.contoso.example")))
        .m("hostName", s(host))
        .m("ntDomain", s("CONTOSO"))
        .m("dnsDomain", s("corp.contoso.example"))
        .m(
            "osPlatform",
            s(rng.pick(&["Windows11", "Windows10", "WindowsServer2022", "Linux"])),
        )
        .m("osBuild", int(rng.range(17_763, 26_100)))
        .m("version", s(rng.pick(&["24H2", "23H2", "22H2", "Other"])))
        .m("healthStatus", s(health))
        .m("riskScore", s(rng.pick(&["none", "low", "medium", "high"])))
        .m("rbacGroupId", int(rng.range(1, 400)))
        .m("rbacGroupName", s("Tier1-Workstations"))
        .m("onboardingStatus", s("onboarded"))
        .m(
            "defenderAvStatus",
            s(rng.pick(&["updated", "notUpdated", "unknown"])),
        )
        .m("ipInterfaces", strs(&interfaces))
        .m("loggedOnUsers", J::Arr(users))
        .m("lastIpAddress", s(&interfaces[0]))
        .m("lastExternalIpAddress", s(&rng.ipv4()))
        .m("vmMetadata", vm);
    if rng.chance(20) {
        // Not declared by deviceEvidence.
        obj = obj.m("osArchitecture", s("x64"));
    }
    obj.done()
}

fn user_evidence(rng: &mut Rng) -> J {
    let mut obj = evidence_base(rng, "userEvidence")
        .m("userAccount", user_account(rng))
        .m("stream", J::Null);
    if rng.chance(25) {
        // Not declared by userEvidence.
        obj = obj.m("riskLevel", s(rng.pick(&["low", "medium", "high"])));
    }
    obj.done()
}

fn ip_evidence(rng: &mut Rng) -> J {
    const PLACES: &[(&str, &str, &str, &str, f64, f64)] = &[
        (
            "NL",
            "Netherlands",
            "North Holland",
            "Amsterdam",
            52.3676,
            4.9041,
        ),
        ("BR", "Brazil", "Sao Paulo", "Sao Paulo", -23.5505, -46.6333),
        (
            "US",
            "United States",
            "Washington",
            "Seattle",
            47.6062,
            -122.3321,
        ),
        (
            "SG",
            "Singapore",
            "Singapore",
            "Singapore",
            1.3521,
            103.8198,
        ),
        (
            "DE",
            "Germany",
            "Hesse",
            "Frankfurt am Main",
            50.1109,
            8.6821,
        ),
    ];
    let place = PLACES[usize::try_from(rng.below(PLACES.len() as u64)).unwrap()];
    let (code, country, state, city, lat, lon) = place;
    evidence_base(rng, "ipEvidence")
        .m("ipAddress", s(&rng.ipv4()))
        .m("countryLetterCode", s(code))
        .m(
            "location",
            Obj::new()
                .m("countryName", s(country))
                .m("state", s(state))
                .m("city", s(city))
                .m("latitude", J::Float(lat))
                .m("longitude", J::Float(lon))
                .done(),
        )
        .m("stream", J::Null)
        .done()
}

fn url_evidence(rng: &mut Rng) -> J {
    let url = format!(
        "https://{}.{}/{}/{}?session={}",
        rng.pick(&["login-verify", "docs-share", "cdn-update", "invoice-portal"]),
        rng.pick(&["example.net", "example.org", "example.com"]),
        rng.hex(6),
        rng.pick(&["index.html", "auth", "download"]),
        rng.hex(24)
    );
    evidence_base(rng, "urlEvidence").m("url", s(&url)).done()
}

fn mailbox_evidence(rng: &mut Rng) -> J {
    let name = rng.pick(USERS);
    evidence_base(rng, "mailboxEvidence")
        .m("primaryAddress", s(&format!("{name}@contoso.example")))
        .m("displayName", s(name))
        .m("upn", s(&format!("{name}@contoso.example")))
        .m("userAccount", user_account(rng))
        .done()
}

fn email_sender(rng: &mut Rng, domain: &str) -> J {
    let local = rng.pick(&["billing", "no-reply", "it-support", "hr-notices"]);
    Obj::new()
        .m("emailAddress", s(&format!("{local}@{domain}")))
        .m("displayName", s(local))
        .m("domainName", s(domain))
        .done()
}

fn analyzed_message_evidence(rng: &mut Rng) -> J {
    let domain = rng.pick(&["example.net", "example.org", "mail.example.com"]);
    let urls: Vec<String> = (0..rng.range(0, 3))
        .map(|_| format!("https://{domain}/{}", rng.hex(10)))
        .collect();
    let network_id = rng.guid();
    evidence_base(rng, "analyzedMessageEvidence")
        .m("networkMessageId", s(&network_id))
        .m(
            "internetMessageId",
            s(&format!("<{}.{}@{domain}>", rng.hex(16), rng.digits(6))),
        )
        .m("subject", s(&rng.sentence(6)))
        .m("language", s(rng.pick(&["en", "nl", "pt", "de"])))
        .m("senderIp", s(&rng.ipv4()))
        .m(
            "recipientEmailAddress",
            s(&format!("{}@contoso.example", rng.pick(USERS))),
        )
        .m("antiSpamDirection", s("Inbound"))
        .m(
            "deliveryAction",
            s(rng.pick(&["Delivered", "Blocked", "Junked"])),
        )
        .m(
            "deliveryLocation",
            s(rng.pick(&["Inbox/folder", "Quarantine", "Junk folder"])),
        )
        .m("urn", s(&format!("urn:MailEntity:{}", rng.hex(32))))
        .m("threats", strs(&[String::from("Phish")]))
        .m(
            "threatDetectionMethods",
            strs(&[String::from("URL detonation reputation")]),
        )
        .m("urlCount", int(urls.len() as u64))
        .m("urls", strs(&urls))
        .m("attachmentsCount", int(rng.below(3)))
        .m("receivedDateTime", s(&rng.date()))
        .m("p1Sender", email_sender(rng, domain))
        .m("p2Sender", email_sender(rng, domain))
        .done()
}

fn cloud_application_evidence(rng: &mut Rng) -> J {
    let (app, name) = [
        (11_161, "Office 365"),
        (20_893, "Microsoft Exchange Online"),
        (28_375, "Fabrikam Storage"),
        (15_600, "Microsoft OneDrive for Business"),
    ][usize::try_from(rng.below(4)).unwrap()];
    evidence_base(rng, "cloudApplicationEvidence")
        .m("appId", int(app))
        .m("displayName", s(name))
        .m("instanceId", int(rng.below(3)))
        .m("instanceName", s(name))
        .m("saasAppId", int(app))
        .m("stream", J::Null)
        .done()
}

fn registry_key_evidence(rng: &mut Rng) -> J {
    evidence_base(rng, "registryKeyEvidence")
        .m(
            "registryKey",
            s(&format!(
                "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\{}",
                rng.hex(8)
            )),
        )
        .m("registryHive", s("HKEY_LOCAL_MACHINE"))
        .done()
}

fn registry_value_evidence(rng: &mut Rng, device_id: &str) -> J {
    evidence_base(rng, "registryValueEvidence")
        .m("mdeDeviceId", s(device_id))
        .m(
            "registryKey",
            s("SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run"),
        )
        .m("registryHive", s("HKEY_CURRENT_USER"))
        .m(
            "registryValue",
            s(&format!("C:\\Users\\Public\\{}.exe /silent", rng.hex(6))),
        )
        .m("registryValueName", s(&format!("Updater{}", rng.digits(2))))
        .m(
            "registryValueType",
            s(rng.pick(&["String", "ExpandString"])),
        )
        .done()
}

fn mail_cluster_evidence(rng: &mut Rng) -> J {
    let ids: Vec<String> = (0..rng.range(1, 4)).map(|_| rng.guid()).collect();
    evidence_base(rng, "mailClusterEvidence")
        .m("networkMessageIds", strs(&ids))
        .m("emailCount", int(ids.len() as u64))
        .m("clusterBy", s("Subject;SenderIp"))
        .m("clusterByValue", s(&rng.hex(20)))
        .m(
            "query",
            s(&format!(
                "(Subject:\"{}\") AND (SenderIp:\"{}\")",
                rng.sentence(4),
                rng.ipv4()
            )),
        )
        .m("urn", s(&format!("urn:MailClusterEntity:{}", rng.hex(32))))
        .done()
}

fn oauth_application_evidence(rng: &mut Rng) -> J {
    evidence_base(rng, "oauthApplicationEvidence")
        .m("appId", s(&rng.guid()))
        .m("displayName", s("Mail Sync Helper"))
        .m("objectId", s(&rng.guid()))
        .m("publisher", s("Unverified publisher"))
        .done()
}

fn nested_ip(rng: &mut Rng) -> J {
    Obj::typed("ipEvidence")
        .m("createdDateTime", s("0001-01-01T00:00:00Z"))
        .m("verdict", s("unknown"))
        .m("remediationStatus", s("none"))
        .m("roles", J::Arr(vec![]))
        .m("tags", J::Arr(vec![]))
        .m("ipAddress", s(&rng.ipv4()))
        .done()
}

fn network_connection_evidence(rng: &mut Rng) -> J {
    evidence_base(rng, "networkConnectionEvidence")
        .m("sourceAddress", nested_ip(rng))
        .m("sourcePort", int(rng.range(49_152, 65_535)))
        .m("destinationAddress", nested_ip(rng))
        .m(
            "destinationPort",
            int([443, 80, 445, 3389, 8443][usize::try_from(rng.below(5)).unwrap()]),
        )
        .m("protocol", s(rng.pick(&["tcp", "tcp", "udp"])))
        .done()
}

/// A type this crate does not know (a newer schema): the base variant keeps it.
fn future_evidence(rng: &mut Rng) -> J {
    evidence_base(rng, "futureEvidence")
        .m("futureIdentifier", s(&rng.guid()))
        .m(
            "futureDetails",
            Obj::new()
                .m("kind", s("preview"))
                .m("score", J::Float(0.87))
                .done(),
        )
        .done()
}

/// Which product raised the alert decides the evidence it carries.
#[derive(Clone, Copy)]
enum Product {
    Endpoint,
    Office,
    CloudApps,
    Identity,
}

fn evidence_for(rng: &mut Rng, product: Product, device_id: &str) -> Vec<J> {
    let count = rng.range(5, 7);
    let mut out = Vec::with_capacity(usize::try_from(count).unwrap());
    for i in 0..count {
        let roll = rng.below(100);
        let item = if roll == 0 {
            future_evidence(rng)
        } else {
            match (product, i) {
                (Product::Endpoint, 0) => device_evidence(rng, device_id),
                (Product::Endpoint, _) => match roll % 8 {
                    0 => process_evidence(rng, device_id),
                    1 => file_evidence(rng, device_id),
                    2 => user_evidence(rng),
                    3 => ip_evidence(rng),
                    4 => registry_value_evidence(rng, device_id),
                    5 => registry_key_evidence(rng),
                    6 => network_connection_evidence(rng),
                    _ => url_evidence(rng),
                },
                (Product::Office, 0) => mailbox_evidence(rng),
                (Product::Office, _) => match roll % 6 {
                    0 | 1 => analyzed_message_evidence(rng),
                    2 => mail_cluster_evidence(rng),
                    3 => url_evidence(rng),
                    4 => ip_evidence(rng),
                    _ => user_evidence(rng),
                },
                (Product::CloudApps, 0) => cloud_application_evidence(rng),
                (Product::CloudApps, _) => match roll % 5 {
                    0 | 1 => ip_evidence(rng),
                    2 => user_evidence(rng),
                    3 => oauth_application_evidence(rng),
                    _ => url_evidence(rng),
                },
                (Product::Identity, 0) => user_evidence(rng),
                (Product::Identity, _) => match roll % 4 {
                    0 => device_evidence(rng, device_id),
                    1 => ip_evidence(rng),
                    2 => user_evidence(rng),
                    _ => process_evidence(rng, device_id),
                },
            }
        };
        out.push(item);
    }
    out
}

fn alert(rng: &mut Rng, index: usize, with_evidence: bool) -> J {
    let product = match rng.below(10) {
        0..=4 => Product::Endpoint,
        5..=6 => Product::Office,
        7..=8 => Product::CloudApps,
        _ => Product::Identity,
    };
    let (service, detection, product_name, prefix) = match product {
        Product::Endpoint => (
            "microsoftDefenderForEndpoint",
            rng.pick(&["antivirus", "microsoftDefenderForEndpoint", "customTi"]),
            "Microsoft Defender for Endpoint",
            "da",
        ),
        Product::Office => (
            "microsoftDefenderForOffice365",
            "microsoftDefenderForOffice365",
            "Microsoft Defender for Office 365",
            "fa",
        ),
        Product::CloudApps => (
            "microsoftDefenderForCloudApps",
            rng.pick(&["cloudAppSecurity", "appGovernanceDetection"]),
            "Microsoft Defender for Cloud Apps",
            "ca",
        ),
        Product::Identity => (
            "microsoftDefenderForIdentity",
            // One value the pinned schema does not know.
            rng.pick(&[
                "microsoftDefenderForIdentity",
                "microsoftDefenderForQuantum",
            ]),
            "Microsoft Defender for Identity",
            "aa",
        ),
    };
    let id = format!("{prefix}{}_{}", rng.digits(18), rng.digits(10));
    let incident = format!(
        "{}",
        10_000 + index * 3 + usize::try_from(rng.below(3)).unwrap()
    );
    let status = rng.pick(&["new", "new", "inProgress", "resolved"]);
    let resolved = status == "resolved";
    let (classification, determination) = if resolved {
        match rng.below(3) {
            0 => (s("truePositive"), s("malware")),
            1 => (s("falsePositive"), s("notMalicious")),
            _ => (s("informationalExpectedActivity"), s("securityTesting")),
        }
    } else {
        (J::Null, J::Null)
    };
    let techniques: Vec<String> = (0..rng.range(0, 4))
        .map(|_| {
            let base = format!("T1{}", rng.digits(3));
            if rng.chance(40) {
                format!("{base}.{}", rng.digits(3))
            } else {
                base
            }
        })
        .collect();
    let comments: Vec<J> = (0..rng.below(3))
        .map(|_| {
            Obj::new()
                .m("comment", s(&rng.sentence(12)))
                .m(
                    "createdByDisplayName",
                    s(&format!("{}@contoso.example", rng.pick(USERS))),
                )
                .m("createdDateTime", s(&rng.date()))
                .done()
        })
        .collect();
    let device_id = rng.hex(40);
    let created = rng.date();
    let mut obj = Obj::typed("alert")
        .m("id", s(&id))
        .m("providerAlertId", s(&id))
        .m("incidentId", s(&incident))
        .m("status", s(status))
        .m(
            "severity",
            s(rng.pick(&["informational", "low", "medium", "high"])),
        )
        .m("classification", classification)
        .m("determination", determination)
        .m("serviceSource", s(service))
        .m("detectionSource", s(detection))
        .m("productName", s(product_name))
        .m("detectorId", s(&rng.guid()))
        .m("tenantId", s(TENANT))
        .m("title", s(&rng.sentence(7)))
        .m("description", s(&rng.sentence(24)))
        .m("recommendedActions", s(&rng.sentence(24)))
        .m(
            "category",
            s(rng.pick(&[
                "Execution",
                "Persistence",
                "DefenseEvasion",
                "CredentialAccess",
                "InitialAccess",
                "Exfiltration",
            ])),
        )
        .m(
            "assignedTo",
            if rng.chance(40) {
                s(&format!("{}@contoso.example", rng.pick(USERS)))
            } else {
                J::Null
            },
        )
        .m(
            "alertWebUrl",
            s(&format!(
                "https://security.microsoft.com/alerts/{id}?tid={TENANT}"
            )),
        )
        .m(
            "incidentWebUrl",
            s(&format!(
                "https://security.microsoft.com/incidents/{incident}?tid={TENANT}"
            )),
        )
        .m("actorDisplayName", J::Null)
        .m(
            "threatDisplayName",
            if rng.chance(30) {
                s("Trojan:Win32/Fabrikam.A!ml")
            } else {
                J::Null
            },
        )
        .m("threatFamilyName", J::Null)
        .m("mitreTechniques", strs(&techniques))
        .m("createdDateTime", s(&created))
        .m("lastUpdateDateTime", s(&rng.date()))
        .m(
            "resolvedDateTime",
            if resolved { s(&rng.date()) } else { J::Null },
        )
        .m("firstActivityDateTime", s(&rng.date()))
        .m("lastActivityDateTime", s(&rng.date()))
        .m("comments", J::Arr(comments));
    if with_evidence {
        obj = obj.m("evidence", J::Arr(evidence_for(rng, product, &device_id)));
    } else {
        // Keep the generator in step so both pages have the same alerts.
        drop(evidence_for(rng, product, &device_id));
    }
    obj = obj
        .m(
            "systemTags",
            if rng.chance(10) {
                strs(&[String::from("Defender Experts")])
            } else {
                J::Arr(vec![])
            },
        )
        .m(
            "alertPolicyId",
            if matches!(product, Product::Office | Product::CloudApps) {
                s(&rng.guid())
            } else {
                J::Null
            },
        );
    if rng.chance(20) {
        obj = obj.m(
            "customDetails",
            Obj::new()
                .m("HuntingQueryName", s("Rare parent for scripting host"))
                .m("MatchedDevices", strs(&[rng.hex(8), rng.hex(8)]))
                .done(),
        );
    }
    if rng.chance(5) {
        // Not declared by microsoft.graph.security.alert.
        obj = obj.m("isPreview", J::Bool(true));
    }
    obj.done()
}

fn page(with_evidence: bool) -> Vec<u8> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let alerts: Vec<J> = (0..ALERTS)
        .map(|i| alert(&mut rng, i, with_evidence))
        .collect();
    let page = Obj::new()
        .m(
            "@odata.context",
            s("https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2"),
        )
        .m(
            "@odata.nextLink",
            s(&format!(
                "https://graph.microsoft.com/v1.0/security/alerts_v2?$top={ALERTS}&$skiptoken={}",
                rng.hex(64)
            )),
        )
        .m("value", J::Arr(alerts))
        .done();
    serde_json::to_vec(&page).unwrap()
}

// ---------------------------------------------------------------------------
// The typed page.

/// A page of alerts: `value`, the next link, and anything else kept.
struct Page {
    context: Option<String>,
    next_link: Option<String>,
    value: Vec<Alert>,
    other: serde_json::Map<String, Value>,
}

impl<'de> Deserialize<'de> for Page {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PageVisitor)
    }
}

struct PageVisitor;

impl<'de> Visitor<'de> for PageVisitor {
    type Value = Page;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OData page of alerts")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Page, A::Error> {
        let mut page = Page {
            context: None,
            next_link: None,
            value: Vec::new(),
            other: serde_json::Map::new(),
        };
        let mut seen_value = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@odata.context" => page.context = map.next_value()?,
                "@odata.nextLink" => page.next_link = map.next_value()?,
                "value" => {
                    page.value = map.next_value()?;
                    seen_value = true;
                }
                _ => {
                    let value = map.next_value()?;
                    page.other.insert(key, value);
                }
            }
        }
        if !seen_value {
            return Err(de::Error::missing_field("value"));
        }
        Ok(page)
    }
}

// ---------------------------------------------------------------------------
// Measuring.

struct Sample {
    name: &'static str,
    /// Parsing alone.
    parse: Vec<Duration>,
    /// Parsing, dropping the result and settling the allocator.
    cycle: Vec<Duration>,
}

impl Sample {
    fn new(name: &'static str) -> Self {
        Sample {
            name,
            parse: Vec::with_capacity(ITERATIONS),
            cycle: Vec::with_capacity(ITERATIONS),
        }
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Times one parse, then the whole cycle: parse, drop the result, settle the
/// allocator.
///
/// Settling matters for fair interleaved runs: freeing a large tree leaves
/// glibc's malloc with thousands of small free chunks that it merges
/// (`malloc_consolidate`) at the next medium-sized allocation, which would
/// otherwise be charged to whichever parser runs next. One 64 KiB allocation
/// after the drop triggers that merge inside the cycle of the parser that
/// caused it.
fn time<T>(parse: impl FnOnce() -> T) -> (Duration, Duration) {
    let start = Instant::now();
    let parsed = black_box(parse());
    let parsed_at = start.elapsed();
    drop(parsed);
    drop(black_box(Vec::<u8>::with_capacity(64 * 1024)));
    (parsed_at, start.elapsed())
}

fn mb_per_s(bytes: usize, t: Duration) -> f64 {
    bytes as f64 / 1e6 / t.as_secs_f64()
}

/// The parsers, in the order they run in each round.
const PARSERS: usize = 4;

/// Times every parser on `bytes`, interleaved: (a) `Value`, (b) the typed
/// page, then two reference points: the typed page through `from_str` after
/// one UTF-8 check of the whole buffer, and `IgnoredAny` (the JSON is
/// scanned, nothing is built: the floor of any parser of these bytes).
fn measure(bytes: &[u8], warmup: usize, iterations: usize) -> [Sample; PARSERS] {
    let mut samples = [
        Sample::new("(a) serde_json::Value"),
        Sample::new("(b) typed Page { value: Vec<Alert> }"),
        Sample::new("    typed, from_str(from_utf8(..))"),
        Sample::new("    IgnoredAny (scan only)"),
    ];
    // Settle once before the first timed parse too.
    drop(black_box(Vec::<u8>::with_capacity(64 * 1024)));
    for round in 0..warmup + iterations {
        let times = [
            time(|| serde_json::from_slice::<Value>(bytes).unwrap()),
            time(|| serde_json::from_slice::<Page>(bytes).unwrap()),
            time(|| serde_json::from_str::<Page>(std::str::from_utf8(bytes).unwrap()).unwrap()),
            time(|| serde_json::from_slice::<IgnoredAny>(bytes).unwrap()),
        ];
        if round >= warmup {
            for (sample, (parse, cycle)) in samples.iter_mut().zip(times) {
                sample.parse.push(parse);
                sample.cycle.push(cycle);
            }
        }
    }
    samples
}

fn report(title: &str, bytes: &[u8], samples: &[Sample; PARSERS]) {
    println!();
    println!(
        "{title}: {} bytes ({:.2} MB)",
        bytes.len(),
        bytes.len() as f64 / 1e6
    );
    println!(
        "  {:<38} {:>11} {:>9} {:>19} {:>9}",
        "parser", "parse (med)", "MB/s", "parse+drop (med)", "MB/s"
    );
    for sample in samples {
        let (parse, cycle) = (median(&sample.parse), median(&sample.cycle));
        println!(
            "  {:<38} {:>8.2} ms {:>9.1} {:>16.2} ms {:>9.1}",
            sample.name,
            parse.as_secs_f64() * 1e3,
            mb_per_s(bytes.len(), parse),
            cycle.as_secs_f64() * 1e3,
            mb_per_s(bytes.len(), cycle)
        );
    }
    let ratio = |times: fn(&Sample) -> &[Duration]| {
        median(times(&samples[0])).as_secs_f64() / median(times(&samples[1])).as_secs_f64()
    };
    println!(
        "  (b) typed / (a) Value throughput: {:.2}x parsing, {:.2}x parse+drop (above 1: typed is faster)",
        ratio(|s| &s.parse),
        ratio(|s| &s.cycle)
    );
}

/// Checks, once, that the typed page loses nothing, and describes it.
fn check_roundtrip(bytes: &[u8]) {
    let value: Value = serde_json::from_slice(bytes).unwrap();
    let page: Page = serde_json::from_slice(bytes).unwrap();
    let expected = value.get("value").expect("a value array");
    let again = serde_json::to_value(&page.value).unwrap();
    assert!(
        again == *expected,
        "the typed page does not write back the value array it read"
    );
    assert_eq!(
        page.context.as_deref(),
        value.get("@odata.context").and_then(Value::as_str)
    );
    assert_eq!(
        page.next_link.as_deref(),
        value.get("@odata.nextLink").and_then(Value::as_str)
    );
    assert!(page.other.is_empty());

    let mut kinds = std::collections::BTreeMap::<&str, usize>::new();
    let mut evidence = 0usize;
    let mut unknown_type = 0usize;
    for alert in &page.value {
        for item in alert.evidence.iter().flatten() {
            evidence += 1;
            *kinds.entry(item.type_name()).or_default() += 1;
            if let AnyAlertEvidence::AlertEvidence(base) = item {
                if base.odata_type.is_some() {
                    unknown_type += 1;
                }
            }
        }
    }
    if evidence > 0 {
        println!(
            "  {} alerts, {evidence} evidence objects of {} types ({unknown_type} of an unknown type); round trip identical",
            page.value.len(),
            kinds.len()
        );
        assert!(kinds.len() >= 10, "too few evidence types: {kinds:?}");
    } else {
        println!(
            "  {} alerts without evidence; round trip identical",
            page.value.len()
        );
    }
}

fn main() {
    // `cargo bench` passes `--bench`; run any other way (`cargo test --benches`,
    // the binary alone) this is a smoke run: the checks and one round.
    let (warmup, iterations) = if std::env::args().any(|a| a == "--bench") {
        (WARMUP, ITERATIONS)
    } else {
        (0, 1)
    };
    let full = page(true);
    let bare = page(false);
    // For profilers: `DESERIALIZE_BENCH_PROFILE=typed` (or `value`) parses and
    // drops the full page 50 times with that parser only, and prints nothing.
    if let Ok(which) = std::env::var("DESERIALIZE_BENCH_PROFILE") {
        for _ in 0..50 {
            match which.as_str() {
                "typed" => drop(black_box(serde_json::from_slice::<Page>(&full).unwrap())),
                _ => drop(black_box(serde_json::from_slice::<Value>(&full).unwrap())),
            }
        }
        return;
    }
    println!(
        "msgraph-security deserialize bench: {ALERTS} alerts; {warmup} warm-up + {iterations} timed runs of each parser, interleaved; medians; MB = 10^6 bytes"
    );
    if iterations == 1 {
        println!(
            "  (smoke run without --bench: one round, numbers not meaningful; use `cargo bench`)"
        );
    }
    check_roundtrip(&full);
    check_roundtrip(&bare);
    let full_samples = measure(&full, warmup, iterations);
    report("alerts_v2 page with evidence", &full, &full_samples);
    let bare_samples = measure(&bare, warmup, iterations);
    report("the same alerts without evidence", &bare, &bare_samples);

    // Where the time goes: the evidence is the difference of the two pages.
    let evidence_bytes = full.len() - bare.len();
    let difference =
        |i: usize| median(&full_samples[i].parse).saturating_sub(median(&bare_samples[i].parse));
    let (value_evidence, typed_evidence) = (difference(0), difference(1));
    println!();
    println!(
        "evidence alone (difference of the two pages, parsing): {evidence_bytes} bytes; Value {:.2} ms ({:.1} MB/s), typed {:.2} ms ({:.1} MB/s)",
        value_evidence.as_secs_f64() * 1e3,
        mb_per_s(evidence_bytes, value_evidence),
        typed_evidence.as_secs_f64() * 1e3,
        mb_per_s(evidence_bytes, typed_evidence),
    );
}
