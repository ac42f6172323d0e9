//! The data model of parsed bounces. `bounces` produces it; `losses` consumes it.
//! Serialised as one JSONL/CSV row per [`BounceRecord`]; field names are a
//! public contract (see docs/bounces.md).

use serde::{Deserialize, Serialize};

/// What kind of message it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Permanent or final failure to deliver.
    Bounce,
    /// Temporary failure; the server will retry.
    Delay,
    /// ARF feedback report (RFC 5965): a recipient marked the mail as spam.
    Complaint,
    /// RFC 3834 auto-reply (vacation, out of office). Never a bounce.
    AutoReply,
    /// Ordinary mail. Never a bounce.
    NotBounce,
}

/// Why delivery failed. Documented one by one in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    UserUnknown,
    MailboxFull,
    MailboxDisabled,
    HostUnknown,
    Blocked,
    SpamContent,
    AuthFailure,
    Policy,
    RateLimited,
    MessageTooLarge,
    Expired,
    NetworkError,
    /// For complaints (kind = complaint): the recipient reported abuse.
    Complaint,
    Undetermined,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UserUnknown => "user_unknown",
            Reason::MailboxFull => "mailbox_full",
            Reason::MailboxDisabled => "mailbox_disabled",
            Reason::HostUnknown => "host_unknown",
            Reason::Blocked => "blocked",
            Reason::SpamContent => "spam_content",
            Reason::AuthFailure => "auth_failure",
            Reason::Policy => "policy",
            Reason::RateLimited => "rate_limited",
            Reason::MessageTooLarge => "message_too_large",
            Reason::Expired => "expired",
            Reason::NetworkError => "network_error",
            Reason::Complaint => "complaint",
            Reason::Undetermined => "undetermined",
        }
    }
}

/// One failed (or complaining) recipient of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BounceRecord {
    /// File the message came from (and `#N` for the Nth message of an mbox).
    pub source: String,
    pub kind: MessageKind,
    pub recipient: Option<String>,
    pub reason: Reason,
    /// True when retrying the address is pointless.
    pub hard: bool,
    /// RFC 3463 enhanced status code, e.g. `5.1.1`.
    pub status: Option<String>,
    /// SMTP reply code, e.g. `550`.
    pub smtp_code: Option<u16>,
    /// RFC 3464 Action: failed, delayed, delivered, relayed, expanded.
    pub action: Option<String>,
    pub diagnostic: Option<String>,
    pub remote_mta: Option<String>,
    pub reporting_mta: Option<String>,
    /// Arrival or bounce date, RFC 3339.
    pub date: Option<String>,
    /// Why this reason was chosen: `status 5.1.1`, `smtp 550`, `phrase "mailbox full"`.
    pub classified_by: String,
    pub original_message_id: Option<String>,
    pub original_from: Option<String>,
    pub original_to: Option<String>,
    pub original_subject: Option<String>,
}
