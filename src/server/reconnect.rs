//! The desk screens' way to the server: a `DeskApi` that, when the server
//! stops, says so for the call that found it gone and connects again at the
//! next call. It never opens the database itself (a desk working on the
//! store behind a server's back, or after it, is what `serve` exists to
//! prevent), and never sends a request again by itself: a registration
//! whose answer was lost may have been saved, and sending it twice would
//! register it twice.

use super::Client;
use crate::domain::period::Period;
use crate::domain::rules::Rules;
use crate::domain::{Staff, Ts};
use crate::service::api::{Call, DeskApi, Sources, Transport, Watcher};
use crate::service::backup::BackupSummary;
use crate::service::export::ExportSummary;
use crate::service::import::ImportSummary;
use crate::service::report::stats::Stats;
use crate::service::report::TownScore;
use crate::service::{Result, ServiceError};
use serde::de::DeserializeOwned;
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use time::UtcOffset;

pub struct Reconnecting {
    db: PathBuf,
    socket: PathBuf,
    /// Who the first connection served; the screens hold on to it.
    staff: Staff,
    tz: UtcOffset,
    /// The connection, or none since the server stopped.
    client: Mutex<Option<Arc<Client>>>,
    /// Given to every new connection, so live refresh goes on after one.
    watcher: Mutex<Option<Arc<Watcher>>>,
}

impl Reconnecting {
    /// Wraps a connection to the server of the database at `db`.
    pub fn new(client: Client, db: PathBuf) -> Reconnecting {
        Reconnecting {
            db,
            socket: client.socket().to_path_buf(),
            staff: client.welcome().staff.clone(),
            tz: client.welcome().about.tz,
            client: Mutex::new(Some(Arc::new(client))),
            watcher: Mutex::new(None),
        }
    }

    /// The connection, made again if the last one ended; checked as the
    /// first one was (only the database's owner or root may serve it).
    fn client(&self) -> Result<Arc<Client>> {
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = &*slot {
            return Ok(Arc::clone(c));
        }
        let client = Arc::new(Client::connect_to(&self.db, &self.socket)?);
        let watcher = self.watcher.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(w) = &*watcher {
            let w = Arc::clone(w);
            client.watch(Box::new(move |changed| w(changed)))?;
        }
        tracing::info!("{}: connected again", self.socket.display());
        *slot = Some(Arc::clone(&client));
        Ok(client)
    }

    /// Runs `f` on the connection; when it finds the server gone, the
    /// connection is let go (the next call makes a new one) and the error
    /// says the desk is reconnecting.
    fn with<T>(&self, f: impl FnOnce(&Client) -> Result<T>) -> Result<T> {
        // A server that stops while the new connection asks to watch.
        let client = self.client().map_err(reconnecting)?;
        match f(&client) {
            Err(e @ ServiceError::Stopped { .. }) => {
                let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
                // Another thread may have connected again meanwhile.
                if slot.as_ref().is_some_and(|c| Arc::ptr_eq(c, &client)) {
                    *slot = None;
                }
                tracing::warn!("{e}");
                Err(reconnecting(e))
            }
            other => other,
        }
    }

    /// Whether the desk has a connection now (none after the server stopped,
    /// until the next call connects again).
    pub fn connected(&self) -> bool {
        self.client
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }
}

/// A `Stopped` error, saying the desk connects again at its next call.
fn reconnecting(e: ServiceError) -> ServiceError {
    match e {
        ServiceError::Stopped { socket, cut, .. } => ServiceError::Stopped {
            socket,
            cut,
            reconnect: true,
        },
        other => other,
    }
}

/// Plain calls on the connection (`DeskCalls` comes with it).
impl Transport for Reconnecting {
    fn call<T: DeserializeOwned>(&self, call: Call) -> Result<T> {
        self.with(|c| c.call(call))
    }
}

impl DeskApi for Reconnecting {
    fn user(&self) -> &Staff {
        &self.staff
    }

    fn now(&self) -> Ts {
        Ts::from_datetime(time::OffsetDateTime::now_utc())
    }

    fn tz(&self) -> UtcOffset {
        self.tz
    }

    fn location(&self) -> String {
        format!("xfdesk serve at {}", self.socket.display())
    }

    /// The server flushes every write before it answers.
    fn flush(&self) -> Result<()> {
        Ok(())
    }

    fn watch(&self, watcher: Watcher) -> Result<()> {
        let watcher = Arc::new(watcher);
        *self.watcher.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::clone(&watcher));
        self.with(|c| c.watch(Box::new(move |changed| watcher(changed))))
    }

    fn scorecard_with_progress(
        &self,
        rules: &Rules,
        period: &Period,
        progress: &mut dyn FnMut(f32),
    ) -> Result<Vec<TownScore>> {
        self.with(|c| c.scorecard_with_progress(rules, period, progress))
    }

    fn stats_with_progress(&self, period: &Period, progress: &mut dyn FnMut(f32)) -> Result<Stats> {
        self.with(|c| c.stats_with_progress(period, progress))
    }

    fn import_sources(&self, sources: Sources) -> Result<ImportSummary> {
        self.with(|c| c.import_sources(sources))
    }

    fn export(&self, out: &mut dyn Write, target: &str) -> Result<ExportSummary> {
        self.with(|c| c.export(out, target))
    }

    fn backup(&self, out: &mut dyn Write, target: &str) -> Result<BackupSummary> {
        self.with(|c| c.backup(out, target))
    }
}
