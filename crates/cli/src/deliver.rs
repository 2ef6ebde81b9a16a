//! Delivering events as the platform does, for `send` and `simulate --to`: one signed POST per
//! event in structured mode, a 10 s timeout, a bounded number in flight, an optional rate, and
//! redelivery with growing delays within a bound; over http or https (rustls, Mozilla's roots
//! and the certificates of `--ca-file`, always verified).

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::Request;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tokio::sync::{Mutex, Semaphore, mpsc};
use tokio::task::JoinSet;
use vcc_events_webhook::SIGNATURE_HEADER;
use vcc_events_webhook::signing::Signer;

use crate::Error;

/// The first redelivery waits this long; each next one twice as long as the last.
const FIRST_DELAY: Duration = Duration::from_secs(1);

/// The longest wait between two redeliveries.
const LONGEST_DELAY: Duration = Duration::from_secs(300);

/// How much of an answer is kept for the report.
const ANSWER_LIMIT: usize = 16 << 10;

/// How much of an answer a report line shows.
const ANSWER_SHOWN: usize = 300;

/// The structured-mode content type.
const CLOUDEVENTS_JSON: &str = "application/cloudevents+json; charset=utf-8";

/// One event to deliver: its body, and how a report names it.
#[derive(Debug)]
pub(crate) struct Outgoing {
    /// Where it comes from, e.g. `events.ndjson:12`.
    pub label: String,
    /// The exact bytes to post (and sign).
    pub body: Bytes,
}

/// How events are delivered.
#[derive(Debug, clap::Args)]
pub(crate) struct Options {
    /// A file of subscription secrets, one per line; the first signs (instead of
    /// VCC_WEBHOOK_SECRETS).
    #[arg(long, value_name = "FILE")]
    secrets_file: Option<std::path::PathBuf>,
    /// With an https URL: also trust the CA certificates of this PEM file (e.g. the CA that
    /// signed a local test endpoint's certificate), besides the public roots built in.
    #[arg(long, value_name = "PEM")]
    ca_file: Option<std::path::PathBuf>,
    /// The token claim that holds the body's hex SHA-256.
    #[arg(long, value_name = "NAME", default_value = vcc_events_webhook::DEFAULT_HASH_CLAIM)]
    hash_claim: String,
    /// How many deliveries may be in flight at once (redeliveries waiting included).
    #[arg(long, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    concurrency: u16,
    /// At most this many requests a second (redeliveries included); no limit if not given.
    #[arg(long, value_name = "PER_SECOND", value_parser = positive)]
    rate: Option<f64>,
    /// Redeliver every event not acknowledged (any answer but 200 to 205, a timeout, no
    /// connection), waiting 1 s, then twice as long each time (at most 5 min); the platform
    /// retries for up to 24 hours on a schedule it does not document. A certificate the client
    /// refuses is reported at once: waiting would not change it.
    #[arg(long)]
    retry: bool,
    /// With --retry: stop redelivering an event this long after its first attempt (the
    /// platform retries for 24 hours).
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse,
          default_value = "24h", requires = "retry")]
    retry_for: Duration,
    /// How long to wait for each answer (the platform's timeout is 10 s).
    #[arg(long, value_name = "DURATION", value_parser = crate::duration::parse,
          default_value = "10s")]
    timeout: Duration,
}

fn positive(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 => Ok(n),
        _ => Err(format!("{text:?} is not a positive number")),
    }
}

/// What became of the events.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Events answered 200 to 205.
    pub acknowledged: u64,
    /// Events that were not, after every attempt allowed.
    pub unacknowledged: u64,
}

/// Where deliveries go, checked before anything is read.
pub(crate) struct Target {
    uri: hyper::Uri,
    signer: Signer,
    tls: rustls::ClientConfig,
    /// The URL as reports show it: without user information or query, which may hold
    /// credentials.
    shown: String,
}

