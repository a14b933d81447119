"""The admin's history pages, the restore of a measure's earlier version and the list of
deleted measures, each limited to the user's agency."""

from datetime import UTC, datetime, timedelta

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from simple_history.admin import SimpleHistoryAdmin

from measures.history import history_events, visible_to
from measures.models import EvidenceFile, Measure, Result, Step
from measures.restore import RestoreError, moment_before_deletion, restore, snapshot_at
from measures.triggers import CLOSED_YEAR
from thai.templatetags.thai import be_datetime

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def closed_year_message(measure):
    return f"กู้คืนฉบับก่อนหน้าไม่ได้: {CLOSED_YEAR.format(year=measure.fiscal_year)}"


def moment_to_text(moment):
    """A moment as whole microseconds: exact, and no Christian-era year in the address bar."""
    return str((moment - EPOCH) // timedelta(microseconds=1))


def moment_from_text(text):
    try:
        return EPOCH + timedelta(microseconds=int(text))
    except (ValueError, OverflowError):
        return None


class HistoryAdmin(SimpleHistoryAdmin):
    """Who changed what and when, with the values before and after, in Thai and BE dates."""

    object_history_template = "admin/history/object_history.html"

    def get_urls(self):
        # simple-history's revert form would open any agency's version by its number; a
        # measure is restored through MeasureRecovery's own, scoped pages instead.
        urls = super().get_urls()
        return [url for url in urls if not url.name or not url.name.endswith("_simple_history")]

    def history_sources(self, object_id):
        """The records a row's history page shows: its own, and its children's if any."""
        return [self.model.history.filter(id=object_id)]

    def history_object(self, request, object_id):
        """The row, or its last record if it was deleted; 404 for another agency's."""
        try:
            object_id = self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        obj = self.get_queryset(request).filter(pk=object_id).first()
        if obj is None:
            last = visible_to(self.model.history.filter(id=object_id), request.user).first()
            if last is None:
                raise Http404
            obj = last.instance
        return obj

    def history_view(self, request, object_id, extra_context=None):
        obj = self.history_object(request, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"ประวัติการแก้ไข {opts.verbose_name}: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": opts,
            "app_label": opts.app_label,
            "events": history_events(self.history_sources(obj.pk), self.model),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


class MeasureRecovery:
    """A measure's history also lists its steps and results; a coordinator can bring back an
    earlier version of it, or a deleted measure, with its steps and results."""

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("deleted/", view(self.deleted_view), name=self.url_name("deleted")),
            path(
                "deleted/<int:measure_id>/recover/",
                view(self.recover_view),
                name=self.url_name("recover"),
            ),
            path(
                "<path:object_id>/history/restore/",
                view(self.restore_view),
                name=self.url_name("restore"),
            ),
            *super().get_urls(),
        ]

    def url_name(self, page):
        return f"{self.opts.app_label}_{self.opts.model_name}_{page}"

    def page_url(self, page, *args):
        return reverse(f"admin:{self.url_name(page)}", args=args)

    def history_sources(self, object_id):
        return [
            Measure.history.filter(id=object_id),
            Step.history.filter(measure_id=object_id),
            Result.history.filter(measure_id=object_id),
            EvidenceFile.history.filter(
                result_id__in=Result.history.filter(measure_id=object_id).values("id")
            ),
        ]

    def can_restore(self, request, measure):
        # Restoring rewrites and deletes steps and results: the right of whoever may delete.
        return self.has_change_permission(request, measure) and self.has_delete_permission(
            request, measure
        )

    def can_recover(self, request):
        return self.has_add_permission(request) and self.has_delete_permission(request)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        measure = response.context_data["object"]
        alive = self.get_queryset(request).filter(pk=measure.pk).exists()
        if alive and measure.is_in_closed_year:
            # Why this page offers no earlier version to bring back.
            self.message_user(request, closed_year_message(measure), messages.INFO)
        elif alive and self.can_restore(request, measure):
            url = self.page_url("restore", measure.pk)
            # The newest event is the measure as it is now: nothing to bring back.
            for event in response.context_data["events"][1:]:
                if event.main_exists:
                    event.restore_url = f"{url}?at={moment_to_text(event.at)}"
        elif not alive and self.can_recover(request):
            response.context_data["recover_url"] = self.page_url("recover", measure.pk)
        return response

    def restore_view(self, request, object_id):
        measure = self.get_object(request, unquote(object_id))
        if measure is None:
            raise Http404
        history_url = self.page_url("history", measure.pk)
        if measure.is_in_closed_year:
            # A restore page opened before the year was published: say why, not just 403.
            self.message_user(request, closed_year_message(measure), messages.ERROR)
            return redirect(history_url)
        if not self.can_restore(request, measure):
            raise PermissionDenied
        moment = moment_from_text(request.POST.get("at") or request.GET.get("at") or "")
        snapshot = snapshot_at(measure.pk, moment) if moment else None
        if snapshot is None:
            self.message_user(request, "ไม่พบฉบับที่ขอ ให้เลือกจากหน้าประวัติอีกครั้ง", messages.ERROR)
            return redirect(history_url)
        if request.method == "POST":
            reason = f"กู้คืนเป็นฉบับวันที่ {be_datetime(moment)}"
            return self.finish_restore(request, snapshot, reason, history_url)
        return self.confirm_page(
            request,
            snapshot,
            title=f"กู้คืนมาตรการเป็นฉบับวันที่ {be_datetime(moment)}",
            moment=moment,
            back_url=history_url,
        )

    def deleted_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        latest = visible_to(Measure.history.all(), request.user).latest_of_each()
        deleted = (
            latest.filter(history_type="-").select_related("history_user").order_by("-history_date")
        )
        can_recover = self.can_recover(request)
        rows = [
            {
                "record": record,
                "title": record.instance.plain_title,
                "deleted_at": be_datetime(record.history_date),
                "recover_url": self.page_url("recover", record.id) if can_recover else "",
            }
            for record in deleted
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "มาตรการที่ถูกลบ",
            "opts": self.opts,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/measures/measure/deleted_list.html", context)

    def recover_view(self, request, measure_id):
        last = visible_to(Measure.history.filter(id=measure_id), request.user).first()
        if last is None or last.history_type != "-":
            raise Http404
        if not self.can_recover(request):
            raise PermissionDenied
        moment = moment_before_deletion(measure_id)
        snapshot = snapshot_at(measure_id, moment) if moment else None
        deleted_url = self.page_url("deleted")
        if snapshot is None:
            self.message_user(request, "ไม่พบข้อมูลของมาตรการนี้ก่อนถูกลบ", messages.ERROR)
            return redirect(deleted_url)
        if request.method == "POST":
            reason = f"กู้คืนมาตรการที่ถูกลบเมื่อ {be_datetime(last.history_date)}"
            return self.finish_restore(request, snapshot, reason, deleted_url)
        return self.confirm_page(
            request,
            snapshot,
            title=f"กู้คืนมาตรการที่ถูกลบเมื่อ {be_datetime(last.history_date)}",
            moment=None,
            back_url=deleted_url,
        )

    def finish_restore(self, request, snapshot, reason, back_url):
        try:
            notes = restore(snapshot, reason)
        except RestoreError as error:
            self.message_user(request, f"กู้คืนไม่ได้: {error}", messages.ERROR)
            return redirect(back_url)
        measure = snapshot.measure
        self.message_user(request, f"กู้คืนมาตรการ {measure} แล้ว ({reason})", messages.SUCCESS)
        for note in notes:
            self.message_user(request, note, messages.WARNING)
        return redirect(self.page_url("change", measure.pk))

    def confirm_page(self, request, snapshot, title, moment, back_url):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "snapshot": snapshot,
            "moment": moment_to_text(moment) if moment else "",
            "back_url": back_url,
        }
        return TemplateResponse(request, "admin/history/restore_confirm.html", context)
