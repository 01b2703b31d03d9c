//! Conditions: well-formed if / else-if / else chains over comparable values.
//!
//! The first branch has a `when`, only the last may lack one (`else`), `and`/`or` have operands,
//! both sides of a comparison have compatible parameter types (an int and a float compare), and
//! `<`, `<=`, `>`, `>=` compare numbers only.

use std::fmt;

use serde_json::Value;

use super::ValidationError;
use super::index::{Group, Index, NodeRef, Pos, Resolved, Use};
use super::location::Location;
use super::rules::Part;
use super::types::{Source, ValueType, a, argument_problem, json_param_type, type_of};
use crate::ir::{CmpOp, Condition, Expr, ParamType};

/// This rule: each condition in turn.
pub(super) const PARTS: &[Part] = &[Part::Node(check_group)];

/// Check every condition.
#[cfg(test)]
pub(super) fn check(index: &Index<'_>, errors: &mut Vec<ValidationError>) {
    super::rules::run(PARTS, index, errors);
}

fn check_group(index: &Index<'_>, node: NodeRef, errors: &mut Vec<ValidationError>) {
    if let NodeRef::Group(g) = node
        && let g = g as usize
        && let Group::Condition(c) = index.groups[g].group
    {
        let location = || index.groups[g].location();
        check_branches(index, c, index.branches_of(g), &location, errors);
    }
}

/// Check a condition's branches; `groups` are their groups in the index.
fn check_branches<'p>(
    index: &Index<'p>,
    condition: &'p Condition,
    groups: &[Pos],
    location: &dyn Fn() -> Location,
    errors: &mut Vec<ValidationError>,
) {
    if condition.branches.is_empty() {
        errors.push(location().error("the condition has no branches; add one with a `when`"));
    }
    let last = condition.branches.len().saturating_sub(1);
    for (i, branch) in condition.branches.iter().enumerate() {
        let location = || location().then(format_args!("branch {}", branch.name));
        match &branch.when {
            None if i == 0 => errors.push(location().error(
                "the first branch has no `when`; a condition starts with a branch that has one",
            )),
            None if i < last => errors.push(location().error(
                "only the last branch may have no `when` (the `else`); move this branch to the \
                 end or give it a `when`",
            )),
            None => {}
            Some(when) => {
                let mut uses = index.uses_of(NodeRef::Group(groups[i])).iter();
                let location = || location().then("when");
                check_expr(index, when, &mut uses, &location, errors);
            }
        }
    }
}

/// Check an expression; `uses` are the references of its branch from this expression on.
fn check_expr<'a, 'p: 'a>(
    index: &Index<'p>,
    expr: &'p Expr,
    uses: &mut std::slice::Iter<'a, Use<'p>>,
    location: &dyn Fn() -> Location,
    errors: &mut Vec<ValidationError>,
) {
    match expr {
        Expr::Compare { op, left, right } => {
            let left = Resolved::next(left, uses);
            let right = Resolved::next(right, uses);
            if let Some(message) = compare_problem(index, *op, left, right) {
                errors.push(location().error(message));
            }
        }
        Expr::And(items) | Expr::Or(items) => {
            if items.is_empty() {
                let word = if matches!(expr, Expr::And(_)) {
                    "and"
                } else {
                    "or"
                };
                errors.push(location().error(format!(
                    "`{word}` has no operands; give it at least one comparison"
                )));
            }
            for item in items {
                check_expr(index, item, uses, location, errors);
            }
        }
        Expr::Not(inner) => check_expr(index, inner, uses, location, errors),
    }
}

/// What a comparison operand is, written out only when a message needs it.
enum What<'p> {
    /// A parameter or task output.
    Source(Source<'p>),
    /// `the constant 3`.
    Constant(&'p Value),
    /// ``the item of loop `l` ``.
    LoopItem(&'p str),
}

impl fmt::Display for What<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            What::Source(source) => source.fmt(f),
            What::Constant(v) => write!(f, "the constant {v}"),
            What::LoopItem(name) => write!(f, "the item of loop `{name}`"),
        }
    }
}

/// What a comparison operand is known to be.
enum Operand<'p> {
    /// A parameter value of this type, described for messages.
    Typed(ParamType, What<'p>),
    /// Anything (only known at run time, or its reference is broken and reported elsewhere).
    Any,
}

fn operand<'p>(index: &Index<'p>, argument: Resolved<'p>) -> Result<Operand<'p>, String> {
    Ok(match type_of(index, argument) {
        ValueType::Constant(v) => match json_param_type(v) {
            Some(ty) => Operand::Typed(ty, What::Constant(v)),
            None => Operand::Any,
        },
        ValueType::Param { ty, source } => Operand::Typed(ty, What::Source(source)),
        ValueType::Artifact { ty, source } => {
            return Err(format!(
                "conditions compare parameter values, but {source} is {} artifact; compare a \
                 parameter output instead",
                a(ty.name())
            ));
        }
        ValueType::Items { values, loop_name } => {
            let mut types = values.iter().map(json_param_type);
            match types.next().flatten() {
                Some(first) if types.all(|t| t == Some(first)) => {
                    Operand::Typed(first, What::LoopItem(loop_name))
                }
                _ => Operand::Any,
            }
        }
        ValueType::AnyJson | ValueType::Unknown => Operand::Any,
    })
}

