//! OpenAPI 3.0.3 export of the discovered inventory.
//!
//! Input: the assets ([`Asset`]) an engine discovered. Output: one OpenAPI document as a
//! `serde_json::Value`: `servers` from the hosts, one path item per template
//! (`/users/${param}` becomes `/users/{userId}`, a unique name per placeholder), one
//! operation per method with its query / header / cookie parameters, a request body
//! schema rebuilt from the learned JSON keys (`items[].sku` → an array of objects), the
//! response body and headers, learned formats as JSON-schema types and formats, and the
//! authentication fields as `apiKey` security schemes. Objects are ordered maps, so the
//! same inventory always gives the same document.

use crate::catalog::Location;
use crate::model::{Asset, StructField};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Document-level options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenApiOptions {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
}

impl Default for OpenApiOptions {
    fn default() -> Self {
        OpenApiOptions { title: "Discovered APIs".into(), version: "1.0.0".into() }
    }
}

/// Request headers that describe the transport, not the API: left out of `parameters`
/// (OpenAPI also ignores `Accept`, `Content-Type` and `Authorization` header parameters).
const TRANSPORT_HEADERS: &[&str] = &[
    "accept",
    "accept-encoding",
    "accept-language",
    "authorization",
    "cache-control",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "host",
    "origin",
    "pragma",
    "referer",
    "te",
    "transfer-encoding",
    "upgrade-insecure-requests",
    "user-agent",
    "x-forwarded-for",
    "x-forwarded-proto",
    "x-forwarded-host",
    "x-real-ip",
    "sec-fetch-dest",
    "sec-fetch-mode",
    "sec-fetch-site",
    "sec-fetch-user",
    "sec-ch-ua",
    "sec-ch-ua-mobile",
    "sec-ch-ua-platform",
    "if-none-match",
    "if-modified-since",
];

/// The JSON schema of a learned format.
pub fn schema_of(format: &str) -> Value {
    match format {
        "integer" => json!({"type": "integer"}),
        "float" => json!({"type": "number"}),
        "boolean" => json!({"type": "boolean"}),
        "email" => json!({"type": "string", "format": "email"}),
        "phone" => json!({"type": "string", "format": "phone"}),
        "date" => json!({"type": "string", "format": "date"}),
        "datetime" => json!({"type": "string", "format": "date-time"}),
        "uuid" => json!({"type": "string", "format": "uuid"}),
        "url" => json!({"type": "string", "format": "uri"}),
        "ip" => json!({"type": "string", "format": "ip"}),
        "json" => json!({"type": "object"}),
        "array" => json!({"type": "array", "items": {}}),
        "null" => json!({"nullable": true}),
        _ => json!({"type": "string"}),
    }
}

/// Turns an `api_format` template into an OpenAPI path and its path parameter names.
/// Each `${…}` placeholder gets a name from the literal segment before it (`users` →
/// `usersId`), made unique with a number; literal `{` and `}` are percent-encoded.
pub fn path_of(template: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(template.len() + 8);
    let mut names: Vec<String> = Vec::new();
    if !template.starts_with('/') {
        out.push('/');
    }
    let mut prev_literal = String::new();
    for (i, seg) in template.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        let mut rest = seg;
        let mut seg_literal = String::new();
        while !rest.is_empty() {
            match rest.find("${") {
                Some(start) => {
                    let lit = &rest[..start];
                    push_literal(&mut out, lit);
                    seg_literal.push_str(lit);
                    let after = &rest[start + 2..];
                    let end = after.find('}').map(|e| e + 1).unwrap_or(after.len());
                    let base = param_base(if seg_literal.is_empty() { &prev_literal } else { &seg_literal });
                    let mut name = base.clone();
                    let mut n = 2;
                    while names.contains(&name) {
                        name = format!("{base}{n}");
                        n += 1;
                    }
                    out.push('{');
                    out.push_str(&name);
                    out.push('}');
                    names.push(name);
                    rest = &after[end..];
                }
                None => {
                    push_literal(&mut out, rest);
                    seg_literal.push_str(rest);
                    rest = "";
                }
            }
        }
        if !seg_literal.is_empty() {
            prev_literal = seg_literal;
        }
    }
    (out, names)
}

