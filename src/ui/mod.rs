//! Pages and components. Data comes only from server functions in `api`.

pub mod auth;
pub mod components;
pub mod format;
pub mod lang;
pub mod layout;
pub mod live;
pub mod pages;
pub mod status;
