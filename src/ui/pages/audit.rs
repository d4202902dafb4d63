//! Who changed what, newest first, filtered by object type and PBX. The filter is a
//! plain GET form: it lives in the URL and works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::audit::list_audit;
use crate::api::pbx::list_pbx_connections;
use crate::i18n::{T, describe_error};
use crate::model::{AuditFilter, AuditObject, AuditRecord};
use crate::ui::components::Pager;
use crate::ui::format::utc;
use crate::ui::lang::{t, use_lang};

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        AuditFilter {
            object: query.get("object").and_then(|o| AuditObject::parse(&o)),
            pbx: query.get("pbx").and_then(|p| p.parse().ok()),
            page: query.get("page").and_then(|p| p.parse().ok()),
        }
    });
    let records = Resource::new(move || filter.get(), list_audit);
    let connections = Resource::new(|| (), |_| list_pbx_connections());
    view! {
        <Title text=format!("{} · Switchboard", t(T::Audit)) />
        <h1>{t(T::Audit)}</h1>
        <form method="get" action="/audit" class="inline filters">
            <label for="audit-object">{t(T::Object)}</label>
            <select id="audit-object" name="object">
                <option value="">{t(T::AllObjects)}</option>
                {move || {
                    let chosen = filter.get().object;
                    AuditObject::ALL
                        .into_iter()
                        .map(|object| {
                            view! {
                                <option value=object.as_str() selected=chosen == Some(object)>
                                    {t(object.label())}
                                </option>
                            }
                        })
                        .collect_view()
                }}
            </select>
            <label for="audit-pbx">{t(T::Pbx)}</label>
            <Suspense>
                <select id="audit-pbx" name="pbx">
                    <option value="">{t(T::AllPbx)}</option>
                    {move || Suspend::new(async move {
                        let chosen = filter.get_untracked().pbx;
                        connections
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .map(|c| {
                                view! {
                                    <option value=c.id.to_string() selected=chosen == Some(c.id)>
                                        {c.name}
                                    </option>
                                }
                            })
                            .collect_view()
                    })}
                </select>
            </Suspense>
            <button type="submit">{t(T::Filter)}</button>
        </form>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match records.await {
                    Ok(page) if page.total == 0 => view! { <p>{t(T::NoAudit)}</p> }.into_any(),
                    Ok(page) => {
                        let current = filter.get_untracked();
                        let mut base = "/audit?".to_owned();
                        if let Some(object) = current.object {
                            base.push_str(&format!("object={}&", object.as_str()));
                        }
                        if let Some(pbx) = current.pbx {
                            base.push_str(&format!("pbx={pbx}&"));
                        }
                        view! {
                            <table aria-label=t(T::Audit)>
                                <thead>
                                    <tr>
                                        <th scope="col">{t(T::When)}</th>
                                        <th scope="col">{t(T::Who)}</th>
                                        <th scope="col">{t(T::Tenant)}</th>
                                        <th scope="col">{t(T::Pbx)}</th>
                                        <th scope="col">{t(T::Action)}</th>
                                        <th scope="col">{t(T::Object)}</th>
                                        <th scope="col">{t(T::Before)}</th>
                                        <th scope="col">{t(T::After)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page.items.clone().into_iter().map(|record| view! { <AuditRow record /> }).collect_view()}
                                </tbody>
                            </table>
                            <Pager page=page.page pages=page.pages() total=page.total base />
                        }
                            .into_any()
                    }
                    Err(error) => {
                        view! { <p class="alert error" role="alert">{describe_error(lang, &error)}</p> }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditRow(record: AuditRecord) -> impl IntoView {
    let document = |json: Option<String>| {
        json.map(|json| {
            let pretty = serde_json::from_str::<serde_json::Value>(&json)
                .and_then(|v| serde_json::to_string_pretty(&v))
                .unwrap_or(json);
            view! {
                <details>
                    <summary>"JSON"</summary>
                    <pre>{pretty}</pre>
                </details>
            }
        })
    };
    view! {
        <tr>
            <td>{utc(record.at)}</td>
            <td>{record.user_email}</td>
            <td>{record.tenant_name.unwrap_or_default()}</td>
            <td>{record.pbx_name.unwrap_or_default()}</td>
            <td>{t(record.action.label())}</td>
            <td>{t(record.object.label())} " " <strong>{record.object_label}</strong></td>
            <td>{document(record.before)}</td>
            <td>{document(record.after)}</td>
        </tr>
    }
}
