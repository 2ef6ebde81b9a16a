//! The npm package (`packages/typescript`) and the Python package (`packages/python`), tested
//! with their own tools: `tsc --strict` and `node --test`, `pytest`, over every fixture of the
//! fixture table and over signatures made by the Rust signer; `npm pack` and `pip wheel`.
//!
//! Each run writes the cases to `<CARGO_TARGET_TMPDIR>/packages/cases.json` (the fixture
//! table with each fixture's path, and freshly signed tokens), which the packages' tests read
//! from `VCC_EVENTS_CASES`. The npm package's dependencies are installed with `npm ci` from its
//! lock file; the Python tests run in a virtual environment,
//! `<CARGO_TARGET_TMPDIR>/packages/venv`, with the pinned `requirements-test.txt` (installed
//! again when that file changes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};

use serde_json::{Value, json};
use vcc_events_webhook::signing::{Signer, now};
use workspace_tests::tools::{INSTALL_NODE, INSTALL_PYTHON, files_ending, run};
use workspace_tests::{Expect, Schema, all_cases, seed_example, workspace_root};

/// The secret the good tokens are signed with: a subscription secret's base64 text.
const SECRET: &str = "c2VjcmV0LWZvci10aGUtcGFja2FnZXMtdGVzdHMtb25seQ==";

/// Another secret, configured beside [`SECRET`] during a rotation.
const OLD_SECRET: &str = "b2xkLXNlY3JldC1zdGlsbC1jb25maWd1cmVkLWR1cmluZy1yb3RhdGlvbg==";

fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("packages");
    fs::create_dir_all(&dir).expect("the test folder can be made");
    dir
}

/// The fixture table as the packages' tests read it.
fn fixtures() -> Vec<Value> {
    all_cases()
        .map(|case| {
            let mut entry = json!({
                "folder": case.folder,
                "file": case.file,
                "path": case.path(),
            });
            match case.expect {
                Expect::Valid => entry["expect"] = json!("valid"),
                Expect::Invalid {
                    rule,
                    pointer,
                    schema,
                } => {
                    entry["expect"] = json!(match schema {
                        Schema::Rejects => "rejects",
                        Schema::CannotExpress(_) => "cannot-express",
                        Schema::Accepts => "accepts",
                    });
                    entry["pointer"] = json!(pointer);
                    entry["rule"] = json!(rule.code());
                }
            }
            entry
        })
        .collect()
}

/// A token whose header says `alg` over a good token's claims and HS256 signature.
fn with_algorithm(token: &str, header_b64: &str) -> String {
    let (_, rest) = token.split_once('.').expect("a JWT has three parts");
    format!("{header_b64}.{rest}")
}

