//! Numbers as YAML scalars.
//!
//! Integers are written in decimal. Floats are written in their shortest round-trip form, always
//! with a decimal point in the mantissa and a signed exponent (`1.0`, `4.0e-6`, `1.0e+20`), so
//! that a YAML 1.1 reader, whose float grammar requires both, reads a float and not an integer
//! or a string; non-finite values are `.nan`, `.inf` and `-.inf`.

/// Append an integer.
pub(super) fn push_integer<I: itoa::Integer>(out: &mut String, value: I) {
    out.push_str(itoa::Buffer::new().format(value));
}

/// Append a float of either width.
pub(super) fn push_float<F: zmij::Float>(out: &mut String, value: F, class: FloatClass) {
    match class {
        FloatClass::Nan => out.push_str(".nan"),
        FloatClass::Infinite { negative: false } => out.push_str(".inf"),
        FloatClass::Infinite { negative: true } => out.push_str("-.inf"),
        FloatClass::Finite => push_finite(out, zmij::Buffer::new().format_finite(value)),
    }
}

/// What kind of value a float is, decided by the caller (the float types share no trait here).
#[derive(Clone, Copy)]
pub(super) enum FloatClass {
    /// Not a number.
    Nan,
    /// Positive or negative infinity.
    Infinite {
        /// Whether it is negative infinity.
        negative: bool,
    },
    /// Any other value.
    Finite,
}

impl FloatClass {
    /// The class of `value` (an `f32` widens to `f64` without changing class).
    pub(super) fn of(value: f64) -> Self {
        if value.is_nan() {
            FloatClass::Nan
        } else if value.is_infinite() {
            FloatClass::Infinite {
                negative: value.is_sign_negative(),
            }
        } else {
            FloatClass::Finite
        }
    }
}

/// Append a shortest-form float, adding `.0` to a mantissa without a point and `+` to an
/// unsigned exponent.
fn push_finite(out: &mut String, text: &str) {
    let Some(e) = text.find(['e', 'E']) else {
        out.push_str(text);
        if !text.contains('.') {
            out.push_str(".0");
        }
        return;
    };
    let (mantissa, exponent) = (&text[..e], &text[e + 1..]);
    out.push_str(mantissa);
    if !mantissa.contains('.') {
        out.push_str(".0");
    }
    out.push_str(&text[e..=e]);
    if !exponent.starts_with(['+', '-']) {
        out.push('+');
    }
    out.push_str(exponent);
}

#[cfg(test)]
mod tests {
    use super::{FloatClass, push_float};

    fn float(v: f64) -> String {
        let mut out = String::new();
        push_float(&mut out, v, FloatClass::of(v));
        out
    }

    #[test]
    fn floats_read_back_as_floats() {
        assert_eq!(float(1.0), "1.0");
        assert_eq!(float(0.5), "0.5");
        assert_eq!(float(4e-6), "4.0e-6");
        assert_eq!(float(1e20), "1.0e+20");
        assert_eq!(float(f64::NAN), ".nan");
        assert_eq!(float(f64::NEG_INFINITY), "-.inf");
    }
}
