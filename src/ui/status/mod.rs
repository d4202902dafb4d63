//! Sets the HTTP status of a page rendered on the server (404 for pages that
//! do not exist for this user). In the browser there is nothing to set.

#[cfg(feature = "ssr")]
mod server_side;
#[cfg(feature = "ssr")]
pub use server_side::set_not_found;

#[cfg(not(feature = "ssr"))]
mod browser_side;
#[cfg(not(feature = "ssr"))]
pub use browser_side::set_not_found;
