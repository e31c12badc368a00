//! Advanced hunting results as the caller's own row type. Hand-written (the one
//! hand-written module besides `lib.rs`): the schema types a row as an open type
//! with one member per column, so the generated `HuntingRowResult` keeps the
//! columns in its additional properties and these methods read them as any
//! `serde::Deserialize` type.

use crate::models::{HuntingQueryResults, HuntingRowResult};

impl HuntingQueryResults {
    /// Every row as a `T` (any `serde::Deserialize` type whose fields are
    /// the query's columns, e.g. `#[serde(rename = "DeviceName")]`).
    /// A row that does not fit fails with its index in the message.
    ///
    /// ```
    /// use std::collections::BTreeMap;
    /// use msgraph_security::models::HuntingQueryResults;
    ///
    /// let results: HuntingQueryResults = serde_json::from_str(
    ///     r#"{"schema":[{"name":"DeviceName","type":"String"},{"name":"Count","type":"Int64"}],
    ///         "results":[{"DeviceName":"pc-1","Count":3},{"DeviceName":"pc-2","Count":5}]}"#,
    /// )?;
    /// assert_eq!(results.columns(), [("DeviceName", "String"), ("Count", "Int64")]);
    /// let rows: Vec<(String, u64)> = results
    ///     .rows::<BTreeMap<String, serde_json::Value>>()?
    ///     .into_iter()
    ///     .map(|row| (row["DeviceName"].as_str().unwrap_or_default().to_owned(), row["Count"].as_u64().unwrap_or(0)))
    ///     .collect();
    /// assert_eq!(rows, [("pc-1".to_owned(), 3), ("pc-2".to_owned(), 5)]);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn rows<T: serde::de::DeserializeOwned>(&self) -> Result<Vec<T>, serde_json::Error> {
        self.results
            .iter()
            .flatten()
            .enumerate()
            .map(|(index, row)| {
                row.row().map_err(|e| {
                    <serde_json::Error as serde::de::Error>::custom(format!("row {index}: {e}"))
                })
            })
            .collect()
    }

    /// The columns, as `(name, type)` from the result's `schema`
    /// (Kusto type names such as `String`, `DateTime`, `Int64`).
    pub fn columns(&self) -> Vec<(&str, &str)> {
        self.schema
            .iter()
            .flatten()
            .map(|column| {
                (
                    column.name.value().map_or("", String::as_str),
                    column.r#type.value().map_or("", String::as_str),
                )
            })
            .collect()
    }
}

impl HuntingRowResult {
    /// The row as a `T` (its columns are the members).
    pub fn row<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(serde_json::Value::Object(
            self.additional_properties.clone(),
        ))
    }
}
