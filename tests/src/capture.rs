//! A `tracing` subscriber for tests: what the library logs, as text.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A `tracing` subscriber that keeps every span and event, with its level
/// and fields, as text: to check what the library logs, and what it never
/// logs.
///
/// It is installed for one future (`with_subscriber`) while other tests run
/// on other threads, so it first makes sure no callsite is ever cached as of
/// no interest (see `anchor`).
#[derive(Clone)]
pub struct Capture {
    lines: Arc<Mutex<Vec<(tracing::Level, String)>>>,
    next_id: Arc<AtomicU64>,
}

impl Default for Capture {
    fn default() -> Self {
        anchor();
        Capture {
            lines: Arc::default(),
            next_id: Arc::default(),
        }
    }
}

/// Keeps two do-nothing dispatchers registered for the life of the process.
///
/// `tracing` asks a callsite's interest once and caches it for every thread.
/// While at most one dispatcher is registered, it asks only the default of
/// the thread that reaches the callsite first: a test thread without a
/// capture then caches "never", and a capture on another thread sees
/// nothing. With two or more registered, it asks all of them, and these two
/// answer "sometimes", so each event asks its own thread's subscriber.
fn anchor() {
    static ANCHORS: OnceLock<[tracing::Dispatch; 2]> = OnceLock::new();
    ANCHORS.get_or_init(|| [tracing::Dispatch::new(Anchor), tracing::Dispatch::new(Anchor)]);
}

/// A subscriber that is interested in every callsite "sometimes" and
/// enables nothing.
struct Anchor;

impl tracing::Subscriber for Anchor {
    fn register_callsite(&self, _: &'static tracing::Metadata<'static>) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }

    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }

    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

impl Capture {
    /// Everything captured, one line per span or event.
    pub fn lines(&self) -> Vec<(tracing::Level, String)> {
        self.lines.lock().expect("not poisoned").clone()
    }

    /// Everything captured, as one text.
    pub fn text(&self) -> String {
        self.lines().into_iter().map(|(_, l)| l + "\n").collect()
    }

    /// What was captured at INFO level or above (WARN, ERROR).
    pub fn info_text(&self) -> String {
        self.lines()
            .into_iter()
            .filter(|(level, _)| *level <= tracing::Level::INFO)
            .map(|(_, l)| l + "\n")
            .collect()
    }

    fn push(&self, level: tracing::Level, line: String) {
        self.lines.lock().expect("not poisoned").push((level, line));
    }

    /// The waits before each retry, in milliseconds, as the runtime
    /// computed and logged them (`wait_ms`), in order.
    pub fn waits_ms(&self) -> Vec<u64> {
        self.lines()
            .iter()
            .filter_map(|(_, line)| {
                let rest = line.split(" wait_ms=").nth(1)?;
                rest.split(' ').next()?.parse().ok()
            })
            .collect()
    }
}

struct Fields(String);

impl tracing::field::Visit for Fields {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Fields(format!("span {}", span.metadata().name()));
        span.record(&mut fields);
        self.push(*span.metadata().level(), fields.0);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::span::Id::from_u64(id)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut fields = Fields("record".into());
        values.record(&mut fields);
        self.push(tracing::Level::TRACE, fields.0);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Fields(format!("event {}", event.metadata().target()));
        event.record(&mut fields);
        self.push(*event.metadata().level(), fields.0);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}
