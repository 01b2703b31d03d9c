//! Resources: CPU and memory are Kubernetes quantities, not negative, with requests no greater
//! than limits; accelerators are at least one of an extended resource such as `nvidia.com/gpu`.

use super::ValidationError;
use super::index::{Index, NodeRef};
use super::location::Location;
use super::rules::Part;
use crate::ir::Accelerator;
use crate::name::is_extended_resource_name;
use crate::quantity::{self, Quantity};

/// This rule: each task in turn.
pub(super) const PARTS: &[Part] = &[Part::Node(check_task)];

/// Check every task's resources.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_task(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    let Some(site) = index.task_at(node) else {
        return;
    };
    let r = &site.task.pod().resources;
    if r.is_empty() {
        return;
    }
    let task = || site.location();
    let cpu = Pair {
        resource: "cpu",
        request_field: "cpu_request",
        limit_field: "cpu_limit",
    };
    check_pair(
        &task,
        &cpu,
        r.cpu_request.as_deref(),
        r.cpu_limit.as_deref(),
        errors,
    );
    let memory = Pair {
        resource: "memory",
        request_field: "memory_request",
        limit_field: "memory_limit",
    };
    check_pair(
        &task,
        &memory,
        r.memory_request.as_deref(),
        r.memory_limit.as_deref(),
        errors,
    );
    if let Some(a) = &r.accelerator {
        check_accelerator(&task().then("accelerator"), a, errors);
    }
}

/// One resource (`cpu` or `memory`) and the fields of [`Resources`](crate::ir::Resources) that
/// hold its request and limit.
struct Pair {
    resource: &'static str,
    request_field: &'static str,
    limit_field: &'static str,
}

/// A request and a limit of one resource. `task` gives the task's location when an error needs it.
fn check_pair(
    task: &dyn Fn() -> Location,
    pair: &Pair,
    request: Option<&str>,
    limit: Option<&str>,
    errors: &mut Vec<ValidationError>,
) {
    let Pair {
        resource,
        request_field,
        limit_field,
    } = *pair;
    let request = request.and_then(|text| amount(&|| task().then(request_field), text, errors));
    let limit = limit.and_then(|text| amount(&|| task().then(limit_field), text, errors));
    if let (Some((rq, rq_text)), Some((lim, lim_text))) = (request, limit)
        && rq.value() > lim.value()
    {
        errors.push(task().then(request_field).error(format!(
            "the {resource} request `{rq_text}` is more than the limit `{lim_text}`, which \
             Kubernetes rejects; lower the request or raise the limit"
        )));
    }
}

/// Parse a request or limit; report it and give `None` when it is malformed or negative.
fn amount<'t>(
    location: &dyn Fn() -> Location,
    text: &'t str,
    errors: &mut Vec<ValidationError>,
) -> Option<(Quantity, &'t str)> {
    match quantity::parse(text) {
        Err(e) => {
            errors.push(location().error(e.to_string()));
            None
        }
        Ok(q) if q.is_negative() => {
            errors.push(location().error(format!(
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
        task_mut(&mut p, "a").pod_mut().resources = resources;
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
