from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """The clinic's details and the site's address, for every template."""
    return {
        "clinic_name": settings.CLINIC_NAME,
        "clinic_phone": settings.CLINIC_PHONE,
        "emergency_number": settings.EMERGENCY_NUMBER,
        "site_url": settings.SITE_URL,
    }