fn push_literal(out: &mut String, lit: &str) {
    for ch in lit.chars() {
        match ch {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c => out.push(c),
        }
    }
}

/// `users` → `usersId`; nothing usable → `param`.
fn param_base(literal: &str) -> String {
    let word: String = literal.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if word.is_empty() || word.starts_with(|c: char| c.is_ascii_digit()) || word.len() > 40 {
        "param".into()
    } else {
        format!("{word}Id")
    }
}

/// A node of a JSON body rebuilt from flattened keys.
#[derive(Debug, Default)]
struct Node {
    schema: Option<Value>,
    props: BTreeMap<String, Node>,
    items: Option<Box<Node>>,
    required: BTreeSet<String>,
}

impl Node {
    /// Inserts `a.b[].c` with its leaf schema; `required` marks the property chain up to
    /// the first array.
    fn insert(&mut self, path: &str, leaf: Value, required: bool) {
        if path == "$" || path.is_empty() {
            self.schema.get_or_insert(leaf);
            return;
        }
        let (head, rest) = match path.find(['.', '[']) {
            Some(i) if path[i..].starts_with("[]") => (&path[..i], &path[i..]),
            Some(i) => (&path[..i], &path[i + 1..]),
            None => (path, ""),
        };
        if head.is_empty() {
            // `[]…` at this level: an array.
            if let Some(r) = rest.strip_prefix("[]") {
                let r = r.strip_prefix('.').unwrap_or(r);
                self.items.get_or_insert_with(Default::default).insert(r, leaf, false);
            }
            return;
        }
        if required {
            self.required.insert(head.to_owned());
        }
        let child = self.props.entry(head.to_owned()).or_default();
        match rest {
            "" => {
                child.schema.get_or_insert(leaf);
            }
            r if r.starts_with("[]") => child.insert(r, leaf, false),
            r => child.insert(r, leaf, required),
        }
    }

    fn to_schema(&self) -> Value {
        if let Some(items) = &self.items {
            return json!({"type": "array", "items": items.to_schema()});
        }
        if !self.props.is_empty() {
            let mut props = Map::new();
            for (k, v) in &self.props {
                props.insert(k.clone(), v.to_schema());
            }
            let mut m = Map::new();
            m.insert("type".into(), "object".into());
            m.insert("properties".into(), Value::Object(props));
            if !self.required.is_empty() {
                m.insert("required".into(), self.required.iter().cloned().map(Value::from).collect());
            }
            return Value::Object(m);
        }
        self.schema.clone().unwrap_or_else(|| json!({}))
    }
}

fn body_schema<'a>(fields: impl Iterator<Item = &'a StructField>) -> Option<Value> {
    let mut root = Node::default();
    let mut any = false;
    for f in fields {
        any = true;
        root.insert(&f.key, schema_of(&f.format), f.required == "true");
    }
    any.then(|| root.to_schema())
}

fn media_type(asset: &Asset) -> &'static str {
    let ct = asset
        .sample
        .request_header
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.to_ascii_lowercase())
        .unwrap_or_default();
    if ct.contains("x-www-form-urlencoded") {
        "application/x-www-form-urlencoded"
    } else if ct.contains("multipart/") {
        "multipart/form-data"
    } else {
        "application/json"
    }
}

/// A name usable as a component key (`^[a-zA-Z0-9._-]+$`).
fn component_name(name: &str, location: Location) -> String {
    let base: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') { c } else { '_' })
        .collect();
    format!(
        "{}_{}",
        location.as_str().trim_start_matches("request_"),
        if base.is_empty() { "key" } else { &base }
    )
}

