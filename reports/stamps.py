"""A stamp of what an agency's reports show, renewed by the database on every write.

Rendering a report's HTML only to learn whether it changed costs about what serving it costs.
So each table the report reads has triggers that give the agency of the rows written a new
random token (ReportStamp), in the same transaction as the write: the admin, /my/, the Excel
and text imports, a restore, a queryset .update(), raw SQL and the shell alike. Row 0 is
renewed by the ITA reference data (years, levels, items) that every agency's report reads.

The stamp is per agency, not per report: an edit renews the stamp of all its years. A report
renders once after an edit anyway; what matters is never rendering it on a read of an
unchanged one, and a coarse stamp is one that cannot miss a column the template starts to read.

Random tokens, not counters, so that a database restored from a backup never brings back a
token an earlier state had, and a cache entry can never pass for a different state.

PostgreSQL runs one trigger per statement with the rows it touched (a bulk import renews each
agency once, not once per row); SQLite, the demo's database, one per row.
"""

import secrets

from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

from measures.triggers import Trigger, install_after_migrate, remove_before_migrate
from reports.models import ReportStamp

EVERY_AGENCY = 0

# The measure of a row of {row}.
OF_MEASURE = "JOIN measures_measure m ON m.id = {row}.measure_id"
# Each table the report reads: the agency of a row {row}, and the joins that find it.
SOURCES = {
    "measures_agency": ("{row}.id", ""),
    "measures_division": ("{row}.agency_id", ""),
    "measures_measure": ("{row}.agency_id", ""),
    "measures_measure_responsible_divisions": ("m.agency_id", OF_MEASURE),
    "measures_measure_indicators": ("m.agency_id", OF_MEASURE),
    "measures_step": ("m.agency_id", OF_MEASURE),
    "measures_result": ("m.agency_id", OF_MEASURE),
    "measures_evidencefile": (
        "m.agency_id",
        "JOIN measures_result r ON r.id = {row}.result_id "
        "JOIN measures_measure m ON m.id = r.measure_id",
    ),
    "reports_reportsignature": ("{row}.agency_id", ""),
    "ita_agencyscore": ("{row}.agency_id", ""),
    "ita_indicatorscore": ("a.agency_id", "JOIN ita_agencyscore a ON a.id = {row}.agency_score_id"),
    # Every agency's report reads these.
    "ita_assessmentyear": (str(EVERY_AGENCY), ""),
    "ita_level": (str(EVERY_AGENCY), ""),
    "ita_indicator": (str(EVERY_AGENCY), ""),
}


def postgresql_agencies(table, rows):
    """The agencies of the rows in a transition table (`rows`) of `table`."""
    agency, joins = SOURCES[table]
    return f"SELECT {agency} AS agency_id FROM {rows} t {joins}".format(row="t")


def sqlite_agencies(table, row):
    """The agency of the row NEW or OLD of `table`."""
    agency, joins = SOURCES[table]
    return f"SELECT {agency} AS agency_id FROM (SELECT 1) one {joins}".format(row=row)


def postgresql_renewal(agencies):
    # Ordered, so two statements renewing the same agencies lock their rows in the same order.
    return f"""INSERT INTO reports_reportstamp (agency_id, token)
    SELECT agency_id, gen_random_uuid()::text FROM (
        SELECT DISTINCT agency_id FROM ({agencies}) touched WHERE agency_id IS NOT NULL
        ORDER BY agency_id
    ) agencies
    ON CONFLICT (agency_id) DO UPDATE SET token = EXCLUDED.token;"""


def sqlite_renewal(agencies):
    return f"""INSERT INTO reports_reportstamp (agency_id, token)
    SELECT agency_id, lower(hex(randomblob(16))) FROM ({agencies}) WHERE agency_id IS NOT NULL
    ON CONFLICT (agency_id) DO UPDATE SET token = excluded.token;"""


def function_body(statement):
    return f"BEGIN\n    {statement}\n    RETURN NULL;\nEND;"


