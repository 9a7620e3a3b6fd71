"""The site's downloads made in a forked process while the pages render: the same bytes as made in
place, and made in place when forking is not wanted or the child fails."""

from __future__ import annotations

import os
import time
from pathlib import Path

from site_builder import build, processes


def test_downloads_made_beside_the_pages_are_those_made_in_place(race, may_fork):
    made = build.downloads(race)
    assert build.downloads_beside(race)() == made  # byte for byte
    assert [uri for uri, _ in made] == [
        "downloads/vendor-comparison.xlsx",
        "downloads/vendor-comparison.csv",
        "downloads/vendor-comparison.json",
    ]


def test_downloads_are_made_in_another_process(race, may_fork, monkeypatch):
    monkeypatch.setattr(build, "downloads", lambda c: [("made by", str(os.getpid()).encode())])
    [(_, pid)] = build.downloads_beside(race)()
    assert int(pid) != os.getpid()


def test_a_failed_child_leaves_the_downloads_to_this_process(race, may_fork, monkeypatch):
    parent = os.getpid()
    made = build.downloads(race)
    calls = []

    def dies_in_the_child(comparison):
        if os.getpid() != parent:
            os._exit(3)
        calls.append(comparison)
        return made

    monkeypatch.setattr(build, "downloads", dies_in_the_child)
    assert build.downloads_beside(race)() == made
    assert calls == [race]  # made again here, once


def test_no_fork_while_other_threads_run(race, monkeypatch):
    monkeypatch.setattr(processes.threading, "active_count", lambda: 2)
    calls = []
    monkeypatch.setattr(build, "downloads", lambda c: calls.append(c) or [])
    wait = build.downloads_beside(race)
    assert calls == []  # nothing made until asked for
    assert wait() == [] and calls == [race]


def test_pages_rendered_apart_are_those_rendered_in_place(race, may_fork, monkeypatch):
    """A one-off build renders home, matrix, compare, calculator, methodology and the reference in a forked process:
    the same pages, byte for byte and in the same order, as rendered in one process."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    in_place = build.render_site(race, templates)
    pids = []
    real = build.home.pages

    def home_pages(comparison, ctx):
        pids.append(os.getpid())
        return real(comparison, ctx)

    real_reference = build.reference_markdown

    def reference_markdown():
        pids.append(os.getpid())
        return real_reference()

    monkeypatch.setattr(build.home, "pages", home_pages)
    monkeypatch.setattr(build, "reference_markdown", reference_markdown)
    apart = build.render_site(race, templates, apart=True)
    assert [p.uri for p in apart] == [p.uri for p in in_place]
    assert apart == in_place
    assert pids == []  # home and the reference were made in the child, whose calls this process never sees


def test_the_two_processes_share_out_the_vendor_pages_and_count_their_facts_alike(
    race, may_fork, monkeypatch, tmp_path
):
    """Vendor pages are taken from the front here and from the back in the child, until they meet:
    each vendor page is made once, by one of the two, and the pages (the data-quality page, made
    here, counts every vendor's facts as its page does) are those of one process."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    in_place = build.render_site(race, templates)
    here = os.getpid()
    mine: list[str] = []
    real_page, real_index = build.vendor.vendor_page, build.vendor.index_page

    def vendor_page(comparison, ctx, v):
        if os.getpid() == here:
            mine.append(v.id)
        else:  # what the child makes cannot be seen from here: it leaves a mark, then takes its time
            (tmp_path / v.id).write_text("")
            time.sleep(1)
        return real_page(comparison, ctx, v)

    def index_page(comparison, ctx):  # waits for the child to take a vendor page first
        while not any(tmp_path.glob("*")):
            time.sleep(0.01)
        return real_index(comparison, ctx)

    monkeypatch.setattr(build.vendor, "vendor_page", vendor_page)
    monkeypatch.setattr(build.vendor, "index_page", index_page)
    apart = build.render_site(race, templates, apart=True)
    assert apart == in_place
    assert sorted(p.name for p in tmp_path.glob("*")) == ["d"]  # the child starts from the last vendor
    assert mine == ["a", "b", "c"]  # and this process from the first, until they meet


def test_a_child_that_fails_leaves_every_page_to_this_process(race, may_fork, monkeypatch):
    templates = Path(__file__).resolve().parents[2] / "templates"
    in_place = build.render_site(race, templates)
    here = os.getpid()
    real = build.vendor.vendor_page

    def dies_in_the_child(comparison, ctx, v):
        if os.getpid() != here:
            os._exit(3)
        return real(comparison, ctx, v)

    monkeypatch.setattr(build.vendor, "vendor_page", dies_in_the_child)
    assert build.render_site(race, templates, apart=True) == in_place


def test_a_build_writes_the_downloads_once_its_pages_are_written(tmp_path, may_fork, monkeypatch):
    """A one-off build lists the downloads among the site's files but writes them when it ends,
    while another process makes them: the site holds the same bytes as `downloads` makes."""
    from site_builder.comparison import prepare_comparison
    from site_builder.data.read import build_date
    from site_builder.plugin import build_site

    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    build_site(Path("mkdocs.yml"), site_dir=tmp_path / "site")
    comparison = prepare_comparison([Path("vendors")], Path("scoring.yaml"), today=build_date())
    made = dict(build.downloads(comparison))
    written = {
        p.relative_to(tmp_path / "site").as_posix(): p.read_bytes()
        for p in (tmp_path / "site" / "downloads").iterdir()
    }
    assert written == made
