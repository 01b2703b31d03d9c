//! Tuning from inside a pipeline body: which parameters a Katib Experiment searches, the metric it
//! optimises and the task that reports it.
//!
//! ```ignore
//! tune(
//!     Tuning::maximize("accuracy")
//!         .goal(0.95)
//!         .metric_from(&eval, MetricSource::Stdout)
//!         .search(learning_rate, Space::double(0.001, 0.1).log_uniform())
//!         .search(epochs, Space::int(5, 20))
//!         .search(batch_size, Space::discrete([16, 32, 64]))
//!         .algorithm(Algorithm::tpe())
//!         .max_trials(12)
//!         .parallel_trials(3),
//! );
//! ```
//!
//! A space is typed by the parameter it searches: a double range only fits a `Param<f64>`, an int
//! range a `Param<i64>`, a categorical list a `Param<String>`, so a mismatch fails to compile.

use std::marker::PhantomData;

use crate::build::{Task, with_builder};
use crate::handle::{Numeric, Param, ParamValue};
use crate::ir::{self, Algorithm, Argument, Direction, Distribution, MetricSource};

/// The values a `Param<T>` is searched over.
///
/// ```
/// use pipec_dsl::prelude::*;
/// fn spec(rate: Param<f64>, epochs: Param<i64>, optimizer: Param<String>) -> Tuning {
///     Tuning::maximize("accuracy")
///         .search(rate, Space::double(0.001, 0.1).log_uniform())
///         .search(epochs, Space::int(1, 10))
///         .search(optimizer, Space::categorical(["adam", "sgd"]))
/// }
/// ```
///
/// A space of another type than the parameter's does not compile:
///
/// ```compile_fail
/// use pipec_dsl::prelude::*;
/// fn spec(epochs: Param<i64>) -> Tuning {
///     Tuning::maximize("accuracy").search(epochs, Space::double(0.0, 1.0))
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Space<T> {
    space: ir::Space,
    problem: Option<String>,
    _type: PhantomData<fn() -> T>,
}

impl<T> Space<T> {
    fn new(space: ir::Space) -> Self {
        Space {
            space,
            problem: None,
            _type: PhantomData,
        }
    }

    fn set_distribution(mut self, d: Distribution) -> Self {
        match &mut self.space {
            ir::Space::Double(r) => r.distribution = Some(d),
            ir::Space::Int(r) => r.distribution = Some(d),
            ir::Space::Categorical(_) | ir::Space::Discrete(_) => {}
        }
        self
    }
}

impl Space<f64> {
    /// Real numbers from `min` to `max`.
    pub fn double(min: f64, max: f64) -> Self {
        Space::new(ir::Space::Double(ir::DoubleRange {
            min,
            max,
            step: None,
            distribution: None,
        }))
    }

    /// Only values `min + k·step` (grid search needs a step).
    pub fn step(mut self, step: f64) -> Self {
        if let ir::Space::Double(r) = &mut self.space {
            r.step = Some(step);
        }
        self
    }
}

impl Space<i64> {
    /// Whole numbers from `min` to `max`.
    pub fn int(min: i64, max: i64) -> Self {
        Space::new(ir::Space::Int(ir::IntRange {
            min,
            max,
            step: None,
            distribution: None,
        }))
    }

    /// Only values `min + k·step`.
    pub fn step(mut self, step: i64) -> Self {
        if let ir::Space::Int(r) = &mut self.space {
            r.step = Some(step);
        }
        self
    }
}

impl<T: Numeric> Space<T> {
    /// Draw values with a uniform logarithm (learning rates, regularisation strengths).
    pub fn log_uniform(self) -> Self {
        self.set_distribution(Distribution::LogUniform)
    }

    /// Draw values with this distribution.
    pub fn distribution(self, d: Distribution) -> Self {
        self.set_distribution(d)
    }

    /// One of these numbers.
    pub fn discrete(values: impl IntoIterator<Item = T>) -> Self {
        let mut problem = None;
        let numbers = values
            .into_iter()
            .filter_map(|v| match v.to_json() {
                serde_json::Value::Number(n) => Some(n),
                other => {
                    problem = Some(format!("the discrete value {other} is not a finite number"));
                    None
                }
            })
            .collect();
        Space {
            problem,
            ..Space::new(ir::Space::Discrete(numbers))
        }
    }
}

impl Space<String> {
    /// One of these strings.
    pub fn categorical<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Space::new(ir::Space::Categorical(
            values.into_iter().map(Into::into).collect(),
        ))
    }
}

/// A tuning spec under construction; record it with [`tune`].
#[derive(Debug, Clone)]
pub struct Tuning {
    objective: ir::Objective,
    metric_from: Option<ir::MetricReport>,
    filters: Vec<String>,
    algorithm: Algorithm,
    search_space: Vec<ir::SearchParameter>,
    max_trial_count: Option<u32>,
    parallel_trial_count: Option<u32>,
    max_failed_trial_count: Option<u32>,
    problems: Vec<String>,
}

