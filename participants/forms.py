"""Forms for accepting an invitation and for one's own profile."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext, gettext_lazy

from dialogues.choices import Role
from dialogues.forms import timezone_choices
from dialogues.models import Dialogue, Party

from .accounts import stored_username
from .models import ApiToken, Profile, Sector


class NewAccountForm(forms.Form):
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,150}$",
        max_length=150,
        error_messages={"invalid": "Use 3–150 letters, digits and @ . + - _ only."},
    )
    display_name = forms.CharField(
        max_length=150, help_text=gettext_lazy("How you are shown in named rooms.")
    )
    # Confirmed here by the invitee: the roster that keeps names and affiliations out of summaries is
    # built from these, so they must be the person's own words, not a guess.
    organisation = forms.CharField(
        max_length=200,
        required=False,
        help_text=gettext_lazy("Where you work or what you represent, if anywhere."),
    )
    sector = forms.ChoiceField(choices=Sector.choices, initial=Sector.OTHER, required=False)
    position = forms.CharField(
        label=gettext_lazy("Role or position"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("E.g. former deputy minister, professor of hydrology."),
    )
    timezone = forms.ChoiceField(
        choices=timezone_choices,
        initial="UTC",
        label=gettext_lazy("Time zone"),
        help_text=gettext_lazy("Taken from your browser; times are shown in it."),
    )
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        # Stored as a keyed hash of the lower-cased name (participants/accounts.py): case-insensitive too.
        if get_user_model().objects.filter(username=stored_username(username)).exists():
            raise forms.ValidationError(gettext("That username is taken; choose another."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", gettext("The two passwords differ."))
        elif p1:
            user = get_user_model()(username=data.get("username", ""))
            try:
                password_validation.validate_password(p1, user)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class ConsentForm(forms.Form):
    accept = forms.BooleanField(
        required=True,
        label=gettext_lazy("I accept the Chatham House Rule for this dialogue"),
        error_messages={
            "required": "Tick the box to accept the rule; without it you cannot enter the rooms."
        },
    )


class ProfileForm(forms.ModelForm[Profile]):
    timezone = forms.ChoiceField(choices=timezone_choices)

    class Meta:
        model = Profile
        fields = ["display_name", "timezone"]
        widgets = {"display_name": forms.TextInput()}  # an encrypted text column would get a textarea


class TokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text=gettext_lazy("What uses this token, e.g. “ministry records system”.")
    )
    scopes = forms.MultipleChoiceField(
        choices=ApiToken.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ApiToken.Scope.READ_SUMMARIES],
    )
    days = forms.IntegerField(min_value=1, max_value=365, initial=90, label=gettext_lazy("Valid for (days)"))


class InvitationForm(forms.Form):
    email = forms.EmailField()
    display_name = forms.CharField(
        max_length=150, required=False, help_text=gettext_lazy("How the person is addressed.")
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.PARTICIPANT)
    party = forms.ModelChoiceField(queryset=Party.objects.none(), required=False)

    def __init__(self, *args: Any, dialogue: Dialogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party_field = self.fields["party"]
        assert isinstance(party_field, forms.ModelChoiceField)
        party_field.queryset = dialogue.parties.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, party = data.get("role"), data.get("party")
        if role == Role.PARTICIPANT and party is None:
            self.add_error("party", gettext("Participants belong to one of the dialogue's parties."))
        if role == Role.LIAISON and party is not None:
            self.add_error("party", gettext("Liaisons are not assigned to a party."))
        return data


class CodeForm(forms.Form):
    """A 6-digit authenticator code, or (on the sign-in step) a recovery code."""

    code = forms.CharField(
        max_length=20,
        strip=True,
        label=gettext_lazy("Code"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True, "size": 12}
        ),
    )


class BulkInvitationForm(forms.Form):
    """A CSV of people to invite, uploaded or pasted (the preview step carries it on as text)."""

    csv_file = forms.FileField(label=gettext_lazy("CSV file"), required=False)
    csv_text = forms.CharField(
        label=gettext_lazy("Or paste the rows"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        strip=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("csv_file")
        if upload:
            try:
                data["csv_text"] = upload.read(256 * 1024 + 1).decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error(
                    "csv_file",
                    gettext("The file is not UTF-8 text; save it from the spreadsheet as “CSV UTF-8”."),
                )
        if not (data.get("csv_text") or "").strip() and not self.errors:
            self.add_error("csv_text", gettext("Choose a CSV file or paste its rows here."))
        return data
