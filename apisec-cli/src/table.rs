//! The human-readable report of `apisec analyze --format table`.

use apisec_core::Report;
use std::io::{self, Write};

const MAX_ROWS: usize = 50;

/// Writes the report as aligned text tables.
pub fn write_report(w: &mut impl Write, r: &Report) -> io::Result<()> {
    let s = &r.stats;
    writeln!(w, "apisec report")?;
    writeln!(w, "=============")?;
    writeln!(w, "records: {}  accepted: {}  rejected: {}", s.records, s.accepted, s.rejected)?;
    let o = &r.overview;
    writeln!(
        w,
        "APIs: {} (active {}, new {}, offline {})  risks: {}  events: {}",
        o.api_total, o.api_active, o.api_newborn, o.api_offline, o.risk_total, o.event_total
    )?;
    writeln!(w)?;

    section(w, "API assets", r.assets.len())?;
    let rows: Vec<Vec<String>> = r
        .assets
        .iter()
        .take(MAX_ROWS)
        .map(|a| {
            vec![
                a.service_host.clone(),
                a.request_method.clone(),
                a.api_format.clone(),
                a.request_count.to_string(),
                a.api_tag.join(","),
                a.api_type.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(","),
                a.api_sensitive_level.to_string(),
                a.api_sensitive_res.join(","),
                format!("{}/{}", a.abnormal_num, a.event_num),
            ]
        })
        .collect();
    grid(
        w,
        &[
            "host",
            "method",
            "api",
            "requests",
            "purpose",
            "service",
            "sensitivity",
            "resp types",
            "risks/events",
        ],
        &rows,
    )?;
    more(w, r.assets.len())?;

    section(w, "Risks", r.risks.len())?;
    // Most severe first, so the top of a long list is what to fix first.
    let mut risks: Vec<&apisec_core::Risk> = r.risks.iter().collect();
    risks.sort_by(|a, b| {
        (b.abnormal_level, &a.abnormal_tag, &a.service_host, &a.api_format).cmp(&(
            a.abnormal_level,
            &b.abnormal_tag,
            &b.service_host,
            &b.api_format,
        ))
    });
    let rows: Vec<Vec<String>> = risks
        .into_iter()
        .take(MAX_ROWS)
        .map(|x| {
            vec![
                x.abnormal_level.to_string(),
                x.abnormal_tag.clone(),
                format!("{} {}{}", x.request_method, x.service_host, x.api_format),
                short(&x.abnormal_info.to_string(), 70),
            ]
        })
        .collect();
    grid(w, &["level", "risk", "api", "evidence"], &rows)?;
    more(w, r.risks.len())?;

    section(w, "Security events", r.events.len())?;
    let mut events: Vec<&apisec_core::Event> = r.events.iter().collect();
    events.sort_by(|a, b| {
        (b.event_level, a.start_ts, &a.event_tag).cmp(&(a.event_level, b.start_ts, &b.event_tag))
    });
    let rows: Vec<Vec<String>> = events
        .into_iter()
        .take(MAX_ROWS)
        .map(|e| {
            let ips: Vec<String> =
                e.attack_ip_info.iter().take(3).map(|i| format!("{}({})", i.ip, i.cnt)).collect();
            vec![
                e.event_level.to_string(),
                e.event_tag.clone(),
                format!("{} {}{}", e.request_method, e.service_host, e.api_format),
                e.attack_cnt.to_string(),
                format!("{}s", e.end_ts - e.start_ts),
                ips.join(" "),
            ]
        })
        .collect();
    grid(w, &["level", "event", "api", "requests", "duration", "sources"], &rows)?;
    more(w, r.events.len())?;

    if !s.rejects.is_empty() {
        section(w, "Rejected records", s.rejected as usize)?;
        for rj in s.rejects.iter().take(20) {
            writeln!(w, "  line {}: {}", rj.line, rj.reason)?;
        }
        if s.rejected > 20 {
            writeln!(w, "  … {} more", s.rejected - 20)?;
        }
        writeln!(w)?;
    }
    Ok(())
}

fn section(w: &mut impl Write, title: &str, n: usize) -> io::Result<()> {
    writeln!(w, "{title} ({n})")?;
    writeln!(w, "{}", "-".repeat(title.len() + 3 + n.to_string().len()))
}

fn more(w: &mut impl Write, total: usize) -> io::Result<()> {
    if total > MAX_ROWS {
        writeln!(w, "  … {} more (use --format json for everything)", total - MAX_ROWS)?;
    }
    writeln!(w)
}

fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max { s.to_owned() } else { s.chars().take(max - 1).collect::<String>() + "…" }
}

fn grid(w: &mut impl Write, head: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(w, "  (none)");
    }
    let mut width: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            width[i] = width[i].max(c.chars().count().min(60));
        }
    }
    let line = |w: &mut dyn Write, cells: &[String]| -> io::Result<()> {
        let mut out = String::from(" ");
        for (i, c) in cells.iter().enumerate() {
            let c = short(c, 60);
            out.push(' ');
            out.push_str(&c);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(width[i] - c.chars().count() + 1));
            }
        }
        writeln!(w, "{}", out.trim_end())
    };
    line(w, &head.iter().map(|h| h.to_uppercase()).collect::<Vec<_>>())?;
    for r in rows {
        line(w, r)?;
    }
    Ok(())
}
