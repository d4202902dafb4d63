use leptos::prelude::document;

use crate::i18n::Lang;

pub fn detect() -> Lang {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|code| Lang::from_code(&code))
        .unwrap_or_default()
}
