//! What a response gives away.
//!
//! Input: response text (`&[u8]`, any size) or the response's [`Params`]. Output: [`Leaks`],
//! which says whether the text carries a database error (and of which engine), an
//! application stack trace (and of which language), sensitive server information
//! (`/etc/passwd` lines, phpinfo, directory listings, private keys, server paths) and an
//! internal IP address; [`verification_code_echo`] finds a one-time code handed back by an
//! SMS / e-mail sending API.
//!
//! Every marker is a literal, so one Aho-Corasick automaton (ASCII case-insensitive) finds
//! them all in a single pass over the text; the few markers that need more context (an
//! `ORA-` code, a `.java:` line number, a dotted quad) are confirmed by a short look around
//! the match. A clean 100 KB body costs one pass and no allocation. Phrases were selected
//! from the OWASP CRS lists (Apache-2.0, see `data/NOTICE`) and common runtimes' formats.

use crate::params::{Param, Params, ValueKind};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::borrow::Cow;
use std::net::Ipv4Addr;
use std::sync::LazyLock;

/// A database engine named by an error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum DbEngine {
    /// MySQL or MariaDB.
    MySql,
    /// PostgreSQL.
    PostgreSql,
    /// Microsoft SQL Server.
    MsSql,
    /// Oracle.
    Oracle,
    /// SQLite.
    Sqlite,
    /// IBM DB2.
    Db2,
    /// Microsoft Access / JET.
    Access,
    /// Informix, Sybase, Firebird/Interbase, Ingres, MaxDB, HSQLDB, H2, Derby and others.
    OtherSql,
    /// MongoDB.
    MongoDb,
    /// A driver error that does not name its engine (PDO `errorInfo`, JDBC, `SQLSTATE[`).
    Generic,
}

/// A language whose stack trace or error page was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// Java / JVM.
    Java,
    /// Python.
    Python,
    /// PHP.
    Php,
    /// .NET / ASP.NET.
    DotNet,
    /// Ruby / Rails.
    Ruby,
    /// Node.js / JavaScript.
    Node,
    /// Go.
    Go,
}

/// A kind of sensitive server information.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum ServerInfo {
    /// Lines of `/etc/passwd` or `/etc/shadow`.
    PasswdFile,
    /// A phpinfo() page.
    PhpInfo,
    /// A web server's directory listing.
    DirectoryListing,
    /// A PEM private key.
    PrivateKey,
    /// Windows system files (`win.ini`, `boot.ini`).
    WindowsSystemFile,
    /// A CGI / server environment dump (`DOCUMENT_ROOT`, `SERVER_SOFTWARE`).
    EnvironmentDump,
    /// Server-side source code (`<?php …`).
    SourceCode,
    /// An absolute path on the server (`/var/www/…`, `C:\inetpub\…`).
    ServerPath,
}

/// What one response text leaks. Each field keeps the first finding of its kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Leaks {
    /// A database error message.
    pub db_error: Option<DbEngine>,
    /// An application stack trace or runtime error page.
    pub stack_trace: Option<Lang>,
    /// Sensitive server information (the strongest kind found, [`ServerInfo::ServerPath`]
    /// only when nothing stronger is there).
    pub server_info: Option<ServerInfo>,
    /// The first internal (RFC 1918, loopback, link-local) IPv4 address in the text.
    pub internal_ip: Option<Ipv4Addr>,
}

impl Leaks {
    /// True when nothing was found.
    pub fn is_empty(&self) -> bool {
        *self == Leaks::default()
    }
}

#[derive(Clone, Copy, Debug)]
enum Hit {
    Db(DbEngine),
    /// Needs a 5-digit code after `ORA-`.
    OracleCode,
    Stack(Lang),
    /// `.java:123)` and friends: a file name and line number after the match.
    StackLine(Lang),
    Server(ServerInfo),
    /// `java.…Exception`, `org.…Exception`: a fully qualified JVM exception class.
    JvmException,
    Ip,
}

