//! Queues of one PBX: list, create and edit with members picked from the
//! PBX's extensions, delete. Works as plain HTML forms.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::queues::{DeleteQueue, SaveQueue, list_queues};
use crate::i18n::T;
use crate::model::{Queue, QueueStrategy};
use crate::ui::auth::use_me;
use crate::ui::components::{DataTable, ErrorNotice, Field, FieldMessage, FormAlert, action_error};
use crate::ui::lang::t;

use super::{PbxHeading, use_pbx_id};

#[component]
pub fn QueuesPage() -> impl IntoView {
    let me = use_me();
    let pbx = use_pbx_id();
    let query = use_query_map();
    let save = ServerAction::<SaveQueue>::new();
    let delete = ServerAction::<DeleteQueue>::new();
    let list = Resource::new(
        move || (pbx.get(), save.version().get(), delete.version().get()),
        |(pbx, _, _)| list_queues(pbx),
    );
    let delete_error = action_error(delete);
    let can_write = me.can_write();
    view! {
        <PbxHeading pbx title=T::Queues tab=T::Queues can_write />
        <FormAlert error=delete_error />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let editing = query.read().get("edit");
                        let form = can_write.then(|| {
                            let existing = editing
                                .and_then(|number| list.queues.iter().find(|q| q.number == number).cloned());
                            view! { <QueueFormView existing extensions=list.extensions.clone() save pbx=pbx.get_untracked() /> }
                        });
                        let rows = list
                            .queues
                            .into_iter()
                            .map(|queue| view! { <QueueRow queue can_write delete /> })
                            .collect_view();
                        view! {
                            {form}
                            <DataTable label=T::Queues columns=vec![T::Number, T::Strategy, T::RingTimeout, T::Wrapup, T::MusicOnHold, T::Members, T::Actions]>
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
fn QueueRow(queue: Queue, can_write: bool, delete: ServerAction<DeleteQueue>) -> impl IntoView {
    let members = queue
        .members
        .iter()
        .map(|m| {
            let paused = if m.paused {
                format!(", {}", t(T::Paused))
            } else {
                String::new()
            };
            format!(
                "{} {} ({} {}{paused})",
                m.number,
                m.name,
                t(T::Penalty),
                m.penalty
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let number = queue.number.clone();
    let actions = can_write.then(|| {
        let pbx = queue.pbx_connection_id;
        view! {
            <a class="button" href=format!("/pbx/{pbx}/queues?edit={number}") aria-label=format!("{} {}", t(T::Edit), number)>
                {t(T::Edit)}
            </a>
            <details class="confirm">
                <summary>{t(T::Delete)}</summary>
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="pbx_connection_id" value=pbx.to_string() />
                    <input type="hidden" name="number" value=number.clone() />
                    <input type="hidden" name="version" value=queue.version.clone() />
                    <button type="submit" class="danger" aria-label=format!("{} {}", t(T::YesDelete), number)>
                        {t(T::YesDelete)}
                    </button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <tr>
            <td>{queue.number.clone()}</td>
            <td>{queue.strategy.as_str()}</td>
            <td>{queue.timeout}</td>
            <td>{queue.wrapup}</td>
            <td>{queue.music_on_hold.clone()}</td>
            <td>{members}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
fn QueueFormView(
    existing: Option<Queue>,
    extensions: Vec<(String, String)>,
    save: ServerAction<SaveQueue>,
    pbx: i64,
) -> impl IntoView {
    let error = action_error(save);
    let heading = match &existing {
        Some(q) => format!("{} {}", t(T::Queue), q.number),
        None => t(T::NewQueue).to_owned(),
    };
    let strategy = existing.as_ref().map(|q| q.strategy).unwrap_or_default();
    let timeout = existing.as_ref().map_or(15, |q| q.timeout).to_string();
    let wrapup = existing.as_ref().map_or(0, |q| q.wrapup).to_string();
    let moh = existing
        .as_ref()
        .map_or_else(|| "default".to_owned(), |q| q.music_on_hold.clone());
    // Current members first: on a large PBX the picker scrolls.
    let mut extensions = extensions;
    extensions.sort_by_key(|(number, _)| {
        !existing
            .as_ref()
            .is_some_and(|q| q.members.iter().any(|m| &m.number == number))
    });
    let member_rows = extensions
        .into_iter()
        .map(|(number, name)| {
            let current = existing
                .as_ref()
                .and_then(|q| q.members.iter().find(|m| m.number == number).cloned());
            let key = |field: &str| format!("form[members][{number}][{field}]");
            let id = |field: &str| format!("member-{number}-{field}");
            view! {
                <tr>
                    <td>
                        <div class="checkbox">
                            <input id=id("selected") type="checkbox" name=key("selected") value="true" checked=current.is_some() />
                            <label for=id("selected")>{format!("{number} {name}")}</label>
                        </div>
                    </td>
                    <td>
                        <input
                            type="number"
                            min="0"
                            max="1000"
                            name=key("penalty")
                            value=current.as_ref().map_or(0, |m| m.penalty).to_string()
                            aria-label=format!("{} {number}", t(T::Penalty))
                        />
                    </td>
                    <td>
                        <input
                            type="checkbox"
                            name=key("paused")
                            value="true"
                            checked=current.as_ref().is_some_and(|m| m.paused)
                            aria-label=format!("{} {number}", t(T::Paused))
                        />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{heading}</h2>
            <ActionForm action=save>
                <input type="hidden" name="form[pbx_connection_id]" value=pbx.to_string() />
                {match &existing {
                    Some(q) => view! {
                        <input type="hidden" name="form[number]" value=q.number.clone() />
                        <input type="hidden" name="form[version]" value=q.version.clone() />
                    }
                        .into_any(),
                    None => view! {
                        <label for="queue-number">{t(T::Number)}</label>
                        <input id="queue-number" name="form[number]" inputmode="numeric" aria-describedby="queue-number-hint" />
                        <p class="hint" id="queue-number-hint">{t(T::NumberAutoHint)}</p>
                        <FieldMessage error field="number" />
                    }
                        .into_any(),
                }}
                <div class="grid">
                    <Field id="queue-strategy" label=t(T::Strategy) error field="strategy">
                        <select id="queue-strategy" name="form[strategy]">
                            {QueueStrategy::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.as_str() selected=s == strategy>{s.as_str()}</option> })
                                .collect_view()}
                        </select>
                    </Field>
                    <Field id="queue-timeout" label=t(T::RingTimeout) error field="timeout">
                        <input id="queue-timeout" name="form[timeout]" type="number" min="1" max="600" value=timeout required />
                    </Field>
                    <Field id="queue-wrapup" label=t(T::Wrapup) error field="wrapup">
                        <input id="queue-wrapup" name="form[wrapup]" type="number" min="0" max="3600" value=wrapup required />
                    </Field>
                    <Field id="queue-moh" label=t(T::MusicOnHold) error field="music_on_hold">
                        <input id="queue-moh" name="form[music_on_hold]" value=moh required />
                    </Field>
                </div>
                <div class="member-picker">
                    <DataTable label=T::Members columns=vec![T::Members, T::Penalty, T::Paused]>
                        {member_rows}
                    </DataTable>
                </div>
                <FieldMessage error field="members" />
                <FormAlert error />
                <button type="submit">{t(T::Save)}</button>
            </ActionForm>
        </section>
    }
}
