//! `calculate` formulas: numbers, column names (optionally `datum.name`), `+ - * /` and
//! parentheses, evaluated row by row. A missing operand or a division by zero gives a
//! missing value, never a zero. Nesting is limited ([`MAX_DEPTH`]): parsing, evaluating
//! and dropping a formula recurse once per level, and a hostile one must not overflow the stack.
//! May use: std.

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Num(f64),
    Col(String),
    Neg(Box<Expr>),
    Bin(Box<Expr>, char, Box<Expr>),
}

/// Most levels a formula may nest: parentheses, unary minuses and a chain of operators
/// (`a + b + c` is two levels) each count. Far beyond any real formula, far below the stack.
pub const MAX_DEPTH: usize = 256;

/// Parses `text`; Err says what is wrong and where (a character offset).
pub fn parse(text: &str) -> Result<Expr, String> {
    let tokens = tokenize(text)?;
    let mut p = Parser { tokens, at: 0, open: 0 };
    let (e, _) = p.sum()?;
    match p.tokens.get(p.at) {
        None => Ok(e),
        Some(t) => Err(format!("unexpected `{}` at character {}", t.text, t.offset + 1)),
    }
}

#[derive(Clone, Debug)]
struct Token {
    text: String,
    offset: usize,
}

fn tokenize(s: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (offset, c) = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if "+-*/()".contains(c) {
            out.push(Token { text: c.to_string(), offset });
            i += 1;
        } else if c.is_ascii_digit() || c == '.' {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_ascii_digit() || chars[j].1 == '.' || chars[j].1 == '_') {
                j += 1;
            }
            out.push(Token { text: chars[i..j].iter().map(|c| c.1).collect(), offset });
            i = j;
        } else if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while j < chars.len() && (chars[j].1.is_alphanumeric() || chars[j].1 == '_' || chars[j].1 == '.')
            {
                j += 1;
            }
            out.push(Token { text: chars[i..j].iter().map(|c| c.1).collect(), offset });
            i = j;
        } else {
            return Err(format!("unexpected `{c}` at character {}", offset + 1));
        }
    }
    Ok(out)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
    /// Parentheses and unary minuses open around the token at `at`: the parser's own recursion.
    open: usize,
}

/// A parsed part and its height (levels of nesting in it), so a deep tree is refused as it
/// is built, without walking it (a walk would recurse as deep).
type Part = Result<(Expr, usize), String>;

impl Parser {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(|t| t.text.as_str())
    }

    /// Refuses a part nested deeper than [`MAX_DEPTH`], naming the token it reached.
    fn check(&self, height: usize) -> Result<usize, String> {
        if height <= MAX_DEPTH && self.open <= MAX_DEPTH {
            return Ok(height);
        }
        let at = self.tokens.get(self.at.saturating_sub(1)).map_or(0, |t| t.offset + 1);
        Err(format!("the formula nests more than {MAX_DEPTH} levels deep at character {at}"))
    }

    fn sum(&mut self) -> Part {
        let (mut e, mut h) = self.product()?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            let op = op.chars().next().unwrap_or('+');
            self.at += 1;
            let (b, hb) = self.product()?;
            h = self.check(h.max(hb) + 1)?;
            e = Expr::Bin(Box::new(e), op, Box::new(b));
        }
        Ok((e, h))
    }

    fn product(&mut self) -> Part {
        let (mut e, mut h) = self.unary()?;
        while let Some(op @ ("*" | "/")) = self.peek() {
            let op = op.chars().next().unwrap_or('*');
            self.at += 1;
            let (b, hb) = self.unary()?;
            h = self.check(h.max(hb) + 1)?;
            e = Expr::Bin(Box::new(e), op, Box::new(b));
        }
        Ok((e, h))
    }

    fn unary(&mut self) -> Part {
        if self.peek() == Some("-") {
            self.at += 1;
            self.open += 1;
            self.check(0)?;
            let (e, h) = self.unary()?;
            self.open -= 1;
            return Ok((Expr::Neg(Box::new(e)), self.check(h + 1)?));
        }
        self.atom()
    }

    fn atom(&mut self) -> Part {
        let Some(t) = self.tokens.get(self.at).cloned() else {
            return Err("the formula ends too early".into());
        };
        self.at += 1;
        if t.text == "(" {
            self.open += 1;
            self.check(0)?;
            let e = self.sum()?;
            self.open -= 1;
            if self.peek() != Some(")") {
                return Err(format!("missing `)` for the `(` at character {}", t.offset + 1));
            }
            self.at += 1;
            return Ok(e);
        }
        let first = t.text.chars().next().unwrap_or(' ');
        if first.is_ascii_digit() || first == '.' {
            return t
                .text
                .replace('_', "")
                .parse::<f64>()
                .map(|n| (Expr::Num(n), 0))
                .map_err(|_| format!("`{}` is not a number", t.text));
        }
        if first.is_alphabetic() || first == '_' {
            let name = t.text.strip_prefix("datum.").unwrap_or(&t.text);
            return Ok((Expr::Col(name.to_string()), 0));
        }
        Err(format!("unexpected `{}` at character {}", t.text, t.offset + 1))
    }
}

