"""URL converters for Sportello's own patterns.

`<id:pk>` is `<int:pk>` bounded to 18 digits: every id fits a 64-bit column, so a huge id in a hand-made
URL is a 404 like any unknown id. (Django turns most out-of-range lookups into "no row", but not a lookup
through a parent link such as a Wagtail page subclass's pk, which overflows the database driver.)
"""


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))
