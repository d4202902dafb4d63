//! PBX configuration: pick a connection, then its extensions, trunks and
//! queues.

mod calls;
mod extensions;
mod queues;
mod recordings;
mod trunks;

pub use calls::CallsPage;
pub use extensions::{ExtensionEditPage, ExtensionImportPage, ExtensionsPage};
pub use queues::QueuesPage;
pub use recordings::{RecordingsPage, SyncState};
pub use trunks::TrunksPage;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::pbx::list_pbx_connections;
use crate::i18n::T;
use crate::ui::components::ErrorNotice;
use crate::ui::lang::t;

/// The `:id` of `/pbx/:id/...`.
pub fn use_pbx_id() -> Memo<i64> {
    let params = use_params_map();
    Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse().ok())
            .unwrap_or(0)
    })
}

#[component]
pub fn PbxIndexPage() -> impl IntoView {
    let connections = Resource::new(|| (), |_| list_pbx_connections());
    view! {
        <Title text=format!("{} · Switchboard", t(T::PbxConfiguration)) />
        <h1>{t(T::PbxConfiguration)}</h1>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match connections.await {
                    Ok(list) if list.is_empty() => view! { <p>{t(T::NoPbxYet)}</p> }.into_any(),
                    Ok(list) => {
                        view! {
                            <ul class="pbx-list">
                                {list
                                    .into_iter()
                                    .map(|c| {
                                        view! {
                                            <li>
                                                <strong>{c.name.clone()}</strong>
                                                " (" {c.tenant_name.clone()} ") — "
                                                <a href=format!("/pbx/{}/extensions", c.id)>{t(T::Extensions)}</a>
                                                " · "
                                                <a href=format!("/pbx/{}/trunks", c.id)>{t(T::Trunks)}</a>
                                                " · "
                                                <a href=format!("/pbx/{}/queues", c.id)>{t(T::Queues)}</a>
                                                " · "
                                                <a href=format!("/pbx/{}/recordings", c.id)>{t(T::Recordings)}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Title, heading and tabs of a PBX configuration page, and the read-only
/// notice for those who may not change anything.
#[component]
pub fn PbxHeading(pbx: Memo<i64>, title: T, tab: T, can_write: bool) -> impl IntoView {
    view! {
        <Title text=format!("{} · Switchboard", t(title)) />
        <h1>{t(title)}</h1>
        {move || view! { <PbxTabs id=pbx.get() current=tab /> }}
        {(!can_write).then(|| view! { <p class="alert info">{t(T::ReadOnlyNotice)}</p> })}
    }
}

/// Links between the parts of one PBX's configuration.
#[component]
fn PbxTabs(id: i64, current: T) -> impl IntoView {
    let tabs = [
        (T::Extensions, format!("/pbx/{id}/extensions")),
        (T::Trunks, format!("/pbx/{id}/trunks")),
        (T::Queues, format!("/pbx/{id}/queues")),
        (T::CallHistory, format!("/pbx/{id}/calls")),
        (T::Recordings, format!("/pbx/{id}/recordings")),
    ];
    view! {
        <nav class="tabs" aria-label=t(T::PbxConfiguration)>
            {tabs
                .into_iter()
                .map(|(label, href)| {
                    let here = label == current;
                    view! {
                        <a href=href aria-current=here.then_some("page")>{t(label)}</a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
