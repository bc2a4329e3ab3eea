from django.conf import settings


def site(request):
    """The provider's name, for titles and the footer."""
    return {"SITE_NAME": settings.SITE_NAME}