const MARKERS: &[(&str, Hit)] = &[
    // MySQL / MariaDB
    ("you have an error in your sql syntax", Hit::Db(DbEngine::MySql)),
    ("check the manual that corresponds to your mysql", Hit::Db(DbEngine::MySql)),
    ("check the manual that corresponds to your mariadb", Hit::Db(DbEngine::MySql)),
    ("check the manual that fits your mysql", Hit::Db(DbEngine::MySql)),
    ("check the manual that fits your mariadb", Hit::Db(DbEngine::MySql)),
    ("mysql server version for the right syntax", Hit::Db(DbEngine::MySql)),
    ("supplied argument is not a valid mysql", Hit::Db(DbEngine::MySql)),
    ("on mysql result index", Hit::Db(DbEngine::MySql)),
    ("warning: mysql_", Hit::Db(DbEngine::MySql)),
    ("warning</b>: mysql", Hit::Db(DbEngine::MySql)),
    ("mysql_fetch_array()", Hit::Db(DbEngine::MySql)),
    ("mysqli_sql_exception", Hit::Db(DbEngine::MySql)),
    ("mysqlsyntaxerrorexception", Hit::Db(DbEngine::MySql)),
    ("com.mysql.jdbc", Hit::Db(DbEngine::MySql)),
    ("com.mysql.cj.jdbc", Hit::Db(DbEngine::MySql)),
    ("mysqlclient.", Hit::Db(DbEngine::MySql)),
    ("mysqlexception", Hit::Db(DbEngine::MySql)),
    ("[mysql][odbc", Hit::Db(DbEngine::MySql)),
    ("column count doesn't match value count", Hit::Db(DbEngine::MySql)),
    ("the used select statements have a different number of columns", Hit::Db(DbEngine::MySql)),
    ("xpath syntax error:", Hit::Db(DbEngine::MySql)),
    ("malformed gtid set specification", Hit::Db(DbEngine::MySql)),
    ("zend_db_adapter_mysqli_exception", Hit::Db(DbEngine::MySql)),
    ("er_parse_error", Hit::Db(DbEngine::MySql)),
    ("memsql does not support", Hit::Db(DbEngine::MySql)),
    // PostgreSQL
    ("postgresql query failed", Hit::Db(DbEngine::PostgreSql)),
    ("pg_query() [", Hit::Db(DbEngine::PostgreSql)),
    ("pg_query():", Hit::Db(DbEngine::PostgreSql)),
    ("pg_exec() [", Hit::Db(DbEngine::PostgreSql)),
    ("valid postgresql result", Hit::Db(DbEngine::PostgreSql)),
    ("org.postgresql.util.psqlexception", Hit::Db(DbEngine::PostgreSql)),
    ("org.postgresql.jdbc", Hit::Db(DbEngine::PostgreSql)),
    ("psqlexception", Hit::Db(DbEngine::PostgreSql)),
    ("pg::syntaxerror", Hit::Db(DbEngine::PostgreSql)),
    ("pg::undefinedtable", Hit::Db(DbEngine::PostgreSql)),
    ("pg::undefinedcolumn", Hit::Db(DbEngine::PostgreSql)),
    ("npgsql.", Hit::Db(DbEngine::PostgreSql)),
    ("psycopg2.", Hit::Db(DbEngine::PostgreSql)),
    ("unterminated quoted string at or near", Hit::Db(DbEngine::PostgreSql)),
    ("syntax error at or near \"", Hit::Db(DbEngine::PostgreSql)),
    ("error: parser: parse error at or near", Hit::Db(DbEngine::PostgreSql)),
    ("invalid input syntax for integer", Hit::Db(DbEngine::PostgreSql)),
    ("invalid input syntax for type", Hit::Db(DbEngine::PostgreSql)),
    ("unable to connect to postgresql server", Hit::Db(DbEngine::PostgreSql)),
    // SQL Server
    ("unclosed quotation mark after the character string", Hit::Db(DbEngine::MsSql)),
    ("unclosed quotation mark before the character string", Hit::Db(DbEngine::MsSql)),
    ("incorrect syntax near", Hit::Db(DbEngine::MsSql)),
    ("sintaxis incorrecta cerca de", Hit::Db(DbEngine::MsSql)),
    ("[sql server]", Hit::Db(DbEngine::MsSql)),
    ("[microsoft][odbc sql server driver]", Hit::Db(DbEngine::MsSql)),
    ("[macromedia][sqlserver jdbc driver]", Hit::Db(DbEngine::MsSql)),
    ("microsoft ole db provider for sql server", Hit::Db(DbEngine::MsSql)),
    ("microsoft ole db provider for odbc drivers", Hit::Db(DbEngine::MsSql)),
    ("microsoft sql native client error", Hit::Db(DbEngine::MsSql)),
    ("system.data.sqlclient.", Hit::Db(DbEngine::MsSql)),
    ("com.microsoft.sqlserver.jdbc", Hit::Db(DbEngine::MsSql)),
    ("sqlserverexception", Hit::Db(DbEngine::MsSql)),
    ("sqlsrvexception", Hit::Db(DbEngine::MsSql)),
    ("mssql_query()", Hit::Db(DbEngine::MsSql)),
    ("conversion failed when converting the", Hit::Db(DbEngine::MsSql)),
    ("'80040e14'", Hit::Db(DbEngine::MsSql)),
    ("[sqlexception", Hit::Db(DbEngine::MsSql)),
    // Oracle
    ("ora-", Hit::OracleCode),
    ("oracle error", Hit::Db(DbEngine::Oracle)),
    ("quoted string not properly terminated", Hit::Db(DbEngine::Oracle)),
    ("sql command not properly ended", Hit::Db(DbEngine::Oracle)),
    ("oracle.jdbc", Hit::Db(DbEngine::Oracle)),
    ("oracleexception", Hit::Db(DbEngine::Oracle)),
    ("macromedia.jdbc.oracle", Hit::Db(DbEngine::Oracle)),
    ("warning: oci_", Hit::Db(DbEngine::Oracle)),
    ("cx_oracle.", Hit::Db(DbEngine::Oracle)),
    // SQLite
    ("sqlite3.operationalerror", Hit::Db(DbEngine::Sqlite)),
    ("sqlite3::sqlexception", Hit::Db(DbEngine::Sqlite)),
    ("sqlite.exception", Hit::Db(DbEngine::Sqlite)),
    ("sqliteexception", Hit::Db(DbEngine::Sqlite)),
    ("[sqlite_error]", Hit::Db(DbEngine::Sqlite)),
    ("sqlite_error", Hit::Db(DbEngine::Sqlite)),
    ("sqlite/jdbcdriver", Hit::Db(DbEngine::Sqlite)),
    ("org.sqlite.jdbc", Hit::Db(DbEngine::Sqlite)),
    ("sqlite error", Hit::Db(DbEngine::Sqlite)),
    ("warning: sqlite_", Hit::Db(DbEngine::Sqlite)),
    ("unrecognized token:", Hit::Db(DbEngine::Sqlite)),
    // DB2
    ("db2 sql error", Hit::Db(DbEngine::Db2)),
    ("[ibm][cli driver]", Hit::Db(DbEngine::Db2)),
    ("com.ibm.db2.jcc", Hit::Db(DbEngine::Db2)),
    ("ibm_db_dbi.programmingerror", Hit::Db(DbEngine::Db2)),
    ("sqlcode=-", Hit::Db(DbEngine::Db2)),
    // Access
    ("jet database engine", Hit::Db(DbEngine::Access)),
    ("access database engine", Hit::Db(DbEngine::Access)),
    ("[microsoft][odbc microsoft access driver]", Hit::Db(DbEngine::Access)),
    ("syntax error in string in query expression", Hit::Db(DbEngine::Access)),
    ("syntax error (missing operator) in query expression", Hit::Db(DbEngine::Access)),
    ("data type mismatch in criteria expression", Hit::Db(DbEngine::Access)),
    // Others
    ("dynamic sql error", Hit::Db(DbEngine::OtherSql)),
    ("org.firebirdsql.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("warning</b>: ibase_", Hit::Db(DbEngine::OtherSql)),
    ("unexpected end of command in statement", Hit::Db(DbEngine::OtherSql)),
    ("an illegal character has been found in the statement", Hit::Db(DbEngine::OtherSql)),
    ("com.informix.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("informix odbc driver", Hit::Db(DbEngine::OtherSql)),
    ("ifxexception", Hit::Db(DbEngine::OtherSql)),
    ("sybase message", Hit::Db(DbEngine::OtherSql)),
    ("com.sybase.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("sybsqlexception", Hit::Db(DbEngine::OtherSql)),
    ("ingres sqlstate", Hit::Db(DbEngine::OtherSql)),
    ("ingres odbc driver", Hit::Db(DbEngine::OtherSql)),
    ("warning: maxdb", Hit::Db(DbEngine::OtherSql)),
    ("org.hsqldb.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("org.h2.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("org.apache.derby", Hit::Db(DbEngine::OtherSql)),
    ("[dm_query_e_syntax]", Hit::Db(DbEngine::OtherSql)),
    ("has occurred in the vicinity of:", Hit::Db(DbEngine::OtherSql)),
    ("transaction rollback.", Hit::Db(DbEngine::OtherSql)),
    ("com.vertica.jdbc", Hit::Db(DbEngine::OtherSql)),
    ("virtuoso s0002 error", Hit::Db(DbEngine::OtherSql)),
    ("mongoerror", Hit::Db(DbEngine::MongoDb)),
    ("mongoservererror", Hit::Db(DbEngine::MongoDb)),
    ("mongo.errors.", Hit::Db(DbEngine::MongoDb)),
    ("com.mongodb.mongo", Hit::Db(DbEngine::MongoDb)),
    // Driver errors that do not name the engine
    ("\"errorinfo\":[\"", Hit::Db(DbEngine::Generic)),
    ("sqlstate[", Hit::Db(DbEngine::Generic)),
    ("java.sql.sqlexception", Hit::Db(DbEngine::Generic)),
    ("java.sql.sqlsyntaxerrorexception", Hit::Db(DbEngine::Generic)),
    ("sqlsyntaxerrorexception", Hit::Db(DbEngine::Generic)),
    ("pdoexception", Hit::Db(DbEngine::Generic)),
    ("sqlalchemy.exc.", Hit::Db(DbEngine::Generic)),
    ("activerecord::statementinvalid", Hit::Db(DbEngine::Generic)),
    ("org.hibernate.exception", Hit::Db(DbEngine::Generic)),
    ("badsqlgrammarexception", Hit::Db(DbEngine::Generic)),
    ("syntax error or access violation", Hit::Db(DbEngine::Generic)),
    // Java
    ("exception in thread \"", Hit::Stack(Lang::Java)),
    ("at java.", Hit::StackLine(Lang::Java)),
    ("at javax.", Hit::StackLine(Lang::Java)),
    ("at jakarta.", Hit::StackLine(Lang::Java)),
    ("at sun.reflect.", Hit::StackLine(Lang::Java)),
    ("at org.springframework.", Hit::StackLine(Lang::Java)),
    ("at org.apache.", Hit::StackLine(Lang::Java)),
    ("java.lang.nullpointerexception", Hit::Stack(Lang::Java)),
    ("java.lang.runtimeexception", Hit::Stack(Lang::Java)),
    ("java.lang.illegalargumentexception", Hit::Stack(Lang::Java)),
    ("java.lang.illegalstateexception", Hit::Stack(Lang::Java)),
    ("java.lang.classcastexception", Hit::Stack(Lang::Java)),
    ("java.lang.numberformatexception", Hit::Stack(Lang::Java)),
    ("java.lang.arrayindexoutofboundsexception", Hit::Stack(Lang::Java)),
    ("java.io.ioexception", Hit::Stack(Lang::Java)),
    ("java.io.filenotfoundexception", Hit::Stack(Lang::Java)),
    ("javax.servlet.servletexception", Hit::Stack(Lang::Java)),
    ("org.apache.catalina.", Hit::Stack(Lang::Java)),
    ("org.springframework.web.", Hit::Stack(Lang::Java)),
    ("com.fasterxml.jackson.", Hit::Stack(Lang::Java)),
    ("freemarker.core.", Hit::Stack(Lang::Java)),
    (".java:", Hit::StackLine(Lang::Java)),
    ("java.", Hit::JvmException),
    ("javax.", Hit::JvmException),
    ("jakarta.", Hit::JvmException),
    ("org.", Hit::JvmException),
    ("com.", Hit::JvmException),
    // Python
    ("traceback (most recent call last)", Hit::Stack(Lang::Python)),
    (".py\", line ", Hit::StackLine(Lang::Python)),
    ("django.core.exceptions", Hit::Stack(Lang::Python)),
    ("werkzeug.exceptions", Hit::Stack(Lang::Python)),
    // PHP
    ("php fatal error", Hit::Stack(Lang::Php)),
    ("php warning:", Hit::Stack(Lang::Php)),
    ("php parse error", Hit::Stack(Lang::Php)),
    ("php notice:", Hit::Stack(Lang::Php)),
    ("fatal error</b>:", Hit::Stack(Lang::Php)),
    ("fatal error: uncaught", Hit::Stack(Lang::Php)),
    ("parse error: syntax error, unexpected", Hit::Stack(Lang::Php)),
    ("warning</b>:", Hit::Stack(Lang::Php)),
    ("notice</b>:", Hit::Stack(Lang::Php)),
    ("deprecated</b>:", Hit::Stack(Lang::Php)),
    (".php on line ", Hit::StackLine(Lang::Php)),
    (".php:", Hit::StackLine(Lang::Php)),
    ("illuminate\\database\\queryexception", Hit::Db(DbEngine::Generic)),
    ("symfony\\component\\", Hit::Stack(Lang::Php)),
    ("whoops\\exception", Hit::Stack(Lang::Php)),
    // .NET
    ("server error in '/", Hit::Stack(Lang::DotNet)),
    ("exception details: system.", Hit::Stack(Lang::DotNet)),
    ("system.nullreferenceexception", Hit::Stack(Lang::DotNet)),
    ("system.argumentexception", Hit::Stack(Lang::DotNet)),
    ("system.argumentnullexception", Hit::Stack(Lang::DotNet)),
    ("system.argumentoutofrangeexception", Hit::Stack(Lang::DotNet)),
    ("system.invalidoperationexception", Hit::Stack(Lang::DotNet)),
    ("system.indexoutofrangeexception", Hit::Stack(Lang::DotNet)),
    ("system.formatexception", Hit::Stack(Lang::DotNet)),
    ("system.io.ioexception", Hit::Stack(Lang::DotNet)),
    ("system.io.filenotfoundexception", Hit::Stack(Lang::DotNet)),
    ("system.net.webexception", Hit::Stack(Lang::DotNet)),
    ("system.dividebyzeroexception", Hit::Stack(Lang::DotNet)),
    ("system.outofmemoryexception", Hit::Stack(Lang::DotNet)),
    ("system.stackoverflowexception", Hit::Stack(Lang::DotNet)),
    ("system.notimplementedexception", Hit::Stack(Lang::DotNet)),
    ("system.notsupportedexception", Hit::Stack(Lang::DotNet)),
    ("system.unauthorizedaccessexception", Hit::Stack(Lang::DotNet)),
    ("system.security.securityexception", Hit::Stack(Lang::DotNet)),
    ("system.web.httpexception", Hit::Stack(Lang::DotNet)),
    ("system.web.mvc.", Hit::Stack(Lang::DotNet)),
    ("system.web.http.", Hit::Stack(Lang::DotNet)),
    ("system.data.entity.", Hit::Stack(Lang::DotNet)),
    ("microsoft.aspnetcore.", Hit::Stack(Lang::DotNet)),
    ("microsoft.aspnet.identity.", Hit::Stack(Lang::DotNet)),
    ("microsoft.owin.security", Hit::Stack(Lang::DotNet)),
    ("viewstateexception", Hit::Stack(Lang::DotNet)),
    ("httprequestvalidationexception", Hit::Stack(Lang::DotNet)),
    ("httpcompileexception", Hit::Stack(Lang::DotNet)),
    ("httpparseexception", Hit::Stack(Lang::DotNet)),
    ("httpunhandledexception", Hit::Stack(Lang::DotNet)),
    ("httprequestwrapper", Hit::Stack(Lang::DotNet)),
    ("httpresponsewrapper", Hit::Stack(Lang::DotNet)),
    ("httpserverutilitywrapper", Hit::Stack(Lang::DotNet)),
    ("httpsessionstatewrapper", Hit::Stack(Lang::DotNet)),
    ("httpstaticobjectscollectionwrapper", Hit::Stack(Lang::DotNet)),
    ("[httpexception", Hit::Stack(Lang::DotNet)),
    (".cs:line ", Hit::StackLine(Lang::DotNet)),
    ("<title>403.", Hit::Stack(Lang::DotNet)),
    ("<title>401.", Hit::Stack(Lang::DotNet)),
    ("<title>404.", Hit::Stack(Lang::DotNet)),
    ("<title>500.", Hit::Stack(Lang::DotNet)),
    ("<title>502.", Hit::Stack(Lang::DotNet)),
    // Ruby
    ("actioncontroller::", Hit::Stack(Lang::Ruby)),
    ("activerecord::", Hit::Stack(Lang::Ruby)),
    ("activemodel::", Hit::Stack(Lang::Ruby)),
    ("activesupport::", Hit::Stack(Lang::Ruby)),
    ("actionview::template::error", Hit::Stack(Lang::Ruby)),
    ("nomethoderror", Hit::Stack(Lang::Ruby)),
    ("nameerror (", Hit::Stack(Lang::Ruby)),
    ("argumenterror (", Hit::Stack(Lang::Ruby)),
    ("argumenterror: wrong number of arguments", Hit::Stack(Lang::Ruby)),
    ("syntaxerror (", Hit::Stack(Lang::Ruby)),
    ("no implicit conversion of", Hit::Stack(Lang::Ruby)),
    ("undefined local variable or method", Hit::Stack(Lang::Ruby)),
    ("zerodivisionerror", Hit::Stack(Lang::Ruby)),
    ("pg::connectionbad", Hit::Stack(Lang::Ruby)),
    (".rb:", Hit::StackLine(Lang::Ruby)),
    // Node
    ("at object.<anonymous>", Hit::Stack(Lang::Node)),
    ("at module._compile", Hit::Stack(Lang::Node)),
    ("(node:internal/", Hit::Stack(Lang::Node)),
    ("at process.processticksandrejections", Hit::Stack(Lang::Node)),
    ("unhandledpromiserejection", Hit::Stack(Lang::Node)),
    ("typeerror: cannot read propert", Hit::Stack(Lang::Node)),
    ("referenceerror: ", Hit::Stack(Lang::Node)),
    (".js:", Hit::StackLine(Lang::Node)),
    (".ts:", Hit::StackLine(Lang::Node)),
    // Go
    ("goroutine ", Hit::StackLine(Lang::Go)),
    ("panic: runtime error", Hit::Stack(Lang::Go)),
    (".go:", Hit::StackLine(Lang::Go)),
    // Server information
    ("root:x:0:0:", Hit::Server(ServerInfo::PasswdFile)),
    ("root:*:0:0:", Hit::Server(ServerInfo::PasswdFile)),
    ("daemon:x:1:1:", Hit::Server(ServerInfo::PasswdFile)),
    ("bin:x:2:2:", Hit::Server(ServerInfo::PasswdFile)),
    ("nobody:x:65534:", Hit::Server(ServerInfo::PasswdFile)),
    ("root:$6$", Hit::Server(ServerInfo::PasswdFile)),
    ("root:$1$", Hit::Server(ServerInfo::PasswdFile)),
    ("<title>phpinfo()", Hit::Server(ServerInfo::PhpInfo)),
    ("phpinfo()</title>", Hit::Server(ServerInfo::PhpInfo)),
    ("zend extension build", Hit::Server(ServerInfo::PhpInfo)),
    ("<title>index of /", Hit::Server(ServerInfo::DirectoryListing)),
    ("<h1>index of /", Hit::Server(ServerInfo::DirectoryListing)),
    ("directory listing for /", Hit::Server(ServerInfo::DirectoryListing)),
    ("[to parent directory]", Hit::Server(ServerInfo::DirectoryListing)),
    ("-----begin rsa private key-----", Hit::Server(ServerInfo::PrivateKey)),
    ("-----begin private key-----", Hit::Server(ServerInfo::PrivateKey)),
    ("-----begin openssh private key-----", Hit::Server(ServerInfo::PrivateKey)),
    ("-----begin ec private key-----", Hit::Server(ServerInfo::PrivateKey)),
    ("-----begin dsa private key-----", Hit::Server(ServerInfo::PrivateKey)),
    ("[boot loader]", Hit::Server(ServerInfo::WindowsSystemFile)),
    ("for 16-bit app support", Hit::Server(ServerInfo::WindowsSystemFile)),
    ("document_root", Hit::Server(ServerInfo::EnvironmentDump)),
    ("server_software", Hit::Server(ServerInfo::EnvironmentDump)),
    ("/var/www/", Hit::Server(ServerInfo::ServerPath)),
    ("/usr/local/apache", Hit::Server(ServerInfo::ServerPath)),
    ("/usr/share/nginx/", Hit::Server(ServerInfo::ServerPath)),
    ("/etc/nginx/", Hit::Server(ServerInfo::ServerPath)),
    ("/etc/httpd/", Hit::Server(ServerInfo::ServerPath)),
    ("/etc/apache2/", Hit::Server(ServerInfo::ServerPath)),
    ("/opt/tomcat", Hit::Server(ServerInfo::ServerPath)),
    ("\\inetpub\\", Hit::Server(ServerInfo::ServerPath)),
    (":/inetpub", Hit::Server(ServerInfo::ServerPath)),
    (":\\inetpub", Hit::Server(ServerInfo::ServerPath)),
    ("<?php ", Hit::Server(ServerInfo::SourceCode)),
    ("<?php\n", Hit::Server(ServerInfo::SourceCode)),
    ("/home/www", Hit::Server(ServerInfo::ServerPath)),
    ("/webapps/", Hit::Server(ServerInfo::ServerPath)),
    ("/web-inf/", Hit::Server(ServerInfo::ServerPath)),
    // Internal IPv4 prefixes (confirmed by parsing the whole address)
    ("10.", Hit::Ip),
    ("172.", Hit::Ip),
    ("192.168.", Hit::Ip),
    ("127.", Hit::Ip),
    ("169.254.", Hit::Ip),
];

static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .build(MARKERS.iter().map(|(p, _)| p.as_bytes()))
        .expect("leak markers are valid literals")
});

/// Scans one response text for leaks. Bytes need not be UTF-8.
pub fn scan(text: &[u8]) -> Leaks {
    let mut out = Leaks::default();
    let mut server_rank = 0u8;
    for m in AUTOMATON.find_overlapping_iter(text) {
        let (_, hit) = MARKERS[m.pattern().as_usize()];
        let (s, e) = (m.start(), m.end());
        match hit {
            Hit::Db(engine) => {
                if out.db_error.is_none() || out.db_error == Some(DbEngine::Generic) {
                    out.db_error = Some(engine);
                }
            }
            Hit::OracleCode => {
                if out.db_error.is_none_or(|d| d == DbEngine::Generic)
                    && word_start(text, s)
                    && text.get(e..e + 5).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && text.get(e + 5) == Some(&b':')
                {
                    out.db_error = Some(DbEngine::Oracle);
                }
            }
            Hit::Stack(lang) => {
                if out.stack_trace.is_none() {
                    out.stack_trace = Some(lang);
                }
            }
            Hit::StackLine(lang) => {
                if out.stack_trace.is_none() && stack_line(text, s, e, lang) {
                    out.stack_trace = Some(lang);
                }
            }
            Hit::Server(kind) => {
                let rank = if kind == ServerInfo::ServerPath { 1 } else { 2 };
                let ok = match kind {
                    ServerInfo::EnvironmentDump => env_dump(text),
                    ServerInfo::ServerPath => text[s] == b':' || word_start_path(text, s),
                    _ => true,
                };
                if ok && rank > server_rank {
                    server_rank = rank;
                    out.server_info = Some(kind);
                }
            }
            Hit::JvmException => {
                if out.stack_trace.is_none() && jvm_exception(text, s, e) {
                    out.stack_trace = Some(Lang::Java);
                }
            }
            Hit::Ip => {
                if out.internal_ip.is_none()
                    && let Some(ip) = ipv4_at(text, s)
                    && is_internal(ip)
                {
                    out.internal_ip = Some(ip);
                }
            }
        }
    }
    out
}

fn word_start(text: &[u8], s: usize) -> bool {
    s == 0 || !text[s - 1].is_ascii_alphanumeric()
}

fn word_start_path(text: &[u8], s: usize) -> bool {
    s == 0 || !text[s - 1].is_ascii_alphanumeric() && text[s - 1] != b'/'
}

/// Both `DOCUMENT_ROOT` and `SERVER_SOFTWARE` (or `SCRIPT_FILENAME`): a CGI environment dump.
fn env_dump(text: &[u8]) -> bool {
    let f = |n: &[u8]| text.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    f(b"document_root") && (f(b"server_software") || f(b"script_filename"))
}

/// Confirms a file-and-line marker: `.java:123)`, `.py", line 12`, `.php on line 7`,
/// `.php:12`, `.rb:12:in`, `.js:12:34`, `.go:123 +0x`, `goroutine 1 [running]`.
fn stack_line(text: &[u8], s: usize, e: usize, lang: Lang) -> bool {
    let digits =
        |at: usize| text.get(at..).map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count());
    let n = digits(e);
    // The file name before the extension must be a word (`Foo.java`, not `.java:`).
    let named = s > 0 && (text[s - 1].is_ascii_alphanumeric() || text[s - 1] == b'_');
    match lang {
        Lang::Java if text[s..e].starts_with(b"at ") || text[s..e].starts_with(b"AT ") => java_frame(text, e),
        Lang::Java => named && n > 0 && text.get(e + n) == Some(&b')'),
        Lang::Python | Lang::DotNet => n > 0,
        Lang::Php => {
            named
                && n > 0
                && (text[s..e].eq_ignore_ascii_case(b".php on line ") || text.get(e + n) != Some(&b'/'))
                && php_context(text, s)
        }
        Lang::Ruby => {
            named && n > 0 && text.get(e + n..e + n + 4).is_some_and(|t| t.eq_ignore_ascii_case(b":in "))
        }
        Lang::Node => {
            named
                && n > 0
                && text.get(e + n) == Some(&b':')
                && digits(e + n + 1) > 0
                && text.get(e + n + 1 + digits(e + n + 1)) == Some(&b')')
        }
        Lang::Go => {
            if text[s..e].eq_ignore_ascii_case(b"goroutine ") {
                n > 0 && text.get(e + n..e + n + 3) == Some(b" [r".as_slice())
            } else {
                named && n > 0 && text.get(e + n..e + n + 4) == Some(b" +0x".as_slice())
            }
        }
    }
}

/// A qualified class name at a word start whose last part ends in `Exception` or `Error`:
/// `java.net.SocketTimeoutException`, `org.apache.jasper.JasperException`.
fn jvm_exception(text: &[u8], s: usize, e: usize) -> bool {
    if s > 0 && (text[s - 1].is_ascii_alphanumeric() || matches!(text[s - 1], b'.' | b'/' | b'@' | b'-')) {
        return false;
    }
    let n = text[e..]
        .iter()
        .take(200)
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$'))
        .count();
    let name = &text[e..e + n];
    let last = name.rsplit(|c| *c == b'.').next().unwrap_or(b"");
    name.contains(&b'.') && (last.ends_with(b"Exception") || last.ends_with(b"Error") && last.len() > 5)
}

/// `at pkg.Class.method(File.java:12)`: the rest of the line is a frame.
fn java_frame(text: &[u8], e: usize) -> bool {
    let line = &text[e..text.len().min(e + 300)];
    let line = &line[..memchr::memchr(b'\n', line).unwrap_or(line.len())];
    let Some(open) = memchr::memchr(b'(', line) else { return false };
    if !line[..open]
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'$' | b'<' | b'>' | b'/'))
    {
        return false;
    }
    let inner = &line[open..];
    [b".java:".as_slice(), b"Unknown Source", b"Native Method", b".kt:", b".scala:", b"<generated>"]
        .iter()
        .any(|k| inner.windows(k.len()).any(|w| w == *k))
}

