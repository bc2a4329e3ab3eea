"""The applicant's pre-arrival checklist (/dashboard/compliance/): per confirmed rotation,
every requirement of its site and whether they are cleared to start; uploads per
requirement, and their own files back."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from applications.selectors import current_application
from hmc_portal.dates import written
from hmc_portal.private_files import private_file_response
from hmc_portal.users.pages import ApplicantPageMixin

from . import compliance_selectors as selectors
from .compliance import ItemState
from .compliance_forms import EvidenceForm
from .compliance_services import ComplianceError, submit_evidence

# Requirements the observer can hand something in for now (done and waiting: nothing to do).
UPLOAD_STATES = (ItemState.MISSING, ItemState.EXPIRES)


class ComplianceView(ApplicantPageMixin, View):
    """GET: the checklist; each requirement missing or expiring carries its upload form."""

    template_name = "rotations/arrival/compliance.html"

    def page(self, *, bound: EvidenceForm | None = None, status: int = 200):
        application = current_application(user=self.request.user)
        rows = (
            selectors.application_compliance(application_id=application.pk)
            if application is not None
            else []
        )
        forms = {}
        for row in rows:
            for item in row.clearance.items:
                requirement = item.requirement
                if bound is not None and bound.requirement.pk == requirement.pk:
                    forms[requirement.pk] = bound
                elif item.state in UPLOAD_STATES and requirement.pk not in forms:
                    forms[requirement.pk] = EvidenceForm(requirement=requirement)
        sections = [
            {
                "row": row,
                "items": [
                    {"status": item, "form": forms.get(item.requirement.pk)}
                    if row.first_at_site
                    else {"status": item, "form": None}
                    for item in row.clearance.items
                ],
            }
            for row in rows
        ]
        return render(
            self.request,
            self.template_name,
            {"application": application, "sections": sections},
            status=status,
        )

    def get(self, request):
        return self.page()


class EvidenceUploadView(ComplianceView):
    """POST /dashboard/compliance/<requirement>/: hand in evidence for a requirement of a
    site the applicant is placed at (any other requirement is a 404). A refusal shows the
    page again with the reason and keeps nothing."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = current_application(user=request.user)
        if application is None:
            raise Http404(_("No application."))
        requirement = get_object_or_404(
            selectors.requirements_for_application(application_id=application.pk), pk=pk
        )
        form = EvidenceForm(request.POST, request.FILES, requirement=requirement)
        if not form.is_valid():
            return self.page(bound=form, status=400)
        try:
            evidence = submit_evidence(
                application=application,
                requirement=requirement,
                upload=form.cleaned_data["file"],
                by=request.user,
                test_date=form.cleaned_data.get("test_date"),
                expiry_date=form.cleaned_data.get("expiry_date"),
                amount=form.amount_cents(),
            )
        except ComplianceError as error:
            form.add_error(None, str(error))
            return self.page(bound=form, status=400)
        self.flag_if_expiring(application.pk, evidence)
        return redirect("rotations:compliance")

    def flag_if_expiring(self, application_id: int, evidence) -> None:
        """Say now, not on arrival, when what was handed in runs out before it is needed."""
        for row in selectors.application_compliance(application_id=application_id):
            for item in row.clearance.items:
                mine = item.evidence is not None and item.evidence.pk == evidence.pk
                if mine and item.state == ItemState.EXPIRES:
                    messages.warning(
                        self.request,
                        _(
                            "%(requirement)s: received, but it is good only until "
                            "%(until)s and is needed until %(needed)s. Hand in a newer "
                            "one as soon as you can."
                        )
                        % {
                            "requirement": evidence.requirement.name,
                            "until": written(item.good_until),
                            "needed": written(item.needed_until),
                        },
                    )
                    return
        messages.success(
            self.request,
            _("%(requirement)s: received. The program office will review it.")
            % {"requirement": evidence.requirement.name},
        )


class EvidenceFileView(ApplicantPageMixin, View):
    """GET: a file the applicant handed in, to them only (a download); anyone else's is a
    404. Staff open it from admin."""

    def get(self, request, pk):
        evidence = get_object_or_404(selectors.evidence_for_user(user=request.user), pk=pk)
        return private_file_response(
            evidence.file,
            filename=evidence.original_name,
            content_type=evidence.content_type,
            size=evidence.size,
        )
