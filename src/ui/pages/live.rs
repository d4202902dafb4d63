//! The live panel: every PBX the user may see, updated by the server-sent
//! event stream without reloads; hang up, transfer and click-to-call.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::live::{HangupCall, OriginateCall, TransferCall};
use crate::i18n::T;
use crate::model::{Call, LiveEvent, PbxLink, PbxStats, PeerKind};
use crate::ui::auth::use_me;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;

/// What the page knows of one PBX.
#[derive(Debug, Clone, Default, PartialEq)]
struct PbxView {
    name: String,
    link: Option<PbxLink>,
    stats: Option<PbxStats>,
    calls: BTreeMap<String, Call>,
    extensions: BTreeMap<String, String>,
    trunks: BTreeMap<String, String>,
}

fn apply(pbxs: &mut BTreeMap<i64, PbxView>, event: LiveEvent) {
    let id = event.pbx_connection_id();
    let view = pbxs.entry(id).or_default();
    match event {
        LiveEvent::Snapshot {
            pbx_name,
            link,
            calls,
            extensions,
            trunks,
            ..
        } => {
            *view = PbxView {
                name: pbx_name,
                link: Some(link),
                stats: view.stats.take(),
                calls: calls.into_iter().map(|c| (c.id.clone(), c)).collect(),
                extensions: extensions.into_iter().map(|(k, v)| (k, v.status)).collect(),
                trunks: trunks.into_iter().collect(),
            };
        }
        LiveEvent::Link { link, .. } => view.link = Some(link),
        LiveEvent::Stats(stats) => view.stats = Some(stats),
        LiveEvent::CallNew { call, .. } | LiveEvent::CallUpdate { call, .. } => {
            view.calls.insert(call.id.clone(), call);
        }
        // A call's state follows from its legs: the `call:update` sent with
        // every state change carries them.
        LiveEvent::CallStateChange { .. } => {}
        LiveEvent::CallHangup { id, .. } => {
            view.calls.remove(&id);
        }
        LiveEvent::PeerStatus {
            kind, id, status, ..
        } => {
            let peers = match kind {
                PeerKind::Extension => &mut view.extensions,
                PeerKind::Trunk => &mut view.trunks,
            };
            if status == "Removed" {
                peers.remove(&id);
            } else {
                peers.insert(id, status);
            }
        }
    }
}

#[component]
pub fn LivePage() -> impl IntoView {
    let pbxs = RwSignal::new(BTreeMap::<i64, PbxView>::new());
    let started = RwSignal::new(false);
    // The clock for running durations: ticks in the browser only.
    let now = RwSignal::new(crate::ui::live::now_seconds());
    Effect::new(move |_| {
        if started.get_untracked() {
            return;
        }
        started.set(true);
        crate::ui::live::follow(move |event| pbxs.update(|all| apply(all, event)));
        let _ = set_interval_with_handle(
            move || now.set(crate::ui::live::now_seconds()),
            std::time::Duration::from_secs(1),
        );
    });
    let can_write = use_me().can_write();
    view! {
        <Title text=format!("{} · Switchboard", t(T::Live)) />
        <h1>{t(T::Live)}</h1>
        {move || {
            let all = pbxs.get();
            if all.is_empty() {
                return view! { <p role="status">{t(T::LiveConnecting)}</p> }.into_any();
            }
            all.into_iter()
                .map(|(id, pbx)| view! { <PbxPanel id pbx now can_write /> })
                .collect_view()
                .into_any()
        }}
    }
}

fn link_text(link: &Option<PbxLink>) -> String {
    match link {
        None | Some(PbxLink::Connecting) => t(T::LinkConnecting).to_owned(),
        Some(PbxLink::Connected { .. }) => t(T::LinkConnected).to_owned(),
        Some(PbxLink::Retrying {
            retry_in_secs,
            last_error,
        }) => format!("{} {retry_in_secs} s — {last_error}", t(T::LinkRetrying)),
    }
}