/// A `.php:12` marker counts inside a stack trace (`#0 /x/y.php(12)` / `Stack trace:`) or
/// after an error word.
fn php_context(text: &[u8], s: usize) -> bool {
    let from = s.saturating_sub(300);
    let window = &text[from..s];
    ["error", "warning", "exception", "stack trace", "notice", "in /"]
        .iter()
        .any(|w| window.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w.as_bytes())))
}

/// Parses a dotted quad starting at `s`, refusing one glued to other digits or dots
/// (`1.10.0.0.1`, `10.1.2.300`, `v10.1.2.3` is accepted: letters may precede).
fn ipv4_at(text: &[u8], s: usize) -> Option<Ipv4Addr> {
    if s > 0 && (text[s - 1].is_ascii_digit() || text[s - 1] == b'.') {
        return None;
    }
    let mut octets = [0u8; 4];
    let mut i = s;
    for (k, o) in octets.iter_mut().enumerate() {
        let n = text.get(i..).map_or(0, |t| t.iter().take(4).take_while(|c| c.is_ascii_digit()).count());
        if n == 0 || n > 3 || n > 1 && text[i] == b'0' {
            return None;
        }
        let v: u32 = text[i..i + n].iter().fold(0, |a, d| a * 10 + u32::from(d - b'0'));
        *o = u8::try_from(v).ok()?;
        i += n;
        if k < 3 {
            if text.get(i) != Some(&b'.') {
                return None;
            }
            i += 1;
        }
    }
    match text.get(i) {
        Some(c) if c.is_ascii_digit() => return None,
        Some(b'.') if text.get(i + 1).is_some_and(u8::is_ascii_digit) => return None,
        _ => {}
    }
    Some(Ipv4Addr::from(octets))
}

