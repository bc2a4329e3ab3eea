"""Staff review in Django admin, one module per concern:

- `application`: the application list and page, status moves, notes, the CSV export;
- `documents`: verifying and rejecting documents;
- `interviews`: scheduling, offering slots, cancelling, recording outcomes;
- `review`: the forms and helpers the three share (moves, notes, the results page).

Nothing here edits an application, a document or a status by hand: every decision is a
button or an action that calls applications.services, which checks the role again.
"""

from django.contrib import admin

from ..models import ApplicantProfile, Application, Document, Interview, InterviewSlot
from .application import ApplicantProfileAdmin, ApplicationAdmin
from .documents import DocumentAdmin
from .interviews import InterviewAdmin, InterviewSlotAdmin

admin.site.register(Application, ApplicationAdmin)
admin.site.register(ApplicantProfile, ApplicantProfileAdmin)
admin.site.register(Document, DocumentAdmin)
admin.site.register(Interview, InterviewAdmin)
admin.site.register(InterviewSlot, InterviewSlotAdmin)
