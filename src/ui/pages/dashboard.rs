use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::pbx::list_pbx_connections;
use crate::i18n::T;
use crate::ui::auth::use_me;
use crate::ui::lang::t;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let me = use_me();
    let connections = Resource::new(|| (), |_| list_pbx_connections());
    view! {
        <Title text=format!("{} · Switchboard", t(T::Dashboard)) />
        <h1>{t(T::Welcome)} ", " {me.display_name.clone()}</h1>
        <section class="card">
            <h2>{t(T::PbxConnections)}</h2>
            <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    let list = connections.await.unwrap_or_default();
                    if list.is_empty() {
                        view! {
                            <p>
                                {t(T::NoConnections)} " " <a href="/settings">{t(T::Settings)}</a>
                            </p>
                        }
                            .into_any()
                    } else {
                        view! {
                            <ul class="plain">
                                {list
                                    .into_iter()
                                    .map(|c| view! { <li>{c.name} " — " {c.host} " (" {c.tenant_name} ")"</li> })
                                    .collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}
