"""Bulk invitations from a CSV file: parse and check every row (a preview with per-row errors), then invite
the rows that are fine. Columns: name, email, party, sector, organisation, role (the position held, which
feeds the redaction roster), and optionally invite_as (participant, observer, facilitator, liaison)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext

from core.errors import ParleyError
from dialogues.choices import Role
from dialogues.models import Dialogue, Party

from .models import Sector
from .services import IssuedInvitation, invitation_create, invitation_duplicate_check, invitation_email

COLUMNS = ("name", "email", "party", "sector", "organisation", "role")
MAX_ROWS = 500
MAX_BYTES = 256 * 1024


@dataclass
class BulkRow:
    line: int  # the line in the file, as a spreadsheet shows it (the header is line 1)
    name: str
    email: str
    party_name: str
    sector: str  # a Sector value, or ""
    organisation: str
    position: str
    invite_as: str
    party: Party | None = None
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _sector(value: str) -> str | None:
    wanted = value.strip().lower()
    if not wanted:
        return ""
    for choice in Sector:
        if wanted in (choice.value, choice.label.lower()):
            return str(choice.value)
    return None


def parse(*, dialogue: Dialogue, text: str) -> list[BulkRow]:
    """Every row with what is wrong with it in plain words; raises ParleyError if the file as a whole
    cannot be read (no header, a missing column, too large)."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ParleyError(
            "too_large", gettext("The file is larger than 256 KB; split it into smaller files.")
        )
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(h or "").strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ParleyError(
            "invalid",
            "The first line must name the columns: "
            + ", ".join(COLUMNS)
            + f". Missing: {', '.join(missing)}.",
        )
    reader.fieldnames = header
    parties = {p.name.lower(): p for p in dialogue.parties.all()}
    seen: dict[str, int] = {}
    rows: list[BulkRow] = []
    for number, raw in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            raise ParleyError(
                "too_large",
                gettext("At most %(max_rows)s people per file; split it.") % {"max_rows": MAX_ROWS},
            )
        values = {k: (v or "").strip() for k, v in raw.items() if isinstance(k, str)}
        if not any(values.values()):
            continue  # blank lines are not rows
        row = BulkRow(
            line=number,
            name=values.get("name", ""),
            email=values.get("email", ""),
            party_name=values.get("party", ""),
            sector="",
            organisation=values.get("organisation", ""),
            position=values.get("role", ""),
            invite_as=(values.get("invite_as") or Role.PARTICIPANT).lower(),
        )
        _check(row, dialogue, parties, seen, values.get("sector", ""))
        rows.append(row)
    if not rows:
        raise ParleyError("invalid", gettext("The file has a header but no people in it."))
    return rows


def _check(
    row: BulkRow, dialogue: Dialogue, parties: dict[str, Party], seen: dict[str, int], sector: str
) -> None:
    if not row.name:
        row.errors.append("The name is missing.")
    try:
        row.email = invitation_email(row.email)
    except ParleyError:
        row.errors.append(f"“{row.email}” is not an email address." if row.email else "The email is missing.")
    else:
        if row.email in seen:
            row.errors.append(f"This address is already on line {seen[row.email]}.")
        else:
            seen[row.email] = row.line
            try:
                invitation_duplicate_check(dialogue=dialogue, email=row.email)
            except ParleyError as exc:
                row.errors.append(exc.message)
    if row.invite_as not in Role.values:
        row.errors.append(
            f"“{row.invite_as}” is not a role here: use participant, observer, facilitator or liaison."
        )
    if row.party_name:
        row.party = parties.get(row.party_name.lower())
        if row.party is None:
            names = ", ".join(sorted(p.name for p in parties.values())) or "none yet"
            row.errors.append(f"“{row.party_name}” is not a party of this dialogue (parties: {names}).")
    elif row.invite_as == Role.PARTICIPANT:
        row.errors.append("Participants belong to one of the dialogue's parties: the party is missing.")
    checked = _sector(sector)
    if checked is None:
        labels = ", ".join(str(c.label) for c in Sector)
        row.errors.append(f"“{sector}” is not a sector: use one of {labels}.")
    else:
        row.sector = checked


def invite(*, dialogue: Dialogue, text: str, by: User) -> tuple[list[IssuedInvitation], list[BulkRow]]:
    """Invite every row that is fine (checked again now), in one transaction; return the rows skipped."""
    rows = parse(dialogue=dialogue, text=text)
    issued: list[IssuedInvitation] = []
    with transaction.atomic():
        for row in rows:
            if not row.ok:
                continue
            issued.append(
                invitation_create(
                    dialogue=dialogue,
                    email=row.email,
                    role=row.invite_as,
                    party=row.party,
                    display_name=row.name,
                    organisation=row.organisation,
                    sector=row.sector,
                    position=row.position,
                    created_by=by,
                )
            )
    return issued, [row for row in rows if not row.ok]
