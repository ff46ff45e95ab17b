"""Ties between agents: the tie store, the peer snapshot and the monthly peer aggregates.

A tie carries trust in [0, 1], a kind (punctual, periodic, continuous), whether
it is a written agreement, its birth month, the month of its last exchange and
a running count of recent exchanges (brochure §3.f: punctual, periodic and
continuous collaborations). Ties live in :class:`TieStore`, a set of parallel
arrays, so every rule runs over all ties at once. The submodels that make, age
and end ties are :mod:`netsim.core.submodels.tie_formation` and
:mod:`netsim.core.submodels.tie_decay`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from netsim.core.model import PDNetworkModel

PUNCTUAL, PERIODIC, CONTINUOUS = 0, 1, 2
KIND_NAMES = ("punctual", "periodic", "continuous")
RECENT_KEEP = np.float32(11 / 12)  # a year's memory of exchanges (the count's definition)


class TieStore:
    """Undirected ties as parallel arrays with room to grow.

    Attributes:
        a, b: node ids of the two ends (``a != b``).
        trust: trust carried by the tie, in [0, 1].
        kind: 0 punctual, 1 periodic, 2 continuous.
        formal: True for a written agreement.
        keep: True for ties that disuse cannot end (colleagues, hosts).
        born: month the tie was made.
        last: month of the last exchange.
        recent: exchanges in about the last year (decays by 11/12 a month).
        alive: False once the tie has ended (removed at the next compaction).
    """

    FIELDS = (
        ("a", np.intp),  # pointer-sized: numpy gathers with them without a conversion
        ("b", np.intp),
        ("trust", np.float32),
        ("kind", np.int8),
        ("formal", np.bool_),
        ("keep", np.bool_),
        ("born", np.int32),
        ("last", np.int32),
        ("recent", np.float32),
        ("alive", np.bool_),
    )

    # views of the first ``n`` slots of the buffers, set again whenever ``n`` changes
    a: np.ndarray
    b: np.ndarray
    trust: np.ndarray
    kind: np.ndarray
    formal: np.ndarray
    keep: np.ndarray
    born: np.ndarray
    last: np.ndarray
    recent: np.ndarray
    alive: np.ndarray

    def __init__(self, capacity: int = 1024, n_nodes: int = 0) -> None:
        self.n = 0
        self.degree = np.zeros(n_nodes, np.float64)  # live ties per node (when n_nodes > 0)
        self._cap = max(16, int(capacity))
        self._buf = {name: np.zeros(self._cap, dtype=dt) for name, dt in self.FIELDS}
        self._views()

    def __len__(self) -> int:
        return self.n

    def _views(self) -> None:
        """Point each field's attribute at the first ``n`` slots of its buffer.

        Plain attributes rather than a ``__getattr__`` that slices on every read:
        the step reads these fields about fifty times a month.
        """
        n = self.n
        d = self.__dict__
        for name, arr in self._buf.items():
            d[name] = arr[:n]

    def add(
        self,
        a: np.ndarray,
        b: np.ndarray,
        trust: np.ndarray | float,
        now: int,
        *,
        kind: int = PUNCTUAL,
        formal: bool | np.ndarray = False,
        keep: bool | np.ndarray = False,
    ) -> np.ndarray:
        """Append ties and return their indices; ``a`` and ``b`` must differ pairwise."""
        a = np.asarray(a, dtype=np.intp)
        b = np.asarray(b, dtype=np.intp)
        m = a.size
        if m == 0:
            return np.zeros(0, dtype=np.int64)
        if self.n + m > self._cap:
            new_cap = max(self._cap * 2, self.n + m)
            for name, arr in self._buf.items():
                grown = np.zeros(new_cap, dtype=arr.dtype)
                grown[: self.n] = arr[: self.n]
                self._buf[name] = grown
            self._cap = new_cap
        s = slice(self.n, self.n + m)
        buf = self._buf
        buf["a"][s] = a
        buf["b"][s] = b
        buf["trust"][s] = trust
        buf["kind"][s] = kind
        buf["formal"][s] = formal
        buf["keep"][s] = keep
        buf["born"][s] = now
        buf["last"][s] = now
        buf["recent"][s] = 1.0
        buf["alive"][s] = True
        idx = np.arange(self.n, self.n + m)
        self.n += m
        self._views()
        self._count(a, b, 1.0)
        return idx

    def _count(self, a: np.ndarray, b: np.ndarray, sign: float) -> None:
        """Keep ``degree`` up to date for ties added (+1) or ended (-1)."""
        deg = self.degree
        if deg.size == 0 or a.size == 0:
            return
        if a.size < deg.size // 4:  # fewer ties than nodes: ufunc.at beats a full bincount
            np.add.at(deg, a, sign)
            np.add.at(deg, b, sign)
        else:
            deg += sign * np.bincount(a, minlength=deg.size)
            deg += sign * np.bincount(b, minlength=deg.size)

    def end(self, which: np.ndarray) -> None:
        """End the ties selected by a boolean mask or index array (they stay until compaction)."""
        which = np.flatnonzero(which) if which.dtype == bool else which
        which = which[self.alive[which]]
        self.alive[which] = False
        self._count(self.a[which], self.b[which], -1.0)

    def compact(self) -> np.ndarray:
        """Drop ended ties; return the map from old to new index (-1 for dropped)."""
        alive = self.alive.copy()
        remap = np.full(self.n, -1, dtype=np.int64)
        keep_n = int(alive.sum())
        remap[alive] = np.arange(keep_n)
        for arr in self._buf.values():
            arr[:keep_n] = arr[: self.n][alive]
        self.n = keep_n
        self._views()
        return remap

    def dead_share(self) -> float:
        """Share of slots taken by ended ties."""
        return 0.0 if self.n == 0 else 1.0 - float(np.count_nonzero(self.alive)) / self.n


def weighted_count(index: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """``np.bincount(index, weights=weights, minlength=n)``, for indices in ``0..n-1``.

    ``np.add.at`` adds the weights (as float64, as bincount does) one by one in the same
    order, starting from 0, so every sum is the same to the last bit. It skips bincount's
    pass for the largest index and its float32 copy when the weights are float64 already,
    and is about 1.5 times as fast on tens of thousands of ties. An index out of range
    raises instead of lengthening the result.
    """
    out = np.zeros(n)
    np.add.at(out, index, weights.astype(np.float64, copy=False))
    return out


def key_shift(n_nodes: int) -> int:
    """Bits that hold any node id below ``n_nodes``: a pair's key is ``lo << shift | hi``.

    Keys sort as the pairs ``(lo, hi)`` do, as ``lo * n_nodes + hi`` would, but a key
    splits back into its two ends by a shift and a mask instead of an integer division
    (which numpy does one number at a time, about ten times slower).
    """
    return max((n_nodes - 1).bit_length(), 1)


def pair_keys(a: np.ndarray, b: np.ndarray, n_nodes: int) -> np.ndarray:
    """Order-free int64 key of each pair, lo << key_shift(n_nodes) | hi, for duplicate checks."""
    lo = np.minimum(a, b).astype(np.int64)
    lo <<= key_shift(n_nodes)
    lo |= np.maximum(a, b)
    return lo


def sorted_keys(keys: np.ndarray, bits: int = 64) -> np.ndarray:
    """``np.sort(keys)`` for int64 keys >= 0 below ``2**bits``.

    Keys that fit in 32 bits are sorted as uint32, which numpy sorts about twice as
    fast as int64 (tens of thousands of pair keys at 10 000 teachers).
    """
    if bits <= 32:
        return np.sort(keys.astype(np.uint32)).astype(np.int64)
    return np.sort(keys)


def sorted_unique(keys: np.ndarray, bits: int = 64) -> np.ndarray:
    """The distinct values of ``keys``, sorted (as ``np.unique``, by sort and compare).

    For millions of int64 keys this is several times faster than ``np.unique``,
    which hashes them first. ``bits``: as for :func:`sorted_keys`.
    """
    keys = sorted_keys(keys, bits)
    if keys.size < 2:
        return keys
    return keys[np.concatenate([[True], keys[1:] != keys[:-1]])]


def first_occurrences(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of int64 ``keys`` >= 0, sorted, and the index of each one's first.

    As ``np.unique(keys, return_index=True)``. The key and its index pack into one
    uint64 when they fit, so that ``np.sort`` (several times faster than a stable
    argsort) orders both at once: equal keys by index, the first one first.
    """
    n = keys.size
    if n < 2:
        return keys.copy(), np.zeros(n, np.intp)
    row_bits = (n - 1).bit_length()
    # (below a few hundred keys the stable argsort is as fast)
    if n >= 512 and keys.dtype == np.int64 and int(keys.min()) >= 0:
        key_bits = int(keys.max()).bit_length()
        if key_bits + row_bits <= 64:
            packed = keys.astype(np.uint64)
            packed <<= np.uint64(row_bits)
            packed |= np.arange(n, dtype=np.uint64)
            packed.sort()
            order = (packed & np.uint64((1 << row_bits) - 1)).astype(np.intp)
            packed >>= np.uint64(row_bits)
            sorted_keys = packed.view(np.int64)
            first_of = np.empty(n, bool)
            first_of[0] = True
            np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=first_of[1:])
            return sorted_keys[first_of], order[first_of]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    first_of = np.concatenate([[True], sorted_keys[1:] != sorted_keys[:-1]])
    return sorted_keys[first_of], order[first_of]


