"""Keep lexbor's work linear: rewrite risky HTML into a shallow, well-nested page first.

An HTML parser does work proportional to the depth of its stack of open elements for most
insertions, and runs repair algorithms on misnested markup. So deep nesting (100k nested <div>:
38 s), misnested formatting elements (the adoption agency and the reconstruction of formatting
elements: 150 KB took 37 s and gigabytes), a <select> with many options and a tag with many
attributes all cost quadratic time or worse inside lexbor.

`looks_risky` is a cheap count-based test (C-speed, on 4 KB chunks); pages it flags are
rewritten by `bound_tree`, one forward pass that never re-reads input:

- every kept start tag gets an explicit end tag, in nesting order, so the parser sees
  well-nested markup and never repairs; its stack stays within a constant of ours;
- start tags beyond MAX_DEPTH open elements, and options beyond MAX_OPTIONS in one select,
  are dropped (their text stays, so details deep inside are still found);
- tags are re-emitted bare: extraction reads attribute values from the original bytes, and
  keeps only script type= and data-cfemail= from the tree;
- comments are dropped (extraction reads them from the original bytes), script and style
  bodies too unless a script holds JSON, and other raw text (title, textarea, xmp, CDATA ...)
  becomes escaped plain text, so the parser tokenizes the output exactly as this pass did.

What the output means structurally may differ from what a browser builds for the same
misnested page; its text, in document order, is the same.
"""

from __future__ import annotations

import re
from itertools import repeat

MAX_DEPTH = 256
MAX_OPTIONS = 256
_RISKY_DEPTH = MAX_DEPTH // 2
_RISKY_OPTIONS = MAX_OPTIONS
_CHUNK = 2048
_LONG_TAG = 8192
_VOID_ALLOWANCE = 32  # per chunk: <img>, <br>, <input>, <meta> ... and unclosed <p>, <li>
_SMALL = 2048  # fewer tags than this cannot make lexbor slow, however they nest

_WS = rb"\t\n\f\r "
# A tag after its "<": name, then attributes exactly as the HTML tokenizer splits them (a quote
# opens a value only after "="; an unterminated value runs to the end). Possessive throughout:
# each byte is read once, and a tag with no ">" fails only at the end of the input.
_ATTRIBUTES = (
    rb"(?:[\t\n\f\r /]++|[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    rb"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)|[^\t\n\f\r >]*+))?+)*+"
)
# The next markup: a tag (group 3 is empty when the input ends inside it), or "<!--",
# "<![CDATA[", "</>", or another "<!", "<?" or "</". A "<" before anything else is text.
_NEXT = re.compile(
    rb"<(?:(/?)([A-Za-z][^\t\n\f\r />]*+)" + _ATTRIBUTES + rb"(>|\Z)"
    rb"|(!--)|(!\[CDATA\[)|(/>)|([!?/]))"
)
_TAG = re.compile(rb"/?([A-Za-z][^\t\n\f\r />]*+)" + _ATTRIBUTES + rb">")
_TYPE = re.compile(rb"[\t\n\f\r /]type[\t\n\f\r ]*=[\t\n\f\r ]*[\"']?([\w/+.-]*)", re.IGNORECASE)
_CFEMAIL = re.compile(rb"data-cfemail[\t\n\f\r ]*=[\t\n\f\r ]*[\"']?([0-9a-fA-F]*)", re.IGNORECASE)

_VOID = frozenset(
    b"area base basefont bgsound br col embed frame hr image img input keygen link meta param "
    b"source track wbr".split()
)
_DROPPED_RAW = frozenset((b"script", b"style"))
# Raw text whose content the page shows: emitted as escaped text, without the element.
_TEXT_RAW = frozenset(b"title textarea xmp iframe noembed noframes".split())
_IGNORED = frozenset((b"html", b"head", b"body"))
_CLOSES_P = frozenset(
    b"address article aside blockquote center details dialog dir div dl fieldset figcaption "
    b"figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 "
    b"h6 pre listing form li dd dt table hr xmp plaintext".split()
)
_HEADINGS = frozenset(b"h1 h2 h3 h4 h5 h6".split())
# Elements an implied close does not reach past (a coarse union of the parser's scopes).
_BARRIERS = frozenset(
    b"applet caption html table td th marquee object template button select ul ol dl svg "
    b"math".split()
)
_TABLE_SECTIONS = frozenset(b"tbody thead tfoot caption colgroup".split())
# Start tags that need more than a push (raw text, voids, implied closes, counters).
_SPECIAL = (
    _VOID
    | _DROPPED_RAW
    | _TEXT_RAW
    | _IGNORED
    | _HEADINGS
    | _TABLE_SECTIONS
    | frozenset(
        b"plaintext image li dd dt option optgroup a nobr button select form td th tr table".split()
    )
)


