//! Small pieces the pages share.

mod form;
mod pager;
mod table;

pub use form::{ErrorNotice, Field, FieldMessage, FormAlert, TenantSelect, action_error};
pub use pager::{OpenPager, Pager, use_page_param};
pub use table::DataTable;
