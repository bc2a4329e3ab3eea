from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from hmc_portal.audit.admin import AuditHistoryMixin
from hmc_portal.privacy.admin import erase_account_view

from .enums import StaffGroup
from .errors import AccountError
from .models import User
from .second_factor.services import can_reset_second_factor, reset_second_factor
from .services import set_staff_groups, staff_groups_problem

# django-otp's own device pages would add, show (a key's QR code) and delete devices past
# our services and their log: the only way in admin is the users' "Reset second factor".
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class StaffUserChangeForm(UserChangeForm):
    """Validation only: UserAdmin.save_related sets the groups through the service."""

    def clean(self):
        cleaned = super().clean()
        if "groups" in cleaned and "is_staff" in cleaned:
            problem = staff_groups_problem(
                is_staff=bool(cleaned["is_staff"]), groups=cleaned["groups"]
            )
            if problem:
                self.add_error("groups", problem)
        return cleaned


def staff_group_label(group) -> str:
    """A staff group's name in the reader's language (the group rows hold the English one)."""
    try:
        return str(StaffGroup(group.name).label)
    except ValueError:
        return group.name


class StaffGroupFilter(admin.SimpleListFilter):
    """Staff by group (reviewer, coordinator), named in the reader's language; any other
    value in the address filters nothing."""

    title = _("staff group")
    parameter_name = "group"

    def lookups(self, request, model_admin):
        return StaffGroup.choices

    def queryset(self, request, queryset):
        if self.value() in StaffGroup.values:
            return queryset.filter(groups__name=self.value())
        return queryset


@admin.register(User)
class UserAdmin(AuditHistoryMixin, DjangoUserAdmin):
    form = StaffUserChangeForm
    # Django's own user page, plus "Erase this account" for staff who may (privacy).
    change_form_template = "admin/users/user/change_form.html"
    ordering = ["email"]
    list_display = [
        "email",
        "first_name",
        "last_name",
        "is_staff",
        "is_active",
        "second_factor",
        "date_joined",
    ]
    actions = ["reset_second_factor"]
    list_filter = ["is_staff", "is_superuser", "is_active", StaffGroupFilter]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "timezone", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined", "email_verified_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "groups" and field is not None:
            field.label_from_instance = staff_group_label
        return field

    def get_queryset(self, request):
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_second_factor=Exists(confirmed))

    @admin.display(boolean=True, description=_("Second step"), ordering="has_second_factor")
    def second_factor(self, obj) -> bool:
        return obj.has_second_factor

    def has_reset_second_factor_permission(self, request) -> bool:
        return can_reset_second_factor(request.user)

    @admin.action(
        description=_("Reset second factor (lost phone): remove the app and recovery codes"),
        permissions=["reset_second_factor"],
    )
    def reset_second_factor(self, request, queryset):
        reset = [user for user in queryset if reset_second_factor(user=user, by=request.user)]
        if reset:
            self.message_user(
                request,
                _("Second step reset for %(people)s; each was emailed.")
                % {"people": ", ".join(user.email for user in reset)},
                messages.SUCCESS,
            )
        else:
            self.message_user(request, _("None of them had a second step to reset."))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/erase/",
                self.admin_site.admin_view(self.erase_view),
                name="users_user_erase",
            ),
            *super().get_urls(),
        ]

    def erase_view(self, request, object_id):
        """Erase an applicant's account at once, for a request received by mail."""
        return erase_account_view(self, request, object_id)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_erase_account": request.user.has_perm("privacy.erase_account"),
        }
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except AccountError as error:
            # The service refused what the form let through; the admin's transaction rolled
            # back, so nothing was saved.
            self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request, form, formsets, change):
        # Group membership decides what a staff member may do: the service changes and logs
        # it. Django saves the other many-to-many fields (user permissions) as usual.
        groups = form.cleaned_data.pop("groups", None)
        super().save_related(request, form, formsets, change)
        if groups is not None:
            set_staff_groups(user=form.instance, groups=groups, by=request.user)
