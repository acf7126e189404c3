"""Profiles one case of tools/run-bench (`tools/run-bench --profile CASE`).

Two views of where a request's time goes:

- perf (cpu-clock sampling; this machine kind has no hardware counters):
  the whole system while wrk loads the case, so the CPU split between
  wrk, nginx, the handler pool and MariaDB, then the handler processes
  alone by library (dso) and by function. Skipped when perf cannot sample.
- callgrind: one handler process under valgrind replaces the case's pool,
  is zeroed after a warm-up, serves N requests, and its instructions are
  split by owner (earshot's code, RapidJSON, Connector/C, libfcgi,
  OpenSSL, libc, libstdc++) and by function, per request.

Reports are written as text next to the JSON results.
"""

import os
import re
import shutil
import signal
import subprocess
import time


def _run(argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, **kwargs)


def perf_works():
    if not shutil.which("perf"):
        return False
    r = _run(["perf", "record", "-e", "cpu-clock", "-o", "/dev/null", "--",
              "true"])
    return r.returncode == 0


def _perf_rows(perf_data, *options):
    """`perf report` rows as (percent, [columns...])."""
    r = _run(["perf", "report", "-i", perf_data, "--stdio", "--no-children",
              "-q", "--percent-limit", "0.5"] + list(options))
    # (a later --percent-limit in `options` wins)
    rows = []
    for line in r.stdout.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+(.*)$", line)
        if m:
            rows.append((float(m.group(1)), re.split(r"\s{2,}",
                                                     m.group(2).strip())))
    return rows