/// Signatures made by the Rust signer, and what the packages must say of each (`null`: good)
/// at `now`, the time they were made.
fn signatures() -> Vec<Value> {
    let body = seed_example();
    let signer = Signer::new(SECRET).expect("a secret");
    let old = Signer::new(OLD_SECRET).expect("a secret");
    let other =
        Signer::new("bm90LWEtY29uZmlndXJlZC1zZWNyZXQtYXQtYWxsLXJlYWxseQ==").expect("a secret");
    let t = now();
    let good = signer.sign(body.as_bytes());
    let hash = |b: &str| vcc_events_digest::sha256_hex(b.as_bytes());
    let case = |name: &str, header: Option<String>, case_body: &str, expect: Option<&str>| {
        json!({
            "name": name,
            "body": case_body,
            "header": header,
            "secrets": [OLD_SECRET, SECRET],
            "now": t,
            "expect": expect,
        })
    };
    vec![
        case("good", Some(good.clone()), body, None),
        case("bearer prefix", Some(format!("Bearer {good}")), body, None),
        case(
            "signed with the older secret",
            Some(old.sign(body.as_bytes())),
            body,
            None,
        ),
        case(
            "upper-case hash",
            Some(signer.sign_claims(
                &json!({"iat": t, "exp": t + 300, "payload_hash": hash(body).to_uppercase()}),
            )),
            body,
            None,
        ),
        case("missing header", None, body, Some("missing-signature")),
        case(
            "not a JWT",
            Some("not-a-token".to_owned()),
            body,
            Some("malformed-token"),
        ),
        case(
            "alg none",
            Some(with_algorithm(&good, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0")),
            body,
            Some("algorithm-not-allowed"),
        ),
        case(
            "alg RS256",
            Some(with_algorithm(
                &good,
                "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9",
            )),
            body,
            Some("algorithm-not-allowed"),
        ),
        case(
            "unknown secret",
            Some(other.sign(body.as_bytes())),
            body,
            Some("wrong-signature"),
        ),
        case(
            "expired",
            Some(signer.sign_at(body.as_bytes(), t - 900, t - 600)),
            body,
            Some("expired"),
        ),
        case(
            "issued in the future",
            Some(signer.sign_at(body.as_bytes(), t + 600, t + 900)),
            body,
            Some("not-yet-valid"),
        ),
        case(
            "within the leeway",
            Some(signer.sign_at(body.as_bytes(), t - 320, t - 10)),
            body,
            None,
        ),
        case(
            "no exp",
            Some(signer.sign_claims(&json!({"iat": t, "payload_hash": hash(body)}))),
            body,
            Some("missing-claim"),
        ),
        case(
            "no iat",
            Some(signer.sign_claims(&json!({"exp": t + 300, "payload_hash": hash(body)}))),
            body,
            Some("missing-claim"),
        ),
        case(
            "no payload hash",
            Some(signer.sign_claims(&json!({"iat": t, "exp": t + 300}))),
            body,
            Some("missing-claim"),
        ),
        case(
            "body changed",
            Some(good.clone()),
            &body.replacen("parked", "parkex", 1),
            Some("body-hash-mismatch"),
        ),
        case(
            "body re-encoded",
            Some(good),
            &format!("{body} "),
            Some("body-hash-mismatch"),
        ),
    ]
}

/// Writes the cases file once per run.
fn cases_file() -> &'static Path {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| {
        let path = work_dir().join("cases.json");
        let cases = json!({ "fixtures": fixtures(), "signatures": signatures() });
        fs::write(&path, serde_json::to_string_pretty(&cases).expect("JSON"))
            .expect("the cases file can be written");
        path
    })
}

fn typescript_dir() -> PathBuf {
    workspace_root().join("packages/typescript")
}

fn python_dir() -> PathBuf {
    workspace_root().join("packages/python")
}

/// The npm package's folder to oneself: `npm test` and `npm pack` both compile into `dist/`.
/// The first caller runs `npm ci` there (once per run).
fn npm_package() -> MutexGuard<'static, ()> {
    static PACKAGE: Mutex<()> = Mutex::new(());
    let guard = PACKAGE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    static DONE: OnceLock<()> = OnceLock::new();
    DONE.get_or_init(|| {
        run(
            "npm ci",
            INSTALL_NODE,
            Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund"])
                .current_dir(typescript_dir()),
        );
    });
    guard
}

/// The virtual environment with the pinned test requirements, made once.
fn venv_python() -> PathBuf {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let venv = work_dir().join("venv");
            let python = venv.join("bin/python");
            let requirements = python_dir().join("requirements-test.txt");
            let wanted = fs::read(&requirements).expect("requirements-test.txt");
            let stamp = venv.join("installed-requirements.txt");
            if fs::read(&stamp).ok().as_deref() != Some(&wanted[..]) {
                let _ = fs::remove_dir_all(&venv);
                run(
                    "python3 -m venv",
                    INSTALL_PYTHON,
                    Command::new("python3").args(["-m", "venv"]).arg(&venv),
                );
                run(
                    "pip install -r requirements-test.txt",
                    INSTALL_PYTHON,
                    Command::new(&python)
                        .args([
                            "-m",
                            "pip",
                            "install",
                            "--quiet",
                            "--disable-pip-version-check",
                            "-r",
                        ])
                        .arg(&requirements),
                );
                fs::write(&stamp, wanted).expect("the stamp can be written");
            }
            python
        })
        .clone()
}

