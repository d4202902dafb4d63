//! English and French texts.
//!
//! Our own table rather than a crate (leptos_i18n, fluent): every text is a
//! variant of `T` with both languages in one line, so a missing translation
//! is a compile error, and there is no build step, file loading or runtime
//! parsing on either side. Parameterised messages (errors, check results)
//! are functions at the bottom, each text written the same way:
//! `lang.pick(english, french)`.

use serde::{Deserialize, Serialize};

use crate::error::{AppError, Problem};
use crate::model::CheckProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];
    pub const COOKIE: &'static str = "switchboard_lang";

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().get(..2).map(str::to_ascii_lowercase).as_deref() {
            Some("en") => Some(Lang::En),
            Some("fr") => Some(Lang::Fr),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        header
            .split(',')
            .filter_map(|part| Lang::from_code(part.split(';').next().unwrap_or("")))
            .next()
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    pub fn t(self, text: T) -> &'static str {
        text.get(self)
    }

    /// The English or the French of a message built with values: the same
    /// order as the `texts!` table (English first), the one way every text
    /// here is written.
    pub fn pick<X>(self, en: X, fr: X) -> X {
        match self {
            Lang::En => en,
            Lang::Fr => fr,
        }
    }
}

macro_rules! texts {
    ($($key:ident => $en:literal, $fr:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::En) => $en, (T::$key, Lang::Fr) => $fr,)*
                }
            }
        }
    };
}

