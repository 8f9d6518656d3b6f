//! Numbers as data files write them, in no locale: the CSV of the rows a chart draws and
//! keys compared as text. May use: std, itoa.

/// A number as data files write it (the CSV of the rows drawn, keys compared as text):
/// whole numbers without a decimal point, others in the shortest form that reads back as
/// the same value, never in exponent notation. Appends to `out`.
pub fn plain_into(x: f64, out: &mut String) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        out.push_str(itoa::Buffer::new().format(x as i64));
    } else if let Some((m, k)) = few_decimals(x) {
        // Digits of m with the point k places from the right: the one decimal with k
        // places that reads back as x, so the one `Display` writes, found without its
        // general (and slow) shortest-digits search.
        let mut buffer = itoa::Buffer::new();
        let digits = buffer.format(m.unsigned_abs());
        if m < 0 {
            out.push('-');
        }
        if digits.len() > k {
            out.push_str(&digits[..digits.len() - k]);
            out.push('.');
            out.push_str(&digits[digits.len() - k..]);
        } else {
            out.push_str("0.");
            out.extend(std::iter::repeat_n('0', k - digits.len()));
            out.push_str(digits);
        }
    } else {
        // Not Ryu: where two shortest forms tie it can pick the other one, and a value
        // must read the same in every file cifras writes.
        use std::fmt::Write as _;
        let _ = write!(out, "{x}");
    }
}

/// `x` as m / 10^k with k from 1 to 6 as small as can be, when that division gives back
/// exactly `x`. Below 10^9 doubles lie closer together than 10^-7, so no other decimal
/// with k places reads back as `x`, and none with fewer does (k is the least).
fn few_decimals(x: f64) -> Option<(i64, usize)> {
    const POW: [f64; 7] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6];
    if x.is_nan() || x.abs() >= 1e9 {
        return None;
    }
    (1..POW.len()).find_map(|k| {
        let m = (x * POW[k]).round();
        (m / POW[k] == x).then_some((m as i64, k))
    })
}

/// [`plain_into`], as a new string.
pub fn plain(x: f64) -> String {
    let mut s = String::new();
    plain_into(x, &mut s);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_numbers_read_as_display_writes_them() {
        // A deterministic spread of magnitudes, signs and digit counts.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..200_000 {
            // Figures with a few decimals, as data files hold them.
            let k = (next() % 7) as i32;
            let m = (next() % 2_000_000_000_000) as f64 - 1e12;
            let x = m / 10f64.powi(k);
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want, "{x:e}");
            let bits = next();
            let mantissa = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let exp = (next() % 44) as i32 - 22;
            let x = mantissa * 10f64.powi(exp) * if bits & 1 == 0 { 1.0 } else { -1.0 };
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want, "{x:e}");
        }
        for x in
            [0.0, -0.0, 1.0, 2018.0, 0.1, 1e-5, 9.99e-6, 1e15, 1.5e15, 123456.789, f64::NAN, f64::INFINITY]
        {
            let want =
                if x.fract() == 0.0 && x.abs() < 1e15 { format!("{}", x as i64) } else { format!("{x}") };
            assert_eq!(plain(x), want);
        }
    }
}
