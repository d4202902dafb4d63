use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::tenants::list_tenants;
use crate::api::two_factor::ResetTwoFactor;
use crate::api::users::{CreateUser, UpdateUser, list_users};
use crate::i18n::{T, describe_error};
use crate::model::{Me, Role, User};
use crate::ui::auth::use_me;
use crate::ui::components::{
    FieldMessage, FormAlert, Pager, TenantSelect, action_error, use_page_param,
};
use crate::ui::lang::{t, use_lang};

#[component]
pub fn UsersPage() -> impl IntoView {
    let me = use_me();
    let lang = use_lang();
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let reset = ServerAction::<ResetTwoFactor>::new();
    let page = use_page_param();
    let users = Resource::new(
        move || {
            (
                page.get(),
                create.version().get(),
                update.version().get(),
                reset.version().get(),
            )
        },
        |(page, ..)| list_users(page),
    );
    // The tenants a super admin picks from.
    let pick_tenant = me.is_super_admin();
    let tenants = Resource::new(
        move || pick_tenant,
        |wanted| async move {
            if wanted {
                list_tenants().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let create_error = action_error(create);
    let update_error = action_error(update);
    let can_write = me.can_write();
    view! {
        <Title text=format!("{} · Switchboard", t(T::Users)) />
        <h1>{t(T::Users)}</h1>
        {(!can_write).then(|| view! { <p class="alert info">{t(T::ReadOnlyNotice)}</p> })}
        {can_write
            .then(|| {
                let me = me.clone();
                view! {
                    <section class="card narrow">
                        <h2>{t(T::NewUser)}</h2>
                        <ActionForm action=create>
                            {me
                                .is_super_admin()
                                .then(|| {
                                    // Only a super admin picks the tenant.
                                    view! {
                                        <label for="new-user-tenant">{t(T::Tenant)}</label>
                                        <Suspense>
                                            {move || Suspend::new(async move {
                                                let tenants = tenants.await.unwrap_or_default();
                                                view! { <TenantSelect id="new-user-tenant" name="tenant_id" tenants /> }
                                            })}
                                        </Suspense>
                                        <FieldMessage error=create_error field="tenant_id" />
                                    }
                                })}
                            <label for="new-user-email">{t(T::Email)}</label>
                            <input id="new-user-email" name="email" type="email" required />
                            <FieldMessage error=create_error field="email" />
                            <label for="new-user-name">{t(T::DisplayName)}</label>
                            <input id="new-user-name" name="display_name" required />
                            <FieldMessage error=create_error field="display_name" />
                            <label for="new-user-role">{t(T::Role)}</label>
                            <RoleSelect id="new-user-role" me=me.clone() selected=Role::ReadOnly />
                            <FieldMessage error=create_error field="role" />
                            <label for="new-user-password">{t(T::Password)}</label>
                            <input
                                id="new-user-password"
                                name="password"
                                type="password"
                                autocomplete="new-password"
                                minlength="10"
                                required
                            />
                            <FieldMessage error=create_error field="password" />
                            <FormAlert error=create_error />
                            <button type="submit">{t(T::Create)}</button>
                        </ActionForm>
                    </section>
                }
            })}
        <FormAlert error=update_error />
        <FieldMessage error=update_error field="role" />
        <FieldMessage error=update_error field="display_name" />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || {
                let me = me.clone();
                Suspend::new(async move {
                    match users.await {
                        Ok(list) if list.total == 0 => view! { <p>{t(T::NoUsers)}</p> }.into_any(),
                        Ok(list) => {
                            let pager = view! {
                                <Pager page=list.page pages=list.pages() total=list.total base="/users?" />
                            };
                            view! {
                                <table aria-label=t(T::Users)>
                                    <thead>
                                        <tr>
                                            <th scope="col">{t(T::Email)}</th>
                                            <th scope="col">{t(T::DisplayName)}</th>
                                            <th scope="col">{t(T::Tenant)}</th>
                                            <th scope="col">{t(T::Role)}</th>
                                            <th scope="col">{t(T::Status)}</th>
                                            <th scope="col">{t(T::TwoFactor)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .items
                                            .into_iter()
                                            .map(|user| view! { <UserRow user me=me.clone() update reset /> })
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
                })
            }}
        </Suspense>
    }
}

/// The roles `me` may give: never SUPER_ADMIN unless `me` is one.
#[component]
fn RoleSelect(id: &'static str, me: Me, selected: Role) -> impl IntoView {
    let roles = Role::ALL
        .into_iter()
        .filter(|role| *role != Role::SuperAdmin || me.is_super_admin())
        .map(|role| {
            view! {
                <option value=role.as_str() selected=role == selected>
                    {t(role.label())}
                </option>
            }
        })
        .collect_view();
    view! {
        <select id=id name="role">
            {roles}
        </select>
    }
}

#[component]
fn UserRow(
    user: User,
    me: Me,
    update: ServerAction<UpdateUser>,
    reset: ServerAction<ResetTwoFactor>,
) -> impl IntoView {
    let status = if user.enabled {
        t(T::Enabled)
    } else {
        t(T::Disabled)
    };
    let tenant = user
        .tenant_name
        .clone()
        .unwrap_or_else(|| t(T::AllTenants).to_owned());
    let editable = me.can_write()
        && user.id != me.user_id
        && (me.is_super_admin() || user.role != Role::SuperAdmin);
    let form_id = format!("user-{}", user.id);
    let role_cell = if editable {
        let roles = Role::ALL
            .into_iter()
            // A user's place is fixed: tenant users stay tenant users.
            .filter(|role| (*role == Role::SuperAdmin) == (user.role == Role::SuperAdmin))
            .map(|role| {
                view! {
                    <option value=role.as_str() selected=role == user.role>
                        {t(role.label())}
                    </option>
                }
            })
            .collect_view();
        view! {
            <select name="role" form=form_id.clone() aria-label=format!("{} {}", t(T::Role), user.email)>
                {roles}
            </select>
        }
            .into_any()
    } else {
        t(user.role.label()).into_any()
    };
    let status_cell = if editable {
        let id = user.id.to_string();
        let display_name = user.display_name.clone();
        let save_label = format!("{} {}", t(T::Save), user.email);
        let enabled = user.enabled;
        view! {
            <ActionForm action=update attr:id=form_id.clone() attr:class="inline">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="display_name" value=display_name />
                <label>
                    <input type="checkbox" name="enabled" value="true" checked=enabled />
                    {t(T::Enabled)}
                </label>
                <button type="submit" aria-label=save_label>
                    {t(T::Save)}
                </button>
            </ActionForm>
        }
        .into_any()
    } else {
        status.into_any()
    };
    // A lost phone: only a SUPER_ADMIN removes someone's second factor.
    let two_factor_cell = if user.two_factor && me.is_super_admin() && user.id != me.user_id {
        let id = user.id.to_string();
        let label = format!("{} {}", t(T::ResetTwoFactor), user.email);
        view! {
            {t(T::Enabled)}
            <details class="confirm">
                <summary aria-label=label.clone()>{t(T::ResetTwoFactor)}</summary>
                <ActionForm action=reset attr:class="inline">
                    <input type="hidden" name="user_id" value=id />
                    <span>{t(T::ConfirmResetTwoFactor)}</span>
                    <button type="submit" class="danger" aria-label=label>{t(T::YesReset)}</button>
                </ActionForm>
            </details>
        }
        .into_any()
    } else if user.two_factor {
        t(T::Enabled).into_any()
    } else {
        "—".into_any()
    };
    view! {
        <tr>
            <td>{user.email.clone()}</td>
            <td>{user.display_name.clone()}</td>
            <td>{tenant}</td>
            <td>{role_cell}</td>
            <td>{status_cell}</td>
            <td>{two_factor_cell}</td>
        </tr>
    }
}