texts! {
    AppName => "Switchboard", "Switchboard";
    Dashboard => "Dashboard", "Tableau de bord";
    Tenants => "Tenants", "Clients";
    Users => "Users", "Utilisateurs";
    Settings => "FreePBX / Asterisk", "FreePBX / Asterisk";
    Account => "My account", "Mon compte";
    SignIn => "Sign in", "Se connecter";
    SignOut => "Sign out", "Se déconnecter";
    Email => "Email", "E-mail";
    Password => "Password", "Mot de passe";
    DisplayName => "Display name", "Nom affiché";
    SetupTitle => "First-run setup", "Première configuration";
    SetupIntro => "Create the first super administrator. The one-time setup token is printed in the server log.", "Créez le premier super-administrateur. Le jeton de configuration à usage unique figure dans le journal du serveur.";
    SetupToken => "Setup token", "Jeton de configuration";
    CreateAdmin => "Create administrator", "Créer l'administrateur";
    SetupClosed => "Setup is already done. Sign in instead.", "La configuration est déjà faite. Connectez-vous.";
    Welcome => "Welcome", "Bienvenue";
    Role => "Role", "Rôle";
    RoleSuperAdmin => "Super administrator", "Super-administrateur";
    RoleTenantAdmin => "Tenant administrator", "Administrateur client";
    RoleReadOnly => "Read only", "Lecture seule";
    Tenant => "Tenant", "Client";
    AllTenants => "All tenants", "Tous les clients";
    Name => "Name", "Nom";
    Status => "Status", "État";
    Enabled => "Enabled", "Actif";
    Disabled => "Disabled", "Désactivé";
    Enable => "Enable", "Activer";
    Disable => "Disable", "Désactiver";
    Create => "Create", "Créer";
    Save => "Save", "Enregistrer";
    Saved => "Saved.", "Enregistré.";
    Cancel => "Cancel", "Annuler";
    Edit => "Edit", "Modifier";
    Delete => "Delete", "Supprimer";
    Rename => "Rename", "Renommer";
    Actions => "Actions", "Actions";
    NewTenant => "New tenant", "Nouveau client";
    NewUser => "New user", "Nouvel utilisateur";
    NoTenants => "No tenants yet.", "Aucun client pour l'instant.";
    NoUsers => "No users yet.", "Aucun utilisateur pour l'instant.";
    ChangePassword => "Change password", "Changer le mot de passe";
    CurrentPassword => "Current password", "Mot de passe actuel";
    NewPassword => "New password", "Nouveau mot de passe";
    ConfirmPassword => "Confirm new password", "Confirmer le nouveau mot de passe";
    PasswordChanged => "Password changed.", "Mot de passe modifié.";
    Loading => "Loading…", "Chargement…";
    Language => "Language", "Langue";
    PbxConnections => "PBX connections", "Connexions PBX";
    NewConnection => "New connection", "Nouvelle connexion";
    TargetsLockedHint => "Where this connection points (host, ports, ARI scheme, Realtime database) is changed by a super admin: this server's operator decided so.", "L'endroit où pointe cette connexion (hôte, ports, schéma ARI, base Realtime) est modifié par un super administrateur : l'opérateur de ce serveur l'a décidé.";
    NoConnections => "No PBX connection yet.", "Aucune connexion PBX pour l'instant.";
    Host => "Host", "Hôte";
    AmiPort => "AMI port", "Port AMI";
    AmiUsername => "AMI username", "Utilisateur AMI";
    AmiSecret => "AMI secret", "Secret AMI";
    AriScheme => "ARI scheme", "Protocole ARI";
    AriPort => "ARI port", "Port ARI";
    AriUsername => "ARI username", "Utilisateur ARI";
    AriPassword => "ARI password", "Mot de passe ARI";
    AriTrustCert => "Trust this server's certificate (self-signed HTTPS)", "Faire confiance au certificat de ce serveur (HTTPS auto-signé)";
    RealtimeDbUrl => "Realtime database URL", "URL de la base Realtime";
    RealtimeDbHint => "sqlite:///path/to/file.sqlite3, postgres://user@host:5432/asterisk or mysql://user@host:3306/asterisk; TLS: ?sslmode=verify-full (PostgreSQL), ?ssl-mode=VERIFY_IDENTITY (MySQL).", "sqlite:///chemin/vers/fichier.sqlite3, postgres://utilisateur@hôte:5432/asterisk ou mysql://utilisateur@hôte:3306/asterisk ; TLS : ?sslmode=verify-full (PostgreSQL), ?ssl-mode=VERIFY_IDENTITY (MySQL).";
    RealtimeDbPassword => "Realtime database password", "Mot de passe de la base Realtime";
    CdrDbUrl => "Call history (CDR) database URL", "URL de la base d'historique d'appels (CDR)";
    CdrDbHint => "Empty: no call history. Often the Realtime database again; FreePBX: mysql://user@host/asteriskcdrdb.", "Vide : pas d'historique d'appels. Souvent la base Realtime ; FreePBX : mysql://utilisateur@hôte/asteriskcdrdb.";
    CdrDbPassword => "Call history database password", "Mot de passe de la base d'historique";
    DbCaPem => "Databases' CA certificate (PEM)", "Certificat d'autorité des bases (PEM)";
    DbCaHint => "Only for a private authority: the certificates of both databases are checked against it (and the public ones) when the URL asks for verification.", "Seulement pour une autorité privée : les certificats des deux bases sont vérifiés avec elle (et les publiques) quand l'URL demande une vérification.";
    NoneSet => "none", "aucune";
    SyncInterval => "Recordings sync interval (minutes)", "Intervalle de synchronisation des enregistrements (minutes)";
    SecretSaved => "saved — leave empty to keep", "enregistré — laisser vide pour conserver";
    SecretNotSet => "not set", "non défini";
    TestConnection => "Test connection", "Tester la connexion";
    Testing => "Testing…", "Test en cours…";
    SavedBy => "Saved by", "Enregistré par";
    ConfirmDelete => "Delete this connection?", "Supprimer cette connexion ?";
    YesDelete => "Yes, delete", "Oui, supprimer";
    ReadOnlyNotice => "Read-only access: you can look but not change.", "Accès en lecture seule : consultation uniquement.";
    RecordingsNotice => "ARI lists only <spool>/recording (and its subfolders). FreePBX keeps call recordings under <spool>/monitor/YYYY/MM/DD, which ARI does not see. To make them visible: set FreePBX's Advanced Setting \"Override Call Recording Location\" to <spool>/recording for new recordings, and bind-mount <spool>/monitor onto <spool>/recording/monitor for existing ones (not a symbolic link: one link to a folder outside makes ARI's whole listing fail).", "ARI ne liste que <spool>/recording (et ses sous-dossiers). FreePBX range les enregistrements d'appels sous <spool>/monitor/AAAA/MM/JJ, invisible pour ARI. Pour les rendre visibles : réglez le paramètre avancé de FreePBX « Override Call Recording Location » sur <spool>/recording pour les nouveaux, et montez <spool>/monitor sur <spool>/recording/monitor (mount --bind) pour les existants (pas de lien symbolique : un seul lien vers un dossier extérieur fait échouer toute la liste d'ARI).";
    Recordings => "Recordings", "Enregistrements";
    SyncNow => "Sync now", "Synchroniser";
    SyncProgress => "Sync progress", "Avancement de la synchronisation";
    LastSync => "Last sync", "Dernière synchronisation";
    NextSync => "next", "prochaine";
    NeverSynced => "Not synced yet: the first sync starts within a minute of saving the connection.", "Pas encore synchronisé : la première synchronisation démarre dans la minute qui suit l'enregistrement de la connexion.";
    ShowEmpty => "Show empty recordings", "Afficher les enregistrements vides";
    ShowGone => "Show recordings gone from the PBX", "Afficher les enregistrements disparus du PBX";
    Size => "Size", "Taille";
    Player => "Play", "Écouter";
    Download => "Download", "Télécharger";
    CallDetails => "Call details", "Détails de l'appel";
    EmptyRecording => "empty", "vide";
    GoneFromPbx => "gone from the PBX", "disparu du PBX";
    NoRecordings => "No recordings found.", "Aucun enregistrement trouvé.";
    Retention => "Retention", "Conservation";
    RetentionDays => "Delete recordings older than (days)", "Supprimer les enregistrements de plus de (jours)";
    RetentionExplained => "Off when empty. Recordings are deleted on the PBX too, only after you have seen the list below, and each deletion is audited.", "Désactivé si vide. Les enregistrements sont aussi supprimés sur le PBX, seulement après affichage de la liste ci-dessous, et chaque suppression est tracée.";
    SetRetention => "Set retention", "Définir la conservation";
    RetentionOff => "Retention is off: recordings are kept.", "Conservation illimitée : les enregistrements sont gardés.";
    RetentionNothing => "Nothing is older than that.", "Rien n'est plus ancien que cela.";
    WouldDelete => "Would be deleted", "Seraient supprimés";
    DeleteListed => "Delete the recordings listed", "Supprimer les enregistrements listés";
    NotFoundTitle => "Page not found", "Page introuvable";
    Forbidden => "You are not allowed to see this page.", "Vous n'avez pas accès à cette page.";
    Overview => "Overview", "Vue d'ensemble";
    SignedInAs => "Signed in as", "Connecté en tant que";
    TwoFactor => "Two-factor sign-in", "Connexion à deux facteurs";
    TwoFactorExplained => "After your password, a 6-digit code from an authenticator app on your phone (any app that reads a QR code: Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…).", "Après votre mot de passe, un code à 6 chiffres d'une application d'authentification sur votre téléphone (toute application qui lit un QR code : Google Authenticator, Microsoft Authenticator, FreeOTP, 1Password…).";
    TwoFactorOn => "Two-factor sign-in is on.", "La connexion à deux facteurs est activée.";
    TwoFactorOff => "Two-factor sign-in is off.", "La connexion à deux facteurs est désactivée.";
    TwoFactorIsRequired => "It is required for your account.", "Elle est exigée pour votre compte.";
    RecoveryCodesLeft => "Unused recovery codes", "Codes de secours inutilisés";
    SetUpTwoFactor => "Set up two-factor sign-in", "Configurer la connexion à deux facteurs";
    ScanQr => "Scan this QR code with your authenticator app, then enter the code it shows.", "Scannez ce QR code avec votre application d'authentification, puis saisissez le code qu'elle affiche.";
    SecretKey => "Or type this key", "Ou saisissez cette clé";
    VerificationCode => "Code", "Code";
    CodeHint => "The 6 digits your app shows now, or one of your recovery codes.", "Les 6 chiffres que votre application affiche maintenant, ou un de vos codes de secours.";
    Confirm => "Confirm", "Confirmer";
    Verify => "Verify", "Vérifier";
    TurnOffTwoFactor => "Turn off two-factor sign-in", "Désactiver la connexion à deux facteurs";
    RecoveryCodes => "Your recovery codes", "Vos codes de secours";
    RecoveryCodesExplained => "Each works once, instead of a code from your app, if you lose your phone. Keep them somewhere safe: they are shown only now.", "Chacun sert une fois, à la place d'un code de votre application, si vous perdez votre téléphone. Gardez-les en lieu sûr : ils ne sont affichés que maintenant.";
    SecondStepTitle => "Two-factor sign-in", "Connexion à deux facteurs";
    EnterCodeFor => "Enter the code from your authenticator app for", "Saisissez le code de votre application d'authentification pour";
    EnrolRequired => "Two-factor sign-in is required for your account. Set it up now to continue.", "La connexion à deux facteurs est exigée pour votre compte. Configurez-la maintenant pour continuer.";
    SignInAgain => "This sign-in has expired. Sign in again.", "Cette connexion a expiré. Reconnectez-vous.";
    RequireTwoFactor => "Require two-factor sign-in", "Exiger la connexion à deux facteurs";
    RequireForEveryone => "For every user of every tenant", "Pour tous les utilisateurs de tous les clients";
    TwoFactorPolicyExplained => "Users who must and have not set it up are asked to, right after their password, before they can go on.", "Les utilisateurs qui le doivent et ne l'ont pas configurée le font juste après leur mot de passe, avant de pouvoir continuer.";
    Required => "required", "exigée";
    Optional => "optional", "facultative";
    ResetTwoFactor => "Reset two-factor", "Réinitialiser les deux facteurs";
    YesReset => "Yes, reset", "Oui, réinitialiser";
    ConfirmResetTwoFactor => "Remove this user's two-factor sign-in (lost phone)? They sign in with their password and set it up again where it is required.", "Retirer la connexion à deux facteurs de cet utilisateur (téléphone perdu) ? Il se connecte avec son mot de passe et la reconfigure là où elle est exigée.";
    CheckAmi => "AMI", "AMI";
    CheckAri => "ARI", "ARI";
    CheckRealtime => "Realtime database", "Base Realtime";
    CheckCdr => "Call history database", "Base d'historique d'appels";
    Ok => "OK", "OK";
    Failed => "Failed", "Échec";
    Yes => "Yes", "Oui";
    No => "No", "Non";
    Created => "Created", "Créé";
    Updated => "Updated", "Modifié";
    Deleted => "Deleted", "Supprimé";
    User => "User", "Utilisateur";
    PbxConnection => "PBX connection", "Connexion PBX";
    Audit => "Audit", "Journal d'audit";
    When => "When", "Quand";
    Who => "Who", "Qui";
    Action => "Action", "Action";
    Object => "Object", "Objet";
    Before => "Before", "Avant";
    After => "After", "Après";
    AllObjects => "All objects", "Tous les objets";
    Filter => "Filter", "Filtrer";
    NoAudit => "Nothing recorded yet.", "Rien d'enregistré pour l'instant.";
    Previous => "Previous", "Précédent";
    Pagination => "Pages", "Pages";
    Next => "Next", "Suivant";
    NumberRange => "Number range", "Plage de numéros";
    RangeStart => "Numbers from", "Numéros de";
    RangeEnd => "Numbers to", "Numéros jusqu'à";
    Revealed => "Secret revealed", "Secret révélé";
    Extension => "Extension", "Poste";
    Extensions => "Extensions", "Postes";
    Trunk => "Trunk", "Trunk";
    Trunks => "Trunks", "Trunks";
    Queue => "Queue", "File d'attente";
    Queues => "Queues", "Files d'attente";
    PbxConfiguration => "PBX configuration", "Configuration du PBX";
    NoPbxYet => "No PBX connection yet: add one under FreePBX / Asterisk.", "Aucune connexion PBX : ajoutez-en une dans FreePBX / Asterisk.";
    Number => "Number", "Numéro";
    NumberAutoHint => "Leave empty for the lowest free number of the range.", "Laissez vide pour le plus petit numéro libre de la plage.";
    Codecs => "Codecs", "Codecs";
    Registration => "Registration", "Enregistrement";
    NotRegistered => "Not registered", "Non enregistré";
    RegistrationUnknown => "Registration state unavailable", "État d'enregistrement indisponible";
    UserAgent => "Phone", "Téléphone";
    Address => "Address", "Adresse";
    NewExtension => "New extension", "Nouveau poste";
    NoExtensions => "No extensions yet.", "Aucun poste pour l'instant.";
    SipSecret => "SIP secret", "Secret SIP";
    SipSecretHint => "Leave empty to generate a strong one.", "Laissez vide pour en générer un robuste.";
    SipSecretKeepHint => "Leave empty to keep the current one.", "Laissez vide pour garder l'actuel.";
    SecretShownOnce => "Write this secret down now: it is shown only this once.", "Notez ce secret maintenant : il n'est affiché qu'une fois.";
    Reveal => "Reveal secret", "Révéler le secret";
    RevealAudited => "Revealing is recorded in the audit log.", "La révélation est consignée dans le journal d'audit.";
    ExtensionCreated => "Extension created", "Poste créé";
    ImportCsv => "Import from CSV", "Importer un CSV";
    ImportHint => "Columns: display_name (required), number, email, codecs, secret. First line: the column names.", "Colonnes : display_name (obligatoire), number, email, codecs, secret. Première ligne : les noms des colonnes.";
    CsvFile => "CSV content", "Contenu CSV";
    DryRun => "Check (dry run)", "Vérifier (à blanc)";
    Import => "Import", "Importer";
    ExportCsv => "Export CSV", "Exporter en CSV";
    Line => "Line", "Ligne";
    Problems => "Problems", "Problèmes";
    WouldCreate => "Would be created", "Serait créé";
    ImportDone => "Imported", "Importé";
    NothingImported => "Nothing was imported: fix the lines below and try again.", "Rien n'a été importé : corrigez les lignes ci-dessous et réessayez.";
    Back => "Back", "Retour";
    Strategy => "Strategy", "Stratégie";
    RingTimeout => "Ring time (s)", "Durée de sonnerie (s)";
    Wrapup => "Wrap-up (s)", "Temps de repos (s)";
    MusicOnHold => "Music on hold", "Musique d'attente";
    Members => "Members", "Membres";
    Penalty => "Penalty", "Pénalité";
    Paused => "Paused", "En pause";
    NewQueue => "New queue", "Nouvelle file d'attente";
    NewTrunk => "New trunk", "Nouveau trunk";
    SearchExtensions => "Number or name", "Numéro ou nom";
    Search => "Search", "Rechercher";
    Pbx => "PBX", "PBX";
    Call => "Call", "Appel";
    Live => "Live", "En direct";
    LiveConnecting => "Connecting to the live feed…", "Connexion au direct…";
    LinkConnecting => "Connecting to the PBX…", "Connexion au PBX…";
    LinkConnected => "Connected", "Connecté";
    PbxLinkState => "PBX link", "Liaison PBX";
    ActiveCalls => "Active calls", "Appels en cours";
    RegisteredExtensions => "Registered extensions", "Postes enregistrés";
    RegisteredTrunks => "Registered trunks", "Trunks enregistrés";
    Caller => "Caller", "Appelant";
    Callee => "Callee", "Appelé";
    Duration => "Duration", "Durée";
    Legs => "Channels", "Canaux";
    HangUp => "Hang up", "Raccrocher";
    ConfirmHangUp => "Yes, hang up", "Oui, raccrocher";
    Transfer => "Transfer", "Transférer";
    TransferTo => "Transfer to", "Transférer vers";
    ClickToCall => "Click-to-call", "Appel en un clic";
    FromExtension => "From extension", "Depuis le poste";
    HungUp => "Hung up", "Raccroché";
    Transferred => "Transferred", "Transféré";
    Originated => "Call placed", "Appel lancé";
    AllPbx => "All PBXs", "Tous les PBX";
    Provider => "Provider", "Opérateur";
    SipUsername => "SIP user name", "Nom d'utilisateur SIP";
    SipPort => "SIP port", "Port SIP";
    MatchIps => "Provider addresses (identify by IP)", "Adresses de l'opérateur (identification par IP)";
    RegisterTrunk => "Register with the provider", "S'enregistrer auprès de l'opérateur";
    NoRegistration => "No registration", "Pas d'enregistrement";
    Unknown => "Unknown", "Inconnu";
    RegistrationsReloaded => "Saved; Asterisk reloaded its outbound registrations.", "Enregistré ; Asterisk a rechargé ses enregistrements sortants.";
    ReloadFailed => "Saved, but Asterisk could not reload its outbound registrations:", "Enregistré, mais Asterisk n'a pas pu recharger ses enregistrements sortants :";
    Registered => "registered", "enregistré";
    DeviceIdle => "idle", "libre";
    DeviceInUse => "in use", "en ligne";
    DeviceBusy => "busy", "occupé";
    DeviceRinging => "ringing", "sonne";
    DeviceOnHold => "on hold", "en attente";
    DeviceUnavailable => "unavailable", "indisponible";
    DeviceInvalid => "invalid", "invalide";
    DeviceUnknown => "unknown", "inconnu";
    Waiting => "Waiting", "En attente";
    Answered => "Answered", "Répondus";
    Abandoned => "Abandoned", "Abandonnés";
    NoCallerWaiting => "Nobody waiting", "Personne en attente";
    ConfirmTransfer => "Yes, transfer", "Oui, transférer";
    ConfirmCall => "Yes, call", "Oui, appeler";
    CallHistory => "Call history", "Historique des appels";
    Source => "From", "Appelant";
    Destination => "To", "Appelé";
    Disposition => "Outcome", "Issue";
    Details => "Details", "Détails";
    From => "From date", "Du";
    To => "To date", "Au";
    AnyNumber => "Any number", "N'importe quel numéro";
    CallerName => "Caller name", "Nom de l'appelant";
    AllDispositions => "All outcomes", "Toutes les issues";
    MinDuration => "Minimum duration (s)", "Durée minimale (s)";
    HasRecording => "With a recording", "Avec enregistrement";
    SortBy => "Sort by", "Trier par";
    OldestFirst => "Oldest first", "Plus anciens d'abord";
    TimeZone => "Time zone", "Fuseau horaire";
    SetTimeZone => "Set the time zone of", "Définir le fuseau horaire de";
    SetZone => "Set", "Définir";
    TenantTimeZone => "Your organisation's time zone", "Fuseau horaire de votre organisation";
    TimeZoneExplained => "The call history's \"today\" is this zone's. Call times are shown as the PBX writes them.", "Le « aujourd'hui » de l'historique des appels est celui de ce fuseau. Les heures des appels sont celles qu'écrit le PBX.";
    MissingIndexes => "Missing indexes", "Index manquants";
    MissingIndexesExplained => "This CDR table lacks indexes that searches use, so they read every row of the period. Have its administrator run:", "Cette table CDR n'a pas les index qu'utilisent les recherches : elles lisent donc chaque ligne de la période. Demandez à son administrateur d'exécuter :";
    NumberPatternHint => "Numbers match from their start; start with % to match anywhere (%555). Times are the PBX's.", "Les numéros correspondent depuis le début ; commencez par % pour chercher n'importe où (%555). Heures du PBX.";
    Recording => "Recording", "Enregistrement";
    DispositionAnswered => "Answered", "Répondu";
    DispositionNoAnswer => "No answer", "Sans réponse";
    DispositionBusy => "Busy", "Occupé";
    DispositionFailed => "Failed", "Échec";
    DispositionCongestion => "Congestion", "Encombrement";
    Statistics => "Statistics", "Statistiques";
    AllLegs => "All legs of this call", "Toutes les branches de cet appel";
    LegsOfCall => "Legs of call", "Branches de l'appel";
    Calls => "Calls", "Appels";
    NotAnswered => "Not answered", "Sans réponse";
    TalkTime => "Talk time", "Temps de conversation";
    AverageTalkTime => "Average talk time", "Conversation moyenne";
    BusiestSources => "Busiest callers", "Appelants les plus actifs";
    BusiestFromDailyLists => "Busiest numbers are added up from each day's 100 busiest: a number outside a day's list is not counted for that day.",
        "Les numéros les plus actifs sont la somme des 100 plus actifs de chaque jour : un numéro absent de la liste d'un jour n'est pas compté ce jour-là.";
    BusiestDestinations => "Most called", "Numéros les plus appelés";
    CallsPerHour => "Calls per hour", "Appels par heure";
    CallsPerDay => "Calls per day", "Appels par jour";
    ConfirmDeleteExtension => "Delete this extension? Its phone stops working at once.", "Supprimer ce poste ? Son téléphone cesse aussitôt de fonctionner.";
}

