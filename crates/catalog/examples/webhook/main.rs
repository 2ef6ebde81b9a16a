//! A webhook receiver for VCC notifications, built on axum: decodes each delivery into
//! `AnyEvent`, answers at once, ignores repeated deliveries and hands new events to a worker.
//! See `app.rs` for the answers and the duplicate check.
//!
//! ```sh
//! cargo run -p vcc-events --example webhook            # listens on 127.0.0.1:8080
//! curl -i -H 'content-type: application/cloudevents+json' \
//!     --data-binary @crates/catalog/events/channel.parked.v0.json \
//!     http://127.0.0.1:8080/webhooks/vcc
//! ```
//!
//! `VCC_WEBHOOK_ADDR` sets the address to listen on (e.g. `0.0.0.0:8080`).

mod app;

use std::sync::mpsc;

use vcc_events::{AnyEvent, Ksuid};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("VCC_WEBHOOK_ADDR").unwrap_or_else(|_| "127.0.0.1:8080".to_owned());

    // The work happens on a worker, after the platform has its answer.
    let (queue, events) = mpsc::channel::<(Ksuid, AnyEvent)>();
    std::thread::spawn(move || {
        for (id, event) in events {
            println!("{} {id}: {}", event.event_type(), event.to_json());
        }
    });
    let webhook = app::Webhook::new(app::DEFAULT_REMEMBERED, move |id, event| {
        // Fails only once the worker is gone, and then the process is ending.
        let _ = queue.send((id, event));
    });

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!(
        "listening on http://{}{}",
        listener.local_addr()?,
        app::PATH
    );
    axum::serve(listener, app::router(webhook)).await
}
