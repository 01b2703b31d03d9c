//! Tuning: search some of a pipeline's parameters for the values that optimise a metric one task
//! reports. The Katib backend turns it into an `Experiment` whose trials run the pipeline.
//!
//! ```
//! use pipec_dsl::ir::Tuning;
//! let yaml = r#"{
//!   "objective": {"direction": "maximize", "metric": "accuracy"},
//!   "metric_from": {"task": "evaluate", "source": "stdout"},
//!   "algorithm": {"random": {}},
//!   "search_space": [{"parameter": "rate", "space": {"double": {"min": 0.001, "max": 0.1}}}]
//! }"#;
//! let t: Tuning = serde_json::from_str(yaml).unwrap();
//! assert_eq!(t.objective.metric, "accuracy");
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a pipeline is tuned: which parameters are searched, what is optimised, by which
/// algorithm, and how many trials run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tuning {
    /// What to optimise.
    pub objective: Objective,
    /// Which task reports the metrics, and how.
    pub metric_from: MetricReport,
    /// How the next values are chosen.
    pub algorithm: Algorithm,
    /// The searched pipeline parameters, in order.
    pub search_space: Vec<SearchParameter>,
    /// Stop after this many trials succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_trial_count: Option<u32>,
    /// At most this many trials at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parallel_trial_count: Option<u32>,
    /// Fail the whole search after this many failed trials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_failed_trial_count: Option<u32>,
}

/// The metric to optimise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Whether larger or smaller is better.
    pub direction: Direction,
    /// The metric's name, as the task reports it (`accuracy` for `accuracy=0.93`).
    pub metric: String,
    /// Stop as soon as a trial reaches this value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goal: Option<f64>,
    /// Other metrics to record for each trial.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_metrics: Vec<String>,
}

/// Whether a metric should be made as large or as small as possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Larger is better (accuracy).
    Maximize,
    /// Smaller is better (loss).
    Minimize,
}

/// The task whose run reports the metrics, and where it writes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricReport {
    /// The task's name.
    pub task: String,
    /// Where the metrics are read from.
    pub source: MetricSource,
    /// Regular expressions that read one metric from a line of text, each with two groups: the
    /// name, then the value. Empty reads `name=value` lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<String>,
}

/// Where a task writes its metrics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum MetricSource {
    /// Lines `name=value` on standard output (and standard error).
    Stdout,
    /// A file the task writes.
    File(MetricsFile),
}

impl MetricSource {
    /// A text file of `name=value` lines at `path`.
    pub fn text_file(path: impl Into<String>) -> Self {
        MetricSource::File(MetricsFile {
            path: path.into(),
            format: MetricsFormat::Text,
        })
    }

    /// A JSON-lines file at `path`, one `{"metric name": "value", …}` object per line.
    pub fn json_file(path: impl Into<String>) -> Self {
        MetricSource::File(MetricsFile {
            path: path.into(),
            format: MetricsFormat::Json,
        })
    }
}

/// A metrics file in the task's container.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MetricsFile {
    /// The file's absolute path.
    pub path: String,
    /// How it is written.
    pub format: MetricsFormat,
}

/// How a metrics file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MetricsFormat {
    /// Lines of text, `name=value` or as the filters say.
    Text,
    /// JSON lines.
    Json,
}

/// One searched pipeline parameter and the values it may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchParameter {
    /// The pipeline parameter's name.
    pub parameter: String,
    /// The values tried.
    pub space: Space,
}

/// The values a searched parameter may take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Space {
    /// Real numbers between two bounds (a `float` parameter).
    Double(DoubleRange),
    /// Whole numbers between two bounds (an `int` or `float` parameter).
    Int(IntRange),
    /// One of these strings (a `string` parameter).
    Categorical(Vec<String>),
    /// One of these numbers (an `int` or `float` parameter).
    Discrete(Vec<serde_json::Number>),
}

impl Space {
    /// The word Katib uses for the kind of space: `double`, `int`, `categorical`, `discrete`.
    pub fn kind(&self) -> &'static str {
        match self {
            Space::Double(_) => "double",
            Space::Int(_) => "int",
            Space::Categorical(_) => "categorical",
            Space::Discrete(_) => "discrete",
        }
    }
}

/// A range of real numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DoubleRange {
    /// The smallest value.
    pub min: f64,
    /// The largest value.
    pub max: f64,
    /// Only values `min + k·step` (needed by grid search).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// How values are drawn; uniform when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// A range of whole numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntRange {
    /// The smallest value.
    pub min: i64,
    /// The largest value.
    pub max: i64,
    /// Only values `min + k·step`; 1 when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<i64>,
    /// How values are drawn; uniform when unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<Distribution>,
}

/// How values of a range are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Every value equally likely.
    Uniform,
    /// The logarithm uniform: as many values between 0.001 and 0.01 as between 0.01 and 0.1.
    LogUniform,
    /// Normally distributed around the middle of the range.
    Normal,
    /// The logarithm normally distributed.
    LogNormal,
}

impl Distribution {
    /// Whether values are drawn on a log scale, which needs a positive range.
    pub fn is_logarithmic(self) -> bool {
        matches!(self, Distribution::LogUniform | Distribution::LogNormal)
    }
}

