"""Text utilities that need no files: normalisation, sentences, paragraphs."""
from kit.text.normalize import normalization_settings, normalize, to_simplified_chinese
from kit.text.sentences import count_sentences, iter_sentence_spans, split_paragraphs, split_sentences

__all__ = [
    "count_sentences",
    "iter_sentence_spans",
    "normalization_settings",
    "normalize",
    "split_paragraphs",
    "split_sentences",
    "to_simplified_chinese",
]
