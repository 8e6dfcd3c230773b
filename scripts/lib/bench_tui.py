"""The terminal UI's resident memory at scale, measured on the real process in tmux.

`scencat` (no subcommand) is started in a detached tmux session of 120×40 on the large catalogue
and driven through a session a user has: the scenario list paged to the end (`G`) and back, every
tab (models, centers, the dashboard, publications), a search typed and opened, and back. After
each step the script waits until the screen has stopped changing (and shows what the step must
show), then reads the process's `VmRSS` and `VmHWM` (peak resident) from /proc/PID/status.

The reference measured in the same run is `scencat index` with nothing changed (the same
catalogue and index opened by a short-lived process): its peak RSS is what opening the index
costs before any screen exists.
"""

import os
import shutil
import subprocess
import time

SESSION = "scencat-bench-tui"
# A server of its own (tmux -L), with a name unique to this run, so that a benchmark never
# shares, kills or types into the sessions of a test run or of another benchmark.
SOCKET = f"scencat-bench-{os.getpid()}"


def tmux(*args, check=True):
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=check)


def screen():
    return tmux("capture-pane", "-p", "-t", SESSION, check=False).stdout


def status(pid):
    """VmRSS and VmHWM (peak), and what the resident memory is: RssAnon (the heap: Swift values,
    SQLite's page caches) and RssFile (mapped files: the program, its libraries, and the pages of
    the index SQLite memory-maps, also given alone as `index_mmap`)."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                    out[k] = int(v.split()[0]) / 1024.0
    except OSError:
        pass
    try:
        mapped, current = 0, False
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if head and "-" in head[0] and len(head) >= 5:
                    current = line.rstrip().endswith("index.sqlite")
                elif current and head and head[0] == "Rss:":
                    mapped += int(head[1])
        out["index_mmap"] = mapped / 1024.0
    except OSError:
        pass
    return out


def settle(expect=None, timeout=120.0, quiet=0.8):
    """Waits until the screen shows `expect` (when given) and has not changed for `quiet` seconds."""
    deadline = time.time() + timeout
    last, since = None, time.time()
    while time.time() < deadline:
        s = screen()
        if s != last:
            last, since = s, time.time()
        elif time.time() - since >= quiet and (expect is None or expect in s):
            return s
        time.sleep(0.1)
    raise RuntimeError(f"the screen did not settle{' on ' + repr(expect) if expect else ''}:\n{last}")


def app_pid(shell_pid, binary):
    """The scencat process the tmux pane runs (its child, or the pane process itself), known by
    its program's name as the kernel keeps it (the first 15 bytes: `--binary` may name a copy)."""
    name = os.path.basename(binary)[:15]
    for _ in range(100):
        try:
            kids = subprocess.run(["pgrep", "-P", str(shell_pid)], capture_output=True, text=True).stdout.split()
        except OSError:
            kids = []
        for k in kids:
            try:
                with open(f"/proc/{k}/comm") as f:
                    if f.read().strip() == name:
                        return int(k)
            except OSError:
                pass
        try:
            with open(f"/proc/{shell_pid}/comm") as f:
                if f.read().strip() == name:
                    return shell_pid
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("no scencat process in the tmux pane")


def run_tui(ctx):
    if not shutil.which("tmux"):
        return {"report": ["tui: tmux is not installed; skipped"]}
    ref = ctx.run(ctx.scencat("index"), env=ctx.env)
    ctx.check(ref, "scencat index")
    env = " ".join(f"{k}={v}" for k, v in (("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8"), ("TERM", "xterm-256color")))
    cmd = f"env {env} {ctx.scencat_bin} --catalog {ctx.catalog}"
    tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", cmd)
    steps = []
    try:
        shell_pid = int(tmux("display-message", "-p", "-t", SESSION, "#{pane_pid}").stdout.strip())
        pid = app_pid(shell_pid, ctx.scencat_bin)
        t0 = time.time()
        settle("Scenarios")
        steps.append(("opened on Scenarios", time.time() - t0, status(pid)))

        def step(label, keys, expect=None):
            for k in keys:
                tmux("send-keys", "-t", SESSION, *k)
            t = time.time()
            settle(expect)
            steps.append((label, time.time() - t, status(pid)))
            ctx.log(f"  tui: {label}: {steps[-1][2]}")

        step("scenarios paged to the end (G)", [["G"]])
        step("back to the top (g), 20 pages down", [["g"]] + [["PageDown"]] * 20)
        step("models tab (2), to the end", [["2"], ["G"]], "Models")
        step("centers tab (3)", [["3"]], "Centers")
        step("dashboard (4)", [["4"]], "Dashboard")
        step("publications (5)", [["5"]])
        step("scenarios (1), search 医疗 typed", [["1"], ["/"], ["-l", "医疗"], ["Enter"]])
        step("the first hit opened, back", [["Enter"], ["Escape"]])
        step("search forgotten (esc), dashboard again", [["Escape"], ["4"]], "Dashboard")
        peak = max(s.get("VmHWM", 0) for _, _, s in steps)
        final = steps[-1][2].get("VmRSS")
    finally:
        tmux("send-keys", "-t", SESSION, "q", check=False)
        time.sleep(0.5)
        tmux("kill-server", check=False)  # the whole private server goes with its one session
    ref_mb = ref["peak_rss_mb"]
    return {
        "steps": [{"step": l, "settle_s": round(t, 2), **{k: round(v, 1) for k, v in s.items()}} for l, t, s in steps],
        "peak_rss_mb": round(peak, 1), "final_rss_mb": final, "reference_index_noop_peak_rss_mb": round(ref_mb, 1),
        "peak_vs_goal_150mb": round(peak / 150.0, 3),
        "report": [f"{l}: RSS {s.get('VmRSS', 0):.0f} MB (heap {s.get('RssAnon', 0):.0f}, files {s.get('RssFile', 0):.0f}, "
                   f"of which the mapped index {s.get('index_mmap', 0):.0f}), peak {s.get('VmHWM', 0):.0f} MB" for l, _, s in steps] + [
            f"TUI peak resident (VmHWM): {peak:.0f} MB (goal ≤ 150 MB); "
            f"`scencat index`, nothing changed, same run: {ref_mb:.0f} MB peak"],
    }
