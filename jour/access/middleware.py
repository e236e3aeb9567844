import logging
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from jour.audit.log import record_page

from .policy import page_for

logger = logging.getLogger(__name__)

AUDITED_METHODS = frozenset({"GET", "HEAD"})


class AccessPolicyMiddleware:
    """Applies jour.access.policy to every view before it runs (refusals look like 404), and writes the
    audit event the policy declares for the page after a successful GET — so no view can forget it.
    A POST is audited by the view as what it does (a change, a reveal, an export made by a form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page = getattr(request, "access_page", None)
        if (
            page is not None
            and page.audit is not None
            and request.method in AUDITED_METHODS
            and 200 <= response.status_code < 300
        ):
            record_page(request, page.audit)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        page = page_for(view_name)
        if page is None:
            logger.error("View %s has no entry in the access policy; refused.", view_name)
            raise Http404
        rule = page.rule
        if rule.public:
            request.access_page = page
            return None
        user = request.user
        if not user.is_authenticated:
            # Only the path: a query string may hold search terms.
            return redirect_to_login(request.path)
        if not rule.before_2fa and needs_second_factor(user):
            step = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.path})}")
        if rule.superuser and not user.is_superuser:
            raise Http404
        if not (rule.before_2fa or rule.superuser or rule.allows_role(user.role)):
            raise Http404
        request.access_page = page
        return None


def needs_second_factor(user) -> bool:
    """Staff and coordinators must verify; a volunteer must too once she has enrolled a device."""
    if user.is_verified():
        return False
    if user.requires_2fa:
        return True
    # The policy and the layout both ask, and asking costs a query per kind of device: once per request.
    if not hasattr(user, "_has_otp_device"):
        user._has_otp_device = user_has_device(user)
    return user._has_otp_device
