//! Conditions as KFP's CEL trigger expressions over a group task's inputs, e.g.
//! `int(inputs.parameter_values['pipelinechannel--threshold']) > 2`.

use pipec_dsl::ir::{Argument, Branch, Expr};
use serde_json::Value;

use super::channel::Use;
use super::index::Index;
use super::io_types::ValueType;
use super::model::ParameterType;
use super::python_json;

/// The trigger of branch `i` of an if / else-if / else chain: the negation of every earlier
/// branch's condition and its own, joined with `&&` as KFP writes it. `None` for a lone `else`.
pub fn branch_condition<'p>(
    branches: &'p [Branch],
    i: usize,
    index: &Index<'p>,
) -> Result<Option<String>, String> {
    let mut parts = Vec::new();
    for earlier in branches.iter().take(i) {
        if let Some(when) = &earlier.when {
            parts.push(format!("!({})", expr(when, index)?));
        }
    }
    if let Some(when) = branches.get(i).and_then(|b| b.when.as_ref()) {
        parts.push(expr(when, index)?);
    }
    Ok((!parts.is_empty()).then(|| parts.join(" && ")))
}

/// One expression in CEL. `&&` binds tighter than `||`; an `or` inside an `and` (and the
/// reverse) is parenthesised so the text reads unambiguously.
fn expr<'p>(e: &'p Expr, index: &Index<'p>) -> Result<String, String> {
    match e {
        Expr::Compare { op, left, right } => {
            let (l, r) = operands(left, right, index)?;
            Ok(format!("{l} {} {r}", op.symbol()))
        }
        Expr::And(items) => joined(items, " && ", "true", index),
        Expr::Or(items) => joined(items, " || ", "false", index),
        Expr::Not(inner) => Ok(format!("!({})", expr(inner, index)?)),
    }
}

fn joined<'p>(
    items: &'p [Expr],
    sep: &str,
    empty: &str,
    index: &Index<'p>,
) -> Result<String, String> {
    if items.is_empty() {
        return Ok(empty.to_string());
    }
    let parts = items
        .iter()
        .map(|item| {
            let text = expr(item, index)?;
            let mixed = matches!((item, sep), (Expr::Or(_), " && ") | (Expr::And(_), " || "));
            Ok(if mixed { format!("({text})") } else { text })
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(parts.join(sep))
}

/// One side of a comparison: CEL text, its type, and whether it reads an input.
struct Operand {
    text: String,
    ty: ParameterType,
    is_input: bool,
}

/// Both operands, converted to one type the way KFP does: string over bool over double over
/// integer.
fn operands<'p>(
    left: &'p Argument,
    right: &'p Argument,
    index: &Index<'p>,
) -> Result<(String, String), String> {
    let l = operand(left, index)?;
    let r = operand(right, index)?;
    let target = common_type(l.ty, r.ty);
    Ok((convert(l, target)?, convert(r, target)?))
}

fn common_type(a: ParameterType, b: ParameterType) -> ParameterType {
    use ParameterType::*;
    if a == b {
        a
    } else if a == String || b == String {
        String
    } else if a == Boolean || b == Boolean {
        Boolean
    } else {
        NumberDouble
    }
}

fn convert(o: Operand, target: ParameterType) -> Result<String, String> {
    use ParameterType::*;
    Ok(match (o.ty, target) {
        (from, to) if from == to => o.text,
        (_, String) if o.is_input => format!("string({})", o.text),
        (_, String) => format!("'{}'", o.text),
        (NumberInteger, NumberDouble) => format!("double({})", o.text),
        (NumberInteger | NumberDouble, Boolean) if !o.is_input => {
            (o.text.parse::<f64>().unwrap_or(0.0) != 0.0).to_string()
        }
        (from, to) => {
            return Err(format!(
                "a condition compares a {from:?} value with a {to:?} value; KFP cannot convert it"
            ));
        }
    })
}

fn operand<'p>(arg: &'p Argument, index: &Index<'p>) -> Result<Operand, String> {
    if let Argument::Constant(value) = arg {
        return literal(value);
    }
    let Some((u, field)) = Use::of(arg) else {
        return Err("a condition operand has no value".to_string());
    };
    if field.is_some() {
        return Err(
            "a condition reads a field of a loop item; KFP conditions compare whole \
                    parameters: pass the field through a task output first"
                .to_string(),
        );
    }
    let ty = match u.value_type(index)? {
        ValueType::Param(ParameterType::List | ParameterType::Struct) => {
            return Err(
                "a condition compares a list or struct; KFP compares only strings, \
                        numbers and booleans"
                    .to_string(),
            );
        }
        ValueType::Param(ty) => ty,
        _ => {
            return Err(
                "a condition compares an artifact; KFP compares only parameters".to_string(),
            );
        }
    };
    let input = format!("inputs.parameter_values['{}']", u.channel_name(index)?);
    let text = if ty == ParameterType::NumberInteger {
        format!("int({input})")
    } else {
        input
    };
    Ok(Operand {
        text,
        ty,
        is_input: true,
    })
}

fn literal(value: &Value) -> Result<Operand, String> {
    let (text, ty) = match value {
        Value::String(s) => (
            format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            ParameterType::String,
        ),
        Value::Bool(b) => (b.to_string(), ParameterType::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            (n.to_string(), ParameterType::NumberInteger)
        }
        Value::Number(_) => (python_json::dumps(value), ParameterType::NumberDouble),
        _ => {
            return Err(format!(
                "a condition compares the constant {value}; KFP compares only strings, numbers and booleans"
            ));
        }
    };
    Ok(Operand {
        text,
        ty,
        is_input: false,
    })
}
