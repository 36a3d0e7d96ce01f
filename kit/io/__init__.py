"""Reading corpora: page dumps, folders, tables, reference corpora; encodings."""
from kit.io.encoding import DecodedText, InvalidBytesError, NotTextError, UnknownEncodingError, decode_bytes, read_text
from kit.io.files import CorpusReadError, read_corpus
from kit.io.open import corpus_files, corpus_folder_name, corpus_label, open_corpus, resolve_corpus_path, sample_page_path
from kit.io.page import parse_page, read_page
from kit.io.reference import gold_segmentation, gold_tokens, reference_corpus

__all__ = [
    "CorpusReadError",
    "DecodedText",
    "InvalidBytesError",
    "NotTextError",
    "UnknownEncodingError",
    "corpus_files",
    "corpus_folder_name",
    "corpus_label",
    "resolve_corpus_path",
    "decode_bytes",
    "open_corpus",
    "sample_page_path",
    "gold_segmentation",
    "gold_tokens",
    "parse_page",
    "read_corpus",
    "read_page",
    "read_text",
    "reference_corpus",
]