def looks_risky(content: bytes) -> bool:
    """Whether `content` might make the parser slow: deep or unclosed nesting, many options,
    or a very long tag. A few byte counts per 2 KB chunk (about 1 ms per MB), tuned so
    ordinary pages pass untouched.

    Depth is estimated at chunk boundaries as opens minus closes, less an allowance per chunk
    for void elements, never below 0. A heuristic: pages built to slip past it (fake closes
    in comments, slow growth) are still bounded by the per-document deadline.
    """
    if content.count(b"<opt") + content.count(b"<OPT") > _RISKY_OPTIONS:
        return True
    size = len(content)
    starts, ends = range(0, size, _CHUNK), range(_CHUNK, size + _CHUNK, _CHUNK)
    # map() keeps the per-chunk counting in C; the loops below only do integer arithmetic.
    last_gt = map(content.rfind, repeat(b">"), starts, ends)
    last_lt = map(content.rfind, repeat(b"<"), starts, ends)
    in_tag = 0  # bytes since the start of a tag still open at the end of the last chunk
    for end, gt, lt in zip(ends, last_gt, last_lt, strict=True):
        if lt > gt and content[lt + 1 : lt + 2].isalpha():
            in_tag = in_tag + _CHUNK if gt == -1 and in_tag else end - lt
        elif gt == -1 and in_tag:
            in_tag += _CHUNK
        else:
            in_tag = 0
        if in_tag >= _LONG_TAG:
            return True  # one tag of many attributes
    if content.count(b"<") < _SMALL:
        return False
    opens = map(content.count, repeat(b"<"), starts, ends)
    closes = map(content.count, repeat(b"</"), starts, ends)
    depth = 0
    for tags, closing in zip(opens, closes, strict=True):
        depth = max(0, depth + tags - 2 * closing - _VOID_ALLOWANCE)
        if depth > _RISKY_DEPTH:
            return True
    return False


class _Finder:
    """Next match of a pattern at or after a position, searching each stretch of input once:
    a miss is remembered, so many unterminated openers do not each read to the end."""

    def __init__(self, pattern: re.Pattern[bytes], content: bytes) -> None:
        self._pattern = pattern
        self._content = content
        self._found: re.Match[bytes] | None = None
        self._from = -1
        self._none_after = len(content) + 1

    def search(self, pos: int) -> re.Match[bytes] | None:
        if pos >= self._none_after:
            return None
        if self._found is not None and self._from <= pos <= self._found.start():
            return self._found
        self._found = self._pattern.search(self._content, pos)
        self._from = pos
        if self._found is None:
            self._none_after = pos
        return self._found


def _escape(raw: bytes) -> bytes:
    return raw.replace(b"&", b"&amp;").replace(b"<", b"&lt;")


