//! `vcc-events simulate`: realistic traffic of calls, written as NDJSON or delivered like
//! `send`, from the catalog's declarations: the lifecycle each channel walks, the shape and
//! the example of each version.

mod lifecycle;
mod payload;

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, VecDeque};
use std::io::{BufWriter, Write};

use bytes::Bytes;
use rand_core::{Rng, SeedableRng};
use rand_xorshift::XorShiftRng;
use vcc_events::VersionInfo;
use vcc_events::testing::{envelope, ksuid, timestamp};

use crate::deliver::{self, Outgoing, Target};
use crate::{Error, Outcome};
use lifecycle::Lifecycle;
use payload::{Decided, Template, guid, quoted};

/// The long help of `vcc-events simulate`.
pub(crate) const LONG_ABOUT: &str = "\
Simulate the platform's traffic: --calls conversations between a customer and one of --agents \
agents, written to standard output as NDJSON, or delivered to --to URL exactly as `send` \
delivers (signed, 10 s timeout, --concurrency, --rate, --retry; https with the endpoint's \
certificate verified, --ca-file for a CA of one's own).

Each call has one channel per party (the customer's and the agent's), and each channel walks \
the channel lifecycle as the catalog declares it: alerted, then connected or connectionfailed, \
holds and parks with their ends, wrap-up, ended. Steps of families the catalog names but does \
not document happen without an event. The ids of a call's events agree (conversationId, \
interactionId, channelId and subject, agentId and userId of the agent); after each call, the \
agent's presencechanged event is interleaved. Each event's id is a KSUID whose timestamp is \
its `time`; `time` has 7 fractional digits and data.timestamp 3, as the platform writes them. \
Each family is at its newest version unless --versions names others.

Delivery faults as the platform makes them: --duplicates FRACTION sends that share of the \
events twice (same id), --reorder shuffles the delivery order within a window of \
--reorder-window events. Events are otherwise in the order they are sent. --seed makes the \
output the same on every run (simulated time starts at 2026-01-05T09:00:00Z).

Memory stays bounded however many calls are simulated.

Exit status: 0 when everything was written (or every event acknowledged with --to), 1 when an \
event was not acknowledged, 2 on usage errors.";

/// Arguments of `vcc-events simulate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// How many calls to simulate.
    #[arg(long, value_name = "N", default_value_t = 10)]
    calls: u64,
    /// How many agents take the calls.
    #[arg(long, value_name = "M", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    agents: u32,
    /// Event types to use instead of their families' newest versions (comma-separated, e.g.
    /// channel.alerted.v0).
    #[arg(long, value_name = "TYPES", value_delimiter = ',')]
    versions: Vec<String>,
    /// The share of events delivered twice (0 to 1).
    #[arg(long, value_name = "FRACTION", default_value_t = 0.0, value_parser = fraction)]
    duplicates: f64,
    /// Deliver events out of order, each within --reorder-window places of its own.
    #[arg(long)]
    reorder: bool,
    /// With --reorder: how far, in events, delivery order may stray.
    #[arg(long, value_name = "EVENTS", default_value_t = 16, requires = "reorder",
          value_parser = clap::value_parser!(u16).range(2..))]
    reorder_window: u16,
    /// The random seed: the same seed gives the same output.
    #[arg(long, value_name = "S")]
    seed: Option<u64>,
    /// Deliver the events to this http or https URL instead of writing them.
    #[arg(long, value_name = "URL")]
    to: Option<String>,
    #[command(flatten)]
    delivery: deliver::Options,
}

fn fraction(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if (0.0..=1.0).contains(&n) => Ok(n),
        _ => Err(format!("{text:?} is not a fraction from 0 to 1")),
    }
}

/// Simulated time starts here: 2026-01-05T09:00:00Z, in seconds since the Unix epoch.
const START: u64 = 1_767_603_600;

const NANOS: u64 = 1_000_000_000;

/// Writes or delivers the simulated traffic.
pub(crate) fn run(args: &Args, out: &mut impl Write) -> Result<Outcome, Error> {
    let model = Model::new(args)?;
    let seed = args.seed.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64)
    });
    let plan = Plan {
        calls: args.calls,
        duplicates: args.duplicates,
        window: args.reorder.then_some(usize::from(args.reorder_window)),
        seed,
    };
    match &args.to {
        None => {
            let mut out = BufWriter::with_capacity(1 << 16, out);
            let mut write = |line: Line| {
                out.write_all(line.text.as_bytes())?;
                out.write_all(b"\n")?;
                Ok(true)
            };
            Simulation::new(&model, &plan).run(&mut write)?;
            out.flush()?;
            Ok(Outcome::Pass)
        }
        Some(url) => {
            let target = Target::new(url, &args.delivery)?;
            let tally = deliver::run_with(
                target,
                &args.delivery,
                move |sender| {
                    let mut n = 0u64;
                    let mut send = |line: Line| {
                        n += 1;
                        let label = format!("event {n} (id {})", line.id);
                        Ok(sender
                            .blocking_send(Outgoing {
                                label,
                                body: Bytes::from(line.text),
                            })
                            .is_ok())
                    };
                    Simulation::new(&model, &plan).run(&mut send)?;
                    Ok(0)
                },
                out,
            )?;
            crate::send::finish(tally, out)?;
            Ok(crate::send::outcome(tally))
        }
    }
}

