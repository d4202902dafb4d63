//! The live panel: every PBX the user may see, updated by the server-sent
//! event stream without reloads; hang up, transfer and click-to-call.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::live::{HangupCall, OriginateCall, TransferCall};
use crate::i18n::T;
use crate::model::{Call, CheckProblem, DeviceState, LiveExtension, LiveQueue, PbxLink, PbxStats};
use crate::ui::auth::use_me;
use crate::ui::components::{FieldMessage, FormAlert, action_error};
use crate::ui::lang::{t, use_lang};
use crate::ui::live::{PbxView, apply};

fn device_text(state: DeviceState) -> &'static str {
    t(match state {
        DeviceState::Idle => T::DeviceIdle,
        DeviceState::InUse => T::DeviceInUse,
        DeviceState::Busy => T::DeviceBusy,
        DeviceState::Ringing => T::DeviceRinging,
        DeviceState::OnHold => T::DeviceOnHold,
        DeviceState::Unavailable => T::DeviceUnavailable,
        DeviceState::Invalid => T::DeviceInvalid,
        DeviceState::Unknown => T::DeviceUnknown,
    })
}

/// One tile of the operator panel: coloured by device state, and says
/// in words whether a phone is registered (colour alone tells nobody
/// using a screen reader anything).
#[component]
fn ExtensionTile(extension: LiveExtension) -> impl IntoView {
    let registered = extension.registered();
    let registration = if registered {
        t(T::Registered)
    } else {
        t(T::NotRegistered)
    };
    let device = device_text(extension.device);
    let class = format!(
        "peer {} {}",
        extension.device.as_str(),
        if registered {
            "registered"
        } else {
            "unregistered"
        }
    );
    let title = extension
        .contact
        .as_ref()
        .map(|c| format!("{} {}", c.user_agent, c.address))
        .unwrap_or_default();
    view! {
        <li class=class title=title aria-label=format!("{}: {registration}, {device}", extension.id)>
            <strong>{extension.id.clone()}</strong>
            <small>{registration}</small>
            <small>{device}</small>
        </li>
    }
    .into_any()
}

#[component]
fn QueueCard(queue: LiveQueue, now: RwSignal<i64>) -> impl IntoView {
    let waiting = if queue.waiting.is_empty() {
        view! { <p>{t(T::NoCallerWaiting)}</p> }.into_any()
    } else {
        queue
            .waiting
            .iter()
            .map(|caller| {
                let joined = caller.joined_at;
                let waited = move || {
                    let seconds = (now.get() - joined).max(0);
                    format!("{}:{:02}", seconds / 60, seconds % 60)
                };
                let who = if caller.caller_name.is_empty() {
                    caller.caller_number.clone()
                } else {
                    format!("{} ({})", caller.caller_name, caller.caller_number)
                };
                view! { <li>{caller.position} ". " {who} " — " {waited}</li> }
            })
            .collect_view()
            .into_any()
    };
    let members = queue
        .members
        .iter()
        .map(|member| {
            let name = if member.name.is_empty() {
                member.interface.clone()
            } else {
                member.name.clone()
            };
            let mut state = device_text(member.device).to_owned();
            if member.paused {
                state = format!("{state}, {}", t(T::Paused).to_lowercase());
            }
            let class = format!("peer {}", member.device.as_str());
            view! { <li class=class>{name} ": " {state}</li> }
        })
        .collect_view();
    let label = format!("{} {}", t(T::Queue), queue.id);
    let heading = label.clone();
    view! {
        <section class="queue" aria-label=label>
            <h4>{heading}</h4>
            <p>
                {t(T::Waiting)} ": " <strong>{queue.waiting.len()}</strong> " · "
                {t(T::Answered)} ": " {queue.completed} " · "
                {t(T::Abandoned)} ": " {queue.abandoned}
            </p>
            <ol aria-label=format!("{} {}", t(T::Waiting), queue.id)>{waiting}</ol>
            <ul class="peers" aria-label=format!("{} {}", t(T::Members), queue.id)>{members}</ul>
        </section>
    }
    .into_any()
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

fn link_text(lang: crate::i18n::Lang, link: &Option<PbxLink>) -> String {
    match link {
        None | Some(PbxLink::Connecting) => t(T::LinkConnecting).to_owned(),
        Some(PbxLink::Connected { .. }) => t(T::LinkConnected).to_owned(),
        Some(PbxLink::Retrying {
            retry_in_secs,
            last_error,
        }) => crate::i18n::link_retrying(
            lang,
            *retry_in_secs,
            matches!(last_error, CheckProblem::AuthenticationFailed { .. }),
            &crate::i18n::describe_check(lang, last_error),
        ),
    }
}

// Each component of this page returns an `AnyView`. Without type erasure
// the panel's view type nests every row, tile, queue and form inside it, and
// the release build (which, unlike cargo-leptos's debug builds, has no
// `--cfg erase_components`) stopped at "queries overflow the depth limit"
// computing its layout. `scripts/test` builds the release WASM so that this
// cannot come back unnoticed.
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
    let calls: Vec<Arc<Call>> = pbx.calls.values().cloned().collect();
    let extensions = pbx
        .extensions
        .values()
        .map(|extension| view! { <ExtensionTile extension=extension.clone() /> })
        .collect_view();
    let queues = pbx
        .queues
        .values()
        .map(|queue| view! { <QueueCard queue=queue.clone() now /> })
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
                {link_text(use_lang(), &pbx.link)}
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
            <h3>{t(T::Queues)}</h3>
            <div class="queues">{queues}</div>
            {can_write.then(|| view! { <OriginateForm pbx=id /> })}
        </section>
    }
    .into_any()
}

#[component]
fn CallRow(pbx: i64, call: Arc<Call>, now: RwSignal<i64>, can_write: bool) -> impl IntoView {
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
        let (summary_label, confirm_label) = (
            format!("{} {label}", t(T::HangUp)),
            format!("{} {label}", t(T::ConfirmHangUp)),
        );
        let (transfer_summary, transfer_label, transfer_confirm) = (
            format!("{} {label}", t(T::Transfer)),
            format!("{} {label}", t(T::TransferTo)),
            format!("{} {label}", t(T::ConfirmTransfer)),
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
            <details class="confirm">
                <summary aria-label=transfer_summary>{t(T::Transfer)}</summary>
                <ActionForm action=transfer attr:class="inline">
                    <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
                    <input type="hidden" name="call_id" value=transfer_id />
                    <input name="number" inputmode="tel" size="8" required aria-label=transfer_label />
                    <button type="submit" aria-label=transfer_confirm>{t(T::ConfirmTransfer)}</button>
                </ActionForm>
            </details>
            <FieldMessage error=transfer_error field="number" />
            <FormAlert error=transfer_error />
        }
        .into_any()
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
    .into_any()
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
            // Ringing someone's phone is confirmed like the other actions.
            <details class="confirm">
                <summary>{t(T::Call)}</summary>
                <button type="submit">{t(T::ConfirmCall)}</button>
            </details>
        </ActionForm>
        <FieldMessage error field="extension" />
        <FieldMessage error field="number" />
        <FormAlert error />
        {done}
    }
    .into_any()
}
