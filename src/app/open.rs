//! Opening scenarios like a desktop app: "Open…" (Ctrl+O) shows the system's file dialog
//! (rfd, through the XDG desktop portal on Linux) on a thread of its own so the map keeps
//! drawing; "Open recent" and the shipped scenarios are one click. Whatever is chosen goes
//! through the same [`LoadScenario`] request as a dropped file or a hot reload, so a broken
//! file shows its error and the current scenario stays.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

use bevy::prelude::*;

use super::messages::{LoadScenario, OpenDialog, OpenNamed};
use super::state::{AppSystems, Toast, Waker};

/// What the dialog thread sends back: a chosen file, nothing (cancelled), or a failure.
type DialogAnswer = Result<Option<PathBuf>, String>;

/// A file dialog waiting for the user.
#[derive(Resource, Default)]
struct PendingDialog(Option<Mutex<Receiver<DialogAnswer>>>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PendingDialog>().add_systems(
        Update,
        (show_dialog, receive_dialog, open_named)
            .chain()
            .after(AppSystems::Input)
            .before(AppSystems::Loading),
    );
}

fn show_dialog(
    mut requests: MessageReader<OpenDialog>,
    mut pending: ResMut<PendingDialog>,
    mut toast: ResMut<Toast>,
    waker: Res<Waker>,
) {
    if requests.read().last().is_none() {
        return;
    }
    if pending.0.is_some() {
        toast.show("The file dialog is already open");
        return;
    }
    let (tx, rx) = channel();
    let waker = waker.clone();
    let spawned = std::thread::Builder::new()
        .name("open-dialog".into())
        .spawn(move || {
            let picked = std::panic::catch_unwind(|| {
                rfd::FileDialog::new()
                    .set_title("Open a frontline scenario")
                    .add_filter("frontline scenario", &["ron"])
                    .pick_file()
            })
            .map_err(|_| "the file dialog failed".to_string());
            let _ = tx.send(picked);
            // The window may be resting: wake it to take the answer.
            waker.wake();
        });
    match spawned {
        Ok(_) => pending.0 = Some(Mutex::new(rx)),
        Err(e) => toast.show(format!("Could not open the file dialog: {e}")),
    }
}

fn receive_dialog(
    mut pending: ResMut<PendingDialog>,
    mut load: MessageWriter<LoadScenario>,
    mut toast: ResMut<Toast>,
) {
    let Some(rx) = &pending.0 else { return };
    let got = match rx.lock() {
        Ok(rx) => rx.try_recv(),
        Err(_) => Err(std::sync::mpsc::TryRecvError::Disconnected),
    };
    match got {
        Err(std::sync::mpsc::TryRecvError::Empty) => {}
        Err(std::sync::mpsc::TryRecvError::Disconnected) => pending.0 = None,
        Ok(result) => {
            pending.0 = None;
            match result {
                Ok(Some(path)) => {
                    load.write(LoadScenario(path));
                }
                Ok(None) => {
                    // Cancelled, or no dialog service answered (rfd logs why).
                    toast.show(
                        "No file chosen. Without a desktop file dialog, drop the file on the window or give its path: frontline FILE",
                    );
                }
                Err(e) => toast.show(e),
            }
        }
    }
}

fn open_named(
    mut requests: MessageReader<OpenNamed>,
    mut load: MessageWriter<LoadScenario>,
    mut toast: ResMut<Toast>,
) {
    for OpenNamed(name) in requests.read() {
        match crate::shipped::resolve(std::path::Path::new(name)) {
            Ok(path) => {
                load.write(LoadScenario(path));
            }
            Err(e) => toast.show(e),
        }
    }
}
