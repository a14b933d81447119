"""Existing registers migrate to the new rules: what has one right answer is fixed, the rest
stops the migration with a Thai list of the rows a person must fix."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("measures", "0007_measure_last_import")
INTEGRITY = ("measures", "0008_database_integrity")


def migrate_to(*targets):
    executor = MigrationExecutor(connection)
    targets = list(targets) or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    # The models as the database now has them: sibling migrations of other branches of the
    # graph (e.g. Agency.is_active) stay applied when migrating back to BEFORE.
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.fixture
def register_before_the_rules(transactional_db):
    apps = migrate_to(BEFORE)
    yield apps
    apps.get_model("measures", "Measure").objects.all().delete()
    migrate_to()


def old_measure(apps, number, **fields):
    Agency = apps.get_model("measures", "Agency")
    agency, _ = Agency.objects.get_or_create(
        slug="rangsit", defaults={"name": "เทศบาลนครรังสิต", "district": "ก", "province": "ก"}
    )
    Measure = apps.get_model("measures", "Measure")
    return Measure.objects.create(
        agency=agency, number=number, titles=f"มาตรการ {number}", **{"fiscal_year": 2568, **fields}
    )


def test_the_migration_puts_status_and_progress_in_agreement(register_before_the_rules):
    apps = register_before_the_rules
    for number, status, progress in [
        (1, "done", 40),
        (2, "in_progress", 100),
        (3, "not_started", 30),
        (4, "in_progress", 50),
        (5, "not_started", 0),
    ]:
        old_measure(apps, number, status=status, progress=progress)

    apps = migrate_to(INTEGRITY)

    Measure = apps.get_model("measures", "Measure")
    assert list(Measure.objects.order_by("number").values_list("status", "progress")) == [
        ("done", 100),
        ("done", 100),
        ("in_progress", 30),
        ("in_progress", 50),
        ("not_started", 0),
    ]


def test_a_christian_era_year_stops_the_migration_naming_the_row(register_before_the_rules):
    apps = register_before_the_rules
    typed_in_ce = old_measure(apps, 1, fiscal_year=2025)

    with pytest.raises(RuntimeError, match=f"มาตรการ id {typed_in_ce.pk}: ปีงบประมาณ 2025"):
        migrate_to(INTEGRITY)

    Measure = apps.get_model("measures", "Measure")
    Measure.objects.filter(pk=typed_in_ce.pk).update(fiscal_year=2568)
    migrate_to(INTEGRITY)