/// RFC 1918 private, loopback or link-local.
pub fn is_internal(ip: Ipv4Addr) -> bool {
    ip.is_private() || ip.is_loopback() || ip.is_link_local()
}

/// Every internal IPv4 address in a text, in order of appearance (at most `max`).
pub fn internal_ips(text: &[u8], max: usize) -> Vec<Ipv4Addr> {
    let mut out = Vec::new();
    for m in AUTOMATON.find_overlapping_iter(text) {
        if out.len() >= max {
            break;
        }
        if let (_, Hit::Ip) = MARKERS[m.pattern().as_usize()]
            && let Some(ip) = ipv4_at(text, m.start())
            && is_internal(ip)
            && !out.contains(&ip)
        {
            out.push(ip);
        }
    }
    out
}

/// Normalised last segment of a parameter name: `data.smsCode` → `smscode`.
pub(crate) fn leaf_name(name: &str) -> Cow<'_, str> {
    let leaf = name.rsplit('.').next().unwrap_or(name).trim_end_matches("[]");
    if leaf.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !matches!(b, b'_' | b'-' | b' ')) {
        // Already normal (most names): no copy.
        return Cow::Borrowed(leaf);
    }
    if leaf.is_ascii() {
        // Byte-wise on ASCII names, the same result as the `char` path.
        let mut out = String::with_capacity(leaf.len());
        out.extend(
            leaf.bytes().filter(|b| !matches!(b, b'_' | b'-' | b' ')).map(|b| b.to_ascii_lowercase() as char),
        );
        return Cow::Owned(out);
    }
    Cow::Owned(leaf.chars().filter(|c| !matches!(c, '_' | '-' | ' ')).flat_map(char::to_lowercase).collect())
}