class _Rewriter:
    def __init__(self, content: bytes) -> None:
        self.content = content
        self.out: list[bytes] = []
        self.stack: list[bytes] = []
        self.where: dict[bytes, list[int]] = {}  # name -> its indices in the stack
        self.barriers: list[int] = []  # stack indices of _BARRIERS elements
        self.dropped: dict[bytes, int] = {}  # start tags dropped, per name, awaiting their end
        self.options: list[int] = []  # options seen in each open select
        self.finders: dict[bytes, _Finder] = {}
        self.cfemail = b"data-cfemail" in content.lower()

    # -- the stack ----------------------------------------------------------------------------

    def push(self, name: bytes, tag: bytes) -> None:
        self.out.append(tag)
        index = len(self.stack)
        self.stack.append(name)
        self.where.setdefault(name, []).append(index)
        if name in _BARRIERS:
            self.barriers.append(index)
        if name == b"select":
            self.options.append(0)

    def pop_to(self, index: int) -> None:
        """Close every element from the top down to stack[index], with explicit end tags."""
        while len(self.stack) > index:
            name = self.stack.pop()
            self.where[name].pop()
            if self.barriers and self.barriers[-1] == len(self.stack):
                self.barriers.pop()
            if name == b"select":
                self.options.pop()
            self.out.append(b"</" + name + b">")

    def open_index(self, name: bytes) -> int:
        """Stack index of the innermost open `name` not behind a barrier, or -1."""
        indices = self.where.get(name)
        if not indices:
            return -1
        index = indices[-1]
        if self.barriers and self.barriers[-1] > index:
            return -1
        return index

    def close_open(self, *names: bytes) -> None:
        index = max(map(self.open_index, names))
        if index >= 0:
            self.pop_to(index)

    # -- tags ---------------------------------------------------------------------------------

    def start_tag(self, name: bytes, lt: int, end: int) -> int:
        """Handle the start tag content[lt:end]; returns where scanning resumes."""
        if len(self.stack) >= MAX_DEPTH and name not in _SPECIAL:
            self.dropped[name] = self.dropped.get(name, 0) + 1
            self.out.append(b" ")
            return end
        if name in _SPECIAL:
            if name in _DROPPED_RAW or name in _TEXT_RAW:
                return self.raw(name, lt, end)
            if name == b"plaintext":
                self.out.append(b" " + _escape(self.content[end:]))
                return len(self.content)
            if name in _IGNORED:
                self.out.append(b" ")
                return end
            if name == b"image":
                name = b"img"
            self.implied_closes(name)
            if name in _VOID:
                # The end tag closes it where the parser disagrees (<input> inside <svg> is an
                # ordinary element there); elsewhere the parser ignores it. </br> is a <br>.
                self.out.append(b"<br>" if name == b"br" else b"<" + name + b"></" + name + b">")
                return end
            if name in (b"option", b"optgroup") and self.options:
                self.options[-1] += 1
                if self.options[-1] > MAX_OPTIONS:
                    return self.drop(name, end)
            elif name == b"form" and self.where.get(b"form"):
                return self.drop(name, end)  # a nested form is ignored by the parser too
        elif name in _CLOSES_P and self.where.get(b"p"):
            self.close_open(b"p")
        if len(self.stack) >= MAX_DEPTH:
            return self.drop(name, end)
        extra = b""
        if self.cfemail and b"data-cfemail" in self.content[lt:end].lower():
            found = _CFEMAIL.search(self.content, lt, end)
            if found:
                extra = b' data-cfemail="' + found.group(1) + b'"'
        self.push(name, b"<" + name + extra + b">")
        if self.content[end - 2 : end] == b"/>":
            self.pop_to(len(self.stack) - 1)  # honoured for every element: the output agrees
        return end

    def drop(self, name: bytes, end: int) -> int:
        self.dropped[name] = self.dropped.get(name, 0) + 1
        self.out.append(b" ")
        return end

    def implied_closes(self, name: bytes) -> None:
        """The end tags the parser would imply before this start tag (the common cases)."""
        if name in _CLOSES_P and self.where.get(b"p"):
            self.close_open(b"p")
        if name == b"li":
            self.close_open(b"li")
        elif name in (b"dd", b"dt"):
            self.close_open(b"dd", b"dt")
        elif name in _HEADINGS and self.stack and self.stack[-1] in _HEADINGS:
            self.pop_to(len(self.stack) - 1)
        elif name == b"option" or name == b"optgroup":
            if self.stack and self.stack[-1] == b"option":
                self.pop_to(len(self.stack) - 1)
            if name == b"optgroup" and self.stack and self.stack[-1] == b"optgroup":
                self.pop_to(len(self.stack) - 1)
        elif name in (b"a", b"nobr", b"button", b"select"):
            self.close_open(name)
        elif name in (b"td", b"th", b"tr") or name in _TABLE_SECTIONS or name == b"table":
            self.table_closes(name)

    def table_closes(self, name: bytes) -> None:
        tables = self.where.get(b"table")
        if not tables:
            return
        table = tables[-1]
        above = self.stack[table + 1 :] if len(self.stack) - table <= 8 else None
        if name in (b"td", b"th"):
            cells = [i for n in (b"td", b"th") for i in self.where.get(n, ())[-1:] if i > table]
            if cells:
                self.pop_to(max(cells))
        elif name == b"tr":
            parts = [i for n in (b"td", b"th", b"tr") for i in self.where.get(n, ())[-1:]]
            inside = [i for i in parts if i > table]
            if inside:
                self.pop_to(min(inside))
        elif name in _TABLE_SECTIONS:
            self.pop_to(table + 1)
        elif above is not None and not any(n in (b"td", b"th", b"caption") for n in above):
            self.pop_to(table)  # a table directly in a table closes the first one

    def end_tag(self, name: bytes) -> None:
        if name in _IGNORED:
            self.out.append(b" ")
            return
        if name == b"br":
            self.out.append(b"<br>")
            return
        if self.dropped.get(name):
            self.dropped[name] -= 1
            self.out.append(b" ")
            return
        indices = self.where.get(name)
        if indices:
            index = indices[-1]
            if name in _BARRIERS or not self.barriers or self.barriers[-1] <= index:
                self.pop_to(index)
                return
        self.out.append(b" ")

    def raw(self, name: bytes, lt: int, end: int) -> int:
        """Script, style and the raw-text elements: find the end, emit what the page shows."""
        finder = self.finders.get(name)
        if finder is None:
            pattern = re.compile(b"</" + re.escape(name) + rb"[\t\n\f\r />]", re.IGNORECASE)
            finder = self.finders[name] = _Finder(pattern, self.content)
        found = finder.search(end)
        body_end = found.start() if found else len(self.content)
        resume = len(self.content)
        if found:
            close = _TAG.match(self.content, body_end + 1)
            resume = close.end() if close else len(self.content)
        body = self.content[end:body_end]
        if name in _TEXT_RAW:
            self.out.append(b" " + _escape(body) + b" ")
        elif name == b"script":
            kind = _TYPE.search(self.content, lt, end)
            if kind and b"json" in kind.group(1).lower():
                script_type = b' type="' + kind.group(1) + b'"'
                self.out.append(b"<script" + script_type + b">")
                self.out.append(body.replace(b"<", b"\\u003c") + b"</script>")
            else:
                self.out.append(b" ")
        else:
            self.out.append(b" ")
        return resume


