//! Opening scenarios like a desktop app: "Open…" (Ctrl+O) shows the system's file dialog
//! (rfd, through the XDG desktop portal on Linux) on a thread of its own so the map keeps
//! drawing; "Open recent" and the shipped scenarios are one click. Whatever is chosen goes
//! through the same [`LoadScenario`] request as a dropped file or a hot reload, so a broken
//! file shows its error and the current scenario stays.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

use bevy::prelude::*;

use super::messages::{LoadScenario, NewScenario, OpenDialog, OpenNamed};
use super::state::{AppSystems, Toast, Waker};

/// What the dialog thread sends back: a chosen file, nothing (cancelled), or a failure.
type DialogAnswer = Result<Option<PathBuf>, String>;

/// A scenario being made for a country, on a thread of its own.
#[derive(Resource, Default)]
struct PendingNew(Option<Mutex<Receiver<Result<PathBuf, String>>>>);

/// A file dialog waiting for the user.
#[derive(Resource, Default)]
struct PendingDialog(Option<Mutex<Receiver<DialogAnswer>>>);

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PendingDialog>()
        .init_resource::<PendingNew>()
        .add_systems(
            Update,
            (
                show_dialog,
                receive_dialog,
                open_named,
                make_new,
                receive_new,
            )
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
            // A dialog backend that panics is reported rather than taking the window down
            // (with unwinding; the release build aborts on panic to stay small).
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
    // Polled every frame while a dialog is open: not a change of the resource.
    match take_answer(&mut pending.bypass_change_detection().0) {
        None => {}
        Some(Ok(Some(path))) => {
            load.write(LoadScenario(path));
        }
        Some(Ok(None)) => {
            // Cancelled, or no dialog service answered (rfd logs why).
            toast.show(
                "No file chosen. Without a desktop file dialog, drop the file on the window or give its path: frontline FILE",
            );
        }
        Some(Err(e)) => toast.show(e),
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

/// Makes the scenario for a country (`frontline new`'s code) in the data folder, on a thread,
/// titled with the country and the year. A folder made before is opened as it is: the user's
/// edits in it are never overwritten.
fn make_new(
    mut requests: MessageReader<NewScenario>,
    mut pending: ResMut<PendingNew>,
    mut toast: ResMut<Toast>,
    waker: Res<Waker>,
) {
    let Some(NewScenario(a3)) = requests.read().last().cloned() else {
        return;
    };
    if pending.0.is_some() {
        toast.show("A scenario is already being made");
        return;
    }
    let Some(root) = crate::settings::scenarios_dir() else {
        toast.show("No data folder to write the scenario to (no home folder?)");
        return;
    };
    let (tx, rx) = channel();
    let waker = waker.clone();
    let spawned = std::thread::Builder::new()
        .name("new-scenario".into())
        .spawn(move || {
            let made = (|| {
                let year = jiff::Zoned::now().date().year();
                let country = crate::world::new::country_list()
                    .map_err(|d| d.to_string())?
                    .into_iter()
                    .find(|c| c.a3 == a3)
                    .ok_or_else(|| format!("unknown country {a3}"))?;
                let title = format!("{} {year}", country.name);
                let dir = root.join(crate::fsio::slug(&title));
                let scenario = dir.join("scenario.ron");
                if scenario.exists() {
                    return Ok(scenario);
                }
                let options = crate::world::new::NewOptions {
                    name: title,
                    country: a3,
                    output: Some(dir),
                    ..Default::default()
                };
                let plan = crate::world::new::plan(&options).map_err(|d| d.to_string())?;
                crate::world::new::write(&plan, false).map_err(|d| d.to_string())
            })();
            let _ = tx.send(made);
            waker.wake();
        });
    match spawned {
        Ok(_) => {
            pending.0 = Some(Mutex::new(rx));
            toast.show("Making the scenario…");
        }
        Err(e) => toast.show(format!("Could not start making the scenario: {e}")),
    }
}

fn receive_new(
    mut pending: ResMut<PendingNew>,
    mut load: MessageWriter<LoadScenario>,
    mut toast: ResMut<Toast>,
) {
    match take_answer(&mut pending.bypass_change_detection().0) {
        None => {}
        Some(Ok(path)) => {
            toast.show(format!("Made {}", path.display()));
            load.write(LoadScenario(path));
        }
        Some(Err(e)) => toast.show(format!("Could not make the scenario: {e}")),
    }
}

/// The answer of a worker thread, once it has come (the slot is then emptied, as it is when
/// the thread is gone without answering).
fn take_answer<T>(slot: &mut Option<Mutex<Receiver<T>>>) -> Option<T> {
    let got = match slot.as_ref()?.lock() {
        Ok(rx) => rx.try_recv(),
        Err(_) => Err(std::sync::mpsc::TryRecvError::Disconnected),
    };
    match got {
        Err(std::sync::mpsc::TryRecvError::Empty) => None,
        Err(std::sync::mpsc::TryRecvError::Disconnected) => {
            *slot = None;
            None
        }
        Ok(answer) => {
            *slot = None;
            Some(answer)
        }
    }
}
