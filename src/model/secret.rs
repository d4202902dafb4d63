use serde::{Deserialize, Serialize};

/// A secret typed into a form, on its way to the server. It is never part of
/// a reply; `Debug` hides it so it cannot reach a log by accident. An empty
/// value means "keep the saved one".
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SecretInput(String);

impl SecretInput {
    pub fn new(value: impl Into<String>) -> Self {
        SecretInput(value.into())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_empty() {
            "SecretInput(<empty>)"
        } else {
            "SecretInput(<redacted>)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let secret = SecretInput::new("hunter2");
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}
