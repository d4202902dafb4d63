//! Small pieces the pages share.

mod form;

pub use form::{FieldMessage, FormAlert, action_error};