def triggers_of(table):
    name = f"stamp_{table}"
    moved = f"{sqlite_agencies(table, 'OLD')} UNION {sqlite_agencies(table, 'NEW')}"
    inserted = postgresql_agencies(table, "new_rows")
    deleted = postgresql_agencies(table, "old_rows")
    return [
        Trigger(
            name=f"{name}_insert",
            table=table,
            postgresql_when="AFTER INSERT",
            postgresql_body=function_body(postgresql_renewal(inserted)),
            postgresql_for_each="REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
            sqlite=(
                f"AFTER INSERT ON {table} FOR EACH ROW BEGIN "
                f"{sqlite_renewal(sqlite_agencies(table, 'NEW'))} END",
            ),
        ),
        # A row moved to another measure or agency changes the reports of both.
        Trigger(
            name=f"{name}_update",
            table=table,
            postgresql_when="AFTER UPDATE",
            postgresql_body=function_body(postgresql_renewal(f"{deleted} UNION {inserted}")),
            postgresql_for_each=(
                "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT"
            ),
            sqlite=(f"AFTER UPDATE ON {table} FOR EACH ROW BEGIN {sqlite_renewal(moved)} END",),
        ),
        Trigger(
            name=f"{name}_delete",
            table=table,
            postgresql_when="AFTER DELETE",
            postgresql_body=function_body(postgresql_renewal(deleted)),
            postgresql_for_each="REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
            sqlite=(
                f"AFTER DELETE ON {table} FOR EACH ROW BEGIN "
                f"{sqlite_renewal(sqlite_agencies(table, 'OLD'))} END",
            ),
        ),
        # TRUNCATE names no rows: every report may have changed. (SQLite has no TRUNCATE.)
        Trigger(
            name=f"{name}_truncate",
            table=table,
            postgresql_when="AFTER TRUNCATE",
            postgresql_body=function_body(
                postgresql_renewal(f"SELECT {EVERY_AGENCY} AS agency_id")
            ),
            postgresql_for_each="FOR EACH STATEMENT",
            sqlite=(),
        ),
    ]


STAMP_TRIGGERS = [trigger for table in SOURCES for trigger in triggers_of(table)]

# The migration that first installs STAMP_TRIGGERS.
STAMP_TRIGGERS_MIGRATION = ("reports", "0006_stamp_report_stamps")


def remove_stamp_triggers(using, **kwargs):
    remove_before_migrate(connections[using], STAMP_TRIGGERS)


def install_stamp_triggers(using, **kwargs):
    connection = connections[using]
    install_after_migrate(connection, STAMP_TRIGGERS_MIGRATION, STAMP_TRIGGERS)
    if connection.vendor == "sqlite" and STAMP_TRIGGERS_MIGRATION in applied(connection):
        # Migrations ran without the triggers: whatever they wrote, no stamp may stand for it.
        ReportStamp.objects.using(using).update_or_create(
            agency_id=EVERY_AGENCY, defaults={"token": secrets.token_hex(16)}
        )


def applied(connection):
    return MigrationRecorder(connection).applied_migrations()


def current(agency):
    """The agency's stamp: it changes whenever anything its reports show is written. Read it
    before reading what it stamps, so that what is read is never older than the stamp."""
    # Plain SQL: read on every view of a report, where the ORM's compiling costs five times
    # what the database does.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT agency_id, token FROM reports_reportstamp WHERE agency_id IN (%s, %s)",
            [EVERY_AGENCY, agency.pk],
        )
        tokens = dict(cursor.fetchall())
    for agency_id in (EVERY_AGENCY, agency.pk):
        if agency_id not in tokens:
            # Nothing written since the table was made: the token holds until a write renews it.
            stamp, _ = ReportStamp.objects.get_or_create(
                agency_id=agency_id, defaults={"token": secrets.token_hex(16)}
            )
            tokens[agency_id] = stamp.token
    return f"{tokens[EVERY_AGENCY]}.{tokens[agency.pk]}"
