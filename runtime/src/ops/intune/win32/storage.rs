//! The chain's storage side: the payload read on a blocking thread and
//! sent as blocks, the URI renewed on time and when storage refuses it.

use std::time::Instant;

use super::Win32Upload;
use super::chain::package_error;
use crate::http::error::Error;
use crate::ops::intune::PackageError;
use crate::ops::intune::blocks;
use crate::ops::intune::package::read_full;
use crate::ops::intune::progress::{Checkpoint, Win32Step};

/// The storage URI in use, and when to renew it.
struct Uri {
    sas: String,
    renew_at: Instant,
}

impl Win32Upload<'_> {
    /// Sends the blocks storage does not hold yet, renewing the URI as it
    /// goes, then the block list.
    pub(super) async fn upload_blocks(&mut self, checkpoint: &Checkpoint, sas: String) -> Result<(), Error> {
        let total = self.package.encrypted_size();
        let count = total.div_ceil(self.block_size).max(1);
        let stored = blocks::stored_blocks(self.client, &sas).await?;
        let size_of = |index: u64| self.block_size.min(total - index * self.block_size);
        let have: Vec<bool> = (0..count)
            .map(|i| stored.get(&blocks::block_id(i)) == Some(&size_of(i)))
            .collect();
        let mut uploaded: u64 = (0..count).filter(|&i| have[i as usize]).map(size_of).sum();
        self.report(Win32Step::Uploading, uploaded, Some(checkpoint));
        let mut uri = Uri {
            renew_at: self.renew_time(&sas),
            sas,
        };
        let mut reader = self.read_blocks(have);
        while let Some(block) = reader.recv().await {
            let (index, bytes) = block?;
            if Instant::now() >= uri.renew_at {
                self.renew_uri(&mut uri, checkpoint, uploaded).await?;
            }
            let len = bytes.len() as u64;
            let (client, timeout) = (self.client, self.block_timeout);
            self.renewing_if_refused(&mut uri, checkpoint, uploaded, |sas| {
                blocks::put_block(client, sas, index, bytes.clone(), timeout)
            })
            .await?;
            uploaded += len;
            self.report(Win32Step::Uploading, uploaded, Some(checkpoint));
        }
        let client = self.client;
        self.renewing_if_refused(&mut uri, checkpoint, uploaded, |sas| {
            blocks::put_block_list(client, sas, count)
        })
        .await
    }

    /// Sends a storage request; when storage refuses the URI as no longer
    /// valid (it expired before its time by this machine's clock), renews
    /// it and sends the request once more.
    async fn renewing_if_refused<F, Fut>(
        &mut self,
        uri: &mut Uri,
        checkpoint: &Checkpoint,
        uploaded: u64,
        send: F,
    ) -> Result<(), Error>
    where
        F: Fn(String) -> Fut,
        Fut: std::future::Future<Output = Result<(), Error>>,
    {
        match send(uri.sas.clone()).await {
            Err(e) if is_auth_failure(&e) => {
                self.renew_uri(uri, checkpoint, uploaded).await?;
                send(uri.sas.clone()).await
            }
            sent => sent,
        }
    }

    /// `renewUpload`, its wait, and the new URI put in use.
    async fn renew_uri(
        &mut self,
        uri: &mut Uri,
        checkpoint: &Checkpoint,
        uploaded: u64,
    ) -> Result<(), Error> {
        self.report(Win32Step::Renewing, uploaded, Some(checkpoint));
        uri.sas = self.storage_uri(&self.renew(checkpoint).await?)?;
        uri.renew_at = self.renew_time(&uri.sas);
        Ok(())
    }

    /// Reads the payload on a blocking thread, a block at a time, the
    /// blocks storage lacks handed over one ahead.
    fn read_blocks(
        &self,
        have: Vec<bool>,
    ) -> tokio::sync::mpsc::Receiver<Result<(u64, bytes::Bytes), Error>> {
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let package = self.package.clone();
        let block = self.block_size as usize;
        tokio::task::spawn_blocking(move || {
            let read = package.read_payload(|payload| {
                for (index, stored) in have.iter().enumerate() {
                    let mut buf = vec![0; block];
                    let n = read_full(payload, &mut buf).map_err(|e| PackageError::Io {
                        path: package.path().to_owned(),
                        source: e,
                    })?;
                    buf.truncate(n);
                    if !stored
                        && tx
                            .blocking_send(Ok((index as u64, bytes::Bytes::from(buf))))
                            .is_err()
                    {
                        break; // the upload stopped
                    }
                }
                Ok(())
            });
            if let Err(e) = read {
                let _ = tx.blocking_send(Err(package_error(e)));
            }
        });
        rx
    }

    /// When to renew the URI: after `renew_every`, or at three quarters of
    /// what its `se` leaves, whichever is sooner.
    fn renew_time(&self, sas: &str) -> Instant {
        let left = blocks::lifetime_left(sas).map_or(self.renew_every, |left| left * 3 / 4);
        Instant::now() + left.min(self.renew_every)
    }
}

/// Storage's `403 AuthenticationFailed`: the SAS expired or is no longer
/// valid.
fn is_auth_failure(e: &Error) -> bool {
    e.api().is_some_and(|api| {
        api.status == reqwest::StatusCode::FORBIDDEN && api.code.as_deref() == Some("AuthenticationFailed")
    })
}
