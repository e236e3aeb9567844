import time

from django.conf import settings

RENEWED_AT = "_jour_renewed_at"


class SessionRenewalMiddleware:
    """Keeps a session in use alive, writing it at most once per SESSION_RENEWAL_SECONDS.

    Sessions end after SESSION_COOKIE_AGE without a request. Saving the session on every request
    (SESSION_SAVE_EVERY_REQUEST) would cost an UPDATE and a commit per page; renewing only when the last
    renewal is older than a minute ends an idle session at most that minute early.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # keys() loads the session: a stale cookie gives an empty one, which must not be written.
        if session is None or session.is_empty() or not session.keys():
            return response
        now = int(time.time())
        if now - session.get(RENEWED_AT, 0) >= settings.SESSION_RENEWAL_SECONDS:
            session[RENEWED_AT] = now
        return response
