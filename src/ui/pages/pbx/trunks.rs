//! SIP trunks of one PBX: list with registration states, create and edit
//! (the secret is write-only), delete; says how the registration reload went.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::trunks::{DeleteTrunk, SaveTrunk, list_trunks};
use crate::i18n::{T, describe_check};
use crate::model::{Codec, LiveState, ReloadOutcome, Trunk, TrunkSaved};
use crate::ui::auth::use_me;
use crate::ui::components::{DataTable, ErrorNotice, Field, FieldMessage, FormAlert, action_error};
use crate::ui::lang::{t, use_lang};

use super::{PbxHeading, use_pbx_id};

#[component]
pub fn TrunksPage() -> impl IntoView {
    let me = use_me();
    let lang = use_lang();
    let pbx = use_pbx_id();
    let query = use_query_map();
    let save = ServerAction::<SaveTrunk>::new();
    let delete = ServerAction::<DeleteTrunk>::new();
    let list = Resource::new(
        move || (pbx.get(), save.version().get(), delete.version().get()),
        |(pbx, _, _)| list_trunks(pbx),
    );
    let delete_error = action_error(delete);
    let can_write = me.can_write();
    let outcome = move || {
        let saved: Option<TrunkSaved> = save
            .value()
            .get()
            .and_then(Result::ok)
            .or_else(|| delete.value().get().and_then(Result::ok));
        saved.map(|saved| {
            let text = match saved.reload {
                ReloadOutcome::NotNeeded => t(T::Saved).to_owned(),
                ReloadOutcome::Reloaded => t(T::RegistrationsReloaded).to_owned(),
                ReloadOutcome::Failed { problem } => {
                    format!("{} {}", t(T::ReloadFailed), describe_check(lang, &problem))
                }
                ReloadOutcome::Refused { message } => format!("{} {message}", t(T::ReloadFailed)),
            };
            view! { <p class="alert info" role="status" aria-label=t(T::Trunks)>{text}</p> }
        })
    };
    view! {
        <PbxHeading pbx title=T::Trunks tab=T::Trunks can_write />
        {outcome}
        <FormAlert error=delete_error />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let editing = query.read().get("edit");
                        let form = can_write.then(|| {
                            let existing = editing
                                .and_then(|name| list.trunks.iter().find(|tr| tr.name == name).cloned());
                            view! { <TrunkFormView existing save pbx=pbx.get_untracked() /> }
                        });
                        let live_notice = match &list.live {
                            LiveState::Known => None,
                            LiveState::Unavailable { problem } => Some(view! {
                                <p class="alert info">{t(T::RegistrationUnknown)} ": " {describe_check(lang, problem)}</p>
                            }),
                        };
                        let rows = list
                            .trunks
                            .into_iter()
                            .map(|trunk| view! { <TrunkRow trunk can_write delete /> })
                            .collect_view();
                        view! {
                            {form}
                            {live_notice}
                            <DataTable label=T::Trunks columns=vec![T::Name, T::Provider, T::SipUsername, T::Registration, T::MatchIps, T::Codecs, T::Actions]>
                                {rows}
                            </DataTable>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TrunkRow(trunk: Trunk, can_write: bool, delete: ServerAction<DeleteTrunk>) -> impl IntoView {
    let registration = if trunk.register {
        trunk
            .registration_status
            .clone()
            .unwrap_or_else(|| t(T::Unknown).to_owned())
    } else {
        t(T::NoRegistration).to_owned()
    };
    let name = trunk.name.clone();
    let actions = can_write.then(|| {
        let pbx = trunk.pbx_connection_id;
        view! {
            <a class="button" href=format!("/pbx/{pbx}/trunks?edit={name}") aria-label=format!("{} {}", t(T::Edit), name)>
                {t(T::Edit)}
            </a>
            <details class="confirm">
                <summary>{t(T::Delete)}</summary>
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
                    <input type="hidden" name="name" value=name.clone() />
                    <input type="hidden" name="version" value=trunk.version.clone() />
                    <button type="submit" class="danger" aria-label=format!("{} {}", t(T::YesDelete), name)>
                        {t(T::YesDelete)}
                    </button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <tr>
            <td>{trunk.name.clone()}</td>
            <td>{format!("{}:{}", trunk.host, trunk.port)}</td>
            <td>{trunk.username.clone()}</td>
            <td>{registration}</td>
            <td>{trunk.match_ips.join(", ")}</td>
            <td>{Codec::join(&trunk.codecs)}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
fn TrunkFormView(
    existing: Option<Trunk>,
    save: ServerAction<SaveTrunk>,
    pbx: i64,
) -> impl IntoView {
    let error = action_error(save);
    let heading = match &existing {
        Some(trunk) => format!("{} {}", t(T::Trunk), trunk.name),
        None => t(T::NewTrunk).to_owned(),
    };
    let e = existing.clone();
    let host = e.as_ref().map_or_else(String::new, |tr| tr.host.clone());
    let port = e.as_ref().map_or(5060, |tr| tr.port).to_string();
    let username = e
        .as_ref()
        .map_or_else(String::new, |tr| tr.username.clone());
    let register = e.as_ref().is_some_and(|tr| tr.register);
    let match_ips = e
        .as_ref()
        .map_or_else(String::new, |tr| tr.match_ips.join(", "));
    let codecs = e.as_ref().map_or_else(
        || Codec::join(&Codec::DEFAULT),
        |tr| Codec::join(&tr.codecs),
    );
    let secret_hint = if e.as_ref().is_some_and(|tr| tr.secret_set) {
        t(T::SecretSaved)
    } else {
        ""
    };
    view! {
        <section class="card">
            <h2>{heading}</h2>
            <ActionForm action=save>
                <input type="hidden" name="form[pbx_connection_id]" value=pbx.to_string() />
                {match &existing {
                    Some(trunk) => view! {
                        <input type="hidden" name="form[name]" value=trunk.name.clone() />
                        <input type="hidden" name="form[version]" value=trunk.version.clone() />
                    }
                        .into_any(),
                    None => view! {
                        <label for="trunk-name">{t(T::Name)}</label>
                        <input id="trunk-name" name="form[name]" required maxlength="40" />
                        <FieldMessage error field="name" />
                    }
                        .into_any(),
                }}
                <div class="grid">
                    <Field id="trunk-host" label=t(T::Host) error field="host">
                        <input id="trunk-host" name="form[host]" value=host required />
                    </Field>
                    <Field id="trunk-port" label=t(T::SipPort) error field="port">
                        <input id="trunk-port" name="form[port]" type="number" min="1" max="65535" value=port required />
                    </Field>
                    <Field id="trunk-username" label=t(T::SipUsername) error field="username">
                        <input id="trunk-username" name="form[username]" value=username autocomplete="off" />
                    </Field>
                    <Field id="trunk-secret" label=t(T::SipSecret) error field="secret">
                        <input id="trunk-secret" name="form[secret]" type="password" autocomplete="new-password" placeholder=secret_hint />
                    </Field>
                    <div class="checkbox">
                        <input id="trunk-register" name="form[register]" type="checkbox" value="true" checked=register />
                        <label for="trunk-register">{t(T::RegisterTrunk)}</label>
                    </div>
                    <Field id="trunk-ips" label=t(T::MatchIps) error field="match_ips">
                        <input id="trunk-ips" name="form[match_ips]" value=match_ips placeholder="192.0.2.0/24" />
                    </Field>
                    <Field id="trunk-codecs" label=t(T::Codecs) error field="codecs">
                        <input id="trunk-codecs" name="form[codecs]" value=codecs />
                    </Field>
                </div>
                <FormAlert error />
                <button type="submit">{t(T::Save)}</button>
            </ActionForm>
        </section>
    }
}
