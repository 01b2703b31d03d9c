//! Pipeline settings: a five-field cron schedule, well-formed volume claims, an S3 repository
//! whose endpoint has no scheme and whose credentials name valid secrets, and Kubernetes names
//! where Kubernetes expects them.

use super::ValidationError;
use super::index::Index;
use super::location::Location;
use super::rules::Part;
use crate::ir::{ArtifactRepository, Schedule, SecretKeyRef, Settings, VolumeClaim};
use crate::name::{is_dns1123_label, is_dns1123_subdomain};
use crate::quantity;

/// The access modes Kubernetes knows.
const ACCESS_MODES: [&str; 4] = [
    "ReadWriteOnce",
    "ReadOnlyMany",
    "ReadWriteMany",
    "ReadWriteOncePod",
];

/// The `@` shorthands Argo's cron scheduler accepts in place of five fields.
const CRON_SHORTHANDS: [&str; 7] = [
    "@yearly",
    "@annually",
    "@monthly",
    "@weekly",
    "@daily",
    "@midnight",
    "@hourly",
];

/// Check the pipeline's settings.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let s = &index.pipeline.settings;
    let location = index.location.then("settings");
    if let Some(schedule) = &s.schedule {
        check_schedule(&location.then("schedule"), schedule, errors);
    }
    let mut seen: Vec<&str> = Vec::new();
    for claim in &s.volumes {
        let at = location.then(format_args!("volume {}", claim.name));
        if seen.contains(&claim.name.as_str()) {
            errors.push(at.error(format!(
                "the volume `{}` is declared twice; rename or remove one",
                claim.name
            )));
        }
        seen.push(&claim.name);
        check_claim(&at, claim, errors);
    }
    if let Some(ArtifactRepository::S3(s3)) = &s.artifact_repository {
        let at = location.then("artifact_repository");
        if s3.bucket.is_empty() {
            errors.push(at.error("the bucket is empty; name the bucket artifacts go to"));
        }
        if s3.endpoint.contains("://") {
            errors.push(at.error(format!(
                "the endpoint `{}` has a scheme; write only `host:port` and set `insecure` for \
                 plain HTTP",
                s3.endpoint
            )));
        }
        check_secret(&at.then("access_key"), &s3.access_key, errors);
        check_secret(&at.then("secret_key"), &s3.secret_key, errors);
    }
    check_names(&location, s, errors);
}

fn check_schedule(location: &Location, schedule: &Schedule, errors: &mut Vec<ValidationError>) {
    let cron = schedule.cron.trim();
    if CRON_SHORTHANDS.contains(&cron) {
        return;
    }
    let fields = cron.split_whitespace().count();
    if fields != 5 {
        errors.push(location.error(format!(
            "the cron schedule `{}` has {fields} fields; write 5 (minute hour day-of-month \
             month day-of-week), e.g. `0 3 * * *`, or a shorthand such as `@daily`",
            schedule.cron
        )));
    }
}

fn check_claim(location: &Location, claim: &VolumeClaim, errors: &mut Vec<ValidationError>) {
    if !is_dns1123_label(&claim.name) {
        errors.push(location.error(format!(
            "`{}` is not a valid volume name: use up to 63 lowercase letters, digits and `-`, \
             starting and ending with a letter or digit",
            claim.name
        )));
    }
    match quantity::parse(&claim.size) {
        Err(e) => errors.push(location.then("size").error(e.to_string())),
        Ok(q) if q.value() <= 0.0 => errors.push(location.then("size").error(format!(
            "the size `{}` is not positive; give the claim a size such as `10Gi`",
            claim.size
        ))),
        Ok(_) => {}
    }
    for mode in &claim.access_modes {
        if !ACCESS_MODES.contains(&mode.as_str()) {
            errors.push(location.then("access_modes").error(format!(
                "unknown access mode `{mode}`; use one of {}",
                ACCESS_MODES.join(", ")
            )));
        }
    }
}

fn check_secret(location: &Location, secret: &SecretKeyRef, errors: &mut Vec<ValidationError>) {
    if !is_dns1123_subdomain(&secret.name) {
        errors.push(location.error(format!(
            "`{}` is not a valid secret name: use lowercase letters, digits, `-` and `.`, \
             starting and ending with a letter or digit",
            secret.name
        )));
    }
    if secret.key.is_empty() {
        errors.push(location.error("the secret key is empty; name the key in the secret"));
    }
}

