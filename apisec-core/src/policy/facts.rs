//! What a condition can ask about one exchange: the [`Facts`] trait.
//!
//! Conditions never look at a [`Record`] directly; they ask a `Facts` value one question per
//! match field. [`RecordFacts`] answers from a record, its extracted [`Params`] and the facts
//! later stages derive (API template, purposes, service objects, authentication, sensitive
//! findings), which the engine fills in. This keeps the policy module independent of those
//! stages. Every answer borrows; nothing here allocates.

use crate::catalog::{ApiType, Location};
use crate::params::Params;
use crate::record::{Record, Scheme};
use std::net::IpAddr;

/// Where a parameter name is looked up by the business-purpose `*_names` fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameSource {
    /// Request header names.
    ReqHeader,
    /// Cookie names.
    Cookie,
    /// Query parameter names.
    GetParam,
    /// Request body parameter names (JSON paths for JSON bodies).
    PostParam,
    /// Response body parameter names.
    RespParam,
}

/// The answers a condition may need about one exchange.
///
/// Absent items are `None`; header look-ups ignore the name's case, every other name is
/// exact. Sensitive findings are `(code, count)` pairs, one per distinct type.
pub trait Facts {
    /// Host name without the port.
    fn domain(&self) -> &str;
    /// The API path template.
    fn api(&self) -> &str;
    /// Request method.
    fn method(&self) -> &str;
    /// `User-Agent` header.
    fn user_agent(&self) -> Option<&str> {
        self.req_header("user-agent")
    }
    /// `Referer` header.
    fn referer(&self) -> Option<&str> {
        self.req_header("referer")
    }
    /// `http` or `https`, when known.
    fn protocol(&self) -> Option<Scheme>;
    /// Request `Content-Type`.
    fn req_content_type(&self) -> Option<&str> {
        self.req_header("content-type")
    }
    /// Request body length in bytes.
    fn req_length(&self) -> Option<u64>;
    /// Response `Content-Type`.
    fn resp_content_type(&self) -> Option<&str> {
        self.resp_header("content-type")
    }
    /// Response body length in bytes (`None` when no response was seen).
    fn resp_length(&self) -> Option<u64>;
    /// Response status.
    fn status(&self) -> Option<u16>;
    /// A request header's first value (name case-insensitive).
    fn req_header(&self, name: &str) -> Option<&str>;
    /// A cookie's value.
    fn cookie(&self, name: &str) -> Option<&str>;
    /// A query parameter's first value.
    fn get_param(&self, name: &str) -> Option<&str>;
    /// A request body parameter's first value.
    fn post_param(&self, name: &str) -> Option<&str>;
    /// A response header's first value (name case-insensitive).
    fn resp_header(&self, name: &str) -> Option<&str>;
    /// A response body parameter's first value.
    fn resp_param(&self, name: &str) -> Option<&str>;
    /// Calls `visit` with each parameter name at `source` until it returns true; returns
    /// whether it did.
    fn any_name(&self, source: NameSource, visit: &mut dyn FnMut(&str) -> bool) -> bool;
    /// Business purposes of the API (built-in names and custom policy names).
    fn purposes(&self) -> &[String];
    /// Service objects of the API.
    fn service_objects(&self) -> &[ApiType];
    /// Whether the request carries authentication credentials.
    fn authenticated(&self) -> bool;
    /// Sensitive findings of the request: `(code, count)` per distinct type.
    fn req_sensitive(&self) -> &[(u16, u32)];
    /// Sensitive findings of the response: `(code, count)` per distinct type.
    fn resp_sensitive(&self) -> &[(u16, u32)];
    /// `Some(true)` for the Chinese mainland, `Some(false)` elsewhere, `None` when unknown.
    fn is_cn(&self) -> Option<bool>;
    /// The client address.
    fn client_ip(&self) -> IpAddr;
    /// The account, when known.
    fn account(&self) -> Option<&str>;
}

/// [`Facts`] of one record, with the derived facts the engine supplies.
#[derive(Clone, Copy, Debug)]
pub struct RecordFacts<'a> {
    /// The exchange.
    pub record: &'a Record<'a>,
    /// Its extracted parameters.
    pub params: &'a Params<'a>,
    /// The API template the inventory assigned.
    pub api: &'a str,
    /// Business purposes.
    pub purposes: &'a [String],
    /// Service objects.
    pub service_objects: &'a [ApiType],
    /// Whether credentials were found.
    pub authenticated: bool,
    /// Request sensitive findings, `(code, count)`.
    pub req_sensitive: &'a [(u16, u32)],
    /// Response sensitive findings, `(code, count)`.
    pub resp_sensitive: &'a [(u16, u32)],
}

impl<'a> RecordFacts<'a> {
    /// Facts with only the record-level answers; derived facts empty / false.
    pub fn new(record: &'a Record<'a>, params: &'a Params<'a>, api: &'a str) -> Self {
        RecordFacts {
            record,
            params,
            api,
            purposes: &[],
            service_objects: &[],
            authenticated: false,
            req_sensitive: &[],
            resp_sensitive: &[],
        }
    }

    fn param(&self, loc: Location, name: &str) -> Option<&str> {
        self.params.items.iter().find(|p| p.location == loc && p.name == name).map(|p| p.value.as_ref())
    }
}

