"""Shared by the Python benchmark scripts: the tutorial's tokens, its work function, statistics."""

import statistics
import time

TOKENS = "hello world how are you a b c d e f g".split()


def work(token, unit):
    """The tutorial's work: sleep one unit (seconds) per character, return the token uppercased."""
    time.sleep(len(token) * unit)
    return token.upper()


def stats(samples):
    """Median, min and max of some samples, as the Rust side reports them."""
    samples = list(samples)
    if not samples:
        raise ValueError("no samples: a benchmark measured nothing")
    return {"median": statistics.median(samples), "min": min(samples),
            "max": max(samples), "n": len(samples)}


def time_ms(reps, fn):
    """Runs fn reps times; each run's wall time in milliseconds."""
    out = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1e3)
    return out


MASK = (1 << 64) - 1


def spin(iterations):
    """Serial integer arithmetic, the same recurrence as the Rust side's spin."""
    state = 0x9E3779B97F4A7C15
    for _ in range(iterations):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        state ^= state >> 33
    return state


_PER_US = None


def spins_for(us):
    """Iterations of spin that take about `us` microseconds here (fastest of several probes).

    The probes come after a warm-up: in a fresh interpreter the first calls of spin run up to
    about twice as slow as later ones, so probing at once under-counts the iterations."""
    global _PER_US
    if _PER_US is None:
        warm_until = time.perf_counter() + 0.3
        while time.perf_counter() < warm_until:
            spin(10_000)
        probe = 200_000
        best = min(time_ms(9, lambda: spin(probe)))
        _PER_US = probe / (best * 1e3)
    return max(1, round(_PER_US * us))
