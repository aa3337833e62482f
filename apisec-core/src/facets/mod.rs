//! Asset facets: what the inventory learns about each API beyond its identity.
//!
//! One file per facet — [`structure`] (parameter structure), [`auth`] (authentication
//! fields), [`purpose`] (business purpose), [`service`] (service object) and [`lifecycle`]
//! (status by event time). Each takes one exchange (a [`crate::record::Record`] plus its
//! [`crate::params::Params`]) and folds it into a small bounded accumulator kept on the
//! API's [`crate::inventory::ApiState`]; accumulators merge with `absorb`.

pub mod auth;
pub mod lifecycle;
pub mod purpose;
pub mod service;
pub mod structure;

use crate::catalog::{ApiType, Purpose};
use crate::params::Params;
use crate::policy::{Lifecycle, Policy};
use crate::record::Record;
use purpose::{PurposeAcc, PurposeInput, PurposeSet, PurposeSettings};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

pub use auth::AuthFacts;
pub use lifecycle::LifecycleSettings;

/// Settings of the built-in facets, resolved once from the policy.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FacetSettings {
    /// Built-in purpose switches.
    pub purpose: PurposeSettings,
    /// Lifecycle model.
    pub lifecycle: LifecycleSettings,
}

/// Everything the facets keep about one API (bounded; merges with [`ApiFacets::absorb`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApiFacets {
    /// Parameter structure.
    pub structure: structure::StructAcc,
    /// Authentication fields.
    pub auth: auth::AuthAcc,
    /// Purpose votes.
    pub purpose: PurposeAcc,
    /// Client sources.
    pub sources: service::SourceSketch,
}

/// What the facets found in one record, for the detectors that run after them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestFacts {
    /// The request carried an authentication credential.
    pub authenticated: bool,
    /// Names of the credential fields found.
    pub auth_fields: SmallVec<[String; 2]>,
    /// The record's own business purposes (the API's are voted over many records).
    pub purposes: PurposeSet,
    /// Names of the custom purpose policies the record matched.
    pub custom_purposes: SmallVec<[String; 1]>,
}

impl FacetSettings {
    /// The built-in facet settings a policy asks for (purpose switches, lifecycle rule).
    pub fn from_policy(policy: &Policy) -> FacetSettings {
        let disabled = Purpose::ALL.iter().copied().filter(|p| !policy.purpose_enabled(*p)).collect();
        let custom = match policy.lifecycle() {
            Lifecycle::Builtin => None,
            Lifecycle::Custom { daily_requests, days } => {
                Some(lifecycle::InactiveRule { volume: daily_requests, days })
            }
        };
        FacetSettings {
            purpose: PurposeSettings { disabled },
            lifecycle: LifecycleSettings { custom, ..LifecycleSettings::default() },
        }
    }
}

impl ApiFacets {
    /// Folds one record into the API's facets and returns the record's own facts.
    /// `template` is the API's path template; `req_sensitive` / `resp_sensitive` are the
    /// sensitive type codes found in the request and the response. The policy's custom
    /// authentication credentials and custom purposes are applied here.
    #[allow(clippy::too_many_arguments)]
    pub fn observe(
        &mut self,
        rec: &Record<'_>,
        params: &Params<'_>,
        template: &str,
        settings: &FacetSettings,
        policy: &Policy,
        req_sensitive: &[u16],
        resp_sensitive: &[u16],
    ) -> RequestFacts {
        self.structure.add(params);
        let mut auth = auth::detect(rec, params);
        let custom_auth = policy.auth_policies();
        let custom_purposes = policy.custom_purposes();
        let cond_facts = (!custom_auth.is_empty() || !custom_purposes.is_empty())
            .then(|| crate::policy::RecordFacts::new(rec, params, template));
        if let Some(cf) = &cond_facts {
            for ap in custom_auth {
                if ap.matches(cf) {
                    for (loc, name) in ap.fields() {
                        auth.add_custom(*loc, name);
                    }
                }
            }
        }
        self.auth.add(&auth);
        let input = PurposeInput {
            method: &rec.method,
            path: template,
            params,
            resp_headers: Some(&rec.resp_headers),
            req_sensitive,
            resp_sensitive,
        };
        let purposes = purpose::classify(&input, &settings.purpose);
        let mut custom: SmallVec<[&str; 2]> = SmallVec::new();
        if let Some(cf) = &cond_facts {
            let builtin: Vec<String> = purposes.iter().map(|p| p.as_str().to_owned()).collect();
            let cf =
                crate::policy::RecordFacts { purposes: &builtin, authenticated: auth.authenticated, ..*cf };
            custom.extend(custom_purposes.iter().filter(|cp| cp.matches(&cf)).map(|cp| cp.name.as_str()));
        }
        self.purpose.add(purposes);
        self.purpose.add_custom(&custom);
        self.sources.add(rec.client_ip);
        RequestFacts {
            authenticated: auth.authenticated,
            auth_fields: auth.fields.iter().map(|f| f.name.to_string()).collect(),
            purposes,
            custom_purposes: custom.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Adds another state of the same API.
    pub fn absorb(&mut self, other: &ApiFacets) {
        self.structure.absorb(&other.structure);
        self.auth.absorb(&other.auth);
        self.purpose.absorb(&other.purpose);
        self.sources.absorb(&other.sources);
    }

    /// The API's purposes (`api_tag`): built-in ones in catalogue order, then custom
    /// policy names by name.
    pub fn api_tag(&self) -> Vec<String> {
        let mut v: Vec<String> = self.purpose.result().iter().map(|p| p.as_str().to_owned()).collect();
        v.extend(self.purpose.custom_result());
        v
    }

    /// The API's service objects (`api_type`).
    /// `active_days` is the number of days the API was called.
    pub fn api_type(
        &self,
        host: &str,
        template: &str,
        global_private_share: f64,
        active_days: usize,
    ) -> Vec<ApiType> {
        service::classify(host, template, &self.sources, global_private_share, active_days)
    }
}

/// What turning an API into an asset needs beyond the API itself.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AssetContext<'s> {
    /// The engine's latest event time.
    pub watermark: f64,
    /// Share of all calls that came from private ranges.
    pub global_private_share: f64,
    /// Facet settings.
    pub settings: &'s FacetSettings,
    /// De-identification display: credentials and passwords in samples are masked.
    pub desensitize: bool,
}
