//! Resources: CPU and memory are Kubernetes quantities, not negative, with requests no greater
//! than limits; accelerators are at least one of an extended resource such as `nvidia.com/gpu`.

use super::ValidationError;
use super::index::Index;
use super::location::Location;
use crate::ir::Accelerator;
use crate::name::is_extended_resource_name;
use crate::quantity::{self, Quantity};

/// Check every task's resources.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    for site in &index.tasks {
        let r = &site.task.resources;
        let (request, limit) = (&r.cpu_request, &r.cpu_limit);
        check_pair(
            &site.location,
            "cpu",
            request.as_deref(),
            limit.as_deref(),
            errors,
        );
        let (request, limit) = (&r.memory_request, &r.memory_limit);
        check_pair(
            &site.location,
            "memory",
            request.as_deref(),
            limit.as_deref(),
            errors,
        );
        if let Some(a) = &r.accelerator {
            check_accelerator(&site.location.then("accelerator"), a, errors);
        }
    }
}

/// A request and a limit of one resource (`cpu` or `memory`), as the fields of
/// [`Resources`](crate::ir::Resources) name them.
fn check_pair(
    task: &Location,
    resource: &str,
    request: Option<&str>,
    limit: Option<&str>,
    errors: &mut Vec<ValidationError>,
) {
    let request_field = format!("{resource}_request");
    let request = request.and_then(|text| amount(&task.then(&request_field), text, errors));
    let limit_field = format!("{resource}_limit");
    let limit = limit.and_then(|text| amount(&task.then(&limit_field), text, errors));
    if let (Some((rq, rq_text)), Some((lim, lim_text))) = (request, limit)
        && rq.value() > lim.value()
    {
        errors.push(task.then(&request_field).error(format!(
            "the {resource} request `{rq_text}` is more than the limit `{lim_text}`, which \
             Kubernetes rejects; lower the request or raise the limit"
        )));
    }
}

/// Parse a request or limit; report it and give `None` when it is malformed or negative.
fn amount<'t>(
    location: &Location,
    text: &'t str,
    errors: &mut Vec<ValidationError>,
) -> Option<(Quantity, &'t str)> {
    match quantity::parse(text) {
        Err(e) => {
            errors.push(location.error(e.to_string()));
            None
        }
        Ok(q) if q.is_negative() => {
            errors.push(location.error(format!(
                "`{text}` is negative; requests and limits are zero or more"
            )));
            None
        }
        Ok(q) => Some((q, text)),
    }
}

fn check_accelerator(location: &Location, a: &Accelerator, errors: &mut Vec<ValidationError>) {
    if a.count == 0 {
        errors
            .push(location.error(
                "the accelerator count is 0; ask for at least 1, or remove the accelerator",
            ));
    }
    if !is_extended_resource_name(&a.resource) {
        errors.push(location.error(format!(
            "`{}` is not an extended resource name; write `vendor.domain/name`, e.g. \
             `nvidia.com/gpu` or `amd.com/gpu`",
            a.resource
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::Resources;

    fn with_resources(resources: Resources) -> Vec<String> {
        let mut p = pipeline(vec![produce("a")]);
        task_mut(&mut p, "a").resources = resources;
        run(check, &p)
    }

    #[test]
    fn good_quantities_pass() {
        let r = Resources {
            cpu_request: Some("500m".into()),
            cpu_limit: Some("2".into()),
            memory_request: Some("4Gi".into()),
            memory_limit: Some("1e10".into()),
            accelerator: Some(Accelerator::gpus(1)),
        };
        assert_eq!(with_resources(r), Vec::<String>::new());
    }

    #[test]
    fn bad_quantities() {
        let r = Resources {
            cpu_request: Some("-1".into()),
            cpu_limit: Some("2.5.1".into()),
            memory_request: Some("8Gi".into()),
            memory_limit: Some("4Gi".into()),
            accelerator: None,
        };
        assert_eq!(
            with_resources(r),
            [
                "pipeline t › task a › cpu_request: `-1` is negative; requests and limits are \
                 zero or more",
                "pipeline t › task a › cpu_limit: `2.5.1` is not a Kubernetes quantity (it has \
                 more than one decimal point); write e.g. `500m`, `2`, `4Gi` or `1e3`",
                "pipeline t › task a › memory_request: the memory request `8Gi` is more than the \
                 limit `4Gi`, which Kubernetes rejects; lower the request or raise the limit",
            ]
        );
        let r = Resources {
            memory_limit: Some("4GB".into()),
            ..Resources::default()
        };
        assert_eq!(
            with_resources(r),
            [
                "pipeline t › task a › memory_limit: `4GB` is not a Kubernetes quantity (byte units \
              are written without `B`: `Gi` or `G`, not `GB`); write e.g. `500m`, `2`, `4Gi` or \
              `1e3`"
            ]
        );
    }

    #[test]
    fn accelerators() {
        let r = Resources {
            accelerator: Some(Accelerator {
                count: 0,
                resource: "gpu".into(),
                ty: None,
            }),
            ..Resources::default()
        };
        assert_eq!(
            with_resources(r),
            [
                "pipeline t › task a › accelerator: the accelerator count is 0; ask for at least \
                 1, or remove the accelerator",
                "pipeline t › task a › accelerator: `gpu` is not an extended resource name; \
                 write `vendor.domain/name`, e.g. `nvidia.com/gpu` or `amd.com/gpu`",
            ]
        );
    }
}
