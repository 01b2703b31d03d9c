//! Conditions as KFP's CEL trigger expressions over a group task's inputs, e.g.
//! `int(inputs.parameter_values['pipelinechannel--threshold']) > 2`.
//!
//! A trigger is written into one string as it is read: a pipeline has one per branch, and each
//! reads several operands.

use std::fmt::Write;

use pipec_dsl::ir::{Argument, Branch, Expr};
use serde_json::Value;

use super::channel::{Needs, Use};
use super::index::Index;
use super::io_types::ValueType;
use super::model::{Name, ParameterType};
use super::python_json;

/// The trigger of branch `i` of an if / else-if / else chain: the negation of every earlier
/// branch's condition and its own, joined with `&&` as KFP writes it. `None` for a lone `else`.
/// `needs` are the inputs of the branch's group, whose channel names and types were found already.
pub fn branch_condition<'p>(
    branches: &'p [Branch],
    i: usize,
    index: &Index<'p>,
    needs: &Needs<'p>,
) -> Result<Option<String>, String> {
    let read = Read { index, needs };
    // Room for a typical comparison per condition read (`inputs.parameter_values['…'] == 'go'`):
    // grown from empty, the string would be copied three or four times.
    let mut out = String::with_capacity(TYPICAL_COMPARISON * (i + 1));
    for earlier in branches.iter().take(i) {
        if let Some(when) = &earlier.when {
            separate(&mut out, " && ");
            out.push_str("!(");
            expr(when, &read, &mut out)?;
            out.push(')');
        }
    }
    if let Some(when) = branches.get(i).and_then(|b| b.when.as_ref()) {
        separate(&mut out, " && ");
        expr(when, &read, &mut out)?;
    }
    Ok((!out.is_empty()).then_some(out))
}

/// The length of a typical comparison of a channel with a constant, in bytes.
const TYPICAL_COMPARISON: usize = 80;

/// Write `sep` unless `out` is still empty (the first part of a trigger).
fn separate(out: &mut String, sep: &str) {
    if !out.is_empty() {
        out.push_str(sep);
    }
}

/// One expression in CEL. `&&` binds tighter than `||`; an `or` inside an `and` (and the
/// reverse) is parenthesised so the text reads unambiguously.
fn expr<'p>(e: &'p Expr, read: &Read<'_, 'p>, out: &mut String) -> Result<(), String> {
    match e {
        Expr::Compare { op, left, right } => {
            let l = operand(left, read)?;
            let r = operand(right, read)?;
            let target = common_type(l.ty, r.ty);
            let (l, r) = (convert(l, target)?, convert(r, target)?);
            l.write(out);
            out.push(' ');
            out.push_str(op.symbol());
            out.push(' ');
            r.write(out);
            Ok(())
        }
        Expr::And(items) => joined(items, " && ", "true", read, out),
        Expr::Or(items) => joined(items, " || ", "false", read, out),
        Expr::Not(inner) => {
            out.push_str("!(");
            expr(inner, read, out)?;
            out.push(')');
            Ok(())
        }
    }
}

fn joined<'p>(
    items: &'p [Expr],
    sep: &str,
    empty: &str,
    read: &Read<'_, 'p>,
    out: &mut String,
) -> Result<(), String> {
    if items.is_empty() {
        out.push_str(empty);
        return Ok(());
    }
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        let mixed = matches!((item, sep), (Expr::Or(_), " && ") | (Expr::And(_), " || "));
        if mixed {
            out.push('(');
        }
        expr(item, read, out)?;
        if mixed {
            out.push(')');
        }
    }
    Ok(())
}

/// One side of a comparison: what it reads and its type.
struct Operand<'p> {
    source: Source<'p>,
    ty: ParameterType,
}

/// Where an operand's value comes from.
enum Source<'p> {
    /// A group input, by channel name.
    Input(Name),
    /// A constant.
    Literal(&'p Value),
}

