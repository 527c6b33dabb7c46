"""Word lists the matchers share. Everything here is lowercase and diacritic-folded.

The lists are small and hand-kept on purpose: there is no statistical model offline, so these
words are what separates "Hope" the participant from "hope" the noun, and "General Okafor" from
"in general".
"""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

# Name particles: kept inside multi-word names ("bin Salman", "al-Rashid", "van der Berg") but
# never redacted alone, and a variant never ends on one.
PARTICLES = frozenset(
    {
        "abu", "abd", "al", "el", "ul", "ad", "ar", "as", "at", "az", "bin", "ibn", "bint", "ben", "bat",
        "ould", "wuld", "van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du",
        "la", "le", "lo", "y", "e", "zu", "ter", "ten", "mac", "mc", "ap", "st", "ni", "nic", "ua",
    }
)  # fmt: skip

# Honorifics, ranks and offices that, written before a name, belong to the mention: "Dr. Okafor"
# must not leave "Dr." behind. Matched case-insensitively, with an optional dot.
TITLE_WORDS = (
    "mr", "mrs", "ms", "mx", "miss", "madam", "madame", "mme", "mlle", "sir", "dame", "lord", "lady",
    "dr", "doctor", "prof", "professor", "rev", "reverend", "fr", "father", "sister", "imam", "sheikh",
    "shaikh", "sheik", "mullah", "rabbi", "ayatollah", "haji", "hajji", "ustaz", "ustadh", "sayyid",
    "amb", "ambassador", "excellency", "hon", "honourable", "honorable", "sen", "senator", "gov",
    "governor", "mayor", "min", "minister", "deputy", "vice", "prime", "foreign", "defence", "defense",
    "interior", "finance", "affairs", "state", "secretary", "undersecretary", "assistant",
    "special", "envoy", "consul", "chair", "chairman", "chairwoman", "chairperson", "president",
    "director", "commissioner", "judge", "justice", "gen", "general", "lt", "lieutenant", "col",
    "colonel", "maj", "major", "capt", "captain", "cmdr", "commander", "adm", "admiral", "brig",
    "brigadier", "marshal", "field", "sgt", "sergeant", "former", "ex", "retired", "late", "herr", "frau",
    "señor", "senor", "señora", "senora", "sr", "sra", "srta", "don", "doña", "dona", "ato", "woizero",
    "weizero", "thiru", "thirumathi", "tiru", "selvi", "shri", "sri", "smt", "kumari", "pan", "pani",
    "gospodin", "gospozha", "hodja", "hoca", "mister", "comrade", "elder", "chief", "nana",
)  # fmt: skip

# Written after a name: "Okafor Jr.", "Yılmaz Bey", "Tanaka-san".
POST_TITLES = (
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "bey",
    "pasha",
    "efendi",
    "hanım",
    "hanim",
    "hoca",
    "ji",
    "sahib",
    "san",
)

# Qualifiers written before a role that are part of it ("the former Deputy Foreign Minister").
ROLE_QUALIFIERS = frozenset({"former", "ex", "retired", "then", "erstwhile", "onetime", "current", "acting"})
# Leading words stripped from a role before matching it.
ROLE_LEADING = frozenset({"the", "a", "an"}) | ROLE_QUALIFIERS

MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

# Words before or after a month that make it read as a date ("in May", "May 2024", "3 May").
DATE_NEIGHBOURS = frozenset(
    {
        "in", "of", "since", "until", "till", "by", "from", "early", "late", "mid", "last", "next",
        "this", "during", "before", "after", "through", "end", "beginning", "start", "between", "and",
        "to",
    }
)  # fmt: skip

