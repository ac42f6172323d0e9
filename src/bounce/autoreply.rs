//! RFC 3834 auto-replies: vacation and out-of-office answers. They say the
//! person is away, never that the address is lost, so they are never bounces.

use mail_parser::Message;

const SUBJECT_PREFIXES: &[&str] = &[
    "out of office",
    "out of the office",
    "automatic reply",
    "auto:",
    "autoreply",
    "auto-reply",
    "auto reply",
    "auto response",
    "autoresponse",
    "vacation",
    "on vacation",
    "abwesenheitsnotiz",
    "automatische antwort",
    "réponse automatique",
    "respuesta automática",
    "risposta automatica",
    "fuera de la oficina",
    "absence",
];

/// Why the message is an auto-reply, or `None`.
pub fn detect(message: &Message<'_>, subject_lower: &str) -> Option<String> {
    for (name, value) in message.headers_raw() {
        let value = value.trim().to_ascii_lowercase();
        match name.to_ascii_lowercase().as_str() {
            "auto-submitted" if value != "no" && !value.is_empty() => {
                return Some(format!(
                    "header Auto-Submitted: {}",
                    value.split(';').next().unwrap_or("").trim()
                ));
            }
            "x-autoreply" | "x-autorespond" | "x-autoresponder" | "x-autoreply-from" | "x-mail-autoreply" => {
                return Some(format!("header {name}"));
            }
            "precedence" if value == "auto_reply" => return Some("header Precedence: auto_reply".to_string()),
            "x-precedence" if value == "auto_reply" => return Some("header X-Precedence: auto_reply".to_string()),
            _ => {}
        }
    }
    if let Some(p) = SUBJECT_PREFIXES.iter().find(|p| subject_lower.starts_with(*p)) {
        return Some(format!("subject starts with \"{p}\""));
    }
    if subject_lower.contains("is out of the office") || subject_lower.contains("out of office") {
        return Some("subject says out of office".to_string());
    }
    None
}
