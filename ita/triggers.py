"""An item score's indicator belongs to its score's assessment year, kept by the database.

Item codes are numbered afresh each year, so a score of o14 in 2568 must point at 2568's o14.
When an agency's score moves to another year, the database moves its item scores to the same
codes of that year, or refuses the move when that year lacks some of the codes.
See measures/triggers.py for how the triggers are installed.
"""

from django.db import connections

from measures.triggers import (
    Trigger,
    install_after_migrate,
    refuse_postgresql,
    remove_before_migrate,
    sqlite_refusal,
)

OTHER_YEAR = "ตัวชี้วัด/ข้อนี้เป็นของปีที่ประเมินอื่น (รหัสข้อเปลี่ยนทุกปี)"
CODES_MISSING = "ปีที่ประเมินใหม่ไม่มีรหัสของคะแนนรายข้อบางข้อ จึงย้ายคะแนนไปปีนั้นไม่ได้"
INDICATOR_HAS_SCORES = "ย้ายตัวชี้วัด/ข้อไปปีที่ประเมินอื่นไม่ได้ เพราะมีคะแนนของปีเดิมบันทึกไว้แล้ว"

SAME_YEAR = (
    "EXISTS (SELECT 1 FROM ita_indicator i JOIN ita_agencyscore a "
    "ON a.assessment_year_id = i.assessment_year_id "
    "WHERE i.id = NEW.indicator_id AND a.id = NEW.agency_score_id)"
)
# The item scores of the agency score NEW whose code the new year does not have.
MISSING_CODES = (
    "FROM ita_indicatorscore s JOIN ita_indicator i ON i.id = s.indicator_id "
    "WHERE s.agency_score_id = NEW.id AND NOT EXISTS (SELECT 1 FROM ita_indicator n "
    "WHERE n.assessment_year_id = NEW.assessment_year_id AND n.code = i.code)"
)
YEAR_CHANGED = "NEW.assessment_year_id IS NOT OLD.assessment_year_id"
HAS_SCORES = "EXISTS (SELECT 1 FROM ita_indicatorscore s WHERE s.indicator_id = NEW.id)"

SCORE_TRIGGERS = [
    Trigger(
        name="indicator_score_same_year",
        table="ita_indicatorscore",
        postgresql_when="BEFORE INSERT OR UPDATE OF indicator_id, agency_score_id",
        postgresql_body=f"""BEGIN
    IF NOT {SAME_YEAR} THEN
        {
            refuse_postgresql(
                "'ข้อ % เป็นของปีที่ประเมินอื่น ไม่ใช่ปีของคะแนนนี้ (รหัสข้อเปลี่ยนทุกปี)', "
                "(SELECT code FROM ita_indicator WHERE id = NEW.indicator_id)",
                "indicator_score_same_year",
            )
        };
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal("BEFORE INSERT", "ita_indicatorscore", f"NOT {SAME_YEAR}", OTHER_YEAR),
            sqlite_refusal(
                "BEFORE UPDATE OF indicator_id, agency_score_id",
                "ita_indicatorscore",
                f"NOT {SAME_YEAR}",
                OTHER_YEAR,
            ),
        ),
    ),
    Trigger(
        name="agency_score_year_moves_item_scores",
        table="ita_agencyscore",
        postgresql_when="AFTER UPDATE OF assessment_year_id",
        postgresql_body=f"""DECLARE
    missing text;
BEGIN
    IF NEW.assessment_year_id IS DISTINCT FROM OLD.assessment_year_id THEN
        SELECT string_agg(i.code, ', ' ORDER BY i.sort_key) INTO missing {MISSING_CODES};
        IF missing IS NOT NULL THEN
            {
            refuse_postgresql(
                "'ปีที่ประเมินใหม่ไม่มีรหัส % ของคะแนนรายข้อ จึงย้ายคะแนนไปปีนั้นไม่ได้', missing",
                "agency_score_year_moves_item_scores",
            )
        };
        END IF;
        UPDATE ita_indicatorscore s SET indicator_id = n.id
        FROM ita_indicator i, ita_indicator n
        WHERE s.agency_score_id = NEW.id AND i.id = s.indicator_id
            AND n.assessment_year_id = NEW.assessment_year_id AND n.code = i.code;
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            # SQLite's RAISE takes a fixed text, so only PostgreSQL names the codes.
            sqlite_refusal(
                "BEFORE UPDATE OF assessment_year_id",
                "ita_agencyscore",
                f"{YEAR_CHANGED} AND EXISTS (SELECT 1 {MISSING_CODES})",
                CODES_MISSING,
            ),
            "AFTER UPDATE OF assessment_year_id ON ita_agencyscore FOR EACH ROW "
            f"WHEN {YEAR_CHANGED} BEGIN "
            "UPDATE ita_indicatorscore SET indicator_id = (SELECT n.id FROM ita_indicator i "
            "JOIN ita_indicator n ON n.code = i.code WHERE i.id = ita_indicatorscore.indicator_id "
            "AND n.assessment_year_id = NEW.assessment_year_id) "
            "WHERE agency_score_id = NEW.id; END",
        ),
    ),
    Trigger(
        name="indicator_year_keeps_scores",
        table="ita_indicator",
        postgresql_when="AFTER UPDATE OF assessment_year_id",
        postgresql_body=f"""BEGIN
    IF NEW.assessment_year_id IS DISTINCT FROM OLD.assessment_year_id AND {HAS_SCORES} THEN
        {refuse_postgresql(f"'{INDICATOR_HAS_SCORES}'", "indicator_year_keeps_scores")};
    END IF;
    RETURN NEW;
END;""",
        sqlite=(
            sqlite_refusal(
                "AFTER UPDATE OF assessment_year_id",
                "ita_indicator",
                f"{YEAR_CHANGED} AND {HAS_SCORES}",
                INDICATOR_HAS_SCORES,
            ),
        ),
    ),
]

SCORE_TRIGGERS_MIGRATION = ("ita", "0005_database_integrity")


def remove_score_triggers(using, **kwargs):
    remove_before_migrate(connections[using], SCORE_TRIGGERS)


def install_score_triggers(using, **kwargs):
    install_after_migrate(connections[using], SCORE_TRIGGERS_MIGRATION, SCORE_TRIGGERS)