impl Expr {
    /// The value for one row; `get` gives a column's value there.
    pub fn eval(&self, get: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        match self {
            Expr::Num(n) => Some(*n),
            Expr::Col(c) => get(c),
            Expr::Neg(e) => e.eval(get).map(|v| -v),
            Expr::Bin(a, op, b) => {
                let (a, b) = (a.eval(get)?, b.eval(get)?);
                let v = match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ if b == 0.0 => return None,
                    _ => a / b,
                };
                v.is_finite().then_some(v)
            }
        }
    }

    /// Each column named, with +1 where the result grows with it and −1 where it shrinks
    /// (subtracted, negated or divided by), assuming positive values elsewhere.
    pub fn columns(&self) -> Vec<(String, i8)> {
        let mut out = Vec::new();
        self.walk(1, &mut out);
        out
    }

    fn walk(&self, sign: i8, out: &mut Vec<(String, i8)>) {
        match self {
            Expr::Num(_) => {}
            Expr::Col(c) => out.push((c.clone(), sign)),
            Expr::Neg(e) => e.walk(-sign, out),
            Expr::Bin(a, op, b) => {
                a.walk(sign, out);
                b.walk(if matches!(op, '-' | '/') { -sign } else { sign }, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(s: &str, x: Option<f64>) -> Option<f64> {
        parse(s).unwrap().eval(&|c| if c == "x" { x } else { Some(4.0) })
    }

    #[test]
    fn precedence_parentheses_and_datum() {
        assert_eq!(eval("1 + 2 * 3", None), Some(7.0));
        assert_eq!(eval("(1 + 2) * 3", None), Some(9.0));
        assert_eq!(eval("datum.x / y * 100_000", Some(2.0)), Some(50_000.0));
        assert_eq!(eval("-x - -1", Some(2.0)), Some(-1.0));
    }

    #[test]
    fn missing_and_division_by_zero_stay_missing() {
        assert_eq!(eval("x * 2", None), None);
        assert_eq!(eval("y / (x - 2)", Some(2.0)), None);
    }

    #[test]
    fn bad_formulas_say_where() {
        assert!(parse("x +").unwrap_err().contains("ends too early"));
        assert!(parse("x $ 2").unwrap_err().contains("character 3"));
        assert!(parse("(x").unwrap_err().contains("missing `)`"));
    }

    /// 30,000 nested parentheses or unary minuses overflowed the stack (exit 134).
    #[test]
    fn deep_formulas_are_refused_not_overflowed() {
        let parens = format!("{}x{}", "(".repeat(30_000), ")".repeat(30_000));
        let minuses = format!("{}x", "-".repeat(30_000));
        let chain = vec!["x"; 30_000].join(" + ");
        let product = vec!["x"; 30_000].join(" * ");
        for (f, at) in [(&parens, 257), (&minuses, 257), (&chain, 1029), (&product, 1029)] {
            assert_eq!(
                parse(f).unwrap_err(),
                format!("the formula nests more than 256 levels deep at character {at}"),
                "{}",
                &f[..20]
            );
        }
        // At the limit a formula still parses and evaluates.
        let ok = format!("{}x{}", "(".repeat(256), ")".repeat(256));
        assert_eq!(eval(&ok, Some(3.0)), Some(3.0));
        assert_eq!(eval(&format!("{}x", "-".repeat(256)), Some(3.0)), Some(3.0));
        assert_eq!(eval(&vec!["x"; 257].join(" + "), Some(1.0)), Some(257.0));
    }

    #[test]
    fn direction_of_each_column() {
        assert_eq!(
            parse("count / population * 100000").unwrap().columns(),
            [("count".to_string(), 1), ("population".to_string(), -1)]
        );
    }
}
