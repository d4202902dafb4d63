//! "FreePBX / Asterisk": the tenant's PBX connections. Saving works without
//! JavaScript; "Test connection" needs it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::pbx::{
    DeletePbxConnection, SavePbxConnection, TestPbxConnection, list_pbx_connections,
    may_set_targets,
};
use crate::api::recordings::sync_states;
use crate::api::tenants::{SetTenantTimeZone, list_tenants};
use crate::i18n::{T, describe_check, describe_error};
use crate::model::{
    AriScheme, CheckOutcome, PbxConnection, PbxConnectionForm, SyncProgress, Tenant,
};
use crate::ui::auth::use_me;
use crate::ui::components::{Field, FieldMessage, FormAlert, TenantSelect, action_error};
use crate::ui::lang::{t, use_lang};
use crate::ui::pages::tenants::{TimeZoneForm, TimeZoneList};

/// A tenant's own time zone: set by its admins, shown to READ_ONLY.
#[component]
fn OwnTimeZone(tenant: i64, can_write: bool) -> impl IntoView {
    let zone = ServerAction::<SetTenantTimeZone>::new();
    let error = action_error(zone);
    let tenants = Resource::new(move || zone.version().get(), |_| list_tenants());
    view! {
        <section class="card narrow" aria-label=t(T::TenantTimeZone)>
            <h2>{t(T::TenantTimeZone)}</h2>
            <p class="hint">{t(T::TimeZoneExplained)}</p>
            {can_write.then(|| view! { <TimeZoneList /> })}
            <Suspense>
                {move || Suspend::new(async move {
                    let own = tenants.await.ok().and_then(|list| list.into_iter().find(|x| x.id == tenant));
                    own.map(|own| {
                        if can_write {
                            view! { <TimeZoneForm tenant=own action=zone /> }.into_any()
                        } else {
                            view! { <p>{own.time_zone}</p> }.into_any()
                        }
                    })
                })}
            </Suspense>
            <FieldMessage error field="time_zone" />
            <FormAlert error />
        </section>
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let me = use_me();
    let lang = use_lang();
    let save = ServerAction::<SavePbxConnection>::new();
    let delete = ServerAction::<DeletePbxConnection>::new();
    let connections = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| list_pbx_connections(),
    );
    // Every resource of the page is made here and awaited by the one
    // Suspense below. A Suspense inside it (each card's sync state, the new
    // connection's tenant list, as they were) did not hydrate: the page
    // panicked with "unrecoverable hydration error" when opened by URL
    // (15-direct.spec.ts opens every page that way).
    let syncs = Resource::new(
        move || (save.version().get(), delete.version().get()),
        |_| sync_states(),
    );
    let targets = Resource::new(|| (), |_| may_set_targets());
    let query = use_query_map();
    let editing = move || {
        query
            .read()
            .get("edit")
            .and_then(|id| id.parse::<i64>().ok())
    };
    let creating = move || query.read().get("new").is_some();
    let can_write = me.can_write();
    // Only a super admin picks the tenant of a new connection.
    let pick_tenant = me.is_super_admin();
    let tenants = Resource::new(
        move || pick_tenant && creating(),
        |wanted| async move {
            if wanted {
                list_tenants().await
            } else {
                Ok(Vec::new())
            }
        },
    );
    let delete_error = action_error(delete);
    view! {
        <Title text=format!("{} · Switchboard", t(T::Settings)) />
        <h1>{t(T::Settings)}</h1>
        <p class="alert info">{t(T::RecordingsNotice)}</p>
        {me.tenant_id.map(|tenant| view! { <OwnTimeZone tenant can_write=me.can_write() /> })}
        {(!can_write).then(|| view! { <p class="alert info">{t(T::ReadOnlyNotice)}</p> })}
        <FormAlert error=delete_error />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || {
                Suspend::new(async move {
                    let list = match connections.await {
                        Ok(list) => list,
                        Err(error) => {
                            return view! {
                                <p class="alert error" role="alert">{describe_error(lang, &error)}</p>
                            }
                                .into_any();
                        }
                    };
                    let syncs = syncs.await.unwrap_or_default();
                    let tenants = tenants.await.unwrap_or_default();
                    // Who may point a connection somewhere is the operator's
                    // decision; the server refuses the rest anyway.
                    let targets = targets.await.unwrap_or(false);
                    let new_link = (can_write && targets).then(|| view! {
                        <p>
                            <a class="button" href="/settings?new=1">
                                {t(T::NewConnection)}
                            </a>
                        </p>
                    });
                    let form = if can_write && targets && creating() {
                        let tenants = pick_tenant.then_some(tenants);
                        Some(view! { <ConnectionForm existing=None save tenants targets /> }.into_any())
                    } else if let Some(id) = editing().filter(|_| can_write) {
                        list.iter()
                            .find(|c| c.id == id)
                            .cloned()
                            .map(|c| view! { <ConnectionForm existing=Some(c) save tenants=None targets /> }.into_any())
                    } else {
                        None
                    };
                    let cards = if list.is_empty() {
                        view! { <p>{t(T::NoConnections)}</p> }.into_any()
                    } else {
                        list.into_iter()
                            .map(|connection| {
                                let sync = syncs
                                    .iter()
                                    .find(|(id, _)| *id == connection.id)
                                    .and_then(|(_, progress)| progress.clone());
                                view! { <ConnectionCard connection sync can_write delete /> }
                            })
                            .collect_view()
                            .into_any()
                    };
                    view! {
                        {new_link}
                        {form}
                        <div class="cards">{cards}</div>
                    }
                        .into_any()
                })
            }}
        </Suspense>
    }
}

