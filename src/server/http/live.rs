//! The live stream: one SSE endpoint; each browser gets a snapshot of every
//! PBX its scope may see, then the changes. A browser that cannot keep up
//! is dropped (its EventSource reconnects and starts from a snapshot), so
//! it never slows the PBX's feed or the other browsers.

use std::convert::Infallible;
use std::time::Duration;

use axum::Extension;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::{broadcast, mpsc};

use crate::error::AppError;
use crate::model::LiveEvent;
use crate::server::scope::Identity;
use crate::server::state::AppState;

/// Events queued for one browser before it counts as too slow.
const PER_BROWSER: usize = 256;

pub async fn events(
    State(state): State<AppState>,
    Extension(Identity(signed_in)): Extension<Identity>,
) -> Response {
    let Some(actor) = signed_in else {
        let error = AppError::Unauthenticated;
        return (error.status(), error.to_string()).into_response();
    };
    let visible = match crate::server::db::pbx::list(&state.db, &actor.scope).await {
        Ok(list) => list.into_iter().map(|c| c.id).collect::<Vec<_>>(),
        Err(error) => return (error.status(), error.to_string()).into_response(),
    };
    let subscriptions = state.hub.subscribe(&visible);
    let (sender, receiver) = mpsc::channel::<LiveEvent>(PER_BROWSER);
    let mut snapshots = Vec::with_capacity(subscriptions.len());
    for (snapshot, changes) in subscriptions {
        snapshots.push(snapshot);
        tokio::spawn(forward(changes, sender.clone()));
    }
    drop(sender);
    Sse::new(stream::iter(snapshots).chain(changes(receiver)).map(to_sse))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// Copies one PBX's changes to one browser until either side is gone or
/// the browser falls behind.
async fn forward(mut changes: broadcast::Receiver<LiveEvent>, browser: mpsc::Sender<LiveEvent>) {
    loop {
        match changes.recv().await {
            Ok(event) => {
                if browser.try_send(event).is_err() {
                    return; // full (too slow) or closed (gone)
                }
            }
            // Missed changes: end the stream so the browser starts afresh.
            Err(_) => return,
        }
    }
}

fn changes(receiver: mpsc::Receiver<LiveEvent>) -> impl Stream<Item = LiveEvent> {
    stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    })
}

fn to_sse(event: LiveEvent) -> Result<Event, Infallible> {
    let data = serde_json::to_string(&event).unwrap_or_else(|_| "{}".to_owned());
    Ok(Event::default().event(event.name()).data(data))
}
