from django import forms
from django.contrib import admin, messages

from ita.codes import canonical_code
from ita.models import AgencyScore, AssessmentYear, Indicator, IndicatorScore, Level
from measures.admin import AgencyScopedAdmin, BoundedInline, LabelledRowsFormSet
from measures.database_refusals import ShowsDatabaseRefusals
from thai.calendar import to_arabic_digits
from thai.forms import ThaiNumberFields


class LevelInline(ThaiNumberFields, admin.TabularInline):
    model = Level
    extra = 0


@admin.register(AssessmentYear)
class AssessmentYearAdmin(ThaiNumberFields, ShowsDatabaseRefusals, admin.ModelAdmin):
    inlines = [LevelInline]
    list_display = ["year_be", "iit_weight", "eit_weight", "oit_weight", "levels"]
    search_fields = ["year_be"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")

    def get_changeform_initial_data(self, request):
        # A new year starts as the latest one: the next พ.ศ. with the same weights.
        initial = super().get_changeform_initial_data(request)
        latest = AssessmentYear.objects.order_by("-year_be").first()
        if latest is not None:
            initial.setdefault("year_be", latest.year_be + 1)
            for weight in ["iit_weight", "eit_weight", "oit_weight"]:
                initial.setdefault(weight, getattr(latest, weight))
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            return
        source = form.instance.copy_levels_from_previous()
        if source is not None:
            self.message_user(
                request,
                f"คัดลอกเกณฑ์ระดับผลการประเมินจาก ITA พ.ศ. {source.year_be} มาให้แล้ว "
                "ตรวจดูและแก้ได้ที่หน้านี้ถ้าปีนี้เปลี่ยนเกณฑ์",
                messages.INFO,
            )

    @admin.display(description="ระดับผลการประเมิน")
    def levels(self, year):
        return ", ".join(str(level) for level in year.levels.all())

    def get_search_results(self, request, queryset, search_term):
        # The year is stored with Arabic digits; "๒๕๖๘" typed in the search box finds it too.
        return super().get_search_results(request, queryset, to_arabic_digits(search_term))


@admin.register(Indicator)
class IndicatorAdmin(ShowsDatabaseRefusals, admin.ModelAdmin):
    list_display = ["code", "title_th", "instrument", "parent", "certainty", "assessment_year"]
    list_display_links = ["code", "title_th"]
    list_filter = ["assessment_year", "instrument", "certainty"]
    search_fields = ["code", "title_th", "title_en"]
    list_select_related = ["assessment_year", "parent__assessment_year"]
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        # The autocomplete of a measure's indicators prints each year, so fetch it along.
        return super().get_queryset(request).select_related("assessment_year")

    def get_search_results(self, request, queryset, search_term):
        """Find "๐๑๔" or "O14" as o14, the way reports cite the items; a measure's items
        picker asks only for its own assessment year (YearItemsAutocomplete)."""
        year = to_arabic_digits(request.GET.get("assessment_year", ""))
        if year.isdecimal() and len(year) == 4:
            queryset = queryset.filter(assessment_year__year_be=int(year))
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            code = canonical_code(search_term)
        except ValueError:
            return results, may_have_duplicates
        return results | queryset.filter(code=code), True


class IndicatorScoreForm(forms.ModelForm):
    """Scores are typed by code as the report cites them; the code picks this year's item."""

    code = forms.CharField(
        label="รหัส", max_length=20, help_text="เช่น o14, ๐๑๔, i๑๐ หรือ IND7 (ตัวชี้วัดที่ 7)"
    )

    class Meta:
        model = IndicatorScore
        fields = ["code", "score"]

    def __init__(self, *args, agency_score=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The parent score, unsaved while it is being added, decides which year's codes apply.
        self.agency_score = agency_score
        if self.instance.indicator_id:
            self.initial["code"] = self.instance.indicator.code

    def clean_code(self):
        text = self.cleaned_data["code"]
        try:
            code = canonical_code(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        agency_score = self.agency_score
        if agency_score is None or agency_score.assessment_year_id is None:
            return code  # the score's own form already says the year is missing
        year = agency_score.assessment_year
        indicator = Indicator.objects.filter(assessment_year=year, code=code).first()
        if indicator is None:
            raise forms.ValidationError(f'ไม่พบรหัส {code} ใน {year} เพิ่มรหัสนี้ที่ "ตัวชี้วัด/ข้อคำถาม" ก่อน')
        self.instance.indicator = indicator
        return code


class IndicatorScoreFormSet(LabelledRowsFormSet):
    def get_form_kwargs(self, index):
        return super().get_form_kwargs(index) | {"agency_score": self.instance}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            code = form.cleaned_data.get("code") if hasattr(form, "cleaned_data") else None
            if not code or form.cleaned_data.get("DELETE"):
                continue
            if code in seen:
                form.add_error("code", f"กรอกคะแนนข้อ {code} ซ้ำ")
            seen.add(code)


class IndicatorScoreInline(BoundedInline):
    model = IndicatorScore
    form = IndicatorScoreForm
    formset = IndicatorScoreFormSet
    extra = 3
    # A year's assessment has under a hundred items (53 in 2567).
    max_num = 200
    fields = ["code", "score"]
    readonly_fields = ["indicator_code"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator")

    def get_fields(self, request, obj=None):
        if self.has_change_permission(request, obj):
            return super().get_fields(request, obj)
        # The typed `code` lives only on the form; a read-only page shows the stored item's.
        return ["indicator_code", "score"]

    @admin.display(description="รหัส")
    def indicator_code(self, indicator_score):
        return indicator_score.indicator.code


@admin.register(AgencyScore)
class AgencyScoreAdmin(AgencyScopedAdmin):
    inlines = [IndicatorScoreInline]
    list_display = ["assessment_year", "agency", "overall", "level", "change", "iit", "eit", "oit"]
    # Staff see only their own agency's scores, so the filter must not list the others.
    list_filter = ["assessment_year", ("agency", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["agency", "assessment_year"]

    def history_sources(self, object_id):
        # The score's page also tells who changed its item scores.
        return [
            AgencyScore.history.filter(id=object_id),
            IndicatorScore.history.filter(agency_score_id=object_id),
        ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_previous()
            .prefetch_related("assessment_year__levels")
        )

    @admin.display(description="ระดับ (คำนวณ)")
    def level(self, score):
        level = score.level
        return level.name if level else "-"

    @admin.display(description="เทียบปีก่อน (คำนวณ)")
    def change(self, score):
        if score.change is None:
            return "-"
        return f"{score.change:+.2f} (จาก พ.ศ. {score.previous_year_be})"
