from django.conf import settings


def site(request):
    """The provider's name, for titles, and the program office's contact, for the footer."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "PROGRAM_OFFICE": {
            "email": settings.PROGRAM_OFFICE_EMAIL,
            "phone": settings.PROGRAM_OFFICE_PHONE,
            "address": settings.PROGRAM_OFFICE_ADDRESS,
        },
    }