def perf_profile(stack, case, load, seconds, out_dir):
    """Samples the whole system while `load(seconds)` runs wrk on `case`."""
    perf_data = os.path.join(stack.var, "perf.data")
    comm = os.path.basename(case.cgi[0])[:15]
    proc = subprocess.Popen(
        ["perf", "record", "-a", "-e", "cpu-clock", "-F", "2000", "-o",
         perf_data, "--", "sleep", str(max(seconds - 2, 1))],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    figures = load(seconds)
    proc.wait()
    by_comm = _perf_rows(perf_data, "--sort", "comm")
    share = sum(p for p, c in by_comm if c[0] == comm) or 1.0

    def handler_rows(sort):
        # `--comms` with `--sort dso` loses some libraries on perf 6.1:
        # sort by comm too and keep the handler's rows, as its shares.
        rows = _perf_rows(perf_data, "--sort", "comm," + sort,
                          "--percent-limit", "0.02")
        return [(100.0 * p / share, c[1:]) for p, c in rows if c[0] == comm
                and 100.0 * p / share >= 0.3]

    by_dso = handler_rows("dso")
    by_sym = handler_rows("dso,sym")
    lines = ["perf (cpu-clock, whole system) while wrk loads %s: %.0f req/s"
             % (case.name, figures["rps"]), "", "CPU by process:"]
    lines += ["  %6.2f%%  %s" % (p, " ".join(c)) for p, c in by_comm]
    lines += ["", "%s processes, by library (kernel samples land where "
              "interrupts are re-enabled, e.g. finish_task_switch, on this "
              "VM):" % comm]
    lines += ["  %6.2f%%  %s" % (p, " ".join(c)) for p, c in by_dso]
    lines += ["", "%s processes, by function (top 40):" % comm]
    lines += ["  %6.2f%%  %s" % (p, "  ".join(c)) for p, c in by_sym[:40]]
    path = os.path.join(out_dir, "perf-%s.txt" % case.name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return {
        "report": path,
        "rps": figures["rps"],
        "cpu_by_process": {" ".join(c): p for p, c in by_comm},
        "handler_by_library": {" ".join(c): p for p, c in by_dso},
    }


# Callgrind: who owns an instruction, from its source file and object.
OWNERS = [
    ("RapidJSON", lambda f, o: "rapidjson" in f),
    ("libstdc++ (inlined)", lambda f, o: "/c++/" in f and o.endswith(".fcgi")),
    ("earshot", lambda f, o: o.endswith(".fcgi")),
    ("Connector/C", lambda f, o: "libmariadb" in o),
    ("libfcgi", lambda f, o: "libfcgi" in o),
    ("OpenSSL", lambda f, o: "libcrypto" in o or "libssl" in o),
    ("libstdc++", lambda f, o: "libstdc++" in o),
    ("libc", lambda f, o: "libc.so" in o or "libm.so" in o),
    ("loader", lambda f, o: "ld-linux" in o),
]


def _owner(source, obj):
    for name, test in OWNERS:
        if test(source, obj):
            return name
    return "other"


def _stop(pid, timeout=30):
    """Stops a libfcgi program gracefully (USR1), then harder."""
    for sig, wait in ((signal.SIGUSR1, timeout), (signal.SIGTERM, 5),
                      (signal.SIGKILL, 5)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        end = time.time() + wait
        while time.time() < end:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = 0
            if done or not os.path.exists("/proc/%d" % pid) or _zombie(pid):
                return
            time.sleep(0.2)


def _zombie(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def callgrind_profile(stack, case, load, seconds, out_dir):
    """Runs the case's handler as one process under callgrind."""
    out = os.path.join(stack.var, "callgrind.out")
    sock = case.pool.replace(".pid", ".sock")
    _stop(stack.read_pid(case.pool))
    if os.path.exists(sock):
        os.unlink(sock)
    argv = case.pool_argv
    r = _run(["spawn-fcgi", "-s", sock, "-M", "0600", "-P", case.pool, "--",
              shutil.which("valgrind"), "--tool=callgrind", "--dump-instr=no",
              "--callgrind-out-file=" + out] + argv)
    if r.returncode != 0:
        raise RuntimeError("cannot start %s under callgrind: %s" % (
            case.name, r.stderr))
    pid = stack.read_pid(case.pool)
    load(min(seconds, 5), connections=2)  # warm: caches, prepared statements
    _run(["callgrind_control", "-z", str(pid)])
    figures = load(seconds, connections=2)
    _stop(pid)
    if not os.path.exists(out):
        raise RuntimeError("callgrind wrote no profile for %s" % case.name)
    requests = max(figures["requests"], 1)
    text = _run(["callgrind_annotate", "--auto=no", "--threshold=100",
                 out]).stdout
    total = 0
    owners = {}
    functions = []
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+(?:\([\s\d.]+%\)\s+)?(\S.*?)"
                     r"(?:\s+\[(.*)\])?\s*$", line)
        if not m:
            continue
        ir = int(m.group(1).replace(",", ""))
        where, obj = m.group(2), m.group(3) or ".fcgi"  # inlined: the program
        if where == "PROGRAM TOTALS":
            total = ir
            continue
        # Frames that were live when the counters were zeroed (main and
        # what is below it) come out with the whole run's cost: skip them.
        if total and ir > 0.95 * total:
            continue
        source = where.rsplit(":", 1)[0] if ":" in where else where
        owner = _owner(source, obj)
        owners[owner] = owners.get(owner, 0) + ir
        functions.append((ir, owner, where))
    total = total or sum(owners.values()) or 1
    lines = ["callgrind: one %s process, %d requests after a warm-up "
             "(wrk -c2); %.0f instructions per request (user space only)" % (
                 case.name, requests, total / requests), "", "By owner:"]
    for owner, ir in sorted(owners.items(), key=lambda kv: -kv[1]):
        lines.append("  %6.2f%%  %10.0f Ir/request  %s" % (
            100.0 * ir / total, ir / requests, owner))
    lines += ["", "By function (top 40, self cost):"]
    for ir, owner, where in sorted(functions, reverse=True)[:40]:
        lines.append("  %6.2f%%  %9.0f Ir/req  %-20s %s" % (
            100.0 * ir / total, ir / requests, owner, where[:150]))
    path = os.path.join(out_dir, "callgrind-%s.txt" % case.name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    shutil.copy(out, os.path.join(out_dir, "callgrind-%s.out" % case.name))
    return {
        "report": path,
        "requests": requests,
        "instructions_per_request": total / requests,
        "by_owner_percent": {k: 100.0 * v / total for k, v in owners.items()},
    }