/// Names of fields that carry a one-time verification code.
pub(crate) const CODE_NAMES: &[&str] = &[
    "code",
    "verifycode",
    "verificationcode",
    "verifcode",
    "vcode",
    "smscode",
    "smsverifycode",
    "mobilecode",
    "phonecode",
    "emailcode",
    "mailcode",
    "otp",
    "otpcode",
    "onetimecode",
    "authcode",
    "checkcode",
    "validcode",
    "validatecode",
    "validationcode",
    "securitycode",
    "dynamiccode",
    "randomcode",
    "randcode",
    "yzm",
    "captcha",
    "captchacode",
    "activecode",
    "activationcode",
    "验证码",
    "短信验证码",
    "校验码",
    "动态码",
];

/// True for a value shaped like a one-time code: 4 to 8 digits, or 4 to 6 letters and
/// digits mixing both.
pub fn code_shaped(v: &str) -> bool {
    let b = v.as_bytes();
    if (4..=8).contains(&b.len()) && b.iter().all(u8::is_ascii_digit) {
        return true;
    }
    (4..=6).contains(&b.len())
        && b.iter().all(u8::is_ascii_alphanumeric)
        && b.iter().any(u8::is_ascii_digit)
        && b.iter().any(u8::is_ascii_alphabetic)
}