fn content_length(h: Option<&str>) -> Option<u64> {
    h.and_then(|v| v.trim().parse().ok())
}

impl Facts for RecordFacts<'_> {
    fn domain(&self) -> &str {
        self.record.host_name()
    }
    fn api(&self) -> &str {
        self.api
    }
    fn method(&self) -> &str {
        &self.record.method
    }
    fn protocol(&self) -> Option<Scheme> {
        self.record.scheme.or(match self.record.server_port {
            Some(443) => Some(Scheme::Https),
            Some(80) => Some(Scheme::Http),
            _ => None,
        })
    }
    fn req_length(&self) -> Option<u64> {
        match &self.record.req_body {
            Some(b) => Some(b.len() as u64),
            None => content_length(self.record.req_headers.get("content-length")).or(Some(0)),
        }
    }
    fn resp_length(&self) -> Option<u64> {
        match &self.record.resp_body {
            Some(b) => Some(b.len() as u64),
            None if self.record.status.is_some() => {
                content_length(self.record.resp_headers.get("content-length")).or(Some(0))
            }
            None => None,
        }
    }
    fn status(&self) -> Option<u16> {
        self.record.status
    }
    fn req_header(&self, name: &str) -> Option<&str> {
        self.record.req_headers.get(name)
    }
    fn cookie(&self, name: &str) -> Option<&str> {
        self.param(Location::RequestCookie, name)
    }
    fn get_param(&self, name: &str) -> Option<&str> {
        self.param(Location::RequestQuery, name)
    }
    fn post_param(&self, name: &str) -> Option<&str> {
        self.param(Location::RequestBody, name)
    }
    fn resp_header(&self, name: &str) -> Option<&str> {
        self.record.resp_headers.get(name)
    }
    fn resp_param(&self, name: &str) -> Option<&str> {
        self.param(Location::ResponseBody, name)
    }
    fn any_name(&self, source: NameSource, visit: &mut dyn FnMut(&str) -> bool) -> bool {
        let loc = match source {
            NameSource::ReqHeader => return self.record.req_headers.iter().any(|(n, _)| visit(n)),
            NameSource::Cookie => Location::RequestCookie,
            NameSource::GetParam => Location::RequestQuery,
            NameSource::PostParam => Location::RequestBody,
            NameSource::RespParam => Location::ResponseBody,
        };
        self.params.items.iter().filter(|p| p.location == loc).any(|p| visit(&p.name))
    }
    fn purposes(&self) -> &[String] {
        self.purposes
    }
    fn service_objects(&self) -> &[ApiType] {
        self.service_objects
    }
    fn authenticated(&self) -> bool {
        self.authenticated
    }
    fn req_sensitive(&self) -> &[(u16, u32)] {
        self.req_sensitive
    }
    fn resp_sensitive(&self) -> &[(u16, u32)] {
        self.resp_sensitive
    }
    fn is_cn(&self) -> Option<bool> {
        self.record.src_country.as_ref().map(|_| self.record.is_cn())
    }
    fn client_ip(&self) -> IpAddr {
        self.record.client_ip
    }
    fn account(&self) -> Option<&str> {
        self.record.account.as_deref()
    }
}

/// The few facts a whitelist needs (domain, API, IP, account); every other answer is empty.
#[derive(Clone, Copy, Debug)]
pub(crate) struct WhitelistFacts<'a> {
    pub host: &'a str,
    pub api: &'a str,
    pub ip: Option<IpAddr>,
    pub account: Option<&'a str>,
}

impl Facts for WhitelistFacts<'_> {
    fn domain(&self) -> &str {
        self.host
    }
    fn api(&self) -> &str {
        self.api
    }
    fn method(&self) -> &str {
        ""
    }
    fn protocol(&self) -> Option<Scheme> {
        None
    }
    fn req_length(&self) -> Option<u64> {
        None
    }
    fn resp_length(&self) -> Option<u64> {
        None
    }
    fn status(&self) -> Option<u16> {
        None
    }
    fn req_header(&self, _: &str) -> Option<&str> {
        None
    }
    fn cookie(&self, _: &str) -> Option<&str> {
        None
    }
    fn get_param(&self, _: &str) -> Option<&str> {
        None
    }
    fn post_param(&self, _: &str) -> Option<&str> {
        None
    }
    fn resp_header(&self, _: &str) -> Option<&str> {
        None
    }
    fn resp_param(&self, _: &str) -> Option<&str> {
        None
    }
    fn any_name(&self, _: NameSource, _: &mut dyn FnMut(&str) -> bool) -> bool {
        false
    }
    fn purposes(&self) -> &[String] {
        &[]
    }
    fn service_objects(&self) -> &[ApiType] {
        &[]
    }
    fn authenticated(&self) -> bool {
        false
    }
    fn req_sensitive(&self) -> &[(u16, u32)] {
        &[]
    }
    fn resp_sensitive(&self) -> &[(u16, u32)] {
        &[]
    }
    fn is_cn(&self) -> Option<bool> {
        None
    }
    fn client_ip(&self) -> IpAddr {
        self.ip.unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED))
    }
    fn account(&self) -> Option<&str> {
        self.account
    }
}
