//! What the examples in `examples/` share: reading their settings from the
//! environment and their sizes from the command line, ending with a clear
//! message and exit code, their peak memory, a folder to pack as a Win32
//! app, and a Redis server of their own.

use std::process::{ExitCode, Termination};

/// An environment variable, if it is set and not empty.
pub fn setting(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The exit code of an example's run: failure, with the error on stderr,
/// if it failed.
pub fn exit_code<T: Termination>(result: Result<T, Box<dyn std::error::Error>>) -> ExitCode {
    match result {
        Ok(done) => done.report(),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A size as a user writes it: `1073741824`, `64MiB`, `100KiB`, `2GiB`
/// (or `k`, `m`, `g`); `None` for anything else, and for zero.
pub fn parse_size(text: &str) -> Option<u64> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, ""),
    };
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "kib" | "k" => 1 << 10,
        "mib" | "m" => 1 << 20,
        "gib" | "g" => 1 << 30,
        _ => return None,
    };
    number.parse::<u64>().ok()?.checked_mul(factor).filter(|&n| n > 0)
}

/// The process's peak resident memory in KiB, from `/proc/self/status`
/// (Linux; `None` elsewhere).
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// A folder to pack as a Win32 app: a stand-in `setup.exe` and
/// `payload.bin`, `size` bytes that do not compress (a xorshift stream
/// from `seed`), so that the package is about as large; written a MiB at a
/// time, in bounded memory.
///
/// # Errors
///
/// The folder or its files cannot be written.
pub fn app_folder(folder: &std::path::Path, size: u64, seed: u64) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(folder)?;
    std::fs::write(folder.join("setup.exe"), b"MZ a stand-in installer")?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(folder.join("payload.bin"))?);
    let mut x = seed.max(1);
    let mut buf = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        for chunk in buf.chunks_exact_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            chunk.copy_from_slice(&x.to_le_bytes());
        }
        let n = left.min(buf.len() as u64) as usize;
        out.write_all(&buf[..n])?;
        left -= n as u64;
    }
    out.flush()
}

/// A real `redis-server` on 127.0.0.1 on a free port, stopped when dropped,
/// for `assign_fleet` and the tests of the Redis rate limiter. Where it
/// cannot start, it panics with the reason: a test fails, it never skips.
pub struct RedisServer {
    port: u16,
    child: Option<std::process::Child>,
    /// Where it keeps its append-only file, when it persists.
    dir: Option<std::path::PathBuf>,
}

impl RedisServer {
    /// Starts one, and waits until it answers `PING`.
    pub fn start() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut server = RedisServer {
            port,
            child: None,
            dir: None,
        };
        server.restart();
        server
    }

    /// Starts one that persists every write (an append-only file, synced
    /// at each write) in a temporary folder of its own, removed when it is
    /// dropped: killed and restarted, it comes back with its data.
    pub fn start_persistent() -> RedisServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = std::env::temp_dir().join(format!("graph-resource-redis-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder for Redis's data");
        let mut server = RedisServer {
            port,
            child: None,
            dir: Some(dir),
        };
        server.restart();
        server
    }

    /// `redis://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Stops it at once, as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts it again on the same port: empty, or with its data if it
    /// persists.
    pub fn restart(&mut self) {
        self.kill();
        let child = std::process::Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--protected-mode", "no"])
            .args(match &self.dir {
                Some(dir) => vec![
                    "--appendonly".to_owned(),
                    "yes".to_owned(),
                    "--appendfsync".to_owned(),
                    "always".to_owned(),
                    "--dir".to_owned(),
                    dir.display().to_string(),
                ],
                None => vec!["--appendonly".to_owned(), "no".to_owned()],
            })
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start redis-server ({e}): run the tests with scripts/test, which installs it \
                     when it is missing, or install the package redis-server (Redis 6.2+ or Valkey)"
                )
            });
        self.child = Some(child);
        let started = std::time::Instant::now();
        loop {
            if self.ping() {
                return;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(10),
                "redis-server did not answer PING on port {} within 10 s",
                self.port
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn ping(&self) -> bool {
        self.query(&["PING"]).as_deref() == Some("+PONG")
    }

    /// Sends one command and returns the first line of its answer, as
    /// Redis writes it (`+PONG`, `:1`), or `None` if it cannot be reached.
    pub fn query(&self, command: &[&str]) -> Option<String> {
        use std::io::{BufRead, BufReader, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        let mut request = format!("*{}\r\n", command.len());
        for part in command {
            request.push_str(&format!("${}\r\n{part}\r\n", part.len()));
        }
        stream.write_all(request.as_bytes()).ok()?;
        let mut line = String::new();
        BufReader::new(stream).read_line(&mut line).ok()?;
        Some(line.trim_end().to_owned()).filter(|l| !l.is_empty())
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.kill();
        if let Some(dir) = self.dir.take() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}