/// A verification code handed back in a response (the caller knows the API sends SMS or
/// e-mail): a response-body field named like a code whose value is code-shaped, or a
/// message such as `your code is 482913` / `验证码为482913`.
pub fn verification_code_echo<'p, 'r>(params: &'p Params<'r>) -> Option<&'p Param<'r>> {
    let mut by_message = None;
    for p in params.at(crate::catalog::Location::ResponseBody) {
        let name = leaf_name(&p.name);
        let v = p.value.trim();
        if CODE_NAMES.contains(&&*name) && code_shaped(v) {
            // `code: 1000` is a status code far more often than an OTP.
            let status_like = name == "code"
                && (p.kind == ValueKind::Number || v.len() <= 4 && v.bytes().skip(1).all(|c| c == b'0'));
            if !status_like {
                return Some(p);
            }
        }
        if by_message.is_none() && p.kind == ValueKind::Text && message_has_code(v) {
            by_message = Some(p);
        }
    }
    by_message
}

/// A sentence announcing a code followed by the code itself.
pub fn message_has_code(msg: &str) -> bool {
    let lower = msg.to_lowercase();
    for key in [
        "code is",
        "code:",
        "code =",
        "otp is",
        "otp:",
        "验证码为",
        "验证码是",
        "验证码:",
        "验证码：",
        "验证码",
    ] {
        if let Some(i) = lower.find(key) {
            let rest = lower[i + key.len()..].trim_start_matches([' ', ':', '：', '"', '\'']);
            let n = rest.bytes().take_while(u8::is_ascii_digit).count();
            if (4..=8).contains(&n) && !rest.as_bytes().get(n).is_some_and(u8::is_ascii_alphanumeric) {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_names_are_normalised_and_borrowed_when_already_normal() {
        assert_eq!(leaf_name("data.smsCode"), "smscode");
        assert_eq!(leaf_name("data.items[].User_Name"), "username");
        assert_eq!(leaf_name("x.Ünïcode-Name"), "ünïcodename");
        assert_eq!(leaf_name("数据.手机 号"), "手机号");
        assert!(matches!(leaf_name("data.items[].phone"), Cow::Borrowed("phone")));
        assert!(matches!(leaf_name("a.pass_word"), Cow::Owned(_)));
    }

    #[test]
    fn database_errors_per_engine() {
        let cases: &[(&str, Option<DbEngine>)] = &[
            (
                "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version",
                Some(DbEngine::MySql),
            ),
            (r#"{"errorInfo":["42000",1305,"FUNCTION vapi.x does not exist"]}"#, Some(DbEngine::Generic)),
            ("ERROR:  unterminated quoted string at or near \"'\" LINE 1", Some(DbEngine::PostgreSql)),
            ("org.postgresql.util.PSQLException: ERROR: syntax error", Some(DbEngine::PostgreSql)),
            ("Unclosed quotation mark after the character string ''.", Some(DbEngine::MsSql)),
            ("ORA-00933: SQL command not properly ended", Some(DbEngine::Oracle)),
            ("sqlite3.OperationalError: near \"x\": syntax error", Some(DbEngine::Sqlite)),
            ("DB2 SQL Error: SQLCODE=-104", Some(DbEngine::Db2)),
            ("[Microsoft][ODBC Microsoft Access Driver] Syntax error", Some(DbEngine::Access)),
            ("MongoServerError: bad auth", Some(DbEngine::MongoDb)),
            ("FLORA-12345: not oracle", None),
            ("ORA-123: too short", None),
            ("Please check the manual for details", None),
            ("We sell MySQL hosting", None),
        ];
        for (text, want) in cases {
            assert_eq!(scan(text.as_bytes()).db_error, *want, "{text}");
        }
    }

    #[test]
    fn stack_traces_per_language() {
        let cases: &[(&str, Option<Lang>)] = &[
            (
                "java.lang.NullPointerException\n\tat com.acme.UserService.find(UserService.java:42)\n",
                Some(Lang::Java),
            ),
            ("\tat com.acme.A.b(A.java:7)", Some(Lang::Java)),
            (
                "Traceback (most recent call last):\n  File \"/app/views.py\", line 12, in get\nKeyError: 'id'",
                Some(Lang::Python),
            ),
            ("  File \"app.py\", line 3, in <module>", Some(Lang::Python)),
            (
                "<b>Fatal error</b>:  Uncaught Error: Call to undefined function x() in /var/www/a.php:3",
                Some(Lang::Php),
            ),
            ("PHP Warning:  include(): Failed opening 'x'", Some(Lang::Php)),
            ("Warning: Division by zero in /srv/app/index.php on line 17", Some(Lang::Php)),
            (
                "System.NullReferenceException: Object reference not set\n   at Acme.Web.Home.Index() in C:\\src\\Home.cs:line 22",
                Some(Lang::DotNet),
            ),
            ("Server Error in '/' Application.", Some(Lang::DotNet)),
            ("app/models/user.rb:12:in `find'", Some(Lang::Ruby)),
            ("NoMethodError (undefined method `x' for nil)", Some(Lang::Ruby)),
            (
                "TypeError: x is not a function\n    at handler (/srv/app/routes/user.js:10:15)",
                Some(Lang::Node),
            ),
            ("    at Object.<anonymous> (/srv/index.js:1:1)", Some(Lang::Node)),
            (
                "panic: runtime error: index out of range\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/main.go:9 +0x1d",
                Some(Lang::Go),
            ),
            ("goroutine 17 [running]:", Some(Lang::Go)),
            ("Please use the form at java.example.com", None),
            ("see README.java: it explains", None),
            ("our new app.js: fast", None),
            ("Download setup.py, line by line", None),
            ("Visit us at main.go:8080", None),
            ("java.net.SocketTimeoutException: Read timed out", Some(Lang::Java)),
            ("org.apache.jasper.JasperException: Unable to compile", Some(Lang::Java)),
            ("ArgumentError: wrong number of arguments (given 0, expected 1)", Some(Lang::Ruby)),
            ("see www.example.org.uk/ErrorPage", None),
            ("contact com.example.Support", None),
            ("mailto:x@corp.com.SomeException", None),
        ];
        for (text, want) in cases {
            assert_eq!(scan(text.as_bytes()).stack_trace, *want, "{text}");
        }
    }

    #[test]
    fn server_information() {
        let cases: &[(&str, Option<ServerInfo>)] = &[
            ("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin", Some(ServerInfo::PasswdFile)),
            ("<html><head><title>phpinfo()</title>", Some(ServerInfo::PhpInfo)),
            ("<title>Index of /backup</title>", Some(ServerInfo::DirectoryListing)),
            ("-----BEGIN RSA PRIVATE KEY-----\nMIIE", Some(ServerInfo::PrivateKey)),
            ("[boot loader]\ntimeout=30", Some(ServerInfo::WindowsSystemFile)),
            ("DOCUMENT_ROOT=/srv SERVER_SOFTWARE=nginx", Some(ServerInfo::EnvironmentDump)),
            ("failed to open /var/www/html/config.php", Some(ServerInfo::ServerPath)),
            ("C:\\inetpub\\wwwroot\\web.config", Some(ServerInfo::ServerPath)),
            ("/var/www/ and root:x:0:0:root", Some(ServerInfo::PasswdFile)),
            ("the DOCUMENT_ROOT setting", None),
            ("https://example.com/var/www/x", None),
            ("rooted: x", None),
            ("<?php echo 1; ?>", Some(ServerInfo::SourceCode)),
            ("C:\\inetpub \n", Some(ServerInfo::ServerPath)),
        ];
        for (text, want) in cases {
            assert_eq!(scan(text.as_bytes()).server_info, *want, "{text}");
        }
    }

    #[test]
    fn internal_addresses() {
        let cases: &[(&str, Option<[u8; 4]>)] = &[
            ("upstream 10.1.2.3 timed out", Some([10, 1, 2, 3])),
            ("{\"ip\":\"192.168.0.15\"}", Some([192, 168, 0, 15])),
            ("host=172.16.5.4:8080", Some([172, 16, 5, 4])),
            ("127.0.0.1", Some([127, 0, 0, 1])),
            ("169.254.169.254/latest", Some([169, 254, 169, 254])),
            ("10.1.2.300", None),
            ("172.32.0.1 is public", None),
            ("version 1.10.1.2.3", None),
            ("8.8.8.8 and 203.0.113.9", None),
            ("110.1.2.3", None),
            ("10.01.2.3", None),
            ("10.1.2", None),
            ("price 10.99", None),
        ];
        for (text, want) in cases {
            assert_eq!(scan(text.as_bytes()).internal_ip, want.map(Ipv4Addr::from), "{text}");
        }
        assert_eq!(
            internal_ips(b"a 10.0.0.1 b 10.0.0.1 c 192.168.1.1 d 8.8.8.8", 8),
            vec![Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(192, 168, 1, 1)]
        );
    }

    #[test]
    fn clean_text_is_clean() {
        let body = "{\"items\":[".to_owned()
            + &"{\"id\":12,\"name\":\"Widget\",\"price\":10.5},".repeat(2000)
            + "{}]}";
        assert!(scan(body.as_bytes()).is_empty());
        assert!(scan(b"").is_empty());
        assert!(scan(&[0xff, 0xfe, 0x00, 0x31]).is_empty());
    }

    fn rec_with_response(body: &str) -> String {
        format!(
            r#"{{"ts":1700000000,"client_ip":"1.2.3.4","host":"h","method":"POST","path":"/sms/send","status":200,"resp_headers":{{"Content-Type":"application/json"}},"resp_body":{}}}"#,
            serde_json::to_string(body).unwrap()
        )
    }

    #[test]
    fn verification_code_echoes() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"code":0,"data":{"smsCode":"482913"}}"#, Some("482913")),
            (r#"{"code":200,"msg":"ok","verifyCode":"a7k2"}"#, Some("a7k2")),
            (r#"{"code":"5831","msg":"sent"}"#, Some("5831")),
            (r#"{"msg":"您的验证码为 620194，5分钟内有效"}"#, Some("您的验证码为 620194，5分钟内有效")),
            (r#"{"message":"Your code is 7731"}"#, Some("Your code is 7731")),
            (r#"{"code":1000,"msg":"sent"}"#, None),
            (r#"{"code":"2000","msg":"sent"}"#, None),
            (r#"{"code":0,"msg":"4 Digit OTP sent on mobile no."}"#, None),
            (r#"{"otp":"abcdef"}"#, None),
            (r#"{"requestId":"482913"}"#, None),
        ];
        for (body, want) in cases {
            let line = rec_with_response(body);
            let r = crate::record::Record::from_json(line.as_bytes()).unwrap();
            let p = crate::params::extract(&r);
            assert_eq!(verification_code_echo(&p).map(|p| p.value.as_ref()), *want, "{body}");
        }
    }
}