impl Operand<'_> {
    /// The operand in CEL, as its own type.
    fn write(&self, out: &mut String) {
        match &self.source {
            Source::Input(name) if self.ty == ParameterType::NumberInteger => {
                out.push_str("int(inputs.parameter_values['");
                out.push_str(name);
                out.push_str("'])");
            }
            Source::Input(name) => {
                out.push_str("inputs.parameter_values['");
                out.push_str(name);
                out.push_str("']");
            }
            Source::Literal(value) => write_literal(value, out),
        }
    }

    fn is_input(&self) -> bool {
        matches!(self.source, Source::Input(_))
    }
}

/// A constant already checked to be a string, boolean or number.
fn write_literal(value: &Value, out: &mut String) {
    match value {
        Value::String(s) => {
            out.push('\'');
            for c in s.chars() {
                if c == '\\' || c == '\'' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('\'');
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            let _ = write!(out, "{n}");
        }
        _ => out.push_str(&python_json::dumps(value)),
    }
}

/// Both operands are converted to one type the way KFP does: string over bool over double over
/// integer.
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

/// An operand converted to `target`, ready to write.
enum Converted<'p> {
    /// As it is.
    Same(Operand<'p>),
    /// Wrapped: `before`, the operand, `after`.
    Wrapped(&'static str, Operand<'p>, &'static str),
    /// A constant number compared with a boolean.
    Truth(bool),
}

impl Converted<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Converted::Same(o) => o.write(out),
            Converted::Wrapped(before, o, after) => {
                out.push_str(before);
                o.write(out);
                out.push_str(after);
            }
            Converted::Truth(b) => out.push_str(if *b { "true" } else { "false" }),
        }
    }
}

fn convert(o: Operand<'_>, target: ParameterType) -> Result<Converted<'_>, String> {
    use ParameterType::*;
    Ok(match (o.ty, target) {
        (from, to) if from == to => Converted::Same(o),
        (_, String) if o.is_input() => Converted::Wrapped("string(", o, ")"),
        (_, String) => Converted::Wrapped("'", o, "'"),
        (NumberInteger, NumberDouble) => Converted::Wrapped("double(", o, ")"),
        (NumberInteger | NumberDouble, Boolean) if !o.is_input() => {
            let mut text = std::string::String::new();
            o.write(&mut text);
            Converted::Truth(text.parse::<f64>().unwrap_or(0.0) != 0.0)
        }
        (from, to) => {
            return Err(format!(
                "a condition compares a {from:?} value with a {to:?} value; KFP cannot convert it"
            ));
        }
    })
}

/// Where a trigger's operands are looked up.
struct Read<'a, 'p> {
    index: &'a Index<'p>,
    /// The group's inputs: a value read there has its channel name and type in them already.
    needs: &'a Needs<'p>,
}

fn operand<'p>(arg: &'p Argument, read: &Read<'_, 'p>) -> Result<Operand<'p>, String> {
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
    // The group's inputs hold every value it reads from outside, named and typed already.
    let known = read.needs.iter().find(|(_, (v, _))| *v == u);
    let ty = match known {
        Some((_, (_, ty))) => *ty,
        None => u.value_type(read.index)?,
    };
    let ty = match ty {
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
    Ok(Operand {
        source: Source::Input(match known {
            Some((name, _)) => name.clone(),
            None => u.channel_name(read.index)?,
        }),
        ty,
    })
}

fn literal(value: &Value) -> Result<Operand<'_>, String> {
    let ty = match value {
        Value::String(_) => ParameterType::String,
        Value::Bool(_) => ParameterType::Boolean,
        Value::Number(n) if n.is_i64() || n.is_u64() => ParameterType::NumberInteger,
        Value::Number(_) => ParameterType::NumberDouble,
        _ => {
            return Err(format!(
                "a condition compares the constant {value}; KFP compares only strings, numbers and booleans"
            ));
        }
    };
    Ok(Operand {
        source: Source::Literal(value),
        ty,
    })
}