impl Target {
    /// Checks the URL (http or https), finds the signing secret and reads `--ca-file`.
    pub(crate) fn new(url: &str, options: &Options) -> Result<Self, Error> {
        let uri: hyper::Uri = url
            .parse()
            .map_err(|e| Error::Usage(format!("{url:?} is not a URL: {e}")))?;
        match uri.scheme_str() {
            Some("http" | "https") if uri.host().is_some() => {}
            _ => {
                return Err(Error::Usage(format!(
                    "{url:?} is not an http or https URL (http[s]://host[:port]/path)"
                )));
            }
        }
        if options.ca_file.is_some() && uri.scheme_str() != Some("https") {
            return Err(Error::Usage(format!(
                "--ca-file is for https URLs; {url:?} is not one"
            )));
        }
        let tls = crate::tls::client_config(options.ca_file.as_deref())?;
        let signer = crate::secrets::signer(options.secrets_file.as_deref(), &options.hash_claim)?;
        let shown = format!(
            "{}://{}{}",
            uri.scheme_str().unwrap_or_default(),
            uri.authority()
                .map_or("", |a| a.as_str().rsplit('@').next().unwrap_or_default()),
            uri.path()
        );
        Ok(Target {
            uri,
            signer,
            tls,
            shown,
        })
    }
}

/// What one attempt got.
enum Attempt {
    Answered {
        status: u16,
        answer: String,
    },
    NoAnswer(String),
    /// No answer, for a reason that delivering again does not change (a certificate refused).
    Lasting(String),
}

impl Attempt {
    /// Whether delivering again may change the outcome.
    fn worth_repeating(&self) -> bool {
        !matches!(self, Attempt::Lasting(_))
    }

    fn acknowledged(&self) -> bool {
        matches!(
            self,
            Attempt::Answered {
                status: 200..=205,
                ..
            }
        )
    }
}

impl std::fmt::Display for Attempt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Attempt::Answered { status, answer } => write!(f, "{status} {answer}"),
            Attempt::NoAnswer(why) | Attempt::Lasting(why) => f.write_str(why),
        }
    }
}

type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// Delivers every event `events` yields, writing one line to `report` per event that was not
/// acknowledged (`LABEL: STATUS ANSWER`, or why there was no answer), in the order they end.
pub(crate) async fn deliver(
    target: Target,
    options: &Options,
    mut events: mpsc::Receiver<Outgoing>,
    report: &mut impl Write,
) -> std::io::Result<Tally> {
    let concurrency = usize::from(options.concurrency);
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    connector.set_connect_timeout(Some(options.timeout));
    connector.enforce_http(false);
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(target.tls.clone())
        .https_or_http()
        .enable_http1()
        .wrap_connector(connector);
    let client: HttpClient = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(concurrency)
        .build(connector);
    let shared = Arc::new(Shared {
        client,
        target,
        rate: options.rate.map(|rate| {
            let mut interval = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
            interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            Mutex::new(interval)
        }),
        retry_for: options.retry.then_some(options.retry_for),
        timeout: options.timeout,
    });
    let permits = Arc::new(Semaphore::new(concurrency));
    let mut running = JoinSet::new();
    let mut tally = Tally::default();
    let mut record = |tally: &mut Tally, ended: Result<(String, Option<Attempt>), _>| {
        match ended {
            Ok((_, None)) => tally.acknowledged += 1,
            Ok((label, Some(last))) => {
                tally.unacknowledged += 1;
                writeln!(report, "{label}: {last}")?;
            }
            Err(e) => {
                tally.unacknowledged += 1;
                writeln!(report, "a delivery task failed: {e}")?;
            }
        }
        Ok::<(), std::io::Error>(())
    };
    while let Some(event) = events.recv().await {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            break;
        };
        let shared = shared.clone();
        running.spawn(async move {
            let last = shared.deliver(&event.body).await;
            drop(permit);
            (event.label, last)
        });
        while let Some(ended) = running.try_join_next() {
            record(&mut tally, ended)?;
        }
    }
    while let Some(ended) = running.join_next().await {
        record(&mut tally, ended)?;
    }
    Ok(tally)
}