#[component]
fn PbxPanel(id: i64, pbx: PbxView, now: RwSignal<i64>, can_write: bool) -> impl IntoView {
    let heading = format!("pbx-live-{id}");
    let labelled_by = heading.clone();
    let connected = matches!(pbx.link, Some(PbxLink::Connected { .. }));
    let stats = pbx.stats.clone().unwrap_or(PbxStats {
        pbx_connection_id: id,
        active_calls: pbx.calls.len() as u32,
        registered_extensions: 0,
        registered_trunks: 0,
    });
    let calls: Vec<Call> = pbx.calls.values().cloned().collect();
    let extensions = pbx
        .extensions
        .iter()
        .map(|(number, status)| {
            let class = format!("peer {}", status.to_ascii_lowercase());
            view! { <li class=class aria-label=format!("{number} {status}")>{number.clone()} <small>{status.clone()}</small></li> }
        })
        .collect_view();
    let trunks = pbx
        .trunks
        .iter()
        .map(|(name, status)| view! { <li>{name.clone()} ": " {status.clone()}</li> })
        .collect_view();
    view! {
        <section class="card live" aria-labelledby=labelled_by>
            <h2 id=heading>{pbx.name.clone()}</h2>
            <p class=if connected { "link ok" } else { "link down" } role="status" aria-label=t(T::PbxLinkState)>
                {link_text(&pbx.link)}
            </p>
            <div class="tiles">
                <div class="tile"><strong>{stats.active_calls}</strong> <span>{t(T::ActiveCalls)}</span></div>
                <div class="tile"><strong>{stats.registered_extensions}</strong> <span>{t(T::RegisteredExtensions)}</span></div>
                <div class="tile"><strong>{stats.registered_trunks}</strong> <span>{t(T::RegisteredTrunks)}</span></div>
            </div>
            <h3>{t(T::ActiveCalls)}</h3>
            <table aria-label=format!("{} {}", t(T::ActiveCalls), pbx.name)>
                <thead>
                    <tr>
                        <th scope="col">{t(T::Caller)}</th>
                        <th scope="col">{t(T::Callee)}</th>
                        <th scope="col">{t(T::Status)}</th>
                        <th scope="col">{t(T::Duration)}</th>
                        <th scope="col">{t(T::Legs)}</th>
                        <th scope="col">{t(T::Actions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {calls
                        .into_iter()
                        .map(|call| view! { <CallRow pbx=id call now can_write /> })
                        .collect_view()}
                </tbody>
            </table>
            <h3>{t(T::Extensions)}</h3>
            <ul class="peers" aria-label=format!("{} {}", t(T::Extensions), pbx.name)>{extensions}</ul>
            <h3>{t(T::Trunks)}</h3>
            <ul aria-label=format!("{} {}", t(T::Trunks), pbx.name)>{trunks}</ul>
            {can_write.then(|| view! { <OriginateForm pbx=id /> })}
        </section>
    }
}

#[component]
fn CallRow(pbx: i64, call: Call, now: RwSignal<i64>, can_write: bool) -> impl IntoView {
    let started = call.started_at;
    let duration = move || {
        let seconds = (now.get() - started).max(0);
        format!("{}:{:02}", seconds / 60, seconds % 60)
    };
    let caller = call.caller();
    let legs = call
        .legs
        .iter()
        .map(|l| l.channel.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let actions = can_write.then(|| {
        let hangup = ServerAction::<HangupCall>::new();
        let transfer = ServerAction::<TransferCall>::new();
        let hangup_error = action_error(hangup);
        let transfer_error = action_error(transfer);
        let (hangup_id, transfer_id) = (call.id.clone(), call.id.clone());
        let label = format!("{} {}", t(T::Call), caller);
        let (summary_label, confirm_label, transfer_label) = (
            format!("{} {label}", t(T::HangUp)),
            format!("{} {label}", t(T::ConfirmHangUp)),
            format!("{} {label}", t(T::TransferTo)),
        );
        view! {
            <details class="confirm">
                <summary aria-label=summary_label>{t(T::HangUp)}</summary>
                <ActionForm action=hangup attr:class="inline">
                    <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
                    <input type="hidden" name="call_id" value=hangup_id />
                    <button type="submit" class="danger" aria-label=confirm_label>
                        {t(T::ConfirmHangUp)}
                    </button>
                </ActionForm>
            </details>
            <FormAlert error=hangup_error />
            <ActionForm action=transfer attr:class="inline">
                <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
                <input type="hidden" name="call_id" value=transfer_id />
                <input name="number" inputmode="tel" size="8" aria-label=transfer_label />
                <button type="submit">{t(T::Transfer)}</button>
            </ActionForm>
            <FieldMessage error=transfer_error field="number" />
            <FormAlert error=transfer_error />
        }
    });
    view! {
        <tr>
            <td>{caller.clone()}</td>
            <td>{call.callee()}</td>
            <td>{call.state().to_owned()}</td>
            <td>{duration}</td>
            <td>{legs}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
fn OriginateForm(pbx: i64) -> impl IntoView {
    let originate = ServerAction::<OriginateCall>::new();
    let error = action_error(originate);
    let done = move || {
        matches!(originate.value().get(), Some(Ok(())))
            .then(|| view! { <p class="alert ok" role="status">{t(T::Originated)}</p> })
    };
    let (from_id, to_id) = (
        format!("originate-{pbx}-from"),
        format!("originate-{pbx}-to"),
    );
    view! {
        <h3>{t(T::ClickToCall)}</h3>
        <ActionForm action=originate attr:class="inline">
            <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
            <label for=from_id.clone()>{t(T::FromExtension)}</label>
            <input id=from_id name="extension" inputmode="numeric" size="6" required />
            <label for=to_id.clone()>{t(T::Number)}</label>
            <input id=to_id name="number" inputmode="tel" size="10" required />
            <button type="submit">{t(T::Call)}</button>
        </ActionForm>
        <FieldMessage error field="extension" />
        <FieldMessage error field="number" />
        <FormAlert error />
        {done}
    }
}
