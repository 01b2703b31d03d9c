//! Tuning: the search space names pipeline parameters of fitting types with non-empty ranges, the
//! metric comes from a container task that runs once per trial, the trial counts can be met, and
//! the algorithm's settings are ones Katib's suggestion services accept.

use std::collections::BTreeSet;

use super::ValidationError;
use super::index::{Group, Index, TaskSite};
use super::location::Location;
use super::rules::Part;
use super::suggestion::hint;
use super::types::a;
use crate::ir::{
    Algorithm, DoubleRange, Hyperband, Implementation, IntRange, MetricReport, MetricSource,
    MetricsFormat, Objective, ParamType, SearchParameter, Space, Tuning,
};

/// Katib runs this many trials at once when the count is unset.
const DEFAULT_PARALLEL_TRIALS: u32 = 3;

/// Check the pipeline's tuning settings, if any.
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    let Some(tuning) = &index.pipeline.settings.tuning else {
        return;
    };
    let at = index.location.then("settings").then("tuning");
    search_space(index, tuning, &at, errors);
    objective(
        &tuning.objective,
        &tuning.metric_from,
        &at.then("objective"),
        errors,
    );
    metric_report(index, &tuning.metric_from, &at.then("metric_from"), errors);
    counts(tuning, &at, errors);
    algorithm(tuning, &at.then("algorithm"), errors);
}

fn search_space(
    index: &Index<'_>,
    tuning: &Tuning,
    at: &Location,
    errors: &mut Vec<ValidationError>,
) {
    if tuning.search_space.is_empty() {
        errors.push(
            at.then("search_space")
                .error("the search space is empty; search at least one pipeline parameter"),
        );
    }
    let mut seen = BTreeSet::new();
    for sp in &tuning.search_space {
        let at = at.then(format_args!("search {}", sp.parameter));
        if !seen.insert(sp.parameter.as_str()) {
            errors.push(at.error(format!(
                "`{}` is searched twice; give each parameter one space",
                sp.parameter
            )));
            continue;
        }
        match index.pipeline.parameter(&sp.parameter) {
            None => errors.push(at.error(format!(
                "`{}` is not a pipeline parameter, so a trial cannot set it{}",
                sp.parameter,
                hint(
                    &sp.parameter,
                    index.pipeline.parameters.iter().map(|p| p.name.as_str())
                )
            ))),
            Some(p) => {
                if let Some(message) = type_problem(p.ty, sp) {
                    errors.push(at.error(message));
                }
            }
        }
        for message in space_problems(&sp.space) {
            errors.push(at.error(message));
        }
    }
}

/// Why a parameter of type `ty` cannot take the values of the space, if it cannot.
fn type_problem(ty: ParamType, sp: &SearchParameter) -> Option<String> {
    let fits = match &sp.space {
        Space::Double(_) => ty == ParamType::Float,
        Space::Int(_) => matches!(ty, ParamType::Int | ParamType::Float),
        Space::Categorical(_) => ty == ParamType::String,
        Space::Discrete(values) => match ty {
            ParamType::Float => true,
            ParamType::Int => {
                if let Some(v) = values.iter().find(|v| !(v.is_i64() || v.is_u64())) {
                    return Some(format!(
                        "`{}` is an int parameter, but the discrete value {v} is not whole; \
                         list whole numbers or declare the parameter as `float`",
                        sp.parameter
                    ));
                }
                true
            }
            _ => false,
        },
    };
    let wanted = match &sp.space {
        Space::Double(_) => "a `float` parameter",
        Space::Int(_) | Space::Discrete(_) => "an `int` or `float` parameter",
        Space::Categorical(_) => "a `string` parameter",
    };
    (!fits).then(|| {
        format!(
            "`{}` is {} parameter, but a {} space needs {wanted}; choose a space of its type",
            sp.parameter,
            a(ty.name()),
            sp.space.kind()
        )
    })
}

/// Everything wrong with a space on its own.
fn space_problems(space: &Space) -> Vec<String> {
    match space {
        Space::Double(r) => double_problems(r),
        Space::Int(r) => int_problems(r),
        Space::Categorical(values) => list_problems(values.iter().map(String::as_str)),
        Space::Discrete(values) => {
            let texts: Vec<String> = values.iter().map(ToString::to_string).collect();
            list_problems(texts.iter().map(String::as_str))
        }
    }
}