struct Shared {
    client: HttpClient,
    target: Target,
    rate: Option<Mutex<tokio::time::Interval>>,
    retry_for: Option<Duration>,
    timeout: Duration,
}

impl Shared {
    /// Delivers one body, redelivering within the bound: `None` once acknowledged, else the
    /// last attempt.
    async fn deliver(&self, body: &Bytes) -> Option<Attempt> {
        let first = Instant::now();
        let mut delay = FIRST_DELAY;
        loop {
            if let Some(rate) = &self.rate {
                rate.lock().await.tick().await;
            }
            let attempt = self.attempt(body).await;
            if attempt.acknowledged() {
                return None;
            }
            match self.retry_for {
                Some(bound) if attempt.worth_repeating() && first.elapsed() + delay <= bound => {
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(LONGEST_DELAY);
                }
                _ => return Some(attempt),
            }
        }
    }

    /// One POST, freshly signed.
    async fn attempt(&self, body: &Bytes) -> Attempt {
        let token = self.target.signer.sign(body);
        let request = Request::post(self.target.uri.clone())
            .header(CONTENT_TYPE, HeaderValue::from_static(CLOUDEVENTS_JSON))
            .header(SIGNATURE_HEADER, token)
            .body(Full::new(body.clone()));
        let request = match request {
            Ok(request) => request,
            Err(e) => return Attempt::NoAnswer(format!("cannot make the request: {e}")),
        };
        let exchange = async {
            let response = self.client.request(request).await.map_err(|e| Failed {
                why: crate::tls::explain(&e),
                lasting: crate::tls::is_certificate_refused(&e),
            })?;
            let status = response.status().as_u16();
            let answer = Limited::new(response.into_body(), ANSWER_LIMIT)
                .collect()
                .await
                .map(|body| body.to_bytes())
                .unwrap_or_default();
            Ok::<_, Failed>((status, answer))
        };
        match tokio::time::timeout(self.timeout, exchange).await {
            Ok(Ok((status, answer))) => Attempt::Answered {
                status,
                answer: printable(&answer),
            },
            Ok(Err(Failed { why, lasting })) => {
                let why = format!("no answer from {}: {why}", self.target.shown);
                if lasting {
                    Attempt::Lasting(why)
                } else {
                    Attempt::NoAnswer(why)
                }
            }
            Err(_) => Attempt::NoAnswer(format!(
                "no answer from {} within {} s",
                self.target.shown,
                self.timeout.as_secs_f64()
            )),
        }
    }
}

/// Why a request got no answer, and whether that lasts.
struct Failed {
    why: String,
    lasting: bool,
}

/// The start of an answer as one printable line: control characters escaped, cut after
/// [`ANSWER_SHOWN`] characters.
fn printable(answer: &[u8]) -> String {
    let text = String::from_utf8_lossy(answer);
    let mut shown: String = text
        .chars()
        .take(ANSWER_SHOWN)
        .flat_map(|c| {
            if c.is_control() {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect();
    if text.chars().count() > ANSWER_SHOWN {
        shown.push('…');
    }
    shown
}

/// Runs a delivery on its own runtime: `produce` (on a thread of its own) hands events over
/// a bounded channel while they are delivered, so memory stays bounded however many there are;
/// it returns how many events it could not hand over (counted as not acknowledged).
pub(crate) fn run_with(
    target: Target,
    options: &Options,
    produce: impl FnOnce(mpsc::Sender<Outgoing>) -> Result<u64, Error> + Send + 'static,
    report: &mut impl Write,
) -> Result<Tally, Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::Output)?;
    let (sender, events) = mpsc::channel(usize::from(options.concurrency) * 2);
    let producer = std::thread::spawn(move || produce(sender));
    let mut tally = runtime.block_on(deliver(target, options, events, report))?;
    let skipped = producer
        .join()
        .map_err(|_| Error::Usage("the event reader stopped unexpectedly".to_owned()))??;
    tally.unacknowledged += skipped;
    Ok(tally)
}
