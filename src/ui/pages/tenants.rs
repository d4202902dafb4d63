use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::tenants::{
    CreateTenant, RenameTenant, SetTenantEnabled, SetTenantTimeZone, tenant_page, time_zones,
};
use crate::api::two_factor::{
    RequireTwoFactorForTenant, SetTwoFactorPolicy, get_two_factor_policy,
};
use crate::i18n::{T, describe_error};
use crate::model::Tenant;
use crate::ui::auth::use_me;
use crate::ui::components::{FieldMessage, FormAlert, Pager, action_error, use_page_param};
use crate::ui::lang::{t, use_lang};

/// SUPER_ADMIN only (the server refuses everyone else anyway).
#[component]
pub fn TenantsPage() -> impl IntoView {
    let me = use_me();
    let lang = use_lang();
    let create = ServerAction::<CreateTenant>::new();
    let rename = ServerAction::<RenameTenant>::new();
    let toggle = ServerAction::<SetTenantEnabled>::new();
    let zone = ServerAction::<SetTenantTimeZone>::new();
    let require = ServerAction::<RequireTwoFactorForTenant>::new();
    let page = use_page_param();
    let tenants = Resource::new(
        move || {
            (
                page.get(),
                create.version().get(),
                rename.version().get(),
                toggle.version().get(),
                zone.version().get(),
                require.version().get(),
            )
        },
        |(page, ..)| tenant_page(page),
    );
    let create_error = action_error(create);
    let rename_error = action_error(rename);
    let zone_error = action_error(zone);
    if !me.is_super_admin() {
        crate::ui::status::set_not_found();
        return view! { <p class="alert error" role="alert">{t(T::Forbidden)}</p> }.into_any();
    }
    view! {
        <Title text=format!("{} · Switchboard", t(T::Tenants)) />
        <h1>{t(T::Tenants)}</h1>
        <section class="card narrow">
            <h2>{t(T::NewTenant)}</h2>
            <ActionForm action=create>
                <label for="new-tenant-name">{t(T::Name)}</label>
                <input id="new-tenant-name" name="name" required maxlength="80" />
                <FieldMessage error=create_error field="name" />
                <FormAlert error=create_error />
                <button type="submit">{t(T::Create)}</button>
            </ActionForm>
        </section>
        <TwoFactorPolicyCard />
        <FormAlert error=rename_error />
        <FieldMessage error=rename_error field="name" />
        <FieldMessage error=zone_error field="time_zone" />
        <TimeZoneList />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match tenants.await {
                    Ok(list) if list.total == 0 => view! { <p>{t(T::NoTenants)}</p> }.into_any(),
                    Ok(list) => {
                        let pager = view! {
                            <Pager page=list.page pages=list.pages() total=list.total base="/tenants?" />
                        };
                        view! {
                            <table aria-label=t(T::Tenants)>
                                <thead>
                                    <tr>
                                        <th scope="col">{t(T::Name)}</th>
                                        <th scope="col">{t(T::Status)}</th>
                                        <th scope="col">{t(T::TimeZone)}</th>
                                        <th scope="col">{t(T::Actions)}</th>
                                        <th scope="col">{t(T::TwoFactor)}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {list
                                        .items
                                        .into_iter()
                                        .map(|tenant| view! { <TenantRow tenant rename toggle zone require /> })
                                        .collect_view()}
                                </tbody>
                            </table>
                            {pager}
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
    .into_any()
}

#[component]
fn TenantRow(
    tenant: Tenant,
    rename: ServerAction<RenameTenant>,
    toggle: ServerAction<SetTenantEnabled>,
    zone: ServerAction<SetTenantTimeZone>,
    require: ServerAction<RequireTwoFactorForTenant>,
) -> impl IntoView {
    let zone_form = view! { <TimeZoneForm tenant=tenant.clone() action=zone /> };
    let id = tenant.id.to_string();
    let toggle_id = id.clone();
    let name = tenant.name.clone();
    let status = if tenant.enabled {
        t(T::Enabled)
    } else {
        t(T::Disabled)
    };
    let (toggle_label, next_enabled) = if tenant.enabled {
        (t(T::Disable), "false")
    } else {
        (t(T::Enable), "true")
    };
    let rename_label = format!("{} {}", t(T::Rename), tenant.name);
    let require_id = id.clone();
    let (two_factor, require_next, require_label) = if tenant.require_two_factor {
        (
            t(T::Required),
            "false",
            format!(
                "{} {}: {}",
                t(T::RequireTwoFactor),
                tenant.name,
                t(T::Optional)
            ),
        )
    } else {
        (
            t(T::Optional),
            "true",
            format!("{} {}", t(T::RequireTwoFactor), tenant.name),
        )
    };
    let toggle_aria = format!("{toggle_label} {}", tenant.name);
    view! {
        <tr>
            <td>{tenant.name.clone()}</td>
            <td>{status}</td>
            <td>{zone_form}</td>
            <td class="row-actions">
                <ActionForm action=rename attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <input name="name" value=name aria-label=rename_label.clone() required />
                    <button type="submit" aria-label=rename_label>{t(T::Rename)}</button>
                </ActionForm>
                <ActionForm action=toggle attr:class="inline">
                    <input type="hidden" name="id" value=toggle_id />
                    <input type="hidden" name="enabled" value=next_enabled />
                    <button type="submit" aria-label=toggle_aria>{toggle_label}</button>
                </ActionForm>
            </td>
            <td>
                {two_factor}
                <ActionForm action=require attr:class="inline">
                    <input type="hidden" name="id" value=require_id />
                    <input type="hidden" name="required" value=require_next />
                    <button type="submit" aria-label=require_label>
                        {if require_next == "true" { t(T::RequireTwoFactor) } else { t(T::Optional) }}
                    </button>
                </ActionForm>
            </td>
        </tr>
    }
}

/// The tenant's time zone, an IANA name picked from the suggestions of
/// `TimeZoneList` (which the page must hold once).
#[component]
pub fn TimeZoneForm(tenant: Tenant, action: ServerAction<SetTenantTimeZone>) -> impl IntoView {
    let label = format!("{} {}", t(T::TimeZone), tenant.name);
    // Not "Save": the Settings page's connection form has that button.
    let save_label = format!("{} {}", t(T::SetTimeZone), tenant.name);
    view! {
        <ActionForm action attr:class="inline">
            <input type="hidden" name="id" value=tenant.id.to_string() />
            <input
                name="time_zone"
                value=tenant.time_zone.clone()
                list="time-zones"
                aria-label=label
                required
                maxlength="64"
                autocomplete="off"
            />
            <button type="submit" aria-label=save_label>{t(T::SetZone)}</button>
        </ActionForm>
    }
}

/// The IANA names the time zone fields suggest.
#[component]
pub fn TimeZoneList() -> impl IntoView {
    let names = Resource::new(|| (), |_| time_zones());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let options = names
                    .await
                    .unwrap_or_default()
                    .into_iter()
                    .map(|name| view! { <option value=name></option> })
                    .collect_view();
                view! { <datalist id="time-zones">{options}</datalist> }
            })}
        </Suspense>
    }
}

/// Two-factor for everyone, or per tenant (the column of the table).
#[component]
fn TwoFactorPolicyCard() -> impl IntoView {
    let set = ServerAction::<SetTwoFactorPolicy>::new();
    let error = action_error(set);
    let policy = Resource::new(move || set.version().get(), |_| get_two_factor_policy());
    view! {
        <section class="card narrow" aria-label=t(T::RequireTwoFactor)>
            <h2>{t(T::RequireTwoFactor)}</h2>
            <p class="hint">{t(T::TwoFactorPolicyExplained)}</p>
            <Suspense>
                {move || Suspend::new(async move {
                    let everyone = policy.await.map(|p| p.required_for_everyone).unwrap_or(false);
                    view! {
                        <ActionForm action=set attr:class="inline">
                            <label>
                                <input type="checkbox" name="required_for_everyone" value="true" checked=everyone />
                                {t(T::RequireForEveryone)}
                            </label>
                            <button type="submit">{t(T::Save)}</button>
                        </ActionForm>
                    }
                })}
            </Suspense>
            <FormAlert error />
        </section>
    }
}
