"""RTF to text in one linear pass, without a library (the ones on PyPI are one big regex).

What is read: the body text (paragraphs, tables with cells split by tabs, headers and
footers, footnotes), field instructions (a HYPERLINK's "mailto:" target lives there) and
results, comments and their authors, and the document information group (title, subject,
author, last saved by, keywords, comments, company, manager, category), one field a line.

What is skipped: font, colour, style, list and revision tables, pictures and embedded object
data, theme and other binary data, and any other `{\\*\\...}` destination (marked ignorable
by the format itself).

Encoding: `\\'hh` bytes and raw 8-bit text in the document's code page (`\\ansicpgN`,
Windows-1252 by default); `\\uN` Unicode characters, skipping their `\\ucN` fallback
characters; `\\binN` binary data skipped. Group nesting is kept in a list (no recursion),
unbalanced braces are tolerated as word processors do, and each byte is looked at once.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from dataclasses import dataclass, replace

from footprint.extract.errors import ExtractError

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?"  # control word with optional parameter
    rb"|\\'([0-9a-fA-F]{2})"  # hex byte
    rb"|\\([^a-zA-Z])"  # control symbol (a stray \\' too)
    rb"|([{}])"  # group
    rb"|([^\\{}]+)",  # text run
    re.DOTALL,
)
_SKIP = frozenset(
    b"fonttbl colortbl stylesheet listtable listoverridetable revtbl rsidtbl generator "
    b"xmlnstbl pict objdata themedata colorschememapping datastore latentstyles filetbl "
    b"pgdsctbl mmathPr nonshppict blipuid passwordhash fontemb fontfile".split()
)
# Ignorable destinations that still hold text someone wrote.
_KEEP_IGNORABLE = frozenset(b"fldinst annotation atnauthor atnid company userprops".split())
_INFO = frozenset(
    b"title subject author operator keywords comment doccomm company manager category "
    b"hlinkbase propname staticval".split()
)
_BREAKS = {b"par": "\n", b"line": "\n", b"sect": "\n", b"page": "\n", b"row": "\n",
           b"lbr": "\n", b"tab": "\t", b"cell": "\t", b"nestcell": "\t",
           b"emdash": "\u2014", b"endash": "\u2013", b"bullet": "\u2022",
           b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c",
           b"rdblquote": "\u201d", b"emspace": " ", b"enspace": " ", b"qmspace": " "}  # fmt: skip
_SYMBOLS = {b"~": " ", b"-": "", b"_": "-", b"\\": "\\", b"{": "{", b"}": "}",
            b"\n": "\n", b"\r": "\n", b"\t": "\t"}  # fmt: skip
_CODE_PAGES = {b"mac": "mac_roman", b"pc": "cp437", b"pca": "cp850"}
_MAX_UC = 16


@dataclass(frozen=True)
class _Group:
    skip: bool = False
    uc: int = 1  # fallback characters after each \uN
    line: bool = False  # an information field: on a line of its own


def rtf_text(content: bytes) -> str:
    start = content[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"{\\rtf"):
        raise ExtractError("not an RTF file (no {\\rtf header)")
    return _Reader(content).run()


class _Reader:
    def __init__(self, content: bytes) -> None:
        self.content = content
        self.out: list[str] = []
        self.pending = bytearray()  # undecoded bytes in the document's code page
        self.encoding = "cp1252"
        self.group = _Group()
        self.stack: list[_Group] = []
        self.fallback = 0  # characters still to skip after a \uN
        self.high_surrogate = 0

    def run(self) -> str:
        content, pos, end = self.content, 0, len(self.content)
        group_start = ignorable = False
        while pos < end:
            m = _TOKEN.match(content, pos)
            if m is None:  # a lone backslash at the very end
                break
            pos = m.end()
            word, param, hexbyte, symbol, brace, text = m.groups()
            if brace is not None:
                self._flush()
                self.fallback = 0
                if brace == b"{":
                    self.stack.append(self.group)
                    group_start, ignorable = True, False
                else:
                    if self.group.line and not self.group.skip:
                        self.out.append("\n")
                    self.group = self.stack.pop() if self.stack else _Group()
                    group_start = False
                continue
            if symbol == b"*" and group_start:
                ignorable = True
                continue
            if word is not None:
                if group_start:
                    self._destination(word, ignorable)
                group_start = False
                if word == b"bin" and param:
                    pos += min(max(int(param), 0), end - pos)  # raw bytes, never text
                    continue
                self._word(word, param)
                continue
            group_start = False
            if self.group.skip:
                continue
            if hexbyte is not None:
                self._byte(bytes([int(hexbyte, 16)]))
            elif symbol is not None:
                if self._skipped_fallback():
                    continue
                self._flush()
                self.out.append(_SYMBOLS.get(symbol, ""))
            else:
                self._byte(text.replace(b"\r", b"").replace(b"\n", b""))
        self._flush()
        lines = (" ".join(line.split()) for line in "".join(self.out).splitlines())
        return "\n".join(line for line in lines if line)

    def _destination(self, word: bytes, ignorable: bool) -> None:
        if word in _SKIP or (ignorable and word not in _KEEP_IGNORABLE):
            self.group = replace(self.group, skip=True)
        elif word in _INFO or word in (b"annotation", b"atnauthor"):
            self.group = replace(self.group, line=True)
            self._flush()
            self.out.append("\n")

    def _word(self, word: bytes, param: bytes | None) -> None:
        if word == b"uc" and param is not None:
            self.group = replace(self.group, uc=min(max(int(param), 0), _MAX_UC))
        elif word == b"ansicpg" and param is not None:
            self._code_page(f"cp{int(param)}")
        elif word in _CODE_PAGES:
            self._code_page(_CODE_PAGES[word])
        elif self.group.skip:
            return
        elif word == b"u" and param is not None:
            self._flush()
            self._unicode(int(param))
            self.fallback = self.group.uc
        elif self._skipped_fallback():
            return
        elif word in _BREAKS:
            self._flush()
            self.out.append(_BREAKS[word])

    def _code_page(self, name: str) -> None:
        with contextlib.suppress(LookupError):  # an unknown code page: keep the current one
            self.encoding = codecs.lookup(name).name

    def _unicode(self, code: int) -> None:
        if code < 0:
            code += 65536  # RTF writes code points above 32767 as negative numbers
        if 0xD800 <= code < 0xDC00:
            self.high_surrogate = code
            return
        if 0xDC00 <= code < 0xE000 and self.high_surrogate:
            code = 0x10000 + ((self.high_surrogate - 0xD800) << 10) + (code - 0xDC00)
        elif not 0 <= code < 0x110000 or 0xD800 <= code < 0xE000:
            code = 0xFFFD
        self.high_surrogate = 0
        self.out.append(chr(code))

    def _skipped_fallback(self) -> bool:
        if self.fallback:
            self.fallback -= 1
            return True
        return False

    def _byte(self, data: bytes) -> None:
        if self.fallback:
            cut = min(self.fallback, len(data))
            self.fallback -= cut
            data = data[cut:]
        self.pending += data

    def _flush(self) -> None:
        if self.pending:
            self.out.append(self.pending.decode(self.encoding, errors="replace"))
            self.pending.clear()
