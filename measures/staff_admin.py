"""Staff accounts. An administrator (superuser) keeps every account with Django's full user
admin; a coordinator keeps their own agency's staff: name, e-mail, active, one of the three
roles and a division of the agency, and nothing that grants more (no superuser flag, no
groups or permissions of their choosing, no other agency, not their own role)."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import Group, User
from django.utils.html import format_html

from measures import roles
from measures.database_refusals import ShowsDatabaseRefusals
from measures.models import Division, Profile, agency_id_of
from thai.templatetags.thai import be_datetime

BE_TIMES = {"last_login": "last_login_be", "date_joined": "date_joined_be"}


def role_groups():
    return Group.objects.filter(name__in=roles.ROLE_PERMISSIONS).order_by("name")


class StaffForm(forms.ModelForm):
    """An account as a coordinator edits it; StaffAdmin.get_form sets the agency."""

    role = forms.ModelChoiceField(
        role_groups(),
        label="บทบาท",
        error_messages={"invalid_choice": "เลือกบทบาทได้เฉพาะสามบทบาทที่มีให้เลือก"},
    )
    division = forms.ModelChoiceField(
        Division.objects.none(),
        label="สำนัก/กอง",
        required=False,
        error_messages={"invalid_choice": "เลือกได้เฉพาะสำนัก/กองของหน่วยงานท่าน"},
    )
    agency_id = None

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        profile = getattr(self.instance, "profile", None) if self.instance.pk else None
        current = profile.division_id if profile else None
        if "division" in self.fields:
            # A retired division is offered only to who already works there.
            self.fields["division"].queryset = Division.objects.filter(
                agency_id=self.agency_id
            ).choosable(keep=[current])
        if self.instance.pk:
            role = self.instance.groups.filter(name__in=roles.ROLE_PERMISSIONS).first()
            self.initial.setdefault("division", current)
            self.initial.setdefault("role", role.pk if role else None)

    def save_role_and_division(self):
        """After the user is saved: one role group (other groups an administrator gave are
        kept) and the profile in the coordinator's agency. Fields shown read-only (a
        coordinator's own role) are not in cleaned_data and stay as they are."""
        user = self.instance
        if "role" in self.cleaned_data:
            user.groups.remove(*role_groups())
            user.groups.add(self.cleaned_data["role"])
        if "division" in self.cleaned_data:
            Profile.objects.update_or_create(
                user=user,
                defaults={"agency_id": self.agency_id, "division": self.cleaned_data["division"]},
            )


class NewStaffForm(StaffForm, UserCreationForm):
    class Meta(StaffForm.Meta):
        pass


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    verbose_name_plural = "สังกัด"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A retired division or inactive agency is offered only to who already works there.
        profile = getattr(obj, "profile", None)
        for name in ("agency", "division"):
            field = formset.form.base_fields.get(name)
            if field is not None:
                keep = [getattr(profile, f"{name}_id", None)]
                field.queryset = field.queryset.choosable(keep=keep)
        return formset


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(ShowsDatabaseRefusals, UserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", "agency", "is_staff", "is_superuser"]
    list_select_related = ["profile__agency"]
    readonly_fields = ["last_login_be", "date_joined_be"]
    staff_fieldsets = [
        ("ข้อมูลส่วนตัว", {"fields": ["first_name", "last_name", "email"]}),
        ("บทบาทและสังกัด", {"fields": ["is_active", "role", "division"]}),
    ]

    def get_queryset(self, request):
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        # A coordinator keeps their agency's staff; administrators' and other agencies'
        # accounts are not theirs to see.
        return users.filter(
            profile__agency_id=agency_id_of(request.user), is_superuser=False
        ).prefetch_related("groups")

    def get_inlines(self, request, obj):
        return self.inlines if request.user.is_superuser else []

    def get_list_display(self, request):
        if request.user.is_superuser:
            return self.list_display
        return ["username", "first_name", "last_name", "role", "division", "is_active"]

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ["is_active"]

    def get_list_select_related(self, request):
        return ["profile__agency", "profile__division"]

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        form = super().get_form(request, obj, form=StaffForm if obj else NewStaffForm, **kwargs)
        # get_form builds a new class on every call: the agency is this request's only.
        form.agency_id = agency_id_of(request.user)
        # Django drops read-only declared fields of self.form only, not of the form passed in:
        # without this a coordinator's own role, shown read-only, could still be posted.
        for name in self.get_readonly_fields(request, obj):
            form.base_fields.pop(name, None)
        return form

    def get_fieldsets(self, request, obj=None):
        if not request.user.is_superuser:
            if obj is None:
                account = ["username", "password1", "password2"]
            else:
                account = ["username", "password_link", "last_login_be", "date_joined_be"]
            return [(None, {"fields": account}), *self.staff_fieldsets]
        # Django's split date-time inputs would show CE years: show BE text instead.
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": [BE_TIMES.get(f, f) for f in options["fields"]]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        if not request.user.is_superuser:
            fields.append("password_link")
            if obj is not None and obj.pk == request.user.pk:
                # Nobody raises, lowers or locks out their own account.
                fields += ["is_active", "role"]
        return fields

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not change:
            obj.is_staff = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not request.user.is_superuser:
            form.save_role_and_division()

    @admin.display(description="รหัสผ่าน")
    def password_link(self, user):
        return format_html('<a href="{}">ตั้งรหัสผ่านใหม่</a>', "../password/")

    @admin.display(description="บทบาท")
    def role(self, user):
        names = [g.name for g in user.groups.all() if g.name in roles.ROLE_PERMISSIONS]
        return ", ".join(names) or "-"

    @admin.display(description="สำนัก/กอง")
    def division(self, user):
        profile = getattr(user, "profile", None)
        return profile.division if profile and profile.division else "-"

    @admin.display(description="เข้าสู่ระบบครั้งล่าสุด")
    def last_login_be(self, user):
        return be_datetime(user.last_login) or "-"

    @admin.display(description="วันที่สร้างบัญชี")
    def date_joined_be(self, user):
        return be_datetime(user.date_joined)

    @admin.display(description="หน่วยงาน")
    def agency(self, user):
        profile = getattr(user, "profile", None)
        return profile.agency if profile else "-"
