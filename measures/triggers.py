"""Rules that span two tables, kept by the database itself as triggers.

A CHECK constraint sees one row; "a measure's divisions belong to the measure's agency" needs
two tables, so PostgreSQL (production, CI) and SQLite (the demo) each get a trigger in their
own dialect. Forms check the same rules first with a clearer message; the triggers stop what
forms never see (the ORM, the shell, a race between two saves).

On PostgreSQL the migrations install them. On SQLite they are taken away before every
migrate and put back after it, because SQLite rebuilds a table to alter it and a trigger that
names the rebuilt table would make the rebuild fail.
"""

from dataclasses import dataclass

from django.db import connections, migrations
from django.db.migrations.recorder import MigrationRecorder


@dataclass(frozen=True)
class Trigger:
    """One rule on one table: a PL/pgSQL function body for PostgreSQL, and SQLite's triggers
    (one per event, since SQLite cannot fire one trigger on INSERT and UPDATE)."""

    name: str
    table: str
    # "BEFORE INSERT OR UPDATE OF x" etc.; the function raises, or returns NEW.
    postgresql_when: str
    postgresql_body: str
    sqlite: tuple[str, ...]
    # Or "REFERENCING NEW TABLE AS rows FOR EACH STATEMENT": one call for all the rows.
    postgresql_for_each: str = "FOR EACH ROW"

    def postgresql_statements(self):
        return [
            f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$\n{self.postgresql_body}\n$$",
            f"DROP TRIGGER IF EXISTS {self.name} ON {self.table}",
            f"CREATE TRIGGER {self.name} {self.postgresql_when} ON {self.table} "
            f"{self.postgresql_for_each} EXECUTE FUNCTION {self.name}()",
        ]

    def sqlite_names(self):
        return [f"{self.name}_{index}" for index in range(len(self.sqlite))]

    def sqlite_statements(self):
        statements = []
        for name, body in zip(self.sqlite_names(), self.sqlite, strict=True):
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            statements.append(f"CREATE TRIGGER {name} {body}")
        return statements


def refuse_postgresql(message, name):
    """A PL/pgSQL RAISE that Django reports as IntegrityError, naming the rule."""
    return (
        f"RAISE EXCEPTION {message} "
        f"USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = '{name}'"
    )


def statements(vendor, trigger):
    if vendor == "postgresql":
        return trigger.postgresql_statements()
    if vendor == "sqlite":
        return trigger.sqlite_statements()
    raise RuntimeError(f"ฐานข้อมูล {vendor} ไม่รองรับ: ใช้ PostgreSQL หรือ SQLite")


def install(connection, triggers):
    with connection.cursor() as cursor:
        for trigger in triggers:
            for statement in statements(connection.vendor, trigger):
                # No parameters: PL/pgSQL's own % placeholders must reach the server untouched.
                cursor.execute(statement)


