//! Integration tests: the `gongwen` binary run on fixtures, its output
//! checked as XML and, where LibreOffice is installed, as rendered pages.
//!
//! One test binary, one module per feature. `common` holds the helpers:
//! running the binary in a temporary folder, reading parts of a .docx, and
//! converting to PDF.

mod attachments;
mod common;
mod diff;
#[cfg(unix)]
mod hostile;
mod ingest;
mod init;
mod layout;
mod ledgers;
#[cfg(unix)]
mod outputs;
mod render;
mod schema;
mod split;
mod template;
mod ux;
#[cfg(unix)]
mod watch;
mod writer;
