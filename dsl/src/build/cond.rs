//! Conditions built from parameter comparisons.

use crate::ir::Expr;

/// A condition for [`when`](crate::when): a comparison of parameters, or several joined with
/// [`Cond::and`], [`Cond::or`] and `!`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cond(pub(crate) Expr);

impl Cond {
    /// Both hold.
    pub fn and(self, other: Cond) -> Cond {
        Cond(Expr::And(vec![self.0, other.0]))
    }

    /// At least one holds.
    pub fn or(self, other: Cond) -> Cond {
        Cond(Expr::Or(vec![self.0, other.0]))
    }

    /// The IR expression.
    pub fn expr(&self) -> &Expr {
        &self.0
    }
}

impl std::ops::Not for Cond {
    type Output = Cond;
    fn not(self) -> Cond {
        Cond(Expr::Not(Box::new(self.0)))
    }
}
