"""What the accounts core tells the apps above it; sent inside the sender's transaction, so
a receiver that raises (a ValidationError) rolls the whole change back."""

from django.dispatch import Signal

profile_updated = Signal()
"""Sent by hmc_portal.users.services.update_profile after the account's names and zone are
saved, with keyword arguments: user, contact (a dict of the applicant's contact fields from
the profile page, e.g. country and phone; None when the page had none).

Receivers:
- applications.receivers.save_applicant_contact: writes `contact` on the ApplicantProfile.
"""
