//! Use-cases: the one API that the command line, the TUI and the server call.
//! Every function here acts as a known staff member and leaves an audit entry
//! for what it changes.

pub mod act;
pub mod check;
pub mod drafts;
pub mod export;
pub mod holidays;
pub mod import;
pub mod lookup;
pub mod overdue;
pub mod queues;
pub mod register;
pub mod report;
pub mod views;

use crate::domain::{AuditEntry, Role, Staff, Ts};
use crate::store::keys::u64_key;
use crate::store::{OpenOptions, Store, StoreError, WriteSet, T};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use time::OffsetDateTime;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("Unix user {0:?} is not on the staff list of this database; ask an admin to add you (xfdesk staff add)")]
    UnknownUser(String),
    #[error("staff login {0:?} is disabled; ask an admin to re-enable it")]
    Disabled(String),
    #[error("{role} {login:?} may not {what}")]
    Forbidden {
        login: String,
        role: Role,
        what: &'static str,
    },
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", import::format_problems(.0))]
    Import(Vec<import::Problem>),
    #[error("{0}")]
    Invalid(String),
    /// A form with problems, each beside its field; nothing was saved.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("; "))]
    Form(Vec<register::FieldError>),
    /// A matter action the workflow does not allow now.
    #[error("matter {ledger}: {error}")]
    Workflow {
        ledger: crate::domain::LedgerNo,
        error: crate::domain::workflow::WorkflowError,
    },
    #[error("{0} is not on file")]
    NotFound(String),
    /// The server's socket: not answering, another server on it, a
    /// connection broken off, an answer that breaks the protocol.
    #[error("xfdesk serve at {}: {detail}", .socket.display())]
    Server { socket: PathBuf, detail: String },
    /// A request the server refused or failed, in its words.
    #[error("{message}")]
    Remote {
        kind: crate::server::protocol::ErrorKind,
        message: String,
    },
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

/// Where "now" comes from; tests and renders inject a fixed clock.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

pub struct FixedClock(pub OffsetDateTime);

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// A database opened for one staff member. Several desks may share one
/// store (the server gives each connection its own).
pub struct Desk {
    store: Arc<Store>,
    user: Staff,
    clock: Box<dyn Clock>,
}

/// The login of the Unix user running this process.
pub fn current_unix_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| nix::unistd::getuid().to_string())
}

/// The staff record of `login`, refused when unknown or disabled.
fn active_staff(store: &Store, login: &str) -> Result<Staff> {
    let user = store
        .staff(login)?
        .ok_or_else(|| ServiceError::UnknownUser(login.to_string()))?;
    if user.disabled {
        return Err(ServiceError::Disabled(login.to_string()));
    }
    Ok(user)
}

impl Desk {
    /// Opens an existing database as `login`, who must be active staff.
    pub fn open(path: &Path, opts: &OpenOptions, login: &str) -> Result<Desk> {
        Desk::with_store(Store::open(path, opts)?, login)
    }

    pub fn with_store(store: Store, login: &str) -> Result<Desk> {
        Desk::shared(Arc::new(store), login)
    }

    /// A desk for `login` on a store other desks use too.
    pub fn shared(store: Arc<Store>, login: &str) -> Result<Desk> {
        let user = active_staff(&store, login)?;
        Ok(Desk {
            store,
            user,
            clock: Box::new(SystemClock),
        })
    }

    /// Acts from now on as `login`, who must be active staff, on the same open
    /// database and clock. One process holds a database (sled's lock), so a
    /// server serving several people, or a test playing several roles, changes
    /// the person rather than opening the store again. On error nothing changes.
    pub fn switch_user(&mut self, login: &str) -> Result<()> {
        self.user = active_staff(&self.store, login)?;
        Ok(())
    }

    /// Creates a database whose first admin is `login`.
    pub fn init(path: &Path, opts: &OpenOptions, login: &str) -> Result<Desk> {
        let store = Store::create(path, opts)?;
        let admin = Staff {
            login: login.to_string(),
            name: login.to_string(),
            role: Role::Admin,
            unit: None,
            disabled: false,
        };
        let desk = Desk {
            store: Arc::new(store),
            user: admin.clone(),
            clock: Box::new(SystemClock),
        };
        let mut ws = WriteSet::new(&desk.store);
        ws.put(T::Staff, login.as_bytes().to_vec(), &admin);
        desk.audit(
            &mut ws,
            format!("staff {login}"),
            "created the database with this admin".into(),
        )?;
        ws.commit()?;
        desk.store.flush()?;
        Ok(desk)
    }

    /// Brings the database at `path` up to this release's schema (see
    /// `store::migrate`); `login` must be an active admin of it. Returns what
    /// was done; a database already up to date is left alone.
    pub fn migrate(path: &Path, opts: &OpenOptions, login: &str) -> Result<crate::store::Migrated> {
        Store::migrate(path, opts, |store| {
            let user = active_staff(store, login)?;
            if user.role == Role::Admin {
                Ok(())
            } else {
                Err(ServiceError::Forbidden {
                    login: login.to_string(),
                    role: user.role,
                    what: "migrate the database",
                })
            }
        })
    }

    pub fn set_clock(&mut self, clock: Box<dyn Clock>) {
        self.clock = clock;
    }

    pub fn now(&self) -> Ts {
        Ts::from_datetime(self.clock.now())
    }

    pub fn today(&self) -> time::Date {
        self.now().local_date(self.store.tz())
    }

    pub fn user(&self) -> &Staff {
        &self.user
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The store, to share with other desks (see `Desk::shared`).
    pub fn shared_store(&self) -> Arc<Store> {
        Arc::clone(&self.store)
    }

    /// Refuses unless the user's role is one of `roles`.
    fn require(&self, roles: &[Role], what: &'static str) -> Result<()> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            Err(self.forbidden(what))
        }
    }

    /// The refusal of `what` for this user's role.
    fn forbidden(&self, what: &'static str) -> ServiceError {
        ServiceError::Forbidden {
            login: self.user.login.clone(),
            role: self.user.role,
            what,
        }
    }

    /// Adds an audit entry to `ws`; it commits with the change it describes.
    fn audit(&self, ws: &mut WriteSet, record: String, what: String) -> Result<()> {
        let seq = self.store.counter("audit")? + 1;
        let entry = AuditEntry {
            at: self.now(),
            by: self.user.login.clone(),
            record,
            what,
        };
        ws.put(T::Audit, u64_key(seq), &entry);
        ws.set_counter("audit", seq);
        Ok(())
    }

    /// Audit entries in order (oldest first).
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>> {
        let mut out = Vec::new();
        for r in self.store.records::<AuditEntry>(T::Audit) {
            out.push(r?.1);
        }
        Ok(out)
    }
}
