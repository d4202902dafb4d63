//! Recordings of one PBX, found over ARI: a player per row (seekable: the
//! server answers Range requests), a download, the call's details; "Sync
//! now" with its progress; retention by age with a preview. The filter is
//! a plain GET form and works without JavaScript, as do "Sync now" and
//! retention (form posts); the live progress needs the hydrated page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::recordings::{
    ApplyRetention, SetRetention, SyncRecordings, list_recordings, sync_status,
};
use crate::i18n::{T, describe_check, retention_done, sync_summary};
use crate::model::{Recording, RecordingFilter, RecordingOrigin, RetentionPlan, SyncProgress};
use crate::ui::auth::use_me;
use crate::ui::components::{DataTable, ErrorNotice, FieldMessage, FormAlert, Pager, action_error};
use crate::ui::format::utc;
use crate::ui::lang::{t, use_lang};

use super::{PbxHeading, use_pbx_id};

/// While a sync runs, its progress is asked for this often.
const POLL_EVERY: std::time::Duration = std::time::Duration::from_millis(400);

#[component]
pub fn RecordingsPage() -> impl IntoView {
    let me = use_me();
    let pbx = use_pbx_id();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let on = |name: &str| query.get(name).is_some_and(|v| v == "true");
        RecordingFilter {
            show_empty: on("show_empty"),
            show_gone: on("show_gone"),
            call: query.get("call").unwrap_or_default(),
            page: query.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
        }
    });
    let sync = ServerAction::<SyncRecordings>::new();
    let retention = ServerAction::<SetRetention>::new();
    let apply = ServerAction::<ApplyRetention>::new();
    // Bumped when a sync followed from this page ends: the list reloads.
    let synced = RwSignal::new(0u32);
    let list = Resource::new(
        move || {
            (
                pbx.get(),
                filter.get(),
                synced.get(),
                retention.version().get(),
                apply.version().get(),
            )
        },
        |(pbx, filter, ..)| list_recordings(pbx, filter),
    );
    // The retention preview comes with the list, in the one resource the
    // page's one Suspense awaits. Two earlier shapes failed to hydrate when
    // the page was opened by URL with a retention period set: a Suspense of
    // its own inside the list's, and then a second resource whose fetcher
    // awaited the list (on the server it re-ran as the list resolved, so
    // the ids the browser found data under were not the ones it made;
    // 15-direct.spec.ts caught it one load in a few).
    let live = RwSignal::new(None::<SyncProgress>);
    follow_sync(pbx, sync, live, synced);
    let can_write = me.can_write();
    view! {
        <PbxHeading pbx title=T::Recordings tab=T::Recordings can_write />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let current = filter.get_untracked();
                        let id = pbx.get_untracked();
                        let shown = move || live.get().or_else(|| list.sync.clone());
                        let base = format!("/pbx/{id}/recordings?{}&", query_string(&current));
                        let (page, pages, total) = (list.page.page, list.page.pages(), list.page.total);
                        let rows = list
                            .page
                            .items
                            .into_iter()
                            .map(|recording| view! { <RecordingRow pbx=id recording /> })
                            .collect_view();
                        view! {
                            <section class="card" aria-label=t(T::SyncProgress)>
                                {can_write.then(|| view! {
                                    <ActionForm action=sync attr:class="inline">
                                        <input type="hidden" name="pbx_connection_id" value=id.to_string() />
                                        <button type="submit">{t(T::SyncNow)}</button>
                                    </ActionForm>
                                })}
                                {move || view! { <SyncState progress=shown() /> }}
                            </section>
                            <RecordingFilterForm pbx=id filter=current.clone() />
                            {if total == 0 {
                                view! { <p>{t(T::NoRecordings)}</p> }.into_any()
                            } else {
                                view! {
                                    <DataTable label=T::Recordings columns=vec![T::When, T::Source, T::Destination, T::Duration, T::Size, T::Player, T::Details]>
                                        {rows}
                                    </DataTable>
                                    <Pager page pages total base />
                                }
                                    .into_any()
                            }}
                            <RetentionCard tenant=list.tenant_id days=list.retention_days can_write retention apply plan=list.retention />
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// After "Sync now" (hydrated page), asks for the sync's progress until it
/// ends, then reloads the list.
fn follow_sync(
    pbx: Memo<i64>,
    sync: ServerAction<SyncRecordings>,
    live: RwSignal<Option<SyncProgress>>,
    synced: RwSignal<u32>,
) {
    let polling = StoredValue::new(None::<IntervalHandle>);
    Effect::new(move |_| {
        let Some(Ok(started)) = sync.value().get() else {
            return;
        };
        live.set(Some(started.clone()));
        if !started.running || polling.get_value().is_some() {
            return;
        }
        let handle = set_interval_with_handle(
            move || {
                leptos::task::spawn_local(async move {
                    let Ok(Some(progress)) = sync_status(pbx.get_untracked()).await else {
                        return;
                    };
                    let finished = !progress.running;
                    live.set(Some(progress));
                    if finished && let Some(handle) = polling.get_value() {
                        handle.clear();
                        polling.set_value(None);
                        synced.update(|n| *n += 1);
                    }
                });
            },
            POLL_EVERY,
        );
        polling.set_value(handle.ok());
    });
}

/// "Sync progress": running or last, what it found, and what went wrong
/// (also on the connection's card of the Settings page).
#[component]
pub fn SyncState(progress: Option<SyncProgress>) -> impl IntoView {
    let lang = use_lang();
    let Some(progress) = progress else {
        return view! { <p role="status" aria-label=t(T::SyncProgress)>{t(T::NeverSynced)}</p> }
            .into_any();
    };
    let summary = sync_summary(
        lang,
        progress.found,
        progress.added,
        progress.failed,
        progress.gone,
    );
    let when = match (progress.running, progress.finished_at) {
        (true, _) => "…".to_owned(),
        (false, Some(at)) => format!(
            " · {} {}{}",
            t(T::LastSync),
            utc(at),
            progress
                .next_run_at
                .map(|next| format!(", {} {}", t(T::NextSync), utc(next)))
                .unwrap_or_default()
        ),
        (false, None) => String::new(),
    };
    let error = progress.error.as_ref().map(
        |problem| view! { <p class="alert error" role="alert">{describe_check(lang, problem)}</p> },
    );
    view! {
        <p role="status" aria-label=t(T::SyncProgress)>{summary} {when}</p>
        {progress.running.then(|| view! {
            <progress max=progress.to_examine.max(1).to_string() value=progress.examined.to_string() aria-label=t(T::SyncProgress)></progress>
        })}
        {error}
    }
        .into_any()
}

#[component]
fn RecordingFilterForm(pbx: i64, filter: RecordingFilter) -> impl IntoView {
    view! {
        <form method="get" action=format!("/pbx/{pbx}/recordings") class="filters" role="search">
            <label>
                <input type="checkbox" name="show_empty" value="true" checked=filter.show_empty />
                {t(T::ShowEmpty)}
            </label>
            <label>
                <input type="checkbox" name="show_gone" value="true" checked=filter.show_gone />
                {t(T::ShowGone)}
            </label>
            {(!filter.call.is_empty()).then(|| view! { <input type="hidden" name="call" value=filter.call.clone() /> })}
            <button type="submit">{t(T::Filter)}</button>
        </form>
    }
}

#[component]
fn RecordingRow(pbx: i64, recording: Recording) -> impl IntoView {
    let file = recording.file_name();
    let audio = format!("/api/audio/{}", recording.id);
    let download = format!("{audio}?download=true");
    let details = super::calls::legs_href(pbx, &recording.linkedid, &recording.uniqueid)
        .map(|href| view! { <a href=href>{t(T::CallDetails)}</a> " · " });
    let badge = match recording.origin {
        RecordingOrigin::FreePbx => "FreePBX",
        RecordingOrigin::Asterisk => "Asterisk",
    };
    let duration = recording
        .duration_ms
        .map(|ms| format!("{}:{:02}", ms / 60_000, (ms / 1000) % 60))
        .unwrap_or_else(|| "?".into());
    let playable = recording.gone_at.is_none() && !recording.empty;
    view! {
        <tr>
            <td>{recording.started_at.clone()}</td>
            <td>{recording.source.clone()}</td>
            <td>{recording.destination.clone()}</td>
            <td>{duration}</td>
            <td>{size(recording.size_bytes)}</td>
            <td>
                {playable.then(|| view! {
                    <audio controls preload="metadata" src=audio.clone() aria-label=format!("{} {file}", t(T::Player))></audio>
                })}
                {recording.empty.then(|| view! { <span class="badge">{t(T::EmptyRecording)}</span> })}
                {recording.gone_at.is_some().then(|| view! { <span class="badge">{t(T::GoneFromPbx)}</span> })}
            </td>
            <td>
                <span class="badge" title=t(T::Recording)>{badge}</span>
                " "
                {details}
                {playable.then(|| view! {
                    <a href=download.clone() download=file.clone() aria-label=format!("{} {file}", t(T::Download))>{t(T::Download)}</a>
                })}
                <br />
                <small>{file.clone()}</small>
            </td>
        </tr>
    }
}

fn size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        _ => format!("{:.1} MB", bytes as f64 / 1e6),
    }
}

