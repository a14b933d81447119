"""The quick actions of /my/: a measure's status and progress, a new result, a done step."""

from django import forms

from measures.models import Measure, Result, Step
from thai.forms import BEDateField


class StatusForm(forms.ModelForm):
    # The measure's latest audit-trail id when the page was shown (measures.stale).
    version = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Measure
        fields = ["status", "progress"]
        widgets = {"progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].error_messages["required"] = "กรุณากรอกความก้าวหน้า (ร้อยละ 0 ถึง 100)"
        self.fields["progress"].error_messages["invalid"] = "ความก้าวหน้าต้องเป็นตัวเลข 0 ถึง 100"


class ResultForm(forms.ModelForm):
    done_on = BEDateField(label="วันที่ดำเนินการ", required=False)

    class Meta:
        model = Result
        fields = ["text", "done_on", "evidence_links"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "evidence_links": forms.Textarea(attrs={"rows": 1}),
        }


class StepDoneForm(forms.ModelForm):
    done_on = BEDateField(label="เสร็จจริงเมื่อ", required=False)

    class Meta:
        model = Step
        fields = ["done_on"]


class ReminderPreferenceForm(forms.Form):
    receives_reminders = forms.BooleanField(label="รับอีเมลแจ้งเตือน", required=False)