/// Says what went wrong, in words the user can act on.
pub fn describe_error(lang: Lang, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => lang.pick("Please sign in.", "Veuillez vous connecter.").to_owned(),
        AppError::Forbidden => lang.pick("Your role does not allow this.",
            "Votre rôle ne le permet pas.",
        ).to_owned(),
        AppError::NotFound => lang.pick("Not found.", "Introuvable.").to_owned(),
        AppError::Invalid(errors) => errors
            .iter()
            .map(|e| describe_problem(lang, &e.problem))
            .collect::<Vec<_>>()
            .join(" "),
        AppError::Stale => lang.pick("Someone else changed this since you opened it. Reload to see their version.",
            "Quelqu'un d'autre l'a modifié depuis que vous l'avez ouvert. Rechargez pour voir sa version.",
        ).to_owned(),
        AppError::InvalidCredentials => lang.pick("Wrong email or password.",
            "E-mail ou mot de passe incorrect.",
        ).to_owned(),
        AppError::RateLimited { retry_after_secs } => {
            let minutes = retry_after_secs.div_ceil(60).max(1);
            lang.pick(format!("Too many failed sign-ins. Try again in {minutes} min."), format!("Trop d'échecs de connexion. Réessayez dans {minutes} min."))
        }
        AppError::CrossSite => lang.pick("Request refused: it did not come from this site.",
            "Requête refusée : elle ne vient pas de ce site.",
        ).to_owned(),
        AppError::Internal { reference } => {
            lang.pick(format!("Internal error (reference {reference})."), format!("Erreur interne (référence {reference})."))
        }
        AppError::BadRequest(_) => lang.pick("The request was malformed; reload the page and try again.",
            "La requête était mal formée ; rechargez la page et réessayez.",
        ).to_owned(),
        AppError::Pbx(problem) => {
            let detail = describe_check(lang, problem);
            lang.pick(format!("The PBX could not do it: {detail}"), format!("Le PBX n'a pas pu le faire : {detail}"))
        }
        AppError::Transport(_) => lang.pick("The server could not be reached.",
            "Le serveur est injoignable.",
        ).to_owned(),
    }
}