fn double_problems(r: &DoubleRange) -> Vec<String> {
    if !r.min.is_finite() || !r.max.is_finite() {
        return vec!["the range's bounds must be finite numbers".into()];
    }
    let mut out = range_problems(r.min, r.max, r.step, r.distribution);
    if r.step.is_some_and(|s| !s.is_finite()) {
        out.push("the step must be a finite number".into());
    }
    out
}

fn int_problems(r: &IntRange) -> Vec<String> {
    // The bounds of a Katib int range are well below 2^53, so f64 compares them exactly.
    range_problems(
        r.min as f64,
        r.max as f64,
        r.step.map(|s| s as f64),
        r.distribution,
    )
}

fn range_problems(
    min: f64,
    max: f64,
    step: Option<f64>,
    distribution: Option<crate::ir::Distribution>,
) -> Vec<String> {
    let mut out = Vec::new();
    if min >= max {
        out.push(format!(
            "the range from {min} to {max} is empty; make `min` smaller than `max`"
        ));
        return out;
    }
    match step {
        Some(s) if s <= 0.0 => out.push(format!("the step {s} is not positive; use a step > 0")),
        Some(s) if s > max - min => out.push(format!(
            "the step {s} is larger than the range from {min} to {max}; use a smaller step"
        )),
        _ => {}
    }
    if distribution.is_some_and(|d| d.is_logarithmic()) && min <= 0.0 {
        out.push(format!(
            "a logarithmic distribution needs a positive range, but `min` is {min}; raise `min` \
             above 0 or draw uniformly"
        ));
    }
    out
}

fn list_problems<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for v in values {
        if !seen.insert(v) {
            out.push(format!(
                "the value `{v}` is listed twice; list each value once"
            ));
        }
    }
    if seen.is_empty() {
        out.push("the list of values is empty; list at least one value".into());
    }
    out
}

fn objective(
    objective: &Objective,
    report: &MetricReport,
    at: &Location,
    errors: &mut Vec<ValidationError>,
) {
    // Without filters Katib reads `name=value` with a `[\w|-]+` name, so other names never match.
    let default_format = report.filters.is_empty()
        && !matches!(&report.source, MetricSource::File(f) if f.format == MetricsFormat::Json);
    let mut seen = BTreeSet::new();
    let names = std::iter::once(&objective.metric).chain(&objective.additional_metrics);
    for (i, name) in names.enumerate() {
        let at = if i == 0 {
            at.then("metric")
        } else {
            at.then("additional_metrics")
        };
        if name.is_empty() {
            errors.push(at.error("the metric name is empty; name the metric the task reports"));
        } else if !seen.insert(name.as_str()) {
            errors.push(at.error(format!(
                "the metric `{name}` is named twice; list each metric once, and not the \
                 objective's among the additional ones"
            )));
        } else if default_format
            && !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-|".contains(c))
        {
            errors.push(at.error(format!(
                "the metric name `{name}` has characters a `name=value` line cannot carry; use \
                 letters, digits, `_` and `-`, or give filters that read it"
            )));
        }
    }
    if objective.goal.is_some_and(|g| !g.is_finite()) {
        errors.push(at.then("goal").error("the goal must be a finite number"));
    }
}

fn metric_report(
    index: &Index<'_>,
    report: &MetricReport,
    at: &Location,
    errors: &mut Vec<ValidationError>,
) {
    match index.task(&report.task) {
        None => errors.push(at.then("task").error(format!(
            "there is no task `{}` to report the metric{}",
            report.task,
            hint(
                &report.task,
                index.tasks.iter().map(|t| t.task.name.as_str())
            )
        ))),
        Some(site) => metric_task(index, site, &at.then("task"), errors),
    }
    if let MetricSource::File(file) = &report.source {
        if !file.path.starts_with('/') {
            errors.push(at.then("source").error(format!(
                "the metrics file `{}` is not an absolute path; give the full path in the \
                 task's container, e.g. `/var/log/metrics.txt`",
                file.path
            )));
        }
        if file.format == MetricsFormat::Json && !report.filters.is_empty() {
            errors.push(at.then("filters").error(
                "filters read text lines, but the metrics file is JSON; remove the filters or \
                 write a text file",
            ));
        }
    }
    for filter in &report.filters {
        if group_count(filter) < 2 {
            errors.push(at.then("filters").error(format!(
                "the filter `{filter}` needs two groups, the metric's name and then its value, \
                 e.g. `([\\w-]+)=([-+]?\\d*\\.?\\d+)`"
            )));
        }
    }
}

