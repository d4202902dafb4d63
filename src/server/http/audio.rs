//! `/api/audio/{id}`: a recording for the browser's player or a download.
//! Only a signed-in user whose scope holds the recording gets it; anyone
//! else, signed in or not, gets the same 404 as for an id that does not
//! exist. Served from the local cache, so Range requests (seeking) are
//! answered 206; a file larger than the whole cache streams straight from
//! ARI, whole.

use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::error::AppError;
use crate::model::Recording;
use crate::server::asterisk::ari::Ari;
use crate::server::recordings::cache::CacheMiss;
use crate::server::scope::SignedIn;
use crate::server::state::AppState;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct AudioQuery {
    /// Ask the browser to save the file rather than play it.
    download: bool,
}

pub async fn audio(
    State(state): State<AppState>,
    signed_in: Option<SignedIn>,
    Path(id): Path<i64>,
    Query(query): Query<AudioQuery>,
    request: Request,
) -> Response {
    let not_found = || AppError::NotFound.into_response();
    let Some(actor) = signed_in else {
        return not_found();
    };
    let recording =
        match crate::server::services::recordings::playable(&state, &actor.scope, id).await {
            Ok(recording) => recording,
            Err(error) => return error.into_response(),
        };
    // The PBX's secrets are opened only when ARI is needed: not for a
    // copy already in the cache.
    let ari = async || {
        let target = crate::server::services::connections::target(
            &state,
            &actor.scope,
            recording.pbx_connection_id,
        )
        .await?;
        Ari::open(&target).await.map_err(AppError::Pbx)
    };
    let served = match state.recordings.cache.get(&recording, ari).await {
        Ok(path) => match ServeFile::new(path).oneshot(request).await {
            Ok(served) => Ok(served.map(Body::new)),
            Err(error) => match error {},
        },
        Err(CacheMiss::TooLarge) => stream_through(ari, &recording).await,
        Err(CacheMiss::Unavailable(error)) => Err(error),
        Err(CacheMiss::Disk(error)) => Err(crate::server::errors::internal(format_args!(
            "audio cache: {error}"
        ))),
    };
    let mut response = match served {
        Ok(response) => response,
        Err(error) => return error.into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(content_type(&recording.format)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private"));
    let disposition = format!("attachment; filename=\"{}\"", safe_file_name(&recording));
    if query.download
        && let Ok(value) = HeaderValue::from_str(&disposition)
    {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn stream_through(
    ari: impl AsyncFnOnce() -> Result<Ari, AppError>,
    recording: &Recording,
) -> Result<Response, AppError> {
    let (upstream, length) = ari()
        .await?
        .file(&recording.name)
        .await
        .map_err(AppError::Pbx)?;
    let body = futures_util::stream::unfold(upstream, |mut upstream| async move {
        match upstream.chunk().await {
            Ok(Some(bytes)) => Some((Ok::<_, std::io::Error>(bytes), upstream)),
            Ok(None) => None,
            Err(error) => Some((Err(std::io::Error::other(error)), upstream)),
        }
    });
    let mut response = Body::from_stream(body).into_response();
    if let Some(length) = length {
        response
            .headers_mut()
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Ok(response)
}

fn content_type(format: &str) -> &'static str {
    match format {
        "wav" | "wav16" | "wav49" | "WAV" => "audio/wav",
        "gsm" => "audio/x-gsm",
        "ulaw" | "ul" => "audio/basic",
        "ogg" => "audio/ogg",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The download's name, from characters that need no quoting anywhere.
fn safe_file_name(recording: &Recording) -> String {
    let name: String = recording
        .file_name()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.trim_matches(['.', '_']).is_empty() {
        format!("recording-{}.{}", recording.id, recording.format)
    } else {
        name
    }
}
