from .middleware import needs_second_factor


def access(request):
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "user_role": user.role if authenticated else "",
        # A callable: templates evaluate it only where they use it.
        "signed_in": lambda: authenticated and not needs_second_factor(user),
    }
