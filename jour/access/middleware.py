import logging
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from .policy import rule_for

logger = logging.getLogger(__name__)


class AccessPolicyMiddleware:
    """Applies jour.access.policy to every view before it runs. Refusals look like 404."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        rule = rule_for(view_name)
        if rule is None:
            logger.error("View %s has no entry in the access policy; refused.", view_name)
            raise Http404
        if rule.public:
            return None
        user = request.user
        if not user.is_authenticated:
            # Only the path: a query string may hold search terms.
            return redirect_to_login(request.path)
        if not rule.before_2fa and needs_second_factor(user):
            step = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return HttpResponseRedirect(f"{reverse(step)}?{urlencode({'next': request.path})}")
        if rule.before_2fa:
            return None
        if rule.superuser:
            if user.is_superuser:
                return None
            raise Http404
        if not rule.allows_role(user.role):
            raise Http404
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
