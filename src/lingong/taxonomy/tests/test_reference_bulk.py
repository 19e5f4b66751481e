"""Loading the taxonomy into empty tables (a new install, each transactional test's flush) takes a few bulk
inserts; it must leave exactly the rows the one-by-one upserts leave."""

from __future__ import annotations

from typing import Any

from lingong.taxonomy.models import CertificateType, Industry, Occupation, TaxonomyVersion
from lingong.taxonomy.reference import load_taxonomy_file, sync_taxonomy


def _rows() -> dict[str, Any]:
    through = Occupation.related.through
    return {
        "certificates": sorted(CertificateType.objects.values_list()),
        "industries": sorted(Industry.objects.values_list()),
        "occupations": sorted(map(repr, Occupation.objects.values_list())),
        "related": sorted(through.objects.values_list("from_occupation_id", "to_occupation_id")),
        "version": list(TaxonomyVersion.objects.values_list("version", flat=True)),
    }


def _empty() -> None:
    Occupation.related.through.objects.all().delete()
    Occupation.objects.all().delete()
    Industry.objects.all().delete()
    CertificateType.objects.all().delete()
    TaxonomyVersion.objects.all().delete()


def test_bulk_load_into_empty_tables_leaves_the_rows_the_upserts_leave(db: Any) -> None:
    _empty()
    count = sync_taxonomy()  # empty tables: the bulk path
    bulk = _rows()
    assert count == sum(len(ind["occupations"]) for ind in load_taxonomy_file()["industries"])
    assert bulk["related"] and bulk["version"] == [load_taxonomy_file()["version"]]
    # A pair the file does not list, and an edited name: the upserts (tables not empty) must put both right.
    first, second, third = Occupation.objects.order_by("code")[:3]
    first.related.clear()  # through the relation's own API, which keeps both directions
    third.related.add(second) if second not in third.related.all() else third.related.remove(second)
    Occupation.objects.filter(code=first.code).update(name="改过的名字")
    assert _rows() != bulk
    sync_taxonomy()  # tables not empty: one upsert per row, related.set() per occupation
    assert _rows() == bulk
