//! The PJSIP rows extensions and trunks are made of, with every column we
//! know given a value: Asterisk's sqlite3 realtime driver hands a NULL over
//! as an empty string, which fails to parse for numbers and booleans and
//! makes Asterisk drop the whole object.

use super::backend::{Conn, query};

use crate::error::AppError;
use crate::model::Codec;

/// An AOR: one contact at most (a new registration replaces the old one),
/// qualified every 60 s. `contact` is the fixed address of a trunk's
/// provider, empty for phones that register.
pub async fn insert_aor(tx: &mut Conn, id: &str, contact: &str) -> Result<(), AppError> {
    tx.execute(
        query(
            "INSERT INTO ps_aors (id, contact, default_expiration, mailboxes, max_contacts, \
         minimum_expiration, maximum_expiration, remove_existing, qualify_frequency, \
         qualify_timeout, authenticate_qualify, support_path) \
         VALUES (?1, ?2, 3600, '', 1, 60, 7200, 'yes', 60, 3.0, 'no', 'no')",
        )
        .bind(id)
        .bind(contact),
    )
    .await?;
    Ok(())
}

/// A user name and password auth (digest).
pub async fn insert_auth(
    tx: &mut Conn,
    id: &str,
    username: &str,
    password: &str,
) -> Result<(), AppError> {
    tx.execute(query(
        "INSERT INTO ps_auths (id, auth_type, nonce_lifetime, md5_cred, password, realm, username) \
         VALUES (?1, 'userpass', 32, '', ?2, '', ?3)",
    )
    .bind(id)
    .bind(password)
    .bind(username))
    .await?;
    Ok(())
}

/// What differs between the endpoints we write.
pub struct Endpoint<'a> {
    pub id: &'a str,
    /// Inbound auth (phones); empty for trunks.
    pub auth: &'a str,
    /// Outbound auth (trunks); empty for phones.
    pub outbound_auth: &'a str,
    pub context: &'a str,
    pub codecs: &'a [Codec],
    pub identify_by: &'a str,
    pub from_user: &'a str,
    pub callerid: &'a str,
}

/// An endpoint whose AOR has its own id. NAT-friendly defaults: media
/// through Asterisk, replies to where packets came from, contacts rewritten
/// to the source address; the transport is left to Asterisk's choice.
pub async fn insert_endpoint(tx: &mut Conn, endpoint: &Endpoint<'_>) -> Result<(), AppError> {
    tx.execute(
        query(
            "INSERT INTO ps_endpoints (id, transport, aors, auth, context, disallow, allow, \
         direct_media, dtmf_mode, force_rport, rewrite_contact, rtp_symmetric, ice_support, \
         identify_by, outbound_auth, outbound_proxy, from_domain, from_user, callerid, \
         mailboxes, language, accountcode, set_var, device_state_busy_at, send_pai, \
         trust_id_inbound, trust_id_outbound) \
         VALUES (?1, '', ?1, ?2, ?3, 'all', ?4, 'no', 'rfc4733', 'yes', 'yes', 'yes', 'no', \
         ?5, ?6, '', '', ?7, ?8, '', '', '', '', 0, 'no', 'no', 'no')",
        )
        .bind(endpoint.id)
        .bind(endpoint.auth)
        .bind(endpoint.context)
        .bind(Codec::join(endpoint.codecs))
        .bind(endpoint.identify_by)
        .bind(endpoint.outbound_auth)
        .bind(endpoint.from_user)
        .bind(endpoint.callerid),
    )
    .await?;
    Ok(())
}