# English words that are also given names or surnames. A roster name equal to one of these is only
# matched when it is written capitalised ("Hope said" but not "we hope"). Stop words ("May", "Will",
# "He") are stricter still: capitalised and not at the start of a sentence.
COMMON_WORDS = frozenset(
    {
        "hope", "grace", "faith", "joy", "charity", "patience", "prudence", "mercy", "constance", "honor",
        "honour", "rose", "lily", "daisy", "ivy", "iris", "violet", "holly", "hazel", "heather", "pearl",
        "ruby", "amber", "crystal", "dawn", "summer", "autumn", "winter", "spring", "sunny", "sky", "rain",
        "storm", "river", "brook", "forest", "stone", "rock", "hill", "wood", "woods", "field", "fields",
        "banks", "bank", "bush", "king", "prince", "knight", "bishop", "pope", "duke", "earl", "baron",
        "marshal", "major", "general", "justice", "judge", "noble", "young", "long", "short", "small",
        "little", "strong", "rich", "white", "black", "brown", "green", "gray", "grey", "gold", "silver",
        "mark", "bill", "frank", "grant", "guy", "pat", "rob", "sue", "art", "jack", "gene", "ray", "drew",
        "chase", "miles", "wade", "cash", "cliff", "dean", "glen", "lance", "sterling", "hunter", "archer",
        "baker", "cook", "cooper", "fisher", "mason", "miller", "porter", "potter", "carter", "taylor",
        "turner", "walker", "ward", "wells", "price", "hart", "said", "islam", "jihad", "shalom", "salam",
        "salaam", "sultan", "emir", "amen", "peace", "victor", "harmony", "unity", "liberty", "temperance",
        "felicity", "destiny", "trinity", "august", "april", "june", "jan", "china", "chad", "jordan",
        "georgia", "israel", "paris", "florence", "victoria", "lincoln", "washington", "march", "may",
        "will", "bond", "nash", "page", "ball", "bell", "hall", "lane", "moss", "park", "rice", "ross",
        "shaw", "west", "north", "south", "east", "day", "sharp", "swift", "wise", "love",
        "friend", "street", "church", "bird", "fox", "wolf", "lamb", "crane", "finch", "nightingale", "amir",
    }
)  # fmt: skip

FUNCTION_WORDS = frozenset(STOP_WORDS)

# Capitalised words that follow a title or precede "said" without being a person.
NOT_NAMES = frozenset(
    {
        "assembly", "council", "staff", "secretariat", "court", "office", "affairs", "committee",
        "conference", "agreement", "accords", "accord", "treaty", "convention", "ministry", "government",
        "parliament", "senate", "congress", "commission", "union", "nations", "state", "states",
        "department", "administration", "cabinet", "republic", "kingdom", "federation", "army", "navy",
        "police", "press", "media", "delegation", "delegations", "participants", "participant",
        "delegates", "officials", "colleagues", "members", "speakers", "observers", "facilitator",
        "chair", "everyone", "someone", "nobody", "others", "both", "sides", "side", "group", "team",
        "panel", "report", "statement", "minister", "president", "general", "ambassador", "secretary",
        "the", "a", "an", "this", "that", "our", "their", "my", "your", "his", "her", "its", "we",
        "they", "i", "you", "he", "she", "it", "also", "again", "yesterday", "today", "tomorrow",
        "earlier", "later", "then", "now", "here", "there", "one", "two", "three", "first", "second",
        "last", "next", "who", "what", "which", "when", "where", "why", "how", "ok", "okay", "yes", "no",
        "thanks", "thank", "please", "sir", "madam", "mr", "mrs", "ms", "dr",
    }
)  # fmt: skip

# Fixed phrases inside which a lone name token is not a person: "Paz" in "La Paz", "Minh" in
# "Ho Chi Minh City", "Justice" in "Ministry of Justice". Only a one-word mention is shielded; a full
# name ("Villanueva Paz") never is. A city that *is* a surname on its own ("Medina") stays redacted.
SHIELD_PHRASES = (
    "la paz", "santa cruz", "san jose", "san juan", "santa fe", "la plata", "mar del plata", "buenos aires",
    "rio de janeiro", "sao paulo", "addis ababa", "tel aviv", "abu dhabi", "abu ghraib", "abu simbel",
    "new york", "new delhi", "sri lanka", "costa rica", "el salvador", "puerto rico", "hong kong",
    "kuala lumpur", "phnom penh", "ho chi minh", "le havre", "los angeles", "las vegas", "san francisco",
    "port said", "port sudan", "dar es salaam", "sharm el sheikh", "ras al khaimah", "the hague",
    "cape town", "tierra del fuego", "gaza strip", "golan heights", "mount hermon", "st petersburg",
    "saint petersburg", "nizhny novgorod", "bosnia and herzegovina", "sierra leone", "san marino",
    "santo domingo", "port louis", "port moresby", "salt lake", "halong bay", "can tho", "nong khai",
    "west bank", "world bank", "central bank", "development bank", "ministry of justice",
    "court of justice", "transitional justice", "department of justice", "justice ministry",
    "dead sea", "red sea", "black sea", "white house", "green line", "blue line", "grand mosque",
    "temple mount", "king's college", "kings college", "first world war", "rose revolution",
    "arab spring", "prague spring", "general assembly", "secretary general", "secretary-general",
    "attorney general", "inspector general", "major general", "lieutenant general", "brigadier general",
    "good friday", "march 1", "peace process", "peace talks", "peace agreement", "peace accord",
    "peace deal", "peace treaty", "peace plan", "peace conference", "peace institute",
)  # fmt: skip

