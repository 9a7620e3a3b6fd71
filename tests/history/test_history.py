"""The "What changed" page from a real git history made in a temp dir; no history, shallow clones."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from site_builder.data.read import require_vendors
from site_builder.data.words import fact_path as readable
from site_builder.history.diff import DataDiff
from site_builder.history.log import read_history
from site_builder.site.pages.changes import VendorEntry, changes_view, headline, pages
from site_builder.site.render import RenderContext, make_env

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "site" / "vendors"
TODAY = date(2026, 11, 22)


def git(repo: Path, *args: str, date_: str = "2026-05-01T12:00:00+00:00") -> None:
    env = {"GIT_AUTHOR_DATE": date_, "GIT_COMMITTER_DATE": date_, "PATH": "/usr/bin:/bin"}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Three commits: alpha alone (May 1); alpha's SLA 99.99 -> 99.9 (May 2); beta added (May 3)."""
    repo = tmp_path / "data"
    (repo / "vendors").mkdir(parents=True)
    shutil.copy(FIXTURE / "alpha.yaml", repo / "vendors")
    shutil.copy(ROOT / "scoring.yaml", repo)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Alpha's profile")
    alpha = repo / "vendors" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("availability_pct: 99.99", "availability_pct: 99.9"))
    git(repo, "commit", "-qam", "Alpha's SLA is 99.9%", date_="2026-05-02T12:00:00+00:00")
    shutil.copy(FIXTURE / "beta.yaml", repo / "vendors")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Add Beta", date_="2026-05-03T12:00:00+00:00")
    return repo


def read(repo: Path, **kw):
    return read_history(repo, vendors=Path("vendors"), scoring=Path("scoring.yaml"), today=TODAY, **kw)


def test_each_commit_is_a_dated_change_in_plain_words(repo):
    history = read(repo)
    assert history.unavailable is None and not history.truncated
    assert [(c.date.isoformat(), c.subject) for c in history.changes] == [
        ("2026-05-03", "Add Beta"),
        ("2026-05-02", "Alpha's SLA is 99.9%"),
    ]
    alpha = history.for_vendor("alpha")
    assert [c.subject for c, _ in alpha] == ["Alpha's SLA is 99.9%"]
    assert alpha[0][1] == [
        "sla.tiers[name=Enterprise].availability_pct: 99.99% → 99.9% "
        "(source: Alpha service level agreement, published 2026-03-01)"
    ]
    beta = dict((c.subject, lines) for c, lines in history.for_vendor("beta"))
    assert beta["Add Beta"][0] == "profile added"
    assert (
        "red flag raised (high): Early termination costs 100% of the remaining contract value"
        in beta["Add Beta"]
    )


def test_the_limit_keeps_the_newest_commits(repo):
    history = read(repo, limit=1)
    assert [c.subject for c in history.changes] == ["Add Beta"] and history.truncated


def test_the_page_reads_as_plain_words(repo, comparison_of):
    comparison = comparison_of(require_vendors([repo / "vendors"], today=TODAY), today=TODAY)
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True, history=read(repo))
    view = changes_view(comparison, ctx)
    _first, second = view.changes
    assert (second.date, second.subject, second.commit) == (
        "2026-05-02",
        "Alpha's SLA is 99.9%",
        second.commit,
    )
    assert second.vendors[0].lines == (
        "SLA › Tier “Enterprise” › Availability (%): 99.99% → 99.9% "
        "(source: Alpha service level agreement, published 2026-03-01)",
    )
    assert second.vendors[0].href == "../vendors/alpha/"
    (page,) = pages(comparison, ctx)
    assert (
        "<li>SLA › Tier “Enterprise” › Availability (%): 99.99% → 99.9% "
        "(source: Alpha service level agreement, published 2026-03-01)</li>"
    ) in page.content


