//! A webhook receiver for VCC notifications embedded in an axum service: the receiver of
//! `vcc-events-webhook` (signature, validation, durable storage, duplicates) next to the
//! service's own routes. See `app.rs`, and `docs/receiving.md` for the answers.
//!
//! ```sh
//! export VCC_WEBHOOK_SECRETS='the subscription secret'   # comma-separated during a rotation
//! cargo run -p vcc-events --example webhook              # listens on 127.0.0.1:8080
//! ```
//!
//! `VCC_WEBHOOK_ADDR` sets the address to listen on (e.g. `0.0.0.0:8080`), `VCC_WEBHOOK_OUT`
//! the NDJSON file the events go to (default `events.ndjson`). A worker of the service reads
//! that file (e.g. `tail -F`); an event is in it before the platform gets its 200.

mod app;

use std::path::PathBuf;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::var("VCC_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());
    let out = std::env::var_os("VCC_WEBHOOK_OUT")
        .map_or_else(|| PathBuf::from("events.ndjson"), PathBuf::from);
    let secrets = std::env::var("VCC_WEBHOOK_SECRETS").unwrap_or_default();
    let receiver = app::receiver(&secrets, &out)?;

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "listening on http://{}{}, storing in {}",
        listener.local_addr()?,
        app::PATH,
        out.display()
    );
    // Every connection bounded (head and request deadlines, connection and header caps);
    // Ctrl-C stops it.
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let options = vcc_events_webhook::ServeOptions::default();
    vcc_events_webhook::serve(listener, app::router(&receiver), options, stop).await?;
    Ok(())
}
