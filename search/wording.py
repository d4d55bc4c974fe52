"""What the query layer does to the words of a query before Elasticsearch sees them.

Two jobs, both in Python because the node has no analysis module that could do them (search/analysis.py):

- Derivation both ways. Hunspell reduces a verb form to its infinitive ("attivato" → attivare,
  "disdetto" → disdire) and keeps nouns as they are, so "attivazione" never meets "attivato".
  `derived_forms` adds the other side (attivazione ↔ attivare, sospensione ↔ sospeso): regular suffixes by
  rule, irregular families by a table. A form that exists nowhere costs one term lookup and matches nothing.
- Assist mode. A customer's message ("buongiorno, volevo sapere perché il decoder non dà segni di vita")
  is mostly conversation. `content_words` drops greetings, politeness and filler so that the terms
  Elasticsearch picks as distinctive (more_like_this) are about the problem, not the greeting, and
  @handles, #, links and e-mail addresses of tweets and mails.
"""

import re

from search.analysis import fold, normalise

WORD = re.compile(r"\w+", re.UNICODE)
NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+|#", re.UNICODE)

# Families whose forms no suffix rule relates; each set is searched as one.
FAMILIES = [
    {"sospensione", "sospeso", "sospesa", "sospendere"},
    {"disdetta", "disdire", "disdetto", "disdico"},
    {"recesso", "recedere", "receduto"},
    {"connessione", "connettere", "connesso"},
    {"disconnessione", "disconnettere", "disconnesso", "disconnette"},
    {"interruzione", "interrompere", "interrotto", "interrotta"},
    {"richiesta", "richiedere", "richiesto"},
    {"risposta", "rispondere"},
    {"chiusura", "chiudere", "chiuso", "chiusa"},
    {"apertura", "aprire", "aperto"},
    {"scadenza", "scadere", "scaduto", "scaduta"},
    {"rottura", "rompere", "rotto", "rotta"},
    {"perdita", "perdere", "perso", "persa"},
    {"smarrimento", "smarrire", "smarrito", "smarrita"},
    {"spedizione", "spedire", "spedito", "spedita"},
    {"restituzione", "restituire", "restituito"},
    {"sostituzione", "sostituire", "sostituito", "sostituita"},
    {"iscrizione", "iscrivere", "iscritto"},
    {"riduzione", "ridurre", "ridotto"},
    {"promozione", "promo"},
    {"addebito", "addebitare", "addebitato", "addebitati"},
    {"rimborso", "rimborsare", "rimborsato", "rimborsi"},
    {"blocco", "bloccare", "bloccato", "bloccata"},
    {"cambio", "cambiare", "cambiato"},
    {"rinnovo", "rinnovare", "rinnovato"},
    {"ricarica", "ricaricare", "ricaricato"},
    {"consegna", "consegnare", "consegnato"},
    {"pagamento", "pagare", "pagato", "pagata"},
    {"trasloco", "traslocare", "traslocato"},
    {"furto", "rubato", "rubata", "rubare"},
    {"payment", "pay", "paid"},
    {"cancellation", "cancel", "cancelled", "canceled", "cancelling", "canceling"},
    {"withdrawal", "withdraw"},
    {"renewal", "renew"},
    {"delivery", "deliver", "delivered"},
    {"refund", "refunded", "refunds"},
]
FAMILY_OF = {form: family for family in FAMILIES for form in family}

# (suffix, replacements): noun ↔ verb, Italian first, then English.
SUFFIX_RULES = [
    ("azione", ("are", "ato", "ata")), ("azioni", ("are",)),
    ("izione", ("ire", "ito")), ("uzione", ("uire",)),
    ("amento", ("are",)), ("imento", ("ire", "ere")),
    ("are", ("azione", "amento")), ("ato", ("azione", "are")), ("ata", ("azione", "are")),
    ("ati", ("azione", "are")), ("ate", ("azione", "are")),
    ("ire", ("izione",)), ("ito", ("izione", "ire")), ("ita", ("izione", "ire")),
    ("ation", ("ate",)), ("ate", ("ation",)), ("ated", ("ation", "ate")),
]
MIN_STEM = 3

