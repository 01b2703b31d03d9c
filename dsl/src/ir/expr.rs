//! Boolean expressions for conditions: typed comparisons joined by and/or/not.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Argument;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator as written in Argo's `when` and in KFP's CEL.
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// Whether the operator needs ordered operands (numbers), as `<` does.
    pub fn is_ordering(self) -> bool {
        !matches!(self, CmpOp::Eq | CmpOp::Ne)
    }
}

/// A condition on parameter values.
///
/// ```
/// use pipec_dsl::ir::{Argument, CmpOp, Expr};
/// let e = Expr::Compare {
///     op: CmpOp::Lt,
///     left: Argument::Parameter("score".into()),
///     right: Argument::Constant(0.5.into()),
/// };
/// let json = serde_json::to_string(&e).unwrap();
/// assert!(json.starts_with(r#"{"compare":"#));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expr {
    /// `left op right`.
    Compare {
        /// The operator.
        op: CmpOp,
        /// The left operand.
        left: Argument,
        /// The right operand.
        right: Argument,
    },
    /// All of these hold.
    And(Vec<Expr>),
    /// At least one of these holds.
    Or(Vec<Expr>),
    /// This does not hold.
    Not(Box<Expr>),
}

impl Expr {
    /// Every operand in the expression, left to right.
    pub fn operands(&self) -> Vec<&Argument> {
        let mut out = Vec::new();
        self.for_each_operand(&mut |a| out.push(a));
        out
    }

    /// Call `f` on every operand, left to right, without building a list (conditions are walked
    /// once per task and branch when compiling large pipelines).
    pub fn for_each_operand<'a>(&'a self, f: &mut impl FnMut(&'a Argument)) {
        let _ = self.try_for_each_operand(&mut |a| {
            f(a);
            Ok::<(), std::convert::Infallible>(())
        });
    }

    /// [`Expr::for_each_operand`], stopping at the first error `f` returns.
    pub fn try_for_each_operand<'a, E>(
        &'a self,
        f: &mut impl FnMut(&'a Argument) -> Result<(), E>,
    ) -> Result<(), E> {
        match self {
            Expr::Compare { left, right, .. } => {
                f(left)?;
                f(right)
            }
            Expr::And(items) | Expr::Or(items) => {
                items.iter().try_for_each(|e| e.try_for_each_operand(f))
            }
            Expr::Not(inner) => inner.try_for_each_operand(f),
        }
    }
}
