//! The product catalogue: every enum value the reference documents fix.
//!
//! Sensitive data types (codes 1000–4004, levels S1–S4), risk types (`Risk_*`, six
//! categories), event types (`Event_*`), business purposes (`api_tag`), service objects
//! (`api_type`), lifecycle states (`api_status`) and severity levels. Each is one row of one
//! table here; detectors refer to these values and never spell the strings themselves.
//! Registry tests (see the bottom of this file and each detector's tests) prove that every
//! row is implemented.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Defines a fieldless enum whose wire form is a fixed string, with `ALL`, `as_str`,
/// `parse`, `Display` and serde support.
macro_rules! str_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[allow(missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $($(#[$vmeta])* $variant),+ }
        impl $name {
            /// Every value, in catalogue order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The wire string of this value.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            /// Parses the wire string (exact, case-sensitive).
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> { s.serialize_str(self.as_str()) }
        }
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| serde::de::Error::custom(format!(
                    concat!("unknown ", stringify!($name), " `{}`"), s)))
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use str_enum;

str_enum! {
    /// Severity of a risk or an event (`abnormal_level`, `event_level`).
    pub enum Level { Low = "low", Medium = "medium", High = "high" }
}

str_enum! {
    /// Sensitivity level of a sensitive data type, S1 (lowest) to S4.
    pub enum SensitiveLevel { S1 = "S1", S2 = "S2", S3 = "S3", S4 = "S4" }
}

str_enum! {
    /// API sensitivity level (`api_sensitive_level`): high, moderate, low or none.
    pub enum ApiSensitiveLevel { None = "none", Low = "low", Moderate = "moderate", High = "high" }
}

str_enum! {
    /// Service object (`api_type`).
    pub enum ApiType { PublicApi = "PublicAPI", ThirdpartApi = "ThirdpartAPI", InternalApi = "InternalAPI" }
}

str_enum! {
    /// Lifecycle state (`api_status`).
    pub enum ApiStatus { Newborn = "NewbornInterface", Offline = "OfflineInterface", Normal = "normal" }
}

str_enum! {
    /// Where a parameter or a finding sits in the exchange.
    pub enum Location {
        RequestQuery = "request_query",
        RequestHeader = "request_header",
        RequestCookie = "request_cookie",
        RequestBody = "request_body",
        ResponseHeader = "response_header",
        ResponseBody = "response_body",
        RequestPath = "request_path",
    }
}

impl Location {
    /// True for the request side of the exchange.
    pub const fn is_request(self) -> bool {
        !matches!(self, Location::ResponseHeader | Location::ResponseBody)
    }
}

str_enum! {
    /// Business purpose (`api_tag`): the 61 built-in purposes.
    pub enum Purpose {
        LoginByUserPasswd = "LoginByUserPasswd",
        LoginByPhoneCode = "LoginByPhoneCode",
        LoginByMailCode = "LoginByMailCode",
        WeChatLogin = "WeChatLogin",
        AliPayLogin = "AliPayLogin",
        OAuthLogin = "OAuthLogin",
        OidcLogin = "OIDCLogin",
        SamlLogin = "SAMLLogin",
        SsoLogin = "SSOLogin",
        LoginApi = "LoginAPI",
        LogoutApi = "LogoutAPI",
        RegisterByUserPasswd = "RegisterByUserPasswd",
        RegisterByPhoneCode = "RegisterByPhoneCode",
        RegisterByMailCode = "RegisterByMailCode",
        WeChatRegister = "WeChatRegister",
        AliPayRegister = "AliPayRegister",
        RegisterApi = "RegisterAPI",
        SendSms = "SendSMS",
        SendMail = "SendMail",
        ResetPasswd = "ResetPasswd",
        CheckVerifyCode = "CheckVerifyCode",
        CheckStatus = "CheckStatus",
        QueryOrder = "QueryOrder",
        ExportOrder = "ExportOrder",
        UpdateOrder = "UpdateOrder",
        PayOrder = "PayOrder",
        QueryLog = "QueryLog",
        UploadLog = "UploadLog",
        DownloadLog = "DownloadLog",
        LogService = "LogService",
        GraphQl = "GraphQL",
        SqlService = "SqlService",
        FileUpload = "FileUpload",
        FileDownload = "FileDownload",
        FileService = "FileService",
        AdminService = "AdminService",
        DashBoard = "DashBoard",
        MonitorService = "MonitorService",
        SendInfo = "SendInfo",
        CheckInfo = "CheckInfo",
        QueryInfo = "QueryInfo",
        UploadInfo = "UploadInfo",
        DownloadInfo = "DownloadInfo",
        AddInfo = "AddInfo",
        EditInfo = "EditInfo",
        UpdateInfo = "UpdateInfo",
        ShareInfo = "ShareInfo",
        DeleteInfo = "DeleteInfo",
        SyncInfo = "SyncInfo",
        SubmitInfo = "SubmitInfo",
        CopyInfo = "CopyInfo",
        AuditInfo = "AuditInfo",
        SaveInfo = "SaveInfo",
        CancelOp = "CancelOp",
        StartOp = "StartOp",
        BatchOp = "BatchOp",
        PauseOp = "PauseOp",
        BindOp = "BindOp",
        DebugOp = "DebugOp",
        SetOp = "SetOp",
        ShutDown = "ShutDown",
    }
}

str_enum! {
    /// Risk categories (the `RiskType_*` rows of the reference).
    pub enum RiskCategory {
        Specification = "RiskType_Specification",
        Account = "RiskType_Account",
        Control = "RiskType_Control",
        Permission = "RiskType_Permission",
        Sensitive = "RiskType_Sensitive",
        Design = "RiskType_Design",
    }
}

str_enum! {
    /// The 38 built-in risk types (`abnormal_tag`).
    pub enum RiskKind {
        UnsafeHttpMethod = "Risk_UnsafeHttpMethod",
        WeakSignAlgorithm = "Risk_WeakSignAlgorithm",
        UrlParam = "Risk_UrlParam",
        PasswdUnencrypt = "Risk_PasswdUnencrypt",
        WeakPasswd = "Risk_WeakPasswd",
        InternalWeakPasswd = "Risk_InternalWeakPasswd",
        DefaultPasswd = "Risk_DefaultPasswd",
        PasswdResponse = "Risk_PasswdResponse",
        PasswdCookie = "Risk_PasswdCookie",
        LoginRestrict = "Risk_LoginRestrict",
        LoginPrompt = "Risk_LoginPrompt",
        PasswdUrl = "Risk_PasswdUrl",
        InternalApi = "Risk_InternalAPI",
        SourceRestrict = "Risk_SourceRestrict",
        ClientRestrict = "Risk_ClientRestrict",
        SpeedRestrict = "Risk_SpeedRestrict",
        WeakToken = "Risk_WeakToken",
        UnauthSensitive = "Risk_UnauthSensitive",
        UnauthInternalApi = "Risk_UnauthInternalAPI",
        TokenUrl = "Risk_TokenUrl",
        AkLeak = "Risk_AkLeak",
        SensitiveTypeExcessive = "Risk_SensitiveTypeExcessive",
        SensitiveNumExcessive = "Risk_SensitiveNumExcessive",
        InvalidDesensitize = "Risk_InvalidDesensitize",
        ServerInfoLeak = "Risk_ServerInfoLeak",
        InternalIpLeak = "Risk_InternalIPLeak",
        SensitiveUrl = "Risk_SensitiveURL",
        ParamTraverse = "Risk_ParamTraverse",
        PageSize = "Risk_PageSize",
        SqlApi = "Risk_SqlAPI",
        RceApi = "Risk_RceAPI",
        SmsContent = "Risk_SmsContent",
        MailContent = "Risk_MailContent",
        SmsVerifyCodeLeak = "Risk_SmsVerifyCodeLeak",
        MailVerifyCodeLeak = "Risk_MailVerifyCodeLeak",
        FileDownload = "Risk_FileDownload",
        ExceptionLeak = "Risk_ExceptionLeak",
        ExceptionSql = "Risk_ExceptionSql",
    }
}

impl RiskKind {
    /// Category and default level, as the reference's risk table gives them.
    pub const fn info(self) -> (RiskCategory, Level) {
        use Level::*;
        use RiskCategory as C;
        use RiskKind::*;
        match self {
            UnsafeHttpMethod | WeakSignAlgorithm | UrlParam => (C::Specification, Low),
            PasswdUnencrypt | WeakPasswd | PasswdResponse | PasswdCookie | LoginPrompt => (C::Account, Low),
            InternalWeakPasswd => (C::Account, High),
            DefaultPasswd | LoginRestrict | PasswdUrl => (C::Account, Medium),
            InternalApi | SourceRestrict | ClientRestrict | SpeedRestrict => (C::Control, Low),
            WeakToken | TokenUrl => (C::Permission, Medium),
            UnauthSensitive | UnauthInternalApi | AkLeak => (C::Permission, High),
            SensitiveTypeExcessive
            | SensitiveNumExcessive
            | InvalidDesensitize
            | InternalIpLeak
            | SensitiveUrl => (C::Sensitive, Medium),
            ServerInfoLeak => (C::Sensitive, High),
            ParamTraverse | PageSize => (C::Design, Low),
            SqlApi | RceApi | SmsVerifyCodeLeak | MailVerifyCodeLeak => (C::Design, High),
            SmsContent | MailContent | FileDownload | ExceptionLeak | ExceptionSql => (C::Design, Medium),
        }
    }
    /// The risk's category.
    pub const fn category(self) -> RiskCategory {
        self.info().0
    }
    /// The built-in default level.
    pub const fn default_level(self) -> Level {
        self.info().1
    }
}

str_enum! {
    /// Event categories, as the reference groups the event types.
    pub enum EventCategory {
        Baseline = "EventType_Baseline",
        Account = "EventType_Account",
        Abuse = "EventType_Abuse",
        Leak = "EventType_Leak",
        Response = "EventType_Response",
    }
}

str_enum! {
    /// The 25 built-in event types (`event_tag`).
    pub enum EventKind {
        AbnormalFrequency = "Event_AbnormalFrequency",
        ExceptionIpInvoke = "Event_ExceptionIPInvoke",
        ExceptionRegionInvoke = "Event_ExceptionRegionInvoke",
        ExceptionClientInvoke = "Event_ExceptionClientInvoke",
        ExceptionTimeInvoke = "Event_ExceptionTimeInvoke",
        AbnormalParamValue = "Event_AbnormalParamValue",
        InternalLoginWeakPasswd = "Event_InternalLoginWeakPasswd",
        LoginAccountBruteForce = "Event_LoginAccountBruteForce",
        LoginPasswdBruteForce = "Event_LoginPasswdBruteForce",
        LoginCollision = "Event_LoginCollision",
        MobileVerifyBruteForce = "Event_MobileVerifyBruteForce",
        MailVerifyBruteForce = "Event_MailVerifyBruteForce",
        AbnormalRegister = "Event_AbnormalRegister",
        SmsInterfaceAbuse = "Event_SMSInterfaceAbuse",
        EmailInterfaceAbuse = "Event_EmailInterfaceAbuse",
        AbnormalExport = "Event_AbnormalExport",
        DataTraverse = "Event_DataTraverse",
        WebAttackApi = "Event_WebAttackAPI",
        ObtainSensitiveUnauthorized = "Event_ObtainSensitiveUnauthorized",
        ObtainSensitiveExcessive = "Event_ObtainSensitiveExcessive",
        CrossborderIpSensitiveExcessive = "Event_CrossborderIPSensitiveExcessive",
        ExceptionResponse = "Event_ExceptionResponse",
        ExceptionSql = "Event_ExceptionSql",
        SystemInfoResponse = "Event_SystemInfoResponse",
        AbnormalStatus = "Event_AbnormalStatus",
    }
}

impl EventKind {
    /// The category the reference puts this event type in.
    pub const fn category(self) -> EventCategory {
        use EventKind::*;
        match self {
            AbnormalFrequency
            | ExceptionIpInvoke
            | ExceptionRegionInvoke
            | ExceptionClientInvoke
            | ExceptionTimeInvoke
            | AbnormalParamValue => EventCategory::Baseline,
            InternalLoginWeakPasswd
            | LoginAccountBruteForce
            | LoginPasswdBruteForce
            | LoginCollision
            | MobileVerifyBruteForce
            | MailVerifyBruteForce
            | AbnormalRegister => EventCategory::Account,
            SmsInterfaceAbuse | EmailInterfaceAbuse | AbnormalExport | DataTraverse | WebAttackApi => {
                EventCategory::Abuse
            }
            ObtainSensitiveUnauthorized | ObtainSensitiveExcessive | CrossborderIpSensitiveExcessive => {
                EventCategory::Leak
            }
            ExceptionResponse | ExceptionSql | SystemInfoResponse | AbnormalStatus => EventCategory::Response,
        }
    }
    /// The level a new event of this type starts at (raised later with attack volume).
    /// The reference leaves event levels to the model; these are our defaults.
    pub const fn default_level(self) -> Level {
        use EventKind::*;
        match self {
            AbnormalFrequency
            | ExceptionIpInvoke
            | ExceptionRegionInvoke
            | ExceptionClientInvoke
            | ExceptionTimeInvoke
            | AbnormalParamValue
            | ExceptionResponse
            | AbnormalStatus => Level::Low,
            InternalLoginWeakPasswd
            | LoginCollision
            | ObtainSensitiveUnauthorized
            | CrossborderIpSensitiveExcessive
            | SystemInfoResponse => Level::High,
            _ => Level::Medium,
        }
    }
}

/// One built-in sensitive data type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SensitiveTypeInfo {
    /// The numeric code (`"1004"` on the wire).
    pub code: u16,
    /// The code as its wire string.
    pub code_str: &'static str,
    /// The product's name for the type.
    pub name: &'static str,
    /// Sensitivity level.
    pub level: SensitiveLevel,
    /// True for personal information (counts toward cross-border compliance).
    pub personal: bool,
    /// True for personal *sensitive* information.
    pub personal_sensitive: bool,
    /// The placeholder used by de-identification display, e.g. `{{Phone}}`.
    pub mask: &'static str,
}

macro_rules! sensitive_table {
    ($($code:literal $name:literal $level:ident $pi:literal $psi:literal $mask:literal;)+) => {
        /// The 44 built-in sensitive data types, ordered by code.
        pub const SENSITIVE_TYPES: &[SensitiveTypeInfo] = &[
            $(SensitiveTypeInfo {
                code: $code, code_str: stringify!($code), name: $name,
                level: SensitiveLevel::$level, personal: $pi, personal_sensitive: $psi, mask: $mask,
            }),+
        ];
    };
}

sensitive_table! {
    1000 "ID card (the Chinese mainland)" S3 true true "{{IdCard}}";
    1001 "Debit card" S3 true true "{{BankCard}}";
    1002 "Name (Simplified Chinese)" S2 true false "{{Name}}";
    1003 "Address (the Chinese mainland)" S2 true false "{{Address}}";
    1004 "Mobile number (the Chinese mainland)" S2 true false "{{Phone}}";
    1005 "Mailbox" S2 true false "{{Email}}";
    1006 "Passport number (the Chinese mainland)" S3 true true "{{Passport}}";
    1007 "Exit-Entry Permit for Hong Kong and Macao" S3 true true "{{HkMacaoPermit}}";
    1008 "License plate number (the Chinese mainland)" S2 true false "{{LicensePlate}}";
    1009 "Phone number (the Chinese mainland)" S2 true false "{{Telephone}}";
    1010 "Officer ID card" S3 true true "{{OfficerCard}}";
    1011 "Gender" S2 true false "{{Gender}}";
    1012 "Ethnicity" S2 true false "{{Ethnicity}}";
    1013 "Province (the Chinese mainland)" S1 false false "{{Province}}";
    1014 "City (the Chinese mainland)" S1 false false "{{City}}";
    1015 "ID card (Hong Kong (China))" S3 true true "{{HkIdCard}}";
    1016 "Name (Traditional Chinese)" S2 true false "{{Name}}";
    1017 "Name (English)" S2 true false "{{Name}}";
    1018 "ID card (Malaysia)" S3 true true "{{MyKad}}";
    1019 "ID card (Singapore)" S3 true true "{{Nric}}";
    1020 "Credit or Debit Card" S3 true true "{{CreditCard}}";
    1022 "SWIFT code" S1 false false "{{SwiftCode}}";
    1023 "SSN" S3 true true "{{Ssn}}";
    1024 "Phone number (United States)" S2 true false "{{Phone}}";
    1025 "Religious belief" S3 true true "{{Religion}}";
    2000 "IP address" S2 true false "{{IP}}";
    2001 "MAC address" S2 true false "{{Mac}}";
    2002 "Java Database Connectivity (JDBC) connection string" S3 true true "{{Jdbc}}";
    2003 "PEM certificate" S2 true true "{{PemCert}}";
    2004 "Private key" S3 true true "{{PrivateKey}}";
    2005 "AccessKey ID" S3 true true "{{AccessKeyId}}";
    2006 "AccessKeySecret" S3 true true "{{AccessKeySecret}}";
    2007 "IPv6 address" S2 true false "{{IPv6}}";
    2009 "Date" S1 false false "{{Date}}";
    2010 "IMEI" S2 true false "{{Imei}}";
    2011 "Mobile Equipment Identifier (MEID)" S2 true false "{{Meid}}";
    2013 "Linux passwd file" S3 false false "{{Passwd}}";
    2014 "Linux shadow file" S3 false false "{{Shadow}}";
    2015 "URL" S1 false false "{{Url}}";
    4000 "Business license number" S1 false false "{{BusinessLicense}}";
    4001 "Tax registration number" S1 false false "{{TaxNumber}}";
    4002 "Organization code" S1 false false "{{OrgCode}}";
    4003 "Unified Social Credit Code" S1 false false "{{Uscc}}";
    4004 "Vehicle Identification Number (VIN)" S2 false false "{{Vin}}";
}

/// Looks up a built-in sensitive type by its numeric code.
///
/// One index into a table made at compile time: every finding a scan reports is looked up
/// here (for its level and name), where a binary search over the 44 codes was six
/// data-dependent branches per finding.
pub fn sensitive_type(code: u16) -> Option<&'static SensitiveTypeInfo> {
    let k = usize::from(code.checked_sub(SENSITIVE_CODE_BASE)?);
    match SENSITIVE_INDEX.get(k) {
        Some(&i) if i != NO_TYPE => SENSITIVE_TYPES.get(usize::from(i)),
        _ => None,
    }
}

/// The lowest built-in code, where [`SENSITIVE_INDEX`] starts.
const SENSITIVE_CODE_BASE: u16 = 1000;
/// Entries of [`SENSITIVE_INDEX`]: one past the highest built-in code, less the base.
const SENSITIVE_INDEX_LEN: usize = 3100;
/// An entry of [`SENSITIVE_INDEX`] for a code that names no built-in type.
const NO_TYPE: u8 = u8::MAX;

/// For each code from [`SENSITIVE_CODE_BASE`]: the index of its type in [`SENSITIVE_TYPES`],
/// or [`NO_TYPE`]. Building it fails to compile if a code lies outside the table.
static SENSITIVE_INDEX: [u8; SENSITIVE_INDEX_LEN] = {
    let mut t = [NO_TYPE; SENSITIVE_INDEX_LEN];
    let mut i = 0;
    while i < SENSITIVE_TYPES.len() {
        t[(SENSITIVE_TYPES[i].code - SENSITIVE_CODE_BASE) as usize] = i as u8;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_sizes_match_the_reference() {
        assert_eq!(SENSITIVE_TYPES.len(), 44);
        assert_eq!(RiskKind::ALL.len(), 38);
        assert_eq!(EventKind::ALL.len(), 25);
        assert_eq!(Purpose::ALL.len(), 61);
        assert!(SENSITIVE_TYPES.windows(2).all(|w| w[0].code < w[1].code));
        assert!(SENSITIVE_TYPES.iter().all(|t| t.code_str == t.code.to_string()));
    }

    #[test]
    fn the_code_index_finds_exactly_the_catalogue_codes() {
        for code in 0..=u16::MAX {
            let by_search = SENSITIVE_TYPES.iter().find(|t| t.code == code);
            assert_eq!(sensitive_type(code).map(|t| t.code), by_search.map(|t| t.code), "{code}");
        }
    }

    #[test]
    fn enums_round_trip_through_their_wire_strings() {
        for r in RiskKind::ALL {
            assert_eq!(RiskKind::parse(r.as_str()), Some(*r));
            let j = serde_json::to_string(r).unwrap();
            assert_eq!(serde_json::from_str::<RiskKind>(&j).unwrap(), *r);
        }
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(*p));
        }
        assert!(serde_json::from_str::<Level>("\"severe\"").is_err());
        assert_eq!(sensitive_type(1004).unwrap().level, SensitiveLevel::S2);
        assert!(sensitive_type(1021).is_none());
    }

    #[test]
    fn risk_levels_follow_the_reference_table() {
        assert_eq!(RiskKind::InternalWeakPasswd.default_level(), Level::High);
        assert_eq!(RiskKind::DefaultPasswd.default_level(), Level::Medium);
        assert_eq!(RiskKind::ServerInfoLeak.category(), RiskCategory::Sensitive);
        assert_eq!(RiskKind::ExceptionSql.category(), RiskCategory::Design);
        let high = RiskKind::ALL.iter().filter(|r| r.default_level() == Level::High).count();
        assert_eq!(high, 9);
    }
}
