def navigation(request):
    """The signed-in user's role, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"user_role": user.role, "user_role_label": user.get_role_display()}
