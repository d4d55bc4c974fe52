"""Ids typed into URLs and forms by hand: the bounds every table accepts.

Django turns an out-of-range id in a lookup into "no row", but writing one (a click, a comment's target)
overflows the column and fails with a server error. Forms that take ids use `id_field()`, so a huge,
negative or non-numeric id is a form error like any other bad input.
"""

from django import forms

MAX_ID = 2**63 - 1  # a BigAutoField / BigIntegerField; smaller id columns simply find no row


def id_field(**kwargs):
    return forms.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)