/// The tenant's retention: the days, what they would delete (the preview,
/// read when asked for), and deleting exactly what the preview listed.
#[component]
fn RetentionCard(
    tenant: i64,
    days: Option<u32>,
    can_write: bool,
    retention: ServerAction<SetRetention>,
    apply: ServerAction<ApplyRetention>,
    plan: RetentionPlan,
) -> impl IntoView {
    let lang = use_lang();
    let set_error = action_error(retention);
    let apply_error = action_error(apply);
    let done = move || {
        apply
            .value()
            .get()
            .and_then(Result::ok)
            .map(|report| view! { <p role="status" class="alert info">{retention_done(lang, report.deleted, report.failed)}</p> })
    };
    view! {
        <section class="card" aria-label=t(T::Retention)>
            <h2>{t(T::Retention)}</h2>
            <p class="hint">{t(T::RetentionExplained)}</p>
            {if can_write {
                view! {
                    <ActionForm action=retention attr:class="inline">
                        <input type="hidden" name="tenant_id" value=tenant.to_string() />
                        <label for="retention-days">{t(T::RetentionDays)}</label>
                        <input id="retention-days" type="number" name="days" min="1" max="36500" value=days.map(|d| d.to_string()).unwrap_or_default() />
                        <button type="submit">{t(T::SetRetention)}</button>
                    </ActionForm>
                    <FieldMessage error=set_error field="days" />
                    <FormAlert error=set_error />
                }
                    .into_any()
            } else {
                view! { <p>{days.map(|d| d.to_string()).unwrap_or_else(|| t(T::RetentionOff).to_owned())}</p> }.into_any()
            }}
            {done}
            <FormAlert error=apply_error />
            {preview(plan, tenant, can_write, apply)}
        </section>
    }
}

