"""Evidence files on a result's row of the measure page: attach files, tick files to remove.

Django's admin has no inline inside an inline, so the result's own form carries the files."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from measures import evidence
from measures.models import EvidenceFile


def download_url(evidence):
    measure = evidence.result.measure
    return reverse(
        "publication:evidence", args=[measure.agency.slug, measure.fiscal_year, evidence.pk]
    )


def file_link(evidence):
    return format_html('<a href="{}">{}</a>', download_url(evidence), evidence.name)


def with_evidence_files(results):
    """Results with their files, and each file's measure and agency for its link."""
    files = EvidenceFile.objects.select_related("result__measure__agency")
    return results.prefetch_related(Prefetch("evidence_files", queryset=files))


def file_links(result):
    """The result's files as download links, for read-only views."""
    if result.pk is None:
        return "-"
    # Prefetched with the measure and agency by ResultInline.get_queryset: no query per row.
    files = result.evidence_files.all()
    return format_html_join(", ", "{}", ((file_link(f),) for f in files)) or "-"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        clean_one = super().clean
        return [clean_one(file, initial) for file in files]

    def has_changed(self, initial, data):
        # The widget gives [] when no file was chosen: an empty new row stays unchanged.
        return not self.disabled and bool(data)


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, evidence):
        return file_link(evidence)


class ResultForm(forms.ModelForm):
    evidence_upload = MultipleFileField(
        label="แนบไฟล์หลักฐาน",
        required=False,
        help_text="PDF รูปภาพ Word หรือ Excel เลือกได้หลายไฟล์",
    )
    evidence_remove = EvidenceChoiceField(
        label="ไฟล์หลักฐานที่แนบแล้ว (ทำเครื่องหมายเพื่อลบ)",
        queryset=EvidenceFile.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            field = self.fields["evidence_remove"]
            field.queryset = self.instance.evidence_files.select_related("result__measure__agency")
            # The boxes list the files ResultInline.get_queryset prefetched: no query per row.
            files = self.instance.evidence_files.all()
            field.widget.choices = [(f.pk, field.label_from_instance(f)) for f in files]

    def clean_evidence_upload(self):
        uploads = self.cleaned_data["evidence_upload"]
        errors = []
        for upload in uploads:
            try:
                evidence.check(upload)
            except ValidationError as refusal:
                errors.extend(refusal.messages)
        if errors:
            raise ValidationError(errors)
        return uploads

    def save(self, commit=True):
        result = super().save(commit)
        if commit:
            self.save_evidence()
        else:
            save_m2m = self.save_m2m

            def save_both():
                save_m2m()
                self.save_evidence()

            self.save_m2m = save_both
        return result

    def save_evidence(self):
        for removed in self.cleaned_data.get("evidence_remove") or []:
            removed.delete()
        for upload in self.cleaned_data.get("evidence_upload") or []:
            EvidenceFile.store(self.instance, upload)
