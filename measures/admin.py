from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import strip_tags

from measures import roles, staff_admin  # noqa: F401 (staff_admin registers the user admin)
from measures.attribution import recorded_as
from measures.autocomplete import (
    SafeAutocompleteSelect,
    SafeAutocompleteSelectMultiple,
    YearItemsAutocomplete,
)
from measures.capped_count import CappedCountPaginator
from measures.database_refusals import ShowsDatabaseRefusals
from measures.evidence_admin import ResultForm, file_links, with_evidence_files
from measures.excel_admin import RegisterExcel
from measures.history_admin import HistoryAdmin, MeasureRecovery
from measures.models import (
    Agency,
    ClosedYear,
    Division,
    Measure,
    Result,
    Step,
    agency_id_of,
    current_fiscal_year,
    division_id_of,
)
from measures.stale import is_id
from measures.stale_admin import StaleFormGuard
from thai.calendar import EARLIEST_BE_YEAR, LATEST_BE_YEAR, numeric_date, to_arabic_digits
from thai.forms import BEDateField, BEDateInput, ThaiNumberFields

admin.site.site_header = "ทะเบียนมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
admin.site.site_title = "ทะเบียนมาตรการ ITA"
admin.site.index_title = "การจัดการข้อมูล"

# Dates are typed and shown in Buddhist Era: Django's own date widget would store 2567 CE.
BE_DATES = {models.DateField: {"form_class": BEDateField, "widget": BEDateInput}}
TEXT_BOXES = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class AgencyScopedAdmin(ThaiNumberFields, ShowsDatabaseRefusals, StaleFormGuard, HistoryAdmin):
    """Staff see and choose only their own agency's rows; a superuser sees every agency.
    A change form saved after someone else's save is refused (measures.stale_admin)."""

    formfield_overrides = BE_DATES | TEXT_BOXES

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model in (Agency, Division):
            kwargs["queryset"] = db_field.related_model.objects.for_user(request.user)
        if db_field.related_model is Agency and not request.user.is_superuser:
            kwargs["initial"] = agency_id_of(request.user)
            kwargs["empty_label"] = None
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Division:
            kwargs["queryset"] = Division.objects.for_user(request.user).select_related("agency")
        if db_field.name == "indicators":
            # An indicator's label names its assessment year: fetch them together.
            kwargs["queryset"] = db_field.related_model.objects.select_related("assessment_year")
        if db_field.name in self.get_autocomplete_fields(request):
            widget = YearItemsAutocomplete if db_field.name == "indicators" else None
            widget = widget or SafeAutocompleteSelectMultiple
            kwargs["widget"] = widget(db_field, self.admin_site)
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.related_model is Division:
            # Only the chosen agency's divisions in use are offered; say so, not "invalid choice".
            field.error_messages["invalid_choice"] = (
                "เลือกสำนัก/กองรหัส %(value)s ไม่ได้: ไม่ได้อยู่ในหน่วยงานของมาตรการ หรือเลิกใช้แล้ว"
            )
        if db_field.related_model is Division and request.user.is_superuser:
            # An administrator picks among every agency's divisions, many with the same name.
            field.label_from_instance = lambda division: f"{division.name} ({division.agency})"
        return field

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A retired division or inactive agency stays on the rows that already name it only.
        agency = form.base_fields.get("agency")
        if agency is not None and hasattr(agency, "queryset"):
            agency.queryset = agency.queryset.choosable(keep=[getattr(obj, "agency_id", None)])
        divisions = form.base_fields.get("responsible_divisions")
        if divisions is not None:
            # Prefetched by MeasureAdmin.get_queryset: no query.
            named = [division.pk for division in obj.responsible_divisions.all()] if obj else []
            divisions.queryset = divisions.queryset.choosable(keep=named)
            if request.user.is_superuser:
                # An administrator's picker would list every agency's divisions (41,500 at
                # national scale); a measure names only its own agency's (MeasureForm.clean),
                # or, when it is being moved, those of the agency chosen in the form.
                agencies = chosen_agencies(request, obj)
                divisions.queryset = divisions.queryset.filter(agency_id__in=agencies)
                if not agencies:
                    divisions.help_text = (
                        "เลือกหน่วยงานแล้วกด “บันทึกและแก้ไขต่อ” จึงเลือกสำนัก/กองของหน่วยงานนั้นได้"
                    )
        return form


