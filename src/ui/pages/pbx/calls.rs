//! Call history of one PBX: its CDR table searched in place. The filter
//! is a plain GET form, so a search lives in the URL (shared, bookmarked,
//! there again after a reload) and works without JavaScript. Each row opens
//! to its details.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::cdr::{cdr_statistics, count_cdr, search_cdr};
use crate::i18n::{T, summarising};
use crate::model::{CallRecord, CdrFilter, CdrSort, CdrStats, Disposition};
use crate::ui::auth::use_me;
use crate::ui::components::{DataTable, ErrorNotice, FieldMessage, OpenPager, Pager};
use crate::ui::lang::{t, use_lang};

use super::{PbxHeading, use_pbx_id};

fn disposition_label(disposition: Disposition) -> T {
    match disposition {
        Disposition::Answered => T::DispositionAnswered,
        Disposition::NoAnswer => T::DispositionNoAnswer,
        Disposition::Busy => T::DispositionBusy,
        Disposition::Failed => T::DispositionFailed,
        Disposition::Congestion => T::DispositionCongestion,
        Disposition::Unknown => T::Unknown,
    }
}

fn seconds(total: i64) -> String {
    let total = total.max(0);
    format!("{}:{:02}", total / 60, total % 60)
}

#[component]
pub fn CallsPage() -> impl IntoView {
    let me = use_me();
    let pbx = use_pbx_id();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        let query = query.read();
        let text = |name: &str| query.get(name).unwrap_or_default();
        CdrFilter {
            from: text("from"),
            to: text("to"),
            source: text("source"),
            destination: text("destination"),
            any_number: text("any_number"),
            text: text("text"),
            disposition: text("disposition"),
            min_duration: query.get("min_duration").and_then(|v| v.parse().ok()),
            has_recording: query.get("has_recording").is_some_and(|v| v == "true"),
            call: text("call"),
            sort: CdrSort::from_code(&text("sort")),
            ascending: query.get("ascending").is_some_and(|v| v == "true"),
            page: query.get("page").and_then(|v| v.parse().ok()).unwrap_or(1),
            limit: query.get("limit").and_then(|v| v.parse().ok()).unwrap_or(0),
        }
    });
    let results = Resource::new(
        move || (pbx.get(), filter.get()),
        |(pbx, filter)| search_cdr(pbx, filter),
    );
    // Counted apart: a wide search's first page is ready long before all
    // its rows are counted.
    let count = Resource::new(
        move || (pbx.get(), filter.get()),
        |(pbx, filter)| count_cdr(pbx, filter),
    );
    let statistics = Resource::new(
        move || (pbx.get(), filter.get()),
        |(pbx, filter)| cdr_statistics(pbx, filter),
    );
    view! {
        <PbxHeading pbx title=T::CallHistory tab=T::CallHistory can_write=me.can_write() />
        <Suspense fallback=|| view! { <p>{t(T::Loading)}</p> }>
            {move || Suspend::new(async move {
                let result = results.await;
                let error = Signal::stored(result.as_ref().err().cloned());
                let current_call = filter.get_untracked().call;
                // The form shows the days searched: "today" is the tenant's.
                let mut shown = filter.get_untracked();
                if let Ok(page) = &result
                    && !page.from.is_empty()
                {
                    shown.from = page.from.clone();
                    shown.to = page.to.clone();
                }
                let form = view! {
                    <CdrFilterForm pbx=pbx.get_untracked() filter=shown error />
                    {(!current_call.is_empty()).then(|| view! {
                        <p class="alert info" role="status">{t(T::LegsOfCall)} " " <strong>{current_call.clone()}</strong></p>
                    })}
                };
                let body = match result {
                    Ok(page) => {
                        let current = filter.get_untracked();
                        let mut without_page = current.clone();
                        without_page.page = 0;
                        let base = format!(
                            "/pbx/{}/calls?{}&",
                            pbx.get_untracked(),
                            query_string(&without_page),
                        );
                        let (number, limit, has_more) = (page.page, page.limit.max(1), page.has_more);
                        // The whole result, not this page: the same filter.
                        let export = format!(
                            "/pbx/{}/calls.csv?{}",
                            pbx.get_untracked(),
                            query_string(&without_page),
                        );
                        let recordings = page.recordings.clone();
                        let rows = page
                            .records
                            .into_iter()
                            .map(|record| {
                                let recording = recordings
                                    .iter()
                                    .find(|(uniqueid, _)| *uniqueid == record.uniqueid)
                                    .map(|(_, id)| *id);
                                view! { <CallRow pbx=pbx.get_untracked() record recording /> }
                            })
                            .collect_view();
                        view! {
                            <DataTable label=T::CallHistory columns=vec![T::When, T::Source, T::Destination, T::Duration, T::Disposition, T::Details]>
                                {rows}
                            </DataTable>
                            <CallsPager page=number limit has_more count base />
                            {(!page.index_advice.is_empty()).then(|| view! { <IndexAdvice statements=page.index_advice.clone() /> })}
                            <p><a href=export download="">{t(T::ExportCsv)}</a></p>
                        }
                            .into_any()
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                };
                view! { {form} {body} }
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                statistics.await.ok().map(|stats| view! { <CallStatistics stats /> })
            })}
        </Suspense>
    }
}

