# The part of PyICU that redaction/text.py uses (PyICU ships no type information).
ICU_VERSION: str
VERSION: str

class Transliterator:
    @staticmethod
    def createInstance(id: str) -> Transliterator: ...
    @staticmethod
    def getAvailableIDs() -> list[str]: ...
    def transliterate(self, text: str) -> str: ...