fn operation(
    asset: &Asset,
    path_params: &[String],
    op_id: String,
    schemes: &mut Map<String, Value>,
) -> Value {
    let mut params: Vec<Value> = Vec::new();
    let path_fields: Vec<&StructField> =
        asset.struct_baseline.iter().filter(|f| f.location == Location::RequestPath).collect();
    for (i, name) in path_params.iter().enumerate() {
        let schema =
            path_fields.get(i).map(|f| schema_of(&f.format)).unwrap_or_else(|| json!({"type": "string"}));
        params.push(json!({"name": name, "in": "path", "required": true, "schema": schema}));
    }
    let mut seen: BTreeSet<(String, &str)> = BTreeSet::new();
    for f in &asset.struct_baseline {
        let place = match f.location {
            Location::RequestQuery => "query",
            Location::RequestHeader => "header",
            Location::RequestCookie => "cookie",
            _ => continue,
        };
        if place == "header" && TRANSPORT_HEADERS.contains(&f.key.to_ascii_lowercase().as_str()) {
            continue;
        }
        let ident = if place == "header" { f.key.to_ascii_lowercase() } else { f.key.clone() };
        if f.key.is_empty() || !seen.insert((ident, place)) {
            continue;
        }
        params.push(json!({
            "name": f.key, "in": place, "required": f.required == "true", "schema": schema_of(&f.format)
        }));
    }
    let mut op = Map::new();
    op.insert("operationId".into(), op_id.into());
    let summary = if asset.api_tag.is_empty() {
        format!("{} {}", asset.request_method, asset.api_format)
    } else {
        asset.api_tag.join(", ")
    };
    op.insert("summary".into(), summary.into());
    if !asset.api_tag.is_empty() {
        op.insert("tags".into(), asset.api_tag.iter().cloned().map(Value::from).collect());
    }
    op.insert("x-apisec-api-id".into(), asset.api_id.clone().into());
    op.insert("x-apisec-api-type".into(), serde_json::to_value(&asset.api_type).unwrap_or_default());
    op.insert("x-apisec-status".into(), asset.api_status.as_str().into());
    if !params.is_empty() {
        op.insert("parameters".into(), Value::Array(params));
    }
    let body_fields = asset.struct_baseline.iter().filter(|f| f.location == Location::RequestBody);
    if let Some(schema) = body_schema(body_fields) {
        op.insert("requestBody".into(), json!({"content": {media_type(asset): {"schema": schema}}}));
    }
    let mut resp = Map::new();
    resp.insert("description".into(), "Observed response".into());
    let mut headers = Map::new();
    for f in asset.struct_baseline.iter().filter(|f| f.location == Location::ResponseHeader) {
        if f.key.eq_ignore_ascii_case("content-type") || f.key.is_empty() {
            continue;
        }
        headers
            .insert(f.key.clone(), json!({"schema": schema_of(&f.format), "required": f.required == "true"}));
    }
    if !headers.is_empty() {
        resp.insert("headers".into(), Value::Object(headers));
    }
    if let Some(schema) =
        body_schema(asset.struct_baseline.iter().filter(|f| f.location == Location::ResponseBody))
    {
        resp.insert("content".into(), json!({"application/json": {"schema": schema}}));
    }
    op.insert("responses".into(), json!({"200": Value::Object(resp)}));
    // Credentials: one apiKey scheme per field, any of them is enough.
    let mut security = Vec::new();
    for key in &asset.auth_key {
        let loc = asset
            .struct_baseline
            .iter()
            .find(|f| f.key.eq_ignore_ascii_case(key) && f.location.is_request())
            .map(|f| f.location)
            .unwrap_or(Location::RequestHeader);
        let place = match loc {
            Location::RequestQuery => "query",
            Location::RequestCookie => "cookie",
            Location::RequestHeader => "header",
            _ => continue,
        };
        let name = component_name(key, loc);
        schemes.entry(name.clone()).or_insert_with(|| json!({"type": "apiKey", "in": place, "name": key}));
        security.push(json!({ name: [] }));
    }
    if !security.is_empty() {
        op.insert("security".into(), Value::Array(security));
    }
    Value::Object(op)
}

/// An operationId from method and path (`get_users_usersId`), unique in the document.
fn operation_id(method: &str, path: &str, used: &mut BTreeSet<String>) -> String {
    let mut base = method.to_ascii_lowercase();
    for part in path.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        base.push('_');
        base.push_str(part);
    }
    let mut id = base.clone();
    let mut n = 2;
    while !used.insert(id.clone()) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Builds the OpenAPI 3.0.3 document of an inventory.
