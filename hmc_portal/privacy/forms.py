from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """The applicant's password and their confirmation; the service checks the password."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("We ask for it so that nobody else at your computer can do this."),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my data will be erased and cannot be brought back."
        ),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want this.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = reverse("privacy:delete")
        self.helper.form_id = "delete-account-form"
        self.helper.layout = Layout(
            "password",
            "confirm",
            Submit("delete", _("Delete my account"), css_class="btn-danger"),
        )


class StaffErasureForm(forms.Form):
    """Staff's reason for erasing an account at once (a request received by mail)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "How the request reached you and when, e.g. “Letter received on 2 March”. Write "
            "no name or email address: the reason is kept after the erasure."
        ),
    )
