//! Input rules shared by the server (authoritative) and the browser.

use crate::error::{FieldError, Problem};

/// Collects field problems; `finish` turns them into one `AppError::Invalid`.
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn new() -> Self {
        Checks::default()
    }

    pub fn check(&mut self, field: &str, result: Result<(), Problem>) -> &mut Self {
        if let Err(problem) = result {
            self.0.push(FieldError::new(field, problem));
        }
        self
    }

    pub fn finish(&mut self) -> Result<(), crate::error::AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(crate::error::AppError::Invalid(std::mem::take(&mut self.0)))
        }
    }
}

fn length(value: &str, min: usize, max: usize) -> Result<(), Problem> {
    let count = value.chars().count();
    if count == 0 && min > 0 {
        Err(Problem::Required)
    } else if count < min {
        Err(Problem::TooShort { min: min as u32 })
    } else if count > max {
        Err(Problem::TooLong { max: max as u32 })
    } else {
        Ok(())
    }
}

/// A name shown in lists (tenant, connection): no control characters.
pub fn name(value: &str) -> Result<(), Problem> {
    length(value, 1, 80)?;
    if value.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Err(Problem::ForbiddenCharacters);
    }
    Ok(())
}

/// A person's display name: also safe inside a SIP caller id or a realtime
/// value, so no quotes, angle brackets, semicolons or control characters.
pub fn display_name(value: &str) -> Result<(), Problem> {
    length(value, 1, 80)?;
    if value.chars().any(|c| {
        c.is_control() || is_bidi_control(c) || matches!(c, '"' | '\'' | '<' | '>' | ';' | '\\')
    }) {
        return Err(Problem::ForbiddenCharacters);
    }
    Ok(())
}

/// Characters that reorder the text around them (a name that shows as
/// "Admin" but reads otherwise, "Trojan Source"): embeddings, overrides,
/// isolates and marks. Not control characters to `char::is_control`.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

pub fn email(value: &str) -> Result<(), Problem> {
    length(value, 1, 254)?;
    let Some((local, domain)) = value.split_once('@') else {
        return Err(Problem::InvalidEmail);
    };
    let valid = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && value
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '"' | ';' | ',' | '\\'));
    if valid {
        Ok(())
    } else {
        Err(Problem::InvalidEmail)
    }
}

pub const MIN_PASSWORD: usize = 10;

pub fn new_password(value: &str) -> Result<(), Problem> {
    length(value, MIN_PASSWORD, 256)
}

/// A host name or IP literal, no scheme, port or path.
pub fn host(value: &str) -> Result<(), Problem> {
    length(value, 1, 253)?;
    let ok = value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
        && !value.starts_with(['-', '.'])
        && (value.parse::<std::net::IpAddr>().is_ok() || !value.contains(':'));
    if ok {
        Ok(())
    } else {
        Err(Problem::InvalidHost)
    }
}

pub fn port(value: u16) -> Result<(), Problem> {
    if value == 0 {
        Err(Problem::OutOfRange { min: 1, max: 65535 })
    } else {
        Ok(())
    }
}

/// AMI/ARI user names and secrets go into protocol lines: one line, printable.
pub fn protocol_token(value: &str, required: bool) -> Result<(), Problem> {
    if value.is_empty() {
        return if required {
            Err(Problem::Required)
        } else {
            Ok(())
        };
    }
    length(value, 1, 128)?;
    if value.chars().any(char::is_control) {
        return Err(Problem::ForbiddenCharacters);
    }
    Ok(())
}

pub const MIN_SIP_SECRET: usize = 16;

/// A SIP secret typed by an admin: long enough, and from characters every
/// SIP client and provisioning file takes without quoting.
pub fn sip_secret(value: &str) -> Result<(), Problem> {
    let count = value.chars().count();
    if count < MIN_SIP_SECRET {
        return Err(Problem::WeakSecret {
            min: MIN_SIP_SECRET as u32,
        });
    }
    length(value, MIN_SIP_SECRET, 64)?;
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
    {
        return Err(Problem::ForbiddenCharacters);
    }
    Ok(())
}

/// A name Asterisk uses as an object id (trunk, music class): it starts
/// with a letter, then letters, digits, - and _.
pub fn identifier(value: &str) -> Result<(), Problem> {
    length(value, 1, 40)?;
    let mut chars = value.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if starts_with_letter && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')) {
        Ok(())
    } else {
        Err(Problem::InvalidIdentifier)
    }
}

/// A SIP user name: an identifier or a plain number (providers use both).
pub fn identifier_or_number(value: &str) -> Result<(), Problem> {
    if !value.is_empty() && value.len() <= 40 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    identifier(value)
}

pub fn in_range(value: i64, min: i64, max: i64) -> Result<(), Problem> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(Problem::OutOfRange { min, max })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_that_break_caller_ids_are_refused() {
        assert!(display_name("Alice Martin").is_ok());
        assert!(display_name("Zoë Ça").is_ok());
        for bad in [
            "A\"B",
            "<x>",
            "a;b",
            "line\nbreak",
            "",
            "Admin\u{202E}nimda",
            "x\u{2066}y",
            "\u{200F}",
        ] {
            assert!(display_name(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn emails() {
        assert!(email("ops@example.com").is_ok());
        for bad in ["nope", "a@b", "@b.c", "a@.c", "a b@c.d", "a@b.c;drop"] {
            assert_eq!(email(bad), Err(Problem::InvalidEmail), "{bad}");
        }
    }

    #[test]
    fn hosts_and_tokens() {
        assert!(host("127.0.0.1").is_ok());
        assert!(host("::1").is_ok());
        assert!(host("pbx.example.com").is_ok());
        assert!(host("http://pbx").is_err());
        assert!(host("pbx:5038").is_err());
        assert!(protocol_token("admin\r\nAction: Originate", true).is_err());
        assert_eq!(protocol_token("", true), Err(Problem::Required));
    }

    #[test]
    fn sip_secrets_and_identifiers() {
        assert!(sip_secret("Abcdefgh12345678").is_ok());
        assert_eq!(sip_secret("short"), Err(Problem::WeakSecret { min: 16 }));
        assert_eq!(
            sip_secret("Abcdefgh1234567\"x"),
            Err(Problem::ForbiddenCharacters)
        );
        assert!(identifier("provider-a_1").is_ok());
        for bad in ["1abc", "a b", "a;b", "", "a\nb"] {
            assert!(identifier(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn checks_collect_every_problem() {
        let mut checks = Checks::new();
        checks
            .check("email", email("x"))
            .check("display_name", display_name(""));
        let Err(crate::error::AppError::Invalid(errors)) = checks.finish() else {
            panic!("expected invalid");
        };
        assert_eq!(errors.len(), 2);
    }
}
