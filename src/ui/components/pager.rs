//! Previous / next links under a paginated table. Plain links (`?page=N`),
//! so paging works without JavaScript and a page can be bookmarked.

use leptos::prelude::*;

use crate::i18n::{T, page_number, page_of};
use crate::ui::lang::{t, use_lang};

/// `base` is the page's path with its other query parameters and a trailing
/// `?` or `&`, e.g. `/audit?object=user&`.
#[component]
pub fn Pager(page: u32, pages: u32, total: u64, #[prop(into)] base: String) -> impl IntoView {
    let lang = use_lang();
    let link = move |n: u32| format!("{base}page={n}");
    view! {
        <nav class="pager" aria-label=t(T::Pagination)>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t(T::Previous)}</a> })}
            <span>{page_of(lang, page, pages, total)}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{t(T::Next)}</a> })}
        </nav>
    }
}

/// Previous / next links while the number of pages is not known (yet):
/// "next" shows when the page found more rows.
#[component]
pub fn OpenPager(page: u32, has_next: bool, #[prop(into)] base: String) -> impl IntoView {
    let lang = use_lang();
    let link = move |n: u32| format!("{base}page={n}");
    view! {
        <nav class="pager" aria-label=t(T::Pagination)>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t(T::Previous)}</a> })}
            <span>{page_number(lang, page)}</span>
            {has_next.then(|| view! { <a href=link(page + 1) rel="next">{t(T::Next)}</a> })}
        </nav>
    }
}

/// The `page` query parameter of the current URL.
pub fn use_page_param() -> Memo<Option<u32>> {
    let query = leptos_router::hooks::use_query_map();
    Memo::new(move |_| query.read().get("page").and_then(|p| p.parse().ok()))
}
