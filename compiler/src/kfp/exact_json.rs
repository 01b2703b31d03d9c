//! Whether two JSON values are written as the same text. `serde_json::Value`'s own equality is
//! looser (object keys in any order, `0.0 == -0.0`), and sharing a component on that looser
//! equality would change what pipec writes.

use serde_json::Value;

/// Whether `a` and `b` serialise to the same JSON text.
pub fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            // Integers compare exactly; floats by their bits, so that -0.0 differs from 0.0.
            x == y && (!x.is_f64() || x.as_f64().map(f64::to_bits) == y.as_f64().map(f64::to_bits))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| identical(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && identical(vx, vy))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::identical;
    use serde_json::json;

    #[test]
    fn key_order_and_signed_zero_make_values_differ() {
        assert!(identical(&json!({"a": [1, 2.5]}), &json!({"a": [1, 2.5]})));
        assert!(!identical(
            &json!({"a": 1, "b": 2}),
            &json!({"b": 2, "a": 1})
        ));
        assert!(!identical(&json!(0.0), &json!(-0.0)));
        assert!(!identical(&json!(1), &json!(1.0)));
    }
}
