#!/usr/bin/env python3
"""Mutation check: does a deliberate small bug in production code turn a test red?

Reads scripts/mutants.txt, applies each mutation alone to a clean copy of its file, builds, runs the suites the
mutation names, and reports it as

  caught   a test failed (what the suites are for),
  missed   every test passed: the tests do not pin this behaviour down,
  invalid  the mutation no longer applies (its text is not in the file exactly once) or the mutant does not compile.

The file is restored after each mutant, also on Ctrl-C. Exit 0 only when every mutation is caught.
Usage: scripts/mutants.sh [--list | --check] [ID ...]   (IDs: run only these; --list: print the mutations and exit;
       --check: check that each still applies to its file exactly once, and exit)
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A mutant is a semantic bug, not a style fault: analyzer warnings (e.g. "member can be static" when a mutation drops
# the only use of a field) must not make it "invalid", so every build here, baseline included, keeps warnings as warnings.
BUILD = ["-c", "Release", "--nologo", "-v", "quiet", "--no-restore", "-p:TreatWarningsAsErrors=false"]
SUITES = {
    # name -> (project to build, test command)
    "platform": "tests/OneQOrder.Platform.Tests/OneQOrder.Platform.Tests.csproj",
    "plan": "tests/OneQOrder.Plan.Tests/OneQOrder.Plan.Tests.csproj",
    "infra": "tests/OneQOrder.Infra.Tests/OneQOrder.Infra.Tests.csproj",
}


@dataclass
class Mutation:
    id: str
    title: str
    file: str = ""
    suites: list[str] = field(default_factory=list)
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)

    @property
    def search(self) -> str:
        return "\n".join(self.before)

    @property
    def replace(self) -> str:
        return "\n".join(self.after)


def parse(path: Path) -> list[Mutation]:
    """`### ID: title`, then `file:` and `suites:` lines, then `- ` lines (text to find) and `+ ` lines (replacement).

    Leading whitespace of the `-`/`+` text is ignored when matching: each line matches a source line whose stripped
    text is equal, so indentation changes in the code do not stale a mutation."""
    mutations: list[Mutation] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if line.startswith("### "):
            ident, _, title = line[4:].partition(":")
            mutations.append(Mutation(ident.strip(), title.strip()))
        elif not line.strip() or line.startswith("#"):
            continue
        elif not mutations:
            sys.exit(f"{path}:{number}: text before the first '### ID: title' line")
        elif line.startswith("file:"):
            mutations[-1].file = line[5:].strip()
        elif line.startswith("suites:"):
            mutations[-1].suites = line[7:].split()
        elif line.startswith("- ") or line == "-":
            mutations[-1].before.append(line[2:])
        elif line.startswith("+ ") or line == "+":
            mutations[-1].after.append(line[2:])
        else:
            sys.exit(f"{path}:{number}: expected file:, suites:, '- ' or '+ ', got: {line}")
    ids = [m.id for m in mutations]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        sys.exit(f"{path}: duplicate mutation ids: {', '.join(duplicates)}")
    for m in mutations:
        problems = [what for what, bad in (("file:", not m.file), ("suites:", not m.suites), ("'- ' lines", not m.before))
                    if bad] + [f"unknown suite {s}" for s in m.suites if s not in SUITES]
        if problems:
            sys.exit(f"{path}: mutation {m.id}: missing or wrong {', '.join(problems)}")
    return mutations


def apply(source: str, m: Mutation) -> str | None:
    """The source with the mutation applied, or None unless its `-` lines occur exactly once (indentation-insensitive)."""
    lines = source.split("\n")
    wanted = [b.strip() for b in m.before]
    hits = [i for i in range(len(lines) - len(wanted) + 1)
            if all(lines[i + k].strip() == wanted[k] for k in range(len(wanted)))]
    if len(hits) != 1:
        return None
    start = hits[0]
    indent = re.match(r"\s*", lines[start]).group(0)
    replacement = [indent + a.strip() if a.strip() else "" for a in m.after]
    return "\n".join(lines[:start] + replacement + lines[start + len(wanted):])


def run(command: list[str], log: Path) -> bool:
    with log.open("a", encoding="utf-8") as out:
        out.write("$ " + " ".join(command) + "\n")
        out.flush()
        return subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT).returncode == 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="*", help="run only these mutation ids")
    parser.add_argument("--list", action="store_true", help="print the mutations and exit")
    parser.add_argument("--check", action="store_true",
                        help="check that every mutation still applies to its file exactly once, and exit (the test command runs it)")
    parser.add_argument("--file", default=str(ROOT / "scripts" / "mutants.txt"))
    parser.add_argument("--restore-source", action="append", default=[],
                        help="extra NuGet source for the Pulumi suite (the test command passes ../shared/pulumi-sdk/feed)")
    args = parser.parse_args()

    mutations = parse(Path(args.file))
    if args.ids:
        unknown = sorted(set(args.ids) - {m.id for m in mutations})
        if unknown:
            sys.exit(f"unknown mutation ids: {', '.join(unknown)}")
        mutations = [m for m in mutations if m.id in args.ids]
    if args.check:
        stale = [m for m in mutations
                 if not (ROOT / m.file).is_file() or apply((ROOT / m.file).read_text(encoding="utf-8"), m) is None]
        for m in stale:
            print(f"mutation {m.id}: its '- ' lines no longer occur exactly once in {m.file}; update scripts/mutants.txt")
        print(f"mutations: {len(mutations) - len(stale)} of {len(mutations)} apply")
        return 1 if stale else 0
    if args.list:
        for m in mutations:
            print(f"{m.id:<12} [{' '.join(m.suites)}] {m.file}: {m.title}")
        return 0

    logs = ROOT / "out" / "mutants"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    os.environ.setdefault("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
    os.environ.setdefault("DOTNET_NOLOGO", "1")

    # The unmutated code must be green, or every mutant would count as caught.
    suites = sorted({s for m in mutations for s in m.suites})
    # Restore once; the builds below run with --no-restore. The Pulumi suite also gets ../shared/pulumi-sdk/feed (or
    # --restore-source) next to the configured sources, as the test command does.
    feed = ROOT.parent / "shared" / "pulumi-sdk" / "feed"
    extra = args.restore_source or ([str(feed)] if feed.is_dir() else [])
    sources: list[str] = []
    if extra:
        configured = subprocess.run(["dotnet", "nuget", "list", "source", "--format", "short"], cwd=ROOT,
                                    capture_output=True, text=True).stdout.split()
        sources = extra + [s for s in configured if "://" in s or s.startswith("/")]
    for s in suites:
        restore = ["dotnet", "restore", SUITES[s]]
        if s == "infra":
            for source in sources:
                restore += ["--source", source]
        if not run(restore, logs / "baseline.log"):
            print(f"{SUITES[s]} does not restore; see {logs / 'baseline.log'}")
            return 2
    print(f"baseline: building and testing {', '.join(suites)} without mutations …", flush=True)
    for s in suites:
        if not run(["dotnet", "build", SUITES[s], *BUILD], logs / "baseline.log") \
                or not run(["dotnet", "test", SUITES[s], "-c", "Release", "--no-build", "--nologo"], logs / "baseline.log"):
            print(f"the suites fail without any mutation; see {logs / 'baseline.log'}")
            return 2

    results: list[tuple[Mutation, str, float]] = []
    for m in mutations:
        path = ROOT / m.file
        original = path.read_text(encoding="utf-8") if path.is_file() else None
        mutated = apply(original, m) if original is not None else None
        log = logs / f"{m.id}.log"
        started = time.monotonic()
        if mutated is None:
            verdict = "invalid (its text is not in the file exactly once)"
        else:
            try:
                path.write_text(mutated, encoding="utf-8")
                built = all(run(["dotnet", "build", SUITES[s], *BUILD], log)
                            for s in m.suites)
                if not built:
                    verdict = "invalid (the mutant does not compile)"
                else:
                    passed = all(run(["dotnet", "test", SUITES[s], "-c", "Release", "--no-build", "--nologo"], log)
                                 for s in m.suites)
                    verdict = "missed" if passed else "caught"
            finally:
                path.write_text(original, encoding="utf-8")
        seconds = time.monotonic() - started
        results.append((m, verdict, seconds))
        print(f"{verdict.split()[0]:<8} {m.id:<12} {m.title} ({seconds:.0f} s; log {log.relative_to(ROOT)})", flush=True)

    # Leave the binaries built from the unmutated sources.
    for s in suites:
        run(["dotnet", "build", SUITES[s], *BUILD], logs / "baseline.log")

    caught = sum(1 for _, v, _ in results if v == "caught")
    for m, verdict, _ in results:
        if verdict != "caught":
            print(f"  {m.id}: {verdict}")
    print(f"mutants: {caught} caught, {len(results) - caught} not caught, {len(results)} in all")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
