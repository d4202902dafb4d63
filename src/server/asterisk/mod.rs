//! Talking to Asterisk. For now: the "Test connection" probes. The long-lived
//! AMI client, live model and ARI sync come with their issues.

pub mod probe;
