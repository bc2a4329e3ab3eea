from django.conf import settings


def site(request):
    """The provider's name, for titles, the program office's contact, for the footer, and
    the program's time zone ("Houston time", `{% timezone PROGRAM_TIME_ZONE %}`)."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PROGRAM_TIME_ZONE": settings.PROGRAM_TIME_ZONE,
        "PROGRAM_OFFICE": {
            "email": settings.PROGRAM_OFFICE_EMAIL,
            "phone": settings.PROGRAM_OFFICE_PHONE,
            "address": settings.PROGRAM_OFFICE_ADDRESS,
        },
    }
