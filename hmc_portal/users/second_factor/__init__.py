"""The second factor: a TOTP authenticator app (django-otp's TOTPDevice) and ten one-use
recovery codes (a StaticDevice), required for every staff account and offered to preceptors.

services.py writes (enrol, verify, recovery code, reset), selectors.py reads, views.py holds
the pages under /accounts/two-factor/, middleware.py sends a session that still owes its
second factor to those pages before any other.
"""