/// The metric task must be a container that runs, once, in every trial.
fn metric_task(
    index: &Index<'_>,
    site: &TaskSite<'_>,
    at: &Location,
    errors: &mut Vec<ValidationError>,
) {
    let name = &site.task.name;
    let is_container = index
        .component_of(site.task)
        .is_some_and(|c| matches!(c.implementation, Implementation::Container(_)));
    if !is_container {
        errors.push(at.error(format!(
            "task `{name}` does not run a container, so it has no output to read the metric \
             from; report the metric from a container task"
        )));
    }
    if let Some(l) = enclosing_loop(index, site) {
        errors.push(at.error(format!(
            "task `{name}` runs once per item of loop `{l}`, so a trial would report several \
             values; report the metric from a task outside the loop"
        )));
    }
    if site.task.pod().caching.as_ref().is_some_and(|c| c.enabled) {
        errors.push(at.error(format!(
            "task `{name}` is cached, and a cached run starts no container to read the metric \
             from; turn caching off for it (`.cache(false)`)"
        )));
    }
}

/// The name of the innermost loop around a task.
fn enclosing_loop<'p>(index: &Index<'p>, site: &TaskSite<'p>) -> Option<&'p str> {
    let mut group = site.parent;
    while let Some(g) = group {
        let g = &index.groups[g as usize];
        if let Group::Loop(l) = g.group {
            return Some(&l.name);
        }
        group = g.parent;
    }
    None
}

/// Capturing groups in a regular expression: `(` not escaped and not followed by `?`.
fn group_count(pattern: &str) -> usize {
    let bytes = pattern.as_bytes();
    (0..bytes.len())
        .filter(|&i| {
            bytes[i] == b'(' && (i == 0 || bytes[i - 1] != b'\\') && bytes.get(i + 1) != Some(&b'?')
        })
        .count()
}

fn counts(tuning: &Tuning, at: &Location, errors: &mut Vec<ValidationError>) {
    if tuning.max_trial_count == Some(0) {
        errors.push(
            at.then("max_trial_count").error(
                "0 trials would never run the pipeline; allow at least 1, or leave it unset",
            ),
        );
    }
    if tuning.parallel_trial_count == Some(0) {
        errors
            .push(at.then("parallel_trial_count").error(
                "0 trials at once would never run one; allow at least 1, or leave it unset",
            ));
    }
    // Grid and hyperband run out of values; the others suggest values for ever.
    let ends_by_itself = matches!(
        tuning.algorithm,
        Algorithm::Grid(_) | Algorithm::Hyperband(_)
    );
    if tuning.max_trial_count.is_none() && tuning.objective.goal.is_none() && !ends_by_itself {
        errors.push(at.then("max_trial_count").error(format!(
            "{} search with neither a trial limit nor a goal never ends; set `max_trial_count` \
             or a goal",
            a(tuning.algorithm.katib_name())
        )));
    }
    let Some(max) = tuning.max_trial_count.filter(|&m| m > 0) else {
        return;
    };
    if let Some(failed) = tuning.max_failed_trial_count.filter(|&f| f > max) {
        errors.push(at.then("max_failed_trial_count").error(format!(
            "{failed} failed trials can never happen in at most {max} trials; allow at most {max}"
        )));
    }
    if let Some(parallel) = tuning.parallel_trial_count.filter(|&p| p > max) {
        errors.push(at.then("parallel_trial_count").error(format!(
            "{parallel} trials at once is more than the {max} trials in all; allow at most {max}"
        )));
    }
}

