//! mailaudit: audit email deliverability.
//!
//! - [`check`]: posture of sending domains (SPF, DKIM, DMARC, MX), with [`blocklist`] status.
//! - [`bounce`]: bounce messages into per-recipient reasons.
//! - [`dmarc_reports`]: DMARC aggregate reports.
//! - [`tls_reports`]: SMTP TLS reports (TLS-RPT).
//! - [`losses`]: the hidden-losses report built from all of the above.
//! - [`message`]: lint one campaign e-mail (DKIM, alignment, unsubscribe, form, links, law).
//!
//! Every audit speaks in [`finding::Finding`]s with stable codes ([`codes`]),
//! goes through one DNS layer ([`dns`]), and is rendered by [`output`].

/// A status field: an enum that serialises as the snake_case string it always
/// was (JSON unchanged), with `as_str` for the renderers.
macro_rules! status_enum {
    ($(#[$meta:meta])* $vis:vis enum $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.as_str())
            }
        }
    };
}

pub mod atomic_file;
pub mod baseline;
pub mod blocklist;
pub mod bounce;
pub mod changes;
pub mod check;
pub mod codes;
pub mod config;
pub mod config_template;
pub mod dmarc_reports;
pub mod dns;
pub mod domain;
pub mod exit;
pub mod explain;
pub mod figures;
pub mod finding;
pub mod i18n;
pub mod input;
pub mod losses;
pub mod message;
pub mod money;
pub mod output;
pub mod pacing;
pub mod run;
pub mod sanitize;
pub mod setting_limits;
pub mod settings;
pub mod suppress;
#[doc(hidden)]
pub mod testing;
pub mod tls_reports;
