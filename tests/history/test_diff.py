"""`site-builder diff` on a real git repository made in a temp dir: exact reports for each kind of change."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site" / "vendors"
BETA_SLA = """sla:
  source: beta-terms
  tiers:
    - name: Premium
      availability_pct: 99.5
      measurement_period: month
pricing:"""


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.com", *args],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data repository: alpha and beta (beta with a 99.5% SLA) and the real scoring.yaml, committed on main."""
    repo = tmp_path / "data"
    (repo / "vendors").mkdir(parents=True)
    shutil.copy(FIXTURE / "alpha.yaml", repo / "vendors")
    beta = (FIXTURE / "beta.yaml").read_text().replace("pricing:", BETA_SLA)
    (repo / "vendors" / "beta.yaml").write_text(beta)
    shutil.copy(ROOT / "scoring.yaml", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    monkeypatch.chdir(repo)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795305600")  # 2026-11-22
    return repo


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new))


def diff(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", *args])
    return result.exit_code, result.output


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)


def test_a_changed_sla_percentage_moves_a_rank_and_clears_a_flag(repo):
    """Regulated persona: availability weighs 5 of 97; 99.5% scores 30 and 99.999% scores 100 on the
    breakpoint scale, so Beta goes from 30*5/97 = 1.5 to 100*5/97 = 5.2 and passes Alpha's 4.6."""
    edit(repo / "vendors" / "beta.yaml", "availability_pct: 99.5", "availability_pct: 99.999")
    commit(repo, "Beta commits to 99.999%")
    assert diff("main~1", "main") == (
        0,
        """\
### Vendor data: main~1 → main

#### Large 24/7 enterprise contact center

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 5.8 → 12.5 | 2 |

#### Regulated buyer (healthcare, finance)
- Top pick: Alpha Contact → **Beta Cloud** (rank confidence 100% → 100%)

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 1.5 → 5.2 | 2 → **1** |
| Alpha Contact | 4.6 | 1 → **2** |

#### Small business-hours team

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 2.3 → 7.5 | 2 |

#### Red flags
- cleared (high): Beta Cloud: Availability commitment of only 99.5%

#### Beta Cloud (`vendors/beta.yaml`)

| Fact | Before | After | Source of the new value |
|---|---|---|---|
| `sla.tiers[name=Premium].availability_pct` | 99.5% | 99.999% | Beta terms, retrieved 2026-09-15 |
""",
    )


def test_a_new_red_flag_against_the_working_tree(repo):
    edit(
        repo / "vendors" / "alpha.yaml",
        "claim_window: {within: 30d, starts: month_end}",
        "claim_window: {within: 24h, starts: incident}",
    )
    code, report = diff("main")
    assert code == 0
    assert report.startswith("### Vendor data: main → the working tree\n")
    assert (
        "- raised (high): Alpha Contact: Service credits must be claimed within 24 hours of the outage, "
        "or they are lost\n" in report
    )
    assert (
        "| `sla.tiers[name=Enterprise].claim_window.within` | 30 days | 24 hours | "
        "Alpha service level agreement, published 2026-03-01 |\n"
    ) in report
    assert "| Alpha Contact | 34.4 → 30.6 | 1 |\n" in report  # the claim-window criterion drops to 0


def test_an_added_vendor(repo):
    gamma = (
        (repo / "vendors" / "beta.yaml")
        .read_text()
        .replace("id: beta\nname: Beta Cloud", "id: gamma\nname: Gamma Voice")
    )
    (repo / "vendors" / "gamma.yaml").write_text(gamma)
    code, report = diff("main")
    assert code == 0
    assert "\n**Added:** Gamma Voice (`gamma`)\n" in report
    assert "| Gamma Voice | – → 1.5 | – → **2** | added |\n" in report  # same data as Beta: ties it
    assert (
        "- raised (high): Gamma Voice: Early termination costs 100% of the remaining contract value\n"
        in report
    )
    assert "#### Beta Cloud" not in report


