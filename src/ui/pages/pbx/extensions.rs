//! Extensions of one PBX: list with registrations, create (the secret is
//! shown once), edit, delete, reveal, CSV import and export.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::extensions::{
    CreateExtension, DeleteExtension, ImportExtensions, RevealExtensionSecret, UpdateExtension,
    get_extension, list_extensions,
};
use crate::i18n::{T, describe_check, describe_problem};
use crate::model::{Codec, Extension, LiveState};
use crate::ui::auth::use_me;
use crate::ui::components::{
    DataTable, ErrorNotice, FieldMessage, FormAlert, Pager, action_error, use_page_param,
};
use crate::ui::lang::{t, use_lang};

use super::{PbxHeading, use_pbx_id};

#[component]
pub fn ExtensionsPage() -> impl IntoView {
    let me = use_me();
    let lang = use_lang();
    let pbx = use_pbx_id();
    let page = use_page_param();
    let query = use_query_map();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let create = ServerAction::<CreateExtension>::new();
    let delete = ServerAction::<DeleteExtension>::new();
    let list = Resource::new(
        move || {
            (
                pbx.get(),
                page.get(),
                search.get(),
                create.version().get(),
                delete.version().get(),
            )
        },
        |(pbx, page, search, _, _)| list_extensions(pbx, page, search),
    );
    let create_error = action_error(create);
    let delete_error = action_error(delete);
    let can_write = me.can_write();
    let created = move || {
        create.value().get().and_then(Result::ok).map(|created| {
            view! {
                <div class="alert success" role="status" aria-label=t(T::ExtensionCreated)>
                    <p>
                        <strong>{t(T::ExtensionCreated)} " " {created.extension.number.clone()}</strong>
                    </p>
                    <p>
                        <label for="created-secret">{t(T::SipSecret)}</label>
                        <input id="created-secret" readonly value=created.secret.secret.clone() />
                    </p>
                    <p>{t(T::SecretShownOnce)}</p>
                </div>
            }
        })
    };
    view! {
        <PbxHeading pbx title=T::Extensions tab=T::Extensions can_write />
        {can_write
            .then(|| {
                view! {
                    <section class="card narrow">
                        <h2>{t(T::NewExtension)}</h2>
                        <ActionForm action=create>
                            <input type="hidden" name="form[pbx_connection_id]" value=move || pbx.get().to_string() />
                            <label for="ext-number">{t(T::Number)}</label>
                            <input id="ext-number" name="form[number]" inputmode="numeric" aria-describedby="ext-number-hint" />
                            <p class="hint" id="ext-number-hint">{t(T::NumberAutoHint)}</p>
                            <FieldMessage error=create_error field="number" />
                            <label for="ext-name">{t(T::DisplayName)}</label>
                            <input id="ext-name" name="form[display_name]" required maxlength="80" />
                            <FieldMessage error=create_error field="display_name" />
                            <label for="ext-email">{t(T::Email)}</label>
                            <input id="ext-email" name="form[email]" type="email" />
                            <FieldMessage error=create_error field="email" />
                            <CodecsInput id="ext-codecs" value=Codec::join(&Codec::DEFAULT) />
                            <FieldMessage error=create_error field="codecs" />
                            <label for="ext-secret">{t(T::SipSecret)}</label>
                            <input id="ext-secret" name="form[secret]" type="password" autocomplete="new-password" aria-describedby="ext-secret-hint" />
                            <p class="hint" id="ext-secret-hint">{t(T::SipSecretHint)}</p>
                            <FieldMessage error=create_error field="secret" />
                            <FormAlert error=create_error />
                            <button type="submit">{t(T::Create)}</button>
                        </ActionForm>
                        {created}
                    </section>
                }
            })}
        <p class="row-actions">
            {can_write
                .then(|| {
                    view! {
                        <a class="button" href=move || format!("/pbx/{}/import-extensions", pbx.get())>
                            {t(T::ImportCsv)}
                        </a>
                    }
                })}
            <a class="button" rel="external" href=move || format!("/pbx/{}/extensions.csv", pbx.get())>
                {t(T::ExportCsv)}
            </a>
        </p>
        // A plain GET form: searching works without JavaScript too.
        <form method="get" class="search" role="search">
            <label for="ext-search">{t(T::SearchExtensions)}</label>
            <input id="ext-search" name="q" type="search" value=move || search.get() />
            <button type="submit">{t(T::Search)}</button>
        </form>
        <FormAlert error=delete_error />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => {
                        let live_notice = match &list.live {
                            LiveState::Known => None,
                            LiveState::Unavailable { problem } => Some(view! {
                                <p class="alert info">{t(T::RegistrationUnknown)} ": " {describe_check(lang, problem)}</p>
                            }),
                        };
                        let range = format!("{} {}–{}", t(T::NumberRange), list.range_start, list.range_end);
                        let page = &list.extensions;
                        if page.total == 0 {
                            return view! { {live_notice} <p>{t(T::NoExtensions)}</p> <p class="hint">{range}</p> }.into_any();
                        }
                        let pager = view! {
                            <Pager page=page.page pages=page.pages() total=page.total base=pager_base(pbx.get_untracked(), &search.get_untracked()) />
                        };
                        let rows = page
                            .items
                            .iter()
                            .cloned()
                            .map(|extension| view! { <ExtensionRow extension can_write delete /> })
                            .collect_view();
                        view! {
                            {live_notice}
                            <p class="hint">{range}</p>
                            <DataTable label=T::Extensions columns=vec![T::Number, T::DisplayName, T::Email, T::Codecs, T::Registration, T::UserAgent, T::Address, T::Actions]>
                                {rows}
                            </DataTable>
                            {pager}
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The pager's links keep the search.
fn pager_base(pbx: i64, search: &str) -> String {
    if search.is_empty() {
        format!("/pbx/{pbx}/extensions?")
    } else {
        let encoded: String = search
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        format!("/pbx/{pbx}/extensions?q={encoded}&")
    }
}

#[component]
fn CodecsInput(id: &'static str, value: String) -> impl IntoView {
    let known = Codec::ALL
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let hint_id = format!("{id}-hint");
    view! {
        <label for=id>{t(T::Codecs)}</label>
        <input id=id name="form[codecs]" value=value aria-describedby=hint_id.clone() />
        <p class="hint" id=hint_id>{known}</p>
    }
}

#[component]
fn ExtensionRow(
    extension: Extension,
    can_write: bool,
    delete: ServerAction<DeleteExtension>,
) -> impl IntoView {
    let reveal = ServerAction::<RevealExtensionSecret>::new();
    let reveal_error = action_error(reveal);
    let number = extension.number.clone();
    let pbx = extension.pbx_connection_id.to_string();
    let (status, agent, address) = match &extension.registration {
        Some(r) => (r.status.clone(), r.user_agent.clone(), r.address.clone()),
        None => (t(T::NotRegistered).to_owned(), String::new(), String::new()),
    };
    let actions = can_write.then(|| {
        let label = |text: T| format!("{} {}", t(text), number);
        let edit_href = format!("/pbx/{pbx}/extensions/{number}");
        let (edit_label, reveal_label, delete_label, confirm_label) = (
            label(T::Edit),
            label(T::Reveal),
            label(T::Delete),
            label(T::YesDelete),
        );
        let (pbx_a, pbx_b, number_a, number_b) =
            (pbx.clone(), pbx.clone(), number.clone(), number.clone());
        let version = extension.version.clone();
        let revealed = move || {
            reveal.value().get().and_then(Result::ok).map(|secret| {
                view! {
                    <output aria-label=format!("{} {}", t(T::SipSecret), secret.number)>
                        <code>{secret.secret}</code>
                    </output>
                }
            })
        };
        view! {
            <a class="button" href=edit_href aria-label=edit_label>
                {t(T::Edit)}
            </a>
            <ActionForm action=reveal attr:class="inline">
                <input type="hidden" name="pbx_connection_id" value=pbx_a />
                <input type="hidden" name="number" value=number_a />
                <button type="submit" aria-label=reveal_label title=t(T::RevealAudited)>
                    {t(T::Reveal)}
                </button>
            </ActionForm>
            {revealed}
            <FormAlert error=reveal_error />
            <details class="confirm">
                <summary aria-label=delete_label>{t(T::Delete)}</summary>
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="pbx_connection_id" value=pbx_b />
                    <input type="hidden" name="number" value=number_b />
                    <input type="hidden" name="version" value=version />
                    <span>{t(T::ConfirmDeleteExtension)}</span>
                    <button type="submit" class="danger" aria-label=confirm_label>
                        {t(T::YesDelete)}
                    </button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <tr>
            <td>{extension.number.clone()}</td>
            <td>{extension.display_name.clone()}</td>
            <td>{extension.email.clone().unwrap_or_default()}</td>
            <td>{Codec::join(&extension.codecs)}</td>
            <td>{status}</td>
            <td>{agent}</td>
            <td>{address}</td>
            <td>{actions}</td>
        </tr>
    }
}

#[component]
pub fn ExtensionEditPage() -> impl IntoView {
    let pbx = use_pbx_id();
    let params = use_params_map();
    let number = Memo::new(move |_| params.read().get("number").unwrap_or_default());
    let update = ServerAction::<UpdateExtension>::new();
    let error = action_error(update);
    let extension = Resource::new(
        move || (pbx.get(), number.get()),
        |(pbx, number)| get_extension(pbx, number),
    );
    view! {
        <Title text=format!("{} · Switchboard", t(T::Extension)) />
        <h1>{move || format!("{} {}", t(T::Extension), number.get())}</h1>
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                match extension.await {
                    Ok(extension) => view! {
                        <section class="card narrow">
                            <ActionForm action=update>
                                <input type="hidden" name="form[pbx_connection_id]" value=extension.pbx_connection_id.to_string() />
                                <input type="hidden" name="form[number]" value=extension.number.clone() />
                                <input type="hidden" name="form[version]" value=extension.version.clone() />
                                <label for="edit-name">{t(T::DisplayName)}</label>
                                <input id="edit-name" name="form[display_name]" value=extension.display_name.clone() required maxlength="80" />
                                <FieldMessage error field="display_name" />
                                <label for="edit-email">{t(T::Email)}</label>
                                <input id="edit-email" name="form[email]" type="email" value=extension.email.clone().unwrap_or_default() />
                                <FieldMessage error field="email" />
                                <CodecsInput id="edit-codecs" value=Codec::join(&extension.codecs) />
                                <FieldMessage error field="codecs" />
                                <label for="edit-secret">{t(T::SipSecret)}</label>
                                <input id="edit-secret" name="form[secret]" type="password" autocomplete="new-password" aria-describedby="edit-secret-hint" />
                                <p class="hint" id="edit-secret-hint">{t(T::SipSecretKeepHint)}</p>
                                <FieldMessage error field="secret" />
                                <FormAlert error />
                                <button type="submit">{t(T::Save)}</button>
                                " "
                                <a href=format!("/pbx/{}/extensions", extension.pbx_connection_id)>{t(T::Cancel)}</a>
                            </ActionForm>
                        </section>
                    }
                        .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ExtensionImportPage() -> impl IntoView {
    let lang = use_lang();
    let pbx = use_pbx_id();
    let import = ServerAction::<ImportExtensions>::new();
    let error = action_error(import);
    let report = move || {
        import.value().get().and_then(Result::ok).map(|report| {
            let summary = if report.dry_run {
                format!("{}: {} / {}", t(T::WouldCreate), report.valid, report.total)
            } else if report.imported {
                format!("{}: {}", t(T::ImportDone), report.valid)
            } else {
                t(T::NothingImported).to_owned()
            };
            let rows = report
                .lines
                .into_iter()
                .map(|line| {
                    let problems = line
                        .problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, describe_problem(lang, &p.problem)))
                        .collect::<Vec<_>>()
                        .join(" ");
                    let class = if line.problems.is_empty() { "" } else { "bad" };
                    view! {
                        <tr class=class>
                            <td>{line.line}</td>
                            <td>{line.number}</td>
                            <td>{line.display_name}</td>
                            <td>{problems}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <p class="alert info" role="status">{summary}</p>
                <table aria-label=t(T::Problems)>
                    <thead>
                        <tr>
                            <th scope="col">{t(T::Line)}</th>
                            <th scope="col">{t(T::Number)}</th>
                            <th scope="col">{t(T::DisplayName)}</th>
                            <th scope="col">{t(T::Problems)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <PbxHeading pbx title=T::ImportCsv tab=T::Extensions can_write=true />
        <section class="card">
            <ActionForm action=import>
                <input type="hidden" name="pbx_connection_id" value=move || pbx.get().to_string() />
                <label for="import-csv">{t(T::CsvFile)}</label>
                <textarea id="import-csv" name="csv" rows="12" required aria-describedby="import-hint"></textarea>
                <p class="hint" id="import-hint">{t(T::ImportHint)}</p>
                <FieldMessage error field="csv" />
                <div class="checkbox">
                    <input id="import-dry-run" name="dry_run" type="checkbox" value="true" checked />
                    <label for="import-dry-run">{t(T::DryRun)}</label>
                </div>
                <FormAlert error />
                <button type="submit" disabled=move || import.pending().get()>{t(T::Import)}</button>
                " "
                <a href=move || format!("/pbx/{}/extensions", pbx.get())>{t(T::Back)}</a>
            </ActionForm>
        </section>
        {report}
    }
}
