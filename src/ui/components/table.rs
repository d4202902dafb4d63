//! A labelled data table: its accessible name and column headers from the
//! text table, rows from the caller.

use leptos::prelude::*;

use crate::i18n::T;
use crate::ui::lang::t;

#[component]
pub fn DataTable(label: T, columns: Vec<T>, children: Children) -> impl IntoView {
    view! {
        <table aria-label=t(label)>
            <thead>
                <tr>
                    {columns
                        .into_iter()
                        .map(|column| view! { <th scope="col">{t(column)}</th> })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>{children()}</tbody>
        </table>
    }
}