/// What the declarations say the traffic is made of.
#[derive(Debug)]
struct Model {
    lifecycle: Lifecycle,
    /// The version used for each family whose events mark a lifecycle step.
    steps: HashMap<&'static str, Template>,
    /// The versions of the families without a lifecycle step, sent about the agents.
    agent_events: Vec<Template>,
    agents: u32,
}

impl Model {
    fn new(args: &Args) -> Result<Self, Error> {
        let all = vcc_events::versions();
        for wanted in &args.versions {
            if !all.iter().any(|v| v.event_type == wanted) {
                let known: Vec<&str> = all.iter().map(|v| v.event_type).collect();
                return Err(Error::Usage(format!(
                    "--versions: unknown event type {wanted:?} (known: {})",
                    known.join(", ")
                )));
            }
        }
        // Families in declaration order, each at the version asked for or its newest.
        let mut chosen: Vec<&'static VersionInfo> = Vec::new();
        for info in &all {
            let asked = args.versions.iter().any(|t| t == info.event_type);
            match chosen.iter_mut().find(|c| c.family == info.family) {
                Some(c) if asked || !args.versions.iter().any(|t| t == c.event_type) => *c = info,
                Some(_) => {}
                None => chosen.push(info),
            }
        }
        let mut steps = HashMap::new();
        let mut agent_events = Vec::new();
        for info in chosen {
            if info.transition.is_some() {
                steps.insert(info.family, Template::new(info));
            } else {
                agent_events.push(Template::new(info));
            }
        }
        Ok(Model {
            lifecycle: Lifecycle::declared(),
            steps,
            agent_events,
            agents: args.agents,
        })
    }
}

/// How much traffic, with which faults.
#[derive(Debug)]
struct Plan {
    calls: u64,
    duplicates: f64,
    window: Option<usize>,
    seed: u64,
}

/// One event ready to deliver.
struct Line {
    id: String,
    text: String,
}

/// An event waiting for its turn: ordered by the time it is sent.
struct Pending {
    sent: u64,
    seq: u64,
    line: Line,
}

impl PartialEq for Pending {
    fn eq(&self, other: &Self) -> bool {
        (self.sent, self.seq) == (other.sent, other.seq)
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Pending {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.sent, self.seq).cmp(&(other.sent, other.seq))
    }
}

/// An agent of the pool.
struct Agent {
    agent_id: String,
    user_id: String,
}

/// A run of the simulation.
struct Simulation<'a> {
    model: &'a Model,
    plan: &'a Plan,
    rng: XorShiftRng,
    agents: Vec<Agent>,
    /// Events generated, not yet due: at most those of the calls still going on.
    due: BinaryHeap<Reverse<Pending>>,
    seq: u64,
    /// Events held back to be delivered out of order (with the count of events staged when
    /// each came in).
    held: VecDeque<(u64, Line)>,
    staged: u64,
}

/// Where lines go; `false` when the reader is gone.
type Sink<'s> = dyn FnMut(Line) -> Result<bool, Error> + 's;

impl<'a> Simulation<'a> {
    fn new(model: &'a Model, plan: &'a Plan) -> Self {
        let mut rng = XorShiftRng::seed_from_u64(plan.seed);
        let agents = (0..model.agents)
            .map(|i| Agent {
                agent_id: (1000 + u64::from(i)).to_string(),
                user_id: guid(&mut rng),
            })
            .collect();
        Simulation {
            model,
            plan,
            rng,
            agents,
            due: BinaryHeap::new(),
            seq: 0,
            held: VecDeque::new(),
            staged: 0,
        }
    }

    fn run(mut self, sink: &mut Sink<'_>) -> Result<(), Error> {
        let mean_gap = 30 * NANOS / u64::from(self.model.agents).max(1);
        let mut start = START * NANOS;
        for _ in 0..self.plan.calls {
            start += self.between(mean_gap / 10, mean_gap * 2);
            // Every later event is sent after this call starts.
            while self.due.peek().is_some_and(|p| p.0.sent < start) {
                if let Some(Reverse(pending)) = self.due.pop()
                    && !self.stage(pending.line, sink)?
                {
                    return Ok(());
                }
            }
            self.call(start);
        }
        while let Some(Reverse(pending)) = self.due.pop() {
            if !self.stage(pending.line, sink)? {
                return Ok(());
            }
        }
        while !self.held.is_empty() {
            let i = (self.rng.next_u64() % self.held.len() as u64) as usize;
            if let Some((_, line)) = self.held.remove(i)
                && !sink(line)?
            {
                return Ok(());
            }
        }
        Ok(())
    }