#[test]
fn the_typescript_package_type_checks_and_judges_every_fixture_and_signature() {
    let _package = npm_package();
    let output = run(
        "npm test",
        INSTALL_NODE,
        Command::new("npm")
            .arg("test")
            .env("VCC_EVENTS_CASES", cases_file())
            .current_dir(typescript_dir()),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let fixtures = all_cases().count();
    assert!(
        stdout.contains("# fail 0") && !stdout.contains("# pass 0"),
        "node --test:\n{stdout}"
    );
    assert!(
        stdout.contains(&format!("{fixtures} fixtures")),
        "every fixture is judged:\n{stdout}"
    );
}

#[test]
fn the_typescript_package_packs() {
    let _package = npm_package();
    let dir = work_dir().join("npm-pack");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("a folder");
    let output = run(
        "npm pack",
        INSTALL_NODE,
        Command::new("npm")
            .args(["pack", "--json", "--pack-destination"])
            .arg(&dir)
            .current_dir(typescript_dir()),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let json_start = text.find('[').expect("npm pack --json prints an array");
    let packed: Value = serde_json::from_str(&text[json_start..]).expect("npm pack prints JSON");
    let files: Vec<&str> = packed[0]["files"]
        .as_array()
        .expect("the packed files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    for expected in [
        "dist/src/index.js",
        "dist/src/index.d.ts",
        "dist/src/events.d.ts",
        "README.md",
        "package.json",
    ] {
        assert!(
            files.contains(&expected),
            "{expected} is not packed: {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.starts_with("dist/test")),
        "tests are packed: {files:?}"
    );
    assert_eq!(
        files_ending(&dir, ".tgz").len(),
        1,
        "one tarball in {}",
        dir.display()
    );
}

#[test]
fn the_python_package_judges_every_fixture_and_signature() {
    let python = venv_python();
    let output = run(
        "pytest",
        INSTALL_PYTHON,
        Command::new(&python)
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"])
            .env("VCC_EVENTS_CASES", cases_file())
            .env("PYTHONPATH", python_dir().join("src"))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(python_dir()),
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(" passed") && !stdout.contains("failed"),
        "pytest:\n{stdout}"
    );
}

#[test]
fn the_python_package_builds_a_wheel() {
    let python = venv_python();
    let dir = work_dir().join("wheel");
    let _ = fs::remove_dir_all(&dir);
    let build = work_dir().join("wheel-build");
    let _ = fs::remove_dir_all(&build);
    // A copy of the package: setuptools writes its build folders beside the sources.
    copy_dir(&python_dir(), &build, &["tests"]);
    run(
        "pip wheel",
        INSTALL_PYTHON,
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "wheel",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-build-isolation",
                "--wheel-dir",
            ])
            .arg(&dir)
            .arg(&build),
    );
    let wheels = files_ending(&dir, ".whl");
    assert_eq!(wheels.len(), 1, "one wheel in {}", dir.display());
    let listing = run(
        "python -m zipfile -l",
        INSTALL_PYTHON,
        Command::new(&python)
            .args(["-m", "zipfile", "-l"])
            .arg(&wheels[0]),
    );
    let listing = String::from_utf8_lossy(&listing.stdout);
    for expected in [
        "vcc_events/events.py",
        "vcc_events/_verify.py",
        "vcc_events/py.typed",
    ] {
        assert!(
            listing.contains(expected),
            "{expected} is not in the wheel:\n{listing}"
        );
    }
}

/// Copies `from` to `to`, leaving out the entries named in `skip` and Python's caches.
fn copy_dir(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("the package folder").flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if skip.contains(&name.as_ref())
            || name == "__pycache__"
            || name.ends_with(".egg-info")
            || name == "build"
        {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target, &[]);
        } else {
            fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}