pub fn describe_problem(lang: Lang, problem: &Problem) -> String {
    match problem {
        Problem::TargetNotAllowed => lang.pick("Outside the networks and ports this server may connect to (its operator decides them).",
            "Hors des réseaux et ports que ce serveur peut joindre (fixés par son exploitant).",
        ).to_owned(),
        Problem::OutsideRealtimeDir => lang.pick("Outside the directory this server's operator allows for SQLite databases.",
            "Hors du répertoire autorisé par l'exploitant de ce serveur pour les bases SQLite.",
        ).to_owned(),
        Problem::TargetsLocked => lang.pick("Only a super administrator can change where a connection points.",
            "Seul un super administrateur peut changer la destination d'une connexion.",
        ).to_owned(),
        Problem::SecretForNewTarget => lang.pick("Enter it again: the connection now points somewhere else, and a saved secret is only sent where it was entered for.",
            "Saisissez-le à nouveau : la connexion pointe ailleurs, et un secret enregistré n'est envoyé que là où il a été saisi.",
        ).to_owned(),
        Problem::PbxOfAnotherTenant => lang.pick("This PBX is already connected to another tenant; one PBX belongs to one tenant.",
            "Ce PBX est déjà relié à un autre client ; un PBX appartient à un seul client.",
        ).to_owned(),
        Problem::UnknownHost => lang.pick("This host name does not resolve.",
            "Ce nom d'hôte ne se résout pas.",
        ).to_owned(),
        Problem::TooMany { max } => lang.pick(format!("At most {max}."), format!("{max} au plus.")),
        Problem::Required => lang.pick("Required.", "Obligatoire.").to_owned(),
        Problem::TooLong { max } => {
            lang.pick(format!("At most {max} characters."), format!("{max} caractères au plus."))
        }
        Problem::TooShort { min } => {
            lang.pick(format!("At least {min} characters."), format!("{min} caractères au moins."))
        }
        Problem::InvalidEmail => lang.pick("Not a valid email address.", "Adresse e-mail invalide.").to_owned(),
        Problem::EmailInUse { email } => {
            lang.pick(format!("Email '{email}' is already in use"), format!("L'e-mail '{email}' est déjà utilisé"))
        }
        Problem::NameInUse { name } => {
            lang.pick(format!("Name '{name}' is already in use"), format!("Le nom '{name}' est déjà utilisé"))
        }
        Problem::ForbiddenCharacters => lang.pick("No quotes, angle brackets, semicolons or control characters.",
            "Ni guillemets, ni chevrons, ni points-virgules, ni caractères de contrôle.",
        ).to_owned(),
        Problem::PasswordsDiffer => lang.pick("The two passwords differ.",
            "Les deux mots de passe diffèrent.",
        ).to_owned(),
        Problem::WrongCurrentPassword => lang.pick("The current password is wrong.",
            "Le mot de passe actuel est incorrect.",
        ).to_owned(),
        Problem::WrongCode => lang.pick("This code is wrong or has been used already. Enter the code your app shows now, or an unused recovery code.",
            "Ce code est faux ou a déjà servi. Saisissez le code que votre application affiche maintenant, ou un code de secours inutilisé.",
        ).to_owned(),
        Problem::TwoFactorRequired => lang.pick("Two-factor sign-in is required for your account: it cannot be turned off.",
            "La connexion à deux facteurs est exigée pour votre compte : elle ne peut pas être désactivée.",
        ).to_owned(),
        Problem::AlreadyEnrolled => lang.pick("Two-factor sign-in is already set up: turn it off with a code first to set it up on another phone.",
            "La connexion à deux facteurs est déjà configurée : désactivez-la d'abord avec un code pour la configurer sur un autre téléphone.",
        ).to_owned(),
        Problem::NoEnrolment => lang.pick("Start the set-up again: it was begun elsewhere or too long ago.",
            "Recommencez la configuration : elle a été commencée ailleurs ou il y a trop longtemps.",
        ).to_owned(),
        Problem::OutOfRange { min, max } => {
            lang.pick(format!("Between {min} and {max}."), format!("Entre {min} et {max}."))
        }
        Problem::InvalidHost => lang.pick("A host name or IP address, without scheme or port.",
            "Un nom d'hôte ou une adresse IP, sans protocole ni port.",
        ).to_owned(),
        Problem::InvalidDatabaseUrl => lang.pick("Expected sqlite:///absolute/path/to/file, postgres://user@host[:port]/database or mysql://user@host[:port]/database.",
            "Attendu : sqlite:///chemin/absolu/vers/fichier, postgres://utilisateur@hôte[:port]/base ou mysql://utilisateur@hôte[:port]/base.",
        ).to_owned(),
        Problem::PasswordInUrl => lang.pick("No password in the URL (it is shown on this page and in the audit log): enter it in the password field.",
            "Pas de mot de passe dans l'URL (elle est affichée ici et dans le journal d'audit) : saisissez-le dans le champ mot de passe.",
        ).to_owned(),
        Problem::DatabaseUserRequired => lang.pick("Name the database user: postgres://user@host/database.",
            "Indiquez l'utilisateur de la base : postgres://utilisateur@hôte/base.",
        ).to_owned(),
        Problem::DatabaseNameRequired => lang.pick("Name the database after the host: postgres://user@host/database.",
            "Indiquez la base après l'hôte : postgres://utilisateur@hôte/base.",
        ).to_owned(),
        Problem::DatabaseUrlParameter { name, allowed } => {
            let values = if allowed == "sslmode" {
                "disable, allow, prefer, require, verify-ca, verify-full"
            } else {
                "DISABLED, PREFERRED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY"
            };
            if name == allowed {
                lang.pick(format!("{allowed} is one of {values}."), format!("{allowed} vaut l'un de {values}."))
            } else {
                lang.pick(
                    format!("'{name}' is not accepted here: the only parameter is {allowed} ({values}); the CA certificate has a field of its own."),
                    format!("'{name}' n'est pas accepté ici : le seul paramètre est {allowed} ({values}) ; le certificat d'autorité a son propre champ."),
                )
            }
        }
        Problem::PasswordWithoutServer => lang.pick("Only a PostgreSQL or MySQL database takes a password; leave it empty for a SQLite file.",
            "Seule une base PostgreSQL ou MySQL prend un mot de passe ; laissez-le vide pour un fichier SQLite.",
        ).to_owned(),
        Problem::InvalidCertificate => lang.pick("Not a PEM certificate: paste the whole -----BEGIN CERTIFICATE----- block.",
            "Ce n'est pas un certificat PEM : collez tout le bloc -----BEGIN CERTIFICATE-----.",
        ).to_owned(),
        Problem::DatabaseInsideDataDir => lang.pick("This file belongs to Switchboard itself; choose the PBX's database.",
            "Ce fichier appartient à Switchboard ; choisissez la base du PBX.",
        ).to_owned(),
        Problem::RoleNotAllowed => lang.pick("You cannot give this role.",
            "Vous ne pouvez pas attribuer ce rôle.",
        ).to_owned(),
        Problem::InvalidSetupToken => lang.pick("Wrong setup token: copy it from the server log.",
            "Jeton de configuration incorrect : copiez-le depuis le journal du serveur.",
        ).to_owned(),
        Problem::UnknownTenant => lang.pick("Unknown tenant.", "Client inconnu.").to_owned(),
        Problem::UnknownChoice => lang.pick("Not one of the choices.", "Choix invalide.").to_owned(),
        Problem::DigitsOnly => lang.pick("Digits only, no leading zero.",
            "Chiffres uniquement, sans zéro initial.",
        ).to_owned(),
        Problem::NumberInUse { number } => lang.pick(format!("Number {number} is already in use"),
            format!("Le numéro {number} est déjà utilisé"),
        ),
        Problem::RangeFull { min, max } => lang.pick(format!("No free number left between {min} and {max}."),
            format!("Plus aucun numéro libre entre {min} et {max}."),
        ),
        Problem::UnknownCodec { codec } => lang.pick(format!("Unknown codec '{codec}'."),
            format!("Codec inconnu '{codec}'."),
        ),
        Problem::WeakSecret { min } => lang.pick(format!("At least {min} characters: letters, digits, - _ . ~"),
            format!("Au moins {min} caractères : lettres, chiffres, - _ . ~"),
        ),
        Problem::FileTooLarge { max_bytes } => lang.pick(format!("The file is larger than {} KiB.", max_bytes / 1024),
            format!("Le fichier dépasse {} Kio.", max_bytes / 1024),
        ),
        Problem::CsvHeader => lang.pick("The first line must name the columns: display_name, and optionally number, email, codecs, secret.",
            "La première ligne doit nommer les colonnes : display_name, et au choix number, email, codecs, secret.",
        ).to_owned(),
        Problem::CsvLine { line } => lang.pick(format!("Line {line} is not valid CSV."),
            format!("La ligne {line} n'est pas du CSV valide."),
        ),
        Problem::TooManyLines { max } => lang.pick(format!("At most {max} lines per import."),
            format!("{max} lignes au plus par import."),
        ),
        Problem::UnknownExtension { number } => lang.pick(format!("{number} is not an extension of this PBX."),
            format!("{number} n'est pas un poste de ce PBX."),
        ),
        Problem::InvalidIdentifier => lang.pick("A letter first, then letters, digits, - or _.",
            "Une lettre d'abord, puis lettres, chiffres, - ou _.",
        ).to_owned(),
        Problem::InvalidNetwork => lang.pick("An IP address or network such as 192.0.2.0/24.",
            "Une adresse IP ou un réseau comme 192.0.2.0/24.",
        ).to_owned(),
        Problem::InvalidDate => lang.pick("A date such as 2026-11-22.",
            "Une date comme 2026-11-22.",
        ).to_owned(),
        Problem::EndBeforeStart => lang.pick("The end is before the start.",
            "La fin est avant le début.",
        ).to_owned(),
        Problem::RangeTooLong { max_days } => lang.pick(format!("At most {max_days} days at once."),
            format!("{max_days} jours au plus à la fois."),
        ),
        Problem::InvalidNumberPattern => lang.pick("Digits, + * or #; start with % to match anywhere in the number.",
            "Chiffres, + * ou # ; commencez par % pour chercher n'importe où dans le numéro.",
        ).to_owned(),
        Problem::UnknownTimeZone => lang.pick("Not a known time zone: use a name such as Europe/Paris or UTC.",
            "Fuseau horaire inconnu : utilisez un nom comme Europe/Paris ou UTC.",
        ).to_owned(),
    }
}

