//! Reading a saved run (`--previous FILE`): which command it came from and
//! what is wrong with it when it cannot be used.

use super::*;
use std::path::Path;

/// The largest saved run read (10,000 domains stay far below it).
pub const MAX_PREVIOUS_BYTES: u64 = 512 * 1024 * 1024;

/// Which command a saved run came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Command {
    Check,
    Losses,
}

impl Command {
    fn name(self) -> &'static str {
        match self {
            Command::Check => "check",
            Command::Losses => "losses",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error("cannot read {0}")]
    Read(String),
    #[error("{path} is larger than {MAX_PREVIOUS_BYTES} bytes")]
    TooLarge { path: String },
    #[error(
        "{0} is empty; save a run with `--format json -o FILE` first (never redirect into the file given to --previous)"
    )]
    Empty(String),
    #[error("{path} is not JSON ({why}); --previous needs a saved `mailaudit {wanted} --format json` run")]
    NotJson {
        path: String,
        why: String,
        wanted: &'static str,
    },
    #[error("{path} is not a saved mailaudit run; --previous needs a saved `mailaudit {wanted} --format json` run")]
    NotARun { path: String, wanted: &'static str },
    #[error(
        "{path} is a saved `mailaudit {found}` run; --previous of `{wanted}` needs a saved `mailaudit {wanted} --format json` run"
    )]
    WrongCommand {
        path: String,
        found: &'static str,
        wanted: &'static str,
    },
    #[error("{path} has schema_version {found}; this mailaudit reads schema_version {expected}")]
    Version { path: String, found: u64, expected: u32 },
    #[error("{path}: {why}")]
    Invalid { path: String, why: String },
}

/// A saved run, checked to be of the command that reads it.
#[derive(Debug, Clone)]
pub enum Previous {
    Check(SavedCheck),
    Losses(Box<LossReport>),
}

/// A saved `check` run: the baseline's reading of it (findings), and each
/// domain's verdict, which a baseline does not need.
#[derive(Debug, Clone)]
pub struct SavedCheck {
    pub run: SavedRun,
    /// Domain -> verdict status (`ok`, `failing`...), for domains that have one.
    pub verdicts: BTreeMap<String, String>,
}

impl SavedCheck {
    fn new(run: SavedRun, value: &serde_json::Value) -> Self {
        let verdicts = value["domains"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                let domain = d["domain"].as_str()?;
                let status = d["verdict"]["status"].as_str()?;
                Some((domain.to_string(), status.to_string()))
            })
            .collect();
        SavedCheck { run, verdicts }
    }
}

/// The saved run and where its date came from.
#[derive(Debug, Clone)]
pub struct PreviousRun {
    /// The file as given.
    pub label: String,
    pub run: Previous,
    /// The file's modification time (YYYY-MM-DD, UTC), when the system knows it.
    pub modified: Option<String>,
}

/// Which command's JSON `value` is, by its top-level shape.
pub(super) fn command_of(value: &serde_json::Value) -> Option<Command> {
    let object = value.as_object()?;
    if object.get("losses").is_some_and(|l| l.is_object()) {
        Some(Command::Losses)
    } else if object.get("domains").is_some_and(|d| d.is_array()) {
        Some(Command::Check)
    } else {
        None
    }
}

/// Read and validate a saved run of `wanted` from text. `label` names the file in errors.
pub fn parse(text: &str, wanted: Command, label: &str) -> Result<Previous, PreviousError> {
    let path = label.to_string();
    if text.trim().is_empty() {
        return Err(PreviousError::Empty(path));
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| PreviousError::NotJson {
        path: path.clone(),
        why: e.to_string(),
        wanted: wanted.name(),
    })?;
    let found = command_of(&value).ok_or_else(|| PreviousError::NotARun {
        path: path.clone(),
        wanted: wanted.name(),
    })?;
    if found != wanted {
        return Err(PreviousError::WrongCommand {
            path,
            found: found.name(),
            wanted: wanted.name(),
        });
    }
    let version = value.get("schema_version").and_then(serde_json::Value::as_u64);
    let expected = match wanted {
        Command::Check => crate::check::SCHEMA_VERSION,
        Command::Losses => LossReport::SCHEMA_VERSION,
    };
    match version {
        Some(v) if v == u64::from(expected) => {}
        Some(v) => {
            return Err(PreviousError::Version {
                path,
                found: v,
                expected,
            });
        }
        None => {
            return Err(PreviousError::NotARun {
                path,
                wanted: wanted.name(),
            });
        }
    }
    let invalid = |e: String| PreviousError::Invalid {
        path: label.to_string(),
        why: e,
    };
    match wanted {
        // The baseline's reader: lenient, only what a diff needs.
        Command::Check => SavedRun::parse(text)
            .map(|run| Previous::Check(SavedCheck::new(run, &value)))
            .map_err(|e| invalid(e.to_string())),
        Command::Losses => {
            let losses = value.get("losses").cloned().unwrap_or_default();
            serde_json::from_value::<LossReport>(losses)
                .map(|r| Previous::Losses(Box::new(r)))
                .map_err(|e| invalid(format!("not a saved losses run: {e}")))
        }
    }
}

/// Read `path` (size-capped) and validate it as a saved run of `wanted`.
pub fn load(path: &Path, wanted: Command) -> Result<PreviousRun, PreviousError> {
    use crate::input::limits::{CappedReadError, read_text_capped};
    let label = path.display().to_string();
    let text = read_text_capped(path, MAX_PREVIOUS_BYTES).map_err(|e| match e {
        CappedReadError::TooLarge(_) => PreviousError::TooLarge { path: label.clone() },
        CappedReadError::NotUtf8 => PreviousError::NotJson {
            path: label.clone(),
            why: "not UTF-8 text".into(),
            wanted: wanted.name(),
        },
        other => PreviousError::Read(format!("{label}: {other}")),
    })?;
    let run = parse(&text, wanted, &label)?;
    let modified = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(|t| chrono::DateTime::<chrono::Utc>::from(t).format("%Y-%m-%d").to_string());
    Ok(PreviousRun { label, run, modified })
}
