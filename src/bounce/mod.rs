//! Bounce messages: read DSNs, non-standard server bodies, ARF complaints and
//! auto-replies into one record per failed recipient. STUB: parser to be written.

pub mod model;
pub use model::*;