def chosen_agencies(request, obj):
    """The measure's agency, the one posted in its form and, on a new measure, the one its
    link names (?agency=): the agencies whose divisions an administrator may pick from."""
    agencies = {obj.agency_id} if obj is not None else set()
    given = [request.POST.get("agency", "")] + (
        [request.GET.get("agency", "")] if obj is None else []
    )
    for value in map(to_arabic_digits, given):
        if is_id(value):
            agencies.add(int(value))
    return agencies


class RetireInsteadOfDelete:
    """Past reports name agencies and divisions: deleting one that a measure names is refused
    on the confirmation page (also for the bulk action), with a Thai note to retire it."""

    delete_confirmation_template = "admin/measures/delete_named_confirmation.html"
    delete_selected_confirmation_template = "admin/measures/delete_named_selected_confirmation.html"

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        named = Measure.objects.filter(**{f"{self.measures_lookup}__in": list(objs)})
        named = [
            f"มาตรการลำดับที่ {m.number} ปีงบประมาณ {m.fiscal_year}: {m.plain_title}"
            for m in named.distinct().order_by("fiscal_year", "number")
        ]
        # An agency's measures are also PROTECTed in the database; list them once, in Thai.
        return deleted, counts, perms_needed, named or protected


@admin.register(Agency)
class AgencyAdmin(RetireInsteadOfDelete, AgencyScopedAdmin):
    list_display = ["name", "district", "province", "slug", "head_name", "is_active"]
    search_fields = ["name", "district", "province"]
    measures_lookup = "agency"


@admin.register(Division)
class DivisionAdmin(RetireInsteadOfDelete, AgencyScopedAdmin):
    list_display = ["name", "short_name", "position", "agency", "is_retired"]
    list_editable = ["position"]
    search_fields = ["name", "short_name"]
    list_select_related = ["agency"]
    measures_lookup = "responsible_divisions"

    def get_list_filter(self, request):
        # Staff see one agency; listing every agency's name would tell them of the others.
        return ["agency"] if request.user.is_superuser else []


class BoundedInline(ThaiNumberFields, admin.TabularInline):
    """A forged TOTAL_FORMS makes Django build up to 2,000 forms (20 s and a 2 MB page):
    past max_num rows the form asks for fewer instead."""

    max_num = 100

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, absolute_max=self.max_num, **kwargs)


class LabelledRowsFormSet(forms.BaseInlineFormSet):
    @cached_property
    def empty_form(self):
        # Django builds the blank row anew each time it is asked for: four times per inline
        # on a change page (media, column headers, prepopulated fields, the rows).
        return super().empty_form

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A table row's boxes have no <label>; the column header names none for a screen reader.
        row = "" if index is None else f" แถวที่ {index + 1}"
        for field in form.fields.values():
            if field.label and not field.widget.is_hidden:
                field.widget.attrs.setdefault("aria-label", f"{field.label}{row}")


class ItemFormSet(LabelledRowsFormSet):
    def clean(self):
        super().clean()
        # A posted row id that is not among this measure's rows (another measure's step, say)
        # would otherwise be dropped without a word: refuse the whole save instead.
        for number, form in enumerate(self.initial_forms, start=1):
            posted = getattr(form, "cleaned_data", {}).get("id")
            if posted is not None and form.instance.pk is None:
                raise ValidationError(
                    f"{self.model._meta.verbose_name} แถวที่ {number} ไม่ใช่ข้อมูลของมาตรการนี้ "
                    "จึงบันทึกไม่ได้ โปรดเปิดหน้ามาตรการนี้ใหม่แล้วบันทึกอีกครั้ง"
                )

    def delete_existing(self, obj, commit=True):
        # The audit trail records the row as stored, not as retyped in a row being deleted
        # (a cleared position would even be refused by the history table).
        try:
            obj.refresh_from_db()
        except ObjectDoesNotExist:
            return  # already deleted by someone else
        super().delete_existing(obj, commit)


