//! Client-facing sentences, one catalogue per language. Adding a language is
//! a data change: a new catalogue file with the same keys (a test fails when
//! a key is missing) and a [`Lang`] variant.
//!
//! Templates name their values in braces (`{domain}`); values such as
//! domains, records and figures are inserted by [`fill`] (plain text) or by
//! the HTML renderer, which isolates them left-to-right in right-to-left text.

mod en;
mod he;

/// The language of a client report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    #[default]
    En,
    /// Hebrew, laid out right to left
    He,
}

impl Lang {
    /// BCP 47 tag for `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::He => "he",
        }
    }

    pub fn rtl(self) -> bool {
        self == Lang::He
    }

    pub fn dir(self) -> &'static str {
        if self.rtl() { "rtl" } else { "ltr" }
    }

    fn catalogue(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::CATALOGUE,
            Lang::He => he::CATALOGUE,
        }
    }

    /// The sentence for `key`. A key missing from this language falls back to
    /// English (the catalogue test keeps that from happening), then to the key.
    pub fn t(self, key: &str) -> &'static str {
        let find = |c: &'static [(&'static str, &'static str)]| c.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        find(self.catalogue())
            .or_else(|| find(en::CATALOGUE))
            .unwrap_or_else(|| {
                debug_assert!(false, "no catalogue entry {key}");
                ""
            })
    }

    /// The sentence for `key` in this language only, without fallback.
    pub fn get(self, key: &str) -> Option<&'static str> {
        self.catalogue().iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    }

    /// The catalogue's `finding.CODE` or `fix.CODE` sentence (`kind`) as
    /// plain text, the domain and subject filled in; `None` in English, whose
    /// reports use the check's own message and fix, and for codes without
    /// one (the `rate.*` codes of `losses`).
    pub fn per_code(self, kind: &str, code: &str, domain: &str, subject: Option<&str>) -> Option<String> {
        let key = format!("{kind}.{code}");
        (self != Lang::En && self.get(&key).is_some()).then(|| self.fill(&key, &finding_values(domain, subject)))
    }

    /// `key` with its `{name}` placeholders replaced by `values`, as plain
    /// text. In right-to-left languages each value is isolated
    /// left-to-right (U+2066 ... U+2069) so a domain or figure keeps its order.
    pub fn fill(self, key: &str, values: &[(&str, &str)]) -> String {
        self.fill_template(self.t(key), values)
    }

    /// [`Lang::fill`] for a template already looked up (and perhaps combined).
    pub fn fill_template(self, template: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        for piece in pieces(template) {
            match piece {
                Piece::Text(s) => out.push_str(s),
                Piece::Value(name) => {
                    let value = values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or("");
                    if self.rtl() {
                        out.push('\u{2066}');
                        out.push_str(value);
                        out.push('\u{2069}');
                    } else {
                        out.push_str(value);
                    }
                }
            }
        }
        out
    }
}

/// A catalogue sentence with its values, kept by a report so that each
/// renderer says it in the report's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    /// A catalogue key: a literal, or one built from a name (`losses.action.NAME.title`).
    pub key: std::borrow::Cow<'static, str>,
    pub values: Vec<(&'static str, String)>,
    /// Placeholders that name another catalogue sentence (a bounce reason):
    /// said in the language as words, not isolated as a value.
    pub words: Vec<(&'static str, String)>,
}

impl Sentence {
    pub fn new(key: impl Into<std::borrow::Cow<'static, str>>, values: &[(&'static str, String)]) -> Self {
        Sentence {
            key: key.into(),
            values: values.to_vec(),
            words: Vec::new(),
        }
    }

    /// With `{name}` said as the catalogue sentence `key`.
    pub fn with_word(mut self, name: &'static str, key: String) -> Self {
        self.words.push((name, key));
        self
    }

    /// The sentence in `lang`, its values filled in (see [`Lang::fill`]).
    pub fn say(&self, lang: Lang) -> String {
        let mut template = lang.t(&self.key).to_string();
        for (name, key) in &self.words {
            template = template.replace(&format!("{{{name}}}"), lang.t(key));
        }
        let values: Vec<(&str, &str)> = self.values.iter().map(|(n, v)| (*n, v.as_str())).collect();
        lang.fill_template(&template, &values)
    }
}