fn check_names(location: &Location, s: &Settings, errors: &mut Vec<ValidationError>) {
    if let Some(ns) = &s.namespace
        && !is_dns1123_label(ns)
    {
        errors.push(location.then("namespace").error(format!(
            "`{ns}` is not a valid namespace: use up to 63 lowercase letters, digits and `-`"
        )));
    }
    if let Some(sa) = &s.service_account
        && !is_dns1123_subdomain(sa)
    {
        errors.push(location.then("service_account").error(format!(
            "`{sa}` is not a valid service account name: use lowercase letters, digits, `-` \
             and `.`"
        )));
    }
    if s.parallelism == Some(0) {
        errors.push(location.then("parallelism").error(
            "parallelism 0 would never run a pod; use at least 1, or leave it unset for no limit",
        ));
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::S3Repository;

    fn claim(name: &str, size: &str) -> VolumeClaim {
        VolumeClaim {
            name: name.into(),
            size: size.into(),
            access_modes: vec!["ReadWriteOnce".into()],
            storage_class: None,
        }
    }

    #[test]
    fn good_settings_pass() {
        let mut p = pipeline(vec![]);
        p.settings.schedule = Some(Schedule {
            cron: "0 3 * * 1-5".into(),
            timezone: None,
            concurrency_policy: None,
        });
        p.settings.volumes = vec![claim("scratch", "10Gi")];
        p.settings.namespace = Some("kubeflow".into());
        assert_eq!(run(check, &p), Vec::<String>::new());
        p.settings.schedule.as_mut().unwrap().cron = "@daily".into();
        assert_eq!(run(check, &p), Vec::<String>::new());
    }

    #[test]
    fn bad_settings() {
        let mut p = pipeline(vec![]);
        p.settings.schedule = Some(Schedule {
            cron: "0 3 * *".into(),
            timezone: None,
            concurrency_policy: None,
        });
        let mut rw = claim("scratch", "0");
        rw.access_modes = vec!["RWO".into()];
        p.settings.volumes = vec![claim("Scratch", "10GB"), rw, claim("scratch", "1Gi")];
        p.settings.artifact_repository = Some(ArtifactRepository::S3(S3Repository {
            bucket: "data".into(),
            endpoint: "http://minio:9000".into(),
            insecure: true,
            region: None,
            key_prefix: None,
            access_key: SecretKeyRef {
                name: "minio".into(),
                key: "accesskey".into(),
            },
            secret_key: SecretKeyRef {
                name: "Minio".into(),
                key: String::new(),
            },
        }));
        p.settings.parallelism = Some(0);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › settings › schedule: the cron schedule `0 3 * *` has 4 fields; \
                 write 5 (minute hour day-of-month month day-of-week), e.g. `0 3 * * *`, or a \
                 shorthand such as `@daily`",
                "pipeline t › settings › volume Scratch: `Scratch` is not a valid volume name: \
                 use up to 63 lowercase letters, digits and `-`, starting and ending with a \
                 letter or digit",
                "pipeline t › settings › volume Scratch › size: `10GB` is not a Kubernetes \
                 quantity (byte units are written without `B`: `Gi` or `G`, not `GB`); write \
                 e.g. `500m`, `2`, `4Gi` or `1e3`",
                "pipeline t › settings › volume scratch › size: the size `0` is not positive; \
                 give the claim a size such as `10Gi`",
                "pipeline t › settings › volume scratch › access_modes: unknown access mode \
                 `RWO`; use one of ReadWriteOnce, ReadOnlyMany, ReadWriteMany, ReadWriteOncePod",
                "pipeline t › settings › volume scratch: the volume `scratch` is declared twice; \
                 rename or remove one",
                "pipeline t › settings › artifact_repository: the endpoint `http://minio:9000` \
                 has a scheme; write only `host:port` and set `insecure` for plain HTTP",
                "pipeline t › settings › artifact_repository › secret_key: `Minio` is not a \
                 valid secret name: use lowercase letters, digits, `-` and `.`, starting and \
                 ending with a letter or digit",
                "pipeline t › settings › artifact_repository › secret_key: the secret key is \
                 empty; name the key in the secret",
                "pipeline t › settings › parallelism: parallelism 0 would never run a pod; use \
                 at least 1, or leave it unset for no limit",
            ]
        );
    }
}
