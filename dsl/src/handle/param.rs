//! Parameter handles: `Param<T>`.

use std::marker::PhantomData;

use super::{Source, lookup, register};
use crate::build::Cond;
use crate::ir::{Argument, CmpOp, Expr, ParamType};

/// A Rust type that can be a pipeline parameter: `String`, `i64`, `f64`, `bool`, `Vec<T>`, or
/// [`Json`] for structs.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a parameter type",
    label = "parameters are `String`, `i64`, `f64`, `bool`, `Vec<T>` or `Json`",
    note = "artifacts (`Dataset`, `Model`, …) are passed with `Input<A>` / `Output<A>`"
)]
pub trait ParamValue: 'static {
    /// The IR type.
    const TYPE: ParamType;
    /// The value as JSON.
    fn to_json(&self) -> serde_json::Value;
}

/// A JSON object parameter (KFP `STRUCT`), for items with fields and free-form configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub serde_json::Value);

macro_rules! param_value {
    ($($t:ty => $ty:ident),*) => {$(
        impl ParamValue for $t {
            const TYPE: ParamType = ParamType::$ty;
            fn to_json(&self) -> serde_json::Value {
                serde_json::json!(self)
            }
        }
    )*};
}
param_value!(String => String, i64 => Int, f64 => Float, bool => Bool);

impl<T: ParamValue> ParamValue for Vec<T> {
    const TYPE: ParamType = ParamType::List;
    fn to_json(&self) -> serde_json::Value {
        serde_json::Value::Array(self.iter().map(ParamValue::to_json).collect())
    }
}

impl ParamValue for Json {
    const TYPE: ParamType = ParamType::Struct;
    fn to_json(&self) -> serde_json::Value {
        self.0.clone()
    }
}

/// Parameter types that can be ordered with `<`, `<=`, `>`, `>=`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` values cannot be ordered",
    label = "only `i64` and `f64` parameters support `lt`, `le`, `gt`, `ge`",
    note = "compare strings and booleans with `eq` / `ne`"
)]
pub trait Numeric: ParamValue {}
impl Numeric for i64 {}
impl Numeric for f64 {}

/// A handle to a parameter value of type `T`: a pipeline parameter, a constant, a task's output
/// parameter, a loop item, or — inside a component body — the component's own input.
///
/// ```
/// use pipec_dsl::prelude::*;
/// let k: Param<i64> = 5.into_param();
/// let same = k; // handles are Copy
/// let _ = (k, same);
/// ```
pub struct Param<T> {
    id: u32,
    _type: PhantomData<fn() -> T>,
}

impl<T> Clone for Param<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Param<T> {}

impl<T> std::fmt::Debug for Param<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Param({:?})", lookup(self.id))
    }
}

impl<T: ParamValue> Param<T> {
    pub(crate) fn from_source(source: Source) -> Self {
        Param {
            id: register(source),
            _type: PhantomData,
        }
    }

    pub(crate) fn from_argument(argument: Argument) -> Self {
        Self::from_source(Source::Argument(argument))
    }

    /// A constant.
    pub fn constant(value: T) -> Self {
        Self::from_argument(Argument::Constant(value.to_json()))
    }

    pub(crate) fn source(&self) -> Source {
        lookup(self.id)
    }

    /// The IR argument this handle passes to a task input.
    pub fn argument(&self) -> Argument {
        match self.source() {
            Source::Argument(a) => a,
            // A component's own input used outside its body: the builder reports it when the
            // value reaches a task.
            Source::Placeholder(p) => Argument::Parameter(format!("<input {}>", p.name())),
        }
    }

    /// Inside a component body: the command-line text that becomes this input's value.
    pub fn arg(&self) -> &'static str {
        crate::build::placeholder_token(&self.source())
    }

    /// One field of an object-valued parameter (typically a loop item over objects).
    pub fn field<U: ParamValue>(&self, name: &str) -> Param<U> {
        let source = match self.argument() {
            Argument::LoopItem(mut item) => {
                item.field = Some(name.to_string());
                Argument::LoopItem(item)
            }
            other => other,
        };
        Param::from_argument(source)
    }

    fn compare(self, op: CmpOp, other: impl IntoParam<T>) -> Cond {
        Cond(Expr::Compare {
            op,
            left: self.argument(),
            right: other.into_param().argument(),
        })
    }

    /// `self == other`.
    pub fn eq(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Eq, other)
    }

    /// `self != other`.
    pub fn ne(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Ne, other)
    }
}

impl<T: Numeric> Param<T> {
    /// `self < other`.
    pub fn lt(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Lt, other)
    }

    /// `self <= other`.
    pub fn le(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Le, other)
    }

    /// `self > other`.
    pub fn gt(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Gt, other)
    }

    /// `self >= other`.
    pub fn ge(self, other: impl IntoParam<T>) -> Cond {
        self.compare(CmpOp::Ge, other)
    }
}

/// Something that can be passed where a `Param<T>` is expected: a `Param<T>` or a constant of
/// type `T`.
#[diagnostic::on_unimplemented(
    message = "expected a `Param<{T}>` or a `{T}` constant, found `{Self}`",
    label = "this is not a `{T}` parameter",
    note = "pipec checks wiring at compile time: pass a value of the type the component declares"
)]
pub trait IntoParam<T> {
    /// The handle.
    fn into_param(self) -> Param<T>;
}

impl<T: ParamValue> IntoParam<T> for Param<T> {
    fn into_param(self) -> Param<T> {
        self
    }
}

impl<T: ParamValue> IntoParam<T> for T {
    fn into_param(self) -> Param<T> {
        Param::constant(self)
    }
}

impl IntoParam<String> for &str {
    fn into_param(self) -> Param<String> {
        Param::constant(self.to_string())
    }
}

impl<T: ParamValue> IntoParam<Vec<T>> for &[T]
where
    T: Clone,
{
    fn into_param(self) -> Param<Vec<T>> {
        Param::constant(self.to_vec())
    }
}

impl IntoParam<Vec<String>> for Vec<&str> {
    fn into_param(self) -> Param<Vec<String>> {
        Param::constant(self.into_iter().map(str::to_string).collect())
    }
}

impl IntoParam<Json> for serde_json::Value {
    fn into_param(self) -> Param<Json> {
        Param::constant(Json(self))
    }
}
