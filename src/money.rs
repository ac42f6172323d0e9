//! Money without floating point: amounts are whole millionths of a currency
//! unit, so `0.0035 × 12,345` is exact and rounds once, at the end, half away
//! from zero to the currency's minor unit.

use serde::{Deserialize, Serialize};

/// Millionths of a unit per unit.
const SCALE: u128 = 1_000_000;

/// A non-negative amount entered by the user, kept with its original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Amount {
    pub micros: u128,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not an amount: {why}")]
pub struct AmountError {
    pub input: String,
    pub why: &'static str,
}

impl Amount {
    /// Parse `25`, `0.05`, `1234.5`. No thousands separators (1,5 would be
    /// ambiguous across locales), no sign, at most 6 decimals.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        let err = |why| AmountError {
            input: text.to_string(),
            why,
        };
        let t = text.trim();
        if t.is_empty() {
            return Err(err("it is empty"));
        }
        if t.contains(',') {
            return Err(err("use a dot for decimals and no thousands separators, e.g. 1234.50"));
        }
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(err("it has no digits"));
        }
        if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(err("only digits and one dot are allowed (no sign, no currency symbol)"));
        }
        if frac.len() > 6 {
            return Err(err("at most 6 decimals"));
        }
        if whole.len() > 15 {
            return Err(err("too large"));
        }
        let whole: u128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| err("too large"))?
        };
        let mut frac_micros: u128 = 0;
        for (i, d) in frac.chars().enumerate() {
            frac_micros += (d as u128 - '0' as u128) * 10u128.pow(5 - i as u32);
        }
        Ok(Amount {
            micros: whole * SCALE + frac_micros,
        })
    }

    /// `self × quantity`, exact.
    pub fn times(self, quantity: u64) -> Amount {
        Amount {
            micros: self.micros.saturating_mul(quantity as u128),
        }
    }

    /// Rounded to `decimals` (0 or 2) half away from zero, as minor units.
    pub fn rounded_minor(self, decimals: u32) -> u128 {
        let step = SCALE / 10u128.pow(decimals);
        (self.micros + step / 2) / step
    }

    /// Display: rounded to the currency's minor unit, with thousands separators.
    pub fn display(self, currency: Option<&str>) -> String {
        let decimals = minor_digits(currency);
        let minor = self.rounded_minor(decimals);
        let (whole, frac) = if decimals == 0 {
            (minor, None)
        } else {
            (minor / 100, Some(minor % 100))
        };
        let mut s = group(whole);
        if let Some(f) = frac {
            s.push_str(&format!(".{f:02}"));
        }
        match currency {
            Some(c) => format!("{s} {c}"),
            None => s,
        }
    }

    /// The amount as the user could have typed it (no rounding), for showing
    /// the unit value in the arithmetic: `0.0035`, `25`.
    pub fn exact(self) -> String {
        let whole = self.micros / SCALE;
        let frac = self.micros % SCALE;
        if frac == 0 {
            return group(whole);
        }
        let f = format!("{frac:06}");
        format!("{}.{}", group(whole), f.trim_end_matches('0'))
    }
}

/// Minor-unit digits of a currency: 0 for the common zero-decimal ones, else 2.
pub fn minor_digits(currency: Option<&str>) -> u32 {
    match currency {
        Some("JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "PYG" | "XOF" | "XAF" | "KMF" | "RWF") => 0,
        _ => 2,
    }
}

/// Validate a currency code: three letters, upper-cased.
pub fn parse_currency(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.len() == 3 && t.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(t.to_ascii_uppercase())
    } else {
        Err(format!(
            "`{text}` is not a currency code; use three letters such as EUR or USD"
        ))
    }
}

fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(Amount::parse("25").unwrap().micros, 25_000_000);
        assert_eq!(Amount::parse("0.0035").unwrap().micros, 3_500);
        assert_eq!(Amount::parse(".5").unwrap().micros, 500_000);
        assert_eq!(Amount::parse("7.").unwrap().micros, 7_000_000);
        for bad in ["", "-1", "1,5", "1.2.3", "€5", "1e3", "0.0000001", "."] {
            assert!(Amount::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn multiplication_is_exact_and_rounds_once() {
        // 0.0035 × 12,345 = 43.2075 → 43.21 (half away from zero)
        assert_eq!(
            Amount::parse("0.0035").unwrap().times(12_345).display(Some("EUR")),
            "43.21 EUR"
        );
        // 0.005 × 1 = 0.005 → 0.01; 0.004999 → 0.00
        assert_eq!(Amount::parse("0.005").unwrap().times(1).display(None), "0.01");
        assert_eq!(Amount::parse("0.004999").unwrap().times(1).display(None), "0.00");
        // Floating point would give 0.1 × 3 = 0.30000000000000004; here it is exact.
        assert_eq!(Amount::parse("0.1").unwrap().times(3).micros, 300_000);
        assert_eq!(
            Amount::parse("25").unwrap().times(41_234).display(Some("USD")),
            "1,030,850.00 USD"
        );
        // Zero-decimal currency rounds to whole units.
        assert_eq!(Amount::parse("12.5").unwrap().times(3).display(Some("JPY")), "38 JPY");
    }

    #[test]
    fn exact_form_keeps_what_was_typed() {
        assert_eq!(Amount::parse("0.0035").unwrap().exact(), "0.0035");
        assert_eq!(Amount::parse("1500").unwrap().exact(), "1,500");
        assert_eq!(Amount::parse("2.50").unwrap().exact(), "2.5");
    }

    #[test]
    fn currency_codes() {
        assert_eq!(parse_currency("eur").unwrap(), "EUR");
        assert!(parse_currency("EURO").is_err());
        assert!(parse_currency("<b>").is_err());
    }
}
