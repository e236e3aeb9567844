from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header: Jour needs no camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class NoStoreForSignedInMiddleware:
    """Pages and downloads for a signed-in user are never kept by the browser or a proxy.

    Shelter computers are shared: after logout, the back button or the cache must not show a record.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """Swedish unless the person chose English with the switch (the language cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language; on a shelter's shared computer set up
    in English, that would show staff an English UI they never asked for. Only the switch decides.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
