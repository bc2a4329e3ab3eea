"""English as the portal writes it where Django formats a date itself (admin, `|date` and
`|time` without a pattern): the 24-hour clock, as on every page and email
(hmc_portal.dates), and days before months, never mm/dd/yyyy. Everything not named here
is Django's own English format."""

DATETIME_FORMAT = "j F Y, H:i"  # 7 December 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 14:30
TIME_FORMAT = "H:i"  # 14:30
DATE_FORMAT = "j F Y"  # 7 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 7 Dec 2026
