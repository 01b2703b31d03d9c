//! Conditions as Argo `when` expressions (govaluate, evaluated after `{{…}}` substitution).
//!
//! After substitution a string is bare text, so strings are single-quoted on both sides
//! (`'{{tasks.flip.outputs.parameters.side}}' == 'heads'`), while numbers and booleans stay bare so
//! that `<` compares numbers. An `else if` holds when its own condition holds and no earlier one
//! does; an `else` when none does.

use pipec_dsl::ir::{Branch, Expr, ParamType};

/// One operand, ready to print.
#[derive(Debug, Clone)]
pub(super) enum Operand {
    /// A literal from the IR.
    Constant(serde_json::Value),
    /// A `{{…}}` reference and the type of what it holds, when known.
    Reference(String, Option<ParamType>),
}

impl Operand {
    fn ty(&self) -> Option<ParamType> {
        match self {
            Operand::Constant(v) => constant_type(v),
            Operand::Reference(_, ty) => *ty,
        }
    }

    fn render(&self, quoted: bool) -> String {
        let text = match self {
            Operand::Constant(serde_json::Value::String(s)) => s.clone(),
            Operand::Constant(v) => v.to_string(),
            Operand::Reference(r, _) => r.clone(),
        };
        if quoted { quote(&text) } else { text }
    }
}

/// The parameter type of a literal.
pub(super) fn constant_type(v: &serde_json::Value) -> Option<ParamType> {
    use serde_json::Value as J;
    Some(match v {
        J::String(_) => ParamType::String,
        J::Bool(_) => ParamType::Bool,
        J::Number(n) if n.is_i64() || n.is_u64() => ParamType::Int,
        J::Number(_) => ParamType::Float,
        J::Array(_) => ParamType::List,
        J::Object(_) => ParamType::Struct,
        J::Null => return None,
    })
}

/// A govaluate string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The `when` of branch `index` of a condition; `None` when it always runs (a lone `else`).
/// `operand` turns each IR operand into an [`Operand`] for the scope of the condition.
pub(super) fn branch_when<E>(
    branches: &[Branch],
    index: usize,
    operand: &mut impl FnMut(&pipec_dsl::ir::Argument) -> Result<Operand, E>,
) -> Result<Option<String>, E> {
    let mut parts = Vec::new();
    for earlier in &branches[..index] {
        if let Some(e) = &earlier.when {
            parts.push(format!("!({})", render(e, operand, 0)?));
        }
    }
    if let Some(e) = &branches[index].when {
        let own = render(e, operand, 0)?;
        parts.push(if parts.is_empty() {
            own
        } else {
            format!("({own})")
        });
    }
    Ok((!parts.is_empty()).then(|| parts.join(" && ")))
}

/// Precedence: `||` 1, `&&` 2, comparisons 3. A sub-expression binding looser than its context
/// is parenthesised.
fn render<E>(
    e: &Expr,
    operand: &mut impl FnMut(&pipec_dsl::ir::Argument) -> Result<Operand, E>,
    context: u8,
) -> Result<String, E> {
    let (text, prec) = match e {
        Expr::Compare { op, left, right } => {
            let (l, r) = (operand(left)?, operand(right)?);
            let ty = l.ty().or(r.ty());
            let bare = matches!(
                ty,
                Some(ParamType::Int | ParamType::Float | ParamType::Bool)
            );
            let text = format!("{} {} {}", l.render(!bare), op.symbol(), r.render(!bare));
            (text, 3)
        }
        Expr::And(items) => (join(items, " && ", "true", operand, 2)?, 2),
        Expr::Or(items) => (join(items, " || ", "false", operand, 1)?, 1),
        Expr::Not(inner) => (format!("!({})", render(inner, operand, 0)?), 4),
    };
    Ok(if prec < context {
        format!("({text})")
    } else {
        text
    })
}

fn join<E>(
    items: &[Expr],
    sep: &str,
    empty: &str,
    operand: &mut impl FnMut(&pipec_dsl::ir::Argument) -> Result<Operand, E>,
    prec: u8,
) -> Result<String, E> {
    if items.is_empty() {
        return Ok(empty.to_string());
    }
    let parts = items
        .iter()
        .map(|i| render(i, operand, prec + 1))
        .collect::<Result<Vec<_>, E>>()?;
    Ok(parts.join(sep))
}

#[cfg(test)]
mod tests {
    use pipec_dsl::ir::{Argument, CmpOp, Dag};
    use serde_json::json;

    use super::*;

    fn cmp(op: CmpOp, param: &str, value: serde_json::Value) -> Expr {
        Expr::Compare {
            op,
            left: Argument::Parameter(param.into()),
            right: Argument::Constant(value),
        }
    }

    fn lookup(a: &Argument) -> Result<Operand, ()> {
        match a {
            Argument::Parameter(p) if p == "side" => Ok(Operand::Reference(
                "{{workflow.parameters.side}}".into(),
                Some(ParamType::String),
            )),
            Argument::Parameter(p) => Ok(Operand::Reference(
                format!("{{{{workflow.parameters.{p}}}}}"),
                None,
            )),
            Argument::Constant(v) => Ok(Operand::Constant(v.clone())),
            _ => Err(()),
        }
    }

    fn branch(when: Option<Expr>) -> Branch {
        Branch {
            name: "b".into(),
            when,
            body: Dag::default(),
        }
    }

    #[test]
    fn strings_are_quoted_and_numbers_bare() {
        let bs = [
            branch(Some(cmp(CmpOp::Eq, "side", json!("it's")))),
            branch(Some(cmp(CmpOp::Lt, "score", json!(0.5)))),
            branch(None),
        ];
        let w = |i| branch_when(&bs, i, &mut lookup).unwrap();
        assert_eq!(w(0).unwrap(), r"'{{workflow.parameters.side}}' == 'it\'s'");
        assert_eq!(
            w(1).unwrap(),
            r"!('{{workflow.parameters.side}}' == 'it\'s') && ({{workflow.parameters.score}} < 0.5)"
        );
        assert!(
            w(2).unwrap()
                .starts_with("!('{{workflow.parameters.side}}'")
        );
        assert_eq!(branch_when(&[branch(None)], 0, &mut lookup).unwrap(), None);
    }

    #[test]
    fn nested_logic_is_parenthesised() {
        let e = Expr::And(vec![
            Expr::Or(vec![
                cmp(CmpOp::Gt, "a", json!(1)),
                cmp(CmpOp::Eq, "b", json!(true)),
            ]),
            Expr::Not(Box::new(cmp(CmpOp::Ne, "side", json!("x")))),
        ]);
        let text = branch_when(&[branch(Some(e))], 0, &mut lookup)
            .unwrap()
            .unwrap();
        assert_eq!(
            text,
            "({{workflow.parameters.a}} > 1 || {{workflow.parameters.b}} == true) \
             && !('{{workflow.parameters.side}}' != 'x')"
        );
    }
}
