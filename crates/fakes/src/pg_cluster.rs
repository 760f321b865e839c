//! A throwaway PostgreSQL cluster for tests: `initdb` and `pg_ctl` from the machine's
//! PostgreSQL (Debian's `postgresql` package; `.ci/run` installs it), a temporary data
//! directory, a free port on 127.0.0.1, trust authentication for the user `coach`, stopped and
//! removed on drop. Not a fake: the real server, started by the tests. When it cannot start,
//! [`PgCluster::start`] panics with the reason (the suite fails; nothing is skipped).
//!
//! As root (CI containers), the server runs as the `postgres` system user (`runuser`), since
//! PostgreSQL refuses to run as root. `fsync` is off: the tests kill coach processes, not
//! machines.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the tools the cluster needs (`runuser`, `chown`) live; children get no other
/// environment.
const SYSTEM_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

pub struct PgCluster {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    databases: std::sync::atomic::AtomicU32,
}

/// The directory holding `initdb` and `pg_ctl`: `PG_BIN` if set, else the newest
/// `/usr/lib/postgresql/<version>/bin`, else wherever `PATH` finds `initdb`.
fn bin_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PG_BIN") {
        return Some(PathBuf::from(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, b)) = versions.pop() {
        return Some(b);
    }
    std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists()))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

fn run(cmd: &mut Command, what: &str) {
    match cmd.output() {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "PostgreSQL test cluster: {what} failed ({}):\n{}\n{}",
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("PostgreSQL test cluster: cannot run {what}: {e}"),
    }
}

impl PgCluster {
    /// Create and start a cluster; panics with the reason when it cannot.
    pub fn start() -> PgCluster {
        let bin = bin_dir().expect(
            "PostgreSQL test cluster: no initdb found (install Debian's postgresql package, or set PG_BIN to its bin directory)",
        );
        let base = std::env::temp_dir().join(format!("coach-pg-{}-{}", std::process::id(), free_port()));
        std::fs::create_dir_all(&base).expect("PostgreSQL test cluster: temporary directory");
        let as_postgres = std::fs::metadata("/proc/self").map(|m| m.uid() == 0).unwrap_or(false);
        if as_postgres {
            run(
                Command::new("chown").args(["postgres:postgres"]).arg(&base),
                "chown of the data directory to postgres",
            );
        }
        let c = PgCluster {
            dir: base,
            bin,
            port: free_port(),
            as_postgres,
            databases: Default::default(),
        };
        let data = c.dir.join("data");
        c.run_pg(
            "initdb",
            &[
                "-D",
                &data.to_string_lossy(),
                "-U",
                "coach",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions",
            ],
        );
        let opts = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off -c max_connections=200",
            c.port,
            c.dir.display()
        );
        c.run_pg(
            "pg_ctl",
            &[
                "-D",
                &data.to_string_lossy(),
                "-l",
                &c.dir.join("log").to_string_lossy(),
                "-w",
                "-t",
                "60",
                "-o",
                &opts,
                "start",
            ],
        );
        c.reap_with_this_process(&data);
        c
    }

    /// A cluster held in a `static` is never dropped: a watchdog shell stops it and removes its
    /// directory once this test process is gone (however it ended, SIGKILL included).
    fn reap_with_this_process(&self, data: &Path) {
        let stop = format!(
            "{}{} -D '{}' -m immediate -w stop",
            if self.as_postgres {
                "runuser -u postgres -- "
            } else {
                ""
            },
            self.bin.join("pg_ctl").display(),
            data.display()
        );
        let script = format!(
            "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            dir = self.dir.display()
        );
        let _ = Command::new("/bin/sh")
            .args(["-c", &script])
            .env_clear()
            .env("PATH", SYSTEM_PATH)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
    }

    fn run_pg(&self, tool: &str, args: &[&str]) {
        let exe = self.bin.join(tool);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        cmd.args(args)
            .env_clear()
            .env("PATH", SYSTEM_PATH)
            .env("LANG", "C")
            .current_dir(&self.dir);
        run(&mut cmd, tool);
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// A URL for the default database `postgres`.
    pub fn url(&self) -> String {
        format!("postgres://coach@127.0.0.1:{}/postgres", self.port)
    }

    /// A new, empty database of this cluster, and its URL (tests that need a store each).
    pub fn new_database(&self) -> String {
        let n = self.databases.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("coach_{n}");
        run(
            Command::new(self.bin.join("createdb"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "coach", &name])
                .env_clear()
                .env("PATH", SYSTEM_PATH),
            "createdb",
        );
        format!("postgres://coach@127.0.0.1:{}/{name}", self.port)
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.dir.join("data");
        let exe = self.bin.join("pg_ctl");
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let _ = cmd
            .args(["-D", &data.to_string_lossy(), "-m", "immediate", "-w", "stop"])
            .env_clear()
            .env("PATH", SYSTEM_PATH)
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
