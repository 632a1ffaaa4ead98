//! An export's or a backup's bytes on their way to a client. They are
//! written first into a nameless file beside the database while the export
//! or backup holds the writers back, then sent from it in `Chunk` frames with
//! no lock held: a client that stops reading holds up only itself, never a
//! registration.

use super::outbox::Outbox;
use super::protocol::{ServerFrame, IMPORT_CHUNK};
use crate::service::{Desk, ServiceError};
use std::io::{Seek, Write};

/// Runs `write` into the spool, then sends the spool; `write`'s summary.
pub(super) fn send<T>(
    desk: &Desk,
    frames: &Outbox,
    target: &str,
    write: impl FnOnce(&Desk, &mut dyn Write) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let spool_dir = desk.store().path();
    let spool_err = |source| ServiceError::Io {
        path: spool_dir.to_path_buf(),
        source,
    };
    let spool = crate::secure_file::anonymous_in(spool_dir).map_err(|e| spool_err(e.source))?;
    let mut spool = std::io::BufWriter::with_capacity(IMPORT_CHUNK, spool);
    let summary = write(desk, &mut spool)?;
    let mut spool = spool.into_inner().map_err(|e| spool_err(e.into_error()))?;
    spool.rewind().map_err(spool_err)?;
    let mut out = ChunkWriter {
        frames,
        buf: Vec::with_capacity(IMPORT_CHUNK),
    };
    let sent = std::io::copy(&mut spool, &mut out).and_then(|_| out.flush());
    sent.map_err(|e| ServiceError::Io {
        path: target.into(),
        source: e,
    })?;
    Ok(summary)
}

/// The spool's bytes, sent as `Chunk` frames.
struct ChunkWriter<'a> {
    frames: &'a Outbox,
    buf: Vec<u8>,
}

impl Write for ChunkWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= IMPORT_CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(IMPORT_CHUNK));
        if self.frames.send(ServerFrame::Chunk(chunk)) {
            Ok(())
        } else {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "the client went away or stopped reading",
            ))
        }
    }
}
