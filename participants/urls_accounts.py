"""Account pages under /accounts/, in front of Django's own auth URLs (config/urls.py includes this
first): the two-step login, two-factor enrolment, throttled password reset, sign out everywhere.
Names are unnamespaced like Django's auth views (`login`, `password_reset` replace Django's)."""

from django.urls import path

from .views import auth, language

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("login/code/", auth.login_verify, name="login_verify"),
    path("password_reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("two-factor/", auth.two_factor_page, name="two_factor"),
    path("two-factor/recovery-codes/", auth.recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/off/", auth.two_factor_disable, name="two_factor_disable"),
    path("sessions/sign-out-everywhere/", auth.sign_out_everywhere, name="sign_out_everywhere"),
    path("language/", language.language, name="language"),
]