    /// A random number of nanoseconds in `low..high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.rng.next_u64() % (high - low).max(1)
    }

    /// One call: the customer's channel and the agent's, then the agent's events.
    fn call(&mut self, start: u64) {
        let conversation = quoted(&guid(&mut self.rng));
        let interaction = quoted(&guid(&mut self.rng));
        let agent = (self.rng.next_u64() % self.agents.len() as u64) as usize;
        let agent_id = quoted(&self.agents[agent].agent_id);
        let user_id = quoted(&self.agents[agent].user_id);
        let parties = [
            ("external", None, None, start),
            (
                "agent",
                Some(agent_id.clone()),
                Some(user_id.clone()),
                start + self.between(NANOS / 5, 3 * NANOS),
            ),
        ];
        let mut agent_done = start;
        for (role, agent_id, user_id, mut at) in parties {
            let decided: Decided = HashMap::from([
                ("conversationId", Some(conversation.clone())),
                ("interactionId", Some(interaction.clone())),
                ("channelId", Some(quoted(&guid(&mut self.rng)))),
                ("role", Some(quoted(role))),
                ("agentId", agent_id),
                ("userId", user_id),
            ]);
            let families: Vec<Option<&'static str>> = self
                .model
                .lifecycle
                .walk(&mut self.rng)
                .iter()
                .map(|s| s.family)
                .collect();
            for (i, family) in families.iter().enumerate() {
                if i > 0 {
                    at += self.between(2 * NANOS, 120 * NANOS);
                }
                if let Some(template) = family.and_then(|f| self.model.steps.get(f)) {
                    self.event(template, at, decided.clone());
                }
            }
            agent_done = agent_done.max(at);
        }
        let mut at = agent_done;
        for template in &self.model.agent_events {
            at += self.between(NANOS, 20 * NANOS);
            let decided = HashMap::from([
                ("agentId", Some(agent_id.clone())),
                ("userId", Some(user_id.clone())),
            ]);
            self.event(template, at, decided);
        }
    }

    /// One event that happened at `at` (nanoseconds since the Unix epoch), queued for when it
    /// is sent.
    fn event(&mut self, template: &Template, at: u64, mut decided: Decided) {
        let moment = timestamp((at / NANOS) as i64, (at % NANOS) as u32, 3);
        decided.insert("timestamp", Some(quoted(&moment)));
        let data = template.data(&decided, &mut self.rng);
        // `time` is when the event happened where the version says so, else when it was sent.
        let sent = if template.info.meaning_of("time").is_some() {
            at
        } else {
            at + self.between(NANOS / 50, NANOS)
        };
        let time = timestamp((sent / NANOS) as i64, (sent % NANOS) as u32, 7);
        let mut payload = [0u8; 16];
        payload[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        payload[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        let id = ksuid(sent / NANOS, payload);
        let text = envelope(template.info, &id, &time, &data);
        self.seq += 1;
        self.due.push(Reverse(Pending {
            sent,
            seq: self.seq,
            line: Line { id, text },
        }));
    }

    /// Hands an event on, twice for a share of them, through the reordering window.
    fn stage(&mut self, line: Line, sink: &mut Sink<'_>) -> Result<bool, Error> {
        let twice = self.plan.duplicates > 0.0
            && ((self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < self.plan.duplicates;
        if twice {
            let again = Line {
                id: line.id.clone(),
                text: line.text.clone(),
            };
            if !self.hold(line, sink)? {
                return Ok(false);
            }
            return self.hold(again, sink);
        }
        self.hold(line, sink)
    }

    /// Without reordering, hands the event on; with it, holds it and hands on a random held
    /// one once the window is full (the oldest when it has waited a window's length).
    fn hold(&mut self, line: Line, sink: &mut Sink<'_>) -> Result<bool, Error> {
        let Some(window) = self.plan.window else {
            return sink(line);
        };
        self.staged += 1;
        self.held.push_back((self.staged, line));
        if self.held.len() < window {
            return Ok(true);
        }
        let oldest_waited = self.held.front().map_or(0, |(n, _)| self.staged - n);
        let i = if oldest_waited as usize >= window {
            0
        } else {
            (self.rng.next_u64() % self.held.len() as u64) as usize
        };
        match self.held.remove(i) {
            Some((_, line)) => sink(line),
            None => Ok(true),
        }
    }
}