/// The search algorithm and its settings. Unset settings keep the algorithm's defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Algorithm {
    /// Random search.
    Random(Seeded),
    /// Every combination of the values (double ranges need a step).
    Grid(Seeded),
    /// Bayesian optimisation with a surrogate model (scikit-optimize).
    BayesianOptimization(BayesianOptimization),
    /// Tree-structured Parzen estimators, one dimension at a time (Optuna).
    Tpe(Tpe),
    /// Tree-structured Parzen estimators over all dimensions together (Optuna).
    MultivariateTpe(Tpe),
    /// Covariance matrix adaptation (Optuna); needs at least two numeric parameters.
    Cmaes(Cmaes),
    /// Hyperband: many short trials, the best continued with more of a resource such as epochs.
    Hyperband(Hyperband),
}

impl Algorithm {
    /// Random search.
    pub fn random() -> Self {
        Algorithm::Random(Seeded::default())
    }

    /// Grid search.
    pub fn grid() -> Self {
        Algorithm::Grid(Seeded::default())
    }

    /// Bayesian optimisation with default settings.
    pub fn bayesian_optimization() -> Self {
        Algorithm::BayesianOptimization(BayesianOptimization::default())
    }

    /// TPE with default settings.
    pub fn tpe() -> Self {
        Algorithm::Tpe(Tpe::default())
    }

    /// Multivariate TPE with default settings.
    pub fn multivariate_tpe() -> Self {
        Algorithm::MultivariateTpe(Tpe::default())
    }

    /// CMA-ES with default settings.
    pub fn cmaes() -> Self {
        Algorithm::Cmaes(Cmaes::default())
    }

    /// Hyperband over the searched parameter `resource` (e.g. `epochs`), up to `max_resource`.
    pub fn hyperband(resource: impl Into<String>, max_resource: f64) -> Self {
        Algorithm::Hyperband(Hyperband {
            resource: resource.into(),
            max_resource,
            eta: None,
        })
    }

    /// Katib's name for the algorithm, e.g. `bayesianoptimization`.
    pub fn katib_name(&self) -> &'static str {
        match self {
            Algorithm::Random(_) => "random",
            Algorithm::Grid(_) => "grid",
            Algorithm::BayesianOptimization(_) => "bayesianoptimization",
            Algorithm::Tpe(_) => "tpe",
            Algorithm::MultivariateTpe(_) => "multivariate-tpe",
            Algorithm::Cmaes(_) => "cmaes",
            Algorithm::Hyperband(_) => "hyperband",
        }
    }
}

/// Settings of random and grid search.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seeded {
    /// Seed of the random number generator, for repeatable searches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_state: Option<u32>,
}

/// Settings of Bayesian optimisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BayesianOptimization {
    /// The surrogate model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_estimator: Option<BaseEstimator>,
    /// Random trials before the model is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_initial_points: Option<u32>,
    /// The acquisition function.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acq_func: Option<AcquisitionFunction>,
    /// How the acquisition function is minimised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acq_optimizer: Option<AcquisitionOptimizer>,
    /// Seed of the random number generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_state: Option<u32>,
}

/// The surrogate model of Bayesian optimisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum BaseEstimator {
    /// Gaussian process.
    #[serde(rename = "GP")]
    Gp,
    /// Random forest.
    #[serde(rename = "RF")]
    Rf,
    /// Extra trees.
    #[serde(rename = "ET")]
    Et,
    /// Gradient-boosted regression trees.
    #[serde(rename = "GBRT")]
    Gbrt,
}

/// The acquisition function of Bayesian optimisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum AcquisitionFunction {
    /// A probabilistic mix of LCB, EI and PI.
    #[serde(rename = "gp_hedge")]
    GpHedge,
    /// Lower confidence bound.
    #[serde(rename = "LCB")]
    Lcb,
    /// Expected improvement.
    #[serde(rename = "EI")]
    Ei,
    /// Probability of improvement.
    #[serde(rename = "PI")]
    Pi,
    /// Expected improvement per second.
    #[serde(rename = "EIps")]
    EiPerSecond,
    /// Probability of improvement per second.
    #[serde(rename = "PIps")]
    PiPerSecond,
}

/// How Bayesian optimisation minimises its acquisition function.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AcquisitionOptimizer {
    /// Chosen from the space and the model.
    Auto,
    /// Random sampling.
    Sampling,
    /// L-BFGS-B.
    Lbfgs,
}

/// Settings of TPE.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tpe {
    /// Random trials before the estimator is used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_startup_trials: Option<u32>,
    /// Candidates scored per suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n_ei_candidates: Option<u32>,
    /// Seed of the random number generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_state: Option<u32>,
}

/// Settings of CMA-ES.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cmaes {
    /// The initial standard deviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sigma: Option<f64>,
    /// Restart with a growing population when the search stalls (IPOP-CMA-ES).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub restart_with_larger_population: bool,
    /// Seed of the random number generator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub random_state: Option<u32>,
}

/// Settings of Hyperband.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hyperband {
    /// The searched parameter that is the resource (Katib's `resource_name`), e.g. `epochs`.
    pub resource: String,
    /// The most resource one trial gets (Katib's `r_l`).
    pub max_resource: f64,
    /// The factor by which each round keeps fewer trials with more resource (3 when unset).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eta: Option<u32>,
}
