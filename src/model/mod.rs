//! The scenario model, free of any engine code: the types a scenario file deserialises into,
//! the timeline index that answers "who held what on which day", and validation that turns
//! mistakes in the files into precise diagnostics.

pub mod annotations;
pub mod color;
pub mod csv_events;
pub mod diagnostic;
pub mod load;
pub mod scenario;
pub mod sources;
pub mod suggest;
pub mod timeline;
pub mod validate;

pub use color::{Rgb, Rgba};
pub use diagnostic::{Diagnostic, Diagnostics, Severity, SourceLocation};
pub use scenario::{
    BoundariesSpec, Capital, DateOrder, Event, KeyMoment, Pattern, Presence, PresenceKind,
    ReportKind, Scenario, Source, StatusDef,
};
pub use timeline::{CapitalIx, StatusChange, StatusIx, Timeline};
