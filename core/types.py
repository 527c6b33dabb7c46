"""Request and user types shared by views (django-stubs' documented pattern for logged-in views)."""

from django.contrib.auth.models import User
from django.http import HttpRequest


class AuthedRequest(HttpRequest):
    """A request behind `login_required`: its user is a real account."""

    user: User
