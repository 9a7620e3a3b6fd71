"""A price in a currency scoring.yaml declares no rate for: reported by `validate` at the price's
currency (file:line:col, field path, what is expected); with a rate declared it validates."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from site_builder.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]

EURO_VENDOR = """\
id: acme
name: Acme
products: [Acme CX]
website: https://acme.example.com
last_reviewed: 2026-11-01
sources:
  - id: prices
    title: Acme price list
    kind: public_terms
    retrieved: 2026-11-01
pricing:
  source: prices
  currency: EUR
  list_prices:
    - {name: Standard, amount: 80, unit: per_agent_month}
    - {name: UK seat, amount: 60, currency: GBP, unit: per_agent_month}
"""
EXPECTED = (
    "prices are compared in USD; declare {code} under scoring.yaml's settings.currency_rates with its rate, "
    "date and source"
)


def _project(tmp_path: Path, rates: str) -> None:
    (tmp_path / "vendors").mkdir()
    (tmp_path / "vendors" / "acme.yaml").write_text(EURO_VENDOR, encoding="utf-8")
    text = (ROOT / "scoring.yaml").read_text(encoding="utf-8").replace("  currency_rates: []\n", rates)
    (tmp_path / "scoring.yaml").write_text(text, encoding="utf-8")


def test_a_price_in_a_currency_without_a_rate_is_an_error_at_its_currency(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, "  currency_rates: []\n")
    result = CliRunner().invoke(cli, ["validate", "--max-age", "100000d"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "vendors/acme.yaml:13:13: error: pricing.currency: no currency rate for EUR: "
        + EXPECTED.format(code="EUR")
        + " (no rates declared)",
        "vendors/acme.yaml:16:45: error: pricing.list_prices[name=UK seat].currency: no currency rate for GBP: "
        + EXPECTED.format(code="GBP")
        + " (no rates declared)",
    ]


def test_declared_rates_make_the_prices_valid(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rates = (
        "  currency_rates:\n"
        "    - {currency: EUR, rate: 1.08, as_of: 2026-11-30, source: ECB euro reference rates}\n"
        "    - {currency: GBP, rate: 1.27, as_of: 2026-11-30, source: Bank of England spot rate}\n"
    )
    _project(tmp_path, rates)
    result = CliRunner().invoke(cli, ["validate", "--max-age", "100000d"])
    assert result.exit_code == 0, result.output


def test_only_the_euro_rate_leaves_the_pound_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rates = "  currency_rates:\n    - {currency: EUR, rate: 1.08, as_of: 2026-11-30, source: ECB euro reference rates}\n"
    _project(tmp_path, rates)
    result = CliRunner().invoke(cli, ["validate", "--max-age", "100000d"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "vendors/acme.yaml:16:45: error: pricing.list_prices[name=UK seat].currency: no currency rate for GBP: "
        + EXPECTED.format(code="GBP")
        + " (rates declared: EUR)",
    ]


def test_a_rate_for_the_reporting_currency_or_a_second_rate_is_an_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rates = (
        "  currency_rates:\n"
        "    - {currency: USD, rate: 1, as_of: 2026-11-30, source: none needed}\n"
        "    - {currency: EUR, rate: 1.08, as_of: 2026-11-30, source: ECB euro reference rates}\n"
        "    - {currency: EUR, rate: 1.1, as_of: 2026-12-01, source: ECB euro reference rates}\n"
    )
    _project(tmp_path, rates)
    result = CliRunner().invoke(cli, ["validate", "scoring.yaml"])
    assert result.exit_code == 1
    lines = [line.split(": ", 1)[1] for line in result.stdout.splitlines()]
    assert lines == [
        "error: settings.currency_rates[0].currency: USD is the reporting currency (cost_currency): it needs no rate",
        "error: settings.currency_rates[2].currency: a second rate for EUR (first declared at "
        "settings.currency_rates[1])",
    ]


def test_a_rate_must_be_above_zero(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rates = "  currency_rates:\n    - {currency: GBP, rate: 0, as_of: 2026-11-30, source: Bank of England spot rate}\n"
    _project(tmp_path, rates)
    result = CliRunner().invoke(cli, ["validate", "scoring.yaml"])
    assert result.exit_code == 1
    assert result.stdout.split(": ", 1)[1] == (
        "error: settings.currency_rates[0].rate: input should be greater than 0 (got 0)\n"
    )
