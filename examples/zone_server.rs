//! Serve zone files from the loopback test DNS server, for benchmarks and
//! manual testing: `cargo run --example zone_server -- 127.0.0.1:5353 [--delay-ms N] zones/*.zone`.
//! `--delay-ms` answers UDP queries after N ms, like a server across a network.
//! Prints the address it listens on, then serves until killed.

#[path = "../tests/it/support/dns_server.rs"]
mod dns_server;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(bind) = args.next().and_then(|a| a.parse().ok()) else {
        eprintln!("usage: zone_server IP:PORT ZONEFILE...");
        std::process::exit(2);
    };
    let mut delay = std::time::Duration::ZERO;
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(arg) = args.next() {
        if arg == "--delay-ms" {
            let Some(ms) = args.next().and_then(|v| v.parse().ok()) else {
                eprintln!("--delay-ms needs a number of milliseconds");
                std::process::exit(2);
            };
            delay = std::time::Duration::from_millis(ms);
        } else {
            files.push(PathBuf::from(arg));
        }
    }
    if files.is_empty() {
        eprintln!("usage: zone_server IP:PORT [--delay-ms N] ZONEFILE...");
        std::process::exit(2);
    }
    let server = dns_server::TestDnsServer::serve_files_on(&files, bind, delay);
    println!("{}", server.addr);
    loop {
        std::thread::park();
    }
}