class ItemInline(BoundedInline):
    formset = ItemFormSet
    formfield_overrides = BE_DATES | {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}
    }
    extra = 1
    # A measure has a handful of steps and results.
    max_num = 100
    # Shown read-only as BE text (the *_be methods of each inline).
    DATES = ("planned_start_on", "planned_end_on", "done_on")

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read-only views print dates with Django's locale, which gives CE years.
        return [f"{name}_be" if name in self.DATES else name for name in fields]

    # A published year's steps and results stay as published (obj is the measure); otherwise
    # they are changed by whoever may change the measure itself (Measure.is_editable_by).
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and is_open_to(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_open_to(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_open_to(request.user, obj)


def is_closed(measure):
    if measure is None or measure.pk is None:
        return False
    # Asked for every field and inline of a change page (34 queries at a time): once per
    # measure object, that is once per request.
    if not hasattr(measure, "_is_closed"):
        measure._is_closed = measure.is_in_closed_year
    return measure._is_closed


def is_open_to(user, measure):
    """Whether the user may change this measure (or its steps and results): never in a
    published year, and only where Measure.is_editable_by allows; None is a new measure."""
    return not is_closed(measure) and (measure is None or measure.is_editable_by(user))


class StepInline(ItemInline):
    model = Step
    fields = ["position", "text", "planned_start_on", "planned_end_on", "done_on"]

    readonly_fields = ["planned_start_on_be", "planned_end_on_be", "done_on_be"]

    @admin.display(description="เริ่มตามแผน")
    def planned_start_on_be(self, step):
        return numeric_date(step.planned_start_on)

    @admin.display(description="เสร็จตามแผน")
    def planned_end_on_be(self, step):
        return numeric_date(step.planned_end_on)

    @admin.display(description="เสร็จจริงเมื่อ")
    def done_on_be(self, step):
        return numeric_date(step.done_on)


class ResultInline(ItemInline):
    model = Result
    form = ResultForm
    fields = ["position", "text", "done_on", "evidence_links", "evidence_upload", "evidence_remove"]
    readonly_fields = ["done_on_be", "evidence_file_links"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self.has_change_permission(request, obj):
            return fields
        # Read-only: the files as download links instead of the upload and remove fields.
        return [*fields[:-2], "evidence_file_links"]

    def get_queryset(self, request):
        return with_evidence_files(super().get_queryset(request))

    @admin.display(description="วันที่ดำเนินการ")
    def done_on_be(self, result):
        return numeric_date(result.done_on)

    @admin.display(description="ไฟล์หลักฐาน")
    def evidence_file_links(self, result):
        return file_links(result)


class MeasureForm(forms.ModelForm):
    # MeasureAdmin.get_form sets these for a division officer, who may name only their own
    # division (officer_division; None if they have none) among those responsible.
    is_held_to_division = False
    officer_division = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("responsible_divisions")
        if self.is_held_to_division and field and self.kept_divisions:
            names = ", ".join(d.name for d in self.kept_divisions)
            field.help_text = f"สำนัก/กองอื่นที่รับผิดชอบร่วมจะคงไว้ตามเดิม: {names}"

    @property
    def kept_divisions(self):
        """The measure's other divisions, which an officer can neither see in the picker nor
        remove: they stay as they are."""
        if not self.instance.pk:
            return []
        own = self.officer_division.pk if self.officer_division else None
        return [d for d in self.instance.responsible_divisions.all() if d.pk != own]

    def clean_responsible_divisions(self):
        chosen = list(self.cleaned_data["responsible_divisions"])
        if not self.is_held_to_division:
            return chosen
        # Dropping their own division would hand the measure to others: refused.
        if not self.instance.is_every_division and self.officer_division not in chosen:
            raise ValidationError(
                f"ต้องเลือก {self.officer_division} เป็นผู้รับผิดชอบ "
                "เพราะเจ้าหน้าที่สำนัก/กองบันทึกได้เฉพาะมาตรการของสำนัก/กองตนเอง"
            )
        return chosen + self.kept_divisions

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        strangers = [d for d in cleaned.get("responsible_divisions") or [] if d.agency != agency]
        if agency and strangers:
            names = ", ".join(d.name for d in strangers)
            self.add_error("responsible_divisions", f"สำนัก/กองไม่ได้อยู่ใน{agency}: {names}")
        year = cleaned.get("fiscal_year")
        items = cleaned.get("indicators") or []
        other_years = [item for item in items if item.assessment_year.year_be != year]
        if year and other_years:
            self.add_error(
                "indicators",
                f"มาตรการปีงบประมาณ พ.ศ. {year} ตอบตัวชี้วัด/ข้อของการประเมิน ITA พ.ศ. {year} "
                f"เท่านั้น ข้อเหล่านี้เป็นของปีอื่น: {', '.join(map(str, other_years))}",
            )
        if agency and ClosedYear.objects.filter(agency=agency, fiscal_year=year).exists():
            self.add_error(
                "fiscal_year",
                f"รายงานปีงบประมาณ พ.ศ. {year} เผยแพร่แล้ว จึงเพิ่มหรือย้ายมาตรการเข้าปีนี้ไม่ได้ "
                "จนกว่าผู้ประสานงานจะเปิดแก้ไขปีนี้อีกครั้ง",
            )
        return cleaned


class FiscalYearFilter(admin.SimpleListFilter):
    """The years with measures, newest first, and "ทุกปี". With none chosen, the year the
    register works on (MeasureQuerySet.fiscal_year_to_show): next year's copies and this
    year's originals, alike in number and title, are not mixed in one list by default."""

    title = "ปีงบประมาณ"
    parameter_name = "fiscal_year"
    # The name Django's own year filter gave the parameter; links made with it still work.
    OLD_NAME = "fiscal_year__exact"
    EVERY_YEAR = "all"

    def lookups(self, request, model_admin):
        measures = model_admin.get_queryset(request)
        years = measures.fiscal_years()
        if request.method != "GET":
            # An action acts on the rows ticked, whichever year they were shown in.
            self.default = self.EVERY_YEAR
        else:
            shown = measures.fiscal_year_to_show(years)
            if years and shown not in years:  # only next year's measures, planned ahead
                shown = min(years)
            self.default = request.GET.get(self.OLD_NAME) or str(shown)
        return [(str(year), str(year)) for year in sorted(years, reverse=True)] + [
            (self.EVERY_YEAR, "ทุกปี")
        ]

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        year = to_arabic_digits(self.value())
        if year == self.EVERY_YEAR:
            return queryset
        if not (year.isdecimal() and len(year) <= 4):
            raise IncorrectLookupParameters(year)
        return queryset.filter(fiscal_year=int(year))

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}, [self.OLD_NAME]
                ),
                "display": title,
            }


