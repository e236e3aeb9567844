from django.conf import settings


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