/// What retention would delete now, and the button that deletes exactly
/// that list.
fn preview(
    plan: RetentionPlan,
    tenant: i64,
    can_write: bool,
    apply: ServerAction<ApplyRetention>,
) -> Option<AnyView> {
    plan.days?;
    if plan.recordings.is_empty() {
        return Some(view! { <p>{t(T::RetentionNothing)}</p> }.into_any());
    }
    let items = plan
        .recordings
        .iter()
        .map(|r| view! { <li>{r.started_at.clone()} " — " {r.file_name()}</li> })
        .collect_view();
    let shown = plan
        .recordings
        .iter()
        .enumerate()
        .map(|(i, r)| view! { <input type="hidden" name=format!("shown[{i}]") value=r.id.to_string() /> })
        .collect_view();
    Some(
        view! {
            <h3>{t(T::WouldDelete)}</h3>
            <ul aria-label=t(T::WouldDelete)>{items}</ul>
            {can_write.then(|| view! {
                <ActionForm action=apply>
                    <input type="hidden" name="tenant_id" value=tenant.to_string() />
                    {shown}
                    <button type="submit" class="danger">{t(T::DeleteListed)}</button>
                </ActionForm>
            })}
        }
        .into_any(),
    )
}

/// The filter as URL parameters (what its form sends).
fn query_string(filter: &RecordingFilter) -> String {
    let mut pairs = Vec::new();
    if filter.show_empty {
        pairs.push(("show_empty", "true"));
    }
    if filter.show_gone {
        pairs.push(("show_gone", "true"));
    }
    if !filter.call.is_empty() {
        pairs.push(("call", filter.call.as_str()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}
