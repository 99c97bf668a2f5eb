//! `rules update`: the shipped queries against a SPARQL endpoint, one at a time.
//!
//! Requests name copydesk and its version in the User-Agent (as the Wikimedia User-Agent policy
//! asks), time out, and are retried when the service answers `429 Too Many Requests` or `503`,
//! after the delay its `Retry-After` header asks for. Nothing is written unless every query was
//! answered.

use std::time::Duration;

use super::{ImportError, Input, Positions, Roster};

/// The default endpoint: the Wikidata Query Service.
pub const WIKIDATA: &str = "https://query.wikidata.org/sparql";

/// The shipped queries.
pub const QUERIES: &[(&str, &str)] = &[(
    "rules/queries/position-holders.rq",
    include_str!("../../rules/queries/position-holders.rq"),
)];

/// How many times a query is sent at most.
pub const ATTEMPTS: u32 = 4;

/// The longest `Retry-After` honoured; a longer one is an error (the service is closed for now).
pub const MAX_WAIT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    #[error("cannot reach the SPARQL endpoint {endpoint}: {message}")]
    Unreachable { endpoint: String, message: String },
    #[error("the SPARQL endpoint {endpoint} answered {status} to {query}{detail}")]
    Status {
        endpoint: String,
        query: String,
        status: u16,
        detail: String,
    },
    #[error("the SPARQL endpoint {endpoint} asked to wait {seconds} s before retrying {query}: try again later")]
    TooLong {
        endpoint: String,
        query: String,
        seconds: u64,
    },
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// The User-Agent: copydesk, its version and how to reach the newsroom running it.
pub fn user_agent(contact: Option<&str>) -> String {
    let base = format!(
        "copydesk/{} (rules update; named-entity linter for news copy)",
        env!("CARGO_PKG_VERSION")
    );
    match contact {
        Some(c) if !c.trim().is_empty() => format!("{base} {}", c.trim()),
        _ => base,
    }
}

/// Runs every shipped query against `endpoint` and imports the answers. `progress` is told of
/// each query and retry.
pub fn update(
    endpoint: &str,
    contact: Option<&str>,
    positions: &Positions,
    progress: &mut dyn FnMut(&str),
) -> Result<Roster, UpdateError> {
    let config = ureq::config::Config::builder()
        .user_agent(user_agent(contact))
        .accept("application/sparql-results+json")
        .http_status_as_error(false)
        .timeout_connect(Some(Duration::from_secs(15)))
        .timeout_global(Some(Duration::from_secs(300)))
        .build();
    let agent = config.new_agent();
    let mut inputs = Vec::new();
    let mut date = None;
    for (name, query) in QUERIES {
        let (bytes, answered) = run(&agent, endpoint, name, query, progress)?;
        date = date.or(answered);
        inputs.push(Input {
            name: format!("{name} results"),
            bytes,
        });
    }
    let mut roster = super::import(super::Format::WikidataSparql, &inputs, positions)?;
    roster.source = format!("wikidata-sparql: {endpoint}");
    roster.query = Some(
        QUERIES
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", "),
    );
    roster.as_of = date.or_else(|| Some(crate::Date::today()));
    Ok(roster)
}

fn run(
    agent: &ureq::Agent,
    endpoint: &str,
    name: &str,
    query: &str,
    progress: &mut dyn FnMut(&str),
) -> Result<(Vec<u8>, Option<crate::Date>), UpdateError> {
    let unreachable = |e: ureq::Error| UpdateError::Unreachable {
        endpoint: endpoint.to_string(),
        message: e.to_string(),
    };
    for attempt in 1..=ATTEMPTS {
        progress(&format!("running {name} against {endpoint}"));
        let mut response = agent
            .post(endpoint)
            .send_form([("query", query)])
            .map_err(unreachable)?;
        let status = response.status().as_u16();
        let header = |h: &str| {
            response
                .headers()
                .get(h)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if status == 200 {
            let date = header("date").as_deref().and_then(http_date);
            let bytes = response
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_vec()
                .map_err(unreachable)?;
            return Ok((bytes, date));
        }
        if matches!(status, 429 | 503) && attempt < ATTEMPTS {
            let wait = header("retry-after")
                .as_deref()
                .and_then(retry_after)
                .unwrap_or(Duration::from_secs(5 << (attempt - 1)));
            if wait > MAX_WAIT {
                return Err(UpdateError::TooLong {
                    endpoint: endpoint.to_string(),
                    query: name.to_string(),
                    seconds: wait.as_secs(),
                });
            }
            progress(&format!(
                "{endpoint} answered {status}: waiting {} s as asked",
                wait.as_secs()
            ));
            std::thread::sleep(wait);
            continue;
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(4096)
            .read_to_string()
            .unwrap_or_default();
        let first = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        return Err(UpdateError::Status {
            endpoint: endpoint.to_string(),
            query: name.to_string(),
            status,
            detail: if first.is_empty() {
                String::new()
            } else {
                format!(": {}", first.chars().take(200).collect::<String>())
            },
        });
    }
    Err(UpdateError::Status {
        endpoint: endpoint.to_string(),
        query: name.to_string(),
        status: 429,
        detail: format!(" {ATTEMPTS} times"),
    })
}

/// `Retry-After`: a number of seconds (an HTTP date is read as "a while": 60 s).
pub fn retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(s) = value.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    http_date(value).map(|_| Duration::from_secs(60))
}

/// The day of an HTTP date (`Tue, 15 Jun 2026 12:00:00 GMT`).
pub fn http_date(value: &str) -> Option<crate::Date> {
    let mut words = value.split_whitespace().skip(1);
    let day: u8 = words.next()?.parse().ok()?;
    let month = match words.next()? {
        "Jan" => 1,
        "Feb" => 2,
        "Mar" => 3,
        "Apr" => 4,
        "May" => 5,
        "Jun" => 6,
        "Jul" => 7,
        "Aug" => 8,
        "Sep" => 9,
        "Oct" => 10,
        "Nov" => 11,
        "Dec" => 12,
        _ => return None,
    };
    let year: i32 = words.next()?.parse().ok()?;
    crate::Date::new(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            retry_after("Tue, 16 Jun 2026 12:00:00 GMT"),
            Some(Duration::from_secs(60))
        );
        assert_eq!(retry_after("soon"), None);
        assert_eq!(
            http_date("Mon, 15 Jun 2026 12:00:00 GMT")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2026-06-15")
        );
    }

    #[test]
    fn the_user_agent_names_copydesk_and_its_version() {
        let ua = user_agent(Some("desk@example.org"));
        assert!(
            ua.starts_with(&format!("copydesk/{} ", env!("CARGO_PKG_VERSION"))),
            "{ua}"
        );
        assert!(ua.ends_with("desk@example.org"));
    }

    #[test]
    fn the_query_asks_for_every_position_in_positions_toml() {
        let positions = Positions::builtin();
        for (_, query) in QUERIES {
            for id in positions.ids() {
                assert!(
                    query.contains(&format!("wd:{id} ")) || query.contains(&format!("wd:{id}\n")),
                    "{id}"
                );
            }
            for var in super::super::sparql::REQUIRED {
                assert!(
                    query.contains(&format!("?{var} ")) || query.contains(&format!("?{var}\n")),
                    "{var}"
                );
            }
        }
    }
}