# Words that say what kind of article is wanted: "l'offerta giga" wants the offer, not a procedure
# that mentions one.
TYPE_HINTS = {
    "offer": {"offerta", "offerte", "promo", "promozione", "promozioni", "offer", "offers", "deal", "deals"},
    "defect": {"errore", "error", "bug", "difetto"},
    "crisis": {"disservizio", "blackout", "outage"},
}


def wanted_types(words):
    """The article types the words ask for by name."""
    folded = {fold(word) for word in words}
    return sorted(kind for kind, hints in TYPE_HINTS.items() if folded & hints)


# Conversation, not content: greetings, politeness, filler, feelings about the call itself.
FILLER = set("""
buongiorno buonasera buonanotte salve ciao ciaoo gentile gentili egregio spettabile cortese cortesemente
grazie mille ringrazio saluti cordiali distinti attesa riscontro scusate scusi scusa scusatemi
prego favore piacere salve allora dunque quindi praticamente cioe insomma ecco comunque tipo boh mah
beh vabbe okay ok oppure magari forse davvero veramente proprio assolutamente sinceramente ovviamente
vorrei volevo vorremmo sapere chiedere chiedo chiedevo capire domanda informazione informazioni
chiamo chiamavo scrivo scrivevo contatto contattato contattarvi aiutare aiutarmi aiuto aiutatemi
urgente urgentemente subito ancora gia sempre ormai ieri oggi stamattina stasera stanotte domani
settimana settimane giorni giorno mese mesi volte volta signora signor signore sig dott ragazzi raga
admin help please hello hi hey dear thanks thank regards sincerely sorry guys team anyone
still already today yesterday tonight morning evening week weeks days day times time
""".split())


CODE = re.compile(r"^([a-z]+)(\d{2,})$")


ABBREVIATION = re.compile(r"^[a-z]+(?:\.[a-z]+)+\.?$")


def split_code(word):
    """A code or an abbreviation typed in one piece, as the KB spells it out: "e201" → "e 201" (E-201,
    E 201), "p.iva" → "p iva" (partita IVA: the tokenizer keeps "p.iva" whole, so "iva" never met), else None."""
    folded = fold(word)
    code = CODE.match(folded)
    if code:
        return " ".join(code.groups())
    if ABBREVIATION.match(folded):
        return " ".join(part for part in folded.split(".") if part)
    return None


INTEGER = re.compile(r"^\d{1,4}$")
DECIMAL = re.compile(r"^(\d{1,4})[.,](\d{2})$")


def number_forms(word):
    """A price as the KB may write it: "5" → "5,00", "9.99" → "9,99" (the tokenizer keeps "5,00" whole)."""
    if INTEGER.match(word):
        return [f"{word},00"]
    decimal = DECIMAL.match(word)
    if decimal:
        return sorted({f"{decimal[1]},{decimal[2]}", f"{decimal[1]}.{decimal[2]}"} - {word})
    return []


SPOKEN_PRICE = re.compile(r"\b(\d{1,4}) (\d{2})\b")


def written_prices(phrase):
    """A thesaurus phrase's prices as articles write them: rules are stored as words, "9 99" → "9,99"."""
    return SPOKEN_PRICE.sub(r"\1,\2", phrase)


def derived_forms(word):
    """Other forms of `word` (folded) in its derivational family: nouns for verbs and verbs for nouns."""
    word = fold(word)
    forms = set(FAMILY_OF.get(word, ()))
    for suffix, replacements in SUFFIX_RULES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            stem = word[: -len(suffix)]
            forms.update(stem + replacement for replacement in replacements)
    forms.discard(word)
    return sorted(forms)


def content_words(text):
    """The words of a message without its conversation (greetings, thanks, filler, handles, links), as
    written: accents stay, since the stemmed fields' dictionaries need them."""
    return [word for word in WORD.findall(normalise(NOISE.sub(" ", text))) if fold(word) not in FILLER]
