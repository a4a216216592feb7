//! Diagnostics: problems that do not stop the run (warnings) and those that
//! do (errors), collected so that `check` can report every one at once.

use crate::error::{one_line, Error, Location};
use crate::messages::CommonMsg;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The output is produced, but the user should look.
    Warning,
    /// The output cannot be produced.
    Error,
}

/// One problem, with the place it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Where.
    pub location: Location,
    /// What.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => CommonMsg::WarningLabel,
            Severity::Error => CommonMsg::ErrorLabel,
        };
        write!(
            f,
            "{label}{}{}{}",
            self.location,
            CommonMsg::Separator,
            self.message
        )
    }
}

/// The diagnostics of one run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning (a catalogue entry, written in the language in
    /// use and made one line, like every message).
    pub fn warn(&mut self, location: Location, message: impl fmt::Display) {
        self.items.push(Diagnostic {
            severity: Severity::Warning,
            location,
            message: one_line(&message.to_string()),
        });
    }

    /// Records an error that does not prevent looking for more.
    pub fn error(&mut self, location: Location, message: impl fmt::Display) {
        self.items.push(Diagnostic {
            severity: Severity::Error,
            location,
            message: one_line(&message.to_string()),
        });
    }

    /// Records an [`Error`] as a diagnostic.
    pub fn push_error(&mut self, error: &Error) {
        let (location, message) = match error {
            Error::At { location, message } => (location.clone(), message.clone()),
            Error::Read { path, source } => (
                Location::file(path),
                CommonMsg::CannotReadHere {
                    cause: source.to_string(),
                }
                .to_string(),
            ),
            Error::Write { path, source } => (
                Location::file(path),
                CommonMsg::CannotWriteHere {
                    cause: source.to_string(),
                }
                .to_string(),
            ),
        };
        self.error(location, message);
    }

    /// All diagnostics so far.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// The number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    /// The number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }
}