/// One failed connection check, as an admin can act on it.
pub fn describe_check(lang: Lang, problem: &CheckProblem) -> String {
    match problem {
        CheckProblem::ConnectionRefused { address } => {
            lang.pick(format!(
                    "Connection refused by {address}: nothing listens on that port, or a firewall rejects it."
                ), format!(
                    "Connexion refusée par {address} : rien n'écoute sur ce port, ou un pare-feu le bloque."
                ))
        }
        CheckProblem::Timeout { address, seconds } => {
            lang.pick(format!(
                    "No answer from {address} within {seconds} s (host down, filtered, or wrong port)."
                ), format!(
                    "Pas de réponse de {address} en {seconds} s (hôte éteint, filtré ou mauvais port)."
                ))
        }
        CheckProblem::HostNotFound { host } => {
            lang.pick(format!("Host '{host}' not found (DNS)."), format!("Hôte '{host}' introuvable (DNS)."))
        }
        CheckProblem::Unreachable { address, reason } => {
            lang.pick(format!("{address} unreachable: {reason}"), format!("{address} injoignable : {reason}"))
        }
        CheckProblem::NotAmi { address } => {
            lang.pick(format!(
                    "{address} answered, but it is not Asterisk's manager interface (wrong port?)."
                ), format!(
                    "{address} a répondu, mais ce n'est pas l'interface AMI d'Asterisk (mauvais port ?)."
                ))
        }
        CheckProblem::AuthenticationFailed { username } => {
            lang.pick(format!("Authentication failed for user {username}: check the username and secret."), format!(
                    "Authentification refusée pour l'utilisateur {username} : vérifiez le nom et le secret."
                ))
        }
        CheckProblem::TlsNotTrusted { reason } => {
            lang.pick(format!(
                    "TLS certificate not trusted ({reason}). If it is self-signed or from a private authority, trust it in the settings: tick \"trust this certificate\" for ARI, paste its CA certificate for a database."
                ), format!(
                    "Certificat TLS non approuvé ({reason}). S'il est auto-signé ou d'une autorité privée, faites-lui confiance dans les réglages : cochez « faire confiance » pour ARI, collez son certificat d'autorité pour une base."
                ))
        }
        CheckProblem::TlsFailed { reason } => {
            lang.pick(format!("TLS failed: {reason} (does that port speak TLS?)"), format!("Échec TLS : {reason} (ce port parle-t-il TLS ?)"))
        }
        CheckProblem::HttpStatus { status } => {
            lang.pick(format!("ARI answered HTTP {status}."), format!("ARI a répondu HTTP {status}."))
        }
        CheckProblem::NotAri => lang.pick("The HTTP server answered, but not as Asterisk's ARI (is ARI enabled in ari.conf and http.conf?).",
            "Le serveur HTTP a répondu, mais pas comme l'ARI d'Asterisk (ARI est-il activé dans ari.conf et http.conf ?).",
        ).to_owned(),
        CheckProblem::MissingSecret => lang.pick("No secret saved for this check.",
            "Aucun secret enregistré pour ce test.",
        ).to_owned(),
        CheckProblem::DatabaseNotFound { path } => {
            lang.pick(format!("Database file not found: {path}"), format!("Fichier de base introuvable : {path}"))
        }
        CheckProblem::DatabaseUnreadable { reason } => {
            lang.pick(format!("Database unreadable: {reason}"), format!("Base illisible : {reason}"))
        }
        CheckProblem::DatabaseRefused { reason } => lang.pick(
            format!("The PBX's database refused: {reason}"),
            format!("La base du PBX a refusé : {reason}"),
        ),
        CheckProblem::NoCallHistory => lang
            .pick(
                "This PBX connection has no call history database (CDR): none was entered in its settings.",
                "Cette connexion PBX n'a pas de base d'historique d'appels (CDR) : aucune n'est indiquée dans ses réglages.",
            )
            .to_owned(),
        CheckProblem::DatabaseTimeout { seconds } => lang.pick(
            format!("The PBX's database did not answer within {seconds} s."),
            format!("La base du PBX n'a pas répondu en {seconds} s."),
        ),
        CheckProblem::MissingTables { tables } => {
            let list = tables
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", ");
            lang.pick(format!("Missing tables: {list}"), format!("Tables manquantes : {list}"))
        }
        CheckProblem::NotDatabase { address, server } => lang.pick(
            format!("{address} answered, but it is not a {server} server (wrong port?)."),
            format!("{address} a répondu, mais ce n'est pas un serveur {server} (mauvais port ?)."),
        ),
        CheckProblem::DatabaseMissing { database } => lang.pick(
            format!("The server has no database '{database}': check its name in the URL."),
            format!("Le serveur n'a pas de base '{database}' : vérifiez son nom dans l'URL."),
        ),
        CheckProblem::DatabaseNotGranted { database, user } => lang.pick(
            format!("User {user} may not use database '{database}', or it does not exist (the server does not say which): check its name, and GRANT the user its tables."),
            format!("L'utilisateur {user} n'a pas accès à la base '{database}', ou elle n'existe pas (le serveur ne dit pas lequel) : vérifiez son nom, et accordez-lui ses tables par GRANT."),
        ),
        CheckProblem::TablesNotVisible { tables, user } => {
            let list = tables.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
            lang.pick(
                format!("Tables missing, or not granted to user {user}: {list}"),
                format!("Tables manquantes, ou non accordées à l'utilisateur {user} : {list}"),
            )
        }
        CheckProblem::PermissionsMissing { user, missing } => {
            let list = missing.join(", ");
            lang.pick(
                format!("User {user} lacks: {list} (GRANT them, see the README)."),
                format!("Il manque à l'utilisateur {user} : {list} (accordez-les par GRANT, voir le README)."),
            )
        }
        CheckProblem::ActionRefused { message } => lang.pick(format!("Asterisk refused: {message}"),
            format!("Asterisk a refusé : {message}"),
        ),
        CheckProblem::NotConnected => lang.pick("Switchboard is not connected to this PBX right now.",
            "Switchboard n'est pas connecté à ce PBX en ce moment.",
        ).to_owned(),
        CheckProblem::OwnershipUnchecked => lang.pick("Switchboard could not check which tenant this PBX belongs to (its own database did not answer), so it did not use it. Try again.",
            "Switchboard n'a pas pu vérifier à quel client appartient ce PBX (sa propre base n'a pas répondu) et ne l'a donc pas utilisé. Réessayez.",
        ).to_owned(),
        CheckProblem::LinkClosed { address } => {
            lang.pick(format!("{address} closed the AMI connection."), format!("{address} a fermé la connexion AMI."))
        }
        CheckProblem::PingUnanswered { address } => {
            lang.pick(format!("{address} stopped answering AMI pings."), format!("{address} ne répond plus aux pings AMI."))
        }
        CheckProblem::TargetNotAllowed { address } => lang.pick(format!(
                "{address} is outside the networks and ports this server may connect to (its operator decides them)."
            ),
            format!(
                "{address} est hors des réseaux et ports que ce serveur peut joindre (fixés par son exploitant)."
            ),
        ),
        CheckProblem::DatabaseNotAllowed => lang.pick("This database file is outside the directory this server's operator allows.",
            "Ce fichier de base est hors du répertoire autorisé par l'exploitant de ce serveur.",
        ).to_owned(),
        CheckProblem::PbxOfAnotherTenant => lang.pick("This PBX is already connected to another tenant; one PBX belongs to one tenant.",
            "Ce PBX est déjà relié à un autre client ; un PBX appartient à un seul client.",
        ).to_owned(),
        CheckProblem::RecordingUnreadable { name, status } => lang.pick(format!(
                "ARI lists the recording {name} but its file could not be read (HTTP {status}); it is tried again at the next sync."
            ),
            format!(
                "ARI liste l'enregistrement {name} mais son fichier est illisible (HTTP {status}) ; nouvel essai à la prochaine synchronisation."
            ),
        ),
    }
}

