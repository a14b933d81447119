"""/my/: a person's measures of this fiscal year by urgency, with quick actions that change a
measure the way its change form would (permissions, closed year, stale versions, audit trail)."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from ita.views import chosen_agency
from measures import roles
from measures.attribution import recorded_as
from measures.models import Measure, Profile, Step
from measures.stale import Tracked
from measures.triggers import CLOSED_YEAR
from thai import calendar
from work import board
from work.forms import ReminderPreferenceForm, ResultForm, StatusForm, StepDoneForm

STALE = (
    "ยังไม่ได้บันทึก: มีผู้อื่นบันทึกมาตรการนี้หลังจากที่คุณเปิดหน้านี้ "
    "ค่าที่คุณกรอกยังอยู่ในแบบฟอร์ม ตรวจดูแล้วกดบันทึกอีกครั้ง สิ่งที่ผู้อื่นเปลี่ยน:"
)


def login(request, extra_context=None):
    """The admin's login; a division officer who asked for no page in particular lands on /my/."""
    response = admin.site.login(request, extra_context)
    if (
        request.method == "POST"
        and response.status_code == 302
        and response.url == reverse("admin:index")
        and roles.is_division_officer(request.user)
    ):
        return redirect("work:my_work")
    return response


def measures_of(user, agency, fiscal_year):
    """An officer's: their division's (and every division's). Others': the whole agency's."""
    measures = Measure.objects.filter(agency=agency, fiscal_year=fiscal_year)
    if roles.is_division_officer(user):
        measures = measures.editable_by(user)
    return board.with_work_details(measures)


@login_required
def my_work(request, bound=None):
    """`bound` is {measure id: {form name: bound form}} when a quick action was refused."""
    agency, agencies = chosen_agency(request)
    today = timezone.localdate()
    in_agency = Measure.objects.filter(agency=agency)
    fiscal_year = in_agency.fiscal_year_to_show()
    measures = list(measures_of(request.user, agency, fiscal_year))
    is_closed = agency.closed_years.filter(fiscal_year=fiscal_year).exists()
    bound = bound or {}
    # The version each status form rests on (measures.stale), in one query for the page.
    versions = dict(
        Measure.history.filter(id__in=[measure.pk for measure in measures])
        .values_list("id")
        .annotate(latest=Max("history_id"))
    )
    for measure in measures:
        measure.can_edit = not is_closed and measure.is_editable_by(request.user)
        measure.late_steps = board.overdue_steps(measure, today)
        if measure.can_edit:
            forms = bound.get(measure.pk, {})
            measure.status_form = forms.get("status") or StatusForm(
                instance=measure,
                initial={"version": str(versions.get(measure.pk, 0))},
                prefix=f"m{measure.pk}",
            )
            measure.result_form = forms.get("result") or ResultForm(prefix=f"r{measure.pk}")
            measure.stale_changes = forms.get("stale_changes", [])
    is_officer = roles.is_division_officer(request.user)
    context = {
        "agency": agency,
        "agencies": agencies,
        "fiscal_year": fiscal_year,
        "today": today,
        # A working page: one kind of digit, the keyboard's, as in the forms.
        "today_text": calendar.to_arabic_digits(calendar.long_date(today)),
        "is_officer": is_officer,
        "is_closed": is_closed,
        "groups": board.grouped(measures, today),
        "profile": Profile.objects.filter(user=request.user).first(),
    }
    if not is_officer:
        idle_days = asked_days(request)
        context["idle_days"] = idle_days
        context["divisions"] = board.division_states(
            agency, measures, today, timezone.now(), idle_days
        )
    status = 400 if bound else 200
    return render(request, "work/my_work.html", context, status=status)


def asked_days(request):
    """?days=N, 1 to 365; the default otherwise."""
    days = calendar.to_arabic_digits(request.GET.get("days", ""))
    if days.isdecimal() and 1 <= int(days) <= 365:
        return int(days)
    return board.IDLE_DAYS


def editable_measure(request, pk):
    """The measure, locked until the action's transaction ends; 404 outside the user's agency,
    403 if the user may not change it. None (with a message) in a published year."""
    if not roles.has_role(request.user):
        raise PermissionDenied
    measure = get_object_or_404(
        Measure.objects.for_user(request.user).select_for_update(of=("self",)), pk=pk
    )
    if not measure.is_editable_by(request.user):
        raise PermissionDenied
    if measure.is_in_closed_year:
        messages.error(request, CLOSED_YEAR.format(year=measure.fiscal_year))
        return None
    return measure