impl Tuning {
    fn new(direction: Direction, metric: &str) -> Self {
        Tuning {
            objective: ir::Objective {
                direction,
                metric: metric.to_string(),
                goal: None,
                additional_metrics: Vec::new(),
            },
            metric_from: None,
            filters: Vec::new(),
            algorithm: Algorithm::random(),
            search_space: Vec::new(),
            max_trial_count: None,
            parallel_trial_count: None,
            max_failed_trial_count: None,
            problems: Vec::new(),
        }
    }

    /// Search for the largest value of `metric`.
    pub fn maximize(metric: &str) -> Self {
        Tuning::new(Direction::Maximize, metric)
    }

    /// Search for the smallest value of `metric`.
    pub fn minimize(metric: &str) -> Self {
        Tuning::new(Direction::Minimize, metric)
    }

    /// Stop as soon as a trial reaches `goal`.
    pub fn goal(mut self, goal: f64) -> Self {
        self.objective.goal = Some(goal);
        self
    }

    /// Record another metric of each trial.
    pub fn also_record(mut self, metric: &str) -> Self {
        self.objective.additional_metrics.push(metric.to_string());
        self
    }

    /// The task that reports the metrics, and where it writes them.
    pub fn metric_from<O>(mut self, task: &Task<O>, source: MetricSource) -> Self {
        self.metric_from = Some(ir::MetricReport {
            task: task.name().to_string(),
            source,
            filters: Vec::new(),
        });
        self
    }

    /// Read metrics from text lines with this regular expression, whose two groups are the name
    /// and the value (instead of `name=value`).
    pub fn filter(mut self, regex: &str) -> Self {
        self.filters.push(regex.to_string());
        self
    }

    /// Search the pipeline parameter `param` over `space`.
    pub fn search<T: ParamValue>(mut self, param: Param<T>, space: Space<T>) -> Self {
        let Argument::Parameter(name) = param.argument() else {
            self.problems.push(format!(
                "tune: only pipeline parameters can be searched, not {:?}",
                param.argument()
            ));
            return self;
        };
        if let Some(problem) = space.problem {
            self.problems
                .push(format!("tune: the space of `{name}`: {problem}"));
        }
        self.search_space.push(ir::SearchParameter {
            parameter: name,
            space: space.space,
        });
        self
    }

    /// The search algorithm (random search when unset).
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Hyperband, giving the searched parameter `resource` (e.g. epochs) at most `max_resource`.
    pub fn hyperband<T: Numeric>(self, resource: Param<T>, max_resource: f64) -> Self {
        let name = match resource.argument() {
            Argument::Parameter(name) => name,
            other => format!("{other:?}"),
        };
        self.algorithm(Algorithm::hyperband(name, max_resource))
    }

    /// Stop after this many trials.
    pub fn max_trials(mut self, count: u32) -> Self {
        self.max_trial_count = Some(count);
        self
    }

    /// Run at most this many trials at once.
    pub fn parallel_trials(mut self, count: u32) -> Self {
        self.parallel_trial_count = Some(count);
        self
    }

    /// Give up after this many failed trials.
    pub fn max_failed_trials(mut self, count: u32) -> Self {
        self.max_failed_trial_count = Some(count);
        self
    }