fn is_number(ty: ParamType) -> bool {
    matches!(ty, ParamType::Int | ParamType::Float)
}

fn compare_problem<'p>(
    index: &Index<'p>,
    op: CmpOp,
    left: Resolved<'p>,
    right: Resolved<'p>,
) -> Option<String> {
    if let Some(message) = argument_problem(index, left).or_else(|| argument_problem(index, right))
    {
        return Some(message);
    }
    let (left, right) = match (operand(index, left), operand(index, right)) {
        (Err(message), _) | (_, Err(message)) => return Some(message),
        (Ok(l), Ok(r)) => (l, r),
    };
    if op.is_ordering() {
        for side in [&left, &right] {
            if let Operand::Typed(ty, what) = side
                && !is_number(*ty)
            {
                return Some(format!(
                    "`{}` compares numbers, but {what} is {}; use `==` or `!=`, or compare \
                     numbers",
                    op.symbol(),
                    a(ty.name())
                ));
            }
        }
    }
    let (Operand::Typed(l, lwhat), Operand::Typed(r, rwhat)) = (left, right) else {
        return None;
    };
    (l != r && !(is_number(l) && is_number(r))).then(|| {
        format!(
            "cannot compare {lwhat} ({}) with {rwhat} ({}); make both sides the same type",
            l.name(),
            r.name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::fixture::*;
    use super::*;
    use crate::ir::{Argument, LoopItems, Node};
    use serde_json::json;

    fn when(left: Argument, op: CmpOp, right: Argument) -> Node {
        let e = compare(op, left, right);
        condition("c", vec![branch("c-1", Some(e), vec![])])
    }

    #[test]
    fn compatible_comparisons_pass() {
        for (l, op, r) in [
            (param("rows"), CmpOp::Lt, constant(json!(0.5))),
            (param("label"), CmpOp::Eq, constant(json!("x"))),
            (out("a", "count"), CmpOp::Ge, param("rate")),
            (param("names"), CmpOp::Ne, constant(json!([]))),
        ] {
            let p = pipeline(vec![produce("a"), when(l, op, r)]);
            assert_eq!(run(check, &p), Vec::<String>::new());
        }
    }

    #[test]
    fn incompatible_comparisons() {
        let cases = [
            (
                param("label"),
                CmpOp::Eq,
                constant(json!(1)),
                "cannot compare pipeline parameter `label` (string) with the constant 1 (int); \
                 make both sides the same type",
            ),
            (
                param("label"),
                CmpOp::Lt,
                constant(json!("b")),
                "`<` compares numbers, but pipeline parameter `label` is a string; use `==` or \
                 `!=`, or compare numbers",
            ),
            (
                out("a", "data"),
                CmpOp::Eq,
                constant(json!("x")),
                "conditions compare parameter values, but output `data` of task `a` is a \
                 dataset artifact; compare a parameter output instead",
            ),
        ];
        for (l, op, r, message) in cases {
            let p = pipeline(vec![produce("a"), when(l, op, r)]);
            assert_eq!(
                run(check, &p),
                [format!(
                    "pipeline t › condition c › branch c-1 › when: {message}"
                )]
            );
        }
    }

    #[test]
    fn loop_items_with_known_types() {
        let items = LoopItems::Static(vec![json!("a"), json!("b")]);
        let inner = when(item("l", None), CmpOp::Gt, constant(json!(1)));
        let p = pipeline(vec![for_each("l", items, vec![inner])]);
        let errors = run(check, &p);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].contains("but the item of loop `l` is a string"),
            "{errors:?}"
        );
    }

    #[test]
    fn else_only_last() {
        let e = || Some(compare(CmpOp::Eq, param("rows"), constant(json!(1))));
        let p = pipeline(vec![
            condition(
                "c",
                vec![
                    branch("c-1", e(), vec![]),
                    branch("c-2", None, vec![]),
                    branch("c-3", e(), vec![]),
                ],
            ),
            condition("d", vec![branch("d-1", None, vec![])]),
            condition("f", vec![]),
            condition("g", vec![branch("g-1", Some(Expr::And(vec![])), vec![])]),
        ]);
        assert_eq!(
            run(check, &p),
            [
                "pipeline t › condition c › branch c-2: only the last branch may have no `when` \
                 (the `else`); move this branch to the end or give it a `when`",
                "pipeline t › condition d › branch d-1: the first branch has no `when`; a \
                 condition starts with a branch that has one",
                "pipeline t › condition f: the condition has no branches; add one with a `when`",
                "pipeline t › condition g › branch g-1 › when: `and` has no operands; give it at \
                 least one comparison",
            ]
        );
    }
}
