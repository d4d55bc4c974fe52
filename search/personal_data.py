"""Does a piece of text carry a customer's personal data? Used before Sportello learns from searches.

CSRs type what is in front of them into the search box: the customer's name, tax code, phone number,
e-mail, IBAN, card or contract number. None of that may become part of an article (a learned phrasing,
search.learning). Detection errs on the side of caution: a phrase that only looks personal is dropped,
which costs one phrasing, while a leak could not be taken back.

What counts: e-mail addresses; Italian tax codes (codice fiscale, with its check letter); IBANs (mod-97
checked); any run of 7 or more digits, even split by spaces, dots, dashes or slashes (phone numbers,
VAT numbers, cards, contract and customer codes); and personal names: a capitalised pair of words, or
one of the common Italian first names or surnames below (lists kept to names that are not also ordinary
words of the trade: no "conti", "costa", "bruno", "rosa").
"""

import re
import unicodedata

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
LONG_NUMBER = re.compile(r"(?:\d[\s./-]?){6,}\d")
TAX_CODE = re.compile(
    r"\b[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]\b", re.IGNORECASE
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}\b", re.IGNORECASE)
CAPITALISED_PAIR = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ']+\s+[A-ZÀ-Ý][a-zà-ÿ']+\b")

FIRST_NAMES = set("""
alessandro alessandra alessio alberto andrea angela anna antonella antonio arianna beatrice benedetta
carlo carla caterina chiara claudio claudia cristina daniele daniela davide debora domenico elena
elisa emanuele enrico erika fabio federica federico filippo francesca francesco gabriele giacomo
gianluca giorgia giorgio giovanna giovanni giulia giulio giuseppe giuseppina ilaria laura lorenzo luca
lucia luigi manuela marco maria mario martina massimo matteo michela michele monica nicola paola
paolo patrizia pietro raffaele riccardo roberta roberto salvatore sara serena silvia simona simone
stefania stefano tommaso valentina valerio vincenzo
""".split())
SURNAMES = set("""
rossi russo ferrari esposito bianchi romano colombo ricci greco gallo mancini giordano rizzo lombardi
moretti barbieri fontana santoro mariani rinaldi caruso ferrara galli martini leone longo gentile
martinelli vitale lombardo serra coppola desantis deluca mazza cattaneo palumbo benedetti bernardi
""".split())


def fold(word):
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(ch))


def tax_code_valid(code):
    """The check letter of an Italian codice fiscale (odd/even position tables of the Ministry of Finance)."""
    odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
    code = code.upper()
    total = 0
    for position, char in enumerate(code[:15]):
        index = int(char) if char.isdigit() else ord(char) - ord("A")
        total += odd[index] if position % 2 == 0 else index
    return chr(ord("A") + total % 26) == code[15]


def iban_valid(text):
    compact = re.sub(r"\s", "", text).upper()
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in rearranged)
    return int(digits) % 97 == 1


def has_name(text):
    if CAPITALISED_PAIR.search(text):
        return True
    words = {fold(word) for word in re.findall(r"[^\W\d_]+", text)}
    return bool(words & FIRST_NAMES or words & SURNAMES)


def contains_personal_data(text):
    """True when `text` holds (or looks like it holds) someone's personal data."""
    text = text or ""
    if EMAIL.search(text) or LONG_NUMBER.search(text):
        return True
    if any(tax_code_valid(match.group()) for match in TAX_CODE.finditer(text)):
        return True
    if any(iban_valid(match.group()) for match in IBAN.finditer(text)):
        return True
    return has_name(text)
