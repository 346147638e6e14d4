"""Start-up time to a shown window: the PyInstaller bundle against `python -m relmanager`.

    .venv/bin/python bench/startup.py [--bundle dist/relmanager] [--runs 5]

Both are measured in the same run, on our own Xvfb, alternating, each launch with a
fresh data dir (so each creates and migrates its database, as a first start does).
Time runs from spawning the process until "Main window shown" is in its log. Prints
one JSON object; `ratio` is bundle median / venv median (target: at most 1.5).
The file cache is warm after the first launch of each; `first_s` is the colder one.
Needs Xvfb and a bundle (scripts/build-bundle.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHOWN = "Main window shown"
TARGET_RATIO = 1.5


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("Xvfb")
    if binary is None:
        sys.exit("Xvfb not installed (apt install xvfb)")
    read_fd, write_fd = os.pipe()
    proc = subprocess.Popen(
        [binary, "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        proc.kill()
        sys.exit("Xvfb did not report a display number")
    return proc, f":{number}"


def time_to_window(command: list[str], display: str, timeout: float) -> float:
    with tempfile.TemporaryDirectory(prefix="relmanager-startup-") as tmp:
        home = Path(tmp) / "home"
        log = home / "logs" / "relmanager.log"
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "RELMANAGER_HOME")}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        start = time.perf_counter()
        proc = subprocess.Popen([*command, "--home", str(home)], env=env, cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                elapsed = time.perf_counter() - start
                if log.exists() and SHOWN in log.read_text(errors="replace"):
                    return elapsed
                if proc.poll() is not None:
                    sys.exit(f"{command[0]} exited with {proc.returncode} before showing a window")
                if elapsed > timeout:
                    sys.exit(f"{command[0]} showed no window within {timeout}s")
                time.sleep(0.005)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def summary(times: list[float]) -> dict[str, object]:
    return {"median": round(statistics.median(times), 3), "first_s": round(times[0], 3),
            "runs": [round(t, 3) for t in times]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=REPO / "dist" / "relmanager",
                        help="onedir bundle directory (default: dist/relmanager)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    executable = args.bundle / "relmanager"
    if not executable.is_file():
        sys.exit(f"no bundle at {args.bundle}: build one with scripts/build-bundle.sh")
    venv_python = REPO / ".venv" / "bin" / "python"
    python = str(venv_python) if venv_python.exists() else sys.executable
    commands = {"bundle": [str(executable)], "venv": [python, "-m", "relmanager"]}

    xvfb, display = start_xvfb()
    times: dict[str, list[float]] = {name: [] for name in commands}
    try:
        for run in range(args.runs):
            order = list(commands) if run % 2 == 0 else list(reversed(commands))
            for name in order:
                times[name].append(time_to_window(commands[name], display, args.timeout))
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)

    ratio = statistics.median(times["bundle"]) / statistics.median(times["venv"])
    size = sum(p.stat().st_size for p in args.bundle.rglob("*")
               if p.is_file() and not p.is_symlink())
    print(json.dumps({
        "bench": "startup_to_window",
        "unit": "s",
        "bundle": summary(times["bundle"]),
        "venv": summary(times["venv"]),
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "within_target": ratio <= TARGET_RATIO,
        "bundle_mb": round(size / 1e6, 1),
        "cpus": os.cpu_count(),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
