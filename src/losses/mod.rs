//! The hidden-losses report. STUB: to be written.
