use super::*;
use std::collections::BTreeMap;

#[test]
fn decodes_as_serde_json_does() {
    let json = br#"{"a":[1,2,3],"b":{"c":"text","d":null,"e":[{"Unit":null},{"Newtype":[7]},{"Tuple":[1,"x"]},{"Struct":{"a":"y"}}]}}"#;
    let direct: serde_json::Value = serde_json::from_slice(json).unwrap();
    let counted: serde_json::Value = from_slice(json).unwrap();
    assert_eq!(direct, counted);
    let map: BTreeMap<String, Option<f64>> = from_slice(br#"{"x":1.5,"y":null}"#).unwrap();
    assert_eq!(map.len(), 2);
    // Trailing characters are refused, as by serde_json::from_slice.
    assert!(from_slice::<u8>(b"1 2").is_err());
}

#[test]
fn the_budget_stops_amplification() {
    // 2 bytes a `0` on the wire, 2 x 32 charged for a `Value`: 4 MB
    // of JSON, 128 MB charged, 96 MB allowed.
    let items = 2_000_000;
    let mut json = b"[0".to_vec();
    for _ in 1..items {
        json.extend_from_slice(b",0");
    }
    json.push(b']');
    let (error, exceeded) = from_slice::<Vec<serde_json::Value>>(&json).unwrap_err();
    assert!(exceeded, "{error}");
    // The same items as bytes fit (2 x 1 charged a byte).
    let bytes: Vec<u8> = from_slice(&json).unwrap();
    assert_eq!(bytes.len(), items);
    // A syntax error is not a budget error.
    let (_, exceeded) = from_slice::<Vec<u8>>(b"[1,").unwrap_err();
    assert!(!exceeded);
    assert_eq!(decode_budget(0), DECODE_BUDGET_FLOOR);
}

#[test]
fn legitimate_shapes_fit() {
    // A hunting result at the service's 100,000-row limit, of short rows
    // (the costliest legitimate shape: ~12 bytes charged per JSON byte).
    let row = r#"{"DeviceName":"dev-1","count_":12}"#;
    let rows = vec![row; 100_000].join(",");
    let json = format!(r#"{{"schema":[],"results":[{rows}]}}"#);
    let value: serde_json::Value = from_slice(json.as_bytes()).unwrap();
    assert_eq!(value["results"].as_array().unwrap().len(), 100_000);
    assert_eq!(decoded_memory_bound(u64::MAX), u64::MAX);
}