def test_a_removed_source(repo):
    alpha = repo / "vendors" / "alpha.yaml"
    edit(alpha, "  fact_sources: {status_page: alpha-blog}\n", "")
    edit(
        alpha,
        "  - id: alpha-blog\n    title: Alpha blog on uptime\n    kind: marketing\n    retrieved: 2026-10-01\n",
        "",
    )
    assert diff("main") == (
        0,
        """\
### Vendor data: main → the working tree

#### Alpha Contact (`vendors/alpha.yaml`)
- source removed: `alpha-blog` Alpha blog on uptime
""",
    )


def test_an_unchanged_tree(repo):
    assert diff("main") == (0, "### Vendor data: main → the working tree\n\nNo changes to the comparison.\n")
    assert diff("main", "main")[1].endswith("No changes to the comparison.\n")


def test_a_vendor_that_no_longer_validates_keeps_its_base_record_in_the_scores(repo):
    """Alpha's file is still there but does not validate: it is not "removed", its red flags are not
    "cleared" and Beta does not take its rank; the report says its changes wait for a valid file.
    A new file that does not validate is listed too; Beta's change is still compared and scored."""
    edit(repo / "vendors" / "alpha.yaml", "availability_pct: 99.99", "availability_pct: 150")
    edit(repo / "vendors" / "beta.yaml", "availability_pct: 99.5", "availability_pct: 99.9")
    (repo / "vendors" / "gamma.yaml").write_text("id: gamma\nname: [Gamma\n")
    assert diff("main") == (
        0,
        """\
### Vendor data: main → the working tree

#### Not validated in the working tree

**Alpha Contact** (`vendors/alpha.yaml`) does not validate, so its changes are not scored until the file \
validates: the scores, ranks and red flags below use its last version that validated.

```
vendors/alpha.yaml:24:25: error: sla.tiers[name=Enterprise].availability_pct: must be between 0 and 100 (got 150)
```

`vendors/gamma.yaml` does not validate, so it is not in the comparison until it does.

```
vendors/gamma.yaml:3:1: error: YAML syntax error: did not find expected ',' or ']'
```

#### Large 24/7 enterprise contact center

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 5.8 → 8.7 | 2 |

#### Regulated buyer (healthcare, finance)

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 1.5 → 3.1 | 2 |

#### Small business-hours team

| Vendor | Score | Rank |
|---|---|---|
| Beta Cloud | 2.3 → 4.5 | 2 |

#### Red flags
- cleared (high): Beta Cloud: Availability commitment of only 99.5%

#### Beta Cloud (`vendors/beta.yaml`)

| Fact | Before | After | Source of the new value |
|---|---|---|---|
| `sla.tiers[name=Premium].availability_pct` | 99.5% | 99.9% | Beta terms, retrieved 2026-09-15 |
""",
    )


def test_a_vendor_that_no_longer_validates_in_json(repo):
    edit(repo / "vendors" / "alpha.yaml", "availability_pct: 99.99", "availability_pct: 150")
    commit(repo, "Alpha breaks")
    data = json.loads(diff("main~1", "main", "--format", "json")[1])
    assert data["removed"] == [] and data["flags"] == [] and data["personas"] == []
    assert data["not_validated"] == [
        {
            "id": "alpha",
            "name": "Alpha Contact",
            "file": "vendors/alpha.yaml",
            "held": True,
            "problems": [
                "vendors/alpha.yaml (at main):24:25: error: sla.tiers[name=Enterprise].availability_pct: "
                "must be between 0 and 100 (got 150)"
            ],
        }
    ]
    assert data["problems"] == data["not_validated"][0]["problems"]


def test_warnings_in_head_are_listed_with_the_problems(repo):
    edit(
        repo / "vendors" / "beta.yaml",
        "    retrieved: 2026-09-15\n",
        "    retrieved: 2026-09-15\n  - id: beta-faq\n    title: Beta FAQ\n    kind: marketing\n"
        "    retrieved: 2026-09-15\n",
    )
    assert diff("main") == (
        0,
        """\
### Vendor data: main → the working tree

#### Beta Cloud (`vendors/beta.yaml`)
- source added: `beta-faq` Beta FAQ

#### Problems in the working tree

```
vendors/beta.yaml:13:9: warning: sources[id=beta-faq].id: source 'beta-faq' is not cited by any section
```
""",
    )


