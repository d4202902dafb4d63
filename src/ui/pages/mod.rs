//! One file per page.

mod account;
mod audit;
mod dashboard;
mod live;
mod login;
mod not_found;
mod pbx;
mod settings;
mod setup;
mod tenants;
mod two_factor;
mod users;

pub use account::AccountPage;
pub use audit::AuditPage;
pub use dashboard::DashboardPage;
pub use live::LivePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use pbx::{
    CallsPage, ExtensionEditPage, ExtensionImportPage, ExtensionsPage, PbxIndexPage, QueuesPage,
    RecordingsPage, TrunksPage,
};
pub use settings::SettingsPage;
pub use setup::SetupPage;
pub use tenants::TenantsPage;
pub use two_factor::{SecondStepPage, TwoFactorCard};
pub use users::UsersPage;
