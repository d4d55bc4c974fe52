"""Personal data in what operators type: detected so that it is never learned into an article."""

import pytest

from search.personal_data import contains_personal_data, iban_valid, tax_code_valid


@pytest.mark.parametrize("text", [
    "mario rossi disdetta",
    "disdetta Giulia Bianchi",
    "cliente Esposito fattura",
    "RSSMRA85T10A562S",
    "rimborso rssmra85t10a562s",
    "IT60 X054 2811 1010 0000 0123 456",
    "iban IT60X0542811101000000123456",
    "333 123 4567",
    "+39 333.123.4567",
    "06 1234 5678",
    "partita iva 01234567890",
    "carta 4111 1111 1111 1111",
    "contratto 1-2345678",
    "scrivere a mario.rossi@example.com",
    "Ugo Fantozzi",
])
def test_personal_data_is_detected(text):
    assert contains_personal_data(text)


@pytest.mark.parametrize("text", [
    "disdetta fibra",
    "rimborso bolletta",
    "offerta 9,99",
    "errore 651",
    "fattura 2026",
    "codice FIB-ESTATE-27",
    "portabilità numero mobile",
    "modem non si accende",
    "costi di disattivazione",
    "conti correnti domiciliazione sepa",
    "voglio staccare tutto",
    "roaming in svizzera 5 euro",
])
def test_ordinary_searches_are_not_personal(text):
    assert not contains_personal_data(text)


def test_tax_code_check_letter_is_verified():
    assert tax_code_valid("RSSMRA85T10A562S")
    assert not tax_code_valid("RSSMRA85T10A562X")


def test_iban_checksum_is_verified():
    assert iban_valid("IT60 X054 2811 1010 0000 0123 456")
    assert not iban_valid("IT61 X054 2811 1010 0000 0123 456")
