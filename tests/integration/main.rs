//! Integration tests of the HTTP application on a real SQLite database:
//! the whole router (sessions, identity, same-origin check, server
//! functions), driven request by request.

mod ami_client;
mod audit;
mod backends;
mod bench;
mod cdr;
mod cdr_summary;
mod extensions;
mod hardening;
mod harness;
mod live;
mod network_check;
mod probe;
mod queues;
mod recordings;
mod scope_matrix;
mod secrets;
mod sign_in;
mod targets;
mod trunks;
mod two_factor;