def bound_tree(content: bytes) -> bytes:
    """`content` rewritten so the parser's work is linear in its size (see the module doc)."""
    rewriter = _Rewriter(content)
    out = rewriter.out
    append = out.append
    start_tag = rewriter.start_tag
    end_tag = rewriter.end_tag
    comment_ends = (_Finder(re.compile(rb"-->"), content), _Finder(re.compile(rb"--!>"), content))
    size = len(content)
    pos = 0
    while pos < size:
        resume = -1
        for found in _NEXT.finditer(content, pos):
            lt, end = found.span()
            if lt > pos:
                append(content[pos:lt])
            slash, name, closed = found.group(1, 2, 3)
            if name is None:
                resume = _other(rewriter, content, found, comment_ends)
            elif not closed:  # no ">" before the end: the parser would drop the rest
                append(b" " + _escape(content[lt:]))
                resume = size
            elif slash:
                end_tag(name.lower())
            else:
                resume = start_tag(name.lower(), lt, end)
            if resume != -1 and resume != end:
                pos = resume
                break  # a jump past raw text or a comment: scan on from there
            pos = end
            resume = -1
        else:
            append(content[pos:])
            break
    return b"".join(out)


def _other(
    rewriter: _Rewriter, content: bytes, found: re.Match[bytes], ends: tuple[_Finder, _Finder]
) -> int:
    """Comments, CDATA and bogus markup; returns where scanning resumes."""
    out = rewriter.out
    size = len(content)
    lt = found.start()
    out.append(b" ")
    if found.group(4):
        # Ends at "-->" (even "<!-->") or "--!>"; unterminated, it runs to the end.
        stops = [ends[0].search(lt + 2), ends[1].search(lt + 4)]
        return min((stop.end() for stop in stops if stop), default=size)
    if found.group(5):
        end = content.find(b"]]>", lt + 9)
        out.append(_escape(content[lt + 9 : end if end != -1 else size]) + b" ")
        return end + 3 if end != -1 else size
    if found.group(6):
        return found.end()  # "</>" is ignored
    end = content.find(b">", lt + 2)
    if end != -1:
        return end + 1
    if found.group(7) == b"/":
        out.append(b"&lt;/")  # "</" then no ">": text, as for the parser
        return lt + 2
    return size
