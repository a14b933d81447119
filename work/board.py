"""What a person's work looks like today: measures grouped by urgency, and for the coordinator
each division's state and who has not updated anything for a while.

Read in a fixed number of queries, then grouped in Python (as ita.dashboard does).
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Max, Prefetch

from measures import roles
from measures.models import Measure, Result, Step

# "Due soon" looks this far ahead, as the dashboard's attention summary does.
DUE_SOON_DAYS = 30
# The coordinator's list of people who have not updated anything for N days (?days=N).
IDLE_DAYS = 14

GROUPS = [
    ("overdue", "เลยกำหนด"),
    ("due_soon", f"ครบกำหนดภายใน {DUE_SOON_DAYS} วัน"),
    ("in_progress", "อยู่ระหว่างดำเนินการ"),
    ("done", "ดำเนินการแล้ว"),
]


def with_work_details(measures):
    """The measures with what the page shows of each: divisions, steps in order, results."""
    return measures.prefetch_related(
        "responsible_divisions",
        Prefetch("steps", queryset=Step.objects.order_by("position", "pk")),
        Prefetch("results", queryset=Result.objects.order_by("position", "pk")),
    ).order_by("number")


def overdue_steps(measure, today):
    return [step for step in measure.steps.all() if step.is_overdue_on(today)]


def is_late(measure, today):
    """Overdue itself, or one of its steps is: the measure needs action now."""
    return measure.is_overdue or bool(overdue_steps(measure, today))


def group_of(measure, today):
    if measure.status == Measure.Status.DONE:
        return "done"
    if is_late(measure, today):
        return "overdue"
    if measure.ended_on and measure.ended_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "in_progress"


def grouped(measures, today):
    """[(key, Thai label, [measures])] in the order the page shows them."""
    groups = defaultdict(list)
    for measure in measures:
        groups[group_of(measure, today)].append(measure)
    groups["due_soon"].sort(key=lambda measure: (measure.ended_on, measure.number))
    return [(key, label, groups[key]) for key, label in GROUPS]


def last_updates(measure_ids):
    """{measure id: when it, one of its steps or one of its results last changed}."""
    latest = {}
    rows = list(
        Measure.history.filter(id__in=measure_ids)
        .values_list("id")
        .annotate(last=Max("history_date"))
    )
    for model in (Step, Result):
        rows += (
            model.history.filter(measure_id__in=measure_ids)
            .values_list("measure_id")
            .annotate(last=Max("history_date"))
        )
    for measure_id, last in rows:
        if measure_id is not None and (measure_id not in latest or last > latest[measure_id]):
            latest[measure_id] = last
    return latest


def last_update_by_user(users):
    """{user id: when the user last changed a measure, step or result}."""
    latest = {}
    for model in (Measure, Step, Result):
        rows = (
            model.history.filter(history_user__in=users)
            .values_list("history_user_id")
            .annotate(last=Max("history_date"))
        )
        for user_id, last in rows:
            if user_id not in latest or last > latest[user_id]:
                latest[user_id] = last
    return latest


def division_states(agency, measures, today, now, idle_days):
    """One row per division (and one for "every division"): counts by group, average progress,
    last update, and the division's staff who have not updated anything for idle_days."""
    updated = last_updates([measure.pk for measure in measures])
    rows = {}
    every = {"name": "ทุกสำนัก/กอง", "measures": []}
    for division in agency.divisions.filter(is_retired=False):
        rows[division.pk] = {"name": division.name, "division": division, "measures": []}
    for measure in measures:
        if measure.is_every_division:
            every["measures"].append(measure)
        for division in measure.responsible_divisions.all():
            rows.setdefault(division.pk, {"name": division.name, "measures": []})
            rows[division.pk]["measures"].append(measure)
    staff = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            profile__agency=agency,
            groups__name=roles.DIVISION_OFFICER,
        )
        .select_related("profile")
        .order_by("username")
        .distinct()
    )
    last_by_user = last_update_by_user(staff)
    since = now - timedelta(days=idle_days)
    idle_by_division = defaultdict(list)
    for user in staff:
        last = last_by_user.get(user.pk)
        if last is None or last < since:
            idle_by_division[user.profile.division_id].append({"user": user, "last": last})
    states = []
    for key, row in [*rows.items(), (None, every)]:
        measures_of = row["measures"]
        if key is None and not measures_of:
            continue
        counts = {key: 0 for key, _ in GROUPS}
        for measure in measures_of:
            counts[group_of(measure, today)] += 1
        times = [updated[m.pk] for m in measures_of if m.pk in updated]
        states.append(
            {
                "name": row["name"],
                "total": len(measures_of),
                "counts": counts,
                "progress": (
                    round(sum(m.progress for m in measures_of) / len(measures_of))
                    if measures_of
                    else None
                ),
                "last_update": max(times, default=None),
                "idle_staff": idle_by_division.get(key, []) if key is not None else [],
            }
        )
    return states
