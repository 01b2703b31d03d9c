//! Durations in task settings: retry backoff and cache age are written like `30s`, `2m`, `1h30m`,
//! the backoff factor is a positive number and the longest wait is not shorter than the first.

use std::time::Duration;

use super::ValidationError;
use super::index::{Index, NodeRef};
use super::location::Location;
use super::rules::Part;
use crate::duration;

/// This rule: each task in turn.
pub(super) const PARTS: &[Part] = &[Part::Node(check_task)];

/// Check every task's retry backoff and cache age.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.task_at(node) else {
        return;
    };
    let task = site.task;
    if let Some(backoff) = task.pod().retry.as_ref().and_then(|r| r.backoff.as_ref()) {
        let location = site.location().then("retry").then("backoff");
        let first = parse(&location.then("duration"), &backoff.duration, errors);
        let longest = backoff
            .max_duration
            .as_deref()
            .and_then(|text| parse(&location.then("max_duration"), text, errors));
        if let (Some(first), Some(longest)) = (first, longest)
            && longest < first
        {
            errors.push(location.then("max_duration").error(format!(
                "the longest wait `{}` is shorter than the first `{}`; raise it or drop it",
                backoff.max_duration.as_deref().unwrap_or_default(),
                backoff.duration
            )));
        }
        if let Some(factor) = backoff.factor
            && !(factor.is_finite() && factor > 0.0)
        {
            errors.push(location.then("factor").error(format!(
                "the backoff factor {factor} is not a positive number; use e.g. 2"
            )));
        }
    }
    if let Some(age) = task
        .pod()
        .caching
        .as_ref()
        .and_then(|c| c.max_age.as_deref())
    {
        parse(
            &site.location().then("caching").then("max_age"),
            age,
            errors,
        );
    }
}

fn parse(location: &Location, text: &str, errors: &mut Vec<ValidationError>) -> Option<Duration> {
    duration::parse(text)
        .map_err(|e| errors.push(location.error(e.to_string())))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{Backoff, Caching, Retry};

    fn with(backoff: Backoff, max_age: Option<&str>) -> Vec<String> {
        let mut p = pipeline(vec![produce("a")]);
        let t = task_mut(&mut p, "a");
        t.pod_mut().retry = Some(Retry {
            limit: 2,
            policy: None,
            backoff: Some(backoff),
        });
        t.pod_mut().caching = Some(Caching {
            enabled: true,
            key: None,
            max_age: max_age.map(Into::into),
            config_map: None,
        });
        run(check, &p)
    }

    #[test]
    fn good_durations_pass() {
        let b = Backoff {
            duration: "30s".into(),
            factor: Some(2.0),
            max_duration: Some("1h30m".into()),
        };
        assert_eq!(with(b, Some("24h")), Vec::<String>::new());
    }

    #[test]
    fn bad_durations() {
        let b = Backoff {
            duration: "30".into(),
            factor: Some(0.0),
            max_duration: Some("2 minutes".into()),
        };
        assert_eq!(
            with(b, Some("1d")),
            [
                "pipeline t › task a › retry › backoff › duration: `30` is not a duration (a \
                 unit is missing: use h, m, s or ms); write e.g. `30s`, `2m`, `1h` or `1h30m`",
                "pipeline t › task a › retry › backoff › max_duration: `2 minutes` is not a \
                 duration (the unit must be one of h, m, s, ms, us or ns); write e.g. `30s`, \
                 `2m`, `1h` or `1h30m`",
                "pipeline t › task a › retry › backoff › factor: the backoff factor 0 is not a \
                 positive number; use e.g. 2",
                "pipeline t › task a › caching › max_age: `1d` is not a duration (days are not a \
                 unit: write `24h`); write e.g. `30s`, `2m`, `1h` or `1h30m`",
            ]
        );
        let b = Backoff {
            duration: "1m".into(),
            factor: None,
            max_duration: Some("30s".into()),
        };
        assert_eq!(
            with(b, None),
            [
                "pipeline t › task a › retry › backoff › max_duration: the longest wait `30s` is \
              shorter than the first `1m`; raise it or drop it"
            ]
        );
    }
}
