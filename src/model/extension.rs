use serde::{Deserialize, Serialize};

use super::SecretInput;

/// The codecs an extension may offer, by their Asterisk names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Codec {
    Ulaw,
    Alaw,
    G722,
    Opus,
    G729,
    Gsm,
}

impl Codec {
    pub const ALL: [Codec; 6] = [
        Codec::Ulaw,
        Codec::Alaw,
        Codec::G722,
        Codec::Opus,
        Codec::G729,
        Codec::Gsm,
    ];
    /// What a new extension offers unless told otherwise.
    pub const DEFAULT: [Codec; 2] = [Codec::Ulaw, Codec::Alaw];

    pub fn as_str(self) -> &'static str {
        match self {
            Codec::Ulaw => "ulaw",
            Codec::Alaw => "alaw",
            Codec::G722 => "g722",
            Codec::Opus => "opus",
            Codec::G729 => "g729",
            Codec::Gsm => "gsm",
        }
    }

    pub fn parse(value: &str) -> Option<Codec> {
        let value = value.trim();
        Codec::ALL
            .into_iter()
            .find(|codec| codec.as_str().eq_ignore_ascii_case(value))
    }

    /// A list typed by a person: comma-, semicolon-, bar- or space-separated,
    /// duplicates dropped, empty meaning the default. `Err` names the first
    /// unknown codec (at most 20 characters of it).
    pub fn parse_list(text: &str) -> Result<Vec<Codec>, String> {
        let mut codecs = Vec::new();
        for name in text
            .split([',', ';', '|', ' '])
            .filter(|c| !c.trim().is_empty())
        {
            let codec = Codec::parse(name)
                .ok_or_else(|| name.trim().chars().take(20).collect::<String>())?;
            if !codecs.contains(&codec) {
                codecs.push(codec);
            }
        }
        if codecs.is_empty() {
            codecs = Codec::DEFAULT.to_vec();
        }
        Ok(codecs)
    }

    /// `ulaw,alaw` as Asterisk's `allow` takes it.
    pub fn join(codecs: &[Codec]) -> String {
        codecs
            .iter()
            .map(|codec| codec.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// Where a phone stands, as Asterisk reports its contacts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Registration {
    /// Asterisk's contact status: Reachable, Unreachable, NonQualified...
    pub status: String,
    pub user_agent: String,
    /// `address:port` the phone registered from.
    pub address: String,
}

/// What the live side of a list could tell: the registrations, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LiveState {
    Known,
    /// AMI could not be asked; registration columns are unknown.
    Unavailable {
        problem: super::CheckProblem,
    },
}

/// One extension: a PJSIP endpoint, its auth and its AOR, under one number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extension {
    pub pbx_connection_id: i64,
    pub number: String,
    pub display_name: String,
    pub email: Option<String>,
    pub codecs: Vec<Codec>,
    /// `None` when not registered (or when the live state is unknown).
    pub registration: Option<Registration>,
    /// A fingerprint of the rows as read: a save naming an older one is
    /// refused, whoever changed the rows (us, another admin, Asterisk's CLI).
    pub version: String,
}

/// A page of a PBX's extensions, with the number plan it allocates from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionList {
    pub extensions: super::Page<Extension>,
    pub live: LiveState,
    pub range_start: u32,
    pub range_end: u32,
}

/// Create or edit an extension. On edit the number is fixed and `version`
/// is the one the editor opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ExtensionForm {
    pub pbx_connection_id: i64,
    /// Empty on create: the lowest free number of the range.
    pub number: String,
    pub display_name: String,
    pub email: String,
    /// `ulaw,alaw`: comma-, semicolon- or space-separated. Empty: ulaw,alaw.
    pub codecs: String,
    /// Empty: generated on create, kept on edit.
    pub secret: SecretInput,
    pub version: Option<String>,
}

/// A SIP secret on its way to the one admin who asked for it: shown once at
/// creation or on an audited "reveal". Serializable by necessity; `Debug`
/// hides it so it cannot reach a log.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevealedSecret {
    pub number: String,
    pub secret: String,
}

impl std::fmt::Debug for RevealedSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RevealedSecret({}, <redacted>)", self.number)
    }
}

/// The reply to a create: the extension, and its secret this one time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedExtension {
    pub extension: Extension,
    pub secret: RevealedSecret,
}

/// One line of a CSV import, judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportLine {
    /// 1-based line in the file, the header being line 1.
    pub line: u32,
    pub number: String,
    pub display_name: String,
    pub problems: Vec<crate::error::FieldError>,
}

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub dry_run: bool,
    /// True only when every line was valid and all were written.
    pub imported: bool,
    pub total: u32,
    pub valid: u32,
    /// Lines with problems (all lines are listed on a dry run).
    pub lines: Vec<ImportLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codecs_round_trip_and_unknown_ones_are_refused() {
        for codec in Codec::ALL {
            assert_eq!(Codec::parse(codec.as_str()), Some(codec));
        }
        assert_eq!(Codec::parse(" ULAW "), Some(Codec::Ulaw));
        assert_eq!(Codec::parse("all"), None);
        assert_eq!(Codec::join(&Codec::DEFAULT), "ulaw,alaw");
        assert_eq!(
            Codec::parse_list("g722; ulaw g722"),
            Ok(vec![Codec::G722, Codec::Ulaw])
        );
        assert_eq!(Codec::parse_list(" "), Ok(Codec::DEFAULT.to_vec()));
        assert_eq!(Codec::parse_list("ulaw,h264"), Err("h264".to_owned()));
    }

    #[test]
    fn a_revealed_secret_stays_out_of_debug_output() {
        let secret = RevealedSecret {
            number: "1000".into(),
            secret: "Zx9Zx9Zx9Zx9Zx9Zx9".into(),
        };
        assert!(!format!("{secret:?}").contains("Zx9"));
    }
}
