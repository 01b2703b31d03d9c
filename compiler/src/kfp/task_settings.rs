//! Caching and retries of a task, as the KFP SDK writes them.

use pipec_dsl::ir::{Caching, Retry};

use super::model::{CachingOptions, RetryPolicy};

/// The SDK's cap on the longest wait between retries.
const MAX_BACKOFF_SECONDS: u64 = 3_600;

/// `cachingOptions`: on unless the task turns it off (KFP's default).
///
/// Ignored, with reasons: the memoization config map (KFP keeps its cache in its metadata
/// store), the maximum age (KFP sets cache staleness per run, not per task), and a key holding
/// `{{…}}` placeholders (KFP uses a key literally, so one templated on inputs would be shared by
/// every input; KFP's own key already covers every input, which is what such a key means).
pub fn caching(caching: Option<&Caching>) -> CachingOptions {
    let Some(c) = caching else {
        return CachingOptions {
            cache_key: None,
            enable_cache: true,
        };
    };
    CachingOptions {
        cache_key: c.key.clone().filter(|k| !k.contains("{{")),
        enable_cache: c.enabled,
    }
}

/// `retryPolicy` with the SDK's defaults filled in (no wait, factor 2, at most one hour).
/// KFP retries every failure, so a narrower retry policy (which failures) is ignored: the task
/// is retried at least when the policy asks.
pub fn retry(retry: Option<&Retry>) -> Result<Option<RetryPolicy>, String> {
    let Some(r) = retry else {
        return Ok(None);
    };
    let backoff = r.backoff.as_ref();
    let seconds = |text: Option<&String>, default: u64| match text {
        None => Ok(default),
        // KFP writes whole seconds; a fraction rounds up so the wait is never shorter.
        Some(t) => pipec_dsl::duration::parse(t)
            .map(|d| d.as_secs_f64().ceil() as u64)
            .map_err(|e| format!("retry backoff: {e}")),
    };
    let duration = seconds(backoff.map(|b| &b.duration), 0)?;
    let max = seconds(
        backoff.and_then(|b| b.max_duration.as_ref()),
        MAX_BACKOFF_SECONDS,
    )?;
    Ok(Some(RetryPolicy {
        backoff_duration: format!("{duration}s"),
        backoff_factor: backoff.and_then(|b| b.factor).unwrap_or(2.0),
        backoff_max_duration: format!("{}s", max.min(MAX_BACKOFF_SECONDS)),
        max_retry_count: r.limit,
    }))
}