def test_each_change_is_headed_by_what_it_changed_for_a_buyer_with_the_commit_below(repo, comparison_of):
    comparison = comparison_of(require_vendors([repo / "vendors"], today=TODAY), today=TODAY)
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True, history=read(repo))
    first, second = changes_view(comparison, ctx).changes
    assert [(c.headline, c.author, c.date) for c in (first, second)] == [
        ("Beta Cloud: added; 4 red flags raised", "T", "2026-05-03"),
        ("Alpha Contact: availability 99.99% → 99.9%", "T", "2026-05-02"),
    ]
    (page,) = pages(comparison, ctx)
    assert (
        f'<h2 id="change-{second.commit}">Alpha Contact: availability 99.99% → 99.9%</h2>\n'
        f'<p class="sb-change-meta">2026-05-02 · commit <code>{second.commit}</code> by T: '
        "“Alpha&#39;s SLA is 99.9%”</p>"
    ) in page.content
    assert "Commit <code>" not in page.content and ">2026-05-03: Add Beta</h2>" not in page.content


def test_a_rank_move_heads_the_change_before_the_fact_behind_it(repo, comparison_of):
    """Alpha's SLA drops to 98%: Beta ties Alpha for first place for the regulated buyer (both
    score 0 there); the heading names that move first, then Alpha's fact and its new red flag."""
    alpha = repo / "vendors" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("availability_pct: 99.9", "availability_pct: 98"))
    git(repo, "commit", "-qam", "Alpha's SLA is 98%", date_="2026-05-04T12:00:00+00:00")
    comparison = comparison_of(require_vendors([repo / "vendors"], today=TODAY), today=TODAY)
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True, history=read(repo))
    newest = changes_view(comparison, ctx).changes[0]
    assert newest.headline == (
        "Beta Cloud: rank 2 → 1 for the regulated buyer · "
        "Alpha Contact: availability 99.9% → 98%; red flag raised (high)"
    )
    assert newest.subject == "Alpha's SLA is 98%"


def test_a_heading_names_two_vendors_and_counts_the_others():
    def diff(**kw) -> DataDiff:
        empty = dict(added=(), removed=(), vendors=(), personas=(), flags=(), problems=())
        return DataDiff("a1", "b2", **(empty | kw))

    three = (("c", "Gamma"), ("a", "Alpha"), ("b", "Beta"))
    assert headline(diff(added=three), dict(three)) == "Alpha: added · Beta: added · 1 more vendor"
    assert headline(diff(rules=("weights changed",)), {}) == "scoring rules: 1 change"
    assert headline(diff(), {}) == ""  # nothing for a buyer: the commit's subject heads it


def test_a_long_commit_subject_is_a_detail_under_the_heading(repo, comparison_of):
    subject = (
        "Alpha: the status page moved to the new domain that the vendor announced in its "
        "November newsletter, per the support team"
    )  # 123 characters
    alpha = repo / "vendors" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("status.alpha.example.com", "status.alpha.example.net"))
    git(repo, "commit", "-qam", subject, date_="2026-05-04T12:00:00+00:00")
    comparison = comparison_of(require_vendors([repo / "vendors"], today=TODAY), today=TODAY)
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True, history=read(repo))
    newest = changes_view(comparison, ctx).changes[0]
    (page,) = pages(comparison, ctx)
    assert (
        f'<h2 id="change-{newest.commit}">Alpha Contact: status page https://status.alpha.example.com → '
        "https://status.alpha.example.net</h2>\n"
        f'<p class="sb-change-meta">2026-05-04 · commit <code>{newest.commit}</code> by T: “{subject}”</p>'
    ) in page.content


def test_a_fact_cites_its_own_source_or_the_retrieved_date(repo):
    """A per-fact source (fact_sources) wins over the section's; without a published date, the retrieved one."""
    alpha = repo / "vendors" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("status.alpha.example.com", "status.alpha.example.net"))
    git(repo, "commit", "-qam", "Alpha's status page moved", date_="2026-05-04T12:00:00+00:00")
    (change, lines), *_ = read(repo).for_vendor("alpha", readable)
    assert change.subject == "Alpha's status page moved"
    assert lines == [
        "SLA › Status page: https://status.alpha.example.com → https://status.alpha.example.net "
        "(source: Alpha blog on uptime, retrieved 2026-10-01)"
    ]


