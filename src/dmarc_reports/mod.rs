//! DMARC aggregate reports (RFC 7489 appendix C). STUB: to be written.
