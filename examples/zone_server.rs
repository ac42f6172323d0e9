//! Serve zone files from the loopback test DNS server, for benchmarks and
//! manual testing: `cargo run --example zone_server -- 127.0.0.1:5353 zones/*.zone`.
//! Prints the address it listens on, then serves until killed.

#[path = "../tests/support/dns_server.rs"]
mod dns_server;

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(bind) = args.next().and_then(|a| a.parse().ok()) else {
        eprintln!("usage: zone_server IP:PORT ZONEFILE...");
        std::process::exit(2);
    };
    let files: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if files.is_empty() {
        eprintln!("usage: zone_server IP:PORT ZONEFILE...");
        std::process::exit(2);
    }
    let server = dns_server::TestDnsServer::serve_files_on(&files, bind);
    println!("{}", server.addr);
    loop {
        std::thread::park();
    }
}
