//! The channel lifecycle as the catalog declares it (each family's `lifecycle(...)` step, and
//! the steps of the families it names but does not document), and walks through it.

use std::collections::{HashMap, VecDeque};

use rand_core::Rng;

/// One step of the lifecycle.
#[derive(Debug)]
pub(crate) struct Step {
    /// The phases it leaves; none when it starts the lifecycle.
    pub from: &'static [&'static str],
    /// The phase it leads to.
    pub to: &'static str,
    /// The family whose event marks it; `None` for a family the catalog does not document,
    /// whose step happens without an event being sent.
    pub family: Option<&'static str>,
}

/// The declared lifecycle: its steps and how far each phase is from an end.
#[derive(Debug)]
pub(crate) struct Lifecycle {
    steps: Vec<Step>,
    /// Fewest steps from a phase to one that no step leaves.
    to_end: HashMap<&'static str, usize>,
}

/// After this many steps, a walk takes the shortest way to an end.
const LONGEST_WALK: usize = 8;

impl Lifecycle {
    /// The lifecycle the catalog declares.
    pub(crate) fn declared() -> Self {
        let mut steps: Vec<Step> = Vec::new();
        for info in vcc_events::versions() {
            if let Some(t) = info.transition
                && !steps.iter().any(|s| s.family == Some(info.family))
            {
                steps.push(Step {
                    from: t.from,
                    to: t.to,
                    family: Some(info.family),
                });
            }
        }
        for undocumented in vcc_events::UNDOCUMENTED {
            if let Some(t) = &undocumented.transition {
                steps.push(Step {
                    from: t.from,
                    to: t.to,
                    family: None,
                });
            }
        }
        let to_end = distances(&steps);
        Lifecycle { steps, to_end }
    }

    /// A walk from the start to an end: each step taken, in order. Steps toward an end are
    /// taken half as often as the others (holds, parks, ...), and after a few steps only the
    /// shortest way to an end is taken.
    pub(crate) fn walk(&self, rng: &mut impl Rng) -> Vec<&Step> {
        let mut walk = Vec::new();
        let mut options: Vec<&Step> = self.steps.iter().filter(|s| s.from.is_empty()).collect();
        while !options.is_empty() {
            let here = walk
                .last()
                .map_or(usize::MAX, |s: &&Step| self.distance(s.to));
            let toward = |s: &&Step| self.distance(s.to) < here;
            let step = if walk.len() >= LONGEST_WALK {
                options
                    .iter()
                    .min_by_key(|s| self.distance(s.to))
                    .copied()
                    .unwrap_or(options[0])
            } else {
                let weights: Vec<u64> = options
                    .iter()
                    .map(|s| if toward(s) { 1 } else { 2 })
                    .collect();
                let mut pick = rng.next_u64() % weights.iter().sum::<u64>();
                let mut chosen = options[0];
                for (option, weight) in options.iter().zip(&weights) {
                    if pick < *weight {
                        chosen = option;
                        break;
                    }
                    pick -= weight;
                }
                chosen
            };
            walk.push(step);
            options = self
                .steps
                .iter()
                .filter(|s| s.from.contains(&step.to))
                .collect();
        }
        walk
    }

    fn distance(&self, phase: &str) -> usize {
        self.to_end.get(phase).copied().unwrap_or(usize::MAX / 2)
    }
}

/// Fewest steps from each phase to a phase that no step leaves.
fn distances(steps: &[Step]) -> HashMap<&'static str, usize> {
    let mut to_end = HashMap::new();
    let mut queue = VecDeque::new();
    for step in steps {
        if !steps.iter().any(|s| s.from.contains(&step.to)) {
            to_end.insert(step.to, 0);
            queue.push_back(step.to);
        }
    }
    while let Some(phase) = queue.pop_front() {
        let next = to_end[phase] + 1;
        for step in steps.iter().filter(|s| s.to == phase) {
            for from in step.from {
                if !to_end.contains_key(from) {
                    to_end.insert(*from, next);
                    queue.push_back(*from);
                }
            }
        }
    }
    to_end
}

#[cfg(test)]
mod tests {
    use rand_core::SeedableRng;

    use super::*;

    #[test]
    fn every_walk_goes_from_a_start_to_an_end_through_declared_steps() {
        let lifecycle = Lifecycle::declared();
        let mut rng = rand_xorshift::XorShiftRng::seed_from_u64(7);
        for _ in 0..500 {
            let walk = lifecycle.walk(&mut rng);
            assert!(walk[0].from.is_empty());
            for pair in walk.windows(2) {
                assert!(pair[1].from.contains(&pair[0].to), "{pair:?}");
            }
            assert_eq!(lifecycle.distance(walk[walk.len() - 1].to), 0);
            assert!(walk.len() <= LONGEST_WALK + 3);
        }
    }
}
