"""Exact integer solving of the tables' identities.

Each identity says sum(lhs) == sum(rhs) over cells; every cell is a non-negative integer.
Given the printed values, `solve` finds the cells whose value every solution shares (forced),
proves the system has a solution at all, and reports inconsistency. It never guesses: a
value is returned only when a bounded exhaustive search shows no other value is possible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

INF = 10**12
# Terms of equations evaluated by one `solve`, in all (about 3 million a second): the reports of
# the seeds and corpus need at most 6,300 (measured); a damaged one with dozens of lost cells could
# otherwise take minutes. Past the budget the cells stay open: nothing is guessed.
WORK_BUDGET = 1_000_000


@dataclass(frozen=True)
class Equation:
    """sum(coef * var) == const, over unknown variables."""

    terms: tuple[tuple[str, int], ...]
    const: int
    name: str = ""


@dataclass
class Solution:
    forced: dict[str, int] = field(default_factory=dict)  # unknowns with exactly one possible value
    open: set[str] = field(default_factory=set)  # unknowns with several possible values (or not settled)
    consistent: bool = True  # some assignment satisfies every equation
    conflicts: list[str] = field(default_factory=list)  # names of equations that cannot hold


def equations(
    identities: Iterable[tuple[str, Sequence[str], Sequence[str]]],
    known: Mapping[str, int],
    unknown: set[str],
) -> list[Equation]:
    """Turn identities (name, lhs cells, rhs cells) into equations over the unknown cells.

    A cell in `unknown` is a variable even if `known` also holds a value for it.
    Identities that touch a cell neither known nor unknown (absent from the system) are skipped."""
    out: list[Equation] = []
    for name, lhs, rhs in identities:
        terms: dict[str, int] = {}
        const = 0
        ok = True
        for sign, cells in ((1, lhs), (-1, rhs)):
            for c in cells:
                if c in unknown:
                    terms[c] = terms.get(c, 0) + sign
                elif c in known:
                    const -= sign * known[c]
                else:
                    ok = False
        if ok:
            out.append(Equation(tuple((v, k) for v, k in terms.items() if k), const, name))
    return out


class _Infeasible(Exception):
    pass


def _propagate(
    eqs: Sequence[Equation], lo: dict[str, int], hi: dict[str, int], budget: list[int] | None = None
) -> None:
    """Narrow the bounds until no equation narrows them further; budget[1] counts the terms
    evaluated (TimeoutError when it runs out)."""
    per_pass = sum(len(eq.terms) for eq in eqs)
    changed = True
    while changed:
        changed = False
        if budget is not None:
            budget[1] -= per_pass
            if budget[1] < 0:
                raise TimeoutError
        for eq in eqs:
            if not eq.terms:
                if eq.const != 0:
                    raise _Infeasible(eq.name)
                continue
            # bounds of sum(coef*var)
            smin = sum(k * (lo[v] if k > 0 else hi[v]) for v, k in eq.terms)
            smax = sum(k * (hi[v] if k > 0 else lo[v]) for v, k in eq.terms)
            if smin > eq.const or smax < eq.const:
                raise _Infeasible(eq.name)
            for v, k in eq.terms:
                own_min = k * (lo[v] if k > 0 else hi[v])
                own_max = k * (hi[v] if k > 0 else lo[v])
                rest_min, rest_max = smin - own_min, smax - own_max
                # k*v in [const - rest_max, const - rest_min]
                a, b = eq.const - rest_max, eq.const - rest_min
                if k > 0:
                    new_lo, new_hi = -(-a // k), b // k
                else:
                    new_lo, new_hi = -(-b // k), a // k
                new_lo = max(lo[v], new_lo)
                new_hi = min(hi[v], new_hi)
                if new_lo > new_hi:
                    raise _Infeasible(eq.name)
                if new_lo != lo[v] or new_hi != hi[v]:
                    lo[v], hi[v] = new_lo, new_hi
                    changed = True
                    if budget is not None:
                        budget[1] -= 2 * len(eq.terms)
                    smin = sum(kk * (lo[vv] if kk > 0 else hi[vv]) for vv, kk in eq.terms)
                    smax = sum(kk * (hi[vv] if kk > 0 else lo[vv]) for vv, kk in eq.terms)


def _satisfies(eqs: Sequence[Equation], values: Mapping[str, int]) -> bool:
    return all(sum(k * values[v] for v, k in eq.terms) == eq.const for eq in eqs)


def _search(
    eqs: Sequence[Equation],
    lo: dict[str, int],
    hi: dict[str, int],
    budget: list[int],
    avoid: tuple[str, int] | None = None,
) -> dict[str, int] | None:
    """One solution within the bounds (optionally with avoid[0] != avoid[1]), or None.
    budget = [search nodes left, equation evaluations left]."""
    budget[0] -= 1
    if budget[0] < 0:
        raise TimeoutError
    lo, hi = dict(lo), dict(hi)
    if avoid is not None:
        v, val = avoid
        if lo[v] == hi[v] == val:
            return None
    try:
        _propagate(eqs, lo, hi, budget)
    except _Infeasible:
        return None
    free = [v for v in lo if lo[v] != hi[v]]
    if not free:
        if avoid is not None and lo[avoid[0]] == avoid[1]:
            return None
        return dict(lo)
    if (avoid is None or lo[avoid[0]] != avoid[1]) and _satisfies(eqs, lo):
        return dict(lo)  # every free cell at its lower bound already works (tables are mostly 0)
    if avoid is not None and lo[avoid[0]] != hi[avoid[0]]:
        v = avoid[0]
        # split the domain of the avoided variable around the avoided value
        for a, b in ((lo[v], avoid[1] - 1), (avoid[1] + 1, hi[v])):
            if a <= b:
                lo2, hi2 = dict(lo), dict(hi)
                lo2[v], hi2[v] = a, b
                found = _search(eqs, lo2, hi2, budget)
                if found is not None:
                    return found
        return None
    v = min(free, key=lambda x: hi[x] - lo[x])
    if hi[v] >= INF:
        # unbounded: any solution has infinitely many neighbours; take the smallest value
        hi = dict(hi)
        hi[v] = lo[v] + 1000
    for val in range(lo[v], hi[v] + 1):
        lo2, hi2 = dict(lo), dict(hi)
        lo2[v] = hi2[v] = val
        found = _search(eqs, lo2, hi2, budget, avoid)
        if found is not None:
            return found
        if hi[v] - lo[v] > 200:
            break
    return None


def forces(eqs: Sequence[Equation], var: str, value: int, budget: int = 300) -> bool:
    """True if the equations alone give `var` the value `value` (known to be a solution's) in
    every solution; False when they do not, or the bounded search cannot tell."""
    names = {v for e in eqs for v, _ in e.terms}
    if var not in names:
        return False
    lo = dict.fromkeys(names, 0)
    hi = dict.fromkeys(names, INF)
    try:
        _propagate(eqs, lo, hi)
    except _Infeasible:
        return False
    if lo[var] == hi[var]:
        return lo[var] == value
    try:
        return _search(eqs, lo, hi, [budget, WORK_BUDGET], avoid=(var, value)) is None
    except TimeoutError:
        return False


def solve(eqs: Sequence[Equation], variables: Iterable[str], budget: int = 20000) -> Solution:
    names = sorted(set(variables))
    lo = dict.fromkeys(names, 0)
    hi = dict.fromkeys(names, INF)
    sol = Solution()
    if not names:
        bad = [e.name for e in eqs if not e.terms and e.const != 0]
        sol.consistent = not bad
        sol.conflicts = bad
        return sol
    counter = [budget, WORK_BUDGET]
    try:
        _propagate(eqs, lo, hi, counter)
    except _Infeasible as exc:
        sol.consistent = False
        sol.conflicts = [str(exc)]
        sol.open = set(names)
        return sol
    except TimeoutError:
        sol.open = set(names)
        return sol
    try:
        first = _search(eqs, lo, hi, counter)
    except TimeoutError:
        sol.open = set(names)
        return sol
    if first is None:
        sol.consistent = False
        sol.open = set(names)
        return sol
    seen = [first]  # every solution found proves open each variable it gives another value
    for v in names:
        if lo[v] == hi[v]:
            sol.forced[v] = lo[v]
            continue
        if any(s[v] != first[v] for s in seen[1:]):
            sol.open.add(v)
            continue
        try:
            other = _search(eqs, lo, hi, counter, avoid=(v, first[v]))
        except TimeoutError:
            sol.open.add(v)
            continue
        if other is None:
            sol.forced[v] = first[v]
        else:
            seen.append(other)
            sol.open.add(v)
    return sol