# Sector cues for the k rule, keyed by the Profile.sector codes. Patterns run on folded text.
SECTOR_LABELS = {
    "former_official": "former official",
    "academic": "academic",
    "ngo": "NGO / civil society",
    "business": "business",
    "media": "media",
}
SECTOR_CUES = {
    "former_official": (
        r"(?:former|ex-?|retired)\s+(?:government\s+|senior\s+)?officials?|officials?|diplomats?"
        r"|ambassadors?|ministers?|civil\s+servants?|officers?|envoys?|consuls?"
        r"|(?:a|an|the|one|former|retired|ex-?)\s+(?:(?:former|retired|senior)\s+)?generals?"
        r"(?!\s+(?:public|assembly|agreement|consensus|sense|idea|principle|direction|view|approach"
        r"|rule|debate|framework|election|elections|population|terms|level|discussion|point|feeling"
        r"|mood|question|secretary|staff))|generals"
    ),
    "academic": r"academics?|scholars?|professors?|researchers?|lecturers?|universit(?:y|ies)",
    "ngo": (
        r"ngos?|non-?governmental|civil\s+society|activists?|think[\s-]tanks?|charit(?:y|ies)"
        r"|humanitarians?"
    ),
    "business": (
        r"business(?:es|man|men|woman|women|people|person)?|entrepreneurs?|executives?"
        r"|private\s+sector|industrialists?|bankers?|investors?|ceos?"
    ),
    "media": r"journalists?|media|reporters?|editors?|correspondents?|broadcasters?|columnists?|the\s+press",
}

# Nouns that make a sentence about a party a sentence about people from it.
PERSON_CUES = (
    r"participants?|delegates?|delegations?|members?|colleagues?|speakers?|voices?|representatives?"
    r"|attendees?|interlocutors?|someone|somebody|person|people|individuals?|experts?|observers?"
    r"|panell?ists?|one\s+of\s+(?:the|our)|a\s+man|a\s+woman|women|men|veterans?"
)

# Generic words for people in a room, sometimes followed by a number or letter: a stable pseudonym.
PSEUDONYM_NOUNS = (
    "participant", "observer", "facilitator", "speaker", "delegate", "member", "respondent",
    "interlocutor", "attendee", "panelist", "panellist", "discussant", "person", "voice", "guest",
    "expert", "contributor", "interviewee",
)  # fmt: skip
NUMBER_WORDS = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)  # fmt: skip

# Titles and verbs that put an unknown capitalised word under suspicion of being a name.
NAME_CUE_TITLES = (
    "mr", "mrs", "ms", "dr", "prof", "professor", "minister", "general", "gen", "president",
    "ambassador", "amb", "senator", "colonel", "col", "sheikh", "judge", "governor", "mayor", "chairman",
    "commander", "secretary", "madam", "sir", "rabbi", "imam", "admiral", "captain", "capt", "father",
)  # fmt: skip
SPEECH_VERBS = (
    "said", "says", "told", "argued", "argues", "noted", "notes", "stressed", "added", "asked",
    "replied", "insisted", "suggested", "claimed", "warned", "explained", "proposed", "objected",
    "agreed", "disagreed", "insists", "thinks", "believes", "mentioned", "wrote", "tweeted",
)  # fmt: skip