/// "Page N" with previous / next at once, and "of M (total)" when the
/// count arrives (or never, if counting failed: the page still pages).
#[component]
fn CallsPager(
    page: u32,
    limit: u32,
    has_more: bool,
    count: Resource<Result<u64, crate::error::AppError>>,
    base: String,
) -> impl IntoView {
    let open = {
        let base = base.clone();
        move || view! { <OpenPager page has_next=has_more base=base.clone() /> }
    };
    let counted = open.clone();
    view! {
        <Suspense fallback=open>
            {move || {
                let (base, open) = (base.clone(), counted.clone());
                Suspend::new(async move {
                    match count.await {
                        Ok(total) => {
                            let pages = total.div_ceil(u64::from(limit)).max(1) as u32;
                            view! { <Pager page pages total base /> }.into_any()
                        }
                        Err(_) => open().into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The indexes this CDR table lacks: searches still work, but read every
/// row of the date range. Switchboard never changes a PBX's schema itself.
#[component]
fn IndexAdvice(statements: Vec<String>) -> impl IntoView {
    view! {
        <section class="alert info" role="note" aria-label=t(T::MissingIndexes)>
            <p>{t(T::MissingIndexesExplained)}</p>
            <pre>{statements.join("\n")}</pre>
        </section>
    }
}

/// Tiles, the calls chart and the busiest numbers of the same search.
#[component]
fn CallStatistics(stats: CdrStats) -> impl IntoView {
    let lang = use_lang();
    let unanswered = stats.calls - stats.answered.min(stats.calls);
    let busiest = |label: T, numbers: &[(String, u64)]| {
        let items = numbers
            .iter()
            .map(|(number, calls)| view! { <li>{number.clone()} " — " {*calls}</li> })
            .collect_view();
        view! {
            <div>
                <h3>{t(label)}</h3>
                <ol aria-label=t(label)>{items}</ol>
            </div>
        }
    };
    // Each tile is named "label: value", for screen readers and tests.
    let tiles = [
        (T::Calls, stats.calls.to_string()),
        (T::DispositionAnswered, stats.answered.to_string()),
        (T::NotAnswered, unanswered.to_string()),
        (T::TalkTime, seconds(stats.talk_seconds as i64)),
        (
            T::AverageTalkTime,
            seconds(stats.average_talk_seconds as i64),
        ),
    ]
    .into_iter()
    .map(|(label, value)| {
        view! {
            <div class="tile" role="group" aria-label=format!("{}: {value}", t(label))>
                <strong>{value.clone()}</strong>
                " "
                <span>{t(label)}</span>
            </div>
        }
    })
    .collect_view();
    view! {
        <section class="card" aria-label=t(T::Statistics)>
            <h2>{t(T::Statistics)}</h2>
            <div class="tiles">
                {tiles}
            </div>
            <CallsChart stats=stats.clone() />
            <div class="columns">
                {busiest(T::BusiestSources, &stats.top_sources)}
                {busiest(T::BusiestDestinations, &stats.top_destinations)}
            </div>
            {stats
                .top_from_daily_lists
                .then(|| view! { <p class="hint">{t(T::BusiestFromDailyLists)}</p> })}
            {stats
                .summarising
                .map(|(done, total)| {
                    view! {
                        <p class="hint" role="status">
                            {summarising(lang, done, total, stats.days_left_out)}
                        </p>
                    }
                })}
        </section>
    }
}

/// Calls per hour or per day as an SVG bar chart drawn here (no chart
/// library: a few rectangles). Answered calls are the lower, darker part of
/// each bar; the numbers are also in the bars' titles for screen readers.
#[component]
fn CallsChart(stats: CdrStats) -> impl IntoView {
    const HEIGHT: f64 = 120.0;
    const BAR: f64 = 24.0;
    let most = stats
        .buckets
        .iter()
        .map(|b| b.calls)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = (stats.buckets.len().max(1) as f64) * BAR;
    let title = if stats.hourly {
        t(T::CallsPerHour)
    } else {
        t(T::CallsPerDay)
    };
    let bars = stats
        .buckets
        .iter()
        .enumerate()
        .map(|(i, bucket)| {
            let x = i as f64 * BAR;
            let all = bucket.calls as f64 / most * HEIGHT;
            let answered = bucket.answered as f64 / most * HEIGHT;
            // An hour shows as "09", a day as "11-22".
            let short = if stats.hourly {
                bucket.label.get(11..13).unwrap_or(&bucket.label).to_owned()
            } else {
                bucket.label.get(5..10).unwrap_or(&bucket.label).to_owned()
            };
            let tip = format!(
                "{}: {} {}, {} {}",
                bucket.label,
                bucket.calls,
                t(T::Calls).to_lowercase(),
                bucket.answered,
                t(T::DispositionAnswered).to_lowercase()
            );
            view! {
                <g>
                    <title>{tip}</title>
                    <rect class="all" x=x + 2.0 y=HEIGHT - all width=BAR - 4.0 height=all />
                    <rect class="answered" x=x + 2.0 y=HEIGHT - answered width=BAR - 4.0 height=answered />
                    <text x=x + BAR / 2.0 y=HEIGHT + 14.0 text-anchor="middle">{short}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <figcaption>{title}</figcaption>
            <svg role="img" aria-label=title viewBox=format!("0 0 {width} {}", HEIGHT + 20.0) preserveAspectRatio="xMinYMin meet">
                {bars}
            </svg>
        </figure>
    }
}

/// The filter as URL parameters (what the form itself would send).
fn query_string(filter: &CdrFilter) -> String {
    let mut pairs: Vec<(&str, String)> = vec![
        ("from", filter.from.clone()),
        ("to", filter.to.clone()),
        ("source", filter.source.clone()),
        ("destination", filter.destination.clone()),
        ("any_number", filter.any_number.clone()),
        ("text", filter.text.clone()),
        ("disposition", filter.disposition.clone()),
        ("sort", filter.sort.code().to_owned()),
    ];
    if let Some(seconds) = filter.min_duration {
        pairs.push(("min_duration", seconds.to_string()));
    }
    if filter.has_recording {
        pairs.push(("has_recording", "true".into()));
    }
    if !filter.call.is_empty() {
        pairs.push(("call", filter.call.clone()));
    }
    if filter.ascending {
        pairs.push(("ascending", "true".into()));
    }
    if filter.limit > 0 {
        pairs.push(("limit", filter.limit.to_string()));
    }
    pairs.retain(|(_, v)| !v.is_empty());
    serde_urlencoded::to_string(&pairs).unwrap_or_default()
}

#[component]
fn CdrFilterForm(
    pbx: i64,
    filter: CdrFilter,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    // Each field says what is wrong with it right under it.
    let field = move |id: &'static str, label: T, value: String, kind: &'static str| {
        let input_id = format!("cdr-{id}");
        view! {
            <span class="field">
                <label for=input_id.clone()>{t(label)}</label>
                <input id=input_id name=id type=kind value=value />
                <FieldMessage error field=id />
            </span>
        }
    };
    let dispositions = Disposition::SEARCHABLE
        .into_iter()
        .map(|d| {
            let chosen = filter.disposition == d.code();
            view! { <option value=d.code() selected=chosen>{t(disposition_label(d))}</option> }
        })
        .collect_view();
    let sorts = [
        (CdrSort::Date, T::When),
        (CdrSort::Duration, T::Duration),
        (CdrSort::Source, T::Source),
        (CdrSort::Destination, T::Destination),
    ]
    .into_iter()
    .map(|(sort, label)| {
        view! { <option value=sort.code() selected=filter.sort == sort>{t(label)}</option> }
    })
    .collect_view();
    view! {
        <form method="get" action=format!("/pbx/{pbx}/calls") class="filters" role="search" aria-label=t(T::CallHistory)>
            {field("from", T::From, filter.from.clone(), "date")}
            {field("to", T::To, filter.to.clone(), "date")}
            {field("source", T::Source, filter.source.clone(), "text")}
            {field("destination", T::Destination, filter.destination.clone(), "text")}
            {field("any_number", T::AnyNumber, filter.any_number.clone(), "text")}
            {field("text", T::CallerName, filter.text.clone(), "text")}
            <label for="cdr-disposition">{t(T::Disposition)}</label>
            <select id="cdr-disposition" name="disposition">
                <option value="">{t(T::AllDispositions)}</option>
                {dispositions}
            </select>
            <FieldMessage error field="disposition" />
            {field(
                "min_duration",
                T::MinDuration,
                filter.min_duration.map(|s| s.to_string()).unwrap_or_default(),
                "number",
            )}
            <label>
                <input type="checkbox" name="has_recording" value="true" checked=filter.has_recording />
                {t(T::HasRecording)}
            </label>
            <label for="cdr-sort">{t(T::SortBy)}</label>
            <select id="cdr-sort" name="sort">{sorts}</select>
            <label>
                <input type="checkbox" name="ascending" value="true" checked=filter.ascending />
                {t(T::OldestFirst)}
            </label>
            <button type="submit">{t(T::Search)}</button>
        </form>
        <p class="hint">{t(T::NumberPatternHint)}</p>
    }
}

/// The call history narrowed to one call's legs: its linkedid, or its
/// uniqueid when the PBX wrote none; `None` without either.
pub(super) fn legs_href(pbx: i64, linkedid: &str, uniqueid: &str) -> Option<String> {
    let call = if linkedid.is_empty() {
        uniqueid
    } else {
        linkedid
    };
    (!call.is_empty()).then(|| {
        format!(
            "/pbx/{pbx}/calls?{}",
            serde_urlencoded::to_string([("call", call)]).unwrap_or_default()
        )
    })
}

#[component]
fn CallRow(pbx: i64, record: CallRecord, recording: Option<i64>) -> impl IntoView {
    let legs = legs_href(pbx, &record.linkedid, &record.uniqueid)
        .map(|href| view! { <p><a href=href>{t(T::AllLegs)}</a></p> });
    let source = if record.caller_name.is_empty() {
        record.source.clone()
    } else {
        format!("{} ({})", record.caller_name, record.source)
    };
    let details = format!(
        "{} → {} · {} {} · {}/{}",
        record.channel,
        record.destination_channel,
        record.last_application,
        record.last_data,
        record.uniqueid,
        record.linkedid
    );
    view! {
        <tr>
            <td>{record.start.clone()}</td>
            <td>{source}</td>
            <td>{record.destination.clone()}</td>
            <td>{seconds(record.billsec)} " / " {seconds(record.duration)}</td>
            <td>{t(disposition_label(record.disposition))}</td>
            <td>
                <details>
                    <summary>{t(T::Details)}</summary>
                    <p>{details}</p>
                    {legs}
                    {(!record.did.is_empty()).then(|| view! { <p>"DID " {record.did.clone()}</p> })}
                    {(!record.recording.is_empty())
                        .then(|| view! { <p>{t(T::Recording)} ": " {record.recording.clone()}</p> })}
                    {recording.map(|id| {
                        let label = format!("{} {}", t(T::Recording), record.uniqueid);
                        view! {
                            <p>
                                <audio controls preload="none" src=format!("/api/audio/{id}") aria-label=label></audio>
                                " "
                                <a href=format!(
                                    "/pbx/{pbx}/recordings?{}",
                                    serde_urlencoded::to_string([("call", record.uniqueid.as_str())]).unwrap_or_default()
                                )>{t(T::Recordings)}</a>
                            </p>
                        }
                    })}
                </details>
            </td>
        </tr>
    }
}
