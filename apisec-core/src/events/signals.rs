//! Per-record signals for the event detectors, read from a record with the shared facts.
//!
//! Input: a [`Record`], its [`Params`] and the business purposes known for it. Output:
//! [`RecordSignals`] — is this a login attempt (and with which username / password or PIN,
//! and did it succeed), a one-time code check (by SMS or e-mail), a registration, a request
//! to send a text message or e-mail (and to whom), an export or download, and what the
//! response leaks. Nothing here keeps state; the engine turns the signals into an
//! [`super::EventInput`].

use super::detect::{Channel, CodeAttempt, LoginAttempt};
use crate::catalog::Purpose;
use crate::facts::leaks::Leaks;
use crate::facts::login::{self, Credentials, LoginOutcome};
use crate::params::Params;
use crate::record::Record;

/// What one record says, for the event detectors.
#[derive(Clone, Debug, Default)]
pub struct RecordSignals<'p> {
    /// Username and password fields, when the request is a login.
    pub creds: Option<Credentials<'p>>,
    /// A PIN used as the password of a login (`{"username":…,"pin":…}`).
    pub pin: Option<&'p str>,
    /// A one-time code checked by this request, with its channel.
    pub code: Option<(&'p str, Channel)>,
    /// Login / code outcome read from the response.
    pub outcome: Option<LoginOutcome>,
    /// The request registers an account.
    pub registration: bool,
    /// Target of a text message this request asks to send (`""` when not found).
    pub sms_target: Option<&'p str>,
    /// Target of an e-mail this request asks to send (`""` when not found).
    pub mail_target: Option<&'p str>,
    /// The request exports or downloads data.
    pub export: bool,
    /// What the response leaks.
    pub leaks: Leaks,
}

const LOGIN_PURPOSES: &[Purpose] = &[
    Purpose::LoginByUserPasswd,
    Purpose::LoginApi,
    Purpose::LoginByPhoneCode,
    Purpose::LoginByMailCode,
    Purpose::SsoLogin,
];
const REGISTER_PURPOSES: &[Purpose] = &[
    Purpose::RegisterApi,
    Purpose::RegisterByUserPasswd,
    Purpose::RegisterByPhoneCode,
    Purpose::RegisterByMailCode,
];
const EXPORT_PURPOSES: &[Purpose] =
    &[Purpose::ExportOrder, Purpose::DownloadLog, Purpose::FileDownload, Purpose::DownloadInfo];

fn has_any(purposes: &[Purpose], set: &[Purpose]) -> bool {
    purposes.iter().any(|p| set.contains(p))
}

fn arg_named<'p>(params: &'p Params<'_>, words: &[&str]) -> Option<&'p str> {
    params
        .request_args()
        .find(|p| {
            let n = login::norm_name(&p.name);
            words.iter().any(|w| n.contains(w))
        })
        .map(|p| p.value.as_ref())
}

impl<'p> RecordSignals<'p> {
    /// Reads the signals of one record; `leaks` is the scan of its response body ([`crate::facts::leaks::scan`]), done once by the engine.
    pub fn of(
        rec: &Record<'_>,
        params: &'p Params<'_>,
        purposes: &[Purpose],
        leaks: Leaks,
    ) -> RecordSignals<'p> {
        let mut s = RecordSignals::default();
        let registration =
            login::looks_like_registration(rec, params) || has_any(purposes, REGISTER_PURPOSES);
        s.registration = registration;
        let code = login::verification_code(params);
        let is_login =
            !registration && (login::looks_like_login(rec, params) || has_any(purposes, LOGIN_PURPOSES));
        if is_login {
            let creds = login::credentials(params);
            let has_user = creds.as_ref().is_some_and(|c| c.username.is_some());
            let has_pw = creds.as_ref().is_some_and(|c| c.password.is_some());
            // A PIN beside a username is the password of this login.
            if let Some(c) = code
                && has_user
                && !has_pw
                && matches!(&*login::norm_name(&c.name), "pin" | "pincode")
            {
                s.pin = Some(c.value.as_ref());
            }
            if has_pw || s.pin.is_some() {
                s.creds = creds;
            }
        }
        if s.creds.is_none()
            && !registration
            && let Some(c) = code
        {
            let mail = has_any(
                purposes,
                &[Purpose::LoginByMailCode, Purpose::RegisterByMailCode, Purpose::SendMail],
            ) || arg_named(params, &["mail"]).is_some()
                || rec.path.to_ascii_lowercase().contains("mail");
            s.code = Some((c.value.as_ref(), if mail { Channel::Mail } else { Channel::Sms }));
        }
        if s.creds.is_some() || s.code.is_some() {
            s.outcome = Some(login::login_outcome(rec, params));
        }
        if s.code.is_none() && s.creds.is_none() {
            if let Some((to, _)) = crate::facts::shape::sms_content(params) {
                s.sms_target = Some(to.value.as_ref());
            } else if purposes.contains(&Purpose::SendSms) {
                s.sms_target = Some(arg_named(params, &["phone", "mobile", "tel"]).unwrap_or(""));
            }
            if let Some((to, _)) = crate::facts::shape::mail_content(params) {
                s.mail_target = Some(to.value.as_ref());
            } else if purposes.contains(&Purpose::SendMail) {
                s.mail_target = Some(arg_named(params, &["mail"]).unwrap_or(""));
            }
        }
        let attachment = rec
            .resp_headers
            .get("content-disposition")
            .is_some_and(|v| v.to_ascii_lowercase().contains("attachment"));
        s.export = attachment || has_any(purposes, EXPORT_PURPOSES);
        s.leaks = leaks;
        s
    }

    /// The login attempt, when the request is one.
    pub fn login_attempt(&self) -> Option<LoginAttempt<'_>> {
        let c = self.creds.as_ref()?;
        Some(LoginAttempt {
            username: c.username.as_ref().map(|f| f.value.as_ref()),
            password: self.pin.or_else(|| c.password.as_ref().map(|f| f.value.as_ref())),
            outcome: self.outcome.unwrap_or(LoginOutcome::Unknown),
        })
    }

    /// The code check, when the request is one.
    pub fn code_attempt(&self) -> Option<CodeAttempt<'_>> {
        let (code, channel) = self.code?;
        Some(CodeAttempt { code, outcome: self.outcome.unwrap_or(LoginOutcome::Unknown), channel })
    }
}