#[component]
fn ConnectionCard(
    connection: PbxConnection,
    sync: Option<SyncProgress>,
    can_write: bool,
    delete: ServerAction<DeletePbxConnection>,
) -> impl IntoView {
    let lang = use_lang();
    let test = ServerAction::<TestPbxConnection>::new();
    let test_error = action_error(test);
    let id = connection.id.to_string();
    let secret_state = |set: bool| {
        if set {
            t(T::SecretSaved)
        } else {
            t(T::SecretNotSet)
        }
    };
    let heading_id = format!("connection-{}", connection.id);
    let labelled_by = heading_id.clone();
    let delete_id = id.clone();
    let edit_href = format!("/settings?edit={}", connection.id);
    let report = move || {
        test.value().get().and_then(Result::ok).map(|report| {
            let mut rows = vec![
                (T::CheckAmi, report.ami),
                (T::CheckAri, report.ari),
                (T::CheckRealtime, report.realtime),
            ];
            rows.extend(report.cdr.map(|cdr| (T::CheckCdr, cdr)));
            view! {
                <ul class="checks" role="status" aria-label=t(T::TestConnection)>
                    {rows
                        .into_iter()
                        .map(|(label, outcome)| {
                            let (class, verdict, text) = match outcome {
                                CheckOutcome::Ok { detail } => ("ok", t(T::Ok), detail),
                                CheckOutcome::Failed { problem } => {
                                    ("failed", t(T::Failed), describe_check(lang, &problem))
                                }
                            };
                            view! {
                                <li class=class>
                                    <strong>{t(label)} ": " {verdict}</strong>
                                    " — "
                                    {text}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
        })
    };
    view! {
        <article class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id>{connection.name.clone()}</h2>
            <dl class="facts">
                <dt>{t(T::Tenant)}</dt>
                <dd>{connection.tenant_name.clone()}</dd>
                <dt>{t(T::Host)}</dt>
                <dd>{connection.host.clone()}</dd>
                <dt>{t(T::AmiPort)}</dt>
                <dd>{connection.ami_port}</dd>
                <dt>{t(T::AmiUsername)}</dt>
                <dd>{connection.ami_username.clone()}</dd>
                <dt>{t(T::AmiSecret)}</dt>
                <dd>{secret_state(connection.ami_secret_set)}</dd>
                <dt>"ARI"</dt>
                <dd>{format!("{}://{}:{}", connection.ari_scheme.as_str(), connection.host, connection.ari_port)}</dd>
                <dt>{t(T::AriUsername)}</dt>
                <dd>{connection.ari_username.clone()}</dd>
                <dt>{t(T::AriPassword)}</dt>
                <dd>{secret_state(connection.ari_password_set)}</dd>
                <dt>{t(T::RealtimeDbUrl)}</dt>
                <dd>{connection.realtime_db_url.clone()}</dd>
                <dt>{t(T::RealtimeDbPassword)}</dt>
                <dd>{secret_state(connection.realtime_db_password_set)}</dd>
                <dt>{t(T::CdrDbUrl)}</dt>
                <dd>
                    {if connection.cdr_db_url.is_empty() {
                        t(T::NoneSet).to_owned()
                    } else {
                        connection.cdr_db_url.clone()
                    }}
                </dd>
                <dt>{t(T::CdrDbPassword)}</dt>
                <dd>{secret_state(connection.cdr_db_password_set)}</dd>
                <dt>{t(T::DbCaPem)}</dt>
                <dd>{if connection.db_ca_pem.is_empty() { t(T::NoneSet) } else { "PEM" }}</dd>
                <dt>{t(T::SyncInterval)}</dt>
                <dd>{connection.sync_interval_minutes}</dd>
                <dt>{t(T::Recordings)}</dt>
                <dd>
                    <crate::ui::pages::pbx::SyncState progress=sync />
                    <a href=format!("/pbx/{}/recordings", connection.id)>{t(T::Recordings)}</a>
                </dd>
                <dt>{t(T::NumberRange)}</dt>
                <dd>{format!("{}–{}", connection.range_start, connection.range_end)}</dd>
                <dt>{t(T::SavedBy)}</dt>
                <dd>{connection.saved_by.clone().unwrap_or_default()}</dd>
            </dl>
            <div class="row-actions">
                <ActionForm action=test attr:class="inline">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" disabled=move || test.pending().get()>
                        {move || if test.pending().get() { t(T::Testing) } else { t(T::TestConnection) }}
                    </button>
                </ActionForm>
                {can_write
                    .then(|| {
                        view! {
                            <a class="button" href=edit_href>
                                {t(T::Edit)}
                            </a>
                            <details class="confirm">
                                <summary>{t(T::Delete)}</summary>
                                <ActionForm action=delete attr:class="inline">
                                    <input type="hidden" name="id" value=delete_id.clone() />
                                    <span>{t(T::ConfirmDelete)}</span>
                                    <button type="submit" class="danger">{t(T::YesDelete)}</button>
                                </ActionForm>
                            </details>
                        }
                    })}
            </div>
            <FormAlert error=test_error />
            {report}
        </article>
    }
}

/// Create (no `existing`) or edit. Secret inputs start empty: an empty
/// secret keeps the saved one. `tenants`: the tenants to pick from (a super
/// admin creating), `None` where the tenant is not chosen here.
#[component]
fn ConnectionForm(
    existing: Option<PbxConnection>,
    save: ServerAction<SavePbxConnection>,
    tenants: Option<Vec<Tenant>>,
    // May change where it points: otherwise those fields are read-only.
    targets: bool,
) -> impl IntoView {
    let locked = !targets;
    let error = action_error(save);
    let defaults = PbxConnectionForm::default();
    let is_edit = existing.is_some();
    let value = |edit: Option<String>, default: String| edit.unwrap_or(default);
    let e = existing.clone();
    let name = value(e.as_ref().map(|c| c.name.clone()), defaults.name.clone());
    let host = value(e.as_ref().map(|c| c.host.clone()), defaults.host.clone());
    let ami_port = value(
        e.as_ref().map(|c| c.ami_port.to_string()),
        defaults.ami_port.to_string(),
    );
    let ami_username = value(e.as_ref().map(|c| c.ami_username.clone()), String::new());
    let ari_port = value(
        e.as_ref().map(|c| c.ari_port.to_string()),
        defaults.ari_port.to_string(),
    );
    let ari_username = value(e.as_ref().map(|c| c.ari_username.clone()), String::new());
    let realtime = value(e.as_ref().map(|c| c.realtime_db_url.clone()), String::new());
    let cdr = value(e.as_ref().map(|c| c.cdr_db_url.clone()), String::new());
    let ca_pem = value(e.as_ref().map(|c| c.db_ca_pem.clone()), String::new());
    let realtime_password_set = e.as_ref().is_some_and(|c| c.realtime_db_password_set);
    let cdr_password_set = e.as_ref().is_some_and(|c| c.cdr_db_password_set);
    let interval = value(
        e.as_ref().map(|c| c.sync_interval_minutes.to_string()),
        defaults.sync_interval_minutes.to_string(),
    );
    let range_start = value(
        e.as_ref().map(|c| c.range_start.to_string()),
        defaults.range_start.to_string(),
    );
    let range_end = value(
        e.as_ref().map(|c| c.range_end.to_string()),
        defaults.range_end.to_string(),
    );
    let scheme = e.as_ref().map(|c| c.ari_scheme).unwrap_or_default();
    let trust = e.as_ref().is_some_and(|c| c.ari_trust_cert);
    let secret_hint = |set: bool| if set { t(T::SecretSaved) } else { "" };
    let ami_secret_set = e.as_ref().is_some_and(|c| c.ami_secret_set);
    let ari_password_set = e.as_ref().is_some_and(|c| c.ari_password_set);
    let heading = if is_edit {
        t(T::Edit)
    } else {
        t(T::NewConnection)
    };
    view! {
        <section class="card">
            <h2>{heading}</h2>
            {locked.then(|| view! { <p class="alert info">{t(T::TargetsLockedHint)}</p> })}
            <ActionForm action=save>
                {existing
                    .as_ref()
                    .map(|c| {
                        view! {
                            <input type="hidden" name="form[id]" value=c.id.to_string() />
                            <input type="hidden" name="form[version]" value=c.version.to_string() />
                        }
                    })}
                {tenants
                    .map(|tenants| {
                        view! {
                            <label for="pbx-tenant">{t(T::Tenant)}</label>
                            <TenantSelect id="pbx-tenant" name="form[tenant_id]" tenants />
                            <FieldMessage error field="tenant_id" />
                        }
                    })}
                <div class="grid">
                    <Field id="pbx-name" label=t(T::Name) error field="name">
                        <input id="pbx-name" name="form[name]" value=name required maxlength="80" />
                    </Field>
                    <Field id="pbx-host" label=t(T::Host) error field="host">
                        <input id="pbx-host" name="form[host]" value=host required readonly=locked />
                    </Field>
                    <Field id="pbx-ami-port" label=t(T::AmiPort) error field="ami_port">
                        <input id="pbx-ami-port" name="form[ami_port]" type="number" min="1" max="65535" value=ami_port required readonly=locked />
                    </Field>
                    <Field id="pbx-ami-username" label=t(T::AmiUsername) error field="ami_username">
                        <input id="pbx-ami-username" name="form[ami_username]" value=ami_username autocomplete="off" required />
                    </Field>
                    <Field id="pbx-ami-secret" label=t(T::AmiSecret) error field="ami_secret">
                        <input
                            id="pbx-ami-secret"
                            name="form[ami_secret]"
                            type="password"
                            autocomplete="new-password"
                            placeholder=secret_hint(ami_secret_set)
                            required=!is_edit
                        />
                    </Field>
                    <div>
                        <label for="pbx-ari-scheme">{t(T::AriScheme)}</label>
                        // A disabled control is not sent: its value goes in a
                        // hidden field instead.
                        <select id="pbx-ari-scheme" name="form[ari_scheme]" disabled=locked>
                            <option value="http" selected=scheme == AriScheme::Http>"http"</option>
                            <option value="https" selected=scheme == AriScheme::Https>"https"</option>
                        </select>
                        {locked.then(|| view! { <input type="hidden" name="form[ari_scheme]" value=scheme.as_str() /> })}
                    </div>
                    <Field id="pbx-ari-port" label=t(T::AriPort) error field="ari_port">
                        <input id="pbx-ari-port" name="form[ari_port]" type="number" min="1" max="65535" value=ari_port required readonly=locked />
                    </Field>
                    <Field id="pbx-ari-username" label=t(T::AriUsername) error field="ari_username">
                        <input id="pbx-ari-username" name="form[ari_username]" value=ari_username autocomplete="off" required />
                    </Field>
                    <Field id="pbx-ari-password" label=t(T::AriPassword) error field="ari_password">
                        <input
                            id="pbx-ari-password"
                            name="form[ari_password]"
                            type="password"
                            autocomplete="new-password"
                            placeholder=secret_hint(ari_password_set)
                            required=!is_edit
                        />
                    </Field>
                    <div class="checkbox">
                        <input id="pbx-ari-trust" name="form[ari_trust_cert]" type="checkbox" value="true" checked=trust disabled=locked />
                        {(locked && trust).then(|| view! { <input type="hidden" name="form[ari_trust_cert]" value="true" /> })}
                        <label for="pbx-ari-trust">{t(T::AriTrustCert)}</label>
                    </div>
                    <Field id="pbx-realtime" label=t(T::RealtimeDbUrl) error field="realtime_db_url" wide=true>
                        <input
                            id="pbx-realtime"
                            name="form[realtime_db_url]"
                            value=realtime
                            placeholder="sqlite:///var/lib/asterisk/realtime.sqlite3"
                            aria-describedby="pbx-realtime-hint"
                            required
                            readonly=locked
                        />
                        <p class="hint" id="pbx-realtime-hint">{t(T::RealtimeDbHint)}</p>
                    </Field>
                    <Field id="pbx-realtime-password" label=t(T::RealtimeDbPassword) error field="realtime_db_password">
                        <input
                            id="pbx-realtime-password"
                            name="form[realtime_db_password]"
                            type="password"
                            autocomplete="new-password"
                            placeholder=secret_hint(realtime_password_set)
                        />
                    </Field>
                    <Field id="pbx-cdr" label=t(T::CdrDbUrl) error field="cdr_db_url" wide=true>
                        <input
                            id="pbx-cdr"
                            name="form[cdr_db_url]"
                            value=cdr
                            placeholder="mysql://switchboard@pbx.example.net/asteriskcdrdb"
                            aria-describedby="pbx-cdr-hint"
                            readonly=locked
                        />
                        <p class="hint" id="pbx-cdr-hint">{t(T::CdrDbHint)}</p>
                    </Field>
                    <Field id="pbx-cdr-password" label=t(T::CdrDbPassword) error field="cdr_db_password">
                        <input
                            id="pbx-cdr-password"
                            name="form[cdr_db_password]"
                            type="password"
                            autocomplete="new-password"
                            placeholder=secret_hint(cdr_password_set)
                        />
                    </Field>
                    <Field id="pbx-db-ca" label=t(T::DbCaPem) error field="db_ca_pem" wide=true>
                        <textarea
                            id="pbx-db-ca"
                            name="form[db_ca_pem]"
                            rows="3"
                            spellcheck="false"
                            placeholder="-----BEGIN CERTIFICATE-----"
                            aria-describedby="pbx-db-ca-hint"
                            readonly=locked
                        >
                            {ca_pem}
                        </textarea>
                        <p class="hint" id="pbx-db-ca-hint">{t(T::DbCaHint)}</p>
                    </Field>
                    <Field id="pbx-interval" label=t(T::SyncInterval) error field="sync_interval_minutes">
                        <input id="pbx-interval" name="form[sync_interval_minutes]" type="number" min="1" max="1440" value=interval required />
                    </Field>
                    <Field id="pbx-range-start" label=t(T::RangeStart) error field="range_start">
                        <input id="pbx-range-start" name="form[range_start]" type="number" min="0" max="999999999" value=range_start required />
                    </Field>
                    <Field id="pbx-range-end" label=t(T::RangeEnd) error field="range_end">
                        <input id="pbx-range-end" name="form[range_end]" type="number" min="0" max="999999999" value=range_end required />
                    </Field>
                </div>
                <FormAlert error />
                <button type="submit">{t(T::Save)}</button>
                " "
                <a href="/settings">{t(T::Cancel)}</a>
            </ActionForm>
        </section>
    }
}
