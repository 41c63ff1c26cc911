"""Event dates through the whole pipeline: which time expression governs an event."""

from __future__ import annotations

import marsad


def test_events_tenure_in_parenthesis_is_not_the_event_date() -> None:
    doc = marsad.analyze("قال السفير الأمريكي السابق جوناثان وينر (2013-2016) إن روسيا تسعى إلى إقناع حفتر "
                         "بتوقيع اتفاقية عسكرية.", published="2023-10-02")
    assert doc.events, "no event coded"
    assert all(v.date != "2013/2016" for v in doc.events)


def test_events_date_in_parenthesis_with_preposition_still_governs() -> None:
    doc = marsad.analyze("التقى المشير خليفة حفتر مرتين (في 23 أغسطس و17 سبتمبر) مع نائب وزير الدفاع الروسي.",
                         published="2023-10-02")
    dates = sorted(v.date for v in doc.events if v.type == "CONSULT")
    assert "2023-08-23" in dates and "2023-09-17" in dates
