"""Finding roster identifiers in text: names, organisations, roles, emails, phones, handles.

`RosterMatcher` is built once per roster. Names, organisations and roles are looked up token by
token on the folded text: at each word, consecutive words separated by at most a space, hyphen,
apostrophe or an initial's dot are concatenated while the concatenation is a prefix of some variant,
and the longest variant wins. That makes one lookup per ordinary word, and makes "Abu Bakr",
"Abu-Bakr", "AbuBakr", "Müller", "Muller", "Mueller" and "O k a f o r" all hit.
"""

from __future__ import annotations

import re
from collections import Counter

from .diminutives import nickname_aliases
from .figures import FigureIndex
from .lexicon import (
    COMMON_WORDS,
    DATE_NEIGHBOURS,
    FUNCTION_WORDS,
    MONTHS,
    POST_TITLES,
    ROLE_LEADING,
    ROLE_QUALIFIERS,
    SHIELD_PHRASES,
    SPEECH_VERBS,
    TITLE_WORDS,
)
from .loose import LooseIndex
from .nearmiss import NOT_FUZZY as _NOT_FUZZY
from .nearmiss import Fuzzy, NearMisses, RosterMatch
from .nearmiss import gap_ok as _gap_ok
from .parties import party_forms
from .roles import RoleParaphrases
from .roster import Roster
from .spelling import is_dictionary_word
from .text import WORD_RE, FoldedText, fold, fold_text, is_capitalised, starts_sentence, words
from .variants import Strictness, Variant, acronym_of, form_strictness, is_acronym, name_forms, phrase_forms
from .wordnames import word_use

_KIND_RANK = {"participant": 0, "organisation": 1, "role": 2}
_NEXT_WORD = re.compile(r"(?: |-)([^\W\d_][^\W_]*(?:['’][^\W_]+)?)(?![^\W_])")
_PREVIOUS_WORD = re.compile(r"(?<![^\W_])([^\W\d_][^\W_]*)(?: |-)$")
_POST_TITLES = frozenset(POST_TITLES)
# After a sentence-initial "May" or "Paco", words that make it the person ("Paco also said").
_NAME_FOLLOWERS = frozenset(
    {"also", "then", "later", "again", "too", "himself", "herself", "replied", "answered"}
)
_LONE_LETTER = re.compile(r"(?<![^\W_])[^\W\d_](?![^\W_])")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])\+?\d[\d\s().\-/]{5,22}\d(?!\w)")


def _alternation(items: list[str]) -> str:
    return "|".join(sorted(items, key=len, reverse=True))


