//! Conditions as Argo `when` expressions (govaluate, evaluated after `{{…}}` substitution).
//!
//! After substitution a string is bare text, so strings are single-quoted on both sides
//! (`'{{tasks.flip.outputs.parameters.side}}' == 'heads'`), while numbers and booleans stay bare so
//! that `<` compares numbers. An `else if` holds when its own condition holds and no earlier one
//! does; an `else` when none does.

use pipec_dsl::ir::{Branch, Expr, ParamType};

use super::value::Ref;

/// One operand, ready to print: a literal borrowed from the IR (`'a`) or a reference borrowing
/// its names from the scope tree (`'r`).
#[derive(Debug, Clone)]
pub(super) enum Operand<'a, 'r> {
    /// A literal from the IR.
    Constant(&'a serde_json::Value),
    /// A `{{…}}` reference and the type of what it holds, when known. It is written straight
    /// into the `when`, never as a text of its own.
    Reference(Ref<'r>, Option<ParamType>),
}

impl Operand<'_, '_> {
    fn ty(&self) -> Option<ParamType> {
        match self {
            Operand::Constant(v) => constant_type(v),
            Operand::Reference(_, ty) => *ty,
        }
    }

    /// Write the operand, single-quoted as a govaluate string when `quoted`.
    fn render(&self, quoted: bool, out: &mut String) {
        match self {
            Operand::Reference(r, _) if quoted => {
                out.push('\'');
                r.write_template_with(out, escape);
                out.push('\'');
            }
            Operand::Reference(r, _) => r.write_template(out),
            Operand::Constant(serde_json::Value::String(s)) if quoted => quote(s, out),
            Operand::Constant(serde_json::Value::String(s)) => out.push_str(s),
            Operand::Constant(v) if quoted => quote(&v.to_string(), out),
            Operand::Constant(v) => out.push_str(&v.to_string()),
        }
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

/// Write `s` as a govaluate string literal.
fn quote(s: &str, out: &mut String) {
    out.reserve(s.len() + 2);
    out.push('\'');
    escape(s, out);
    out.push('\'');
}

/// Whether `b` is a byte govaluate needs escaped in a string literal.
fn escaped(b: u8) -> bool {
    b == b'\\' || b == b'\''
}

/// Write the inside of a govaluate string literal holding `s`.
fn escape(s: &str, out: &mut String) {
    // Copy the runs between characters to escape whole: most operands have none. Both escaped
    // characters are ASCII, so a byte search finds them and never splits a character.
    let mut rest = s;
    while let Some(i) = rest.bytes().position(escaped) {
        out.push_str(&rest[..i]);
        out.push('\\');
        out.push_str(&rest[i..=i]);
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// The `when` of branch `index` of a condition; `None` when it always runs (a lone `else`).
/// `operand` turns each IR operand into an [`Operand`] for the scope of the condition.
pub(super) fn branch_when<'a, 'r, E>(
    branches: &'a [Branch],
    index: usize,
    operand: &mut impl FnMut(&'a pipec_dsl::ir::Argument) -> Result<Operand<'a, 'r>, E>,
) -> Result<Option<String>, E> {
    // Room for a comparison of a reference with a short literal, the common case.
    let mut out = String::with_capacity(64);
    for earlier in &branches[..index] {
        if let Some(e) = &earlier.when {
            if !out.is_empty() {
                out.push_str(" && ");
            }
            out.push_str("!(");
            render(e, operand, 0, &mut out)?;
            out.push(')');
        }
    }
    if let Some(e) = &branches[index].when {
        if out.is_empty() {
            render(e, operand, 0, &mut out)?;
        } else {
            out.push_str(" && (");
            render(e, operand, 0, &mut out)?;
            out.push(')');
        }
    }
    Ok((!out.is_empty()).then_some(out))
}

/// Write an expression. Precedence: `||` 1, `&&` 2, comparisons 3. A sub-expression binding
/// looser than its context is parenthesised.
fn render<'a, 'r, E>(
    e: &'a Expr,
    operand: &mut impl FnMut(&'a pipec_dsl::ir::Argument) -> Result<Operand<'a, 'r>, E>,
    context: u8,
    out: &mut String,
) -> Result<(), E> {
    let prec = match e {
        Expr::Compare { .. } => 3,
        Expr::And(_) => 2,
        Expr::Or(_) => 1,
        Expr::Not(_) => 4,
    };
    let wrapped = prec < context;
    if wrapped {
        out.push('(');
    }
    match e {
        Expr::Compare { op, left, right } => {
            let (l, r) = (operand(left)?, operand(right)?);
            let ty = l.ty().or(r.ty());
            let bare = matches!(
                ty,
                Some(ParamType::Int | ParamType::Float | ParamType::Bool)
            );
            l.render(!bare, out);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            r.render(!bare, out);
        }
        Expr::And(items) => join(items, " && ", "true", operand, 2, out)?,
        Expr::Or(items) => join(items, " || ", "false", operand, 1, out)?,
        Expr::Not(inner) => {
            out.push_str("!(");
            render(inner, operand, 0, out)?;
            out.push(')');
        }
    }
    if wrapped {
        out.push(')');
    }
    Ok(())
}

fn join<'a, 'r, E>(
    items: &'a [Expr],
    sep: &str,
    empty: &str,
    operand: &mut impl FnMut(&'a pipec_dsl::ir::Argument) -> Result<Operand<'a, 'r>, E>,
    prec: u8,
    out: &mut String,
) -> Result<(), E> {
    if items.is_empty() {
        out.push_str(empty);
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        render(item, operand, prec + 1, out)?;
    }
    Ok(())
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

    fn lookup(a: &Argument) -> Result<Operand<'_, '_>, ()> {
        match a {
            Argument::Parameter(p) if p == "side" => {
                Ok(Operand::Reference(Ref::Global(p), Some(ParamType::String)))
            }
            Argument::Parameter(p) => Ok(Operand::Reference(Ref::Global(p), None)),
            Argument::Constant(v) => Ok(Operand::Constant(v)),
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
    fn references_are_escaped_when_quoted() {
        let e = cmp(CmpOp::Eq, "it's", json!("x"));
        fn quoted(a: &Argument) -> Result<Operand<'_, '_>, ()> {
            match a {
                Argument::Parameter(p) => {
                    Ok(Operand::Reference(Ref::Global(p), Some(ParamType::String)))
                }
                other => lookup(other),
            }
        }
        let text = branch_when(&[branch(Some(e))], 0, &mut quoted)
            .unwrap()
            .unwrap();
        assert_eq!(text, r"'{{workflow.parameters.it\'s}}' == 'x'");
    }

    #[test]
    fn quotes_and_backslashes_are_escaped_anywhere() {
        let quoted = |s: &str| {
            let mut out = String::new();
            quote(s, &mut out);
            out
        };
        assert_eq!(quoted(""), "''");
        assert_eq!(quoted("plain é"), "'plain é'");
        assert_eq!(quoted(r"\a'b\"), r"'\\a\'b\\'");
        assert_eq!(quoted("''"), r"'\'\''");
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