/// The values a per-code sentence (`finding.CODE`, `fix.CODE`) may name:
/// `domain`, the audited domain, and `subject`, what the finding is about (a
/// mail server, an address), which is the domain when the finding names
/// nothing else.
pub fn finding_values<'a>(domain: &'a str, subject: Option<&'a str>) -> [(&'static str, &'a str); 2] {
    [("domain", domain), ("subject", subject.unwrap_or(domain))]
}

/// A template split into literal text and `{name}` placeholders.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Value(&'a str),
}

pub fn pieces(template: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        if open > 0 {
            out.push(Piece::Text(&rest[..open]));
        }
        out.push(Piece::Value(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(c: &[(&str, &str)]) -> BTreeSet<String> {
        c.iter().map(|(k, _)| k.to_string()).collect()
    }

    fn placeholders(s: &str) -> BTreeSet<String> {
        pieces(s)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Value(v) => Some(v.to_string()),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn every_catalogue_has_every_key_once_with_the_same_placeholders() {
        let all = [("en", en::CATALOGUE), ("he", he::CATALOGUE)];
        for (name, c) in all {
            assert_eq!(keys(c).len(), c.len(), "{name} lists a key twice");
            for (_, v) in c {
                assert!(!v.trim().is_empty(), "{name}: empty sentence");
            }
        }
        for (a_name, a) in all {
            for (b_name, b) in all {
                let missing: Vec<_> = keys(a).difference(&keys(b)).cloned().collect();
                assert!(missing.is_empty(), "{b_name} misses keys {a_name} has: {missing:?}");
            }
        }
        for (key, en_text) in en::CATALOGUE {
            let he_text = Lang::He.t(key);
            assert_eq!(placeholders(en_text), placeholders(he_text), "placeholders of {key}");
        }
    }

    #[test]
    fn per_code_sentences_name_real_codes() {
        for (key, _) in en::CATALOGUE {
            if let Some(code) = key.strip_prefix("finding.").or_else(|| key.strip_prefix("fix.")) {
                assert!(crate::codes::lookup(code).is_some(), "{key}: no such code");
            }
        }
    }

    #[test]
    fn every_code_has_a_finding_and_a_fix_sentence_in_every_language() {
        let allowed: BTreeSet<String> = finding_values("", None).iter().map(|(n, _)| n.to_string()).collect();
        for lang in <Lang as clap::ValueEnum>::value_variants() {
            for code in crate::codes::all() {
                for kind in ["finding", "fix"] {
                    let key = format!("{kind}.{}", code.code);
                    let sentence = lang.get(&key);
                    assert!(sentence.is_some(), "{}: no sentence {key}", lang.code());
                    let named = placeholders(sentence.unwrap_or_default());
                    assert!(named.is_subset(&allowed), "{}: {key} names {named:?}", lang.code());
                }
            }
        }
    }

    #[test]
    fn client_sentences_hold_no_cli_flags_paths_or_markdown() {
        for (key, v) in en::CATALOGUE.iter().chain(he::CATALOGUE) {
            assert!(!v.contains('`'), "{key}: backtick");
            assert!(!v.contains(" --"), "{key}: CLI flag");
            assert!(!v.contains("<your"), "{key}: placeholder");
        }
    }

    #[test]
    fn fill_isolates_values_in_right_to_left_text() {
        assert_eq!(
            Lang::En.fill("check.title_one", &[("domain", "a.example")]),
            "Email deliverability audit: a.example"
        );
        let he = Lang::He.fill("check.title_one", &[("domain", "a.example")]);
        assert!(he.contains("\u{2066}a.example\u{2069}"), "{he}");
        assert_eq!(
            pieces("a {x} b{y}"),
            [
                Piece::Text("a "),
                Piece::Value("x"),
                Piece::Text(" b"),
                Piece::Value("y")
            ]
        );
    }
}
