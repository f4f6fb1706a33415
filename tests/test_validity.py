from dataclasses import replace
from datetime import date

import pytest

from corpus.records import VersionEntry
from corpus.validity import is_stale, parse_version_date, validity


@pytest.mark.parametrize("text, day", [
    ("2018/12/21", date(2018, 12, 21)),
    ("2018-12-21", date(2018, 12, 21)),
    ("2018年12月21日", date(2018, 12, 21)),
    ("107/12/21", date(2018, 12, 21)),  # 民國 year
    ("2018/02/30", None),
    ("略", None),
    ("", None),
])
def test_version_dates_are_read_in_the_forms_the_exports_use(text, day):
    assert parse_version_date(text) == day


def test_last_updated_is_the_latest_date_of_the_version_table(corpus):
    assert corpus.document("BHR1212-002v3").last_updated == date(2021, 12, 21)
    assert corpus.document("BHR3333-004v2").last_updated == date(2018, 12, 21)
    assert corpus.document("BHR1212-001v2").last_updated is None  # it prints no version table


def test_a_standard_is_stale_more_than_three_years_after_its_last_update(corpus):
    standard = corpus.document("BHR3333-004v2")  # last updated 2018-12-21
    assert not is_stale(standard, date(2021, 12, 21))
    assert is_stale(standard, date(2021, 12, 22))
    assert not is_stale(standard, date(2021, 12, 22), years=5)
    assert validity(standard, date(2026, 12, 1)) == validity(standard, date(2026, 12, 1))
    found = validity(standard, date(2026, 12, 1))
    assert (found.code, found.last_updated, found.stale, found.years) == ("BHR3333-004v2", date(2018, 12, 21), True, 3)
    # no dated version: nothing says it is old
    assert not is_stale(corpus.document("BHR1212-001v2"), date(2099, 1, 1))


def test_a_leap_day_is_compared_with_the_28th_three_years_on(corpus):
    current = corpus.document("BHR3333-004v2")
    standard = replace(current, versions=(VersionEntry("V3", "BHR3333-004v3", current.name, "最新版本", "略", "2020/02/29"),))
    assert not is_stale(standard, date(2023, 2, 28)) and is_stale(standard, date(2023, 3, 1))


def test_historical_codes_come_from_the_version_tables(corpus):
    assert corpus.document("BHR1212-002v3").historical_codes == ("BHR1212-002v2", "BHR1212-002v1")
    assert corpus.historical_codes()["BHR3333-004"] == "BHR3333-004v2"