/// How a recording sync went, or goes: "12 found, 3 new, 1 failed, 0 gone".
pub fn sync_summary(lang: Lang, found: u64, added: u64, failed: u64, gone: u64) -> String {
    lang.pick(
        format!("{found} found, {added} new, {failed} failed, {gone} gone"),
        format!("{found} trouvés, {added} nouveaux, {failed} en échec, {gone} disparus"),
    )
}

/// A live link that is down: when the next attempt is due and why the last
/// failed (`problem`, already in the reader's language). After a refused
/// login the wait is long on purpose, and the admin is told why and how to
/// try at once.
pub fn link_retrying(lang: Lang, retry_in_secs: u64, refused: bool, problem: &str) -> String {
    if !refused {
        return lang.pick(
            format!("Disconnected; retrying in {retry_in_secs} s — {problem}"),
            format!("Déconnecté ; nouvel essai dans {retry_in_secs} s — {problem}"),
        );
    }
    let minutes = retry_in_secs.div_ceil(60);
    lang.pick(
        format!(
            "{problem} Next attempt in {minutes} min, no sooner, so that the PBX's fail2ban does not \
             ban Switchboard's address. Correct the AMI secret and save, or run Test connection, to \
             try at once."
        ),
        format!(
            "{problem} Prochain essai dans {minutes} min, pas avant, pour que le fail2ban du PBX ne \
             bannisse pas l'adresse de Switchboard. Corrigez le secret AMI et enregistrez, ou lancez \
             Tester la connexion, pour réessayer tout de suite."
        ),
    )
}

