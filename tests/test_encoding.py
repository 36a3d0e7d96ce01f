import codecs

import pytest

from kit.io.encoding import NotTextError, UnknownEncodingError, decode_bytes, read_text

SIMPLIFIED = "出生于1989年的闫强，2011年加入警队，成为市公安局交通管理支队机动大队的一名辅警。“没事儿，早就习惯了。”"
TRADITIONAL = "出生於1989年的閆強，2011年加入警隊，成為市公安局交通管理支隊機動大隊的一名輔警。「沒事兒，早就習慣了。」"


@pytest.mark.parametrize(
    "data, encoding, text",
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8", SIMPLIFIED),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig", SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), "utf-16", SIMPLIFIED),
        (SIMPLIFIED.encode("gb18030"), "gb18030", SIMPLIFIED),
        (SIMPLIFIED.encode("gbk"), "gb18030", SIMPLIFIED),
        (TRADITIONAL.encode("big5"), "big5", TRADITIONAL),
        (TRADITIONAL.encode("gb18030"), "gb18030", TRADITIONAL),
    ],
)
def test_detects_and_decodes(data, encoding, text):
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.text == text


def test_big5_is_not_mis_decoded_as_gb18030():
    data = TRADITIONAL.encode("big5")
    assert data.decode("gb18030") != TRADITIONAL  # GB18030 would decode it, wrongly
    assert decode_bytes(data).text == TRADITIONAL


def test_short_big5_words():
    for word in ("久久為功", "臺灣", "我們的"):
        assert decode_bytes(word.encode("big5")).text == word


def test_line_ends():
    assert decode_bytes("一\r\n二\r\n".encode()).text == "一\n二\n"
    assert decode_bytes("一\r\n二\r\n".encode()).newline == "CRLF"
    assert decode_bytes("一\r二\r".encode("gb18030")).text == "一\n二\n"
    assert decode_bytes("一\r二\r".encode("gb18030")).newline == "CR"
    assert decode_bytes("一\n二\r\n".encode()).newline == "mixed"


def test_binary_is_refused():
    with pytest.raises(NotTextError, match="x.bin: binary"):
        decode_bytes(b"PK\x03\x04\x00\x00binary", where="x.bin")


def test_unknown_encoding_is_refused_with_advice():
    data = "こんにちは、世界の皆さん。今日はいい天気ですね。".encode("shift_jis")
    with pytest.raises(UnknownEncodingError, match="j.txt: .*convert it to UTF-8"):
        decode_bytes(data, where="j.txt")
    with pytest.raises(UnknownEncodingError, match="not UTF-8, GB18030/GBK or Big5"):
        decode_bytes("café olé".encode("latin-1") + b"\xff")


def test_given_encoding_is_strict():
    assert decode_bytes(TRADITIONAL.encode("big5"), encoding="big5").text == TRADITIONAL
    with pytest.raises(UnknownEncodingError, match="cannot be decoded as utf-8 \\(byte 0"):
        decode_bytes(SIMPLIFIED.encode("gb18030"), encoding="utf-8")
    with pytest.raises(UnknownEncodingError, match="unknown codec"):
        decode_bytes(b"abc", encoding="no-such-codec")


def test_read_text_size_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(SIMPLIFIED.encode("big5", errors="ignore") or b"x")
    with pytest.raises(ValueError, match="more than the limit"):
        read_text(path, max_bytes=10)


# -- one bad byte in a UTF-8 file ----------------------------------------------------
def utf8_with_bad_byte(at_line: int = 3):
    lines = [SIMPLIFIED] * 5
    data = "\n".join(lines).encode("utf-8")
    offset = sum(len(line.encode("utf-8")) + 1 for line in lines[: at_line - 1]) + 6  # after two characters
    return data[:offset] + b"\xff" + data[offset:], offset


def test_one_invalid_byte_in_utf8_is_named_by_offset_and_line():
    data, offset = utf8_with_bad_byte(at_line=3)
    with pytest.raises(UnknownEncodingError) as caught:  # InvalidBytesError is one
        decode_bytes(data, where="a.txt")
    message = str(caught.value)
    assert message.startswith(f"a.txt: UTF-8 text with 1 invalid byte, the first at byte {offset} (line 3: ff)")
    assert "errors='replace'" in message
    assert "convert it to UTF-8" not in message  # it is UTF-8
    assert [(r.offset, r.data, r.line) for r in caught.value.replaced] == [(offset, b"\xff", 3)]


def test_lenient_decoding_replaces_and_reports_every_invalid_byte(tmp_path):
    data, offset = utf8_with_bad_byte(at_line=3)
    data = data + b"\n\xc3\x28" + SIMPLIFIED.encode("utf-8")  # a truncated sequence on line 6
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    decoded = read_text(path, errors="replace")
    assert decoded.encoding == "utf-8"
    assert decoded.text.count("\ufffd") == 2
    # nothing else is lost: every valid character is there
    assert decoded.text.replace("\ufffd", "") == data.decode("utf-8", errors="ignore")
    truncated = data.index(b"\xc3\x28")
    assert [(r.offset, r.line) for r in decoded.replaced] == [(offset, 3), (truncated, 6)]
    assert decoded.replacement_report() == (
        f"2 invalid bytes replaced by U+FFFD: byte {offset} (line 3), byte {truncated} (line 6)")
    assert decode_bytes(SIMPLIFIED.encode("utf-8"), errors="replace").replaced == ()


def test_lenient_decoding_with_a_given_encoding():
    data = SIMPLIFIED.encode("gb18030") + b"\xff"
    decoded = decode_bytes(data, encoding="gb18030", errors="replace")
    assert decoded.text == SIMPLIFIED + "\ufffd"
    assert decoded.replaced[0].offset == len(data) - 1
    with pytest.raises(ValueError, match="errors must be one of"):
        decode_bytes(data, errors="ignore")


def test_gb18030_is_not_mistaken_for_utf8_with_bad_bytes():
    assert decode_bytes(SIMPLIFIED.encode("gb18030")).encoding == "gb18030"
    assert decode_bytes(SIMPLIFIED.encode("gb18030"), errors="replace").replaced == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, "plain ASCII text\n"])
def test_utf16_without_byte_order_mark_is_recognised(codec, text):
    decoded = decode_bytes(text.encode(codec), where="u.txt")
    assert (decoded.encoding, decoded.text) == (codec, text)


def test_binary_with_nul_bytes_is_still_refused_and_says_it_is_not_utf16():
    with pytest.raises(NotTextError, match="nor UTF-16 text without a byte-order mark"):
        decode_bytes(bytes(range(256)) * 4, where="x.bin")