def test_a_file_that_stops_validating_is_held_until_it_is_fixed(repo, comparison_of):
    """Not "removed" then "added": the broken commit scores Alpha's last valid record, and the fix is
    compared with that record (99.9% -> 99.95%), even when the window starts at the broken commit."""
    alpha = repo / "vendors" / "alpha.yaml"
    alpha.write_text(alpha.read_text().replace("availability_pct: 99.9", "availability_pct: 150"))
    git(repo, "commit", "-qam", "Alpha breaks", date_="2026-05-04T12:00:00+00:00")
    alpha.write_text(alpha.read_text().replace("availability_pct: 150", "availability_pct: 99.95"))
    git(repo, "commit", "-qam", "Alpha fixed", date_="2026-05-05T12:00:00+00:00")
    history = read(repo)
    assert [(c.subject, lines) for c, lines in history.for_vendor("alpha")][:2] == [
        (
            "Alpha fixed",
            [
                "profile validates again",
                "sla.tiers[name=Enterprise].availability_pct: 99.9% → 99.95% "
                "(source: Alpha service level agreement, published 2026-03-01)",
            ],
        ),
        (
            "Alpha breaks",
            [
                "profile not validated in this version (1 problem): its changes are not scored until "
                "the file validates"
            ],
        ),
    ]
    broken = history.changes[1].diff
    assert (broken.removed, broken.flags, broken.personas) == ((), (), ())
    assert [c.subject for c, _ in history.for_vendor("beta")] == ["Add Beta"]
    comparison = comparison_of(require_vendors([repo / "vendors"], today=TODAY), today=TODAY)
    view = changes_view(
        comparison, RenderContext(make_env(ROOT / "templates"), directory_urls=True, history=history)
    )
    assert [(c.subject, c.problems, c.vendors) for c in view.changes[:2]] == [
        (
            "Alpha fixed",
            0,
            (
                VendorEntry(
                    "Alpha Contact",
                    "../vendors/alpha/",
                    (
                        "profile validates again",
                        "SLA › Tier “Enterprise” › Availability (%): 99.9% → 99.95% "
                        "(source: Alpha service level agreement, published 2026-03-01)",
                    ),
                ),
            ),
        ),
        (
            "Alpha breaks",
            1,
            (
                VendorEntry(
                    "Alpha Contact",
                    "../vendors/alpha/",
                    (
                        "profile not validated in this version (1 problem): its changes are not scored until the file validates",
                    ),
                ),
            ),
        ),
    ]
    # With only the fix in the window, no valid record of Alpha was read: nothing to compare it with.
    assert read(repo, limit=1).for_vendor("alpha")[0][1] == [
        "profile validates again",
        "red flag raised (low): Log4Shell remediation date unknown: ask when every customer was fixed",
    ]


def test_without_git_or_with_a_shallow_clone_the_page_says_why(repo, tmp_path, comparison_of):
    plain = tmp_path / "tarball"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git"))
    assert read(plain).unavailable == (
        "the vendor data is not in a git repository (for example, it came from a tarball)"
    )
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True, capture_output=True
    )
    assert (
        read(shallow).unavailable
        == "the repository is a shallow clone; fetch its full history (fetch-depth: 0)"
    )
    ctx = RenderContext(make_env(ROOT / "templates"), directory_urls=True)
    (page,) = pages(comparison_of([]), ctx)
    assert "<strong>No history to show:</strong> the history was not read for this build." in page.content
    (page,) = pages(comparison_of([]), replace(ctx, history=read(plain)))
    assert (
        '<p class="sb-unavailable"><strong>No history to show:</strong> the vendor data is not in a git '
        "repository (for example, it came from a tarball).</p>"
    ) in page.content
    assert "No change to the comparison has been recorded yet" not in page.content


def test_readable_paths():
    assert readable("sla.tiers[name=Enterprise].credit_cap_pct") == "SLA › Tier “Enterprise” › Credit cap (%)"
    assert readable("log4j.patched_all") == "Log4J › Patched all"