fn algorithm(tuning: &Tuning, at: &Location, errors: &mut Vec<ValidationError>) {
    match &tuning.algorithm {
        Algorithm::Cmaes(c) => {
            let numeric = tuning
                .search_space
                .iter()
                .filter(|sp| matches!(sp.space, Space::Double(_) | Space::Int(_)))
                .count();
            if numeric < 2 {
                errors.push(at.error(format!(
                    "CMA-ES searches at least two numeric ranges together, but the search space \
                     has {numeric}; add a range or choose another algorithm such as `tpe`"
                )));
            }
            if c.sigma.is_some_and(|s| !(s.is_finite() && s > 0.0)) {
                errors.push(at.then("sigma").error("sigma must be a positive number"));
            }
        }
        Algorithm::Hyperband(h) => hyperband(tuning, h, at, errors),
        Algorithm::Grid(_) => grid(tuning, at, errors),
        _ => {}
    }
}

fn hyperband(tuning: &Tuning, h: &Hyperband, at: &Location, errors: &mut Vec<ValidationError>) {
    let resource = tuning
        .search_space
        .iter()
        .find(|sp| sp.parameter == h.resource);
    match resource {
        None => errors.push(at.then("resource").error(format!(
            "hyperband's resource `{}` is not searched; search it with an int or double range{}",
            h.resource,
            hint(
                &h.resource,
                tuning.search_space.iter().map(|sp| sp.parameter.as_str())
            )
        ))),
        Some(sp) if !matches!(sp.space, Space::Double(_) | Space::Int(_)) => {
            errors.push(at.then("resource").error(format!(
                "hyperband's resource `{}` has a {} space; it needs a numeric range",
                h.resource,
                sp.space.kind()
            )))
        }
        Some(_) => {}
    }
    if h.eta.is_some_and(|e| e < 2) {
        errors.push(
            at.then("eta")
                .error("eta must be at least 2; leave it unset for 3"),
        );
    }
    if !(h.max_resource.is_finite() && h.max_resource >= 1.0) {
        errors.push(at.then("max_resource").error(format!(
            "max_resource {} is less than 1; give the most resource one trial gets, e.g. 27 epochs",
            h.max_resource
        )));
        return;
    }
    let eta = f64::from(h.eta.unwrap_or(3).max(2));
    // Katib's first bracket runs eta^s_max trials together, s_max = ⌊log_eta(max_resource)⌋.
    let s_max = (h.max_resource.ln() / eta.ln()).floor();
    let needed = eta.powf(s_max).ceil() as u64;
    let parallel = tuning
        .parallel_trial_count
        .unwrap_or(DEFAULT_PARALLEL_TRIALS);
    if u64::from(parallel) < needed {
        errors.push(at.error(format!(
            "hyperband with max_resource {} and eta {eta} starts {needed} trials at once, but \
             parallel_trial_count is {parallel}; allow at least {needed}",
            h.max_resource
        )));
    }
}

fn grid(tuning: &Tuning, at: &Location, errors: &mut Vec<ValidationError>) {
    let mut combinations: f64 = 1.0;
    for sp in &tuning.search_space {
        match &sp.space {
            Space::Double(r) => match r.step {
                Some(s) if s > 0.0 => combinations *= ((r.max - r.min) / s + 1e-9).floor() + 1.0,
                _ => {
                    errors.push(at.error(format!(
                        "grid search tries values a step apart, but the double range of `{}` \
                         has no step; give it a step",
                        sp.parameter
                    )));
                    return;
                }
            },
            Space::Int(r) => {
                let step = r.step.unwrap_or(1).max(1);
                combinations *= ((r.max - r.min).max(0) / step + 1) as f64;
            }
            Space::Categorical(v) => combinations *= v.len() as f64,
            Space::Discrete(v) => combinations *= v.len() as f64,
        }
    }
    if let Some(max) = tuning
        .max_trial_count
        .filter(|&m| f64::from(m) > combinations)
    {
        errors.push(at.error(format!(
            "max_trial_count {max} is more than the {combinations} combinations of the grid; \
             allow at most {combinations} trials"
        )));
    }
}

