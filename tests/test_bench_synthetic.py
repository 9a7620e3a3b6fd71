"""The benchmark's synthetic files are valid, so the benchmark measures the success path."""

from datetime import date

from bench.synthetic import write_vendors
from site_builder.build import read_vendors


def test_synthetic_vendors_validate(tmp_path):
    paths = write_vendors(tmp_path, 30)
    vendors, report, files = read_vendors([tmp_path], today=date(2026, 11, 22))
    assert str(report) == ""
    assert files == len(vendors) == len(paths) == 30
    assert vendors[0].id == "vendor-0000" and vendors[-1].id == "vendor-0029"