def back_to(measure):
    return redirect(f"{reverse('work:my_work')}#measure-{measure.pk}")


@require_POST
@login_required
@transaction.atomic
def set_status(request, pk):
    measure = editable_measure(request, pk)
    if measure is None:
        return redirect("work:my_work")
    form = StatusForm(request.POST, instance=measure, prefix=f"m{pk}")
    tracked = Tracked(measure, [])
    if form.is_valid():
        seen = tracked.parse(form.cleaned_data["version"])
        if seen is None:
            form.add_error(None, "แบบฟอร์มนี้ไม่สมบูรณ์ โปรดเปิดหน้านี้ใหม่แล้วลองอีกครั้ง")
        elif measure.history.filter(history_id__gt=seen[0]).exists():
            changes = tracked.changes_since(seen)
            form.add_error(None, STALE)
            # Saving again means: over what is stored now.
            data = form.data.copy()
            data[f"m{pk}-version"] = tracked.version()
            form.data = data
            return refused(request, measure, status=form, stale_changes=changes)
        else:
            with recorded_as("ปรับสถานะจากหน้างานของฉัน", request.user):
                form.save()
            messages.success(
                request,
                f"บันทึกสถานะมาตรการลำดับที่ {measure.number} แล้ว: "
                f"{measure.get_status_display()} ร้อยละ {measure.progress}",
            )
            return back_to(measure)
    return refused(request, measure, status=form)


@require_POST
@login_required
@transaction.atomic
def add_result(request, pk):
    measure = editable_measure(request, pk)
    if measure is None:
        return redirect("work:my_work")
    form = ResultForm(request.POST, prefix=f"r{pk}")
    form.instance.measure = measure
    if form.is_valid():
        with recorded_as("เพิ่มผลจากหน้างานของฉัน", request.user):
            form.save()
        messages.success(request, f"เพิ่มผลการดำเนินการของมาตรการลำดับที่ {measure.number} แล้ว")
        return back_to(measure)
    return refused(request, measure, result=form)


@require_POST
@login_required
@transaction.atomic
def step_done(request, pk, step_pk):
    measure = editable_measure(request, pk)
    if measure is None:
        return redirect("work:my_work")
    step = get_object_or_404(Step, pk=step_pk, measure=measure)
    if step.done_on is not None:
        # Marked done by someone else since this page was shown: their date stands.
        messages.info(
            request,
            f"ขั้นตอนที่ {step.position} บันทึกว่าเสร็จแล้วเมื่อ {calendar.numeric_date(step.done_on)}",
        )
        return back_to(measure)
    form = StepDoneForm(request.POST, instance=step, prefix=f"s{step_pk}")
    if form.is_valid():
        if form.cleaned_data["done_on"] is None:
            step.done_on = timezone.localdate()
        with recorded_as("ปิดขั้นตอนจากหน้างานของฉัน", request.user):
            step.save()
        messages.success(
            request, f"บันทึกว่าขั้นตอนที่ {step.position} ของมาตรการลำดับที่ {measure.number} เสร็จแล้ว"
        )
        return back_to(measure)
    for error in form.errors.get("done_on", []):
        messages.error(request, f"ขั้นตอนที่ {step.position}: {error}")
    return back_to(measure)


def refused(request, measure, **forms):
    """The page again, with what the person typed and why it was not saved."""
    messages.error(request, f"ยังไม่ได้บันทึกมาตรการลำดับที่ {measure.number}: ดูข้อความในกรอบของมาตรการ")
    return my_work(request, bound={measure.pk: forms})


@require_POST
@login_required
def reminder_preference(request):
    profile = get_object_or_404(Profile, user=request.user)
    form = ReminderPreferenceForm(request.POST)
    form.is_valid()  # a checkbox: absent means off
    profile.receives_reminders = form.cleaned_data.get("receives_reminders", False)
    profile.save(update_fields=["receives_reminders"])
    if profile.receives_reminders:
        messages.success(request, "จะส่งอีเมลแจ้งเตือนถึงท่านตามกำหนด")
    else:
        messages.success(request, "ปิดอีเมลแจ้งเตือนของท่านแล้ว")
    return redirect("work:my_work")
