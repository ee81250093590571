"""The page set of a collection: build it, write it, and compare it with a folder."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..output import OutputPaths, safe_name, write_atomic
from .markdown import GENERATED_MARKER, index_page, request_page
from .source import DocsSource

__all__ = ["PageSet", "build_pages", "diff_pages", "write_pages"]

INDEX_NAME = "index"

# Top-level names that an MkDocs build of the pages must keep for itself.
# MkDocs 1.6 writes 404.html, sitemap.xml and sitemap.xml.gz, the Material
# theme its files under assets/ and the search plugin under search/, and
# MkDocs leaves templates/ out of the docs by default. A page named like
# one of them (404.html.md becomes 404.html/index.html) stops the build.
MKDOCS_RESERVED_NAMES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "assets", "search", "templates")


@dataclass
class PageSet:
    """Generated pages by path relative to the output folder, with the problems met on the way."""

    pages: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def build_pages(source: DocsSource) -> PageSet:
    """Render one page per request and one index page per folder, in memory.

    The same collection and settings always give the same paths and text,
    which is what lets `check` compare a folder with a fresh build.
    """
    collection = source.collection
    result = PageSet(problems=list(collection.problems))
    paths = OutputPaths()

    # Each folder's "index" name is taken before any item of that folder is
    # placed, so an item called "Index" gets "index_2.md" and cannot replace
    # the folder's index page.
    # The paths are made from the names with their secrets replaced, because
    # a page's path is its URL on the site.
    # NOTE: two sibling folders whose names differ only in a secret and its
    # placeholder share one path, so one index page replaces the other.
    def redact_name(name: str) -> str:
        redacted = source.redact_text(name)
        # A file name is lowercased and has runs of other characters
        # replaced, so "Key ABC 123" gives "key-abc-123", which can be a
        # secret that the name is not. A secret inside a placeholder's name
        # ("token" in <access_token>) is in the name already, so it is kept.
        name_in_path = safe_name(redacted)
        folded = redacted.lower()
        if any(name_in_path.count(value.lower()) > folded.count(value.lower()) for value in source.redact_text.values):
            return source.redact_text(name_in_path)
        return redacted

    def redact_names(folders: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(redact_name(name) for name in folders)

    folder_paths: dict[tuple[str, ...], str] = {(): ""}
    paths.item((), INDEX_NAME)
    for name in MKDOCS_RESERVED_NAMES:
        paths.reserve(name)
    for folders in collection.folders:
        if folders not in folder_paths:
            folder_paths[folders] = paths.folder(redact_names(folders))
            paths.item(redact_names(folders), INDEX_NAME)

    item_pages: list[tuple[tuple[str, ...], str, str, str]] = []  # folders, name, page path, method
    for item in collection.requests:
        for depth in range(1, len(item.folders) + 1):
            folder_paths.setdefault(item.folders[:depth], paths.folder(redact_names(item.folders[:depth])))
        page_path = paths.item(redact_names(item.folders), redact_name(item.name)) + ".md"
        rendered = source.render(item)
        result.problems.extend(rendered.problems)
        result.pages[page_path] = request_page(rendered, source.item_json(item), source.redact_text)
        item_pages.append((item.folders, item.name, page_path, item.method))

    for folders, folder_path in folder_paths.items():
        title = folders[-1] if folders else collection.name
        description = collection.folder_descriptions.get(folders, "") if folders else collection.description
        entries = _tree_entries(folders, folder_path, folder_paths, item_pages)
        index_path = f"{folder_path}/{INDEX_NAME}.md" if folder_path else f"{INDEX_NAME}.md"
        result.pages[index_path] = index_page(title, entries, description, source.redact_text)
    return result


def _tree_entries(
    root: tuple[str, ...],
    root_path: str,
    folder_paths: dict[tuple[str, ...], str],
    item_pages: list[tuple[tuple[str, ...], str, str, str]],
) -> list[tuple[int, str, str, str | None]]:
    """List the folders and requests below ``root``, depth first, subfolders before requests."""
    prefix = f"{root_path}/" if root_path else ""
    subfolders: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for folders in folder_paths:
        if folders:
            subfolders.setdefault(folders[:-1], []).append(folders)
    requests: dict[tuple[str, ...], list[tuple[str, str, str]]] = {}
    for folders, name, page_path, method in item_pages:
        requests.setdefault(folders, []).append((name, page_path, method))

    def children(folders: tuple[str, ...]):
        for child in subfolders.get(folders, []):
            yield child, None
        for request in requests.get(folders, []):
            yield None, request

    entries: list[tuple[int, str, str, str | None]] = []
    # A stack of iterators instead of recursion, so deep folder trees cannot
    # reach Python's recursion limit.
    stack = [children(root)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        depth = len(stack) - 1
        folder, request = child
        if folder is not None:
            link = folder_paths[folder][len(prefix) :] + f"/{INDEX_NAME}.md"
            entries.append((depth, folder[-1], link, None))
            stack.append(children(folder))
        else:
            name, page_path, method = request
            entries.append((depth, name, page_path[len(prefix) :], method))
    return entries


def write_pages(out_dir: Path, page_set: PageSet) -> list[str]:
    """Write every page atomically and delete generated pages that are no longer produced.

    Returns the relative paths of the deleted pages. Only Markdown files
    whose header has GENERATED_MARKER are ever deleted.
    """
    for relative, text in sorted(page_set.pages.items()):
        write_atomic(out_dir, relative, text)
    stale = sorted(set(_generated_files(out_dir)) - set(page_set.pages))
    for relative in stale:
        (out_dir / relative).unlink()
        _remove_empty_parents(out_dir, out_dir / relative)
    return stale


def diff_pages(out_dir: Path, page_set: PageSet) -> str:
    """Return a unified diff from the pages in ``out_dir`` to ``page_set``; empty when they match.

    A missing page shows as a diff from /dev/null, and a generated page that
    would no longer be produced as a diff to /dev/null.
    """
    chunks = []
    existing = set(_generated_files(out_dir))
    for relative in sorted(set(page_set.pages) | existing):
        expected = page_set.pages.get(relative)
        current = _read_text(out_dir / relative) if (out_dir / relative).is_file() else None
        if current == expected:
            continue
        chunks.extend(
            difflib.unified_diff(
                (current or "").splitlines(keepends=True),
                (expected or "").splitlines(keepends=True),
                fromfile=f"a/{relative}" if current is not None else "/dev/null",
                tofile=f"b/{relative}" if expected is not None else "/dev/null",
            )
        )
        if chunks and not chunks[-1].endswith("\n"):
            chunks[-1] += "\n"
    return "".join(chunks)


def _read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="replace")


def _generated_files(out_dir: Path):
    """Yield the relative paths of the Markdown files under ``out_dir`` that `docs` wrote."""
    if not out_dir.is_dir():
        return
    for directory, _, files in os.walk(out_dir):
        for name in files:
            if not name.endswith(".md"):
                continue
            path = Path(directory, name)
            if _is_generated(path):
                yield path.relative_to(out_dir).as_posix()


def _is_generated(path: Path) -> bool:
    """Return whether GENERATED_MARKER is a line of the page's header (the front matter has three lines)."""
    with open(path, "rb") as file:
        head = [file.readline().decode("utf-8", errors="replace").rstrip("\r\n") for _ in range(4)]
    return GENERATED_MARKER in head


def _remove_empty_parents(out_dir: Path, removed: Path) -> None:
    """Delete the folders above a deleted page that it leaves empty, up to ``out_dir``."""
    folder = removed.parent
    while folder != out_dir and out_dir in folder.parents and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
