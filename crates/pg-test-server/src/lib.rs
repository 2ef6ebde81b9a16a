//! For tests: a throwaway PostgreSQL server, started from the installed binaries into a
//! temporary folder on a free port of 127.0.0.1 and stopped (and deleted) when dropped.
//!
//! The binaries are looked for in `VCC_PG_BIN` (a folder holding `initdb` and `pg_ctl`), then
//! in `/usr/lib/postgresql/<version>/bin` (Debian's packages, newest first), then on the
//! `PATH`. When the tests run as root the server runs as the `postgres` user (PostgreSQL
//! refuses to run as root). A missing PostgreSQL is a failure that says what to install,
//! never a skipped test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

/// What to install when no PostgreSQL is found.
pub const INSTALL_HINT: &str = "PostgreSQL 14 or newer is needed by these tests: install it \
     (Debian/Ubuntu: `apt-get install postgresql`; macOS: `brew install postgresql`), or set \
     VCC_PG_BIN to the folder holding `initdb` and `pg_ctl`";

/// How a running server is stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shutdown {
    /// Disconnects the clients, rolls back their transactions, and stops cleanly.
    Fast,
    /// Stops at once, as a crash would: the next start recovers from the WAL.
    Immediate,
}

impl Shutdown {
    fn mode(self) -> &'static str {
        match self {
            Self::Fast => "fast",
            Self::Immediate => "immediate",
        }
    }
}

/// A PostgreSQL server of its own, for one test.
pub struct PgServer {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    /// `Some("postgres")` when the tests run as root.
    run_as: Option<&'static str>,
}

impl PgServer {
    /// Initializes a cluster in a temporary folder and starts it.
    ///
    /// # Panics
    ///
    /// When no PostgreSQL is installed (with [`INSTALL_HINT`]), or when it does not start (with
    /// its log).
    pub fn start() -> PgServer {
        let bin = find_bin().unwrap_or_else(|| panic!("{INSTALL_HINT}"));
        // SAFETY: geteuid has no preconditions.
        let run_as = (unsafe { libc::geteuid() } == 0).then_some("postgres");
        let dir = tempfile::Builder::new()
            .prefix("vcc-pg-")
            .tempdir()
            .expect("a temporary folder");
        if let Some(user) = run_as {
            let (uid, gid) = user_ids(user);
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .expect("the temporary folder can be given to the postgres user");
        }
        let server = PgServer {
            bin,
            dir,
            port: 0,
            run_as,
        };
        let data = server.data();
        server.run(
            "initdb",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--no-sync".as_ref(),
            ],
        );
        let mut server = server;
        // Another process may take the free port between the probe and the start: try again.
        for attempt in 0.. {
            server.port = free_port();
            if server.try_start() {
                break;
            }
            assert!(attempt < 3, "PostgreSQL did not start:\n{}", server.log());
        }
        server
    }

    /// The URL to connect to, as the `postgres` superuser, database `postgres`.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server (it can be started again with [`PgServer::restart`]).
    pub fn stop(&self, how: Shutdown) {
        let data = self.data();
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-w".as_ref(),
                "-m".as_ref(),
                how.mode().as_ref(),
                "stop".as_ref(),
            ],
        );
    }

    /// Starts the stopped server again, on the same port.
    ///
    /// # Panics
    ///
    /// When it does not start (with its log).
    pub fn restart(&self) {
        assert!(
            self.try_start(),
            "PostgreSQL did not start again:\n{}",
            self.log()
        );
    }

    /// Runs `sql` with `psql` (as the superuser) and gives its output, unaligned and without
    /// headers.
    ///
    /// # Panics
    ///
    /// When `psql` fails.
    pub fn psql(&self, sql: &str) -> String {
        self.psql_in("postgres", sql)
    }

    /// Like [`PgServer::psql`], in the database `database`.
    ///
    /// # Panics
    ///
    /// When `psql` fails.
    pub fn psql_in(&self, database: &str, sql: &str) -> String {
        let port = self.port.to_string();
        let mut command = self.command("psql");
        command.args([
            "-X",
            "-q",
            "-A",
            "-t",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            &port,
            "-U",
            "postgres",
            "-d",
            database,
            "-c",
            sql,
        ]);
        let output = command.output().expect("psql runs");
        assert!(
            output.status.success(),
            "psql failed on {sql:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn try_start(&self) -> bool {
        let data = self.data();
        let log = self.dir.path().join("log");
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200",
            self.port,
            self.dir.path().display()
        );
        let output = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-w", "-t", "30", "-l"])
            .arg(&log)
            .args(["-o", &options, "start"])
            .output()
            .expect("pg_ctl runs");
        output.status.success()
    }

    /// `tool` from the binaries' folder (or psql from the PATH), as the server's user.
    fn command(&self, tool: &str) -> Command {
        let path = match self.bin.join(tool) {
            path if path.exists() => path,
            _ => PathBuf::from(tool),
        };
        match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(path);
                command
            }
            None => Command::new(path),
        }
    }

    fn run(&self, tool: &str, args: &[&std::ffi::OsStr]) -> Output {
        let output = self
            .command(tool)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("{tool} does not run ({e}): {INSTALL_HINT}"));
        assert!(
            output.status.success(),
            "{tool} failed: {}{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
            self.log()
        );
        output
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.data();
        if data.join("postmaster.pid").exists() {
            let _ = self
                .command("pg_ctl")
                .arg("-D")
                .arg(&data)
                .args(["-w", "-m", "immediate", "stop"])
                .output();
        }
        // Wait a moment so the folder is not removed under a server still exiting.
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The folder of `initdb` and `pg_ctl`.
fn find_bin() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(dir) = std::env::var_os("VCC_PG_BIN").map(PathBuf::from) {
        return has_tools(&dir).then_some(dir);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            Some((version, entry.path().join("bin")))
        })
        .filter(|(_, dir)| has_tools(dir))
        .collect();
    versions.sort();
    if let Some((_, dir)) = versions.pop() {
        return Some(dir);
    }
    std::env::split_paths(&std::env::var_os("PATH")?).find(|dir| has_tools(dir))
}

/// The uid and gid of `user`.
fn user_ids(user: &str) -> (u32, u32) {
    let id = |flag: &str| -> u32 {
        let output = Command::new("id")
            .args([flag, user])
            .output()
            .expect("`id` runs");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("no user {user:?} to run PostgreSQL as: {INSTALL_HINT}"))
    };
    (id("-u"), id("-g"))
}

/// A port of 127.0.0.1 that nothing listens on now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}
