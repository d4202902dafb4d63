use futures_util::StreamExt;
use futures_util::stream::select_all;
use gloo_net::eventsource::futures::EventSource;
use leptos::prelude::on_cleanup;
use leptos::task::spawn_local;

use crate::model::LiveEvent;

use super::{EVENT_NAMES, parse};

/// Opens the stream (the browser reconnects it by itself, and the server
/// starts every connection with a snapshot) and closes it with the page.
pub fn follow(on_event: impl Fn(LiveEvent) + 'static) {
    let Ok(mut source) = EventSource::new("/api/live/events") else {
        return;
    };
    let streams: Vec<_> = EVENT_NAMES
        .iter()
        .filter_map(|name| source.subscribe(*name).ok())
        .collect();
    let mut events = select_all(streams);
    spawn_local(async move {
        while let Some(item) = events.next().await {
            if let Ok((_, message)) = item
                && let Some(event) = message.data().as_string().as_deref().and_then(parse)
            {
                on_event(event);
            }
        }
    });
    let source = send_wrapper::SendWrapper::new(source);
    on_cleanup(move || source.take().close());
}

/// Seconds since the Unix epoch, from the browser's clock.
pub fn now_seconds() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