/// This rule, as one look at the whole pipeline.
pub(super) const PARTS: &[Part] = &[Part::Whole(check)];

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::fixture::{for_each, node, out, param, produce, run, task_mut};
    use super::*;
    use crate::ir::{
        Caching, Cmaes, Direction, Distribution, LoopItems, MetricsFile, Pipeline, Seeded,
    };

    fn search(parameter: &str, space: Space) -> SearchParameter {
        SearchParameter {
            parameter: parameter.into(),
            space,
        }
    }

    fn double(min: f64, max: f64) -> Space {
        Space::Double(DoubleRange {
            min,
            max,
            step: None,
            distribution: None,
        })
    }

    fn int(min: i64, max: i64) -> Space {
        Space::Int(IntRange {
            min,
            max,
            step: None,
            distribution: None,
        })
    }

    /// A valid tuned pipeline: `train` reports `score`; `rate` and `rows` are searched.
    fn tuned() -> Pipeline {
        let mut p = super::super::fixture::pipeline(vec![
            produce("a"),
            node(
                "t",
                "train",
                [("data", out("a", "data")), ("rate", param("rate"))],
            ),
        ]);
        p.settings.tuning = Some(Tuning {
            objective: Objective {
                direction: Direction::Maximize,
                metric: "score".into(),
                goal: Some(0.9),
                additional_metrics: Vec::new(),
            },
            metric_from: MetricReport {
                task: "t".into(),
                source: MetricSource::Stdout,
                filters: Vec::new(),
            },
            algorithm: Algorithm::random(),
            search_space: vec![
                search("rate", double(0.001, 0.1)),
                search("rows", int(1, 100)),
            ],
            max_trial_count: Some(12),
            parallel_trial_count: Some(3),
            max_failed_trial_count: Some(3),
        });
        p
    }

    fn errors_with(edit: impl FnOnce(&mut Tuning)) -> Vec<String> {
        let mut p = tuned();
        edit(p.settings.tuning.as_mut().unwrap());
        run(check, &p)
    }

    const AT: &str = "pipeline t › settings › tuning";

    #[test]
    fn a_valid_spec_passes() {
        assert_eq!(run(check, &tuned()), Vec::<String>::new());
        assert_eq!(super::super::fixture::all(&tuned()), Vec::<String>::new());
    }

    #[test]
    fn a_searched_parameter_must_exist() {
        let e = errors_with(|t| t.search_space[0].parameter = "rat".into());
        assert_eq!(
            e,
            [format!(
                "{AT} › search rat: `rat` is not a pipeline parameter, so a trial cannot set it; \
                 did you mean `rate`?"
            )]
        );
    }

    #[test]
    fn a_space_must_fit_the_parameter_type() {
        let e = errors_with(|t| {
            t.search_space[0].space = Space::Categorical(vec!["a".into()]);
            t.search_space[1].space = double(0.0, 1.0);
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › search rate: `rate` is a float parameter, but a categorical space \
                     needs a `string` parameter; choose a space of its type"
                ),
                format!(
                    "{AT} › search rows: `rows` is an int parameter, but a double space needs a \
                     `float` parameter; choose a space of its type"
                ),
            ]
        );
    }

    #[test]
    fn discrete_values_of_an_int_parameter_are_whole() {
        let e = errors_with(|t| {
            t.search_space[1].space = Space::Discrete(vec![
                serde_json::from_value(json!(16)).unwrap(),
                serde_json::from_value(json!(16.5)).unwrap(),
            ]);
        });
        assert_eq!(
            e,
            [format!(
                "{AT} › search rows: `rows` is an int parameter, but the discrete value 16.5 is \
                 not whole; list whole numbers or declare the parameter as `float`"
            )]
        );
    }

    #[test]
    fn ranges_and_lists_are_not_empty() {
        let e = errors_with(|t| {
            t.search_space[0].space = double(0.1, 0.1);
            t.search_space[1].space = Space::Discrete(Vec::new());
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › search rate: the range from 0.1 to 0.1 is empty; make `min` smaller \
                     than `max`"
                ),
                format!("{AT} › search rows: the list of values is empty; list at least one value"),
            ]
        );
    }

    #[test]
    fn steps_distributions_and_duplicates_are_checked() {
        let e = errors_with(|t| {
            t.search_space[0].space = Space::Double(DoubleRange {
                min: 0.0,
                max: 1.0,
                step: Some(2.0),
                distribution: Some(Distribution::LogUniform),
            });
            t.search_space[1].space = Space::Int(IntRange {
                min: 1,
                max: 9,
                step: Some(0),
                distribution: None,
            });
            t.search_space.push(search(
                "label",
                Space::Categorical(vec!["x".into(), "x".into()]),
            ));
            t.search_space.push(search("rate", double(0.0, 1.0)));
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › search rate: the step 2 is larger than the range from 0 to 1; use a \
                     smaller step"
                ),
                format!(
                    "{AT} › search rate: a logarithmic distribution needs a positive range, but \
                     `min` is 0; raise `min` above 0 or draw uniformly"
                ),
                format!("{AT} › search rows: the step 0 is not positive; use a step > 0"),
                format!("{AT} › search label: the value `x` is listed twice; list each value once"),
                format!(
                    "{AT} › search rate: `rate` is searched twice; give each parameter one space"
                ),
            ]
        );
    }

    #[test]
    fn the_search_space_is_not_empty() {
        let e = errors_with(|t| t.search_space.clear());
        assert_eq!(
            e,
            [format!(
                "{AT} › search_space: the search space is empty; search at least one pipeline \
                 parameter"
            )]
        );
    }

    #[test]
    fn the_metric_task_must_exist() {
        let e = errors_with(|t| t.metric_from.task = "tt".into());
        assert_eq!(
            e,
            [format!(
                "{AT} › metric_from › task: there is no task `tt` to report the metric; did you \
                 mean `t`?"
            )]
        );
    }

    #[test]
    fn the_metric_task_runs_once_uncached() {
        let mut p = tuned();
        task_mut(&mut p, "t").pod_mut().caching = Some(Caching {
            enabled: true,
            key: None,
            max_age: None,
            config_map: None,
        });
        let body = vec![produce("b")];
        p.root.nodes.push(for_each(
            "for-loop-1",
            LoopItems::Static(vec![json!(1)]),
            body,
        ));
        p.settings.tuning.as_mut().unwrap().metric_from.task = "b".into();
        task_mut(&mut p, "t").pod_mut().caching = None;
        assert_eq!(
            run(check, &p),
            [format!(
                "{AT} › metric_from › task: task `b` runs once per item of loop `for-loop-1`, so \
                 a trial would report several values; report the metric from a task outside the \
                 loop"
            )]
        );
        p.settings.tuning.as_mut().unwrap().metric_from.task = "t".into();
        task_mut(&mut p, "t").pod_mut().caching = Some(Caching {
            enabled: true,
            key: None,
            max_age: None,
            config_map: None,
        });
        assert_eq!(
            run(check, &p),
            [format!(
                "{AT} › metric_from › task: task `t` is cached, and a cached run starts no \
                 container to read the metric from; turn caching off for it (`.cache(false)`)"
            )]
        );
    }

    #[test]
    fn metric_names_and_files_are_checked() {
        let e = errors_with(|t| {
            t.objective.additional_metrics = vec!["score".into(), "top 5".into()];
            t.objective.goal = Some(f64::NAN);
            t.metric_from.source = MetricSource::File(MetricsFile {
                path: "metrics.json".into(),
                format: crate::ir::MetricsFormat::Json,
            });
            t.metric_from.filters = vec!["(\\w+)=".into()];
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › objective › additional_metrics: the metric `score` is named twice; \
                     list each metric once, and not the objective's among the additional ones"
                ),
                format!("{AT} › objective › goal: the goal must be a finite number"),
                format!(
                    "{AT} › metric_from › source: the metrics file `metrics.json` is not an \
                     absolute path; give the full path in the task's container, e.g. \
                     `/var/log/metrics.txt`"
                ),
                format!(
                    "{AT} › metric_from › filters: filters read text lines, but the metrics file \
                     is JSON; remove the filters or write a text file"
                ),
                format!(
                    "{AT} › metric_from › filters: the filter `(\\w+)=` needs two groups, the \
                     metric's name and then its value, e.g. `([\\w-]+)=([-+]?\\d*\\.?\\d+)`"
                ),
            ]
        );
        let e = errors_with(|t| t.objective.additional_metrics = vec!["top 5".into()]);
        assert_eq!(
            e,
            [format!(
                "{AT} › objective › additional_metrics: the metric name `top 5` has characters a \
                 `name=value` line cannot carry; use letters, digits, `_` and `-`, or give \
                 filters that read it"
            )]
        );
    }

    #[test]
    fn trial_counts_can_be_met() {
        let e = errors_with(|t| {
            t.max_trial_count = Some(2);
            t.parallel_trial_count = Some(3);
            t.max_failed_trial_count = Some(4);
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › max_failed_trial_count: 4 failed trials can never happen in at most \
                     2 trials; allow at most 2"
                ),
                format!(
                    "{AT} › parallel_trial_count: 3 trials at once is more than the 2 trials in \
                     all; allow at most 2"
                ),
            ]
        );
        let e = errors_with(|t| {
            t.max_trial_count = Some(0);
            t.parallel_trial_count = Some(0);
        });
        assert_eq!(e.len(), 2, "{e:?}");
        assert!(e[0].contains("max_trial_count: 0 trials"), "{e:?}");
    }

    #[test]
    fn an_endless_search_is_an_error() {
        let e = errors_with(|t| {
            t.max_trial_count = None;
            t.objective.goal = None;
        });
        assert_eq!(
            e,
            [format!(
                "{AT} › max_trial_count: a random search with neither a trial limit nor a goal \
                 never ends; set `max_trial_count` or a goal"
            )]
        );
        let e = errors_with(|t| {
            t.max_trial_count = None;
            t.objective.goal = None;
            t.algorithm = Algorithm::hyperband("rows", 3.0);
        });
        assert_eq!(e, Vec::<String>::new());
    }

    #[test]
    fn cmaes_needs_two_numeric_ranges() {
        let e = errors_with(|t| {
            t.search_space.pop();
            t.algorithm = Algorithm::Cmaes(Cmaes {
                sigma: Some(-1.0),
                ..Cmaes::default()
            });
        });
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › algorithm: CMA-ES searches at least two numeric ranges together, but \
                     the search space has 1; add a range or choose another algorithm such as `tpe`"
                ),
                format!("{AT} › algorithm › sigma: sigma must be a positive number"),
            ]
        );
    }

    #[test]
    fn grid_needs_steps_and_enough_combinations() {
        let e = errors_with(|t| t.algorithm = Algorithm::Grid(Seeded::default()));
        assert_eq!(
            e,
            [format!(
                "{AT} › algorithm: grid search tries values a step apart, but the double range \
                 of `rate` has no step; give it a step"
            )]
        );
        let e = errors_with(|t| {
            t.algorithm = Algorithm::grid();
            t.search_space = vec![
                search(
                    "rate",
                    Space::Double(DoubleRange {
                        min: 0.1,
                        max: 0.3,
                        step: Some(0.1),
                        distribution: None,
                    }),
                ),
                search("rows", int(1, 3)),
            ];
            t.max_trial_count = Some(10);
        });
        assert_eq!(
            e,
            [format!(
                "{AT} › algorithm: max_trial_count 10 is more than the 9 combinations of the \
                 grid; allow at most 9 trials"
            )]
        );
    }

    #[test]
    fn hyperband_resource_eta_and_parallelism() {
        let e = errors_with(|t| t.algorithm = Algorithm::hyperband("row", 9.0));
        assert_eq!(
            e,
            [
                format!(
                    "{AT} › algorithm › resource: hyperband's resource `row` is not searched; \
                     search it with an int or double range; did you mean `rows`?"
                ),
                format!(
                    "{AT} › algorithm: hyperband with max_resource 9 and eta 3 starts 9 trials \
                     at once, but parallel_trial_count is 3; allow at least 9"
                ),
            ]
        );
        let e = errors_with(|t| {
            t.algorithm = Algorithm::Hyperband(Hyperband {
                resource: "rows".into(),
                max_resource: 0.5,
                eta: Some(1),
            })
        });
        assert_eq!(
            e,
            [
                format!("{AT} › algorithm › eta: eta must be at least 2; leave it unset for 3"),
                format!(
                    "{AT} › algorithm › max_resource: max_resource 0.5 is less than 1; give the \
                     most resource one trial gets, e.g. 27 epochs"
                ),
            ]
        );
        let e = errors_with(|t| {
            t.algorithm = Algorithm::hyperband("rows", 9.0);
            t.parallel_trial_count = Some(9);
        });
        assert_eq!(e, Vec::<String>::new());
    }
}