pub fn openapi(assets: &[Asset], options: &OpenApiOptions) -> Value {
    let mut hosts: BTreeSet<String> = BTreeSet::new();
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut path_hosts: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut schemes = Map::new();
    let mut used_ids = BTreeSet::new();
    let mut sorted: Vec<&Asset> = assets.iter().collect();
    sorted.sort_by(|a, b| {
        (&a.api_format, &a.request_method, &a.service_host).cmp(&(
            &b.api_format,
            &b.request_method,
            &b.service_host,
        ))
    });
    for a in sorted {
        let method = a.request_method.to_ascii_lowercase();
        if !METHODS.contains(&method.as_str()) {
            continue; // OpenAPI 3.0 has no place for other methods.
        }
        let (path, params) = path_of(&a.api_format);
        let url = server_url(a);
        hosts.insert(url.clone());
        path_hosts.entry(path.clone()).or_default().insert(url);
        let item = paths.entry(path.clone()).or_default();
        if item.contains_key(&method) {
            continue; // The same operation on another host: the first one describes it.
        }
        let id = operation_id(&method, &path, &mut used_ids);
        item.insert(method, operation(a, &params, id, &mut schemes));
    }
    let many_hosts = hosts.len() > 1;
    let mut paths_obj = Map::new();
    for (p, mut item) in paths {
        if many_hosts && let Some(hs) = path_hosts.get(&p) {
            item.insert("servers".into(), hs.iter().map(|u| json!({"url": u})).collect());
        }
        paths_obj.insert(p, Value::Object(item));
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), "3.0.3".into());
    doc.insert(
        "info".into(),
        json!({
            "title": options.title,
            "version": options.version,
            "description": "API inventory discovered from traffic by apisec."
        }),
    );
    let servers: Vec<Value> = hosts.iter().map(|u| json!({"url": u})).collect();
    if !servers.is_empty() {
        doc.insert("servers".into(), Value::Array(servers));
    }
    doc.insert("paths".into(), Value::Object(paths_obj));
    if !schemes.is_empty() {
        doc.insert("components".into(), json!({"securitySchemes": schemes}));
    }
    Value::Object(doc)
}

fn server_url(a: &Asset) -> String {
    let port = a.server_port.iter().find_map(|p| p.parse::<u16>().ok());
    match port {
        Some(80) => format!("http://{}", a.service_host),
        Some(443) | None => format!("https://{}", a.service_host),
        Some(p) => format!("https://{}:{p}", a.service_host),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_become_named_path_parameters() {
        assert_eq!(path_of("/users/${param}"), ("/users/{usersId}".into(), vec!["usersId".into()]));
        assert_eq!(
            path_of("/users/${param}/orders/${param}"),
            ("/users/{usersId}/orders/{ordersId}".into(), vec!["usersId".into(), "ordersId".into()])
        );
        assert_eq!(
            path_of("/files/${param}/${param}"),
            ("/files/{filesId}/{filesId2}".into(), vec!["filesId".into(), "filesId2".into()])
        );
        assert_eq!(path_of("/${param}.pdf").0, "/{param}.pdf");
        assert_eq!(path_of("/odd/{x}").0, "/odd/%7Bx%7D");
        assert_eq!(path_of("").0, "/");
    }

    #[test]
    fn flattened_keys_rebuild_a_nested_schema() {
        let f = |k: &str, fmt: &str, req: bool| StructField {
            key: k.into(),
            location: Location::RequestBody,
            format: fmt.into(),
            required: req.to_string(),
        };
        let fields = [
            f("user.name", "string", true),
            f("items[].sku", "string", true),
            f("items[].qty", "integer", false),
        ];
        let s = body_schema(fields.iter()).unwrap();
        assert_eq!(s["properties"]["user"]["properties"]["name"]["type"], "string");
        assert_eq!(s["properties"]["user"]["required"], json!(["name"]));
        assert_eq!(s["properties"]["items"]["type"], "array");
        assert_eq!(s["properties"]["items"]["items"]["properties"]["qty"]["type"], "integer");
        assert_eq!(s["required"], json!(["items", "user"]));
        let top = [f("$", "integer", true)];
        assert_eq!(body_schema(top.iter()).unwrap(), json!({"type": "integer"}));
        let arr = [f("[].id", "uuid", true)];
        assert_eq!(body_schema(arr.iter()).unwrap()["items"]["properties"]["id"]["format"], "uuid");
    }
}
