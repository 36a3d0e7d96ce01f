"""The kit's command line: ``kit SUBCOMMAND …`` or ``python -m kit SUBCOMMAND …``.

Layer: top (figures/cli).  Each subcommand reads a corpus, runs one analysis
of the kit and writes its table as CSV (default) or JSON to a file or to
standard output, so that the kit can be scripted without Jupyter.

Exit codes scripts can rely on:

- 0: done;
- 1: the input could not be processed (a missing file, an empty corpus, a
  malformed lexicon …); the reason is printed on one line;
- 2: the command line itself is wrong (unknown option, missing argument);
- 130: interrupted.

Errors are printed as one line, ``kit: error: …``; ``--traceback`` shows the
full Python traceback instead, for bug reports.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kit.atomic import write_text_atomic

if TYPE_CHECKING:  # imported by the subcommands, inside main's handling of Ctrl-C
    import pandas as pd

class CommandError(Exception):
    """A problem with what the user asked for, reported in one line."""


# --- shared pieces -------------------------------------------------------------


def _load_corpus(spec: str, args, *, reference: bool = False) -> "object":
    """A Corpus from a path (file or folder) or a reference corpus's name, opened
    as a notebook opens it (:func:`kit.io.open_corpus`).

    A relative path is looked up from the current folder first, as a shell
    user means it, then from the kit's project folder.  The table and page
    options describe the files of the corpus analysed; a bundled corpus named
    by ``--reference`` (``reference=True``) is read without them.  Files that
    could not be read are listed on standard error.
    """
    from kit.io import open_corpus
    from kit.io.reference import REFERENCE_CORPORA

    here = Path(spec).expanduser()
    if spec not in REFERENCE_CORPORA and here.exists():
        # open_corpus tries the project folder first (where notebooks run);
        # from a shell, ./data must not be taken for the kit's own data/
        spec = str(here.resolve())
    options = {"to_simplified": args.to_simplified, "strict": args.strict,
               "errors": "replace" if args.replace_invalid else None}
    if not (reference and spec in REFERENCE_CORPORA):
        options |= {"text_column": args.text_column, "title_column": args.title_column, "id_column": args.id_column,
                    "date_column": args.date_column, "pages": args.pages}
    if getattr(args, "lazy", False) and Path(spec).exists():
        from kit.io import read_corpus

        options = {k: v for k, v in options.items() if v is not None and k != "errors"}
        return read_corpus(spec, lazy=True, errors="replace" if args.replace_invalid else "strict", **options)
    corpus = open_corpus(spec, **options)
    for skipped in corpus.skipped:
        where = f"{skipped.source}:{skipped.line}" if skipped.line else skipped.source
        print(f"kit: skipped {where}: {skipped.reason}", file=sys.stderr)
    return corpus


def _load_lexicon(paths):
    from kit.lexicon import load_lexicon

    if not paths:
        return load_lexicon()
    for path in paths:
        if not Path(path).is_file():
            raise CommandError(f"{path}: no such lexicon file")
    return load_lexicon(paths if len(paths) > 1 else paths[0])


def _write_table(table: pd.DataFrame, args) -> None:
    if args.format == "json":
        text = table.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    else:
        text = table.to_csv(index=False, lineterminator="\n")
    if args.output in (None, "-"):
        sys.stdout.write(text)
    else:
        write_text_atomic(args.output, text)
        print(f"kit: wrote {len(table)} rows to {args.output}", file=sys.stderr)


def _add_output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", help="write the table to this file (default: standard output)")
    parser.add_argument("-f", "--format", choices=("csv", "json"), default="csv", help="table format (default: csv)")


def _add_corpus_options(parser: argparse.ArgumentParser, name: str = "corpus") -> None:
    parser.add_argument(
        name,
        help="a folder of .txt/.md files, a .csv/.tsv/.jsonl table, a page dump, or 'peoples_daily_1998'",
    )
    parser.add_argument("--text-column", help="tables: the column that holds the text (default: text)")
    parser.add_argument("--title-column", help="tables: the headline column (default: title, if present)")
    parser.add_argument("--id-column", help="tables: the document id column (default: doc_id, if present)")
    parser.add_argument("--date-column", help="tables: the date column (default: date, if present)")
    parser.add_argument("--to-simplified", action="store_true",
                        help="convert Traditional characters to Simplified on reading")
    pages = parser.add_mutually_exclusive_group()
    pages.add_argument("--pages", dest="pages", action="store_true", default=None,
                       help="read .txt/.md files as newspaper page dumps")
    pages.add_argument("--no-pages", dest="pages", action="store_false",
                       help="read every .txt/.md file as one article (default: page dumps are detected)")
    parser.add_argument("--replace-invalid", action="store_true",
                        help="read a file with a few invalid bytes, replacing them (and reporting where), instead of skipping it")
    parser.add_argument("--strict", action="store_true", help="stop at the first file that cannot be read, instead of skipping it")


def _add_lazy_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lazy", action="store_true",
                        help="read the corpus partition by partition, never whole (corpora larger than memory; "
                             "see docs/scale.md)")


def _add_fields_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fields", default="text", type=_fields,
                        help="what is read: text (default), title,text (headlines too) or title")


def _fields(value: str) -> tuple:
    from kit.corpus import check_fields

    try:
        return check_fields([f.strip() for f in value.split(",") if f.strip()])
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_lexicon_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-l", "--lexicon", action="append", metavar="FILE",
        help="a lexicon YAML file; repeat to merge several (default: the bundled lexicon)",
    )


# --- subcommands ---------------------------------------------------------------


def cmd_read(args) -> pd.DataFrame:
    """Documents, characters and sentences of a corpus, overall or per group."""
    corpus = _load_corpus(args.corpus, args)
    if args.documents:
        columns = [c for c in corpus.docs.columns if c != "text"]
        return corpus.docs[columns]
    return corpus.summary(by=args.by)


def cmd_count(args) -> pd.DataFrame:
    """Frequency and dispersion of every lexicon entry."""
    from kit.analysis import count

    corpus = _load_corpus(args.corpus, args)
    table = count(corpus, _load_lexicon(args.lexicon), by=args.by, overlap=args.overlap, fields=args.fields,
                  scheduler=args.scheduler)
    if args.nonzero:
        table = table[table["frequency"] > 0]
    return table


def cmd_kwic(args) -> pd.DataFrame:
    """Keyword in context."""
    from kit.analysis import kwic

    if args.entry and args.regex:
        raise CommandError("--entry and --regex exclude each other: the pattern is a lexicon entry or a regular expression")
    corpus = _load_corpus(args.corpus, args)
    # The lexicon is consulted only when the pattern is an entry (its variants count too).
    lexicon = _load_lexicon(args.lexicon) if args.entry else None
    table = kwic(corpus, args.pattern, window=args.window, sort=args.sort, lexicon=lexicon, regex=args.regex,
                 fields=args.fields)
    import pandas as pd

    return pd.DataFrame(table)


def cmd_cooccurrence(args) -> pd.DataFrame:
    """Pairs of lexicon entries that share a unit, with association scores."""
    from kit.analysis import cooccurrence

    corpus = _load_corpus(args.corpus, args).with_fields(args.fields)
    tokens = None
    if args.unit == "window":
        from kit.tokenization import tokenize

        tokens = tokenize(corpus, _load_lexicon(args.lexicon), scheduler=args.scheduler)
    table = cooccurrence(corpus, _load_lexicon(args.lexicon), unit=args.unit, window=args.window, tokens=tokens,
                         min_count=args.min_count, scheduler=args.scheduler)
    table = table[table["joint"] >= args.min_joint]
    return table.sort_values([args.sort, "joint"], ascending=False, kind="mergesort")


def cmd_collocates(args) -> pd.DataFrame:
    """The tokens around a node word or entry, scored."""
    from kit.analysis import collocates

    corpus = _load_corpus(args.corpus, args)
    return collocates(corpus, args.node, window=args.window, lexicon=_load_lexicon(args.lexicon),
                      min_freq=args.min_freq, min_joint=args.min_joint, measure=args.measure,
                      remove_stopwords=args.remove_stopwords)


def cmd_keyness(args) -> pd.DataFrame:
    """Keywords of a target against a reference, or of one group against the others."""
    from kit.analysis import keyness

    target = _load_corpus(args.corpus, args)
    lexicon = _load_lexicon(args.lexicon)
    options = dict(lexicon=lexicon, unit=args.unit, min_freq=args.min_freq, min_range=args.min_range,
                   max_p=args.max_p, direction=args.direction, sort=args.sort, fields=args.fields,
                   scheduler=args.scheduler)
    if args.by:
        if not args.group:
            raise CommandError("--by needs --group: the group to compare with the rest")
        return keyness(target, by=args.by, group=args.group, **options)
    if not args.reference:
        raise CommandError("give a reference corpus (--reference PATH or peoples_daily_1998), or --by COLUMN --group VALUE")
    return keyness(target, _load_corpus(args.reference, args, reference=True), **options)


def cmd_discover(args) -> pd.DataFrame:
    """Candidate formulas that the lexicon does not list yet."""
    from kit.analysis import discover

    corpus = _load_corpus(args.corpus, args)
    reference = _load_corpus(args.reference, args, reference=True) if args.reference else None
    table = discover(corpus, reference=reference, lexicon=_load_lexicon(args.lexicon), kinds=args.kinds,
                     min_frequency=args.min_frequency, fields=args.fields, scheduler=args.scheduler)
    if args.new_only:
        table = table[~table["in_lexicon"]]
    return table


def cmd_figures(args) -> pd.DataFrame:
    """Run the notebooks headless, as `make figures` does (on another corpus with --corpus)."""
    from kit.notebooks import corpus_parameters, project_notebooks, run_notebooks
    from kit.paths import project_root

    notebooks = args.notebooks or project_notebooks()
    if not notebooks:
        raise CommandError("no notebooks found: run from the kit's folder or name the notebooks")
    parameters = corpus_parameters(
        args.corpus, args.lexicon[0] if args.lexicon else None, args.figures_output or args.figures_dir,
        label=args.label, text_column=args.text_column, title_column=args.title_column,
        id_column=args.id_column, date_column=args.date_column, group_by=args.group_by,
        to_simplified=bool(args.to_simplified))
    return run_notebooks(notebooks, parameters=parameters, timeout=args.timeout, jobs=args.jobs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the command line."""
    parser = argparse.ArgumentParser(
        prog="kit",
        description="Read, count and compare the language of Chinese news and political discourse.",
        epilog="Run 'kit SUBCOMMAND --help' for a subcommand's options.",
    )
    parser.add_argument("--traceback", action="store_true", help="show the full traceback of an error")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run count, cooccurrence, keyness and discover (and their tokenising) on this Dask scheduler, "
                             "e.g. tcp://10.0.0.5:8786 (default: $KIT_SCHEDULER; see docs/scale.md)")
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND", required=True)

    read = commands.add_parser("read", help="summarise a corpus (documents, characters, sentences)")
    _add_corpus_options(read)
    read.add_argument("--by", help="a metadata column to group by (e.g. genre)")
    read.add_argument("--documents", action="store_true", help="list the documents and their metadata instead")
    _add_output_options(read)
    read.set_defaults(run=cmd_read)

    count = commands.add_parser("count", help="count lexicon entries (frequency, per 10,000 characters, dispersion)")
    _add_corpus_options(count)
    _add_lazy_option(count)
    _add_lexicon_option(count)
    count.add_argument("--by", help="a metadata column to count per group")
    count.add_argument("--overlap", choices=("inclusive", "leftmost-longest", "all"), default="inclusive",
                       help="the rule of the frequency column, as kit.count's (default: inclusive, nested "
                            "occurrences included); frequency_longest is always leftmost-longest")
    count.add_argument("--nonzero", action="store_true", help="leave out entries that do not occur")
    _add_fields_option(count)
    _add_output_options(count)
    count.set_defaults(run=cmd_count)

    kwic = commands.add_parser("kwic", help="a keyword-in-context concordance")
    _add_corpus_options(kwic)
    kwic.add_argument("pattern", help="a phrase, a lexicon entry (with --entry) or a regular expression (with --regex)")
    kwic.add_argument("-w", "--window", type=int, default=10, help="characters of context on each side (default: 10)")
    kwic.add_argument("--sort", help="sort by context, e.g. 1L, 2R (AntConc style)")
    kwic.add_argument("--regex", action="store_true", help="the pattern is a regular expression")
    kwic.add_argument("--entry", action="store_true", help="the pattern is a lexicon entry: match its variants too")
    _add_lexicon_option(kwic)
    _add_fields_option(kwic)
    _add_output_options(kwic)
    kwic.set_defaults(run=cmd_kwic)

    cooc = commands.add_parser("cooccurrence", help="pairs of lexicon entries sharing a sentence, paragraph, document or window")
    _add_corpus_options(cooc)
    _add_lazy_option(cooc)
    _add_lexicon_option(cooc)
    cooc.add_argument("--unit", choices=("sentence", "paragraph", "document", "window"), default="sentence",
                      help="what counts as occurring together (default: sentence)")
    cooc.add_argument("--window", type=int, help="with --unit window: at most this many tokens apart")
    cooc.add_argument("--min-count", type=int, default=1, help="leave out entries found in fewer units")
    cooc.add_argument("--min-joint", type=int, default=1, help="leave out pairs sharing fewer units")
    cooc.add_argument("--sort", default="log_dice", help="a score column to sort by (default: log_dice)")
    _add_fields_option(cooc)
    _add_output_options(cooc)
    cooc.set_defaults(run=cmd_cooccurrence)

    coll = commands.add_parser("collocates", help="the tokens around a node word or entry, scored")
    _add_corpus_options(coll)
    coll.add_argument("node", help="the node: a word or a lexicon entry")
    _add_lexicon_option(coll)
    coll.add_argument("-w", "--window", type=int, default=5, help="tokens on each side (default: 5)")
    coll.add_argument("--min-freq", type=int, default=3, help="minimum corpus frequency of a collocate (default: 3)")
    coll.add_argument("--min-joint", type=int, default=2, help="minimum co-occurrences with the node (default: 2)")
    coll.add_argument("--measure", default="log_dice", help="the score to sort by (default: log_dice)")
    coll.add_argument("--remove-stopwords", action="store_true", help="leave stopwords out of the windows")
    _add_output_options(coll)
    coll.set_defaults(run=cmd_collocates)

    key = commands.add_parser("keyness", help="keywords of a corpus against a reference, or of one group against the rest")
    _add_corpus_options(key)
    _add_lazy_option(key)
    key.add_argument("--reference", help="the reference corpus: a path or 'peoples_daily_1998'")
    key.add_argument("--by", help="compare groups of one corpus by this metadata column")
    key.add_argument("--group", help="with --by: the group to compare with the rest")
    _add_lexicon_option(key)
    key.add_argument("--unit", choices=("token", "entry", "both"), default="token",
                     help="compare tokens, lexicon entries, or both (default: token)")
    key.add_argument("--min-freq", type=int, default=3, help="minimum frequency (default: 3)")
    key.add_argument("--min-range", type=int, default=2,
                     help="minimum number of documents of the item's own side (default: 2; a side of one document asks for 1)")
    key.add_argument("--max-p", type=float, help="keep items with an adjusted p at most this")
    key.add_argument("--direction", choices=("both", "positive", "negative"), default="both")
    key.add_argument("--sort", choices=("log_ratio", "g2"), default="log_ratio")
    _add_fields_option(key)
    _add_output_options(key)
    key.set_defaults(run=cmd_keyness)

    disc = commands.add_parser("discover", help="candidate formulas the lexicon does not list yet")
    _add_corpus_options(disc)
    disc.add_argument("--reference", help="rank by novelty against this corpus (a path or 'peoples_daily_1998')")
    _add_lexicon_option(disc)
    disc.add_argument("--kinds", nargs="+", choices=("quoted", "numbered", "template", "cohesive"),
                      help="kinds of candidate (default: all)")
    disc.add_argument("--min-frequency", type=int, default=2, help="minimum frequency of a candidate (default: 2)")
    disc.add_argument("--new-only", action="store_true", help="leave out candidates already in the lexicon")
    _add_lazy_option(disc)
    _add_fields_option(disc)
    _add_output_options(disc)
    disc.set_defaults(run=cmd_discover)

    figures = commands.add_parser("figures", help="run the notebooks headless, writing figures/")
    figures.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb and notebooks/teacher/*.ipynb)")
    from kit.notebooks import add_corpus_options, add_jobs_option

    add_corpus_options(figures)
    _add_lexicon_option(figures)
    figures.add_argument("--figures-dir", help=argparse.SUPPRESS)  # the older name of --output
    figures.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    add_jobs_option(figures)
    figures.add_argument("-f", "--format", choices=("csv", "json"), default="csv",
                         help="format of the table of notebooks run (default: csv)")
    figures.set_defaults(run=cmd_figures, output=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    try:
        return _main(argv)
    except KeyboardInterrupt:  # also while a subcommand imports its libraries
        print("kit: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        table = args.run(args)
        _write_table(table, args)
    except KeyboardInterrupt:
        print("kit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kit count … | head`: the reader left; not an error
        return 0
    except Exception as error:  # one line for any failure; --traceback for the rest
        if args.traceback:
            raise
        message = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if isinstance(error, KeyError):
            message = message.strip("'\"")
        print(f"kit: error: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