class RosterMatcher(NearMisses):
    """Compiled lookups for one roster; `find` is safe to call from many threads."""

    def __init__(self, roster: Roster, k: int) -> None:
        self.roster = roster
        self.party_forms = party_forms(roster)
        never_alone = frozenset(f for f in self.party_forms if " " not in f)
        self.entries: dict[str, Variant] = {}
        extra_titles: set[str] = set()
        person_forms: set[tuple[str, ...]] = set()
        for person in roster.people:
            for name in (person.name, *person.aliases):
                for form in name_forms(name):
                    person_forms.add(tuple(t.rstrip(".") for t in form))
                    self._add(form, "participant", form_strictness(form, never_alone))
            for name in nickname_aliases(person.name):
                for form in name_forms(name):
                    strictness = form_strictness(form, never_alone)
                    # A diminutive that is an English word ("Sandy", "Pat") counts only written as a name.
                    if len(form) == 1 and is_dictionary_word(form[0]):
                        strictness = max(strictness, Strictness.MID_SENTENCE)
                    self._add(form, "participant", strictness)
            # As typed and folded: the title pattern runs on the original text ("Hanım", "Hanim").
            extra_titles.update(
                w for w in (*person.title.lower().split(), *words(fold(person.title))) if len(w) > 1
            )
        self._add_organisations(roster)
        self._add_roles(roster, k)
        self.paraphrases = RoleParaphrases(roster, k)
        self.prefixes = frozenset(v[:i] for v in self.entries for i in range(1, len(v) + 1))
        # Fuzzy candidates: distinctive name tokens and whole compact names of five letters or more.
        self.fuzzy_names = sorted(
            c
            for c, v in self.entries.items()
            if v.kind == "participant" and len(c) >= 5 and v.strictness == Strictness.ANY_CASE
        )
        self.figures = FigureIndex(
            frozenset("".join(words(fold(n))) for p in roster.people for n in (p.name, *p.aliases))
        )
        self.loose = LooseIndex(
            person_forms,
            lambda c: (
                (v := self.entries.get(c)) is not None
                and v.kind == "participant"
                and v.strictness == Strictness.ANY_CASE
            ),
        )
        self._compile(roster, extra_titles)

    # -- building -------------------------------------------------------------------------------
    def _add(self, form: tuple[str, ...], kind: str, strictness: Strictness) -> None:
        # Initials come from name_forms as "l." tokens; the dot is only a marker.
        initials = sum(t.endswith(".") for t in form)
        form = tuple(t.rstrip(".") for t in form)
        compact = "".join(form)
        if not compact:
            return
        old = self.entries.get(compact)
        variant = Variant(compact, kind, strictness, len(form) == 1 and form[0] in MONTHS, initials)
        if old is None or (_KIND_RANK[kind], initials, strictness) < (
            _KIND_RANK[old.kind],
            old.initials,
            old.strictness,
        ):
            self.entries[compact] = variant

    def _add_organisations(self, roster: Roster) -> None:
        self.acronyms: set[str] = set()
        for person in roster.people:
            for name in filter(None, (person.organisation, *person.organisation_aliases)):
                if is_acronym(name):
                    self.acronyms.add(name.replace(".", ""))
                    continue
                form = phrase_forms(name)
                if form:
                    self._add(form, "organisation", form_strictness(form, frozenset()))
                if acronym := acronym_of(name):
                    self.acronyms.add(acronym)

    def _add_roles(self, roster: Roster, k: int) -> None:
        # A role identifies when fewer than k people in the room held it.
        holders: Counter[tuple[str, ...]] = Counter()
        for person in roster.people:
            forms: set[tuple[str, ...]] = set()
            for role in person.roles:
                form = phrase_forms(role, ROLE_LEADING)
                if form:
                    forms.add(form)
                    # "deputy foreign minister of armenia" is also written without the party.
                    # A one-word head ("ambassador" of "ambassador to bolivia") is too generic.
                    for cut in (i for i, t in enumerate(form) if t in {"of", "to", "for"} and i > 1):
                        if " ".join(form[cut + 1 :]) in self.party_forms:
                            forms.add(form[:cut])
            holders.update(forms)
        for form, count in holders.items():
            if count < k:
                self._add(form, "role", Strictness.ANY_CASE)

    def _compile(self, roster: Roster, extra_titles: set[str]) -> None:
        titles = {re.escape(t.rstrip(".")) for t in (*TITLE_WORDS, *extra_titles) if t.rstrip(".")} | {
            r"h\.\s?e"
        }
        self._title_before = re.compile(
            rf"(?:(?<![^\W_])(?:{_alternation(list(titles))})(?:\.\s*|\s+|-)(?:of\s+(?:the\s+)?)?)+$", re.I
        )
        post = _alternation([re.escape(t) for t in POST_TITLES if t != "san"])
        self._title_after = re.compile(rf"(?:,?[\s-]+(?:{post})\.?|-san)(?![^\W_])", re.I)  # used with .match
        quals = _alternation([re.escape(q) for q in ROLE_QUALIFIERS])
        self._qualifier_before = re.compile(rf"(?:(?<![^\W_])(?:{quals})(?:\s+|-))+$", re.I)
        self._shield = re.compile(
            _alternation([re.escape(p).replace(r"\ ", r"[\s-]+") for p in SHIELD_PHRASES])
        )

        def literal(items: set[str], flags: int) -> re.Pattern[str] | None:
            if not items:
                return None
            return re.compile(
                rf"(?<![\w.@])(?:{_alternation([re.escape(i) for i in items])})(?![\w@])", flags
            )

        self._acronym_re = literal(
            self.acronyms | {".".join(a) + "." for a in self.acronyms} | {".".join(a) for a in self.acronyms},
            0,
        )
        self._email_re = literal({e for p in roster.people for e in p.emails}, re.I)
        handles: set[str] = set()
        for person in roster.people:
            for handle in person.handles:
                handles.add(handle if handle.startswith("@") else "@" + handle)
                bare = handle.lstrip("@")
                # Bare handles only when they cannot be an ordinary word.
                if len(bare) >= 4 and fold(bare) not in COMMON_WORDS | FUNCTION_WORDS:
                    handles.add(bare)
        self._handle_re = literal(handles, re.I)
        self._phone_suffixes = frozenset(
            d[-9:] for p in roster.people for phone in p.phones if len(d := re.sub(r"\D", "", phone)) >= 7
        )
        cjk = sorted({c for c in self.entries if _CJK.search(c)}, key=len, reverse=True)
        self._cjk_re = re.compile("|".join(map(re.escape, cjk))) if cjk else None

    # -- matching -------------------------------------------------------------------------------
    def find(self, text: str, *, fuzzy: Fuzzy = "off", ambiguous: bool = False) -> list[RosterMatch]:
        """Every roster identifier in `text`, sorted by position.

        fuzzy="capitalised" also catches capitalised near-misses of names ("Mohamed" for
        "Mohammed"), "all" any word; ambiguous=True also returns mentions that read as ordinary
        words here (with `ambiguous` set) instead of dropping them.
        """
        ft = fold_text(text)
        spans = [(m.start(), m.end()) for m in WORD_RE.finditer(ft.folded)]
        tokens = [ft.folded[a:b] for a, b in spans]
        found: list[RosterMatch] = []
        # Public figures' names are taken first and never searched for participants (figures.py).
        used = [False] * len(tokens)
        for first, last in self.figures.token_ranges(ft, spans, tokens, _gap_ok):
            used[first : last + 1] = [True] * (last + 1 - first)
        protected = used.copy()
        shield: list[tuple[int, int]] | None = None
        i = 0
        while i < len(tokens):
            candidates: list[tuple[int, Variant]] = []
            compact = tokens[i]
            j = i
            while compact in self.prefixes and not protected[j]:
                if (variant := self.entries.get(compact)) is not None:
                    candidates.append((j, variant))
                j += 1
                if j >= len(tokens) or not _gap_ok(ft.folded[spans[j - 1][1] : spans[j][0]], tokens[j - 1]):
                    break
                compact += tokens[j]
            # The longest form that reads as a name here wins: "Shenka's" is not "Shenka S.".
            chosen: tuple[int, Variant, str] | None = None
            for last, variant in reversed(candidates):
                start, end = ft.span(spans[i][0], spans[last][1])
                verdict = ""
                if variant.strictness > Strictness.ANY_CASE or last == i or variant.initials:
                    if shield is None:
                        shield = [ft.span(*m.span()) for m in self._shield.finditer(ft.folded)]
                    verdict = self._verdict(text, variant, start, end, tokens, i, last, shield)
                if verdict != "skip":
                    chosen = (last, variant, verdict)
                    break
            if chosen is None or (chosen[2] and not ambiguous):
                i += 1
                continue
            last, variant, verdict = chosen
            start, end = ft.span(spans[i][0], spans[last][1])
            found.append(self._extend(text, RosterMatch(start, end, variant.kind, ambiguous=verdict)))
            for index in range(i, last + 1):
                used[index] = True
            i = last + 1
        if fuzzy != "off":
            found += self._loose(text, ft, spans, tokens, used, fuzzy)
            found += self._fuzzy(text, ft, spans, tokens, used, fuzzy)
        found += self._literals(text, ft)
        found += [
            self._extend(text, RosterMatch(p.start, p.end, p.kind)) for p in self.paraphrases.find(text)
        ]
        return sorted(found, key=lambda m: (m.start, -m.end))

    def figure_spans(self, text: str) -> list[tuple[int, int]]:
        """Original spans of public figures' names in `text` (kept, and not unknown names)."""
        ft = fold_text(text)
        spans = [(m.start(), m.end()) for m in WORD_RE.finditer(ft.folded)]
        tokens = [ft.folded[a:b] for a, b in spans]
        return [
            ft.span(spans[first][0], spans[last][1])
            for first, last in self.figures.token_ranges(ft, spans, tokens, _gap_ok)
        ]

    def _verdict(
        self,
        text: str,
        variant: Variant,
        start: int,
        end: int,
        tokens: list[str],
        first: int,
        last: int,
        shield: list[tuple[int, int]],
    ) -> str:
        """ "" to keep the match, "skip" to drop it, or why it may be an ordinary word."""
        if first == last and any(a <= start and end <= b for a, b in shield):
            return "skip"
        if variant.initials:
            letters = list(_LONE_LETTER.finditer(text, start, end))
            if len(letters) != variant.initials or not all(
                m.group().isupper() and text[m.end() : m.end() + 1] == "." for m in letters
            ):
                return "skip"  # "LK" or "tamar s" are not initials; "L.K." and "Tamar S." are
        if variant.strictness == Strictness.ANY_CASE:
            return ""
        if variant.strictness == Strictness.NEVER_ALONE or not is_capitalised(text, start):
            return "skip"
        if self._title_before.search(text[max(0, start - 40) : start]):
            return ""  # "Ms. Will", "Dr. Hope", "Mr May": a title makes it a name
        if variant.strictness == Strictness.CAPITALISED and first == last:
            if verdict := word_use(text, start, end, tokens[last + 1] if last + 1 < len(tokens) else ""):
                return verdict
        if variant.strictness == Strictness.MID_SENTENCE and starts_sentence(text, start):
            # "May I add ..." is the verb; "May, your view?" and "May said" are the person.
            following = tokens[last + 1] if last + 1 < len(tokens) else ""
            if not (
                text[end : end + 1] in {",", ":"}
                or text[end : end + 2] in {" -", " –", " —"}
                or following in SPEECH_VERBS
                or following in _NAME_FOLLOWERS
            ):
                return "skip"
        if variant.month:
            before = tokens[first - 1] if first > 0 else ""
            after = tokens[last + 1] if last + 1 < len(tokens) else ""
            if before in DATE_NEIGHBOURS or before.isdigit() or after.isdigit():
                return "it reads as a date here"
        return ""

    def _name_like(self, word: str, hyphen: bool = False) -> bool:
        """A capitalised word that is not a title or party; with a space before it, not an English
        word either (with a hyphen it is part of the name: "Barghouti-Smith")."""
        folded = fold(word)
        return (
            word[:1].isupper()
            and len(folded) > 1
            and folded not in _NOT_FUZZY
            and folded not in _POST_TITLES
            and folded not in self.party_forms
            and (hyphen or not is_dictionary_word(folded))
        )

    def _whole_name(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Take in the capitalised words written next to a participant's name that are not English
        words ("Nadia Barghouti-Smith", "Marwan Okafor"): the whole name sequence is replaced, so no
        fragment of it is left beside the placeholder to point at someone."""
        while (m := _NEXT_WORD.match(text, end)) and self._name_like(m.group(1), text[end] == "-"):
            end = m.end()
        while (m := _PREVIOUS_WORD.search(text, max(0, start - 40), start)) and self._name_like(m.group(1)):
            if starts_sentence(text, m.start(1)) and fold(m.group(1)) in FUNCTION_WORDS:
                break
            start = m.start(1)
        return start, end

    def _extend(self, text: str, match: RosterMatch) -> RosterMatch:
        """Take in the title before a name ("Dr.", "Gen.") or the qualifier before a role ("former")."""
        start, end = match.start, match.end
        if match.kind == "participant":
            # Korean writes a name and its particles as one word ("이강민은"): take the whole word,
            # so no syllable of the name is left beside the placeholder.
            while start > 0 and _HANGUL.match(text, start - 1) and _HANGUL.match(text, start):
                start -= 1
            while end < len(text) and _HANGUL.match(text, end) and _HANGUL.match(text, end - 1):
                end += 1
            start, end = self._whole_name(text, start, end)
            window = text[max(0, start - 120) : start]
            if m := self._title_before.search(window):
                start -= len(window) - m.start()
            if m := self._title_after.match(text, end):
                end = m.end()
        elif match.kind == "role":
            window = text[max(0, start - 60) : start]
            if m := self._qualifier_before.search(window):
                start -= len(window) - m.start()
        return RosterMatch(start, end, match.kind, match.fuzzy, match.ambiguous)

    def _literals(self, text: str, ft: FoldedText) -> list[RosterMatch]:
        found: list[RosterMatch] = []
        for pattern, kind in (
            (self._acronym_re, "organisation"),
            (self._email_re, "email"),
            (self._handle_re, "contact"),
        ):
            if pattern is not None:
                found += [RosterMatch(m.start(), m.end(), kind) for m in pattern.finditer(text)]
        if self._phone_suffixes:
            for m in _PHONE_CANDIDATE.finditer(text):
                digits = re.sub(r"\D", "", m.group())
                if len(digits) >= 7 and digits[-9:] in self._phone_suffixes:
                    found.append(RosterMatch(m.start(), m.end(), "phone"))
        if self._cjk_re is not None:
            for m in self._cjk_re.finditer(ft.folded):
                found.append(RosterMatch(*ft.span(*m.span()), "participant"))
        return found