/// While the call statistics' daily summaries are being made.
pub fn summarising(lang: Lang, done: u32, total: u32, left_out: u32) -> String {
    let progress = if total == 0 {
        lang.pick(
            "Summarising the call history for faster statistics.".to_owned(),
            "Synthèse de l'historique des appels pour des statistiques plus rapides.".to_owned(),
        )
    } else {
        lang.pick(
            format!("Summarising the call history for faster statistics: {done} of {total} days done."),
            format!("Synthèse de l'historique des appels pour des statistiques plus rapides : {done} jours sur {total}."),
        )
    };
    if left_out == 0 {
        return progress;
    }
    lang.pick(
        format!("{progress} {left_out} days of this range are not summarised yet and are left out."),
        format!("{progress} {left_out} jours de cette période ne sont pas encore synthétisés et ne sont pas comptés."),
    )
}

/// "Deleted 3, 1 left in place".
pub fn retention_done(lang: Lang, deleted: u64, failed: u64) -> String {
    lang.pick(
        format!("Deleted {deleted}, {failed} left in place (the PBX refused or was unreachable)"),
        format!(
            "{deleted} supprimés, {failed} laissés en place (le PBX a refusé ou était injoignable)"
        ),
    )
}

/// "Page 2 of 5 (112)".
pub fn page_of(lang: Lang, page: u32, pages: u32, total: u64) -> String {
    lang.pick(
        format!("Page {page} of {pages} ({total})"),
        format!("Page {page} sur {pages} ({total})"),
    )
}

/// The same in both languages; takes one like every other message.
pub fn page_number(_lang: Lang, page: u32) -> String {
    format!("Page {page}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_first_supported() {
        assert_eq!(
            Lang::from_accept_language("de-DE,fr-CA;q=0.8,en;q=0.5"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::from_accept_language("de, es"), None);
    }

    #[test]
    fn email_in_use_message_names_the_email() {
        let text = describe_problem(
            Lang::En,
            &Problem::EmailInUse {
                email: "a@b.c".into(),
            },
        );
        assert_eq!(text, "Email 'a@b.c' is already in use");
    }
}