def test_max_age_lists_heads_stale_profiles_among_the_problems(repo):
    # today is 2026-11-22; Beta was reviewed and its source retrieved on 2026-09-15 (68 days), Alpha on 2026-10-01
    assert diff("main", "--max-age", "90d") == (
        0,
        "### Vendor data: main → the working tree\n\nNo changes to the comparison.\n",
    )
    assert diff("main", "--max-age", "60d") == (
        0,
        """\
### Vendor data: main → the working tree

#### Problems in the working tree

```
vendors/beta.yaml:6:16: warning: last_reviewed: last reviewed 68 days ago; the limit is 60 days
vendors/beta.yaml:12:16: warning: sources[id=beta-terms].retrieved: source 'beta-terms' was retrieved 68 days ago; the limit is 60 days
```
""",
    )
    assert diff("main", "--max-age", "soon")[0] == 2  # a usage error, as for validate


def test_json_has_the_same_content_with_a_version(repo):
    edit(repo / "vendors" / "beta.yaml", "availability_pct: 99.5", "availability_pct: 99.999")
    commit(repo, "Beta commits to 99.999%")
    code, text = diff("main~1", "main", "--format", "json")
    data = json.loads(text)
    assert code == 0 and data["version"] == 1 and data["unchanged"] is False
    assert data["vendors"][0]["facts"] == [
        {
            "path": "sla.tiers[name=Premium].availability_pct",
            "before": "99.5%",
            "after": "99.999%",
            "source": {
                "id": "beta-terms",
                "title": "Beta terms",
                "published": None,
                "retrieved": "2026-09-15",
            },
        }
    ]
    assert data["not_validated"] == [] and data["revalidated"] == []
    regulated = next(p for p in data["personas"] if p["persona"] == "regulated")
    assert regulated["top_before"] == ["Alpha Contact"] and regulated["top_after"] == ["Beta Cloud"]
    assert regulated["moves"][0] == {
        "vendor": "beta",
        "name": "Beta Cloud",
        "score_before": 1.55,
        "score_after": 5.15,
        "rank_before": 2,
        "rank_after": 1,
        "note": "",
    }