_DRAW_STEPS = float(2**53)  # Generator.random() draws are multiples of 2**-53


def group_order(groups: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``np.lexsort((u, groups))``: rows by group, within a group by ``u``, then by row.

    The group, the leading bits of ``u`` and the row pack into one uint64 key, which
    ``np.sort`` orders several times faster than any argsort (no index to carry); the
    row is then read from the key's last bits. Where no two rows of a group share the
    leading bits of ``u``, their order is the order of ``u`` itself, so the result is
    lexsort's; a month where two do (rare: tens of bits are kept) takes the exact path
    of :func:`_group_order_exact`.
    """
    n = groups.size
    # (below a few hundred rows the stable argsort is as fast)
    if n >= 1024 and groups.dtype.kind in "iu" and u.dtype == np.float64:
        g_max = int(groups.max())
        row_bits = (n - 1).bit_length()
        group_bits = max(g_max.bit_length(), 1)
        draw_bits = 64 - row_bits - group_bits
        if draw_bits >= 24 and groups.min() >= 0 and 0.0 <= u.min() <= u.max() < 1:
            key = groups.astype(np.uint64)
            key <<= np.uint64(draw_bits)
            u_hi = u * float(2**draw_bits)  # exact: a power of two
            key |= u_hi.astype(np.uint64)  # floor: the leading draw_bits bits of u
            key <<= np.uint64(row_bits)
            key |= np.arange(n, dtype=np.uint64)
            key.sort()
            high = key >> np.uint64(row_bits)
            if not (high[1:] == high[:-1]).any():
                key &= np.uint64((1 << row_bits) - 1)
                return key.astype(np.intp)
    return _group_order_exact(groups, u)


def _group_order_exact(groups: np.ndarray, u: np.ndarray) -> np.ndarray:
    """``np.lexsort((u, groups))``, by a stable argsort of one packed key where exact.

    ``u`` are uniform draws from ``Generator.random()``, float64 multiples of 2**-53, so
    ``u * 2**53`` is an exact integer below 2**53 and a group below 1024 and the draw pack
    into one int64 key: a single stable argsort instead of lexsort's two passes (two to
    three times faster on a few thousand rows), with the same order, ties included.
    Whenever the packing would not be exact, this is ``np.lexsort`` itself.
    """
    packable = groups.size > 0 and groups.dtype.kind in "iu" and u.dtype == np.float64
    if packable and groups.min() >= 0 and groups.max() < 1024 and 0.0 <= u.min() <= u.max() < 1:
        scaled = u * _DRAW_STEPS
        draws = scaled.astype(np.int64)
        if np.array_equal(draws, scaled):
            key = groups.astype(np.int64) << 53
            key |= draws
            return np.argsort(key, kind="stable")
    return np.lexsort((u, groups))


class PeerIndex:
    """A snapshot of teacher-teacher adjacency for friend-of-friend sampling.

    Rebuilt once a year; ties made since the snapshot are kept in a small
    sorted key list so that no pair is tied twice.
    """

    def __init__(self, ties: TieStore, n_teachers: int) -> None:
        self.n = n_teachers
        alive = ties.alive
        a, b = ties.a[alive], ties.b[alive]
        # both directions as sorted keys row << shift | col: a CSR adjacency without scipy
        # (peer ties are unique pairs: add_peer_ties never ties a pair twice)
        shift = key_shift(n_teachers)
        self.key_bits = 2 * shift
        both = sorted_keys(np.concatenate([(a << shift) | b, (b << shift) | a]), 2 * shift)
        row_of = both >> shift
        self.indices = both & ((1 << shift) - 1)
        self.degree = np.bincount(row_of, minlength=n_teachers)
        self.indptr = np.zeros(n_teachers + 1, np.int64)
        np.cumsum(self.degree, out=self.indptr[1:])
        self.keys = both[row_of < self.indices]  # each pair once, as pair_keys gives it, sorted
        self.fresh: list[np.ndarray] = []  # sorted keys of the pairs tied since, one per batch
        self._colleagues: np.ndarray | None = None

    def colleagues(self, school: np.ndarray) -> np.ndarray:
        """For each entry of ``indices``, whether the two teachers share a school.

        Made at the first call and kept with the snapshot (teachers keep their school).
        """
        if self._colleagues is None:
            self._colleagues = school[self.indices] == np.repeat(school, self.degree)
        return self._colleagues

    def random_neighbour(self, nodes: np.ndarray, u: np.ndarray) -> np.ndarray:
        """One random neighbour per node (uniform draw ``u``); -1 where a node has none."""
        deg = self.degree[nodes]
        has = deg > 0
        if has.all():  # (the usual case: no node to leave out)
            return self.indices[self.indptr[nodes] + (u * deg).astype(np.int64)]
        out = np.full(nodes.size, -1, dtype=np.int64)
        pick = self.indptr[nodes[has]] + (u[has] * deg[has]).astype(np.int64)
        out[has] = self.indices[pick]
        return out

    def contains(self, keys: np.ndarray) -> np.ndarray:
        """True where a pair key is already tied (in the snapshot or made since)."""
        found = _in_sorted(self.keys, keys)
        for batch in self.fresh:
            found |= _in_sorted(batch, keys)
        return found

    def note(self, keys: np.ndarray) -> None:
        """Record pairs tied since the snapshot (``keys`` sorted, as np.unique gives them)."""
        self.fresh.append(keys)
        if len(self.fresh) >= 4:  # keep the batches few: one merged, sorted array
            self.fresh = [sorted_keys(np.concatenate(self.fresh), self.key_bits)]


def isin_keys(keys: np.ndarray, pool: np.ndarray, bits: int = 64) -> np.ndarray:
    """``np.isin(keys, pool)`` for int64 keys >= 0 below ``2**bits``.

    By a sort of ``pool`` and a binary search: several times faster than ``np.isin``,
    which sorts both arrays together with a stable argsort.
    """
    return _in_sorted(sorted_keys(pool, bits), keys)


def _in_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Membership of ``keys`` in the sorted array ``sorted_keys``."""
    if sorted_keys.size == 0:
        return np.zeros(keys.size, bool)
    pos = np.minimum(np.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return sorted_keys[pos] == keys


def add_peer_ties(model: PDNetworkModel, i: np.ndarray, k: np.ndarray) -> int:
    """Tie teachers ``i`` and ``k`` pairwise, skipping self-ties and pairs already tied."""
    ok = (i >= 0) & (k >= 0) & (i != k)
    i, k = i[ok], k[ok]
    if i.size == 0:
        return 0
    n = model.n_teachers
    keys, first = first_occurrences(pair_keys(i, k, n))
    i, k = i[first], k[first]
    new = ~model.peer_index.contains(keys)
    i, k, keys = i[new], k[new], keys[new]
    if i.size == 0:
        return 0
    t = model.teachers
    trust = 0.5 * (t.trust[i] + t.trust[k])
    model.peer_ties.add(i, k, trust, model.month)
    model.peer_index.note(keys)
    return int(i.size)


class PeerView:
    """What each teacher sees of their peers this month, read once from the peer ties.

    A tie's weight is its trust times the weight of its kind (punctual 1,
    ``tie_weight_periodic``, ``tie_weight_continuous``): lasting, trusted ties
    count more. An engaged peer counts 1, a lead teacher ``1 + lead_peer_weight``.

    Attributes:
        share: tie-weighted share of engaged peers, capped at 1 (peer influence).
        pull: tie-weighted count of engaged peers (the imitation channel of awareness).
        trust: tie-weighted mean trust of engaged peers (NaN where there are none).
    """

    __slots__ = ("pull", "share", "trust")

    def __init__(self, model: PDNetworkModel) -> None:
        p = model.p
        t = model.teachers
        pt = model.peer_ties
        n = model.n_teachers
        a, b = pt.a, pt.b
        kind_weight = np.array(
            [1.0, p["tie_weight_periodic"], p["tie_weight_continuous"]], np.float32
        )
        w = kind_weight[pt.kind.astype(np.intp)]  # (an int8 index is slower to gather by)
        w *= pt.trust
        w *= pt.alive
        # each teacher's pull and trust side by side (a complex64), so that one gather
        # reads both at a tie's end
        pull_of = (t.engagement >= 1).astype(np.float32)
        pull_of += np.float32(p["lead_peer_weight"]) * t.lead
        end = np.empty(n, np.complex64)
        end.real = pull_of
        end.imag = t.trust
        at_b, at_a = end[b], end[a]
        wb = w * at_b.real
        wa = w * at_a.real
        # per teacher, the pull terms and the trust terms summed at once: a complex sum
        # is two float64 sums, each in the same order as a bincount of either
        terms = np.empty(w.size, np.complex128)
        terms.real = wb
        terms.imag = wb * at_b.imag
        sums = np.zeros(n, np.complex128)
        np.add.at(sums, a, terms)
        terms.real = wa
        terms.imag = wa * at_a.imag
        other = np.zeros(n, np.complex128)
        np.add.at(other, b, terms)
        sums += other
        pull = sums.real.copy()
        trust = sums.imag.copy()
        w64 = w.astype(np.float64)
        weight = weighted_count(a, w64, n)
        weight += weighted_count(b, w64, n)
        self.pull = pull
        # (in place: the same divisions as np.minimum(1, pull / np.maximum(weight, 1e-9)))
        np.maximum(weight, 1e-9, out=weight)
        np.divide(pull, weight, out=weight)
        self.share = np.minimum(weight, 1.0, out=weight)
        # where pull is 0 so is trust (every term of both is a weight times a pull of 0):
        # 0 / 0 gives NaN there, without division's slow masked path
        with np.errstate(invalid="ignore"):
            self.trust = np.divide(trust, pull, out=trust)