def remove(connection, triggers):
    with connection.cursor() as cursor:
        for trigger in triggers:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {trigger.name} ON {trigger.table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {trigger.name}()")
            elif connection.vendor == "sqlite":
                for name in trigger.sqlite_names():
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def migration_operation(triggers):
    """The migration step: PostgreSQL gets the triggers here. SQLite gets them after migrate
    (see install_after_migrate): it rebuilds a table to alter it, and a trigger naming the
    dropped table would make the rebuild fail."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            install(schema_editor.connection, triggers)

    def backwards(apps, schema_editor):
        remove(schema_editor.connection, triggers)

    return migrations.RunPython(forwards, backwards, elidable=False)


def remove_before_migrate(connection, triggers):
    """pre_migrate on SQLite: take the triggers away while migrations rebuild tables."""
    if connection.vendor == "sqlite":
        remove(connection, triggers)


def install_after_migrate(connection, migration, triggers):
    """post_migrate on SQLite: put the triggers back once `migration` (app, name) is applied."""
    if connection.vendor != "sqlite":
        return
    if migration not in MigrationRecorder(connection).applied_migrations():
        return
    install(connection, triggers)


DIFFERENT_AGENCY = "สำนัก/กองที่เลือกไม่ได้อยู่ในหน่วยงานของมาตรการนี้"
MEASURE_KEEPS_DIVISIONS = (
    "ย้ายมาตรการไปหน่วยงานอื่นไม่ได้ เพราะยังมีสำนัก/กองของหน่วยงานเดิมเป็นผู้รับผิดชอบ กรุณาเลือกผู้รับผิดชอบใหม่ก่อน"
)
DIVISION_IN_USE = "ย้ายสำนัก/กองไปหน่วยงานอื่นไม่ได้ เพราะมาตรการหรือผู้ใช้ของหน่วยงานเดิมยังอ้างถึงสำนัก/กองนี้"
PROFILE_DIVISION = "สำนัก/กองของผู้ใช้ต้องอยู่ในหน่วยงานของผู้ใช้"

# The link table Django makes for Measure.responsible_divisions.
LINKS = "measures_measure_responsible_divisions"

LINK_AGREES = (
    "EXISTS (SELECT 1 FROM measures_measure m JOIN measures_division d "
    "ON d.agency_id = m.agency_id WHERE m.id = NEW.measure_id AND d.id = NEW.division_id)"
)
MEASURE_HAS_STRANGERS = (
    f"EXISTS (SELECT 1 FROM {LINKS} l JOIN measures_division d ON d.id = l.division_id "
    "WHERE l.measure_id = NEW.id AND d.agency_id <> NEW.agency_id)"
)
DIVISION_IS_USED_ELSEWHERE = (
    f"EXISTS (SELECT 1 FROM {LINKS} l JOIN measures_measure m ON m.id = l.measure_id "
    "WHERE l.division_id = NEW.id AND m.agency_id <> NEW.agency_id) "
    "OR EXISTS (SELECT 1 FROM measures_profile p "
    "WHERE p.division_id = NEW.id AND p.agency_id <> NEW.agency_id)"
)
PROFILE_AGREES = (
    "NEW.division_id IS NULL OR EXISTS (SELECT 1 FROM measures_division d "
    "WHERE d.id = NEW.division_id AND d.agency_id = NEW.agency_id)"
)


def sqlite_refusal(event, table, condition, message):
    return (
        f"{event} ON {table} FOR EACH ROW WHEN {condition} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


# PostgreSQL names the division; SQLite's RAISE takes only a fixed text.
REFUSE_STRANGER = refuse_postgresql(
    "'สำนัก/กอง \"%\" ไม่ได้อยู่ในหน่วยงานของมาตรการนี้', "
    "(SELECT name FROM measures_division WHERE id = NEW.division_id)",
    "measure_division_same_agency",
)

REGISTER_TRIGGERS = [
    Trigger(
        name="measure_division_same_agency",
        table=LINKS,
        postgresql_when="BEFORE INSERT OR UPDATE",
        postgresql_body=f"""BEGIN
    IF NOT {LINK_AGREES} THEN
        {REFUSE_STRANGER};
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal("BEFORE INSERT", LINKS, f"NOT {LINK_AGREES}", DIFFERENT_AGENCY),
            sqlite_refusal("BEFORE UPDATE", LINKS, f"NOT {LINK_AGREES}", DIFFERENT_AGENCY),
        ),
    ),
    Trigger(
        name="measure_agency_keeps_divisions",
        table="measures_measure",
        postgresql_when="AFTER UPDATE OF agency_id",
        postgresql_body=f"""BEGIN
    IF {MEASURE_HAS_STRANGERS} THEN
        {refuse_postgresql(f"'{MEASURE_KEEPS_DIVISIONS}'", "measure_agency_keeps_divisions")};
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal(
                "AFTER UPDATE OF agency_id",
                "measures_measure",
                MEASURE_HAS_STRANGERS,
                MEASURE_KEEPS_DIVISIONS,
            ),
        ),
    ),
    Trigger(
        name="division_agency_keeps_users",
        table="measures_division",
        postgresql_when="AFTER UPDATE OF agency_id",
        postgresql_body=f"""BEGIN
    IF {DIVISION_IS_USED_ELSEWHERE} THEN
        {refuse_postgresql(f"'{DIVISION_IN_USE}'", "division_agency_keeps_users")};
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal(
                "AFTER UPDATE OF agency_id",
                "measures_division",
                f"({DIVISION_IS_USED_ELSEWHERE})",
                DIVISION_IN_USE,
            ),
        ),
    ),
    Trigger(
        name="profile_division_same_agency",
        table="measures_profile",
        postgresql_when="BEFORE INSERT OR UPDATE OF agency_id, division_id",
        postgresql_body=f"""BEGIN
    IF NOT ({PROFILE_AGREES}) THEN
        {refuse_postgresql(f"'{PROFILE_DIVISION}'", "profile_division_same_agency")};
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal(
                "BEFORE INSERT", "measures_profile", f"NOT ({PROFILE_AGREES})", PROFILE_DIVISION
            ),
            sqlite_refusal(
                "BEFORE UPDATE OF agency_id, division_id",
                "measures_profile",
                f"NOT ({PROFILE_AGREES})",
                PROFILE_DIVISION,
            ),
        ),
    ),
]

# The migration that first installs REGISTER_TRIGGERS.
REGISTER_TRIGGERS_MIGRATION = ("measures", "0008_database_integrity")


def remove_register_triggers(using, **kwargs):
    remove_before_migrate(connections[using], REGISTER_TRIGGERS)


def install_register_triggers(using, **kwargs):
    install_after_migrate(connections[using], REGISTER_TRIGGERS_MIGRATION, REGISTER_TRIGGERS)


# A published year's register stays as published until a coordinator reopens the year
# (ClosedYear). The admin and the importers refuse first, with their own messages; these
# triggers also stop a save that began before the year was closed, the shell and the ORM, and
# a deletion elsewhere that would take rows with it (an ITA item).
CLOSED_YEAR = (
    "รายงานปีงบประมาณ พ.ศ. {year} เผยแพร่แล้ว มาตรการของปีนี้จึงแก้ไขหรือลบไม่ได้ "
    "จนกว่าผู้ประสานงานจะเปิดแก้ไขปีนี้อีกครั้ง"
)
# SQLite's RAISE takes a fixed text, so it cannot name the year.
CLOSED_YEAR_UNNAMED = CLOSED_YEAR.replace(" พ.ศ. {year} ", "นี้")

CLOSED_MEASURE = (
    "SELECT m.fiscal_year FROM measures_measure m JOIN measures_closedyear c "
    "ON c.agency_id = m.agency_id AND c.fiscal_year = m.fiscal_year WHERE m.id = {row}.measure_id"
)
CLOSED_RESULT = (
    "SELECT m.fiscal_year FROM measures_result r JOIN measures_measure m ON m.id = r.measure_id "
    "JOIN measures_closedyear c ON c.agency_id = m.agency_id AND c.fiscal_year = m.fiscal_year "
    "WHERE r.id = {row}.result_id"
)
CLOSED_SELF = (
    "SELECT c.fiscal_year FROM measures_closedyear c "
    "WHERE c.agency_id = {row}.agency_id AND c.fiscal_year = {row}.fiscal_year"
)


def closed_year_trigger(table, closed):
    """Refuse an insert, update or delete of a row of `table` whose measure is in a closed
    year, before or after the change; `closed` selects that year for the row "{row}"."""
    refusal = refuse_postgresql(
        "'" + CLOSED_YEAR.format(year="%") + "', year", f"{table}_closed_year"
    )
    events = {"INSERT": ["NEW"], "UPDATE": ["OLD", "NEW"], "DELETE": ["OLD"]}
    return Trigger(
        name=f"{table}_closed_year",
        table=table,
        postgresql_when="BEFORE INSERT OR UPDATE OR DELETE",
        postgresql_body=f"""DECLARE
    year integer;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {closed.format(row="OLD")} INTO year;
        IF year IS NOT NULL THEN
            {refusal};
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {closed.format(row="NEW")} INTO year;
        IF year IS NOT NULL THEN
            {refusal};
        END IF;
        RETURN NEW;
    END IF;
    RETURN OLD;
END;""",
        sqlite=tuple(
            sqlite_refusal(
                f"BEFORE {event}",
                table,
                " OR ".join(f"EXISTS ({closed.format(row=row)})" for row in rows),
                CLOSED_YEAR_UNNAMED,
            )
            for event, rows in events.items()
        ),
    )


CLOSED_YEAR_TRIGGERS = [
    closed_year_trigger("measures_measure", CLOSED_SELF),
    closed_year_trigger("measures_step", CLOSED_MEASURE),
    closed_year_trigger("measures_result", CLOSED_MEASURE),
    closed_year_trigger("measures_evidencefile", CLOSED_RESULT),
    closed_year_trigger(LINKS, CLOSED_MEASURE),
    closed_year_trigger("measures_measure_indicators", CLOSED_MEASURE),
]
CLOSED_YEAR_TRIGGERS_MIGRATION = ("measures", "0016_closed_year_triggers")


def remove_closed_year_triggers(using, **kwargs):
    remove_before_migrate(connections[using], CLOSED_YEAR_TRIGGERS)


def install_closed_year_triggers(using, **kwargs):
    install_after_migrate(connections[using], CLOSED_YEAR_TRIGGERS_MIGRATION, CLOSED_YEAR_TRIGGERS)
