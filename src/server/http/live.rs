//! The live stream: one SSE endpoint; each browser gets a snapshot of every
//! PBX its scope may see, then the changes. A browser that cannot keep up
//! is dropped (its EventSource reconnects and starts from a snapshot), so
//! it never slows the PBX's feed or the other browsers.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast;

use crate::server::asterisk::hub::LiveFrame;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

pub async fn events(State(state): State<AppState>, actor: SignedIn) -> Response {
    let visible = match crate::server::services::connections::visible(&state, &actor.scope).await {
        Ok(ids) => ids,
        Err(error) => return error.into_response(),
    };
    let mut snapshots = Vec::new();
    let mut feeds = Vec::new();
    for (snapshot, changes) in state.hub.subscribe(&visible) {
        snapshots.push(Arc::new(snapshot));
        feeds.push(Box::pin(follow(changes)));
    }
    // The browser reads the hub's buffer directly: no queue or task of its
    // own. If it falls behind (or a feed restarts), the whole stream ends
    // and its EventSource reconnects to a fresh snapshot.
    let changes = stream::select_all(feeds)
        .take_while(|frame| std::future::ready(frame.is_some()))
        .filter_map(std::future::ready);
    Sse::new(stream::iter(snapshots).chain(changes).map(to_sse))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// One PBX's changes; `None` once, then the end, when the browser missed
/// some (lagged) or the feed stopped.
fn follow(
    changes: broadcast::Receiver<Arc<LiveFrame>>,
) -> impl Stream<Item = Option<Arc<LiveFrame>>> {
    stream::unfold(Some(changes), |state| async move {
        let mut changes = state?;
        match changes.recv().await {
            Ok(frame) => Some((Some(frame), Some(changes))),
            Err(_) => Some((None, None)),
        }
    })
}

fn to_sse(frame: Arc<LiveFrame>) -> Result<Event, Infallible> {
    Ok(Event::default().event(frame.name).data(&frame.data))
}