    /// The IR, or what is missing.
    fn finish(self) -> Result<ir::Tuning, Vec<String>> {
        let mut problems = self.problems;
        let Some(mut metric_from) = self.metric_from else {
            problems.push(format!(
                "tune: say which task reports `{}`, e.g. `.metric_from(&evaluate, \
                 MetricSource::Stdout)`",
                self.objective.metric
            ));
            return Err(problems);
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        metric_from.filters = self.filters;
        Ok(ir::Tuning {
            objective: self.objective,
            metric_from,
            algorithm: self.algorithm,
            search_space: self.search_space,
            max_trial_count: self.max_trial_count,
            parallel_trial_count: self.parallel_trial_count,
            max_failed_trial_count: self.max_failed_trial_count,
        })
    }
}

/// Tune the pipeline under construction: compiled with `--target katib`, it becomes a Katib
/// Experiment that runs the pipeline once per trial with the searched parameters set.
pub fn tune(tuning: Tuning) {
    let result = tuning.finish();
    with_builder(|b| match result {
        Ok(_) if b.pipeline.settings.tuning.is_some() => b
            .problems
            .push("tune: the pipeline is tuned twice; call `tune` once".to_string()),
        Ok(t) => b.pipeline.settings.tuning = Some(t),
        Err(problems) => b.problems.extend(problems),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build_pipeline;
    use crate::ir::Pipeline;

    /// Build a pipeline with parameters `rate: float`, `epochs: int`, `optimizer: string`, or its
    /// build error as text.
    fn pipeline_with(
        body: impl FnOnce(Param<f64>, Param<i64>, Param<String>),
    ) -> Result<Pipeline, String> {
        let mut p = Pipeline::new("t");
        for (name, ty) in [
            ("rate", ir::ParamType::Float),
            ("epochs", ir::ParamType::Int),
            ("optimizer", ir::ParamType::String),
        ] {
            p.parameters.push(ir::Parameter {
                name: name.into(),
                ty,
                default: None,
                description: None,
            });
        }
        let param = |n: &str| Argument::Parameter(n.into());
        build_pipeline(p, || {
            body(
                Param::from_argument(param("rate")),
                Param::from_argument(param("epochs")),
                Param::from_argument(param("optimizer")),
            )
        })
        .map_err(|e| e.to_string())
    }

    fn task() -> Task<()> {
        Task::__new("evaluate".into(), ())
    }

    #[test]
    fn tune_records_the_spec_in_the_settings() {
        let p = pipeline_with(|rate, epochs, optimizer| {
            tune(
                Tuning::minimize("loss")
                    .goal(0.1)
                    .also_record("accuracy")
                    .metric_from(&task(), MetricSource::text_file("/tmp/m.txt"))
                    .filter(r"(\w+):\s*(\d+\.\d+)")
                    .search(rate, Space::double(0.001, 0.1).log_uniform())
                    .search(epochs, Space::int(1, 9).step(2))
                    .search(optimizer, Space::categorical(["adam", "sgd"]))
                    .algorithm(Algorithm::tpe())
                    .max_trials(8)
                    .parallel_trials(2)
                    .max_failed_trials(1),
            );
        })
        .unwrap();
        let t = p.settings.tuning.expect("recorded");
        assert_eq!(t.objective.direction, Direction::Minimize);
        assert_eq!(t.objective.additional_metrics, ["accuracy"]);
        assert_eq!(t.metric_from.task, "evaluate");
        assert_eq!(t.metric_from.filters.len(), 1);
        let names: Vec<&str> = t
            .search_space
            .iter()
            .map(|s| s.parameter.as_str())
            .collect();
        assert_eq!(names, ["rate", "epochs", "optimizer"]);
        assert!(matches!(
            &t.search_space[0].space,
            ir::Space::Double(r) if r.distribution == Some(Distribution::LogUniform)
        ));
        assert!(matches!(&t.search_space[1].space, ir::Space::Int(r) if r.step == Some(2)));
        assert_eq!(t.algorithm, Algorithm::tpe());
        assert_eq!(
            (
                t.max_trial_count,
                t.parallel_trial_count,
                t.max_failed_trial_count
            ),
            (Some(8), Some(2), Some(1))
        );
    }

    #[test]
    fn discrete_values_keep_their_type() {
        let p = pipeline_with(|_, epochs, _| {
            tune(
                Tuning::maximize("accuracy")
                    .metric_from(&task(), MetricSource::Stdout)
                    .search(epochs, Space::discrete([16, 32])),
            );
        })
        .unwrap();
        let t = p.settings.tuning.expect("recorded");
        assert_eq!(
            serde_json::to_string(&t.search_space[0].space).unwrap(),
            r#"{"discrete":[16,32]}"#
        );
    }

    #[test]
    fn a_missing_metric_task_is_a_build_error() {
        let p = pipeline_with(|rate, _, _| {
            tune(Tuning::maximize("accuracy").search(rate, Space::double(0.0, 1.0)));
        })
        .unwrap_err();
        assert!(p.contains("say which task reports `accuracy`"), "{p}");
    }

    #[test]
    fn only_pipeline_parameters_can_be_searched() {
        let p = pipeline_with(|_, _, _| {
            tune(
                Tuning::maximize("accuracy")
                    .metric_from(&task(), MetricSource::Stdout)
                    .search(Param::constant(0.5), Space::double(0.0, 1.0)),
            );
        })
        .unwrap_err();
        assert!(p.contains("only pipeline parameters"), "{p}");
    }

    #[test]
    fn tuning_twice_is_a_build_error() {
        let p = pipeline_with(|rate, _, _| {
            let t = Tuning::maximize("a")
                .metric_from(&task(), MetricSource::Stdout)
                .search(rate, Space::double(0.0, 1.0));
            tune(t.clone());
            tune(t);
        })
        .unwrap_err();
        assert!(p.contains("tuned twice"), "{p}");
    }

    #[test]
    fn hyperband_names_the_resource_parameter() {
        let p = pipeline_with(|_, epochs, _| {
            tune(
                Tuning::maximize("a")
                    .metric_from(&task(), MetricSource::Stdout)
                    .search(epochs, Space::int(1, 27))
                    .hyperband(epochs, 27.0),
            );
        })
        .unwrap();
        let t = p.settings.tuning.expect("recorded");
        assert_eq!(t.algorithm, Algorithm::hyperband("epochs", 27.0));
    }
}
