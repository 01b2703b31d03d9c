//! The text of labels: conditions, loop items and argument references as a reader writes them.

use pipec_dsl::ir::{Argument, Expr, Loop, LoopItems, TaskOutputRef};

/// Longest text shown for a constant list of loop items before it is cut with `…`.
const MAX_ITEMS_TEXT: usize = 40;

/// `if score < 0.5`, `else if …` or `else`, for the branch at `index` of a condition.
pub(super) fn branch(index: usize, when: Option<&Expr>) -> String {
    match (index, when) {
        (0, Some(e)) => format!("if {}", expr(e)),
        (_, Some(e)) => format!("else if {}", expr(e)),
        (_, None) => "else".to_string(),
    }
}

/// `for each item in rows, parallelism 4`.
pub(super) fn for_each(l: &Loop) -> String {
    let items = match &l.items {
        LoopItems::Static(values) => shorten(&serde_json::Value::from(values.clone()).to_string()),
        LoopItems::Parameter(p) => p.clone(),
        LoopItems::TaskOutput(r) => output(r),
    };
    match l.parallelism {
        Some(n) => format!("for each item in {items}, parallelism {n}"),
        None => format!("for each item in {items}"),
    }
}

/// A condition as infix text; nested `and`/`or` are parenthesised.
pub(super) fn expr(e: &Expr) -> String {
    match e {
        Expr::Compare { op, left, right } => {
            format!("{} {} {}", argument(left), op.symbol(), argument(right))
        }
        Expr::And(items) if items.is_empty() => "true".to_string(),
        Expr::Or(items) if items.is_empty() => "false".to_string(),
        Expr::And(items) => joined(items, " and "),
        Expr::Or(items) => joined(items, " or "),
        Expr::Not(inner) => format!("not ({})", expr(inner)),
    }
}

fn joined(items: &[Expr], separator: &str) -> String {
    items
        .iter()
        .map(|e| match e {
            Expr::And(_) | Expr::Or(_) => format!("({})", expr(e)),
            _ => expr(e),
        })
        .collect::<Vec<_>>()
        .join(separator)
}

/// An operand: a constant as JSON, a parameter by name, `task.output`, `item.field`,
/// `collect(task.output)`.
pub(super) fn argument(a: &Argument) -> String {
    match a {
        Argument::Constant(v) => v.to_string(),
        Argument::Parameter(p) => p.clone(),
        Argument::TaskOutput(r) => output(r),
        Argument::LoopItem(item) => match &item.field {
            Some(f) => format!("item.{f}"),
            None => "item".to_string(),
        },
        Argument::Collected(r) => format!("collect({})", output(r)),
    }
}

fn output(r: &TaskOutputRef) -> String {
    format!("{}.{}", r.task, r.output)
}

fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_ITEMS_TEXT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_ITEMS_TEXT - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipec_dsl::ir::CmpOp;

    fn lt(name: &str, value: f64) -> Expr {
        Expr::Compare {
            op: CmpOp::Lt,
            left: Argument::Parameter(name.into()),
            right: Argument::Constant(value.into()),
        }
    }

    #[test]
    fn nested_groups_are_parenthesised() {
        let e = Expr::And(vec![
            lt("a", 1.0),
            Expr::Or(vec![lt("b", 2.0), lt("c", 3.0)]),
        ]);
        assert_eq!(expr(&e), "a < 1.0 and (b < 2.0 or c < 3.0)");
    }

    #[test]
    fn later_branches_read_as_else() {
        assert_eq!(branch(0, Some(&lt("s", 0.5))), "if s < 0.5");
        assert_eq!(branch(1, Some(&lt("s", 0.9))), "else if s < 0.9");
        assert_eq!(branch(2, None), "else");
    }

    #[test]
    fn long_static_items_are_cut() {
        let l = Loop {
            name: "l".into(),
            items: LoopItems::Static((0..100).map(serde_json::Value::from).collect()),
            parallelism: Some(4),
            body: Default::default(),
        };
        let text = for_each(&l);
        assert!(text.starts_with("for each item in [0,1,2,"), "{text}");
        assert!(text.ends_with("…, parallelism 4"), "{text}");
    }
}
