"""List the files of a corpus folder: every file read once, every problem named.

Layer: io.  Symbolic links are followed (a researcher who links a shared
folder into a corpus means it to be read); a link that points nowhere, a
link that loops back to a folder already being read, a second path to a
file already listed, and a path the system cannot handle (longer than its
limit, unreadable) are not read and are reported, so the caller can list
them among the skipped inputs.
"""
from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Listing:
    """The files of a folder, and what could not be listed.

    Attributes
    ----------
    files : list of pathlib.Path
        Regular files, in sorted order of their path as found (links kept as
        the path under the folder, not their target).
    problems : list of (pathlib.Path, str)
        Paths not read, with the reason.
    """

    files: list[Path]
    problems: list[tuple[Path, str]]


def list_files(root: str | os.PathLike) -> Listing:
    """Every regular file under ``root``, following links, each real file once.

    Parameters
    ----------
    root : path-like
        A folder.

    Returns
    -------
    Listing

    Examples
    --------
    >>> listing = list_files("data/raw")
    >>> [p.name for p in listing.files]
    ['lvliang-daily-2026-01-page.md']
    """
    root = Path(root)
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    seen_files: dict[tuple[int, int], Path] = {}

    def visit(folder: Path, ancestors: frozenset) -> None:
        nonlocal found
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            problems.append((folder, f"folder cannot be read: {error.strerror or error}"))
            return
        for entry in entries:
            path = folder / entry.name
            try:
                info = path.stat()  # follows links
            except FileNotFoundError:
                problems.append((path, "broken link: its target does not exist")
                                if entry.is_symlink() else (path, "vanished while the folder was read"))
                continue
            except OSError as error:
                reason = ("link loop" if error.errno == errno.ELOOP else
                          "path too long for the file system" if error.errno == errno.ENAMETOOLONG else
                          f"cannot be read: {error.strerror or error}")
                problems.append((path, reason))
                continue
            key = (info.st_dev, info.st_ino)
            if entry.is_dir(follow_symlinks=True):
                if key in ancestors:
                    problems.append((path, "link loop: it leads back to a folder above it"))
                    continue
                visit(path, ancestors | {key})
            elif entry.is_file(follow_symlinks=True):
                found.append((path, key, entry.is_symlink()))
            else:
                problems.append((path, "not a regular file (a device, socket or pipe)"))

    found: list[tuple[Path, tuple, bool]] = []
    root_info = root.stat()
    visit(root, frozenset({(root_info.st_dev, root_info.st_ino)}))
    # A file reached by several paths is read once, by a path that is no link
    # when there is one (the file itself rather than a shortcut to it).
    found.sort(key=lambda item: (item[2], item[0].relative_to(root).as_posix()))
    for path, key, _ in found:
        if key in seen_files:
            problems.append((path, f"the same file as {seen_files[key]} (read once)"))
            continue
        seen_files[key] = path
        files.append(path)
    files.sort(key=lambda p: p.relative_to(root).as_posix())
    problems.sort(key=lambda item: item[0].relative_to(root).as_posix())
    return Listing(files, problems)