def test_two_directories(repo, tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(repo / "vendors", old)
    shutil.copytree(repo / "vendors", new)
    (new / "beta.yaml").unlink()
    code, report = diff(str(old), str(new))
    assert (
        code == 0
        and f"### Vendor data: {old} → {new}\n" in report
        and "**Removed:** Beta Cloud (`beta`)" in report
    )


def test_an_unknown_revision_is_a_usage_error(repo):
    code, output = diff("no-such-branch")
    assert code == 2
    assert output.splitlines()[-1] == (
        f"Error: 'no-such-branch' is neither a directory nor a revision of the repository at {repo}"
    )


ALPHA_PRICING = """
pricing:
  source: alpha-sla
  currency: USD
  list_prices:
    - name: Agent
      amount: 100
      unit: per_agent_month
      source: alpha-blog
"""


def test_a_changed_list_price_names_its_own_source(repo):
    with (repo / "vendors" / "alpha.yaml").open("a") as f:
        f.write(ALPHA_PRICING)
    commit(repo, "Alpha's list price")
    edit(repo / "vendors" / "alpha.yaml", "amount: 100", "amount: 120")
    code, report = diff("main")
    assert code == 0
    assert (
        "| `pricing.list_prices[name=Agent].amount` | 100 | 120 | Alpha blog on uptime, retrieved 2026-10-01 |\n"
        in report
    )


def test_contradictions_added_and_removed_are_listed(repo):
    with (repo / "vendors" / "alpha.yaml").open("a") as f:
        f.write(
            "contradictions:\n  - field: sla.tiers[0].availability_pct\n    summary: The blog says 99.999%.\n"
            "    sources: [alpha-sla, alpha-blog]\n"
        )
    commit(repo, "A contradiction")
    edit(repo / "vendors" / "alpha.yaml", "The blog says 99.999%.", "The blog says 100%.")
    code, report = diff("main")
    assert code == 0
    assert (
        "#### Alpha Contact (`vendors/alpha.yaml`)\n"
        "- contradiction added: `sla.tiers[0].availability_pct`: The blog says 100%. "
        "(sources: `alpha-sla`, `alpha-blog`)\n"
        "- contradiction removed: `sla.tiers[0].availability_pct`: The blog says 99.999%. "
        "(sources: `alpha-sla`, `alpha-blog`)\n"
    ) in report


def test_a_change_to_the_scoring_rules_alone_has_its_own_section(repo):
    """Regulated: breach notification weighs 10 of 97 and neither vendor's fact is known (scored 0);
    at weight 0 the totals are over 87 instead of 97, so both rise and no rank moves."""
    edit(
        repo / "scoring.yaml",
        "    weights:\n      breach-notification: 10",
        "    weights:\n      breach-notification: 0",
    )
    code, report = diff("main")
    assert code == 0
    table = "| Vendor | Score | Rank |\n|---|---|---|\n| Alpha Contact | 4.6 → 5.2 | 1 |\n| Beta Cloud | 1.5 → 1.7 | 2 |\n"
    assert report == (
        "### Scoring rules and vendor data: main → the working tree\n\n"
        "#### Scoring rules (`scoring.yaml`)\n\n"
        "- personas: `regulated` weights.breach-notification: 10 → 0\n\n"
        "What the new rules alone do to the ranking, on the data of main:\n\n"
        f"##### Regulated buyer (healthcare, finance)\n\n{table}\n"
        "#### Ranking after every change (rules and data)\n\n"
        f"#### Regulated buyer (healthcare, finance)\n\n{table}"
    )
    data = json.loads(diff("main", "--format", "json")[1])
    assert data["rules"] == ["personas: `regulated` weights.breach-notification: 10 → 0"]
    assert [p["persona"] for p in data["rule_effects"]] == ["regulated"]


def test_a_base_without_scoring_yaml_is_scored_with_heads_rules(repo):
    rules = (repo / "scoring.yaml").read_text()
    git(repo, "rm", "-q", "scoring.yaml")
    commit(repo, "no rules yet")
    (repo / "scoring.yaml").write_text(rules)
    assert diff("main") == (
        0,
        "### Vendor data: main → the working tree\n\n"
        "> main has no scoring.yaml: its data is scored with the rules of scoring.yaml (HEAD's), "
        "so no rule change is shown\n\n"
        "No changes to the comparison.\n",
    )


def test_a_decision_that_settles_or_narrows_says_so(repo):
    (repo / "vendors" / "beta.yaml").unlink()
    commit(repo, "Beta leaves the comparison")
    code, report = diff("main~1", "main")
    decisions = [line for line in report.splitlines() if line.startswith("- Decision:")]
    assert code == 0 and decisions == [
        "- Decision: Shortlist: Alpha Contact (the pick), Beta Cloud. → **Alpha Contact is the pick, not "
        "settled: it meets a must-have only if an unknown fact allows.**",
        "- Decision: Shortlist: Alpha Contact (the pick), Beta Cloud. → **Alpha Contact is the pick, not "
        "settled: it meets a must-have only if an unknown fact allows.**",
        "- Decision: Shortlist: Alpha Contact (the pick), Beta Cloud. → **Settled pick: Alpha Contact.**",
    ]
    data = json.loads(diff("main~1", "main", "--format", "json")[1])
    small = next(p for p in data["personas"] if p["persona"] == "small-business-hours")
    assert (small["decision_before"], small["decision_after"]) == (
        "Shortlist: Alpha Contact (the pick), Beta Cloud.",
        "Settled pick: Alpha Contact.",
    )
