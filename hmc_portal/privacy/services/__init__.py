"""Every write of the privacy package: erasing an account (erasure.py)."""
