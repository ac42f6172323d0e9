//! DKIM rule tables: the selectors in wide use and the mail services recognised
//! from MX and SPF records, with the selectors they sign with. Adding a
//! provider or a selector touches only this file.

/// Selectors in wide use, tried after the ones the user names. Order: the
/// big mailbox providers, then common generic names, then ESPs.
pub const COMMON_SELECTORS: &[&str] = &[
    "google",
    "selector1",
    "selector2",
    "k1",
    "k2",
    "k3",
    "s1",
    "s2",
    "default",
    "dkim",
    "mail",
    "smtp",
    "mx",
    "key1",
    "key2",
    "sig1",
    "dkim1",
    "fm1",
    "fm2",
    "fm3",
    "protonmail",
    "protonmail2",
    "protonmail3",
    "mandrill",
    "mte1",
    "mte2",
    "mxvault",
    "krs",
    "pic",
    "zendesk1",
    "zendesk2",
    "mailjet",
    "cm",
    "ctct1",
    "ctct2",
    "everlytickey1",
    "everlytickey2",
    "amazonses",
];

/// A mail service recognised from the MX or SPF records, and the selectors it
/// signs with by default.
pub struct ProviderHint {
    pub name: &'static str,
    pub selectors: &'static [&'static str],
    pub advice: &'static str,
}

// Services recognised from both their MX hosts and their SPF include.
pub const GOOGLE_WORKSPACE: ProviderHint = ProviderHint {
    name: "Google Workspace",
    selectors: &["google"],
    advice: "turn on \"Authenticate email\" in the Google Admin console (Apps > Gmail)",
};

pub const MICROSOFT_365: ProviderHint = ProviderHint {
    name: "Microsoft 365",
    selectors: &["selector1", "selector2"],
    advice: "enable DKIM for the domain in the Microsoft Defender portal and publish the two CNAMEs it shows",
};

pub const MX_HINTS: &[(&str, ProviderHint)] = &[
    ("google.com", GOOGLE_WORKSPACE),
    ("googlemail.com", GOOGLE_WORKSPACE),
    ("mail.protection.outlook.com", MICROSOFT_365),
    (
        "messagingengine.com",
        ProviderHint {
            name: "Fastmail",
            selectors: &["fm1", "fm2", "fm3"],
            advice: "publish the DKIM CNAMEs shown in Fastmail's domain settings",
        },
    ),
    (
        "protonmail.ch",
        ProviderHint {
            name: "Proton Mail",
            selectors: &["protonmail", "protonmail2", "protonmail3"],
            advice: "publish the DKIM CNAMEs shown in Proton's domain settings",
        },
    ),
];

pub const SPF_HINTS: &[(&str, ProviderHint)] = &[
    ("_spf.google.com", GOOGLE_WORKSPACE),
    ("spf.protection.outlook.com", MICROSOFT_365),
    (
        "servers.mcsv.net",
        ProviderHint {
            name: "Mailchimp",
            selectors: &["k1", "k2", "k3"],
            advice: "authenticate the domain in Mailchimp and publish the k1/k2 CNAMEs it shows",
        },
    ),
    (
        "mandrillapp.com",
        ProviderHint {
            name: "Mailchimp Transactional (Mandrill)",
            selectors: &["mandrill", "mte1", "mte2"],
            advice: "verify the sending domain in Mandrill and publish the DKIM record it shows",
        },
    ),
    (
        "sendgrid.net",
        ProviderHint {
            name: "SendGrid",
            selectors: &["s1", "s2"],
            advice: "authenticate the domain in SendGrid and publish the s1/s2 CNAMEs it shows",
        },
    ),
    (
        "mailgun.org",
        ProviderHint {
            name: "Mailgun",
            selectors: &["mx", "krs", "pic", "smtp"],
            advice: "verify the domain in Mailgun and publish the DKIM record it shows (its selector is in the Mailgun DNS settings)",
        },
    ),
    (
        "zendesk.com",
        ProviderHint {
            name: "Zendesk",
            selectors: &["zendesk1", "zendesk2"],
            advice: "publish the zendesk1/zendesk2 CNAMEs from Zendesk's email settings",
        },
    ),
    (
        "spf.constantcontact.com",
        ProviderHint {
            name: "Constant Contact",
            selectors: &["ctct1", "ctct2"],
            advice: "authenticate the domain in Constant Contact and publish the ctct1/ctct2 CNAMEs",
        },
    ),
    (
        "amazonses.com",
        ProviderHint {
            name: "Amazon SES",
            selectors: &[],
            advice: "Easy DKIM uses random selectors: copy the three CNAME names from the SES console and pass the part before ._domainkey with --selector",
        },
    ),
];
