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
        self.collect_operands(&mut out);
        out
    }

    fn collect_operands<'a>(&'a self, out: &mut Vec<&'a Argument>) {
        match self {
            Expr::Compare { left, right, .. } => {
                out.push(left);
                out.push(right);
            }
            Expr::And(items) | Expr::Or(items) => {
                items.iter().for_each(|e| e.collect_operands(out));
            }
            Expr::Not(inner) => inner.collect_operands(out),
        }
    }
}
