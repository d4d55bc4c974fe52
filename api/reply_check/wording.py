"""How the guard reads a draft and the rules it is checked against: the same normalisation on both sides.

Text is folded as search folds it (search.analysis.fold: lower case, no accents, no elided articles, so
"L’attivazione è gratuita" and "l'attivazione e gratuita" read the same), split into words, function
words dropped, and each word reduced by Lucene's light Italian stemmer (Savoy's algorithm, the one behind
Elasticsearch's `light_italian` filter): "rimborsi", "rimborso" → "rimbors". Plurals and gender meet;
that is the tolerance a lightly reworded sentence needs, and no more.
"""

import re
from decimal import Decimal, InvalidOperation

from search.analysis import fold, normalise

WORD = re.compile(r"\w+", re.UNICODE)
# A sentence ends at . ! ? ; or a line break, but not inside a number ("29.90", "1.000").
SENTENCE_END = re.compile(r"(?<!\d)[.!?;]+(?!\d)|[.!?;]+(?=\s)|\n+")
BULLET = re.compile(r"^\s*(?:[-*•·–]|\d+[.)])\s*")

STOP_WORDS = frozenset("""
il lo la i gli le l un uno una di a da in con su per tra fra del dello della dei degli delle al allo alla ai
agli alle dal dallo dalla dai dagli dalle nel nello nella nei negli nelle sul sullo sulla sui sugli sulle col
coi e ed o od ma se che chi cui come anche pure poi piu gia mi ti ci vi si ne lo gli le suo sua suoi sue
mio mia miei mie tuo tua tuoi tue nostro nostra vostro vostra loro lei lui noi voi io tu esso essa questo
questa questi queste quello quella quelli quelle e sono sei siamo siete era erano sara saranno essere stato
stata stati state ho hai ha abbiamo avete hanno avere aveva c ce molto tutto tutti tutta tutte ogni
qui qua li la cosi allora quindi dunque perche quando dove
the a an and or but if of to in on at for with by from is are was were be been being it its this that these
those you your we our they their he she him her i me my as so do does did have has had will would can could
""".split())

# The instruction that opens an item of "what not to say" is not what is said: "Non promettere rimborsi"
# forbids saying "rimborsi", and a draft promising one never contains "promettere".
DIRECTIVE = re.compile(
    r"^(?:(?:non|mai|evitare di|evita di|vietato)\s+)"
    r"(?:(?:dire|promettere|parlare|citare|menzionare|nominare|indicare|dare|fornire|garantire|comunicare|"
    r"confermare|attribuire|annunciare|usare|scrivere|ipotizzare|anticipare|assicurare|fare|suggerire|"
    r"consigliare)\w*(?:\s*:)?\s+)"
    r"(?:(?:che|di|del|della|dei|delle|a|ad|mai|nessun\w*|alcun\w*)\s+)*"
    r"|^(?:do not|don't|never|avoid)\s+(?:say\w*|promis\w*|mention\w*|blam\w*|give|quot\w*|confirm\w*|"
    r"guarantee\w*|us\w*|talk\w*)\s+(?:that\s+|about\s+)?"
)


def light_stem(word):
    """Lucene's ItalianLightStemmer on a folded word: the final vowel (and an "i"/"h" before it) goes."""
    if len(word) < 6:
        return word
    last, before = word[-1], word[-2]
    if last in "ei" and before in "ih":
        return word[:-2]
    if last in "ao" and before == "i":
        return word[:-2]
    if last in "aeio":
        return word[:-1]
    return word


def stems(text):
    """The content words of `text`, folded and stemmed, in order."""
    return [light_stem(word) for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


def sentences(text):
    """(start, end) spans of the sentences of `text`, as written, without their surrounding spaces."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        piece = text[begin:end]
        stripped = piece.strip()
        if stripped:
            offset = begin + len(piece) - len(piece.lstrip())
            result.append((offset, offset + len(stripped)))
    return result


def forbidden_items(text):
    """The items of a crisis's "what not to say": one per line or sentence, bullets and the instruction
    ("Non dire che…") removed, as (wording as written, stems). After an instruction, a colon opens why
    ("Non promettere rimborsi: verranno comunicati se previsti"): that is not what is said, and its words
    would make the item too long for a draft to match."""
    items = []
    for begin, end in sentences(normalise(text)):
        written = BULLET.sub("", normalise(text)[begin:end]).strip()
        folded = fold(written)
        said = DIRECTIVE.sub("", folded).strip()
        if said != folded.strip():
            said = said.split(":", 1)[0]
        words = stems(said)
        if words:
            items.append((written, words))
    return items


# A price with its currency on either side: "29,90 €", "€29.90", "29.90 euro", "29 euro", "EUR 5,00".
PRICE = re.compile(
    r"(?:€|\beur(?:o|i)?\b)\s*(\d{1,4}(?:[.,]\d{1,2})?)(?!\d)"
    r"|(?<![\d.,])(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:€|\beur(?:o|i)?\b)",
    re.IGNORECASE,
)


def amount(written):
    """Decimal("29.90") for "29,90" or "29.90"; None if it is not a number."""
    try:
        return Decimal(written.replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def prices(text):
    """[(start, end, Decimal amount)] of the prices written with a currency in `text`."""
    found = []
    for match in PRICE.finditer(text):
        value = amount(match.group(1) or match.group(2))
        if value is not None:
            found.append((match.start(), match.end(), value))
    return found


CODE_PART = re.compile(r"[A-Za-z0-9]+")


def compact_code(code):
    """An offer code without case or separators: "FIBRA-100_2025" → "fibra1002025"."""
    return "".join(CODE_PART.findall(fold(code)))


def code_candidates(text, longest=4):
    """(start, end, compact) for each run of up to `longest` adjacent alphanumeric parts of `text`, so a
    code typed as "FIBRA 100", "fibra-100" or "FIBRA100" is found whatever the separator."""
    parts = [(match.start(), match.end(), match.group().lower()) for match in CODE_PART.finditer(text)]
    for index in range(len(parts)):
        joined = ""
        for offset in range(longest):
            if index + offset >= len(parts):
                break
            start, end, part = parts[index + offset]
            if offset and start - parts[index + offset - 1][1] > 1:
                break  # only one separator character between the parts of a code
            joined += part
            yield parts[index][0], end, joined
