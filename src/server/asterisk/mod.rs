//! Talking to Asterisk: short AMI sessions for configuration work and the
//! "Test connection" probes. The long-lived AMI client, live model and ARI
//! sync come with their issues.

pub mod actions;
pub mod ami;
pub mod ari;
pub mod bench;
pub mod hub;
pub mod live;
pub mod probe;
