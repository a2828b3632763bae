def navigation(request):
    """The signed-in user's role, for the navigation bar, and a key of her
    permissions for the cached menu (read only by a template that uses it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_role": user.role,
        "user_role_label": user.get_role_display(),
        # The menu shows what her permissions allow: kept while they are the same
        # (templates/includes/navbar.html). The cache is per process, as is
        # Python's string hash.
        "menu_permissions": lambda: hash(frozenset(user.get_all_permissions())),
    }