class ResponsibleDivisionFilter(admin.RelatedOnlyFieldListFilter):
    """The divisions that measures name, as RelatedOnlyFieldListFilter lists them, but for
    staff looked up from their own agency's divisions: the planner would otherwise read
    every agency's divisions to find the few that the user's measures name."""

    def field_choices(self, field, request, model_admin):
        agency_id = agency_id_of(request.user)
        if request.user.is_superuser:
            # Every agency's divisions would be 41,500 links at national scale: an
            # administrator gets them once the list shows one agency (?agency__id__exact=).
            agency_id = to_arabic_digits(request.GET.get("agency__id__exact", ""))
            if not is_id(agency_id):
                return []
        links = Measure.responsible_divisions.through.objects.filter(division_id=OuterRef("pk"))
        named = Division.objects.filter(agency_id=agency_id).filter(Exists(links))
        return [(division.pk, str(division)) for division in named]


@admin.register(Measure)
class MeasureAdmin(RegisterExcel, MeasureRecovery, AgencyScopedAdmin):
    form = MeasureForm
    inlines = [StepInline, ResultInline]
    list_display = ["year", "number", "title", "period", "divisions", "status", "progress"]
    list_display_links = ["number", "title"]
    list_filter = [
        FiscalYearFilter,
        ("responsible_divisions", ResponsibleDivisionFilter),
        "status",
    ]
    search_fields = ["titles", "steps__text", "results__text", "outcome"]
    list_select_related = ["agency"]
    # One count per page, of the user's own measures, stopping at a thousand (an administrator's
    # list of every year counts every agency's): never of the whole table.
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Two and a half years of a coordinator's measures; rendering rows is the page's cost.
    list_per_page = 50
    filter_horizontal = ["responsible_divisions"]
    autocomplete_fields = ["indicators"]
    actions = ["copy_to_next_year"]
    readonly_fields = ["period"]
    fieldsets = [
        (None, {"fields": ["agency", "fiscal_year", "number", "titles"]}),
        (
            "ระยะเวลาและผู้รับผิดชอบ",
            {
                "fields": ["started_on", "ended_on", "responsible_divisions", "is_every_division"],
            },
        ),
        (
            "รูปแบบและผลการดำเนินการ",
            {
                "fields": ["steps_style", "results_intro", "results_style", "outcome"],
            },
        ),
        ("สถานะ", {"fields": ["status", "progress"]}),
        ("ตัวชี้วัด ITA", {"fields": ["indicators", "states_scores"]}),
    ]

    def get_queryset(self, request):
        # Officers read the whole agency's measures; is_editable_by reads these divisions.
        return super().get_queryset(request).prefetch_related("responsible_divisions")

    def has_add_permission(self, request):
        # An officer without a division could only file measures no officer may change.
        if roles.is_division_officer(request.user) and division_id_of(request.user) is None:
            return False
        return super().has_add_permission(request)

    # A published year's measures are read-only to everyone until the year is reopened; an
    # officer changes only their own division's (Measure.is_editable_by).
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and is_open_to(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and is_open_to(request.user, obj)

    def has_copy_permission(self, request):
        # A copy keeps every division of the original: the coordinator's work, not an officer's.
        return self.has_add_permission(request) and not roles.is_division_officer(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if roles.is_division_officer(request.user):
            # "Every division" would hand the measure to all divisions at once.
            return [*fields, "is_every_division"]
        return fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        items = form.base_fields.get("indicators")
        if items is not None:
            # The items search asks for the measure's own assessment year (see clean).
            initial = self.get_changeform_initial_data(request).get("fiscal_year")
            year = obj.fiscal_year if obj else to_arabic_digits(initial or "")
            picker = getattr(items.widget, "widget", items.widget)
            picker.assessment_year = year if str(year).isdecimal() else current_fiscal_year()
        if roles.is_division_officer(request.user):
            # get_form builds a new class on every call, so setting these touches no one else.
            form.is_held_to_division = True
            form.officer_division = Division.objects.filter(pk=division_id_of(request.user)).first()
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "responsible_divisions" and roles.is_division_officer(request.user):
            own = Division.objects.filter(pk=division_id_of(request.user))
            field.queryset = own
            field.initial = list(own)  # preselected on a new measure
            field.error_messages["invalid_choice"] = (
                "เลือกได้เฉพาะสำนัก/กองของท่านเอง (%(value)s ไม่ใช่สำนัก/กองของท่าน)"
            )
        return field

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # Says why a published year's measure opens read-only.
        context["is_closed_year"] = is_closed(obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_deleted_objects(self, objs, request):
        # "Delete selected" asks without a measure: name the closed years' measures as refused.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for measure in objs:
            if is_closed(measure):
                perms_needed.add(
                    f"มาตรการลำดับที่ {measure.number} ปีงบประมาณ {measure.fiscal_year} "
                    "(รายงานเผยแพร่แล้ว)"
                )
        return deleted, counts, perms_needed, protected

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if "cl" in (getattr(response, "context_data", None) or {}):
            # The reports of the agencies whose measures the page lists.
            rows = response.context_data["cl"].result_list
            response.context_data["report_links"] = report_links(request, rows)
        return response

    def get_autocomplete_fields(self, request):
        # An administrator picks among every agency: a search, not a list of thousands.
        if request.user.is_superuser:
            return [*self.autocomplete_fields, "agency"]
        return self.autocomplete_fields

    def get_list_display(self, request):
        # Only an administrator sees several agencies' measures in one list.
        if request.user.is_superuser:
            return [*self.list_display, "agency"]
        return self.list_display

    def get_fieldsets(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return self.fieldsets
        # Read-only views print dates with Django's locale, which gives CE years.
        fieldsets = []
        for name, options in self.fieldsets:
            fields = [f for f in options["fields"] if f != "ended_on"]
            fields = ["period" if f == "started_on" else f for f in fields]
            fieldsets.append((name, {"fields": fields}))
        return fieldsets

    @admin.display(description="ปีงบประมาณ", ordering="fiscal_year")
    def year(self, measure):
        # A plain BE number: Django would format a number column by locale.
        return str(measure.fiscal_year)

    @admin.display(description="มาตรการ/โครงการ/กิจกรรม", ordering="titles")
    def title(self, measure):
        return strip_tags(" / ".join(measure.title_lines))[:120]

    @admin.display(description="ระยะเวลาดำเนินการ", ordering="started_on")
    def period(self, measure):
        if not (measure.started_on or measure.ended_on):
            return "-"
        return f"{numeric_date(measure.started_on)} - {numeric_date(measure.ended_on)}"

    @admin.display(description="ผู้รับผิดชอบ")
    def divisions(self, measure):
        if measure.is_every_division:
            return "ทุกสำนัก/กอง"
        return ", ".join(d.report_name for d in measure.responsible_divisions.all())

    @admin.action(description="คัดลอกมาตรการที่เลือกไปปีงบประมาณถัดไป", permissions=["copy"])
    def copy_to_next_year(self, request, queryset):
        copied, skipped = [], []
        for measure in queryset.prefetch_related("steps", "responsible_divisions", "indicators"):
            next_year = {"agency_id": measure.agency_id, "fiscal_year": measure.fiscal_year + 1}
            if ClosedYear.objects.filter(**next_year).exists():
                self.message_user(
                    request,
                    f"ไม่ได้คัดลอกลำดับที่ {measure.number} เพราะรายงานปีงบประมาณ "
                    f"พ.ศ. {measure.fiscal_year + 1} เผยแพร่แล้ว",
                    messages.WARNING,
                )
                continue
            reason = f"คัดลอกจากมาตรการลำดับที่ {measure.number} ปีงบประมาณ {measure.fiscal_year}"
            with recorded_as(reason, request.user):
                copy = measure.copy_to_next_year()
            (copied if copy else skipped).append(measure)
            if copy and copy.unlinked_codes:
                self.message_user(
                    request,
                    f"ลำดับที่ {measure.number}: ไม่ได้เชื่อมตัวชี้วัด/ข้อ "
                    f"{', '.join(copy.unlinked_codes)} เพราะการประเมิน ITA พ.ศ. "
                    f"{copy.fiscal_year} ไม่มีรหัสนี้ กรุณาเลือกตัวชี้วัด/ข้อของปีใหม่เอง",
                    messages.WARNING,
                )
        if copied:
            years = sorted({m.fiscal_year + 1 for m in copied})
            self.message_user(
                request,
                f"คัดลอก {len(copied)} มาตรการไปปีงบประมาณ พ.ศ. "
                f"{', '.join(map(str, years))} แล้ว (ยังไม่มีผลการดำเนินการ)",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                "ไม่ได้คัดลอก เพราะปีถัดไปมีมาตรการลำดับที่เดียวกันแล้ว: "
                + ", ".join(f"ลำดับที่ {m.number} ปี {m.fiscal_year}" for m in skipped),
                messages.WARNING,
            )


def report_links(request, rows):
    """Links to the report of the year the measure list shows (else the latest year with
    measures): the user's own agency's, or for a superuser those of the agencies whose
    measures the page lists (every agency's would be thousands of links)."""
    asked = to_arabic_digits(
        request.GET.get("fiscal_year") or request.GET.get("fiscal_year__exact")
    )
    if asked.isdecimal() and EARLIEST_BE_YEAR <= int(asked) <= LATEST_BE_YEAR:
        year = int(asked)
    else:
        year = Measure.objects.for_user(request.user).fiscal_year_to_show()
    if request.user.is_superuser:
        agencies = Agency.objects.filter(pk__in={measure.agency_id for measure in rows})
        agencies = agencies.filter(measures__fiscal_year=year).distinct()
    else:
        agencies = Agency.objects.filter(pk=agency_id_of(request.user))
    return [
        {
            "agency": agency,
            "fiscal_year": year,
            "html_url": reverse("reports:report", args=[agency.slug, year]),
            "pdf_url": reverse("reports:report_pdf", args=[agency.slug, year]),
        }
        for agency in agencies.only("name", "slug")
    ]
