"""Benchmark: score 1,000 synthetic vendors for every persona of scoring.yaml, then run the
robustness Monte Carlo with 10,000 weight samples per persona. Target: under 2 s in total.

Run with `python -m bench` (every bench/bench_*.py) or `python -m bench.bench_score`.
Uses bench/synthetic.py when it offers `synthetic_vendors(n, seed)`; otherwise builds its own
deterministic profiles here.
"""

from __future__ import annotations

import random
import time
from datetime import date
from pathlib import Path

from site_builder.data.model import Vendor
from site_builder.scoring.criteria import load_criteria
from site_builder.scoring.robustness import analyse
from site_builder.scoring.score import score_vendors

ROOT = Path(__file__).resolve().parent.parent
VENDORS = 1_000
SAMPLES = 10_000
TODAY = date(2026, 11, 22)


def _maybe(rng: random.Random, value, p: float = 0.75):
    return value if rng.random() < p else None


def _profile(i: int, rng: random.Random) -> dict:
    src = "terms"
    doc: dict = {
        "id": f"vendor-{i:04d}",
        "name": f"Vendor {i:04d}",
        "products": ["Cloud CC"],
        "website": "https://vendor.example.com/",
        "last_reviewed": "2026-10-01",
        "sources": [
            {
                "id": src,
                "title": "Terms",
                "kind": rng.choice(["contract", "public_terms", "marketing"]),
                "retrieved": f"2026-{rng.randint(1, 10):02d}-01",
            }
        ],
        "sla": {
            "source": src,
            "tiers": [
                {
                    "name": "Standard",
                    "commitment": rng.choice(["sla", "slo"]),
                    "availability_pct": _maybe(rng, rng.choice([99.0, 99.5, 99.9, 99.95, 99.99, 99.999])),
                    "measurement_period": _maybe(rng, rng.choice(["month", "year"])),
                    "credits": [{"below_pct": 99.9, "credit_pct": 10}, {"below_pct": 99.0, "credit_pct": 25}],
                    "credit_cap_pct": _maybe(rng, rng.choice([25, 50, 100])),
                    "claim_window": _maybe(
                        rng, {"within": rng.choice(["24h", "7d", "30d"]), "starts": "incident"}
                    ),
                    "sole_remedy": _maybe(rng, rng.random() < 0.5),
                }
            ],
        },
        "downtime": {
            "source": src,
            "planned_windows": _maybe(
                rng,
                [
                    {
                        "count": rng.randint(1, 5),
                        "per": rng.choice(["week", "month", "quarter"]),
                        "duration": f"{rng.randint(1, 8)}h",
                    }
                ],
            ),
            "counts_against_sla": _maybe(rng, rng.random() < 0.3),
            "own_tenant_update_downtime": _maybe(rng, rng.random() < 0.3),
        },
        "support": {
            "source": src,
            "hours": _maybe(rng, {"always": rng.random() < 0.7}),
            "named_account_manager": _maybe(rng, rng.random() < 0.6),
        },
        "security": {
            "source": src,
            "breach_notification": _maybe(rng, rng.choice(["24h", "48h", "72h", "5d"])),
            "certifications": _maybe(rng, rng.sample(["iso27001", "soc2", "pci_dss", "hipaa"], 2)),
        },
        "pricing": {
            "source": src,
            "currency": "USD",
            "taxes_included": _maybe(rng, rng.random() < 0.5),
            "early_termination_fee_pct": _maybe(rng, rng.choice([0, 50, 100])),
            "list_prices": [{"name": "Seat", "amount": rng.randint(40, 250), "unit": "per_agent_month"}],
        },
        "log4j": {"source": src, "remediated": _maybe(rng, f"2022-01-{rng.randint(1, 28):02d}")},
        "exit": {"source": src, "deletion_after_termination": _maybe(rng, rng.random() < 0.7)},
        "tenant_isolation": {
            "source": src,
            "residency_regions": _maybe(rng, rng.sample(["eu", "us", "uk", "au"], 2)),
        },
        "data_protection": {"source": src, "dpa_available": _maybe(rng, rng.random() < 0.8)},
    }
    return doc


def synthetic(n: int, seed: int = 7) -> list[Vendor]:
    try:
        from bench.synthetic import synthetic_vendors  # shared generator, when another bench provides it

        return list(synthetic_vendors(n, seed))
    except (ImportError, TypeError):
        rng = random.Random(seed)
        return [Vendor.model_validate(_profile(i, rng)) for i in range(n)]


def main() -> None:
    criteria = load_criteria(ROOT / "scoring.yaml")
    vendors = synthetic(VENDORS)
    t0 = time.perf_counter()
    board = score_vendors(vendors, criteria, today=TODAY)
    t1 = time.perf_counter()
    results = [analyse(board, p.id, samples=SAMPLES) for p in criteria.personas]
    t2 = time.perf_counter()
    ranked = sum(len(r.vendors) for r in results)
    print(
        f"score: {len(vendors)} vendors x {len(criteria.personas)} personas x {len(criteria.criteria)} criteria "
        f"in {t1 - t0:.3f} s"
    )
    print(
        f"robustness: {SAMPLES:,} weight samples x {len(results)} personas ({ranked} ranked vendor slots) "
        f"in {t2 - t1:.3f} s"
    )
    print(f"total: {t2 - t0:.3f} s (target < 2 s)")


if __name__ == "__main__":
    main()
